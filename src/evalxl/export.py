"""Write the output workbook: 汇总, one 项目支出绩效目标自评表 per project, 计算过程 and 检查结果.

The form is the seed's 附件6; its labels, column widths, fund rows and notes are data, read from
``layouts/target_form.toml``. The workbook is written with XlsxWriter into a temporary file beside
the target and moved into place with ``os.replace`` (never a partial file), and its bytes depend
only on the input: the creation date is fixed (``SOURCE_DATE_EPOCH`` when set).

Every text that comes from the user is written with ``write_string`` so that a target such as
``=100%`` stays text; the only formulas are the 汇总 sums and rates, written with cached values.
"""

from __future__ import annotations

import itertools
import math
import tomllib
import unicodedata
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from evalxl.findings import ERROR, NOTE, WARNING
from evalxl.model import FundLine, Project, RunResult, ScoredIndicator, ScoredProject
from evalxl.output_file import atomic_path, created_date

SUMMARY_SHEET = "汇总"
TRACE_SHEET = "计算过程"
CHECKS_SHEET = "检查结果"
RESERVED_SHEETS = frozenset({SUMMARY_SHEET, TRACE_SHEET, CHECKS_SHEET})

LAYOUT_FILE = "target_form.toml"
SHEET_NAME_MAX = 31  # Excel's limit, in UTF-16 code units
_EXCEL_RESERVED = ("历史", "History")
_BAD_SHEET_CHARS = frozenset("[]:*?/\\")
_WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "in_memory": True,
}

Cell = str | float | None
Format = Any  # xlsxwriter.format.Format (xlsxwriter ships no type information)
Worksheet = Any

_SUMMARY_HEADERS = (
    "序号",
    "项目名称",
    "项目编码",
    "主管部门",
    "项目实施单位",
    "全年预算数（{unit}）",
    "全年执行数（{unit}）",
    "执行率",
    "得分",
    "等级",
)
_SUMMARY_FIRST_ROW = 2  # title, header, then the projects
_COL_BUDGET, _COL_EXECUTED, _COL_RATE = 5, 6, 7
_TRACE_HEADERS = (
    "项目名称",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "全年完成值",
    "指标性质",
    "分值",
    "完成率",
    "计算得分",
    "自评得分",
    "得分",
    "计算方法",
    "来源单元格",
)
_TRACE_KINDS = ("text",) * 7 + ("score", "rate", "score", "score", "score", "text", "text")
_CHECK_HEADERS = ("级别", "代码", "位置", "说明")
_BUDGET_METHOD = "min(B/A,1)×分值"
_BUDGET_NAME = "预算执行率"


# --------------------------------------------------------------------------- layout


@dataclass(frozen=True)
class FormLayout:
    """The 项目支出绩效目标自评表 layout (``layouts/target_form.toml``)."""

    name: str
    title: str
    year_line: str
    notes: tuple[str, ...]
    font: str
    font_size: float
    title_size: float
    line_height: float
    padding: float
    min_height: float
    title_height: float
    year_height: float
    widths: tuple[float, ...]  # columns A..G
    paper: int
    margins: tuple[float, float, float, float]  # left, right, top, bottom (inches)
    footer: str
    labels: dict[str, str]
    fund_rows: tuple[tuple[str, str], ...]  # (FundLine.label, printed label), in print order
    fund_other: str

    def height(self, lines: int) -> float:
        """The row height in points for ``lines`` lines of text."""
        return max(self.min_height, lines * self.line_height + self.padding)


