"""The 部门整体支出绩效自评表 as LibreOffice prints it (issue 13): one A4 page per department, its
headings, and the run's figures on the page. Skipped only when LibreOffice or poppler is missing."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from evalxl import api
from evalxl.delivery import pdf

ROOT = Path(__file__).resolve().parents[1]
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
POPPLER = shutil.which("pdftotext") is not None and shutil.which("pdfinfo") is not None
pytestmark = pytest.mark.skipif(
    SOFFICE is None or not POPPLER,
    reason="LibreOffice or poppler-utils not installed (CI installs them: .ci/run)",
)


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[api.RunResult, list[str], str]:
    folder = tmp_path_factory.mktemp("department")
    result, written = api.deliver(
        ROOT / "samples" / "county-2024.xlsx", folder / "county.xlsx", delivery=api.Delivery(pdf=True)
    )
    (made,) = [p for p in written if p.suffix == ".pdf"]
    assert made == pdf.pdf_path(folder / "county.xlsx")
    text = subprocess.run(["pdftotext", str(made), "-"], capture_output=True, text=True, check=True)
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "99", str(made)], capture_output=True, text=True, check=True
    )
    pages = [re.sub(r"\s+", "", page) for page in text.stdout.split("\f")[:-1]]  # wrapped cells joined
    return result, pages, info.stdout


def test_each_department_prints_on_one_a4_page(printed: tuple[api.RunResult, list[str], str]) -> None:
    _result, pages, info = printed
    forms = [number for number, page in enumerate(pages, start=1) if "部门整体支出绩效自评表" in page]
    assert forms == [6, 7]  # after the four project forms, one page each
    sizes = re.findall(r"Page +(\d+) size: +[\d.]+ x [\d.]+ pts \(A4\)", info)
    assert {"6", "7"} <= set(sizes)
    for number in forms:
        page = pages[number - 1]
        for heading in (
            "（2024年度）",
            "部门（单位）名称",
            "年度资金总额",
            "其中：基本支出",
            "项目支出",
            "年度总体目标",
            "总分",
        ):
            assert heading in page, (number, heading)
        assert f"第{number}页共{len(pages)}页" in page


def test_the_printed_figures_are_the_runs(printed: tuple[api.RunResult, list[str], str]) -> None:
    result, pages, _info = printed
    agri, water = result.department_results
    given, derived = pages[5], pages[6]
    assert "桐溪县农业农村局" in given and "桐溪县水利局" in derived
    for figure in ("3,410.50", "3,236.76", "1,260.50", "1,248.36", "2,150.00", "1,988.40", "94.91%", "18.98"):
        assert figure in given, figure
    for i in agri.indicators:
        assert i.level3 in given and f"{i.score:g}" in given
    assert f"{agri.score:g}" in given and f"自评等级：{agri.grade}" in given
    assert "按所属项目汇总得出" in derived and f"{water.score:g}" in derived and "85.00%" in derived
