"""Units of 年度指标值 and 全年完成值: which two units can be compared, and the factor between them.

The table is data (``workbook_templates/units.toml``, read by :func:`evalxl.contract.units.units`):
count prefixes (千, 万, 亿, 百万 …) that go before any unit, and dimensions (长度, 质量, 面积, 金额,
时长) whose units have an exact factor to the dimension's base unit. A unit text is read as:

- a unit of a dimension (``公里``, ``亩``, ``万元``);
- a prefix and a unit (``万人次`` = 10000 人次, ``万亩`` = 10000 亩, ``万`` alone = 10000 of the other
  side's unit);
- ``a/b`` (``元/人``, ``万元/亩``): a unit per a unit, compared part by part;
- else a counted unit of its own (``人次``, ``户``, ``个镇``), comparable only with itself.

Two units are comparable when they are the same, or read as the same dimension (or the same counted
unit); ``%`` is comparable only with ``%``. Months and days are two dimensions: never converted.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from fractions import Fraction

from evalxl.contract.units import units as unit_table
from evalxl.scoring.numbers import num
from evalxl.scoring.values import Quantity

__all__ = [
    "Paired",
    "Reading",
    "comparable",
    "convert",
    "counted",
    "factor",
    "pair_parts",
    "read_unit",
    "same_thing",
]


@dataclass(frozen=True)
class Reading:
    """What a unit text is: its dimension (a counted unit is its own; "" for a prefix written alone)
    and the exact factor to the dimension's base unit."""

    dimension: str
    factor: Fraction


@functools.cache
def read_unit(unit: str) -> Reading:
    """The dimension and factor of ``unit`` (``""`` and ``%`` are their own dimension)."""
    table = unit_table()
    for name, members in table.dimensions.items():
        if unit in members:
            return Reading(name, Fraction(*members[unit]))
    if "/" in unit:
        top, _, below = unit.partition("/")
        if top and below:
            upper, lower = read_unit(top), read_unit(below)
            return Reading(f"{upper.dimension}/{lower.dimension}", upper.factor / lower.factor)
    for prefix in sorted(table.prefixes, key=len, reverse=True):
        rest = unit[len(prefix) :]
        if unit.startswith(prefix) and rest != "%":
            inner = read_unit(rest) if rest else Reading("", Fraction(1))
            return Reading(inner.dimension, Fraction(*table.prefixes[prefix]) * inner.factor)
    return Reading("计数:" + unit if unit else "", Fraction(1))


@functools.cache
def factor(from_unit: str, to_unit: str) -> Fraction | None:
    """How many ``to_unit`` one ``from_unit`` is (1 for the same text), or None when the two cannot be
    compared. A prefix written alone (``万``) takes the other side's unit (``万`` → ``万元``)."""
    if from_unit == to_unit:
        return Fraction(1)
    if "%" in (from_unit, to_unit) or "" in (from_unit, to_unit):
        return None
    source, target = read_unit(from_unit), read_unit(to_unit)
    if source.dimension == target.dimension or "" in (source.dimension, target.dimension):
        return source.factor / target.factor
    return None


def same_thing(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` name the same unit without a conversion to tell: a prefix written
    alone and the other side's unit of that prefix (``万`` and ``万元``)."""
    if a == b:
        return True
    alone = [u for u in (a, b) if read_unit(u).dimension == ""]
    return len(alone) == 1 and factor(a, b) == 1


def comparable(a: str, b: str) -> bool:
    """True when a number in unit ``a`` can be written in unit ``b`` (both written, or the same)."""
    return factor(a, b) is not None


def convert(number: float, from_unit: str, to_unit: str) -> float | None:
    """``number`` ``from_unit`` written in ``to_unit`` (``12000, "米", "公里"`` → 12.0), or None."""
    ratio = factor(from_unit, to_unit)
    if ratio is None:
        return None
    return number * ratio.numerator / ratio.denominator


def counted(unit: str) -> str:
    """``unit`` without its count prefix (``万亩`` → ``亩``, ``万元`` → ``元``; ``万`` → ``""``)."""
    for prefix in sorted(unit_table().prefixes, key=len, reverse=True):
        if unit.startswith(prefix) and unit[len(prefix) :] != "%":
            return unit[len(prefix) :]
    return unit


# ---- compound targets (issue 10): the parts of a target and of its actual, paired by unit

Paired = tuple[tuple[Quantity, ...], tuple[Quantity, ...], str]


def pair_parts(targets: tuple[Quantity, ...], actuals: tuple[Quantity, ...]) -> Paired | None:
    """Each target part with an actual part: the actual's only part (a range), else a part of the
    same unit, else one whose unit converts (each actual part used once), else part by part in order
    when the units agree or one is not written. Returns the target's parts, the actual's put in the
    target's units, and how the converted ones read ("" when none was); None when they do not pair."""
    chosen = _by_unit(targets, actuals)
    if chosen is None:
        alike = all(_alike(p.unit, q.unit) for q, p in zip(targets, actuals, strict=False))
        if len(actuals) != len(targets) or not alike:
            return None
        chosen = list(actuals)
    out, shown = [], []
    for q, p in zip(targets, chosen, strict=True):
        number = p.number
        if p.unit and q.unit and p.unit != q.unit:
            converted = convert(p.number, p.unit, q.unit)
            if converted is None:  # never a number made up: parts that do not convert do not pair
                return None
            number = converted
            if not same_thing(p.unit, q.unit):
                shown.append(f"{num(p.number)}{p.unit}={num(number)}{q.unit}")
        out.append(Quantity(p.op, number, q.unit))
    return targets, tuple(out), "、".join(dict.fromkeys(shown))


def _alike(a: str, b: str) -> bool:
    """Units of two parts paired in order: the same or convertible, or one not written (not a %:
    ``95`` against ``≥90%`` is not guessed)."""
    return comparable(a, b) or ((not a or not b) and "%" not in (a, b))


def _by_unit(targets: tuple[Quantity, ...], actuals: tuple[Quantity, ...]) -> list[Quantity] | None:
    if len(actuals) == 1:
        only = actuals[0]
        ok = all(
            only.unit == q.unit or (only.unit and q.unit and comparable(only.unit, q.unit)) for q in targets
        )
        # a number without a unit against a range of one unit (not %): the target's unit is meant
        ok = ok or (not only.unit and len({q.unit for q in targets}) == 1 and not targets[0].percent)
        return [only] * len(targets) if ok else None
    if len({q.unit for q in targets}) != len(targets):
        return None
    free = list(range(len(actuals)))
    chosen: dict[int, Quantity] = {}
    tests = (
        lambda x, y: x == y,  # the same unit
        lambda x, y: counted(x) == counted(y),  # the same unit with a prefix: 万亩, 亩
        lambda x, y: bool(x and y) and comparable(x, y),  # any unit that converts
    )
    for test in tests:
        for k, q in enumerate(targets):
            if k in chosen:
                continue
            match = [j for j in free if test(actuals[j].unit, q.unit)]
            if match:
                chosen[k] = actuals[match[0]]
                free.remove(match[0])
    if len(chosen) != len(targets):
        return None
    return [chosen[k] for k in range(len(targets))]
