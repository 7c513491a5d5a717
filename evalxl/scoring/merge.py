"""Merging fund-using units (the form's note 2): several units' rows of one indicator → one row.

When several 资金使用单位 report the same indicator of a project, the 主管部门 merges them before
scoring: absolute values (counts, amounts) are summed; relative values (%, rates) and qualitative
ratios are averaged with each unit's funds as weights (全年预算数, or 全年执行数 per 参数 加权资金).
Each unit's own row keeps its findings at its own cells; the merged row carries the units' parts so
计算过程 can show them.

The rows are grouped with pandas and the merged values computed on columns
(:mod:`evalxl.scoring.merge_values`); only the merged rows' records and findings are made one by one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from evalxl.findings import Finding, finding
from evalxl.model import Indicator, InputBook, Project, Settings, UnitPart
from evalxl.scoring.evaluations import Evaluations
from evalxl.scoring.merge_values import Members, MergedValues, merged_values
from evalxl.scoring.numbers import group_sums, num
from evalxl.scoring.records import places_of


@dataclass(frozen=True)
class Merged:
    """The rows to score, in the order of the form, with several units' rows merged into one."""

    indicators: list[Indicator]
    at: np.ndarray  # positions in ``indicators`` of the merged rows whose evaluation the merge decided
    evaluations: Evaluations  # of those rows
    parts: list[tuple[UnitPart, ...]]  # of those rows: each unit's own row
    findings: list[Finding]


def unit_of(user_unit: str, project: Project | None) -> str:
    """The fund-using unit a row belongs to: its own, else the project's implementing unit."""
    return user_unit or (project.unit if project else "")


def _units(user_units: list[str], names: list[str], projects: dict[str, Project]) -> list[str]:
    """:func:`unit_of` of each row."""
    implementing = {name: p.unit for name, p in projects.items()}
    return [own or implementing.get(name, "") for own, name in zip(user_units, names, strict=True)]


def fund_weights(book: InputBook, projects: dict[str, Project], by: str) -> dict[tuple[str, str], float]:
    """Each (project, unit)'s 全年预算数 (or 全年执行数) summed over its 资金 rows."""
    funds = book.funds
    names = [f.project for f in funds]
    units = _units([f.user_unit for f in funds], names, projects)
    codes, uniques = pd.factorize(pd.Series(list(zip(names, units, strict=True)), dtype=object))
    amounts = np.array([f.executed if by == "全年执行数" else f.budget for f in funds], dtype=float)
    return dict(zip(uniques, group_sums(amounts, codes, len(uniques)).tolist(), strict=True))


def merge_units(book: InputBook, settings: Settings) -> Merged:
    """The rows to score, in the order of the form, with several units' rows merged into one."""
    projects = {p.name: p for p in book.projects}
    indicators = book.indicators
    names = [i.project for i in indicators]
    units = np.array(_units([i.user_unit for i in indicators], names, projects), dtype=object)
    group, grouped = _groups(indicators, names, units)
    distinct = np.ones(len(indicators), dtype=int)  # a row of its own has one unit
    by_unit = pd.Series(units[grouped], dtype=object).groupby(group[grouped])
    distinct[grouped] = by_unit.transform("nunique").to_numpy()
    several = distinct > 1
    order = np.argsort(group, kind="stable")
    first = np.r_[True, group[order][1:] != group[order][:-1]] if len(order) else np.empty(0, dtype=bool)
    rows = order[~several[order] | first]
    chosen = [indicators[i] for i in rows]
    members = _members(book, projects, settings, order[several[order]], group, units)
    firsts = [members.indicators[s] for s in members.starts]
    scored = np.flatnonzero([not i.placeholder for i in firsts])
    values = merged_values(members.of(scored)[0], settings)
    merged_at = np.flatnonzero(several[rows])
    findings, parts = _merged_rows(members, scored, values, chosen, merged_at)
    if "资金" not in book.sheets:  # no 资金 sheet read: its own error says so, no unit has money
        findings = [f for f in findings if f.code != "UNIT_WITHOUT_FUNDS"]
    findings += _units_merged(members, distinct[order[several[order]]], projects, settings)
    return Merged(chosen, merged_at[scored], values.merged, parts, findings)


