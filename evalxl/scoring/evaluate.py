"""How far indicators were achieved: target and actual texts → completion and share of the weight.

:func:`evaluate_all` works on columns. It parses each distinct text once
(:mod:`evalxl.scoring.parsed`), evaluates each distinct (target, actual, nature) once and spreads
the results over the rows. Each of those keys takes the first case below that applies to it, and a
case does its arithmetic on all its keys at once: a blank actual; a qualitative indicator (a ratio
and its band, or words); a quantity (by direction, :mod:`evalxl.scoring.directions`); a compound
target; a time target (dates); else the target cannot be read. :func:`evaluate` is one row of it.

No weights, no rounding, no places: problems come back as :class:`Problem` values naming the
column they are about (the records are in :mod:`evalxl.scoring.evaluations`); the indicator table
turns them into findings at the row's cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from evalxl.model import Settings
from evalxl.scoring import timeliness, units, wording
from evalxl.scoring.directions import (
    Compared,
    Defaulted,
    by_default,
    compare,
    compare_compound,
    level2_codes,
)
from evalxl.scoring.evaluations import ACTUAL, TARGET, Evaluation, Evaluations, Problem
from evalxl.scoring.numbers import nums, pcts
from evalxl.scoring.parsed import Side
from evalxl.scoring.qualitative import Words, band_range, bands_of, zero_actuals
from evalxl.scoring.values import Quantity, parse_value


def evaluate(target: str, actual: str, nature: str, settings: Settings, level2: str = "") -> Evaluation:
    """Evaluate one indicator row: ``nature`` is 定量, 定性 or blank (detected from the target);
    ``level2`` is the row's 二级指标 (the default direction of a target without an operator)."""
    return evaluate_all([target], [actual], [nature], settings, level2s=[level2]).row(0)


def evaluate_all(
    targets: Sequence[str],
    actuals: Sequence[str],
    natures: Sequence[str],
    settings: Settings,
    level2s: Sequence[str] | None = None,
) -> Evaluations:
    """Evaluate many rows, each distinct (target, actual, nature, 二级指标) once; a 二级指标 counts
    only as far as a default direction depends on it (:func:`evalxl.scoring.directions.level2_class`)."""
    n = len(targets)
    codes, texts = pd.factorize(np.array([*targets, *actuals], dtype=object))
    nature_codes, nature_names = pd.factorize(np.array(natures, dtype=object))
    class_codes, class_names = level2_codes([""] * n if level2s is None else level2s, settings)
    combined = (codes[:n] * len(texts) + codes[n:]) * max(len(nature_names), 1) + nature_codes
    combined = combined * max(len(class_names), 1) + class_codes
    keys = pd.factorize(combined)[0]
    first = np.unique(keys, return_index=True)[1]
    table = Side.of([parse_value(text) for text in texts])
    target, actual = table.take(codes[:n][first]), table.take(codes[n:][first])
    raw = np.asarray(texts, dtype=object)[codes[:n][first]]
    nature = np.asarray(nature_names, dtype=object)[nature_codes[first]] if n else np.empty(0, dtype=object)
    level2 = np.asarray(class_names, dtype=object)[class_codes[first]] if n else np.empty(0, dtype=object)
    defaulted = by_default(target, level2, settings)
    return _evaluate_keys(defaulted, actual, nature, raw, settings).take(keys)


# ---- the cases, in order -------------------------------------------------------------------------


class _Cases:
    """The results being filled in: each key takes the first case that applies to it."""

    def __init__(self, n: int) -> None:
        self.open = np.ones(n, dtype=bool)
        self.out = Evaluations.empty(n, "定量")

    def take(self, mask: np.ndarray) -> np.ndarray:
        """The keys still open where ``mask`` holds; they are taken."""
        chosen = np.flatnonzero(self.open & mask)
        self.open[chosen] = False
        return chosen

    def set(self, i: np.ndarray, nature: Any, factor: Any, completion: Any, method: Any, rule: Any) -> None:
        """The results of the keys ``i``."""
        out = self.out
        out.nature[i], out.factor[i], out.completion[i], out.method[i], out.rule[i] = (
            nature, factor, completion, method, rule
        )  # fmt: skip

    def compared(self, i: np.ndarray, result: Compared) -> None:
        """Quantitative results of :mod:`evalxl.scoring.directions`."""
        self.set(i, "定量", result.factor, result.completion, result.method, result.rule)

    def problem(
        self, i: np.ndarray, code: str, column: str, values: Sequence[dict[str, Any]], first: bool = False
    ) -> None:
        """One more problem for each key ``i``, with its message values (``first``: before the others)."""
        for k, v in zip(i, values, strict=True):
            found = Problem(code, column, tuple(v.items()))
            self.out.problems[k] = (found, *self.out.problems[k]) if first else (*self.out.problems[k], found)

    def fail(
        self, i: np.ndarray, nature: str, code: str, column: str, values: Sequence[dict[str, Any]]
    ) -> None:
        """The keys ``i`` cannot be computed, for the reason ``code``."""
        self.set(i, nature, np.nan, np.nan, "无法计算", "")
        self.problem(i, code, column, values)


