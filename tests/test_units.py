"""Units (evalxl.scoring.units and workbook_templates/units.toml): prefixes and conversions for any
unit, a finding for a pair that cannot be converted; ranges, bare date targets and sentences as
evaluate and a run read them (issue 10, readings)."""

from __future__ import annotations

import copy
import datetime
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from builders import fund, indicator, project, write_book
from evalxl import api, contract
from evalxl.contract import ContractError
from evalxl.model import RunResult
from evalxl.scoring import units
from evalxl.scoring.evaluate import evaluate
from evalxl.scoring.settings import default_settings

DEFAULT = default_settings()
TEMPLATES = Path(__file__).resolve().parents[1] / "workbook_templates"


def outcome(target: str, actual: str) -> tuple[object, ...]:
    e = evaluate(target, actual, "", DEFAULT)
    return e.factor, e.completion, tuple(p.code for p in e.problems)


# --------------------------------------------------------------------------- the table


@pytest.mark.parametrize(
    ("number", "source", "target", "expected"),
    [
        (1.25, "万人次", "人次", 12500.0),
        (12000, "米", "公里", 12.0),
        (10, "千米", "米", 10000.0),
        (3, "吨", "公斤", 3000.0),
        (2500, "克", "千克", 2.5),
        (15, "亩", "公顷", 1.0),  # exact: 1 亩 = 10000/15 m²
        (1, "万亩", "亩", 10000.0),
        (3, "万平方米", "平方米", 30000.0),
        (2, "平方公里", "公顷", 200.0),
        (150000, "元", "万元", 15.0),
        (1.5, "亿元", "万元", 15000.0),
        (2, "周", "天", 14.0),
        (1, "年", "个月", 12.0),
        (48, "小时", "天", 2.0),
        (75, "元/人", "万元/人", 0.0075),
        (195.5, "万元", "万", 195.5),  # a prefix alone takes the other side's unit
        (1.25, "万", "人次", 12500.0),
        (7, "户", "户", 7.0),
    ],
)
def test_units_convert(number: float, source: str, target: str, expected: float) -> None:
    assert units.comparable(source, target)
    assert units.convert(number, source, target) == expected


@pytest.mark.parametrize(
    ("source", "target"),
    [("个", "户"), ("人", "人次"), ("天", "个月"), ("30天", "月"), ("米", "千克"), ("元", "%"), ("次", "")],
)
def test_units_that_do_not_convert(source: str, target: str) -> None:
    assert not units.comparable(source, target)
    assert units.convert(1.0, source, target) is None


def test_the_unit_table_is_data_checked_by_its_schema() -> None:
    table = contract.units.units()
    assert table.prefixes["万"] == (10000, 1)
    assert table.dimensions["面积"]["亩"] == (10000, 15)
    assert "个月" in table.dimensions["时长（月）"] and "天" in table.dimensions["时长（日）"]
    data = tomllib.loads((TEMPLATES / "units.toml").read_text(encoding="utf-8"))
    contract.checked(contract.schema_of("units"), data, "units.toml")


def _broken(edit: Any) -> str:
    data = tomllib.loads((TEMPLATES / "units.toml").read_text(encoding="utf-8"))
    changed = copy.deepcopy(data)
    edit(changed)
    try:
        contract.checked(contract.schema_of("units"), changed, "units.toml")
    except ContractError as problem:
        return problem.where
    return ""


def test_a_broken_unit_table_is_named_by_key() -> None:
    assert _broken(lambda d: d["prefixes"].update({"万": 0})) == "units.toml:prefixes.万"
    assert _broken(lambda d: d["dimensions"]["面积"].update({"亩": "1/x"})) == "units.toml:dimensions.面积.亩"
    assert _broken(lambda d: d["dimensions"]["长度"].update({"克": 1})) == "units.toml:dimensions.质量.克"
    assert _broken(lambda d: d["dimensions"]["长度"].pop("米") and d["dimensions"]["长度"].pop("m")) == (
        "units.toml:dimensions.长度"
    )
    assert _broken(lambda d: d.update({"其他": 1})) == "units.toml:其他"


# --------------------------------------------------------------------------- evaluate


