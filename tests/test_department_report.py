"""The department's 整体支出绩效自评报告 (evalxl.reports.department, issue 13): every figure is the
run's (given in the 部门 sheet, or derived from its projects and said so), the seed's 附件1 outline
in order, placeholders marked and counted, its projects and its form as tables, safe file names,
the same bytes twice, the letter naming it first, and LibreOffice's PDF of it."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from docx.document import Document
from docx.shared import Pt

from evalxl.api import evaluate_workbook
from evalxl.contract.report_schema import report_style
from evalxl.department import ScoredDepartment
from evalxl.model import RunResult
from evalxl.reports import covering_letter, department_report, department_report_names, write_reports
from evalxl.reports.department import department_title, member_projects
from evalxl.reports.project import missed, report_title
from evalxl.reports.style import PLACEHOLDER
from test_reports import (  # the reports' figures, read independently
    SOFFICE,
    amount,
    num,
    pct,
    printed,
    text_of,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ("seed-2023.xlsx", "county-2024.xlsx")


@pytest.fixture(scope="module", params=SAMPLES)
def result(request: pytest.FixtureRequest) -> RunResult:
    return evaluate_workbook(ROOT / "samples" / request.param)


@pytest.fixture(scope="module")
def county() -> RunResult:
    return evaluate_workbook(ROOT / "samples" / "county-2024.xlsx")


def named(result: RunResult, name: str) -> ScoredDepartment:
    return next(d for d in result.department_results if d.name == name)


# --------------------------------------------------------------------------- figures


def test_every_figure_of_a_department_is_the_runs(result: RunResult) -> None:
    unit = result.settings.money_unit
    assert result.department_results
    for dept in result.department_results:
        doc = department_report(dept, result)
        text = text_of(doc)
        assert dept.rate is not None and dept.score is not None
        assert (
            f"全年预算数 {amount(dept.budget)} {unit}，全年执行数 {amount(dept.executed)} {unit}，执行率 {pct(dept.rate)}"
            in text
        )
        assert f"总分 {num(dept.score)} 分" in text and f"为“{dept.grade}”" in text
        members = member_projects(dept, result)
        assert f"项目共 {len(members)} 个" in text
        rows = [[cell.text for cell in row.cells] for row in doc.tables[0].rows[1:]]
        assert rows == [
            [
                str(k),
                p.project.name,
                amount(p.budget),
                amount(p.executed),
                pct(p.rate or 0),
                num(p.score or 0),
                p.grade,
            ]
            for k, p in enumerate(members, start=1)
        ]
        if dept.derived:
            assert "按所属项目汇总得出" in text and "基本支出不详" in text
            assert "预算执行率分值" not in text
        else:
            for line in (dept.basic, dept.projects):
                assert line is not None and line.rate is not None
                expected = f"{line.label}全年预算数 {amount(line.budget)} {unit}，全年执行数 {amount(line.executed)} {unit}，执行率 {pct(line.rate)}"
                assert expected in text
            assert "按所属项目汇总得出" not in text
            for ind in dept.indicators:
                assert ind.weight is not None and ind.score is not None
                line_text = f"“{ind.level3}”：年度指标值 {ind.target}，全年完成值 {ind.actual}，分值 {num(ind.weight)} 分，得分 {num(ind.score)} 分。"
                assert line_text in text


def test_the_seeds_derived_department() -> None:
    result = evaluate_workbook(ROOT / "samples" / "seed-2023.xlsx")
    (dept,) = result.department_results
    assert dept.derived
    text = text_of(department_report(dept, result))
    assert "2023年度芷江侗族自治县工商业联合会整体支出绩效自评报告" in text
    assert "全年预算数 40.2 万元，全年执行数 40.2 万元，执行率 100.00%" in text
    assert "以上数据按所属项目汇总得出（4 个项目的全年预算数、全年执行数之和）" in text
    assert (
        "部门整体支出总分 100 分（按所属项目汇总得出：4 个项目总分按全年预算数加权平均），等级为“优”" in text
    )
    assert "本部门未填写“部门指标”表" in text


def test_the_countys_given_and_derived_departments(county: RunResult) -> None:
    given = text_of(department_report(named(county, "桐溪县农业农村局"), county))
    assert "全年预算数 3410.5 万元，全年执行数 3236.76 万元，执行率 94.91%。年初预算数 3080 万元。" in given
    assert "其中基本支出全年预算数 1260.5 万元，项目支出全年预算数 2150 万元。" in given
    assert "基本支出全年预算数 1260.5 万元，全年执行数 1248.36 万元，执行率 99.04%。" in given
    assert "项目支出全年预算数 2150 万元，全年执行数 1988.4 万元，执行率 92.48%。" in given
    assert "项目共 2 个，全年预算数合计 200 万元，全年执行数合计 196.6 万元，执行率 98.30%" in given
    assert "预算执行率分值 20 分，得分 18.98 分。" in given
    assert "经自评，部门整体支出总分 94.48 分，自评等级为“优”。" in given
    assert "年度总体目标：保障机关正常运转" in given and "说明：项目支出含未单独开展项目自评的项目" in given
    assert "未完成原因和改进措施：3 个乡镇尚未落实管护人员和经费" in given  # 长效管护机制 10.5 of 15
    derived = text_of(department_report(named(county, "桐溪县水利局"), county))
    assert "全年预算数 600 万元，全年执行数 510 万元，执行率 85.00%。年初预算数 550 万元。" in derived
    assert "基本支出不详" in derived and "部门整体支出总分 98.01 分（按所属项目汇总得出" in derived


def test_a_department_without_a_total_names_the_cells(county: RunResult) -> None:
    dept = named(county, "桐溪县农业农村局")
    blocked = replace(dept, form=replace(dept.form, score=None, grade="", blocked_by=("部门!E2",)))
    text = text_of(department_report(blocked, county))
    assert "输入数据有错误（部门!E2），未计总分。" in text and "总分 94.48" not in text


# --------------------------------------------------------------------------- outline and placeholders


def headings(doc: Document, style: str) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style is not None and p.style.name == style]


def test_the_outline_is_the_seeds_in_order(result: RunResult) -> None:
    outline = report_style().department
    for dept in result.department_results:
        doc = department_report(dept, result)
        assert headings(doc, "Title") == [department_title(dept, result)] == [doc.core_properties.title]
        assert headings(doc, "Heading 1") == outline["h1"]
        keys = ("overview", "scale", "basic", "projects", "goals", "conclusion")
        assert headings(doc, "Heading 2") == [outline[key] for key in keys]
        assert outline["h1"][0] == "一、部门概况" and outline["basic"] == "（一）基本支出"


def expected_placeholders(dept: ScoredDepartment) -> list[str]:
    asks = {**report_style().placeholders, **report_style().department_placeholders}
    keys = ["date", "overview", "use"]
    keys += [] if dept.basic is None else ["basic"]
    keys += ["projects", "implementation", "assets"]
    keys += [] if dept.goal else ["goal"]
    keys += [] if dept.achieved else ["achieved"]
    keys += ["reason" for ind in missed(dept.form) if not ind.reason]
    keys += ["conclusion", "problems", "measures"]
    return [f"【请补充：{asks[key]}】" for key in keys]


def test_placeholders_are_marked_and_counted(result: RunResult) -> None:
    for dept in result.department_results:
        doc = department_report(dept, result)
        marked = [
            r for p in doc.paragraphs for r in p.runs if r.style is not None and r.style.name == PLACEHOLDER
        ]
        assert [run.text for run in marked] == expected_placeholders(dept)
        assert text_of(doc).count("【请补充：") == len(marked)
        assert all(run.font.highlight_color is not None for run in marked)


def test_a_given_department_without_goals_or_reasons_asks_for_them(county: RunResult) -> None:
    dept = named(county, "桐溪县农业农村局")
    project = replace(dept.form.project, goal="", achieved="")
    indicators = tuple(replace(ind, reason="") for ind in dept.form.indicators)
    bare = replace(dept, form=replace(dept.form, project=project, indicators=indicators))
    doc = department_report(bare, county)
    marked = [
        r.text for p in doc.paragraphs for r in p.runs if r.style is not None and r.style.name == PLACEHOLDER
    ]
    assert marked == expected_placeholders(bare)
    asks = report_style().department_placeholders
    assert f"【请补充：{asks['goal']}】" in marked and "【请补充：未完成原因和改进措施】" in marked


# --------------------------------------------------------------------------- style and tables


def test_page_and_fonts_are_the_reports(county: RunResult) -> None:
    doc = department_report(county.department_results[0], county)
    section = doc.sections[0]
    assert [round(section.page_width.mm), round(section.page_height.mm)] == [210, 297]
    for name, font in (("Title", "方正小标宋简体"), ("Heading 1", "黑体"), ("Heading 2", "楷体_GB2312")):
        assert doc.styles[name].font.name == font
    assert doc.styles["Normal"].font.name == "仿宋_GB2312" and doc.styles["Normal"].font.size == Pt(16)


def test_the_form_is_the_departments_as_a_table(result: RunResult) -> None:
    for dept in result.department_results:
        doc = department_report(dept, result)
        assert len(doc.tables) == 2  # its projects, its form
        form = doc.tables[1]
        cells = {cell.text for row in form.rows for cell in row.cells}
        assert {dept.name, "年度资金总额", "其中：基本支出", "项目支出", f"{dept.budget:,.2f}"} <= cells
        assert {ind.level3 for ind in dept.indicators if ind.level3} <= cells
        form_title = next(p for p in doc.paragraphs if p.text == "附：部门整体支出绩效自评表")
        assert form_title.paragraph_format.page_break_before
        if dept.derived:  # the form's 说明 says where its figures come from
            assert any(text.startswith("按所属项目汇总得出") for text in cells)


# --------------------------------------------------------------------------- files and the letter


def test_the_same_input_gives_the_same_bytes(result: RunResult, tmp_path: Path) -> None:
    count = len(result.department_results)
    first = write_reports(result, tmp_path / "a")[1 : 1 + count]
    again = evaluate_workbook(ROOT / "samples" / result.source.name)
    second = write_reports(again, tmp_path / "b")[1 : 1 + count]
    assert [p.name for p in first] == department_report_names(result) == [p.name for p in second]
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_department_file_names_are_numbered_and_safe(county: RunResult) -> None:
    assert department_report_names(county) == [
        "000_01_桐溪县农业农村局_部门整体支出绩效自评报告.docx",
        "000_02_桐溪县水利局_部门整体支出绩效自评报告.docx",
    ]
    odd = (
        replace(county.department_results[0], name='../农业:局*?"<>|'),
        replace(county.department_results[1], name="   "),
    )
    names = department_report_names(replace(county, department_results=odd))
    assert names[0].startswith("000_01_") and not any(ch in names[0] for ch in '/\\:*?"<>|')
    assert names[1] == "000_02_部门_部门整体支出绩效自评报告.docx"


def test_the_letter_names_the_department_reports_first(result: RunResult) -> None:
    text = text_of(covering_letter(result))
    titles = [department_title(d, result) for d in result.department_results]
    for number, title in enumerate(titles, start=1):
        assert f"{number}、{title}" in text
    assert f"{len(titles) + 1}、{report_title(result.projects[0], result)}" in text


# --------------------------------------------------------------------------- LibreOffice


@pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdftotext") is None, reason="LibreOffice or poppler not installed"
)
def test_libreoffice_prints_a_department_report_with_its_figures(tmp_path: Path, county: RunResult) -> None:
    pages, info, flat = printed(write_reports(county, tmp_path / "reports")[1], tmp_path)
    assert pages >= 4 and "pts (A4)" in info
    outline = report_style().department
    positions = [flat.index(heading) for heading in outline["h1"]]
    assert positions == sorted(positions)
    assert "全年预算数3410.5万元，全年执行数3236.76万元，执行率94.91%" in flat
    assert "部门整体支出总分94.48分，自评等级为“优”" in flat
    assert "高素质农民培训" in flat and "97.54" in flat  # the projects' table
    assert "部门整体支出绩效自评表" in flat and "1,180.00" in flat and "18.98" in flat  # the form
    assert "—2—" in flat
