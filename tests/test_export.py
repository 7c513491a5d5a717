"""The output workbook: sheets, the 附件6 form, formulas with cached values, determinism, atomicity."""

from __future__ import annotations

import gc
import math
import os
import zipfile
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from evalxl import contract, money
from evalxl.exporting import layout, workbook, write_workbook
from evalxl.exporting.cells import sheet_names, text_lines, write_cell, write_row
from evalxl.findings import finding
from evalxl.model import (
    FundLine,
    FundRow,
    Places,
    Project,
    RunResult,
    ScoredIndicator,
    ScoredProject,
    Settings,
    SheetColumns,
    Source,
)
from evalxl.scoring.book import fund_rows, run_result

HOSTILE = "项目[一]:*?/\\非常非常非常非常非常长的名字超过三十一个字符了"
LONG_GOAL = "对所有老工商业者及遗孀发放困难生活补助和走访慰问，使老工商业者及遗孀生活水平得到改善。" * 3
TARGET = layout.get("目标自评表")
SCORED = layout.get("评分自评表")
NOTES = TARGET.notes


def _project(name: str, row: int, *, goal: str = "", remark: str = "") -> Project:
    return Project(
        name=name,
        code=f"P{row:03d}",
        department="芷江侗族自治县工商业联合会",
        unit="芷江侗族自治县工商业联合会",
        leader="杨柳春",
        phone="15386276736",
        goal=goal,
        achieved="改善老工商业者及遗孀生活水平",
        remark=remark,
        row=row,
        places=Places(SheetColumns("项目", (("项目名称", "A"), ("说明", "I"))), row),
    )


def scored_indicator(
    level1: str, level2: str, level3: str, target: str, actual: str, row: int, weight: float | None = 10.0
) -> ScoredIndicator:
    scored = weight is not None
    return ScoredIndicator(
        level1=level1,
        level2=level2,
        level3=level3,
        target=target,
        actual=actual,
        reason="",
        nature="定量" if scored else "",
        weight=weight,
        completion=1.0 if scored else None,
        computed=weight,
        self_score=None,
        score=weight,
        method="min(完成值/目标,1)×分值" if scored else "",
        row=row,
    )


@pytest.fixture
def result() -> RunResult:
    first = ScoredProject(
        project=_project("老工商业者及遗孀生活困难补助", 2, goal=LONG_GOAL, remark="无"),
        funds=(FundLine("年度资金总额", 6.0, 6.0, 1.0),),
        budget=6.0,
        executed=6.0,
        rate=1.0,
        budget_weight=10.0,
        budget_score=10.0,
        indicators=(
            scored_indicator("产出指标", "数量指标", "发放人数", "14", "14", 2),
            scored_indicator("产出指标", "质量指标", "发放准确率", "=100%", "100%", 3),
            scored_indicator("产出指标", "时效指标", "补助发放及时率", "100%", "100%", 4),
            scored_indicator("效益指标", "经济效益指标", "", "", "", 5, weight=None),
            scored_indicator("效益指标", "社会效益指标", "改善老工商业者及遗孀生活", "改善", "改善", 6),
            scored_indicator("满意度指标", "服务对象满意度指标", "受益人员满意率", "≥98%", "99%", 7),
        ),
        raw_total=60.0,
        scale=1.0,
        score=60.0,
        grade="中",
        trail=("预算执行率 6/6 = 100%",),
    )
    second = ScoredProject(
        project=_project(HOSTILE, 3),
        funds=(
            FundLine("年度资金总额", 34.2, 30.0, 30.0 / 34.2),
            FundLine("省级资金", 20.0, 18.0, 0.9),
            FundLine("县级资金", 14.2, 12.0, 12.0 / 14.2),
        ),
        budget=34.2,
        executed=30.0,
        rate=30.0 / 34.2,
        budget_weight=10.0,
        budget_score=8.77,
        indicators=(scored_indicator("产出指标", "数量指标", "筹建乡镇商会", "1个", "1个", 9, weight=90.0),),
        raw_total=98.77,
        scale=1.0,
        score=98.77,
        grade="优",
    )
    findings = (
        finding("LOW_EXECUTION", "项目!I3", name=HOSTILE, rate="87.72%", threshold="90%"),
        finding("LEVEL_RESCALED", "指标!A5", name="x", levels="成本指标", factor="1"),
    )
    source = Source("input.xlsx", "0" * 64)
    return run_result(
        settings=Settings(year="2023"), projects=(first, second), findings=findings, source=source
    )


