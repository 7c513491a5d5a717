"""The roll-up's 统计 sheet: grade counts per 主管部门 and execution-rate bands, each with a plain
native column chart (categories and values from the sheet's cells, so Excel, WPS and LibreOffice
draw it alike), the lowest-scoring projects, the projects below the execution threshold without an
explanation (and those whose file does not say), and who was expected and sent nothing.

Counted over the projects that count (the disputed ones are in 汇总 and 检查结果 only). Titles,
headers and bands are data: ``[rollup.stats]`` of ``output_sheets.toml``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from evalxl.collect.records import CollectedProject
from evalxl.contract.rollup_sheets import GRADES, RateBand, RollupPart, RollupSheets
from evalxl.exporting import layout as layouts
from evalxl.exporting.cells import Cell, Worksheet, display_width, write_row
from evalxl.exporting.formats import FormatCache, Formats
from evalxl.model import Settings

UNSCORED_AT = -2  # the 未评分 column: the header before the last (合计)
CHART_ROWS = 18  # rows kept free under a table for its chart
_CHART_SIZE = {"width": 720, "height": 330}
_NO_DEPARTMENT = "（未填主管部门）"


def grade_names(projects: Sequence[CollectedProject]) -> list[str]:
    """The grade columns: the default rules' grades from the best, then any other grade a file gives."""
    settings = Settings()
    names = [name for name, _low in settings.grades] + [settings.grade_fallback]
    for project in projects:
        if project.grade and project.score is not None and project.grade not in names:
            names.append(project.grade)
    return names


def grade_counts(projects: Sequence[CollectedProject], grades: Sequence[str]) -> list[tuple[str, list[int]]]:
    """Per 主管部门 (in order of first appearance): the projects of each grade, then the unscored
    (no score, or no grade)."""
    table: dict[str, list[int]] = {}
    for project in projects:
        counts = table.setdefault(project.department or _NO_DEPARTMENT, [0] * (len(grades) + 1))
        scored = project.score is not None and project.grade in grades
        counts[grades.index(project.grade) if scored else len(grades)] += 1
    return list(table.items())


def band_of(rate: float | None, bands: Sequence[RateBand], no_rate: str) -> str:
    """The label of the band ``rate`` falls in; ``no_rate`` for no rate."""
    if rate is None:
        return no_rate
    return next(band.label for band in bands if band.low is None or rate >= band.low)


def band_counts(projects: Sequence[CollectedProject], bands: Sequence[RateBand], no_rate: str) -> list[int]:
    """How many projects fall in each band, then how many have no rate."""
    labels = [band.label for band in bands] + [no_rate]
    found = [band_of(p.rate, bands, no_rate) for p in projects]
    return [found.count(label) for label in labels]


def lowest(projects: Sequence[CollectedProject], count: int) -> list[CollectedProject]:
    """The ``count`` projects with the lowest scores (the earlier read first among equal scores)."""
    scored = [p for p in projects if p.score is not None]
    return sorted(scored, key=lambda p: p.score if p.score is not None else 0.0)[:count]


def below_unexplained(
    projects: Sequence[CollectedProject], below: float
) -> tuple[list[CollectedProject], list[CollectedProject]]:
    """The projects executed below ``below``: those with an empty 说明, and those whose file does
    not carry the 说明 (unknown whether explained)."""
    low = [p for p in projects if p.rate is not None and p.rate < below]
    return [p for p in low if p.remark is not None and not p.remark.strip()], [
        p for p in low if p.remark is None
    ]


class _Sheet:
    """Writes 统计 from the top, one part under the other."""

    def __init__(self, wb: Any, ws: Worksheet, fmt: Formats) -> None:
        self.wb, self.ws, self.fmt, self.row = wb, ws, fmt, 0
        self.widths: list[list[Cell]] = []
        self.breaks: list[int] = []
        style = layouts.get(Settings.layout).style
        self.heading = FormatCache(wb).get(bold=True, font_name=style.font, font_size=style.font_size + 1)

    def title(self, text: str, page: bool = False) -> None:
        """A part's title; on a new page when ``page`` (a chart is never cut in two)."""
        if page and self.row > 2:
            self.breaks.append(self.row)
        self.ws.write_string(self.row, 0, text, self.heading)
        self.row += 1

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[Cell]], formats: Sequence[Any]) -> int:
        """A header row and ``rows`` (or a line saying there is none); returns the first row's index."""
        fmt = self.fmt
        write_row(self.ws, self.row, list(headers), [fmt.head] * len(headers))
        self.widths.append(list(headers))
        first = self.row + 1
        for values in rows:
            self.row += 1
            write_row(self.ws, self.row, list(values), formats)
            self.widths.append(list(values))
        if not rows:
            self.row += 1
            self.ws.write_string(self.row, 0, "无", fmt.plain)
        self.row += 2
        return first

    def chart(
        self, title: str, axis: str, kind: dict[str, str], series: Sequence[dict[str, Any]], highest: int
    ) -> None:
        """A plain column chart of ``series`` under the last table (``highest``: its tallest column),
        with the rows it covers kept free."""
        chart = self.wb.add_chart(kind)
        for one in series:
            chart.add_series(one)
        chart.set_title({"name": title})
        chart.set_x_axis({"name": axis})
        step = max(1, math.ceil(highest / 8))  # whole numbers of projects, about 8 gridlines
        chart.set_y_axis(
            {"name": "项目数", "min": 0, "major_unit": step, "major_gridlines": {"visible": True}}
        )
        chart.set_legend({"position": "bottom"} if len(series) > 1 else {"none": True})
        chart.set_size(_CHART_SIZE)
        self.ws.insert_chart(self.row, 0, chart, {"object_position": 3})
        self.row += CHART_ROWS


