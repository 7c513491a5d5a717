"""Tests of evalxl.scoring.values: reading 年度指标值 and 全年完成值 into structured values."""

from __future__ import annotations

import datetime
import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evalxl.scoring import values
from evalxl.scoring.dates import time_of, written_as_day
from evalxl.scoring.values import Deadline, Parsed, Quantity, normalize, parse_value

KINDS = {"blank", "quantity", "compound", "deadline", "words"}


def q(op: str, number: float, unit: str = "") -> Quantity:
    return Quantity(op, number, unit)


def parts_of(text: str) -> tuple[Quantity, ...]:
    parsed = parse_value(text)
    assert parsed.kind in ("quantity", "compound"), parsed
    return parsed.parts


# Every 年度指标值 and 全年完成值 of the four forms at the end of the seed.
SEED = [
    ("14", "quantity", (q(">=", 14.0),)),
    ("100%", "quantity", (q(">=", 1.0, "%"),)),
    ("≤6 万元", "quantity", (q("<=", 6.0, "万元"),)),
    ("改善", "words", ()),
    ("提高", "words", ()),
    ("≥98%", "quantity", (q(">=", 0.98, "%"),)),
    ("1 个", "quantity", (q(">=", 1.0, "个"),)),
    ("95%", "quantity", (q(">=", 0.95, "%"),)),
    ("≤17 万元", "quantity", (q("<=", 17.0, "万元"),)),
    ("长期", "words", ()),
    ("≥95%", "quantity", (q(">=", 0.95, "%"),)),
    ("≥2 次", "quantity", (q(">=", 2.0, "次"),)),
    ("≥20 次", "quantity", (q(">=", 20.0, "次"),)),
    ("≥10 次", "quantity", (q(">=", 10.0, "次"),)),
    ("3 次", "quantity", (q(">=", 3.0, "次"),)),
    ("得到保护", "words", ()),
    ("≤15.2 万元", "quantity", (q("<=", 15.2, "万元"),)),
    ("促进", "words", ()),
    ("有效", "words", ()),
    ("1 个镇 4 个村", "compound", (q(">=", 1.0, "个镇"), q(">=", 4.0, "个村"))),
    ("≤2 万元", "quantity", (q("<=", 2.0, "万元"),)),
]


@pytest.mark.parametrize(("text", "kind", "parts"), SEED)
def test_seed_values(text: str, kind: str, parts: tuple[Quantity, ...]) -> None:
    parsed = parse_value(text)
    assert parsed.kind == kind
    assert parsed.parts == parts
    if kind == "words":
        assert parsed.words == text


def test_seed_deadline() -> None:
    assert parse_value("12月31日之前") == Parsed("deadline", "12月31日之前", deadline=Deadline(None, 12, 31))


OPERATORS = [
    ("≥90%", ">="),
    (">=90%", ">="),
    ("=>90%", ">="),
    ("≧90%", ">="),
    ("⩾90%", ">="),
    ("＞＝90%", ">="),
    ("大于等于90%", ">="),
    ("不低于90%", ">="),
    ("不少于90%", ">="),
    ("至少90%", ">="),
    ("90%以上", ">="),
    ("90%及以上", ">="),
    ("≤90%", "<="),
    ("<=90%", "<="),
    ("≦90%", "<="),
    ("⩽90%", "<="),
    ("＜＝90%", "<="),
    ("不高于90%", "<="),
    ("不超过90%", "<="),
    ("不多于90%", "<="),
    ("90%以内", "<="),
    ("90%以下", "<="),
    ("控制在90%以内", "<="),
    ("控制在90%", "<="),
    (">90%", ">"),
    ("＞90%", ">"),
    ("大于90%", ">"),
    ("高于90%", ">"),
    ("超过90%", ">"),
    ("<90%", "<"),
    ("＜90%", "<"),
    ("小于90%", "<"),
    ("低于90%", "<"),
    ("=90%", "="),
    ("＝90%", "="),
    ("═90%", "="),
    ("等于90%", "="),
]


@pytest.mark.parametrize(("text", "op"), OPERATORS)
def test_operators(text: str, op: str) -> None:
    parsed = parse_value(text)
    assert parsed.kind == "quantity"
    assert parsed.parts == (q(op, 0.9, "%"),)
    assert parsed.explicit_op