@pytest.fixture
def book_path(result: RunResult, tmp_path: Path) -> Path:
    path = tmp_path / "out.xlsx"
    write_workbook(result, path)
    return path


def find_cell(ws: Worksheet, text: str) -> tuple[int, int]:
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell.row, cell.column
    raise AssertionError(f"{text!r} not in {ws.title}")


def _merged(ws: Worksheet) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


# --------------------------------------------------------------------------- pure functions


def test_text_lines() -> None:
    assert text_lines("", 10) == 1
    assert text_lines("abcd", 10) == 1
    assert text_lines("a" * 10, 10) == 1
    assert text_lines("a" * 11, 10) == 2
    assert text_lines("项目资金", 8) == 1  # four CJK characters are 8 units
    assert text_lines("项目资金", 7) == 2
    assert text_lines("项目资金\n（万元）", 10) == 2  # explicit line break
    assert text_lines("ab\n\ncd", 10) == 3  # a blank line counts
    assert text_lines("全" * 30, 20) == 3  # 60 units in 20
    assert text_lines("x", 0) == 1


class Recorder:
    """A worksheet that notes each write: (method, row, col, value, format)."""

    def __init__(self) -> None:
        self.calls: list[tuple[object, ...]] = []

    def __getattr__(self, method: str) -> object:
        return lambda *args: self.calls.append((method, *args))


ROW_VALUES = ["text", "", None, 1.5, 0, 7, math.nan, math.inf, "=1+1"]


@pytest.mark.parametrize("blanks", [True, False])
def test_write_row_writes_what_write_cell_would(blanks: bool) -> None:
    """A row is its cells written one by one; without blanks, "" and None are left out but a number
    that is not finite still gets its formatted blank."""
    formats = [f"f{col}" for col in range(len(ROW_VALUES))]
    by_row, by_cell = Recorder(), Recorder()
    write_row(by_row, 4, ROW_VALUES, formats, blanks=blanks)
    for col, (value, fmt) in enumerate(zip(ROW_VALUES, formats, strict=True)):
        if blanks or value not in ("", None):
            write_cell(by_cell, 4, col, value, fmt)
    assert by_row.calls == by_cell.calls
    kinds = [call[0] for call in by_row.calls]
    assert kinds.count("write_blank") == (4 if blanks else 2) and kinds.count("write_number") == 3


@pytest.mark.parametrize("enabled", [True, False])
def test_writing_leaves_the_garbage_collector_as_it_was(
    enabled: bool, result: RunResult, tmp_path: Path
) -> None:
    (gc.enable if enabled else gc.disable)()
    try:
        write_workbook(result, tmp_path / "out.xlsx")
        assert gc.isenabled() is enabled
    finally:
        gc.enable()


def test_sheet_names_clean_cut_and_unique() -> None:
    names = sheet_names(
        [HOSTILE, HOSTILE, "'引号开头'", "汇总", "history", "  ", "a" * 40, "A" * 40, "ok"],
        {"汇总", "计算过程", "检查结果"},
    )
    for name in names:
        assert 0 < len(name) <= 31
        assert not set(name) & set("[]:*?/\\")
        assert not name.startswith("'") and not name.endswith("'")
        assert name == name.strip()
    assert len({n.casefold() for n in names}) == len(names)
    assert names[0] == HOSTILE.translate(str.maketrans("[]:*?/\\", "_" * 7))[:31]
    assert names[1].endswith("(2)") and names[1].startswith("项目_一_")
    assert names[2] == "引号开头"
    assert names[3] == "汇总(2)"
    assert names[4] == "history(2)"
    assert names[5] == "项目6"
    assert names[6] == "a" * 31
    assert names[7] == "A" * 28 + "(2)"
    assert names[8] == "ok"


def test_sheet_names_never_clash_with_reserved_after_cutting() -> None:
    reserved = {"汇总", "计算过程", "检查结果"}
    names = sheet_names(["计算过程", "检查结果 ", "检查结果:", "计算过程(2)"], reserved)
    assert names == ["计算过程(2)", "检查结果(2)", "检查结果_", "计算过程(2)(2)"]
    assert sheet_names(["😀" * 20], set()) == ["😀" * 15]  # 31 UTF-16 units at most


