"""Write the output workbook: 汇总, one 自评表 per project, 计算过程 and 检查结果.

Every form is rendered from one layout (``evalxl.exporting.layout``, the data files ``layouts/*.toml``):
the run's 表样 picks it, and the one renderer below places its blocks on the grid the layout
computes (no code path belongs to one layout). The workbook is written with XlsxWriter into a
temporary file beside the target and moved into place with ``os.replace`` (never a partial file),
and its bytes depend only on the input: the creation date is fixed (``SOURCE_DATE_EPOCH`` when set).

Every text that comes from the user is written with ``write_string`` so that a target such as
``=100%`` stays text; the only formulas are the 汇总 sums, rates and weighted scores, written with
cached values.
"""

from __future__ import annotations

import functools
import itertools
import math
import unicodedata
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from evalxl import __version__
from evalxl.delivery.output_file import atomic_path, created_date
from evalxl.exporting import layout as layouts
from evalxl.exporting.layout import FundColumn, Layout, Span, TotalRow
from evalxl.findings import ERROR, NOTE, WARNING
from evalxl.model import (
    FundLine,
    FundRow,
    Project,
    RunResult,
    ScoredIndicator,
    ScoredProject,
    Settings,
    Subtotal,
)

SUMMARY_SHEET = "汇总"
TRACE_SHEET = "计算过程"
CHECKS_SHEET = "检查结果"
RESERVED_SHEETS = frozenset({SUMMARY_SHEET, TRACE_SHEET, CHECKS_SHEET})

SHEET_NAME_MAX = 31  # Excel's limit, in UTF-16 code units
_EXCEL_RESERVED = ("历史", "History")
_BAD_SHEET_CHARS = frozenset("[]:*?/\\")
_WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "in_memory": True,
}
_LIST_FOOTER = "&C第 &P 页 共 &N 页"

Cell = str | float | None
Format = Any  # xlsxwriter.format.Format (xlsxwriter ships no type information)
Worksheet = Any

_SUMMARY_HEADERS = (
    "序号",
    "项目名称",
    "项目编码",
    "主管部门",
    "项目实施单位",
    "全年预算数（{unit}）",
    "全年执行数（{unit}）",
    "执行率",
    "得分",
    "等级",
)
_SUMMARY_FIRST_ROW = 2  # title, header, then the projects
_COL_BUDGET, _COL_EXECUTED, _COL_RATE, _COL_SCORE = 5, 6, 7, 8
_TRACE_HEADERS = (
    "项目名称",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "全年完成值",
    "指标性质",
    "分值",
    "完成率",
    "计算得分",
    "自评得分",
    "得分",
    "计算方法",
    "来源单元格",
    "未完成原因和改进措施",
)
_TRACE_KINDS = ("text",) * 7 + ("score", "rate", "score", "score", "score", "text", "text", "text")
_CHECK_HEADERS = ("级别", "代码", "位置", "说明")
_BUDGET_METHOD = "min(B/A,1)×分值"
_BUDGET_NAME = "预算执行率"

# --------------------------------------------------------------------------- pure helpers