@pytest.mark.parametrize(
    ("target", "actual", "expected"),
    [
        ("≥12000人次", "1.25万人次", (1.0, pytest.approx(12500 / 12000), ("UNIT_CONVERTED",))),
        ("≥10公里", "12000米", (1.0, pytest.approx(1.2), ("UNIT_CONVERTED",))),
        ("≥10公里", "8000米", (pytest.approx(0.8), pytest.approx(0.8), ("UNIT_CONVERTED",))),
        ("≥1公顷", "15亩", (1.0, 1.0, ("UNIT_CONVERTED",))),
        ("≤15 万元", "150000 元", (1.0, 1.0, ("UNIT_CONVERTED",))),
        ("≤12个月", "1年", (1.0, 1.0, ("UNIT_CONVERTED",))),
        ("≥10户", "12个", (None, None, ("UNIT_INCOMPATIBLE",))),
        ("≤1个月", "30天", (None, None, ("UNIT_INCOMPATIBLE",))),
        ("≥95%", "96分", (None, None, ("UNIT_INCOMPATIBLE",))),
        ("≥10户", "12", (1.0, 1.2, ())),  # an actual without a unit: the target's unit is meant
        ("≥90%", "95", (1.0, pytest.approx(0.95 / 0.9), ("UNIT_MISMATCH",))),  # a bare number is a %
        ("≥10 万元", "12 万元", (1.0, 1.2, ())),
        ("≥200万", "210万元", (1.0, 1.05, ())),  # 万 alone is the other side's 万元: nothing to note
        ("≥200万", "2100000元", (1.0, 1.05, ("UNIT_CONVERTED",))),
        ("≥10公里", "12km", (1.0, 1.2, ("UNIT_CONVERTED",))),
        # 0 in any unit is 0: the note of a zero read (issue 10 bullet 2; corpus zero-21)
        ("≤0次", "0起", (1.0, None, ("ZERO_WORD_READ",))),
        ("≥10户", "0个", (0.0, 0.0, ("ZERO_WORD_READ",))),
    ],
)
def test_units_are_converted_or_the_row_is_not_scored(
    target: str, actual: str, expected: tuple[object, ...]
) -> None:
    assert outcome(target, actual) == expected


def test_a_conversion_says_what_was_compared() -> None:
    (note,) = evaluate("≥10公里", "12000米", "", DEFAULT).problems
    assert dict(note.values) == {"actual": "12000米", "converted": "12公里", "target": "≥10公里"}
    failed = evaluate("≥10户", "12个", "", DEFAULT)
    assert (failed.method, dict(failed.problems[0].values)["target_unit"]) == ("无法计算：单位无法换算", "户")


def test_compound_targets_pair_their_parts_by_unit_after_conversion() -> None:
    assert outcome("≥1万亩 ≥5公顷", "60000平方米 15000亩") == (1.0, 1.2, ("UNIT_CONVERTED",))
    assert outcome("1-2公里", "1500米") == (1.0, 1.0, ("UNIT_CONVERTED",))  # inside the range
    assert outcome("1-2公里", "2500米")[:2] == (0.8, 0.8)
    assert outcome("1-2次", "2") == (1.0, 1.0, ())  # a number without a unit: the target's unit
    assert outcome("90%-100%", "95")[2] == ("ACTUAL_UNREADABLE",)  # 95 or 0.95? not guessed
    assert outcome("≥90% ≥10次", "95 12")[2] == ("ACTUAL_UNREADABLE",)
    assert outcome("≥90% ≥10次", "95%") == (0.95, 0.95, ("PERCENT_AS_RATIO",))  # as before: a ratio
    assert outcome("≥90% ≥10次", "12次 95%")[:2] == (1.0, pytest.approx(0.95 / 0.9))
    assert outcome("≥10人 ≥5户", "12人次 6个")[2] == ("ACTUAL_UNREADABLE",)
    assert outcome("1 个镇 4 个村", "4 个村 1 个镇") == (1.0, 1.0, ())


@pytest.mark.parametrize(
    "target",
    ["90%-100%", "90%～100%", "90%~100%", "90%至100%", "不低于90%且不高于100%", "不低于90%、不高于100%"],
)
def test_ranges_are_met_inside_and_scored_by_the_nearer_end_outside(target: str) -> None:
    assert outcome(target, "95%")[:2] == (1.0, 1.0)
    assert outcome(target, "100%")[:2] == (1.0, 1.0)
    assert outcome(target, "90%")[:2] == (1.0, 1.0)
    below = evaluate(target, "81%", "", DEFAULT)
    assert below.factor == pytest.approx(0.81 / 0.9) and below.problems == ()
    above = evaluate(target, "125%", "", DEFAULT)
    assert above.factor == pytest.approx(1.0 / 1.25)
    assert above.rule.endswith("reverse_formula = target/actual")
    shortfall = replace(DEFAULT, reverse_formula="1-(actual-target)/target")
    assert evaluate(target, "125%", "", shortfall).factor == pytest.approx(0.75)


@pytest.mark.parametrize("target", ["2024年6月30日", "2024/6/30", "2024-06-30", "2024.6.30"])
def test_a_date_target_is_a_deadline(target: str) -> None:
    late = evaluate(target, "2024-07-05", "", DEFAULT)
    assert (late.factor, [p.code for p in late.problems]) == (0.0, ["DEADLINE_READ", "TIME_LATE"])
    assert dict(late.problems[0].values) == {"value": target, "deadline": "2024-06-30"}
    assert late.problems[0].column == "年度指标值"
    assert evaluate(target, "2024年6月30日", "", DEFAULT).factor == 1.0
    assert evaluate(target, "2024-05-01", "", DEFAULT).factor == 1.0
    for done in ("及时", "按时", "完成"):
        assert evaluate(target, done, "", DEFAULT).factor == 1.0


