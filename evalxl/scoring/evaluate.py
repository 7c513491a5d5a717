"""How far one indicator was achieved: target and actual text → completion and share of the weight.

Pure functions over parsed values (:mod:`evalxl.scoring.values`) and the settings; no weights, no
rounding, no places. Problems come back as :class:`Problem` values naming the column they are
about; the rules engine turns them into findings at the row's cells.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any

from evalxl.model import Settings
from evalxl.scoring.numbers import num, pct
from evalxl.scoring.values import Deadline, Parsed, Quantity, parse_value

TARGET = "年度指标值"
ACTUAL = "全年完成值"
_NEGATIONS = ("未", "不", "没", "无", "否")
_NEGATIVE = ("未达", "未完成", "未实现", "未到位", "不达", "不到位", "没有", "无明显", "尚未", "不及", "较差")


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


def _problem(code: str, column: str, **values: Any) -> Problem:
    return Problem(code, column, tuple(values.items()))


def _fail(nature: str, code: str, column: str, **values: Any) -> Evaluation:
    return Evaluation(nature, None, None, "无法计算", (_problem(code, column, **values),))


@functools.lru_cache(maxsize=65536)
def evaluate(target: str, actual: str, nature: str, settings: Settings) -> Evaluation:
    """Evaluate one indicator row: ``nature`` is 定量, 定性 or blank (detected from the target)."""
    t, a = parse_value(target), parse_value(actual)
    if not nature:
        nature = "定性" if t.kind == "words" else "定量"
    if a.kind == "blank":
        return Evaluation(nature, None, None, "未填写全年完成值")
    if nature == "定性":
        return _qualitative(t, a, settings)
    if t.kind == "quantity":
        return _quantity(t.parts[0], t, a, settings)
    if t.kind == "compound":
        return _compound(t, a, settings)
    if t.kind == "deadline":
        return _deadline(t, a, settings)
    return _fail(
        "定量",
        "TARGET_UNREADABLE",
        TARGET,
        value=target,
        detail="（定量指标应写成“≥20 次”“≤15 万元”“100%”等）",
    )


# ---- ratios written instead of numbers -----------------------------------------------------------


def _single_percent(a: Parsed) -> float | None:
    if a.kind == "quantity" and a.parts[0].percent:
        return a.parts[0].number
    return None


def _as_ratio(t: Parsed, a: Parsed, settings: Settings) -> Evaluation | None:
    """A bare percentage against a non-percent target: read as the completion ratio (warning)."""
    ratio = _single_percent(a)
    if ratio is None or not settings.percent_as_ratio:
        return None
    problem = _problem("PERCENT_AS_RATIO", ACTUAL, target=t.text, actual=a.text)
    method = f"完成值按完成比例 {pct(ratio)} 计"
    return Evaluation(
        "定量", min(max(ratio, 0.0), 1.0), ratio, method, (problem,), "quantitative.percent_as_ratio"
    )


def band_of(ratio: float, settings: Settings) -> str:
    """The qualitative band a ratio falls in (达成, 部分达成, 未达成)."""
    high, low = settings.qual_bands
    return "达成" if ratio >= high else "部分达成" if ratio >= low else "未达成"


def _band_word(words: str, settings: Settings) -> str:
    """The band a text names (longest band word first), or ""."""
    return next((band for word, band in settings.band_words if word in words), "")


def _word_ratio(a: Parsed, t: Parsed, settings: Settings) -> float | None:
    """The ratio a word-only actual stands for: a band name, the target's own words, or a 'done' word."""
    words = a.words or a.text
    band = _band_word(words, settings)
    if band:
        return dict(settings.band_defaults)[band]
    if words.startswith(_NEGATIONS) or any(n in words for n in _NEGATIVE):
        return None
    same = t.kind == "words" and t.words and (t.words in words or words in t.words)
    done = words in settings.full_words or any(len(w) > 1 and w in words for w in settings.full_words)
    if same or done or words in settings.time_met_words:
        return 1.0
    return None


def _words_as_ratio(t: Parsed, a: Parsed, settings: Settings) -> Evaluation | None:
    if a.kind not in ("words", "deadline") or a.date is not None:
        return None
    ratio = _word_ratio(a, t, settings)
    if ratio is None:
        return None
    band = _band_word(a.words or a.text, settings) or "达成"
    problem = _problem("WORD_AS_RATIO", ACTUAL, actual=a.text, band=band, ratio=pct(ratio))
    return Evaluation(
        "定量", ratio, ratio, f"完成值“{a.text}”按 {pct(ratio)} 计", (problem,), _word_rule(a, settings)
    )