@functools.lru_cache(maxsize=65536)
def display_width(text: str) -> int:
    """Width of ``text`` in Excel character units: wide/full-width (CJK) characters count 2."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def text_lines(text: str, width_chars: float) -> int:
    """How many lines ``text`` takes when wrapped in a cell ``width_chars`` units wide (at least 1).

    Each explicit line break starts a new line; each line then wraps every ``width_chars`` units.
    """
    usable = max(1.0, width_chars)
    parts = text.splitlines() or [""]
    return sum(max(1, math.ceil(display_width(part) / usable)) for part in parts)


def usable_width(widths: Sequence[float]) -> float:
    """The text width, in character units, of a cell spanning columns of these widths.

    A column of width w is w × 7 + 5 pixels (Calibri 11's digit is 7 pixels); the 5 pixels are
    roughly the cell's inner margins, so a merged cell gains about 5/7 unit for each extra column.
    """
    return sum(widths) + 0.7 * (len(widths) - 1)


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _fit(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` UTF-16 units, without spaces or apostrophes at the ends."""
    while _utf16_len(text) > limit:
        text = text[:-1]
    return _tidy(text)


def _tidy(text: str) -> str:
    while (tidy := text.strip().strip("'")) != text:
        text = tidy
    return text


def _clean_sheet_name(name: str) -> str:
    chars = ("_" if ch in _BAD_SHEET_CHARS or unicodedata.category(ch).startswith("C") else ch for ch in name)
    return _tidy("".join(chars))


def sheet_names(names: Sequence[str], reserved: set[str] | frozenset[str]) -> list[str]:
    """Valid, unique Excel sheet names for ``names``, in order.

    Characters Excel forbids (``[]:*?/\\`` and control characters) become ``_``; names are cut to
    31 characters, never start or end with an apostrophe, and are unique ignoring case, also
    against ``reserved`` and Excel's own reserved name ``History``/``历史``: a clash gets a
    suffix ``(2)``, ``(3)``, … A blank name becomes ``项目{n}``.
    """
    taken = {name.casefold() for name in (*reserved, *_EXCEL_RESERVED)}
    result = []
    for number, name in enumerate(names, start=1):
        base = _clean_sheet_name(name) or f"项目{number}"
        candidate = _fit(base, SHEET_NAME_MAX)
        suffix_number = 1
        while not candidate or candidate.casefold() in taken:
            suffix_number += 1
            suffix = f"({suffix_number})"
            candidate = _fit(base, SHEET_NAME_MAX - len(suffix)) + suffix
        taken.add(candidate.casefold())
        result.append(candidate)
    return result


def _write(ws: Worksheet, row: int, col: int, value: Cell, fmt: Format) -> None:
    """Write one cell by type: text as a string (never a formula), numbers, else a formatted blank."""
    if isinstance(value, str) and value:
        ws.write_string(row, col, value, fmt)
    elif isinstance(value, int | float) and math.isfinite(value):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_blank(row, col, None, fmt)


def _write_row(
    ws: Worksheet, row: int, values: Sequence[Cell], formats: Sequence[Format], blanks: bool = True
) -> None:
    """Write a row; with ``blanks`` false an empty cell is left out (list sheets: no border to draw)."""
    for col, (value, fmt) in enumerate(zip(values, formats, strict=True)):
        if blanks or (value is not None and value != ""):
            _write(ws, row, col, value, fmt)


def _year(year: str) -> str:
    """The year as printed before 年度: ``2023``, also when the user wrote ``2023年`` or ``2023年度``."""
    return year.strip().removesuffix("年度").removesuffix("年").strip()


def _number_text(value: float | None) -> str:
    return "—" if value is None else f"{round(value, 6):g}"


# --------------------------------------------------------------------------- formats


@dataclass(frozen=True)
class _Formats:
    """The workbook's cell formats, made once per workbook."""

    title: Format
    year: Format
    label: Format
    text: Format
    center: Format
    money: Format
    rate: Format
    note: Format
    head: Format
    cell: Format
    number: Format
    amount: Format
    percent: Format
    score: Format
    total: Format
    plain: Format
    sheet_title: Format

    def kind(self, name: str) -> Format:
        """The format called ``name`` (a field of this class)."""
        return getattr(self, name)


def _formats(wb: Any, layout: Layout) -> _Formats:
    style = layout.style
    base: dict[str, Any] = {"font_name": style.font, "font_size": style.font_size, "valign": "vcenter"}
    boxed = {**base, "border": 1, "text_wrap": True}
    boxed_line = {**base, "border": 1}

    def make(props: dict[str, Any], **more: Any) -> Format:
        return wb.add_format({**props, **more})

    return _Formats(
        title=make(base, bold=True, font_size=style.title_size, align="center"),
        year=make(base, align="center"),
        label=make(boxed, align="center"),
        text=make(boxed, align="left"),
        center=make(boxed, align="center"),
        money=make(boxed, align="center", num_format="General"),
        rate=make(boxed, align="center", num_format="0.00%"),
        note=make(base, align="left", valign="top", text_wrap=True),
        head=make(boxed, align="center", bold=True, bg_color="#F2F2F2"),
        cell=make(boxed_line),
        number=make(boxed_line, align="center"),
        amount=make(boxed_line, num_format="#,##0.00"),
        percent=make(boxed_line, num_format="0.00%"),
        score=make(boxed_line, num_format="0.00"),
        total=make(boxed_line, bold=True, align="center"),
        plain=make(base),
        sheet_title=make(base, bold=True, font_size=14, align="center"),
    )


# --------------------------------------------------------------------------- the form


@dataclass
class _Form:
    """A form sheet being filled: writes cells and merged ranges and estimates row heights."""

    ws: Worksheet
    layout: Layout
    fmt: _Formats
    lines: dict[int, int] = field(default_factory=dict)  # row -> lines of its tallest one-row cell
    spans: list[tuple[int, int, int]] = field(default_factory=list)  # (first, last, lines) merged rows

    def put(
        self,
        row: int,
        col: int,
        value: Cell,
        fmt: Format,
        *,
        last_row: int | None = None,
        last_col: int | None = None,
    ) -> None:
        """Write ``value`` at (row, col), merged down to ``last_row`` and across to ``last_col``.

        Every cell of a merged range gets ``fmt``, so its borders print all round.
        """
        end_row = row if last_row is None else last_row
        end_col = col if last_col is None else last_col
        if (end_row, end_col) != (row, col):
            self.ws.merge_range(row, col, end_row, end_col, None, fmt)
        _write(self.ws, row, col, value, fmt)
        if isinstance(value, str) and value:
            lines = text_lines(value, usable_width(self.layout.widths[col : end_col + 1]))
            if end_row == row:
                self.lines[row] = max(self.lines.get(row, 1), lines)
            else:
                self.spans.append((row, end_row, lines))

    def put_span(
        self, row: int, span: Span, value: Cell, fmt: Format, *, last_row: int | None = None
    ) -> None:
        """Write ``value`` across the columns of ``span`` (and down to ``last_row``)."""
        self.put(row, span[0], value, fmt, last_row=last_row, last_col=span[1])

    def set_heights(self, first: int, last: int) -> None:
        """Give rows ``first..last`` the height their text needs; merged rows share what they need."""
        heights = {row: self.layout.height(self.lines.get(row, 1)) for row in range(first, last + 1)}
        for top, bottom, lines in self.spans:
            missing = self.layout.height(lines) - sum(heights[row] for row in range(top, bottom + 1))
            if missing > 0:
                for row in range(top, bottom + 1):
                    heights[row] += missing / (bottom - top + 1)
        for row, height in heights.items():
            self.ws.set_row(row, round(height, 2))


def _write_form(form: _Form, scored: ScoredProject, settings: Settings) -> None:
    """Fill one form sheet, block by block as its layout says, then its row heights and print setup."""
    top = _form_title(form, _year(settings.year))
    row = _form_header(form, top, scored.project)
    title_rows = row - 1
    row = _form_funds(form, row, scored, settings.money_unit)
    row = _form_goals(form, row, scored.project)
    row = _form_indicators(form, row, scored.indicators)
    row = _form_total(form, row, scored, settings)
    row = _form_remark(form, row, scored.project.remark)
    end = _form_notes(form, row)
    form.set_heights(top, end - 1)
    _form_print_setup(form, end - 1, title_rows)


def _form_title(form: _Form, year: str) -> int:
    layout = form.layout
    for col, width in enumerate(layout.widths):
        form.ws.set_column(col, col, width)
    whole = (0, layout.last_col)
    form.put_span(0, whole, layout.title, form.fmt.title)
    form.ws.set_row(0, layout.style.title_height)
    if not year or not layout.year_line:
        return 1
    form.put_span(1, whole, layout.year_line.format(year=year), form.fmt.year)
    form.ws.set_row(1, layout.style.year_height)
    return 2


_HEADER_VALUES: dict[str, Callable[[Project], str]] = {
    "name": lambda p: p.name,
    "code": lambda p: p.code,
    "department": lambda p: p.department,
    "unit": lambda p: p.unit,
    "leader": lambda p: p.leader,
    "phone": lambda p: p.phone,
    "leader_phone": lambda p: " ".join(part for part in (p.leader, p.phone) if part),
}


def _form_header(form: _Form, row: int, project: Project) -> int:
    for number, items in enumerate(form.layout.header):
        for item, (label, value) in zip(items, form.layout.header_spans(items), strict=True):
            form.put_span(row + number, label, item.label, form.fmt.label)
            form.put_span(row + number, value, _HEADER_VALUES[item.value](project), form.fmt.text)
    return row + len(form.layout.header)


_LINE_VALUES: dict[str, Callable[[FundLine], float | None]] = {
    "initial": lambda line: line.initial,
    "budget": lambda line: line.budget,
    "executed": lambda line: line.executed,
    "rate": lambda line: line.rate,
}
_BUDGET_SCORE_VALUES: dict[str, Callable[[ScoredProject], float | None]] = {
    "weight": lambda scored: scored.budget_weight,
    "score": lambda scored: scored.budget_score,
}


def _fund_cell(column: FundColumn, row: FundRow, scored: ScoredProject, fmt: _Formats) -> tuple[Cell, Format]:
    """The value of one 项目资金 cell and its format; 分值 and 得分 belong to the total row."""
    if column.sub_rows is not None and not row.total:
        return column.sub_rows, fmt.center
    value_fmt = fmt.rate if column.value == "rate" else fmt.money
    if column.value in _BUDGET_SCORE_VALUES:
        return (_BUDGET_SCORE_VALUES[column.value](scored) if row.total else None), value_fmt
    return (_LINE_VALUES[column.value](row.line) if row.line else None), value_fmt


def _form_funds(form: _Form, row: int, scored: ScoredProject, money_unit: str) -> int:
    layout, fmt = form.layout, form.fmt
    rows = scored.fund_rows
    columns = list(zip(layout.funds.columns, layout.fund_spans(), strict=True))
    caption = layout.caption()
    labels_col = caption[1] + 1
    last = row + len(rows)
    form.put_span(row, caption, layout.funds.label.format(unit=money_unit), fmt.label, last_row=last)
    form.put(row, labels_col, None, fmt.label)
    for column, span in columns:
        form.put_span(row, span, column.header, fmt.label)
    for line_row, fund_row in enumerate(rows, start=row + 1):
        form.put(line_row, labels_col, fund_row.text, fmt.label)
        for column, span in columns:
            form.put_span(line_row, span, *_fund_cell(column, fund_row, scored, fmt))
    return last + 1


def _form_goals(form: _Form, row: int, project: Project) -> int:
    goals, (planned, achieved) = form.layout.goals, form.layout.goal_spans()
    label, text = form.fmt.label, form.fmt.text
    form.put(row, 0, goals.label, label, last_row=row + 1)
    form.put_span(row, planned, goals.planned, label)
    form.put_span(row, achieved, goals.achieved, label)
    form.put_span(row + 1, planned, project.goal, text)
    form.put_span(row + 1, achieved, project.achieved, text)
    return row + 2


def _runs(
    indicators: Sequence[ScoredIndicator], key: Callable[[ScoredIndicator], Hashable]
) -> Iterator[tuple[int, int, ScoredIndicator]]:
    """(first index, last index, first item) of each run of consecutive items with the same key."""
    start = 0
    for _, group in itertools.groupby(indicators, key=key):
        items = list(group)
        yield start, start + len(items) - 1, items[0]
        start += len(items)


# What each indicator column shows, and in which format; 一级/二级指标 merge their runs.
_INDICATOR_CELLS: dict[str, tuple[Callable[[ScoredIndicator], Cell], str]] = {
    "level1": (lambda i: i.level1, "center"),
    "level2": (lambda i: i.level2, "center"),
    "level3": (lambda i: i.level3, "text"),
    "nature": (lambda i: i.nature, "center"),
    "target": (lambda i: i.target, "center"),
    "unit": (lambda i: i.unit, "center"),
    "actual": (lambda i: i.actual, "center"),
    "weight": (lambda i: i.weight, "money"),
    "score": (lambda i: i.score, "money"),
    "reason": (lambda i: i.reason, "text"),
}
_MERGED_RUNS: dict[str, Callable[[ScoredIndicator], Hashable]] = {
    "level1": lambda i: i.level1,
    "level2": lambda i: (i.level1, i.level2),
}


def _form_indicators(form: _Form, row: int, indicators: Sequence[ScoredIndicator]) -> int:
    layout, first = form.layout, row + 1
    form.put(row, 0, layout.indicator_label, form.fmt.label, last_row=row + len(indicators))
    for col, column in enumerate(layout.columns, start=1):
        form.put(row, col, column.header, form.fmt.label)
        value, kind = _INDICATOR_CELLS[column.value]
        fmt = form.fmt.kind(kind)
        if column.value in _MERGED_RUNS:
            for start, end, ind in _runs(indicators, _MERGED_RUNS[column.value]):
                form.put(first + start, col, value(ind), fmt, last_row=first + end)
        else:
            for ind_row, ind in enumerate(indicators, start=first):
                form.put(ind_row, col, value(ind), fmt)
    return first + len(indicators)


def _form_total(form: _Form, row: int, scored: ScoredProject, settings: Settings) -> int:
    """The 总分 row; above it a 得分合计 row with the column sums when the total is not their sum."""
    total = form.layout.total
    if total is None:
        return row
    weights = scored.weights_total
    raw, score = scored.raw_total, scored.score
    if raw is not None and score is not None and abs(raw - score) > 1e-9:
        note = _total_note(total, raw, score, scored.scale, weights, settings)
        _total_row(form, row, total.raw_label, weights, raw, note)
        row += 1
        weights = settings.rescale_to if scored.scale != 1 else weights
    grade = total.grade.format(grade=scored.grade) if scored.grade and total.grade else ""
    _total_row(form, row, total.label, weights, score, grade)
    return row + 1


def _total_note(
    total: TotalRow, raw: float, score: float, scale: float, weights: float, settings: Settings
) -> str:
    """Why 总分 is not the sum of the 得分 column: the rescaling, and any other rule (a cap)."""
    notes = []
    if scale != 1:
        to, applicable = _number_text(settings.rescale_to), _number_text(weights)
        notes.append(total.rescaled.format(raw=_number_text(raw), to=to, applicable=applicable))
    if abs(raw * scale - score) > 10.0**-settings.decimals:
        notes.append(total.adjusted.format(score=_number_text(score)))
    return "；".join(notes)


def _total_row(form: _Form, row: int, label: str, weight: float, score: float | None, note: str) -> None:
    label_span, weight_col, score_col, note_span = form.layout.total_spans()
    form.put_span(row, label_span, label, form.fmt.label)
    end = note_span[0] if note_span else form.layout.last_col + 1
    for col in range(label_span[1] + 1, end):
        value = weight if col == weight_col else score if col == score_col else None
        form.put(row, col, value, form.fmt.money)
    if note_span:
        form.put_span(row, note_span, note, form.fmt.text)


def _form_remark(form: _Form, row: int, remark: str) -> int:
    if not form.layout.remark:
        return row
    form.put(row, 0, form.layout.remark, form.fmt.label)
    form.put_span(row, (1, form.layout.last_col), remark, form.fmt.text)
    return row + 1


def _form_notes(form: _Form, row: int) -> int:
    for offset, note in enumerate(form.layout.notes):
        form.put_span(row + offset, (0, form.layout.last_col), note, form.fmt.note)
    return row + len(form.layout.notes)


def _form_print_setup(form: _Form, last_row: int, title_rows: int) -> None:
    """A4 as the layout says, one page wide; a form taller than a page repeats its title and header
    rows (``0..title_rows``: 项目支出名称, 主管部门, …) at the top of every page."""
    ws, page = form.ws, form.layout.page
    ws.set_paper(page.paper)
    if page.orientation == "landscape":
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.set_margins(*page.margins)
    ws.center_horizontally()
    ws.print_area(0, 0, last_row, form.layout.last_col)
    ws.repeat_rows(0, title_rows)
    ws.set_footer(page.footer)
    ws.hide_gridlines(2)


# --------------------------------------------------------------------------- the list sheets


def _print_landscape(ws: Worksheet, header_row: int) -> None:
    """A4 landscape, one page wide, the header row repeated on every page, page numbers below."""
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)
    ws.set_footer(_LIST_FOOTER)


