"""The 自评表 of a project as a Word table: the workbook's form renderer
(:func:`evalxl.exporting.form.write_form`) draws the run's layout onto a recording sheet, and its
grid (values, merged ranges, column widths) becomes one table with borders in the table font, its
header rows (项目名称, 主管部门, …) repeated on every page; the form's title above it and its notes
under it are paragraphs."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import Table

from evalxl.contract.report_schema import report_style
from evalxl.exporting.cells import Cell
from evalxl.exporting.form import Form, write_form
from evalxl.exporting.formats import Formats
from evalxl.exporting.layout import Layout
from evalxl.exporting.layout import get as layout_named
from evalxl.model import ScoredProject, Settings
from evalxl.reports import figures
from evalxl.reports.style import TABLE, add_paragraph

# Each cell's format is recorded by name (a field of Formats); these print outside the table.
_ABOVE, _BELOW = frozenset({"title", "year"}), frozenset({"note"})
_LEFT = frozenset({"text", "note"})
_SHOWN: dict[str, Callable[[float], str]] = {
    "money": figures.form_amount,
    "rate": figures.rate,
}
_PRINT_SETUP = frozenset(
    {
        "set_row",
        "set_paper",
        "set_landscape",
        "set_portrait",
        "fit_to_pages",
        "set_margins",
        "center_horizontally",
        "print_area",
        "repeat_rows",
        "set_footer",
        "hide_gridlines",
    }
)


@dataclass
class GridSheet:
    """A stand-in for an XlsxWriter worksheet that records what the form renderer writes."""

    cells: dict[tuple[int, int], tuple[Cell, str]] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)

    def write_string(self, row: int, col: int, value: str, fmt: str) -> None:
        """Record a text."""
        self.cells[row, col] = (value, fmt)

    def write_number(self, row: int, col: int, value: float, fmt: str) -> None:
        """Record a number."""
        self.cells[row, col] = (value, fmt)

    def write_blank(self, row: int, col: int, _value: None, fmt: str) -> None:
        """Record an empty cell (it keeps its format)."""
        self.cells.setdefault((row, col), (None, fmt))

    def merge_range(
        self, first_row: int, first_col: int, last_row: int, last_col: int, _v: None, fmt: str
    ) -> None:
        """Record a merged range."""
        self.merges.append((first_row, first_col, last_row, last_col))
        for row in range(first_row, last_row + 1):
            for col in range(first_col, last_col + 1):
                self.cells.setdefault((row, col), (None, fmt))

    def set_column(self, first: int, last: int, width: float) -> None:
        """Record a column width (Excel character units)."""
        for col in range(first, last + 1):
            self.widths[col] = width

    def __getattr__(self, name: str) -> Callable[..., None]:
        if name in _PRINT_SETUP:  # row heights and print settings: the Word table has its own
            return lambda *_args, **_kwargs: None
        raise AttributeError(name)

    @property
    def rows(self) -> int:
        """How many rows were written."""
        return max((row for row, _ in self.cells), default=-1) + 1

    def formats_of(self, row: int) -> set[str]:
        """The formats of a row's cells."""
        return {fmt for (r, _), (_, fmt) in self.cells.items() if r == row}

    def text(self, row: int, col: int, money_unit: str) -> str:
        """A cell's value as printed."""
        value, fmt = self.cells.get((row, col), (None, ""))
        if isinstance(value, str):
            return value
        if value is None or not math.isfinite(value):
            return ""
        return _SHOWN.get(fmt, figures.score)(value)


def form_grid(
    scored: ScoredProject, settings: Settings, layout: Layout | None = None
) -> tuple[GridSheet, Layout]:
    """The run's form of ``scored`` as the workbook prints it (in ``layout``, by default the run's),
    recorded cell by cell."""
    layout = layout or layout_named(settings.layout)
    sheet = GridSheet()
    names = Formats(**{f.name: f.name for f in fields(Formats)})
    write_form(Form(sheet, layout, names), scored, settings)
    return sheet, layout


