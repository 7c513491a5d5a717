"""Each project's money, from its 资金 rows: the 项目资金 lines of the form and the 执行率.

The first line is 年度资金总额: the rows stated as a total (年度资金总额, 合计 …) when there are
any, else every row; then one line per named source, summed over units. Sums are on columns and
exact to the 分 of the money unit (:func:`evalxl.money.group_sums`); the amounts that cannot be right
are found on the same columns (:mod:`evalxl.scoring.amounts`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from evalxl import money as amounts_of
from evalxl.findings import Finding
from evalxl.model import Fund, FundLine, Settings
from evalxl.money import TOTAL_SOURCES
from evalxl.scoring.amounts import Amounts, check_amounts


@dataclass(frozen=True)
class Money:
    """The money of each project (one entry per name asked for)."""

    lines: list[tuple[FundLine, ...]]  # 年度资金总额 first
    budget: np.ndarray  # of the first line (0.0 when none)
    executed: np.ndarray
    rate: np.ndarray  # executed / budget (NaN when the budget is not above 0)
    first: list[Fund | None]  # the project's first 资金 row
    findings: list[Finding]  # amounts that cannot be right
    wrong: np.ndarray  # an amount of the project is an error: no 执行率 score, no total


def money(funds: Sequence[Fund], names: Sequence[str], settings: Settings) -> Money:
    """The money of the projects ``names`` from their rows in ``funds``, in the run's money unit."""
    distinct = pd.Index(pd.unique(np.array(names, dtype=object)), dtype=object)
    count = len(distinct)
    owner = distinct.get_indexer(pd.Index([f.project for f in funds], dtype=object))
    known = owner >= 0
    rows = [f for f, k in zip(funds, known, strict=True) if k]
    owner = owner[known]
    source = np.array([f.source for f in rows], dtype=object)
    total = np.isin(source, list(TOTAL_SOURCES))
    has_total = np.bincount(owner[total], minlength=count) > 0
    in_first = total | ~has_total[owner]
    columns = _Columns.of(rows, settings.money_unit)
    first_line = columns.sums(in_first, owner, count)
    sized = np.bincount(owner, minlength=count) > 0
    lines: list[tuple[FundLine, ...]] = [
        (FundLine("年度资金总额", b, e, r, i) if size else FundLine("年度资金总额", 0, 0, None, None),)
        for b, e, r, i, size in zip(*first_line, sized, strict=True)
    ]
    _add_sources(lines, columns, owner, source, ~total & (source != ""))
    owners, first_rows = np.unique(owner, return_index=True)
    firsts = {int(o): rows[i] for o, i in zip(owners, first_rows, strict=True)}
    budget = np.array([line[0].budget or 0.0 for line in lines], dtype=float)
    executed = np.array([line[0].executed or 0.0 for line in lines], dtype=float)
    rate = np.array([np.nan if line[0].rate is None else line[0].rate for line in lines], dtype=float)
    checked = check_amounts(rows, owner, count, total, columns, settings)
    at = distinct.get_indexer(pd.Index(list(names), dtype=object))
    return Money(
        [lines[k] for k in at],
        budget[at],
        executed[at],
        rate[at],
        [firsts.get(int(k)) for k in at],
        checked.findings,
        checked.wrong[at],
    )


@dataclass(frozen=True)
class _Columns(Amounts):
    """The money of 资金 rows, as columns."""

    unit: str  # the money unit: sums are exact to its 分

    @classmethod
    def of(cls, rows: Sequence[Fund], unit: str) -> _Columns:
        """The columns of ``rows``, amounts in ``unit``."""
        return cls(
            np.array([f.budget for f in rows], dtype=float),
            np.array([f.executed for f in rows], dtype=float),
            np.array([np.nan if f.initial is None else f.initial for f in rows], dtype=float),
            unit,
        )

    def sums(
        self, mask: np.ndarray, group: np.ndarray, count: int
    ) -> tuple[list[float], list[float], list[float | None], list[float | None]]:
        """(budget, executed, rate, initial) summed over the rows in ``mask`` of each group."""
        g = group[mask]
        budget = amounts_of.group_sums(self.budget[mask], g, count, self.unit)
        executed = amounts_of.group_sums(self.executed[mask], g, count, self.unit)
        given = mask & ~np.isnan(self.initial)
        initial = amounts_of.group_sums(self.initial[given], group[given], count, self.unit)
        has_initial = np.bincount(group[given], minlength=count) > 0
        rate = np.divide(executed, budget, out=np.full(count, np.nan), where=budget > 0)
        return (
            budget.tolist(),
            executed.tolist(),
            [None if r != r else r for r in rate.tolist()],
            [i if h else None for i, h in zip(initial.tolist(), has_initial, strict=True)],
        )


def _add_sources(
    lines: list[tuple[FundLine, ...]],
    columns: _Columns,
    owner: np.ndarray,
    source: np.ndarray,
    named: np.ndarray,
) -> None:
    """One line per project and named source, in the order the sources first appear."""
    keys = pd.Series(list(zip(owner[named].tolist(), source[named].tolist(), strict=True)), dtype=object)
    codes, uniques = pd.factorize(keys)
    group = np.full(len(owner), -1)
    group[named] = codes
    sums = columns.sums(named, group, len(uniques))
    extra: dict[int, list[FundLine]] = {}
    for (o, label), b, e, r, i in zip(uniques, *sums, strict=True):
        extra.setdefault(o, []).append(FundLine(label, b, e, r, i))
    for o, more in extra.items():
        lines[o] = lines[o] + tuple(more)