@cache
def form_layout() -> FormLayout:
    """The 目标自评表 layout, read once from the package data file."""
    text = (resources.files("evalxl") / "layouts" / LAYOUT_FILE).read_text(encoding="utf-8")
    raw: dict[str, Any] = tomllib.loads(text)
    font, rows, prints, funds = raw["font"], raw["rows"], raw["print"], raw["funds"]
    margins = [float(prints[f"margin_{side}"]) for side in ("left", "right", "top", "bottom")]
    return FormLayout(
        name=str(raw["name"]),
        title=str(raw["title"]),
        year_line=str(raw["year_line"]),
        notes=tuple(str(n) for n in raw["notes"]),
        font=str(font["name"]),
        font_size=float(font["size"]),
        title_size=float(font["title_size"]),
        line_height=float(rows["line_height"]),
        padding=float(rows["padding"]),
        min_height=float(rows["min_height"]),
        title_height=float(rows["title_height"]),
        year_height=float(rows["year_height"]),
        widths=tuple(float(raw["columns"][letter]) for letter in "ABCDEFG"),
        paper=int(prints["paper"]),
        margins=(margins[0], margins[1], margins[2], margins[3]),
        footer=str(prints["footer"]),
        labels={str(k): str(v) for k, v in raw["labels"].items()},
        fund_rows=tuple((str(k), str(v)) for k, v in funds["rows"].items()),
        fund_other=str(funds["other"]),
    )


# --------------------------------------------------------------------------- pure helpers


