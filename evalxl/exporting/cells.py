"""Cells of the output workbook: text sizing, valid sheet names, and writing a value by its type.

Every text is written with ``write_string``, so user text such as ``=100%`` stays text.
"""

from __future__ import annotations

import functools
import math
import unicodedata
from collections.abc import Sequence
from typing import Any

SHEET_NAME_MAX = 31  # Excel's limit, in UTF-16 code units
_EXCEL_RESERVED = ("历史", "History")
_BAD_SHEET_CHARS = frozenset("[]:*?/\\")

Cell = str | float | None
Format = Any  # xlsxwriter.format.Format (xlsxwriter ships no type information)
Worksheet = Any


@functools.lru_cache(maxsize=65536)
def display_width(text: str) -> int:
    """Width of ``text`` in Excel character units: wide/full-width (CJK) characters count 2."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def text_lines(text: str, width_chars: float) -> int:
    """How many lines ``text`` takes when wrapped in a cell ``width_chars`` units wide (at least 1).

    Each explicit line break starts a new line; each line then wraps every ``width_chars`` units.
    """
    usable = max(1.0, width_chars)
    parts = text.splitlines() or [""]
    return sum(max(1, math.ceil(display_width(part) / usable)) for part in parts)


def usable_width(widths: Sequence[float]) -> float:
    """The text width, in character units, of a cell spanning columns of these widths.

    A column of width w is w × 7 + 5 pixels (Calibri 11's digit is 7 pixels); the 5 pixels are
    roughly the cell's inner margins, so a merged cell gains about 5/7 unit for each extra column.
    """
    return sum(widths) + 0.7 * (len(widths) - 1)


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _fit(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` UTF-16 units, without spaces or apostrophes at the ends."""
    while _utf16_len(text) > limit:
        text = text[:-1]
    return _tidy(text)


def _tidy(text: str) -> str:
    while (tidy := text.strip().strip("'")) != text:
        text = tidy
    return text


def _clean_sheet_name(name: str) -> str:
    chars = ("_" if ch in _BAD_SHEET_CHARS or unicodedata.category(ch).startswith("C") else ch for ch in name)
    return _tidy("".join(chars))


def sheet_names(names: Sequence[str], reserved: set[str] | frozenset[str]) -> list[str]:
    """Valid, unique Excel sheet names for ``names``, in order.

    Characters Excel forbids (``[]:*?/\\`` and control characters) become ``_``; names are cut to
    31 characters, never start or end with an apostrophe, and are unique ignoring case, also
    against ``reserved`` and Excel's own reserved name ``History``/``历史``: a clash gets a
    suffix ``(2)``, ``(3)``, … A blank name becomes ``项目{n}``.
    """
    taken = {name.casefold() for name in (*reserved, *_EXCEL_RESERVED)}
    result = []
    for number, name in enumerate(names, start=1):
        base = _clean_sheet_name(name) or f"项目{number}"
        candidate = _fit(base, SHEET_NAME_MAX)
        suffix_number = 1
        while not candidate or candidate.casefold() in taken:
            suffix_number += 1
            suffix = f"({suffix_number})"
            candidate = _fit(base, SHEET_NAME_MAX - len(suffix)) + suffix
        taken.add(candidate.casefold())
        result.append(candidate)
    return result


def write_cell(ws: Worksheet, row: int, col: int, value: Cell, fmt: Format) -> None:
    """Write one cell by type: text as a string (never a formula), numbers, else a formatted blank."""
    if isinstance(value, str) and value:
        ws.write_string(row, col, value, fmt)
    elif isinstance(value, int | float) and math.isfinite(value):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_blank(row, col, None, fmt)


def write_row(
    ws: Worksheet, row: int, values: Sequence[Cell], formats: Sequence[Format], blanks: bool = True
) -> None:
    """Write a row as :func:`write_cell` would, cell by cell; with ``blanks`` false an empty cell
    (None or "") is left out (list sheets: no border to draw).

    The hot loop of the list sheets (a million cells at province scale): one call per cell."""
    string, number, blank = ws.write_string, ws.write_number, ws.write_blank
    for col, (value, fmt) in enumerate(zip(values, formats, strict=True)):
        if isinstance(value, str):
            if value:
                string(row, col, value, fmt)
            elif blanks:
                blank(row, col, None, fmt)
        elif value is None:
            if blanks:
                blank(row, col, None, fmt)
        elif isinstance(value, int | float) and math.isfinite(value):
            number(row, col, value, fmt)
        else:
            blank(row, col, None, fmt)


def year_text(year: str) -> str:
    """The year as printed before 年度: ``2023``, also when the user wrote ``2023年`` or ``2023年度``."""
    return year.strip().removesuffix("年度").removesuffix("年").strip()


def number_text(value: float | None) -> str:
    """A number as printed in a note: up to six decimals, no trailing zeros; "—" for none."""
    return "—" if value is None else f"{round(value, 6):g}"
