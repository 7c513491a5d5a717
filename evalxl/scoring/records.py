"""Making a record per input row, a hundred thousand of them at 10,000 projects: the cells of many
rows at once."""

from __future__ import annotations

from collections.abc import Sequence

from evalxl.model import Indicator, SheetColumns


def places_of(rows: Sequence[Indicator], column: str) -> list[str]:
    """``Sheet!A1`` of ``column`` in each row, the same as ``row.place_of(column)``, the sheet's part
    worked out once per sheet (asking each row looks its column up again)."""
    places = [row.places for row in rows]
    sheets = {id(p.columns): (p.columns, row) for p, row in zip(places, rows, strict=True)}
    prefixes = {key: _prefix(columns, column, row) for key, (columns, row) in sheets.items()}
    if len(prefixes) == 1 and None not in prefixes.values():  # rows of one sheet: most runs
        (prefix,) = prefixes.values()
        return [f"{prefix}{p.row}" for p in places]
    out = []
    for row, p in zip(rows, places, strict=True):
        prefix = prefixes[id(p.columns)]
        out.append(row.place_of(column) if prefix is None else f"{prefix}{p.row}")
    return out


def _prefix(columns: SheetColumns, column: str, row: Indicator) -> str | None:
    """``Sheet!A`` when a place is that and the row number, else None (ask each row)."""
    first = columns.place(column, 1)
    prefix = first[:-1]
    same = all(columns.place(column, n) == prefix + str(n) for n in (1, 10, 987654))
    return prefix if same and row.place_of(column) == prefix + str(row.places.row) else None