def display_width(text: str) -> int:
    """Width of ``text`` in Excel character units: wide/full-width (CJK) characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def text_lines(text: str, width_chars: float) -> int:
    """How many lines ``text`` takes when wrapped in a cell ``width_chars`` units wide (at least 1).

    Each explicit line break starts a new line; each line then wraps every ``width_chars`` units.
    """
    usable = max(1.0, width_chars)
    parts = text.splitlines() or [""]
    return sum(max(1, math.ceil(display_width(part) / usable)) for part in parts)


def usable_width(widths: Sequence[float]) -> float:
    """The text width, in character units, of a cell spanning columns of these widths.

    A column of width w is w × 7 + 5 pixels (Calibri 11's digit is 7 pixels); the 5 pixels are
    roughly the cell's inner margins, so a merged cell gains about 5/7 unit for each extra column.
    """
    return sum(widths) + 0.7 * (len(widths) - 1)


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _fit(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` UTF-16 units, without spaces or apostrophes at the ends."""
    while _utf16_len(text) > limit:
        text = text[:-1]
    return _tidy(text)


def _tidy(text: str) -> str:
    while (tidy := text.strip().strip("'")) != text:
        text = tidy
    return text


def _clean_sheet_name(name: str) -> str:
    chars = ("_" if ch in _BAD_SHEET_CHARS or unicodedata.category(ch).startswith("C") else ch for ch in name)
    return _tidy("".join(chars))


def sheet_names(names: Sequence[str], reserved: set[str] | frozenset[str]) -> list[str]:
    """Valid, unique Excel sheet names for ``names``, in order.

    Characters Excel forbids (``[]:*?/\\`` and control characters) become ``_``; names are cut to
    31 characters, never start or end with an apostrophe, and are unique ignoring case, also
    against ``reserved`` and Excel's own reserved name ``History``/``历史``: a clash gets a
    suffix ``(2)``, ``(3)``, … A blank name becomes ``项目{n}``.
    """
    taken = {name.casefold() for name in (*reserved, *_EXCEL_RESERVED)}
    result = []
    for number, name in enumerate(names, start=1):
        base = _clean_sheet_name(name) or f"项目{number}"
        candidate = _fit(base, SHEET_NAME_MAX)
        suffix_number = 1
        while not candidate or candidate.casefold() in taken:
            suffix_number += 1
            suffix = f"({suffix_number})"
            candidate = _fit(base, SHEET_NAME_MAX - len(suffix)) + suffix
        taken.add(candidate.casefold())
        result.append(candidate)
    return result


def _write(ws: Worksheet, row: int, col: int, value: Cell, fmt: Format) -> None:
    """Write one cell by type: text as a string (never a formula), numbers, else a formatted blank."""
    if isinstance(value, str) and value:
        ws.write_string(row, col, value, fmt)
    elif isinstance(value, int | float) and math.isfinite(value):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_blank(row, col, None, fmt)


def _write_row(ws: Worksheet, row: int, values: Sequence[Cell], formats: Sequence[Format]) -> None:
    for col, (value, fmt) in enumerate(zip(values, formats, strict=True)):
        _write(ws, row, col, value, fmt)


def _year(year: str) -> str:
    """The year as printed before 年度: ``2023``, also when the user wrote ``2023年`` or ``2023年度``."""
    return year.strip().removesuffix("年度").removesuffix("年").strip()


def _number_text(value: float | None) -> str:
    return "—" if value is None else f"{round(value, 6):g}"


# --------------------------------------------------------------------------- formats


@dataclass(frozen=True)
class _Formats:
    """The workbook's cell formats, made once per workbook."""

    title: Format
    year: Format
    label: Format
    text: Format
    center: Format
    money: Format
    rate: Format
    note: Format
    head: Format
    cell: Format
    number: Format
    amount: Format
    percent: Format
    score: Format
    total: Format
    plain: Format
    sheet_title: Format


def _formats(wb: Any, layout: FormLayout) -> _Formats:
    base: dict[str, Any] = {"font_name": layout.font, "font_size": layout.font_size, "valign": "vcenter"}
    boxed = {**base, "border": 1, "text_wrap": True}
    boxed_line = {**base, "border": 1}

    def make(props: dict[str, Any], **more: Any) -> Format:
        return wb.add_format({**props, **more})

    return _Formats(
        title=make(base, bold=True, font_size=layout.title_size, align="center"),
        year=make(base, align="center"),
        label=make(boxed, align="center"),
        text=make(boxed, align="left"),
        center=make(boxed, align="center"),
        money=make(boxed, align="center", num_format="General"),
        rate=make(boxed, align="center", num_format="0.00%"),
        note=make(base, align="left", valign="top", text_wrap=True),
        head=make(boxed, align="center", bold=True, bg_color="#F2F2F2"),
        cell=make(boxed_line),
        number=make(boxed_line, align="center"),
        amount=make(boxed_line, num_format="#,##0.00"),
        percent=make(boxed_line, num_format="0.00%"),
        score=make(boxed_line, num_format="0.00"),
        total=make(boxed_line, bold=True, align="center"),
        plain=make(base),
        sheet_title=make(base, bold=True, font_size=14, align="center"),
    )


# --------------------------------------------------------------------------- the form


@dataclass
class _Form:
    """A form sheet being filled: writes cells and merged ranges and estimates row heights."""

    ws: Worksheet
    layout: FormLayout
    fmt: _Formats
    lines: dict[int, int] = field(default_factory=dict)  # row -> lines of its tallest one-row cell
    spans: list[tuple[int, int, int]] = field(default_factory=list)  # (first, last, lines) merged rows

    def label(self, key: str) -> str:
        return self.layout.labels[key]

    def put(
        self,
        row: int,
        col: int,
        value: Cell,
        fmt: Format,
        *,
        last_row: int | None = None,
        last_col: int | None = None,
    ) -> None:
        """Write ``value`` at (row, col), merged down to ``last_row`` and across to ``last_col``.

        Every cell of a merged range gets ``fmt``, so its borders print all round.
        """
        end_row = row if last_row is None else last_row
        end_col = col if last_col is None else last_col
        if (end_row, end_col) != (row, col):
            self.ws.merge_range(row, col, end_row, end_col, None, fmt)
        _write(self.ws, row, col, value, fmt)
        if isinstance(value, str) and value:
            lines = text_lines(value, usable_width(self.layout.widths[col : end_col + 1]))
            if end_row == row:
                self.lines[row] = max(self.lines.get(row, 1), lines)
            else:
                self.spans.append((row, end_row, lines))

    def set_heights(self, first: int, last: int) -> None:
        """Give rows ``first..last`` the height their text needs; merged rows share what they need."""
        heights = {row: self.layout.height(self.lines.get(row, 1)) for row in range(first, last + 1)}
        for top, bottom, lines in self.spans:
            missing = self.layout.height(lines) - sum(heights[row] for row in range(top, bottom + 1))
            if missing > 0:
                for row in range(top, bottom + 1):
                    heights[row] += missing / (bottom - top + 1)
        for row, height in heights.items():
            self.ws.set_row(row, round(height, 2))


def _write_form(form: _Form, scored: ScoredProject, year: str, money_unit: str) -> None:
    """Fill one 项目支出绩效目标自评表 sheet, block by block, then its row heights and print setup."""
    top = _form_title(form, _year(year))
    row = _form_header(form, top, scored.project)
    row = _form_funds(form, row, scored.funds, money_unit)
    row = _form_goals(form, row, scored.project)
    row = _form_indicators(form, row, scored.indicators)
    row = _form_remark(form, row, scored.project.remark)
    end = _form_notes(form, row)
    form.set_heights(top, end - 1)
    _form_print_setup(form, end - 1)


def _form_title(form: _Form, year: str) -> int:
    layout = form.layout
    for col, width in enumerate(layout.widths):
        form.ws.set_column(col, col, width)
    form.put(0, 0, layout.title, form.fmt.title, last_col=6)
    form.ws.set_row(0, layout.title_height)
    if not year:
        return 1
    form.put(1, 0, layout.year_line.format(year=year), form.fmt.year, last_col=6)
    form.ws.set_row(1, layout.year_height)
    return 2


def _form_header(form: _Form, row: int, project: Project) -> int:
    label, text = form.fmt.label, form.fmt.text
    form.put(row, 0, form.label("name"), label, last_col=1)
    form.put(row, 2, project.name, text, last_col=4)
    form.put(row, 5, form.label("leader"), label)
    form.put(row, 6, " ".join(part for part in (project.leader, project.phone) if part), text)
    for offset, (key, value) in enumerate((("department", project.department), ("unit", project.unit)), 1):
        form.put(row + offset, 0, form.label(key), label, last_col=1)
        form.put(row + offset, 2, value, text, last_col=6)
    return row + 3


def fund_rows(funds: Sequence[FundLine], layout: FormLayout) -> list[tuple[str, FundLine | None]]:
    """The printed rows of the 项目资金 block: (label in column C, the FundLine or None when absent).

    The layout's rows come in its order; a FundLine with another label (e.g. 县级资金) gets a row of
    its own just before 其他资金.
    """
    known = dict(layout.fund_rows)
    found: dict[str, FundLine] = {}
    extras: list[tuple[str, FundLine | None]] = []
    for line in funds:
        if line.label in known:
            found.setdefault(line.label, line)
        else:
            extras.append((line.label, line))
    rows: list[tuple[str, FundLine | None]] = []
    for label, printed in layout.fund_rows:
        if label == layout.fund_other:
            rows.extend(extras)
            extras = []
        rows.append((printed, found.get(label)))
    return rows + extras


def _form_funds(form: _Form, row: int, funds: Sequence[FundLine], money_unit: str) -> int:
    fmt = form.fmt
    lines = fund_rows(funds, form.layout)
    last = row + len(lines)
    form.put(row, 0, form.label("funds").format(unit=money_unit), fmt.label, last_row=last, last_col=1)
    form.put(row, 2, None, fmt.label)
    form.put(row, 3, form.label("budget"), fmt.label)
    form.put(row, 4, form.label("executed"), fmt.label)
    form.put(row, 5, form.label("rate"), fmt.label, last_col=6)
    for line_row, (printed, line) in enumerate(lines, start=row + 1):
        form.put(line_row, 2, printed, fmt.label)
        form.put(line_row, 3, line.budget if line else None, fmt.money)
        form.put(line_row, 4, line.executed if line else None, fmt.money)
        form.put(line_row, 5, line.rate if line else None, fmt.rate, last_col=6)
    return last + 1


def _form_goals(form: _Form, row: int, project: Project) -> int:
    label, text = form.fmt.label, form.fmt.text
    form.put(row, 0, form.label("goal"), label, last_row=row + 1)
    form.put(row, 1, form.label("goal_set"), label, last_col=3)
    form.put(row, 4, form.label("goal_done"), label, last_col=6)
    form.put(row + 1, 1, project.goal, text, last_col=3)
    form.put(row + 1, 4, project.achieved, text, last_col=6)
    return row + 2


def _runs(
    indicators: Sequence[ScoredIndicator], key: Callable[[ScoredIndicator], Hashable]
) -> Iterator[tuple[int, int, ScoredIndicator]]:
    """(first index, last index, first item) of each run of consecutive items with the same key."""
    start = 0
    for _, group in itertools.groupby(indicators, key=key):
        items = list(group)
        yield start, start + len(items) - 1, items[0]
        start += len(items)


def _form_indicators(form: _Form, row: int, indicators: Sequence[ScoredIndicator]) -> int:
    fmt = form.fmt
    last = row + len(indicators)
    form.put(row, 0, form.label("indicators"), fmt.label, last_row=last)
    for col, key in enumerate(("level1", "level2", "level3", "target", "actual", "reason"), start=1):
        form.put(row, col, form.label(key), fmt.label)
    for ind_row, ind in enumerate(indicators, start=row + 1):
        form.put(ind_row, 3, ind.level3, fmt.text)
        form.put(ind_row, 4, ind.target, fmt.center)
        form.put(ind_row, 5, ind.actual, fmt.center)
        form.put(ind_row, 6, ind.reason, fmt.text)
    first = row + 1
    for start, end, ind in _runs(indicators, lambda i: i.level1):
        form.put(first + start, 1, ind.level1, fmt.center, last_row=first + end)
    for start, end, ind in _runs(indicators, lambda i: (i.level1, i.level2)):
        form.put(first + start, 2, ind.level2, fmt.center, last_row=first + end)
    return last + 1


def _form_remark(form: _Form, row: int, remark: str) -> int:
    form.put(row, 0, form.label("remark"), form.fmt.label)
    form.put(row, 1, remark, form.fmt.text, last_col=6)
    return row + 1


def _form_notes(form: _Form, row: int) -> int:
    for offset, note in enumerate(form.layout.notes):
        form.put(row + offset, 0, note, form.fmt.note, last_col=6)
    return row + len(form.layout.notes)


def _form_print_setup(form: _Form, last_row: int) -> None:
    ws, layout = form.ws, form.layout
    ws.set_paper(layout.paper)
    ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.set_margins(*layout.margins)
    ws.center_horizontally()
    ws.print_area(0, 0, last_row, 6)
    ws.set_footer(layout.footer)
    ws.hide_gridlines(2)


# --------------------------------------------------------------------------- the list sheets


def _print_landscape(ws: Worksheet, header_row: int) -> None:
    """A4 landscape, one page wide, the header row repeated on every page, page numbers below."""
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)
    ws.set_footer(form_layout().footer)


