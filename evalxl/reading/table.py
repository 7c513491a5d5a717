"""One sheet's data rows under its header, held column by column.

A sheet comes from python-calamine as rows of values; the importer reads whole columns. A
:class:`Table` keeps, for each standard column found, its value in each data row (blank rows are
left out), and beside them the few cells that carry more than a value: a percent format or a
formula (from :mod:`evalxl.reading.xlsx_meta`). Building one takes a pass over each column, not a
Python object per cell, so a sheet of 100,000 rows is read in a fraction of a second.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter
from typing import Any

from evalxl.findings import Finding, Place, finding
from evalxl.reading import limits
from evalxl.reading.cells import BLANK, Cell, constant_formula
from evalxl.reading.xlsx_meta import SheetMeta


@dataclass(frozen=True)
class Table:
    """One sheet's data rows under its header, keyed by the standard column names.

    Data row ``i`` is the sheet's row ``row_numbers[i]``; ``values[name][i]`` is its value in the
    column ``name`` (``""`` when blank, a formula's cached value, a text over Excel's limit cut to
    it); ``special[name][i]``, when present, is the whole cell (percent format, formula text).
    A table read from somewhere else than a sheet of this shape (the forms of
    :mod:`evalxl.forms`) has an ``origin``: its cell (row, column) → the cell the value came from.
    """

    sheet: str
    header_row: int
    columns: dict[str, int]  # standard name -> 1-based column index
    row_numbers: tuple[int, ...]
    values: dict[str, list[Any]]
    special: dict[str, dict[int, Cell]]
    origin: Mapping[tuple[int, int], Place] | None = None
    # issue 14, import: the required columns missing from the header (an error there says so), whose
    # blank cells are not reported row by row
    absent: frozenset[str] = frozenset()

    def __len__(self) -> int:
        return len(self.row_numbers)

    def column(self, name: str) -> list[Any]:
        """The values of a column in every data row (all blank when the sheet lacks it)."""
        return self.values.get(name) or [""] * len(self)

    def cell(self, name: str, index: int) -> Cell:
        """The cell of column ``name`` in data row ``index``."""
        special = self.special.get(name)
        if special and index in special:
            return special[index]
        value = self.column(name)[index]
        return BLANK if type(value) is str and not value else Cell(value)

    @property
    def rows(self) -> tuple[tuple[int, dict[str, Cell]], ...]:
        """Row by row: (row number, standard name -> cell). A slow view, for tests and tools."""
        return tuple(
            (row, {name: self.cell(name, i) for name in self.columns})
            for i, row in enumerate(self.row_numbers)
        )

    def place(self, column: str, row: int) -> Place:
        """The cell of a column in a row (in the sheet's first column when the column is absent), or
        the cell it came from when the table has an ``origin``."""
        own = Place(self.sheet, row, self.columns.get(column, 1))
        return self.origin.get((row, own.column), own) if self.origin else own


def data_table(
    title: str, values: list[list[Any]], meta: SheetMeta, header_row: int, columns: dict[str, int]
) -> tuple[Table, list[Finding]]:
    """The data rows below ``header_row`` of a sheet, with a finding for each formula never calculated
    and each text longer than Excel allows (in the order of the sheet's rows, then of ``columns``)."""
    reading = _Reading(title, values[header_row:], meta, header_row)
    raw = {name: reading.column(position, name, col) for position, (name, col) in enumerate(columns.items())}
    keep = _kept_rows(list(raw.values()), reading.forced)
    table = Table(
        title,
        header_row,
        columns,
        tuple(header_row + 1 + k for k in keep),
        {name: _picked(column, keep) for name, column in raw.items()},
        _renumbered(reading.special, keep, reading.count),
    )
    return table, reading.findings()


class _Reading:
    """The columns of one sheet being read, with what reading them found."""

    def __init__(self, title: str, data: list[list[Any]], meta: SheetMeta, header_row: int) -> None:
        self.title, self.data, self.meta, self.header_row = title, data, meta, header_row
        self.special: dict[str, dict[int, Cell]] = {}
        # column -> its rows below the header that hold a formula or have a percent format
        self.marked: dict[int, list[int]] = {}
        for row, col in sorted(meta.percent | set(meta.formulas)):
            if row > header_row:
                self.marked.setdefault(col, []).append(row)
        self.count = max(len(data), max((rows[-1] - header_row for rows in self.marked.values()), default=0))
        self.transposed = list(zip(*data, strict=False))  # the columns that every row reaches
        self.odd = _has_odd_texts(data)
        self.forced: set[int] = set()  # rows kept even when blank: a formula, or a text over the limit
        self._found: list[tuple[int, int, Finding]] = []  # (data row, position of the column, finding)

    def column(self, position: int, name: str, col: int) -> list[Any]:
        """The values of the sheet's column ``col`` (1-based) in every row below the header, blanks
        as ``""`` (as python-calamine gives an empty cell); its special cells go to
        ``self.special[name]``."""
        index = col - 1
        if index < len(self.transposed):
            column = list(self.transposed[index])
        else:
            column = [row[index] if index < len(row) else "" for row in self.data]
        column += [""] * (self.count - len(column))
        cells = self.special[name] = self._special_cells(col)
        for k, cell in cells.items():
            column[k] = "" if cell.blank else cell.value
            if cell.formula:
                self.forced.add(k)
                if cell.value is None:
                    self._note(k, position, col, "FORMULA_NOT_CALCULATED", formula=cell.formula)
        most = limits.MAX_CELL_CHARS
        for k in _odd_texts(column) if self.odd else ():
            text = column[k]
            if len(text) > most:
                self._note(k, position, col, "CELL_TOO_LONG", length=len(text), limit=most)
                if k in cells:
                    cells[k] = Cell(text[:most], cells[k].percent, cells[k].formula)
                if not self.meta.formulas and not self.meta.percent:
                    self.forced.add(k)  # as a plain sheet's row with such a text has always been kept
                text = text[:most]
            column[k] = "" if text.isspace() else text
        return column

    def _special_cells(self, col: int) -> dict[int, Cell]:
        """The column's cells below the header with a percent format or a formula, by data row; a
        typed constant formula (``=100%``) has its own value."""
        meta, header_row, cells = self.meta, self.header_row, {}
        for row in self.marked.get(col, []):
            k = row - header_row - 1
            formula = meta.formulas.get((row, col), "")
            cell = constant_formula(formula) if formula else None
            if cell is None:
                value = self.data[k][col - 1] if k < len(self.data) and col - 1 < len(self.data[k]) else None
                cell = Cell(None if value == "" else value, (row, col) in meta.percent, formula)
            cells[k] = cell
        return cells

    def _note(self, k: int, position: int, col: int, code: str, **values: Any) -> None:
        place = Place(self.title, self.header_row + 1 + k, col)
        self._found.append((k, position, finding(code, place, **values)))

    def findings(self) -> list[Finding]:
        """What reading found, in the order of the rows, then of the columns."""
        return [f for _k, _position, f in sorted(self._found, key=itemgetter(0, 1))]


def _has_odd_texts(rows: list[list[Any]]) -> bool:
    """Whether any cell holds a text over Excel's limit or only spaces. A sheet seldom does: this
    looks at every value once, in the order they lie in memory, before any column is looked at."""
    texts = filter(str.__instancecheck__, chain.from_iterable(rows))
    if max(map(len, texts), default=0) > limits.MAX_CELL_CHARS:
        return True
    return any(map(str.isspace, filter(str.__instancecheck__, chain.from_iterable(rows))))


def _odd_texts(column: list[Any]) -> list[int]:
    """Where a column holds a text over Excel's limit or only spaces."""
    most = limits.MAX_CELL_CHARS
    return [k for k, v in enumerate(column) if type(v) is str and (len(v) > most or v.isspace())]


def _kept_rows(columns: list[list[Any]], forced: set[int]) -> list[int]:
    """The rows with a value in any column, and the ``forced`` ones, in order."""
    if not columns:
        return []
    nothing = ("",) * len(columns)
    keep = [k for k, row in enumerate(zip(*columns, strict=True)) if row != nothing]
    return sorted(set(keep) | forced) if forced else keep


def _picked(column: list[Any], keep: Sequence[int]) -> list[Any]:
    return column if len(keep) == len(column) else [column[k] for k in keep]


def _renumbered(
    special: dict[str, dict[int, Cell]], keep: list[int], count: int
) -> dict[str, dict[int, Cell]]:
    """``special`` with data-row indexes counted among the kept rows only."""
    if len(keep) == count or not any(special.values()):
        return special
    position = {k: i for i, k in enumerate(keep)}
    return {
        name: {position[k]: cell for k, cell in cells.items() if k in position}
        for name, cells in special.items()
    }
