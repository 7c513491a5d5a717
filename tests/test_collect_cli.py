"""``evalxl collect`` end to end: a bureau's mailbox of the samples' result workbooks, their split
files, a zip of them, a filled-in forms workbook and a corrupt file → one roll-up, its exit status,
the findings across files, --expect, --split/--zip, and LibreOffice printing the roll-up's charts."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from evalxl import api
from evalxl.cli import main
from test_collect_gather import make_zip
from test_collect_read import edited, set_cells

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
COUNTY = ["高素质农民培训", "农村人居环境整治提升", "农村饮水安全巩固提升", "小型水库安全运行管护"]
SEED = [
    "老工商业者及遗孀生活困难补助",
    "商会建设和企业家关怀",
    "非公经济“考察调研、教育培训、维权服务”等工作经费",
    "县级领导挂点联系经费",
]


def _invoke(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The samples run as units would: result workbooks and the county's split files."""
    folder = tmp_path_factory.mktemp("runs")
    assert api.deliver(
        SAMPLES / "county-2024.xlsx",
        folder / "桐溪县_自评结果.xlsx",
        api.Options(),
        api.Delivery(split_dir=folder / "分项目"),
    )[1]
    assert api.run(SAMPLES / "seed-2023.xlsx", folder / "工商联_自评结果.xlsx")[1]
    return folder


