"""Layouts as data (evalxl.exporting.layout) and the one renderer that prints any of them.

Golden files: ``tests/golden/layouts/<layout>.csv`` hold the cells of the forms rendered from a small
hand-built result (a placeholder row, a 县级资金 line, a self-score, a rescaled project). After a
deliberate change regenerate them with ``EVALXL_UPDATE_GOLDEN=1 .venv/bin/python -m pytest
tests/test_layouts.py`` and review the diff.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from builders import fund, indicator, project, write_book
from evalxl import contract
from evalxl.cli import main
from evalxl.contract import ContractError
from evalxl.exporting import form, layout, write_workbook
from evalxl.model import Cap, FundLine, Project, ScoredIndicator, ScoredProject, Settings
from evalxl.scoring.book import run_result
from sheets_csv import sheet_csv
from test_export import find_cell, raw_borders, scored_indicator

GOLDEN = Path(__file__).with_name("golden") / "layouts"
PACKAGE_LAYOUTS = Path(__file__).resolve().parents[1] / "workbook_templates" / "layouts"
TARGET, SCORED, UNITS = "目标自评表", "评分自评表", "目标自评表（含指标性质与度量单位）"


def _project(name: str, department: str, unit: str, remark: str = "") -> Project:
    return Project(
        name=name,
        code="",
        department=department,
        unit=unit,
        leader="张三",
        phone="13800000000",
        goal=f"完成{name}年度任务",
        achieved=f"{name}年度任务基本完成",
        remark=remark,
        row=2,
    )


def _ind(
    levels: str,
    target: str = "",
    actual: str = "",
    weight: float | None = None,
    *,
    computed: float | None = None,
    self_score: float | None = None,
    nature: str = "定量",
    unit: str = "",
    reason: str = "",
) -> ScoredIndicator:
    """An indicator; ``levels`` is 一级/二级/三级; no weight makes a placeholder row."""
    level1, level2, level3 = levels.split("/")
    computed = weight if computed is None else computed
    return replace(
        scored_indicator(level1, level2, level3, target, actual, 0, weight=weight),
        nature=nature if weight is not None else "",
        computed=computed,
        self_score=self_score,
        score=computed if self_score is None else self_score,
        unit=unit,
        reason=reason,
    )


ROADS = ScoredProject(
    project=_project(
        "乡村道路养护", "示例县交通运输局", "示例县公路养护站", remark="县级资金和上年结转资金一并使用"
    ),
    funds=(
        FundLine("年度资金总额", 100, 92, 0.92, initial=90),
        FundLine("中央补助", 50, 50, 1.0, initial=50),
        FundLine("县级资金", 30, 25, 25 / 30, initial=30),
        FundLine("上年结转资金", 20, 17, 0.85, initial=10),
    ),
    budget=100,
    executed=92,
    rate=0.92,
    budget_weight=10,
    budget_score=9.2,
    indicators=(
        _ind("产出指标/数量指标/养护里程", "≥120 公里", "126 公里", 20, unit="公里"),
        _ind(
            "产出指标/质量指标/路面完好率",
            "≥90%",
            "86%",
            20,
            computed=19.11,
            self_score=18,
            unit="%",
            reason="雨季路面损毁较多，已增加巡查频次",
        ),
        _ind("产出指标/时效指标/养护完成时间", "2024年12月底前", "2024年11月30日", 10),
        _ind("效益指标/经济效益指标/"),  # a placeholder: printed, not scored
        _ind("效益指标/社会效益指标/群众出行条件", "改善", "改善", 30, nature="定性"),
        _ind("满意度指标/服务对象满意度指标/沿线群众满意度", "≥90%", "93%", 10, unit="%"),
    ),
    raw_total=97.2,
    scale=1.0,
    score=97.2,
    grade="优",
)
WATER = ScoredProject(  # no 满意度 indicator: 90 applicable points rescaled to 100
    project=_project("农村供水设施维修", "示例县水利局", "示例县农村供水服务中心"),
    funds=(FundLine("年度资金总额", 40, 36, 0.9),),
    budget=40,
    executed=36,
    rate=0.9,
    budget_weight=10,
    budget_score=9,
    indicators=(
        _ind(
            "产出指标/数量指标/维修供水点",
            "≥20 个",
            "16 个",
            25,
            computed=20,
            unit="个",
            reason="4 个供水点改为新建，转入下年度",
        ),
        _ind("产出指标/成本指标/维修成本", "≤40 万元", "36 万元", 25, unit="万元"),
        _ind("效益指标/社会效益指标/农村供水保障", "提高", "部分达成", 30, computed=21, nature="定性"),
    ),
    raw_total=75,
    scale=100 / 90,
    score=83.33,
    grade="良",
)
RESULT = run_result(Settings(year="2024"), (ROADS, WATER), ())


def _render(tmp_path: Path, name: str, projects: tuple[ScoredProject, ...] = RESULT.projects) -> Path:
    path = tmp_path / "out.xlsx"
    write_workbook(run_result(replace(RESULT.settings, layout=name), projects, ()), path)
    return path


def _form(path: Path, index: int = 1) -> openpyxl.worksheet.worksheet.Worksheet:
    return openpyxl.load_workbook(path, data_only=True).worksheets[index]


def _row(ws: openpyxl.worksheet.worksheet.Worksheet, row: int) -> list[object]:
    return [cell.value for cell in ws[row]]


# --------------------------------------------------------------------------- the loader


def test_available_names_and_get() -> None:
    assert layout.names() == (TARGET, SCORED, UNITS)
    assert [item.order for item in layout.available()] == sorted(item.order for item in layout.available())
    assert all(item.about for item in layout.available())
    assert layout.get(SCORED).fund_rows == ("当年财政拨款", "上年结转资金", "其他资金")
    assert layout.get(SCORED).other_row == "其他资金"
    assert layout.get(TARGET).fund_rows == ("中央补助", "省级资金", "市级资金", "县级资金", "其他资金")
    with pytest.raises(KeyError, match="省级表样"):
        layout.get("省级表样")
    assert layout.load(PACKAGE_LAYOUTS) == layout.available()  # the loader takes a directory


def test_the_checks_read_the_source_rows_the_forms_print() -> None:
    for item in layout.available():
        rows = contract.source_rows(item.name)
        assert (rows.rows, rows.other_row, rows.total_row) == (
            item.fund_rows,
            item.other_row,
            item.funds.total_text,
        )
        assert tuple(zip(rows.rows, rows.texts, strict=True)) == item.funds.rows
        assert set(rows.rows) <= set(rows.sources)


def test_unit_columns_differs_from_target_only_by_data() -> None:
    target, units = layout.get(TARGET), layout.get(UNITS)
    assert [c.value for c in units.columns if c.value not in {c.value for c in target.columns}] == [
        "nature",
        "unit",
    ]
    assert (units.header, units.funds, units.goals, units.notes) == (
        target.header,
        target.funds,
        target.goals,
        target.notes,
    )


def test_the_renderer_knows_every_value_a_layout_may_name() -> None:
    assert set(form._HEADER_VALUES) == set(layout.HEADER_VALUES)
    assert set(form._LINE_VALUES) | set(form._BUDGET_SCORE_VALUES) == set(layout.FUND_VALUES)
    assert set(form._INDICATOR_CELLS) == set(layout.INDICATOR_VALUES)


def test_spans_are_computed_from_the_columns() -> None:
    scored = layout.get(SCORED)
    assert scored.caption() == (0, 1)
    assert scored.fund_spans() == [(3, 3), (4, 4), (5, 5), (6, 6), (7, 7), (8, 8)]
    assert scored.goal_spans() == ((1, 4), (5, 8))
    assert scored.header_spans(scored.header[1]) == [((0, 1), (2, 4)), ((5, 5), (6, 8))]
    assert scored.total_spans() == ((0, 5), 6, 7, (8, 8))
    assert layout.get(UNITS).fund_spans() == [(3, 4), (5, 6), (7, 8)]


BROKEN = [
    # (text in target_form.toml, replaced by, the error names: file:key: why)
    ("order = 1\n", 'order = 1\ncolour = "red"\n', r"broken\.toml:colour: 未知的键"),
    ("label_width = 6\n", "label_width = 6\nwidht = 3\n", r"broken\.toml:indicators\.widht: 未知的键"),
    (
        'header = "三级指标", width = 22',
        'header = "三级指标", width = "wide"',
        r"broken\.toml:indicators\.columns\[2\]\.width: 应为数字：'wide'",
    ),
    ('value = "rate"', 'value = "rates"', r"funds\.columns\[2\]\.value: 应为 initial、.* 之一：'rates'"),
    (
        '{ source = "省级资金" }',
        '{ source = "省级资金", colour = 1 }',
        r"funds\.rows\[1\]\.colour: 未知的键",
    ),
    (
        'other_row = "其他资金"',
        'other_row = "上年结转资金"',
        r"funds\.other_row: 应为 rows 中某一行的 source",
    ),
    ('at = "actual"', 'at = "nowhere"', r"broken\.toml:header\[0\]: 除第一对外"),
    ('title = "项目支出绩效目标自评表"\n', "", r"broken\.toml:title: 缺少此键"),
    (
        'orientation = "portrait"',
        'orientation = "sideways"',
        r"page\.orientation: 应为 portrait、landscape 之一",
    ),
    ('year_line = "（{year}年度）"', 'year_line = "（{yaer}年度）"', r"year_line: 占位符 'yaer' 无效"),
    ("margins = [0.5, 0.5, 0.6, 0.6]", "margins = [0.5, 0.5]", r"page\.margins: 应为 4 项"),
    ('name = "目标自评表"', "name = 目标自评表", r"broken\.toml: 不是有效的 TOML"),
    (
        "[goals]\n",
        '[total]\nlabel = "总分"\nraw_label = "x"\nrescaled = ""\nadjusted = ""\n\n[goals]\n',
        r"broken\.toml:total: 总分行需要",
    ),
    (
        '{ value = "rate", header = "执行率（B/A）" },',
        '{ value = "rate", header = "x" }, { value = "initial", header = "y" }, { value = "score", header = "z" },',
        r"funds\.columns: 列数多于",
    ),
    ('{ source = "市级资金" }', '{ source = "省级资金" }', r"funds\.rows: “省级资金”出现了两次"),
    # issue 10: each source is printed in one row at most, and a total-only source has no row
    (
        '{ source = "市级资金" }',
        '{ source = "市级资金", takes = ["上年结转资金"] }',
        r"funds\.rows\[4\]\.takes",
    ),
    (
        '{ source = "市级资金" }',
        '{ source = "市级资金", takes = ["中央补助"] }',
        r"funds\.rows: “中央补助”既有",
    ),
    ('total_only = ["当年财政拨款"]', 'total_only = ["县级资金"]', r"funds\.total_only: “县级资金”已有一行"),
    ("optional = true", 'optional = "yes"', r"funds\.rows\[3\]\.optional: 应为 true 或 false"),
]


@pytest.mark.parametrize(("old", "new", "message"), BROKEN)
def test_a_broken_layout_file_fails_naming_the_key(tmp_path: Path, old: str, new: str, message: str) -> None:
    text = (PACKAGE_LAYOUTS / "target_form.toml").read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "broken.toml").write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ContractError, match=message) as caught:
        layout.load(tmp_path)
    assert caught.value.where.startswith(f"{tmp_path.name}/broken.toml")


def test_two_layouts_with_one_name_are_rejected(tmp_path: Path) -> None:
    shutil.copy(PACKAGE_LAYOUTS / "target_form.toml", tmp_path / "a.toml")
    shutil.copy(PACKAGE_LAYOUTS / "target_form.toml", tmp_path / "b.toml")
    (tmp_path / "notes.txt").write_text("not a layout", encoding="utf-8")
    with pytest.raises(ContractError, match=r"b\.toml:name: “目标自评表”已是 .*a\.toml 的名称"):
        layout.load(tmp_path)


def test_a_new_layout_is_a_data_file(tmp_path: Path) -> None:
    text = (PACKAGE_LAYOUTS / "unit_columns.toml").read_text(encoding="utf-8")
    (tmp_path / "x.toml").write_text(text.replace("order = 3", "order = 0"), encoding="utf-8")
    (loaded,) = layout.load(tmp_path)
    assert loaded == replace(layout.get(UNITS), order=0)


# --------------------------------------------------------------------------- rendering


@pytest.mark.parametrize("name", layout.names())
def test_golden_forms(name: str, tmp_path: Path) -> None:
    path = _render(tmp_path, name)
    sheets = [ws.title for ws in openpyxl.load_workbook(path).worksheets[1:-2]]
    actual = "".join(f"## {sheet}\n{sheet_csv(path, sheet)}" for sheet in sheets)
    expected = GOLDEN / f"{name}.csv"
    if os.environ.get("EVALXL_UPDATE_GOLDEN"):
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_text(actual, encoding="utf-8")
    assert actual == expected.read_text(encoding="utf-8"), f"layouts/{name}.csv differs"


@pytest.mark.parametrize("name", layout.names())
@pytest.mark.parametrize("index", [1, 2])
def test_every_table_cell_has_borders(name: str, index: int, tmp_path: Path) -> None:
    path = _render(tmp_path, name)
    form = layout.get(name)
    ws = _form(path, index)
    first_note = find_cell(ws, form.notes[0])[0]
    raw = raw_borders(path, index + 1)
    for row in range(3, first_note):
        for col in range(1, form.last_col + 2):
            coordinate = ws.cell(row, col).coordinate
            assert raw.get(coordinate) == ("thin",) * 4, coordinate  # covered cells of merges included
    for row in (1, 2, first_note):
        assert raw[f"A{row}"] == (None,) * 4  # title, year and notes are not boxed
    assert (
        ws.print_area
        == f"'{ws.title}'!$A$1:${chr(ord('A') + form.last_col)}${first_note + len(form.notes) - 1}"
    )


def _merged(path: Path, index: int = 1) -> set[str]:
    return {str(r) for r in openpyxl.load_workbook(path).worksheets[index].merged_cells.ranges}


def test_scored_form_merges(tmp_path: Path) -> None:
    merged = _merged(_render(tmp_path, SCORED))
    expected = {"A1:I1", "A2:I2", "A3:B3", "C3:I3", "A4:B4", "C4:E4", "G4:I4", "A5:B9"}
    expected |= {"A10:A11", "B10:E10", "F10:I10", "B11:E11", "F11:I11"}  # 年度总体目标
    expected |= {"A12:A18", "B13:B15", "B16:B17"}  # 绩效指标 and the 一级指标 runs
    expected |= {"A19:F19", "A20:I20", "A21:I21", "A22:I22"}  # 总分, notes
    assert merged == expected


def test_unit_columns_merges(tmp_path: Path) -> None:
    merged = _merged(_render(tmp_path, UNITS))
    # the 项目资金 block has a 县级资金 row (this project has 县级资金): one row more than the seed's
    expected = {"A1:I1", "A2:I2", "A3:B3", "C3:G3", "A4:B4", "C4:I4", "A5:B5", "C5:I5", "A6:B12"}
    expected |= {f"{a}{row}:{b}{row}" for row in range(6, 13) for a, b in ("DE", "FG", "HI")}
    expected |= {"A13:A14", "B13:E13", "F13:I13", "B14:E14", "F14:I14"}
    expected |= {"A15:A21", "B16:B18", "B19:B20", "B22:I22", "A23:I23", "A24:I24", "A25:I25"}
    assert merged == expected


def test_scored_form_funds_and_total(tmp_path: Path) -> None:
    ws = _form(_render(tmp_path, SCORED))
    assert _row(ws, 5)[2:] == [None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    assert _row(ws, 6)[2:] == ["年度资金总额", 90, 100, 92, 10, 0.92, 9.2]
    # 中央补助 + 县级资金 are 当年财政拨款 (the layout's row takes them), not 其他资金
    assert _row(ws, 7)[2:] == ["其中：当年财政拨款", 80, 80, 75, "—", 0.9375, "—"]
    assert _row(ws, 8)[2:] == ["上年结转资金", 10, 20, 17, "—", 0.85, "—"]
    assert _row(ws, 9)[2:] == ["其他资金", None, None, None, "—", None, "—"]
    assert ws["H14"].value == 18  # the self-score counts, not the computed 19.11
    scores = ws["I6"].value + sum(ws.cell(row, 8).value or 0 for row in range(13, 19))
    assert scores == pytest.approx(ROADS.raw_total)
    assert _row(ws, 19)[6:] == [100, 97.2, "自评等级：优"]
    assert ws["A19"].value == "总分"


def test_scored_form_rescaled_total_shows_the_sum_and_the_rescaling(tmp_path: Path) -> None:
    ws = _form(_render(tmp_path, SCORED), 2)
    assert _row(ws, 13)[6:8] == [25, 20]
    scores = ws["I6"].value + sum(ws.cell(row, 8).value for row in range(13, 16))
    assert scores == pytest.approx(WATER.raw_total)  # the printed column adds up …
    assert _row(ws, 16) == [
        "得分合计",
        None,
        None,
        None,
        None,
        None,
        90,
        75,
        "按适用指标折算为百分制：75 × 100/90",
    ]
    assert _row(ws, 17) == ["总分", None, None, None, None, None, 100, 83.33, "自评等级：良"]  # … to 75


def test_scored_form_total_changed_by_another_rule(tmp_path: Path) -> None:
    capped = replace(ROADS, score=60.0, grade="中", cap=Cap(below=0.95, most=60, uncapped=97.2))
    ws = _form(_render(tmp_path, SCORED, (capped,)))
    assert _row(ws, 19)[6:] == [100, 97.2, "总分按评分规则调整为 60（见计算过程）"]
    assert _row(ws, 20)[6:] == [100, 60, "自评等级：中"]


def test_unit_columns_print_nature_and_unit(tmp_path: Path) -> None:
    ws = _form(_render(tmp_path, UNITS))
    assert _row(ws, 15)[1:] == [
        "一级指标",
        "二级指标",
        "三级指标",
        "指标性质",
        "年度指标值",
        "度量单位",
        "全年完成值",
        "未完成原因和改进措施",
    ]
    assert _row(ws, 16)[3:8] == ["养护里程", "定量", "≥120 公里", "公里", "126 公里"]
    assert _row(ws, 19)[3:8] == [None, None, None, None, None]  # the placeholder row
    assert _row(ws, 11)[2:] == ["县级资金", 30, None, 25, None, 25 / 30, None]  # its own row
    assert _row(ws, 12)[2:] == ["其他资金", 20, None, 17, None, 0.85, None]  # 上年结转资金 (note 1)


def test_unknown_layout_is_refused(tmp_path: Path) -> None:
    with pytest.raises(KeyError, match="未知表样"):
        _render(tmp_path, "省级表样")


# --------------------------------------------------------------------------- 汇总 by 主管部门


def test_summary_groups_departments(tmp_path: Path) -> None:
    bridge = replace(
        ROADS,
        project=replace(ROADS.project, name="桥梁维修"),
        budget=50,
        executed=40,
        score=80.0,
        grade="良",
    )
    path = tmp_path / "s.xlsx"
    write_workbook(run_result(Settings(year="2024"), (ROADS, WATER, bridge), ()), path)
    ws = openpyxl.load_workbook(path, data_only=True)["汇总"]
    assert str(ws["F2"].value).startswith("全年预算数")
    assert [ws.cell(row, 2).value for row in range(3, 9)] == [
        "乡村道路养护",
        "桥梁维修",
        "小计（示例县交通运输局）",
        "农村供水设施维修",
        "小计（示例县水利局）",
        "合计",
    ]
    assert [ws.cell(row, 1).value for row in range(3, 9)] == [1, 2, None, 3, None, None]
    assert _row(ws, 5)[5:9] == [
        150,
        132,
        pytest.approx(132 / 150),
        91.47,  # (100 × 97.2 + 50 × 80) / 150 = 91.4667, rounded half up to 得分小数位
    ]
    assert _row(ws, 7)[5:9] == [40, 36, 0.9, pytest.approx(83.33)]
    assert _row(ws, 8)[5:9] == [190, 168, pytest.approx(168 / 190), None]
    assert ws["A10"].value == "项目数：3　错误：0　警告：0　提示：0"
    formulas = openpyxl.load_workbook(path)["汇总"]
    assert formulas["F5"].value == "=SUM(F3:F4)"
    assert formulas["I5"].value == '=IF(F5=0,"",ROUND(SUMPRODUCT(F3:F4,I3:I4)/F5,2))'
    assert formulas["I7"].value == '=IF(F7=0,"",ROUND(SUMPRODUCT(F6,I6)/F7,2))'
    assert (formulas["F8"].value, formulas["G8"].value) == ("=SUM(F5,F7)", "=SUM(G5,G7)")
    assert formulas["H8"].value == '=IF(F8=0,"",G8/F8)'


def test_summary_of_one_department_has_no_subtotal(tmp_path: Path) -> None:
    path = tmp_path / "s.xlsx"
    write_workbook(
        run_result(Settings(), (ROADS, replace(ROADS, project=replace(ROADS.project, name="b"))), ()), path
    )
    ws = openpyxl.load_workbook(path)["汇总"]
    assert [ws.cell(row, 2).value for row in range(3, 6)] == ["乡村道路养护", "b", "合计"]
    assert ws["F5"].value == "=SUM(F3:F4)"


# --------------------------------------------------------------------------- a published form


LANGFANG = "办公宿舍楼、食堂及餐厅暖通改造经费"
LANGFANG_INDICATORS = [
    # 一级, 二级, 三级, 年度指标值, 实际完成值, published 分值, published 得分, 偏差原因分析及改进措施
    (
        "产出指标",
        "数量指标",
        "指标1工程资金金额",
        "43.2",
        "37.24",
        10,
        9,
        "已完工,剩余3%尾款未付,且最高限价低于预算金额。提高预算准确度。",
    ),
    ("产出指标", "质量指标", "指标1工程完工率", "100", "100", 10, 10, None),
    ("产出指标", "质量指标", "指标2工程验收合格率", "100", "100", 10, 10, None),
    ("产出指标", "时效指标", "指标1项目完成及时率", "100", "100", 10, 10, None),
    ("产出指标", "成本指标", "指标1成本控制率", "100", "100", 10, 10, None),
    ("效益指标", "经济效益指标", "指标1安全率", "100", "100", 10, 10, "0"),
    ("效益指标", "社会效益指标", "指标1学校发展能力", "100", "100", 10, 10, "0"),
    ("效益指标", "生态效益指标", None, None, None, None, None, None),  # printed empty
    ("效益指标", "可持续影响指标", "指标1长期使用性", "100", "100", 10, 10, None),
    ("满意度指标", "服务对象满意度指标", "指标1学生满意度", "100", "100", 10, 10, "0"),
]


def test_reproduces_a_published_scored_form(tmp_path: Path) -> None:
    """廊坊市食品工程学校, 项目支出绩效自评表（2019年度）, 办公宿舍楼、食堂及餐厅暖通改造经费,
    published at http://www.lfsp.cn/newsinfo/1158053.html (“绩效自评表（修改）”, 附件1).

    The published form: 年初预算数 43.2, 全年预算数 43.2, 全年执行数 37.24, 分值 10, 执行率 86%,
    得分 9 (其中：当年财政拨款 43.2 / 43.2 / 37.24), 预期目标 “43.2”, 实际完成情况 “37.24”, and the
    indicators below with their 分值 and 得分, whole points. It is scored here from an input workbook
    with 得分小数位 0 (the published form rounds to whole points: 10 × 37.24/43.2 = 8.62 → 9 for the
    budget and for 工程资金金额). The stored copy of the page ends before its 总分 row; 98 is the sum
    of the published 得分 cells (9 + 9 + 8 × 10), which the form's 分值 (10 + 9 × 10 = 100) make the
    总分 as printed.
    """
    rows = [
        indicator(level1, level2, level3, target, actual, LANGFANG, 分值=weight, 未完成原因和改进措施=reason)
        for level1, level2, level3, target, actual, weight, _, reason in LANGFANG_INDICATORS
    ]
    source = write_book(
        tmp_path / "langfang.xlsx",
        projects=[
            project(
                LANGFANG,
                主管部门="廊坊市发改委",
                项目实施单位="廊坊市食品工程学校",
                年初设定目标="43.2",
                全年实际完成情况="37.24",
            )
        ],
        funds=[fund(LANGFANG, 43.2, 37.24, 资金来源="当年财政拨款", 年初预算数=43.2)],
        indicators=rows,
        params=[["年度", 2019], ["得分小数位", 0], ["表样", SCORED]],
    )
    out = tmp_path / "out.xlsx"
    run = CliRunner().invoke(main, ["run", str(source), "-o", str(out)])
    assert run.exit_code == 0, run.output
    ws = openpyxl.load_workbook(out, data_only=True)[LANGFANG]
    assert (ws["A1"].value, ws["A2"].value, ws["C3"].value) == (
        "项目支出绩效自评表",
        "（2019年度）",
        LANGFANG,
    )
    assert (ws["C4"].value, ws["G4"].value) == ("廊坊市发改委", "廊坊市食品工程学校")
    total = _row(ws, 6)
    assert total[2:7] == ["年度资金总额", 43.2, 43.2, 37.24, 10]
    assert round(total[7], 2) == 0.86 and total[8] == 9  # 执行率 86%, 得分 9
    assert _row(ws, 7)[2:6] == ["其中：当年财政拨款", 43.2, 43.2, 37.24]
    assert (ws["B11"].value, ws["F11"].value) == ("43.2", "37.24")
    columns = {col: [ws.cell(row, col).value for row in range(13, 23)] for col in (4, 5, 6, 7, 8, 9)}
    for col, published in zip(
        (4, 5, 6, 7, 8, 9), list(zip(*LANGFANG_INDICATORS, strict=True))[2:], strict=True
    ):
        assert columns[col] == list(published), col  # 三级指标, 年度指标值, 实际完成值, 分值, 得分, 偏差原因
    assert _row(ws, 23)[:9] == ["总分", None, None, None, None, None, 100, 98, "自评等级：优"]


def test_every_offered_source_has_a_row_or_is_counted_in_the_total_with_a_warning() -> None:
    offered = contract.choices("资金来源")
    for item in layout.available():
        rows = contract.source_rows(item.name)
        for source in offered:
            assert (source in rows.sources) != (source in rows.total_only), (item.name, source)
    target, scored = contract.source_rows(TARGET), contract.source_rows(SCORED)
    assert (target.row_of("县级资金"), target.row_of("上年结转资金"), target.row_of("当年财政拨款")) == (
        "县级资金",
        "其他资金",
        "",
    )
    assert {scored.row_of(s) for s in ("中央补助", "省级资金", "市级资金", "县级资金")} == {"当年财政拨款"}
    assert target.row_of("专项债券资金") == "其他资金"  # unknown: the catch-all row, with a warning
