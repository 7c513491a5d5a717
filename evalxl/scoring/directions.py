"""How far numbers reach their targets, by each target's direction, on whole columns.

≥ and >: completion = actual/target, share = min(completion, 100%) (a target of 0 or less is met or
not); ≤ and <: met when not exceeded, else the profile's reverse formula (``target/actual`` or
``1-(actual-target)/target``); =: the smaller over the larger. A compound target (``1 个镇 4 个村``)
pairs its parts with the actual's and takes the smallest share.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from evalxl.model import Settings
from evalxl.scoring.numbers import greatest, least, nums, pcts, segment_min
from evalxl.scoring.parsed import Side
from evalxl.scoring.qualitative import bare, replaced
from evalxl.scoring.values import OP_SIGNS, Parsed, Quantity


@dataclass(frozen=True)
class Compared:
    """Each number against its target: share of the weight, completion (NaN: none), method, rule."""

    factor: np.ndarray
    completion: np.ndarray
    method: np.ndarray  # str
    rule: np.ndarray  # str: the rules-profile key that decided the share


@dataclass(frozen=True)
class _Numbers:
    """The numbers to compare, and how 计算过程 shows them (as % when the target is a percentage)."""

    op: np.ndarray
    target: np.ndarray
    actual: np.ndarray
    target_shown: np.ndarray
    actual_shown: np.ndarray


def compare(
    op: np.ndarray, target: np.ndarray, actual: np.ndarray, percent: np.ndarray, settings: Settings
) -> Compared:
    """Each ``actual`` against its ``target`` with its operator (``percent``: show them as %)."""
    n = len(op)
    out = Compared(np.full(n, np.nan), np.full(n, np.nan), _strings(n, ""), _strings(n, "quantitative"))
    numbers = _Numbers(op, target, actual, _shown(target, percent), _shown(actual, percent))
    at_least = (op == ">=") | (op == ">")
    at_most = (op == "<=") | (op == "<")
    _met_or_not(out, np.flatnonzero(at_least & (target <= 0)), numbers)
    _ratio(out, np.flatnonzero(at_least & (target > 0)), numbers)
    _reverse(out, np.flatnonzero(at_most), numbers, settings)
    _equal(out, np.flatnonzero(~at_least & ~at_most), numbers)
    return out


def _strings(n: int, value: str) -> np.ndarray:
    return np.full(n, value, dtype=object)


def _shown(values: np.ndarray, percent: np.ndarray) -> np.ndarray:
    """How 计算过程 shows each number: as a percentage, or plainly."""
    out = np.empty(len(values), dtype=object)
    out[percent] = pcts(values[percent])
    out[~percent] = nums(values[~percent])
    return out


def _met_or_not(out: Compared, i: np.ndarray, numbers: _Numbers) -> None:
    """≥ or > a target of 0 or less: all or nothing."""
    op, t, a = numbers.op[i], numbers.target[i], numbers.actual[i]
    met = np.where(op == ">", a > t, a >= t)
    out.factor[i] = np.where(met, 1.0, 0.0)
    out.method[i] = [
        f"目标 {o}{shown}，{'达到' if m else '未达到'}" for o, shown, m in zip(op, nums(t), met, strict=True)
    ]


def _ratio(out: Compared, i: np.ndarray, numbers: _Numbers) -> None:
    """≥ or >: the share achieved, at most all of the weight."""
    ratio = numbers.actual[i] / numbers.target[i]
    out.factor[i] = least(ratio, 1.0)
    out.completion[i] = ratio
    shown = zip(numbers.actual_shown[i], numbers.target_shown[i], pcts(ratio), strict=True)
    out.method[i] = [f"正向指标：完成值/目标值 = {a}/{t} = {r}" for a, t, r in shown]


def _reverse(out: Compared, i: np.ndarray, numbers: _Numbers, settings: Settings) -> None:
    """≤ and <: met unless exceeded; an exceeded target earns the profile's reverse formula."""
    t, a = numbers.target[i], numbers.actual[i]
    positive = a > 0
    out.completion[i[positive]] = t[positive] / a[positive]
    kept, over = i[a <= t], i[~(a <= t)]
    out.factor[kept] = 1.0
    within = zip(numbers.actual_shown[kept], numbers.target_shown[kept], strict=True)
    out.method[kept] = [f"反向指标：完成值 {a_} 未超过目标 {t_}" for a_, t_ in within]
    t, a = numbers.target[over], numbers.actual[over]
    out.rule[over] = f"quantitative.reverse_formula = {settings.reverse_formula}"
    if settings.reverse_formula == "target/actual":
        # an actual of 0 can only exceed a negative target: nothing is earned
        share = np.divide(t, a, out=np.zeros_like(t), where=a != 0)
        shown = zip(numbers.target_shown[over], numbers.actual_shown[over], pcts(share), strict=True)
        out.method[over] = [f"反向指标超出：目标值/完成值 = {t_}/{a_} = {s}" for t_, a_, s in shown]
    else:
        share = np.zeros_like(t)
        above = t > 0
        share[above] = greatest(0.0, 1 - (a[above] - t[above]) / t[above])
        out.method[over] = [f"反向指标超出：1-(完成值-目标值)/目标值 = {s}" for s in pcts(share)]
    out.factor[over] = share


