"""How far indicators were achieved: target and actual texts → completion and share of the weight.

:func:`evaluate_all` works on columns. It parses each distinct text once
(:mod:`evalxl.scoring.parsed`), evaluates each distinct (target, actual, nature) once and spreads
the results over the rows. Each of those keys takes the first case below that applies to it, and a
case does its arithmetic on all its keys at once: a blank actual; a qualitative indicator (a ratio
and its band, or words); a quantity (by direction, :mod:`evalxl.scoring.directions`); a compound
target; a time target (dates); else the target cannot be read. :func:`evaluate` is one row of it.

No weights, no rounding, no places: problems come back as :class:`Problem` values naming the
column they are about; the indicator table turns them into findings at the row's cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np
import pandas as pd

from evalxl.model import Settings
from evalxl.scoring import timeliness
from evalxl.scoring.directions import (
    Compared,
    Defaulted,
    by_default,
    compare,
    compare_compound,
    level2_classes,
)
from evalxl.scoring.numbers import EPS, pcts
from evalxl.scoring.parsed import Side
from evalxl.scoring.qualitative import Words, band_range, bands_of, negation_in, zero_actuals
from evalxl.scoring.values import parse_value

TARGET = "年度指标值"
ACTUAL = "全年完成值"


@dataclass(frozen=True)
class Problem:
    """A finding still to be placed: its code, the column it is about, and its message values."""

    code: str
    column: str
    values: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class Evaluation:
    """The outcome for one indicator: its nature, the share of its weight earned, and why."""

    nature: str  # 定量 or 定性
    factor: float | None  # 0..1 share of the weight; None when it cannot be computed
    completion: float | None  # achievement ratio before capping (None where it has no meaning)
    method: str
    problems: tuple[Problem, ...] = field(default=())
    rule: str = ""  # the rules-profile key that decided the share, for 计算过程


@dataclass(frozen=True)
class Evaluations:
    """The evaluations of many rows, as columns (factor and completion are NaN where None)."""

    nature: np.ndarray
    factor: np.ndarray
    completion: np.ndarray
    method: np.ndarray
    rule: np.ndarray
    problems: np.ndarray  # tuple[Problem, ...]

    @classmethod
    def empty(cls, n: int, nature: str = "") -> Evaluations:
        """``n`` rows not evaluated: no factor, no method, no problem."""
        problems = np.empty(n, dtype=object)
        problems.fill(())
        text = np.full(n, "", dtype=object)
        return cls(
            np.full(n, nature, dtype=object),
            np.full(n, np.nan),
            np.full(n, np.nan),
            text,
            text.copy(),
            problems,
        )

    def take(self, positions: np.ndarray) -> Evaluations:
        """The rows at ``positions``."""
        return Evaluations(*(getattr(self, f.name)[positions] for f in fields(self)))

    def put(self, positions: np.ndarray, rows: Evaluations) -> None:
        """Set the rows at ``positions`` to ``rows``."""
        for f in fields(self):
            getattr(self, f.name)[positions] = getattr(rows, f.name)

    def row(self, i: int) -> Evaluation:
        """Row ``i`` as one :class:`Evaluation`."""
        factor, completion = float(self.factor[i]), float(self.completion[i])
        return Evaluation(
            str(self.nature[i]),
            None if np.isnan(factor) else factor,
            None if np.isnan(completion) else completion,
            str(self.method[i]),
            self.problems[i],
            str(self.rule[i]),
        )


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
    class_codes, class_names = pd.factorize(
        level2_classes([""] * n if level2s is None else level2s, settings)
    )
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
    words = Words.of(t, a, settings)
    detected = np.where(t.kind == "words", "定性", "定量")
    nature = np.where(nature != "", nature, detected).astype(object)
    i = cases.take(a.kind == "blank")
    cases.set(i, nature[i], np.nan, np.nan, "未填写全年完成值", "")
    i = cases.take(zero.none_met | zero.none_missed)
    met = zero.none_met[i].astype(float)
    method = [
        f"目标“{x}”，完成值“{y}”{'达到' if m else '未达到'}"
        for x, y, m in zip(t.text[i], a.text[i], met, strict=True)
    ]
    cases.set(i, nature[i], met, met, method, zero.rule[i])
    _qualitative(cases, t, a, words, nature == "定性", settings)
    _quantity(cases, t, a, words, t.kind == "quantity", settings)
    _compound(cases, t, a, words, t.kind == "compound", settings)
    _deadline(cases, t, a, words, t.kind == "deadline", settings)
    i = cases.take(np.ones(len(nature), dtype=bool))
    detail = "（定量指标应写成“≥20 次”“≤15 万元”“100%”等）"
    cases.fail(i, "定量", "TARGET_UNREADABLE", TARGET, [{"value": v, "detail": detail} for v in raw[i]])
    _negated(cases, a, words, zero.read | zero.none_met | zero.none_missed, settings)
    _notes(cases, defaulted, a, zero.read)
    return cases.out


def _negated(cases: _Cases, a: Side, words: Words, zero: np.ndarray, settings: Settings) -> None:
    """An actual holding a negation is never full marks by its digits or its words: where it would be,
    or could not be read, it takes the profile's band for negated actuals (a warning)."""
    out = cases.out
    unread = np.array(
        [tuple(p.code for p in ps) == ("ACTUAL_UNREADABLE",) for ps in out.problems], dtype=bool
    )
    maybe = ((out.factor >= 1 - EPS) | unread) & ~zero & words.undecided & (a.kind != "blank")
    word = np.full(len(maybe), "", dtype=object)
    word[maybe] = [negation_in(text, settings) for text in a.text[maybe]]
    i = np.flatnonzero(word != "")
    band, ratio = settings.negated_band, dict(settings.band_defaults)[settings.negated_band]
    values = [
        {"value": x, "word": w, "band": band, "ratio": pcts(np.array([ratio]))[0]}
        for x, w in zip(a.text[i], word[i], strict=True)
    ]
    method = [f"完成值“{v['value']}”含否定（“{v['word']}”），按“{band}”计 {v['ratio']}" for v in values]
    cases.set(i, out.nature[i], ratio, ratio, method, "qualitative.negated_band")
    for k in i.tolist():
        out.problems[k] = ()
    cases.problem(i, "NEGATED_ACTUAL", ACTUAL, values)


