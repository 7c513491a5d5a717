"""Rules profiles end to end: each rule's effect on scores (the files and their checks: test_settings.py)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from builders import fund, indicator, write_book
from evalxl import api
from evalxl.model import RunResult
from evalxl.scoring import settings
from evalxl.scoring.evaluate import evaluate

STRICT = "财预〔2020〕10号·从严"


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


def test_strict_profile_deducts_for_a_target_set_too_low(tmp_path: Path) -> None:
    rows = [
        indicator("产出指标", "数量指标", "a", "≥10 次", "13 次", 分值=90, 未完成原因和改进措施="目标偏低")
    ]
    (p,) = run(tmp_path, STRICT, funds=[fund(budget=100, executed=100)], indicators=rows).projects
    (i,) = p.indicators
    assert i.computed == 88.0
    assert "quantitative.deviation_deduction" in i.method and STRICT in i.method


def test_strict_reverse_formula_reaches_zero_at_twice_the_target() -> None:
    strict = settings.settings_from_profile(settings.builtin_profiles()[STRICT])
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
