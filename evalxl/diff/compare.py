"""Comparing two books of keyed rows: rows added, removed, and the fields of a row that changed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from evalxl.diff.report import ADDED, CHANGED, REMOVED, Change, clean, same

# the order of the account
SECTIONS = ("project", "total", "project_total", "indicator", "fund", "param", "finding")
_CHILDREN = frozenset({"project_total", "indicator", "fund"})  # rows that belong to a project (key[0])


@dataclass(frozen=True)
class KeyedRow:
    """A keyed row: its key, the cell that names it, its compared fields as (value, place), what
    to show when the whole row is added or removed (None: the key says enough), and the number
    format of each field's cell (when the file has them: output workbooks)."""

    key: tuple[str, ...]
    place: str
    values: dict[str, tuple[object, str]]
    shown: object = None
    formats: dict[str, str] = field(default_factory=dict)


Book = dict[str, list[KeyedRow]]  # section (a Change.what) -> its rows, in the file's order


def _keyed(rows: Iterable[KeyedRow]) -> dict[tuple[str, ...], KeyedRow]:
    """The rows by key; a key met again gets ``#2``, ``#3`` … appended."""
    seen: Counter[tuple[str, ...]] = Counter()
    keyed = {}
    for row in rows:
        seen[row.key] += 1
        count = seen[row.key]
        keyed[row.key if count == 1 else (*row.key, f"#{count}")] = row
    return keyed


def _compare(
    what: str, old_rows: Iterable[KeyedRow], new_rows: Iterable[KeyedRow], tolerance: float
) -> list[Change]:
    """Rows added and changed (in NEW's order), then rows removed (in OLD's order)."""
    old, new = _keyed(old_rows), _keyed(new_rows)
    changes = []
    for key, row in new.items():
        before = old.get(key)
        if before is None:
            changes.append(Change(ADDED, what, key, "", None, row.shown, "", row.place))
        else:
            changes += _field_changes(what, key, before, row, tolerance)
    for key, row in old.items():
        if key not in new:
            changes.append(Change(REMOVED, what, key, "", row.shown, None, row.place, ""))
    return changes


def _field_changes(
    what: str, key: tuple[str, ...], old: KeyedRow, new: KeyedRow, tolerance: float
) -> list[Change]:
    """The fields of one row that differ; a column only one of the files has is not compared."""
    changes = []
    for name, (value, place) in new.values.items():
        if name not in old.values:
            continue
        old_value, old_place = old.values[name]
        if not same(old_value, value, tolerance):
            formats = old.formats.get(name, ""), new.formats.get(name, "")
            changes.append(
                Change(CHANGED, what, key, name, clean(old_value), clean(value), old_place, place, *formats)
            )
    return changes


def compare_books(old: Book, new: Book, tolerance: float) -> list[Change]:
    """Every section in order; the rows of an added or removed project are left to its own line."""
    changes = [
        c for what in SECTIONS for c in _compare(what, old.get(what, []), new.get(what, []), tolerance)
    ]
    moved = {c.key[0] for c in changes if c.what == "project" and c.kind != CHANGED}
    return [c for c in changes if not (c.what in _CHILDREN and c.kind != CHANGED and c.key[0] in moved)]
