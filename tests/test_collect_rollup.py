"""The roll-up workbook (``evalxl collect``): 汇总 grouped by 主管部门 and unit with 小计 and 合计
(formulas with cached values), the disputed projects apart, 统计 with its charts, 来源 and 检查结果;
the same roll-up gives the same bytes; LibreOffice opens it and draws the charts."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from evalxl import contract
from evalxl.collect.places import in_file
from evalxl.collect.records import OUTPUT, SPLIT, STANDARD, UNREAD, CollectedProject, SourceFile
from evalxl.collect.rollup import Rollup, average_formula, grouped, sums, total_label, write_rollup
from evalxl.collect.rollup_stats import band_counts, below_unexplained, grade_counts, grade_names, lowest
from evalxl.contract.rollup_sheets import rollup_schema
from evalxl.contract.validator import problems
from evalxl.findings import Place, finding

ROOT = Path(__file__).resolve().parents[1]
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="LibreOffice and poppler not installed (CI installs them: .ci/run)",
)
ALL_SHEETS_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
# A LibreOffice profile that recalculates every formula of an xlsx on load (by default it shows the
# cached values): what LibreOffice computes from the formulas is then compared with what evalxl cached.
RECALC_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""
SHEETS = contract.output_sheets().rollup


def project(
    name: str,
    department: str,
    unit: str,
    budget: float | None,
    executed: float | None,
    score: float | None,
    grade: str = "",
    *,
    code: str = "",
    file: str = "农业局.xlsx",
    remark: str | None = "",
) -> CollectedProject:
    rate = executed / budget if budget and executed is not None else None
    return CollectedProject(
        file, name, code, department, unit, budget, executed, rate, score, grade, remark, "汇总!B3"
    )


# 3 departments, 5 units; one unscored project; amounts already in 万元 (a 元 file converted).
PROJECTS = (
    project("高标准农田建设", "农业农村局", "县农业农村局", 120.0, 110.5, 92.5, "优", code="NY-01"),
    project(
        "农机购置补贴",
        "农业农村局",
        "县农业农村局",
        80.0,
        60.0,
        78.25,
        "中",
        code="NY-02",
        remark="补贴申请少于预期",
    ),
    project(
        "动物防疫",
        "农业农村局",
        "县畜牧站",
        30.5,
        30.5,
        95.0,
        "优",
        code="NY-03",
        file="畜牧站.zip!结果.xlsx",
    ),
    project('=HYPERLINK("x")', "教育局", "第一中学", 50.0, 35.0, 85.0, "良", file="一中.xlsx", remark=None),
    project(
        "校舍维修", "教育局", "第二小学", 12.3456, 12.3456, None, file="二小.xlsx"
    ),  # 元 → 万元: 123456 元
    project("营养餐", "教育局", "第一中学", 40.0, 20.0, 55.0, "差", file="一中.xlsx"),
    project("道路养护", "交通运输局", "县公路中心", 200.0, 150.0, 88.0, "良", code="JT-01", file="公路.xlsx"),
)
DISPUTED = (
    project("乡村公路", "交通运输局", "县公路中心", 100.0, 90.0, 90.0, "优", code="JT-02", file="公路.xlsx"),
    project(
        "乡村公路", "交通运输局", "县公路中心", 100.0, 80.0, 85.0, "良", code="JT-02", file="公路_修订.xlsx"
    ),
)
SOURCES = (
    SourceFile(
        "农业局.xlsx",
        "a" * 64,
        OUTPUT,
        "0.9.0",
        "财预〔2020〕10号",
        "目标自评表",
        "2024",
        "万元",
        "b" * 64,
        ("县农业农村局",),
        2,
    ),
    SourceFile(
        "畜牧站.zip!结果.xlsx",
        "c" * 64,
        SPLIT,
        "0.9.0",
        "财预〔2020〕10号",
        "目标自评表",
        "2024",
        "元",
        "",
        ("县畜牧站",),
        1,
    ),
    SourceFile(
        "一中.xlsx",
        "d" * 64,
        STANDARD,
        "",
        "财预〔2020〕10号",
        "目标自评表",
        "2024",
        "万元",
        "",
        ("第一中学",),
        2,
    ),
    SourceFile("坏文件.xlsx", "e" * 64, UNREAD),
)
FINDINGS = (
    finding(
        "SELF_SCORE_DIFFERS",
        in_file("一中.xlsx", Place("指标", 2, 10)),
        self_score=14,
        computed=13.5,
        diff=0.5,
    ),
    finding("FILE_NOT_XLSX", in_file("坏文件.xlsx"), name="坏文件.xlsx", detail="不是 zip 文件"),
)
ROLLUP = Rollup(PROJECTS, DISPUTED, SOURCES, FINDINGS, "2024年", ("第三中学", "县水利局"))

SUMMARY_LABELS = [
    "高标准农田建设",
    "农机购置补贴",
    "小计（县农业农村局）",
    "动物防疫",
    "小计（县畜牧站）",
    "主管部门小计（农业农村局）",
    '=HYPERLINK("x")',
    "营养餐",
    "小计（第一中学）",
    "校舍维修",
    "小计（第二小学）",
    "主管部门小计（教育局）",
    "道路养护",
    "小计（县公路中心）",
    "主管部门小计（交通运输局）",
    "合计（另有 2 个有争议项目未计入，见检查结果）",
]


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("rollup") / "汇总.xlsx"
    write_rollup(out, ROLLUP)
    return out


def cached(path: Path, sheet: str) -> list[list[object]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def test_projects_grouped_by_department_then_unit_in_order_of_first_appearance() -> None:
    groups = grouped(PROJECTS)
    assert [(d, [u for u, _m in units]) for d, units in groups] == [
        ("农业农村局", ["县农业农村局", "县畜牧站"]),
        ("教育局", ["第一中学", "第二小学"]),
        ("交通运输局", ["县公路中心"]),
    ]
    assert [p.name for p in groups[1][1][0][1]] == ['=HYPERLINK("x")', "营养餐"]


def test_sums_weight_the_average_by_budget_over_scored_projects_only() -> None:
    education = [p for p in PROJECTS if p.department == "教育局"]
    got = sums(education)
    assert (got.budget, got.executed) == (102.3456, 67.3456)
    assert got.rate == pytest.approx(67.3456 / 102.3456)
    assert got.average == 71.67  # (50×85 + 40×55) / 90: 校舍维修 has no score and no weight
    assert sums([PROJECTS[4]]) == sums([PROJECTS[4]])  # one unscored project: no average
    assert sums([PROJECTS[4]]).average is None
    assert sums([]).rate is None
    assert (
        sums([project("a", "d", "u", 0.1, 0.2, 80.0), project("b", "d", "u", 0.2, 0.1, 90.0)]).budget == 0.3
    )
    assert total_label(0) == "合计"


def test_summary_rows_formulas_and_cached_values(book: Path) -> None:
    ws = openpyxl.load_workbook(book)["汇总"]
    assert [c.value for c in ws[2]] == list(SHEETS.summary_headers)
    labels = [ws.cell(row, 2).value for row in range(3, 3 + len(SUMMARY_LABELS))]
    assert labels == SUMMARY_LABELS
    assert ws["B9"].data_type == "s"  # a name starting with = is text, never a formula
    assert [ws.cell(row, 1).value for row in (3, 4, 6, 9)] == [1, 2, 3, 4]
    assert ws["K6"].value == "畜牧站.zip!结果.xlsx"
    # a unit's 小计 sums its rows; a department's and the 合计 sum the rows holding a 序号
    assert ws["F5"].value == "=SUM(F3:F4)"
    assert ws["H5"].value == '=IF(F5=0,"",G5/F5)'
    assert ws["F8"].value == '=SUMIF(A3:A7,">0",F3:F7)'
    assert ws["F18"].value == '=SUMIF(A3:A17,">0",F3:F17)'
    assert ws["I18"].value == average_formula(2, 16)
    assert "--ISNUMBER(A3:A17)" in ws["I18"].value and "ROUND(" in ws["I18"].value
    assert ws["H3"].value == '=IF(F3=0,"",G3/F3)'
    assert ws["I12"].value is None  # 校舍维修: no score, a blank cell
    values = cached(book, "汇总")
    by_label = {row[1]: row for row in values if isinstance(row[1], str)}
    total = by_label[SUMMARY_LABELS[-1]]
    expected = sums(PROJECTS)
    assert total[5:9] == [expected.budget, expected.executed, pytest.approx(expected.rate), expected.average]
    assert total[5:7] == [532.8456, 418.3456]
    assert by_label["主管部门小计（教育局）"][8] == 71.67
    assert by_label["小计（第二小学）"][8] == ""  # only an unscored project: no average
    assert by_label["小计（县农业农村局）"][5:9] == [200, 170.5, 0.8525, 86.8]


def test_disputed_projects_are_listed_after_the_total_and_not_summed(book: Path) -> None:
    ws = openpyxl.load_workbook(book)["汇总"]
    assert ws["A20"].value == "有争议的项目（未计入合计）"
    assert [(ws.cell(r, 2).value, ws.cell(r, 11).value) for r in (21, 22)] == [
        ("乡村公路", "公路.xlsx"),
        ("乡村公路", "公路_修订.xlsx"),
    ]
    assert ws["H21"].value == '=IF(F21=0,"",G21/F21)'
    notes = [ws.cell(r, 1).value for r in range(24, 29)]
    assert notes[0].startswith("小计、合计的得分为按全年预算数加权的平均得分")
    assert notes[1].startswith("1 个项目没有得分")
    assert notes[2].startswith("2 个项目在不同文件中数据不同")
    assert notes[3] == "文件数：4　项目数：7　错误：1　警告：1　提示：0"


def test_stats_counts() -> None:
    grades = grade_names([*PROJECTS, project("x", "教育局", "u", 1.0, 1.0, 70.0, "合格")])
    assert grades == ["优", "良", "中", "差", "合格"]
    assert grade_counts(PROJECTS, ["优", "良", "中", "差"]) == [
        ("农业农村局", [2, 0, 1, 0, 0]),
        ("教育局", [0, 1, 0, 1, 1]),
        ("交通运输局", [0, 1, 0, 0, 0]),
    ]
    # rates: 92.08%, 75%, 100%, 70%, 100%, 50%, 75%
    assert band_counts(PROJECTS, SHEETS.bands, SHEETS.no_rate) == [2, 1, 0, 3, 1, 0]
    assert band_counts([project("x", "d", "u", None, 1.0, None)], SHEETS.bands, SHEETS.no_rate)[-1] == 1
    assert [p.name for p in lowest(PROJECTS, 3)] == ["营养餐", "农机购置补贴", '=HYPERLINK("x")']
    empty, unknown = below_unexplained(PROJECTS, 0.9)
    assert [p.name for p in empty] == ["营养餐", "道路养护"]  # 农机购置补贴 says why
    assert [p.name for p in unknown] == ['=HYPERLINK("x")']


def test_stats_sheet_and_its_two_native_charts(book: Path) -> None:
    rows = cached(book, "统计")
    texts = [row[0] for row in rows]
    at = texts.index("主管部门")
    assert rows[at][:7] == ["主管部门", "优", "良", "中", "差", "未评分", "合计"]
    assert rows[at + 1][:7] == ["农业农村局", 2, 0, 1, 0, 0, 3]
    assert rows[at + 4][:7] == ["合计", 2, 2, 1, 1, 1, 7]
    band = texts.index("执行率")
    assert [r[:2] for r in rows[band + 1 : band + 7]] == [
        ["≥100%", 2],
        ["90%–100%", 1],
        ["80%–90%", 0],
        ["60%–80%", 3],
        ["<60%", 1],
        ["无预算或执行数", 0],
    ]
    low = texts.index("三、得分最低的 10 个项目")
    assert [r[1] for r in rows[low + 2 : low + 8]] == [
        "营养餐",
        "农机购置补贴",
        '=HYPERLINK("x")',
        "道路养护",
        "高标准农田建设",
        "动物防疫",
    ]
    assert "四、执行率低于 90% 且未说明原因的项目" in texts
    missing = texts.index("名称")
    assert texts[missing + 1 : missing + 3] == ["第三中学", "县水利局"]
    with zipfile.ZipFile(book) as archive:
        charts = sorted(n for n in archive.namelist() if n.startswith("xl/charts/chart"))
        xml = [archive.read(n).decode() for n in charts]
    assert len(charts) == 2
    assert "<c:barChart>" in xml[0] and '<c:grouping val="stacked"/>' in xml[0]
    assert f"统计!$A${at + 2}:$A${at + 4}" in xml[0]  # categories from the department cells
    assert xml[0].count("<c:ser>") == 5  # 优 良 中 差 未评分, each named by its header cell
    assert f"<c:f>统计!$F${at + 1}</c:f>" in xml[0]
    assert xml[1].count("<c:ser>") == 1 and f"统计!$B${band + 2}:$B${band + 7}" in xml[1]
    assert '<c:grouping val="clustered"/>' in xml[1]
    for chart, title in zip(xml, ("各主管部门项目等级", "执行率分布"), strict=True):
        assert f"<a:t>{title}</a:t>" in chart


def test_sources_and_checks(book: Path) -> None:
    sources = cached(book, "来源")
    assert sources[0] == list(SHEETS.sources_headers)
    assert sources[1] == [
        "农业局.xlsx",
        OUTPUT,
        "县农业农村局",
        "a" * 64,
        "0.9.0",
        "财预〔2020〕10号",
        "目标自评表",
        "2024",
        "万元",
        2,
    ]
    assert sources[2][8] == "元"  # the file's own unit; its amounts came converted
    assert sources[4][:2] == ["坏文件.xlsx", UNREAD] and sources[4][8:] == ["", 0]
    checks = cached(book, "检查结果")
    assert checks[0] == ["级别", "代码", "位置", "说明"]
    assert [tuple(row[1:3]) for row in checks[1:]] == [
        ("FILE_NOT_XLSX", "坏文件.xlsx"),
        ("SELF_SCORE_DIFFERS", "[一中.xlsx]指标!J2"),
    ]  # errors first
    assert openpyxl.load_workbook(book).sheetnames == ["汇总", "统计", "来源", "检查结果"]


def test_the_same_rollup_gives_the_same_bytes(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    again = tmp_path / "again.xlsx"
    write_rollup(again, ROLLUP)
    assert again.read_bytes() == book.read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1704067200")
    write_rollup(again, ROLLUP)
    assert again.read_bytes() != book.read_bytes()  # dated 2024-01-01
    assert openpyxl.load_workbook(again).properties.created.year == 2024


def test_a_rollup_of_nothing_read_is_still_a_workbook(tmp_path: Path) -> None:
    out = tmp_path / "空.xlsx"
    write_rollup(out, Rollup((), (), SOURCES[3:], FINDINGS[1:], ""))
    summary = cached(out, "汇总")
    assert summary[0][0] == "项目支出绩效自评汇总"
    assert summary[2][1:9] == ["合计", "", "", "", 0, 0, "", ""]
    assert openpyxl.load_workbook(out)["汇总"]["F3"].data_type == "n"  # nothing to sum: a number
    with zipfile.ZipFile(out) as archive:
        assert not [n for n in archive.namelist() if n.startswith("xl/charts/")]
    stats = [row[0] for row in cached(out, "统计")]
    assert stats.count("无") == 4 and "（未给出 --expect 名单时不检查）" in stats


def test_rollup_part_of_the_contract_is_checked() -> None:
    data = contract.parse((ROOT / "workbook_templates" / "output_sheets.toml").read_text("utf-8"), "x")[
        "rollup"
    ]
    assert problems(rollup_schema(), data) == []
    bands = data["stats"]["bands"]
    for broken in (
        [*bands[:-1], {"label": "<60%", "from": 0.0}],  # the last band must be open
        [bands[1], bands[0], *bands[2:]],  # from the highest down
        [{"label": "全部"}, *bands],  # only the last is open
    ):
        found = problems(rollup_schema(), {**data, "stats": {**data["stats"], "bands": broken}})
        assert [p.key for p in found] == ["stats.bands"]
    grades = {**data["stats"]["grades"], "headers": ["主管部门", "合计"]}
    found = problems(rollup_schema(), {**data, "stats": {**data["stats"], "grades": grades}})
    assert [p.key for p in found] == ["stats.grades.headers"]


def libreoffice(path: Path, to: str, folder: Path) -> None:
    """Convert ``path`` into ``folder`` with LibreOffice, headless, recalculating on load."""
    profile = folder / "lo-profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_PROFILE, encoding="utf-8")
    command = [str(SOFFICE), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", to]
    subprocess.run(
        [*command, "--outdir", str(folder), str(path)], check=True, capture_output=True, timeout=180
    )


def _number(text: str) -> float | str:
    if not text:
        return ""
    return float(text[:-1]) / 100 if text.endswith("%") else float(text)


@needs_libreoffice
def test_libreoffice_computes_the_cached_figures_from_the_formulas(book: Path, tmp_path: Path) -> None:
    libreoffice(book, ALL_SHEETS_CSV, tmp_path)
    with (tmp_path / "汇总-汇总.csv").open(encoding="utf-8") as handle:
        computed = [row for row in csv.reader(handle) if len(row) > 8 and row[1] in SUMMARY_LABELS]
    ours = [row for row in cached(book, "汇总") if row[1] in SUMMARY_LABELS]
    assert len(computed) == len(ours) == len(SUMMARY_LABELS)
    for theirs, mine in zip(computed, ours, strict=True):
        assert [_number(text) for text in theirs[5:9]] == [
            pytest.approx(v) if v != "" else "" for v in mine[5:9]
        ]
    assert computed[-1][1:9] == [
        SUMMARY_LABELS[-1],
        "",
        "",
        "",
        "532.8456",
        "418.3456",
        computed[-1][7],
        "85.12",
    ]


def _coloured_pixels(ppm: bytes) -> int:
    """Pixels of a binary PPM (P6) that are clearly coloured (not white, grey or black): chart bars."""
    header, _, rest = ppm.partition(b"\n255\n")
    width, height = (int(v) for v in header.split()[1:3])
    pixels = rest[: width * height * 3]
    return sum(
        1
        for i in range(0, len(pixels), 3 * 7)  # every 7th pixel is plenty
        if max(pixels[i : i + 3]) - min(pixels[i : i + 3]) > 60
    )


@needs_libreoffice
def test_libreoffice_prints_the_charts(book: Path, tmp_path: Path) -> None:
    libreoffice(book, "pdf", tmp_path)
    pdf = tmp_path / "汇总.pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = text.split("\f")
    grades_page = next(p for p in pages if "一、各主管部门项目等级" in p)
    lines = [line.strip() for line in grades_page.splitlines()]
    assert "各主管部门项目等级" in lines  # the chart's title (the table's title says more)
    assert "主管部门" in lines and "项目数" in lines  # its axis titles
    assert any(re.fullmatch(r"农业农村局\s+教育局\s+交通运输局", line) for line in lines)  # categories
    assert any(re.fullmatch(r"优\s*良\s*中\s*差\s*未评分", line) for line in lines)  # the legend
    rates_page = next(p for p in pages if "二、执行率分布" in p)
    lines = [line.strip() for line in rates_page.splitlines()]
    assert "执行率分布" in lines
    assert any(
        re.fullmatch(r"≥100%\s+90%–100%\s+80%–90%\s+60%–80%\s+<60%\s+无预算或执行数", line) for line in lines
    )
    number = pages.index(grades_page) + 1
    subprocess.run(
        ["pdftoppm", "-r", "40", "-f", str(number), "-l", str(number + 1), str(pdf), str(tmp_path / "page")],
        check=True,
        capture_output=True,
    )
    pictures = sorted(tmp_path.glob("page-*.ppm"))
    assert len(pictures) == 2
    assert all(_coloured_pixels(p.read_bytes()) > 100 for p in pictures)  # the bars are drawn
    summary_page = next(p for p in pages if "项目支出绩效自评汇总" in p)
    assert "合计（另有 2 个有争议项目未计入，见检查结果）" in summary_page
