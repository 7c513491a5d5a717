"""End-to-end golden cases (csvkit style): input workbook → `evalxl run` → CSV of the output's cells.

The expected CSVs in tests/golden/ are small and reviewed by eye. After a deliberate change,
regenerate them with `EVALXL_UPDATE_GOLDEN=1 make test` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from builders import write_book
from evalxl.cli import main
from sheets_csv import sheet_csv

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).with_name("golden")

CASES = {
    # case: (input maker, sheets to compare)
    "worked-check": (
        lambda tmp: write_book(tmp / "input.xlsx"),
        ["汇总", "示例培训项目", "计算过程", "检查结果"],
    ),
    "seed-2023": (
        lambda tmp: ROOT / "samples" / "seed-2023.xlsx",
        ["汇总", "县级领导挂点联系经费", "检查结果"],
    ),
    "county-2024": (
        lambda tmp: ROOT / "samples" / "county-2024.xlsx",
        ["汇总", "桐溪县农业农村局（部门整体）", "桐溪县水利局（部门整体）", "计算过程", "检查结果"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_golden(case: str, tmp_path: Path) -> None:
    make_input, sheets = CASES[case]
    out = tmp_path / "out.xlsx"
    result = CliRunner().invoke(main, ["run", str(make_input(tmp_path)), "-o", str(out)])
    assert result.exit_code == 0, result.output
    for sheet in sheets:
        expected = GOLDEN / case / f"{sheet}.csv"
        actual = sheet_csv(out, sheet)
        if os.environ.get("EVALXL_UPDATE_GOLDEN"):
            expected.parent.mkdir(parents=True, exist_ok=True)
            expected.write_text(actual, encoding="utf-8")
        assert actual == expected.read_text(encoding="utf-8"), f"{case}/{sheet}.csv differs"