def _list_sheet_setup(ws: Worksheet, last_row: int, last_col: int) -> None:
    """Header frozen and filtered; printed landscape."""
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, last_row, last_col)
    _print_landscape(ws, 0)


# --------------------------------------------------------------------------- 汇总


WIDTH_SAMPLE = 2000  # rows a list sheet's column widths are measured on (the header and the first rows)


def _column_widths(ws: Worksheet, rows: Sequence[Sequence[Cell]], low: int = 6, high: int = 50) -> None:
    """Set each column as wide as its longest text (numbers count as 12), within [low, high], measured
    on the first rows (a column as wide as its widest of 100,000 rows costs time and says little)."""
    for col, column in enumerate(zip(*rows[:WIDTH_SAMPLE], strict=False)):
        widest = max((display_width(v) if isinstance(v, str) else 12 for v in column), default=low)
        ws.set_column(col, col, min(high, max(low, widest + 2)))


def _write_summary(ws: Worksheet, result: RunResult, fmt: _Formats) -> None:
    settings = result.settings
    headers = [h.format(unit=settings.money_unit) for h in _SUMMARY_HEADERS]
    year = _year(settings.year)
    title = f"{year}年度项目支出绩效自评汇总" if year else "项目支出绩效自评汇总"
    ws.merge_range(0, 0, 0, len(headers) - 1, None, fmt.sheet_title)
    ws.write_string(0, 0, title, fmt.sheet_title)
    ws.set_row(0, 28)
    _write_row(ws, 1, headers, [fmt.head] * len(headers))
    rows: list[list[Cell]] = [list(headers)]
    total_row = _summary_body(ws, result, fmt, rows)
    _summary_counts(ws, total_row + 2, result, fmt)
    _column_widths(ws, rows)
    ws.set_column(_COL_BUDGET, _COL_EXECUTED, 16)
    ws.freeze_panes(_SUMMARY_FIRST_ROW, 0)
    _print_landscape(ws, 1)


