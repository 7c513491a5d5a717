"""manifest.csv keeps 项目编码 as text in a spreadsheet (``="00120"``), and a program reading it gets the
plain code (split.read_manifest). Opened with LibreOffice, as a double-click does (the text import's
defaults) and with formulas evaluated."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from builders import fund, indicator, project, write_book
from evalxl import api
from evalxl.delivery import split

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice not installed (CI installs it: .ci/run)"
)

CODES = ["330100240000012345", "00120", "1.5E3", "=1+1", '+1"2', "XM-001", ""]
NAMES = ["示例培训项目", "2024", "3-1", "@SUM(A1)", "第五个项目", "第六个项目", "第七个项目"]
# LibreOffice's CSV filter options: comma, ", UTF-8, from line 1, standard columns, default language,
# quoted fields not as text, no special numbers, (3 export tokens), then "evaluate formulas".
DOUBLE_CLICK = "44,34,76,1,,0,false,false,false,false,false,-1,false"  # registry CSVImport defaults
EVALUATE = "44,34,76,1,,0,false,false,false,false,false,-1,true"


def delivered(folder: Path) -> Path:
    """The manifest of a run of projects named NAMES with codes CODES (a code that starts with "="
    cannot be typed into a test workbook as text, so the codes are set on the scored projects)."""
    inds = [indicator("产出指标", "数量指标", "次数", "≥4 次", "4 次", name=n) for n in NAMES]
    source = write_book(
        folder / "in.xlsx",
        projects=[project(n) for n in NAMES],
        funds=[fund(n, budget=10, executed=10) for n in NAMES],
        indicators=inds,
    )
    result = api.evaluate_workbook(source)
    files = [
        split.SplitFile(folder / name, replace(p, project=replace(p.project, code=code)), "0" * 64)
        for name, p, code in zip(
            split.safe_file_names([p.project for p in result.projects]), result.projects, CODES, strict=True
        )
    ]
    manifest = folder / "manifest.csv"
    manifest.write_bytes(split.manifest_bytes(files))
    return manifest


def test_a_run_writes_the_codes_as_text_formulas(tmp_path: Path) -> None:
    source = write_book(tmp_path / "in.xlsx", projects=[project(项目编码="00120")])
    _result, written = api.deliver(
        source, tmp_path / "out.xlsx", api.Options(), api.Delivery(split_dir=tmp_path / "分发")
    )
    manifest = tmp_path / "分发" / "manifest.csv"
    assert manifest in written
    assert '\r\n001_00120_示例培训项目.xlsx,示例培训项目,"=""00120""",' in manifest.read_bytes().decode(
        "utf-8-sig"
    )
    assert split.read_manifest(manifest)[0]["项目编码"] == "00120"


def test_codes_are_text_formulas_and_read_back_plain(tmp_path: Path) -> None:
    manifest = delivered(tmp_path)
    raw = list(csv.DictReader(io.StringIO(manifest.read_bytes().decode("utf-8-sig"))))
    assert [r["项目编码"] for r in raw] == [
        '="330100240000012345"',
        '="00120"',
        '="1.5E3"',
        '="=1+1"',
        '="+1""2"',
        '="XM-001"',
        "",
    ]
    assert [r["项目名称"] for r in raw] == ["示例培训项目", '="2024"', '="3-1"', '="@SUM(A1)"', *NAMES[4:]]
    assert all(not r["文件"].startswith("=") and not r["SHA-256"].startswith("=") for r in raw)
    plain = split.read_manifest(manifest)
    assert [r["项目编码"] for r in plain] == CODES
    assert [r["项目名称"] for r in plain] == NAMES


def test_plain_text_undoes_both_guards() -> None:
    for text in ["00120", '="x"', "'=x", "=cmd", '"', "a" * 300, "=" + "a" * 300, "'x", ""]:
        assert split.plain_text(split._text(text, code=True)) == text
        assert split.plain_text(split._text(text)) == text
    assert split._text("=" + "a" * 300).startswith("'=")  # past Excel's 255 characters in a formula
    assert split._text("示例") == "示例"


def open_in_libreoffice(manifest: Path, options: str | None, folder: Path) -> list[list[object]]:
    """The manifest's cells as LibreOffice reads the CSV (``options`` None: its command-line default)."""
    assert SOFFICE is not None
    infilter = [f"--infilter=CSV:{options}"] if options else []
    profile = f"-env:UserInstallation=file://{folder / 'profile'}"
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            profile,
            *infilter,
            "--convert-to",
            "xlsx",
            "--outdir",
            str(folder),
            str(manifest),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    sheet = openpyxl.load_workbook(folder / "manifest.xlsx", data_only=True).active
    assert sheet is not None
    return [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]


@needs_soffice
@pytest.mark.parametrize("options", [EVALUATE, None])
def test_libreoffice_evaluating_formulas_shows_each_code_exactly_as_text(
    tmp_path: Path, options: str | None
) -> None:
    rows = open_in_libreoffice(delivered(tmp_path), options, tmp_path)
    code_column = split.MANIFEST_HEADERS.index("项目编码")
    assert [row[code_column] for row in rows] == [*CODES[:-1], None]


@needs_soffice
def test_libreoffice_double_click_keeps_each_code_as_text_with_its_digits(tmp_path: Path) -> None:
    """LibreOffice's text import evaluates no formula unless asked ("Evaluate formulas"): the cell
    then shows ="00120" — text, every digit kept, never a number (docs/sending.md says how to get
    the bare code)."""
    rows = open_in_libreoffice(delivered(tmp_path), DOUBLE_CLICK, tmp_path)
    code_column = split.MANIFEST_HEADERS.index("项目编码")
    codes = [row[code_column] for row in rows]
    assert codes[:-1] == [f'="{c}"'.replace('+1"2', '+1""2') for c in CODES[:-1]]
    assert all(isinstance(c, str) for c in codes[:-1])
