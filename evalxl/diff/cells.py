"""Comparing any two xlsx workbooks cell by cell (``evalxl diff --cells``): sheets added and
removed, and every cell whose cached value differs."""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

from evalxl.diff.report import ADDED, CHANGED, REMOVED, Change, clean, same
from evalxl.diff.workbooks import sheet_rows


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


def _grid(book: Workbook, title: str) -> dict[tuple[int, int], object]:
    """(row, column) -> value of every non-blank cell of a sheet (1-based)."""
    return {
        (row, col): value
        for row, values in enumerate(sheet_rows(book, title), start=1)
        for col, value in enumerate(values, start=1)
        if clean(value) is not None
    }


def _cell_changes(
    title: str, old: dict[tuple[int, int], object], new: dict[tuple[int, int], object], tolerance: float
) -> list[Change]:
    changes = []
    for row, col in sorted(old.keys() | new.keys()):
        before, after = old.get((row, col)), new.get((row, col))
        if same(before, after, tolerance):
            continue
        ref = f"{get_column_letter(col)}{row}"
        place = f"{title}!{ref}"
        kind = ADDED if before is None else REMOVED if after is None else CHANGED
        old_place = "" if before is None else place
        new_place = "" if after is None else place
        changes.append(
            Change(kind, "cell", (title, ref), "", clean(before), clean(after), old_place, new_place)
        )
    return changes
