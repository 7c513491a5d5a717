"""Reading a workbook into keyed rows: an evalxl output workbook (汇总, 计算过程, 检查结果) found by
header text, or a standard input workbook (项目, 资金, 指标, 参数) read exactly as ``evalxl run``
reads it."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

from evalxl import contract
from evalxl.diff.compare import SECTIONS, Book, KeyedRow
from evalxl.diff.report import DiffError, clean
from evalxl.diff.workbooks import sheet_cells, sheet_titles
from evalxl.importing import importer
from evalxl.model import Fund, Indicator, InputBook, Project
from evalxl.reading import UnreadableWorkbook, cell_text, normalize_header

_SHEETS = contract.output_sheets()  # workbook_templates/output_sheets.toml
SUMMARY_SHEET, TRACE_SHEET, CHECKS_SHEET = _SHEETS.summary.name, _SHEETS.trace.name, _SHEETS.checks.name

_HEADER_SEARCH_ROWS = 10

# --------------------------------------------------------------------------- output workbooks

_TOTAL_FIELDS = ("全年预算数", "全年执行数", "执行率", "得分")
_SUMMARY_FIELDS = ("项目编码", "主管部门", "项目实施单位", *_TOTAL_FIELDS, "等级")
_TRACE_KEY = ("项目名称", "一级指标", "二级指标", "三级指标")
# the 计算过程 columns compared: not 计算方法 (prose) nor 来源单元格 (moves with every inserted row)
_TRACE_TEXTS = ("年度指标值", "全年完成值", "指标性质")
_TRACE_FIGURES = ("分值", "完成率", "计算得分", "自评得分", "得分")
_TRACE_FIELDS = (*_TRACE_TEXTS, *_TRACE_FIGURES, "未完成原因和改进措施")
_PART_MARK = "└"


@dataclass(frozen=True)
class _Table:
    """The rows of one sheet under its header row, with the columns found by header text, and the
    number format of each cell (row for row)."""

    sheet: str
    rows: list[tuple[object, ...]]
    header: int  # 0-based index of the header row in ``rows``
    columns: dict[str, int]  # column name -> 0-based index
    formats: list[tuple[str, ...]]

    def body(self) -> Iterator[tuple[int, tuple[object, ...]]]:
        """(0-based index, values) of each row under the header."""
        yield from enumerate(self.rows[self.header + 1 :], start=self.header + 1)

    def value(self, values: tuple[object, ...], column: str) -> object:
        """A row's value in ``column``, stripped; None when blank or when the column is absent."""
        index = self.columns.get(column)
        return clean(values[index]) if index is not None and index < len(values) else None

    def text(self, values: tuple[object, ...], column: str) -> str:
        """A row's value in ``column`` as text ("" when blank)."""
        return cell_text(self.value(values, column))

    def place(self, index: int, column: str) -> str:
        """``Sheet!A1`` of ``column`` in the row at ``index``."""
        return f"{self.sheet}!{get_column_letter(self.columns[column] + 1)}{index + 1}"

    def row(
        self,
        index: int,
        values: tuple[object, ...],
        key: tuple[str, ...],
        named_by: str,
        fields: Sequence[str],
    ) -> KeyedRow:
        """A keyed row of ``fields`` (those this sheet has), named by its ``named_by`` cell."""
        compared = {f: (self.value(values, f), self.place(index, f)) for f in fields if f in self.columns}
        formats = self.formats[index]
        shown = {f: formats[self.columns[f]] for f in compared if self.columns[f] < len(formats)}
        return KeyedRow(key, self.place(index, named_by), compared, formats=shown)


def _table(book: Workbook, name: str, title: str, required: Sequence[str], fields: Sequence[str]) -> _Table:
    """The sheet ``title`` with its header: the first row (of the first ten) holding ``required``."""
    rows, formats = sheet_cells(book, title)
    for header, values in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        columns = _match_columns(values, (*required, *fields))
        if all(column in columns for column in required):
            return _Table(title, rows, header, columns, formats)
    raise DiffError(f"{name} 的“{title}”表中找不到表头（须包含列：{'、'.join(required)}）")


def _match_columns(values: Sequence[object], names: Sequence[str]) -> dict[str, int]:
    """Column name -> index for the header cells of ``values`` (``全年预算数（万元）`` is 全年预算数)."""
    found: dict[str, int] = {}
    for index, value in enumerate(values):
        text = normalize_header(value) if isinstance(value, str) else ""
        for name in names:
            if name not in found and (text == name or text.startswith(name + "(")):
                found[name] = index
    return found