def _list_sheet_setup(ws: Worksheet, last_row: int, last_col: int) -> None:
    """Header frozen and filtered; printed landscape."""
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, last_row, last_col)
    _print_landscape(ws, 0)


# --------------------------------------------------------------------------- 汇总


def _column_widths(ws: Worksheet, rows: Sequence[Sequence[Cell]], low: int = 6, high: int = 50) -> None:
    """Set each column as wide as its longest text (numbers count as 12), within [low, high]."""
    for col, column in enumerate(zip(*rows, strict=False)):
        widest = max((display_width(v) if isinstance(v, str) else 12 for v in column), default=low)
        ws.set_column(col, col, min(high, max(low, widest + 2)))


def _write_summary(ws: Worksheet, result: RunResult, fmt: _Formats, source_name: str) -> None:
    settings = result.settings
    unit = settings.money_unit
    headers = [h.format(unit=unit) for h in _SUMMARY_HEADERS]
    year = _year(settings.year)
    title = f"{year}年度项目支出绩效自评汇总" if year else "项目支出绩效自评汇总"
    ws.merge_range(0, 0, 0, len(headers) - 1, None, fmt.sheet_title)
    ws.write_string(0, 0, title, fmt.sheet_title)
    ws.set_row(0, 28)
    _write_row(ws, 1, headers, [fmt.head] * len(headers))
    rows: list[list[Cell]] = [list(headers)]
    for number, scored in enumerate(result.projects, start=1):
        rows.append(_summary_row(ws, _SUMMARY_FIRST_ROW + number - 1, number, scored, fmt))
    total_row = _SUMMARY_FIRST_ROW + len(result.projects)
    _summary_total(ws, total_row, result.projects, fmt)
    _summary_counts(ws, total_row + 2, result, fmt, source_name)
    _column_widths(ws, rows)
    ws.set_column(_COL_BUDGET, _COL_EXECUTED, 16)
    ws.freeze_panes(_SUMMARY_FIRST_ROW, 0)
    _print_landscape(ws, 1)


