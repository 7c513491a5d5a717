"""The floor's list sheets, written by hand with XlsxWriter: 汇总, 计算过程 and 检查结果 with the
same cells, formats, formulas (with cached values), merged title, column widths, row heights, frozen
panes, filters and print setup as evalxl writes them, and the workbook's seal; the values come from
the content file.

Nothing here is evalxl's code: it is what any program writing these sheets has to do.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import xlsxwriter
from content import Properties, Row, SumLine, Summary, Value
from xlsxwriter.packager import Packager
from xlsxwriter.utility import xl_rowcol_to_cell

OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "in_memory": True,
}
FONT, FONT_SIZE, TITLE_SIZE = "宋体", 10.0, 16.0  # floats, as the layout file gives them
LINE_HEIGHT, PADDING, MIN_HEIGHT = 14.5, 6.0, 20.0  # a row of n lines (layouts/target_form.toml [style])
MONEY = "#,##0.00####"  # every money cell's number format (evalxl/money.py NUMBER_FORMAT)
FOOTER = "&C第 &P 页 共 &N 页"
SEAL = "evalxl 内容校验"  # the custom property holding the seal (evalxl/delivery/seal.py SEAL_PROPERTY)
TRACE_KINDS = ("text",) * 7 + ("score", "percent", "score", "score", "score") + ("text",) * 3
DECIMALS = 2  # the scores' decimals in the 小计 formulas (the default profile's)
WIDTH_SAMPLE = 2000  # rows a list sheet's column widths are measured on
BUDGET, EXECUTED, RATE, SCORE = 5, 6, 7, 8  # 汇总's columns
FIRST_ROW = 2  # 汇总: title, header, then the projects

Format = Any
Worksheet = Any


@dataclass(frozen=True)
class Formats:
    """The cell formats of one workbook, made in evalxl's order."""

    title: Format
    year: Format
    label: Format
    text: Format
    center: Format
    money: Format
    figure: Format
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


def formats(wb: Any) -> Formats:
    """The 18 formats of an evalxl workbook (宋体 10, borders, wrap, number formats)."""
    base = {"font_name": FONT, "font_size": FONT_SIZE, "valign": "vcenter"}
    boxed = {**base, "border": 1, "text_wrap": True}
    line = {**base, "border": 1}
    specs = (
        {**base, "bold": True, "font_size": TITLE_SIZE, "align": "center"},
        {**base, "align": "center"},
        {**boxed, "align": "center"},
        {**boxed, "align": "left"},
        {**boxed, "align": "center"},
        {**boxed, "align": "center", "num_format": MONEY},
        {**boxed, "align": "center", "num_format": "General"},
        {**boxed, "align": "center", "num_format": "0.00%"},
        {**base, "align": "left", "valign": "top", "text_wrap": True},
        {**boxed, "align": "center", "bold": True, "bg_color": "#F2F2F2"},
        line,
        {**line, "align": "center"},
        {**line, "num_format": MONEY},
        {**line, "num_format": "0.00%"},
        {**line, "num_format": "0.00"},
        {**line, "bold": True, "align": "center"},
        base,
        {**base, "bold": True, "font_size": 14, "align": "center"},
    )
    return Formats(*(wb.add_format(spec) for spec in specs))


def sealed(part: str) -> bool:
    """Whether the seal covers ``part``: the worksheets and the shared strings."""
    return part == "xl/sharedStrings.xml" or (
        part.startswith("xl/worksheets/sheet") and part.endswith(".xml")
    )


class _SealingPackager(Packager):  # type: ignore[misc]
    """Puts the seal into docProps/custom.xml: the SHA-256 of the worksheets and shared strings just
    assembled (in memory), in part name order, each name and part followed by a NUL."""

    def _write_custom_file(self) -> None:
        seal = hashlib.sha256()
        for name, data in sorted((name, data) for data, name, _ in self.filenames if sealed(name)):
            seal.update(name.encode() + b"\0")
            seal.update(data.getvalue().encode())
            seal.update(b"\0")
        self.workbook.custom_properties[0] = (SEAL, seal.hexdigest(), "text")
        super()._write_custom_file()


