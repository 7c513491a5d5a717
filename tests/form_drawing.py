"""Drawing helpers for hand-styled 自评表 forms (tests/form_variants.py builds the variants with them).

A form is described by its data (`FormData`: header fields, 资金 rows, indicator rows, printed
figures) and its look (`Look`: which labels, columns, widths, merges and extras it has), and drawn
with openpyxl by `draw_form`, which returns the plain-Python description a correct reader must get
back: the project fields, the 资金 and 指标 rows, the printed figures with their cells, the labels
with their cells and the merges the look claims. Nothing here imports evalxl: the forms stand for
workbooks evalxl never wrote.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from openpyxl.cell.cell import MergedCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from form_data import BLANK, FormData, Fund, Ind, Look, Pct, Plain, Typed, shown


@dataclass
class Drawn:
    """What draw_form writes, collected while drawing."""

    sheet: str
    labels: dict[str, str] = field(default_factory=dict)
    merges: list[str] = field(default_factory=list)
    printed: list[Plain] = field(default_factory=list)


THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FONT = Font(name="宋体", size=10)
WRAP = Alignment(horizontal="center", vertical="center", wrap_text=True)


class Pen:
    """Writes cells of one worksheet and remembers labels and merges for the expected data."""

    def __init__(self, ws: Worksheet, drawn: Drawn) -> None:
        self.ws, self.drawn = ws, drawn

    def ref(self, row: int, col: int) -> str:
        """The cell as Sheet!A1."""
        return f"{self.ws.title}!{get_column_letter(col)}{row}"

    def put(self, row: int, col: int, value: Typed, to: tuple[int, int] | None = None) -> str:
        """Type a value, merge to (row, col) `to` if given, frame it; returns its Sheet!A1."""
        cell = self.ws.cell(row=row, column=col)
        if isinstance(cell, MergedCell):  # inside a merge drawn before (a blank row under 一级指标)
            cell.border = BOX
            return self.ref(row, col)
        cell.value = value.value if isinstance(value, Pct) else value
        if isinstance(value, Pct):
            cell.number_format = "0%" if not value.decimals else "0." + "0" * value.decimals + "%"
        end = to or (row, col)
        if end != (row, col):
            self.ws.merge_cells(start_row=row, start_column=col, end_row=end[0], end_column=end[1])
        for r in range(row, end[0] + 1):
            for c in range(col, end[1] + 1):
                self.ws.cell(row=r, column=c).border = BOX
        cell.font, cell.alignment = FONT, WRAP
        return self.ref(row, col)

    def label(self, row: int, col: int, text: str, to: tuple[int, int] | None = None) -> str:
        """A label, recorded (with its merge) among the labels a test can look for."""
        where = self.put(row, col, text, to)
        self.drawn.labels[where] = text
        if to and to != (row, col):
            self.drawn.merges.append(f"{get_column_letter(col)}{row}:{get_column_letter(to[1])}{to[0]}")
        return where

    def figure(
        self, row: int, col: int, figure: str, value: Typed, to: tuple[int, int] | None = None, **about: Any
    ) -> None:
        """A figure the form prints (执行率, 得分, 总分 …), typed and recorded for the audit."""
        where = self.put(row, col, value, to)
        number = value.value if isinstance(value, Pct) else value
        text = shown(value)
        entry = {"figure": figure, "cell": where, "value": number if not isinstance(number, str) else None}
        self.drawn.printed.append(
            {**entry, "text": text, **{k: v for k, v in about.items() if v is not None}}
        )


def columns(look: Look) -> dict[str, int]:
    """Column index of each indicator column, after the block label columns."""
    names = ["一级指标", "二级指标", "三级指标", "年度指标值", "actual"]
    names += ["分值"] * look.weights + ["得分"] * look.scores + ["reason"] * bool(look.reason_header)
    return {name: look.label_cols + 1 + i for i, name in enumerate(names)}


def draw_form(ws: Worksheet, top: int, data: FormData, look: Look | None = None) -> tuple[Plain, int]:
    """Draw one form from row `top`; returns (the expected reading, the first row after it)."""
    look = look or Look()
    drawn = Drawn(ws.title)
    pen, cols = Pen(ws, drawn), columns(look)
    last = max(cols.values())
    row = top
    if look.title:
        pen.put(row, 1, look.title, to=(row, last))
        ws.cell(row=row, column=1).font = Font(name="宋体", size=16, bold=True)
        row += 1
    if look.year_line:
        pen.put(row, 1, look.year_line, to=(row, last))
        row += 1
    name_cell = pen.ref(row, 1)
    row = draw_head(pen, row, data, look, cols)
    row = draw_funds(pen, row, data, look, cols)
    row = draw_goals(pen, row, data, look, last)
    row, indicators = draw_indicators(pen, row, data, look, cols)
    pen.label(row, 1, "说明", to=(row, look.label_cols))
    pen.put(row, look.label_cols + 1, data.remark, to=(row, last))
    row += 1
    if look.total_rows:
        row = draw_totals(pen, row, data, look, cols)
    if look.notes:
        for offset, note in enumerate(look.notes, start=1):
            ws.cell(row=row + offset, column=1).value = note
        row += len(look.notes) + 1
    for i, width in enumerate(look.widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    expected = {
        "sheet": ws.title,
        "name_cell": name_cell,
        "unit": look.money,
        "project": project_fields(data),
        "funds": fund_rows(data),
        "indicators": indicators,
        "printed": drawn.printed,
        "labels": drawn.labels,
        "merges": drawn.merges,
    }
    return expected, row


def project_fields(data: FormData) -> Plain:
    """The 项目 row a reader must make of the form's header fields."""
    return {
        "项目名称": data.name,
        "主管部门": data.department,
        "项目实施单位": data.unit,
        "负责人": data.leader,
        "联系电话": data.phone,
        "年初设定目标": data.planned,
        "全年实际完成情况": data.achieved,
        "说明": data.remark,
    }