def _equal(out: Compared, i: np.ndarray, numbers: _Numbers) -> None:
    """=: the smaller over the larger."""
    t, a = numbers.target[i], numbers.actual[i]
    nonzero = t != 0
    out.completion[i[nonzero]] = a[nonzero] / t[nonzero]
    small, large = least(a, t), greatest(a, t)
    share = np.ones_like(t)
    positive = large > 0
    share[positive] = small[positive] / large[positive]
    out.factor[i] = share
    out.method[i] = [f"等于指标：较小值/较大值 = {s}" for s in pcts(share)]


# ---- compound targets ----------------------------------------------------------------------------


def compare_compound(
    targets: Sequence[tuple[Quantity, ...]], actuals: Sequence[tuple[Quantity, ...]], settings: Settings
) -> tuple[np.ndarray, Compared]:
    """Each compound target against its actual, part by part: (paired, the comparisons), where
    ``paired`` is False for an actual whose parts cannot be matched with the target's."""
    pairs = [_pair_parts(t, a) for t, a in zip(targets, actuals, strict=True)]
    paired = np.array([p is not None for p in pairs], dtype=bool)
    found = [p for p in pairs if p is not None]
    sizes = np.array([len(p) for p in found], dtype=int)
    flat = [pair for p in found for pair in p]
    parts = compare(
        np.array([t.op for t, _ in flat], dtype=object),
        np.array([t.number for t, _ in flat], dtype=float),
        np.array([a.number for _, a in flat], dtype=float),
        np.array([t.percent for t, _ in flat], dtype=bool),
        settings,
    )
    starts = np.cumsum(sizes) - sizes
    methods = [parts.method[s : s + k] for s, k in zip(starts, sizes, strict=True)]
    rules = [parts.rule[s : s + k] for s, k in zip(starts, sizes, strict=True)]
    return paired, Compared(
        segment_min(parts.factor, starts),
        segment_min(parts.completion, starts),
        np.array(["复合目标，各部分均须达到：" + "；".join(m) for m in methods], dtype=object),
        np.array(["、".join(dict.fromkeys(r)) for r in rules], dtype=object),
    )


def _pair_parts(
    targets: tuple[Quantity, ...], actuals: tuple[Quantity, ...]
) -> list[tuple[Quantity, Quantity]] | None:
    by_unit = {q.unit: q for q in actuals}
    if all(q.unit in by_unit for q in targets):
        return [(q, by_unit[q.unit]) for q in targets]
    if len(targets) == len(actuals):
        return list(zip(targets, actuals, strict=True))
    return None


# ---- targets written without an operator ---------------------------------------------------------

_ROLE = {"<=": "上限", "<": "上限", ">=": "下限", ">": "下限", "=": "标准值"}


def level2_class(name: str, settings: Settings) -> str:
    """What a row's 二级指标 (as written) gives the default directions to go by: its standard name
    (aliases and typos read, :meth:`Settings.level2_reading`) when the profile names it in
    ``directions.level2`` or ``time_level2``; else "" (nothing depends on it)."""
    standard = settings.level2_reading(name)[0]
    named = standard in dict(settings.direction_level2) or standard in settings.time_level2
    return standard if named else ""


def level2_classes(level2s: Sequence[str], settings: Settings) -> np.ndarray:
    """:func:`level2_class` of each 二级指标, each distinct name read once."""
    codes, classes = level2_codes(level2s, settings)
    return classes[codes] if len(codes) else np.empty(0, dtype=object)


def level2_codes(level2s: Sequence[str], settings: Settings) -> tuple[np.ndarray, np.ndarray]:
    """The distinct :func:`level2_class` of the 二级指标 ``level2s`` and each one's code among them
    (as ``pd.factorize`` gives them), each distinct name read once."""
    codes, names = pd.factorize(np.array(level2s, dtype=object))
    classes, class_of_name = np.unique([level2_class(name, settings) for name in names], return_inverse=True)
    return class_of_name.reshape(-1)[codes] if len(codes) else codes, classes.astype(object)


