"""A cell as Excel stores it, and its text as the user reads it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

_SPACES = re.compile(r"[\s\u3000]+")
_CONSTANT_FORMULA = re.compile(r"^=\s*([+-]?\d+(?:\.\d+)?)\s*(%?)\s*$")


@dataclass(frozen=True, slots=True)
class Cell:
    """A cell's value as Excel stores it: the cached value, its percent format, its formula text."""

    value: Any = None
    percent: bool = False
    formula: str = ""

    @property
    def blank(self) -> bool:
        """True when the cell holds nothing (or only spaces)."""
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())

    def text(self) -> str:
        """The value as the user would read it: numbers without a trailing .0, percents with %."""
        return cell_text(self.value, self.percent)


BLANK = Cell()


def cell_text(value: Any, percent: bool = False) -> str:
    """Text of a cell value as displayed: ``6.0`` → ``6``, ``0.98`` with a % format → ``98%``."""
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        number = float(value) * (100 if percent else 1)
        shown = f"{round(number, 10):.10g}" if abs(number) < 1e15 else repr(number)
        return shown + ("%" if percent else "")
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def normalize_header(text: str) -> str:
    """Header text as matched: spaces removed, full-width brackets made half-width."""
    return _SPACES.sub("", text).replace("（", "(").replace("）", ")")


def constant_formula(formula: str) -> Cell | None:
    """A formula that is only a number (``=100%``, typed by a person) has that value, cached or not."""
    match = _CONSTANT_FORMULA.match(formula)
    if not match:
        return None
    number = float(match.group(1))
    return Cell(number / 100 if match.group(2) else number, bool(match.group(2)), formula)
