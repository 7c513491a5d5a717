"""The roll-up workbook of ``evalxl collect``: 汇总 (every project by 主管部门 then 项目实施单位, a 小计
per unit and per department, the 合计, the disputed projects apart), 统计 (:mod:`.rollup_stats`),
来源 (a row per file read) and 检查结果 (every finding, errors first).

Written like the output workbook (:mod:`evalxl.exporting.workbook`): atomically, with a fixed
document date, the same :class:`Rollup` giving the same bytes. The sums, rates and fund-weighted
average scores of 汇总 are formulas with their cached values computed here (:func:`sums`); every
text from a file is written as text (a name starting with ``=`` stays a name).

The formulas: a unit's 小计 sums its project rows (``=SUM(F3:F5)``); a department's 小计 and the 合计
span unit 小计 rows too, so they sum only the rows holding a 序号 (``=SUMIF(A3:A20,">0",F3:F20)``,
no limit on the number of units). The average score is weighted by 全年预算数 over the projects
with a score only: ``=IF(W=0,"",ROUND(P/W,2))`` with ``W = SUMPRODUCT(--ISNUMBER(A…),--ISNUMBER(I…),F…)``
and ``P = SUMPRODUCT(--ISNUMBER(A…),F…,I…)``.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from evalxl import __version__, collector, contract, money
from evalxl.collect.records import UNREAD, CollectedProject, SourceFile
from evalxl.collect.rollup_stats import write_stats
from evalxl.contract.rollup_sheets import RollupSheets
from evalxl.delivery.output_file import atomic_path, created_date
from evalxl.exporting import layout as layouts
from evalxl.exporting.cells import Cell, Worksheet, display_width, write_cell, write_row, year_text
from evalxl.exporting.formats import Formats, make_formats
from evalxl.exporting.service_sheets import write_checks
from evalxl.findings import ERROR, NOTE, WARNING, Finding, ordered
from evalxl.model import RunResult, Settings
from evalxl.scoring.numbers import round1

UNIT = "万元"  # the roll-up's amounts
FIRST_ROW = 2  # 汇总: title, header, then the projects
COL_NUMBER, COL_BUDGET, COL_EXECUTED, COL_RATE, COL_SCORE = 0, 5, 6, 7, 8
DISPUTED_TITLE = "有争议的项目（未计入合计）"
_FOOTER = "&C第 &P 页 共 &N 页"
_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "in_memory": True,
}


@dataclass(frozen=True)
class Rollup:
    """What the roll-up workbook shows."""

    projects: tuple[CollectedProject, ...]  # the projects that count, in the order read
    disputed: tuple[
        CollectedProject, ...
    ]  # two files give them differently, nothing deciding: listed, not summed
    sources: tuple[SourceFile, ...]  # every file read, in order
    findings: tuple[Finding, ...]  # every finding (per file and across files), in order
    year: str  # the roll-up's 年度 ("" when files disagree or give none)
    expected_missing: tuple[str, ...] = ()  # --expect: units/projects that sent nothing (for 统计)


@dataclass(frozen=True)
class Sums:
    """The cached values of a 小计 or 合计 row."""

    budget: float
    executed: float
    rate: float | None  # executed / budget; None when the budget is 0
    average: float | None  # fund-weighted average score of the projects with a score; None for none


def sums(projects: Sequence[CollectedProject], decimals: int = Settings.decimals) -> Sums:
    """The sums of ``projects`` as the formulas give them: amounts exact to the 分 of 万元, the rate,
    and the average score weighted by 全年预算数 over the projects with a score (rounded half up)."""
    budget = money.exact_sum([p.budget for p in projects], UNIT)
    executed = money.exact_sum([p.executed for p in projects], UNIT)
    weights = sum(p.budget for p in projects if p.score is not None and p.budget is not None)
    weighted = sum(p.budget * p.score for p in projects if p.score is not None and p.budget is not None)
    average = round1(weighted / weights, decimals) if weights else None
    return Sums(budget, executed, executed / budget if budget else None, average)


def grouped(
    projects: Sequence[CollectedProject],
) -> list[tuple[str, list[tuple[str, list[CollectedProject]]]]]:
    """The projects by 主管部门, then 项目实施单位, each in order of first appearance."""
    departments: dict[str, dict[str, list[CollectedProject]]] = {}
    for project in projects:
        departments.setdefault(project.department, {}).setdefault(project.unit, []).append(project)
    return [(name, list(units.items())) for name, units in departments.items()]


def total_label(disputed: int) -> str:
    """The 合计 row's label, saying when disputed projects are left out of it."""
    return f"合计（另有 {disputed} 个有争议项目未计入，见检查结果）" if disputed else "合计"


