"""The floor's form: one 项目支出绩效目标自评表 (layout 目标自评表) written by hand with XlsxWriter,
with the same cells, formats, merged ranges, row heights and print setup as evalxl's.

The layout's grid is written out here as constants (evalxl computes it from
``workbook_templates/layouts/target_form.toml``); the texts and figures come from the content file.
Row heights are estimated as evalxl does (lines of wrapped text × line height + padding; a merged
range's rows share what its text needs), because a writer of this form has to do that too.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field

from content import Form, Value
from floor_sheets import FOOTER, Format, Formats, Worksheet, display_width, height, put

WIDTHS = (6, 10, 14, 22, 15, 14, 22)  # 绩效指标 label, then 一级 … 原因
LAST = len(WIDTHS) - 1
TITLE = "项目支出绩效目标自评表"
TITLE_HEIGHT, YEAR_HEIGHT = 30, 20
FUND_HEADERS = (((3, 3), "全年预算数（A）"), ((4, 4), "全年执行数（B）"), ((5, 6), "执行率（B/A）"))
INDICATOR_HEADERS = ("一级指标", "二级指标", "三级指标", "年度指标值", "全年完成值", "未完成原因和改进措施")
INDICATOR_KINDS = ("center", "center", "text", "center", "center", "text")
NOTES = (
    "注：1、其他资金包括和中央补助、地方财政资金共同投入到同一项目的自有资金、社会资金，以及以前年度的结转结余资金等。",
    "2、定量指标，资金使用单位填写本部门实际完成数。主管部门汇总时，对绝对值直接累加计算，相对值按照资金额度加权平均计算。",
    "3、定性指标根据指标完成情况分为：全部或基本达成预期指标、部分达成预期指标并具有一定效果、未达成预期指标且效果较差三档，"
    "资金使用单位分别按照 100%—80%（含）、80%—60%（含）、60%—0% 合理填写完成比例。",
)
Span = tuple[int, int]


def text_lines(text: str, width: float) -> int:
    """Lines ``text`` takes wrapped in a cell ``width`` units wide (each line break starts one)."""
    usable = max(1.0, width)
    return sum(max(1, math.ceil(display_width(part) / usable)) for part in text.splitlines() or [""])


@dataclass
class Sheet:
    """A form sheet being written: cells, merged ranges and the lines each row needs."""

    ws: Worksheet
    fmt: Formats
    lines: dict[int, int] = field(default_factory=dict)
    spans: list[tuple[int, int, int]] = field(default_factory=list)

    def put(
        self,
        row: int,
        col: int,
        value: Value,
        fmt: Format,
        last_row: int | None = None,
        last_col: int | None = None,
    ) -> None:
        """``value`` at (row, col), merged down to ``last_row`` and across to ``last_col``."""
        end_row = row if last_row is None else last_row
        end_col = col if last_col is None else last_col
        if (end_row, end_col) != (row, col):
            self.ws.merge_range(row, col, end_row, end_col, None, fmt)
        put(self.ws, row, col, value, fmt)
        if isinstance(value, str) and value:
            widths = WIDTHS[col : end_col + 1]
            lines = text_lines(value, sum(widths) + 0.7 * (len(widths) - 1))
            if end_row == row:
                self.lines[row] = max(self.lines.get(row, 1), lines)
            else:
                self.spans.append((row, end_row, lines))

    def span(self, row: int, cols: Span, value: Value, fmt: Format, last_row: int | None = None) -> None:
        """``value`` across the columns ``cols`` (and down to ``last_row``)."""
        self.put(row, cols[0], value, fmt, last_row=last_row, last_col=cols[1])

    def set_heights(self, first: int, last: int) -> None:
        """Rows ``first..last`` as tall as their text; merged rows share what their text needs."""
        heights = {row: height(self.lines.get(row, 1)) for row in range(first, last + 1)}
        for top, bottom, lines in self.spans:
            missing = height(lines) - sum(heights[row] for row in range(top, bottom + 1))
            if missing > 0:
                for row in range(top, bottom + 1):
                    heights[row] += missing / (bottom - top + 1)
        for row, points in heights.items():
            self.ws.set_row(row, round(points, 2))


def header(sheet: Sheet, form: Form) -> int:
    """Column widths, title, year line and the three header rows; the next row."""
    fmt, whole = sheet.fmt, (0, LAST)
    for col, width in enumerate(WIDTHS):
        sheet.ws.set_column(col, col, width)
    sheet.span(0, whole, TITLE, fmt.title)
    sheet.ws.set_row(0, TITLE_HEIGHT)
    row = 1
    if form.year_line:
        sheet.span(1, whole, form.year_line, fmt.year)
        sheet.ws.set_row(1, YEAR_HEIGHT)
        row = 2
    sheet.span(row, (0, 1), "项目支出名称", fmt.label)
    sheet.span(row, (2, 4), form.name, fmt.text)
    sheet.span(row, (5, 5), "负责人及电话", fmt.label)
    sheet.span(row, (6, 6), form.leader_phone, fmt.text)
    for offset, (label, value) in enumerate((("主管部门", form.department), ("项目实施单位", form.unit)), 1):
        sheet.span(row + offset, (0, 1), label, fmt.label)
        sheet.span(row + offset, (2, LAST), value, fmt.text)
    return row + 3


def funds(sheet: Sheet, row: int, form: Form) -> int:
    """项目资金: the caption, the column headers, the total row and one row per 资金来源."""
    fmt, last = sheet.fmt, row + len(form.funds)
    sheet.span(row, (0, 1), form.caption, fmt.label, last_row=last)
    sheet.put(row, 2, None, fmt.label)
    for cols, text in FUND_HEADERS:
        sheet.span(row, cols, text, fmt.label)
    for line_row, (label, budget, executed, rate) in enumerate(form.funds, start=row + 1):
        sheet.put(line_row, 2, label, fmt.label)
        for (cols, _), value, kind in zip(
            FUND_HEADERS, (budget, executed, rate), (fmt.money, fmt.money, fmt.rate), strict=True
        ):
            sheet.span(line_row, cols, value, kind)
    return last + 1


def goals(sheet: Sheet, row: int, form: Form) -> int:
    """年度总体目标: the label, the two column labels, the two texts."""
    fmt = sheet.fmt
    sheet.put(row, 0, "年度总体目标", fmt.label, last_row=row + 1)
    sheet.span(row, (1, 3), "年初设定目标", fmt.label)
    sheet.span(row, (4, LAST), "全年实际完成情况", fmt.label)
    sheet.span(row + 1, (1, 3), form.goal, fmt.text)
    sheet.span(row + 1, (4, LAST), form.achieved, fmt.text)
    return row + 2


def runs(
    items: Sequence[tuple[Value, ...]], key: Callable[[tuple[Value, ...]], Hashable]
) -> list[tuple[int, int, tuple[Value, ...]]]:
    """(first, last, first item) of each run of consecutive items with the same key."""
    found, start = [], 0
    for _, group in itertools.groupby(items, key=key):
        members = list(group)
        found.append((start, start + len(members) - 1, members[0]))
        start += len(members)
    return found


MERGED_RUNS: dict[int, Callable[[tuple[Value, ...]], Hashable]] = {
    1: lambda ind: ind[0],
    2: lambda ind: (ind[0], ind[1]),
}


def indicators(sheet: Sheet, row: int, form: Form) -> int:
    """绩效指标: the label down the block, the headers, then column by column the indicators'
    cells, the runs of equal 一级/二级指标 merged."""
    items, first = form.indicators, row + 1
    sheet.put(row, 0, "绩效指标", sheet.fmt.label, last_row=row + len(items))
    for col, (text, kind) in enumerate(zip(INDICATOR_HEADERS, INDICATOR_KINDS, strict=True), start=1):
        sheet.put(row, col, text, sheet.fmt.label)
        fmt = getattr(sheet.fmt, kind)
        if col in MERGED_RUNS:
            for start, end, ind in runs(items, MERGED_RUNS[col]):
                sheet.put(first + start, col, ind[col - 1], fmt, last_row=first + end)
        else:
            for ind_row, ind in enumerate(items, start=first):
                sheet.put(ind_row, col, ind[col - 1], fmt)
    return first + len(items)


def write_form(ws: Worksheet, form: Form, fmt: Formats) -> None:
    """The form of one project, block by block, then its row heights and print setup."""
    sheet = Sheet(ws, fmt)
    row = header(sheet, form)
    top, title_rows = (2 if form.year_line else 1), row - 1
    row = indicators(sheet, goals(sheet, funds(sheet, row, form), form), form)
    sheet.put(row, 0, "说明", fmt.label)
    sheet.span(row, (1, LAST), form.remark, fmt.text)
    for offset, note in enumerate(NOTES, start=row + 1):
        sheet.span(offset, (0, LAST), note, fmt.note)
    end = row + len(NOTES)
    sheet.set_heights(top, end)
    ws.set_paper(9)
    ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.set_margins(0.5, 0.5, 0.6, 0.6)
    ws.center_horizontally()
    ws.print_area(0, 0, end, LAST)
    ws.repeat_rows(0, title_rows)
    ws.set_footer(FOOTER)
    ws.hide_gridlines(2)