def _evaluate_keys(
    defaulted: Defaulted, a: Side, nature: np.ndarray, raw: np.ndarray, settings: Settings
) -> Evaluations:
    t = defaulted.target
    cases = _Cases(len(nature))
    zero = zero_actuals(t, a, settings)
    a = zero.actual
    words = Words.of(t, a, settings, defaulted.time_rows)
    detected = np.where(t.kind == "words", "定性", "定量")
    nature = np.where(nature != "", nature, detected).astype(object)
    i = cases.take(a.kind == "blank")
    cases.set(i, nature[i], np.nan, np.nan, "未填写全年完成值", "")
    wording.none_targets(cases, t, a, zero, nature)
    _qualitative(cases, t, a, words, nature == "定性", settings)
    _quantity(cases, t, a, words, t.kind == "quantity", settings)
    _compound(cases, t, a, words, t.kind == "compound", settings)
    _deadline(cases, t, a, words, t.kind == "deadline", settings)
    i = cases.take(np.ones(len(nature), dtype=bool))
    detail = "（定量指标应写成“≥20 次”“≤15 万元”“100%”等）"
    cases.fail(i, "定量", "TARGET_UNREADABLE", TARGET, [{"value": v, "detail": detail} for v in raw[i]])
    wording.negated_actuals(cases, a, words, zero, settings)
    wording.notes(cases, defaulted, a, zero.read)
    return cases.out


def _qualitative(cases: _Cases, t: Side, a: Side, words: Words, mask: np.ndarray, settings: Settings) -> None:
    """A ratio and the band it falls in (which must be the band written next to it), or words."""
    i = cases.take(mask & a.single_percent)
    ratio = a.number[i]
    wrong = i[~((ratio >= 0) & (ratio <= 1))]
    cases.fail(
        wrong, "定性", "QUAL_RATIO_OUT_OF_RANGE", ACTUAL, [{"ratio": r} for r in pcts(a.number[wrong])]
    )
    i = i[(ratio >= 0) & (ratio <= 1)]
    ratio, claimed = a.number[i], words.claimed[i]
    band = bands_of(ratio, settings)
    other = (claimed != "") & (band != claimed)
    _band_mismatch(cases, i[other], pcts(ratio[other]), claimed[other], settings)
    i, ratio, band = i[~other], ratio[~other], band[~other]
    method = [f"定性指标：完成比例 {r}（{b}）" for r, b in zip(pcts(ratio), band, strict=True)]
    cases.set(i, "定性", ratio, ratio, method, "qualitative.bands")
    i = cases.take(mask & words.usable)
    share = words.ratio[i]
    method = [f"定性指标：“{text}”按 {r} 计" for text, r in zip(a.text[i], pcts(share), strict=True)]
    cases.set(i, "定性", share, share, method, words.rule(i))
    i = cases.take(mask)
    detail = "（定性指标请填写完成比例如 85%，或“达成/部分达成/未达成”）"
    cases.fail(i, "定性", "ACTUAL_UNREADABLE", ACTUAL, _unreadable_values(t, a, i, detail))


def _band_mismatch(
    cases: _Cases, i: np.ndarray, ratios: list[str], bands: np.ndarray, settings: Settings
) -> None:
    ranges = band_range(bands, settings)
    values = [
        {"ratio": r, "band": b, "low": low, "high": high}
        for r, b, (low, high) in zip(ratios, bands, (pcts(pair) for pair in ranges), strict=True)
    ]
    cases.fail(i, "定性", "QUAL_RATIO_BAND_MISMATCH", ACTUAL, values)


def _quantity(cases: _Cases, t: Side, a: Side, words: Words, mask: np.ndarray, settings: Settings) -> None:
    """One number against one number (a percentage instead of a number is a completion ratio)."""
    one = mask & (a.kind == "quantity")
    other_unit = one & a.percent & ~t.percent
    if settings.percent_as_ratio:
        _as_ratio(cases, t, a, cases.take(other_unit))
    _unreadable(cases, t, a, cases.take(other_unit), "（单位不一致）")
    i = cases.take(one)
    value = _same_unit(cases, t, a, i)
    cases.compared(i, compare(t.op[i], t.number[i], value, t.percent[i], settings))
    _not_converted(cases, i[np.isnan(value)])
    _words_as_ratio(cases, a, words, cases.take(mask & words.usable))
    _unreadable(cases, t, a, cases.take(mask), "（定量指标请填写实际完成数）")


