"""Compare two workbooks and say, one line per difference, what was added, removed or changed.

Two evalxl output workbooks (汇总 + 计算过程) or two standard input workbooks (项目 + 资金 + 指标)
are compared **by key**, not by cell address: a project is its 项目名称, an indicator its
(项目名称, 一级指标, 二级指标, 三级指标[, 资金使用单位]), so inserting or reordering rows changes
nothing, and every difference names its cell in both files. Any two xlsx workbooks can be compared
cell by cell instead (``cells=True``). Neither file is ever modified. See ``docs/diff.md``.

The package: :mod:`~evalxl.diff.workbooks` opens the files and tells their kind,
:mod:`~evalxl.diff.keyed_rows` reads them into keyed rows, :mod:`~evalxl.diff.compare` compares
those, :mod:`~evalxl.diff.cells` compares cell by cell, :mod:`~evalxl.diff.report` holds
:class:`Change` and tells the differences.

The vocabulary of :attr:`Change.what` (stable; tests and scripts may rely on it):

- ``project``: a project; key ``(项目名称,)`` (outputs: its 汇总 row; inputs: its 项目 row)
- ``total``: the 汇总 合计 row; key ``("合计",)``
- ``project_total``: a project's total row in 计算过程 (its 得分, the project's 总分); key
  ``(项目名称,)``
- ``indicator``: a 计算过程 or 指标 row; key ``(项目名称, 一级指标, 二级指标, 三级指标)`` in outputs
  (a fund-using unit's part row adds the unit), ``(…, 资金使用单位)`` in inputs
- ``fund``: a 资金 row; key ``(项目名称, 资金使用单位, 资金来源)``
- ``param``: a 参数 row; key ``(参数,)``
- ``finding``: a 检查结果 row; key ``(代码, 位置)``
- ``sheet``: a worksheet (``cells=True``); key ``(工作表,)``
- ``cell``: a cell (``cells=True``); key ``(工作表, "A1")``

A key met again in the same file gets an occurrence counter (``"#2"``, ``"#3"`` …) as a last element.
Rows of a project that was added or removed are not listed again: the project's line says it.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl.workbook.workbook import Workbook

from evalxl.diff.cells import diff_cells
from evalxl.diff.compare import compare_books
from evalxl.diff.keyed_rows import read_input, read_output
from evalxl.diff.report import (
    ADDED,
    CHANGED,
    KIND_NAMES,
    REMOVED,
    WHAT_NAMES,
    Change,
    DiffError,
    as_json,
    summary_line,
)
from evalxl.diff.workbooks import INPUT, OUTPUT, common_kind, kind, opened
from evalxl.forms.detect import has_standard_sheets
from evalxl.reading.xlsx_file import UnreadableWorkbook

__all__ = [
    "ADDED",
    "CHANGED",
    "KIND_NAMES",
    "REMOVED",
    "WHAT_NAMES",
    "Change",
    "DiffError",
    "as_json",
    "diff_workbooks",
    "summary_line",
]


def diff_workbooks(old: Path, new: Path, *, tolerance: float = 0.0, cells: bool = False) -> list[Change]:
    """The differences between the workbooks ``old`` and ``new``, in a fixed order.

    By default both must be evalxl output workbooks or both standard input workbooks, compared by
    key; with ``cells=True`` any two xlsx workbooks are compared cell by cell (cached values of
    formulas). Numbers within ``tolerance`` (absolute) of each other are the same; text is compared
    as displayed, after stripping. Raises :class:`DiffError` when a file cannot be compared.
    """
    if tolerance < 0:
        raise DiffError(f"容差不能为负数：{tolerance}")
    old, new = Path(old), Path(new)
    with opened(old) as old_book, opened(new) as new_book:
        if cells:
            return diff_cells(old_book, new_book, tolerance)
        found = common_kind(old, _kind(old, old_book), new, _kind(new, new_book))
        if found == OUTPUT:
            return compare_books(read_output(old_book, old.name), read_output(new_book, new.name), tolerance)
    return compare_books(read_input(old), read_input(new), tolerance)


def _kind(path: Path, book: Workbook) -> str:
    """The workbook's kind by its sheets' names; else ``input`` when its standard sheets are found
    by their headers, as ``check`` and ``run`` find them (a 项目 sheet renamed ``Sheet1``)."""
    found = kind(book)
    if found:
        return found
    try:
        return INPUT if has_standard_sheets(path) else ""
    except UnreadableWorkbook:
        return ""
