"""Settings from a rules profile and the 参数 laid over it (evalxl.scoring.settings): every key and
value checked by the contract's validator, findings as (code, place)."""

from __future__ import annotations

from pathlib import Path

import pytest

from evalxl import contract
from evalxl.contract.schemas import PARAM_READS, RUN_SETTINGS
from evalxl.model import Param
from evalxl.scoring import settings
from evalxl.scoring.evaluate import evaluate

STRICT = "财预〔2020〕10号·从严"


def params(*rows: tuple[str, str]) -> list[Param]:
    """参数 rows from row 2 on: key in column A, value in column B."""
    return [Param(key, value, f"参数!A{n}", f"参数!B{n}") for n, (key, value) in enumerate(rows, start=2)]


def codes(found: list[object]) -> list[tuple[str, str]]:
    return [(f.code, f.place) for f in found]  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- profiles


def test_builtin_profiles_are_complete_and_valid() -> None:
    profiles = settings.builtin_profiles()
    assert list(profiles) == ["财预〔2020〕10号", STRICT]
    for name, data in profiles.items():
        assert settings.check_profile(data, name) == []
        settings.settings_from_profile(data)  # every key the settings need is there


def test_the_strict_profile_is_the_default_with_its_own_keys_laid_over() -> None:
    default, strict = (
        settings.builtin_profiles()[settings.DEFAULT_PROFILE],
        settings.builtin_profiles()[STRICT],
    )
    assert "base" not in strict and strict["weights"] == default["weights"]
    assert strict["quantitative"]["deviation_threshold"] == default["quantitative"]["deviation_threshold"]
    assert strict["quantitative"]["deviation_deduction"] == 2 and len(strict["caps"]) == 4


def test_default_settings_are_the_default_profile() -> None:
    s = settings.default_settings()
    assert (s.rules_name, s.budget_weight, s.decimals, s.qual_bands) == (
        settings.DEFAULT_PROFILE,
        10.0,
        2,
        (0.8, 0.6),
    )
    assert s.level_weights == (
        ("产出指标", 50.0),
        ("效益指标", 30.0),
        ("满意度指标", 10.0),
        ("成本指标", 0.0),
    )


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_unknown_key_and_bad_values_name_the_key(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "mine.toml",
        '[weights]\n"产出指标" = "五十"\n[quantitative]\nreverse = "x"\ndeviation_threshold = 0.5\n',
    )
    data, found = settings.load_profile_file(path)
    assert data is None
    assert codes(found) == [
        ("PROFILE_BAD_VALUE", "mine.toml:weights.产出指标"),
        ("PROFILE_UNKNOWN_KEY", "mine.toml:quantitative.reverse"),
        ("PROFILE_BAD_VALUE", "mine.toml:quantitative.deviation_threshold"),
    ]


def test_an_unknown_table_names_each_of_its_keys(tmp_path: Path) -> None:
    path = write(tmp_path, "t.toml", "[colours]\nred = 1\n[colours.dark]\nblue = 2\n")
    assert codes(settings.load_profile_file(path)[1]) == [
        ("PROFILE_UNKNOWN_KEY", "t.toml:colours.red"),
        ("PROFILE_UNKNOWN_KEY", "t.toml:colours.dark.blue"),
    ]


