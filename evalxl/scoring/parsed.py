"""Targets and actuals as columns: each distinct text parsed once, its shape spread over the rows.

:class:`Side` holds, for every row, what its target (or its actual) was read as
(:func:`evalxl.scoring.values.parse_value`), one column per property, so the evaluation can work
on whole columns; :func:`sides` reads both sides of many rows, parsing each distinct text once.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from evalxl.scoring.values import Parsed, Quantity, parse_value

_EPOCH = datetime.date(1970, 1, 1)


@dataclass(frozen=True)
class Side:
    """The parsed target (or actual) of each row; numbers are NaN and texts "" where absent."""

    parsed: np.ndarray  # Parsed
    kind: np.ndarray  # blank, quantity, compound, deadline or words
    text: np.ndarray  # the normalized text
    words: np.ndarray  # the words around the numbers
    op: np.ndarray  # the first quantity's operator
    number: np.ndarray  # the first quantity's number
    unit: np.ndarray  # the first quantity's unit
    percent: np.ndarray  # the first quantity is a percentage
    explicit: np.ndarray  # an operator was written (≥, 不低于, 以内, a range …)
    date: np.ndarray  # datetime64[D]: one day written with its year (NaT otherwise)
    has_deadline: np.ndarray  # a time limit (or "on time") was written
    year: np.ndarray  # the time limit's year, month and day (NaN when not written)
    month: np.ndarray
    day: np.ndarray

    @classmethod
    def of(cls, parsed: Sequence[Parsed]) -> Side:
        """The columns of ``parsed`` values."""
        first = [p.parts[0] if p.parts else _NO_QUANTITY for p in parsed]
        limits = [p.deadline for p in parsed]
        unit = np.array([q.unit for q in first], dtype=object)
        return cls(
            parsed=_objects(parsed),
            kind=np.array([p.kind for p in parsed], dtype=object),
            text=np.array([p.text for p in parsed], dtype=object),
            words=np.array([p.words for p in parsed], dtype=object),
            op=np.array([q.op for q in first], dtype=object),
            number=np.array([q.number for q in first], dtype=float),
            unit=unit,
            percent=unit == "%",
            explicit=np.array([p.explicit_op for p in parsed], dtype=bool),
            date=np.array(
                [np.datetime64("NaT") if p.date is None else (p.date - _EPOCH).days for p in parsed],
                dtype="datetime64[D]",
            ),
            has_deadline=np.array([d is not None for d in limits], dtype=bool),
            year=_numbers([d.year if d else None for d in limits]),
            month=_numbers([d.month if d else None for d in limits]),
            day=_numbers([d.day if d else None for d in limits]),
        )

    def take(self, positions: np.ndarray) -> Side:
        """The rows at ``positions``."""
        return Side(*(getattr(self, f.name)[positions] for f in fields(self)))

    @property
    def single_percent(self) -> np.ndarray:
        """One percentage and nothing else (a completion ratio when the target is not a percentage)."""
        return np.asarray((self.kind == "quantity") & self.percent, dtype=bool)

    @property
    def wordish(self) -> np.ndarray:
        """Words, or a time written without a full date: a text that may name a band or "done"."""
        wordish = (self.kind == "words") | (self.kind == "deadline")
        return np.asarray(wordish & np.isnat(self.date), dtype=bool)

    @property
    def said(self) -> np.ndarray:
        """The words of the text, or all of it when it has no words apart from its numbers."""
        return np.where(self.words != "", self.words, self.text)


_NO_QUANTITY = Quantity("", np.nan, "")


def _objects(values: Sequence[object]) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _numbers(values: Sequence[int | None]) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], dtype=float)


def sides(targets: Sequence[str], actuals: Sequence[str]) -> tuple[Side, Side]:
    """The parsed targets and actuals of rows, each distinct text parsed once."""
    codes, texts = pd.factorize(np.array([*targets, *actuals], dtype=object))
    table = Side.of([parse_value(text) for text in texts])
    return table.take(codes[: len(targets)]), table.take(codes[len(targets) :])