def _word_rule(a: Parsed, settings: Settings) -> str:
    """Which profile key gave a word its ratio."""
    return (
        "qualitative.band_defaults" if _band_word(a.words or a.text, settings) else "qualitative.full_words"
    )


def _unreadable(t: Parsed, a: Parsed, detail: str = "") -> Evaluation:
    return _fail("定量", "ACTUAL_UNREADABLE", ACTUAL, value=a.text, target=t.text, detail=detail)


# ---- quantitative --------------------------------------------------------------------------------

_MONEY = {"元": 1.0, "万元": 10000.0}


def _quantity(tq: Quantity, t: Parsed, a: Parsed, settings: Settings) -> Evaluation:
    if a.kind == "quantity" and len(a.parts) == 1:
        aq = a.parts[0]
        if aq.percent and not tq.percent:
            return _as_ratio(t, a, settings) or _unreadable(t, a, "（单位不一致）")
        value, problems = _same_unit(tq, aq)
        result = compare(tq.op, tq.number, value, settings, tq.percent)
        return Evaluation("定量", result[0], result[1], result[2], problems, result[3])
    return _words_as_ratio(t, a, settings) or _unreadable(t, a, "（定量指标请填写实际完成数）")


def _same_unit(tq: Quantity, aq: Quantity) -> tuple[float, tuple[Problem, ...]]:
    """The actual number in the target's unit, with a warning when the units cannot be matched."""
    if tq.percent and not aq.unit:
        value = aq.number / 100 if aq.number > 1 else aq.number
        return value, (_problem("UNIT_MISMATCH", ACTUAL, actual_unit="（无）", target_unit="%"),)
    if tq.unit in _MONEY and aq.unit in _MONEY:
        return aq.number * _MONEY[aq.unit] / _MONEY[tq.unit], ()
    if tq.unit and aq.unit and tq.unit != aq.unit:
        return aq.number, (_problem("UNIT_MISMATCH", ACTUAL, actual_unit=aq.unit, target_unit=tq.unit),)
    return aq.number, ()


def compare(
    op: str, target: float, actual: float, settings: Settings, percent: bool = False
) -> tuple[float, float | None, str, str]:
    """(share of the weight, completion, method) for a number against a target with an operator."""
    shown = f"{pct(actual)}/{pct(target)}" if percent else f"{num(actual)}/{num(target)}"
    if op in (">=", ">"):
        if target <= 0:
            met = actual > target if op == ">" else actual >= target
            return (
                (1.0 if met else 0.0),
                None,
                f"目标 {op}{num(target)}，{'达到' if met else '未达到'}",
                "quantitative",
            )
        ratio = actual / target
        return min(ratio, 1.0), ratio, f"正向指标：完成值/目标值 = {shown} = {pct(ratio)}", "quantitative"
    if op in ("<=", "<"):
        return _reverse(target, actual, settings, percent)
    completion = actual / target if target else None
    share = min(actual, target) / max(actual, target) if max(actual, target) > 0 else 1.0
    return share, completion, f"等于指标：较小值/较大值 = {pct(share)}", "quantitative"


def _reverse(
    target: float, actual: float, settings: Settings, percent: bool
) -> tuple[float, float | None, str, str]:
    completion = target / actual if actual > 0 else None
    t, a = (pct(target), pct(actual)) if percent else (num(target), num(actual))
    if actual <= target:
        return 1.0, completion, f"反向指标：完成值 {a} 未超过目标 {t}", "quantitative"
    rule = f"quantitative.reverse_formula = {settings.reverse_formula}"
    if settings.reverse_formula == "target/actual":
        share = target / actual
        return share, completion, f"反向指标超出：目标值/完成值 = {t}/{a} = {pct(share)}", rule
    share = max(0.0, 1 - (actual - target) / target) if target > 0 else 0.0
    return share, completion, f"反向指标超出：1-(完成值-目标值)/目标值 = {pct(share)}", rule


def _compound(t: Parsed, a: Parsed, settings: Settings) -> Evaluation:
    if a.kind not in ("compound", "quantity") or _single_percent(a) is not None:
        return _as_ratio(t, a, settings) or _words_as_ratio(t, a, settings) or _unreadable(t, a)
    pairs = _pair_parts(t.parts, a.parts)
    if pairs is None:
        return _unreadable(t, a, "（各部分的单位应与目标一致，如“1 个镇 4 个村”）")
    results = [compare(tq.op, tq.number, aq.number, settings, tq.percent) for tq, aq in pairs]
    share = min(r[0] for r in results)
    completions = [r[1] for r in results if r[1] is not None]
    method = "复合目标，各部分均须达到：" + "；".join(r[2] for r in results)
    rule = "、".join(dict.fromkeys(r[3] for r in results))
    return Evaluation("定量", share, min(completions) if completions else None, method, (), rule)


