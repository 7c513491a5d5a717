"""Reading: the xlsx file → the standard sheets' data rows as columns of cell values, and findings.

The stage's entry point is :func:`read_workbook`. It refuses a file that is not a readable xlsx
workbook or is over the limits (:class:`UnreadableWorkbook`, carrying the finding), finds each
sheet and its columns by header text and gives each sheet as a :class:`Table`. Nothing here knows
what the columns mean: that is the importer's job (:mod:`evalxl.importing`).

Modules: ``xlsx_file`` (the file, python-calamine), ``xlsx_meta`` (percent formats and formulas from
the sheet XML), ``limits``, ``cells`` (a cell and its text), ``table`` (a sheet's data rows by
column) and ``reader`` (sheets and headers).
"""

from evalxl.reading.cells import Cell, cell_text, normalize_header
from evalxl.reading.reader import ReadResult, read_workbook
from evalxl.reading.table import Table
from evalxl.reading.xlsx_file import UnreadableWorkbook

__all__ = [
    "Cell",
    "ReadResult",
    "Table",
    "UnreadableWorkbook",
    "cell_text",
    "normalize_header",
    "read_workbook",
]
