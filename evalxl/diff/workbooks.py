"""Opening the two files: a workbook read-only with cached values, which kind it is (an evalxl
output workbook or a standard input workbook), and a sheet's rows."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import openpyxl
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from evalxl import contract
from evalxl.diff.report import DiffError
from evalxl.reading import UnreadableWorkbook, normalize_header, read_workbook

_SHEETS = contract.output_sheets()  # workbook_templates/output_sheets.toml
SUMMARY_SHEET, TRACE_SHEET = _SHEETS.summary.name, _SHEETS.trace.name

OUTPUT, INPUT = "output", "input"
_KIND_LABELS = {OUTPUT: "输出工作簿（evalxl 写出）", INPUT: "标准输入工作簿"}
_OUTPUT_SHEETS = (SUMMARY_SHEET, TRACE_SHEET)
_INPUT_SHEETS = ("项目", "资金", "指标")


@contextmanager
def opened(path: Path) -> Iterator[Workbook]:
    """The workbook at ``path``, read-only with cached values; :class:`DiffError` when it cannot be read."""
    if not path.is_file():
        raise DiffError(f"找不到文件：{path}")
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a file that is not xlsx
        raise DiffError(_why_unreadable(path)) from exc
    try:
        yield book
    finally:
        book.close()


def _why_unreadable(path: Path) -> str:
    """The reader's own diagnosis of a file openpyxl refused (.xls, encrypted, CSV, ODS, damaged …)."""
    try:
        read_workbook(path, ())
    except UnreadableWorkbook as problem:
        return problem.finding.message
    return f"{path.name} 无法作为 xlsx 工作簿读取"


def sheet_titles(book: Workbook) -> dict[str, str]:
    """Normalized sheet name -> the sheet's title."""
    return {normalize_header(title): title for title in book.sheetnames}


def kind(book: Workbook) -> str:
    """``output`` or ``input`` by the sheets the workbook has ("" when neither)."""
    names = sheet_titles(book)
    if all(name in names for name in _OUTPUT_SHEETS):
        return OUTPUT
    if all(name in names for name in _INPUT_SHEETS):
        return INPUT
    return ""


def common_kind(old: Path, old_kind: str, new: Path, new_kind: str) -> str:
    """The kind both files are; :class:`DiffError` when one is of no kind or they differ."""
    for path, found in ((old, old_kind), (new, new_kind)):
        if not found:
            raise DiffError(
                f"{path.name} 既不是 evalxl 输出工作簿（须有 汇总、计算过程 表）也不是标准输入工作簿"
                "（须有 项目、资金、指标 表）；可改为逐单元格比较（--cells）"
            )
    if old_kind != new_kind:
        raise DiffError(
            f"无法按项目比较：{old.name} 是{_KIND_LABELS[old_kind]}，{new.name} 是{_KIND_LABELS[new_kind]}；"
            "两者须同为输出工作簿或同为输入工作簿（或改为逐单元格比较：--cells）"
        )
    return old_kind


def sheet_rows(book: Workbook, title: str) -> list[tuple[object, ...]]:
    """Every row of a sheet as values (a chart sheet has none); the stored dimension is not trusted."""
    sheet = book[title]
    if not isinstance(sheet, ReadOnlyWorksheet):
        return []
    sheet.reset_dimensions()
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def sheet_cells(book: Workbook, title: str) -> tuple[list[tuple[object, ...]], list[tuple[str, ...]]]:
    """Every row of a sheet as values, and each value's number format (``General`` when none), row
    for row (a chart sheet has none); the stored dimension is not trusted."""
    sheet = book[title]
    if not isinstance(sheet, ReadOnlyWorksheet):
        return [], []
    sheet.reset_dimensions()
    rows: list[tuple[object, ...]] = []
    formats: list[tuple[str, ...]] = []
    for cells in sheet.iter_rows():
        rows.append(tuple(cell.value for cell in cells))
        formats.append(tuple(str(getattr(cell, "number_format", "General")) for cell in cells))
    return rows, formats