def _same_unit(cases: _Cases, t: Side, a: Side, i: np.ndarray) -> np.ndarray:
    """The actual numbers in their target's unit (:mod:`evalxl.scoring.units`): a bare number against
    a percentage is a percentage (warning), a unit that converts is converted (note), a unit that
    cannot be converted is NaN (error: the row is not scored, :func:`_not_converted`)."""
    t_unit, a_unit, value = t.unit[i], a.unit[i], a.number[i].copy()
    bare = t.percent[i] & (a_unit == "")
    value[bare] = np.where(value[bare] > 1, value[bare] / 100, value[bare])
    cases.problem(
        i[bare], "UNIT_MISMATCH", ACTUAL, [{"actual_unit": "（无）", "target_unit": "%"}] * bare.sum()
    )
    other = np.flatnonzero(~bare & (t_unit != "") & (a_unit != "") & (t_unit != a_unit))
    pairs = list(zip(a_unit[other].tolist(), t_unit[other].tolist(), strict=True))
    ratios = [units.factor(u, v) for u, v in pairs]
    zero = (value[other] == 0) & ~np.isin(a_unit[other], ["%"]) & ~np.isin(t_unit[other], ["%"])
    done = np.array([r is not None for r in ratios], dtype=bool) | zero  # 0 in any unit is 0
    top = np.array([r.numerator if r is not None else 0.0 for r in ratios], dtype=float)
    below = np.array([r.denominator if r is not None else 1 for r in ratios], dtype=float)
    value[other] = np.where(done, value[other] * top / below, np.nan)
    noted = done & ~np.array([units.same_thing(u, v) for u, v in pairs], dtype=bool)
    converted, failed = other[noted], other[~done]
    cases.problem(
        i[converted],
        "UNIT_CONVERTED",
        ACTUAL,
        [
            {"actual": x, "converted": f"{n}{u}", "target": y}
            for x, n, u, y in zip(
                a.text[i[converted]],
                nums(value[converted]),
                t_unit[converted],
                t.text[i[converted]],
                strict=True,
            )
        ],
    )
    cases.problem(i[failed], "UNIT_INCOMPATIBLE", ACTUAL, _incompatible(t, a, i[failed]))
    return np.asarray(value, dtype=float)


def _incompatible(t: Side, a: Side, i: np.ndarray) -> list[dict[str, Any]]:
    """The message values of UNIT_INCOMPATIBLE for the keys ``i``."""
    texts = zip(a.text[i], a.unit[i], t.text[i], t.unit[i], strict=True)
    return [{"actual": x, "actual_unit": u, "target": y, "target_unit": v} for x, u, y, v in texts]


def _not_converted(cases: _Cases, i: np.ndarray) -> None:
    """Keys whose actual could not be put in the target's unit: not scored (UNIT_INCOMPATIBLE)."""
    cases.set(i, "定量", np.nan, np.nan, "无法计算：单位无法换算", "")


def _compound(cases: _Cases, t: Side, a: Side, words: Words, mask: np.ndarray, settings: Settings) -> None:
    """Several numbers (or a range), each against the actual's number in its unit, converted where
    the units differ (:mod:`evalxl.scoring.units`); the smallest share counts."""
    percent_target = np.array([all(q.percent for q in p.parts) for p in t.parsed], dtype=bool)
    ratio = a.single_percent & ~percent_target  # 95% against 90%-100% is a percentage, not a ratio
    readable = ((a.kind == "compound") | (a.kind == "quantity")) & ~ratio
    if settings.percent_as_ratio:
        _as_ratio(cases, t, a, cases.take(mask & ~readable & ratio))
    _words_as_ratio(cases, a, words, cases.take(mask & ~readable & words.usable))
    _unreadable(cases, t, a, cases.take(mask & ~readable), "")
    i = cases.take(mask)
    pairs = [units.pair_parts(x.parts, y.parts) for x, y in zip(t.parsed[i], a.parsed[i], strict=True)]
    found = np.array([p is not None for p in pairs], dtype=bool)
    chosen = [p for p in pairs if p is not None]
    paired, result = compare_compound([p[0] for p in chosen], [p[1] for p in chosen], settings)
    j = i[found]
    _unreadable(cases, t, a, i[~found], "（各部分的单位应与目标一致，如“1 个镇 4 个村”）")
    _unreadable(cases, t, a, j[~paired], "（各部分的单位应与目标一致，如“1 个镇 4 个村”）")
    cases.compared(j[paired], _ranges(result, [p[0] for p, ok in zip(chosen, paired, strict=True) if ok]))
    notes = [(k, p[2]) for k, p, ok in zip(j, chosen, paired, strict=True) if ok and p[2]]
    cases.problem(
        np.array([k for k, _ in notes], dtype=int),
        "UNIT_CONVERTED",
        ACTUAL,
        [{"actual": a.text[k], "converted": shown, "target": t.text[k]} for k, shown in notes],
    )