class Workbook(xlsxwriter.Workbook):  # type: ignore[misc]
    """An XlsxWriter workbook (``OPTIONS``: in memory) that records its seal when it is closed."""

    def __init__(self, filename: str) -> None:
        super().__init__(filename, OPTIONS)
        self.set_custom_property(SEAL, "-")

    def _get_packager(self) -> Packager:
        return _SealingPackager()


def set_properties(wb: Any, properties: Properties, author: str) -> None:
    """The document properties (title, subject, author, keywords, comments, created)."""
    wb.set_properties(
        {
            "title": properties.title,
            "subject": properties.subject,
            "author": author,
            "keywords": properties.keywords,
            "comments": properties.comments,
            "created": properties.created,
        }
    )


@functools.lru_cache(maxsize=65536)
def display_width(text: str) -> int:
    """Width of ``text`` in Excel character units: wide (CJK) characters count 2."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def put(ws: Worksheet, row: int, col: int, value: Value, fmt: Format) -> None:
    """One cell by type: text as a string, a finite number, else a formatted blank."""
    if isinstance(value, str) and value:
        ws.write_string(row, col, value, fmt)
    elif isinstance(value, int | float) and math.isfinite(value):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_blank(row, col, None, fmt)


def put_row(
    ws: Worksheet, row: int, values: Sequence[Value], fmts: Sequence[Format], blanks: bool = True
) -> None:
    """A row of cells; with ``blanks`` false an empty cell is left out (list sheets)."""
    for col, (value, fmt) in enumerate(zip(values, fmts, strict=True)):
        if blanks or (value is not None and value != ""):
            put(ws, row, col, value, fmt)


def column_widths(ws: Worksheet, rows: Sequence[Sequence[Value]], high: int = 50) -> None:
    """Each column as wide as its widest text in the first rows (a number or nothing counts 12)."""
    for col, column in enumerate(zip(*rows[:WIDTH_SAMPLE], strict=False)):
        widest = max((display_width(v) if isinstance(v, str) else 12 for v in column), default=6)
        ws.set_column(col, col, min(high, max(6, widest + 2)))


def print_landscape(ws: Worksheet, header_row: int) -> None:
    """A4 landscape, one page wide, the header row repeated, page numbers in the footer."""
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)
    ws.set_footer(FOOTER)


def list_setup(ws: Worksheet, last_row: int, last_col: int) -> None:
    """Header frozen and filtered; printed landscape."""
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, last_row, last_col)
    print_landscape(ws, 0)


# --------------------------------------------------------------------------- 汇总


def refs(rows: Sequence[int], col: int) -> str:
    """``F3:F9`` for consecutive rows, else ``F5,F9``."""
    cells = [xl_rowcol_to_cell(row, col) for row in rows]
    if len(cells) > 1 and list(rows) == list(range(rows[0], rows[-1] + 1)):
        return f"{cells[0]}:{cells[-1]}"
    return ",".join(cells)


def rate_formula(row: int) -> str:
    """``=IF(F3=0,"",G3/F3)``."""
    budget, executed = xl_rowcol_to_cell(row, BUDGET), xl_rowcol_to_cell(row, EXECUTED)
    return f'=IF({budget}=0,"",{executed}/{budget})'


def project_line(ws: Worksheet, row: int, values: Row, fmt: Formats) -> None:
    """A project's 汇总 row (10 values, then the 执行率's cached value for its formula)."""
    kinds = (fmt.number, *[fmt.cell] * 4, fmt.amount, fmt.amount, fmt.percent, fmt.score, fmt.number)
    put_row(ws, row, values[:10], kinds)
    ws.write_formula(row, RATE, rate_formula(row), fmt.percent, values[10])


def sum_line(ws: Worksheet, row: int, line: SumLine, summed: Sequence[int], fmt: Formats) -> None:
    """A 小计/合计 row: SUM formulas over ``summed`` with their cached values, and the 执行率."""
    put_row(ws, row, [None, line.label, None, None, None], [fmt.cell, fmt.total, *[fmt.cell] * 3])
    for col, value in ((BUDGET, line.budget), (EXECUTED, line.executed)):
        if summed:
            ws.write_formula(row, col, f"=SUM({refs(summed, col)})", fmt.amount, value)
        else:
            ws.write_number(row, col, value, fmt.amount)
    ws.write_formula(row, RATE, rate_formula(row), fmt.percent, line.rate)


def subtotal_line(ws: Worksheet, row: int, line: SumLine, members: range, fmt: Formats) -> list[Value]:
    """A department's 小计 with its fund-weighted score (SUMPRODUCT); the row as measured for widths."""
    sum_line(ws, row, line, members, fmt)
    total = xl_rowcol_to_cell(row, BUDGET)
    products = f"SUMPRODUCT({refs(members, BUDGET)},{refs(members, SCORE)})"
    formula = f'=IF({total}=0,"",ROUND({products}/{total},{DECIMALS}))'
    ws.write_formula(row, SCORE, formula, fmt.score, line.average)
    put(ws, row, SCORE + 1, None, fmt.number)
    return [None, line.label, None, None, None, line.budget, line.executed, None, line.average, None]