def _summary_body(ws: Worksheet, result: RunResult, fmt: _Formats, rows: list[list[Cell]]) -> int:
    """The project rows, a 小计 row after each department's when there are several, then 合计.

    Appends what it writes to ``rows`` (for the column widths); returns the 合计 row.
    """
    row, numbers, subtotal_rows = _SUMMARY_FIRST_ROW, itertools.count(1), []
    several = len(result.departments) > 1
    for group in result.departments:
        first = row
        for position in group.members:
            rows.append(_summary_row(ws, row, next(numbers), result.projects[position], fmt))
            row += 1
        if several:
            decimals = result.settings.decimals
            rows.append(_summary_subtotal(ws, row, range(first, row), group, fmt, decimals))
            subtotal_rows.append(row)
            row += 1
    if result.total is not None:
        _summary_sums(ws, row, result.total, subtotal_rows or range(_SUMMARY_FIRST_ROW, row), fmt)
    _write(ws, row, _COL_SCORE, None, fmt.score)
    _write(ws, row, _COL_SCORE + 1, None, fmt.number)
    return row


def _refs(rows: Sequence[int], col: int) -> str:
    """The cells of ``rows`` in column ``col`` for a formula: ``F3:F6`` when they follow each other,
    else ``F5,F9``; "" for no row."""
    cells = [xl_rowcol_to_cell(row, col) for row in rows]
    if len(cells) > 1 and list(rows) == list(range(rows[0], rows[-1] + 1)):
        return f"{cells[0]}:{cells[-1]}"
    return ",".join(cells)


