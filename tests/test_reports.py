"""The 自评报告 documents (evalxl.reports): every figure is the run's, the seed's outline in order,
placeholders marked and counted, the official-document style read back, the form as one table,
the same bytes twice, and LibreOffice's PDF of a report."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from evalxl.api import evaluate_workbook
from evalxl.contract.report_schema import report_style
from evalxl.model import RunResult, ScoredProject
from evalxl.reports import (
    covering_letter,
    department_report_names,
    project_report,
    report_names,
    write_reports,
)
from evalxl.reports.project import missed
from evalxl.reports.style import PLACEHOLDER

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ("seed-2023.xlsx", "county-2024.xlsx")


@pytest.fixture(scope="module", params=SAMPLES)
def result(request: pytest.FixtureRequest) -> RunResult:
    return evaluate_workbook(ROOT / "samples" / request.param)


def text_of(doc: Document) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def num(value: float) -> str:
    """A score or weight as the reports print it (independently of evalxl's own formatter)."""
    return f"{round(value, 6):g}"


def pct(value: float) -> str:
    return f"{value * 100:.2f}%"


def amount(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


# --------------------------------------------------------------------------- figures


def test_every_figure_of_a_project_is_the_runs(result: RunResult) -> None:
    unit = result.settings.money_unit
    for scored in result.projects:
        text = text_of(project_report(scored, result))
        assert scored.rate is not None and scored.score is not None
        expected = f"全年预算数 {amount(scored.budget)} {unit}，全年执行数 {amount(scored.executed)} {unit}，执行率 {pct(scored.rate)}"
        assert expected in text
        assert (
            f"预算执行率分值 {num(scored.budget_weight)} 分，得分 {num(scored.budget_score or 0)} 分" in text
        )
        for ind in scored.indicators:
            if ind.placeholder:
                continue
            assert ind.weight is not None and ind.score is not None
            line = f"“{ind.level3}”：年度指标值 {ind.target}，全年完成值 {ind.actual}，分值 {num(ind.weight)} 分，得分 {num(ind.score)} 分。"
            assert line in text, line
        assert f"该项目总分 {num(scored.score)} 分，自评等级为“{scored.grade}”" in text
        for row in scored.fund_rows:
            if not row.total and row.line is not None and row.line.rate is not None:
                assert f"{row.text}：全年预算数 {amount(row.line.budget or 0)} {unit}" in text
                assert pct(row.line.rate) in text


def test_seed_reports_carry_the_seed_figures() -> None:
    result = evaluate_workbook(ROOT / "samples" / "seed-2023.xlsx")
    first = text_of(project_report(result.projects[0], result))
    assert "2023年度老工商业者及遗孀生活困难补助绩效自评报告" in first
    assert "全年预算数 6 万元，全年执行数 6 万元，执行率 100.00%" in first
    assert "“受益人员满意率”：年度指标值 ≥98%，全年完成值 100%，分值 10 分，得分 10 分。" in first
    assert "总分 100 分，自评等级为“优”" in first
    letter = text_of(covering_letter(result))
    assert "芷江侗族自治县工商业联合会关于2023年度财政资金绩效评价的自评报告" in letter
    assert "合计 40.2 万元" in letter and "优 4 个" in letter and "平均得分 100 分" in letter


def test_missed_indicators_come_with_their_reasons() -> None:
    result = evaluate_workbook(ROOT / "samples" / "county-2024.xlsx")
    scored = result.projects[0]  # 高素质农民培训: 培训场次 36 of 40
    names = [ind.level3 for ind in missed(scored)]
    assert names == ["培训场次", "实训场地及师资费用", "培育新型农业经营主体"]
    text = text_of(project_report(scored, result))
    for ind in missed(scored):
        assert f"{ind.level3}（年度指标值 {ind.target}，全年完成值 {ind.actual}" in text
        assert f"未完成原因和改进措施：{ind.reason}" in text
    rescaled = text_of(project_report(result.projects[1], result))  # no 满意度指标: ×100/90
    assert "本项目未设可评分的满意度指标" in rescaled
    assert "各项得分合计" in rescaled and "折算为百分制" in rescaled


def test_the_letter_lists_every_report_and_counts_grades(result: RunResult) -> None:
    letter = covering_letter(result)
    text = text_of(letter)
    assert result.total is not None
    assert f"{len(result.projects)} 个项目" in text
    assert (
        f"合计 {amount(result.total.budget)} " in text
        and f"平均得分 {num(result.total.average_score or 0)} 分" in text
    )
    for number, scored in enumerate(result.projects, start=1):
        assert f"{number}、" in text and scored.project.name.split("“")[0] in text


# --------------------------------------------------------------------------- outline and placeholders


def headings(doc: Document, style: str) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style is not None and p.style.name == style]


def test_the_outline_is_the_seeds_in_order(result: RunResult) -> None:
    outline = report_style().project
    doc = project_report(result.projects[0], result)
    assert headings(doc, "Heading 1") == outline["h1"]
    assert headings(doc, "Heading 2") == [
        outline[key] for key in ("overview", "goals", "funds", "implementation", "performance")
    ]
    assert headings(doc, "Title") == [doc.core_properties.title]


def expected_placeholders(scored: ScoredProject) -> list[str]:
    asks = report_style().placeholders
    keys = ["date", "unit_basics", "basis", "nature"]
    keys += [] if scored.project.goal else ["goal"]
    keys += ["work", "fund_use", "implementation"]
    keys += ["reason" for ind in missed(scored) if not ind.reason]
    keys += ["conclusion", "application", "experience"]
    keys += [] if scored.project.remark else ["other"]
    return [f"【请补充：{asks[key]}】" for key in keys]


def test_placeholders_are_marked_and_counted(result: RunResult) -> None:
    for scored in result.projects:
        doc = project_report(scored, result)
        marked = [
            run
            for p in doc.paragraphs
            for run in p.runs
            if run.style is not None and run.style.name == PLACEHOLDER
        ]
        assert [run.text for run in marked] == expected_placeholders(scored)
        assert text_of(doc).count("【请补充：") == len(marked)
    style = doc.styles[PLACEHOLDER]
    assert style.font.bold and style.font.highlight_color is not None


# --------------------------------------------------------------------------- style


def east_asia(element: object) -> str:
    fonts = element.find(qn("w:rPr")).find(qn("w:rFonts"))  # type: ignore[attr-defined]
    return str(fonts.get(qn("w:eastAsia")))


def test_page_fonts_and_sizes_read_back(result: RunResult) -> None:
    doc = project_report(result.projects[0], result)
    section = doc.sections[0]
    sizes = ("page_width", "page_height", "top_margin", "bottom_margin", "left_margin", "right_margin")
    assert [round(getattr(section, name).mm, 1) for name in sizes] == [210, 297, 37, 35, 28, 26]
    expected = {
        "Title": ("方正小标宋简体", 22),
        "Heading 1": ("黑体", 16),
        "Heading 2": ("楷体_GB2312", 16),
        "Normal": ("仿宋_GB2312", 16),
        "表格文字": ("宋体", 9),
    }
    for name, (font, size) in expected.items():
        style = doc.styles[name]
        assert style.font.name == font and east_asia(style.element) == font, name
        assert style.font.size == Pt(size), name
    body = doc.styles["Normal"].paragraph_format
    assert body.line_spacing_rule == WD_LINE_SPACING.EXACTLY and body.line_spacing == Pt(28)
    assert body.first_line_indent == Pt(32)
    assert doc.styles["Title"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    footer = section.footer.paragraphs[0]
    assert footer.alignment == WD_ALIGN_PARAGRAPH.CENTER and footer.text.startswith("— ")
    assert " PAGE " in [t.text for t in footer._p.iter(qn("w:instrText"))]
    assert all(east_asia(r._r) == "宋体" and r.font.size == Pt(14) for r in footer.runs)


def test_the_font_table_names_each_fallback(result: RunResult, tmp_path: Path) -> None:
    path = write_reports(result, tmp_path)[-1]
    table = zipfile.ZipFile(path).read("word/fontTable.xml").decode("utf-8")
    for spec in report_style().fonts.values():
        assert f'w:name="{spec.name}"' in table
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in table


# --------------------------------------------------------------------------- the form table


def test_the_form_is_one_table_of_the_layouts_rows(result: RunResult) -> None:
    for scored in result.projects:
        doc = project_report(scored, result)
        assert len(doc.tables) == 1
        table = doc.tables[0]
        assert len(table.rows) == 3 + 1 + len(scored.fund_rows) + 2 + 1 + len(scored.indicators) + 1
        assert [r._tr.trPr.find(qn("w:tblHeader")) is not None for r in table.rows[:4]] == [True] * 3 + [
            False
        ]
        cells = {cell.text for row in table.rows for cell in row.cells}
        assert {scored.project.name, "年度资金总额", f"{scored.budget:,.2f}"} <= cells
        assert {ind.level3 for ind in scored.indicators if ind.level3} <= cells
        assert table.style is not None and table.style.name == "Table Grid"


# --------------------------------------------------------------------------- files


def test_the_same_input_gives_the_same_bytes(result: RunResult, tmp_path: Path) -> None:
    first = write_reports(result, tmp_path / "a")
    second = write_reports(evaluate_workbook(ROOT / "samples" / result.source.name), tmp_path / "b")
    assert [p.name for p in first] == [p.name for p in second]
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    assert first[0].name == "000_00_自评报告（封面函）.docx"
    departments = department_report_names(result)
    assert [p.name for p in first[1:]] == departments + report_names(result)
    with zipfile.ZipFile(first[1]) as package:
        assert {info.date_time for info in package.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        assert package.namelist()[0] == "[Content_Types].xml"
    props = open_docx(str(first[1])).core_properties
    assert props.created == props.modified and props.created is not None and props.created.year == 2000


# --------------------------------------------------------------------------- LibreOffice

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def printed(document: Path, folder: Path) -> tuple[int, str, str]:
    """``document`` printed to PDF by LibreOffice (a private profile in ``folder``): its page count,
    pdfinfo's text and its text with every space left out (Chinese lines break anywhere)."""
    source = folder / f"printed{document.suffix}"
    shutil.copyfile(document, source)
    profile = f"-env:UserInstallation={(folder / 'profile').as_uri()}"
    command = [
        str(SOFFICE),
        profile,
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(folder),
    ]
    subprocess.run([*command, str(source)], check=True, capture_output=True, timeout=300)
    pdf = source.with_suffix(".pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return pages, info, "".join(text.split())


@pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdftotext") is None, reason="LibreOffice or poppler not installed"
)
def test_libreoffice_prints_a_report_with_its_figures(tmp_path: Path) -> None:
    result = evaluate_workbook(ROOT / "samples" / "county-2024.xlsx")
    report = write_reports(result, tmp_path)[1 + len(result.department_results)]  # the first project's
    pages, info, flat = printed(report, tmp_path)
    assert pages >= 3
    assert "pts (A4)" in info
    for heading in report_style().project["h1"]:
        assert heading in flat
    scored = result.projects[0]
    assert "全年预算数80万元，全年执行数78.6万元，执行率98.25%" in flat
    assert f"总分{num(scored.score or 0)}分" in flat
    assert "80.00" in flat and "78.60" in flat and "培训场次" in flat  # the form table
    assert "—2—" in flat  # the page number of page 2


def test_a_sentence_naming_no_figure_of_the_run_is_refused() -> None:
    from evalxl import contract
    from evalxl.contract.loader import read_file

    data = read_file("reports.toml")
    data["sentences"]["budget"] = "预算 {budjet} 万元"
    with pytest.raises(contract.ContractError) as raised:
        contract.checked(contract.schema_of("reports"), data, "reports.toml")
    assert raised.value.where == "reports.toml:sentences.budget"


def test_placeholders_are_highlighted_on_the_run_as_well() -> None:
    result = evaluate_workbook(ROOT / "samples" / "seed-2023.xlsx")
    doc = project_report(result.projects[0], result)
    marked = [run for p in doc.paragraphs for run in p.runs if run.text.startswith("【请补充：")]
    assert marked and all(run.font.highlight_color is not None for run in marked)
