"""The collect floor's content: everything evalxl's roll-up workbook holds, read back (not timed).

``python benchmarks/collect_content.py ROLLUP.xlsx -o CONTENT.pickle``

The floor (``collect_floor.py``) must write **the same roll-up** as ``evalxl collect``, or the
comparison flatters evalxl; what evalxl computes (the settled projects, 小计 and 合计, grades,
bands, the lowest scores, the findings, the sources' hashes) it does not compute. So before its
first run this reads evalxl's roll-up of the same benchmark run: every sheet's cells (values,
formulas with their cached values from python-calamine, formats), column widths, row heights,
merged ranges, frozen panes, the autofilter, print setup, the document properties (openpyxl), and
every chart from the package's XML (type, title, axis titles, legend, data labels, each series'
ranges, where it is anchored and its size). The floor then writes these with plain XlsxWriter calls.

It reads whatever sheets and charts the roll-up has, so it follows evalxl's writer as it changes.
"""

from __future__ import annotations

import argparse
import datetime
import pickle
import posixpath
import sys
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import Cell as OpenpyxlCell
from openpyxl.utils import column_index_from_string
from python_calamine import CalamineWorkbook

Value = str | float | bool | datetime.datetime | None
NS = {
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
EMU_PER_PIXEL = 9525
BORDERS = {"thin": 1, "medium": 2, "dashed": 3, "dotted": 4, "thick": 5, "double": 6, "hair": 7}
PLOTS = {  # chart XML element → XlsxWriter chart type
    "barChart": "bar",
    "pieChart": "pie",
    "doughnutChart": "doughnut",
    "lineChart": "line",
    "areaChart": "area",
    "scatterChart": "scatter",
    "radarChart": "radar",
}
GROUPING = {"stacked": "stacked", "percentStacked": "percent_stacked"}


@dataclass(frozen=True)
class Series:
    """One chart series: its name (a reference or a text) and its ranges."""

    name: str
    categories: str
    values: str


@dataclass(frozen=True)
class Chart:
    """A chart as XlsxWriter makes one: ``add_chart(kind)``, its series and titles, inserted at a cell."""

    kind: dict[str, str]  # {"type": "column"} (and "subtype")
    title: str
    x_title: str
    y_title: str
    legend: str  # XlsxWriter's legend position, "" for none
    data_labels: bool
    series: tuple[Series, ...]
    row: int
    col: int
    width: int  # pixels
    height: int


@dataclass(frozen=True)
class Cell:
    """One cell: its value (the cached value of a formula), the formula, its format's number."""

    row: int
    col: int
    value: Value
    formula: str | None
    style: int  # index into Content.styles (-1: no format)


@dataclass(frozen=True)
class Sheet:
    """One worksheet of the roll-up."""

    name: str
    cells: tuple[Cell, ...]  # row by row
    widths: tuple[tuple[int, float], ...]
    heights: tuple[tuple[int, float], ...]
    merged: tuple[tuple[int, int, int, int], ...]  # first row, first col, last row, last col
    freeze: tuple[int, int] | None
    autofilter: str
    landscape: bool
    repeat_rows: tuple[int, int] | None
    fit_width: bool
    charts: tuple[Chart, ...]


@dataclass(frozen=True)
class Content:
    """The roll-up: its sheets, its formats (as XlsxWriter format dicts) and its properties."""

    sheets: tuple[Sheet, ...]
    styles: tuple[tuple[tuple[str, Any], ...], ...]
    properties: tuple[tuple[str, Any], ...]


def _style(cell: OpenpyxlCell) -> tuple[tuple[str, Any], ...]:
    """The cell's format as the XlsxWriter properties that make it."""
    style: dict[str, Any] = {}
    font = cell.font
    if font.b:
        style["bold"] = True
    if font.i:
        style["italic"] = True
    if font.sz and float(font.sz) != 11:
        style["font_size"] = float(font.sz)
    if font.name and font.name != "Calibri":
        style["font_name"] = font.name
    if font.color is not None and isinstance(font.color.rgb, str) and font.color.rgb not in ("FF000000",):
        style["font_color"] = "#" + font.color.rgb[-6:]
    fill = cell.fill
    if fill.fill_type == "solid" and isinstance(fill.fgColor.rgb, str):
        style["bg_color"] = "#" + fill.fgColor.rgb[-6:]
    for side in ("left", "right", "top", "bottom"):
        kind = getattr(cell.border, side).style
        if kind:
            style[side] = BORDERS.get(kind, 1)
    align = cell.alignment
    if align.horizontal and align.horizontal != "general":
        style["align"] = {"centerContinuous": "center_across"}.get(align.horizontal, align.horizontal)
    if align.vertical and align.vertical != "bottom":
        style["valign"] = {"center": "vcenter"}.get(align.vertical, align.vertical)
    if align.wrap_text:
        style["text_wrap"] = True
    if cell.number_format and cell.number_format != "General":
        style["num_format"] = cell.number_format
    return tuple(sorted(style.items()))


def _cells(ws: Any, cached: list[list[Any]], styles: dict[tuple[tuple[str, Any], ...], int]) -> list[Cell]:
    found = []
    for row in ws.iter_rows():
        for cell in row:
            value, style = cell.value, _style(cell)
            if value is None and not style:
                continue
            index = styles.setdefault(style, len(styles)) if style else -1
            r, c = cell.row - 1, cell.column - 1
            if isinstance(value, str) and value.startswith("="):
                held = cached[r][c] if r < len(cached) and c < len(cached[r]) else None
                found.append(Cell(r, c, None if held == "" else held, value, index))
            else:
                found.append(Cell(r, c, value, None, index))
    return found


def _setup(ws: Any) -> dict[str, Any]:
    widths = tuple(
        (column_index_from_string(letter) - 1, float(dim.width))
        for letter, dim in sorted(ws.column_dimensions.items())
        if dim.width and dim.customWidth
    )
    heights = tuple((n - 1, float(dim.height)) for n, dim in sorted(ws.row_dimensions.items()) if dim.height)
    merged = tuple(
        (m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges
    )
    freeze = None
    if ws.freeze_panes:
        anchor = ws[ws.freeze_panes]
        freeze = (anchor.row - 1, anchor.column - 1)
    repeat = None
    if ws.print_title_rows:
        first, _, last = ws.print_title_rows.replace("$", "").partition(":")
        repeat = (int(first) - 1, int(last) - 1)
    return {
        "widths": widths,
        "heights": heights,
        "merged": merged,
        "freeze": freeze,
        "autofilter": ws.auto_filter.ref or "",
        "landscape": ws.page_setup.orientation == "landscape",
        "repeat_rows": repeat,
        "fit_width": bool(ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage),
    }


# --------------------------------------------------------------------------- charts


def _rels(archive: zipfile.ZipFile, part: str) -> dict[str, str]:
    """The relationships of ``part``: id → the target's path in the package."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    if rels not in archive.namelist():
        return {}
    root = ET.fromstring(archive.read(rels))
    return {
        r.get("Id", ""): posixpath.normpath(posixpath.join(folder, r.get("Target", "")))
        for r in root.findall("rel:Relationship", NS)
    }


def _text(element: ET.Element | None) -> str:
    if element is None:
        return ""
    return "".join(t.text or "" for t in element.iter(f"{{{NS['a']}}}t")) or "".join(
        f.text or "" for f in element.iter(f"{{{NS['c']}}}f")
    )


def _ref(element: ET.Element | None) -> str:
    if element is None:
        return ""
    formula = element.find(".//c:f", NS)
    if formula is not None and formula.text:
        return "=" + formula.text
    value = element.find(".//c:v", NS)
    return value.text or "" if value is not None else ""


def _chart(xml: bytes, anchor: ET.Element) -> Chart:
    root = ET.fromstring(xml)
    plot = root.find(".//c:plotArea", NS)
    assert plot is not None, "a chart without a plot area"
    element = next(e for e in plot if e.tag.split("}")[1] in PLOTS)
    name = element.tag.split("}")[1]
    kind = {"type": PLOTS[name]}
    direction = element.find("c:barDir", NS)
    if direction is not None and direction.get("val") == "col":
        kind["type"] = "column"
    grouping = element.find("c:grouping", NS)
    if grouping is not None and grouping.get("val") in GROUPING:
        kind["subtype"] = GROUPING[grouping.get("val", "")]
    series = tuple(
        Series(_ref(s.find("c:tx", NS)), _ref(s.find("c:cat", NS)), _ref(s.find("c:val", NS)))
        for s in element.findall("c:ser", NS)
    )
    axes = {ax.tag.split("}")[1]: _text(ax.find("c:title", NS)) for ax in plot if ax.tag.endswith("Ax")}
    legend = root.find(".//c:legend/c:legendPos", NS)
    start = anchor.find("xdr:from", NS)
    extent = anchor.find(".//a:ext", NS)
    assert start is not None and extent is not None, "a chart anchored without a cell or a size"
    return Chart(
        kind=kind,
        title=_text(root.find("c:chart/c:title", NS)),
        x_title=axes.get("catAx", ""),
        y_title=axes.get("valAx", ""),
        legend={"r": "right", "l": "left", "t": "top", "b": "bottom"}.get(
            legend.get("val", "") if legend is not None else "", ""
        ),
        data_labels=any(e.get("val") == "1" for e in element.iter(f"{{{NS['c']}}}showVal")),
        series=series,
        row=int(start.findtext("xdr:row", "0", NS)),
        col=int(start.findtext("xdr:col", "0", NS)),
        width=round(int(extent.get("cx", "0")) / EMU_PER_PIXEL),
        height=round(int(extent.get("cy", "0")) / EMU_PER_PIXEL),
    )


def read_charts(path: Path) -> dict[str, tuple[Chart, ...]]:
    """Every chart of every worksheet, from the package's XML (openpyxl does not read charts)."""
    found: dict[str, tuple[Chart, ...]] = {}
    with zipfile.ZipFile(path) as archive:
        book = ET.fromstring(archive.read("xl/workbook.xml"))
        parts = _rels(archive, "xl/workbook.xml")
        for sheet in book.iterfind("m:sheets/m:sheet", NS):
            part = parts.get(sheet.get(f"{{{NS['r']}}}id", ""), "")
            charts: list[Chart] = []
            for drawing in _rels(archive, part).values():
                if "/drawings/" not in drawing:
                    continue
                targets = _rels(archive, drawing)
                for anchor in ET.fromstring(archive.read(drawing)):
                    ref = anchor.find(".//c:chart", NS)
                    if ref is not None:
                        chart_part = targets[ref.get(f"{{{NS['r']}}}id", "")]
                        charts.append(_chart(archive.read(chart_part), anchor))
            found[sheet.get("name", "")] = tuple(charts)
    return found


# --------------------------------------------------------------------------- the whole


def prepare(path: Path) -> Content:
    """The content of evalxl's roll-up at ``path``."""
    book = openpyxl.load_workbook(path)
    values = CalamineWorkbook.from_path(str(path))
    charts = read_charts(path)
    styles: dict[tuple[tuple[str, Any], ...], int] = {}
    sheets = []
    for ws in book.worksheets:
        cached = values.get_sheet_by_name(ws.title).to_python(skip_empty_area=False)
        cells = _cells(ws, cached, styles)
        sheets.append(Sheet(ws.title, tuple(cells), charts=charts.get(ws.title, ()), **_setup(ws)))
    props = book.properties
    properties = {
        key: getattr(props, attr)
        for key, attr in (
            ("title", "title"),
            ("subject", "subject"),
            ("author", "creator"),
            ("keywords", "keywords"),
            ("comments", "description"),
            ("created", "created"),
        )
        if getattr(props, attr)
    }
    return Content(tuple(sheets), tuple(styles), tuple(properties.items()))


def save(content: Content, path: Path) -> None:
    """Pickle ``content`` to ``path``."""
    path.write_bytes(pickle.dumps(content, protocol=pickle.HIGHEST_PROTOCOL))


def load(path: Path) -> Content:
    """The content pickled at ``path`` (written by :func:`save` in this benchmark run)."""
    content = pickle.loads(path.read_bytes())
    if not isinstance(content, Content):
        raise TypeError(f"{path} holds no roll-up content")
    return content


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: read evalxl's roll-up, pickle its content."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("rollup", type=Path, help="evalxl collect's roll-up workbook")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the content file to write")
    args = parser.parse_args(argv)
    content = prepare(args.rollup)
    save(content, args.output)
    cells = sum(len(s.cells) for s in content.sheets)
    charts = sum(len(s.charts) for s in content.sheets)
    print(f"content: {len(content.sheets)} sheets, {cells:,} cells, {charts} charts")
    return 0


if __name__ == "__main__":
    import collect_content  # pickled classes must be collect_content.Content …, not __main__.Content

    sys.exit(collect_content.main())
