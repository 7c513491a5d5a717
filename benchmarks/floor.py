"""The floor: what reading the input and writing evalxl's outputs costs with no evalxl logic at all.

``python benchmarks/floor.py IN.xlsx -o OUT.xlsx [--split DIR] [--workers 2] [--findings N]``

It reads every sheet of the input with python-calamine (``to_python()``), groups the 资金 and 指标
rows by project (one pass), and writes with plain XlsxWriter calls what ``evalxl run --no-forms``
writes: 汇总 (one row per project, a 小计 per 主管部门, 合计, with the same formulas), 计算过程 (one
row per indicator plus the budget, trail and total rows of each project, 15 columns) and 检查结果
(``--findings`` rows of 4 columns; the benchmark passes the count from evalxl's own output).

With ``--split DIR`` it also writes one workbook per project, as evalxl's split files are made
(``evalxl/exporting/``, layout 目标自评表): its 汇总 line with the sums and the provenance line;
the form, 7 columns and ~30 rows with the same merged ranges (title, header, the 项目资金 block, the
goals, the runs of 一级/二级指标, 说明, the three notes), the same formats, a height for every row
and the same print setup; its 计算过程 rows; its share of the findings. Each file is written with
``{"in_memory": True}`` and hashed for ``manifest.csv``, over ``--workers`` processes (a
``ProcessPoolExecutor`` over chunks of projects, started before the input is read so that the
workers do not inherit the parent's heap; 1 means in this process). Scores and texts are stand-ins
of the same size: the floor measures the I/O, not the rules.
"""

from __future__ import annotations

import argparse
import csv
import functools
import hashlib
import math
import os
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xlsxwriter
from python_calamine import CalamineWorkbook
from xlsxwriter.utility import xl_rowcol_to_cell

OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "in_memory": True,
}
FORM_WIDTHS = (6, 10, 14, 22, 15, 14, 22)  # 目标自评表: 绩效指标 label, then the indicator columns
LAST = len(FORM_WIDTHS) - 1
FUND_ROWS = ("中央补助", "省级资金", "市级资金", "其他资金")
FUND_SPANS = ((3, 3), (4, 4), (5, 6))  # 全年预算数（A）, 全年执行数（B）, 执行率（B/A）
NOTES = (
    "注：1、其他资金包括和中央补助、地方财政资金共同投入到同一项目的自有资金、社会资金，以及以前年度的结转结余资金等。",
    "2、定量指标，资金使用单位填写本部门实际完成数。主管部门汇总时，对绝对值直接累加计算，相对值按照资金额度加权平均计算。",
    "3、定性指标根据指标完成情况分为：全部或基本达成预期指标、部分达成预期指标并具有一定效果、未达成预期指标且效果较差三档，"
    "资金使用单位分别按照 100%—80%（含）、80%—60%（含）、60%—0% 合理填写完成比例。",
)
SUMMARY_HEADERS = (
    "序号",
    "项目名称",
    "项目编码",
    "主管部门",
    "项目实施单位",
    "全年预算数（万元）",
    "全年执行数（万元）",
    "执行率",
    "得分",
    "等级",
)
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
FINDING = (
    "警告",
    "REASON_MISSING_UNDER",
    "指标!K{row}",
    "指标未完全完成（得分 8.85/10），请填写未完成原因和改进措施",
)
PROVENANCE = (
    "evalxl 0.1.0；评分规则：财预〔2020〕10号；表样：目标自评表；数据来源：{name}；SHA-256：" + "0" * 64
)
SCORE, GRADE = 95.5, "优"  # stand-ins: the floor does not score

Row = list[Any]


# --------------------------------------------------------------------------- reading


@dataclass
class Project:
    """One project's input rows: its 项目 row, 资金 rows and (row number, 指标 row) pairs."""

    row: Row
    funds: list[Row] = field(default_factory=list)
    indicators: list[tuple[int, Row]] = field(default_factory=list)


def read_sheets(path: Path) -> dict[str, list[Row]]:
    """Every sheet of the workbook as rows of Python values (calamine)."""
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def group(sheets: dict[str, list[Row]]) -> list[Project]:
    """The projects in 项目 order, each with its rows (a blank 项目名称 in 指标 is the row above's)."""
    projects = {row[0]: Project(row) for row in sheets["项目"][1:] if row and row[0]}
    for row in sheets["资金"][1:]:
        if row and row[0] in projects:
            projects[row[0]].funds.append(row)
    current = ""
    for number, row in enumerate(sheets["指标"][1:], start=2):
        current = row[0] or current
        if current in projects:
            projects[current].indicators.append((number, row))
    return list(projects.values())


