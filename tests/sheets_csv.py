"""Turn an output workbook into CSV text per sheet (cached values, as a reader sees them)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import openpyxl

_SHA = re.compile(r"SHA-256：[0-9a-f]{64}")


def shown(value: Any) -> str:
    """A cell value as text: floats rounded to 10 significant digits, None as empty, and the input's
    SHA-256 masked (a test-built input differs in bytes from run to run; test_cli checks the hash)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.10g}"
    return _SHA.sub("SHA-256：…", str(value))


def sheet_csv(path: Path, sheet: str) -> str:
    """The sheet's cells as CSV, one line per row, trailing blanks dropped."""
    ws = openpyxl.load_workbook(path, data_only=True)[sheet]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in ws.iter_rows(values_only=True):
        cells = [shown(v) for v in row]
        while cells and not cells[-1]:
            cells.pop()
        writer.writerow(cells)
    return out.getvalue()