_COMPOUND = "复合目标，各部分均须达到："


def _ranges(result: Compared, targets: list[tuple[Quantity, ...]]) -> Compared:
    """A range (a low and a high bound of one unit) met inside is 100% complete, not the nearer
    bound's ratio; its method says it is a range."""
    for k, parts in enumerate(targets):
        low, high = (parts[0], parts[-1]) if len(parts) == 2 else (None, None)
        if low is None or high is None or low.unit != high.unit or low.op[0] != ">" or high.op[0] != "<":
            continue
        if result.factor[k] == 1.0:
            result.completion[k] = 1.0
        result.method[k] = str(result.method[k]).replace(
            _COMPOUND, "区间目标，低于下限按正向、高于上限按反向计算："
        )
    return result


def _deadline(cases: _Cases, t: Side, a: Side, words: Words, mask: np.ndarray, settings: Settings) -> None:
    """A date against the deadline, or words saying it was on time or late. A target written as a
    day without 前 (``2024年6月30日``, ``6月底``, a date cell) is a deadline too, read with a note."""
    t = timeliness.with_days(t)
    i = np.flatnonzero(mask & cases.open)
    i, values = timeliness.days_read(t, i, settings)
    cases.problem(i, "DEADLINE_READ", TARGET, values)
    done = timeliness.actual_dates(t, a, settings)
    i = cases.take(mask & ~np.isnat(done) & t.has_deadline)
    dated = timeliness.by_date(t.take(i), done[i], settings)
    cases.set(
        i, "定量", np.where(dated.in_time, 1.0, 0.0), np.where(dated.in_time, 1.0, 0.0), dated.method, "time"
    )
    late = ~dated.in_time
    values = [
        {"actual": d, "deadline": x}
        for d, x, ok in zip(dated.done, dated.limit, dated.in_time, strict=True)
        if not ok
    ]
    cases.problem(i[late], "TIME_LATE", ACTUAL, values)
    i = cases.take(mask & ((a.kind == "deadline") | words.met))
    cases.set(i, "定量", 1.0, 1.0, [f"时效指标：“{text}”按时完成" for text in a.text[i]], "time.met_words")
    i = cases.take(mask & words.late)
    cases.set(i, "定量", 0.0, 0.0, [f"时效指标：“{text}”未按时完成" for text in a.text[i]], "time.late_words")
    if settings.percent_as_ratio:
        _as_ratio(cases, t, a, cases.take(mask & a.single_percent))
    _words_as_ratio(cases, a, words, cases.take(mask & words.usable))
    _unreadable(cases, t, a, cases.take(mask), "（时效指标请填写“及时”“按时”或完成日期）")


# ---- ratios written instead of numbers -----------------------------------------------------------


def _as_ratio(cases: _Cases, t: Side, a: Side, i: np.ndarray) -> None:
    """A bare percentage against a non-percent target: read as the completion ratio (warning)."""
    ratio = a.number[i]
    shown = pcts(ratio)
    cases.set(
        i, "定量", np.where(ratio > 1.0, 1.0, np.where(ratio < 0.0, 0.0, ratio)), ratio,
        [f"完成值按完成比例 {r} 计" for r in shown], "quantitative.percent_as_ratio",
    )  # fmt: skip
    values = [{"target": x, "actual": y} for x, y in zip(t.text[i], a.text[i], strict=True)]
    cases.problem(i, "PERCENT_AS_RATIO", ACTUAL, values)


def _words_as_ratio(cases: _Cases, a: Side, words: Words, i: np.ndarray) -> None:
    """Words against a quantitative target: the ratio they stand for (warning)."""
    ratio, shown = words.ratio[i], pcts(words.ratio[i])
    cases.set(
        i,
        "定量",
        ratio,
        ratio,
        [f"完成值“{x}”按 {r} 计" for x, r in zip(a.text[i], shown, strict=True)],
        words.rule(i),
    )
    bands = [b or "达成" for b in words.band[i]]
    values = [{"actual": x, "band": b, "ratio": r} for x, b, r in zip(a.text[i], bands, shown, strict=True)]
    cases.problem(i, "WORD_AS_RATIO", ACTUAL, values)


def _unreadable_values(t: Side, a: Side, i: np.ndarray, detail: str) -> list[dict[str, Any]]:
    return [{"value": y, "target": x, "detail": detail} for x, y in zip(t.text[i], a.text[i], strict=True)]


def _unreadable(cases: _Cases, t: Side, a: Side, i: np.ndarray, detail: str) -> None:
    cases.fail(i, "定量", "ACTUAL_UNREADABLE", ACTUAL, _unreadable_values(t, a, i, detail))