def _groups(
    indicators: Sequence[Indicator], names: list[str], units: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each row's indicator: the position of the first row of its (project, 一级, 二级, 三级 指标),
    and the rows grouped so. Only projects that several units report can have an indicator of
    several rows to merge; the other rows are each their own (their paths are not looked at)."""
    group = np.arange(len(indicators))
    project = pd.factorize(np.array(names, dtype=object))[0]
    unit = pd.factorize(units)[0]
    several = pd.Series(unit).groupby(project).transform("nunique").to_numpy() > 1
    first: dict[tuple[str, str, str, str], int] = {}
    grouped = np.flatnonzero(several)
    for k in grouped.tolist():
        i = indicators[k]
        group[k] = first.setdefault((i.project, i.level1, i.level2, i.level3), k)
    return group, grouped


def _members(
    book: InputBook,
    projects: dict[str, Project],
    settings: Settings,
    positions: np.ndarray,
    group: np.ndarray,
    units: np.ndarray,
) -> Members:
    weights = fund_weights(book, projects, settings.weight_by)
    chosen = [book.indicators[i] for i in positions]
    unit = units[positions]
    fund = np.array(
        [weights.get((i.project, u), 0.0) for i, u in zip(chosen, unit, strict=True)], dtype=float
    )
    renumbered = np.unique(group[positions], return_inverse=True)[1].reshape(-1)
    starts = np.flatnonzero(np.r_[True, renumbered[1:] != renumbered[:-1]]) if len(chosen) else renumbered
    return Members(chosen, renumbered, starts, unit, fund)


def _merged_rows(
    members: Members, scored: np.ndarray, values: MergedValues, chosen: list[Indicator], merged_at: np.ndarray
) -> tuple[list[Finding], list[tuple[UnitPart, ...]]]:
    """Each merged indicator's findings, in order, and its merged row (put in ``chosen``) with the
    units' parts; ``scored`` are the merged indicators evaluated in ``values``."""
    findings: list[Finding] = []
    parts: list[tuple[UnitPart, ...]] = []
    places = places_of(members.indicators, "三级指标")
    units, funds = members.unit.tolist(), members.fund.tolist()
    is_scored = np.zeros(len(members.starts), dtype=bool)
    is_scored[scored] = True
    problems, completion = (
        values.own.problems,
        [None if c != c else c for c in values.own.completion.tolist()],
    )
    start = 0  # the first unit's row of the next scored indicator in ``values.own``
    for g in range(len(members.starts)):
        rows = members.rows(g)
        indicators = members.indicators[rows]
        findings += _consistency(indicators, units[rows], funds[rows])
        if not is_scored[g]:
            continue
        own = slice(start, start + len(indicators))
        start = own.stop
        for i, found in zip(indicators, problems[own], strict=True):
            findings += [finding(p.code, i.place_of(p.column), **dict(p.values)) for p in found]
        if len({i.self_score for i in indicators}) > 1:
            findings.append(finding("SELF_SCORE_INCONSISTENT", indicators[1].place_of("自评得分")))
        each = zip(indicators, units[rows], funds[rows], completion[own], places[rows], strict=True)
        parts.append(tuple(UnitPart(u, i.target, i.actual, f, c, place) for i, u, f, c, place in each))
        text = values.targets[len(parts) - 1], values.actuals[len(parts) - 1]
        chosen[merged_at[g]] = _merged_indicator(indicators, units[rows], *text)
    return findings, parts


def _merged_indicator(indicators: list[Indicator], units: list[str], target: str, actual: str) -> Indicator:
    """The first unit's row with the merged target and actual, the 分值 given, the self-score the
    units agree on, and every unit's reason."""
    scores = {i.self_score for i in indicators}
    reasons = (f"{u}：{i.reason}" for i, u in zip(indicators, units, strict=True) if i.reason)
    first = indicators[0]
    return Indicator(  # replace(first, …) made explicit: a fifth of its time, 5,000 calls a province
        first.project,
        "",
        first.level1,
        first.level2,
        first.level3,
        target,
        actual,
        first.nature,
        next((i.weight for i in indicators if i.weight is not None), None),
        scores.pop() if len(scores) == 1 else None,
        "；".join(dict.fromkeys(reasons)),
        first.row,
        first.places,
    )


def _consistency(indicators: list[Indicator], units: list[str], funds: list[float]) -> list[Finding]:
    """One 分值 per indicator, and every unit has money on the project."""
    found = []
    if len({i.weight for i in indicators}) > 1:
        values = "、".join(
            f"{u} {num(i.weight) if i.weight is not None else '空'}"
            for i, u in zip(indicators, units, strict=True)
        )
        found.append(finding("WEIGHT_INCONSISTENT", indicators[1].place_of("分值"), values=values))
    for i, unit, fund in zip(indicators, units, funds, strict=True):
        if fund <= 0:
            found.append(finding("UNIT_WITHOUT_FUNDS", i.place_of("资金使用单位"), unit=unit, name=i.project))
    return found


def _units_merged(
    members: Members, distinct: np.ndarray, projects: dict[str, Project], settings: Settings
) -> list[Finding]:
    """A note per project whose indicators were merged, with the most units one indicator had."""
    counts: dict[str, int] = {}
    for s in members.starts:
        name = members.indicators[s].project
        counts[name] = max(counts.get(name, 0), int(distinct[s]))
    return [
        finding("UNITS_MERGED", projects[name].place, name=name, count=count, by=settings.weight_by)
        for name, count in counts.items()
    ]


def split_by_unit(book: InputBook) -> InputBook:
    """Each unit's own view (``--by-unit``): a project several units report becomes one project per
    unit, named "项目（单位）", holding only that unit's 资金 and 指标 rows."""
    projects = {p.name: p for p in book.projects}
    units: dict[str, list[str]] = defaultdict(list)
    for f in book.funds:
        units[f.project].append(unit_of(f.user_unit, projects.get(f.project)))
    for i in book.indicators:
        units[i.project].append(unit_of(i.user_unit, projects.get(i.project)))
    several = {name: list(dict.fromkeys(us)) for name, us in units.items() if len(set(us)) > 1}

    def key(name: str, user_unit: str) -> str:
        return f"{name}（{unit_of(user_unit, projects.get(name))}）" if name in several else name

    new_projects: list[Project] = []
    for p in book.projects:
        views = [replace(p, name=f"{p.name}（{u}）", unit=u) for u in several.get(p.name, [])]
        new_projects.extend(views or [p])
    return replace(
        book,
        projects=tuple(new_projects),
        funds=tuple(replace(f, project=key(f.project, f.user_unit)) for f in book.funds),
        indicators=tuple(replace(i, project=key(i.project, i.user_unit)) for i in book.indicators),
    )
