"""What the words around the numbers change in an evaluation, once its cases are read (issue 10):
targets of none (无重大安全事故) and of a negation (不超过预算), actuals holding a negation (never full
marks by their digits or words), and the notes of a default direction or of a word read as 0.

Each function fills the cases of :func:`evalxl.scoring.evaluate.evaluate_all` on whole columns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from evalxl.model import Settings
from evalxl.scoring.directions import Defaulted
from evalxl.scoring.evaluations import ACTUAL, TARGET
from evalxl.scoring.numbers import EPS
from evalxl.scoring.parsed import Side
from evalxl.scoring.qualitative import Words, Zeros, negated

if TYPE_CHECKING:
    from collections.abc import Sequence

    from evalxl.scoring.evaluations import Evaluations


class Cases(Protocol):
    """The results being filled in (:class:`evalxl.scoring.evaluate._Cases`)."""

    out: Evaluations

    def take(self, mask: np.ndarray) -> np.ndarray: ...

    def set(
        self, i: np.ndarray, nature: Any, factor: Any, completion: Any, method: Any, rule: Any
    ) -> None: ...

    def problem(
        self, i: np.ndarray, code: str, column: str, values: Sequence[dict[str, Any]], first: bool = False
    ) -> None: ...


def none_targets(cases: Cases, t: Side, a: Side, zero: Zeros, nature: np.ndarray) -> None:
    """A target of none in words met by nothing happening (or missed by a count above 0), and a
    target negating something met by an actual negating the same."""
    i = cases.take(zero.none_met | zero.none_missed)
    met = zero.none_met[i].astype(float)
    pairs = zip(t.text[i], a.text[i], met, strict=True)
    method = [f"目标“{x}”，完成值“{y}”{'达到' if m else '未达到'}" for x, y, m in pairs]
    cases.set(i, nature[i], met, met, method, zero.rule[i])


def negated_actuals(cases: Cases, a: Side, words: Words, zero: Zeros, settings: Settings) -> None:
    """An actual holding a negation is never full marks by its digits or its words: where it would be,
    or could not be read, it takes the profile's band for negated actuals (a warning)."""
    out = cases.out
    unread = np.array(
        [tuple(p.code for p in ps) == ("ACTUAL_UNREADABLE",) for ps in out.problems], dtype=bool
    )
    read = zero.read | zero.none_met | zero.none_missed
    found = negated(a, ((out.factor >= 1 - EPS) | unread) & ~read & words.undecided, settings)
    cases.set(
        found.at, out.nature[found.at], found.ratio, found.ratio, found.method, "qualitative.negated_band"
    )
    for k in found.at.tolist():
        out.problems[k] = ()  # its digits or words are not what counts: nor are their findings
    cases.problem(found.at, "NEGATED_ACTUAL", ACTUAL, found.values)


def notes(cases: Cases, defaulted: Defaulted, a: Side, zero_read: np.ndarray) -> None:
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