@pytest.mark.parametrize("text", ["90%", "90 %", "９０％", "90"])
def test_no_operator_means_at_least(text: str) -> None:
    parsed = parse_value(text)
    assert parsed.parts[0].op == ">="
    assert not parsed.explicit_op


UNITS = [
    ("≥20 次", q(">=", 20.0, "次")),
    ("≥ 20 次", q(">=", 20.0, "次")),
    ("15.2万元", q(">=", 15.2, "万元")),
    ("≤6 万元", q("<=", 6.0, "万元")),
    ("500元", q(">=", 500.0, "元")),
    ("300人", q(">=", 300.0, "人")),
    ("450 人次", q(">=", 450.0, "人次")),
    ("12家", q(">=", 12.0, "家")),
    ("≤30天", q("<=", 30.0, "天")),
    ("100元/人", q(">=", 100.0, "元/人")),
    ("100㎡", q(">=", 100.0, "m²")),
    ("3 个工作日内", q("<=", 3.0, "个工作日")),
    ("6", q(">=", 6.0, "")),
    ("0.5", q(">=", 0.5, "")),
    ("-3", q(">=", -3.0, "")),
    ("≥-5", q(">=", -5.0, "")),
]


@pytest.mark.parametrize(("text", "quantity"), UNITS)
def test_units(text: str, quantity: Quantity) -> None:
    assert parts_of(text) == (quantity,)


PERCENT = [
    ("98%", 0.98),
    ("98 %", 0.98),
    ("98％", 0.98),
    ("９８％", 0.98),
    ("15.2%", 0.152),
    ("100%", 1.0),
    ("0%", 0.0),
    ("120%", 1.2),
    ("百分之95", 0.95),
    ("5‰", 0.005),
]


@pytest.mark.parametrize(("text", "fraction"), PERCENT)
def test_percent(text: str, fraction: float) -> None:
    (part,) = parts_of(text)
    assert part.percent
    assert part.number == fraction


NUMBERS = [
    ("1,000", 1000.0),
    ("1，000", 1000.0),
    ("12,345.5", 12345.5),
    ("1,000,000", 1000000.0),
    ("１５．２", 15.2),
    ("１，０００", 1000.0),
    ("007", 7.0),
]


@pytest.mark.parametrize(("text", "number"), NUMBERS)
def test_numbers_in_text(text: str, number: float) -> None:
    assert parts_of(text) == (q(">=", number),)


QUALIFIERS = [
    ("2000余人次", q(">=", 2000.0, "人次")),
    ("2000多人次", q(">=", 2000.0, "人次")),
    ("200余套", q(">=", 200.0, "套")),
    ("近5.6万元", q(">=", 5.6, "万元")),
    ("约200人", q(">=", 200.0, "人")),
    ("大约200人", q(">=", 200.0, "人")),
    ("200人左右", q(">=", 200.0, "人")),
    ("≥约95%", q(">=", 0.95, "%")),
]


@pytest.mark.parametrize(("text", "quantity"), QUALIFIERS)
def test_qualifiers_are_ignored(text: str, quantity: Quantity) -> None:
    parsed = parse_value(text)
    assert parsed.kind == "quantity"
    assert parsed.parts == (quantity,)
    assert parsed.words == ""


SUFFIX_OPERATORS = [
    ("95%以上", q(">=", 0.95, "%")),
    ("95% 以上", q(">=", 0.95, "%")),
    ("10次以上", q(">=", 10.0, "次")),
    ("20次及以上", q(">=", 20.0, "次")),
    ("15万元以内", q("<=", 15.0, "万元")),
    ("控制在15万元以内", q("<=", 15.0, "万元")),
    ("5天内", q("<=", 5.0, "天")),
    ("3%以下", q("<=", 0.03, "%")),
    ("≥95%以上", q(">=", 0.95, "%")),
]


@pytest.mark.parametrize(("text", "quantity"), SUFFIX_OPERATORS)
def test_suffix_operators(text: str, quantity: Quantity) -> None:
    parsed = parse_value(text)
    assert parsed.parts == (quantity,)
    assert parsed.explicit_op


