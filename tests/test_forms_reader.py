"""The forms reader (evalxl.forms): evalxl's own layouts read back to the seed's data, hand-styled
forms found by their labels (spaced labels, other spellings, titles, notes, stacked forms, 元),
every value with its origin, the printed figures, and what cannot be read."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from evalxl import api, contract
from evalxl.findings import Place
from evalxl.forms import FormsRead, looks_like_forms, read_forms
from evalxl.importing import import_tables, import_workbook
from evalxl.reading import UnreadableWorkbook

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "samples" / "seed-2023.xlsx"

Rows = Sequence[Sequence[Any]]


def workbook(path: Path, sheets: dict[str, tuple[Rows, Sequence[str]]], percent: Sequence[str] = ()) -> Path:
    """A workbook of hand-typed sheets: each sheet's rows from A1 and its merged ranges."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, (rows, merges) in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(list(row))
        for merge in merges:
            ws.merge_cells(merge)
        for ref in percent:
            ws[ref].number_format = "0%"
    wb.save(path)
    return path


def form_rows(
    name: str = "老工商业者补助",
    *,
    name_label: str = "项目支出名称",
    unit: str = "（万元）",
    budget: float = 6,
    executed: Any = 6,
    actual_header: str = "全年完成值",
    title: bool = True,
) -> list[list[Any]]:
    """A hand-typed 附件6 form as the seed shows it: title, year line, spaced labels, notes."""
    rows: list[list[Any]] = [["项目支出绩效目标自评表"], ["（2023年度）"], []] if title else []
    return [
        *rows,
        [name_label, "", name, "", "", "负责人及电话", "杨柳春 15386276736"],
        ["主 管 部 门", "", "芷江县工商联"],
        ["项目实施单位", "", "芷江县工商联"],
        ["项目资金\n" + unit, "", "", "全年预算数 (A)", "全年执行数 (B)", "执行率 (B / A)"],
        ["", "", "年度资金总额", budget, executed, "100%"],
        ["", "", "其中: 中央补助"],
        ["", "", "其他资金"],
        ["年度总体目标", "年初设定目标", "", "", "全年实际完成情况"],
        ["", "发放补助", "", "", "已发放"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", actual_header, "未完成原因和改进措施"],
        ["", "产出指标", "数量指标", "发放人数", "14", "14"],
        [],
        ["", "", "质量指标", "发放准确率", "100%", "100%"],
        ["", "效 益\n指 标", "经济效益\n指标"],
        ["", "", "社会效益指标", "改善生活", "改善", "100%"],
        ["", "满意度指标", "服务对象满意度指标", "满意率", "≥98%", "100%"],
        ["说明", "无"],
        [],
        ["注：1、其他资金包括和中央补助、地方财政资金共同投入到同一项目的自有资金。"],
        ["2、定量指标，资金使用单位填写本部门实际完成数。"],
    ]


def texts(read: FormsRead, sheet: str) -> list[dict[str, str]]:
    return [
        {name: cell.text() for name, cell in cells.items() if not cell.blank}
        for _row, cells in read.tables[sheet].rows
    ]


def codes(read: FormsRead) -> list[tuple[str, str]]:
    return [(f.code, f.place) for f in read.findings]


# --------------------------------------------------------------------------- evalxl's own layouts


@pytest.mark.parametrize("layout", contract.layout_names())
def test_every_layout_evalxl_writes_reads_back_to_the_data_it_prints(tmp_path: Path, layout: str) -> None:
    _result, written = api.run(SEED, tmp_path / "out.xlsx", api.Options(layout=layout))
    assert written is not None
    read = read_forms(written)
    assert all(info.read for info in read.forms) and len(read.forms) == 4
    assert {code for code, _place in codes(read)} == {"FORM_SHEET_EMPTY"}  # 汇总, 计算过程, 检查结果
    book, found = import_tables(read.tables, list(read.findings), written.name)
    seed, _ = import_workbook(SEED)
    assert [f for f in found if f.level != "提示"] == []
    columns = {c["value"] for c in contract.layout(layout)["indicators"]["columns"]}
    assert [(p.name, p.department, p.unit, p.goal, p.achieved) for p in book.projects] == [
        (p.name, p.department, p.unit, p.goal, p.achieved) for p in seed.projects
    ]
    assert [(f.project, f.source, f.budget, f.executed) for f in book.funds] == [
        (f.project, f.source, f.budget, f.executed) for f in seed.funds
    ]
    assert [
        (i.project, i.level1, i.level2, i.level3, i.target, i.actual, i.reason) for i in book.indicators
    ] == [(i.project, i.level1, i.level2, i.level3, i.target, i.actual, i.reason) for i in seed.indicators]
    params = {p.key: p.value for p in book.params}
    assert params["年度"] == "2023" and params["金额单位"] == "万元" and params["表样"] == layout
    if "weight" in columns:  # the scored form prints 分值 and 得分: the audit's figures
        figures = {p.figure for p in read.printed}
        assert figures == {"执行率", "预算分值", "预算得分", "得分", "总分", "自评等级"}
        assert params["预算执行率分值"] == "10"
    if "nature" not in columns:  # evalxl prints the nature it read (定量/定性), the seed leaves it blank
        assert [i.nature for i in book.indicators] == [i.nature for i in seed.indicators]


def test_a_standard_input_workbook_is_not_forms() -> None:
    assert not looks_like_forms(SEED)


def test_a_file_that_is_not_a_workbook_is_refused_like_the_standard_reader(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_text("项目名称,一级指标", encoding="utf-8")
    assert not looks_like_forms(path)
    with pytest.raises(UnreadableWorkbook):
        read_forms(path)


# --------------------------------------------------------------------------- hand-styled forms


def test_a_hand_typed_seed_form_is_read_by_its_labels(tmp_path: Path) -> None:
    path = workbook(tmp_path / "forms.xlsx", {"补助": (form_rows(), ["A7:B10", "A11:A12"])})
    assert looks_like_forms(path)
    read = read_forms(path)
    assert codes(read) == []
    assert [(f.sheet, f.first_row, f.project, f.read) for f in read.forms] == [
        ("补助", 1, "老工商业者补助", True)
    ]
    (project,) = texts(read, "项目")
    assert project == {
        "项目名称": "老工商业者补助",
        "主管部门": "芷江县工商联",
        "项目实施单位": "芷江县工商联",
        "负责人": "杨柳春",
        "联系电话": "15386276736",
        "年初设定目标": "发放补助",
        "全年实际完成情况": "已发放",
        "说明": "无",
    }
    assert texts(read, "资金") == [{"项目名称": "老工商业者补助", "全年预算数": "6", "全年执行数": "6"}]
    indicators = texts(read, "指标")
    assert [(i.get("一级指标", ""), i["二级指标"], i.get("三级指标", "")) for i in indicators] == [
        ("产出指标", "数量指标", "发放人数"),
        ("", "质量指标", "发放准确率"),
        ("效益指标", "经济效益指标", ""),  # a placeholder row, its wrapped text read without spaces
        ("", "社会效益指标", "改善生活"),
        ("满意度指标", "服务对象满意度指标", "满意率"),
    ]
    assert {p.key: p.value for p in import_tables(read.tables, [], "x")[0].params} == {
        "年度": "2023",
        "金额单位": "万元",
        "表样": "目标自评表",
    }


def test_every_value_names_the_cell_of_the_form_it_came_from(tmp_path: Path) -> None:
    path = workbook(tmp_path / "forms.xlsx", {"补助": (form_rows(executed="六"), [])})
    read = read_forms(path)
    book, found = import_tables(read.tables, list(read.findings), path.name)
    assert ("NOT_A_NUMBER", "补助!E8") in [(f.code, f.place) for f in found]
    indicator = book.indicators[0]
    assert indicator.place_of("全年完成值") == "补助!F14"
    assert indicator.place_of("项目名称") == "补助!C4"  # the form's name cell, on every row
    funds = read.tables["资金"]
    assert funds.place("全年预算数", 2) == Place("补助", 8, 4)
    assert funds.place("资金使用单位", 2) == Place("补助", 8, 3)  # a column the form lacks: the row's label
    every = [(row, col) for row in funds.row_numbers for col in funds.columns.values()]
    assert funds.origin is not None and all(cell in funds.origin for cell in every)


def test_other_spellings_of_the_labels(tmp_path: Path) -> None:
    rows = form_rows(name_label="项 目 名 称", actual_header="全年实际值", title=False)
    path = workbook(tmp_path / "forms.xlsx", {"Sheet1": (rows, [])})
    read = read_forms(path)
    assert [f.project for f in read.forms] == ["老工商业者补助"]
    assert texts(read, "指标")[0]["全年完成值"] == "14"
    assert "年度" not in {row["参数"] for row in texts(read, "参数")}  # no year line: no 年度


def test_several_forms_stacked_down_one_sheet(tmp_path: Path) -> None:
    rows = [*form_rows("甲项目"), [], [], *form_rows("乙项目", budget=10, executed=8)]
    path = workbook(
        tmp_path / "forms.xlsx", {"封面": ([["2023年度项目支出绩效自评"]], []), "全部": (rows, [])}
    )
    read = read_forms(path)
    assert [(f.project, f.first_row) for f in read.forms] == [("甲项目", 1), ("乙项目", 26)]
    assert codes(read) == [("FORM_SHEET_EMPTY", "封面!A1")]
    assert [row["全年执行数"] for row in texts(read, "资金")] == ["6", "8"]
    assert len(texts(read, "指标")) == 10


def test_amounts_in_yuan_are_converted_when_the_forms_disagree(tmp_path: Path) -> None:
    rows = [*form_rows("甲项目"), *form_rows("乙项目", unit="（元）", budget=60000, executed=45000)]
    read = read_forms(workbook(tmp_path / "forms.xlsx", {"全部": (rows, [])}))
    assert codes(read) == [("FORM_AMOUNTS_CONVERTED", "全部!A30")]
    assert [(r["全年预算数"], r["全年执行数"]) for r in texts(read, "资金")] == [("6", "6"), ("6", "4.5")]
    alone = read_forms(workbook(tmp_path / "yuan.xlsx", {"乙": (form_rows(unit="（元）", budget=60000), [])}))
    assert {r["参数"]: r["值"] for r in texts(alone, "参数")}["金额单位"] == "元"
    assert texts(alone, "资金")[0]["全年预算数"] == "60000"


def test_a_form_without_a_money_unit_is_read_in_the_default_unit_with_a_warning(tmp_path: Path) -> None:
    read = read_forms(workbook(tmp_path / "forms.xlsx", {"补助": (form_rows(unit=""), [])}))
    assert codes(read) == [("FORM_MONEY_UNIT_ASSUMED", "补助!A7")]


def test_source_rows_with_money_and_a_total_that_does_not_add_up(tmp_path: Path) -> None:
    rows = form_rows()
    rows[8] = ["", "", "其中: 中央补助", 4, 4]
    rows[9] = ["", "", "其他资金", 1, 1]
    read = read_forms(workbook(tmp_path / "forms.xlsx", {"补助": (rows, [])}))
    assert [(r["资金来源"], r["全年预算数"]) for r in texts(read, "资金")] == [
        ("中央补助", "4"),
        ("其他资金", "1"),
    ]
    assert codes(read) == [("FORM_FUND_TOTAL_DIFFERS", "补助!D8"), ("FORM_FUND_TOTAL_DIFFERS", "补助!E8")]
    totals = [(p.column, p.value, p.place) for p in read.printed if p.figure == "年度资金总额"]
    assert totals == [("全年预算数", 6.0, "补助!D8"), ("全年执行数", 6.0, "补助!E8")]


def test_a_scored_form_with_initial_budget_weights_scores_and_a_grade(tmp_path: Path) -> None:
    rows = [
        ["项目支出绩效自评表"],
        ["2023年度"],
        ["项目名称", "", "道路养护"],
        ["主管部门", "", "交通局", "", "", "实施单位", "公路站"],
        ["项目资金（万元）", "", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["", "", "年度资金总额", 100, 100, 80, 10, 0.8, 8],
        ["年度总体目标", "预期目标", "", "", "", "实际完成情况"],
        ["", "养护道路", "", "", "", "已养护"],
        [
            "绩效指标",
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ],
        ["", "产出指标", "数量指标", "养护里程", "≥20 公里", "20 公里", 90, 90],
        ["总分", "", "", "", "", "", 100, 98, "自评等级：优"],
    ]
    read = read_forms(workbook(tmp_path / "forms.xlsx", {"道路": (rows, [])}, percent=["H6"]))
    assert codes(read) == []
    assert texts(read, "资金") == [
        {"项目名称": "道路养护", "年初预算数": "100", "全年预算数": "100", "全年执行数": "80"}
    ]
    assert texts(read, "指标")[0]["分值"] == "90" and "自评得分" not in texts(read, "指标")[0]
    printed = [(p.figure, p.place, p.text, p.value) for p in read.printed]
    assert printed == [
        ("执行率", "道路!H6", "80%", 0.8),
        ("预算分值", "道路!G6", "10", 10.0),
        ("预算得分", "道路!I6", "8", 8.0),
        ("得分", "道路!H10", "90", 90.0),
        ("总分", "道路!H11", "98", 98.0),
        ("自评等级", "道路!I11", "优", None),
    ]
    assert next(p for p in read.printed if p.figure == "得分").indicator_row == 2
    params = {r["参数"]: r["值"] for r in texts(read, "参数")}
    assert params == {"年度": "2023", "金额单位": "万元", "表样": "评分自评表", "预算执行率分值": "10"}


def test_a_unit_column_is_joined_to_a_bare_number(tmp_path: Path) -> None:
    rows = form_rows(title=False)
    rows[9] = [
        "绩效指标",
        "一级指标",
        "二级指标",
        "三级指标",
        "指标性质",
        "年度指标值",
        "度量单位",
        "全年完成值",
    ]
    rows[10] = ["", "产出指标", "数量指标", "发放人数", "定量", 14, "人", "14"]
    rows[12] = ["", "", "质量指标", "发放准确率", "定量", "≥98%", "%", "99%"]
    read = read_forms(workbook(tmp_path / "forms.xlsx", {"补助": (rows, [])}))
    first, second = texts(read, "指标")[:2]
    assert (first["年度指标值"], first["全年完成值"], first["指标性质"]) == ("14人", "14人", "定量")
    assert (second["年度指标值"], second["全年完成值"]) == ("≥98%", "99%")


# --------------------------------------------------------------------------- what cannot be read


def test_an_unreadable_form_beside_good_ones_is_skipped_with_a_warning(tmp_path: Path) -> None:
    broken = form_rows("坏项目")
    broken[12] = ["绩效指标", "一级指标", "二级指标", "指标名称", "年度指标值", "全年完成值"]
    path = workbook(tmp_path / "forms.xlsx", {"好": (form_rows("好项目"), []), "坏": (broken, [])})
    read = read_forms(path)
    assert codes(read) == [("FORM_SKIPPED", "坏!A13")]
    assert [(f.project, f.read) for f in read.forms] == [("好项目", True), ("坏项目", False)]
    assert [row["项目名称"] for row in texts(read, "项目")] == ["好项目"]


def test_a_workbook_whose_only_form_is_unreadable_is_an_error(tmp_path: Path) -> None:
    rows = form_rows()[:10]  # no indicator block at all
    read = read_forms(workbook(tmp_path / "forms.xlsx", {"补助": (rows, [])}))
    assert codes(read) == [("FORM_UNREADABLE", "补助!A4")]
    assert len(read.tables["项目"]) == 0


def test_a_workbook_without_any_form_says_so(tmp_path: Path) -> None:
    read = read_forms(workbook(tmp_path / "x.xlsx", {"封面": ([["自评报告"]], [])}))
    assert codes(read) == [("FORM_SHEET_EMPTY", "封面!A1"), ("FORMS_NONE", "x.xlsx")]


def test_forms_disagreeing_on_the_year(tmp_path: Path) -> None:
    second = form_rows("乙项目")
    second[1] = ["（2022年度）"]
    read = read_forms(
        workbook(tmp_path / "forms.xlsx", {"甲": (form_rows("甲项目"), []), "乙": (second, [])})
    )
    assert codes(read) == [("FORM_YEAR_DIFFERS", "乙!A2")]
