"""The indicator table: one row per indicator to score, with its evaluation, weight and scores.

Everything is a column: the evaluations (:func:`evalxl.scoring.evaluate.evaluate_all`, or the
merge's for merged rows); the weights, the given 分值 where a project gives them all, else each
first-level weight split over its rows; the computed score, weight × share rounded half up less the
deviation deduction; the score that counts, the self-score when given. The findings about single
rows come from masks on those columns; only the records and their 计算过程 text are made per row.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import repeat

import numpy as np
import pandas as pd

from evalxl.findings import Finding, finding
from evalxl.model import Indicator, ScoredIndicator, Settings, UnitPart
from evalxl.scoring.evaluate import evaluate_all
from evalxl.scoring.evaluations import Evaluations
from evalxl.scoring.merge import Merged
from evalxl.scoring.numbers import EPS, least, num, nums, pct, pcts, round_half_up
from evalxl.scoring.records import maker, places_of
from evalxl.scoring.values import parse_value


@dataclass(frozen=True)
class IndicatorTable:
    """The rows to score: ``frame`` holds a column per figure, ``evaluations`` how each row's share
    of its weight was found (none for placeholders, which are printed and never scored)."""

    indicators: list[Indicator]
    frame: pd.DataFrame  # project and level1 hold codes: positions in ``projects`` and ``levels``
    projects: pd.Index
    levels: pd.Index
    evaluations: Evaluations
    scored: np.ndarray  # not a placeholder
    parts: dict[int, tuple[UnitPart, ...]]  # the units' own rows of the merged rows

    def column(self, name: str) -> np.ndarray:
        """A column of ``frame`` as floats (NaN for none)."""
        return self.frame[name].to_numpy(dtype=float)


def indicator_table(merged: Merged, settings: Settings) -> IndicatorTable:
    """The table of the rows ``merged`` gives, scored."""
    rows = merged.indicators
    scored = np.array([bool(i.level3 or i.target) for i in rows], dtype=bool)  # not i.placeholder
    project, projects = pd.factorize(np.array([i.project for i in rows], dtype=object))
    level, levels = pd.factorize(np.array([i.level1 for i in rows], dtype=object))
    frame = pd.DataFrame(
        {
            "project": project,
            "level1": level,
            "placeholder": ~scored,
            "given_weight": pd.array([i.weight for i in rows], dtype="Float64"),
            "self_score": pd.array([i.self_score for i in rows], dtype="Float64"),
        }
    )
    evaluations = _evaluations(rows, scored, merged, settings)
    frame["completion"] = evaluations.completion
    level_weights = np.array([settings.level_weight(name) for name in levels], dtype=float)
    frame["weight"] = _weights(frame, level_weights[level], settings)
    computed = round_half_up(frame["weight"].to_numpy(dtype=float) * evaluations.factor, settings.decimals)
    deviates = evaluations.completion >= settings.deviation_threshold - EPS
    if settings.deviation_deduction > 0:
        computed = np.where(deviates, np.maximum(computed - settings.deviation_deduction, 0.0), computed)
    frame["computed"] = computed
    frame["deviates"] = deviates
    frame["score"] = frame["self_score"].astype(float).fillna(frame["computed"])
    parts = dict(zip(merged.at.tolist(), merged.parts, strict=True))
    names = pd.Index(projects, dtype=object), pd.Index(levels, dtype=object)
    return IndicatorTable(rows, frame, *names, evaluations, scored, parts)


def _evaluations(
    rows: list[Indicator], scored: np.ndarray, merged: Merged, settings: Settings
) -> Evaluations:
    """Each row's evaluation: the merge's for merged rows, none for placeholders."""
    out = Evaluations.empty(len(rows))
    own = scored.copy()
    own[merged.at] = False
    todo = np.flatnonzero(own)
    chosen = [rows[i] for i in todo]
    targets, actuals = [i.target for i in chosen], [i.actual for i in chosen]
    natures, level2s = [i.nature for i in chosen], [i.level2 for i in chosen]
    out.put(todo, evaluate_all(targets, actuals, natures, settings, level2s=level2s))
    out.put(merged.at, merged.evaluations)
    return out


def _weights(frame: pd.DataFrame, level_weight: np.ndarray, settings: Settings) -> pd.Series:
    """Given 分值 where a project gives them all; else its first-level weight split over the level."""
    scored = ~frame["placeholder"]
    given = frame["given_weight"].astype(float)
    all_given = given.notna().where(scored, True).groupby(frame["project"]).transform("all")
    none_given = given.isna().where(scored, True).groupby(frame["project"]).transform("all")
    split = _split_level_weights(frame[scored], level_weight[scored.to_numpy()], settings)
    weights = pd.Series(np.nan, index=frame.index)
    weights[scored & all_given] = given[scored & all_given]
    weights[scored & none_given] = split[scored & none_given]
    return weights


def _split_level_weights(rows: pd.DataFrame, level_weight: np.ndarray, settings: Settings) -> pd.Series:
    """Each level's weight split equally, in whole units of the last decimal, remainders to the first rows."""
    unit = 10.0**settings.decimals
    level_units = np.round(level_weight * unit)
    groups = rows.groupby(["project", "level1"], sort=False)
    count = groups["level1"].transform("size").to_numpy()
    position = groups.cumcount().to_numpy()
    base = np.floor(level_units / count)
    extra = (position < level_units - base * count).astype(float)
    return pd.Series((base + extra) / unit, index=rows.index)


