"""Does the floor write the same content as evalxl? Two workbooks compared with openpyxl.

``python benchmarks/parity.py EVALXL.xlsx FLOOR.xlsx`` prints every difference (at most 20) in
sheet names, cell values (formulas as their text), cell formats (font, alignment, number format,
borders, fill), merged ranges, column widths, row heights, frozen panes, filters, print setup and
document properties; exit 1 when there is one. ``run.py`` applies it to split files and, at the
smaller sizes, to the output workbooks of each run.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

SHOWN = 20  # differences listed at most


@dataclass
class Parity:
    """What was compared and what differed."""

    cells: int = 0
    merged: int = 0
    heights: int = 0
    differences: list[str] = field(default_factory=list)
    more: int = 0  # differences not listed

    def differ(self, where: str, ours: Any, theirs: Any) -> None:
        """Note a difference (evalxl's value first)."""
        if len(self.differences) < SHOWN:
            self.differences.append(f"{where}: evalxl {ours!r}, floor {theirs!r}")
        else:
            self.more += 1

    @property
    def same(self) -> bool:
        """No difference at all."""
        return not self.differences

    def summary(self) -> str:
        """One line: what was compared, and the differences."""
        head = f"{self.cells:,} cells, {self.merged:,} merged ranges, {self.heights:,} row heights compared"
        if self.same:
            return f"{head}: identical"
        extra = f" (and {self.more} more)" if self.more else ""
        return f"{head}: {len(self.differences) + self.more} difference(s){extra}: " + "; ".join(
            self.differences
        )


def cell_format(cell: Cell) -> tuple[Any, ...]:
    """What a cell looks like: font, alignment, number format, borders, fill."""
    font, align, border = cell.font, cell.alignment, cell.border
    fill = cell.fill.fgColor.rgb if cell.fill.fill_type else None
    sides = (border.left.style, border.right.style, border.top.style, border.bottom.style)
    return (
        font.name,
        font.sz,
        font.b,
        align.horizontal,
        align.vertical,
        align.wrap_text,
        cell.number_format,
        sides,
        fill,
    )


def cells(ws: Worksheet) -> dict[str, tuple[Any, tuple[Any, ...]]]:
    """Every cell that has a value or a format: coordinate -> (value, format)."""
    found = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is not None or cell.has_style:
                found[cell.coordinate] = (cell.value, cell_format(cell))
    return found


def sheet_setup(ws: Worksheet) -> dict[str, Any]:
    """Widths, heights, panes, filter and print setup of a sheet."""
    page, margins = ws.page_setup, ws.page_margins
    return {
        "column widths": {key: dim.width for key, dim in ws.column_dimensions.items() if dim.width},
        "row heights": {key: dim.height for key, dim in ws.row_dimensions.items() if dim.height},
        "merged ranges": sorted(str(r) for r in ws.merged_cells.ranges),
        "frozen panes": ws.freeze_panes,
        "filter": ws.auto_filter.ref,
        "paper": (page.paperSize, page.orientation, page.fitToWidth, page.fitToHeight),
        "fit to page": ws.sheet_properties.pageSetUpPr.fitToPage if ws.sheet_properties.pageSetUpPr else None,
        "margins": (margins.left, margins.right, margins.top, margins.bottom),
        "print titles": (ws.print_title_rows, ws.print_title_cols),
        "print area": ws.print_area,
        "footer": ws.oddFooter.center.text,
        "centered": ws.print_options.horizontalCentered,
        "gridlines": ws.sheet_view.showGridLines,
    }


def properties(book: Any) -> tuple[Any, ...]:
    """The document properties a reader sees."""
    p = book.properties
    return (p.title, p.subject, p.creator, p.keywords, p.description, p.created)


def compare_sheet(result: Parity, name: str, ours: Worksheet, theirs: Worksheet) -> None:
    """Add the differences of one sheet to ``result``."""
    a, b = cells(ours), cells(theirs)
    result.cells += len(a)
    for coordinate in sorted(a.keys() | b.keys(), key=lambda c: (len(c), c)):
        if a.get(coordinate) != b.get(coordinate):
            result.differ(f"{name}!{coordinate}", a.get(coordinate), b.get(coordinate))
    setup_a, setup_b = sheet_setup(ours), sheet_setup(theirs)
    result.merged += len(setup_a["merged ranges"])
    result.heights += len(setup_a["row heights"])
    for key, value in setup_a.items():
        if value != setup_b[key]:
            result.differ(f"{name} {key}", value, setup_b[key])


def compare(evalxl_path: Path, floor_path: Path) -> Parity:
    """Every difference between the workbook evalxl wrote and the one the floor wrote."""
    result = Parity()
    ours, theirs = openpyxl.load_workbook(evalxl_path), openpyxl.load_workbook(floor_path)
    if ours.sheetnames != theirs.sheetnames:
        result.differ("sheets", ours.sheetnames, theirs.sheetnames)
    for name in ours.sheetnames:
        if name in theirs.sheetnames:
            compare_sheet(result, name, ours[name], theirs[name])
    if properties(ours) != properties(theirs):
        result.differ("document properties", properties(ours), properties(theirs))
    return result


def spread(paths: Sequence[Path], count: int) -> Iterator[Path]:
    """``count`` paths spread evenly over ``paths`` (first and last included)."""
    if len(paths) <= count:
        yield from paths
        return
    for index in range(count):
        yield paths[round(index * (len(paths) - 1) / (count - 1))]


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: compare two workbooks; exit 1 when they differ."""
    args = sys.argv[1:] if argv is None else list(argv)
    if len(args) != 2:
        print("usage: parity.py EVALXL.xlsx FLOOR.xlsx", file=sys.stderr)
        return 2
    result = compare(Path(args[0]), Path(args[1]))
    print(result.summary())
    return 0 if result.same else 1


if __name__ == "__main__":
    sys.exit(main())
