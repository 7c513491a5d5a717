"""Project totals, on columns: money and 执行率, the budget's score, the weights' scale, the total,
the cap and the grade of every project at once.

The indicator table is summed per project with group-bys, the 资金 rows in the order Python adds
them (:mod:`evalxl.scoring.funds`). Only the records, the 计算过程 lines and the findings are made
per project (:mod:`evalxl.scoring.trail`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from evalxl.findings import Finding
from evalxl.model import Fund, Project, ScoredIndicator, ScoredProject, Settings
from evalxl.scoring.funds import Money, money
from evalxl.scoring.indicators import IndicatorTable
from evalxl.scoring.numbers import EPS, least, round_half_up
from evalxl.scoring.trail import Trail


def grades_of(scores: np.ndarray, settings: Settings) -> np.ndarray:
    """The grade of each total: the first grade whose lower bound it reaches."""
    out = np.full(len(scores), settings.grade_fallback, dtype=object)
    for name, bound in reversed(settings.grades):
        out[scores >= bound - EPS] = name
    return out


def grade_of(score: float, settings: Settings) -> str:
    """The grade of one total."""
    return str(grades_of(np.array([score], dtype=float), settings)[0])


@dataclass(frozen=True)
class Rows:
    """Each project's scored indicator rows, summed up by group-bys."""

    any: np.ndarray  # it has scored rows
    first: np.ndarray  # position of its first scored row in the table
    all_given: np.ndarray  # every scored row has 分值
    given_sum: np.ndarray
    score_sum: np.ndarray
    complete: np.ndarray  # every scored row has a weight and a score
    levels: np.ndarray  # (project, level of the profile) → number of scored rows


def _rows(table: IndicatorTable, owner: np.ndarray, settings: Settings) -> Rows:
    """The sums of each project's scored rows (``owner``: its code in the table, -1 for none)."""
    scored = table.frame[table.scored]
    by = scored["project"]
    given = scored["given_weight"].astype(float)
    agg = pd.DataFrame(
        {
            "first": pd.Series(scored.index, index=scored.index).groupby(by, sort=False).first(),
            "all_given": given.notna().groupby(by, sort=False).all(),
            "given_sum": given.fillna(0.0).groupby(by, sort=False).sum(),
            "score_sum": scored["score"].fillna(0.0).groupby(by, sort=False).sum(),
            "complete": (scored["score"].notna() & scored["weight"].notna()).groupby(by, sort=False).all(),
        }
    ).reindex(owner)
    return Rows(
        agg["first"].notna().to_numpy(dtype=bool),
        agg["first"].fillna(-1).to_numpy(dtype=int),
        agg["all_given"].astype("boolean").fillna(False).to_numpy(dtype=bool),
        agg["given_sum"].to_numpy(dtype=float),
        agg["score_sum"].to_numpy(dtype=float),
        agg["complete"].astype("boolean").fillna(True).to_numpy(dtype=bool),
        _level_counts(table, scored, settings)[owner],
    )


def _level_counts(table: IndicatorTable, scored: pd.DataFrame, settings: Settings) -> np.ndarray:
    """(project code, level of the profile) → number of scored rows; a last row of zeros for none."""
    names = pd.Index([name for name, _ in settings.level_weights], dtype=object)
    column = np.full(len(table.levels), -1)
    found = table.levels.get_indexer(names)
    column[found[found >= 0]] = np.flatnonzero(found >= 0)
    level = column[scored["level1"].to_numpy()]
    counts = np.zeros((len(table.projects) + 1, len(names)), dtype=int)
    np.add.at(counts, (scored["project"].to_numpy()[level >= 0], level[level >= 0]), 1)
    return counts


@dataclass(frozen=True)
class Totals:
    """Each project's scores (NaN where there is none)."""

    budget_score: np.ndarray
    applicable: np.ndarray  # the weights that apply: the budget's and those of the levels present
    rescaled: np.ndarray  # a level is missing, or the default weights do not make rescale_to
    mismatch: np.ndarray  # the 分值 given and the budget's do not make weights_total
    scale: np.ndarray
    raw: np.ndarray  # the budget's score and the rows' scores, rounded
    uncapped: np.ndarray  # raw × scale, rounded
    grade: np.ndarray  # of uncapped ("" when there is no total)
    cap: np.ndarray  # which of the profile's caps lowers the total (-1: none)
    capped_grade: np.ndarray  # the grade of the cap's total ("" when there is no cap)