# ---- findings about single rows ------------------------------------------------------------------

_Found = tuple[int, int, Finding]  # (row, order within the row, finding)


def row_findings(table: IndicatorTable, settings: Settings) -> list[Finding]:
    """For each scored row in order: its evaluation's problems, then a self-score above the weight
    or unlike the computed score, then a missing reason for a miss or a big overshoot, or a reason
    saying the work was not done beside full marks."""
    found = [
        *_problems(table),
        *_self_scores(table, settings),
        *_reasons(table, settings),
        *_contradicting_reasons(table, settings),
    ]
    found.sort(key=lambda item: item[:2])
    return [f for _, _, f in found]


def _problems(table: IndicatorTable) -> Iterator[_Found]:
    problems = table.evaluations.problems
    for i in np.flatnonzero(table.scored & np.array([len(p) > 0 for p in problems], dtype=bool)).tolist():
        row = table.indicators[i]
        yield from ((i, 0, finding(p.code, row.place_of(p.column), **dict(p.values))) for p in problems[i])


def _self_scores(table: IndicatorTable, settings: Settings) -> Iterator[_Found]:
    own, weight, computed = table.column("self_score"), table.column("weight"), table.column("computed")
    given = table.scored & ~np.isnan(own)
    above = given & (own > weight + EPS)
    differs = np.flatnonzero(given & ~above & ~np.isnan(computed) & (np.abs(own - computed) > EPS))
    above = np.flatnonzero(above)
    for i, s, w in zip(above.tolist(), nums(own[above]), nums(weight[above]), strict=True):
        place = table.indicators[i].place_of("自评得分")
        yield i, 1, finding("SELF_SCORE_ABOVE_WEIGHT", place, self_score=s, weight=w)
    diff = nums(round_half_up(own[differs] - computed[differs], settings.decimals))
    for i, s, c, d in zip(differs.tolist(), nums(own[differs]), nums(computed[differs]), diff, strict=True):
        place = table.indicators[i].place_of("自评得分")
        yield i, 1, finding("SELF_SCORE_DIFFERS", place, self_score=s, computed=c, diff=d)


def _reasons(table: IndicatorTable, settings: Settings) -> Iterator[_Found]:
    """A reason is asked for a row without one that overshoots its target, or scores under its weight."""
    weight, score = table.column("weight"), table.column("score")
    silent = np.array([not i.reason for i in table.indicators], dtype=bool)
    asked = table.scored & silent & ~np.isnan(score) & ~np.isnan(weight)
    deviates = table.frame["deviates"].to_numpy(dtype=bool)
    over = np.flatnonzero(asked & deviates)
    under = np.flatnonzero(asked & ~deviates & (score < weight - EPS))
    threshold = pct(settings.deviation_threshold)
    for i, c in zip(over.tolist(), pcts(table.column("completion")[over]), strict=True):
        place = table.indicators[i].place_of("未完成原因和改进措施")
        yield i, 2, finding("REASON_MISSING_DEVIATION", place, completion=c, threshold=threshold)
    for i, s, w in zip(under.tolist(), nums(score[under]), nums(weight[under]), strict=True):
        place = table.indicators[i].place_of("未完成原因和改进措施")
        yield i, 2, finding("REASON_MISSING_UNDER", place, score=s, weight=w)


