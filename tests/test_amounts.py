"""Issue 10, amounts: amounts that cannot be right are errors at their cells, funding sources land in
the row the form has for them, a total is always on the profile's scale, and money is exact."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from click.testing import CliRunner

from builders import INDICATOR_HEADER, WORKED_INDICATORS, fund, indicator, write_book
from evalxl import api, money
from evalxl.cli import main
from evalxl.findings import ERROR, WARNING
from evalxl.model import RunResult, ScoredProject

Pairs = set[tuple[str, str]]


def run(tmp_path: Path, rules: str = "", layout: str = "", **book: object) -> RunResult:
    path = write_book(tmp_path / "in.xlsx", **book)  # type: ignore[arg-type]
    return api.evaluate_workbook(path, api.Options(rules=rules, layout=layout))


def pairs(result: RunResult) -> Pairs:
    return {(f.code, f.place) for f in result.findings}


def only(result: RunResult) -> ScoredProject:
    (scored,) = result.projects
    return scored


# --------------------------------------------------------------------------- 1. amounts that cannot be right


def test_an_execution_looking_written_in_yuan_is_an_error_at_the_amount_cell(tmp_path: Path) -> None:
    result = run(tmp_path, funds=[fund(budget=200, executed="1,780,000")])  # 金额单位 万元
    assert ("AMOUNT_UNIT_SUSPECT", "资金!F2") in pairs(result)  # the 全年执行数 cell, not 资金!A2
    assert not {code for code, place in pairs(result) if place == "资金!A2"}
    assert not {"EXECUTED_OVER_BUDGET", "EXECUTION_ABOVE_BUDGET"} & {code for code, _ in pairs(result)}
    (problem,) = [f for f in result.findings if f.code == "AMOUNT_UNIT_SUSPECT"]
    assert problem.level == ERROR
    assert "1780000" in problem.message and "除以 10000" in problem.message and "178" in problem.message
    p = only(result)
    assert (p.score, p.grade, p.budget_score) == (None, "", None)  # never 99.67 优


def test_amounts_in_the_other_direction_and_under_yuan(tmp_path: Path) -> None:
    # 金额单位 万元, the budget written in 元: the larger amount is the suspect
    result = run(tmp_path, funds=[fund(budget="2,000,000", executed=178)])
    assert ("AMOUNT_UNIT_DOUBT", "资金!E2") in pairs(result)  # or a project barely begun: a warning
    # 金额单位 元, the budget written in 万元: the smaller amount is the suspect (×10000)
    result = run(tmp_path, funds=[fund(budget=200, executed=1780000)], params=[["金额单位", "元"]])
    assert ("AMOUNT_UNIT_SUSPECT", "资金!E2") in pairs(result)
    (problem,) = [f for f in result.findings if f.code == "AMOUNT_UNIT_SUSPECT"]
    assert "乘以 10000" in problem.message and "2000000" in problem.message
    # 年初预算数 against 全年预算数
    result = run(tmp_path, funds=[fund(budget=200, executed=180, 年初预算数=2000000)])
    assert ("AMOUNT_UNIT_SUSPECT", "资金!D2") in pairs(result)


def test_execution_above_the_budget_beyond_the_tolerance_is_an_error_within_it_a_warning(
    tmp_path: Path,
) -> None:
    result = run(tmp_path, funds=[fund(budget=200, executed=230)])
    assert ("EXECUTION_ABOVE_BUDGET", "资金!F2") in pairs(result)
    assert only(result).score is None
    result = run(tmp_path, funds=[fund(budget=200, executed=220)])  # exactly 110%: within
    assert ("EXECUTED_OVER_BUDGET", "资金!F2") in pairs(result)
    assert only(result).score is not None
    rules = tmp_path / "宽松.toml"
    rules.write_text("[execution]\nover_budget_tolerance = 0.2\n", encoding="utf-8")
    result = run(tmp_path, rules=str(rules), funds=[fund(budget=200, executed=230)])
    assert ("EXECUTED_OVER_BUDGET", "资金!F2") in pairs(result)


def test_sources_and_their_total_ten_thousand_apart_are_an_error_naming_the_cells(tmp_path: Path) -> None:
    funds = [
        fund(budget=200, executed=180, 资金来源="年度资金总额"),
        fund(budget=1000000, executed=900000, 资金来源="中央补助"),
        fund(budget=1000000, executed=900000, 资金来源="省级资金"),
    ]
    result = run(tmp_path, funds=funds)
    found = pairs(result)
    assert {("AMOUNT_UNIT_SUSPECT", "资金!E3"), ("AMOUNT_UNIT_SUSPECT", "资金!F3")} <= found
    assert "SOURCES_EXCEED_TOTAL" not in {code for code, _ in found}  # one problem, one finding
    (budget,) = [f for f in result.findings if f.code == "AMOUNT_UNIT_SUSPECT" and f.place == "资金!E3"]
    assert "资金!E3、资金!E4" in budget.message and "资金!E2" in budget.message
    assert only(result).score is None


def test_a_converted_amount_is_consistent_and_still_a_note(tmp_path: Path) -> None:
    result = run(tmp_path, funds=[fund(budget="1234567.89元", executed=100)])
    assert pairs(result) >= {("AMOUNT_UNIT_CONVERTED", "资金!E2")}
    assert not {"AMOUNT_UNIT_SUSPECT", "EXECUTION_ABOVE_BUDGET"} & {code for code, _ in pairs(result)}
    (note,) = [f for f in result.findings if f.code == "AMOUNT_UNIT_CONVERTED"]
    assert "123.456789 万元" in note.message  # every digit to the 分, not "123.457"
    assert only(result).budget == 123.456789


# --------------------------------------------------------------------------- 2. funding sources


def test_each_offered_source_lands_in_its_row_or_is_counted_in_the_total_with_a_warning(
    tmp_path: Path,
) -> None:
    funds = [
        fund(budget=60, executed=60, 资金来源="中央补助"),
        fund(budget=30, executed=25, 资金来源="县级资金"),
        fund(budget=10, executed=10, 资金来源="当年财政拨款"),
    ]
    result = run(tmp_path, funds=funds)
    assert ("SOURCE_TOTAL_ONLY", "资金!C4") in pairs(result)
    assert "SOURCE_NOT_IN_LAYOUT" not in {code for code, _ in pairs(result)}
    rows = {row.text: row.line for row in only(result).fund_rows}
    assert rows["年度资金总额"] is not None and rows["年度资金总额"].budget == 100
    assert rows["县级资金"] is not None and rows["县级资金"].budget == 30
    assert rows["其他资金"] is None  # note 1: 其他资金 is self-raised and social money
    scored = run(tmp_path, layout="评分自评表", funds=funds)
    assert not {"SOURCE_TOTAL_ONLY", "SOURCE_NOT_IN_LAYOUT"} & {code for code, _ in pairs(scored)}
    rows = {row.text: row.line for row in only(scored).fund_rows}
    year = rows["其中：当年财政拨款"]
    assert year is not None and (year.budget, year.executed) == (100, 95)
    assert rows["其他资金"] is None


def test_an_unknown_source_is_still_a_warning_and_printed_in_the_catch_all_row(tmp_path: Path) -> None:
    result = run(tmp_path, funds=[fund(budget=100, executed=100, 资金来源="专项债券资金")])
    assert ("SOURCE_NOT_IN_LAYOUT", "资金!C2") in pairs(result)
    rows = {row.text: row.line for row in only(result).fund_rows}
    assert rows["其他资金"] is not None and rows["其他资金"].budget == 100


# --------------------------------------------------------------------------- 3. totals on the scale

WEIGHTS_110 = [
    indicator("产出指标", "数量指标", "a", "≥10 次", "10 次", 分值=60),
    indicator("效益指标", "社会效益指标", "b", "改善", "改善", 分值=30),
    indicator("满意度指标", "服务对象满意度指标", "c", "≥90%", "95%", 分值=10),
]


def test_weights_adding_up_to_110_are_rescaled_never_a_total_of_110(tmp_path: Path) -> None:
    result = run(tmp_path, funds=[fund(budget=100, executed=100)], indicators=WEIGHTS_110)
    p = only(result)
    assert (p.raw_total, p.score, p.grade) == (110.0, 100.0, "优")
    assert p.scale == pytest.approx(100 / 110)
    assert ("WEIGHTS_NOT_100", "指标!I2") in pairs(result)
    assert any("× 100/110" in line for line in p.trail)
    worked = [list(row) for row in WORKED_INDICATORS]
    worked[0][INDICATOR_HEADER.index("分值")] = (
        30  # 开展培训 分值 20 → 30: the weights and the budget's make 110
    )
    result = run(tmp_path, funds=[fund(budget=100, executed=100)], indicators=worked)
    assert only(result).score == 95.57  # 105.13 × 100/110, not 105.13


def test_weights_not_adding_up_are_an_error_where_the_profile_says_so(tmp_path: Path) -> None:
    rules = tmp_path / "严格分值.toml"
    rules.write_text('[scores]\nweights_mismatch = "error"\n', encoding="utf-8")
    result = run(tmp_path, rules=str(rules), funds=[fund(budget=100, executed=100)], indicators=WEIGHTS_110)
    assert ("WEIGHTS_NOT_SCALE", "指标!I2") in pairs(result)
    assert "WEIGHTS_NOT_100" not in {code for code, _ in pairs(result)}
    assert only(result).score is None
    rules.write_text('[scores]\nweights_mismatch = "sometimes"\n', encoding="utf-8")
    result = run(tmp_path, rules=str(rules))
    assert ("PROFILE_BAD_VALUE", "严格分值.toml:scores.weights_mismatch") in pairs(result)


# --------------------------------------------------------------------------- 4. money is exact


NOISY = [  # 309.8 + 384.8 + 89.2 is 783.8000000000001 in floats
    fund(budget=309.8, executed=309.8, 资金来源="中央补助"),
    fund(budget=384.8, executed=384.8, 资金来源="省级资金"),
    fund(budget=89.2, executed=89.2, 资金来源="中央补助"),
]


def test_sums_of_amounts_are_exact_in_the_result(tmp_path: Path) -> None:
    result = run(tmp_path, funds=NOISY)
    p = only(result)
    assert (repr(p.budget), repr(p.executed)) == ("783.8", "783.8")
    assert repr(p.funds[0].budget) == "783.8"
    assert result.total is not None and repr(result.total.budget) == "783.8"
    central = next(row.line for row in p.fund_rows if row.text == "其中：中央补助")
    assert central is not None and repr(central.budget) == "399.0"


def test_sums_of_amounts_are_exact_in_json_and_in_the_workbook(tmp_path: Path) -> None:
    path = write_book(tmp_path / "in.xlsx", funds=NOISY)
    out = tmp_path / "out.xlsx"
    outcome = CliRunner().invoke(main, ["run", str(path), "-o", str(out), "--json", "-q"])
    assert outcome.exit_code == 0, outcome.output
    assert "783.8000000000001" not in outcome.stdout
    assert json.loads(outcome.stdout)["projects"][0]["budget"] == 783.8
    book = openpyxl.load_workbook(out)
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.value != 783.8000000000001, cell.coordinate
    summary = book["汇总"]
    assert summary["F3"].value == 783.8 and summary["F3"].number_format == money.NUMBER_FORMAT
    trace = book["计算过程"]
    assert trace["E2"].value == 783.8 and trace["E2"].number_format == money.NUMBER_FORMAT
    form = book.worksheets[1]
    total = next(r for r in range(1, 20) if form.cell(r, 3).value == "年度资金总额")
    assert form.cell(total, 4).value == 783.8 and form.cell(total, 4).number_format == money.NUMBER_FORMAT


def test_amounts_are_kept_to_the_fen_of_the_money_unit_from_import_on() -> None:
    assert money.exact(15.199999999999999, "万元") == 15.2
    assert money.exact(0.1234567, "万元") == 0.123457
    assert money.exact_sum([0.1, 0.2], "元") == 0.3  # not 0.30000000000000004
    sums = money.group_sums(np.array([309.8, 384.8, 89.2, 1.0]), np.array([0, 0, 0, 1]), 2, "万元")
    assert sums.tolist() == [783.8, 1.0]
    assert money.text(1780000.0, "万元") == "1780000" and money.text(15.2, "元") == "15.2"


def test_an_execution_ten_thousand_times_smaller_is_a_warning_not_an_error(tmp_path: Path) -> None:
    # 200 万元 budgeted, 500 元 spent: real for a project barely begun; never "divide the budget"
    result = run(tmp_path, funds=[fund(budget=200, executed=0.05)])
    (doubt,) = [f for f in result.findings if f.code == "AMOUNT_UNIT_DOUBT"]
    assert (doubt.level, doubt.place) == (WARNING, "资金!E2")
    assert not any(f.level == ERROR for f in result.findings)
    assert only(result).score is not None