def _rate_formula(row: int) -> str:
    budget = xl_rowcol_to_cell(row, _COL_BUDGET)
    executed = xl_rowcol_to_cell(row, _COL_EXECUTED)
    return f'=IF({budget}=0,"",{executed}/{budget})'


def _summary_row(ws: Worksheet, row: int, number: int, scored: ScoredProject, fmt: _Formats) -> list[Cell]:
    project = scored.project
    values: list[Cell] = [number, project.name, project.code, project.department, project.unit]
    values += [scored.budget, scored.executed, None, scored.score, scored.grade]
    formats = [fmt.number, fmt.cell, fmt.cell, fmt.cell, fmt.cell, fmt.amount, fmt.amount]
    _write_row(ws, row, values, [*formats, fmt.percent, fmt.score, fmt.number])
    cached = scored.executed / scored.budget if scored.budget else ""
    ws.write_formula(row, _COL_RATE, _rate_formula(row), fmt.percent, cached)
    return values


def _summary_total(ws: Worksheet, row: int, projects: Sequence[ScoredProject], fmt: _Formats) -> None:
    _write_row(ws, row, [None, "合计", None, None, None], [fmt.cell, fmt.total, fmt.cell, fmt.cell, fmt.cell])
    budget = sum(p.budget for p in projects)
    executed = sum(p.executed for p in projects)
    for col, value in ((_COL_BUDGET, budget), (_COL_EXECUTED, executed)):
        if projects:
            first = xl_rowcol_to_cell(_SUMMARY_FIRST_ROW, col)
            last = xl_rowcol_to_cell(row - 1, col)
            ws.write_formula(row, col, f"=SUM({first}:{last})", fmt.amount, value)
        else:
            ws.write_number(row, col, value, fmt.amount)
    ws.write_formula(row, _COL_RATE, _rate_formula(row), fmt.percent, executed / budget if budget else "")
    _write(ws, row, _COL_RATE + 1, None, fmt.score)
    _write(ws, row, _COL_RATE + 2, None, fmt.number)


