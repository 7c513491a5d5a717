"""The rules engine: weights, scores, rounding, totals, grades and the findings they raise."""

from __future__ import annotations

from pathlib import Path

import pytest

from builders import fund, indicator, project, write_book
from evalxl import api
from evalxl.model import RunResult, ScoredProject
from evalxl.scoring.rules import grade_of
from evalxl.scoring.settings import default_settings


def run(tmp_path: Path, **book: object) -> RunResult:
    return api.evaluate_workbook(write_book(tmp_path / "in.xlsx", **book))  # type: ignore[arg-type]


def only(result: RunResult) -> ScoredProject:
    (scored,) = result.projects
    return scored


def scores(scored: ScoredProject) -> dict[str, float | None]:
    return {i.level3: i.score for i in scored.indicators if not i.placeholder}


def test_worked_check(tmp_path: Path) -> None:
    result = run(tmp_path)
    p = only(result)
    assert p.rate == pytest.approx(0.862)
    assert p.budget_score == 8.62
    assert scores(p) == {"开展培训": 18.0, "培训成本": 28.13, "参训人员合格率": 30.0, "参训人员满意度": 10.0}
    assert (p.score, p.grade) == (94.75, "优")
    assert {(f.code, f.place) for f in result.findings} == {("LOW_EXECUTION", "项目!I2")}


@pytest.mark.parametrize(
    ("total", "grade"),
    [(90, "优"), (89.99, "良"), (80, "良"), (79.99, "中"), (60, "中"), (59.99, "差"), (0, "差")],
)
def test_grade_bounds_are_inclusive(total: float, grade: str) -> None:
    assert grade_of(total, default_settings()) == grade


DEFAULT_ROWS = [
    indicator("产出指标", "数量指标", "a", "≥10 次", "10 次"),
    indicator("产出指标", "数量指标", "b", "≥10 次", "5 次", 未完成原因和改进措施="资金晚到"),
    indicator("产出指标", "质量指标", "c", "≥90%", "90%"),
    indicator("效益指标", "社会效益指标", "d", "改善", "部分达成"),
    indicator("效益指标", "经济效益指标", None, None, None),
    indicator("满意度指标", "服务对象满意度指标", "e", "≥90%", "85%", 未完成原因和改进措施="宣传不足"),
]


def test_default_weights_split_equally_with_exact_sums(tmp_path: Path) -> None:
    p = only(run(tmp_path, funds=[fund(budget=100, executed=100)], indicators=DEFAULT_ROWS))
    weights = {i.level3: i.weight for i in p.indicators}
    assert weights == {"a": 16.67, "b": 16.67, "c": 16.66, "d": 30.0, "": None, "e": 10.0}
    assert scores(p) == {"a": 16.67, "b": 8.34, "c": 16.66, "d": 21.0, "e": 9.44}
    assert p.score == round(10 + 16.67 + 8.34 + 16.66 + 21.0 + 9.44, 2)


def test_missing_first_level_is_dropped_and_rescaled(tmp_path: Path) -> None:
    rows = [
        indicator("产出指标", "数量指标", "a", "≥10 次", "8 次", 未完成原因和改进措施="晚"),
        indicator("效益指标", "社会效益指标", "b", "改善", "改善"),
    ]
    result = run(tmp_path, funds=[fund(budget=100, executed=100)], indicators=rows)
    p = only(result)
    assert scores(p) == {"a": 40.0, "b": 30.0}
    assert p.raw_total == 80.0
    assert p.score == pytest.approx(88.89)  # 80 × 100/90
    assert ("LEVEL_RESCALED", "项目!A2") in {(f.code, f.place) for f in result.findings}


def test_weights_given_for_some_rows_only_is_an_error(tmp_path: Path) -> None:
    rows = [
        indicator("产出指标", "数量指标", "a", "≥10 次", "10 次", 分值=50),
        indicator("效益指标", "社会效益指标", "b", "改善", "改善"),
    ]
    result = run(tmp_path, indicators=rows)
    assert ("WEIGHTS_MIXED", "指标!I2") in {(f.code, f.place) for f in result.findings}
    assert only(result).score is None


def test_explicit_weights_not_adding_to_100_warn_and_the_total_is_rescaled(tmp_path: Path) -> None:
    rows = [
        indicator("产出指标", "数量指标", "a", "≥10 次", "10 次", 分值=50),
        indicator("效益指标", "社会效益指标", "b", "改善", "改善", 分值=30),
    ]
    result = run(tmp_path, funds=[fund(budget=100, executed=100)], indicators=rows)
    assert ("WEIGHTS_NOT_100", "指标!I2") in {(f.code, f.place) for f in result.findings}
    assert only(result).score == 100.0  # 90 of 90 on the scale of 100 (×100/90)


def test_self_score_is_kept_and_the_difference_reported(tmp_path: Path) -> None:
    rows = [indicator("产出指标", "数量指标", "a", "≥10 次", "10 次", 分值=90, 自评得分=85)]
    result = run(tmp_path, funds=[fund(budget=100, executed=100)], indicators=rows)
    (i,) = only(result).indicators
    assert (i.computed, i.self_score, i.score) == (90.0, 85.0, 85.0)
    assert only(result).score == 95.0
    assert ("SELF_SCORE_DIFFERS", "指标!J2") in {(f.code, f.place) for f in result.findings}


