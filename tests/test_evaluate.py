"""Tests of evalxl.scoring.evaluate: target and actual → share of the weight, completion and why, for
one row (evaluate) and for many rows at once (evaluate_all), which must agree."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evalxl.scoring.evaluate import evaluate, evaluate_all
from evalxl.scoring.settings import default_settings

DEFAULT = default_settings()
SHORTFALL = replace(DEFAULT, reverse_formula="1-(actual-target)/target")


def outcome(target: str, actual: str, nature: str = "", rules: object = DEFAULT) -> tuple[object, ...]:
    e = evaluate(target, actual, nature, rules)  # type: ignore[arg-type]
    return e.factor, e.completion, e.rule, tuple(p.code for p in e.problems)


@pytest.mark.parametrize(
    ("target", "actual", "expected"),
    [
        ("≥10 次", "8 次", (0.8, 0.8, "quantitative", ())),
        ("≥10 次", "13 次", (1.0, 1.3, "quantitative", ())),
        ("≥0 次", "0 次", (1.0, None, "quantitative", ())),
        (">0 次", "0 次", (0.0, None, "quantitative", ())),
        ("≤15 万元", "12 万元", (1.0, 1.25, "quantitative", ())),
        ("≤15 万元", "150000 元", (1.0, 1.0, "quantitative", ("UNIT_CONVERTED",))),
        ("=5", "4", (0.8, 0.8, "quantitative", ())),
        ("=5", "10", (0.5, 2.0, "quantitative", ())),
        (
            "≥90%",
            "85",
            (pytest.approx(0.85 / 0.9), pytest.approx(0.85 / 0.9), "quantitative", ("UNIT_MISMATCH",)),
        ),
        ("≥10 人", "10 人次", (None, None, "", ("UNIT_INCOMPATIBLE",))),
    ],
)
def test_numbers_by_direction(target: str, actual: str, expected: tuple[object, ...]) -> None:
    assert outcome(target, actual) == expected


def test_alternative_reverse_formula_is_a_setting() -> None:
    assert evaluate("≤15 万元", "18 万元", "", SHORTFALL).factor == pytest.approx(0.8)
    assert evaluate("≤15 万元", "18 万元", "", DEFAULT).factor == pytest.approx(15 / 18)
    assert evaluate("≤15 万元", "18 万元", "", SHORTFALL).rule.endswith("1-(actual-target)/target")


def test_an_exceeded_negative_limit_earns_nothing_instead_of_failing() -> None:
    assert outcome("≤-5 度", "0 度") == (0.0, None, "quantitative.reverse_formula = target/actual", ())


def test_compound_targets_pair_their_parts() -> None:
    assert outcome("1 个镇 4 个村", "4 个村 1 个镇")[:2] == (1.0, 1.0)
    assert outcome("1 个镇 4 个村", "1 个镇 3 个村")[:2] == (0.75, 0.75)
    assert outcome("1 个镇 4 个村", "1 个镇 3 户 2 人")[3] == ("ACTUAL_UNREADABLE",)
    assert "复合目标" in evaluate("1 个镇 4 个村", "1 个镇 3 个村", "", DEFAULT).method


@pytest.mark.parametrize(
    ("target", "actual", "expected"),
    [
        ("12月31日前", "2024-12-20", (1.0, 1.0, "time", ())),
        ("2024年12月31日前", "2025-01-05", (0.0, 0.0, "time", ("TIME_LATE",))),
        ("2023年6月底前", "6月20日", (1.0, 1.0, "time", ())),  # the actual takes the target's year
        ("及时", "2025-01-05", (1.0, 1.0, "time", ())),
        ("及时", "按时", (1.0, 1.0, "time.met_words", ())),
        ("年底前", "延迟", (0.0, 0.0, "time.late_words", ())),
        ("年底前", "天气", (None, None, "", ("ACTUAL_UNREADABLE",))),
    ],
)
def test_time_targets(target: str, actual: str, expected: tuple[object, ...]) -> None:
    assert outcome(target, actual) == expected


def test_a_late_date_names_both_days() -> None:
    (late,) = evaluate("2024年12月31日前", "2025-01-05", "", DEFAULT).problems
    assert dict(late.values) == {"actual": "2025-01-05", "deadline": "2024-12-31"}


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        ("85%", (0.85, 0.85, "qualitative.bands", ())),
        ("部分达成 75%", (0.75, 0.75, "qualitative.bands", ())),
        ("部分达成 85%", (None, None, "", ("QUAL_RATIO_BAND_MISMATCH",))),
        ("120%", (None, None, "", ("QUAL_RATIO_OUT_OF_RANGE",))),
        ("部分达成", (0.7, 0.7, "qualitative.band_defaults", ())),
        ("明显改善", (1.0, 1.0, "qualitative.full_words", ())),
        ("", (None, None, "", ())),
    ],
)
def test_qualitative_ratios_and_bands(actual: str, expected: tuple[object, ...]) -> None:
    assert outcome("改善", actual) == expected


@pytest.mark.parametrize(
    ("target", "actual", "factor"),
    [
        ("改善", "明显改善", 1.0),
        ("有效", "效果良好", 1.0),
        ("长期", "持续发挥作用", 1.0),
        ("提高", "达到预期", 1.0),
        ("改善", "部分达成", 0.7),
        ("改善", "未完成", 0.3),
        ("改善", "未达到预期", 0.3),  # a negation: the band 未达成 (NEGATED_ACTUAL)
        ("改善", "较差", 0.3),  # 较差 names the band 未达成
        ("改善", "天气", None),
    ],
)
def test_qualitative_words(target: str, actual: str, factor: float | None) -> None:
    result = evaluate(target, actual, "", DEFAULT)
    assert result.factor == factor
    if factor is None:
        assert result.problems[0].code == "ACTUAL_UNREADABLE"


def test_ratios_and_words_written_for_numbers_warn() -> None:
    assert outcome("≥20 次", "90%") == (0.9, 0.9, "quantitative.percent_as_ratio", ("PERCENT_AS_RATIO",))
    assert outcome("≥20 次", "90%", rules=replace(DEFAULT, percent_as_ratio=False))[3] == (
        "ACTUAL_UNREADABLE",
    )
    assert outcome("≥20 次", "部分达成") == (0.7, 0.7, "qualitative.band_defaults", ("WORD_AS_RATIO",))


def test_what_cannot_be_read() -> None:
    assert outcome("大幅提升", "10 次", "定量") == (None, None, "", ("TARGET_UNREADABLE",))
    assert outcome("≥10 次", "很多") == (None, None, "", ("ACTUAL_UNREADABLE",))
    assert evaluate("≥10 次", "", "", DEFAULT).method == "未填写全年完成值"


def test_nature_is_detected_from_the_target_unless_given() -> None:
    assert evaluate("改善", "达成", "", DEFAULT).nature == "定性"
    assert evaluate("≥10 次", "10 次", "", DEFAULT).nature == "定量"
    assert evaluate("≥90%", "85%", "定性", DEFAULT).rule == "qualitative.bands"


VALUES = st.sampled_from(
    ["≥10 次", "8 次", "13 次", "≤15 万元", "18 万元", "12万元", "=5", "4", "≥90%", "85%", "85", "120%",
     "1 个镇 4 个村", "1 个镇 3 个村", "80%-100%", "12月31日前", "2025-01-05", "6月20日", "及时", "延迟",
     "改善", "部分达成", "部分达成 85%", "明显改善", "天气", "", "0 次", "≥0 次", "-3", "≤-5 度"]
)  # fmt: skip


@settings(max_examples=60)
@given(st.lists(st.tuples(VALUES, VALUES, st.sampled_from(["", "定量", "定性"])), max_size=25))
def test_many_rows_at_once_are_each_row_alone(rows: list[tuple[str, str, str]]) -> None:
    together = evaluate_all([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], SHORTFALL)
    for i, row in enumerate(rows):
        assert together.row(i) == evaluate(*row, SHORTFALL)


@given(st.integers(1, 10**8), st.integers(0, 10**8))
def test_at_least_targets_earn_the_achieved_share(target: int, actual: int) -> None:
    written = f"{target / 100:.2f}", f"{actual / 100:.2f}"
    result = evaluate(f"≥{written[0]} 次", f"{written[1]} 次", "", DEFAULT)
    ratio = float(written[1]) / float(written[0])
    assert (result.completion, result.factor) == (ratio, min(ratio, 1.0))


DIRECTED = st.sampled_from(
    ["200万元", "195.5万元", "0次", "1次", "75元/人", "80元/人", "1个月", "2个月", "无", "未发生", "不及时",
     "3-5期未能按时考核", "无重大安全事故", "≤0次", "改善", "未达到预期", "≥10 次", "10 次"]
)  # fmt: skip
LEVEL2 = st.sampled_from(["", "成本指标", "产出成本", "时效指标", "数量指标", "别的"])


@settings(max_examples=60)
@given(st.lists(st.tuples(DIRECTED, DIRECTED, st.sampled_from(["", "定量", "定性"]), LEVEL2), max_size=25))
def test_many_rows_with_their_level2_are_each_row_alone(rows: list[tuple[str, str, str, str]]) -> None:
    columns = [[r[k] for r in rows] for k in range(4)]
    together = evaluate_all(*columns[:3], DEFAULT, level2s=columns[3])
    for i, (target, actual, nature, level2) in enumerate(rows):
        assert together.row(i) == evaluate(target, actual, nature, DEFAULT, level2=level2)
