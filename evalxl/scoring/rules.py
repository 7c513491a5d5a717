"""The rules engine: an :class:`InputBook` and its settings → scored projects and findings.

Indicators are scored as one pandas table: every row is evaluated (:mod:`evalxl.scoring.evaluate`, cached
per distinct target/actual), weights are split per project and first-level indicator with
group-bys, scores are rounded half up per row, and the rows are summed per project.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from evalxl.findings import Finding, finding
from evalxl.importing.checks import TOTAL_SOURCES
from evalxl.model import (
    Cap,
    Fund,
    FundLine,
    Indicator,
    InputBook,
    Project,
    ScoredIndicator,
    ScoredProject,
    Settings,
)
from evalxl.scoring.evaluate import Evaluation, evaluate
from evalxl.scoring.merge import Row, merge_units
from evalxl.scoring.numbers import num, pct, round1, round_half_up
from evalxl.scoring.values import parse_value

_EPS = 1e-9


def grade_of(score: float, settings: Settings) -> str:
    """The grade of a total: the first grade whose lower bound it reaches."""
    return next((name for name, bound in settings.grades if score >= bound - _EPS), settings.grade_fallback)


def score_book(book: InputBook, settings: Settings) -> tuple[tuple[ScoredProject, ...], list[Finding]]:
    """Score every project of ``book``; findings are about the user's data (never raised)."""
    rows_to_score, findings = merge_units(book, settings)
    indicators = tuple(r.indicator for r in rows_to_score)
    frame = indicator_frame(rows_to_score, settings)
    findings.extend(_row_findings(indicators, frame, settings))
    funds_by_project: dict[str, list[Fund]] = defaultdict(list)
    for f in book.funds:
        funds_by_project[f.project].append(f)
    table = _Table.of(frame, rows_to_score)
    positions = frame.groupby("project", sort=False).indices
    stats = _project_stats(frame)
    projects = []
    for project in book.projects:
        rows = [int(i) for i in positions.get(project.name, ())]
        scored, found = _score_project(
            project, funds_by_project[project.name], rows, stats.get(project.name), table, settings
        )
        projects.append(scored)
        findings.extend(found)
    return tuple(projects), findings


# ---- the indicator table -------------------------------------------------------------------------


def indicator_frame(rows: Sequence[Row], settings: Settings) -> pd.DataFrame:
    """One row per indicator with its evaluation, weight, computed score and counting score."""
    indicators = [r.indicator for r in rows]
    frame = pd.DataFrame(
        {
            "project": pd.Series([i.project for i in indicators], dtype=object),
            "level1": pd.Series([i.level1 for i in indicators], dtype=object),
            "placeholder": np.array([i.placeholder for i in indicators], dtype=bool),
            "given_weight": pd.array([i.weight for i in indicators], dtype="Float64"),
            "self_score": pd.array([i.self_score for i in indicators], dtype="Float64"),
        }
    )
    keys = [(i.target, i.actual, i.nature) for i in indicators]
    evaluations = {key: evaluate(*key, settings) for key in dict.fromkeys(keys)}
    frame["evaluation"] = pd.Series(
        [
            None if r.indicator.placeholder else r.evaluation or evaluations[k]
            for r, k in zip(rows, keys, strict=True)
        ],
        dtype=object,
    )
    frame["factor"] = [np.nan if e is None or e.factor is None else e.factor for e in frame["evaluation"]]
    frame["completion"] = [
        np.nan if e is None or e.completion is None else e.completion for e in frame["evaluation"]
    ]
    frame["weight"] = _weights(frame, settings)
    computed = round_half_up(
        frame["weight"].to_numpy(dtype=float) * frame["factor"].to_numpy(), settings.decimals
    )
    deviates = frame["completion"].to_numpy() >= settings.deviation_threshold - _EPS
    if settings.deviation_deduction > 0:
        computed = np.where(deviates, np.maximum(computed - settings.deviation_deduction, 0.0), computed)
    frame["computed"] = computed
    frame["deviates"] = deviates
    frame["score"] = frame["self_score"].astype(float).fillna(frame["computed"])
    return frame


@dataclass(frozen=True)
class _Table:
    """The indicator table as plain lists, so records are built row by row without pandas per row."""

    rows: Sequence[Row]
    evaluation: list[Evaluation | None]
    weight: list[float]
    completion: list[float]
    computed: list[float]
    score: list[float]
    deviates: list[bool]

    @classmethod
    def of(cls, frame: pd.DataFrame, rows: Sequence[Row]) -> _Table:
        """The lists of ``frame``'s columns."""
        return cls(
            rows,
            frame["evaluation"].tolist(),
            frame["weight"].tolist(),
            frame["completion"].tolist(),
            frame["computed"].tolist(),
            frame["score"].tolist(),
            frame["deviates"].tolist(),
        )


