"""The forms read → the standard input's four tables (项目, 资金, 指标, 参数) with an origin for
every cell, the figures the forms print, and the findings across forms (units, years, totals).

A table has exactly the shape :func:`evalxl.reading.table.data_table` gives a standard sheet: the
sheet's columns in the contract's order (1-based), header row 1, data rows 2, 3, …; its ``origin``
maps each (row, column) to the form's cell, or to the nearest meaningful cell for a value the form
has no cell of its own for (项目名称 on each row: the form's name cell; a column the form lacks: the
row's label cell).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from evalxl import contract, money
from evalxl.findings import Finding, Place, finding
from evalxl.forms.grid import Value
from evalxl.forms.records import FundLine, Printed, ReadForm
from evalxl.reading import Table
from evalxl.reading.cells import Cell, cell_text

_PHONE = re.compile(r"^(?P<leader>.*?)[\s,，、/;；]*(?P<phone>\+?[\d(（][\d\-()（） ]*\d)$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)(%?)$")
_AMOUNTS = {"initial": "年初预算数", "budget": "全年预算数", "executed": "全年执行数"}


@dataclass
class _Builder:
    """One table being built row by row."""

    sheet: str
    columns: dict[str, int] = field(init=False)
    values: dict[str, list[Any]] = field(init=False)
    special: dict[str, dict[int, Cell]] = field(init=False)
    origin: dict[tuple[int, int], Place] = field(default_factory=dict)
    found: list[Finding] = field(default_factory=list)

    def __post_init__(self) -> None:
        names = [c.name for c in contract.sheet(self.sheet).columns]
        self.columns = {name: k for k, name in enumerate(names, start=1)}
        self.values = {name: [] for name in names}
        self.special = {name: {} for name in names}

    def add(self, cells: dict[str, Value], fallback: Place) -> int:
        """A data row: each column's value (a missing one blank at ``fallback``); its row number."""
        k = len(self.values[next(iter(self.columns))])
        row = k + 2
        for name, col in self.columns.items():
            value = cells.get(name) or Value("", fallback)
            self.values[name].append(value.raw)
            if value.cell is not None:
                self.special[name][k] = value.cell
                if value.cell.formula and value.cell.value is None:
                    self.found.append(
                        finding("FORMULA_NOT_CALCULATED", value.place, formula=value.cell.formula)
                    )
            self.origin[(row, col)] = value.place
        return row

    def table(self) -> Table:
        count = len(self.values[next(iter(self.columns))])
        special = {name: cells for name, cells in self.special.items() if cells}
        rows = tuple(range(2, count + 2))
        return Table(self.sheet, 1, self.columns, rows, self.values, special, self.origin)


def build(forms: Sequence[ReadForm]) -> tuple[dict[str, Table], list[Printed], list[Finding]]:
    """The four tables, the printed figures and the findings across the forms read."""
    found: list[Finding] = []
    unit = _workbook_unit(forms, found)
    projects, funds, indicators = _Builder("项目"), _Builder("资金"), _Builder("指标")
    printed: list[Printed] = []
    for form in forms:
        factor = money.YUAN_PER[form.money_unit] / money.YUAN_PER[unit]
        _project(projects, form)
        _funds(funds, form, factor, printed, found)
        _indicators(indicators, form, printed)
        printed.extend(_end_figures(form))
    params = _params(forms, unit, printed, found)
    builders = (projects, funds, indicators, params)
    tables = {b.sheet: b.table() for b in builders}
    return tables, printed, found + [f for b in builders for f in b.found]


def _workbook_unit(forms: Sequence[ReadForm], found: list[Finding]) -> str:
    """The forms' money unit when all agree; else 万元, each form in another unit a note at its label."""
    units = {form.money_unit for form in forms}
    if len(units) <= 1:
        return units.pop() if units else contract.form_labels().default_unit
    for form in forms:
        if form.money_unit != "万元":
            factor = money.YUAN_PER["万元"] // money.YUAN_PER[form.money_unit]
            found.append(
                finding(
                    "FORM_AMOUNTS_CONVERTED", form.unit_place, unit=form.money_unit, to="万元", factor=factor
                )
            )
    return "万元"


# --------------------------------------------------------------------------- 项目


def _project(builder: _Builder, form: ReadForm) -> None:
    name = Value(form.project, form.name.place)
    header = dict(form.header)
    if "leader_phone" in header:
        leader, phone = split_leader_phone(header.pop("leader_phone"))
        header.setdefault("leader", leader)
        header.setdefault("phone", phone)
    cells = {
        "项目名称": name,
        "项目编码": header.get("code"),
        "主管部门": header.get("department"),
        "项目实施单位": header.get("unit"),
        "负责人": header.get("leader"),
        "联系电话": header.get("phone"),
        "年初设定目标": form.goals.get("planned"),
        "全年实际完成情况": form.goals.get("achieved"),
        "说明": form.remark,
    }
    builder.add({k: v for k, v in cells.items() if v is not None}, form.name.place)


