"""Issue 10 at the cells: one small workbook holding a row of each writing whose reading the pure
tests check (zero targets, ranges, fragments of the target's words, durations, standards, dates
without 前), run through the importer and the rules as a user runs it: each finding at its cell, each
row's score, and an unconvertible unit keeping its row (and only its project's total) unscored."""

from __future__ import annotations

from pathlib import Path

import pytest

from builders import fund, indicator, project, write_book
from evalxl import api
from evalxl.model import RunResult

# (三级指标, 二级指标, 年度指标值, 全年完成值): rows 2.. of 指标, each its own project, 分值 10 each
ROWS = [
    ("零目标", "质量指标", "0次", "1次"),
    ("区间内", "质量指标", "90%～100%", "95%"),
    ("区间上", "质量指标", "不低于90%且不高于100%", "105%"),
    ("片段", "质量指标", "一次通过市级竣工验收", "一次通过市级竣工验收"),
    ("时限", "时效指标", "1个月", "40天"),
    ("时限月", "时效指标", "1个月", "1个月"),
    ("标准", "质量指标", "75元/人", "80元/人"),
    ("日期", "时效指标", "2024年6月30日", "2024年7月15日"),
    ("句子", "质量指标", "1-8期培训结束后按时考核", "3-5期未能按时考核"),
]


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    names = [f"项目{k}" for k in range(len(ROWS))]
    book = write_book(
        tmp_path_factory.mktemp("cells") / "in.xlsx",
        projects=[project(n) for n in names],
        funds=[fund(n, budget=100, executed=100) for n in names],
        indicators=[
            indicator(
                "产出指标", level2, level3, target, actual, name=n, 分值=90, 未完成原因和改进措施="见说明"
            )
            for n, (level3, level2, target, actual) in zip(names, ROWS, strict=True)
        ],
        params=[["年度", "2024"]],
    )
    return api.evaluate_workbook(book)


def found(result: RunResult) -> set[tuple[str, str]]:
    return {(f.code, f.place) for f in result.findings}


def score(result: RunResult, level3: str) -> float | None:
    return next(i.score for p in result.projects for i in p.indicators if i.level3 == level3)


def test_each_reading_is_a_finding_at_its_cell(result: RunResult) -> None:
    at = found(result)
    assert ("ZERO_TARGET_READ", "指标!F2") in at  # 年度指标值 of row 2
    assert ("DIRECTION_ASSUMED", "指标!F6") in at  # 1个月 in 时效指标: a time limit
    assert ("UNIT_INCOMPATIBLE", "指标!G6") in at  # 40天 cannot be compared with 1个月
    assert ("DIRECTION_ASSUMED", "指标!F8") in at  # 75元/人: a standard, =
    assert ("DEADLINE_READ", "指标!F9") in at
    assert ("TIME_LATE", "指标!G9") in at
    assert ("NEGATED_ACTUAL", "指标!G10") in at
    assert not {code for code, place in at if place.endswith(("3", "4", "5"))} & {"ACTUAL_UNREADABLE"}


def test_each_row_scores_its_reading(result: RunResult) -> None:
    assert score(result, "零目标") == 0.0  # ≤0 exceeded, not ≥0 met
    assert score(result, "区间内") == 90.0
    assert score(result, "区间上") == 85.71  # ≤100% exceeded: 90 × 100/105
    assert score(result, "片段") == 90.0  # the whole target: the same words
    assert score(result, "时限") is None  # 40天 against 1个月: not scored
    assert score(result, "时限月") == 90.0
    assert score(result, "标准") == 84.38  # =: 90 × 75/80, smaller over larger
    assert score(result, "日期") == 0.0  # later than the deadline
    assert score(result, "句子") == 27.0  # 90 × 30% (未达成), never full by its digits


def test_a_fragment_of_the_targets_words_is_not_the_same_words(tmp_path: Path) -> None:
    book = write_book(
        tmp_path / "in.xlsx",
        indicators=[indicator("产出指标", "质量指标", "验收", "一次通过市级竣工验收", "一次")],
    )
    result = api.evaluate_workbook(book)
    assert ("ACTUAL_UNREADABLE", "指标!G2") in found(result)
    assert score(result, "验收") is None


def test_an_unscored_row_withholds_only_its_projects_total(result: RunResult) -> None:
    totals = {p.project.name: p.score for p in result.projects}
    assert totals["项目4"] is None  # the 40天 row
    assert all(total is not None for name, total in totals.items() if name != "项目4")