def money(project: Project) -> tuple[float, float, dict[str, tuple[float, float]]]:
    """全年预算数 and 全年执行数 summed, and the sums per 资金来源 row of the form."""
    by_source: dict[str, tuple[float, float]] = {}
    budget = executed = 0.0
    for fund in project.funds:
        a, b = float(fund[4] or 0), float(fund[5] or 0)
        budget, executed = budget + a, executed + b
        if fund[2]:
            old = by_source.get(fund[2], (0.0, 0.0))
            by_source[fund[2]] = (old[0] + a, old[1] + b)
    return budget, executed, by_source


# --------------------------------------------------------------------------- formats and helpers


def formats(wb: Any) -> dict[str, Any]:
    """The formats evalxl makes per workbook (font, borders, wrap, number formats)."""
    base = {"font_name": "宋体", "font_size": 10, "valign": "vcenter"}
    boxed = {**base, "border": 1, "text_wrap": True}
    line = {**base, "border": 1}
    specs = {
        "title": {**base, "bold": True, "font_size": 16, "align": "center"},
        "year": {**base, "align": "center"},
        "label": {**boxed, "align": "center"},
        "text": {**boxed, "align": "left"},
        "center": {**boxed, "align": "center"},
        "money": {**boxed, "align": "center", "num_format": "General"},
        "rate": {**boxed, "align": "center", "num_format": "0.00%"},
        "note": {**base, "align": "left", "valign": "top", "text_wrap": True},
        "head": {**boxed, "align": "center", "bold": True, "bg_color": "#F2F2F2"},
        "cell": line,
        "number": {**line, "align": "center"},
        "amount": {**line, "num_format": "#,##0.00"},
        "percent": {**line, "num_format": "0.00%"},
        "score": {**line, "num_format": "0.00"},
        "total": {**line, "bold": True, "align": "center"},
        "plain": base,
        "sheet_title": {**base, "bold": True, "font_size": 14, "align": "center"},
    }
    return {name: wb.add_format(spec) for name, spec in specs.items()}


def put(ws: Any, row: int, col: int, value: Any, fmt: Any) -> None:
    """One cell by type: text with ``write_string``, numbers, else a formatted blank."""
    if isinstance(value, str) and value:
        ws.write_string(row, col, value, fmt)
    elif isinstance(value, int | float):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_blank(row, col, None, fmt)


def put_row(ws: Any, row: int, values: Sequence[Any], fmts: Sequence[Any]) -> None:
    """A row of cells, one format each."""
    for col, (value, fmt) in enumerate(zip(values, fmts, strict=True)):
        put(ws, row, col, value, fmt)


def print_landscape(ws: Any, header_row: int) -> None:
    """A4 landscape, one page wide, header repeated, page numbers in the footer."""
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)
    ws.set_footer("&C第 &P 页 共 &N 页")


def list_setup(ws: Any, last_row: int, last_col: int, widths: Sequence[float]) -> None:
    """Column widths, frozen and filtered header, landscape print."""
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, last_row, last_col)
    print_landscape(ws, 0)


# --------------------------------------------------------------------------- 汇总


def rate_formula(row: int) -> str:
    """``=IF(F3=0,"",G3/F3)`` for the row."""
    return f'=IF({xl_rowcol_to_cell(row, 5)}=0,"",{xl_rowcol_to_cell(row, 6)}/{xl_rowcol_to_cell(row, 5)})'


def summary_line(
    ws: Any, row: int, number: int, project: Project, fmt: dict[str, Any]
) -> tuple[float, float]:
    """One project's 汇总 row (the 执行率 as a formula with its cached value)."""
    budget, executed, _ = money(project)
    p = project.row
    values = [number, p[0], p[1], p[2], p[3], budget, executed, None, SCORE, GRADE]
    names = ("number", "cell", "cell", "cell", "cell", "amount", "amount", "percent", "score", "number")
    put_row(ws, row, values, [fmt[n] for n in names])
    ws.write_formula(row, 7, rate_formula(row), fmt["percent"], executed / budget if budget else "")
    return budget, executed


def refs(rows: Sequence[int], col: int) -> str:
    """``F3:F9`` for consecutive rows, else ``F5,F9``."""
    cells = [xl_rowcol_to_cell(row, col) for row in rows]
    if len(cells) > 1 and list(rows) == list(range(rows[0], rows[-1] + 1)):
        return f"{cells[0]}:{cells[-1]}"
    return ",".join(cells)


