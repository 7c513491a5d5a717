"""Which reader a workbook needs: the standard input's, or the filled-in forms'. Decided by content."""

from __future__ import annotations

import functools
from pathlib import Path

from evalxl import contract
from evalxl.reading import normalize_header
from evalxl.reading.sheets import HEADER_SEARCH_ROWS, choose_sheets
from evalxl.reading.xlsx_file import UnreadableWorkbook, head_rows, inspect, open_workbook

# sheets that hold a standard sheet's headers but are not taken (the reader says why)
_STANDARD_BUT_UNCLEAR = ("SHEETS_AMBIGUOUS", "SHEET_FITS_SEVERAL")


def is_forms_workbook(path: Path) -> bool:
    """True when the workbook has none of the standard input's 项目/资金/指标 sheets (by name or by
    headers) and some sheet
    holds a filled-in form (:func:`evalxl.forms.looks_like_forms`). A file that cannot be opened is
    left to the standard reader, which says why."""
    from evalxl.forms import looks_like_forms  # the package's reader, below this module

    try:
        standard = has_standard_sheets(path)
    except UnreadableWorkbook:
        return False
    return not standard and looks_like_forms(path)


def has_standard_sheets(path: Path) -> bool:
    """True when the workbook has one of the standard input's required sheets (项目, 资金, 指标): by
    its name, or a sheet of another name holding its headers (as the reader finds it,
    :mod:`evalxl.reading.sheets`). Raises :class:`UnreadableWorkbook` for a file that is not a
    readable xlsx or is too large."""
    try:
        stat = path.stat()
    except OSError:  # not cached: the reader says why it cannot be read
        return _has_standard_sheets.__wrapped__(path, 0, 0)
    return _has_standard_sheets(path.resolve(), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _has_standard_sheets(path: Path, _mtime_ns: int, _size: int) -> bool:
    """:func:`has_standard_sheets` for one version of a file: asked up to four times per workbook in
    a run or a collect, and reading every sheet's first rows of a workbook of 200 forms takes ~0.5 s."""
    titles = inspect(path, ())[0]  # the limits checked first
    required = [sheet for sheet in contract.sheets() if sheet.required]
    if {normalize_header(title) for title in titles} & {sheet.name for sheet in required}:
        return True
    workbook = open_workbook(path)
    choice = choose_sheets(titles, required, lambda title: head_rows(workbook, title, HEADER_SEARCH_ROWS))
    return bool(choice.titles) or any(f.code in _STANDARD_BUT_UNCLEAR for f in choice.findings)
