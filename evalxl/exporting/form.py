"""The form renderer: one 自评表 sheet, block by block, on the grid its layout computes.

Every form is rendered from one layout (:mod:`evalxl.exporting.layout`, the data files
``layouts/*.toml``): the run's 表样 picks it, and this one renderer places its blocks (title, header
rows, 项目资金, 年度总体目标, the indicators, 总分, 说明, notes); no code path belongs to one layout.
Row heights are estimated from the text, since Excel does not autofit merged cells.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field

from evalxl.exporting.cells import (
    Cell,
    Format,
    Worksheet,
    number_text,
    text_lines,
    usable_width,
    write_cell,
    year_text,
)
from evalxl.exporting.formats import Formats
from evalxl.exporting.layout import FundColumn, Layout, Span, TotalRow
from evalxl.model import FundLine, FundRow, Project, ScoredIndicator, ScoredProject, Settings


@dataclass
class Form:
    """A form sheet being filled: writes cells and merged ranges and estimates row heights."""

    ws: Worksheet
    layout: Layout
    fmt: Formats
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
        write_cell(self.ws, row, col, value, fmt)
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


def write_form(form: Form, scored: ScoredProject, settings: Settings) -> None:
    """Fill one form sheet, block by block as its layout says, then its row heights and print setup."""
    top = _form_title(form, year_text(settings.year))
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


def _form_title(form: Form, year: str) -> int:
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


def _form_header(form: Form, row: int, project: Project) -> int:
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
    "weight": lambda scored: (
        scored.budget_weight if scored.budget_score is not None or scored.rate is None else None
    ),
    "score": lambda scored: scored.budget_score,
}


def _fund_cell(column: FundColumn, row: FundRow, scored: ScoredProject, fmt: Formats) -> tuple[Cell, Format]:
    """The value of one 项目资金 cell and its format; 分值 and 得分 belong to the total row."""
    if column.sub_rows is not None and not row.total:
        return column.sub_rows, fmt.center
    value_fmt = (
        fmt.rate if column.value == "rate" else fmt.money if column.value in _LINE_VALUES else fmt.figure
    )
    if column.value in _BUDGET_SCORE_VALUES:
        return (_BUDGET_SCORE_VALUES[column.value](scored) if row.total else None), value_fmt
    return (_LINE_VALUES[column.value](row.line) if row.line else None), value_fmt


def _form_funds(form: Form, row: int, scored: ScoredProject, money_unit: str) -> int:
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


def _form_goals(form: Form, row: int, project: Project) -> int:
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
    "weight": (lambda i: i.weight, "figure"),
    "score": (lambda i: i.score, "figure"),
    "reason": (lambda i: i.reason, "text"),
}
_MERGED_RUNS: dict[str, Callable[[ScoredIndicator], Hashable]] = {
    "level1": lambda i: i.level1,
    "level2": lambda i: (i.level1, i.level2),
}


def _form_indicators(form: Form, row: int, indicators: Sequence[ScoredIndicator]) -> int:
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


def _form_total(form: Form, row: int, scored: ScoredProject, settings: Settings) -> int:
    """The 总分 row; above it a 得分合计 row with the column sums when the total is not their sum."""
    total = form.layout.total
    if total is None:
        return row
    weights = scored.weights_total
    raw, score = scored.raw_total, scored.score
    if raw is not None and score is not None and abs(raw - score) > 1e-9:
        note = _total_note(total, scored, weights, settings)
        _total_row(form, row, total.raw_label, weights, raw, note)
        row += 1
        weights = settings.rescale_to if scored.scale != 1 else weights
    grade = total.grade.format(grade=scored.grade) if scored.grade and total.grade else ""
    _total_row(form, row, total.label, weights, score, grade)
    return row + 1


def _total_note(total: TotalRow, scored: ScoredProject, weights: float, settings: Settings) -> str:
    """Why 总分 is not the sum of the 得分 column: the rescaling, and a cap the rules applied."""
    notes = []
    if scored.scale != 1:
        to, applicable = number_text(settings.rescale_to), number_text(weights)
        notes.append(total.rescaled.format(raw=number_text(scored.raw_total), to=to, applicable=applicable))
    if scored.cap is not None:
        notes.append(total.adjusted.format(score=number_text(scored.score)))
    return "；".join(notes)


def _total_row(form: Form, row: int, label: str, weight: float, score: float | None, note: str) -> None:
    label_span, weight_col, score_col, note_span = form.layout.total_spans()
    form.put_span(row, label_span, label, form.fmt.label)
    end = note_span[0] if note_span else form.layout.last_col + 1
    for col in range(label_span[1] + 1, end):
        value = weight if col == weight_col else score if col == score_col else None
        form.put(row, col, value, form.fmt.figure)
    if note_span:
        form.put_span(row, note_span, note, form.fmt.text)


def _form_remark(form: Form, row: int, remark: str) -> int:
    if not form.layout.remark:
        return row
    form.put(row, 0, form.layout.remark, form.fmt.label)
    form.put_span(row, (1, form.layout.last_col), remark, form.fmt.text)
    return row + 1


def _form_notes(form: Form, row: int) -> int:
    for offset, note in enumerate(form.layout.notes):
        form.put_span(row + offset, (0, form.layout.last_col), note, form.fmt.note)
    return row + len(form.layout.notes)


def _form_print_setup(form: Form, last_row: int, title_rows: int) -> None:
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