def sums_line(
    ws: Any, row: int, label: str, rows: Sequence[int], totals: tuple[float, float], fmt: Any
) -> None:
    """A 小计/合计 row: SUM formulas over ``rows`` with cached values, and the 执行率."""
    put_row(ws, row, [None, label, None, None, None], [fmt["cell"], fmt["total"], *[fmt["cell"]] * 3])
    for col, value in ((5, totals[0]), (6, totals[1])):
        ws.write_formula(row, col, f"=SUM({refs(rows, col)})", fmt["amount"], value)
    cached = totals[1] / totals[0] if totals[0] else ""
    ws.write_formula(row, 7, rate_formula(row), fmt["percent"], cached)


def write_summary(
    ws: Any, projects: Sequence[Project], findings: int, fmt: dict[str, Any], source: str
) -> None:
    """汇总: title, header, the projects by 主管部门 with a 小计 each (when several), 合计, counts."""
    ws.merge_range(0, 0, 0, len(SUMMARY_HEADERS) - 1, "", fmt["sheet_title"])
    ws.write_string(0, 0, "2024年度项目支出绩效自评汇总", fmt["sheet_title"])
    ws.set_row(0, 28)
    put_row(ws, 1, SUMMARY_HEADERS, [fmt["head"]] * len(SUMMARY_HEADERS))
    departments: dict[str, list[Project]] = {}
    for project in projects:
        departments.setdefault(project.row[2], []).append(project)
    row, number, subtotals, grand = 2, 1, [], [0.0, 0.0]
    for department, members in departments.items():
        first, sums = row, [0.0, 0.0]
        for project in members:
            budget, executed = summary_line(ws, row, number, project, fmt)
            sums[0], sums[1], row, number = sums[0] + budget, sums[1] + executed, row + 1, number + 1
        grand = [grand[0] + sums[0], grand[1] + sums[1]]
        if len(departments) > 1:
            sums_line(ws, row, f"小计（{department}）", range(first, row), (sums[0], sums[1]), fmt)
            members = range(first, row)
            products = f"SUMPRODUCT({refs(members, 5)},{refs(members, 8)})"
            formula = f'=IF({xl_rowcol_to_cell(row, 5)}=0,"",ROUND({products}/{xl_rowcol_to_cell(row, 5)},2))'
            ws.write_formula(row, 8, formula, fmt["score"], SCORE)
            subtotals.append(row)
            row += 1
    sums_line(ws, row, "合计", subtotals or range(2, row), (grand[0], grand[1]), fmt)
    ws.write_string(row + 2, 0, f"项目数：{len(projects)}　错误：0　警告：{findings}　提示：0", fmt["plain"])
    ws.write_string(row + 3, 0, PROVENANCE.format(name=source), fmt["plain"])
    for col, width in enumerate((6, 30, 16, 20, 24, 16, 16, 12, 12, 6)):
        ws.set_column(col, col, width)
    ws.freeze_panes(2, 0)
    print_landscape(ws, 1)


# --------------------------------------------------------------------------- 计算过程 and 检查结果


def trace_rows(project: Project) -> list[Row]:
    """The project's 计算过程 rows: budget, one per indicator, three trail lines, the total."""
    name = project.row[0]
    budget, executed, _ = money(project)
    rate = executed / budget if budget else 0.0
    rows: list[Row] = [
        [name, "", "", "预算执行率", budget, executed, "", 10, rate, 9.8, None, 9.8, "min(B/A,1)×分值"]
    ]
    rows[0] += ["", ""]
    level1 = level2 = ""
    merged: set[tuple[str, str, str]] = set()
    for number, ind in project.indicators:
        level1, level2 = ind[2] or level1, ind[3] or level2
        if not ind[4] and not ind[5]:
            continue
        method = f"正向指标：完成值/目标值 = {ind[6]}/{ind[5]} = 100.00%；得分 = 10 × 100.00% = 10〔财预〔2020〕10号：quantitative〕"
        if ind[1] and (level1, level2, ind[4]) not in merged:  # units reporting apart: a merged row too
            merged.add((level1, level2, ind[4]))
            rows.append([name, level1, level2, ind[4], ind[5], ind[6], "定量", 10, 1.0, 10, None, 10])
            rows[-1] += ["合并2个单位（绝对值直接累加）：" + method, f"指标!E{number}", ""]
        rows.append([name, level1, level2, ind[4], ind[5], ind[6], ind[7] or "定量", 10, 1.0, 10, None, 10])
        rows[-1] += [method, f"指标!E{number}", ind[10]]
    trail = (
        f"预算执行率 = 全年执行数/全年预算数 = {executed:g}/{budget:g} = {rate:.2%}；得分 = 10 × {rate:.2%} = 9.8〔财预〔2020〕10号：weights.预算执行率〕",
        "未填分值，按默认权重：产出指标 50 分平均分给 5 个指标；效益指标 30 分平均分给 4 个指标；满意度指标 10 分平均分给 1 个指标",
        f"总分 = 预算执行率得分 9.8 + 指标得分合计 85.7 → {SCORE}，等级：{GRADE}",
    )
    rows += [[name, "", "", "", "", "", "", None, None, None, None, None, line, "", ""] for line in trail]
    total = f"原始得分 {SCORE} × 折算系数 1 = {SCORE}，等级 {GRADE}"
    rows.append([name, "", "", "合计", "", "", "", None, None, SCORE, None, SCORE, total, "", ""])
    return rows


