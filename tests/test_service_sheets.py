"""计算过程 printed legibly (issue 14): bounded columns whose text wraps, rows as tall as their text,
one A4 landscape page wide at a scale that keeps the text at 8.5 pt or more, the header on every page."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from evalxl import api, contract
from evalxl.exporting import layout as layouts
from evalxl.exporting import write_workbook
from evalxl.exporting.cells import display_width
from evalxl.exporting.service_sheets import wrapped_lines

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ("seed-2023", "county-2024")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
A4_LONG_SIDE = 11.69  # inches
DEFAULT_ROW = 15.0  # points: a row evalxl leaves at Excel's default height (Calibri 11)


def column_widths(ws: Worksheet) -> dict[str, float]:
    """Each column's width as stored (a ``<col>`` may cover several columns)."""
    widths = {}
    for dimension in ws.column_dimensions.values():
        for col in range(dimension.min, dimension.max + 1):
            widths[get_column_letter(col)] = dimension.width
    return widths


def pixels(stored: float) -> float:
    """A column's width in pixels, as Excel draws it: the stored width counts characters of 7 pixels
    (Calibri 11) and already holds the 5 pixels of margin (XlsxWriter stores w + 5/7 for width w)."""
    return stored * 7


@pytest.fixture(scope="module", params=SAMPLES)
def written(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp(request.param)
    _result, path = api.run(ROOT / "samples" / f"{request.param}.xlsx", folder / "out.xlsx")
    assert path is not None
    return path


def test_wrapped_lines() -> None:
    assert wrapped_lines("", 10) == 1
    assert wrapped_lines("培训场次", 10) == 1  # 8 units in 9 usable
    assert wrapped_lines("培训场次培训场次", 10) == 2  # 16 units
    assert wrapped_lines("一\n二\n三", 30) == 3
    assert wrapped_lines("aaaa bbbb cccc", 10) == 2  # words are not broken: "aaaa bbbb" / "cccc"
    assert wrapped_lines("aaaaaaa bbbbbbb", 10) == 2  # "aaaaaaa" / "bbbbbbb", not 15 / 9 = 2 by luck
    assert wrapped_lines("aaaaaaa bbbbbbb ccccccc", 12) == 3  # by characters it would be 2
    assert wrapped_lines("x" * 25, 10) == 3  # a word wider than the column is broken anywhere


def test_trace_prints_one_page_wide_at_85_percent_or_more(written: Path) -> None:
    ws = openpyxl.load_workbook(written)["计算过程"]
    headers = contract.output_sheets().trace.headers
    stored = column_widths(ws)
    widths = [stored[get_column_letter(col)] for col in range(1, len(headers) + 1)]
    margins = ws.page_margins
    page = (A4_LONG_SIDE - margins.left - margins.right) * 96
    scale = page / sum(pixels(width) for width in widths)
    size = ws["A2"].font.sz
    assert scale >= 0.85 and size * scale >= 8.5, (scale, size)
    assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0  # None: 1, the default
    assert ws.print_title_rows == "$1:$1"
    assert ws.print_options.gridLines


def test_no_trace_text_is_clipped(written: Path) -> None:
    """Every text wraps within its column, and its row is at least as tall as its lines need."""
    ws = openpyxl.load_workbook(written)["计算过程"]
    widths = column_widths(ws)
    line = layouts.get("目标自评表").style.line_height
    checked = 0
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                lines = wrapped_lines(cell.value, widths[cell.column_letter] - 0.7)
                height = ws.row_dimensions[cell.row].height or DEFAULT_ROW
                assert cell.alignment.wrap_text, cell.coordinate
                assert height >= lines * line_height_at_least(line), (cell.coordinate, lines, height)
                checked += 1 if lines > 1 else 0
    assert checked > 50  # long texts were wrapped, not just short ones passing


def line_height_at_least(line: float) -> float:
    """A line of the layout's 10 pt text needs at least this many points (LibreOffice draws 13)."""
    return min(line, 13.0)


def test_numbers_are_not_hidden_behind_hashes(written: Path) -> None:
    """Figures fit their columns in their number formats: Excel prints ### for one that does not."""
    ws = openpyxl.load_workbook(written, data_only=True)["计算过程"]
    widths = column_widths(ws)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, int | float):
                text = f"{cell.value * (100 if '%' in cell.number_format else 1):,.2f}"
                width = widths[cell.column_letter]
                assert display_width(text) + 1 <= width, (cell.coordinate, text, width)


def test_a_large_amount_widens_its_column(tmp_path: Path) -> None:
    """A 全年预算数 in 元 of hundreds of millions widens 年度指标值 so that it is not printed ###."""
    result, _ = api.run(ROOT / "samples" / "county-2024.xlsx", tmp_path / "a.xlsx")
    big = replace(result.projects[0], budget=123456789.25, executed=98765432.5)
    write_workbook(replace(result, projects=(big, *result.projects[1:])), tmp_path / "b.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "b.xlsx")["计算过程"]
    widths = column_widths(ws)
    assert ws["E2"].value == 123456789.25
    assert widths["E"] >= len("123,456,789.25") + 1
    assert widths["F"] >= len("98,765,432.50") + 1
    assert widths["D"] < len(
        "123,456,789.25"
    )  # the other columns keep theirs  # the other columns keep theirs


@pytest.mark.skipif(SOFFICE is None or shutil.which("pdftotext") is None, reason="LibreOffice not installed")
def test_libreoffice_prints_the_trace_with_its_header_on_every_page(written: Path, tmp_path: Path) -> None:
    """Rendered: each page of 计算过程 carries the whole header row (one page wide) and page numbers."""
    book = openpyxl.load_workbook(written)
    for title in book.sheetnames:
        if title != "计算过程":
            del book[title]
    alone = tmp_path / "trace.xlsx"
    book.save(alone)
    command = [str(SOFFICE), "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(alone)]
    subprocess.run(command, capture_output=True, check=True, timeout=180)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "trace.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = [re.sub(r"\s+", "", page) for page in text.split("\f")[:-1]]
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        for header in contract.output_sheets().trace.headers:
            assert header in page, (number, header)
        assert f"第{number}页共{len(pages)}页" in page
