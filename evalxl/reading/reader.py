"""Reading an xlsx workbook into tables of cells that remember their places.

Sheets and columns are found by header text (see ``input-format.md``); merged cells count as their
top-left value; a formula counts as its cached value, and a formula without one is a finding.
Nothing here knows what the columns mean: that is the importer's job.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from defusedxml import DefusedXmlException
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

from evalxl.findings import Finding, finding
from evalxl.reading import limits
from evalxl.reading.xlsx_meta import SheetMeta, read_meta, sheet_paths
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


@dataclass(frozen=True, slots=True)
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


BLANK = Cell()


def cell_text(value: Any, percent: bool = False) -> str:
    """Text of a cell value as displayed: ``6.0`` → ``6``, ``0.98`` with a % format → ``98%``."""
    if type(value) is str:
        return value.strip()
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


@dataclass
class _Sheet:
    """A sheet as read: its values as rows of Python values (0-based), and what calamine leaves out."""

    title: str
    values: list[list[Any]]
    meta: SheetMeta

    def cell(self, row: int, col: int) -> Cell:
        """The cell at 1-based (row, col)."""
        values = self.values[row - 1] if row - 1 < len(self.values) else ()
        value = values[col - 1] if col - 1 < len(values) else None
        if not self.meta.formulas and not self.meta.percent:  # the usual case: values only
            return BLANK if value is None or value == "" else Cell(value)
        formula = self.meta.formulas.get((row, col), "")
        if formula:
            constant = constant_formula(formula)
            if constant is not None:
                return constant
        return Cell(None if value == "" else value, (row, col) in self.meta.percent, formula)


def read_workbook(path: Path, sheets: Sequence[SheetSpec]) -> ReadResult:
    """Read the sheets described by ``sheets`` from the workbook at ``path``.

    Raises :class:`UnreadableWorkbook` when the file is not a readable xlsx workbook, or is over the
    limits of :mod:`evalxl.reading.limits`.
    """
    result = ReadResult()
    titles, meta = _inspect(path, sheets)
    by_name = {normalize_header(name): name for name in titles}
    wanted = {normalize_header(s.name) for s in sheets}
    for key, extra in by_name.items():
        if key not in wanted and key != "填报说明":
            result.findings.append(finding("EXTRA_SHEET", f"{extra}!A1", sheet=extra))
    workbook = _open(path)
    for sheet_spec in sheets:
        title = by_name.get(normalize_header(sheet_spec.name))
        if title is None:
            if sheet_spec.required:
                result.findings.append(
                    finding("SHEET_MISSING", f"{sheet_spec.name}!A1", sheet=sheet_spec.name)
                )
            continue
        sheet_meta = meta.get(title, SheetMeta())
        if sheet_meta.rows > limits.MAX_ROWS:
            result.findings.append(
                finding(
                    "TOO_MANY_ROWS", f"{title}!A1", sheet=title, rows=sheet_meta.rows, limit=limits.MAX_ROWS
                )
            )
            continue
        table = _read_sheet(_load_sheet(workbook, title, sheet_meta), sheet_spec, result.findings)
        if table is not None:
            result.tables[sheet_spec.name] = table
    return result


def _inspect(path: Path, sheets: Sequence[SheetSpec]) -> tuple[list[str], dict[str, SheetMeta]]:
    """The workbook's sheet names and what calamine does not tell of the wanted ones, after the file
    has been checked against the limits (before anything is inflated in full)."""
    name = path.name
    try:
        with path.open("rb") as handle:
            head = handle.read(1 << 20)
    except OSError as exc:
        raise UnreadableWorkbook(finding("FILE_LOCKED", name, name=name, detail=exc.strerror or exc)) from exc
    _refuse_non_xlsx(path, head)
    try:
        with zipfile.ZipFile(path) as archive:
            limits.check_declared_sizes(archive, path.stat().st_size)
            titles = list(sheet_paths(archive))
            wanted = {normalize_header(s.name) for s in sheets}
            meta = read_meta(archive, [t for t in titles if normalize_header(t) in wanted])
            if "xl/sharedStrings.xml" in archive.namelist():
                limits.check_part(archive, "xl/sharedStrings.xml")
    except limits.TooLarge as exc:
        raise UnreadableWorkbook(finding("FILE_TOO_LARGE", name, name=name, detail=str(exc))) from exc
    except (DefusedXmlException, ElementTree.ParseError) as exc:
        detail = f"含有不安全或损坏的 XML：{type(exc).__name__}"
        raise UnreadableWorkbook(finding("FILE_NOT_XLSX", name, name=name, detail=detail)) from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError, zlib.error) as exc:
        detail = f"文件已损坏或不是标准 xlsx：{type(exc).__name__}"
        raise UnreadableWorkbook(finding("FILE_NOT_XLSX", name, name=name, detail=detail)) from exc
    return titles, meta


def _open(path: Path) -> CalamineWorkbook:
    name = path.name
    try:
        return CalamineWorkbook.from_path(str(path))
    except OSError as exc:
        raise UnreadableWorkbook(finding("FILE_LOCKED", name, name=name, detail=exc.strerror or exc)) from exc
    except Exception as exc:  # calamine raises several kinds on a damaged file
        detail = f"文件已损坏或不是标准 xlsx：{type(exc).__name__}"
        raise UnreadableWorkbook(finding("FILE_NOT_XLSX", name, name=name, detail=detail)) from exc


def _load_sheet(workbook: CalamineWorkbook, title: str, meta: SheetMeta) -> _Sheet:
    try:
        sheet = workbook.get_sheet_by_name(title)
        values = sheet.to_python(skip_empty_area=False)
    except Exception as exc:  # a damaged sheet part
        detail = f"工作表“{title}”已损坏：{type(exc).__name__}"
        raise UnreadableWorkbook(finding("FILE_NOT_XLSX", f"{title}!A1", name=title, detail=detail)) from exc
    for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or []:
        top_left = values[r0][c0] if r0 < len(values) and c0 < len(values[r0]) else ""
        for r in range(r0, min(r1, len(values) - 1) + 1):
            row = values[r]
            for c in range(c0, min(c1, len(row) - 1) + 1):
                row[c] = top_left
    return _Sheet(title, values, meta)


def _refuse_non_xlsx(path: Path, head: bytes) -> None:
    name = path.name
    if head.startswith(_OLE_MAGIC):
        if _ENCRYPTION_MARK in head or _ENCRYPTION_MARK in _head_and_tail(path):
            raise UnreadableWorkbook(finding("FILE_ENCRYPTED", name, name=name))
        detail = (
            "是 WPS 表格 (.et) 文件" if path.suffix.lower() == ".et" else "是旧版 Excel 97-2003 (.xls) 文件"
        )
        raise UnreadableWorkbook(finding("FILE_NOT_XLSX", name, name=name, detail=detail))
    if not head:
        raise UnreadableWorkbook(finding("FILE_NOT_XLSX", name, name=name, detail="文件为空"))
    if not zipfile.is_zipfile(path):
        detail = "是 CSV 文本文件" if path.suffix.lower() == ".csv" else "不是 xlsx（zip）格式"
        raise UnreadableWorkbook(finding("FILE_NOT_XLSX", name, name=name, detail=detail))
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
    if "xl/workbook.xml" not in names:
        if "content.xml" in names:
            detail = "是 OpenDocument 表格 (.ods)"
        elif "xl/workbook.bin" in names:
            detail = "是 Excel 二进制工作簿 (.xlsb)"
        else:
            detail = "缺少 xl/workbook.xml"
        raise UnreadableWorkbook(finding("FILE_NOT_XLSX", name, name=name, detail=detail))


def _head_and_tail(path: Path) -> bytes:
    """The first and last MiB of a file (an OLE file's EncryptionInfo stream sits in one of them)."""
    with path.open("rb") as handle:
        head = handle.read(1 << 20)
        handle.seek(max(0, path.stat().st_size - (1 << 20)))
        return head + handle.read()


def constant_formula(formula: str) -> Cell | None:
    """A formula that is only a number (``=100%``, typed by a person) has that value, cached or not."""
    match = _CONSTANT_FORMULA.match(formula)
    if not match:
        return None
    number = float(match.group(1))
    return Cell(number / 100 if match.group(2) else number, bool(match.group(2)), formula)


def _read_sheet(sheet: _Sheet, spec: SheetSpec, out: list[Finding]) -> Table | None:
    header_row, columns = _find_header(sheet, spec)
    if header_row == 0:
        out.append(
            finding(
                "HEADER_NOT_FOUND",
                f"{sheet.title}!A1",
                sheet=sheet.title,
                columns="、".join(spec.required_columns),
            )
        )
        return None
    for name in spec.required_columns:
        if name not in columns:
            out.append(
                finding("COLUMN_MISSING", f"{sheet.title}!A{header_row}", sheet=sheet.title, column=name)
            )
    out.extend(_extra_columns(sheet, header_row, columns))
    return Table(sheet.title, header_row, columns, tuple(_rows(sheet, header_row, columns, out)))


def _find_header(sheet: _Sheet, spec: SheetSpec) -> tuple[int, dict[str, int]]:
    """The first row holding every required header, else the row holding most of them."""
    best: tuple[int, dict[str, int]] = (0, {})
    for row in range(1, min(len(sheet.values), HEADER_SEARCH_ROWS) + 1):
        found = _match_headers(sheet.values[row - 1], spec)
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


EXTRA_COLUMNS_LISTED = 10  # extra columns noted one by one; more are noted together


def _extra_columns(sheet: _Sheet, header_row: int, columns: dict[str, int]) -> Iterable[Finding]:
    used = set(columns.values())
    extra = [
        (col, cell_text(value))
        for col, value in enumerate(sheet.values[header_row - 1], start=1)
        if col not in used and value not in (None, "") and str(value).strip()
    ]
    places = [(f"{sheet.title}!{get_column_letter(col)}{header_row}", text) for col, text in extra]
    for place, text in places[:EXTRA_COLUMNS_LISTED]:
        yield finding("EXTRA_COLUMN", place, column=text)
    if len(places) > EXTRA_COLUMNS_LISTED:
        rest = places[EXTRA_COLUMNS_LISTED:]
        shown = "、".join(text for _place, text in rest[:5])
        yield finding("EXTRA_COLUMNS", rest[0][0], count=len(rest), columns=shown)


def _rows(
    sheet: _Sheet, header_row: int, columns: dict[str, int], out: list[Finding]
) -> Iterable[tuple[int, dict[str, Cell]]]:
    wanted = [(name, col - 1) for name, col in columns.items()]
    plain = not sheet.meta.formulas and not sheet.meta.percent
    last = max(len(sheet.values), max((r for r, _c in sheet.meta.formulas), default=0))
    for row in range(header_row + 1, last + 1):
        values = sheet.values[row - 1] if row - 1 < len(sheet.values) else []
        if plain:
            cells = _plain_cells(values, wanted)
            if cells is _TOO_LONG:
                cells = {name: _checked(sheet, row, col + 1, out) for name, col in wanted}
            if cells is not None:
                yield row, cells
            continue
        cells = {name: _checked(sheet, row, col + 1, out) for name, col in wanted}
        if any(not c.blank or c.formula for c in cells.values()):
            yield row, cells


_TOO_LONG: dict[str, Cell] = {}  # _plain_cells' answer for a row holding a text over the limit


def _plain_cells(values: list[Any], wanted: list[tuple[str, int]]) -> dict[str, Cell] | None:
    """The cells of a row of a sheet with no formula and no percent format (the usual, fast case);
    None for a row with nothing but blanks, ``_TOO_LONG`` for one with a text too long to take as is."""
    cells: dict[str, Cell] = {}
    filled = False
    count = len(values)
    for name, col in wanted:
        value = values[col] if col < count else None
        if type(value) is str:
            if len(value) > limits.MAX_CELL_CHARS:
                return _TOO_LONG
            if not value.strip():
                value = None
        if value is None:
            cells[name] = BLANK
        else:
            cells[name] = Cell(value)
            filled = True
    return cells if filled else None


def _checked(sheet: _Sheet, row: int, col: int, out: list[Finding]) -> Cell:
    """The cell, with a finding for a formula never calculated or a text longer than Excel allows."""
    cell = sheet.cell(row, col)
    if cell.formula and cell.value is None:
        out.append(
            finding(
                "FORMULA_NOT_CALCULATED", f"{sheet.title}!{get_column_letter(col)}{row}", formula=cell.formula
            )
        )
    if type(cell.value) is str and len(cell.value) > limits.MAX_CELL_CHARS:
        out.append(
            finding(
                "CELL_TOO_LONG",
                f"{sheet.title}!{get_column_letter(col)}{row}",
                length=len(cell.value),
                limit=limits.MAX_CELL_CHARS,
            )
        )
        return Cell(cell.value[: limits.MAX_CELL_CHARS], cell.percent, cell.formula)
    return cell