def write_summary(ws: Worksheet, summary: Summary, fmt: Formats) -> None:
    """汇总: title, header, the projects with a 小计 after each department's (when several), 合计,
    the counts and the provenance line."""
    headers = list(summary.headers)
    ws.merge_range(0, 0, 0, len(headers) - 1, None, fmt.sheet_title)
    ws.write_string(0, 0, summary.title, fmt.sheet_title)
    ws.set_row(0, 28)
    put_row(ws, 1, headers, [fmt.head] * len(headers))
    measured: list[Sequence[Value]] = [headers]
    row, first, subtotals = FIRST_ROW, FIRST_ROW, []
    for line in summary.lines:
        if not isinstance(line, SumLine):
            project_line(ws, row, line, fmt)
            measured.append(line[:10])
        elif line is not summary.lines[-1]:
            measured.append(subtotal_line(ws, row, line, range(first, row), fmt))
            subtotals.append(row)
            first = row + 1
        else:
            sum_line(ws, row, line, subtotals or range(FIRST_ROW, row), fmt)
            put(ws, row, SCORE, None, fmt.score)
            put(ws, row, SCORE + 1, None, fmt.number)
        row += 1
    ws.write_string(row + 1, 0, summary.counts, fmt.plain)
    ws.write_string(row + 2, 0, summary.provenance, fmt.plain)
    column_widths(ws, measured)
    ws.set_column(BUDGET, EXECUTED, 16)
    ws.freeze_panes(FIRST_ROW, 0)
    print_landscape(ws, 1)


# --------------------------------------------------------------------------- 计算过程 and 检查结果