def _totals(cash: Money, rows: Rows, settings: Settings) -> Totals:
    n, rate = len(cash.rate), cash.rate
    budget_score = np.full(n, np.nan)
    known = ~np.isnan(rate)
    known &= ~cash.wrong
    budget_score[known] = round_half_up(settings.budget_weight * least(rate[known], 1.0), settings.decimals)
    present = np.zeros(n)
    for k, (_, weight) in enumerate(settings.level_weights):  # summed level by level, as Python would
        present = present + np.where(rows.levels[:, k] > 0, weight, 0.0)
    applicable = settings.budget_weight + present
    whole = (applicable <= 0) | (np.abs(applicable - settings.rescale_to) < EPS)
    rescaled = rows.any & ~rows.all_given & ~whole
    scale = np.ones(n)
    scale[rescaled] = settings.rescale_to / applicable[rescaled]
    # 分值 given that do not add up: the total rescaled to the scale, or no total (the profile says)
    given = settings.budget_weight + rows.given_sum
    mismatch = rows.any & rows.all_given & (np.abs(given - settings.weights_total) > EPS) & (given > 0)
    if settings.weights_mismatch == "rescale":
        scale[mismatch] = settings.rescale_to / given[mismatch]
    ok = known & ~(rows.any & ~rows.complete) & ~cash.wrong
    if settings.weights_mismatch == "error":
        ok &= ~mismatch
    raw, uncapped = np.full(n, np.nan), np.full(n, np.nan)
    raw[ok] = round_half_up(
        budget_score[ok] + np.where(rows.any[ok], rows.score_sum[ok], 0.0), settings.decimals
    )
    uncapped[ok] = round_half_up(raw[ok] * scale[ok], settings.decimals)
    grade = np.full(n, "", dtype=object)
    grade[ok] = grades_of(uncapped[ok], settings)
    cap, most = np.full(n, -1), np.full(n, np.inf)
    for k, (below, at_most) in enumerate(settings.caps):  # the strictest; the first of equals
        stricter = (rate < below) & (at_most < most)
        cap[stricter], most[stricter] = k, at_most
    cap[~(uncapped > most)] = -1
    capped_grade = np.full(n, "", dtype=object)
    capped_grade[cap >= 0] = grades_of(most[cap >= 0], settings)
    return Totals(
        budget_score, applicable, rescaled, mismatch, scale, raw, uncapped, grade, cap, capped_grade
    )


def score_projects(
    projects: Sequence[Project],
    funds: Sequence[Fund],
    table: IndicatorTable,
    indicators: Sequence[ScoredIndicator],
    settings: Settings,
) -> tuple[list[ScoredProject], list[Finding]]:
    """Every project's record, and the findings about projects (in the order of the projects)."""
    names = [p.name for p in projects]
    cash = money(funds, names, settings)
    owner = table.projects.get_indexer(pd.Index(names, dtype=object))
    rows = _rows(table, owner, settings)
    trail = Trail(settings, table.indicators, cash, rows, _totals(cash, rows, settings))
    scored = _indicators_of(table, owner, indicators)
    out = [trail.project(k, project, scored[k]) for k, project in enumerate(projects)]
    return out, cash.findings + trail.findings


def _indicators_of(
    table: IndicatorTable, owner: np.ndarray, indicators: Sequence[ScoredIndicator]
) -> list[tuple[ScoredIndicator, ...]]:
    """Each project's indicator rows (``owner``: its code in the table), in the order of the table."""
    code = table.frame["project"].to_numpy()
    order = np.argsort(code, kind="stable")
    bounds = np.searchsorted(code[order], np.arange(len(table.projects) + 1)).tolist()
    chosen = [indicators[i] for i in order]
    per_code = [tuple(chosen[bounds[k] : bounds[k + 1]]) for k in range(len(table.projects))]
    return [per_code[k] if k >= 0 else () for k in owner.tolist()]
