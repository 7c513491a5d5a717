"""Compare two workbooks and say, one line per difference, what was added, removed or changed.

Two evalxl output workbooks (汇总 + 计算过程) or two standard input workbooks (项目 + 资金 + 指标)
are compared **by key**, not by cell address: a project is its 项目名称, an indicator its
(项目名称, 一级指标, 二级指标, 三级指标[, 资金使用单位]), so inserting or reordering rows changes
nothing, and every difference names its cell in both files. Any two xlsx workbooks can be compared
cell by cell instead (``cells=True``). Neither file is ever modified. See ``docs/diff.md``.

The vocabulary of :attr:`Change.what` (stable; tests and scripts may rely on it):

- ``project``: a project; key ``(项目名称,)`` (outputs: its 汇总 row; inputs: its 项目 row)
- ``total``: a total; key ``("合计",)`` for the 汇总 合计 row, ``(项目名称,)`` for a project's
  合计 row in 计算过程 (its 得分)
- ``indicator``: a 计算过程 or 指标 row; key ``(项目名称, 一级指标, 二级指标, 三级指标)`` in outputs
  (a fund-using unit's part row adds the unit), ``(…, 资金使用单位)`` in inputs
- ``fund``: a 资金 row; key ``(项目名称, 资金使用单位, 资金来源)``
- ``param``: a 参数 row; key ``(参数,)``
- ``finding``: a 检查结果 row; key ``(代码, 位置)``
- ``sheet``: a worksheet (``cells=True``); key ``(工作表,)``
- ``cell``: a cell (``cells=True``); key ``(工作表, "A1")``

A key met again in the same file gets an occurrence counter (``"#2"``, ``"#3"`` …) as a last element.
Rows of a project that was added or removed are not listed again: the project's line says it.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from evalxl import contract
from evalxl.importing import importer
from evalxl.model import Fund, Indicator, InputBook, Project
from evalxl.reading.reader import UnreadableWorkbook, cell_text, normalize_header, read_workbook

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
KIND_NAMES = {ADDED: "新增", REMOVED: "删除", CHANGED: "改变"}
WHAT_NAMES = {
    "project": "项目",
    "total": "合计",
    "indicator": "指标",
    "fund": "资金",
    "param": "参数",
    "finding": "检查结果",
    "sheet": "工作表",
    "cell": "单元格",
}
_SECTIONS = ("project", "total", "indicator", "fund", "param", "finding")  # the order of the account
_CHILDREN = frozenset({"total", "indicator", "fund"})  # rows that belong to a project (key[0])
_OUTPUT, _INPUT = "output", "input"
_KIND_LABELS = {_OUTPUT: "输出工作簿（evalxl 写出）", _INPUT: "标准输入工作簿"}
_SHEETS = contract.output_sheets()  # workbook_templates/output_sheets.toml
SUMMARY_SHEET, TRACE_SHEET, CHECKS_SHEET = _SHEETS.summary.name, _SHEETS.trace.name, _SHEETS.checks.name
_OUTPUT_SHEETS = (SUMMARY_SHEET, TRACE_SHEET)
_INPUT_SHEETS = ("项目", "资金", "指标")
_HEADER_SEARCH_ROWS = 10
_PERCENT_FIELDS = frozenset({"执行率", "完成率"})  # fractions in the output, printed as percents
_RELATIVE_SLACK = 1e-9  # binary rounding of numbers read back from a file is no difference


@dataclass(frozen=True)
class Change:
    """One difference between the OLD and the NEW workbook.

    ``kind`` is ``added``, ``removed`` or ``changed``; ``what`` one of :data:`WHAT_NAMES`; ``key``
    identifies the row (see the module's docstring); ``field`` is the column compared ("" for a
    whole row); ``old``/``new`` the values (None when absent or blank); ``old_place``/``new_place``
    the cells (``Sheet!A1``, "" when absent).
    """

    kind: str
    what: str
    key: tuple[str, ...]
    field: str
    old: object
    new: object
    old_place: str
    new_place: str

    def describe(self) -> str:
        """One Chinese line, e.g. ``指标 改变 甲/产出指标/数量指标/次数 得分：6.56 → 7.15（计算过程!L24 → 计算过程!L25）``."""
        key = _key_text(self.what, self.key)
        head = " ".join(
            part for part in (WHAT_NAMES[self.what], KIND_NAMES[self.kind], key, self.field) if part
        )
        return head + self._values_text() + _places_text(self.old_place, self.new_place, key)

    def _values_text(self) -> str:
        percent = self.field in _PERCENT_FIELDS
        if self.kind == CHANGED:
            return f"：{_shown(self.old, percent)} → {_shown(self.new, percent)}"
        value = self.new if self.kind == ADDED else self.old
        return "" if value is None else f"：{_shown(value, percent)}"


class DiffError(Exception):
    """A file cannot be compared (missing, not xlsx, of another kind than the other); Chinese message."""


def diff_workbooks(old: Path, new: Path, *, tolerance: float = 0.0, cells: bool = False) -> list[Change]:
    """The differences between the workbooks ``old`` and ``new``, in a fixed order.

    By default both must be evalxl output workbooks or both standard input workbooks, compared by
    key; with ``cells=True`` any two xlsx workbooks are compared cell by cell (cached values of
    formulas). Numbers within ``tolerance`` (absolute) of each other are the same; text is compared
    as displayed, after stripping. Raises :class:`DiffError` when a file cannot be compared.
    """
    if tolerance < 0:
        raise DiffError(f"容差不能为负数：{tolerance}")
    old, new = Path(old), Path(new)
    with _opened(old) as old_book, _opened(new) as new_book:
        if cells:
            return _diff_cells(old_book, new_book, tolerance)
        kind = _common_kind(old, _kind(old_book), new, _kind(new_book))
        if kind == _OUTPUT:
            return _compare_books(
                _read_output(old_book, old.name), _read_output(new_book, new.name), tolerance
            )
    return _compare_books(_read_input(old), _read_input(new), tolerance)


def as_json(changes: Sequence[Change]) -> dict[str, Any]:
    """The ``--json`` document: ``{"same": bool, "changes": [{kind, what, key, field, old, new,
    old_place, new_place, message}]}``."""
    return {
        "same": not changes,
        "changes": [
            {
                "kind": c.kind,
                "what": c.what,
                "key": list(c.key),
                "field": c.field,
                "old": _json_value(c.old),
                "new": _json_value(c.new),
                "old_place": c.old_place,
                "new_place": c.new_place,
                "message": c.describe(),
            }
            for c in changes
        ],
    }


def summary_line(changes: Sequence[Change]) -> str:
    """The account's last line: ``无差异`` or ``共 N 处差异：新增 a，删除 r，改变 c``."""
    if not changes:
        return "无差异"
    counts = Counter(c.kind for c in changes)
    parts = "，".join(f"{KIND_NAMES[kind]} {counts[kind]}" for kind in (ADDED, REMOVED, CHANGED))
    return f"共 {len(changes)} 处差异：{parts}"