def test_fund_rows_order_and_each_source_in_the_row_that_takes_it() -> None:
    lines = (
        FundLine("年度资金总额", 5, 4.5, 0.9),
        FundLine("县级资金", 1, 0.5, 0.5, initial=1),
        FundLine("中央补助", 2, 2, 1),
        FundLine("其他资金", 1, 1, 1),
        FundLine("上年结转资金", 1, 1, 1),
    )
    rows = list(fund_rows(lines, contract.source_rows(TARGET.name)))
    assert [row.text for row in rows] == [
        "年度资金总额",
        "其中：中央补助",
        "省级资金",
        "市级资金",
        "县级资金",  # its own row (printed because the project has 县级资金), never 其他资金
        "其他资金",
    ]
    assert rows[0] == FundRow("年度资金总额", lines[0], total=True)
    assert rows[1].line == lines[2] and rows[2].line is None and rows[3].line is None
    assert rows[4].line == lines[1]
    assert rows[5].line == FundLine("其他资金", 2, 2, 1)  # note 1: carried-over money is 其他资金


def test_fund_rows_county_money_and_the_year_s_appropriation() -> None:
    lines = (FundLine("年度资金总额", 3, 3, 1), FundLine("县级资金", 3, 3, 1))
    assert fund_rows(lines, contract.source_rows(TARGET.name))[-2:] == (
        FundRow("县级资金", lines[1]),
        FundRow("其他资金", None),
    )
    scored = fund_rows(lines, contract.source_rows(SCORED.name))
    assert scored[1] == FundRow("其中：当年财政拨款", FundLine("当年财政拨款", 3, 3, 1))
    assert fund_rows((), contract.source_rows(TARGET.name))[0] == FundRow("年度资金总额", None, total=True)
    assert len(fund_rows((), contract.source_rows(TARGET.name))) == 5  # no 县级资金 row without its money
    # 当年财政拨款 names no level: in 目标自评表 it is counted in the total only
    year = (FundLine("年度资金总额", 3, 3, 1), FundLine("当年财政拨款", 3, 3, 1))
    assert [row.line for row in fund_rows(year, contract.source_rows(TARGET.name))[1:]] == [None] * 4


def test_layout_is_data() -> None:
    assert TARGET.name == "目标自评表"
    assert TARGET.title == "项目支出绩效目标自评表"
    assert len(TARGET.widths) == 7 and len(TARGET.notes) == 3
    assert TARGET.notes[0].startswith("注：1、其他资金")
    assert TARGET.fund_rows == ("中央补助", "省级资金", "市级资金", "县级资金", "其他资金")
    assert TARGET.other_row == "其他资金"


# --------------------------------------------------------------------------- the workbook


def test_sheet_order_and_names(book_path: Path) -> None:
    wb = openpyxl.load_workbook(book_path)
    names = wb.sheetnames
    assert names[0] == "汇总" and names[-2:] == ["计算过程", "检查结果"]
    assert names[1] == "老工商业者及遗孀生活困难补助"
    assert len(names[2]) <= 31 and names[2].startswith("项目_一_")
    assert len(names) == 5


def test_summary(book_path: Path) -> None:
    ws = openpyxl.load_workbook(book_path, data_only=True)["汇总"]
    assert ws["A1"].value == "2023年度项目支出绩效自评汇总"
    header = [c.value for c in ws[2]]
    assert header == [
        "序号",
        "项目名称",
        "项目编码",
        "主管部门",
        "项目实施单位",
        "全年预算数（万元）",
        "全年执行数（万元）",
        "执行率",
        "得分",
        "等级",
    ]
    assert [c.value for c in ws[3]][:2] == [1, "老工商业者及遗孀生活困难补助"]
    assert ws["F3"].value == 6 and ws["G3"].value == 6 and ws["H3"].value == 1
    assert ws["I3"].value == 60 and ws["J3"].value == "中"
    assert ws["B4"].value == HOSTILE
    assert ws["H4"].value == pytest.approx(30 / 34.2)
    assert ws["B5"].value == "合计"
    assert ws["F5"].value == pytest.approx(40.2)
    assert ws["G5"].value == pytest.approx(36.0)
    assert ws["H5"].value == pytest.approx(36 / 40.2)
    assert ws["H5"].number_format == "0.00%" and ws["F5"].number_format == money.NUMBER_FORMAT
    assert ws["A7"].value == "项目数：2　错误：0　警告：1　提示：1"
    formulas = openpyxl.load_workbook(book_path)["汇总"]
    assert formulas["F5"].value == "=SUM(F3:F4)"
    assert formulas["H3"].value == '=IF(F3=0,"",G3/F3)'