def _percent(rate: float) -> str:
    return f"{rate * 100:g}%"


def write_stats(
    wb: Any,
    ws: Worksheet,
    projects: Sequence[CollectedProject],
    expected_missing: Sequence[str],
    fmt: Formats,
    sheets: RollupSheets,
) -> None:
    """统计: (一) grades per 主管部门 with a stacked column chart, (二) execution-rate bands with a
    column chart, (三) the lowest scores, (四) below the threshold without an explanation, (五) below
    it with the explanation unknown, (六) expected and not sent."""
    out, name = _Sheet(wb, ws, fmt), sheets.stats_name
    settings = Settings()
    ws.merge_range(0, 0, 0, 7, None, fmt.sheet_title)
    ws.write_string(0, 0, "项目支出绩效自评统计（有争议的项目不计入）", fmt.sheet_title)
    ws.set_row(0, 28)
    out.row = 2
    _grades(out, name, projects, sheets.grades)
    part = sheets.rates
    out.title(part.title, page=True)
    labels = [band.label for band in sheets.bands] + [sheets.no_rate]
    counts = band_counts(projects, sheets.bands, sheets.no_rate)
    first = out.table(
        part.headers,
        [[label, count] for label, count in zip(labels, counts, strict=True)],
        [fmt.cell, fmt.number],
    )
    if projects:
        last = first + len(labels) - 1
        series = {
            "name": part.headers[1],
            "categories": [name, first, 0, last, 0],
            "values": [name, first, 1, last, 1],
        }
        out.chart(part.chart, part.headers[0], {"type": "column"}, [series], max(counts))
    below = settings.execution_warn_below
    people = [fmt.cell] * 4
    part = sheets.lowest
    out.title(part.title.format(count=sheets.lowest_count, below=_percent(below)), page=True)
    rows = [
        [number, p.name, p.code, p.department, p.unit, p.score, p.grade, p.file]
        for number, p in enumerate(lowest(projects, sheets.lowest_count), start=1)
    ]
    out.table(part.headers, rows, [fmt.number, *people, fmt.score, fmt.number, fmt.cell])
    for part, chosen in zip(
        (sheets.unexplained, sheets.unknown), below_unexplained(projects, below), strict=True
    ):
        out.title(part.title.format(count=sheets.lowest_count, below=_percent(below)))
        rows = [[p.name, p.code, p.department, p.unit, p.budget, p.executed, p.rate, p.file] for p in chosen]
        out.table(part.headers, rows, [*people, fmt.amount, fmt.amount, fmt.percent, fmt.cell])
    part = sheets.missing
    out.title(part.title.format(count=sheets.lowest_count, below=_percent(below)))
    out.table(part.headers, [[item] for item in expected_missing], [fmt.cell])
    if not expected_missing:
        ws.write_string(out.row - 1, 0, "（未给出 --expect 名单时不检查）", fmt.plain)
    _widths(ws, out.widths)
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.set_footer("&C第 &P 页 共 &N 页")
    ws.set_h_pagebreaks(out.breaks)


def _grades(out: _Sheet, name: str, projects: Sequence[CollectedProject], part: RollupPart) -> None:
    """(一): a row per 主管部门, a column per grade and 未评分, the totals; the stacked chart."""
    fmt, grades = out.fmt, grade_names(projects)
    at = part.headers.index(GRADES)
    headers = [*part.headers[:at], *grades, *part.headers[at + 1 :]]
    table = grade_counts(projects, grades)
    rows: list[list[Cell]] = [[department, *counts, sum(counts)] for department, counts in table]
    totals = [sum(column) for column in zip(*(counts for _d, counts in table), strict=True)] if table else []
    rows.append([headers[-1], *(totals or [0] * (len(grades) + 1)), len(projects)])
    out.title(part.title)
    first = out.table(headers, rows, [fmt.cell] + [fmt.number] * (len(headers) - 1))
    if table:
        last = first + len(table) - 1
        series = [
            {
                "name": [name, first - 1, col],
                "categories": [name, first, 0, last, 0],
                "values": [name, first, col, last, col],
            }
            for col in range(1, len(headers) - 1)
        ]
        out.chart(
            part.chart,
            headers[0],
            {"type": "column", "subtype": "stacked"},
            series,
            max(sum(c) for _d, c in table),
        )


def _widths(ws: Worksheet, rows: Sequence[Sequence[Cell]]) -> None:
    """Each column as wide as its longest text (numbers count as 8), within [8, 40]."""
    widest: dict[int, int] = {}
    for values in rows[:2000]:
        for col, value in enumerate(values):
            width = display_width(value) if isinstance(value, str) else 8
            widest[col] = max(widest.get(col, 0), width)
    for col, width in sorted(widest.items()):
        ws.set_column(col, col, min(40, max(8, width + 2)))