def has_sources(data: FormData) -> bool:
    """Whether some source row (below 年度资金总额) carries amounts."""
    return any(f.budget is not None or f.executed is not None for f in data.funds[1:])


def fund_rows(data: FormData) -> list[Plain]:
    """The 资金 rows: one per source row with amounts, else the 年度资金总额 row, 资金来源 blank."""
    sources = [f for f in data.funds[1:] if f.budget is not None or f.executed is not None]
    rows = sources or [data.funds[0]]
    return [
        {
            "资金来源": f.label.removeprefix("其中：") if sources else None,
            "年初预算数": f.initial,
            "全年预算数": f.budget,
            "全年执行数": f.executed,
        }
        for f in rows
    ]


def draw_head(pen: Pen, row: int, data: FormData, look: Look, cols: dict[str, int]) -> int:
    """The label/value rows: name (with 负责人及电话 on its right), department, unit."""
    last = max(cols.values())
    split = cols["actual"] if cols["actual"] < last else cols["年度指标值"]
    pen.label(row, 1, look.name_label, to=(row, look.head_span))
    if look.leader_label:
        pen.put(row, look.head_span + 1, data.name, to=(row, split - 1))
        pen.label(row, split, look.leader_label)
        pen.put(row, split + 1, " ".join(v for v in (data.leader, data.phone) if v), to=(row, last))
    else:
        pen.put(row, look.head_span + 1, data.name, to=(row, last))
    pen.label(row + 1, 1, look.department_label, to=(row + 1, look.head_span))
    if look.unit_label == "实施单位":  # the national form: 主管部门 | … | 实施单位 | … on one row
        pen.put(row + 1, look.head_span + 1, data.department, to=(row + 1, split - 1))
        pen.label(row + 1, split, look.unit_label)
        pen.put(row + 1, split + 1, data.unit, to=(row + 1, last))
        return row + 2
    pen.put(row + 1, look.head_span + 1, data.department, to=(row + 1, last))
    pen.label(row + 2, 1, look.unit_label, to=(row + 2, look.head_span))
    pen.put(row + 2, look.head_span + 1, data.unit, to=(row + 2, last))
    return row + 3


def draw_funds(pen: Pen, row: int, data: FormData, look: Look, cols: dict[str, int]) -> int:
    """The 项目资金 block: label merged down, row labels at 二级指标, amounts from 三级指标 on."""
    label_end = cols["一级指标"]
    pen.label(row, 1, look.fund_label.format(money=look.money), to=(row + len(data.funds), label_end))
    first = cols["三级指标"]
    assert first + len(look.fund_headers) - 1 <= max(cols.values()), "more fund columns than the form has"
    at = {header: first + i for i, header in enumerate(look.fund_headers)}
    pen.put(row, cols["二级指标"], None)
    for header, col in at.items():
        pen.label(row, col, header)
    for offset, fund in enumerate(data.funds, start=1):
        r = row + offset
        pen.label(r, cols["二级指标"], fund.label)
        for header, col in at.items():
            draw_fund_cell(pen, r, col, header, fund, is_total=offset == 1, has_sources=has_sources(data))
            if any(k in header for k in ("年初", "全年预算", "全年执行")):
                pen.ws.cell(row=r, column=col).number_format = look.amount_format
    return row + len(data.funds) + 1


def draw_fund_cell(
    pen: Pen, row: int, col: int, header: str, fund: Fund, is_total: bool, has_sources: bool
) -> None:
    """One amount, rate, 分值 or 得分 of a fund row (figures recorded for the audit)."""
    kind = next(k for k in ("年初", "全年预算", "全年执行", "分值", "执行率", "得分") if k in header)
    amount = {"年初": fund.initial, "全年预算": fund.budget, "全年执行": fund.executed}.get(kind)
    if kind in ("年初", "全年预算", "全年执行"):
        if is_total and has_sources and amount is not None:
            column = {"年初": "年初预算数", "全年预算": "全年预算数", "全年执行": "全年执行数"}[kind]
            pen.figure(row, col, "年度资金总额", amount, column=column)
        else:
            pen.put(row, col, amount)
        return
    if kind == "执行率":
        if fund.budget and fund.executed is not None:
            right = round(fund.executed / fund.budget, 4)
            printed = right if fund.rate is None else fund.rate
            correct = None if fund.rate is None else right
            decimals = 0 if abs(printed * 100 - round(printed * 100)) < 1e-9 else 2
            label = fund.label.removeprefix("其中：")
            pen.figure(row, col, "执行率", Pct(printed, decimals), fund_row=label, correct=correct)
        else:
            pen.put(row, col, None)
        return
    value = fund.weight if kind == "分值" else fund.score
    if is_total and value is not None:
        pen.figure(row, col, "预算分值" if kind == "分值" else "预算得分", value)
    else:
        pen.put(row, col, "—" if not is_total else None)


