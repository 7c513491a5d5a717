"""What an evalxl output workbook (or a ``--split`` file) prints: its 汇总 sheet (the title's 年度,
the money unit of its headers, the project rows, the 小计 and 合计 rows, the counts line and the
provenance line) and its 检查结果 rows, read as they are, cached values of formulas included.

Nothing here judges the figures (:mod:`evalxl.collect.edited` does); a sheet that is not an evalxl
汇总 gives ``None``. The sheet names and headers come from ``workbook_templates/output_sheets.toml``;
the labels of the sum rows and of the provenance line are those the exporter writes
(:mod:`evalxl.scoring.book`, :func:`evalxl.exporting.service_sheets.provenance`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from evalxl import contract
from evalxl.contract.form_schema import label_key
from evalxl.exporting.service_sheets import UNIT_PART_MARK
from evalxl.findings import ERROR, NOTE, WARNING, Finding, Place
from evalxl.reading import normalize_header

SUBTOTAL_LABEL = "小计"  # 小计（主管部门）, as evalxl.scoring.book labels a department's sums
TOTAL_LABEL = "合计"
PROVENANCE_START = "evalxl "
_UNITS = ("万元", "元")
_YEAR = re.compile(r"^\s*(\d{4})\s*年度")
_PLACE = re.compile(r"^(.+)!([A-Z]{1,3})([1-9][0-9]*)$")
_COUNT = re.compile(r"([^\s：:]+)[：:]\s*(\d+)")
# the 汇总 columns, by their header without the unit (workbook_templates/output_sheets.toml)
COL_NUMBER, COL_NAME, COL_CODE, COL_DEPARTMENT, COL_UNIT = 0, 1, 2, 3, 4
COL_BUDGET, COL_EXECUTED, COL_RATE, COL_SCORE, COL_GRADE = 5, 6, 7, 8, 9


@dataclass(frozen=True)
class Provenance:
    """The provenance line: ``evalxl 0.1.0；评分规则：…；表样：…；数据来源：…；SHA-256：…``."""

    version: str
    rules: str
    layout: str
    source: str
    sha256: str


@dataclass(frozen=True)
class Line:
    """A project row, a 小计 or the 合计 of 汇总 as printed: ``row`` is 1-based, the figures are the
    cells' values (cached values of formulas; ``""`` for an empty cell, text as written)."""

    row: int
    number: Any
    name: str
    code: str
    department: str
    unit: str
    budget: Any
    executed: Any
    rate: Any
    score: Any
    grade: str


@dataclass(frozen=True)
class Summary:
    """The 汇总 sheet of an evalxl output, as printed."""

    sheet: str  # its title in the workbook
    year: str  # "" when the title names none
    money_unit: str  # 万元 or 元, from the header 全年预算数（…）
    projects: tuple[Line, ...]
    subtotals: tuple[tuple[Line, tuple[int, ...]], ...]  # each 小计 and the positions it sums
    total: Line | None
    counts: dict[str, int]  # 项目数, 错误, 警告, 提示 of the counts line
    counts_row: int  # 1-based; 0 when there is no counts line
    provenance: Provenance | None
    provenance_row: int  # 1-based; 0 when the line is missing from the sheet