TRACE_HEADERS = (
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
CHECK_HEADERS = ("级别", "代码", "位置", "说明")


# 计算过程 prints legibly (issue 14): each column as wide as workbook_templates/output_sheets.toml
# [trace] widths says, its margins; text wraps and a row is as tall as its most-wrapped text cell; on
# the 预算执行率 rows the amounts (全年预算数, 全年执行数 in 年度指标值, 全年完成值) widen their column.
TRACE_WIDTHS = (11, 10, 12, 13, 11, 12, 6, 7, 9, 7, 7, 7, 29, 9, 13)
TRACE_MARGINS = (0.25, 0.25, 0.5, 0.6)
WRAPPED = tuple((col, width) for col, width in enumerate(TRACE_WIDTHS) if TRACE_KINDS[col] == "text")
BUDGET_ROW, AMOUNTS = "预算执行率", (4, 5)
WRAP_RUNS = re.compile(r"[ -~]+|[^ -~]+")  # printable ASCII (breaks at spaces), the rest (anywhere)


def height(lines: int) -> float:
    """The row height in points for ``lines`` lines of text."""
    return max(MIN_HEIGHT, lines * LINE_HEIGHT + PADDING)


@functools.lru_cache(maxsize=65536)
def wrapped_lines(text: str, width: float) -> int:
    """Lines ``text`` takes in a column ``width`` units wide (one unit spare): ASCII words break at
    spaces (one longer than a line anywhere), other text anywhere with no wide character split over
    two lines (a line of odd width keeps a unit free); each line break starts a line."""
    usable = max(2.0, width - 1)
    if len(text) * 2 <= usable and "\n" not in text:
        return 1
    lines, wide_line = 0, usable - usable % 2
    for part in text.splitlines() or [""]:
        lines, used = lines + 1, 0.0
        for run in WRAP_RUNS.findall(part):
            if run[0] >= "\x7f":  # each line after the first takes ``wide_line`` units of the run
                used += display_width(run)
                if used > usable:
                    more = math.ceil((used - usable) / wide_line)
                    lines, used = lines + more, used - more * wide_line
                continue
            for number, word in enumerate(run.split(" ")):
                size = len(word) + (number > 0)  # and the space before it
                if used and used + size > usable:
                    lines, used, size = lines + 1, 0.0, len(word)
                used += size
                if used > usable:  # a word longer than a line: broken every ``usable`` units
                    more = math.ceil((used - usable) / usable)
                    lines, used = lines + more, used - more * usable
    return lines


def amount_width(value: Value) -> float:
    """The width an amount needs in the money format (``#,##0.00####``) and a unit spare."""
    if not isinstance(value, int | float):
        return 0.0
    whole, _, decimals = f"{value:,.6f}".rstrip("0").partition(".")
    return len(whole) + 1 + max(2, len(decimals)) + 1


def tall(ws: Worksheet, row: int, values: Sequence[Value]) -> None:
    """``row`` as tall as its most-wrapped text needs (a row of one line keeps the default)."""
    lines = max(
        (
            wrapped_lines(values[col], width)
            for col, width in WRAPPED
            if isinstance(values[col], str) and values[col]
        ),
        default=1,
    )
    if lines > 1:
        ws.set_row(row, height(lines))


def write_trace(ws: Worksheet, rows: Sequence[Row], fmt: Formats) -> None:
    """计算过程: the header, then the rows (empty cells left out; the 预算执行率 rows' amounts in the
    money format), each as tall as its text; the widths, a list sheet's setup, margins and the grid
    printed."""
    kinds = [getattr(fmt, kind) for kind in TRACE_KINDS]
    budget_kinds = [*kinds[:4], fmt.amount, fmt.amount, *kinds[6:]]
    put_row(ws, 0, TRACE_HEADERS, [fmt.head] * len(TRACE_HEADERS))
    tall(ws, 0, TRACE_HEADERS)
    widths: list[float] = list(TRACE_WIDTHS)
    for row, values in enumerate(rows, start=1):
        if values[3] == BUDGET_ROW and not isinstance(values[4], str):
            put_row(ws, row, values, budget_kinds, blanks=False)
            for col in AMOUNTS:
                widths[col] = max(widths[col], amount_width(values[col]))
        else:
            put_row(ws, row, values, kinds, blanks=False)
        tall(ws, row, values)
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    list_setup(ws, len(rows), len(TRACE_HEADERS) - 1)
    ws.set_margins(*TRACE_MARGINS)
    ws.hide_gridlines(0)


def write_checks(ws: Worksheet, rows: Sequence[Row], fmt: Formats) -> None:
    """检查结果: the header, then the findings (or the 未发现问题 row) as given."""
    put_row(ws, 0, CHECK_HEADERS, [fmt.head] * len(CHECK_HEADERS))
    for row, values in enumerate(rows, start=1):
        put_row(ws, row, values, [fmt.cell] * len(CHECK_HEADERS), blanks=False)
    column_widths(ws, [CHECK_HEADERS, *rows[: WIDTH_SAMPLE - 1]], high=100)
    list_setup(ws, len(rows), len(CHECK_HEADERS) - 1)