def test_form_cells(book_path: Path) -> None:
    ws = openpyxl.load_workbook(book_path)["老工商业者及遗孀生活困难补助"]
    assert ws["A1"].value == "项目支出绩效目标自评表"
    assert ws["A2"].value == "（2023年度）"
    assert (ws["A3"].value, ws["C3"].value, ws["F3"].value) == (
        "项目支出名称",
        "老工商业者及遗孀生活困难补助",
        "负责人及电话",
    )
    assert ws["G3"].value == "杨柳春 15386276736"
    assert (ws["A4"].value, ws["C4"].value) == ("主管部门", "芷江侗族自治县工商业联合会")
    assert ws["A5"].value == "项目实施单位"
    assert ws["A6"].value == "项目资金\n（万元）"
    assert [ws.cell(6, c).value for c in range(3, 7)] == [
        None,
        "全年预算数（A）",
        "全年执行数（B）",
        "执行率（B/A）",
    ]
    assert [ws.cell(7, c).value for c in range(3, 7)] == ["年度资金总额", 6, 6, 1]
    assert ws["F7"].number_format == "0.00%"
    assert [ws.cell(r, 3).value for r in range(8, 12)] == [
        "其中：中央补助",
        "省级资金",
        "市级资金",
        "其他资金",
    ]
    assert all(ws.cell(r, c).value is None for r in range(8, 12) for c in range(4, 7))
    assert (ws["A12"].value, ws["B12"].value, ws["E12"].value) == (
        "年度总体目标",
        "年初设定目标",
        "全年实际完成情况",
    )
    assert ws["B13"].value == LONG_GOAL
    header = [ws.cell(14, c).value for c in range(1, 8)]
    assert header == [
        "绩效指标",
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "全年完成值",
        "未完成原因和改进措施",
    ]
    assert [ws.cell(15, c).value for c in range(2, 7)] == ["产出指标", "数量指标", "发放人数", "14", "14"]
    assert ws["E16"].value == "=100%" and ws["E16"].data_type == "s"
    assert (ws["B18"].value, ws["C18"].value, ws["D18"].value, ws["E18"].value) == (
        "效益指标",
        "经济效益指标",
        None,
        None,
    )
    assert ws["D20"].value == "受益人员满意率"
    assert (ws["A21"].value, ws["B21"].value) == ("说明", "无")
    assert [ws.cell(r, 1).value for r in (22, 23, 24)] == list(NOTES)


def test_form_merges(book_path: Path) -> None:
    ws = openpyxl.load_workbook(book_path)["老工商业者及遗孀生活困难补助"]
    merged = _merged(ws)
    expected = {"A1:G1", "A2:G2", "A3:B3", "C3:E3", "A4:B4", "C4:G4", "A5:B5", "C5:G5", "A6:B11"}
    expected |= {"F6:G6", "F7:G7", "F11:G11", "A12:A13", "B12:D12", "E12:G12", "B13:D13", "E13:G13"}
    expected |= {"A14:A20", "B15:B17", "B18:B19"}
    expected |= {"B21:G21", "A22:G22", "A23:G23", "A24:G24"}
    assert expected <= merged
    assert not any(r.startswith(("C15", "C16", "C17", "B20", "C20")) for r in merged)  # one-row groups