def _mailbox(outputs: Path, root: Path) -> Path:
    """来信/: the county's result and its split files in a subfolder, the seed's result in a zip with
    a GBK member name (as Windows' zip tool writes it), the forms sample, and a corrupt workbook."""
    mail = root / "来信"
    (mail / "农业").mkdir(parents=True)
    shutil.copy(outputs / "桐溪县_自评结果.xlsx", mail / "农业")
    shutil.copytree(outputs / "分项目", mail / "农业" / "分项目")
    make_zip(
        mail / "工商联.zip",
        [("工商联_自评结果.xlsx".encode("gbk"), (outputs / "工商联_自评结果.xlsx").read_bytes())],
    )
    (mail / "损坏.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    return mail


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run where the mail is, as a bureau does: files are named as given (``来信/…``)."""
    monkeypatch.chdir(tmp_path)


def _summary(path: Path) -> list[list[object]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name("汇总").to_python()


def _findings(path: Path) -> list[tuple[str, str]]:
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("检查结果").to_python()[1:]
    return [(str(r[1]), str(r[2])) for r in rows if r and r[1]]


def test_a_mailbox_gives_one_roll_up_each_project_once(outputs: Path, tmp_path: Path) -> None:
    _mailbox(outputs, tmp_path)
    out = tmp_path / "汇总.xlsx"
    code, output = _invoke("collect", "来信", "-o", out, "-q", "--workers", "2")
    assert code == 4, output  # the corrupt file was not read; the roll-up is written from the rest
    names = [row[1] for row in _summary(out) if isinstance(row[0], float | int) and row[0]]
    assert sorted(names) == sorted(COUNTY + SEED)
    found = _findings(out)
    assert ("FILE_NOT_XLSX", "来信/损坏.xlsx") in found
    copies = [place for code_, place in found if code_ == "COLLECT_COPY"]
    # the split files sort before their result workbook (分 < 桐): the first read counts, the other is the copy
    assert copies == [f"[来信/农业/桐溪县_自评结果.xlsx]汇总!B{row}" for row in (3, 4, 6, 7)]
    assert ("COLLECT_YEAR_DIFFERS", "来信/工商联.zip!工商联_自评结果.xlsx") in found
    sources = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("来源").to_python()
    assert (
        len(sources) - 1 == 1 + 4 + 1 + 1
    )  # the county's result, its 4 split files, the zip's, the corrupt one
    again = tmp_path / "again.xlsx"
    assert _invoke("collect", "来信", "-o", again, "-q", "--workers", "1")[0] == 4
    assert again.read_bytes() == out.read_bytes()  # the same mailbox, the same bytes, whatever the workers


def test_a_typed_over_score_is_an_edited_workbook(outputs: Path, tmp_path: Path) -> None:
    typed_over = lambda xml: set_cells(xml, {"I3": 88.0})  # noqa: E731  得分 of the first project
    edited(outputs / "工商联_自评结果.xlsx", tmp_path / "改过.xlsx", "汇总", typed_over)
    out = tmp_path / "汇总.xlsx"
    code, output = _invoke("collect", "改过.xlsx", "-o", out, "-q")
    assert code == 1, output
    assert ("COLLECT_EDITED", "[改过.xlsx]汇总!I3") in _findings(out)


def test_two_versions_nothing_decides_are_disputed_and_left_out(outputs: Path, tmp_path: Path) -> None:
    first, second = Path("一.xlsx"), Path("二.xlsx")
    shutil.copy(outputs / "工商联_自评结果.xlsx", first)
    book = openpyxl.load_workbook(SAMPLES / "seed-2023.xlsx")
    book["资金"]["F2"] = 5  # 全年执行数 of the first project: another version of the same year
    book.save("input.xlsx")
    api.run(Path("input.xlsx"), second)
    out = tmp_path / "汇总.xlsx"
    code, _output = _invoke("collect", first, second, "-o", out, "-q")
    assert code == 1
    found = _findings(out)
    assert ("COLLECT_DISPUTED", "[一.xlsx]汇总!B3") in found and (
        "COLLECT_DISPUTED",
        "[二.xlsx]汇总!B3",
    ) in found
    total = next(row for row in _summary(out) if str(row[1]).startswith("合计"))
    assert "有争议" in str(total[1])
    assert total[5] == pytest.approx(17 + 15.2 + 2)  # the disputed project is in no sum


def test_expect_names_who_sent_nothing(outputs: Path, tmp_path: Path) -> None:
    expect = Path("应报送.xlsx")
    book = openpyxl.Workbook()
    book.active.title = "名单"
    for row in (["项目实施单位"], ["芷江侗族自治县工商业联合会"], ["芷江侗族自治县财政局"]):
        book.active.append(row)
    book.save(expect)
    out = tmp_path / "汇总.xlsx"
    _invoke("collect", outputs / "工商联_自评结果.xlsx", "-o", out, "-q", "--expect", expect)
    assert [f for f in _findings(out) if f[0] == "EXPECT_NOT_SENT"] == [
        ("EXPECT_NOT_SENT", "[应报送.xlsx]名单!A3")
    ]


def test_split_and_zip_write_one_workbook_per_counted_project(outputs: Path, tmp_path: Path) -> None:
    _mailbox(outputs, tmp_path)
    folder, bundle = tmp_path / "分项目", tmp_path / "全部.zip"
    _invoke("collect", "来信", "-o", tmp_path / "汇总.xlsx", "-q", "--split", folder, "--zip", bundle)
    files = sorted(p.name for p in folder.iterdir())
    assert len(files) == 9 and files[-1] == "manifest.csv"
    assert files[0].startswith("001_2024-NY-0107_")  # the code from the result's 汇总 (forms print none)
    assert sorted(zipfile.ZipFile(bundle).namelist()) == files


def test_usage_problems_exit_2(outputs: Path, tmp_path: Path) -> None:
    assert _invoke("collect", tmp_path / "没有这个文件夹", "-o", tmp_path / "o.xlsx")[0] == 2
    copy = tmp_path / "r.xlsx"
    shutil.copy(outputs / "工商联_自评结果.xlsx", copy)
    assert _invoke("collect", copy, "-o", copy)[0] == 2
    assert _invoke("collect", copy, "-o", tmp_path / "o.xlsx", "--rules", "没有这个规则")[0] == 2


def test_an_earlier_roll_up_in_the_folder_is_not_read_again(outputs: Path, tmp_path: Path) -> None:
    folder = tmp_path / "收件"
    folder.mkdir()
    shutil.copy(outputs / "工商联_自评结果.xlsx", folder)
    out = folder / "汇总.xlsx"
    assert _invoke("collect", folder, "-o", out, "-q")[0] == 0
    assert _invoke("collect", folder, "-o", out, "-q")[0] == 0  # the roll-up beside them is passed over


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdftotext") is None,
    reason="LibreOffice or poppler not installed (CI installs both: .ci/run)",
)
def test_libreoffice_prints_the_roll_up_with_its_charts(outputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "汇总.xlsx"
    _invoke("collect", _mailbox(outputs, tmp_path), "-o", out, "-q")
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [str(SOFFICE), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
         str(tmp_path), str(out)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "汇总.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "各主管部门项目等级" in text and "执行率分布" in text  # the two charts' titles
    assert "桐溪县农业农村局" in text and "高素质农民培训" in text


def test_a_project_known_only_from_a_summary_gets_no_split_file(tmp_path: Path) -> None:
    no_forms = tmp_path / "无表.xlsx"
    api.deliver(SAMPLES / "seed-2023.xlsx", no_forms, api.Options(), api.Delivery(forms=False))
    _invoke("collect", "无表.xlsx", "-o", "汇总.xlsx", "-q", "--split", "分项目")
    assert [f for f in _findings(tmp_path / "汇总.xlsx") if f[0] == "COLLECT_NOT_SPLIT"] == [
        ("COLLECT_NOT_SPLIT", "无表.xlsx")
    ] * 4
    assert [p.name for p in (tmp_path / "分项目").iterdir()] == ["manifest.csv"]