def _text(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def header_unit(header_row: list[Any]) -> str | None:
    """The money unit when ``header_row`` is 汇总's header (with either unit), else None."""
    expected = contract.output_sheets().summary.headers
    cells = [normalize_header(_text(v)) for v in header_row[: len(expected)]]
    for unit in _UNITS:
        if cells == [normalize_header(h.format(unit=unit)) for h in expected]:
            return unit
    return None


def parse_provenance(text: str) -> Provenance | None:
    """The provenance line's parts; None for a text that is not one."""
    if not text.startswith(PROVENANCE_START):
        return None
    head, *parts = text.split("；")
    fields = dict(part.split("：", 1) for part in parts if "：" in part)
    if "评分规则" not in fields or "表样" not in fields:
        return None
    version = head.removeprefix(PROVENANCE_START).strip()
    return Provenance(
        version, fields["评分规则"], fields["表样"], fields.get("数据来源", ""), fields.get("SHA-256", "")
    )


def read_summary(title: str, values: list[list[Any]]) -> Summary | None:
    """汇总 as printed, from the sheet's ``values`` (rows of cells, 0-based); None when the sheet
    has no 汇总 header row in its first rows."""
    header = next((i for i, row in enumerate(values[:10]) if header_unit(row)), None)
    if header is None:
        return None
    unit = header_unit(values[header]) or "万元"
    title_text = next((_text(v) for row in values[:header] for v in row if _text(v)), "")
    year = match.group(1) if (match := _YEAR.match(title_text)) else ""
    projects: list[Line] = []
    subtotals: list[tuple[Line, tuple[int, ...]]] = []
    total, first_of_group, index = None, 0, header + 1
    for index in range(header + 1, len(values)):
        if _below_table(values[index]):
            index -= 1
            break
        line = _line(index + 1, values[index])
        if line.name == TOTAL_LABEL:
            total = line
            break
        if line.name.startswith(SUBTOTAL_LABEL) and line.number == "":
            subtotals.append((line, tuple(range(first_of_group, len(projects)))))
            first_of_group = len(projects)
        elif line.name or line.code or _text(line.number):
            projects.append(line)
    counts: dict[str, int] = {}
    counts_row = provenance_row = 0
    provenance = None
    for below in range(index + 1, len(values)):
        text = _text(values[below][0]) if values[below] else ""
        if provenance is None and (provenance := parse_provenance(text)) is not None:
            provenance_row = below + 1
        elif not counts and text.startswith("项目数"):
            counts, counts_row = {k: int(n) for k, n in _COUNT.findall(text)}, below + 1
    return Summary(
        title,
        year,
        unit,
        tuple(projects),
        tuple(subtotals),
        total,
        counts,
        counts_row,
        provenance,
        provenance_row,
    )


def _below_table(cells: list[Any]) -> bool:
    """Whether a row is one of the lines under the table (the counts, the provenance)."""
    text = _text(cells[0]) if cells else ""
    return text.startswith(PROVENANCE_START) or text.startswith("项目数")


def _line(row: int, cells: list[Any]) -> Line:
    padded = [*cells, *[""] * (COL_GRADE + 1 - len(cells))]
    name, code, department, unit, grade = (
        _text(padded[c]) for c in (COL_NAME, COL_CODE, COL_DEPARTMENT, COL_UNIT, COL_GRADE)
    )
    budget, executed, rate, score = (padded[c] for c in (COL_BUDGET, COL_EXECUTED, COL_RATE, COL_SCORE))
    return Line(row, padded[COL_NUMBER], name, code, department, unit, budget, executed, rate, score, grade)


# --------------------------------------------------------------------------- 检查结果


def read_checks(title: str, values: list[list[Any]], file: str) -> tuple[list[Finding], list[Place]]:
    """The 检查结果 rows as findings of ``file`` (level and code as printed; a cell as
    ``[file]Sheet!A1``), and the 检查结果 cells of rows whose level is none of 错误/警告/提示."""
    headers = contract.output_sheets().checks.headers
    found: list[Finding] = []
    odd: list[Place] = []
    if not values or [normalize_header(_text(v)) for v in values[0][: len(headers)]] != list(headers):
        return found, odd
    for index, row in enumerate(values[1:], start=2):
        level, code, place, message = ([_text(v) for v in row] + [""] * 4)[:4]
        if not code and not place:
            continue  # 未发现问题, or an empty row
        if level not in (ERROR, WARNING, NOTE):
            odd.append(Place(title, index, 1))
            continue
        found.append(_moved(level, code, place, message, file))
    return found, odd


def _moved(level: str, code: str, place: str, message: str, file: str) -> Finding:
    """A printed finding placed in ``file``: ``指标!J2`` → ``[file]指标!J2``, a name → ``[file]name``."""
    if match := _PLACE.match(place):
        sheet, letters, row = match.groups()
        column = 0
        for letter in letters:
            column = column * 26 + ord(letter) - ord("A") + 1
        return Finding(level, code, f"[{file}]{sheet}", int(row), column, message)
    return Finding(level, code, f"[{file}]{place}" if place else file, 0, 0, message)


# --------------------------------------------------------------------------- 计算过程


@dataclass(frozen=True)
class Trail:
    """What 计算过程 records of one project: the 分值 of its indicators, whether any has a 自评得分
    (neither is carried by every layout's form), and its total 得分 as evalxl computed it."""

    weights: tuple[float, ...]
    self_scored: bool
    total: Any
    row: int  # 1-based row of its 合计 line (0 when there is none)
    merged: bool = False  # some indicator merges several units' rows: the form prints their merge rounded


def read_trail(values: list[list[Any]]) -> dict[str, Trail]:
    """Each project's :class:`Trail`, by 项目名称, from 计算过程's rows (``{}`` for another sheet)."""
    headers = contract.output_sheets().trace.headers
    if not values or [normalize_header(_text(v)) for v in values[0][: len(headers)]] != list(headers):
        return {}
    column = {name: i for i, name in enumerate(headers)}
    weights: dict[str, list[float]] = {}
    self_scored: dict[str, bool] = {}
    totals: dict[str, tuple[Any, int]] = {}
    merged: set[str] = set()
    for index, row in enumerate(values[1:], start=2):
        cells = [*row, *[""] * (len(headers) - len(row))]
        name, level1, level3 = (_text(cells[column[c]]) for c in ("项目名称", "一级指标", "三级指标"))
        if not name or not level3:
            continue
        if level3 == TOTAL_LABEL and not level1:
            totals[name] = (cells[column["得分"]], index)
        elif level3.startswith(UNIT_PART_MARK):  # a unit's own row of a merged indicator
            merged.add(name)
        elif level1:  # an indicator (the budget row and the units' part rows name no 一级指标)
            weight = cells[column["分值"]]
            weights.setdefault(name, []).append(float(weight) if isinstance(weight, int | float) else 0.0)
            self_scored[name] = self_scored.get(name, False) or _text(cells[column["自评得分"]]) != ""
    return {
        name: Trail(tuple(weights.get(name, ())), self_scored.get(name, False), total, row, name in merged)
        for name, (total, row) in totals.items()
    }


# --------------------------------------------------------------------------- the forms' 说明


LABEL_COLUMNS = 3  # evalxl's own forms put their row labels in the first columns


def form_remarks(sheets: Iterable[list[list[Any]]]) -> dict[str, str]:
    """Each form's 说明 by its 项目名称, read from the sheets' values by their labels (for a sealed
    output, whose forms need not be read in full: evalxl's layouts put the labels in the first
    LABEL_COLUMNS columns): the value right of a name label (项目名称 …) and right of the remark
    label (说明) below it; a form without a 说明 row gives none."""
    labels = contract.form_labels()
    names, remarks = set(labels.header["name"]), set(labels.remark)
    keys: dict[str, str] = {}
    found: dict[str, str] = {}
    for values in sheets:
        name = ""
        for row in values:
            for c, value in enumerate(row[:LABEL_COLUMNS]):
                if type(value) is not str or not value:
                    continue
                key = keys.get(value)
                if key is None:
                    key = keys[value] = label_key(value)
                if key in names:
                    name = _right(row, c)
                elif key in remarks and name:
                    found[name] = _right(row, c)
    return found


def _right(row: list[Any], c: int) -> str:
    """The first non-blank value right of column ``c``, as text."""
    return next((_text(v) for v in row[c + 1 :] if v not in (None, "") and _text(v)), "")
