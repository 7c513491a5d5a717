"""A real office suite opens the output: LibreOffice (headless) reads every sheet of the seed
sample's result and prints its forms to PDF. CI installs LibreOffice and poppler (see .ci/run);
on a machine without them these tests are skipped and say why."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from builders import indicator, write_book
from evalxl import api
from evalxl.cli import main
from test_split import xref_offsets_hold

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


# --------------------------------------------------------------------------- evalxl run --pdf

POPPLER = shutil.which("pdftotext") is not None and shutil.which("pdfinfo") is not None
needs_poppler = pytest.mark.skipif(
    not POPPLER, reason="poppler-utils not installed (CI installs it: .ci/run)"
)
FORM_TITLE = "项目支出绩效目标自评表"


def pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def pdf_info(pdf: Path) -> str:
    """``pdfinfo`` of every page; poppler must read the file without a complaint."""
    done = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "99", str(pdf)], capture_output=True, text=True, check=True
    )
    assert done.stderr == "", done.stderr
    return done.stdout


def run_pdf(folder: Path, source: Path = ROOT / "samples" / "seed-2023.xlsx") -> list[Path]:
    out = folder / "seed.xlsx"
    result = CliRunner().invoke(
        main, ["run", str(source), "-o", str(out), "--split", str(folder / "d"), "--pdf"]
    )
    assert result.exit_code == 0, result.output
    return [
        Path(line.removeprefix("已写出："))
        for line in result.stdout.splitlines()
        if line.startswith("已写出：")
    ]


@pytest.fixture(scope="module")
def seed_pdf_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], list[Path]]:
    """The seed sample run twice with --split and --pdf: every file written, per run."""
    return run_pdf(tmp_path_factory.mktemp("a")), run_pdf(tmp_path_factory.mktemp("b"))


@needs_poppler
def test_pdf_option_prints_each_form_on_one_a4_page(seed_pdf_runs: tuple[list[Path], list[Path]]) -> None:
    written = seed_pdf_runs[0]
    pdfs = [p for p in written if p.suffix == ".pdf"]
    assert [p.stem for p in pdfs] == [p.stem for p in written if p.suffix == ".xlsx"]  # one per workbook
    info = pdf_info(pdfs[0])
    pages = pdf_pages(pdfs[0])
    # 汇总, four forms one page each, 计算过程 (legible since issue 14: several pages), 检查结果
    trace = [number for number, page in enumerate(pages, start=1) if "计算方法" in page]
    assert trace == list(range(6, len(pages))) and len(trace) >= 2
    assert len(re.findall(r"Page +\d+ size: +[\d.]+ x [\d.]+ pts \(A4\)", info)) == len(pages)
    assert "CreationDate:    Sat Jan  1 00:00:00 2000 UTC" in info
    forms = [(number, page) for number, page in enumerate(pages, start=1) if FORM_TITLE in page]
    assert [number for number, _ in forms] == [2, 3, 4, 5]
    for number, page in forms:
        assert "（2023年度）" in page and "项目支出名称" in page and "负责人及电话" in page
        assert "注：1、其他资金" in page and "3、定性指标" in page
        assert re.search(rf"第\s*{number}\s*页\s*共\s*{len(pages)}\s*页", page), page[-80:]
    for split_pdf in pdfs[1:]:  # 汇总, the form, 计算过程 (one page or more), 检查结果
        split_pages = pdf_pages(split_pdf)
        assert f"Pages:           {len(split_pages)}" in pdf_info(split_pdf)
        assert FORM_TITLE in split_pages[1] and all(FORM_TITLE not in page for page in split_pages[2:])
        assert [n for n, page in enumerate(split_pages) if "计算方法" in page] == list(
            range(2, len(split_pages) - 1)
        )
        assert re.search(r"第\s*1\s*页", split_pages[0])


def test_pdf_option_gives_the_same_bytes_twice(seed_pdf_runs: tuple[list[Path], list[Path]]) -> None:
    first, second = seed_pdf_runs
    assert [p.name for p in first] == [p.name for p in second]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
        if a.suffix == ".pdf":
            assert xref_offsets_hold(a.read_bytes()), a.name


@needs_poppler
def test_a_form_longer_than_a_page_repeats_its_title_rows(tmp_path: Path) -> None:
    rows = [indicator("产出指标", "数量指标", f"开展培训第{n}期", "≥4 次", "4 次") for n in range(1, 61)]
    written = run_pdf(tmp_path, write_book(tmp_path / "long.xlsx", indicators=rows))
    pages = [page for page in pdf_pages(written[-1]) if "开展培训第" in page and "计算方法" not in page]
    assert len(pages) >= 2
    for page in pages:
        assert (
            FORM_TITLE in page
            and "（2024年度）" in page
            and "项目支出名称" in page
            and "示例培训项目" in page
        )
    assert "开展培训第60期" in pages[-1] and "开展培训第60期" not in pages[0]