# --------------------------------------------------------------------------- 汇总


def _span(first: int, last: int, col: int) -> str:
    return f"{xl_rowcol_to_cell(first, col)}:{xl_rowcol_to_cell(last, col)}"


def _rate(row: int) -> str:
    budget, executed = xl_rowcol_to_cell(row, COL_BUDGET), xl_rowcol_to_cell(row, COL_EXECUTED)
    return f'=IF({budget}=0,"",{executed}/{budget})'


def average_formula(first: int, last: int, decimals: int = Settings.decimals) -> str:
    """The fund-weighted average score of the project rows (those with a 序号) in ``first``…``last``."""
    mask = f"--ISNUMBER({_span(first, last, COL_NUMBER)})"
    budget, score = _span(first, last, COL_BUDGET), _span(first, last, COL_SCORE)
    weights = f"SUMPRODUCT({mask},--ISNUMBER({score}),{budget})"
    return f'=IF({weights}=0,"",ROUND(SUMPRODUCT({mask},{budget},{score})/{weights},{decimals}))'


class _Summary:
    """Writes 汇总's rows, one after the other, remembering them for the column widths."""

    def __init__(self, ws: Worksheet, fmt: Formats) -> None:
        self.ws, self.fmt, self.row = ws, fmt, FIRST_ROW
        self.widths: list[list[Cell]] = []
        self.numbers = itertools.count(1)

    def project(self, project: CollectedProject, number: int) -> None:
        fmt, row = self.fmt, self.row
        values: list[Cell] = [number, project.name, project.code, project.department, project.unit]
        values += [project.budget, project.executed, None, project.score, project.grade, project.file]
        formats = [fmt.number, *[fmt.cell] * 4, fmt.amount, fmt.amount, fmt.percent, fmt.score, fmt.number]
        write_row(self.ws, row, values, [*formats, fmt.cell])
        if project.budget is not None and project.executed is not None:
            cached: Cell = project.executed / project.budget if project.budget else ""
            self.ws.write_formula(row, COL_RATE, _rate(row), fmt.percent, cached)
        self.widths.append(values)
        self.row += 1

    def sums(self, label: str, first: int, total: Sums, plain: bool) -> None:
        """A 小计 or 合计 row over rows ``first``… up to this one: plain sums when they are all
        projects (``plain``), else sums of the rows with a 序号."""
        ws, fmt, row, last = self.ws, self.fmt, self.row, self.row - 1
        values: list[Cell] = [None, label, None, None, None]
        write_row(ws, row, values, [fmt.cell, fmt.total, fmt.cell, fmt.cell, fmt.cell])
        for col, value in ((COL_BUDGET, total.budget), (COL_EXECUTED, total.executed)):
            if last < first:
                ws.write_number(row, col, value, fmt.amount)
            elif plain:
                ws.write_formula(row, col, f"=SUM({_span(first, last, col)})", fmt.amount, value)
            else:
                numbers = _span(first, last, COL_NUMBER)
                formula = f'=SUMIF({numbers},">0",{_span(first, last, col)})'
                ws.write_formula(row, col, formula, fmt.amount, value)
        ws.write_formula(row, COL_RATE, _rate(row), fmt.percent, "" if total.rate is None else total.rate)
        average: Cell = "" if total.average is None else total.average
        if last >= first:
            ws.write_formula(row, COL_SCORE, average_formula(first, last), fmt.score, average)
        else:
            write_cell(ws, row, COL_SCORE, None, fmt.score)
        write_cell(ws, row, COL_SCORE + 1, None, fmt.number)
        write_cell(ws, row, COL_SCORE + 2, None, fmt.cell)
        self.widths.append([*values, total.budget, total.executed, None, total.average])
        self.row += 1


