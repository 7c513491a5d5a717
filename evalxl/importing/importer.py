"""The importer: the standard input workbook → an :class:`~evalxl.model.InputBook` and findings.

Cell-level problems (a blank required cell, a non-number where a number belongs) are found here,
each naming its cell; cross-record checks live in :mod:`evalxl.importing.checks`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from openpyxl.utils import get_column_letter

from evalxl import spec
from evalxl.findings import Finding, finding
from evalxl.model import Fund, Indicator, InputBook, Param, Places, Project, SheetColumns
from evalxl.reading.reader import BLANK, Cell, Table, constant_formula, read_workbook

_AMOUNT = re.compile(r"^([+-]?(?:\d+(?:,\d{3})*|\d*)(?:\.\d+)?)\s*(万元|元|万|分)?$")
_LEVEL1_SHORT = {"产出": "产出指标", "效益": "效益指标", "满意度": "满意度指标", "成本": "成本指标"}
_UNIT_FACTOR = {("元", "万元"): 1 / 10000, ("万元", "元"): 10000.0}


def import_workbook(path: Path) -> tuple[InputBook, list[Finding]]:
    """Read the standard input workbook at ``path``.

    Raises :class:`evalxl.reading.reader.UnreadableWorkbook` when the file is not a readable workbook.
    """
    read = read_workbook(path, spec.sheets())
    findings = list(read.findings)
    tables = read.tables
    params = tuple(_params(tables["参数"])) if "参数" in tables else ()
    money_unit = next((p.value for p in params if p.key == "金额单位" and p.value in ("万元", "元")), "万元")
    projects = _projects(tables["项目"], findings) if "项目" in tables else []
    funds = _funds(tables["资金"], money_unit, findings) if "资金" in tables else []
    indicators = _indicators(tables["指标"], findings) if "指标" in tables else []
    book = InputBook(tuple(projects), tuple(funds), tuple(indicators), params, path.name, tuple(tables))
    return book, findings


class _Row:
    """One row of a table, with helpers that read a cell as text or number and record findings."""

    def __init__(
        self, table: Table, columns: SheetColumns, row: int, cells: dict[str, Cell], out: list[Finding]
    ) -> None:
        self.table, self.columns, self.row, self.cells, self.out = table, columns, row, cells, out

    def place(self, column: str) -> str:
        """``Sheet!A1`` of ``column`` in this row."""
        return self.table.place(column, self.row)

    def places(self) -> Places:
        """The cells of this row, for the record made from it."""
        return Places(self.columns, self.row)

    def text(self, column: str, *, required: bool = False) -> str:
        """The cell as text; blank and ``required`` is a finding."""
        cell = self.cells.get(column, BLANK)
        value = cell.value.strip() if type(cell.value) is str else cell.text()
        if required and not value:
            self.out.append(finding("VALUE_REQUIRED", self.place(column), column=column))
        return value

    def value_text(self, column: str) -> str:
        """An indicator value as written: a constant formula (``=100%``) keeps its formula text."""
        cell = self.cells.get(column, Cell())
        if constant_formula(cell.formula):  # typed "=100%": the target =100%
            return cell.formula.replace(" ", "")
        return cell.text()

    def number(self, column: str, *, required: bool = False, unit: str = "") -> float | None:
        """The cell as a number ≥ 0 in ``unit`` (None when blank or wrong: then a finding)."""
        cell = self.cells.get(column, Cell())
        if cell.blank:
            if required:
                self.out.append(finding("VALUE_REQUIRED", self.place(column), column=column))
            return None
        value = _to_number(cell, unit)
        if value is None:
            self.out.append(finding("NOT_A_NUMBER", self.place(column), column=column, value=cell.text()))
        elif value < 0:
            self.out.append(finding("NEGATIVE_NUMBER", self.place(column), column=column, value=cell.text()))
            return None
        elif unit and isinstance(cell.value, str) and _written_unit(cell.value) not in ("", unit, "万"):
            shown = f"{value:g} {unit}"
            self.out.append(
                finding(
                    "AMOUNT_UNIT_CONVERTED", self.place(column), value=cell.text(), unit=unit, converted=shown
                )
            )
        return value


def _to_number(cell: Cell, unit: str) -> float | None:
    if isinstance(cell.value, bool) or not isinstance(cell.value, int | float | str):
        return None  # dates and times are not amounts
    if not isinstance(cell.value, str):
        number = float(cell.value)
        return number if number == number and abs(number) != float("inf") else None
    text = unicodedata.normalize("NFKC", cell.value).strip().replace(" ", "")
    match = _AMOUNT.match(text)
    if not match or not re.search(r"\d", match.group(1)):
        return None
    number = float(match.group(1).replace(",", ""))
    written = {"万": "万元"}.get(match.group(2) or "", match.group(2) or "")
    return number * _UNIT_FACTOR.get((written, unit), 1.0)


def _written_unit(text: str) -> str:
    match = _AMOUNT.match(unicodedata.normalize("NFKC", text).strip().replace(" ", ""))
    return (match.group(2) or "") if match else ""


def _rows(table: Table, name: str, out: list[Finding]) -> Iterable[_Row]:
    columns = SheetColumns(
        table.sheet,
        tuple((c.name, get_column_letter(table.columns.get(c.name, 1))) for c in spec.sheet(name).columns),
    )
    for row, cells in table.rows:
        yield _Row(table, columns, row, cells, out)


def _params(table: Table) -> Iterable[Param]:
    """Each 参数 row with a key; a blank value means the key is not given (its default holds)."""
    for row, cells in table.rows:
        key = re.sub(r"[\s\u3000]+", "", cells.get("参数", Cell()).text())
        value = cells.get("值", Cell()).text()
        if key and value:
            yield Param(key, value, table.place("参数", row), table.place("值", row))


def _projects(table: Table, out: list[Finding]) -> list[Project]:
    projects = []
    for r in _rows(table, "项目", out):
        name = r.text("项目名称", required=True)
        projects.append(
            Project(
                name=name,
                code=r.text("项目编码"),
                department=r.text("主管部门", required=True),
                unit=r.text("项目实施单位", required=True),
                leader=r.text("负责人"),
                phone=r.text("联系电话"),
                goal=r.text("年初设定目标"),
                achieved=r.text("全年实际完成情况"),
                remark=r.text("说明"),
                row=r.row,
                places=r.places(),
            )
        )
    return [p for p in projects if p.name]


def _funds(table: Table, money_unit: str, out: list[Finding]) -> list[Fund]:
    funds = []
    for r in _rows(table, "资金", out):
        name = r.text("项目名称", required=True)
        initial = r.number("年初预算数", unit=money_unit)
        budget = r.number("全年预算数", required=True, unit=money_unit)
        executed = r.number("全年执行数", required=True, unit=money_unit)
        if name and budget is not None and executed is not None:
            funds.append(
                Fund(
                    name,
                    r.text("资金使用单位"),
                    r.text("资金来源"),
                    initial,
                    budget,
                    executed,
                    r.row,
                    r.places(),
                )
            )
    return funds


def _indicators(table: Table, out: list[Finding]) -> list[Indicator]:
    indicators = []
    inherited = {"项目名称": "", "一级指标": "", "二级指标": ""}
    for r in _rows(table, "指标", out):
        own = {c: r.text(c) for c in inherited}
        if own["项目名称"] and own["项目名称"] != inherited["项目名称"]:
            inherited = {"项目名称": own["项目名称"], "一级指标": "", "二级指标": ""}
        if own["一级指标"] and own["一级指标"] != inherited["一级指标"]:
            inherited["二级指标"] = ""
        inherited.update({c: v for c, v in own.items() if v})
        for column, value in inherited.items():
            if not value:
                r.out.append(finding("VALUE_REQUIRED", r.place(column), column=column))
        indicator = _indicator(r, inherited)
        if indicator is not None and all(inherited.values()):
            indicators.append(indicator)
    return indicators


def _indicator(r: _Row, inherited: dict[str, str]) -> Indicator | None:
    level3, target, actual = r.text("三级指标"), r.value_text("年度指标值"), r.value_text("全年完成值")
    if target and not level3:
        r.out.append(finding("VALUE_REQUIRED", r.place("三级指标"), column="三级指标"))
    if level3 and not target:
        r.out.append(finding("VALUE_REQUIRED", r.place("年度指标值"), column="年度指标值"))
    if target and not actual:
        r.out.append(finding("ACTUAL_REQUIRED", r.place("全年完成值"), name=level3))
    level1 = _LEVEL1_SHORT.get(inherited["一级指标"], inherited["一级指标"])
    weight, self_score = r.number("分值"), r.number("自评得分")
    return Indicator(
        project=inherited["项目名称"],
        user_unit=r.text("资金使用单位"),
        level1=level1,
        level2=inherited["二级指标"],
        level3=level3,
        target=target,
        actual=actual,
        nature=r.text("指标性质").removesuffix("指标"),
        weight=weight,
        self_score=self_score,
        reason=r.text("未完成原因和改进措施"),
        row=r.row,
        places=r.places(),
    )