@dataclass(frozen=True)
class _Stats:
    """A project's scored rows, summed up once for all projects by group-bys."""

    first: int  # position of its first scored row
    all_given: bool  # every scored row has 分值
    given_sum: float
    level_counts: dict[str, int]
    score_sum: float
    complete: bool  # every scored row has a weight and a score


def _project_stats(frame: pd.DataFrame) -> dict[str, _Stats]:
    scored = frame[~frame["placeholder"]]
    if scored.empty:
        return {}
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
    )
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    sizes: dict[Any, int] = scored.groupby(["project", "level1"], sort=False).size().to_dict()
    for (name, level), size in sizes.items():
        counts[str(name)][str(level)] = int(size)
    return {
        str(name): _Stats(
            int(r["first"]),
            bool(r["all_given"]),
            float(r["given_sum"]),
            counts[str(name)],
            float(r["score_sum"]),
            bool(r["complete"]),
        )
        for name, r in zip(agg.index, agg.to_dict("records"), strict=True)
    }


def _weights(frame: pd.DataFrame, settings: Settings) -> pd.Series:
    """Given 分值 where a project gives them all; else its first-level weight split over the level."""
    scored = ~frame["placeholder"]
    given = frame["given_weight"].astype(float)
    all_given = given.notna().where(scored, True).groupby(frame["project"]).transform("all")
    none_given = given.isna().where(scored, True).groupby(frame["project"]).transform("all")
    split = _split_level_weights(frame[scored], settings)
    weights = pd.Series(np.nan, index=frame.index)
    weights[scored & all_given] = given[scored & all_given]
    weights[scored & none_given] = split[scored & none_given]
    return weights


def _split_level_weights(rows: pd.DataFrame, settings: Settings) -> pd.Series:
    """Each level's weight split equally, in whole units of the last decimal, remainders to the first rows."""
    unit = 10.0**settings.decimals
    level_units = np.round(rows["level1"].map(settings.level_weight).to_numpy(dtype=float) * unit)
    groups = rows.groupby(["project", "level1"], sort=False)
    count = groups["level1"].transform("size").to_numpy()
    position = groups.cumcount().to_numpy()
    base = np.floor(level_units / count)
    extra = (position < level_units - base * count).astype(float)
    return pd.Series((base + extra) / unit, index=rows.index)


# ---- findings about single rows ------------------------------------------------------------------


def _row_findings(
    indicators: tuple[Indicator, ...], frame: pd.DataFrame, settings: Settings
) -> Iterable[Finding]:
    for indicator, row in zip(indicators, frame.itertuples(index=False), strict=True):
        evaluation: Evaluation | None = row.evaluation  # type: ignore[assignment]
        if evaluation is None:
            continue
        for p in evaluation.problems:
            yield finding(p.code, indicator.place_of(p.column), **dict(p.values))
        yield from _explanations(indicator, row, settings)


def _explanations(indicator: Indicator, row: Any, settings: Settings) -> Iterable[Finding]:
    weight, score = float(row.weight), float(row.score)
    computed, completion = float(row.computed), float(row.completion)
    reason_place = indicator.place_of("未完成原因和改进措施")
    if indicator.self_score is not None:
        if indicator.self_score > weight + _EPS:
            yield finding(
                "SELF_SCORE_ABOVE_WEIGHT",
                indicator.place_of("自评得分"),
                self_score=num(indicator.self_score),
                weight=num(weight),
            )
        elif not np.isnan(computed) and abs(indicator.self_score - computed) > _EPS:
            yield finding(
                "SELF_SCORE_DIFFERS",
                indicator.place_of("自评得分"),
                self_score=num(indicator.self_score),
                computed=num(computed),
                diff=num(round1(indicator.self_score - computed, settings.decimals)),
            )
    if indicator.reason or np.isnan(score) or np.isnan(weight):
        return
    if row.deviates:
        yield finding(
            "REASON_MISSING_DEVIATION",
            reason_place,
            completion=pct(completion),
            threshold=pct(settings.deviation_threshold),
        )
    elif score < weight - _EPS:
        yield finding("REASON_MISSING_UNDER", reason_place, score=num(score), weight=num(weight))


# ---- projects ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Money:
    lines: tuple[FundLine, ...]
    budget: float
    executed: float