def test_form_group_merges_with_repeated_level2(result: RunResult, tmp_path: Path) -> None:
    first = result.projects[0]
    indicators = (
        scored_indicator("产出指标", "数量指标", "a", "1", "1", 2),
        scored_indicator("产出指标", "数量指标", "b", "1", "1", 3),
        scored_indicator("产出指标", "质量指标", "c", "1", "1", 4),
        scored_indicator("效益指标", "数量指标", "d", "1", "1", 5),
    )
    changed = run_result(result.settings, (replace(first, indicators=indicators),), ())
    write_workbook(changed, tmp_path / "g.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "g.xlsx").worksheets[1]
    merged = _merged(ws)
    assert {"B15:B17", "C15:C16"} <= merged
    assert not any(r.startswith(("C17", "C18", "B18")) for r in merged)


def raw_borders(path: Path, sheet_index: int) -> dict[str, tuple[str | None, ...]]:
    """The border styles (left, right, top, bottom) XlsxWriter wrote for each cell, from the raw XML.

    openpyxl rewrites the borders of cells covered by a merged range when it loads them, so the
    file itself is read to see that every covered cell carries the bordered format too.
    """
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(path) as z:
        styles = ElementTree.fromstring(z.read("xl/styles.xml"))
        sheet = ElementTree.fromstring(z.read(f"xl/worksheets/sheet{sheet_index}.xml"))
    borders = []
    for border in styles.find("m:borders", ns) or []:
        sides = [border.find(f"m:{side}", ns) for side in ("left", "right", "top", "bottom")]
        borders.append(tuple(None if side is None else side.get("style") for side in sides))
    xfs = [int(xf.get("borderId", "0")) for xf in styles.find("m:cellXfs", ns) or []]
    return {c.get("r", ""): borders[xfs[int(c.get("s", "0"))]] for c in sheet.iter(f"{{{ns['m']}}}c")}


def test_every_table_cell_has_borders(book_path: Path) -> None:
    ws = openpyxl.load_workbook(book_path)["老工商业者及遗孀生活困难补助"]
    last_table_row = find_cell(ws, "说明")[0]
    boxed = ("thin",) * 4
    raw = raw_borders(book_path, 2)
    for row in range(3, last_table_row + 1):
        for col in range(1, 8):
            cell = ws.cell(row, col)
            assert raw[cell.coordinate] == boxed, cell.coordinate  # every cell, covered ones included
    for merged in ws.merged_cells.ranges:
        top_left = ws.cell(merged.min_row, merged.min_col)
        if 3 <= merged.min_row <= last_table_row:
            border = top_left.border
            assert (border.left.style, border.top.style) == ("thin", "thin"), merged
    for row in (1, 2, *range(last_table_row + 1, last_table_row + 4)):
        assert raw[f"A{row}"] == (None,) * 4  # title and notes are not boxed


def test_row_heights_follow_text(book_path: Path) -> None:
    wb = openpyxl.load_workbook(book_path)
    ws = wb["老工商业者及遗孀生活困难补助"]
    dims = ws.row_dimensions
    assert dims[13].height is not None and dims[13].height > 60  # the long goal text, in B:D
    assert dims[3].height == pytest.approx(20, abs=1)  # one line (XlsxWriter rounds to pixels)
    width = sum(TARGET.widths) - 1
    for row, note in zip((22, 23, 24), NOTES, strict=True):  # the notes wrap over A:G
        assert dims[row].height == pytest.approx(TARGET.height(text_lines(note, width)), abs=1)
    for row in range(3, 25):
        assert dims[row].height is not None and dims[row].height >= 20


def test_county_fund_row(book_path: Path) -> None:
    ws = openpyxl.load_workbook(book_path, data_only=True).worksheets[2]
    labels = [ws.cell(r, 3).value for r in range(7, 13)]
    assert labels == ["年度资金总额", "其中：中央补助", "省级资金", "市级资金", "县级资金", "其他资金"]
    assert [ws.cell(7, c).value for c in (4, 5)] == [34.2, 30]
    assert [ws.cell(9, c).value for c in (4, 5)] == [20, 18]
    assert [ws.cell(11, c).value for c in (4, 5)] == [14.2, 12]  # 县级资金 in its own row, not 其他资金
    assert ws["F11"].value == pytest.approx(12 / 14.2)
    assert [ws.cell(12, c).value for c in (4, 5)] == [None, None]
    assert ws["D11"].number_format == money.NUMBER_FORMAT
    assert ws["C3"].value == HOSTILE
    assert ws["A13"].value == "年度总体目标"


def test_print_setup(book_path: Path) -> None:
    ws = openpyxl.load_workbook(book_path)["老工商业者及遗孀生活困难补助"]
    assert int(ws.page_setup.paperSize) == 9
    assert ws.page_setup.orientation == "portrait"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth in (None, 1)  # 1 is the default, which XlsxWriter leaves out
    assert ws.page_setup.fitToHeight == 0
    assert ws.print_options.horizontalCentered
    assert ws.print_area == "'老工商业者及遗孀生活困难补助'!$A$1:$G$24"
    assert "第 &P 页 共 &N 页" in ws.oddFooter.center.text


def test_trace_sheet(book_path: Path) -> None:
    ws = openpyxl.load_workbook(book_path)["计算过程"]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["项目名称", "一级指标", "二级指标", "三级指标"]
    assert header[-4:] == ["得分", "计算方法", "来源单元格", "未完成原因和改进措施"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    first = [r for r in rows if r[0] == "老工商业者及遗孀生活困难补助"]
    assert first[0][3] == "预算执行率" and first[0][7] == 10 and first[0][12] == "min(B/A,1)×分值"
    assert [r[3] for r in first[1:6]] == [
        "发放人数",
        "发放准确率",
        "补助发放及时率",
        "改善老工商业者及遗孀生活",
        "受益人员满意率",
    ]
    assert first[2][4] == "=100%" and ws.cell(4, 5).data_type == "s"
    assert first[1][13] == "指标!A2"
    assert first[6][12] == "预算执行率 6/6 = 100%"
    assert first[7][3] == "合计" and first[7][9] == 60 and "等级 中" in first[7][12]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:O{len(rows) + 1}"


def test_checks_sheet(book_path: Path, result: RunResult, tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(book_path)["检查结果"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[0] == ["级别", "代码", "位置", "说明"]
    assert [r[:3] for r in rows[1:]] == [
        ["警告", "LOW_EXECUTION", "项目!I3"],
        ["提示", "LEVEL_RESCALED", "指标!A5"],
    ]
    clean = run_result(result.settings, result.projects, ())
    write_workbook(clean, tmp_path / "clean.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "clean.xlsx")["检查结果"]
    assert ws["A2"].value == "未发现问题" and ws.max_row == 2


def test_no_formulas_from_user_text(result: RunResult, tmp_path: Path) -> None:
    project = result.projects[0]
    nasty = replace(project, project=_project("=1+1", 9, remark="=HYPERLINK(1)"))
    write_workbook(run_result(Settings(year="=2023"), (nasty,), ()), tmp_path / "n.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "n.xlsx")
    assert wb.sheetnames[1] == "=1+1"
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert ws.title == "汇总" and cell.column_letter in "FGH", cell.coordinate
    assert wb["=1+1"]["A2"].value == "（=2023年度）"


def test_no_projects(tmp_path: Path) -> None:
    write_workbook(run_result(Settings(), (), ()), tmp_path / "empty.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "empty.xlsx", data_only=True)
    assert wb.sheetnames == ["汇总", "计算过程", "检查结果"]
    ws = wb["汇总"]
    assert ws["A1"].value == "项目支出绩效自评汇总"
    assert (ws["B3"].value, ws["F3"].value, ws["G3"].value) == ("合计", 0, 0)


def test_year_written_with_suffix(result: RunResult, tmp_path: Path) -> None:
    write_workbook(run_result(Settings(year="2023年度"), result.projects, ()), tmp_path / "y.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "y.xlsx")
    assert wb["汇总"]["A1"].value == "2023年度项目支出绩效自评汇总"
    assert wb.worksheets[1]["A2"].value == "（2023年度）"


def test_yuan_and_no_year(result: RunResult, tmp_path: Path) -> None:
    write_workbook(run_result(Settings(money_unit="元"), result.projects, ()), tmp_path / "y.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "y.xlsx")
    assert wb["汇总"]["F2"].value == "全年预算数（元）"
    form = wb.worksheets[1]
    assert form["A2"].value == "项目支出名称"
    assert form["A5"].value == "项目资金\n（元）"


# --------------------------------------------------------------------------- bytes and files


def test_same_input_same_bytes(result: RunResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    write_workbook(result, tmp_path / "a.xlsx")
    write_workbook(result, tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    props = openpyxl.load_workbook(tmp_path / "a.xlsx").properties
    assert props.creator == "芷江侗族自治县工商业联合会"
    assert props.created is not None and props.created.year == 2000


def test_source_date_epoch(result: RunResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    write_workbook(result, tmp_path / "a.xlsx")
    created = openpyxl.load_workbook(tmp_path / "a.xlsx").properties.created
    assert created is not None and (created.year, created.month, created.day) == (2023, 11, 14)


def test_failed_write_leaves_old_file(
    result: RunResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"previous")

    def boom(*args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(workbook, "write_trace", boom)
    with pytest.raises(RuntimeError, match="disk on fire"):
        write_workbook(result, path)
    assert path.read_bytes() == b"previous"
    assert sorted(os.listdir(tmp_path)) == ["out.xlsx"]


def test_replaces_existing_file(result: RunResult, book_path: Path) -> None:
    book_path.write_bytes(b"old")
    write_workbook(result, book_path)
    assert openpyxl.load_workbook(book_path).sheetnames[0] == "汇总"
    assert sorted(p.name for p in book_path.parent.iterdir()) == ["out.xlsx"]
