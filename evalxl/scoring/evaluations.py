"""The records of the evaluation: a problem still to be placed, one row's outcome, and many rows'
outcomes as columns (:mod:`evalxl.scoring.evaluate` fills them)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np

TARGET = "年度指标值"  # the columns a problem is about
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