def _rate_formula(row: int) -> str:
    budget = xl_rowcol_to_cell(row, _COL_BUDGET)
    executed = xl_rowcol_to_cell(row, _COL_EXECUTED)
    return f'=IF({budget}=0,"",{executed}/{budget})'


def _summary_row(ws: Worksheet, row: int, number: int, scored: ScoredProject, fmt: _Formats) -> list[Cell]:
    project = scored.project
    values: list[Cell] = [number, project.name, project.code, project.department, project.unit]
    values += [scored.budget, scored.executed, None, scored.score, scored.grade]
    formats = [fmt.number, fmt.cell, fmt.cell, fmt.cell, fmt.cell, fmt.amount, fmt.amount]
    _write_row(ws, row, values, [*formats, fmt.percent, fmt.score, fmt.number])
    cached = scored.executed / scored.budget if scored.budget else ""
    ws.write_formula(row, _COL_RATE, _rate_formula(row), fmt.percent, cached)
    return values


def _summary_sums(ws: Worksheet, row: int, group: Subtotal, summed: Sequence[int], fmt: _Formats) -> None:
    """A sum row: its label in column B, 全年预算数 and 全年执行数 as sums of the rows ``summed`` with
    their cached values (plain numbers when there is nothing to sum), and the 执行率."""
    cells = [None, group.label, None, None, None]
    _write_row(ws, row, cells, [fmt.cell, fmt.total, fmt.cell, fmt.cell, fmt.cell])
    for col, value in ((_COL_BUDGET, group.budget), (_COL_EXECUTED, group.executed)):
        if summed:
            ws.write_formula(row, col, f"=SUM({_refs(summed, col)})", fmt.amount, value)
        else:
            ws.write_number(row, col, value, fmt.amount)
    rate: Cell = group.rate if group.rate is not None else ""
    ws.write_formula(row, _COL_RATE, _rate_formula(row), fmt.percent, rate)


