"""Tests of evalxl.scoring.book: the figures the forms and 汇总 print but the rules do not score, the
weight totals and the 小计/合计, for a whole run or any part of it (one split file)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from evalxl.model import Cap, FundLine, Project, ScoredIndicator, ScoredProject, Settings
from evalxl.scoring.book import run_result, subtotals, weights_total


def scored(name: str, department: str, budget: float, executed: float, score: float | None) -> ScoredProject:
    project = Project(name, "", department, "单位", "", "", "", "", "", 2)
    line = FundLine("年度资金总额", budget, executed, executed / budget if budget else None)
    rate = line.rate
    return ScoredProject(project, (line,), budget, executed, rate, 10.0, None, (), None, 1.0, score, "")


def row(weight: float | None) -> ScoredIndicator:
    return ScoredIndicator("产出指标", "数量指标", "a", "≥1 次", "1 次", "", "定量", weight, 1.0, weight,
                           None, weight, "", 2)  # fmt: skip


ROADS = scored("道路", "交通局", 100.0, 90.0, 95.0)
WATER = scored("供水", "水利局", 300.0, 300.0, 85.0)
BRIDGE = scored("桥梁", "交通局", 50.0, 25.0, None)


def test_a_subtotal_per_department_in_order_of_first_appearance() -> None:
    departments, total = subtotals((ROADS, WATER, BRIDGE), 2)
    assert [(d.label, d.department, d.members) for d in departments] == [
        ("小计（交通局）", "交通局", (0, 2)),
        ("小计（水利局）", "水利局", (1,)),
    ]
    transport = departments[0]
    assert (transport.budget, transport.executed, transport.rate) == (150.0, 115.0, 115.0 / 150.0)
    assert transport.average_score == 63.33  # 100 × 95 / 150: an unscored project weighs, scores nothing
    assert (total.label, total.members, total.budget) == ("合计", (0, 1, 2), 450.0)
    assert total.average_score == pytest.approx((100 * 95 + 300 * 85) / 450, abs=0.005)


def test_averages_are_fund_weighted_and_rounded_half_up() -> None:
    a, b = scored("a", "x", 1.0, 1.0, 90.125), scored("b", "x", 1.0, 1.0, 90.125)
    assert subtotals((a, b), 2)[1].average_score == 90.13
    assert subtotals((a, b), 0)[1].average_score == 90.0


def test_no_budget_has_no_rate_and_no_average() -> None:
    empty = scored("空", "x", 0.0, 0.0, None)
    (department,), total = subtotals((empty,), 2)
    assert (department.rate, department.average_score, total.rate) == (None, None, None)
    assert subtotals((), 2)[1].members == ()


def test_weights_total_adds_the_budgets_and_the_scored_rows_weights() -> None:
    assert weights_total(10.0, [16.67, 16.67, 16.66, None, 30.0, 10.0]) == 100.0
    assert weights_total(10.0, [0.1] * 3) == 10.3  # not 10.300000000000001
    assert weights_total(10.0, []) == 10.0


def test_run_result_fills_each_projects_printed_figures() -> None:
    project = replace(ROADS, indicators=(row(50.0), row(None), row(40.0)))
    (done,) = run_result(Settings(), (project,), ()).projects
    assert done.weights_total == 100.0
    first = done.fund_rows[0]
    assert (first.text, first.line, first.total) == ("年度资金总额", ROADS.funds[0], True)
    assert len(done.fund_rows) == 5  # the total, then 中央补助, 省级资金, 市级资金, 其他资金


def test_run_result_keeps_every_other_field_of_the_project() -> None:
    project = replace(
        ROADS, trail=("一行",), raw_total=88.0, scale=1.25, cap=Cap(0.6, 60.0, 72.5), blocked_by=("指标!F9",)
    )
    (done,) = run_result(Settings(), (project,), ()).projects
    assert done == replace(project, fund_rows=done.fund_rows, weights_total=done.weights_total)


def test_a_part_of_a_run_adds_up_on_its_own() -> None:
    whole = run_result(Settings(), (ROADS, WATER, BRIDGE), ())
    part = run_result(Settings(), (WATER,), ())
    assert [d.members for d in part.departments] == [(0,)]
    assert part.total is not None and whole.total is not None
    assert (part.total.budget, part.total.average_score) == (300.0, 85.0)
    assert whole.total.budget == 450.0
