"""Findings: problems in the user's data, as values with a stable code, a level and a place.

Every finding is made from the catalogue (:mod:`evalxl.catalogue`), so a code always has the same level and the same
message template. Tests assert on ``(code, place)``; users read the Chinese message.

A place is a cell (sheet, row, column) or, for what is not a cell, a name: the input file
(``县.xlsx``), a rules-profile key (``本市.toml:weights.产出指标``). A finding carries the cell's
sheet, row and column as fields and derives the ``Sheet!A1`` text users read from them, so that
nothing has to parse a place back (``delivery.split`` groups findings by their row).
"""

from __future__ import annotations

import functools
import string
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NoReturn

from openpyxl.utils import get_column_letter

from evalxl.catalogue import CATALOGUE as CATALOGUE
from evalxl.catalogue import ERROR as ERROR
from evalxl.catalogue import NOTE as NOTE
from evalxl.catalogue import WARNING as WARNING

_LEVEL_ORDER = {ERROR: 0, WARNING: 1, NOTE: 2}


def place_text(sheet: str, row: int, column: int) -> str:
    """``Sheet!A1`` for a cell (``row`` and ``column`` 1-based); ``sheet`` alone when ``row`` is 0."""
    return f"{sheet}!{_LETTERS.get(column) or _letter(column)}{row}" if row else sheet


_LETTERS: dict[int, str] = {}


def _letter(column: int) -> str:
    """``A`` for column 1, ``AA`` for 27 (remembered: a run names the same few columns again and again)."""
    letter = _LETTERS[column] = get_column_letter(column)
    return letter


class Place(str):
    """Where something is in the user's input: a cell, or a name for what is not a cell.

    ``Place("指标", 12, 5)`` is the cell 指标!E12: ``sheet``, ``row`` and ``column`` (1-based) are
    its fields. ``Place("本市.toml:weights.产出指标")`` is not a cell: ``row`` and ``column`` are 0
    and ``sheet`` holds the whole name. Either way the value *is* its text (``指标!E12``), a
    ``str``: the records and sheets that show places (计算过程 rows, the units of a merged indicator,
    the diff) take it as the text they hold, and equality is equality of that text, while a finding
    made at it reads its fields. Immutable, like the records that carry it.
    """

    sheet: str
    row: int
    column: int

    def __new__(cls, sheet: str, row: int = 0, column: int = 0) -> Place:
        if (row or column) and (row < 1 or column < 1):
            raise ValueError(f"not a place: sheet={sheet!r}, row={row}, column={column}")
        place = str.__new__(cls, place_text(sheet, row, column))
        fields = place.__dict__
        fields["sheet"], fields["row"], fields["column"] = sheet, row, column
        return place

    @property
    def is_cell(self) -> bool:
        """True for a cell, False for a place that is only a name (a file, a profile key)."""
        return self.row > 0

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(f"Place is immutable: cannot set {name}")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError(f"Place is immutable: cannot delete {name}")

    def __reduce__(self) -> tuple[type[Place], tuple[str, int, int]]:
        return (Place, (self.sheet, self.row, self.column))

    def __repr__(self) -> str:
        return f"Place({self.sheet!r}, {self.row}, {self.column})" if self.row else f"Place({self.sheet!r})"


@dataclass(frozen=True)
class Finding:
    """One problem found in the input: its stable code, its level, where it is and its message.

    ``sheet``, ``row`` and ``column`` are the cell (row and column 1-based); for a place that is not
    a cell ``row`` and ``column`` are 0 and ``sheet`` holds the place's whole text (see :class:`Place`).
    """

    level: str
    code: str
    sheet: str
    row: int
    column: int
    message: str

    @property
    def place(self) -> str:
        """The place as users read it: ``指标!E12``, or the name of what is not a cell."""
        return place_text(self.sheet, self.row, self.column)

    def as_dict(self) -> dict[str, str]:
        """The JSON form used by ``evalxl run --json``."""
        return {"level": self.level, "code": self.code, "place": self.place, "message": self.message}


@functools.cache
def _fields(code: str) -> frozenset[str]:
    """The names a code's template asks for: a finding is made with exactly these values."""
    return frozenset(
        name for _text, name, _spec, _conv in string.Formatter().parse(CATALOGUE[code][1]) if name
    )


def finding(code: str, place: str, /, **values: Any) -> Finding:
    """Make the finding ``code`` at ``place`` from its catalogue template: a :class:`Place`, or plain
    text for a place that is not a cell (the input file's name, a profile key)."""
    level, template = CATALOGUE[code]
    if values.keys() != _fields(code):
        raise ValueError(
            f"{code}: values {sorted(values)} do not fill the template's {sorted(_fields(code))}"
        )
    message = template.format(**values)
    if isinstance(place, Place):
        return Finding(level, code, place.sheet, place.row, place.column, message)
    return Finding(level, code, place, 0, 0, message)


def has_errors(findings: Iterable[Finding]) -> bool:
    """True when any finding is an error."""
    return any(f.level == ERROR for f in findings)


def ordered(findings: Iterable[Finding]) -> list[Finding]:
    """Findings by level (errors first), keeping the discovery order inside a level, without repeats."""
    seen: set[Finding] = set()
    unique = []
    for f in findings:
        if f not in seen:
            seen.add(f)
            unique.append(f)
    return sorted(unique, key=lambda f: _LEVEL_ORDER[f.level])