def test_reasons_are_asked_for_misses_and_big_overshoots(tmp_path: Path) -> None:
    rows = [
        indicator("产出指标", "数量指标", "a", "≥10 次", "8 次"),
        indicator("产出指标", "数量指标", "b", "≥100 人次", "130 人次"),
        indicator("产出指标", "数量指标", "c", "≥100 人次", "129 人次"),
    ]
    found = {(f.code, f.place) for f in run(tmp_path, indicators=rows).findings}
    assert {("REASON_MISSING_UNDER", "指标!K2"), ("REASON_MISSING_DEVIATION", "指标!K3")} <= found
    assert not any(place == "指标!K4" for _code, place in found)


def test_zero_budget_is_an_error(tmp_path: Path) -> None:
    result = run(tmp_path, funds=[fund(budget=0, executed=0)])
    assert ("ZERO_BUDGET", "资金!E2") in {(f.code, f.place) for f in result.findings}
    assert only(result).score is None


def test_params_override_the_profile(tmp_path: Path) -> None:
    params = [
        ["得分小数位", 0],
        ["优", 95],
        ["预算执行率分值", 20],
        ["产出指标分值", 40],
        ["效益指标分值", 30],
        ["满意度指标分值", 10],
    ]
    rows = [
        indicator("产出指标", "数量指标", "a", "≥3 次", "2 次", 未完成原因和改进措施="晚"),
        indicator("效益指标", "社会效益指标", "b", "改善", "改善"),
        indicator("满意度指标", "服务对象满意度指标", "c", "≥90%", "90%"),
    ]
    p = only(run(tmp_path, funds=[fund(budget=100, executed=100)], indicators=rows, params=params))
    assert scores(p) == {"a": 27.0, "b": 30.0, "c": 10.0}  # 40 × 2/3 = 26.67 → 27
    assert (p.budget_score, p.score, p.grade) == (20.0, 87.0, "良")


def test_source_rows_form_the_fund_lines(tmp_path: Path) -> None:
    funds = [
        fund(budget=60, executed=60, 资金来源="中央补助"),
        fund(budget=40, executed=30, 资金来源="其他资金"),
    ]
    p = only(run(tmp_path, funds=funds))
    assert [(line.label, line.budget, line.executed) for line in p.funds] == [
        ("年度资金总额", 100.0, 90.0),
        ("中央补助", 60.0, 60.0),
        ("其他资金", 40.0, 30.0),
    ]
    assert p.rate == 0.9


def test_sources_above_a_stated_total_are_an_error(tmp_path: Path) -> None:
    funds = [
        fund(budget=100, executed=90, 资金来源="年度资金总额"),
        fund(budget=60, executed=60, 资金来源="中央补助"),
        fund(budget=50, executed=30, 资金来源="其他资金"),
    ]
    result = run(tmp_path, funds=funds)
    assert ("SOURCES_EXCEED_TOTAL", "资金!A4") in {(f.code, f.place) for f in result.findings}


def test_two_projects_are_scored_separately(tmp_path: Path) -> None:
    projects = [project("甲"), project("乙", 说明="资金下达晚")]
    funds = [fund("甲", 10, 10), fund("乙", 10, 5)]
    rows = [
        indicator("产出指标", "数量指标", "a", "≥10 次", "10 次", name="甲"),
        indicator("产出指标", "数量指标", "b", "≥10 次", "10 次", name="乙"),
    ]
    result = run(tmp_path, projects=projects, funds=funds, indicators=rows)
    assert [(p.project.name, p.rate, p.score) for p in result.projects] == [
        ("甲", 1.0, 100.0),
        ("乙", 0.5, 91.67),
    ]  # (5 + 50) × 100/60
    assert not any(f.code == "LOW_EXECUTION" for f in result.findings)


def test_first_level_cost_indicator_needs_its_weight(tmp_path: Path) -> None:
    rows = [
        indicator("产出指标", "数量指标", "a", "≥10 次", "10 次"),
        indicator("成本指标", "经济成本指标", "b", "≤10 万元", "9 万元"),
        indicator("效益指标", "社会效益指标", "c", "改善", "改善"),
        indicator("满意度指标", "服务对象满意度指标", "d", "≥90%", "95%"),
    ]
    result = run(tmp_path, funds=[fund(budget=10, executed=10)], indicators=rows)
    assert ("LEVEL_WEIGHT_ZERO", "指标!C3") in {(f.code, f.place) for f in result.findings}
    assert only(result).score == 100.0
    params = [["成本指标分值", 20], ["产出指标分值", 30]]
    result = run(tmp_path, funds=[fund(budget=10, executed=10)], indicators=rows, params=params)
    assert {i.level3: i.weight for i in only(result).indicators} == {"a": 30, "b": 20, "c": 30, "d": 10}
    assert not any(f.code in ("LEVEL_WEIGHT_ZERO", "PARAM_WEIGHTS_NOT_100") for f in result.findings)


def test_params_whose_weights_do_not_add_up_warn_and_totals_are_rescaled(tmp_path: Path) -> None:
    rows = [
        indicator("产出指标", "数量指标", "a", "≥10 次", "10 次"),
        indicator("效益指标", "社会效益指标", "c", "改善", "改善"),
        indicator("满意度指标", "服务对象满意度指标", "d", "≥90%", "95%"),
    ]
    result = run(
        tmp_path, funds=[fund(budget=10, executed=10)], indicators=rows, params=[["产出指标分值", 60]]
    )
    assert ("PARAM_WEIGHTS_NOT_100", "参数!B2") in {(f.code, f.place) for f in result.findings}
    assert (only(result).raw_total, only(result).score) == (110.0, 100.0)
