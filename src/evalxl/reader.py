"""Reading an xlsx workbook into tables of cells that remember their places.

Sheets and columns are found by header text (see ``input-format.md``); merged cells count as their
top-left value; a formula counts as its cached value, and a formula without one is a finding.
Nothing here knows what the columns mean: that is the importer's job.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from evalxl.findings import Finding, finding
from evalxl.spec import SheetSpec

HEADER_SEARCH_ROWS = 30
_SPACES = re.compile(r"[\s\u3000]+")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_MARK = "EncryptionInfo".encode("utf-16-le")
_CONSTANT_FORMULA = re.compile(r"^=\s*([+-]?\d+(?:\.\d+)?)\s*(%?)\s*$")


class UnreadableWorkbook(Exception):
    """The file cannot be read as a workbook at all; carries the finding that says why."""

    def __init__(self, problem: Finding) -> None:
        super().__init__(problem.message)
        self.finding = problem


@dataclass(frozen=True)
class Cell:
    """A cell's value as Excel stores it: the cached value, its percent format, its formula text."""

    value: Any = None
    percent: bool = False
    formula: str = ""

    @property
    def blank(self) -> bool:
        """True when the cell holds nothing (or only spaces)."""
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())

    def text(self) -> str:
        """The value as the user would read it: numbers without a trailing .0, percents with %."""
        return cell_text(self.value, self.percent)


def cell_text(value: Any, percent: bool = False) -> str:
    """Text of a cell value as displayed: ``6.0`` → ``6``, ``0.98`` with a % format → ``98%``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        number = float(value) * (100 if percent else 1)
        shown = f"{round(number, 10):.10g}" if abs(number) < 1e15 else repr(number)
        return shown + ("%" if percent else "")
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def normalize_header(text: str) -> str:
    """Header text as matched: spaces removed, full-width brackets made half-width."""
    return _SPACES.sub("", text).replace("（", "(").replace("）", ")")


@dataclass(frozen=True)
class Table:
    """One sheet's rows under its header, keyed by the standard column names."""

    sheet: str
    header_row: int
    columns: dict[str, int]  # standard name -> 1-based column index
    rows: tuple[tuple[int, dict[str, Cell]], ...]  # (row number, standard name -> cell); blank rows skipped

    def place(self, column: str, row: int) -> str:
        """``Sheet!A1`` of a column in a row (the header's first cell when the column is absent)."""
        index = self.columns.get(column, 1)
        return f"{self.sheet}!{get_column_letter(index)}{row}"


@dataclass
class ReadResult:
    """Tables of the known sheets that were found, and the findings of reading them."""

    tables: dict[str, Table] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


def read_workbook(path: Path, sheets: Sequence[SheetSpec]) -> ReadResult:
    """Read the sheets described by ``sheets`` from the workbook at ``path``.

    Raises :class:`UnreadableWorkbook` when the file is not a readable xlsx workbook.
    """
    values, formulas = _open(path)
    result = ReadResult()
    by_name = {normalize_header(ws.title): ws for ws in values.worksheets}
    wanted = {normalize_header(s.name) for s in sheets}
    for name, ws in by_name.items():
        if name not in wanted and name != "填报说明":
            result.findings.append(finding("EXTRA_SHEET", f"{ws.title}!A1", sheet=ws.title))
    for sheet_spec in sheets:
        found = by_name.get(normalize_header(sheet_spec.name))
        if found is None:
            if sheet_spec.required:
                result.findings.append(
                    finding("SHEET_MISSING", f"{sheet_spec.name}!A1", sheet=sheet_spec.name)
                )
            continue
        table = _read_sheet(found, formulas[found.title], sheet_spec, result.findings)
        if table is not None:
            result.tables[sheet_spec.name] = table
    return result


def _open(path: Path) -> tuple[Workbook, Workbook]:
    name = path.name
    try:
        with path.open("rb") as handle:
            head = handle.read(1 << 20)
    except OSError as exc:
        raise UnreadableWorkbook(finding("FILE_LOCKED", name, name=name, detail=exc.strerror or exc)) from exc
    _refuse_non_xlsx(path, head)
    try:
        values = openpyxl.load_workbook(path, data_only=True)
        formulas = openpyxl.load_workbook(path, data_only=False)
    except OSError as exc:
        raise UnreadableWorkbook(finding("FILE_LOCKED", name, name=name, detail=exc.strerror or exc)) from exc
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        detail = f"文件已损坏或不是标准 xlsx：{type(exc).__name__}"
        raise UnreadableWorkbook(finding("FILE_NOT_XLSX", name, name=name, detail=detail)) from exc
    return values, formulas


def _refuse_non_xlsx(path: Path, head: bytes) -> None:
    name = path.name
    if head.startswith(_OLE_MAGIC):
        if _ENCRYPTION_MARK in head or _ENCRYPTION_MARK in path.read_bytes():
            raise UnreadableWorkbook(finding("FILE_ENCRYPTED", name, name=name))
        detail = "是旧版 Excel 97-2003 (.xls) 文件"
        raise UnreadableWorkbook(finding("FILE_NOT_XLSX", name, name=name, detail=detail))
    if not head:
        raise UnreadableWorkbook(finding("FILE_NOT_XLSX", name, name=name, detail="文件为空"))
    if not zipfile.is_zipfile(path):
        detail = "是 CSV 文本文件" if path.suffix.lower() == ".csv" else "不是 xlsx（zip）格式"
        raise UnreadableWorkbook(finding("FILE_NOT_XLSX", name, name=name, detail=detail))
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
    if "xl/workbook.xml" not in names:
        detail = "是 ODS 等其他格式" if "content.xml" in names else "缺少 xl/workbook.xml"
        raise UnreadableWorkbook(finding("FILE_NOT_XLSX", name, name=name, detail=detail))