COMPOUND = [
    ("1 个镇 4 个村", (q(">=", 1.0, "个镇"), q(">=", 4.0, "个村"))),
    ("1个镇4个村", (q(">=", 1.0, "个镇"), q(">=", 4.0, "个村"))),
    ("１ 个镇 ４ 个村", (q(">=", 1.0, "个镇"), q(">=", 4.0, "个村"))),
    ("1个镇、4个村", (q(">=", 1.0, "个镇"), q(">=", 4.0, "个村"))),
    ("1个镇，4个村", (q(">=", 1.0, "个镇"), q(">=", 4.0, "个村"))),
    ("1个镇和4个村", (q(">=", 1.0, "个镇"), q(">=", 4.0, "个村"))),
    ("≥1个镇4个村", (q(">=", 1.0, "个镇"), q(">=", 4.0, "个村"))),
    ("≤2个镇 5个村", (q("<=", 2.0, "个镇"), q("<=", 5.0, "个村"))),
    ("3次 200人次 2万元", (q(">=", 3.0, "次"), q(">=", 200.0, "人次"), q(">=", 2.0, "万元"))),
]


@pytest.mark.parametrize(("text", "parts"), COMPOUND)
def test_compound(text: str, parts: tuple[Quantity, ...]) -> None:
    parsed = parse_value(text)
    assert parsed.kind == "compound"
    assert parsed.parts == parts


RANGES = [
    ("80%-100%", (q(">=", 0.8, "%"), q("<=", 1.0, "%"))),
    ("80-100%", (q(">=", 0.8, "%"), q("<=", 1.0, "%"))),
    ("80%~100%", (q(">=", 0.8, "%"), q("<=", 1.0, "%"))),
    ("80%至100%", (q(">=", 0.8, "%"), q("<=", 1.0, "%"))),
    ("100%—80%", (q(">=", 0.8, "%"), q("<=", 1.0, "%"))),
    ("1-2次", (q(">=", 1.0, "次"), q("<=", 2.0, "次"))),
    ("-5~5", (q(">=", -5.0), q("<=", 5.0))),
]


@pytest.mark.parametrize(("text", "parts"), RANGES)
def test_ranges_are_two_bounds(text: str, parts: tuple[Quantity, ...]) -> None:
    parsed = parse_value(text)
    assert (parsed.kind, parsed.parts, parsed.explicit_op) == ("compound", parts, True)


DEADLINES = [
    ("12月31日之前", Deadline(None, 12, 31)),
    ("12月31日前", Deadline(None, 12, 31)),
    ("12月31日以前", Deadline(None, 12, 31)),
    ("12 月 31 日前", Deadline(None, 12, 31)),
    ("１２月３１日前", Deadline(None, 12, 31)),
    ("2023年12月底前", Deadline(2023, 12, 31)),
    ("12月底前", Deadline(None, 12, 31)),
    ("12月底", Deadline(None, 12, 31)),
    ("6月末前", Deadline(None, 6, 30)),
    ("2024年2月底前", Deadline(2024, 2, 29)),
    ("2023年2月底前", Deadline(2023, 2, 28)),
    ("2月底前", Deadline(None, 2, 29)),
    ("2023年12月31日前完成", Deadline(2023, 12, 31)),
    ("2023-12-31前", Deadline(2023, 12, 31)),
    ("年底前", Deadline(None, 12, 31)),
    ("年底前完成", Deadline(None, 12, 31)),
    ("年内", Deadline(None, 12, 31)),
    ("年内完成", Deadline(None, 12, 31)),
    ("本年度内", Deadline(None, 12, 31)),
    ("2023年底前", Deadline(2023, 12, 31)),
    ("2023年内", Deadline(2023, 12, 31)),
    ("上半年", Deadline(None, 6, 30)),
    ("11月前", Deadline(None, 11, None)),
    ("12月份", Deadline(None, 12, None)),
    ("12月20日", Deadline(None, 12, 20)),  # no year: not a full date
    ("截至12月31日", Deadline(None, 12, 31)),
    ("及时", Deadline(None, None, None)),
    ("按时", Deadline(None, None, None)),
    ("按期", Deadline(None, None, None)),
    ("及时完成", Deadline(None, None, None)),
]


@pytest.mark.parametrize(("text", "deadline"), DEADLINES)
def test_deadlines(text: str, deadline: Deadline) -> None:
    parsed = parse_value(text)
    assert (parsed.kind, parsed.deadline, parsed.date) == ("deadline", deadline, None)


