"""``units.toml``, read once and checked by the one validator: the count prefixes, the units of each
dimension with their exact factors, and the words that make a number part of a sentence (used by
:mod:`evalxl.scoring.units` and :mod:`evalxl.scoring.values`)."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from evalxl.contract.loader import checked, read_file
from evalxl.contract.validator import Each, Leaf, Table, filled, need, positive, words


@dataclass(frozen=True)
class UnitTable:
    """``units.toml``, read: factors are exact fractions (numerator, denominator) of the base unit."""

    prefixes: Mapping[str, tuple[int, int]]
    dimensions: Mapping[str, Mapping[str, tuple[int, int]]]
    clause_words: tuple[str, ...]


@functools.cache
def units() -> UnitTable:
    """The unit table: count prefixes, the units of each dimension, the words of a sentence."""
    data = checked(units_schema(), read_file("units.toml"), "units.toml")
    return UnitTable(
        prefixes={name: _fraction(f) for name, f in data["prefixes"].items()},
        dimensions={
            name: {unit: _fraction(f) for unit, f in members.items()}
            for name, members in data["dimensions"].items()
        },
        clause_words=tuple(data["sentence"]["clause_words"]),
    )


def _fraction(factor: int | float | str) -> tuple[int, int]:
    if isinstance(factor, str):
        head, _, tail = factor.partition("/")
        return int(head), int(tail)
    ratio = float(factor).as_integer_ratio()
    return ratio[0], ratio[1]


# ---- the schema of units.toml


def units_schema() -> Table:
    """``units.toml``: the count prefixes, the units of each dimension with their factors to its
    base unit, and the words that make a number part of a sentence."""
    return Table(
        {
            "about": need(Leaf(filled)),
            "prefixes": need(Each(Leaf(unit_factor))),
            "dimensions": need(Each(Each(Leaf(unit_factor)), required=True)),
            "sentence": need(Table({"clause_words": need(Leaf(words))})),
        },
        rules=(_units_once,),
    )


def unit_factor(value: Any) -> str:
    """A factor to the base unit: a number above 0, or the text of a fraction such as "10000/15"."""
    if isinstance(value, str):
        head, _, tail = value.partition("/")
        ok = all(part.strip().isdigit() and int(part) > 0 for part in (head, tail))
        return "" if ok else '应为正数或分数文字（如 "10000/15"）'
    return positive(value)


def _units_once(units: Mapping[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """Each unit in one dimension only, each dimension with a base unit (factor 1)."""
    dimensions = units.get("dimensions")
    seen: dict[str, str] = {}
    for name, members in dimensions.items() if isinstance(dimensions, dict) else ():
        if not isinstance(members, dict):
            continue
        if 1 not in members.values():
            yield f"dimensions.{name}", "应有一个倍数为 1 的基本单位", sorted(members)
        for unit in members:
            if unit in seen:
                yield f"dimensions.{name}.{unit}", f"已在量纲“{seen[unit]}”中", unit
            seen[unit] = name