def write_trace(ws: Any, projects: Sequence[Project], fmt: dict[str, Any]) -> None:
    """计算过程: the header, then every project's rows."""
    kinds = [fmt["cell"]] * 7 + [fmt["score"], fmt["percent"], *[fmt["score"]] * 3] + [fmt["cell"]] * 3
    put_row(ws, 0, TRACE_HEADERS, [fmt["head"]] * len(TRACE_HEADERS))
    row = 1
    for project in projects:
        for values in trace_rows(project):
            put_row(ws, row, values, kinds)
            row += 1
    list_setup(ws, row - 1, len(TRACE_HEADERS) - 1, (24, 10, 14, 20, 14, 14, 8, 8, 8, 8, 8, 8, 50, 12, 30))


def write_checks(ws: Any, count: int, fmt: dict[str, Any]) -> None:
    """检查结果: the header and ``count`` findings (or the one 未发现问题 row)."""
    put_row(ws, 0, CHECK_HEADERS, [fmt["head"]] * 4)
    for row in range(1, count + 1):
        level, code, place, message = FINDING
        put_row(ws, row, (level, code, place.format(row=row), message), [fmt["cell"]] * 4)
    if not count:
        put_row(ws, 1, ("未发现问题", "", "", ""), [fmt["cell"]] * 4)
    list_setup(ws, max(count, 1), 3, (6, 28, 12, 80))


def write_main(path: Path, projects: Sequence[Project], findings: int, source: str) -> None:
    """The workbook of ``evalxl run --no-forms``: 汇总, 计算过程, 检查结果."""
    with xlsxwriter.Workbook(str(path), OPTIONS) as wb:
        fmt = formats(wb)
        summary, trace, checks = (wb.add_worksheet(n) for n in ("汇总", "计算过程", "检查结果"))
        write_summary(summary, projects, findings, fmt, source)
        write_trace(trace, projects, fmt)
        write_checks(checks, findings, fmt)


# --------------------------------------------------------------------------- the form


@dataclass
class Form:
    """A form sheet being written: cells, merged ranges and the lines each row needs."""

    ws: Any
    fmt: dict[str, Any]
    lines: dict[int, int] = field(default_factory=dict)

    def put(self, row: int, cols: tuple[int, int], value: Any, fmt: str, last_row: int | None = None) -> None:
        """Write ``value`` over ``cols`` (and down to ``last_row``), merging when more than one cell."""
        end_row = row if last_row is None else last_row
        if (end_row, cols[1]) != (row, cols[0]):
            self.ws.merge_range(row, cols[0], end_row, cols[1], "", self.fmt[fmt])
        put(self.ws, row, cols[0], value, self.fmt[fmt])
        if isinstance(value, str) and end_row == row:
            width = sum(FORM_WIDTHS[cols[0] : cols[1] + 1])
            self.lines[row] = max(self.lines.get(row, 1), math.ceil(len(value) * 2 / width))


