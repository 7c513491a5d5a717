"""The department's whole expenditure (issue 13): the 部门 and 部门指标 sheets, their findings at
cells, given and derived figures, the profile's [department] weights, the form's cells, bytes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from builders import write_book
from evalxl import api, contract
from evalxl.department import DERIVED
from evalxl.exporting import layout as layouts
from evalxl.exporting.workbook import write_workbook
from evalxl.scoring.settings import default_settings, load_profile_file

ROOT = Path(__file__).resolve().parents[1]
DEPARTMENT = "示例县财政局"  # the builders' project's 主管部门
DEPARTMENT_HEADER = [c.name for c in contract.sheet("部门").columns]
INDICATOR_HEADER = [c.name for c in contract.sheet("部门指标").columns]


def department(name: str = DEPARTMENT, **cols: Any) -> list[Any]:
    values = {
        "主管部门": name,
        "基本支出全年预算数": 300,
        "基本支出全年执行数": 290,
        "项目支出全年预算数": 200,
        "项目支出全年执行数": 160,
        "年初设定目标": "保障运转，完成年度重点工作",
        "全年实际完成情况": "基本完成",
        **cols,
    }
    return [values.get(h) for h in DEPARTMENT_HEADER]


def measure(
    level1: Any, level2: Any, level3: str, target: Any, actual: Any, name: Any = DEPARTMENT
) -> list[Any]:
    values = {"主管部门": name, "一级指标": level1, "二级指标": level2, "三级指标": level3}
    values |= {"年度指标值": target, "全年完成值": actual}
    return [values.get(h) for h in INDICATOR_HEADER]


MEASURES = [
    measure("产出指标", "数量指标", "完成重点工作", "≥10 项", "8 项"),  # 40 × 0.8 = 32
    measure(None, "质量指标", "资金拨付合规率", "100%", "100%", name=None),
    measure("效益指标", "社会效益指标", "服务质量", "提高", "达成", name=None),
    measure("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%", "95%", name=None),
]


def book_with_department(
    path: Path, departments: list[list[Any]], measures: list[list[Any]] | None = None
) -> Path:
    write_book(path)
    wb = openpyxl.load_workbook(path)
    for name, header, rows in (
        ("部门", DEPARTMENT_HEADER, departments),
        ("部门指标", INDICATOR_HEADER, MEASURES if measures is None else measures),
    ):
        ws = wb.create_sheet(name)
        ws.append(header)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def at(result: api.RunResult, code: str) -> list[str]:
    return [f.place for f in result.findings if f.code == code]


# --------------------------------------------------------------------------- the contract


def test_the_department_sheets_are_optional_and_shaped_like_the_others() -> None:
    assert not contract.sheet("部门").required and not contract.sheet("部门指标").required
    assert contract.sheet("部门").required_columns == (
        "主管部门",
        "基本支出全年预算数",
        "基本支出全年执行数",
        "项目支出全年预算数",
        "项目支出全年执行数",
    )
    indicator_columns = [c.name for c in contract.sheet("指标").columns]
    expected = ["主管部门", *(c for c in indicator_columns if c not in ("项目名称", "资金使用单位"))]
    assert [c.name for c in contract.sheet("部门指标").columns] == expected


def test_the_department_form_is_no_project_layout() -> None:
    assert "部门整体支出绩效自评表" not in contract.layout_names()
    form = layouts.department()
    assert form.title == "部门整体支出绩效自评表" and form.page.paper == 9
    assert form.funds.rows == (("基本支出", "其中：基本支出"), ("项目支出", "项目支出"))
    assert "{count}" in form.derived and form.header[0][0].value == "department"


def test_the_profile_keys_reach_the_settings(tmp_path: Path) -> None:
    settings = default_settings()
    assert settings.department_budget_weight == 20 and settings.department_indicator_weight == 80
    assert dict(settings.department_level_weights) == {
        "产出指标": 40,
        "效益指标": 30,
        "满意度指标": 10,
        "成本指标": 0,
    }
    own = tmp_path / "本市.toml"
    own.write_text(
        "[department]\nbudget_weight = 10\nindicator_weight = 90\n[department.weights]\n"
        '"产出指标" = 50\n"效益指标" = 30\n"满意度指标" = 10\n"成本指标" = 0\n',
        encoding="utf-8",
    )
    data, found = load_profile_file(own)
    assert found == [] and data is not None and data["department"]["budget_weight"] == 10
    bad = tmp_path / "坏.toml"
    bad.write_text('[department.weights]\n"产出指标" = 50\n', encoding="utf-8")
    _data, found = load_profile_file(bad)
    assert [(f.code, f.place) for f in found] == [("PROFILE_BAD_VALUE", "坏.toml:department.weights")]


# --------------------------------------------------------------------------- reading and checks


def test_the_importer_reports_department_cells(tmp_path: Path) -> None:
    path = book_with_department(
        tmp_path / "in.xlsx",
        [department(基本支出全年执行数="很多"), department("其他局", 项目支出全年预算数=None)],
        [measure("产出指标", "数量指标", "完成重点工作", "≥10 项", None)],
    )
    result = api.evaluate_workbook(path)
    assert at(result, "NOT_A_NUMBER") == ["部门!F2"]
    assert ("VALUE_REQUIRED", "部门!H3") in [(f.code, f.place) for f in result.findings]
    assert at(result, "ACTUAL_REQUIRED") == ["部门指标!F2"]
    # the unreadable 部门 row still names its department: its indicators are not unknown
    assert at(result, "DEPARTMENT_INDICATOR_UNKNOWN") == []
    # errors on the department sheets never withhold a project's total
    assert result.projects[0].score is not None


def test_the_checks_across_department_records(tmp_path: Path) -> None:
    path = book_with_department(
        tmp_path / "in.xlsx",
        [department(), department(), department("示例县财政厅")],
        [*MEASURES, measure("产出指标", "数量指标", "完成重点工作", "≥10 项", "8 项", name="示例县财政")],
    )
    result = api.evaluate_workbook(path)
    assert at(result, "DEPARTMENT_DUPLICATE") == ["部门!A3"]
    assert at(result, "DEPARTMENT_WITHOUT_PROJECTS") == ["部门!A4"]
    assert at(result, "DEPARTMENT_WITHOUT_INDICATORS") == ["部门!A4"]
    assert at(result, "DEPARTMENT_INDICATOR_UNKNOWN") == ["部门指标!A6"]


def test_department_amounts_are_checked_as_funds(tmp_path: Path) -> None:
    path = book_with_department(tmp_path / "in.xlsx", [department(项目支出全年执行数=400)])
    result = api.evaluate_workbook(path)
    assert at(result, "EXECUTION_ABOVE_BUDGET") == ["部门!I2"]
    given = result.department_results[0]
    assert given.score is None and given.form.blocked_by == ("部门!I2",)
    assert result.projects[0].score is not None


def test_department_indicators_are_checked_as_indicators(tmp_path: Path) -> None:
    measures = [
        *MEASURES,
        measure("产出指标", "数量制标", "开展督查", "≥4 次", "4 次", name=None),
        measure("产出指标", "数量指标", "完成重点工作", "≥10 项", "9 项", name=None),
    ]
    result = api.evaluate_workbook(book_with_department(tmp_path / "in.xlsx", [department()], measures))
    assert at(result, "LEVEL2_ALIAS") == ["部门指标!C6"]
    assert at(result, "DUPLICATE_INDICATOR") == ["部门指标!D7"]
    assert at(result, "REASON_MISSING_UNDER") == ["部门指标!J2", "部门指标!J7"]  # missed, no reason


# --------------------------------------------------------------------------- given and derived figures


def test_a_given_department_is_scored_with_the_department_weights(tmp_path: Path) -> None:
    result = api.evaluate_workbook(book_with_department(tmp_path / "in.xlsx", [department()]))
    (given,) = result.department_results
    assert not given.derived and given.basis == "" and given.place == "部门!A2"
    assert (given.budget, given.executed) == (500, 450) and given.rate == pytest.approx(0.9)
    assert given.basic is not None and (given.basic.budget, given.basic.executed) == (300, 290)
    assert given.projects is not None and (given.projects.budget, given.projects.executed) == (200, 160)
    assert given.form.budget_weight == 20 and given.form.budget_score == 18
    weights = [i.weight for i in given.indicators]
    assert weights == [20, 20, 30, 10]  # 产出 40 over two rows, 效益 30, 满意度 10
    assert [i.score for i in given.indicators] == [16, 20, 30, 10]
    assert given.score == 94 and given.grade == "优"
    assert given.goal == "保障运转，完成年度重点工作" and given.achieved == "基本完成"
    assert given.members == (0,)


def test_without_the_sheet_the_department_is_derived(tmp_path: Path) -> None:
    result = api.evaluate_workbook(write_book(tmp_path / "in.xlsx"))
    (derived,) = result.department_results
    project = result.projects[0]
    assert derived.derived and derived.basis == DERIVED and derived.name == DEPARTMENT
    assert (derived.budget, derived.executed, derived.rate) == (
        project.budget,
        project.executed,
        project.rate,
    )
    assert derived.basic is None and derived.projects is not None
    assert derived.score == project.score and derived.grade == project.grade
    assert derived.indicators == () and derived.form.budget_score is None and derived.goal == ""


def test_the_seed_department_is_derived_from_its_four_projects() -> None:
    result = api.evaluate_workbook(ROOT / "samples" / "seed-2023.xlsx")
    (derived,) = result.department_results
    assert derived.name == "芷江侗族自治县工商业联合会" and derived.derived
    assert derived.budget == pytest.approx(40.2) and derived.executed == pytest.approx(40.2)
    assert derived.members == (0, 1, 2, 3) and derived.score == 100 and derived.grade == "优"


def test_the_county_sample_has_one_given_and_one_derived_department() -> None:
    result = api.evaluate_workbook(ROOT / "samples" / "county-2024.xlsx")
    agri, water = result.department_results
    assert (agri.name, agri.derived, water.name, water.derived) == (
        "桐溪县农业农村局",
        False,
        "桐溪县水利局",
        True,
    )
    assert (agri.budget, agri.executed) == (3410.5, 3236.76) and agri.form.budget_score == 18.98
    assert agri.score == 94.48 and agri.grade == "优"
    subtotal = next(s for s in result.departments if s.department == "桐溪县水利局")
    assert (water.budget, water.executed, water.score) == (
        subtotal.budget,
        subtotal.executed,
        subtotal.average_score,
    )
    assert water.score == 98.01


# --------------------------------------------------------------------------- the form


def cells(path: Path, sheet: str) -> list[list[Any]]:
    ws = openpyxl.load_workbook(path)[sheet]
    return [[c for c in row] for row in ws.iter_rows(values_only=True)]


def test_the_form_sheets_follow_the_project_forms(tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    _result, written = api.run(ROOT / "samples" / "county-2024.xlsx", out)
    assert written == out
    names = openpyxl.load_workbook(out).sheetnames
    assert names[5:7] == ["桐溪县农业农村局（部门整体）", "桐溪县水利局（部门整体）"]
    agri = cells(out, "桐溪县农业农村局（部门整体）")
    assert agri[0][0] == "部门整体支出绩效自评表" and agri[2][:3] == [
        "部门（单位）名称",
        None,
        "桐溪县农业农村局",
    ]
    assert agri[4][2:] == ["年度资金总额", 3080, 3410.5, 3236.76, 20, pytest.approx(0.94906, abs=1e-5), 18.98]
    assert agri[5][2:6] == ["其中：基本支出", 1180, 1260.5, 1248.36]
    assert agri[6][2:6] == ["项目支出", 1900, 2150, 1988.4]
    total = next(row for row in agri if row[0] == "总分")
    assert total[6:] == [100, 94.48, "自评等级：优"]
    water = cells(out, "桐溪县水利局（部门整体）")
    remark = next(row for row in water if row[0] == "说明")[1]
    assert remark.startswith(DERIVED) and "农村饮水安全巩固提升、小型水库安全运行管护" in remark
    assert water[4][2:] == ["年度资金总额", 550, 600, 510, None, 0.85, None]  # no budget score when derived
    assert next(row for row in water if row[0] == "总分")[6:] == [100, 98.01, "自评等级：优"]


def test_without_a_department_row_no_department_form_is_printed(tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    result, _written = api.run(ROOT / "samples" / "seed-2023.xlsx", out)
    assert result.department_results[0].derived  # the figures are there, for the reports …
    assert len(openpyxl.load_workbook(out).sheetnames) == 7  # … the workbook is as before: 汇总, 4 forms, 2


def test_the_same_input_gives_the_same_bytes(tmp_path: Path) -> None:
    result = api.evaluate_workbook(ROOT / "samples" / "county-2024.xlsx")
    write_workbook(result, tmp_path / "a.xlsx")
    write_workbook(result, tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
