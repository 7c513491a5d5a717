"""Was an evalxl output edited after evalxl wrote it? Its 汇总 as printed, held against its own
arithmetic (执行率 = 执行数 ÷ 预算数, the 小计 and 合计 sums and averages, the counts line) and, when
the workbook holds the forms, against what the rules give on the forms' data (:func:`compared`).

Every difference is a ``COLLECT_EDITED`` error at the 汇总 cell naming both values and which one the
roll-up counts: the rules' figures where the forms were scored again, else the project rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from evalxl import money
from evalxl.collect.places import in_file
from evalxl.collect.printed import (
    COL_BUDGET,
    COL_EXECUTED,
    COL_NAME,
    COL_RATE,
    COL_SCORE,
    Line,
    Summary,
    Trail,
)
from evalxl.collect.records import CollectedProject
from evalxl.exporting.cells import number_text
from evalxl.findings import Finding, Place, finding
from evalxl.model import RunResult, ScoredProject, Settings
from evalxl.scoring.numbers import pct, round1
from evalxl.scoring.projects import grade_of

ROLLUP_UNIT = "万元"  # the roll-up's amounts
_RATE_TOLERANCE = 1e-9  # a cached 执行率 against 执行数 ÷ 预算数 (the same division, in another program)
_COUNTED_ROWS = "各项目行的金额与得分"
_COUNTED_RULES = "评分规则按自评表数据重算的数"


def number(value: Any) -> float | None:
    """A printed figure as a number; None for an empty cell or text."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def in_rollup_unit(value: float | None, unit: str) -> float | None:
    """An amount of the file's ``unit`` in 万元 (exact to the 分)."""
    if value is None:
        return None
    return money.exact(value * money.YUAN_PER.get(unit, 1) / money.YUAN_PER[ROLLUP_UNIT], ROLLUP_UNIT)


def as_place(place: str) -> Place:
    """A record's place (a :class:`Place` typed as its text) as the Place it is."""
    return place if isinstance(place, Place) else Place(place)


def _shown(value: Any) -> str:
    number_ = number(value)
    if number_ is not None:
        return number_text(number_)
    return f"“{value}”" if value not in ("", None) else "空白"


class _Edits:
    """The COLLECT_EDITED findings of one file's 汇总."""

    def __init__(self, file: str, sheet: str) -> None:
        self.file, self.sheet = file, sheet
        self.found: list[Finding] = []

    def add(self, row: int, column: int, detail: str, counted: str) -> None:
        """An edit seen at the 汇总 cell (``row`` 1-based, ``column`` 0-based)."""
        place = in_file(self.file, Place(self.sheet, row, column + 1))
        self.found.append(finding("COLLECT_EDITED", place, detail=detail, counted=counted))


# --------------------------------------------------------------------------- arithmetic


def arithmetic(summary: Summary, file: str) -> list[Finding]:
    """The 汇总's figures against its own arithmetic: each row's 执行率, each 小计 and the 合计 (sums
    of their rows, 执行率, fund-weighted average score) and the 项目数 of the counts line."""
    edits = _Edits(file, summary.sheet)
    unit = summary.money_unit
    for line in summary.projects:
        for column, value in ((COL_BUDGET, line.budget), (COL_EXECUTED, line.executed)):
            if number(value) is None:
                edits.add(line.row, column, f"项目“{line.name}”的金额为{_shown(value)}，不是数字", "0")
        _rate(edits, line, f"项目“{line.name}”")
    for subtotal, members in summary.subtotals:
        _sums(edits, subtotal, [summary.projects[i] for i in members], unit, average=True)
    if summary.total is not None:
        _sums(edits, summary.total, list(summary.projects), unit, average=False)
    printed = summary.counts.get("项目数")
    if printed is not None and printed != len(summary.projects):
        detail = (
            f"计数行写有项目数 {printed}，而汇总表有 {len(summary.projects)} 个项目行（有行被删除或添加）"
        )
        edits.add(summary.counts_row, 0, detail, _COUNTED_ROWS)
    return edits.found


def _rate(edits: _Edits, line: Line, what: str) -> None:
    budget, executed, rate = number(line.budget), number(line.executed), number(line.rate)
    if budget is None or executed is None:
        return
    if budget == 0:
        if line.rate not in ("", None):
            edits.add(line.row, COL_RATE, f"{what}的全年预算数为 0，执行率却为 {_shown(line.rate)}", "空白")
        return
    expected = executed / budget
    if rate is None or abs(rate - expected) > _RATE_TOLERANCE:
        shown = pct(rate) if rate is not None else _shown(line.rate)
        detail = f"{what}的执行率 {shown} 不等于 全年执行数 ÷ 全年预算数 = {pct(expected)}"
        edits.add(line.row, COL_RATE, detail, "全年执行数 ÷ 全年预算数")


