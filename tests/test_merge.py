"""Merging fund-using units (note 2, scoring-rules.md §6) and each unit's own view (--by-unit)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from builders import fund, indicator, project, write_book
from evalxl import api
from evalxl.model import Fund, Indicator, InputBook, Project, RunResult, ScoredIndicator, Settings
from evalxl.scoring.merge import merge_units

UNITS = [("甲单位", 50), ("乙单位", 30), ("丙单位", 20)]


def three_unit_book(tmp_path: Path, **extra: object) -> Path:
    """The worked example of §6: funds 50/30/20; 合格率 98/95/100%; 培训人次 200/100/150."""
    funds = [fund(budget=b, executed=b, 资金使用单位=u) for u, b in UNITS]
    rows = []
    for (unit, _), rate, people in zip(UNITS, ("98%", "95%", "100%"), (200, 100, 150), strict=True):
        rows += [
            indicator("产出指标", "数量指标", "培训人次", "≥400 人次", f"{people} 人次", 资金使用单位=unit),
            indicator("产出指标", "质量指标", "合格率", "≥95%", rate, 资金使用单位=unit),
            indicator("效益指标", "社会效益指标", "技能提升", "提高", "达成", 资金使用单位=unit),
            indicator("满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%", 资金使用单位=unit),
        ]
    # the worked example's targets are per unit: 200 + 100 + 150 = 450 against 400 + 400 + 400
    return write_book(tmp_path / "in.xlsx", funds=funds, indicators=rows, **extra)  # type: ignore[arg-type]


def by_name(result: RunResult) -> dict[str, ScoredIndicator]:
    (scored,) = result.projects
    return {i.level3: i for i in scored.indicators}


def test_absolute_values_are_summed_and_relative_ones_fund_weighted(tmp_path: Path) -> None:
    result = api.evaluate_workbook(three_unit_book(tmp_path))
    rows = by_name(result)
    assert list(rows) == ["培训人次", "合格率", "技能提升", "满意度"]  # one row per indicator, form order
    assert (rows["培训人次"].target, rows["培训人次"].actual) == ("≥1200 人次", "450 人次")
    assert rows["合格率"].actual == "97.50%"
    assert rows["合格率"].completion == pytest.approx(0.975 / 0.95)
    assert rows["培训人次"].completion == pytest.approx(450 / 1200)
    assert [p.unit for p in rows["合格率"].parts] == ["甲单位", "乙单位", "丙单位"]
    assert [p.fund for p in rows["合格率"].parts] == [50, 30, 20]
    assert "合并3个单位" in rows["合格率"].method
    found = {(f.code, f.place) for f in result.findings}
    assert ("UNITS_MERGED", "项目!A2") in found


def test_weights_by_executed_amounts(tmp_path: Path) -> None:
    funds = [fund(budget=50, executed=10, 资金使用单位="甲"), fund(budget=50, executed=30, 资金使用单位="乙")]
    rows = [
        indicator("产出指标", "质量指标", "合格率", "≥90%", "80%", 资金使用单位="甲"),
        indicator("产出指标", "质量指标", "合格率", "≥90%", "100%", 资金使用单位="乙"),
    ]
    by_budget = by_name(api.evaluate_workbook(write_book(tmp_path / "a.xlsx", funds=funds, indicators=rows)))
    by_spent = by_name(
        api.evaluate_workbook(
            write_book(tmp_path / "b.xlsx", funds=funds, indicators=rows, params=[["加权资金", "全年执行数"]])
        )
    )
    assert by_budget["合格率"].actual == "90%"
    assert by_spent["合格率"].actual == "95%"


def test_qualitative_ratios_are_fund_weighted(tmp_path: Path) -> None:
    funds = [fund(budget=75, executed=75, 资金使用单位="甲"), fund(budget=25, executed=25, 资金使用单位="乙")]
    rows = [
        indicator("效益指标", "社会效益指标", "环境", "改善", "100%", 资金使用单位="甲"),
        indicator("效益指标", "社会效益指标", "环境", "改善", "60%", 资金使用单位="乙"),
    ]
    row = by_name(api.evaluate_workbook(write_book(tmp_path / "in.xlsx", funds=funds, indicators=rows)))[
        "环境"
    ]
    assert row.completion == pytest.approx(0.9)
    assert row.score == 27.0  # 30 × 90%


def test_units_that_disagree_on_the_weight_are_an_error(tmp_path: Path) -> None:
    funds = [fund(budget=50, executed=50, 资金使用单位="甲"), fund(budget=50, executed=50, 资金使用单位="乙")]
    rows = [
        indicator("产出指标", "数量指标", "次数", "≥4 次", "4 次", 资金使用单位="甲", 分值=90),
        indicator("产出指标", "数量指标", "次数", "≥4 次", "4 次", 资金使用单位="乙", 分值=80),
    ]
    result = api.evaluate_workbook(write_book(tmp_path / "in.xlsx", funds=funds, indicators=rows))
    assert ("WEIGHT_INCONSISTENT", "指标!I3") in {(f.code, f.place) for f in result.findings}


def test_each_units_own_findings_stay_at_its_cells(tmp_path: Path) -> None:
    funds = [fund(budget=50, executed=50, 资金使用单位="甲"), fund(budget=50, executed=50, 资金使用单位="乙")]
    rows = [
        indicator("产出指标", "数量指标", "次数", "≥4 次", "100%", 资金使用单位="甲"),
        indicator("产出指标", "数量指标", "次数", "≥4 次", "3 次", 资金使用单位="乙"),
    ]
    result = api.evaluate_workbook(write_book(tmp_path / "in.xlsx", funds=funds, indicators=rows))
    assert ("PERCENT_AS_RATIO", "指标!G2") in {(f.code, f.place) for f in result.findings}
    assert by_name(result)["次数"].actual == "7 次"  # 4 × 100% + 3


def test_a_unit_without_funds_is_a_warning(tmp_path: Path) -> None:
    funds = [fund(budget=50, executed=50, 资金使用单位="甲")]
    rows = [
        indicator("产出指标", "数量指标", "次数", "≥4 次", "4 次", 资金使用单位="甲"),
        indicator("产出指标", "数量指标", "次数", "≥4 次", "4 次", 资金使用单位="乙"),
    ]
    result = api.evaluate_workbook(write_book(tmp_path / "in.xlsx", funds=funds, indicators=rows))
    assert ("UNIT_WITHOUT_FUNDS", "指标!B3") in {(f.code, f.place) for f in result.findings}


def test_by_unit_gives_each_unit_its_own_project(tmp_path: Path) -> None:
    result = api.evaluate_workbook(three_unit_book(tmp_path), api.Options(by_unit=True))
    assert [(p.project.name, p.project.unit, p.budget) for p in result.projects] == [
        ("示例培训项目（甲单位）", "甲单位", 50),
        ("示例培训项目（乙单位）", "乙单位", 30),
        ("示例培训项目（丙单位）", "丙单位", 20),
    ]
    first = {i.level3: i for i in result.projects[0].indicators}
    assert (first["培训人次"].target, first["培训人次"].actual, first["培训人次"].parts) == (
        "≥400 人次",
        "200 人次",
        (),
    )
    assert not any(f.code == "UNITS_MERGED" for f in result.findings)


def test_a_single_unit_project_is_not_merged(tmp_path: Path) -> None:
    projects = [project(项目实施单位="中心")]
    funds = [fund(资金使用单位="中心")]
    rows = [
        indicator("产出指标", "数量指标", "次数", "≥4 次", "4 次"),
        indicator("产出指标", "数量指标", "次数", "≥4 次", "4 次", 资金使用单位="中心"),
    ]
    result = api.evaluate_workbook(
        write_book(tmp_path / "in.xlsx", projects=projects, funds=funds, indicators=rows)
    )
    # a blank 资金使用单位 is the project's implementing unit: both rows are the same unit's
    assert [i.parts for i in result.projects[0].indicators] == [(), ()]


# ---- merge_units on records ----------------------------------------------------------------------


def record(level3: str, target: str, actual: str, unit: str, row: int, **more: object) -> Indicator:
    fields: dict[str, Any] = {"weight": None, "self_score": None, "reason": "", "nature": "", **more}
    return Indicator("项目", unit, "产出指标", "数量指标", level3, target, actual, row=row, **fields)


def records_book(indicators: list[Indicator], funds: dict[str, float]) -> InputBook:
    projects = (Project("项目", "", "局", "甲", "", "", "", "", "", 2),)
    money = tuple(Fund("项目", unit, "", None, budget, budget, 2) for unit, budget in funds.items())
    return InputBook(projects, money, tuple(indicators))


def test_merged_rows_take_the_place_of_the_first_unit_in_form_order() -> None:
    rows = [
        record("次数", "≥4 次", "4 次", "甲", 2),
        record("人数", "≥10 人", "9 人", "甲", 3),
        record("次数", "≥4 次", "3 次", "乙", 4),
        record("", "", "", "甲", 5),
    ]
    merged = merge_units(records_book(rows, {"甲": 30.0, "乙": 10.0}), Settings())
    assert [(i.level3, i.target, i.actual, i.user_unit) for i in merged.indicators] == [
        ("次数", "≥8 次", "7 次", ""),
        ("人数", "≥10 人", "9 人", "甲"),
        ("", "", "", "甲"),
    ]
    assert merged.at.tolist() == [0]
    assert [p.unit for p in merged.parts[0]] == ["甲", "乙"]
    assert [f.code for f in merged.findings] == ["UNITS_MERGED"]


def test_units_without_money_weigh_equally_and_a_placeholder_is_not_evaluated() -> None:
    rows = [
        record("合格率", "≥90%", "80%", "甲", 2),
        record("合格率", "≥90%", "100%", "乙", 3),
        record("", "", "", "甲", 4),
        record("", "", "", "乙", 5),
    ]
    merged = merge_units(records_book(rows, {}), Settings())
    assert [i.actual for i in merged.indicators] == ["90%", ""]
    assert "权重 50.00%/50.00%" in merged.evaluations.method[0]
    assert merged.at.tolist() == [0]  # the placeholder merged from two units keeps no evaluation
    assert [f.code for f in merged.findings].count("UNIT_WITHOUT_FUNDS") == 4
