"""Reading one form (a :class:`~evalxl.forms.layout.Region` of a sheet) block by block: the header
fields, 项目资金, 年度总体目标, the indicators, then 说明, 总分 and 自评等级. Each block is found by
its label; what cannot be read is an :class:`~evalxl.forms.records.Unreadable` naming the cell
where the form stops making sense.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from evalxl.contract import form_labels
from evalxl.findings import Finding, Place, finding
from evalxl.forms.grid import Grid, Value, header_key
from evalxl.forms.layout import LEVELS, Region, header_field, indicator_header, is_label, is_title, year_in
from evalxl.forms.records import FundLine, IndicatorLine, ReadForm, Unreadable

_SPACES = re.compile(r"\s+")


class _Stop(Exception):
    """The form stops making sense at ``place``."""

    def __init__(self, place: Place, reason: str) -> None:
        super().__init__(reason)
        self.place, self.reason = place, reason


def read_form(grid: Grid, region: Region) -> ReadForm | Unreadable:
    """One form of a sheet, or why it cannot be read."""
    name_place = grid.place(region.name_row, region.name_col)
    name = _right_of(grid, region.name_row, region.name_col)
    project = "" if name.blank else name.text()
    try:
        if name.blank:
            raise _Stop(name_place, "“项目名称”右侧没有填写项目名称")
        return _read(grid, region, name)
    except _Stop as stop:
        return Unreadable(grid.title, region.top, region.bottom, stop.place, stop.reason, project)


def _read(grid: Grid, region: Region, name: Value) -> ReadForm:
    labels = form_labels()
    rows = range(region.name_row, region.bottom + 1)
    funds_row = next((r for r in rows if _funds_label(grid, r)), 0)
    header_row = next((r for r in rows if indicator_header(grid, r)), 0)
    name_place = grid.place(region.name_row, region.name_col)
    if not header_row:
        raise _Stop(name_place, "其下找不到绩效指标表头（一级指标、二级指标、三级指标、年度指标值 …）")
    if not funds_row or funds_row > header_row:
        raise _Stop(name_place, "其下、绩效指标之前找不到“项目资金”")
    columns = indicator_header(grid, header_row)
    missing = [n for n in (*LEVELS, "target", "actual") if n not in columns]
    if missing:
        shown = "、".join(labels.indicator_columns[n][0] for n in missing)
        raise _Stop(grid.place(header_row, 1), f"绩效指标表头缺少“{shown}”列")
    goals_row = next((r for r in range(funds_row + 1, header_row) if _goals_label(grid, r)), header_row)
    found: list[Finding] = []
    unit, unit_place = _money_unit(grid, funds_row, region, found)
    funds, fund_columns = _funds(grid, funds_row, goals_row)
    lines, end_row = _indicators(grid, header_row, columns, region.bottom)
    remark, total, grade = _end(grid, end_row, region.bottom, columns)
    return ReadForm(
        sheet=grid.title,
        first_row=region.top,
        last_row=region.bottom,
        name=name,
        header=dict(_header(grid, region.name_row, funds_row)),
        year=_year(grid, region),
        money_unit=unit,
        unit_place=unit_place,
        funds=funds,
        fund_columns=fund_columns,
        goals=_goals(grid, goals_row, header_row),
        indicators=lines,
        indicator_columns=frozenset(columns),
        remark=remark,
        total=total,
        grade=grade,
        findings=tuple(found),
    )


# --------------------------------------------------------------------------- header rows


def _right_of(grid: Grid, row: int, col: int) -> Value:
    """A label's value: the first cell holding something right of it, before the next label; blank
    (at the cell just right of the label) when there is none."""
    after = grid.end(row, col)[1]
    for c, value in grid.items(row):
        if c <= after:
            continue
        if isinstance(value, str) and is_label(grid.key(row, c)):
            break
        return grid.value(row, c)
    return Value("", grid.place(row, after + 1))


def _header(grid: Grid, first: int, last: int) -> Iterator[tuple[str, Value]]:
    """The header fields (code, department, unit, leader, phone, leader_phone) of rows first..last-1."""
    seen: set[str] = {"name"}
    for row in range(first, last):
        for col, value in grid.items(row):
            field = header_field(grid.key(row, col)) if isinstance(value, str) else ""
            if field and field not in seen:
                seen.add(field)
                yield field, _right_of(grid, row, col)


def _year(grid: Grid, region: Region) -> Value | None:
    labels = form_labels()
    for row in range(region.top, region.name_row):
        for col, value in grid.items(row):
            if isinstance(value, str) and is_title(key := grid.key(row, col), labels):
                year = year_in(key, labels)
                if year is not None:
                    return Value(year, grid.place(row, col))
    return None


# --------------------------------------------------------------------------- 项目资金


def _funds_label(grid: Grid, row: int) -> int:
    """The column of the row's 项目资金 label, 0 for none."""
    prefix = form_labels().funds_label
    return next(
        (c for c, v in grid.items(row) if isinstance(v, str) and grid.key(row, c).startswith(prefix)), 0
    )