def _pair_parts(
    targets: tuple[Quantity, ...], actuals: tuple[Quantity, ...]
) -> list[tuple[Quantity, Quantity]] | None:
    by_unit = {q.unit: q for q in actuals}
    if all(q.unit in by_unit for q in targets):
        return [(q, by_unit[q.unit]) for q in targets]
    if len(targets) == len(actuals):
        return list(zip(targets, actuals, strict=True))
    return None


def _deadline(t: Parsed, a: Parsed, settings: Settings) -> Evaluation:
    words = a.words or a.text
    done = _actual_date(t, a, settings)
    if done is not None and t.deadline is not None:
        return _by_date(t.deadline, done, settings)
    if a.kind == "deadline" or words in settings.time_met_words:
        return Evaluation("定量", 1.0, 1.0, f"时效指标：“{a.text}”按时完成", (), "time.met_words")
    if any(w in words for w in settings.time_late_words):
        return Evaluation("定量", 0.0, 0.0, f"时效指标：“{a.text}”未按时完成", (), "time.late_words")
    return (
        _as_ratio(t, a, settings)
        or _words_as_ratio(t, a, settings)
        or _unreadable(t, a, "（时效指标请填写“及时”“按时”或完成日期）")
    )


def _actual_date(t: Parsed, a: Parsed, settings: Settings) -> dt.date | None:
    """The completion date an actual names; a date without a year takes the target's or the run's year."""
    if a.kind != "deadline":
        return None
    if a.date is not None:
        return a.date
    written = a.deadline
    if written is None or written.month is None:
        return None
    target_year = t.deadline.year if t.deadline else None
    year = written.year or target_year or (int(settings.year) if settings.year else 2000)
    last_day = calendar.monthrange(year, written.month)[1]
    return dt.date(year, written.month, min(written.day or last_day, last_day))


def _by_date(deadline: Deadline, done: dt.date, settings: Settings) -> Evaluation:
    if deadline.month is None:
        return Evaluation("定量", 1.0, 1.0, f"时效指标：{done.isoformat()} 完成", (), "time")
    year = deadline.year or (int(settings.year) if settings.year else done.year)
    last_day = calendar.monthrange(year, deadline.month)[1]
    limit = dt.date(year, deadline.month, min(deadline.day or last_day, last_day))
    if done <= limit:
        return Evaluation(
            "定量", 1.0, 1.0, f"时效指标：{done.isoformat()} 不晚于 {limit.isoformat()}", (), "time"
        )
    late = _problem("TIME_LATE", ACTUAL, actual=done.isoformat(), deadline=limit.isoformat())
    return Evaluation(
        "定量", 0.0, 0.0, f"时效指标：{done.isoformat()} 晚于 {limit.isoformat()}", (late,), "time"
    )


# ---- qualitative ---------------------------------------------------------------------------------


def _qualitative(t: Parsed, a: Parsed, settings: Settings) -> Evaluation:
    ratio = _single_percent(a)
    if ratio is not None:
        return _qualitative_ratio(ratio, a, settings)
    if a.kind in ("words", "deadline") and a.date is None:
        share = _word_ratio(a, t, settings)
        if share is not None:
            return Evaluation(
                "定性", share, share, f"定性指标：“{a.text}”按 {pct(share)} 计", (), _word_rule(a, settings)
            )
    return _fail(
        "定性",
        "ACTUAL_UNREADABLE",
        ACTUAL,
        value=a.text,
        target=t.text,
        detail="（定性指标请填写完成比例如 85%，或“达成/部分达成/未达成”）",
    )


def _qualitative_ratio(ratio: float, a: Parsed, settings: Settings) -> Evaluation:
    if not 0 <= ratio <= 1:
        return _fail("定性", "QUAL_RATIO_OUT_OF_RANGE", ACTUAL, ratio=pct(ratio))
    claimed = _band_word(a.words, settings) if a.words else ""
    if claimed and band_of(ratio, settings) != claimed:
        low, high = _band_range(claimed, settings)
        return _fail(
            "定性",
            "QUAL_RATIO_BAND_MISMATCH",
            ACTUAL,
            ratio=pct(ratio),
            band=claimed,
            low=pct(low),
            high=pct(high),
        )
    method = f"定性指标：完成比例 {pct(ratio)}（{band_of(ratio, settings)}）"
    return Evaluation("定性", ratio, ratio, method, (), "qualitative.bands")


def _band_range(band: str, settings: Settings) -> tuple[float, float]:
    high, low = settings.qual_bands
    return {"达成": (high, 1.0), "部分达成": (low, high), "未达成": (0.0, low)}[band]
