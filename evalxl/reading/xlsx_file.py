"""The xlsx file itself: refusing what is not a readable workbook (with a finding that says why),
then loading a sheet's values with python-calamine.

The file is checked against :mod:`evalxl.reading.limits` before anything is inflated in full.
"""

from __future__ import annotations

import contextlib
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from defusedxml import DefusedXmlException
from python_calamine import CalamineWorkbook

from evalxl import os_errors
from evalxl.findings import Finding, Place, finding
from evalxl.reading import limits
from evalxl.reading.cells import normalize_header
from evalxl.reading.xlsx_meta import SheetMeta, read_meta, sheet_paths

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_MARK = "EncryptionInfo".encode("utf-16-le")


class UnreadableWorkbook(Exception):
    """The file cannot be read as a workbook at all; carries the finding that says why."""

    def __init__(self, problem: Finding) -> None:
        super().__init__(problem.message)
        self.finding = problem


def inspect(path: Path, wanted: Iterable[str]) -> tuple[list[str], dict[str, SheetMeta]]:
    """The workbook's sheet names and what calamine does not tell of the ``wanted`` ones (headers as
    :func:`~evalxl.reading.cells.normalize_header` gives them),
    after the file has been checked against the limits (before anything is inflated in full).

    Raises :class:`UnreadableWorkbook` for a file that is not a readable xlsx workbook or is too large.
    """
    name = path.name
    try:
        with path.open("rb") as handle:
            head = handle.read(1 << 20)
    except OSError as exc:
        raise UnreadableWorkbook(
            finding("FILE_LOCKED", name, name=name, detail=os_errors.reason(exc))
        ) from exc
    _refuse_non_xlsx(path, head)
    keep = set(wanted)
    with _zip_problems(name), zipfile.ZipFile(path) as archive:
        limits.check_declared_sizes(archive, path.stat().st_size)
        titles = list(sheet_paths(archive))
        meta = read_meta(archive, [t for t in titles if normalize_header(t) in keep])
        if "xl/sharedStrings.xml" in archive.namelist():
            limits.check_part(archive, "xl/sharedStrings.xml")
    return titles, meta


def more_meta(path: Path, titles: Iterable[str]) -> dict[str, SheetMeta]:
    """What calamine does not tell of the sheets ``titles`` (found by their headers, after
    :func:`inspect` has checked the file); raises :class:`UnreadableWorkbook` as it does."""
    with _zip_problems(path.name), zipfile.ZipFile(path) as archive:
        return read_meta(archive, list(titles))


@contextlib.contextmanager
def _zip_problems(name: str) -> Iterator[None]:
    """Turn what reading the zip and its XML raises into :class:`UnreadableWorkbook` with its finding."""
    try:
        yield
    except limits.TooLarge as exc:
        raise UnreadableWorkbook(finding("FILE_TOO_LARGE", name, name=name, detail=str(exc))) from exc
    except (DefusedXmlException, ElementTree.ParseError) as exc:
        detail = f"含有不安全或损坏的 XML：{type(exc).__name__}"
        raise UnreadableWorkbook(finding("FILE_NOT_XLSX", name, name=name, detail=detail)) from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError, zlib.error) as exc:
        detail = f"文件已损坏或不是标准 xlsx：{type(exc).__name__}"
        raise UnreadableWorkbook(finding("FILE_NOT_XLSX", name, name=name, detail=detail)) from exc


def open_workbook(path: Path) -> CalamineWorkbook:
    """The workbook as python-calamine opens it (raises :class:`UnreadableWorkbook` when it cannot)."""
    name = path.name
    try:
        return CalamineWorkbook.from_path(str(path))
    except OSError as exc:
        raise UnreadableWorkbook(
            finding("FILE_LOCKED", name, name=name, detail=os_errors.reason(exc))
        ) from exc
    except Exception as exc:  # calamine raises several kinds on a damaged file
        detail = f"文件已损坏或不是标准 xlsx：{type(exc).__name__}"
        raise UnreadableWorkbook(finding("FILE_NOT_XLSX", name, name=name, detail=detail)) from exc


def sheet_values(workbook: CalamineWorkbook, title: str, rows: int | None = None) -> list[list[Any]]:
    """A sheet's values as rows of Python values (0-based; ``""`` for an empty cell), each merged
    range filled with its top-left value; only the first ``rows`` rows when given."""
    try:
        sheet = workbook.get_sheet_by_name(title)
        values: list[list[Any]] = sheet.to_python(skip_empty_area=False, nrows=rows)
    except Exception as exc:  # a damaged sheet part
        detail = f"工作表“{title}”已损坏：{type(exc).__name__}"
        raise UnreadableWorkbook(
            finding("FILE_NOT_XLSX", Place(title, 1, 1), name=title, detail=detail)
        ) from exc
    for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or []:
        top_left = values[r0][c0] if r0 < len(values) and c0 < len(values[r0]) else ""
        for r in range(r0, min(r1, len(values) - 1) + 1):
            row = values[r]
            for c in range(c0, min(c1, len(row) - 1) + 1):
                row[c] = top_left
    return values


def head_rows(workbook: CalamineWorkbook, title: str, rows: int) -> list[list[Any]]:
    """A sheet's first ``rows`` rows as :func:`sheet_values` gives them, or none when the sheet is
    damaged (a sheet only looked at for its headers is then passed over as any other sheet)."""
    try:
        return sheet_values(workbook, title, rows)
    except UnreadableWorkbook:
        return []


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