# --------------------------------------------------------------------------- values


def _clean(value: object) -> object:
    """A cell value as compared: text stripped, blank text as None."""
    if isinstance(value, str):
        return value.strip() or None
    return value


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _same(old: object, new: object, tolerance: float) -> bool:
    """True when two values do not differ: numbers within ``tolerance``, anything else as displayed."""
    old, new = _clean(old), _clean(new)
    if _is_number(old) and _is_number(new):
        slack = _RELATIVE_SLACK * max(1.0, abs(old), abs(new))
        return abs(old - new) <= tolerance + slack
    return _shown(old) == _shown(new)


def _shown(value: object, percent: bool = False) -> str:
    """A value as the account prints it: blank as （空）, rates (fractions in the file) as percents."""
    if value is None:
        return "（空）"
    return cell_text(value, percent and _is_number(value))


def _json_value(value: object) -> object:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return cell_text(value)


def _key_text(what: str, key: tuple[str, ...]) -> str:
    if what == "cell":
        return f"{key[0]}!{key[1]}"
    if what == "finding":
        return f"{key[1]} [{key[0]}]"
    return "/".join(part for part in key if part)


def _places_text(old_place: str, new_place: str, key: str) -> str:
    places = [place for place in dict.fromkeys((old_place, new_place)) if place and place != key]
    return f"（{' → '.join(places)}）" if places else ""


