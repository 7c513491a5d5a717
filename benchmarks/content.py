"""The floor's content: the cell values of evalxl's own outputs, read back so the floor writes the same.

``python benchmarks/content.py MAIN.xlsx [--split DIR] -o CONTENT.pickle``

The floor (``floor.py``) measures what writing evalxl's outputs costs with no evalxl logic, and it
must write the **same content** or the comparison flatters evalxl. So before the floor runs (not
timed), this reads with python-calamine what evalxl wrote in the same benchmark run — the 汇总,
计算过程 and 检查结果 values of the output workbook and, with ``--split``, of every split workbook
its form's texts and figures, its 汇总 lines and findings, and ``manifest.csv`` — and pickles them.
The floor then writes these values with its own XlsxWriter calls and recomputes by hand everything
else a writer has to: formats, formulas, merged ranges, column widths, row heights, print setup.
Values that evalxl computes (scores, rates, the 计算方法 texts, the merged units' figures, the
findings) come from here: the floor does not parse, check or score.

The form is read as the layout 目标自评表 places it (the only layout the floor writes); another
layout is refused with a message.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import pickle
import sys
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

Value = str | float | None
Row = tuple[Value, ...]
TRACE_FIGURES = range(7, 12)  # 分值, 完成率, 计算得分, 自评得分, 得分: numbers, or nothing (None)
SUMMARY_NUMBERS = (0, 5, 6, 8)  # 序号, 全年预算数, 全年执行数, 得分
FORM_LABELS = {"header": "项目支出名称", "remark": "说明", "indicators": "绩效指标", "funds": "项目资金"}
FUND_LINES = 5  # 年度资金总额 and the four 资金来源 rows of 目标自评表
_CORE = {
    "title": "{http://purl.org/dc/elements/1.1/}title",
    "subject": "{http://purl.org/dc/elements/1.1/}subject",
    "keywords": "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}keywords",
    "comments": "{http://purl.org/dc/elements/1.1/}description",
    "created": "{http://purl.org/dc/terms/}created",
}


class ContentError(Exception):
    """evalxl's output is not what the floor knows how to write (another layout, a missing sheet)."""


@dataclass(frozen=True)
class SumLine:
    """A 小计 or 合计 line of 汇总: its label and the cached values of its formulas ("" when blank)."""

    label: str
    budget: float
    executed: float
    rate: float | str
    average: float | str  # the 小计's fund-weighted score; the 合计 has none ("")


@dataclass(frozen=True)
class Summary:
    """A 汇总 sheet: title, headers, the project rows (10 values and the 执行率's cached value) and
    sum lines in order, the counts line and the provenance line."""

    title: str
    headers: tuple[str, ...]
    lines: tuple[Row | SumLine, ...]
    counts: str
    provenance: str


@dataclass(frozen=True)
class Properties:
    """The document properties evalxl sets (the author is each workbook's first 主管部门)."""

    title: str
    subject: str
    keywords: str
    comments: str
    created: datetime.datetime


@dataclass(frozen=True)
class Form:
    """What one form (layout 目标自评表) shows: the texts and figures, row by row."""

    sheet: str
    year_line: str
    name: str
    leader_phone: str
    department: str
    unit: str
    caption: str  # 项目资金（万元）
    funds: tuple[tuple[str, Value, Value, Value], ...]  # (label, 全年预算数, 全年执行数, 执行率)
    goal: str
    achieved: str
    indicators: tuple[tuple[Value, ...], ...]  # (一级, 二级, 三级指标, 年度指标值, 全年完成值, 原因)
    remark: str


@dataclass(frozen=True)
class Main:
    """The output workbook without forms: properties, 汇总, 计算过程 rows, 检查结果 rows."""

    properties: Properties
    summary: Summary
    trace: tuple[Row, ...]
    checks: tuple[Row, ...]


@dataclass(frozen=True)
class ProjectFile:
    """One split workbook: its file name, its manifest line (without the SHA-256), its 汇总, its
    form, its 计算过程 rows (``trace``: a slice of the main workbook's) and its 检查结果 rows."""

    file: str
    manifest: tuple[str, ...]
    summary: Summary
    form: Form
    trace: tuple[int, int]
    checks: tuple[Row, ...]