def split_leader_phone(value: Value) -> tuple[Value, Value]:
    """负责人及电话 → (负责人, 联系电话): split when its last part is a phone number (at least
    ``phone_digits`` digits), else all of it is the leader. Both keep the cell."""
    text = value.text()
    match = _PHONE.match(text)
    digits = sum(ch.isdigit() for ch in match.group("phone")) if match else 0
    if match and digits >= contract.form_labels().phone_digits:
        return Value(match.group("leader").strip(), value.place), Value(
            match.group("phone").strip(), value.place
        )
    return value, Value("", value.place)


# --------------------------------------------------------------------------- 资金


def _funds(
    builder: _Builder, form: ReadForm, factor: float, printed: list[Printed], found: list[Finding]
) -> None:
    name = Value(form.project, form.name.place)
    sources = [line for line in form.funds if not line.total]
    given = [line for line in sources if any(not line.values[c].blank for c in _AMOUNTS if c in line.values)]
    totals = [line for line in form.funds if line.total]
    rows = given or totals[:1]
    for line in rows:
        cells = {"项目名称": name, "资金来源": Value("" if line.total else line.label, line.place)}
        for column, header in _AMOUNTS.items():
            if column in line.values:
                cells[header] = converted(line.values[column], factor)
        builder.add(cells, line.place)
    for line in form.funds:
        rate = line.values.get("rate")
        if rate is not None and not rate.blank:
            printed.append(_printed(form, "执行率", rate, fund_row=line.label))
    for total in totals[:1]:
        for column, figure in (("weight", "预算分值"), ("score", "预算得分")):
            value = total.values.get(column)
            if value is not None and not value.blank:
                printed.append(_printed(form, figure, value))
        if given:
            _total_check(form, total, given, factor, printed, found)


def _total_check(
    form: ReadForm,
    total: FundLine,
    given: Sequence[FundLine],
    factor: float,
    printed: list[Printed],
    found: list[Finding],
) -> None:
    """年度资金总额's amounts are printed figures when source rows carry the money; a total that is
    not the sources' sum is an error at the total's cell (never one picked silently)."""
    for column, header in _AMOUNTS.items():
        value = total.values.get(column)
        if value is None or value.blank:
            continue
        shown = converted(value, factor)
        printed.append(
            _printed(form, "年度资金总额", shown, fund_row=total.label, column=header, text=value.text())
        )
        parts = [number_of(converted(line.values[column], factor)) for line in given if column in line.values]
        whole = number_of(shown)
        if whole is None or not parts or None in parts:
            continue
        unit = "万元" if factor != 1 else form.money_unit
        summed = money.exact_sum(parts, unit)
        if abs(summed - whole) >= 10 ** -money.decimals(unit) / 2:
            place = value.place
            found.append(
                finding(
                    "FORM_FUND_TOTAL_DIFFERS",
                    place,
                    column=header,
                    total=value.text(),
                    parts=_number_text(summed / factor),
                )
            )


def converted(value: Value, factor: float) -> Value:
    """An amount of a form in another unit than the workbook's, in the workbook's (a number, or a
    text that is only a number; any other text is left for the importer, which reads its unit)."""
    if factor == 1 or value.blank:
        return value
    number = value.raw if isinstance(value.raw, int | float) and not isinstance(value.raw, bool) else None
    if number is None and isinstance(value.raw, str) and _NUMBER.match(value.raw.strip().replace(",", "")):
        number = float(value.raw.strip().replace(",", "").rstrip("%"))
    if number is None:
        return value
    shown = float(number) * factor
    cell = Cell(shown, value.cell.percent, value.cell.formula) if value.cell is not None else None
    return Value(shown, value.place, cell)


def number_of(value: Value) -> float | None:
    """The number a cell holds: a number, or a text that is only a number (``9.5``, ``100%`` → 1.0)."""
    raw = value.cell.value if value.cell is not None else value.raw
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        return float(raw)
    if isinstance(raw, str):
        match = _NUMBER.match(raw.strip().replace(",", ""))
        if match:
            number = float(raw.strip().replace(",", "").rstrip("%"))
            return number / 100 if match.group(3) else number
    return None


def _number_text(value: float) -> str:
    return f"{round(value, 6):g}"


