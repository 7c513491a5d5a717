"""Which sheet of the workbook is which standard sheet: by its name, else by its headers (issue 14).

The 填报说明 promises that sheets are found by their header text. A sheet with a standard sheet's
name is that sheet. A standard sheet missing by name is looked for among the other sheets: a sheet
whose header row (within the first :data:`HEADER_SEARCH_ROWS` rows) holds every required header of
exactly one missing standard sheet is taken for it, with a note; never a guess — a sheet fitting two
missing standard sheets, or two sheets fitting one, is an error naming them (docs/input-contract.md,
按表头找到的工作表). The 填报说明 and 来源 sheets are passed over, and the sheets evalxl writes (汇总,
计算过程, 检查结果, …) are never searched: their headers repeat the input's.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from evalxl import contract
from evalxl.contract import SheetSpec
from evalxl.findings import Finding, Place, finding
from evalxl.reading.cells import normalize_header

HEADER_SEARCH_ROWS = 30

Rows = Callable[[str], list[list[Any]]]  # a sheet's title -> its first HEADER_SEARCH_ROWS rows


@dataclass(frozen=True)
class SheetChoice:
    """Each standard sheet found (standard name → the sheet's title), the titles taken by their
    headers, and the findings of choosing (extra, missing, found by headers, ambiguous sheets)."""

    titles: Mapping[str, str]
    by_headers: frozenset[str]
    findings: tuple[Finding, ...]


@functools.cache
def passed_over() -> frozenset[str]:
    """Sheet names (normalized) read as nothing and noted as nothing: the 填报说明 and 来源 sheets."""
    return frozenset(
        {
            normalize_header(contract.standard_input().guide.sheet),
            normalize_header(contract.output_sheets().sources.name),
        }
    )


@functools.cache
def never_searched() -> frozenset[str]:
    """Sheet names (normalized) of the sheets evalxl writes, whose headers repeat the input's."""
    sheets = contract.output_sheets()
    rollup = sheets.rollup
    names = {*sheets.names, rollup.summary_name, rollup.sources_name, rollup.stats_name}
    return frozenset(normalize_header(name) for name in names)


def choose_sheets(titles: Sequence[str], specs: Sequence[SheetSpec], rows: Rows) -> SheetChoice:
    """Which of the workbook's sheets ``titles`` (in workbook order) is each of ``specs``; ``rows``
    loads a sheet's first rows, asked only for a sheet that may stand for a missing one."""
    by_name = {normalize_header(title): title for title in titles}
    found = {s.name: by_name[normalize_header(s.name)] for s in specs if normalize_header(s.name) in by_name}
    missing = [s for s in specs if s.name not in found]
    standard = {normalize_header(s.name) for s in specs}
    others = [t for t in titles if normalize_header(t) not in standard | passed_over()]
    searched = [t for t in others if normalize_header(t) not in never_searched()] if missing else []
    fits = {title: _fits(rows(title), missing) for title in searched}
    candidates: dict[str, list[str]] = {s.name: [] for s in missing}
    for title, fit in fits.items():
        if len(fit) == 1:
            candidates[next(iter(fit))].append(title)
    taken = {names[0]: name for name, names in candidates.items() if len(names) == 1}
    out: list[Finding] = []
    for title in others:
        fit = fits.get(title, {})
        if title in taken:
            standard_name, header_row = taken[title], fit[taken[title]]
            place = Place(title, header_row, 1)
            out.append(finding("SHEET_FOUND_BY_HEADERS", place, sheet=title, standard=standard_name))
        elif len(fit) > 1:
            shown = "、".join(f"“{name}”" for name in fit)
            place = Place(title, min(fit.values()), 1)
            out.append(finding("SHEET_FITS_SEVERAL", place, sheet=title, standards=shown))
        elif not fit:
            out.append(finding("EXTRA_SHEET", Place(title, 1, 1), sheet=title))
    for spec in missing:
        names = candidates[spec.name]
        if len(names) > 1:
            shown = "、".join(f"“{name}”" for name in names)
            out.append(finding("SHEETS_AMBIGUOUS", Place(names[0], 1, 1), sheets=shown, standard=spec.name))
        elif not names and spec.required and not any(spec.name in fit for fit in fits.values()):
            out.append(finding("SHEET_MISSING", Place(spec.name, 1, 1), sheet=spec.name))
    return SheetChoice(
        {**found, **{name: title for title, name in taken.items()}}, frozenset(taken), tuple(out)
    )


def _fits(values: list[list[Any]], specs: Iterable[SheetSpec]) -> dict[str, int]:
    """The standard sheets (name → header row) whose required headers all stand in one row of
    ``values``."""
    fit = {}
    for spec in specs:
        row, columns = find_header(values, spec)
        if row and all(name in columns for name in spec.required_columns):
            fit[spec.name] = row
    return fit


def find_header(values: list[list[Any]], spec: SheetSpec) -> tuple[int, dict[str, int]]:
    """The first row holding every required header, else the row holding most of them (0 when none
    holds any), with the columns found in it (standard name → 1-based column)."""
    best: tuple[int, dict[str, int]] = (0, {})
    best_count = 0
    for row in range(1, min(len(values), HEADER_SEARCH_ROWS) + 1):
        found = match_headers(values[row - 1], spec)
        required = [n for n in spec.required_columns if n in found]
        if len(required) == len(spec.required_columns):
            return row, found
        if required and len(required) > best_count:
            best, best_count = (row, found), len(required)
    return best


def match_headers(values: list[Any], spec: SheetSpec) -> dict[str, int]:
    """The standard columns in a row of header cells: a cell is a column when its text (spaces
    removed, brackets made half-width) is the column's name, or the name and a bracketed note
    (``全年预算数（万元）``, ``项目名称（必填）``)."""
    found: dict[str, int] = {}
    for col, value in enumerate(values, start=1):
        if not isinstance(value, str):
            continue
        text = normalize_header(value)
        for column in spec.columns:
            if column.name not in found and (text == column.name or text.startswith(column.name + "(")):
                found[column.name] = col
    return found