def _money_unit(grid: Grid, row: int, region: Region, found: list[Finding]) -> tuple[str, Place]:
    """The unit the 项目资金 label (or one of its column headers) names; else the default, with a
    warning at the label."""
    labels = form_labels()
    col = _funds_label(grid, row)
    cells = [(row, col)] + [(row, c) for c, v in grid.items(row) if c != col and isinstance(v, str)]
    for r, c in cells:
        brackets = re.findall(r"\(([^()]*)\)", grid.key(r, c))
        for unit in labels.money_units:
            if unit in brackets:
                return unit, grid.place(r, c)
    place = grid.place(row, col)
    found.append(
        finding("FORM_MONEY_UNIT_ASSUMED", place, label=grid.value(row, col).text(), unit=labels.default_unit)
    )
    return labels.default_unit, place


def _funds(grid: Grid, row: int, last: int) -> tuple[tuple[FundLine, ...], frozenset[str]]:
    """The rows of the 项目资金 block (the label's row to the row before ``last``)."""
    labels = form_labels()
    columns = _fund_columns(grid, row)
    header_row = row
    if "budget" not in columns and row + 1 < last:
        header_row, columns = row + 1, _fund_columns(grid, row + 1)
    if "budget" not in columns or "executed" not in columns:
        names = (labels.fund_columns["budget"][0], labels.fund_columns["executed"][0])
        raise _Stop(grid.place(row, _funds_label(grid, row)), "项目资金缺少“{}”或“{}”列".format(*names))
    first_amount = min(first for first, _last in columns.values())
    lines = []
    for r in range(header_row + 1, last):
        label = next(((c, v) for c, v in grid.items(r) if c < first_amount and isinstance(v, str)), None)
        values = {
            name: grid.first(r, a, b) or Value("", grid.place(r, a)) for name, (a, b) in columns.items()
        }
        if label is None and all(v.blank for v in values.values()):
            continue
        key = grid.key(r, label[0]) if label else ""
        if key.startswith(labels.funds_label):
            key = ""
        total = key in labels.total_row
        for prefix in labels.source_prefixes:
            if key.startswith(prefix) and len(key) > len(prefix):
                key = key[len(prefix) :]
                break
        place = grid.place(r, label[0] if label else first_amount)
        lines.append(FundLine(key, place, values, total))
    return tuple(lines), frozenset(columns)


def _fund_columns(grid: Grid, row: int) -> dict[str, tuple[int, int]]:
    found: dict[str, tuple[int, int]] = {}
    for col, value in grid.items(row):
        if not isinstance(value, str):
            continue
        key = header_key(value)
        for name, spellings in form_labels().fund_columns.items():
            if name not in found and key in spellings:
                found[name] = (col, grid.end(row, col)[1])
                break
    return found


# --------------------------------------------------------------------------- 年度总体目标


def _goals_label(grid: Grid, row: int) -> bool:
    labels = form_labels()
    keys = {grid.key(row, c) for c, v in grid.items(row) if isinstance(v, str)}
    return bool(keys & {*labels.goals, *labels.planned, *labels.achieved})


