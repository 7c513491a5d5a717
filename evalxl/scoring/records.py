"""Making a record per input row, a hundred thousand of them at 10,000 projects: the cells of many
rows at once, and no automatic garbage collection meanwhile."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from evalxl.model import Indicator, SheetColumns


@contextmanager
def collection_paused() -> Iterator[None]:
    """No automatic garbage collection inside the block. Scoring makes a record per indicator row and
    none of them is in a reference cycle, yet their number sets off full collections, each walking
    the whole book again: at 10,000 projects a third of the stage's time, for nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def places_of(rows: Sequence[Indicator], column: str) -> list[str]:
    """``Sheet!A1`` of ``column`` in each row, the same as ``row.place_of(column)``, the sheet's part
    worked out once per sheet (asking each row looks its column up again)."""
    prefixes: dict[int, str | None] = {}
    out = []
    for row in rows:
        columns = row.places.columns
        key = id(columns)
        if key not in prefixes:
            prefixes[key] = _prefix(columns, column, row)
        prefix = prefixes[key]
        out.append(row.place_of(column) if prefix is None else prefix + str(row.places.row))
    return out


def _prefix(columns: SheetColumns, column: str, row: Indicator) -> str | None:
    """``Sheet!A`` when a place is that and the row number, else None (ask each row)."""
    first = columns.place(column, 1)
    prefix = first[:-1]
    same = all(columns.place(column, n) == prefix + str(n) for n in (1, 10, 987654))
    return prefix if same and row.place_of(column) == prefix + str(row.places.row) else None
