"""``units.toml``, read once and checked by the one validator: the count prefixes, the units of each
dimension with their exact factors, and the words that make a number part of a sentence (used by
:mod:`evalxl.scoring.units` and :mod:`evalxl.scoring.values`)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

from evalxl.contract import schemas
from evalxl.contract.loader import checked, read_file


@dataclass(frozen=True)
class UnitTable:
    """``units.toml``, read: factors are exact fractions (numerator, denominator) of the base unit."""

    prefixes: Mapping[str, tuple[int, int]]
    dimensions: Mapping[str, Mapping[str, tuple[int, int]]]
    clause_words: tuple[str, ...]


@functools.cache
def units() -> UnitTable:
    """The unit table: count prefixes, the units of each dimension, the words of a sentence."""
    data = checked(schemas.units_schema(), read_file("units.toml"), "units.toml")
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