def _grid(values: Worksheet, formulas: Worksheet) -> dict[tuple[int, int], Cell]:
    """Every non-empty cell, with merged ranges filled from their top-left cell."""
    grid: dict[tuple[int, int], Cell] = {}
    rows = zip(values.iter_rows(min_row=1, min_col=1), formulas.iter_rows(min_row=1, min_col=1), strict=False)
    for r, (value_row, formula_row) in enumerate(rows, start=1):
        for col, (v, f) in enumerate(zip(value_row, formula_row, strict=False), start=1):
            if v.value is None and f.value is None:
                continue
            formula = _formula_text(f.value)
            grid[(r, col)] = constant_formula(formula) or Cell(v.value, "%" in str(v.number_format), formula)
    for merged in values.merged_cells.ranges:
        top_left = grid.get((merged.min_row, merged.min_col))
        if top_left is None:
            continue
        for r in range(merged.min_row, merged.max_row + 1):
            for col in range(merged.min_col, merged.max_col + 1):
                grid[(r, col)] = top_left
    return grid


def constant_formula(formula: str) -> Cell | None:
    """A formula that is only a number (``=100%``, typed by a person) has that value, cached or not."""
    match = _CONSTANT_FORMULA.match(formula)
    if not match:
        return None
    number = float(match.group(1))
    return Cell(number / 100 if match.group(2) else number, bool(match.group(2)), formula)


def _formula_text(raw: Any) -> str:
    """The formula a cell holds ("" for a plain value); array formulas keep their text."""
    if hasattr(raw, "text"):
        return str(raw.text)
    return raw if isinstance(raw, str) and raw.startswith("=") else ""


def _read_sheet(values: Worksheet, formulas: Worksheet, spec: SheetSpec, out: list[Finding]) -> Table | None:
    grid = _grid(values, formulas)
    header_row, columns = _find_header(grid, spec)
    if header_row == 0:
        out.append(
            finding(
                "HEADER_NOT_FOUND",
                f"{values.title}!A1",
                sheet=values.title,
                columns="、".join(spec.required_columns),
            )
        )
        return None
    for name in spec.required_columns:
        if name not in columns:
            out.append(
                finding("COLUMN_MISSING", f"{values.title}!A{header_row}", sheet=values.title, column=name)
            )
    out.extend(_extra_columns(grid, header_row, columns, values.title))
    table = Table(
        values.title, header_row, columns, tuple(_rows(grid, header_row, columns, values.title, out))
    )
    return table


def _find_header(grid: dict[tuple[int, int], Cell], spec: SheetSpec) -> tuple[int, dict[str, int]]:
    """The first row holding every required header, else the row holding most of them."""
    best: tuple[int, dict[str, int]] = (0, {})
    last = max((r for r, _c in grid), default=0)
    for row in range(1, min(last, HEADER_SEARCH_ROWS) + 1):
        found = _match_headers(grid, row, spec)
        required = [n for n in spec.required_columns if n in found]
        if len(required) == len(spec.required_columns):
            return row, found
        if required and len(required) > len([n for n in spec.required_columns if n in best[1]]):
            best = (row, found)
    return best


def _match_headers(grid: dict[tuple[int, int], Cell], row: int, spec: SheetSpec) -> dict[str, int]:
    found: dict[str, int] = {}
    cells = sorted((c, cell) for (r, c), cell in grid.items() if r == row and isinstance(cell.value, str))
    for col, cell in cells:
        text = normalize_header(cell.value)
        for column in spec.columns:
            if column.name not in found and (text == column.name or text.startswith(column.name + "(")):
                found[column.name] = col
    return found


def _extra_columns(
    grid: dict[tuple[int, int], Cell], header_row: int, columns: dict[str, int], sheet: str
) -> Iterable[Finding]:
    used = set(columns.values())
    for (r, c), cell in sorted(grid.items()):
        if r == header_row and c not in used and not cell.blank:
            yield finding("EXTRA_COLUMN", f"{sheet}!{get_column_letter(c)}{r}", column=cell.text())


def _rows(
    grid: dict[tuple[int, int], Cell],
    header_row: int,
    columns: dict[str, int],
    sheet: str,
    out: list[Finding],
) -> Iterable[tuple[int, dict[str, Cell]]]:
    last = max((r for r, _c in grid), default=0)
    for row in range(header_row + 1, last + 1):
        cells = {name: grid.get((row, col), Cell()) for name, col in columns.items()}
        for name, cell in cells.items():
            if cell.formula and cell.value is None:
                place = f"{sheet}!{get_column_letter(columns[name])}{row}"
                out.append(finding("FORMULA_NOT_CALCULATED", place, formula=cell.formula))
        if any(not c.blank or c.formula for c in cells.values()):
            yield row, cells