def _sums(edits: _Edits, line: Line, rows: Sequence[Line], unit: str, *, average: bool) -> None:
    """A 小计 or the 合计 against the rows it sums."""
    budgets = [number(r.budget) for r in rows]
    for column, value, parts in (
        (COL_BUDGET, line.budget, budgets),
        (COL_EXECUTED, line.executed, [number(r.executed) for r in rows]),
    ):
        expected = money.exact_sum(parts, unit)
        printed = number(value)
        if printed is None or money.exact(printed, unit) != expected:
            detail = f"{line.name}的{'全年预算数' if column == COL_BUDGET else '全年执行数'} {_shown(value)} 不等于各行之和 {money.text(expected, unit)}"
            edits.add(line.row, column, detail, _COUNTED_ROWS)
    _rate(edits, line, line.name)
    total = money.exact_sum(budgets, unit)
    if not average or not total:
        return
    weighted = sum(
        b * s for b, s in zip(budgets, (number(r.score) for r in rows), strict=True) if b and s is not None
    )
    expected = weighted / total
    printed = number(line.score)
    if printed is None or all(abs(printed - round1(expected, d)) > 1e-9 for d in range(7)):
        detail = f"{line.name}的加权平均得分 {_shown(line.score)} 不等于按各行全年预算数加权的平均 {number_text(round1(expected, 2))}"
        edits.add(line.row, COL_SCORE, detail, _COUNTED_ROWS)


# --------------------------------------------------------------------------- projects


def printed_projects(summary: Summary, file: str) -> list[CollectedProject]:
    """The projects as 汇总 prints them (amounts in 万元; the rate from the amounts)."""
    return [_printed(line, summary, file) for line in summary.projects]


def _printed(line: Line, summary: Summary, file: str, *, score: bool = True) -> CollectedProject:
    unit = summary.money_unit
    budget, executed = number(line.budget), number(line.executed)
    rate = executed / budget if budget and executed is not None else None
    return CollectedProject(
        file=file,
        name=line.name,
        code=line.code,
        department=line.department,
        unit=line.unit,
        budget=in_rollup_unit(budget, unit),
        executed=in_rollup_unit(executed, unit),
        rate=rate,
        score=number(line.score) if score else None,
        grade=line.grade if score else "",
        remark=None,
        place=Place(summary.sheet, line.row, COL_NAME + 1),
    )


def _rescored(
    scored: ScoredProject, line: Line | None, summary: Summary, file: str, settings: Settings
) -> CollectedProject:
    place = Place(summary.sheet, line.row, COL_NAME + 1) if line is not None else None
    code = line.code if line is not None else ""
    return from_scored(scored, file, settings, summary.money_unit, code=code, place=place)


def from_scored(
    scored: ScoredProject,
    file: str,
    settings: Settings,
    money_unit: str,
    *,
    code: str = "",
    place: Place | None = None,
) -> CollectedProject:
    """A project scored here as the roll-up counts it (amounts from ``money_unit`` into 万元); its
    code and place those given (汇总's), else the project's own."""
    project = scored.project
    return CollectedProject(
        file=file,
        name=project.name,
        code=code or project.code,
        department=project.department,
        unit=project.unit,
        budget=in_rollup_unit(scored.budget, money_unit),
        executed=in_rollup_unit(scored.executed, money_unit),
        rate=scored.rate,
        score=scored.score,
        grade=scored.grade,
        remark=project.remark,
        place=place if place is not None else project.place,
        scored=scored,
        settings=settings,
    )


