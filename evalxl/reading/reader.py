"""Reading an xlsx workbook into tables of cells that remember their places.

Sheets and columns are found by header text (see ``input-format.md``); merged cells count as their
top-left value; a formula counts as its cached value, and a formula without one is a finding.
Nothing here knows what the columns mean: that is the importer's job.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evalxl import contract
from evalxl.contract import SheetSpec
from evalxl.findings import Finding, Place, finding
from evalxl.reading import limits
from evalxl.reading.cells import cell_text, normalize_header
from evalxl.reading.table import Table, data_table
from evalxl.reading.xlsx_file import UnreadableWorkbook, inspect, open_workbook, sheet_values
from evalxl.reading.xlsx_meta import SheetMeta

__all__ = ["ReadResult", "UnreadableWorkbook", "cell_text", "normalize_header", "read_workbook"]

HEADER_SEARCH_ROWS = 30
EXTRA_COLUMNS_LISTED = 10  # extra columns noted one by one; more are noted together


@dataclass
class ReadResult:
    """Tables of the known sheets that were found, and the findings of reading them."""

    tables: dict[str, Table] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


def read_workbook(path: Path, sheets: Sequence[SheetSpec]) -> ReadResult:
    """Read the sheets described by ``sheets`` from the workbook at ``path``.

    Raises :class:`UnreadableWorkbook` when the file is not a readable xlsx workbook, or is over the
    limits of :mod:`evalxl.reading.limits`.
    """
    result = ReadResult()
    wanted = {normalize_header(s.name) for s in sheets}
    titles, meta = inspect(path, wanted)
    by_name = {normalize_header(name): name for name in titles}
    passed_over = {"填报说明", normalize_header(contract.output_sheets().sources.name)}
    for key, extra in by_name.items():
        if key not in wanted and key not in passed_over:
            result.findings.append(finding("EXTRA_SHEET", Place(extra, 1, 1), sheet=extra))
    workbook = open_workbook(path)
    for sheet_spec in sheets:
        title = by_name.get(normalize_header(sheet_spec.name))
        if title is None:
            if sheet_spec.required:
                place = Place(sheet_spec.name, 1, 1)
                result.findings.append(finding("SHEET_MISSING", place, sheet=sheet_spec.name))
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
    header_row, columns = _find_header(values, spec)
    if header_row == 0:
        columns_text = "、".join(spec.required_columns)
        out.append(finding("HEADER_NOT_FOUND", Place(title, 1, 1), sheet=title, columns=columns_text))
        return None
    for name in spec.required_columns:
        if name not in columns:
            out.append(finding("COLUMN_MISSING", Place(title, header_row, 1), sheet=title, column=name))
    out.extend(_extra_columns(title, values[header_row - 1], header_row, columns))
    table, found = data_table(title, values, meta, header_row, columns)
    out.extend(found)
    return table


def _find_header(values: list[list[Any]], spec: SheetSpec) -> tuple[int, dict[str, int]]:
    """The first row holding every required header, else the row holding most of them."""
    best: tuple[int, dict[str, int]] = (0, {})
    for row in range(1, min(len(values), HEADER_SEARCH_ROWS) + 1):
        found = _match_headers(values[row - 1], spec)
        required = [n for n in spec.required_columns if n in found]
        if len(required) == len(spec.required_columns):
            return row, found
        if required and len(required) > len([n for n in spec.required_columns if n in best[1]]):
            best = (row, found)
    return best


def _match_headers(values: list[Any], spec: SheetSpec) -> dict[str, int]:
    found: dict[str, int] = {}
    for col, value in enumerate(values, start=1):
        if not isinstance(value, str):
            continue
        text = normalize_header(value)
        for column in spec.columns:
            if column.name not in found and (text == column.name or text.startswith(column.name + "(")):
                found[column.name] = col
    return found


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