def fund_lines(funds: list[Fund]) -> _Money:
    """The form's 项目资金 rows: 年度资金总额 first, then each named source summed over units."""
    totals = [f for f in funds if f.source in TOTAL_SOURCES]
    parts = [f for f in funds if f.source not in TOTAL_SOURCES]
    by_source: dict[str, list[Fund]] = {}
    for f in parts:
        if f.source:
            by_source.setdefault(f.source, []).append(f)
    lines = [_line("年度资金总额", totals or funds)]
    lines += [_line(source, rows) for source, rows in by_source.items()]
    return _Money(tuple(lines), lines[0].budget or 0.0, lines[0].executed or 0.0)


def _line(label: str, funds: list[Fund]) -> FundLine:
    budget = sum(f.budget for f in funds)
    executed = sum(f.executed for f in funds)
    initials = [f.initial for f in funds if f.initial is not None]
    initial = sum(initials) if initials else None
    return FundLine(label, budget, executed, executed / budget if budget > 0 else None, initial)


def _score_project(
    project: Project,
    funds: list[Fund],
    rows: list[int],
    stats: _Stats | None,
    table: _Table,
    settings: Settings,
) -> tuple[ScoredProject, list[Finding]]:
    findings: list[Finding] = []
    trail: list[str] = []
    money = fund_lines(funds)
    rate = money.lines[0].rate
    budget_score = _budget_score(project, funds, money, settings, trail, findings)
    scored = tuple(_scored_indicator(i, table, settings) for i in rows)
    scale = _scale(project, stats, table, settings, trail, findings)
    raw, total, grade = _total(budget_score, stats, scale, settings, trail)
    cap = None
    if total is not None and rate is not None:
        uncapped = total
        total, grade = _cap(project, rate, total, grade, settings, trail, findings)
        cap = None if total == uncapped else Cap(*_applied(settings, rate), uncapped)
    result = ScoredProject(
        project, money.lines, money.budget, money.executed, rate, settings.budget_weight, budget_score,
        scored, raw, scale, total, grade, tuple(trail), cap=cap,
    )  # fmt: skip
    return result, findings


def _budget_score(
    project: Project,
    funds: list[Fund],
    money: _Money,
    settings: Settings,
    trail: list[str],
    findings: list[Finding],
) -> float | None:
    """预算执行率's score (None when there is no budget: an error), and the warning for a low rate."""
    rate = money.lines[0].rate
    if rate is None:
        if funds:
            findings.append(finding("ZERO_BUDGET", funds[0].place_of("全年预算数"), name=project.name))
        return None
    score = round1(settings.budget_weight * min(rate, 1.0), settings.decimals)
    trail.append(
        f"预算执行率 = 全年执行数/全年预算数 = {num(money.executed)}/{num(money.budget)} = {pct(rate)}；"
        f"得分 = {num(settings.budget_weight)} × min({pct(rate)}, 100%) = {num(score)}"
        f"〔{settings.rules_name}：weights.预算执行率〕"
    )
    if rate < settings.execution_warn_below - _EPS and not project.remark:
        threshold = pct(settings.execution_warn_below)
        findings.append(
            finding(
                "LOW_EXECUTION",
                project.place_of("说明"),
                name=project.name,
                rate=pct(rate),
                threshold=threshold,
            )
        )
    return score


def _scored_indicator(i: int, table: _Table, settings: Settings) -> ScoredIndicator:
    to_score = table.rows[i]
    indicator = to_score.indicator
    evaluation = table.evaluation[i]
    weight = None if indicator.placeholder else _opt(table.weight[i])
    method = ""
    if evaluation is not None:
        method = evaluation.method
        deducted = table.deviates[i] and settings.deviation_deduction > 0
        if weight is not None and evaluation.factor is not None:
            method += f"；得分 = {num(weight)} × {pct(min(evaluation.factor, 1.0))}"
            if deducted:
                method += f" − {num(settings.deviation_deduction)}（完成值达目标的 {pct(settings.deviation_threshold)} 以上）"
            method += f" = {num(table.computed[i])}"
        rule = evaluation.rule or "quantitative"
        method += (
            f"〔{settings.rules_name}：{rule}{'、quantitative.deviation_deduction' if deducted else ''}〕"
        )
    return ScoredIndicator(
        indicator.level1,
        indicator.level2,
        indicator.level3,
        indicator.target,
        indicator.actual,
        indicator.reason,
        evaluation.nature if evaluation else "",
        weight,
        _opt(table.completion[i]),
        _opt(table.computed[i]),
        indicator.self_score,
        None if weight is None else _opt(table.score[i]),
        method,
        indicator.row,
        indicator.place_of("三级指标"),
        target_unit(indicator.target),
        to_score.parts,
    )