def test_unreadable_profile_file(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.toml", "weights = [")
    assert codes(settings.load_profile_file(path)[1]) == [("PROFILE_UNREADABLE", "bad.toml")]


def test_a_chinese_key_without_quotes_is_named_as_the_cause(tmp_path: Path) -> None:
    (found,) = settings.load_profile_file(write(tmp_path, "q.toml", "[weights]\n产出指标 = 50\n"))[1]
    assert found.code == "PROFILE_UNREADABLE" and "须加引号" in found.message


def test_an_unknown_base_is_a_bad_value(tmp_path: Path) -> None:
    path = write(tmp_path, "b.toml", 'base = "省里的"\n')
    assert codes(settings.load_profile_file(path)[1]) == [("PROFILE_BAD_VALUE", "b.toml:base")]


def test_grades_must_descend(tmp_path: Path) -> None:
    path = write(tmp_path, "g.toml", '[grades]\n"优" = 80\n"良" = 85\n')
    assert codes(settings.load_profile_file(path)[1]) == [("PROFILE_BAD_VALUE", "g.toml:grades")]


def test_grades_checked_against_the_base_too(tmp_path: Path) -> None:
    path = write(tmp_path, "g.toml", '[grades]\n"优" = 75\n')  # under the base's 良 = 80
    assert codes(settings.load_profile_file(path)[1]) == [("PROFILE_BAD_VALUE", "g.toml:grades")]


def test_band_defaults_must_lie_in_known_bands(tmp_path: Path) -> None:
    path = write(
        tmp_path, "b.toml", '[qualitative.band_defaults]\n"达成" = 1.5\n"部分达成" = 0.7\n"未达成" = 0.3\n'
    )
    assert codes(settings.load_profile_file(path)[1]) == [
        ("PROFILE_BAD_VALUE", "b.toml:qualitative.band_defaults")
    ]


def test_a_good_file_is_laid_over_its_base_and_named_by_its_file(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "本市.toml",
        f'base = "{STRICT}"\n[grades]\n"优" = 95\n[qualitative]\nbands = [0.9, 0.7]\n'
        '[qualitative.band_words]\n"很好" = "达成"\n',
    )
    data, found = settings.load_profile_file(path)
    assert found == [] and data is not None
    s = settings.settings_from_profile(data)
    assert s.rules_name == "本市" and s.grades[0] == ("优", 95.0) and s.qual_bands == (0.9, 0.7)
    assert s.deviation_deduction == 2.0 and s.caps  # from the strict base
    assert ("很好", "达成") in s.band_words and ("基本达成", "达成") in s.band_words  # words are added


def test_band_edges_and_percent_as_ratio_change_evaluation(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "bands.toml",
        "[qualitative]\nbands = [0.9, 0.7]\n"
        '[qualitative.band_defaults]\n"达成" = 0.95\n"部分达成" = 0.8\n"未达成" = 0.5\n'
        "[quantitative]\npercent_as_ratio = false\n",
    )
    data, found = settings.load_profile_file(path)
    assert found == [] and data is not None
    custom = settings.settings_from_profile(data)
    assert evaluate("改善", "部分达成", "", custom).factor == 0.8
    assert evaluate("改善", "达成", "", custom).factor == 0.95
    assert evaluate("≥20 次", "100%", "", custom).problems[0].code == "ACTUAL_UNREADABLE"
    assert evaluate("≥20 次", "100%", "", settings.default_settings()).problems[0].code == "PERCENT_AS_RATIO"


@pytest.mark.parametrize(("rate", "cap"), [(0.79, 89), (0.69, 79), (0.59, 69), (0.49, 59), (0.8, None)])
def test_the_strictest_cap_applies(rate: float, cap: float | None) -> None:
    strict = settings.settings_from_profile(settings.builtin_profiles()[STRICT])
    found = strict.cap_for(rate)
    assert (found[1] if found else None) == cap


# --------------------------------------------------------------------------- 参数 laid over the profile


def test_every_key_of_the_key_table_has_a_reader_and_a_target() -> None:
    assert set(settings.READS) == set(PARAM_READS)
    targets = set(RUN_SETTINGS) | set(contract.validator.leaf_keys(contract.profile_schema()))
    assert all(key.sets in targets for key in contract.standard_input().params)


def test_no_params_give_the_profile_s_settings() -> None:
    assert settings.settings_for([]) == (settings.default_settings(), [])


def test_params_set_profile_keys_and_run_settings() -> None:
    s, found = settings.settings_for(
        params(
            ("年度", "2023年度"),
            ("金额单位", "元"),
            ("预算执行率分值", "20"),
            ("产出指标分值", "40"),
            ("得分小数位", "1"),
            ("优", "95"),
            ("定性档次", "60%,90%"),
            ("偏离阈值", "150%"),
            ("加权资金", "全年执行数"),
            ("表样", "评分自评表"),
        )
    )
    assert found == []
    assert (s.year, s.money_unit, s.weight_by, s.layout) == ("2023", "元", "全年执行数", "评分自评表")
    assert s.budget_weight == 20.0 and s.level_weights[0] == ("产出指标", 40.0)
    assert (s.decimals, s.grades[0], s.qual_bands, s.deviation_threshold) == (
        1,
        ("优", 95.0),
        (0.9, 0.6),
        1.5,
    )


def test_the_rules_param_chooses_the_profile_and_the_layout_option_wins() -> None:
    s, found = settings.settings_for(
        params(("评分规则", STRICT), ("表样", "评分自评表")), layout_name="目标自评表"
    )
    assert found == [] and s.rules_name == STRICT and s.caps and s.layout == "目标自评表"


def test_a_profile_option_wins_over_the_rules_param() -> None:
    strict = settings.builtin_profiles()[STRICT]
    s, found = settings.settings_for(params(("评分规则", "没有这个")), strict)
    assert found == [] and s.rules_name == STRICT


def test_unknown_duplicate_and_unreadable_params_name_their_cells() -> None:
    s, found = settings.settings_for(
        params(
            ("产出指标分数", "50"),
            ("年度", "2024"),
            ("年度", "2025"),
            ("得分小数位", "两位"),
            ("表样", "省级自评表"),
            ("评分规则", "省里的"),
        )
    )
    assert codes(found) == [
        ("UNKNOWN_PARAM", "参数!A2"),
        ("DUPLICATE_PARAM", "参数!A4"),
        ("BAD_PARAM_VALUE", "参数!B7"),  # 评分规则 first: it chooses the profile the rows are laid over
        ("BAD_PARAM_VALUE", "参数!B5"),
        ("BAD_PARAM_VALUE", "参数!B6"),
    ]
    assert s.year == "2025" and s.decimals == 2 and s.rules_name == settings.DEFAULT_PROFILE


@pytest.mark.parametrize(
    ("key", "value"),
    [("产出指标分值", "150"), ("优", "120"), ("偏离阈值", "90%"), ("得分小数位", "7"), ("定性档次", "80%")],
)
def test_a_value_the_profile_cannot_hold_is_a_bad_value(key: str, value: str) -> None:
    s, found = settings.settings_for(params((key, value)))
    assert ("BAD_PARAM_VALUE", "参数!B2") in codes(found)
    assert s == settings.default_settings()  # the value is not used


def test_grades_out_of_order_are_named_at_the_first_grade_row() -> None:
    found = settings.settings_for(params(("年度", "2024"), ("良", "95"), ("优", "90")))[1]
    assert codes(found) == [("BAD_PARAM_VALUE", "参数!B3")]
    assert "优/良/中" in found[0].message and "[90.0, 95.0, 60.0]" in found[0].message


def test_weights_that_do_not_add_up_are_named_at_the_first_weight_row() -> None:
    s, found = settings.settings_for(params(("年度", "2024"), ("效益指标分值", "40"), ("产出指标分值", "60")))
    assert codes(found) == [("PARAM_WEIGHTS_NOT_100", "参数!B3")]
    assert s.level_weights[:2] == (("产出指标", 60.0), ("效益指标", 40.0))  # the profile's order


def test_the_keys_of_directions_and_words_are_checked(tmp_path: Path) -> None:
    text = (
        '[directions.level2]\n"成本指标" = "上限"\n[directions.units]\n"元/人" = "="\n'
        '[qualitative]\nnegated_band = "差"\n[level2]\nclose_match = 0.2\n'
        '[level2.aliases]\n"产出成本" = "成本"\n'
    )
    assert codes(settings.load_profile_file(write(tmp_path, "d.toml", text))[1]) == [
        ("PROFILE_BAD_VALUE", "d.toml:directions.level2.成本指标"),
        ("PROFILE_BAD_VALUE", "d.toml:qualitative.negated_band"),
        ("PROFILE_BAD_VALUE", "d.toml:level2.close_match"),
        ("PROFILE_BAD_VALUE", "d.toml:level2.aliases.产出成本"),
    ]


def test_a_file_adds_directions_aliases_and_words_to_its_base(tmp_path: Path) -> None:
    text = (
        '[directions.level2]\n"质量指标" = "="\n[level2.aliases]\n"产出效益" = "社会效益指标"\n'
        '[reasons]\nnot_done_words = ["没动工"]\n[quantitative]\nzero_words = ["无"]\n'
    )
    data, found = settings.load_profile_file(write(tmp_path, "d.toml", text))
    assert found == [] and data is not None
    s = settings.settings_from_profile(data)
    assert ("质量指标", "=") in s.direction_level2 and ("成本指标", "<=") in s.direction_level2
    assert s.level2_reading("产出效益") == ("社会效益指标", 1.0)
    assert (s.not_done_words, s.zero_words) == (("没动工",), ("无",))
    assert s.negated_band == "未达成" and s.level2_close_match == 0.75