# --------------------------------------------------------------------------- keyed comparison


@dataclass(frozen=True)
class _Row:
    """A keyed row: its key, the cell that names it, its compared fields as (value, place), and what
    to show when the whole row is added or removed (None: the key says enough)."""

    key: tuple[str, ...]
    place: str
    values: dict[str, tuple[object, str]]
    shown: object = None


Book = dict[str, list[_Row]]  # section (a Change.what) -> its rows, in the file's order


def _keyed(rows: Iterable[_Row]) -> dict[tuple[str, ...], _Row]:
    """The rows by key; a key met again gets ``#2``, ``#3`` … appended."""
    seen: Counter[tuple[str, ...]] = Counter()
    keyed = {}
    for row in rows:
        seen[row.key] += 1
        count = seen[row.key]
        keyed[row.key if count == 1 else (*row.key, f"#{count}")] = row
    return keyed


def _compare(what: str, old_rows: Iterable[_Row], new_rows: Iterable[_Row], tolerance: float) -> list[Change]:
    """Rows added and changed (in NEW's order), then rows removed (in OLD's order)."""
    old, new = _keyed(old_rows), _keyed(new_rows)
    changes = []
    for key, row in new.items():
        before = old.get(key)
        if before is None:
            changes.append(Change(ADDED, what, key, "", None, row.shown, "", row.place))
        else:
            changes += _field_changes(what, key, before, row, tolerance)
    for key, row in old.items():
        if key not in new:
            changes.append(Change(REMOVED, what, key, "", row.shown, None, row.place, ""))
    return changes


def _field_changes(what: str, key: tuple[str, ...], old: _Row, new: _Row, tolerance: float) -> list[Change]:
    """The fields of one row that differ; a column only one of the files has is not compared."""
    changes = []
    for name, (value, place) in new.values.items():
        if name not in old.values:
            continue
        old_value, old_place = old.values[name]
        if not _same(old_value, value, tolerance):
            changes.append(
                Change(CHANGED, what, key, name, _clean(old_value), _clean(value), old_place, place)
            )
    return changes


def _compare_books(old: Book, new: Book, tolerance: float) -> list[Change]:
    """Every section in order; the rows of an added or removed project are left to its own line."""
    changes = [
        c for what in _SECTIONS for c in _compare(what, old.get(what, []), new.get(what, []), tolerance)
    ]
    moved = {c.key[0] for c in changes if c.what == "project" and c.kind != CHANGED}
    return [c for c in changes if not (c.what in _CHILDREN and c.kind != CHANGED and c.key[0] in moved)]


# --------------------------------------------------------------------------- opening files


@contextmanager
def _opened(path: Path) -> Iterator[Workbook]:
    """The workbook at ``path``, read-only with cached values; :class:`DiffError` when it cannot be read."""
    if not path.is_file():
        raise DiffError(f"找不到文件：{path}")
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a file that is not xlsx
        raise DiffError(_why_unreadable(path)) from exc
    try:
        yield book
    finally:
        book.close()


def _why_unreadable(path: Path) -> str:
    """The reader's own diagnosis of a file openpyxl refused (.xls, encrypted, CSV, ODS, damaged …)."""
    try:
        read_workbook(path, ())
    except UnreadableWorkbook as problem:
        return problem.finding.message
    return f"{path.name} 无法作为 xlsx 工作簿读取"


def _sheet_titles(book: Workbook) -> dict[str, str]:
    """Normalized sheet name -> the sheet's title."""
    return {normalize_header(title): title for title in book.sheetnames}