def _group_label(kind: str, name: str) -> str:
    return f"小计（{name}）" if name else f"小计（未填{kind}）"


def write_summary(ws: Worksheet, rollup: Rollup, fmt: Formats, sheets: RollupSheets) -> None:
    """汇总: the title, the projects by 主管部门 and unit with their 小计, the 合计, the disputed
    projects apart, and the notes (how the average is taken, the counts, the provenance)."""
    headers = sheets.summary_headers
    year = year_text(rollup.year)
    ws.merge_range(0, 0, 0, len(headers) - 1, None, fmt.sheet_title)
    ws.write_string(
        0, 0, f"{year}年度项目支出绩效自评汇总" if year else "项目支出绩效自评汇总", fmt.sheet_title
    )
    ws.set_row(0, 28)
    write_row(ws, 1, headers, [fmt.head] * len(headers))
    out = _Summary(ws, fmt)
    out.widths.append(list(headers))
    for department, units in grouped(rollup.projects):
        department_first = out.row
        for unit, members in units:
            unit_first = out.row
            for project in members:
                out.project(project, next(out.numbers))
            out.sums(_group_label("项目实施单位", unit), unit_first, sums(members), plain=True)
        in_department = [p for _unit, members in units for p in members]
        label = _group_label("主管部门", department).replace("小计", "主管部门小计", 1)
        out.sums(label, department_first, sums(in_department), plain=False)
    out.sums(total_label(len(rollup.disputed)), FIRST_ROW, sums(rollup.projects), plain=False)
    if rollup.disputed:
        out.row += 1
        ws.merge_range(out.row, 0, out.row, len(headers) - 1, None, fmt.total)
        ws.write_string(out.row, 0, DISPUTED_TITLE, fmt.total)
        out.row += 1
        for number, project in enumerate(rollup.disputed, start=1):
            out.project(project, number)
    _notes(ws, out.row + 1, rollup, fmt)
    _widths(ws, out.widths)
    ws.set_column(COL_BUDGET, COL_EXECUTED, 16)
    ws.set_column(COL_RATE, COL_SCORE + 1, 10)
    ws.freeze_panes(FIRST_ROW, 0)
    _print(ws, 1)


def _notes(ws: Worksheet, row: int, rollup: Rollup, fmt: Formats) -> None:
    """The lines under 汇总: how the average is taken, what is left out, counts, provenance."""
    unscored = sum(1 for p in rollup.projects if p.score is None)
    lines = ["小计、合计的得分为按全年预算数加权的平均得分，只计有得分的项目。"]
    if unscored:
        lines.append(f"{unscored} 个项目没有得分（得分为空，见检查结果），不计入平均得分，金额计入合计。")
    if rollup.disputed:
        lines.append(
            f"{len(rollup.disputed)} 个项目在不同文件中数据不同且无法判定以哪个为准，列于“{DISPUTED_TITLE}”，"
            "未计入小计与合计，请核实后重新汇总。"
        )
    levels = [f.level for f in rollup.findings]
    counted = [("文件数", len(rollup.sources)), ("项目数", len(rollup.projects))]
    counted += list((level, levels.count(level)) for level in (ERROR, WARNING, NOTE))
    lines.append("　".join(f"{name}：{count}" for name, count in counted))
    lines.append(
        f"evalxl {__version__} 汇总；年度：{year_text(rollup.year) or '各文件不一致或未填'}；金额单位：{UNIT}"
    )
    for offset, line in enumerate(lines):
        ws.write_string(row + offset, 0, line, fmt.plain)