def _summary_subtotal(
    ws: Worksheet, row: int, members: range, group: Subtotal, fmt: _Formats, decimals: int
) -> list[Cell]:
    """A department's 小计 (its projects in rows ``members``): sums, 执行率 and the fund-weighted
    average score (weights = each project's 全年预算数), as a SUMPRODUCT with its cached value."""
    _summary_sums(ws, row, group, members, fmt)
    average: Cell = group.average_score if group.average_score is not None else ""
    total = xl_rowcol_to_cell(row, _COL_BUDGET)
    products = f"SUMPRODUCT({_refs(members, _COL_BUDGET)},{_refs(members, _COL_SCORE)})"
    formula = f'=IF({total}=0,"",ROUND({products}/{total},{decimals}))'
    ws.write_formula(row, _COL_SCORE, formula, fmt.score, average)
    _write(ws, row, _COL_SCORE + 1, None, fmt.number)
    return [None, group.label, None, None, None, group.budget, group.executed, None, average, None]


def _summary_counts(ws: Worksheet, row: int, result: RunResult, fmt: _Formats) -> None:
    levels = [f.level for f in result.findings]
    counts = "　".join(
        f"{name}：{count}"
        for name, count in (
            ("项目数", len(result.projects)),
            (ERROR, levels.count(ERROR)),
            (WARNING, levels.count(WARNING)),
            (NOTE, levels.count(NOTE)),
        )
    )
    ws.write_string(row, 0, counts, fmt.plain)
    ws.write_string(row + 1, 0, provenance(result), fmt.plain)


