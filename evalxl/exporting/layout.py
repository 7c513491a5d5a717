"""The printed 自评表 layouts as records: every ``layouts/*.toml`` the contract read and checked.

A layout says what a form prints, never where: its title, the header rows (label/value pairs), the
项目资金 block (columns chosen from ``FUND_VALUES``, the total row, one row per funding source and
the row that takes in sources it has no row for), the 年度总体目标 labels, the indicator block's
columns (chosen from ``INDICATOR_VALUES``, each with its header text and width), the optional
说明 and 总分 rows, the notes under the table and the print settings. The grid is the indicator
block's: a label column, then one column per indicator column. The methods of :class:`Layout` compute
every other block's column spans from that grid; :mod:`evalxl.exporting.form` renders any layout with
one code path. The keys and values of a file are checked by the contract's schema
(:mod:`evalxl.contract.schemas`); that the blocks fit the grid is checked here, when the records are
made. A broken file raises :class:`evalxl.contract.ContractError` naming the file and the key
(``docs/layouts.md`` describes the schema).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources.abc import Traversable
from typing import Any

from evalxl import contract
from evalxl.contract.schemas import FUND_VALUES as FUND_VALUES
from evalxl.contract.schemas import HEADER_VALUES as HEADER_VALUES
from evalxl.contract.schemas import INDICATOR_VALUES as INDICATOR_VALUES

Span = tuple[int, int]  # first and last column (0-based, inclusive)


@dataclass(frozen=True)
class HeaderItem:
    """One label/value pair of a header row; ``at`` is the indicator column its label starts in
    ("" for a row's first pair, whose label takes the caption columns)."""

    label: str
    value: str  # one of HEADER_VALUES
    at: str = ""


@dataclass(frozen=True)
class FundColumn:
    """A column of the 项目资金 block; ``sub_rows`` is printed in the source rows instead of a value
    (e.g. "—" under 分值 and 得分), None to print the row's own value."""

    value: str  # one of FUND_VALUES
    header: str
    sub_rows: str | None = None


@dataclass(frozen=True)
class FundBlock:
    """The 项目资金 block: its label, the column its row labels stand in, its columns and rows."""

    label: str  # "{unit}" is the money unit
    row_labels_at: str  # the indicator column whose grid column holds the row labels
    columns: tuple[FundColumn, ...]
    total_text: str  # the printed label of the total row (年度资金总额)
    rows: tuple[tuple[str, str], ...]  # (funding source, printed label), in print order


@dataclass(frozen=True)
class GoalBlock:
    """The 年度总体目标 block: its label and the two column labels (set at the start / achieved)."""

    label: str
    planned: str
    achieved: str


@dataclass(frozen=True)
class Column:
    """A column of the indicator block."""

    value: str  # one of INDICATOR_VALUES
    header: str
    width: float  # Excel character units


@dataclass(frozen=True)
class TotalRow:
    """The 总分 row (and the 得分合计 row printed above it when the total is not the column's sum)."""

    label: str
    grade: str  # "{grade}" is the grade; "" prints none
    raw_label: str
    rescaled: str  # "{raw} {to} {applicable} {score}": how the sum was rescaled
    adjusted: str  # "{raw} {score}": the total differs from the sum for another rule (a cap)


@dataclass(frozen=True)
class Style:
    """Font and row heights (points). Heights are estimated: lines × line_height + padding."""

    font: str
    font_size: float
    title_size: float
    line_height: float
    padding: float
    min_height: float
    title_height: float
    year_height: float


@dataclass(frozen=True)
class Page:
    """Print settings: paper (Excel code, 9 = A4), orientation, margins in inches, footer."""

    paper: int
    orientation: str
    margins: tuple[float, float, float, float]  # left, right, top, bottom
    footer: str


@dataclass(frozen=True)
class Layout:
    """One printed form, read from ``layouts/<file>.toml``."""

    name: str
    about: str
    order: int
    title: str
    year_line: str  # "{year}" is the year; printed under the title when a year is known
    header: tuple[tuple[HeaderItem, ...], ...]
    funds: FundBlock
    fund_rows: tuple[str, ...]  # the funding sources the form has a row for (total row excluded)
    other_row: str  # the row that takes in sources without a row of their own ("" for none)
    goals: GoalBlock
    indicator_label: str
    label_width: float
    columns: tuple[Column, ...]
    remark: str  # the 说明 row's label, "" for no 说明 row
    derived: str  # the department's form: 说明 when its figures are its projects' ({count} {projects})
    total: TotalRow | None
    notes: tuple[str, ...]
    style: Style
    page: Page

    # ---- the grid: a label column, then one column per indicator column

    @property
    def widths(self) -> tuple[float, ...]:
        """The width of every grid column, in Excel character units."""
        return (self.label_width, *(c.width for c in self.columns))

    @property
    def last_col(self) -> int:
        """The index of the rightmost grid column."""
        return len(self.columns)

    def col(self, value: str) -> int | None:
        """The grid column of the indicator column showing ``value`` (None when the form has none)."""
        for index, column in enumerate(self.columns, start=1):
            if column.value == value:
                return index
        return None

    def height(self, lines: int) -> float:
        """The row height in points for ``lines`` lines of text."""
        return max(self.style.min_height, lines * self.style.line_height + self.style.padding)

    # ---- the blocks' spans, computed from the grid

    def caption(self) -> Span:
        """The columns of the 项目资金 label and of each header row's first label."""
        return (0, self._col(self.funds.row_labels_at) - 1)

    def header_spans(self, items: Sequence[HeaderItem]) -> list[tuple[Span, Span]]:
        """(label span, value span) of each pair of a header row; a value runs to the next label."""
        starts = [self.caption() if not i.at else (self._col(i.at), self._col(i.at)) for i in items]
        ends = [start[0] - 1 for start in starts[1:]] + [self.last_col]
        return [(label, (label[1] + 1, end)) for label, end in zip(starts, ends, strict=True)]

    def fund_spans(self) -> list[Span]:
        """The span of each 项目资金 column: the columns right of the row labels, shared out in order,
        the last columns one wider when they do not share evenly."""
        first = self._col(self.funds.row_labels_at) + 1
        count = len(self.funds.columns)
        base, wider = divmod(self.last_col - first + 1, count)
        spans = []
        for index in range(count):
            width = base + (1 if index >= count - wider else 0)
            spans.append((first, first + width - 1))
            first += width
        return spans

    def goal_spans(self) -> tuple[Span, Span]:
        """The spans of the two 年度总体目标 columns: the columns right of the label, halved."""
        middle = self.last_col // 2
        return (1, middle), (middle + 1, self.last_col)

    def total_spans(self) -> tuple[Span, int | None, int, Span | None]:
        """The 总分 row: (label span, 分值 column or None, 得分 column, note span right of them or None)."""
        score = self._col("score")
        weight = self.col("weight")
        first = min(score, weight if weight is not None else score)
        last = max(score, weight if weight is not None else score)
        note = (last + 1, self.last_col) if last < self.last_col else None
        return (0, first - 1), weight, score, note

    def _col(self, value: str) -> int:
        col = self.col(value)
        if col is None:
            raise KeyError(f"表样“{self.name}”没有“{value}”列")
        return col


# --------------------------------------------------------------------------- records from the checked data


def _layout(data: Mapping[str, Any]) -> Layout:
    """The record of a checked layout file."""
    funds, indicators = data["funds"], data["indicators"]
    rows = tuple((row["source"], row.get("text", row["source"])) for row in funds.get("rows", ()))
    return Layout(
        name=data["name"],
        about=data["about"],
        order=int(data["order"]),
        title=data["title"],
        year_line=data.get("year_line", ""),
        header=tuple(
            tuple(HeaderItem(i["label"], i["value"], i.get("at", "")) for i in row) for row in data["header"]
        ),
        funds=FundBlock(
            label=funds["label"],
            row_labels_at=funds["row_labels_at"],
            columns=tuple(FundColumn(c["value"], c["header"], c.get("sub_rows")) for c in funds["columns"]),
            total_text=funds["total_row"],
            rows=rows,
        ),
        fund_rows=tuple(source for source, _ in rows),
        other_row=funds.get("other_row", ""),
        goals=GoalBlock(data["goals"]["label"], data["goals"]["planned"], data["goals"]["achieved"]),
        indicator_label=indicators["label"],
        label_width=float(indicators["label_width"]),
        columns=tuple(Column(c["value"], c["header"], float(c["width"])) for c in indicators["columns"]),
        remark=data.get("remark", ""),
        derived=data.get("derived", ""),
        total=TotalRow(**{"grade": "", **data["total"]}) if "total" in data else None,
        notes=tuple(data.get("notes", ())),
        style=_style(data["style"]),
        page=_page(data["page"]),
    )


def _style(style: Mapping[str, Any]) -> Style:
    sizes = {name: float(value) for name, value in style.items() if name != "font"}
    return Style(font=style["font"], **sizes)


def _page(page: Mapping[str, Any]) -> Page:
    left, right, top, bottom = (float(m) for m in page["margins"])
    return Page(int(page["paper"]), page["orientation"], (left, right, top, bottom), page.get("footer", ""))


# --------------------------------------------------------------------------- checking the geometry


def _grid_problem(layout: Layout) -> tuple[str, str] | None:
    """Where and why the blocks do not fit the grid the indicator columns make (every span at least
    one column), or None when they fit."""
    columns = {c.value for c in layout.columns}
    if layout.last_col < 2:
        return "indicators.columns", "至少需要两列"
    if layout.funds.row_labels_at not in columns:
        return "funds.row_labels_at", f"“{layout.funds.row_labels_at}”不是指标部分的列"
    if len(layout.funds.columns) > layout.last_col - layout.caption()[1] - 1:
        return "funds.columns", "列数多于行标签右侧的网格列数"
    for number, items in enumerate(layout.header):
        if items[0].at or not all(item.at in columns for item in items[1:]):
            return f"header[{number}]", "除第一对外，每对的 at 须为指标部分的列"
        if any(first > last for spans in layout.header_spans(items) for first, last in spans):
            return f"header[{number}]", "各对重叠：at 须给前一对的值留出位置"
    if layout.total is not None:
        if layout.col("score") is None:
            return "total", "总分行需要指标部分有 score 列"
        label, _, _, note = layout.total_spans()
        if label[1] < 0 or (note is None and layout.total.grade):
            return "total", "总分的标签须在分值/得分左侧占一列，等级须在其右侧占一列"
    return None


def _checked(data: Mapping[str, Any]) -> Layout:
    """The record of a layout file whose blocks fit its grid; ContractError naming the key if not."""
    layout = _layout(data)
    problem = _grid_problem(layout)
    if problem is not None:
        raise contract.ContractError(f"{data['file']}:{problem[0]}", problem[1])
    return layout


# --------------------------------------------------------------------------- the layouts


def load(directory: Traversable) -> tuple[Layout, ...]:
    """Every ``*.toml`` layout of a project's form in ``directory``, by order then name (ContractError
    for a broken file)."""
    found = contract.load_layouts(directory)
    return tuple(_checked(data) for data in found if data.get("form", "project") == "project")


@cache
def available() -> tuple[Layout, ...]:
    """The package's layouts, in their declared order (目标自评表 first); read once."""
    return tuple(_checked(data) for data in contract.layouts())


def names() -> tuple[str, ...]:
    """The names of the package's layouts, in order."""
    return tuple(item.name for item in available())


def get(name: str) -> Layout:
    """The package's layout called ``name``; KeyError when there is none."""
    for item in available():
        if item.name == name:
            return item
    raise KeyError(f"未知表样“{name}”，可用：{'、'.join(names())}")


@cache
def department() -> Layout:
    """The package's layout of the 部门整体支出绩效自评表 (issue 13)."""
    return _checked(contract.department_layout())
