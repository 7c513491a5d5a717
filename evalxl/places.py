"""Where each value of an input record sits: the columns of a sheet (or, for tables read from
filled-in forms, the form cell each value came from) and a record's row."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from openpyxl.utils import column_index_from_string

from evalxl.findings import Place


@dataclass(frozen=True)
class SheetColumns:
    """Where each standard column sits in one sheet (shared by all the rows read from it)."""

    sheet: str
    letters: tuple[tuple[str, str], ...]  # (column name, column letter)

    @cached_property
    def _columns(self) -> dict[str, int]:
        """Column name → 1-based column index."""
        return {name: column_index_from_string(letter) for name, letter in self.letters}

    def place(self, column: str, row: int) -> Place:
        """The cell of ``column`` in ``row`` (the sheet's first column when it has no such column);
        for row 0 (a record not read from a sheet) a place that is no cell."""
        if not row:
            return Place(self.sheet)
        index = self._columns.get(column) or next(iter(self._columns.values()), 1)
        return Place(self.sheet, row, index)

    def rows_of(self, row: int) -> tuple[tuple[str, int], ...]:
        """The (sheet, row number) of every row the cells of ``row`` are at: the row itself."""
        return ((self.sheet, row),)


@dataclass(frozen=True)
class MappedColumns(SheetColumns):
    """The columns of a table whose cells were read elsewhere (a filled-in form): each cell of the
    table names the cell it came from (``origin``: (row, column) → that cell), so what is said about a
    value is said at the form's cell (``老工商业者及遗孀生活困难补助!F15``)."""

    origin: Mapping[tuple[int, int], Place] = field(default_factory=dict, compare=False, hash=False)

    def place(self, column: str, row: int) -> Place:
        """The cell ``column`` of ``row`` came from (the table's own cell when it has no origin)."""
        own = super().place(column, row)
        return self.origin.get((own.row, own.column), own) if own.row else own

    def rows_of(self, row: int) -> tuple[tuple[str, int], ...]:
        """The (sheet, row number) of every row the cells of ``row`` came from (a project's fields
        lie on several rows of its form). A cell that several rows share (the form's 项目名称, on
        each of its 资金 and 指标 rows) is no row's own and places none."""
        return self._rows.get(row, ())

    @cached_property
    def _rows(self) -> dict[int, tuple[tuple[str, int], ...]]:
        users: dict[Place, set[int]] = {}
        for (row, _column), place in self.origin.items():
            users.setdefault(place, set()).add(row)
        rows: dict[int, dict[tuple[str, int], None]] = {}
        for (row, _column), place in self.origin.items():
            if len(users[place]) == 1:
                rows.setdefault(row, {})[(place.sheet, place.row)] = None
        return {row: tuple(found) for row, found in rows.items()}


@dataclass(frozen=True, slots=True)
class Places:
    """The cells of one input row: its sheet's columns and its row number."""

    columns: SheetColumns
    row: int

    def of(self, column: str) -> Place:
        """The cell of one of this row's columns."""
        return self.columns.place(column, self.row)

    def rows(self) -> tuple[tuple[str, int], ...]:
        """The (sheet, row number) of each row this record's cells are at."""
        return self.columns.rows_of(self.row)


NO_PLACES = Places(SheetColumns("", ()), 0)  # a record made in code, not read from a sheet