def form_header(form: Form, project: Project) -> int:
    """Title, year line and the three header rows; returns the next row."""
    p = project.row
    form.put(0, (0, LAST), "项目支出绩效目标自评表", "title")
    form.put(1, (0, LAST), "（2024年度）", "year")
    form.put(2, (0, 1), "项目支出名称", "label")
    form.put(2, (2, 4), p[0], "text")
    form.put(2, (5, 5), "负责人及电话", "label")
    form.put(2, (6, 6), f"{p[4]} {p[5]}", "text")
    for row, (label, value) in enumerate((("主管部门", p[2]), ("项目实施单位", p[3])), start=3):
        form.put(row, (0, 1), label, "label")
        form.put(row, (2, LAST), value, "text")
    return 5


def form_funds(form: Form, row: int, project: Project) -> int:
    """The 项目资金 block: caption, column headers, the total row and one row per source."""
    budget, executed, by_source = money(project)
    form.put(row, (0, 1), "项目资金\n（万元）", "label", last_row=row + len(FUND_ROWS) + 1)
    form.put(row, (2, 2), None, "label")
    for span, header in zip(FUND_SPANS, ("全年预算数（A）", "全年执行数（B）", "执行率（B/A）"), strict=True):
        form.put(row, span, header, "label")
    lines = [("年度资金总额", (budget, executed))]
    lines += [(("其中：" if i == 0 else "") + s, by_source.get(s)) for i, s in enumerate(FUND_ROWS)]
    for line_row, (label, amounts) in enumerate(lines, start=row + 1):
        form.put(line_row, (2, 2), label, "label")
        a, b = amounts if amounts else (None, None)
        values = (a, b, b / a if a and b is not None else None)
        for span, value, fmt in zip(FUND_SPANS, values, ("money", "money", "rate"), strict=True):
            form.put(line_row, span, value, fmt)
    return row + len(lines) + 1


def form_goals(form: Form, row: int, project: Project) -> int:
    """年度总体目标: label, the two column labels, the two texts."""
    form.put(row, (0, 0), "年度总体目标", "label", last_row=row + 1)
    form.put(row, (1, 3), "年初设定目标", "label")
    form.put(row, (4, LAST), "全年实际完成情况", "label")
    form.put(row + 1, (1, 3), project.row[6], "text")
    form.put(row + 1, (4, LAST), project.row[7], "text")
    return row + 2


def runs(values: Sequence[Any]) -> list[tuple[int, int, Any]]:
    """(first, last, value) of each run of equal consecutive values."""
    found: list[tuple[int, int, Any]] = []
    for index, value in enumerate(values):
        if found and found[-1][2] == value:
            found[-1] = (found[-1][0], index, value)
        else:
            found.append((index, index, value))
    return found


def form_indicators(form: Form, row: int, project: Project) -> int:
    """The indicator block: label, headers, the 一级/二级指标 runs merged, one row per indicator."""
    rows, level1, level2 = [], "", ""
    for _number, ind in project.indicators:
        level1, level2 = ind[2] or level1, ind[3] or level2
        rows.append((level1, level2, ind[4], ind[5], ind[6], ind[10]))
    first = row + 1
    form.put(row, (0, 0), "绩效指标", "label", last_row=row + len(rows))
    headers = ("一级指标", "二级指标", "三级指标", "年度指标值", "全年完成值", "未完成原因和改进措施")
    for col, header in enumerate(headers, start=1):
        form.put(row, (col, col), header, "label")
    for key, col in (((lambda r: r[0]), 1), ((lambda r: (r[0], r[1])), 2)):
        for start, end, value in runs([key(r) for r in rows]):
            form.put(
                first + start, (col, col), value if col == 1 else value[1], "center", last_row=first + end
            )
    for offset, values in enumerate(rows):
        for col, fmt in ((3, "text"), (4, "center"), (5, "center"), (6, "text")):
            form.put(first + offset, (col, col), values[col - 1], fmt)
    return first + len(rows)


def write_form(ws: Any, project: Project, fmt: dict[str, Any]) -> None:
    """The 项目支出绩效目标自评表 of one project, with row heights and print setup."""
    for col, width in enumerate(FORM_WIDTHS):
        ws.set_column(col, col, width)
    form = Form(ws, fmt)
    row = form_funds(form, form_header(form, project), project)
    row = form_indicators(form, form_goals(form, row, project), project)
    form.put(row, (0, 0), "说明", "label")
    form.put(row, (1, LAST), project.row[8], "text")
    for offset, note in enumerate(NOTES, start=row + 1):
        form.put(offset, (0, LAST), note, "note")
    end = row + len(NOTES)
    for line in range(end + 1):
        ws.set_row(line, 30 if line == 0 else max(20, form.lines.get(line, 1) * 14.5 + 6))
    ws.set_paper(9)
    ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.set_margins(0.5, 0.5, 0.6, 0.6)
    ws.center_horizontally()
    ws.print_area(0, 0, end, LAST)
    ws.repeat_rows(0, 4)
    ws.set_footer("&C第 &P 页 共 &N 页")
    ws.hide_gridlines(2)