def _printed(
    form: ReadForm,
    figure: str,
    value: Value,
    *,
    fund_row: str = "",
    column: str = "",
    row: int = 0,
    text: str = "",
) -> Printed:
    numeric = None if figure == "自评等级" else number_of(value)
    return Printed(form.project, figure, value.place, text or value.text(), numeric, fund_row, column, row)


# --------------------------------------------------------------------------- 指标


_INDICATOR_COLUMNS = {
    "level1": "一级指标",
    "level2": "二级指标",
    "level3": "三级指标",
    "target": "年度指标值",
    "actual": "全年完成值",
    "nature": "指标性质",
    "weight": "分值",
    "reason": "未完成原因和改进措施",
}


def _indicators(builder: _Builder, form: ReadForm, printed: list[Printed]) -> None:
    name = Value(form.project, form.name.place)
    for line in form.indicators:
        values = dict(line.values)
        unit = values.get("unit")
        if unit is not None and not unit.blank and "target" in values:
            # The column completes the values that need it: a target written without its unit, and
            # then a bare actual beside it. A target that carries its unit (≥95%) is read as written,
            # and so is the actual beside it (0.96: a ratio against 95%, not 0.96%).
            target = with_unit(values["target"], unit.text())
            if target is not values["target"] and "actual" in values:
                values["actual"] = with_unit(values["actual"], unit.text())
            values["target"] = target
        cells = {header: values[column] for column, header in _INDICATOR_COLUMNS.items() if column in values}
        row = builder.add({"项目名称": name, **cells}, line.place)
        score = values.get("score")
        if score is not None and not score.blank:
            printed.append(_printed(form, "得分", score, row=row))


def with_unit(value: Value, unit: str) -> Value:
    """A target or actual that is only a number, joined to the 度量单位 column's unit (``20`` and
    ``次`` → ``20次``; a percent-formatted cell keeps its own %); any other value as it is."""
    if value.blank or (value.cell is not None and (value.cell.percent or value.cell.formula)):
        return value
    raw = value.raw
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return Value(cell_text(raw) + unit, value.place)
    if isinstance(raw, str) and _NUMBER.match(raw.strip()) and not raw.strip().endswith("%"):
        return Value(raw.strip() + unit, value.place)
    return value


def _end_figures(form: ReadForm) -> list[Printed]:
    found = []
    if form.total is not None and not form.total.blank:
        found.append(_printed(form, "总分", form.total))
    if form.grade is not None and not form.grade.blank:
        found.append(_printed(form, "自评等级", form.grade))
    return found


# --------------------------------------------------------------------------- 参数


def _params(
    forms: Sequence[ReadForm], unit: str, printed: Sequence[Printed], found: list[Finding]
) -> _Builder:
    """年度 (the forms' year line), 金额单位, 表样 (by the indicator columns the forms print) and
    预算执行率分值 (when every form prints the same budget 分值)."""
    builder = _Builder("参数")
    if not forms:
        return builder
    first = forms[0]
    at = first.name.place

    def param(key: str, value: Any, place: Place) -> None:
        builder.add({"参数": Value(key, place), "值": Value(value, place)}, place)

    years = [form for form in forms if form.year is not None]
    if years:
        year = years[0].year
        assert year is not None
        for form in years[1:]:
            own = form.year
            assert own is not None
            if own.raw != year.raw:
                found.append(
                    finding(
                        "FORM_YEAR_DIFFERS",
                        own.place,
                        year=own.raw,
                        first=str(year.place),
                        first_year=year.raw,
                    )
                )
        param("年度", str(year.raw), year.place)
    param("金额单位", unit, first.unit_place)
    param("表样", layout_of(forms), at)
    weights = [p for p in printed if p.figure == "预算分值"]
    values = {p.value for p in weights}
    if len(weights) == len(forms) and len(values) == 1 and None not in values:
        param("预算执行率分值", _number_text(float(values.pop() or 0)), weights[0].place)
    return builder


def layout_of(forms: Sequence[ReadForm]) -> str:
    """The shipped layout the forms are printed in: one with 分值 and 得分 when every form prints
    both, else one with 指标性质 and 度量单位 when a form has them, else the first layout."""
    shipped: list[tuple[str, set[str]]] = [
        (str(item["name"]), {str(c["value"]) for c in item["indicators"]["columns"]})
        for item in contract.layouts()
    ]
    if all({"weight", "score"} <= form.indicator_columns for form in forms):
        wanted = {"weight", "score"}
    elif any(form.indicator_columns & {"nature", "unit"} for form in forms):
        wanted = {"nature", "unit"}
    else:
        return shipped[0][0]
    return next((name for name, columns in shipped if wanted <= columns), shipped[0][0])