def _kind(book: Workbook) -> str:
    names = _sheet_titles(book)
    if all(name in names for name in _OUTPUT_SHEETS):
        return _OUTPUT
    if all(name in names for name in _INPUT_SHEETS):
        return _INPUT
    return ""


def _common_kind(old: Path, old_kind: str, new: Path, new_kind: str) -> str:
    for path, kind in ((old, old_kind), (new, new_kind)):
        if not kind:
            raise DiffError(
                f"{path.name} 既不是 evalxl 输出工作簿（须有 汇总、计算过程 表）也不是标准输入工作簿"
                "（须有 项目、资金、指标 表）；可改为逐单元格比较（--cells）"
            )
    if old_kind != new_kind:
        raise DiffError(
            f"无法按项目比较：{old.name} 是{_KIND_LABELS[old_kind]}，{new.name} 是{_KIND_LABELS[new_kind]}；"
            "两者须同为输出工作簿或同为输入工作簿（或改为逐单元格比较：--cells）"
        )
    return old_kind


def _sheet_rows(book: Workbook, title: str) -> list[tuple[object, ...]]:
    """Every row of a sheet as values (a chart sheet has none); the stored dimension is not trusted."""
    sheet = book[title]
    if not isinstance(sheet, ReadOnlyWorksheet):
        return []
    sheet.reset_dimensions()
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


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
    """The rows of one sheet under its header row, with the columns found by header text."""

    sheet: str
    rows: list[tuple[object, ...]]
    header: int  # 0-based index of the header row in ``rows``
    columns: dict[str, int]  # column name -> 0-based index

    def body(self) -> Iterator[tuple[int, tuple[object, ...]]]:
        """(0-based index, values) of each row under the header."""
        yield from enumerate(self.rows[self.header + 1 :], start=self.header + 1)

    def value(self, values: tuple[object, ...], column: str) -> object:
        """A row's value in ``column``, stripped; None when blank or when the column is absent."""
        index = self.columns.get(column)
        return _clean(values[index]) if index is not None and index < len(values) else None

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
    ) -> _Row:
        """A keyed row of ``fields`` (those this sheet has), named by its ``named_by`` cell."""
        compared = {f: (self.value(values, f), self.place(index, f)) for f in fields if f in self.columns}
        return _Row(key, self.place(index, named_by), compared)


def _table(book: Workbook, name: str, title: str, required: Sequence[str], fields: Sequence[str]) -> _Table:
    """The sheet ``title`` with its header: the first row (of the first ten) holding ``required``."""
    rows = _sheet_rows(book, title)
    for header, values in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        columns = _match_columns(values, (*required, *fields))
        if all(column in columns for column in required):
            return _Table(title, rows, header, columns)
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


def _read_output(book: Workbook, name: str) -> Book:
    """The keyed rows of an output workbook: 汇总, 计算过程 and (when present) 检查结果."""
    titles = _sheet_titles(book)
    summary = _table(book, name, titles[SUMMARY_SHEET], ("序号", "项目名称"), _SUMMARY_FIELDS)
    trace = _table(book, name, titles[TRACE_SHEET], _TRACE_KEY, _TRACE_FIELDS)
    result: Book = {what: [] for what in _SECTIONS}
    for what, row in itertools.chain(_summary_rows(summary), _trace_rows(trace)):
        result[what].append(row)
    if CHECKS_SHEET in titles:
        checks = _table(book, name, titles[CHECKS_SHEET], ("代码", "位置"), ("级别", "说明"))
        result["finding"] = list(_finding_rows(checks))
    return result


def _summary_rows(table: _Table) -> Iterator[tuple[str, _Row]]:
    """Project rows (those with a 序号) and the 合计 row; 小计 rows and the lines below are skipped."""
    for index, values in table.body():
        name = table.text(values, "项目名称")
        if name and table.value(values, "序号") is not None:
            yield "project", table.row(index, values, (name,), "项目名称", _SUMMARY_FIELDS)
        elif name == "合计":
            yield "total", table.row(index, values, ("合计",), "项目名称", _TOTAL_FIELDS)