# --------------------------------------------------------------------------- 计算过程


def _trace_row(
    name: str, texts: Sequence[Cell], figures: Sequence[Cell], method: str, source: str = "", reason: str = ""
) -> list[Cell]:
    """One 计算过程 row: 项目名称, six texts, five figures (分值 … 得分), 计算方法, 来源单元格, 原因."""
    return [name, *texts, *figures, method, source, reason]


def _trace_rows(scored: ScoredProject) -> Iterator[list[Cell]]:
    """The 计算过程 rows of one project: budget, scored indicators, trail lines, total."""
    name = scored.project.name
    budget = ("", "", _BUDGET_NAME, scored.budget, scored.executed, "")
    score = scored.budget_score
    yield _trace_row(name, budget, (scored.budget_weight, scored.rate, score, None, score), _BUDGET_METHOD)
    for ind in scored.indicators:
        if not ind.placeholder:
            texts = (ind.level1, ind.level2, ind.level3, ind.target, ind.actual, ind.nature)
            figures = (ind.weight, ind.completion, ind.computed, ind.self_score, ind.score)
            yield _trace_row(name, texts, figures, ind.method, ind.place or f"指标!A{ind.row}", ind.reason)
            for part in ind.parts:
                unit_texts = ("", "", f"└ {part.unit}", part.target, part.actual, "")
                unit_figures = (None, part.completion, None, None, None)
                how = f"资金使用单位“{part.unit}”填报；合并权重（资金）{_number_text(part.fund)}"
                yield _trace_row(name, unit_texts, unit_figures, how, part.place)
    for line in scored.trail:
        yield _trace_row(name, [""] * 6, [None] * 5, line)
    total = (
        f"原始得分 {_number_text(scored.raw_total)} × 折算系数 {_number_text(scored.scale)}"
        f" = {_number_text(scored.score)}，等级 {scored.grade or '—'}"
    )
    figures = (None, None, scored.raw_total, None, scored.score)
    yield _trace_row(name, ("", "", "合计", "", "", ""), figures, total)


