"""The service sheets around the forms: 汇总 (a line per project, 小计 per 主管部门, 合计, the counts
and the provenance line), 计算过程 (how every score was computed) and 检查结果 (every finding).

Their names and headers come from ``workbook_templates/output_sheets.toml``. The sums, rates and
weighted scores of 汇总 are formulas written with their cached values, which the scoring stage
computed (:class:`evalxl.model.Subtotal`); nothing is computed here.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator, Sequence

from xlsxwriter.utility import xl_rowcol_to_cell

from evalxl import __version__, contract
from evalxl.exporting.cells import (
    Cell,
    Worksheet,
    display_width,
    number_text,
    write_cell,
    write_row,
    year_text,
)
from evalxl.exporting.formats import Formats
from evalxl.exporting.layout import Layout
from evalxl.findings import ERROR, NOTE, WARNING
from evalxl.model import RunResult, ScoredProject, Subtotal

_LIST_FOOTER = "&C第 &P 页 共 &N 页"
_SUMMARY_FIRST_ROW = 2  # title, header, then the projects
_COL_BUDGET, _COL_EXECUTED, _COL_RATE, _COL_SCORE = 5, 6, 7, 8  # of the 汇总 headers
# The format of each 计算过程 column, in the order of its headers.
_TRACE_KINDS = ("text",) * 7 + ("score", "rate", "score", "score", "score", "text", "text", "text")
_BUDGET_METHOD = "min(B/A,1)×分值"
_BUDGET_NAME = "预算执行率"

UNIT_PART_MARK = "└"  # 计算过程: a unit's own row under a merged indicator (evalxl collect reads it)


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


def write_summary(ws: Worksheet, result: RunResult, fmt: Formats) -> None:
    """汇总: the title, a line per project (小计 per 主管部门 when there are several, then 合计), the
    counts of projects and findings, and the provenance line."""
    settings = result.settings
    headers = [h.format(unit=settings.money_unit) for h in contract.output_sheets().summary.headers]
    year = year_text(settings.year)
    title = f"{year}年度项目支出绩效自评汇总" if year else "项目支出绩效自评汇总"
    ws.merge_range(0, 0, 0, len(headers) - 1, None, fmt.sheet_title)
    ws.write_string(0, 0, title, fmt.sheet_title)
    ws.set_row(0, 28)
    write_row(ws, 1, headers, [fmt.head] * len(headers))
    rows: list[list[Cell]] = [list(headers)]
    total_row = _summary_body(ws, result, fmt, rows)
    _summary_counts(ws, total_row + 2, result, fmt)
    _column_widths(ws, rows)
    ws.set_column(_COL_BUDGET, _COL_EXECUTED, 16)
    ws.freeze_panes(_SUMMARY_FIRST_ROW, 0)
    _print_landscape(ws, 1)


def _summary_body(ws: Worksheet, result: RunResult, fmt: Formats, rows: list[list[Cell]]) -> int:
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
    write_cell(ws, row, _COL_SCORE, None, fmt.score)
    write_cell(ws, row, _COL_SCORE + 1, None, fmt.number)
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


def _summary_row(ws: Worksheet, row: int, number: int, scored: ScoredProject, fmt: Formats) -> list[Cell]:
    project = scored.project
    values: list[Cell] = [number, project.name, project.code, project.department, project.unit]
    values += [scored.budget, scored.executed, None, scored.score, scored.grade]
    formats = [fmt.number, fmt.cell, fmt.cell, fmt.cell, fmt.cell, fmt.amount, fmt.amount]
    write_row(ws, row, values, [*formats, fmt.percent, fmt.score, fmt.number])
    cached = scored.rate if scored.rate is not None else ""
    ws.write_formula(row, _COL_RATE, _rate_formula(row), fmt.percent, cached)
    return values


def _summary_sums(ws: Worksheet, row: int, group: Subtotal, summed: Sequence[int], fmt: Formats) -> None:
    """A sum row: its label in column B, 全年预算数 and 全年执行数 as sums of the rows ``summed`` with
    their cached values (plain numbers when there is nothing to sum), and the 执行率."""
    cells = [None, group.label, None, None, None]
    write_row(ws, row, cells, [fmt.cell, fmt.total, fmt.cell, fmt.cell, fmt.cell])
    for col, value in ((_COL_BUDGET, group.budget), (_COL_EXECUTED, group.executed)):
        if summed:
            ws.write_formula(row, col, f"=SUM({_refs(summed, col)})", fmt.amount, value)
        else:
            ws.write_number(row, col, value, fmt.amount)
    rate: Cell = group.rate if group.rate is not None else ""
    ws.write_formula(row, _COL_RATE, _rate_formula(row), fmt.percent, rate)


def _summary_subtotal(
    ws: Worksheet, row: int, members: range, group: Subtotal, fmt: Formats, decimals: int
) -> list[Cell]:
    """A department's 小计 (its projects in rows ``members``): sums, 执行率 and the fund-weighted
    average score (weights = each project's 全年预算数), as a SUMPRODUCT with its cached value."""
    _summary_sums(ws, row, group, members, fmt)
    average: Cell = group.average_score if group.average_score is not None else ""
    total = xl_rowcol_to_cell(row, _COL_BUDGET)
    products = f"SUMPRODUCT({_refs(members, _COL_BUDGET)},{_refs(members, _COL_SCORE)})"
    formula = f'=IF({total}=0,"",ROUND({products}/{total},{decimals}))'
    ws.write_formula(row, _COL_SCORE, formula, fmt.score, average)
    write_cell(ws, row, _COL_SCORE + 1, None, fmt.number)
    return [None, group.label, None, None, None, group.budget, group.executed, None, average, None]


def _summary_counts(ws: Worksheet, row: int, result: RunResult, fmt: Formats) -> None:
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
                unit_texts = ("", "", f"{UNIT_PART_MARK} {part.unit}", part.target, part.actual, "")
                unit_figures = (None, part.completion, None, None, None)
                how = f"资金使用单位“{part.unit}”填报；合并权重（资金）{number_text(part.fund)}"
                yield _trace_row(name, unit_texts, unit_figures, how, part.place)
    for line in scored.trail:
        yield _trace_row(name, [""] * 6, [None] * 5, line)
    total = (
        f"原始得分 {number_text(scored.raw_total)} × 折算系数 {number_text(scored.scale)}"
        f" = {number_text(scored.score)}，等级 {scored.grade or '—'}"
    )
    figures = (None, None, scored.raw_total, None, scored.score)
    yield _trace_row(name, ("", "", "合计", "", "", ""), figures, total)


def write_trace(ws: Worksheet, result: RunResult, fmt: Formats, layout: Layout) -> None:
    """计算过程: for each project its budget row, every scored indicator (and each unit's part), the
    trail lines and the total, with the source cell of each row.

    Printed legibly (issue 14): the columns have the widths ``output_sheets.toml`` gives, text wraps
    within its column and each row is as tall as its most-wrapped cell (in ``layout``'s line height),
    the header row repeats on every A4 landscape page, one page wide.
    """
    kinds = {"text": fmt.text, "score": fmt.score, "rate": fmt.percent}
    formats = [kinds[kind] for kind in _TRACE_KINDS]
    budget_formats = [*formats[:4], fmt.amount, fmt.amount, *formats[6:]]  # 全年预算数, 全年执行数
    sheet = contract.output_sheets().trace
    headers = sheet.headers
    write_row(ws, 0, headers, [fmt.head] * len(headers))
    widths = list(sheet.widths)
    wrapped = [(col, widths[col]) for col, kind in enumerate(_TRACE_KINDS) if kind == "text"]
    _row_height(ws, 0, headers, wrapped, layout)
    row = 1
    for scored in result.projects:
        for values in _trace_rows(scored):
            budget_row = values[3] == _BUDGET_NAME and not isinstance(values[4], str)
            write_row(ws, row, values, budget_formats if budget_row else formats, blanks=False)
            if budget_row:
                for col in _AMOUNT_COLUMNS:
                    widths[col] = max(widths[col], _amount_width(values[col]))
            _row_height(ws, row, values, wrapped, layout)
            row += 1
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    _list_sheet_setup(ws, row - 1, len(headers) - 1)
    ws.set_margins(*sheet.margins)
    ws.hide_gridlines(0)  # the empty cells (not written) print boxed too: a full grid on paper


_AMOUNT_COLUMNS = (4, 5)  # 年度指标值, 全年完成值: 全年预算数, 全年执行数 on the 预算执行率 row
# Runs of printable ASCII (Excel wraps them at spaces) and runs of anything else (CJK text breaks
# between any two characters).
_WRAP_RUNS = re.compile(r"[ -~]+|[^ -~]+")


def _row_height(
    ws: Worksheet, row: int, values: Sequence[Cell], wrapped: Sequence[tuple[int, float]], layout: Layout
) -> None:
    """Make ``row`` as tall as its most-wrapped text needs; a row of one line keeps the default."""
    lines = 1
    for col, width in wrapped:
        value = values[col]
        if isinstance(value, str) and value:
            lines = max(lines, wrapped_lines(value, width))
    if lines > 1:
        ws.set_row(row, layout.height(lines))


@functools.lru_cache(maxsize=65536)  # names and labels repeat on every row of their project
def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes wrapped in a column ``width`` character units wide.

    Wrapped as Excel and LibreOffice wrap it: CJK text between any two characters, ASCII words at
    spaces (a word wider than the column is broken anywhere); each line break starts a new line.
    One unit is kept spare for the cell's margins.
    """
    usable = max(2.0, width - 1)
    if len(text) * 2 <= usable and "\n" not in text:
        return 1  # no character is wider than 2 units
    lines = 0
    for part in text.splitlines() or [""]:
        lines, used = lines + 1, 0.0
        for run in _WRAP_RUNS.findall(part):
            if run[0] < "\x7f":  # ASCII words, unbroken
                for number, word in enumerate(run.split(" ")):
                    size = len(word) + (1 if number else 0)  # the space before it
                    if used + size > usable and used:
                        lines, used, size = lines + 1, 0.0, len(word)
                    used += size
                    while used > usable:  # a word wider than the column
                        lines, used = lines + 1, used - usable
            else:  # breaks anywhere; a wide character does not straddle the end of a line
                used += display_width(run)
                while used > usable:
                    lines, used = lines + 1, used - usable + usable % 2
    return lines


def _amount_width(value: Cell) -> float:
    """The column width an amount needs in the money format (``#,##0.00####``), plus a spare unit."""
    if not isinstance(value, int | float):
        return 0.0
    digits = f"{value:,.6f}".rstrip("0")
    whole, _, decimals = digits.partition(".")
    return len(whole) + 1 + max(2, len(decimals)) + 1


# --------------------------------------------------------------------------- 检查结果


def write_checks(ws: Worksheet, result: RunResult, fmt: Formats) -> None:
    """检查结果: every finding (level, code, place, message), or one line saying there is none."""
    headers = contract.output_sheets().checks.headers
    write_row(ws, 0, headers, [fmt.head] * len(headers))
    rows: list[list[Cell]] = [list(headers)]
    if result.findings:
        rows += [[f.level, f.code, f.place, f.message] for f in result.findings]
    else:
        rows.append(["未发现问题", "", "", ""])
    for row, values in enumerate(rows[1:], start=1):
        write_row(ws, row, values, [fmt.cell] * len(headers), blanks=False)
    _column_widths(ws, rows, high=100)
    _list_sheet_setup(ws, len(rows) - 1, len(headers) - 1)


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
