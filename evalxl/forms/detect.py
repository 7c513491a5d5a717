"""Which reader a workbook needs: the standard input's, or the filled-in forms'. Decided by content."""

from __future__ import annotations

from pathlib import Path

from evalxl import contract
from evalxl.reading import normalize_header
from evalxl.reading.xlsx_file import UnreadableWorkbook, inspect


def is_forms_workbook(path: Path) -> bool:
    """True when the workbook has none of the standard input's 项目/资金/指标 sheets and some sheet
    holds a filled-in form (:func:`evalxl.forms.looks_like_forms`). A file that cannot be opened is
    left to the standard reader, which says why."""
    from evalxl.forms import looks_like_forms  # the package's reader, below this module

    try:
        standard = has_standard_sheets(path)
    except UnreadableWorkbook:
        return False
    return not standard and looks_like_forms(path)


def has_standard_sheets(path: Path) -> bool:
    """True when the workbook has one of the standard input's required sheets (项目, 资金, 指标).
    Raises :class:`UnreadableWorkbook` for a file that is not a readable xlsx or is too large."""
    names = {normalize_header(name) for name in inspect(path, ())[0]}  # the limits checked first
    return bool(names & {sheet.name for sheet in contract.sheets() if sheet.required})
