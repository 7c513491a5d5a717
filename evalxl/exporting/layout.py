"""The printed 自评表 layouts, as data: every ``layouts/*.toml`` of the package, read and checked once.

A layout says what a form prints, never where: its title, the header rows (label/value pairs), the
项目资金 block (columns chosen from :data:`FUND_VALUES`, the total row, one row per funding source and
the row that takes in sources it has no row for), the 年度总体目标 labels, the indicator block's
columns (chosen from :data:`INDICATOR_VALUES`, each with its header text and width), the optional
说明 and 总分 rows, the notes under the table and the print settings. The grid is the indicator
block's: a label column, then one column per indicator column. The methods of :class:`Layout` compute
every other block's column spans from that grid; ``evalxl.exporting.export`` renders any layout with one code
path. A file with an unknown key or a bad value fails at load with a :class:`ValueError` that names
the file and the key (``docs/layouts.md`` describes the schema).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any, TypeVar

Span = tuple[int, int]  # first and last column (0-based, inclusive)
_T = TypeVar("_T")

HEADER_VALUES = ("name", "code", "department", "unit", "leader", "phone", "leader_phone")
FUND_VALUES = ("initial", "budget", "executed", "weight", "rate", "score")
INDICATOR_VALUES = (
    "level1",
    "level2",
    "level3",
    "nature",
    "target",
    "unit",
    "actual",
    "weight",
    "score",
    "reason",
)
ORIENTATIONS = ("portrait", "landscape")


# --------------------------------------------------------------------------- the records


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


# --------------------------------------------------------------------------- reading a file


class _Table:
    """One TOML table of a layout file: typed getters that name the file and key in every error,
    and :meth:`done`, which rejects the keys nobody asked for."""

    def __init__(self, raw: Any, file: str, path: str) -> None:
        if not isinstance(raw, Mapping):
            raise ValueError(f"{file}: {path or '(file)'}: expected a table")
        self.raw, self.file, self.path, self.used = raw, file, path, set[str]()

    def key(self, name: str) -> str:
        """The dotted key of ``name`` in the file."""
        return f"{self.path}.{name}" if self.path else name

    def fail(self, name: str, problem: str) -> ValueError:
        """The error for a bad value of ``name``."""
        return ValueError(f"{self.file}: {self.key(name)}: {problem}")

    def get(self, name: str, default: Any = ...) -> Any:
        """The raw value of ``name``; without a default the key is required."""
        self.used.add(name)
        if name in self.raw:
            return self.raw[name]
        if default is ...:
            raise self.fail(name, "missing")
        return default

    def text(
        self, name: str, default: str | None = None, choices: Sequence[str] = (), fields: Sequence[str] = ()
    ) -> str:
        """A string value: one of ``choices`` when given; a template when ``fields`` are given, whose
        ``{placeholders}`` must be among them (and literal braces doubled)."""
        value = self.get(name, ... if default is None else default)
        if not isinstance(value, str):
            raise self.fail(name, f"expected text, got {value!r}")
        if choices and value not in choices:
            raise self.fail(name, f"{value!r} is not one of {', '.join(choices)}")
        if fields:
            try:
                value.format(**dict.fromkeys(fields, ""))
            except (KeyError, IndexError, ValueError) as problem:
                allowed = ", ".join(f"{{{f}}}" for f in fields)
                raise self.fail(name, f"bad placeholder {problem} (allowed: {allowed})") from None
        return value

    def number(self, name: str, default: float | None = None) -> float:
        """A positive number."""
        value = self.get(name, ... if default is None else default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise self.fail(name, f"expected a positive number, got {value!r}")
        return float(value)

    def texts(self, name: str) -> tuple[str, ...]:
        """A list of strings."""
        value = self.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(name, f"expected a list of texts, got {value!r}")
        return tuple(value)

    def table(self, name: str) -> _Table:
        """A sub-table."""
        return _Table(self.get(name), self.file, self.key(name))

    def tables(self, name: str, default: Any = ...) -> list[_Table]:
        """A list of tables (an array of inline tables or ``[[...]]``)."""
        value = self.get(name, default)
        if not isinstance(value, list):
            raise self.fail(name, f"expected a list, got {value!r}")
        return [_Table(item, self.file, f"{self.key(name)}[{n}]") for n, item in enumerate(value)]

    def done(self) -> None:
        """Reject any key that was not read: a typo must not silently change a form."""
        unknown = sorted(set(self.raw) - self.used)
        if unknown:
            raise self.fail(unknown[0], f"unknown key (known: {', '.join(sorted(self.used))})")


def _read(table: _Table, read: Callable[[_Table], _T]) -> _T:
    """``read(table)``, then reject the table's unknown keys."""
    value = read(table)
    table.done()
    return value