@pytest.mark.parametrize(
    ("target", "deadline", "iso"),
    [
        ("6月底", "6月30日", "2024-06-30"),
        ("6月30日", "6月30日", "2024-06-30"),
        ("年底", "12月31日", "2024-12-31"),
    ],
)
def test_a_day_without_a_year_is_a_deadline_of_the_run_year(target: str, deadline: str, iso: str) -> None:
    undated = evaluate(target, "完成", "", DEFAULT)
    assert (undated.factor, undated.problems[0].code) == (1.0, "DEADLINE_READ")
    assert dict(undated.problems[0].values)["deadline"] == deadline
    dated = replace(DEFAULT, year="2024")
    late = evaluate(target, "2025-01-02", "", dated)
    assert (late.factor, [p.code for p in late.problems]) == (0.0, ["DEADLINE_READ", "TIME_LATE"])
    assert dict(late.problems[0].values)["deadline"] == iso


def test_a_deadline_written_with_before_has_no_note() -> None:
    for target in ("2024年6月30日前", "6月底前", "年底前", "年内", "及时"):
        assert all(p.code != "DEADLINE_READ" for p in evaluate(target, "2024-05-01", "", DEFAULT).problems)


def test_numbers_of_a_sentence_are_not_compared_digit_by_digit() -> None:
    result = evaluate("1-8期培训结束后按时考核", "3-5期未能按时考核", "", DEFAULT)
    assert result.nature == "定性"
    assert "完成值/目标值" not in result.method and "复合目标" not in result.method


# --------------------------------------------------------------------------- at the cell


def run(tmp_path: Path, rows: list[list[Any]]) -> RunResult:
    book = write_book(tmp_path / "in.xlsx", projects=[project()], funds=[fund()], indicators=rows)
    return api.evaluate_workbook(book)


def found(result: RunResult) -> set[tuple[str, str]]:
    return {(f.code, f.place) for f in result.findings}


def test_units_at_the_cell(tmp_path: Path) -> None:
    rows = [
        indicator("产出指标", "数量指标", "培训人次", "≥12000人次", "1.25万人次"),
        indicator("产出指标", "数量指标", "修建道路", "≥10公里", "12000米"),
        indicator("产出指标", "数量指标", "帮扶户数", "≥10户", "12个"),
        indicator("效益指标", "社会效益指标", "覆盖面", "90%-100%", "95%"),
        indicator("满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%"),
    ]
    result = run(tmp_path, rows)
    assert {
        ("UNIT_CONVERTED", "指标!G2"),
        ("UNIT_CONVERTED", "指标!G3"),
        ("UNIT_INCOMPATIBLE", "指标!G4"),
    } <= found(result)
    (scored,) = result.projects
    by_name = {i.level3: i for i in scored.indicators}
    assert by_name["培训人次"].completion == pytest.approx(12500 / 12000)
    assert by_name["修建道路"].completion == pytest.approx(1.2)
    assert by_name["帮扶户数"].computed is None
    assert by_name["覆盖面"].completion == 1.0


def test_a_date_cell_target_is_a_deadline_at_the_cell(tmp_path: Path) -> None:
    rows = [
        indicator("产出指标", "时效指标", "完成时间", datetime.datetime(2024, 6, 30), "2024年7月5日"),
        indicator("产出指标", "时效指标", "验收时间", "2024年6月30日", "2024年6月20日"),
        indicator("产出指标", "数量指标", "培训人次", "≥100人次", "120人次"),
    ]
    result = run(tmp_path, rows)
    assert {("DEADLINE_READ", "指标!F2"), ("TIME_LATE", "指标!G2"), ("DEADLINE_READ", "指标!F3")} <= found(
        result
    )
    assert ("TIME_LATE", "指标!G3") not in found(result)
    (scored,) = result.projects
    by_name = {i.level3: i for i in scored.indicators}
    assert by_name["完成时间"].computed == 0.0
    assert by_name["验收时间"].computed == by_name["验收时间"].weight


def test_units_merged_sum_converted_actuals(tmp_path: Path) -> None:
    funds = [
        fund(budget=50, executed=50, 资金使用单位="甲单位"),
        fund(budget=50, executed=50, 资金使用单位="乙单位"),
    ]
    rows = [
        indicator("产出指标", "数量指标", "培训人次", "≥400 人次", "200 人次", 资金使用单位="甲单位"),
        indicator("产出指标", "数量指标", "培训人次", "≥400 人次", "0.04万人次", 资金使用单位="乙单位"),
    ]
    book = write_book(tmp_path / "in.xlsx", projects=[project()], funds=funds, indicators=rows)
    result = api.evaluate_workbook(book)
    (scored,) = result.projects
    (merged,) = [i for i in scored.indicators if i.level3 == "培训人次"]
    assert merged.completion == pytest.approx(600 / 800)
    assert ("UNIT_CONVERTED", "指标!G3") in found(result)