# --------------------------------------------------------------------------- 来源, the sheets' manners


def write_sources(ws: Worksheet, sources: Sequence[SourceFile], fmt: Formats, sheets: RollupSheets) -> None:
    """来源: one row per file read, in order."""
    headers = sheets.sources_headers
    write_row(ws, 0, headers, [fmt.head] * len(headers))
    rows: list[list[Cell]] = [list(headers)]
    for source in sources:
        values: list[Cell] = [source.name, source.kind, "、".join(source.units), source.sha256]
        unit = source.money_unit if source.kind != UNREAD else ""
        values += [source.evalxl_version, source.rules, source.layout, source.year, unit]
        values.append(source.projects)
        write_row(ws, len(rows), values, [fmt.cell] * (len(headers) - 1) + [fmt.number], blanks=False)
        rows.append(values)
    _widths(ws, rows, high=70)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, len(rows) - 1, len(headers) - 1)
    _print(ws, 0)


def _widths(ws: Worksheet, rows: Sequence[Sequence[Cell]], low: int = 6, high: int = 50) -> None:
    """Each column as wide as its longest text (numbers count as 12), within [low, high]."""
    for col, column in enumerate(itertools.zip_longest(*rows[:2000])):
        widest = max(
            (display_width(v) if isinstance(v, str) else 12 for v in column if v is not None), default=low
        )
        ws.set_column(col, col, min(high, max(low, widest + 2)))


def _print(ws: Worksheet, header_row: int) -> None:
    """A4 landscape, one page wide, the header row on every page, page numbers below."""
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)
    ws.set_footer(_FOOTER)


# --------------------------------------------------------------------------- the workbook


def _fill(wb: Any, rollup: Rollup) -> None:
    sheets = contract.output_sheets()
    year = year_text(rollup.year)
    wb.set_properties(
        {
            "title": f"{year}年度项目支出绩效自评汇总" if year else "项目支出绩效自评汇总",
            "subject": f"项目支出绩效自评汇总（{len(rollup.sources)} 个文件）",
            "keywords": "项目支出绩效自评, 汇总",
            "comments": f"evalxl {__version__} collect",
            "created": created_date(),
        }
    )
    fmt = make_formats(wb, layouts.get(Settings.layout))
    rollup_sheets = sheets.rollup
    summary = wb.add_worksheet(rollup_sheets.summary_name)
    stats = wb.add_worksheet(rollup_sheets.stats_name)
    source_sheet = wb.add_worksheet(rollup_sheets.sources_name)
    checks = wb.add_worksheet(sheets.checks.name)
    write_summary(summary, rollup, fmt, rollup_sheets)
    write_stats(wb, stats, rollup.projects, rollup.expected_missing, fmt, rollup_sheets)
    write_sources(source_sheet, rollup.sources, fmt, rollup_sheets)
    # the output workbook's 检查结果 writer reads only the findings of the result it is given
    write_checks(checks, RunResult(Settings(), (), tuple(ordered(rollup.findings))), fmt)


def write_rollup(path: Path, rollup: Rollup) -> None:
    """Write the roll-up workbook to ``path``: 汇总, 统计, 来源, 检查结果.

    Built in a temporary file beside ``path`` and moved onto it when complete (on an error ``path``
    is left as it was); the same ``rollup`` (and ``SOURCE_DATE_EPOCH``) gives the same bytes.
    """
    path = Path(path)
    with collector.paused(), atomic_path(path) as tmp, xlsxwriter.Workbook(str(tmp), _OPTIONS) as wb:
        _fill(wb, rollup)
