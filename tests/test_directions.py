"""Issue 10, directions and words: the direction of a target written without an operator, words that
mean 0, late words, negations, the same words as the target, a reason contradicting full marks and
二级指标 as real forms spell them. Readings on the pure function, findings at the cells through a
small workbook."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from builders import fund, indicator, write_book
from evalxl import api
from evalxl.model import RunResult
from evalxl.scoring.evaluate import evaluate, evaluate_all
from evalxl.scoring.settings import default_settings

DEFAULT = default_settings()


def read(target: str, actual: str, level2: str = "", nature: str = "") -> tuple[object, ...]:
    e = evaluate(target, actual, nature, DEFAULT, level2=level2)
    return e.factor, tuple(p.code for p in e.problems)


def run(tmp_path: Path, *rows: list[object]) -> RunResult:
    book = write_book(tmp_path / "in.xlsx", funds=[fund(budget=100, executed=100)], indicators=list(rows))
    return api.evaluate_workbook(book)


def found(result: RunResult) -> set[tuple[str, str]]:
    return {(f.code, f.place) for f in result.findings}


def score_of(result: RunResult, level3: str) -> float | None:
    (p,) = result.projects
    return next(i.score for i in p.indicators if i.level3 == level3)


# ---- 1. the direction of a target without an operator ---------------------------------------------


@pytest.mark.parametrize(
    ("target", "actual", "level2", "expected"),
    [
        ("200万元", "195.5万元", "成本指标", (1.0, ("DIRECTION_ASSUMED",))),  # a ceiling, met
        ("120万元", "130万元", "产出成本", (pytest.approx(120 / 130), ("DIRECTION_ASSUMED",))),  # alias
        ("120万元", "100万元", "经济成本指标", (1.0, ("DIRECTION_ASSUMED",))),
        ("120万元", "100万元", "数量指标", (pytest.approx(100 / 120), ())),  # ≥ where no default applies
        ("≥120万元", "100万元", "成本指标", (pytest.approx(100 / 120), ())),  # written: no default
        ("0次", "1次", "", (0.0, ("ZERO_TARGET_READ",))),  # today ≥0: full marks
        ("0起", "0起", "质量指标", (1.0, ("ZERO_TARGET_READ",))),
        ("0", "2", "", (0.0, ("ZERO_TARGET_READ",))),
        ("0例", "0例", "成本指标", (1.0, ("ZERO_TARGET_READ",))),
        ("75元/人", "75元/人", "", (1.0, ("DIRECTION_ASSUMED",))),  # a standard: =
        ("75元/人", "150元/人", "数量指标", (0.5, ("DIRECTION_ASSUMED",))),
        ("1个月", "1个月", "时效指标", (1.0, ("DIRECTION_ASSUMED",))),  # a time limit: ≤
        ("30天", "40天", "时效指标", (0.75, ("DIRECTION_ASSUMED",))),
        ("3个工作日", "2个工作日", "产出时效", (1.0, ("DIRECTION_ASSUMED",))),
        ("1年", "2年", "时效指标", (0.5, ("DIRECTION_ASSUMED",))),
        ("10年", "8年", "可持续影响指标", (0.8, ())),  # a working life: ≥
        ("30天", "25天", "数量指标", (pytest.approx(25 / 30), ())),  # days counted: ≥
        ("100%", "98%", "成本指标", (0.98, ("DIRECTION_ASSUMED",))),  # a rate, not an amount: ≥, with a note
    ],
)
def test_directions_by_default(target: str, actual: str, level2: str, expected: tuple[object, ...]) -> None:
    assert read(target, actual, level2) == expected


def test_a_default_direction_says_what_was_read_and_what_to_write() -> None:
    (note,) = evaluate("200万元", "195.5万元", "", DEFAULT, level2="成本指标").problems
    assert (note.code, note.column, dict(note.values)) == (
        "DIRECTION_ASSUMED",
        "年度指标值",
        {
            "value": "200万元",
            "op": "≤",
            "why": "成本指标默认为上限〔财预〔2020〕10号：directions.level2.成本指标〕",
            "hint": "≥200万元",
        },
    )
    doubt = dict(evaluate("2000元/人", "1800元/人", "", DEFAULT, level2="成本指标").problems[0].values)
    assert doubt["op"] == "≤" and doubt["hint"] == "=2000元/人" and "“元/人”也可能是标准值" in doubt["why"]
    zero = evaluate("0次", "0次", "", DEFAULT)
    assert dict(zero.problems[0].values) == {"value": "0次"}
    assert "directions.level2.成本指标" in evaluate("200万元", "1万元", "", DEFAULT, level2="成本指标").rule


def test_directions_are_profile_data() -> None:
    mine = replace(DEFAULT, direction_level2=(), direction_units=(("元/人", "<="),), time_units=())
    assert evaluate("200万元", "195.5万元", "", mine, level2="成本指标").factor == pytest.approx(195.5 / 200)
    assert evaluate("75元/人", "50元/人", "", mine).factor == 1.0
    assert evaluate("1个月", "2个月", "", mine, level2="时效指标").factor == 1.0
    assert evaluate("0次", "1次", "", mine).factor == 0.0  # a zero is always ≤0


def test_the_same_texts_with_other_level2_are_evaluated_apart() -> None:
    rows = [
        ("200万元", "195.5万元", "成本指标"),
        ("200万元", "195.5万元", "数量指标"),
        ("200万元", "195.5万元", ""),
    ]
    targets, actuals, level2s = ([r[k] for r in rows] for k in range(3))
    together = evaluate_all(targets, actuals, [""] * 3, DEFAULT, level2s=level2s)
    assert together.factor.tolist() == [1.0, pytest.approx(195.5 / 200), pytest.approx(195.5 / 200)]
    for i, (t, a, level2) in enumerate(rows):
        assert together.row(i) == evaluate(t, a, "", DEFAULT, level2=level2)


def test_a_cost_target_without_operator_at_the_cell(tmp_path: Path) -> None:
    rows = [
        indicator("产出指标", "数量指标", "a", "≥10 次", "10 次"),
        indicator("产出指标", "产出成本", "成本", "200万元", "195.5万元"),
        indicator("产出指标", "数量指标", "事故", "0次", "1次", 未完成原因和改进措施="发生一起"),
    ]
    result = run(tmp_path, *rows)
    assert {("DIRECTION_ASSUMED", "指标!F3"), ("ZERO_TARGET_READ", "指标!F4")} <= found(result)
    assert ("LEVEL2_ALIAS", "指标!D3") in found(result)
    assert score_of(result, "成本") == 16.67 and score_of(result, "事故") == 0.0


# ---- 2. words meaning zero ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "actual", "expected"),
    [
        ("小于5次", "无", (1.0, ("ZERO_WORD_READ",))),
        ("≤0次", "未发生", (1.0, ("ZERO_WORD_READ",))),
        ("0起", "无上访", (1.0, ("ZERO_TARGET_READ", "ZERO_WORD_READ"))),
        ("≤0次", "零", (1.0, ("ZERO_WORD_READ",))),
        ("≤0次", "没有", (1.0, ("ZERO_WORD_READ",))),
        ("≤0次", "未出现", (1.0, ("ZERO_WORD_READ",))),
        ("≤0次", "0起", (1.0, ("ZERO_WORD_READ",))),  # 0 in any count unit is 0
        ("≤5%", "无", (1.0, ("ZERO_WORD_READ",))),  # 0 in the target's unit
        ("≥10次", "无", (0.0, ("ZERO_WORD_READ",))),  # none done
        ("无重大安全事故", "未发生安全事故", (1.0, ())),  # a target of none, met
        ("杜绝安全责任事故", "无", (1.0, ())),
        ("无重大安全事故", "0起", (1.0, ())),
        ("≥10次", "无法统计", (0.3, ("NEGATED_ACTUAL",))),  # 无法 is no zero
        ("≥10次", "没有完成", (0.3, ("NEGATED_ACTUAL",))),
        ("改善", "无", (None, ("ACTUAL_UNREADABLE",))),  # none of what? a finding
        ("杜绝安全事故", "发生1起一般事故", (0.0, ())),  # a target of none, missed
        ("0", "0%", (1.0, ("ZERO_TARGET_READ",))),  # 0 is 0 in any unit
        ("≤1%", "0", (1.0, ())),
        ("≥20次", "0%", (0.0, ("PERCENT_AS_RATIO",))),  # 0% of a count: a ratio
        ("≥10次", "没有开展", (0.3, ("NEGATED_ACTUAL",))),  # 没有 + a verb: a negation, not 0
        ("无", "1起", (0.0, ("ZERO_TARGET_READ",))),  # a target written 无 is ≤0
        ("无", "无", (1.0, ("ZERO_TARGET_READ", "ZERO_WORD_READ"))),
        ("不超过预算", "未超过预算", (1.0, ())),  # a negated target met by the same negation
        ("无安全事故", "未发生安全事故", (1.0, ())),
    ],
)
def test_words_meaning_zero(target: str, actual: str, expected: tuple[object, ...]) -> None:
    assert read(target, actual) == expected


def test_a_word_meaning_zero_at_the_cell(tmp_path: Path) -> None:
    rows = [
        indicator("产出指标", "质量指标", "上访", "小于5次", "无"),
        indicator("产出指标", "质量指标", "事故", "无重大安全事故", "未发生安全事故"),
    ]
    result = run(tmp_path, *rows)
    assert ("ZERO_WORD_READ", "指标!G2") in found(result)
    assert not any(level == "错误" for level in (f.level for f in result.findings))
    assert (score_of(result, "上访"), score_of(result, "事故")) == (25.0, 25.0)


# ---- 3. late words ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "actual", ["不及时", "未按时", "未按期", "逾期", "延期", "滞后", "未能按时完成", "延期完成"]
)
@pytest.mark.parametrize("target", ["及时", "12月31日前", "按时完成"])
def test_late_words_are_late_never_on_time(target: str, actual: str) -> None:
    e = evaluate(target, actual, "", DEFAULT)
    assert (e.factor, e.rule) == (0.0, "time.late_words")


def test_a_late_word_against_a_rate_scores_nothing(tmp_path: Path) -> None:
    assert read("100%", "不及时", "时效指标") == (0.0, ("WORD_AS_RATIO",))  # a 及时率: late
    assert read("100%", "滞后") == (0.0, ("WORD_AS_RATIO",))  # late, and nothing else
    assert read("100%", "不及时", "质量指标") == (0.3, ("NEGATED_ACTUAL",))  # not a time: a negation
    result = run(
        tmp_path, indicator("产出指标", "时效指标", "拨付", "及时", "不及时", 未完成原因和改进措施="晚")
    )
    assert not any(f.level == "错误" for f in result.findings)
    assert score_of(result, "拨付") == 0.0


# ---- 4. negations -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "actual"),
    [
        ("1-8期培训结束后按时考核", "3-5期未能按时考核"),  # a real form: full marks by its digits today
        ("≥10次", "尚未开展10次"),
        ("改善", "未达到预期"),
        ("有效", "存在管理不规范问题"),
        ("到位", "不到位"),
        ("100%", "没有100%覆盖"),
    ],
)
def test_a_negated_actual_is_never_full_marks(target: str, actual: str) -> None:
    e = evaluate(target, actual, "", DEFAULT)
    assert (e.factor, e.rule, [p.code for p in e.problems]) == (
        0.3,
        "qualitative.negated_band",
        ["NEGATED_ACTUAL"],
    )


def test_negations_that_negate_nothing_and_misses_by_digits() -> None:
    assert read("≥90%", "未成年人满意度95%")[0] == 1.0  # 未成年 is no negation
    assert read("改善", "不断改善") == (1.0, ())
    assert read("改善", "效果不错") == (1.0, ())  # 不错: good
    assert read("≥20次", "不少")[1] == ("ACTUAL_UNREADABLE",)  # 不少: many, but how many?
    assert read("≥95%", "96%（不含外地学员）") == (1.0, ())
    assert read("≥10次", "未完成，8次")[0] == 0.8  # short of full marks by its digits: they count
    assert read("改善", "部分达成，尚未全部完成") == (0.7, ())  # a band named: no warning
    assert read("改善", "部分完成") == (0.7, ())  # 部分完成 names the band 部分达成, whatever 完成 says
    assert read("100%", "存在资金拨付滞后问题") == (0.3, ("NEGATED_ACTUAL",))  # a negation beside 滞后


@pytest.mark.parametrize(
    ("target", "actual", "level2", "expected"),
    [
        ("≤120万元", "未超预算", "", (1.0, ("WORD_AS_RATIO",))),  # words, not a number: a warning
        ("120万元", "控制在预算内", "成本指标", (1.0, ("DIRECTION_ASSUMED", "WORD_AS_RATIO"))),
        ("≥10次", "未超预算", "", (0.3, ("NEGATED_ACTUAL",))),  # against a floor: a negation
        ("改善", "不正常", "", (0.3, ("NEGATED_ACTUAL",))),
        ("运行良好", "正常", "", (1.0, ())),
        ("≥95%", "达标", "", (1.0, ("WORD_AS_RATIO",))),
    ],
)
def test_words_within_a_limit_and_other_words(
    target: str, actual: str, level2: str, expected: tuple[object, ...]
) -> None:
    assert read(target, actual, level2) == expected


def test_the_band_of_negated_actuals_is_a_profile_key() -> None:
    mine = replace(DEFAULT, negated_band="部分达成")
    assert evaluate("改善", "未达到预期", "", mine).factor == 0.7


def test_a_negated_actual_at_the_cell(tmp_path: Path) -> None:
    rows = [
        indicator(
            "产出指标",
            "质量指标",
            "考核",
            "1-8期培训结束后按时考核",
            "3-5期未能按时考核",
            未完成原因和改进措施="x",
        ),
        indicator("产出指标", "数量指标", "b", "≥10 次", "10 次"),
    ]
    result = run(tmp_path, *rows)
    assert ("NEGATED_ACTUAL", "指标!G2") in found(result)
    assert score_of(result, "考核") == 7.5  # 25 × 30%


# ---- 5. the same words as the target ------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "actual", "factor"),
    [
        ("一次通过市级竣工验收", "一次", None),  # a fragment: not the same words
        ("一次通过市级竣工验收", "一次通过市级竣工验收", 1.0),
        ("一次通过市级竣工验收", "一次通过市级竣工验收。", 1.0),  # punctuation and spaces aside
        ("一次通过 市级竣工验收", "一次通过市级竣工验收", 1.0),
        ("建立健全", "已建立健全", 1.0),  # the whole target
        ("一次通过市级竣工验收", "已完成", 1.0),  # a word of completion
    ],
)
def test_same_words_means_the_whole_target(target: str, actual: str, factor: float | None) -> None:
    e = evaluate(target, actual, "", DEFAULT)
    assert e.factor == factor
    if factor is None:
        assert [p.code for p in e.problems] == ["ACTUAL_UNREADABLE"]


# ---- 6. a reason contradicting full marks -------------------------------------------------------


def test_a_reason_saying_not_started_beside_full_marks(tmp_path: Path) -> None:
    rows = [
        indicator("产出指标", "数量指标", "a", "≥10 次", "10 次", 未完成原因和改进措施="项目尚未开工"),
        indicator("产出指标", "数量指标", "b", "≥10 次", "8 次", 未完成原因和改进措施="项目尚未开工"),
        indicator("产出指标", "数量指标", "c", "≥10 次", "10 次", 未完成原因和改进措施="超额完成"),
        indicator(
            "效益指标", "社会效益指标", "d", "改善", "改善", 自评得分=30, 未完成原因和改进措施="工程未完成"
        ),
    ]
    result = run(tmp_path, *rows)
    contradicting = {place for code, place in found(result) if code == "REASON_CONTRADICTS"}
    assert contradicting == {"指标!K2", "指标!K5"}
    assert replace(DEFAULT, not_done_words=()).not_done_words == ()


# ---- 7. 二级指标 as real forms spell them -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "read_as"),
    [
        ("产出数量", "数量指标"),
        ("产出成本", "成本指标"),
        ("社会效益", "社会效益指标"),
        ("满意度", "服务对象满意度指标"),
        ("服务对象满意度指标等", "服务对象满意度指标"),
        ("群众满意度指标", "服务对象满意度指标"),
        ("社会效应指标", "社会效益指标"),  # a typo
        ("数量指表", "数量指标"),
        ("效益指标", ""),  # as close to 经济效益指标 as to 社会效益指标: not a typo of either
        ("其他指标", ""),
        ("数量指标", "数量指标"),
    ],
)
def test_level2_readings(name: str, read_as: str) -> None:
    assert DEFAULT.level2_reading(name)[0] == read_as


def test_merged_units_keep_the_default_direction_and_the_zero_words(tmp_path: Path) -> None:
    funds = [fund(budget=50, executed=50, 资金使用单位="甲"), fund(budget=50, executed=50, 资金使用单位="乙")]
    rows = [
        indicator("产出指标", "产出成本", "成本", "100万元", "98万元", 资金使用单位="甲"),
        indicator("产出指标", "产出成本", "成本", "100万元", "99万元", 资金使用单位="乙"),
        indicator("产出指标", "质量指标", "事故", "≤2次", "无", 资金使用单位="甲"),
        indicator("产出指标", "质量指标", "事故", "≤2次", "1次", 资金使用单位="乙"),
    ]
    result = api.evaluate_workbook(write_book(tmp_path / "in.xlsx", funds=funds, indicators=rows))
    (p,) = result.projects
    merged = {i.level3: i for i in p.indicators}
    assert (merged["成本"].target, merged["成本"].actual, merged["成本"].score) == (
        "200 万元",
        "197 万元",
        25.0,
    )
    assert (merged["事故"].actual, merged["事故"].score) == ("1 次", 25.0)
    assert {
        ("DIRECTION_ASSUMED", "指标!F2"),
        ("DIRECTION_ASSUMED", "指标!F3"),
        ("ZERO_WORD_READ", "指标!G4"),
    } <= found(result)
