"""Making a record per input row, a hundred thousand of them at 10,000 projects: the cells of many
rows at once."""

from __future__ import annotations

from collections.abc import Sequence

from evalxl.model import Indicator, SheetColumns


def places_of(rows: Sequence[Indicator], column: str) -> list[str]:
    """``Sheet!A1`` of ``column`` in each row, the same as ``row.place_of(column)``, the sheet's part
    worked out once per sheet (asking each row looks its column up again)."""
    places = [row.places for row in rows]
    columns = [p.columns for p in places]
    if columns and columns.count(columns[0]) == len(columns):  # rows of one sheet: most runs
        prefix = _prefix(columns[0], column, rows[0])
        if prefix is not None:
            return [f"{prefix}{p.row}" for p in places]
    prefixes: dict[int, str | None] = {}
    out = []
    for row, p in zip(rows, places, strict=True):
        key = id(p.columns)
        if key not in prefixes:
            prefixes[key] = _prefix(p.columns, column, row)
        prefix = prefixes[key]
        out.append(row.place_of(column) if prefix is None else f"{prefix}{p.row}")
    return out


def _prefix(columns: SheetColumns, column: str, row: Indicator) -> str | None:
    """``Sheet!A`` when a place is that and the row number, else None (ask each row)."""
    first = columns.place(column, 1)
    prefix = first[:-1]
    same = all(columns.place(column, n) == prefix + str(n) for n in (1, 10, 987654))
    return prefix if same and row.place_of(column) == prefix + str(row.places.row) else None