def _write_trace(ws: Worksheet, result: RunResult, fmt: _Formats) -> None:
    kinds = {"text": fmt.cell, "score": fmt.score, "rate": fmt.percent}
    formats = [kinds[kind] for kind in _TRACE_KINDS]
    _write_row(ws, 0, _TRACE_HEADERS, [fmt.head] * len(_TRACE_HEADERS))
    rows: list[list[Cell]] = [list(_TRACE_HEADERS)]
    for scored in result.projects:
        for values in _trace_rows(scored):
            _write_row(ws, len(rows), values, formats, blanks=False)
            rows.append(values)
    _column_widths(ws, rows)
    _list_sheet_setup(ws, len(rows) - 1, len(_TRACE_HEADERS) - 1)


# --------------------------------------------------------------------------- 检查结果


def _write_checks(ws: Worksheet, result: RunResult, fmt: _Formats) -> None:
    _write_row(ws, 0, _CHECK_HEADERS, [fmt.head] * len(_CHECK_HEADERS))
    rows: list[list[Cell]] = [list(_CHECK_HEADERS)]
    if result.findings:
        rows += [[f.level, f.code, f.place, f.message] for f in result.findings]
    else:
        rows.append(["未发现问题", "", "", ""])
    for row, values in enumerate(rows[1:], start=1):
        _write_row(ws, row, values, [fmt.cell] * len(_CHECK_HEADERS), blanks=False)
    _column_widths(ws, rows, high=100)
    _list_sheet_setup(ws, len(rows) - 1, len(_CHECK_HEADERS) - 1)


# --------------------------------------------------------------------------- the workbook


def provenance(result: RunResult) -> str:
    """The 汇总's provenance line: evalxl version, rules profile, layout, and the input's SHA-256."""
    parts = [
        f"evalxl {__version__}",
        f"评分规则：{result.settings.rules_name}",
        f"表样：{result.settings.layout}",
    ]
    if result.source.name:
        parts.append(f"数据来源：{result.source.name}")
    if result.source.sha256:
        parts.append(f"SHA-256：{result.source.sha256}")
    return "；".join(parts)


def _fill(wb: Any, result: RunResult, forms: bool) -> None:
    """Add the sheets in their order (汇总, the forms, 计算过程, 检查结果) and fill them."""
    settings = result.settings
    form_layout = layouts.get(settings.layout)
    first_department = result.projects[0].project.department if result.projects else ""
    wb.set_properties(
        {
            "title": f"{_year(settings.year)}年度{form_layout.title}" if settings.year else form_layout.title,
            "subject": f"项目支出绩效自评（{result.source.name}）"
            if result.source.name
            else "项目支出绩效自评",
            "author": first_department,
            "keywords": f"项目支出绩效自评, {settings.layout}, {settings.rules_name}",
            "comments": provenance(result),
            "created": created_date(),
        }
    )
    fmt = _formats(wb, form_layout)
    summary = wb.add_worksheet(SUMMARY_SHEET)
    projects = result.projects if forms else ()
    names = sheet_names([p.project.name for p in projects], RESERVED_SHEETS)
    sheets = [wb.add_worksheet(name) for name in names]
    trace = wb.add_worksheet(TRACE_SHEET)
    checks = wb.add_worksheet(CHECKS_SHEET)
    _write_summary(summary, result, fmt)
    for ws, scored in zip(sheets, projects, strict=True):
        _write_form(_Form(ws, form_layout, fmt), scored, settings)
    _write_trace(trace, result, fmt)
    _write_checks(checks, result, fmt)


def write_workbook(result: RunResult, path: Path, *, forms: bool = True) -> None:
    """Write the output workbook for ``result`` to ``path``, atomically and reproducibly.

    With ``forms`` false the workbook holds 汇总, 计算过程 and 检查结果 only.

    The forms follow the layout named by ``result.settings.layout`` (see :mod:`evalxl.exporting.layout`).
    The workbook is built in a hidden temporary file in the same directory and moved onto
    ``path`` with ``os.replace``; on any error the temporary file is removed and the error
    re-raised, so ``path`` is either the complete new workbook or left as it was. The same
    ``result`` (and ``SOURCE_DATE_EPOCH``) always gives the same bytes. The input's name and
    SHA-256 (``result.source``) are recorded in the document properties and under the 汇总 table.
    """
    path = Path(path)
    with atomic_path(path) as tmp, xlsxwriter.Workbook(str(tmp), _WORKBOOK_OPTIONS) as wb:
        _fill(wb, result, forms)