def add_form_table(
    doc: Document,
    scored: ScoredProject,
    settings: Settings,
    text_width_mm: float,
    layout: Layout | None = None,
) -> Table:
    """The project's 自评表 in ``doc`` (or a department's, in the department ``layout``): its title
    lines, one table, its notes."""
    sheet, layout = form_grid(scored, settings, layout)
    rows = range(sheet.rows)
    above = [row for row in rows if sheet.formats_of(row) <= _ABOVE]
    below = [row for row in rows if sheet.formats_of(row) <= _BELOW]
    body = [row for row in rows if row not in above and row not in below]
    for row in above:
        para = add_paragraph(doc, sheet.text(row, 0, settings.money_unit), style=TABLE)
        para.runs[0].bold = row == above[0]
    columns = layout.last_col + 1
    table: Table = doc.add_table(rows=len(body), cols=columns)
    table.style = doc.styles["Table Grid"]
    fixed_layout(table)
    top = body[0]
    total = sum(sheet.widths.get(col, 10) for col in range(columns))
    widths = [Mm(text_width_mm * sheet.widths.get(col, 10) / total) for col in range(columns)]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the table grid, which LibreOffice reads (Word reads the cells')
    for first_row, first_col, last_row, last_col in sheet.merges:
        if first_row in body:
            start = table.cell(first_row - top, first_col)
            start.merge(table.cell(last_row - top, last_col))
    for index, row in enumerate(body):
        table_row = table.rows[index]
        row_flags(table_row._tr, header=index < len(layout.header))
        for col in range(columns):
            cell = table.cell(index, col)
            cell.width = widths[col]
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        for col in range(columns):
            if (row, col) not in sheet.cells or _covered(sheet.merges, row, col):
                continue
            cell = table.cell(index, col)
            para = cell.paragraphs[0]
            para.style = doc.styles[TABLE]
            _, fmt = sheet.cells[row, col]
            if fmt in _LEFT:
                para.alignment = WD_ALIGN_PARAGRAPH.LEFT
            lines = sheet.text(row, col, settings.money_unit).split("\n")
            para.add_run(lines[0])
            for line in lines[1:]:
                cell.add_paragraph(line, style=doc.styles[TABLE])
    for row in below:
        para = add_paragraph(doc, sheet.text(row, 0, settings.money_unit), style=TABLE)
        para.alignment = WD_ALIGN_PARAGRAPH.LEFT
    return table


def _covered(merges: list[tuple[int, int, int, int]], row: int, col: int) -> bool:
    """True for a cell inside a merged range other than its top-left one."""
    return any(r1 <= row <= r2 and c1 <= col <= c2 and (row, col) != (r1, c1) for r1, c1, r2, c2 in merges)


def fixed_layout(table: Table) -> None:
    """The table's column widths fixed (not fitted to the text), the table centred, and its cells'
    left and right margins ``reports.toml``'s ``table_cell_margin`` (narrower than Word's 1.9 mm,
    so that amounts fit the form's narrow columns on portrait A4); each in its place in tblPr."""
    table.autofit = False  # w:tblLayout fixed
    table.alignment = WD_TABLE_ALIGNMENT.CENTER  # w:jc
    props: Any = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    twips = str(round(report_style().table_cell_margin / 25.4 * 1440))
    for side in ("w:left", "w:right"):
        margin = OxmlElement(side)
        margin.set(qn("w:w"), twips)
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    look = props.find(qn("w:tblLook"))
    if look is None:
        props.append(margins)
    else:
        look.addprevious(margins)


def row_flags(tr: Any, *, header: bool) -> None:
    """A row never split across pages; the header rows repeated at the top of every page."""
    props = tr.get_or_add_trPr()
    props.append(OxmlElement("w:cantSplit"))
    if header:
        props.append(OxmlElement("w:tblHeader"))