def _notes(cases: _Cases, defaulted: Defaulted, a: Side, zero_read: np.ndarray) -> None:
    """The notes of a default direction (at the target) and of a word read as 0 (at the actual) come
    first; a direction's profile key joins the rule of the quantities compared with it."""
    i = np.flatnonzero(zero_read)
    cases.problem(i, "ZERO_WORD_READ", ACTUAL, [{"value": x} for x in a.text[i]], first=True)
    i = np.flatnonzero(defaulted.zero)
    cases.problem(i, "ZERO_TARGET_READ", TARGET, defaulted.values[i].tolist(), first=True)
    i = np.flatnonzero(defaulted.assumed)
    cases.problem(i, "DIRECTION_ASSUMED", TARGET, defaulted.values[i].tolist(), first=True)
    out = cases.out
    compared = np.array([str(r).startswith("quantitative") for r in out.rule], dtype=bool)
    i = np.flatnonzero((defaulted.rule != "") & compared)
    out.rule[i] = [f"{r}、{d}" for r, d in zip(out.rule[i], defaulted.rule[i], strict=True)]


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
    _words_as_ratio(cases, a, words, cases.take(mask & words.usable))
    _unreadable(cases, t, a, cases.take(mask), "（定量指标请填写实际完成数）")


_MONEY = {"元": 1.0, "万元": 10000.0}


def _same_unit(cases: _Cases, t: Side, a: Side, i: np.ndarray) -> np.ndarray:
    """The actual numbers in their target's unit, with a warning where units cannot be matched."""
    t_unit, a_unit, value = t.unit[i], a.unit[i], a.number[i].copy()
    bare = t.percent[i] & (a_unit == "")
    value[bare] = np.where(value[bare] > 1, value[bare] / 100, value[bare])
    cases.problem(
        i[bare], "UNIT_MISMATCH", ACTUAL, [{"actual_unit": "（无）", "target_unit": "%"}] * bare.sum()
    )
    money = ~bare & np.isin(t_unit, list(_MONEY)) & np.isin(a_unit, list(_MONEY))
    scale = [_MONEY[u] for u in a_unit[money]], [_MONEY[u] for u in t_unit[money]]
    value[money] = value[money] * np.array(scale[0], dtype=float) / np.array(scale[1], dtype=float)
    other = ~bare & ~money & (t_unit != "") & (a_unit != "") & (t_unit != a_unit)
    units = zip(a_unit[other], t_unit[other], strict=True)
    cases.problem(i[other], "UNIT_MISMATCH", ACTUAL, [{"actual_unit": u, "target_unit": v} for u, v in units])
    return np.asarray(value, dtype=float)


def _compound(cases: _Cases, t: Side, a: Side, words: Words, mask: np.ndarray, settings: Settings) -> None:
    """Several numbers, each against the actual's number in the same unit; the smallest share counts."""
    readable = ((a.kind == "compound") | (a.kind == "quantity")) & ~a.single_percent
    if settings.percent_as_ratio:
        _as_ratio(cases, t, a, cases.take(mask & ~readable & a.single_percent))
    _words_as_ratio(cases, a, words, cases.take(mask & ~readable & words.usable))
    _unreadable(cases, t, a, cases.take(mask & ~readable), "")
    i = cases.take(mask)
    paired, result = compare_compound(
        [p.parts for p in t.parsed[i]], [p.parts for p in a.parsed[i]], settings
    )
    _unreadable(cases, t, a, i[~paired], "（各部分的单位应与目标一致，如“1 个镇 4 个村”）")
    cases.compared(i[paired], result)


def _deadline(cases: _Cases, t: Side, a: Side, words: Words, mask: np.ndarray, settings: Settings) -> None:
    """A date against the deadline, or words saying it was on time or late."""
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