def _header_item(t: _Table) -> HeaderItem:
    return HeaderItem(t.text("label"), t.text("value", choices=HEADER_VALUES), t.text("at", ""))


def _header(t: _Table) -> tuple[tuple[HeaderItem, ...], ...]:
    rows = t.get("header")
    if not isinstance(rows, list) or not rows or not all(isinstance(r, list) and r for r in rows):
        raise t.fail("header", "expected a list of rows, each a list of {label, value, at} pairs")
    return tuple(
        tuple(_read(_Table(item, t.file, f"header[{n}][{m}]"), _header_item) for m, item in enumerate(row))
        for n, row in enumerate(rows)
    )


def _fund_column(t: _Table) -> FundColumn:
    sub_rows = t.get("sub_rows", None)
    if sub_rows is not None and not isinstance(sub_rows, str):
        raise t.fail("sub_rows", f"expected text, got {sub_rows!r}")
    return FundColumn(t.text("value", choices=FUND_VALUES), t.text("header"), sub_rows)


def _fund_row(t: _Table) -> tuple[str, str]:
    source = t.text("source")
    return source, t.text("text", source)


def _funds(t: _Table) -> tuple[FundBlock, str]:
    block = FundBlock(
        label=t.text("label", fields=("unit",)),
        row_labels_at=t.text("row_labels_at", choices=INDICATOR_VALUES),
        columns=tuple(_read(c, _fund_column) for c in t.tables("columns")),
        total_text=t.text("total_row"),
        rows=tuple(_read(r, _fund_row) for r in t.tables("rows", [])),
    )
    other = t.text("other_row", "")
    if not block.columns:
        raise t.fail("columns", "at least one column is needed")
    _unique(t, "columns", [c.value for c in block.columns])
    _unique(t, "rows", [source for source, _ in block.rows])
    if other and other not in [source for source, _ in block.rows]:
        raise t.fail("other_row", f"{other!r} is not one of the rows' sources")
    return block, other


def _goals(t: _Table) -> GoalBlock:
    return GoalBlock(t.text("label"), t.text("planned"), t.text("achieved"))


def _column(t: _Table) -> Column:
    return Column(t.text("value", choices=INDICATOR_VALUES), t.text("header"), t.number("width"))


def _total(t: _Table) -> TotalRow:
    return TotalRow(
        label=t.text("label"),
        grade=t.text("grade", "", fields=("grade",)),
        raw_label=t.text("raw_label"),
        rescaled=t.text("rescaled", fields=("raw", "to", "applicable")),
        adjusted=t.text("adjusted", fields=("score",)),
    )


def _style(t: _Table) -> Style:
    return Style(
        font=t.text("font"),
        font_size=t.number("font_size"),
        title_size=t.number("title_size"),
        line_height=t.number("line_height"),
        padding=t.number("padding"),
        min_height=t.number("min_height"),
        title_height=t.number("title_height"),
        year_height=t.number("year_height"),
    )


def _page(t: _Table) -> Page:
    margins = t.get("margins")
    if not (isinstance(margins, list) and len(margins) == 4 and all(_is_size(m) for m in margins)):
        raise t.fail("margins", f"expected [left, right, top, bottom] in inches, got {margins!r}")
    paper = t.get("paper")
    if isinstance(paper, bool) or not isinstance(paper, int) or paper < 0:
        raise t.fail("paper", f"expected an Excel paper code (9 = A4), got {paper!r}")
    left, right, top, bottom = (float(m) for m in margins)
    orientation = t.text("orientation", choices=ORIENTATIONS)
    return Page(paper, orientation, (left, right, top, bottom), t.text("footer", ""))