def read_output(book: Workbook, name: str) -> Book:
    """The keyed rows of an output workbook: 汇总, 计算过程 and (when present) 检查结果."""
    titles = sheet_titles(book)
    summary = _table(book, name, titles[SUMMARY_SHEET], ("序号", "项目名称"), _SUMMARY_FIELDS)
    trace = _table(book, name, titles[TRACE_SHEET], _TRACE_KEY, _TRACE_FIELDS)
    result: Book = {what: [] for what in SECTIONS}
    for what, row in itertools.chain(_summary_rows(summary), _trace_rows(trace)):
        result[what].append(row)
    if CHECKS_SHEET in titles:
        checks = _table(book, name, titles[CHECKS_SHEET], ("代码", "位置"), ("级别", "说明"))
        result["finding"] = list(_finding_rows(checks))
    return result


def _summary_rows(table: _Table) -> Iterator[tuple[str, KeyedRow]]:
    """Project rows (those with a 序号) and the 合计 row; 小计 rows and the lines below are skipped."""
    for index, values in table.body():
        name = table.text(values, "项目名称")
        if name and table.value(values, "序号") is not None:
            yield "project", table.row(index, values, (name,), "项目名称", _SUMMARY_FIELDS)
        elif name == "合计":
            yield "total", table.row(index, values, ("合计",), "项目名称", _TOTAL_FIELDS)


def _trace_rows(table: _Table) -> Iterator[tuple[str, KeyedRow]]:
    """Indicator rows, units' part rows (keyed under the merged row above) and each project's total
    row (三级指标 合计: the project's 总分, ``project_total``)."""
    above: tuple[str, ...] = ()
    for index, values in table.body():
        name, level1, level2, level3 = (table.text(values, column) for column in _TRACE_KEY)
        if not level3:
            continue  # a trail line: how the total was computed
        if level3 == "合计" and not level1 and not level2:
            yield "project_total", table.row(index, values, (name,), "三级指标", ("得分",))
        elif level3.startswith(_PART_MARK) and above[:1] == (name,):
            unit = level3.removeprefix(_PART_MARK).strip()
            yield "indicator", table.row(index, values, (*above, unit), "三级指标", _TRACE_FIELDS)
        else:
            above = (name, level1, level2, level3)
            yield "indicator", table.row(index, values, above, "三级指标", _TRACE_FIELDS)


def _finding_rows(table: _Table) -> Iterator[KeyedRow]:
    for index, values in table.body():
        code = table.text(values, "代码")
        if code:
            row = table.row(index, values, (code, table.text(values, "位置")), "代码", ("级别", "说明"))
            yield KeyedRow(row.key, row.place, row.values, table.value(values, "说明"), row.formats)


# --------------------------------------------------------------------------- input workbooks

_PROJECT_FIELDS = (
    ("项目编码", "code"),
    ("主管部门", "department"),
    ("项目实施单位", "unit"),
    ("负责人", "leader"),
    ("联系电话", "phone"),
    ("年初设定目标", "goal"),
    ("全年实际完成情况", "achieved"),
    ("说明", "remark"),
)
_FUND_FIELDS = (("年初预算数", "initial"), ("全年预算数", "budget"), ("全年执行数", "executed"))
_INDICATOR_FIELDS = (
    ("年度指标值", "target"),
    ("全年完成值", "actual"),
    ("指标性质", "nature"),
    ("分值", "weight"),
    ("自评得分", "self_score"),
    ("未完成原因和改进措施", "reason"),
)


def read_input(path: Path) -> Book:
    """The keyed rows of a standard input workbook, read exactly as ``evalxl run`` reads them."""
    try:
        book, _findings = importer.import_workbook(path)
    except UnreadableWorkbook as problem:
        raise DiffError(problem.finding.message) from problem
    return _input_rows(book)


def _record(
    record: Project | Fund | Indicator, key: tuple[str, ...], named_by: str, fields: Sequence[tuple[str, str]]
) -> KeyedRow:
    """A keyed row of an imported record (its columns' places from ``place_of``)."""
    values = {column: (getattr(record, attribute), record.place_of(column)) for column, attribute in fields}
    return KeyedRow(key, record.place_of(named_by), values)


def _input_rows(book: InputBook) -> Book:
    return {
        "project": [_record(p, (p.name,), "项目名称", _PROJECT_FIELDS) for p in book.projects],
        "fund": [
            _record(f, (f.project, f.user_unit, f.source), "项目名称", _FUND_FIELDS) for f in book.funds
        ],
        "indicator": [
            _record(i, (i.project, i.level1, i.level2, i.level3, i.user_unit), "三级指标", _INDICATOR_FIELDS)
            for i in book.indicators
        ],
        "param": [
            KeyedRow((p.key,), p.key_place, {"值": (p.value, p.value_place)}, p.value) for p in book.params
        ],
    }
