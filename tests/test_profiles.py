"""Rules profiles: built-in and user files, every key checked, and each rule's effect on scores."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from builders import fund, indicator, write_book
from evalxl import api
from evalxl.model import RunResult
from evalxl.scoring import profile
from evalxl.scoring.evaluate import evaluate

STRICT = "财预〔2020〕10号·从严"


def test_builtin_profiles_are_complete_and_valid() -> None:
    profiles = profile.builtin_profiles()
    assert list(profiles) == ["财预〔2020〕10号", STRICT]
    for name, data in profiles.items():
        assert profile.check_profile(data, name) == []
        profile.settings_from_profile(data)  # every key the settings need is there


def test_unknown_key_and_bad_values_name_the_key(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(
        '[weights]\n"产出指标" = "五十"\n[quantitative]\nreverse = "x"\ndeviation_threshold = 0.5\n',
        encoding="utf-8",
    )
    data, found = profile.load_profile_file(path)
    assert data is None
    assert {(f.code, f.place) for f in found} == {
        ("PROFILE_BAD_VALUE", "mine.toml:weights.产出指标"),
        ("PROFILE_UNKNOWN_KEY", "mine.toml:quantitative.reverse"),
        ("PROFILE_BAD_VALUE", "mine.toml:quantitative.deviation_threshold"),
    }


def test_unreadable_profile_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("weights = [", encoding="utf-8")
    assert [(f.code, f.place) for f in profile.load_profile_file(path)[1]] == [
        ("PROFILE_UNREADABLE", "bad.toml")
    ]


def test_grades_must_descend(tmp_path: Path) -> None:
    path = tmp_path / "g.toml"
    path.write_text('[grades]\n"优" = 80\n"良" = 85\n', encoding="utf-8")
    assert ("PROFILE_BAD_VALUE", "g.toml:grades") in {
        (f.code, f.place) for f in profile.load_profile_file(path)[1]
    }


def run(tmp_path: Path, rules: str, **book: object) -> RunResult:
    return api.evaluate_workbook(write_book(tmp_path / "in.xlsx", **book), api.Options(rules=rules))  # type: ignore[arg-type]


def test_a_custom_profile_file_changes_scores_without_code(tmp_path: Path) -> None:
    path = tmp_path / "本市口径.toml"
    path.write_text(
        'name = "本市口径"\n[quantitative]\nreverse_formula = "1-(actual-target)/target"\n[grades]\n"优" = 95\n',
        encoding="utf-8",
    )
    default = run(tmp_path, "").projects[0]
    custom = run(tmp_path, str(path)).projects[0]
    assert (default.score, default.grade) == (94.75, "优")
    assert custom.indicators[1].score == 28.0  # 30 × (1 - (16-15)/15)
    assert (custom.score, custom.grade) == (94.62, "良")  # 优 now starts at 95
    assert "本市口径" in custom.trail[0]


def test_strict_profile_caps_the_total_by_execution_rate(tmp_path: Path) -> None:
    rows = [indicator("产出指标", "数量指标", "a", "≥10 次", "10 次", 分值=90)]
    result = run(tmp_path, STRICT, funds=[fund(budget=100, executed=75)], indicators=rows)
    (p,) = result.projects
    assert p.raw_total == 97.5  # 7.5 + 90
    assert (p.score, p.grade) == (89.0, "良")  # 执行率 75% < 80% → at most 89
    assert ("TOTAL_CAPPED", "项目!A2") in {(f.code, f.place) for f in result.findings}
    assert any("caps" in line for line in p.trail)


@pytest.mark.parametrize(("rate", "cap"), [(0.79, 89), (0.69, 79), (0.59, 69), (0.49, 59), (0.8, None)])
def test_the_strictest_cap_applies(rate: float, cap: float | None) -> None:
    settings = profile.settings_from_profile(profile.builtin_profiles()[STRICT])
    found = settings.cap_for(rate)
    assert (found[1] if found else None) == cap


def test_strict_profile_deducts_for_a_target_set_too_low(tmp_path: Path) -> None:
    rows = [
        indicator("产出指标", "数量指标", "a", "≥10 次", "13 次", 分值=90, 未完成原因和改进措施="目标偏低")
    ]
    (p,) = run(tmp_path, STRICT, funds=[fund(budget=100, executed=100)], indicators=rows).projects
    (i,) = p.indicators
    assert i.computed == 88.0
    assert "quantitative.deviation_deduction" in i.method and STRICT in i.method


def test_strict_reverse_formula_reaches_zero_at_twice_the_target() -> None:
    strict = profile.settings_from_profile(profile.builtin_profiles()[STRICT])
    assert evaluate("≤10 万元", "12 万元", "", strict).factor == pytest.approx(0.8)
    assert evaluate("≤10 万元", "20 万元", "", strict).factor == 0.0
    assert evaluate("≤10 万元", "25 万元", "", strict).factor == 0.0
    assert evaluate(
        "≤10 万元", "12 万元", "", replace(strict, reverse_formula="target/actual")
    ).factor == pytest.approx(10 / 12)


def test_rules_named_in_the_param_sheet(tmp_path: Path) -> None:
    rows = [indicator("产出指标", "数量指标", "a", "≥10 次", "10 次", 分值=90)]
    result = api.evaluate_workbook(
        write_book(
            tmp_path / "in.xlsx",
            funds=[fund(budget=100, executed=75)],
            indicators=rows,
            params=[["评分规则", STRICT]],
        )
    )
    assert result.projects[0].score == 89.0
    assert result.settings.rules_name == STRICT


def test_every_score_names_its_rule(tmp_path: Path) -> None:
    (p,) = run(tmp_path, "").projects
    assert all("〔财预〔2020〕10号：" in i.method for i in p.indicators)
    assert "quantitative.reverse_formula = target/actual" in p.indicators[1].method


def test_unknown_rules_option_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(api.UsageError):
        run(tmp_path, "no-such-profile")


def test_band_edges_defaults_and_percent_as_ratio_are_profile_rules(tmp_path: Path) -> None:
    path = tmp_path / "bands.toml"
    path.write_text(
        "[qualitative]\nbands = [0.9, 0.7]\n"
        '[qualitative.band_defaults]\n"达成" = 0.95\n"部分达成" = 0.8\n"未达成" = 0.5\n'
        "[quantitative]\npercent_as_ratio = false\n",
        encoding="utf-8",
    )
    data, found = profile.load_profile_file(path)
    assert found == [] and data is not None
    settings = profile.settings_from_profile(data)
    assert evaluate("改善", "部分达成", "", settings).factor == 0.8
    assert evaluate("改善", "达成", "", settings).factor == 0.95
    mismatch = evaluate("改善", "部分达成 85%", "", settings)  # 85% is 部分达成 under 90/70
    assert mismatch.factor == 0.85 and mismatch.problems == ()
    assert evaluate("改善", "部分达成 92%", "", settings).problems[0].code == "QUAL_RATIO_BAND_MISMATCH"
    assert evaluate("≥20 次", "100%", "", settings).problems[0].code == "ACTUAL_UNREADABLE"
    default = profile.default_settings()
    assert evaluate("≥20 次", "100%", "", default).problems[0].code == "PERCENT_AS_RATIO"


def test_band_defaults_must_lie_in_known_bands(tmp_path: Path) -> None:
    path = tmp_path / "b.toml"
    path.write_text(
        '[qualitative.band_defaults]\n"达成" = 1.5\n"部分达成" = 0.7\n"未达成" = 0.3\n', encoding="utf-8"
    )
    assert [(f.code, f.place) for f in profile.load_profile_file(path)[1]] == [
        ("PROFILE_BAD_VALUE", "b.toml:qualitative.band_defaults")
    ]