def _is_size(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(value, int | float) and value >= 0


def _unique(t: _Table, name: str, values: Iterable[str]) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise t.fail(name, f"{value!r} appears twice")
        seen.add(value)


def _order(t: _Table) -> int:
    order = t.get("order")
    if isinstance(order, bool) or not isinstance(order, int):
        raise t.fail("order", f"expected a whole number, got {order!r}")
    return order


def _layout(t: _Table) -> Layout:
    funds, other = _read(t.table("funds"), _funds)
    indicators = t.table("indicators")
    label, width = indicators.text("label"), indicators.number("label_width")
    columns = tuple(_read(c, _column) for c in indicators.tables("columns"))
    indicators.done()
    _unique(indicators, "columns", [c.value for c in columns])
    total = _read(t.table("total"), _total) if "total" in t.raw else None
    return Layout(
        name=t.text("name"),
        about=t.text("about"),
        order=_order(t),
        title=t.text("title"),
        year_line=t.text("year_line", "", fields=("year",)),
        header=_header(t),
        funds=funds,
        fund_rows=tuple(source for source, _ in funds.rows),
        other_row=other,
        goals=_read(t.table("goals"), _goals),
        indicator_label=label,
        label_width=width,
        columns=columns,
        remark=t.text("remark", ""),
        total=total,
        notes=t.texts("notes"),
        style=_read(t.table("style"), _style),
        page=_read(t.table("page"), _page),
    )


# --------------------------------------------------------------------------- checking the geometry


def _check_grid(layout: Layout, t: _Table) -> None:
    """The blocks must fit the grid the indicator columns make (every span at least one column)."""
    columns = {c.value for c in layout.columns}
    if layout.last_col < 2:
        raise t.fail("indicators.columns", "at least two columns are needed")
    if layout.funds.row_labels_at not in columns:
        raise t.fail("funds.row_labels_at", f"{layout.funds.row_labels_at!r} is not an indicator column")
    if len(layout.funds.columns) > layout.last_col - layout.caption()[1] - 1:
        raise t.fail("funds.columns", "more columns than the grid has right of the row labels")
    for number, items in enumerate(layout.header):
        if items[0].at or not all(item.at in columns for item in items[1:]):
            raise t.fail(
                f"header[{number}]", "'at' must name an indicator column, on every pair but the first"
            )
        if any(first > last for spans in layout.header_spans(items) for first, last in spans):
            raise t.fail(
                f"header[{number}]", "pairs overlap: each 'at' must leave room for the value before it"
            )
    if layout.total is not None:
        if layout.col("score") is None:
            raise t.fail("total", "a 总分 row needs a 'score' indicator column")
        label, _, _, note = layout.total_spans()
        if label[1] < 0 or (note is None and layout.total.grade):
            raise t.fail(
                "total", "the 总分 label needs a column left of 分值/得分 and the grade one right of them"
            )


def parse(text: str, file: str) -> Layout:
    """The layout in ``text`` (the contents of ``file``, named in errors); ValueError when invalid."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as problem:
        raise ValueError(f"{file}: not valid TOML: {problem}") from None
    table = _Table(raw, file, "")
    layout = _layout(table)
    table.done()
    _check_grid(layout, table)
    return layout


# --------------------------------------------------------------------------- the layouts


def load(directory: Traversable | None = None) -> tuple[Layout, ...]:
    """Every ``*.toml`` layout of ``directory`` (default: the package's ``layouts``), by order then name.

    Raises ValueError naming the file for an invalid file or a name used twice.
    """
    folder = directory if directory is not None else resources.files("evalxl.workbook_templates") / "layouts"
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name)
    layouts: dict[str, Layout] = {}
    for file in files:
        layout = parse(file.read_text(encoding="utf-8"), file.name)
        if layout.name in layouts:
            raise ValueError(f"{file.name}: name: {layout.name!r} is already the name of another layout")
        layouts[layout.name] = layout
    return tuple(sorted(layouts.values(), key=lambda item: (item.order, item.name)))


@cache
def available() -> tuple[Layout, ...]:
    """The package's layouts, in their declared order (目标自评表 first); read once."""
    return load()


def names() -> tuple[str, ...]:
    """The names of the package's layouts, in order."""
    return tuple(item.name for item in available())


def get(name: str) -> Layout:
    """The package's layout called ``name``; KeyError when there is none."""
    for item in available():
        if item.name == name:
            return item
    raise KeyError(f"未知表样“{name}”，可用：{'、'.join(names())}")