def _opt(value: float) -> float | None:
    return None if value != value else float(value)  # NaN → None


def target_unit(target: str) -> str:
    """The unit of measure a target is written in (次, 万元, % …), "" for words and bare numbers."""
    parsed = parse_value(target)
    units = dict.fromkeys(q.unit for q in parsed.parts if q.unit)
    return "、".join(units)


def _scale(
    project: Project,
    stats: _Stats | None,
    table: _Table,
    settings: Settings,
    trail: list[str],
    findings: list[Finding],
) -> float:
    """The factor that brings the total to 100 (1.0 unless applicable weights differ from it)."""
    if stats is None:
        return 1.0
    if stats.all_given:
        findings.extend(_given_weights(project, stats, table, settings, trail))
        return 1.0
    present = stats.level_counts
    parts = [
        f"{level} {num(w)} 分平均分给 {present[level]} 个指标"
        for level, w in settings.level_weights
        if level in present
    ]
    trail.append("未填分值，按默认权重：" + "；".join(parts))
    dropped = [level for level, w in settings.level_weights if w > 0 and level not in present]
    applicable = settings.budget_weight + sum(w for level, w in settings.level_weights if level in present)
    if applicable <= 0 or abs(applicable - settings.rescale_to) < _EPS:
        return 1.0
    factor = f"{num(settings.rescale_to)}/{num(applicable)}"
    why = f"缺少{'、'.join(dropped)}" if dropped else f"适用分值合计 {num(applicable)}"
    trail.append(f"{why}：总分 = 得分合计 × {factor}〔{settings.rules_name}：scores.rescale_to〕")
    if dropped:
        levels = "、".join(dropped)
        findings.append(
            finding("LEVEL_RESCALED", project.place, name=project.name, levels=levels, factor=factor)
        )
    return settings.rescale_to / applicable


def _given_weights(
    project: Project, stats: _Stats, table: _Table, settings: Settings, trail: list[str]
) -> list[Finding]:
    """分值 given on every row: used as given; a warning when they and the budget's do not make 100."""
    total = settings.budget_weight + stats.given_sum
    indicator_total = num(stats.given_sum)
    trail.append(
        f"分值按填报：指标分值合计 {indicator_total}，加预算执行率分值 {num(settings.budget_weight)}，共 {num(total)}"
    )
    if abs(total - settings.weights_total) <= _EPS:
        return []
    place = table.rows[stats.first].indicator.place_of("分值")
    budget = num(settings.budget_weight)
    return [
        finding(
            "WEIGHTS_NOT_100",
            place,
            name=project.name,
            indicators=indicator_total,
            budget=budget,
            total=num(total),
        )
    ]


def _applied(settings: Settings, rate: float) -> tuple[float, float]:
    cap = settings.cap_for(rate)
    assert cap is not None
    return cap


def _cap(
    project: Project,
    rate: float,
    total: float,
    grade: str,
    settings: Settings,
    trail: list[str],
    findings: list[Finding],
) -> tuple[float, str]:
    """The profile's cap on the total for a low execution rate."""
    cap = settings.cap_for(rate)
    if cap is None or total <= cap[1]:
        return total, grade
    below, most = cap
    trail.append(
        f"执行率 {pct(rate)} 低于 {pct(below)}：总分 {num(total)} 封顶为 {num(most)}〔{settings.rules_name}：caps〕"
    )
    findings.append(
        finding(
            "TOTAL_CAPPED",
            project.place,
            name=project.name,
            rate=pct(rate),
            below=pct(below),
            score=num(total),
            cap=num(most),
        )
    )
    return most, grade_of(most, settings)


def _total(
    budget_score: float | None, stats: _Stats | None, scale: float, settings: Settings, trail: list[str]
) -> tuple[float | None, float | None, str]:
    if budget_score is None or (stats is not None and not stats.complete):
        trail.append("存在错误，未计算总分")
        return None, None, ""
    raw = round1(budget_score + (stats.score_sum if stats else 0.0), settings.decimals)
    total = round1(raw * scale, settings.decimals)
    grade = grade_of(total, settings)
    shown = f"{num(raw)} × {num(scale)} = {num(total)}" if scale != 1.0 else num(total)
    trail.append(
        f"总分 = 预算执行率得分 {num(budget_score)} + 指标得分合计 {num(raw - budget_score)} → {shown}，等级：{grade}"
    )
    return raw, total, grade