@dataclass(frozen=True)
class Defaulted:
    """Targets with their default directions applied: which were read as ≤0 (a zero), which took a
    direction of the profile, the values of each one's note, and the profile key that chose it."""

    target: Side
    zero: np.ndarray  # bool: a zero target read as ≤0 (ZERO_TARGET_READ)
    assumed: np.ndarray  # bool: a direction of the profile's ``directions`` (DIRECTION_ASSUMED)
    values: np.ndarray  # dict[str, str] | None: the note's values
    rule: np.ndarray  # str: the profile key that chose the direction ("" for none)
    time_rows: np.ndarray  # bool: a row of a 二级指标 whose targets are times (directions.time_level2)


def by_default(target: Side, level2: np.ndarray, settings: Settings) -> Defaulted:
    """The direction of each single-number ``target`` written without an operator: ≤ for a zero;
    else the profile's ``directions`` by 二级指标 (``level2``: :func:`level2_class`; a percentage there
    is a rate: ``level2_rates``), then by unit, then durations as time limits; else ≥ (no note). A target written as
    a word of zero (无, ``quantitative.zero_words``) is a zero."""
    worded = np.flatnonzero(target.kind == "words")
    nothing = worded[np.array([bare(x) in settings.zero_words for x in target.text[worded]], dtype=bool)]
    zeros = [Parsed("quantity", x, parts=(Quantity(">=", 0.0, ""),)) for x in target.text[nothing]]
    target = replaced(target, nothing, zeros)
    n = len(target.kind)
    values = np.full(n, None, dtype=object)
    rule = np.full(n, "", dtype=object)
    op = target.op.copy()
    open_ = (target.kind == "quantity") & ~target.explicit
    zero = open_ & (target.number == 0)
    op[zero] = "<="
    values[zero] = [{"value": text} for text in target.text[zero]]
    assumed = np.zeros(n, dtype=bool)
    memo: dict[tuple[str, str], tuple[str, str, str, str, str] | None] = {}
    for k in np.flatnonzero(open_ & (target.number != 0)).tolist():
        pair = str(level2[k]), str(target.unit[k])
        chosen = memo[pair] if pair in memo else memo.setdefault(pair, _chosen(*pair, settings))
        if chosen is not None:
            op[k], rule[k], assumed[k] = chosen[0], chosen[1], True
            text = str(target.text[k])
            why = f"{chosen[2]}〔{settings.rules_name}：{chosen[1]}〕{chosen[4]}"
            values[k] = {
                "value": text,
                "op": OP_SIGNS[chosen[0]],
                "why": why,
                "hint": OP_SIGNS[chosen[3]] + text,
            }
    changed = np.flatnonzero(op != target.op)
    parsed = target.parsed.copy()
    parsed[changed] = [
        replace(p, parts=(replace(p.parts[0], op=o),))
        for p, o in zip(parsed[changed], op[changed], strict=True)
    ]
    time_rows = np.isin(level2, list(settings.time_level2)) if n else np.zeros(0, dtype=bool)
    return Defaulted(replace(target, op=op, parsed=parsed), zero, assumed, values, rule, time_rows)


def _chosen(level2: str, unit: str, settings: Settings) -> tuple[str, str, str, str, str] | None:
    """(direction, profile key, why, the other direction to suggest, what else it may be) for a
    target with no operator."""
    by_unit = dict(settings.direction_units).get(unit)
    by_level2 = dict(settings.direction_level2).get(level2)
    if by_level2 is not None and unit == "%":  # a rate (成本控制率 100%), not an amount
        rate = settings.level2_rates
        why = f"{level2}中的百分比是比率而非金额，默认为{_ROLE[rate]}"
        return rate, "directions.level2_rates", why, "<=" if rate == ">=" else ">=", ""
    if by_level2 is not None:
        other = by_unit if by_unit and by_unit != by_level2 else "<=" if by_level2 == ">=" else ">="
        doubt = f"；“{unit}”也可能是{_ROLE[by_unit]}" if by_unit and by_unit != by_level2 else ""
        return by_level2, f"directions.level2.{level2}", f"{level2}默认为{_ROLE[by_level2]}", other, doubt
    if by_unit is not None:
        return by_unit, f"directions.units.{unit}", f"“{unit}”默认为{_ROLE[by_unit]}", ">=", ""
    if unit in settings.time_units and level2 in settings.time_level2:
        return "<=", "directions.time_units", f"{level2}中的时长“{unit}”默认为时限", ">=", ""
    return None