def draw_goals(pen: Pen, row: int, data: FormData, look: Look, last: int) -> int:
    """年度总体目标: two sub-labels, the texts below them."""
    mid = look.label_cols + 1 + (last - look.label_cols) // 2
    pen.label(row, 1, "年度总体目标", to=(row + 1, look.label_cols))
    pen.label(row, look.label_cols + 1, look.goals[0], to=(row, mid - 1))
    pen.label(row, mid, look.goals[1], to=(row, last))
    pen.put(row + 1, look.label_cols + 1, data.planned, to=(row + 1, mid - 1))
    pen.put(row + 1, mid, data.achieved, to=(row + 1, last))
    return row + 2


def draw_indicators(
    pen: Pen, row: int, data: FormData, look: Look, cols: dict[str, int]
) -> tuple[int, list[Plain]]:
    """The 绩效指标 block; returns the row after it and the expected 指标 rows."""
    header = {"actual": look.actual_header, "reason": look.reason_header}
    for name, col in cols.items():
        pen.label(row, col, header.get(name) or name)
    lines = data.indicators
    pen.label(row, 1, "绩效指标", to=(row + len(lines), look.label_cols))
    expected: list[Plain] = []
    for i, ind in enumerate(lines):
        r = row + 1 + i
        if ind is None:
            for col in cols.values():
                pen.put(r, col, None)
            continue
        for level, name in ((ind.level1, "一级指标"), (ind.level2, "二级指标")):
            draw_level(pen, r, cols[name], level, lines, i, name, look.levels)
        pen.put(r, cols["三级指标"], ind.level3)
        pen.put(r, cols["年度指标值"], ind.target)
        pen.put(r, cols["actual"], ind.actual)
        if look.weights:
            pen.put(r, cols["分值"], ind.weight)
        if look.scores:
            if ind.score is None:
                pen.put(r, cols["得分"], None)
            else:
                pen.figure(r, cols["得分"], "得分", ind.score, indicator=ind.level3, correct=ind.correct)
        if look.reason_header:
            pen.put(r, cols["reason"], ind.reason)
        expected.append(
            {
                "一级指标": ind.level1,
                "二级指标": ind.level2,
                "三级指标": ind.level3,
                "年度指标值": shown(ind.target),
                "全年完成值": shown(ind.actual),
                "分值": ind.weight if look.weights else None,
                "未完成原因和改进措施": ind.reason if look.reason_header else None,
            }
        )
    return row + 1 + len(lines), expected


def draw_level(pen: Pen, row: int, col: int, level: str, lines: Any, i: int, name: str, mode: str) -> None:
    """一级/二级指标 of row i: the first of a run types it (merged down in "merge" mode)."""
    key = (lambda x: x.level1) if name == "一级指标" else (lambda x: (x.level1, x.level2))
    prev = next((x for x in reversed(lines[:i]) if x is not None), None)
    first = prev is None or key(prev) != key(lines[i])
    if mode == "every" or (first and mode == "once"):
        pen.put(row, col, level)
        return
    if not first:
        return
    end = i
    while end + 1 < len(lines) and (lines[end + 1] is None or key(lines[end + 1]) == key(lines[i])):
        end += 1
    while name == "二级指标" and lines[end] is None:  # a blank row closes the 二级 run
        end -= 1
    pen.put(row, col, level, to=(row + end - i, col))


def draw_totals(pen: Pen, row: int, data: FormData, look: Look, cols: dict[str, int]) -> int:
    """总分 (分值 sum, printed total) and 自评等级 rows of a scored form."""
    last = max(cols.values())
    pen.label(row, 1, "总分", to=(row, cols["actual"]))
    weights = [f.weight for f in data.funds[:1] if f.weight] + [
        i.weight for i in data.indicators if i is not None and i.weight
    ]
    pen.put(row, cols["分值"], sum(weights))
    printed = [f.score for f in data.funds[:1] if f.score is not None]
    printed += [i.score for i in data.indicators if i is not None and i.score is not None]
    if data.total is not None:
        pen.figure(
            row, cols["得分"], "总分", data.total, correct=data.total_correct, adds_to=round(sum(printed), 2)
        )
    if cols["得分"] < last:
        pen.put(row, cols["得分"] + 1, None, to=(row, last))
    pen.label(row + 1, 1, "自评等级", to=(row + 1, cols["actual"]))
    if data.grade is not None:
        pen.figure(row + 1, cols["分值"], "自评等级", data.grade, to=(row + 1, last))
    return row + 2


__all__ = ["BLANK", "Drawn", "Ind", "Pct", "draw_form", "replace", "shown"]