def compared(
    summary: Summary, rescored: RunResult, trails: dict[str, Trail], file: str
) -> tuple[list[CollectedProject], list[Finding], list[str]]:
    """The projects as the rules give them on the forms' data, and a COLLECT_EDITED for each figure
    of 汇总 (全年预算数, 全年执行数, 得分, 等级) that differs, each 汇总 row without a form (counted
    with its printed amounts and no score) and each form without a 汇总 row (counted as scored).

    A form does not carry everything a score may rest on: explicit 分值 where the layout prints
    none, a 自评得分, the exact merge of several units' rows (printed rounded), the 参数 the run laid
    over its rules. So where the rules give another score on the form's data than 汇总 prints, the
    printed 得分 and 等级 are held against 计算过程's total (what evalxl computed) instead: an edit
    only when they disagree with it; such projects' names are returned last (a note names them)."""
    edits = _Edits(file, summary.sheet)
    forms: dict[tuple[str, str], list[ScoredProject]] = {}
    for scored in rescored.projects:
        forms.setdefault((scored.project.name, scored.project.unit), []).append(scored)
    rules = rescored.settings.rules_name
    projects: list[CollectedProject] = []
    uncarried: list[str] = []
    for line in summary.projects:
        matches = forms.get((line.name, line.unit)) or []
        if not matches:
            detail = f"汇总表有项目“{line.name}”（{line.unit}）的行，工作簿中却没有它的自评表"
            edits.add(line.row, COL_NAME, detail, "表上的金额，得分无自评表可核对，不计")
            projects.append(_printed(line, summary, file, score=False))
            continue
        scored = matches.pop(0)
        before = len(edits.found)
        _amounts(edits, line, scored, summary.money_unit)
        amounts_differ = len(edits.found) > before
        trail = trails.get(line.name)
        if trail is None or amounts_differ or _same_scores(line, scored) or _trail_agrees(trail, scored):
            # the rules give 汇总's figures on the form's data, or 汇总 or the form was changed (its
            # amounts differ, or the form and 计算过程 agree): the rules' figures count, each
            # difference an edit
            _scores(edits, line, scored, rules)
            projects.append(_rescored(scored, line, summary, file, rescored.settings))
        else:
            uncarried.append(line.name)
            score, grade = _against_trail(edits, line, trail, rescored)
            projects.append(
                replace(
                    _rescored(scored, line, summary, file, rescored.settings),
                    score=score,
                    grade=grade,
                    scored=None,
                )
            )
    for left in forms.values():
        for scored in left:
            place = as_place(scored.project.place)
            detail = f"自评表（{place}）上的项目“{scored.project.name}”在汇总表中没有行（行被删除）"
            found = finding("COLLECT_EDITED", in_file(file, place), detail=detail, counted=_COUNTED_RULES)
            edits.found.append(found)
            projects.append(_rescored(scored, None, summary, file, rescored.settings))
    return projects, edits.found, uncarried


def _trail_agrees(trail: Trail, scored: ScoredProject) -> bool:
    """Whether 计算过程's total is the score the rules give on the form's data."""
    recorded = number(trail.total)
    if recorded is None or scored.score is None:
        return False
    return abs(recorded - scored.score) <= 1e-9


def _same_scores(line: Line, scored: ScoredProject) -> bool:
    """Whether 汇总's 得分 and 等级 are those the rules give on the form's data."""
    printed = number(line.score)
    if printed is None or scored.score is None:
        same = printed is None and line.score in ("", None) and scored.score is None
    else:
        same = abs(printed - scored.score) <= 1e-9
    return same and line.grade == scored.grade


def _against_trail(edits: _Edits, line: Line, trail: Trail, rescored: RunResult) -> tuple[float | None, str]:
    """汇总's 得分 held against 计算过程's total for the project; the score and grade that count:
    the printed ones when they agree, else 计算过程's total and the grade the rules give it."""
    printed, recorded = number(line.score), number(trail.total)
    if printed == recorded or (
        printed is not None and recorded is not None and abs(printed - recorded) <= 1e-9
    ):
        return printed, line.grade
    grade = grade_of(recorded, rescored.settings) if recorded is not None else ""
    detail = f"项目“{line.name}”的得分表上为 {_shown(line.score)}，计算过程（第 {trail.row} 行）记录为 {_shown(trail.total)}"
    edits.add(
        line.row,
        COL_SCORE,
        detail,
        f"计算过程记录的得分 {_shown(trail.total)}（自评表不含所依据的分值或自评得分，无法重算）",
    )
    return recorded, grade


def _amounts(edits: _Edits, line: Line, scored: ScoredProject, unit: str) -> None:
    for column, what, value, expected in (
        (COL_BUDGET, "全年预算数", line.budget, scored.budget),
        (COL_EXECUTED, "全年执行数", line.executed, scored.executed),
    ):
        printed = number(value)
        if printed is None or money.exact(printed, unit) != money.exact(expected, unit):
            detail = (
                f"项目“{line.name}”的{what}表上为 {_shown(value)}，自评表上为 {money.text(expected, unit)}"
            )
            edits.add(line.row, column, detail, _COUNTED_RULES)


def _scores(edits: _Edits, line: Line, scored: ScoredProject, rules: str) -> None:
    how = f"按评分规则（{rules}）对自评表（{scored.project.place}）的数据重算为"
    printed = number(line.score)
    if printed is None or scored.score is None:
        same = printed is None and line.score in ("", None) and scored.score is None
    else:
        same = abs(printed - scored.score) <= 1e-9
    if not same:
        expected = number_text(scored.score) if scored.score is not None else "无总分（有错误）"
        detail = f"项目“{line.name}”的得分表上为 {_shown(line.score)}，{how} {expected}"
        edits.add(line.row, COL_SCORE, detail, _COUNTED_RULES)
    if line.grade != scored.grade:
        detail = f"项目“{line.name}”的等级表上为 {_shown(line.grade)}，{how} {scored.grade or '无等级'}"
        edits.add(line.row, COL_SCORE + 1, detail, _COUNTED_RULES)
