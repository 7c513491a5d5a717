"""Reading an xlsx workbook into tables of cells that remember their places.

Sheets and columns are found by header text (docs/input-contract.md; which sheet is which:
:mod:`evalxl.reading.sheets`); merged cells count as their
top-left value; a formula counts as its cached value, and a formula without one is a finding.
Nothing here knows what the columns mean: that is the importer's job.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from evalxl import contract
from evalxl.contract import SheetSpec
from evalxl.findings import Finding, Place, finding
from evalxl.reading import limits
from evalxl.reading.cells import cell_text, normalize_header
from evalxl.reading.sheets import HEADER_SEARCH_ROWS, choose_sheets, find_header
from evalxl.reading.table import Table, data_table
from evalxl.reading.xlsx_file import (
    UnreadableWorkbook,
    head_rows,
    inspect,
    more_meta,
    open_workbook,
    sheet_values,
)
from evalxl.reading.xlsx_meta import SheetMeta

__all__ = ["ReadResult", "UnreadableWorkbook", "cell_text", "normalize_header", "read_workbook"]

EXTRA_COLUMNS_LISTED = 10  # extra columns noted one by one; more are noted together
HIDDEN_ROWS_LISTED = 10  # hidden rows named in the note; more are counted


@dataclass
class ReadResult:
    """Tables of the known sheets that were found, and the findings of reading them."""

    tables: dict[str, Table] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


def read_workbook(path: Path, sheets: Sequence[SheetSpec]) -> ReadResult:
    """Read the sheets described by ``sheets`` from the workbook at ``path``: each found by its name,
    else by its headers (:mod:`evalxl.reading.sheets`).

    Raises :class:`UnreadableWorkbook` when the file is not a readable xlsx workbook, or is over the
    limits of :mod:`evalxl.reading.limits`.
    """
    result = ReadResult()
    wanted = {normalize_header(s.name) for s in sheets}
    titles, meta = inspect(path, wanted)
    workbook = open_workbook(path)
    choice = choose_sheets(titles, sheets, lambda title: head_rows(workbook, title, HEADER_SEARCH_ROWS))
    result.findings.extend(choice.findings)
    if choice.by_headers:
        meta = {**meta, **more_meta(path, choice.by_headers)}
    for sheet_spec in sheets:
        title = choice.titles.get(sheet_spec.name)
        if title is None:
            continue
        sheet_meta = meta.get(title, SheetMeta())
        if sheet_meta.rows > limits.MAX_ROWS:
            result.findings.append(
                finding(
                    "TOO_MANY_ROWS",
                    Place(title, 1, 1),
                    sheet=title,
                    rows=sheet_meta.rows,
                    limit=limits.MAX_ROWS,
                )
            )
            continue
        values = sheet_values(workbook, title)
        table = _read_sheet(title, values, sheet_meta, sheet_spec, result.findings)
        if table is not None:
            result.tables[sheet_spec.name] = table
    return result


def _read_sheet(
    title: str, values: list[list[Any]], meta: SheetMeta, spec: SheetSpec, out: list[Finding]
) -> Table | None:
    header_row, columns = find_header(values, spec)
    if header_row == 0:
        columns_text = "、".join(spec.required_columns)
        out.append(finding("HEADER_NOT_FOUND", Place(title, 1, 1), sheet=title, columns=columns_text))
        return None
    header = values[header_row - 1]
    misnamed = _misnamed(header, spec, columns)
    for name in spec.required_columns:
        if name in misnamed:
            col = misnamed[name]
            text = cell_text(header[col - 1])
            out.append(
                finding(
                    "COLUMN_MISNAMED", Place(title, header_row, col), header=text, sheet=title, column=name
                )
            )
        elif name not in columns:
            out.append(finding("COLUMN_MISSING", Place(title, header_row, 1), sheet=title, column=name))
    optional = _misnamed(header, spec, {**columns, **misnamed}, optional=True)
    for name, col in optional.items():
        place = Place(title, header_row, col)
        text = cell_text(header[col - 1])
        out.append(finding("OPTIONAL_COLUMN_MISNAMED", place, header=text, column=name))
    out.extend(_extra_columns(title, header, header_row, {**columns, **misnamed, **optional}))
    table, found = data_table(title, values, meta, header_row, columns)
    out.extend(found)
    out.extend(_hidden_rows(table, meta))
    # a misnamed optional column leaves the sheet unread too: its rows read without it would score
    # differently (default weights for a 分值 column not read) and give follow-on findings
    absent = frozenset([*(n for n in spec.required_columns if n not in columns), *optional])
    return replace(table, absent=absent) if absent else table


def _misnamed(
    header: list[Any], spec: SheetSpec, columns: dict[str, int], optional: bool = False
) -> dict[str, int]:
    """Each missing required column (or, with ``optional``, each missing optional one) with the
    header cell (its 1-based column) that looks like its name mistyped or marked (``项目明称``,
    ``*项目名称``): the closest header that is no standard column, at least
    ``header_suggestion_cutoff`` similar (difflib's ratio, the text before a bracketed note compared),
    each header taken once."""
    wanted = (
        [c.name for c in spec.columns if c.name not in spec.required_columns]
        if optional
        else spec.required_columns
    )
    missing = [name for name in wanted if name not in columns]
    if not missing:
        return {}
    used = set(columns.values())
    texts = {
        col: normalize_header(value).split("(")[0] or normalize_header(value)
        for col, value in enumerate(header, start=1)
        if col not in used and isinstance(value, str) and value.strip()
    }
    cutoff = contract.standard_input().header_suggestion_cutoff
    found: dict[str, int] = {}
    for name in missing:
        scored = [
            (difflib.SequenceMatcher(None, text, name).ratio(), -col)
            for col, text in texts.items()
            if col not in found.values()
        ]
        ratio, negative_col = max(scored, default=(0.0, 0))
        if ratio >= cutoff:
            found[name] = -negative_col
    return found


def _hidden_rows(table: Table, meta: SheetMeta) -> list[Finding]:
    """One note naming the sheet's data rows hidden in Excel (read and scored as any other)."""
    if not meta.hidden:
        return []
    rows = [row for row in table.row_numbers if row in meta.hidden]
    if not rows:
        return []
    shown = "、".join(str(row) for row in rows[:HIDDEN_ROWS_LISTED])
    shown += " 等" if len(rows) > HIDDEN_ROWS_LISTED else ""
    place = Place(table.sheet, rows[0], 1)
    return [finding("HIDDEN_ROWS", place, sheet=table.sheet, count=len(rows), rows=shown)]


def _extra_columns(
    title: str, header: list[Any], header_row: int, columns: dict[str, int]
) -> Iterable[Finding]:
    used = set(columns.values())
    extra = [
        (Place(title, header_row, col), cell_text(value))
        for col, value in enumerate(header, start=1)
        if col not in used and value not in (None, "") and str(value).strip()
    ]
    for place, text in extra[:EXTRA_COLUMNS_LISTED]:
        yield finding("EXTRA_COLUMN", place, column=text)
    if len(extra) > EXTRA_COLUMNS_LISTED:
        rest = extra[EXTRA_COLUMNS_LISTED:]
        shown = "、".join(text for _place, text in rest[:5])
        yield finding("EXTRA_COLUMNS", rest[0][0], count=len(rest), columns=shown)
