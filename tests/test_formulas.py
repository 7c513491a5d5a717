"""Every formula evalxl writes carries its cached value, so every reader shows the number."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
from python_calamine import CalamineWorkbook

from evalxl import api

ROOT = Path(__file__).resolve().parents[1]


def test_formulas_have_cached_values_for_every_reader(tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    api.run(ROOT / "samples" / "county-2024.xlsx", out)
    formulas = openpyxl.load_workbook(out)["汇总"]
    cached = openpyxl.load_workbook(out, data_only=True)["汇总"]
    written = [c.coordinate for row in formulas.iter_rows() for c in row if c.data_type == "f"]
    assert written, "the 汇总 sums, rates and averages are formulas"
    assert all(cached[ref].value not in (None, "") for ref in written)
    frame = pd.read_excel(out, sheet_name="汇总", header=1, engine="openpyxl")
    total = frame[frame["项目名称"] == "合计"].iloc[0]
    assert (total["全年预算数（万元）"], total["全年执行数（万元）"]) == (800, 706.6)
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("汇总").to_python()
    assert any(row[1] == "合计" and row[5] == 800 for row in rows)