DATES = [
    ("2023年12月20日", datetime.date(2023, 12, 20)),
    ("2023年12月20号", datetime.date(2023, 12, 20)),
    ("2023-12-20", datetime.date(2023, 12, 20)),
    ("2023/12/20", datetime.date(2023, 12, 20)),
    ("2023.12.20", datetime.date(2023, 12, 20)),
    ("２０２３年１２月２０日", datetime.date(2023, 12, 20)),
    ("2023年12月20日完成", datetime.date(2023, 12, 20)),
    ("于2023年12月20日完成", datetime.date(2023, 12, 20)),
    ("2024年2月29日", datetime.date(2024, 2, 29)),
    ("2023年12月底", datetime.date(2023, 12, 31)),
    ("2024年2月底", datetime.date(2024, 2, 29)),
    ("2023年底", datetime.date(2023, 12, 31)),
]


@pytest.mark.parametrize(("text", "date"), DATES)
def test_dates_written_as_text(text: str, date: datetime.date) -> None:
    parsed = parse_value(text)
    assert (parsed.kind, parsed.date, parsed.deadline) == ("deadline", date, None)


@pytest.mark.parametrize(
    "value",
    [datetime.date(2023, 12, 20), datetime.datetime(2023, 12, 20, 9, 30)],
)
def test_date_cells(value: datetime.date) -> None:
    assert parse_value(value) == Parsed("deadline", "2023-12-20", date=datetime.date(2023, 12, 20))


WORDS = [
    "改善",
    "提高",
    "有效",
    "长期",
    "得到保护",
    "促进",
    "达成",
    "部分达成",
    "未达成",
    "完成",
    "按时完成率",
    "≥",
    "第3季度完成",
    "abc12def",
    "V2.0",
    "1.2.3",
    "CO2排放减少10%",
    "100%(14人)",
    "2023年13月1日",
    "2月30日",
    "2023年2月29日",
    "≤≥5",
    "≤95%以上",
    "5 10",
    "1,0000",
    "1e5",
    "inf",
]


@pytest.mark.parametrize("text", WORDS)
def test_words(text: str) -> None:
    parsed = parse_value(text)
    assert parsed.kind == "words"
    assert parsed.words == parsed.text == text
    assert parsed.parts == ()


MIXED = [
    ("达成 85%", q(">=", 0.85, "%"), "达成"),
    ("达成85%", q(">=", 0.85, "%"), "达成"),
    ("部分达成（70%）", q(">=", 0.7, "%"), "部分达成"),
    ("部分达成 70%", q(">=", 0.7, "%"), "部分达成"),
    ("70%（部分达成）", q(">=", 0.7, "%"), "部分达成"),
    ("未达成：50%", q(">=", 0.5, "%"), "未达成"),
    ("85 部分达成", q(">=", 85.0), "部分达成"),
    ("完成率98%", q(">=", 0.98, "%"), "完成率"),
    ("满意度不低于95%", q(">=", 0.95, "%"), "满意度"),
    ("100%完成", q(">=", 1.0, "%"), "完成"),
    ("3次完成", q(">=", 3.0, "次"), "完成"),
]


@pytest.mark.parametrize(("text", "quantity", "words"), MIXED)
def test_words_with_a_number_keep_both(text: str, quantity: Quantity, words: str) -> None:
    parsed = parse_value(text)
    assert (parsed.kind, parsed.parts, parsed.words) == ("quantity", (quantity,), words)


@pytest.mark.parametrize("value", [None, "", "   ", "\u3000", "\u200b", float("nan")])
def test_blank(value: object) -> None:
    assert parse_value(value) == Parsed("blank", "")