@dataclass(frozen=True)
class Content:
    """Everything the floor writes: the output workbook and (for a split run) one file per project."""

    main: Main
    files: tuple[ProjectFile, ...] = ()
    manifest_header: tuple[str, ...] = ()


# --------------------------------------------------------------------------- reading back


def _sheets(path: Path) -> dict[str, list[list[Any]]]:
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def _number(value: Any) -> Value:
    """A cell that holds a number or nothing ("" read back is None)."""
    return None if value == "" else value


def _typed(row: Sequence[Any], numbers: Sequence[int]) -> Row:
    return tuple(_number(v) if col in numbers else v for col, v in enumerate(row))


def read_summary(rows: list[list[Any]]) -> Summary:
    """汇总 as evalxl wrote it: project rows have a 序号, sum lines a label in column B; the counts
    and provenance lines follow the 合计 after one blank row."""
    lines: list[Row | SumLine] = []
    index = 2
    while True:
        row = rows[index]
        if row[0] != "":
            # the 10 values as evalxl has them (执行率 None: a formula), then the formula's cached value
            lines.append((*_typed(row[:7], SUMMARY_NUMBERS), None, _number(row[8]), row[9], row[7]))
        else:
            lines.append(SumLine(row[1], row[5], row[6], row[7], row[8]))
            if row[1] == "合计":
                break
        index += 1
    return Summary(rows[0][0], tuple(rows[1]), tuple(lines), rows[index + 2][0], rows[index + 3][0])


def read_properties(path: Path) -> Properties:
    """The document properties of an evalxl workbook (docProps/core.xml)."""
    with zipfile.ZipFile(path) as archive:
        root = ET.fromstring(archive.read("docProps/core.xml"))
    found = {key: root.findtext(tag) or "" for key, tag in _CORE.items()}
    created = datetime.datetime.fromisoformat(found.pop("created").replace("Z", "+00:00"))
    return Properties(created=created.replace(tzinfo=None), **found)


def read_main(path: Path) -> Main:
    """The content of evalxl's output workbook (no forms)."""
    sheets = _sheets(path)
    missing = {"汇总", "计算过程", "检查结果"} - set(sheets)
    if missing:
        raise ContentError(f"{path.name} lacks the sheets {sorted(missing)}")
    trace = tuple(_typed(row, TRACE_FIGURES) for row in sheets["计算过程"][1:])
    checks = tuple(tuple(row) for row in sheets["检查结果"][1:])
    return Main(read_properties(path), read_summary(sheets["汇总"]), trace, checks)


def _expect(rows: list[list[Any]], row: int, label: str, where: str) -> None:
    """:class:`ContentError` unless column A of ``row`` starts with ``label``."""
    if row >= len(rows) or not str(rows[row][0]).startswith(label):
        raise ContentError(f"{where}: no “{label}” in A{row + 1}; the floor writes layout 目标自评表 only")


def _filled_levels(rows: list[list[Any]], merged: Sequence[Any], first: int, last: int) -> None:
    """Give every cell of a merged 一级/二级指标 run the run's value (the floor recomputes the runs)."""
    for (top, col), (bottom, end_col) in merged:
        if col == end_col and col in (1, 2) and first <= top <= last:
            for row in range(top + 1, bottom + 1):
                rows[row][col] = rows[top][col]