def _trace_rows(table: _Table) -> Iterator[tuple[str, _Row]]:
    """Indicator rows, units' part rows (keyed under the merged row above) and each project's 合计."""
    above: tuple[str, ...] = ()
    for index, values in table.body():
        name, level1, level2, level3 = (table.text(values, column) for column in _TRACE_KEY)
        if not level3:
            continue  # a trail line: how the total was computed
        if level3 == "合计" and not level1 and not level2:
            yield "total", table.row(index, values, (name,), "三级指标", ("得分",))
        elif level3.startswith(_PART_MARK) and above[:1] == (name,):
            unit = level3.removeprefix(_PART_MARK).strip()
            yield "indicator", table.row(index, values, (*above, unit), "三级指标", _TRACE_FIELDS)
        else:
            above = (name, level1, level2, level3)
            yield "indicator", table.row(index, values, above, "三级指标", _TRACE_FIELDS)


def _finding_rows(table: _Table) -> Iterator[_Row]:
    for index, values in table.body():
        code = table.text(values, "代码")
        if code:
            row = table.row(index, values, (code, table.text(values, "位置")), "代码", ("级别", "说明"))
            yield _Row(row.key, row.place, row.values, table.value(values, "说明"))


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


def _read_input(path: Path) -> Book:
    """The keyed rows of a standard input workbook, read exactly as ``evalxl run`` reads them."""
    try:
        book, _findings = importer.import_workbook(path)
    except UnreadableWorkbook as problem:
        raise DiffError(problem.finding.message) from problem
    return _input_rows(book)


def _record(
    record: Project | Fund | Indicator, key: tuple[str, ...], named_by: str, fields: Sequence[tuple[str, str]]
) -> _Row:
    """A keyed row of an imported record (its columns' places from ``place_of``)."""
    values = {column: (getattr(record, attribute), record.place_of(column)) for column, attribute in fields}
    return _Row(key, record.place_of(named_by), values)


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
            _Row((p.key,), p.key_place, {"值": (p.value, p.value_place)}, p.value) for p in book.params
        ],
    }


# --------------------------------------------------------------------------- cell by cell


def _diff_cells(old: Workbook, new: Workbook, tolerance: float) -> list[Change]:
    """Sheets added (NEW's order), cells of the sheets both have, then sheets removed (OLD's order)."""
    changes = []
    for title in new.sheetnames:
        if title in old.sheetnames:
            changes += _cell_changes(title, _grid(old, title), _grid(new, title), tolerance)
        else:
            changes.append(Change(ADDED, "sheet", (title,), "", None, None, "", f"{title}!A1"))
    changes += [
        Change(REMOVED, "sheet", (title,), "", None, None, f"{title}!A1", "")
        for title in old.sheetnames
        if title not in new.sheetnames
    ]
    return changes


def _grid(book: Workbook, title: str) -> dict[tuple[int, int], object]:
    """(row, column) -> value of every non-blank cell of a sheet (1-based)."""
    return {
        (row, col): value
        for row, values in enumerate(_sheet_rows(book, title), start=1)
        for col, value in enumerate(values, start=1)
        if _clean(value) is not None
    }


def _cell_changes(
    title: str, old: dict[tuple[int, int], object], new: dict[tuple[int, int], object], tolerance: float
) -> list[Change]:
    changes = []
    for row, col in sorted(old.keys() | new.keys()):
        before, after = old.get((row, col)), new.get((row, col))
        if _same(before, after, tolerance):
            continue
        ref = f"{get_column_letter(col)}{row}"
        place = f"{title}!{ref}"
        kind = ADDED if before is None else REMOVED if after is None else CHANGED
        old_place = "" if before is None else place
        new_place = "" if after is None else place
        changes.append(
            Change(kind, "cell", (title, ref), "", _clean(before), _clean(after), old_place, new_place)
        )
    return changes