CELLS = [
    (6, False, Parsed("quantity", "6", parts=(q(">=", 6.0),))),
    (6.0, False, Parsed("quantity", "6", parts=(q(">=", 6.0),))),
    (15.2, False, Parsed("quantity", "15.2", parts=(q(">=", 15.2),))),
    (0.98, False, Parsed("quantity", "0.98", parts=(q(">=", 0.98),))),
    (0.98, True, Parsed("quantity", "98%", parts=(q(">=", 0.98, "%"),))),
    (1, True, Parsed("quantity", "100%", parts=(q(">=", 1.0, "%"),))),
    (0.855, True, Parsed("quantity", "85.5%", parts=(q(">=", 0.855, "%"),))),
    (Decimal("2.5"), False, Parsed("quantity", "2.5", parts=(q(">=", 2.5),))),
    ("98%", True, Parsed("quantity", "98%", parts=(q(">=", 0.98, "%"),))),
    (True, False, Parsed("words", "TRUE", words="TRUE")),
    (False, False, Parsed("words", "FALSE", words="FALSE")),
    (float("inf"), False, Parsed("words", "inf", words="inf")),
    (float("-inf"), True, Parsed("words", "-inf", words="-inf")),
    (10**400, False, Parsed("words", "1" + "0" * 400, words="1" + "0" * 400)),
]


@pytest.mark.parametrize(("value", "percent_format", "expected"), CELLS)
def test_typed_cells(value: object, percent_format: bool, expected: Parsed) -> None:
    assert parse_value(value, percent_format=percent_format) == expected


def test_other_objects_are_read_as_their_text() -> None:
    class Cell:
        def __str__(self) -> str:
            return "≥3 次"

    class Broken:
        def __str__(self) -> str:
            raise RuntimeError("no text")

    assert parse_value(Cell()).parts == (q(">=", 3.0, "次"),)
    assert parse_value(Broken()).kind == "words"


NORMALIZE = [
    ("  ≥ 20  次 ", "≥ 20 次"),
    ("１５．２万元", "15.2万元"),
    ("９８％", "98%"),
    ("（含）", "(含)"),
    ("Ａｂｃ", "Abc"),
    ("1\u3000个镇\t4个村", "1 个镇 4个村"),
    ("100㎡", "100m²"),
    ("5m²", "5m²"),
    ("−5", "-5"),
    ("", ""),
]


@pytest.mark.parametrize(("text", "expected"), NORMALIZE)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_text_is_normalized() -> None:
    assert parse_value(" ≥２０　次 ").text == "≥20 次"


def test_text_results_are_cached() -> None:
    assert parse_value("≥20 次") is parse_value("≥20 次")


@given(st.text())
def test_any_text_parses(text: str) -> None:
    parsed = parse_value(text)
    assert parsed.kind in KINDS
    assert all(math.isfinite(part.number) for part in parsed.parts)
    assert (parsed.kind == "quantity") == (len(parsed.parts) == 1)
    assert (parsed.kind == "compound") == (len(parsed.parts) >= 2)


@given(st.text(alphabet="0123456789.,，%％≥≤<>=-~ 万元次个镇村年月日前底余约以上内部分达成第", max_size=30))
def test_any_value_like_text_parses(text: str) -> None:
    assert parse_value(text).kind in KINDS


@given(st.floats(allow_nan=True, allow_infinity=True), st.booleans())
def test_any_float_parses(number: float, percent_format: bool) -> None:
    parsed = parse_value(number, percent_format=percent_format)
    assert parsed.kind in KINDS
    if math.isfinite(number):
        assert parsed.parts == (Quantity(">=", number, "%" if percent_format else ""),)


@given(st.integers())
def test_any_int_parses(number: int) -> None:
    assert parse_value(number).kind in ("quantity", "words")


PLAIN_PIECES = st.tuples(
    st.sampled_from(["", "≥", "≤", ">", "<", "=", ">=", "<=", "==", "≥=", "约", "-", "第"]),
    st.from_regex(
        r"[0-9]{1,6}(\.[0-9]{1,4})?|0[0-9]{1,3}|[0-9]{1,3},[0-9]{3}|[0-9]{309,320}", fullmatch=True
    ),
    st.sampled_from(["", " ", "  "]),
    st.sampled_from(
        ["", "%", "‰", "元", "万元", "万", "次", "人次", "个", "个镇", "户", "家", "人", "天", "项", "公里"]
    ),
    st.sampled_from(["", "", "以上", "以内", "左右", "完成", " 部分达成", "年", "月", "-5", "次"]),
)


@given(PLAIN_PIECES)
def test_plain_quantities_read_as_the_general_reader_reads_them(pieces: tuple[str, ...]) -> None:
    text = normalize("".join(pieces))
    plain = values._plain_quantity(text)  # the fast path for one number with a common unit
    if plain is not None:
        assert time_of(text) is None  # it is only tried for texts that are not times
        assert plain == values._quantities(text)