# --------------------------------------------------------------------------- split files


def write_one(path: Path, project: Project, findings: int, source: str) -> str:
    """One project's workbook (汇总, form, 计算过程, 检查结果); returns the SHA-256 of its bytes."""
    with xlsxwriter.Workbook(str(path), OPTIONS) as wb:
        fmt = formats(wb)
        sheets = [wb.add_worksheet(n) for n in ("汇总", project.row[0][:31], "计算过程", "检查结果")]
        write_summary(sheets[0], [project], findings, fmt, source)
        write_form(sheets[1], project, fmt)
        write_trace(sheets[2], [project], fmt)
        write_checks(sheets[3], findings, fmt)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_chunk(directory: Path, chunk: Sequence[tuple[int, Project, int]], source: str) -> list[Row]:
    """Write the split files of ``chunk`` ((number, project, findings) triples); returns manifest rows."""
    rows = []
    for number, project, findings in chunk:
        name = f"{number:05d}_{project.row[1]}_{project.row[0][:20]}.xlsx"
        digest = write_one(directory / name, project, findings, source)
        rows.append([name, *project.row[:4], digest])
    return rows


def chunks(items: Sequence[Any], count: int) -> list[Sequence[Any]]:
    """``items`` cut into ``count`` nearly equal consecutive pieces."""
    size = max(1, math.ceil(len(items) / count))
    return [items[i : i + size] for i in range(0, len(items), size)]


def _ready(_: int) -> int:
    """A no-op task that keeps a worker busy long enough for the pool to start all of them."""
    time.sleep(0.1)
    return os.getpid()


def start_pool(workers: int) -> ProcessPoolExecutor | None:
    """The worker processes, started now, before the input is read: forked from a small process,
    they do not inherit (and count again) the heap the parent builds later. None for one worker."""
    if workers <= 1:
        return None
    pool = ProcessPoolExecutor(workers)
    list(pool.map(_ready, range(workers)))
    return pool


def write_split(
    directory: Path,
    projects: Sequence[Project],
    findings: int,
    pool: tuple[ProcessPoolExecutor, int] | None,
    source: str,
) -> int:
    """One workbook per project into ``directory`` (over the ``(pool, workers)`` given, else in this
    process), then manifest.csv."""
    directory.mkdir(parents=True, exist_ok=True)
    share, extra = divmod(findings, max(1, len(projects)))
    work = [(n, p, share + (1 if n <= extra else 0)) for n, p in enumerate(projects, start=1)]
    if pool is None:
        manifest = write_chunk(directory, work, source)
    else:
        executor, workers = pool
        task = functools.partial(write_chunk, directory, source=source)
        manifest = [row for part in executor.map(task, chunks(work, workers * 8)) for row in part]
    with (directory / "manifest.csv").open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(manifest)
    return len(manifest)


def run(args: argparse.Namespace, pool: ProcessPoolExecutor | None) -> str:
    """Read, write the main workbook, then the split files; returns the time of each step."""
    start = time.perf_counter()
    projects = group(read_sheets(args.input))
    read = time.perf_counter()
    findings = args.findings if args.findings is not None else len(projects) // 10
    write_main(args.output, projects, findings, args.input.name)
    main_done = time.perf_counter()
    steps = f"read {read - start:.2f} s, main workbook {main_done - read:.2f} s"
    if args.split:
        workers = (pool, args.workers) if pool is not None else None
        files = write_split(args.split, projects, findings, workers, args.input.name)
        steps += f", {files} split files {time.perf_counter() - main_done:.2f} s ({args.workers} workers)"
    return steps


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: start the workers, read, write, and print the time of each step."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True, help="the workbook without forms")
    parser.add_argument("--split", type=Path, help="also write one workbook per project into this folder")
    parser.add_argument("--workers", type=int, default=2, help="processes for the split files (default 2)")
    parser.add_argument("--findings", type=int, help="rows of 检查结果 (default: one per ten projects)")
    args = parser.parse_args(argv)
    pool = start_pool(args.workers) if args.split else None
    try:
        print(run(args, pool))
    finally:
        if pool is not None:
            pool.shutdown()


if __name__ == "__main__":
    main()
