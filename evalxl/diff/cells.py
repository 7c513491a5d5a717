"""Comparing any two xlsx workbooks cell by cell (``evalxl diff --cells``): sheets added and
removed, and every cell whose cached value differs."""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

from evalxl.diff.report import ADDED, CHANGED, REMOVED, Change, clean, same
from evalxl.diff.workbooks import sheet_cells

_BLANK: tuple[object, str] = (None, "")


def diff_cells(old: Workbook, new: Workbook, tolerance: float) -> list[Change]:
    """Sheets added (NEW's order), cells of the sheets both have, then sheets removed (OLD's order)."""
    changes = []
    for title in new.sheetnames:
        if title in old.sheetnames:
            changes += _cell_changes(title, _grid(old, title), _grid(new, title), tolerance)
        else:
            changes.append(Change(ADDED, "sheet", (title,), "", None, None, "", f"{title}!A1"))
    changes += [
        Change(REMOVED, "sheet", (title,), "", None, None, f"{title}!A1", "")
        for title in old.sheetnames
        if title not in new.sheetnames
    ]
    return changes


Grid = dict[tuple[int, int], tuple[object, str]]


def _grid(book: Workbook, title: str) -> Grid:
    """(row, column) -> (value, number format) of every non-blank cell of a sheet (1-based)."""
    rows, formats = sheet_cells(book, title)
    return {
        (row, col): (value, number_format)
        for row, (values, shown) in enumerate(zip(rows, formats, strict=True), start=1)
        for col, (value, number_format) in enumerate(zip(values, shown, strict=True), start=1)
        if clean(value) is not None
    }


def _cell_changes(title: str, old: Grid, new: Grid, tolerance: float) -> list[Change]:
    changes = []
    for row, col in sorted(old.keys() | new.keys()):
        (before, old_format), (after, new_format) = old.get((row, col), _BLANK), new.get((row, col), _BLANK)
        if same(before, after, tolerance):
            continue
        ref = f"{get_column_letter(col)}{row}"
        place = f"{title}!{ref}"
        kind = ADDED if before is None else REMOVED if after is None else CHANGED
        old_place = "" if before is None else place
        new_place = "" if after is None else place
        changes.append(
            Change(
                kind,
                "cell",
                (title, ref),
                "",
                clean(before),
                clean(after),
                old_place,
                new_place,
                old_format,
                new_format,
            )
        )
    return changes