def read_form(book: CalamineWorkbook, sheet: str, where: str) -> Form:
    """One form of layout 目标自评表, read row by row from its labels."""
    handle = book.get_sheet_by_name(sheet)
    rows = handle.to_python()
    head = 2 if rows[1][0] and rows[1][0] != FORM_LABELS["header"] else 1
    _expect(rows, head, FORM_LABELS["header"], where)
    funds = head + 3
    _expect(rows, funds, FORM_LABELS["funds"], where)
    goals = funds + FUND_LINES + 1
    indicators = goals + 2
    _expect(rows, indicators, FORM_LABELS["indicators"], where)
    remark = next(r for r in range(indicators, len(rows)) if rows[r][0] == FORM_LABELS["remark"])
    _filled_levels(rows, handle.merged_cell_ranges or [], indicators + 1, remark - 1)
    return Form(
        sheet=sheet,
        year_line=rows[1][0] if head == 2 else "",
        name=rows[head][2],
        leader_phone=rows[head][6],
        department=rows[head + 1][2],
        unit=rows[head + 2][2],
        caption=rows[funds][0],
        funds=tuple(
            (r[2], _number(r[3]), _number(r[4]), _number(r[5]))
            for r in rows[funds + 1 : funds + 1 + FUND_LINES]
        ),
        goal=rows[goals + 1][1],
        achieved=rows[goals + 1][4],
        indicators=tuple(tuple(r[1:7]) for r in rows[indicators + 1 : remark]),
        remark=rows[remark][1],
    )


def _trace_slice(main: Main, start: int, rows: list[list[Any]], where: str) -> tuple[int, int]:
    """Where a split file's 计算过程 rows sit in the main workbook's (they are the same rows)."""
    own = tuple(_typed(row, TRACE_FIGURES) for row in rows[1:])
    stop = start + len(own)
    if main.trace[start:stop] != own:
        raise ContentError(
            f"{where}: its 计算过程 rows are not rows {start + 2}–{stop + 1} of the main workbook's"
        )
    return start, stop


def read_split(main: Main, folder: Path) -> tuple[tuple[ProjectFile, ...], tuple[str, ...]]:
    """Every split workbook of ``folder`` in manifest order, and the manifest's header."""
    with (folder / "manifest.csv").open(encoding="utf-8-sig", newline="") as handle:
        header, *lines = list(csv.reader(handle))
    files, start = [], 0
    for line in lines:
        path = folder / line[0]
        book = CalamineWorkbook.from_path(str(path))
        names = book.sheet_names
        if len(names) != 4:
            raise ContentError(f"{path.name}: sheets {names}, expected 汇总, the form, 计算过程, 检查结果")
        trace = _trace_slice(main, start, book.get_sheet_by_name(names[2]).to_python(), path.name)
        start = trace[1]
        files.append(
            ProjectFile(
                file=line[0],
                manifest=tuple(line[:-1]),
                summary=read_summary(book.get_sheet_by_name(names[0]).to_python()),
                form=read_form(book, names[1], path.name),
                trace=trace,
                checks=tuple(tuple(row) for row in book.get_sheet_by_name(names[3]).to_python()[1:]),
            )
        )
    return tuple(files), tuple(header)


def prepare(main_path: Path, split: Path | None) -> Content:
    """The content of an evalxl run: its output workbook and, when given, its split folder."""
    main = read_main(main_path)
    if split is None:
        return Content(main)
    files, header = read_split(main, split)
    return Content(main, files, header)


def save(content: Content, path: Path) -> None:
    """Pickle ``content`` to ``path``."""
    path.write_bytes(pickle.dumps(content, protocol=pickle.HIGHEST_PROTOCOL))


def load(path: Path) -> Content:
    """The content pickled at ``path`` (written by :func:`save` in this benchmark run)."""
    content = pickle.loads(path.read_bytes())
    if not isinstance(content, Content):
        raise ContentError(f"{path} holds no floor content")
    return content


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: read evalxl's outputs, pickle their content."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("main", type=Path, help="evalxl's output workbook (run with --no-forms)")
    parser.add_argument("--split", type=Path, help="evalxl's --split folder of the same run")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the content file to write")
    args = parser.parse_args(argv)
    try:
        content = prepare(args.main, args.split)
    except ContentError as problem:
        print(f"content: {problem}", file=sys.stderr)
        return 1
    save(content, args.output)
    print(f"content: {len(content.main.trace):,} 计算过程 rows, {len(content.files):,} split files")
    return 0


if __name__ == "__main__":
    import content  # pickled classes must be content.Content …, not __main__.Content

    sys.exit(content.main())
