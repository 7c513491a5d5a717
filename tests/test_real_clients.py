"""A real office suite opens the output: LibreOffice (headless) reads every sheet of the seed
sample's result and prints its forms to PDF. CI installs LibreOffice and poppler (see .ci/run);
on a machine without them these tests are skipped and say why."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest

from evalxl import api

ROOT = Path(__file__).resolve().parents[1]
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice not installed (CI installs it: .ci/run)")

SEED_PROJECTS = {
    "老工商业者及遗孀生活困难补助": "6",
    "商会建设和企业家关怀": "17",
    "非公经济“考察调研、教育培训、维权服务”等工作经费": "15.2",
    "县级领导挂点联系经费": "2",
}
ALL_SHEETS_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def convert(path: Path, to: str, tmp_path: Path) -> None:
    profile = (tmp_path / "lo-profile").as_uri()
    cmd = [
        str(SOFFICE),
        f"-env:UserInstallation={profile}",
        "--headless",
        "--convert-to",
        to,
        "--outdir",
        str(tmp_path),
        str(path),
    ]
    subprocess.run(cmd, check=True, capture_output=True, timeout=180)


@pytest.fixture(scope="module")
def seed_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("lo") / "seed.xlsx"
    _result, written = api.run(ROOT / "samples" / "seed-2023.xlsx", out)
    assert written == out
    return out


def rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_libreoffice_reads_the_summary_and_four_forms(seed_output: Path, tmp_path: Path) -> None:
    convert(seed_output, ALL_SHEETS_CSV, tmp_path)
    summary = rows(tmp_path / "seed-汇总.csv")
    total = next(r for r in summary if len(r) > 1 and r[1] == "合计")
    assert total[5] == "40.2"  # 全年预算数 合计, computed by LibreOffice from the formula
    for name, budget in SEED_PROJECTS.items():
        form = rows(tmp_path / f"seed-{name}.csv")
        assert form[0][0] == "项目支出绩效目标自评表"
        assert [name, "杨柳春 15386276736"] == [form[2][2], form[2][6]]
        funds = next(r for r in form if r[2] == "年度资金总额")
        assert funds[3:6] == [budget, budget, "100%"]


def test_libreoffice_prints_each_form_on_one_page_wide(seed_output: Path, tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed (CI installs it: .ci/run)")
    convert(seed_output, "pdf", tmp_path)
    pdf = tmp_path / "seed.pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    form_pages = [p for p in pages if "项目支出绩效目标自评表" in p]
    assert len(form_pages) == 4  # one page per form: nothing spills onto a second page
    assert all("注：1、其他资金" in p and "绩效指标" in p for p in form_pages)
