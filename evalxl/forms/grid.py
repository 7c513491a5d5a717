"""One sheet of filled forms as a grid of cells: the values python-calamine reads, the merged ranges
(a merged range is one cell: its top-left), and the percent formats and formula texts of the
reading package's sheet scan.

Nothing here knows what a form is; :mod:`evalxl.forms.layout` finds the forms on the grid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from python_calamine import CalamineWorkbook

from evalxl.contract import label_key
from evalxl.findings import Finding, Place, finding
from evalxl.reading import limits
from evalxl.reading.cells import Cell, cell_text, constant_formula
from evalxl.reading.xlsx_file import UnreadableWorkbook
from evalxl.reading.xlsx_meta import SheetMeta

_SUFFIX = re.compile(r"\([^()]*\)$")


@dataclass(frozen=True)
class Value:
    """One value taken from a form: the raw value (``""`` when blank), the cell it came from (or
    the nearest meaningful cell for a value the form lacks) and, for a percent-formatted cell or a
    formula, the whole cell."""

    raw: Any
    place: Place
    cell: Cell | None = None

    @property
    def blank(self) -> bool:
        """True when the value is empty (or only spaces)."""
        return self.raw is None or (isinstance(self.raw, str) and not self.raw.strip())

    def text(self) -> str:
        """The value as the user reads it (``100%`` for a percent-formatted 1.0)."""
        if self.cell is not None:
            return self.cell.text()
        return cell_text(self.raw)


class Grid:
    """A sheet's cells, 1-based; a cell inside a merged range (not its top-left) is *covered*."""

    def __init__(self, title: str, values: list[list[Any]], merged: list[Any], meta: SheetMeta) -> None:
        self.title, self.values, self.meta = title, values, meta
        self.covered: set[tuple[int, int]] = set()
        self.ends: dict[tuple[int, int], tuple[int, int]] = {}  # top-left -> (last row, last column)
        for (r0, c0), (r1, c1) in merged:
            self.ends[(r0 + 1, c0 + 1)] = (r1 + 1, c1 + 1)
            for r in range(r0 + 1, r1 + 2):
                for c in range(c0 + 1, c1 + 2):
                    if (r, c) != (r0 + 1, c0 + 1):
                        self.covered.add((r, c))
        self.height = len(values)
        self.findings: list[Finding] = []  # what loading the sheet found (texts over Excel's limit)

    def raw(self, row: int, col: int) -> Any:
        """The value calamine read at (row, col), ``""`` outside the sheet or in a covered cell."""
        if (row, col) in self.covered or row > len(self.values) or row < 1:
            return ""
        line = self.values[row - 1]
        return line[col - 1] if 0 < col <= len(line) else ""

    def items(self, row: int) -> list[tuple[int, Any]]:
        """The row's own (not covered) cells that hold something, as (column, value)."""
        if row < 1 or row > len(self.values):
            return []
        return [
            (col, value)
            for col, value in enumerate(self.values[row - 1], start=1)
            if not _blank(value) and (row, col) not in self.covered
        ]

    def end(self, row: int, col: int) -> tuple[int, int]:
        """The last (row, column) of the merged range whose top-left is (row, col), else itself."""
        return self.ends.get((row, col), (row, col))

    def key(self, row: int, col: int) -> str:
        """The cell's text as a label is matched (:func:`evalxl.contract.label_key`)."""
        value = self.raw(row, col)
        return label_key(value) if isinstance(value, str) else ""

    def value(self, row: int, col: int) -> Value:
        """The cell as a :class:`Value` (its percent format and formula kept)."""
        place = Place(self.title, row, col)
        raw = self.raw(row, col)
        formula = self.meta.formulas.get((row, col), "")
        percent = (row, col) in self.meta.percent
        if not formula and not percent:
            return Value("" if _blank(raw) else raw, place)
        cell = constant_formula(formula) if formula else None
        if cell is None:
            cell = Cell(None if raw == "" else raw, percent, formula)
        return Value("" if cell.blank else cell.value, place, cell)

    def first(self, row: int, first: int, last: int) -> Value | None:
        """The first own cell holding something in columns ``first..last`` of ``row``."""
        for col, _value in self.items(row):
            if first <= col <= last:
                return self.value(row, col)
        return None

    def place(self, row: int, col: int) -> Place:
        """The cell (row, col) of this sheet."""
        return Place(self.title, row, col)


def header_key(text: str) -> str:
    """A column header as matched: :func:`label_key` without a bracketed suffix ((A), (B/A), (万元))."""
    key = label_key(text)
    while (shorter := _SUFFIX.sub("", key)) != key and shorter:
        key = shorter
    return key


def load_grid(workbook: CalamineWorkbook, title: str, meta: SheetMeta) -> Grid:
    """The sheet ``title`` as a grid (raises :class:`UnreadableWorkbook` for a damaged sheet part)."""
    try:
        sheet = workbook.get_sheet_by_name(title)
        values: list[list[Any]] = sheet.to_python(skip_empty_area=False)
        merged = list(sheet.merged_cell_ranges or [])
    except Exception as exc:  # a damaged sheet part
        detail = f"工作表“{title}”已损坏：{type(exc).__name__}"
        raise UnreadableWorkbook(
            finding("FILE_NOT_XLSX", Place(title, 1, 1), name=title, detail=detail)
        ) from exc
    most, found = limits.MAX_CELL_CHARS, []
    for row, line in enumerate(values, start=1):
        for k, value in enumerate(line):
            if isinstance(value, str) and len(value) > most:
                place = Place(title, row, k + 1)
                found.append(finding("CELL_TOO_LONG", place, length=len(value), limit=most))
                line[k] = value[:most]
    grid = Grid(title, values, merged, meta)
    grid.findings.extend(found)
    return grid


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