def _goals(grid: Grid, first: int, last: int) -> dict[str, Value]:
    """年初设定目标 and 全年实际完成情况: the value right of each sub-label, else below it."""
    labels = form_labels()
    goals: dict[str, Value] = {}
    for row in range(first, last):
        for col, value in grid.items(row):
            key = grid.key(row, col) if isinstance(value, str) else ""
            which = "planned" if key in labels.planned else "achieved" if key in labels.achieved else ""
            if not which or which in goals:
                continue
            right = _right_of(grid, row, col)
            if right.blank:
                below, end = grid.end(row, col)[0] + 1, grid.end(row, col)[1]
                under = grid.first(below, col, end) if below < last else None
                right = under if under is not None else Value("", grid.place(min(below, last - 1), col))
            goals[which] = right
    if not goals and first < last:
        label = next((c for c, v in grid.items(first) if grid.key(first, c) in labels.goals), 0)
        if label:
            goals["planned"] = _right_of(grid, first, label)
    return goals


# --------------------------------------------------------------------------- indicators and the end


def _stop_row(grid: Grid, row: int) -> bool:
    """Whether a row ends the indicator block: its first cell (the 绩效指标 label aside) is 说明,
    总分, 自评等级, a note or another form's label."""
    labels = form_labels()
    for col, value in grid.items(row):
        if not isinstance(value, str):
            return False
        key = grid.key(row, col)
        if key in labels.indicators:
            continue
        bare = key.rstrip(":")
        return (
            bare in (*labels.remark, *labels.total)
            or any(key.startswith(g) for g in labels.grade)
            or any(key.startswith(n) for n in labels.notes)
            or header_field(key) != ""
            or key.startswith(labels.funds_label)
        )
    return False


def _indicators(
    grid: Grid, header_row: int, columns: dict[str, tuple[int, int]], bottom: int
) -> tuple[tuple[IndicatorLine, ...], int]:
    """The data rows under the indicator header, and the row where the block ends."""
    lines = []
    row = header_row + 1
    while row <= bottom and not _stop_row(grid, row):
        if not indicator_header(grid, row):  # a header repeated on a new page is skipped
            values = {
                name: grid.first(row, a, b) or Value("", grid.place(row, a))
                for name, (a, b) in columns.items()
            }
            if not all(v.blank for v in values.values()):
                for level in ("level1", "level2"):
                    v = values[level]
                    if isinstance(v.raw, str):
                        values[level] = Value(_SPACES.sub("", v.raw), v.place, v.cell)
                lines.append(IndicatorLine(values["level3"].place, values))
        row += 1
    return tuple(lines), row


def _end(
    grid: Grid, first: int, bottom: int, columns: dict[str, tuple[int, int]]
) -> tuple[Value | None, Value | None, Value | None]:
    """说明, the printed total (总分 before 得分合计 and 合计) and 自评等级, up to the notes."""
    labels = form_labels()
    remark: Value | None = None
    totals: list[tuple[int, Value]] = []
    grade: Value | None = None
    for row in range(first, bottom + 1):
        items = grid.items(row)
        if (
            items
            and isinstance(items[0][1], str)
            and any(grid.key(row, items[0][0]).startswith(n) for n in labels.notes)
        ):
            break
        for col, value in items:
            key = grid.key(row, col) if isinstance(value, str) else ""
            bare = key.rstrip(":")
            if bare in labels.remark and remark is None:
                remark = _right_of(grid, row, col)
            elif bare in labels.total:
                score = columns.get("score")
                figure = grid.first(row, *score) if score else _first_number(grid, row, col)
                if figure is not None:
                    totals.append((labels.total.index(bare), figure))
            elif grade is None and (word := next((g for g in labels.grade if key.startswith(g)), "")):
                rest = key[len(word) :].lstrip(":")
                grade = Value(rest, grid.place(row, col)) if rest else _right_of(grid, row, col)
    total = min(totals, key=lambda item: item[0])[1] if totals else None
    return remark, total, grade


def _first_number(grid: Grid, row: int, col: int) -> Value | None:
    after = grid.end(row, col)[1]
    return next(
        (grid.value(row, c) for c, v in grid.items(row) if c > after and isinstance(v, int | float)), None
    )