def _summary_counts(ws: Worksheet, row: int, result: RunResult, fmt: _Formats, source_name: str) -> None:
    levels = [f.level for f in result.findings]
    counts = "　".join(
        f"{name}：{count}"
        for name, count in (
            ("项目数", len(result.projects)),
            (ERROR, levels.count(ERROR)),
            (WARNING, levels.count(WARNING)),
            (NOTE, levels.count(NOTE)),
        )
    )
    ws.write_string(row, 0, counts, fmt.plain)
    if source_name:
        ws.write_string(row + 1, 0, f"数据来源：{source_name}", fmt.plain)


# --------------------------------------------------------------------------- 计算过程


def _trace_row(
    name: str, texts: Sequence[Cell], figures: Sequence[Cell], method: str, source: str = ""
) -> list[Cell]:
    """One 计算过程 row: 项目名称, six texts, five figures (分值 … 得分), 计算方法, 来源单元格."""
    return [name, *texts, *figures, method, source]


def _trace_rows(scored: ScoredProject) -> Iterator[list[Cell]]:
    """The 计算过程 rows of one project: budget, scored indicators, trail lines, total."""
    name = scored.project.name
    budget = ("", "", _BUDGET_NAME, scored.budget, scored.executed, "")
    score = scored.budget_score
    yield _trace_row(name, budget, (scored.budget_weight, scored.rate, score, None, score), _BUDGET_METHOD)
    for ind in scored.indicators:
        if not ind.placeholder:
            texts = (ind.level1, ind.level2, ind.level3, ind.target, ind.actual, ind.nature)
            figures = (ind.weight, ind.completion, ind.computed, ind.self_score, ind.score)
            yield _trace_row(name, texts, figures, ind.method, ind.place or f"指标!A{ind.row}")
    for line in scored.trail:
        yield _trace_row(name, [""] * 6, [None] * 5, line)
    total = (
        f"原始得分 {_number_text(scored.raw_total)} × 折算系数 {_number_text(scored.scale)}"
        f" = {_number_text(scored.score)}，等级 {scored.grade or '—'}"
    )
    figures = (None, None, scored.raw_total, None, scored.score)
    yield _trace_row(name, ("", "", "合计", "", "", ""), figures, total)


