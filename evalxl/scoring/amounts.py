"""Amounts that cannot be right, found on the columns of the 资金 rows: spending above the budget,
amounts that look written in 元 where 金额单位 is 万元 (or the reverse), source rows adding up to
more than their stated total.

Each finding is at the amount's own cell and says what was read and what to write instead. A
project with such an error gets no 执行率 score and no total (a wrong amount never makes a score).
The limits are the rules profile's (``execution.over_budget_tolerance``,
``execution.unit_mixup_ratio``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from evalxl import money
from evalxl.findings import ERROR, Finding, finding
from evalxl.model import Fund, Settings
from evalxl.money import TOTAL_SOURCES
from evalxl.scoring.numbers import num, pct

_OTHER_UNIT = {"万元": "元", "元": "万元"}
_FACTOR = 10000  # 元 per 万元
_SHOWN_CELLS = 3  # cells named in a message about a sum, then "等"


@dataclass(frozen=True)
class Checked:
    """The findings about the amounts (in the order of the rows, then of the projects) and, per
    project, whether an amount of it is an error."""

    findings: list[Finding]
    wrong: np.ndarray


@dataclass(frozen=True)
class Amounts:
    """The amounts of the 资金 rows, as columns (``initial`` NaN where not given)."""

    budget: np.ndarray
    executed: np.ndarray
    initial: np.ndarray


def check_amounts(
    rows: Sequence[Fund],
    owner: np.ndarray,
    count: int,
    total: np.ndarray,
    amounts: Amounts,
    settings: Settings,
) -> Checked:
    """The findings about the 资金 ``rows`` (``owner``: each row's project code among ``count``;
    ``total``: the rows stated as a project's total; ``amounts``: their amounts)."""
    budget, executed, initial = amounts.budget, amounts.executed, amounts.initial
    lo, hi = settings.unit_mixup_ratio
    unit = settings.money_unit
    found: list[tuple[int, Finding]] = []
    with np.errstate(divide="ignore", invalid="ignore"):
        spent = np.where((budget > 0) & (executed > 0), executed / budget, np.nan)
        mixed = (spent >= lo) & (spent <= hi)  # an execution 10000 times its budget cannot be right
        # one 10000 times smaller may be real (a project barely begun): a warning, not an error
        doubt = (spent >= 1 / hi) & (spent <= 1 / lo)
        mixed_initial = _mixed(np.where((budget > 0) & (initial > 0), initial / budget, np.nan), lo, hi)
    over = (executed > budget * (1 + settings.over_budget_tolerance)) & ~mixed
    slight = (executed > budget) & ~over & ~mixed
    for k in np.flatnonzero(mixed_initial).tolist():
        f = rows[k]
        found.append((k, _suspect(f, ("年初预算数", initial[k]), ("全年预算数", budget[k]), unit)))
    for k in np.flatnonzero(mixed | doubt).tolist():
        f = rows[k]
        found.append(
            (k, _suspect(f, ("全年执行数", executed[k]), ("全年预算数", budget[k]), unit, bool(doubt[k])))
        )
    for k in np.flatnonzero(over | slight).tolist():
        f = rows[k]
        values = {"executed": money.text(f.executed, unit), "budget": money.text(f.budget, unit)}
        if slight[k]:
            found.append((k, finding("EXECUTED_OVER_BUDGET", f.place_of("全年执行数"), **values)))
            continue
        rate = pct(f.executed / f.budget) if f.budget > 0 else "无法计算"
        limit = pct(1 + settings.over_budget_tolerance)
        found.append(
            (k, finding("EXECUTION_ABOVE_BUDGET", f.place_of("全年执行数"), rate=rate, limit=limit, **values))
        )
    found.sort(key=lambda pair: pair[0])
    findings = [f for _k, f in found]
    wrong = np.zeros(count, dtype=bool)
    wrong[owner[[k for k, f in found if f.level == ERROR]]] = True
    for code, more in _against_totals(rows, owner, count, total, budget, executed, settings):
        findings.append(more)
        wrong[code] = True
    return Checked(findings, wrong)


def _mixed(ratio: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Where ``ratio`` (NaN: not known) is within [lo, hi] or [1/hi, 1/lo]: about 10000 apart."""
    return ((ratio >= lo) & (ratio <= hi)) | ((ratio >= 1 / hi) & (ratio <= 1 / lo))


def _suspect(
    f: Fund, first: tuple[str, float], second: tuple[str, float], unit: str, doubt: bool = False
) -> Finding:
    """The finding about two amounts of the row ``f`` about 10000 apart: at the one that looks
    written in the other unit (the larger where 金额单位 is 万元, the smaller where it is 元)."""
    larger_first = first[1] > second[1]
    suspect_first = larger_first if unit == "万元" else not larger_first
    (what, value), (other, other_value) = (first, second) if suspect_first else (second, first)
    other_text = f"{f.place_of(other)} 的{other}"
    return _unit_finding(f.place_of(what), what, value, other_text, other_value, unit, doubt)


def _unit_finding(
    place: str,
    what: str,
    value: float,
    other: str,
    other_value: float,
    unit: str,
    doubt: bool = False,
) -> Finding:
    written = _OTHER_UNIT.get(unit, "元")
    fix, fixed = ("除以", value / _FACTOR) if written == "元" else ("乘以", value * _FACTOR)
    ratio = max(value, other_value) / min(value, other_value)
    values = dict(
        what=what,
        value=money.text(value, unit),
        other=other,
        other_value=money.text(other_value, unit),
        ratio=num(round(ratio)),
        written=written,
        unit=unit,
        fix=f"{fix} {_FACTOR}",
        fixed=money.text(fixed, unit),
    )
    if doubt:  # perhaps real (a project barely begun): a warning
        return finding("AMOUNT_UNIT_DOUBT", place, **values)
    return finding("AMOUNT_UNIT_SUSPECT", place, **values)


def _against_totals(
    rows: Sequence[Fund],
    owner: np.ndarray,
    count: int,
    total: np.ndarray,
    budget: np.ndarray,
    executed: np.ndarray,
    settings: Settings,
) -> list[tuple[int, Finding]]:
    """(project code, finding) for the projects whose source rows and stated total rows disagree:
    their budgets (or executions) about 10000 apart, or the sources' budgets above the total."""
    unit, (lo, hi) = settings.money_unit, settings.unit_mixup_ratio
    both = (np.bincount(owner[total], minlength=count) > 0) & (
        np.bincount(owner[~total], minlength=count) > 0
    )
    if not both.any():
        return []
    sums = {
        (column, is_total): money.group_sums(values[mask], owner[mask], count, unit)
        for column, values in (("全年预算数", budget), ("全年执行数", executed))
        for is_total, mask in ((True, total), (False, ~total))
    }
    mixed = {}
    for column in ("全年预算数", "全年执行数"):
        whole, split = sums[(column, True)], sums[(column, False)]
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where((whole > 0) & (split > 0), split / whole, np.nan)
        mixed[column] = both & _mixed(ratio, lo, hi)
    exceed = both & ~mixed["全年预算数"] & ~mixed["全年执行数"]
    exceed &= sums[("全年预算数", False)] > sums[("全年预算数", True)]
    flagged = mixed["全年预算数"] | mixed["全年执行数"] | exceed
    members: dict[int, list[Fund]] = {}
    for k in np.flatnonzero(flagged[owner]).tolist():
        members.setdefault(int(owner[k]), []).append(rows[k])
    out: list[tuple[int, Finding]] = []
    for code in np.flatnonzero(flagged).tolist():
        totals = [f for f, t in zip(members[code], _stated(members[code]), strict=True) if t]
        parts = [f for f, t in zip(members[code], _stated(members[code]), strict=True) if not t]
        for column in ("全年预算数", "全年执行数"):
            if mixed[column][code]:
                whole, split = sums[(column, True)][code], sums[(column, False)][code]
                out.append((code, _sums_finding(column, totals, whole, parts, split, unit)))
        if exceed[code]:
            values = {
                "name": parts[-1].project,
                "parts": money.text(sums[("全年预算数", False)][code], unit),
                "total": money.text(sums[("全年预算数", True)][code], unit),
            }
            out.append((code, finding("SOURCES_EXCEED_TOTAL", parts[-1].place, **values)))
    return out


def _stated(rows: list[Fund]) -> list[bool]:
    """Whether each row states a project's total (年度资金总额, 合计 …)."""
    return [f.source in TOTAL_SOURCES for f in rows]


def _sums_finding(
    column: str, totals: list[Fund], whole: float, parts: list[Fund], split: float, unit: str
) -> Finding:
    """AMOUNT_UNIT_SUSPECT about the sources' sum and the stated total of one column."""
    total_side = (f"{_cells(totals, column)} 的{column}（年度资金总额）", whole, totals)
    parts_side = (f"{_cells(parts, column)} 的{column}之和（各资金来源）", split, parts)
    suspect_total = (whole > split) == (unit == "万元")
    (what, value, rows), (other, other_value, _other_rows) = (
        (total_side, parts_side) if suspect_total else (parts_side, total_side)
    )
    return _unit_finding(rows[0].place_of(column), what, value, other, other_value, unit)


def _cells(rows: list[Fund], column: str) -> str:
    cells = [str(f.place_of(column)) for f in rows[:_SHOWN_CELLS]]
    return "、".join(cells) + ("等" if len(rows) > _SHOWN_CELLS else "")