def test_plain_quantities_are_read_fast() -> None:
    for text in ("≤300.7 万元", "85%", "12 次", "≥95%", "1420 元", ">0 人次", "=100%"):
        assert values._plain_quantity(text) == values._quantities(text) is not None


# ---- issue 10, readings: ranges with two bounds, sentences, durations and standards

BOUNDS = [
    ("不低于90%且不高于100%", (q(">=", 0.9, "%"), q("<=", 1.0, "%"))),
    ("不低于90%、不高于100%", (q(">=", 0.9, "%"), q("<=", 1.0, "%"))),
    ("≥90%且≤100%", (q(">=", 0.9, "%"), q("<=", 1.0, "%"))),
    ("不高于100%并且不低于90%", (q(">=", 0.9, "%"), q("<=", 1.0, "%"))),
    (">90%且<100%", (q(">", 0.9, "%"), q("<", 1.0, "%"))),
    ("90%～100%", (q(">=", 0.9, "%"), q("<=", 1.0, "%"))),
]


@pytest.mark.parametrize(("text", "parts"), BOUNDS)
def test_two_bounds_in_opposite_directions_are_a_range(text: str, parts: tuple[Quantity, ...]) -> None:
    parsed = parse_value(text)
    assert (parsed.kind, parsed.parts, parsed.explicit_op) == ("compound", parts, True)


SENTENCES = [
    "1-8期培训结束后按时考核",  # a range followed by a clause: not the range 1–8
    "3-5期未能按时考核",
    "3次完成后验收",
    "2期培训没有按期开展",
    "5人尚未结业",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_numbers_followed_by_a_clause_are_words(text: str) -> None:
    parsed = parse_value(text)
    assert (parsed.kind, parsed.parts, parsed.words) == ("words", (), text)


NOT_SENTENCES = [
    ("培训人数≥200人", q(">=", 200.0, "人"), "培训人数"),  # a label before the number
    ("按时完成率≥95%", q(">=", 0.95, "%"), "按时完成率"),
    ("≥200名建档立卡贫困户", q(">=", 200.0, "名建档立卡贫困户"), ""),
    ("3次完成", q(">=", 3.0, "次"), "完成"),  # a unit and a completion word
    ("12个月内完成", q("<=", 12.0, "个月"), "完成"),
]


@pytest.mark.parametrize(("text", "quantity", "words"), NOT_SENTENCES)
def test_a_label_or_a_completion_word_keeps_a_quantity(text: str, quantity: Quantity, words: str) -> None:
    parsed = parse_value(text)
    assert (parsed.kind, parsed.parts, parsed.words) == ("quantity", (quantity,), words)


DURATIONS = [
    ("1个月", q(">=", 1.0, "个月"), False),
    ("1年", q(">=", 1.0, "年"), False),
    ("30天", q(">=", 30.0, "天"), False),
    ("3个工作日", q(">=", 3.0, "个工作日"), False),
    ("75元/人", q(">=", 75.0, "元/人"), False),
    ("2000元/人·年", q(">=", 2000.0, "元/人·年"), False),
    ("120元/亩", q(">=", 120.0, "元/亩"), False),
    ("1.25万人次", q(">=", 1.25, "万人次"), False),
    ("≤1个月", q("<=", 1.0, "个月"), True),
    ("=75元/人", q("=", 75.0, "元/人"), True),
]


@pytest.mark.parametrize(("text", "quantity", "explicit"), DURATIONS)
def test_durations_and_standards_keep_their_whole_unit(text: str, quantity: Quantity, explicit: bool) -> None:
    parsed = parse_value(text)
    assert (parsed.kind, parsed.parts, parsed.explicit_op) == ("quantity", (quantity,), explicit)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2024年6月30日", True), ("2024/6/30", True), ("2024-06-30", True), ("6月底", True), ("年底", True),
     ("6月30日前", False), ("年底前", False), ("年内", False), ("上半年", False), ("及时", False)],
)  # fmt: skip
def test_a_day_written_without_before_is_told_apart(text: str, expected: bool) -> None:
    assert written_as_day(text) is expected
    assert parse_value(text).kind == "deadline"