def _write_trace(ws: Worksheet, result: RunResult, fmt: _Formats) -> None:
    kinds = {"text": fmt.cell, "score": fmt.score, "rate": fmt.percent}
    formats = [kinds[kind] for kind in _TRACE_KINDS]
    _write_row(ws, 0, _TRACE_HEADERS, [fmt.head] * len(_TRACE_HEADERS))
    rows: list[list[Cell]] = [list(_TRACE_HEADERS)]
    for scored in result.projects:
        for values in _trace_rows(scored):
            _write_row(ws, len(rows), values, formats)
            rows.append(values)
    _column_widths(ws, rows)
    _list_sheet_setup(ws, len(rows) - 1, len(_TRACE_HEADERS) - 1)


# --------------------------------------------------------------------------- 检查结果


def _write_checks(ws: Worksheet, result: RunResult, fmt: _Formats) -> None:
    _write_row(ws, 0, _CHECK_HEADERS, [fmt.head] * len(_CHECK_HEADERS))
    rows: list[list[Cell]] = [list(_CHECK_HEADERS)]
    if result.findings:
        rows += [[f.level, f.code, f.place, f.message] for f in result.findings]
    else:
        rows.append(["未发现问题", "", "", ""])
    for row, values in enumerate(rows[1:], start=1):
        _write_row(ws, row, values, [fmt.cell] * len(_CHECK_HEADERS))
    _column_widths(ws, rows, high=100)
    _list_sheet_setup(ws, len(rows) - 1, len(_CHECK_HEADERS) - 1)


# --------------------------------------------------------------------------- the workbook


def _fill(wb: Any, result: RunResult, source_name: str) -> None:
    """Add the sheets in their order (汇总, the forms, 计算过程, 检查结果) and fill them."""
    layout = form_layout()
    settings = result.settings
    first_department = result.projects[0].project.department if result.projects else ""
    wb.set_properties(
        {
            "title": f"{_year(settings.year)}年度{layout.title}" if settings.year else layout.title,
            "subject": f"项目支出绩效自评（{source_name}）" if source_name else "项目支出绩效自评",
            "author": first_department,
            "created": created_date(),
        }
    )
    fmt = _formats(wb, layout)
    summary = wb.add_worksheet(SUMMARY_SHEET)
    names = sheet_names([p.project.name for p in result.projects], RESERVED_SHEETS)
    forms = [wb.add_worksheet(name) for name in names]
    trace = wb.add_worksheet(TRACE_SHEET)
    checks = wb.add_worksheet(CHECKS_SHEET)
    _write_summary(summary, result, fmt, source_name)
    for ws, scored in zip(forms, result.projects, strict=True):
        _write_form(_Form(ws, layout, fmt), scored, settings.year, settings.money_unit)
    _write_trace(trace, result, fmt)
    _write_checks(checks, result, fmt)


def write_workbook(result: RunResult, path: Path, *, source_name: str = "") -> None:
    """Write the output workbook for ``result`` to ``path``, atomically and reproducibly.

    The workbook is built in a hidden temporary file in the same directory and moved onto
    ``path`` with ``os.replace``; on any error the temporary file is removed and the error
    re-raised, so ``path`` is either the complete new workbook or left as it was. The same
    ``result`` (and ``SOURCE_DATE_EPOCH``) always gives the same bytes. ``source_name`` (the input
    file's name) is recorded in the document properties and under the 汇总 table.
    """
    path = Path(path)
    with atomic_path(path) as tmp, xlsxwriter.Workbook(str(tmp), _WORKBOOK_OPTIONS) as wb:
        _fill(wb, result, source_name)