def _contradicting_reasons(table: IndicatorTable, settings: Settings) -> Iterator[_Found]:
    """A 未完成原因 saying the work was not done (尚未开工 …, ``reasons.not_done_words``) beside full marks."""
    weight, score = table.column("weight"), table.column("score")
    codes, reasons = pd.factorize(np.array([i.reason for i in table.indicators], dtype=object))
    words = sorted(settings.not_done_words, key=len, reverse=True)
    said = np.array([_not_done(r, words, settings) for r in reasons] + [""], dtype=object)[codes]
    full = table.scored & (weight > 0) & (score >= weight - EPS) & (said != "")
    i = np.flatnonzero(full)
    for k, w, s, m in zip(i.tolist(), said[i], nums(score[i]), nums(weight[i]), strict=True):
        place = table.indicators[k].place_of("未完成原因和改进措施")
        yield k, 3, finding("REASON_CONTRADICTS", place, word=w, score=s, weight=m)


def _not_done(reason: str, words: list[str], settings: Settings) -> str:
    """The word of ``words`` a reason says the work was not done with, or "" (none outside its
    exceptions, ``reasons.not_done_exceptions``: 无未完成事项)."""
    for exception in settings.not_done_exceptions:
        reason = reason.replace(exception, "|")
    return next((w for w in words if w in reason), "")


# ---- the records ---------------------------------------------------------------------------------


def scored_indicators(table: IndicatorTable, settings: Settings) -> list[ScoredIndicator]:
    """The record of each row, with how it was scored (计算过程); NaN figures become None."""
    rows, e = table.indicators, table.evaluations
    weight = np.where(table.scored, table.column("weight"), np.nan)
    computed = table.column("computed")
    score = np.where(np.isnan(weight), np.nan, table.column("score"))  # no weight, no score
    level1, level2, level3 = [i.level1 for i in rows], [i.level2 for i in rows], [i.level3 for i in rows]
    target, actual, reason = [i.target for i in rows], [i.actual for i in rows], [i.reason for i in rows]
    own = [i.self_score for i in rows], [i.row for i in rows]
    return list(  # map over columns: a record per row without a Python loop of our own
        map(
            _MAKE_SCORED,
            level1,
            level2,
            level3,
            target,
            actual,
            reason,
            e.nature.tolist(),
            _none_for_nan(weight),
            _none_for_nan(e.completion),
            _none_for_nan(computed),
            own[0],
            _none_for_nan(score),
            _methods(table, weight, computed, settings),
            own[1],
            places_of(rows, "三级指标"),
            target_units(target),
            [table.parts.get(n, ()) for n in range(len(rows))],
            repeat(()),  # blocked_by: set by evalxl.outcome when errors withhold scores
        )
    )


_MAKE_SCORED = maker(ScoredIndicator)


def _none_for_nan(values: np.ndarray) -> list[float | None]:
    out = values.astype(object)
    out[np.isnan(values)] = None
    return out.tolist()  # type: ignore[no-any-return]


def _methods(
    table: IndicatorTable, weight: np.ndarray, computed: np.ndarray, settings: Settings
) -> list[str]:
    """计算过程 of each row: how its share was found, the score it gives, and the profile keys used."""
    e = table.evaluations
    deducted = table.frame["deviates"].to_numpy(dtype=bool) & (settings.deviation_deduction > 0)
    cut = f" − {num(settings.deviation_deduction)}（完成值达目标的 {pct(settings.deviation_threshold)} 以上）"
    i = np.flatnonzero(table.scored & ~np.isnan(weight) & ~np.isnan(e.factor))
    shares = pcts(least(e.factor[i], 1.0))
    score = np.full(len(weight), "", dtype=object)
    score[i] = [
        f"；得分 = {w} × {p}{cut if d else ''} = {c}"
        for w, p, d, c in zip(nums(weight[i]), shares, deducted[i], nums(computed[i]), strict=True)
    ]
    name = settings.rules_name
    return [
        f"{m}{s}〔{name}：{r or 'quantitative'}{'、quantitative.deviation_deduction' if d else ''}〕"
        if ok
        else ""
        for m, s, r, d, ok in zip(e.method, score, e.rule, deducted, table.scored, strict=True)
    ]


def target_units(targets: Sequence[str]) -> list[str]:
    """The unit of measure each target is written in (次, 万元, % …), "" for words and bare numbers."""
    codes, distinct = pd.factorize(np.array(targets, dtype=object))
    units = [parse_value(t).parts for t in distinct]
    written = np.array(["、".join(dict.fromkeys(q.unit for q in p if q.unit)) for p in units], dtype=object)
    return [str(u) for u in written[codes]]
