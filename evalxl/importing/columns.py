"""A sheet's table read column by column: whole columns as texts or numbers, with findings.

The importer asks for a column at a time (:class:`Columns`); the common plain value (a text, a
number ≥ 0) is taken on a fast path and only the rest goes through the careful reading that may
make a finding. Each finding carries its data row and a rank (the order in which the importer
looks at a row's cells), so :meth:`Columns.findings` gives them in the order of the sheet's rows,
as a reader going row by row would find them.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from operator import itemgetter
from typing import Any

from openpyxl.utils import get_column_letter

from evalxl import contract, money
from evalxl.findings import Finding, finding
from evalxl.model import MappedColumns, Places, SheetColumns
from evalxl.reading import Cell, Table, cell_text
from evalxl.reading.cells import constant_formula

_AMOUNT = re.compile(r"^([+-]?(?:\d+(?:,\d{3})*|\d*)(?:\.\d+)?)\s*(万元|元|万|分)?$")
_UNIT_FACTOR = {("元", "万元"): 1 / 10000, ("万元", "元"): 10000.0}
_LARGEST = sys.float_info.max
_BLANK_CODES = ("VALUE_REQUIRED", "ACTUAL_REQUIRED")  # a required cell left blank


class Columns:
    """The data rows of one sheet of the standard input workbook, read a column at a time."""

    def __init__(self, table: Table, sheet: str, aliases: tuple[tuple[str, str], ...] = ()) -> None:
        """``aliases``: (name, column) pairs naming a column of the sheet by another name as well
        (部门指标's 主管部门 is the 项目名称 of the indicator records read from it)."""
        self.table = table
        letters = tuple(
            (c.name, get_column_letter(table.columns.get(c.name, 1))) for c in contract.sheet(sheet).columns
        )
        found = dict(letters)
        letters += tuple((alias, found[column]) for alias, column in aliases if column in found)
        self.columns = (
            MappedColumns(table.sheet, letters, table.origin)
            if table.origin
            else SheetColumns(table.sheet, letters)
        )
        self._found: list[tuple[int, int, Finding]] = []  # (data row, rank in the row, finding)
        self._texts: dict[str, list[str]] = {}

    @property
    def rows(self) -> tuple[int, ...]:
        """The sheet's row number of each data row."""
        return self.table.row_numbers

    def places(self, row: int) -> Places:
        """The cells of ``row``, for the record made from it."""
        return Places(self.columns, row)

    def texts(self, column: str) -> list[str]:
        """Each row's cell as the user reads it, trimmed (a percent-formatted number with %)."""
        if column not in self._texts:
            values = self.table.column(column)
            texts = [v.strip() if type(v) is str else cell_text(v) for v in values]
            for k, cell in self.table.special.get(column, {}).items():
                texts[k] = cell.text()
            self._texts[column] = texts
        return self._texts[column]

    def value_texts(self, column: str) -> list[str]:
        """Indicator values as written: a typed constant formula (``=100%``) keeps its formula text."""
        texts = self.texts(column)
        constants = {
            k: cell.formula.replace(" ", "")
            for k, cell in self.table.special.get(column, {}).items()
            if constant_formula(cell.formula)
        }
        return [constants.get(k, text) for k, text in enumerate(texts)] if constants else texts

    def required(self, column: str, rank: int) -> list[str]:
        """:meth:`texts`, with a finding for each blank cell."""
        texts = self.texts(column)
        for k in [k for k, text in enumerate(texts) if not text]:
            self.note(k, rank, "VALUE_REQUIRED", column, column=column)
        return texts

    def numbers(
        self, column: str, rank: int, *, required: bool = False, unit: str = ""
    ) -> list[float | None]:
        """Each row's cell as a number ≥ 0 in ``unit`` (None when blank or wrong: then a finding); an
        amount (``unit`` given) to the 分 of its unit, so sums of amounts are exact."""
        special = self.table.special.get(column, {})
        numbers: list[float | None] = []
        digits = money.decimals(unit) if unit else None
        for k, value in enumerate(self.table.column(column)):
            kind = type(value)
            if kind is float and 0.0 <= value <= _LARGEST:
                numbers.append(value if digits is None else round(value, digits))
            elif kind is str and not value:  # blank
                if required:
                    self.note(k, rank, "VALUE_REQUIRED", column, column=column)
                numbers.append(None)
            else:
                cell = special.get(k) or Cell(value)
                number = self._number(k, rank, column, cell, required, unit)
                numbers.append(number if number is None or digits is None else round(number, digits))
        return numbers

    def _number(self, k: int, rank: int, column: str, cell: Cell, required: bool, unit: str) -> float | None:
        if cell.blank:
            if required:
                self.note(k, rank, "VALUE_REQUIRED", column, column=column)
            return None
        value = _to_number(cell.value, unit)
        if value is None:
            self.note(k, rank, "NOT_A_NUMBER", column, column=column, value=cell.text())
        elif value < 0:
            self.note(k, rank, "NEGATIVE_NUMBER", column, column=column, value=cell.text())
            return None
        elif unit and isinstance(cell.value, str) and _written_unit(cell.value) not in ("", unit, "万"):
            converted = f"{money.text(value, unit)} {unit}"
            self.note(
                k, rank, "AMOUNT_UNIT_CONVERTED", column, value=cell.text(), unit=unit, converted=converted
            )
        return value

    def note(self, k: int, rank: int, code: str, where: str, /, **values: Any) -> None:
        """Record the finding ``code`` at the column ``where`` of data row ``k``, ``rank``-th in its row;
        a blank cell of a column missing from the header is not recorded (the error at the header
        stands for the whole column)."""
        if code in _BLANK_CODES and where in self.table.absent:
            return
        place = self.table.place(where, self.table.row_numbers[k])
        self._found.append((k, rank, finding(code, place, **values)))

    def findings(self) -> list[Finding]:
        """Every finding noted, by row and, within a row, by rank."""
        return [f for _k, _rank, f in sorted(self._found, key=itemgetter(0, 1))]


def _to_number(value: Any, unit: str) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None  # dates and times are not amounts
    if not isinstance(value, str):
        number = float(value)
        return number if number == number and abs(number) != float("inf") else None
    text = unicodedata.normalize("NFKC", value).strip().replace(" ", "")
    match = _AMOUNT.match(text)
    if not match or not re.search(r"\d", match.group(1)):
        return None
    number = float(match.group(1).replace(",", ""))
    written = {"万": "万元"}.get(match.group(2) or "", match.group(2) or "")
    return number * _UNIT_FACTOR.get((written, unit), 1.0)


def _written_unit(text: str) -> str:
    match = _AMOUNT.match(unicodedata.normalize("NFKC", text).strip().replace(" ", ""))
    return (match.group(2) or "") if match else ""
