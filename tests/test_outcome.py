"""One bad row must not hide the rest: with errors, every score that could be read is kept, and each
project has its total or the cells whose errors keep it from one (``evalxl.outcome``); and the same
indicator twice in one project is an error at the second row. Workbooks through the api and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from builders import WORKED_INDICATORS, fund, indicator, project, write_book
from evalxl import api
from evalxl.cli import main
from evalxl.model import RunResult, ScoredProject

OTHER = "乙项目"
OTHER_ROWS = [  # rows 6-9 of 指标; its actual at 指标!G7 cannot be read
    indicator("产出指标", "数量指标", "开展培训", "≥40 次", "36 次", name=OTHER, 未完成原因和改进措施="延后"),
    indicator("产出指标", "质量指标", "合格率", "≥95%", "很好吧", name=OTHER),
    indicator("效益指标", "社会效益指标", "效益", "≥95%", "97%", name=OTHER),
    indicator("满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%", name=OTHER),
]


def two_projects(path: Path, other_rows: list[list[object]] = OTHER_ROWS, **changes: object) -> Path:
    """示例培训项目 (the worked check: 94.75, 优) and 乙项目 (budget 100, executed 95)."""
    books: dict[str, object] = {
        "projects": [project(), project(OTHER)],
        "funds": [fund(), fund(OTHER, 100, 95)],
        "indicators": WORKED_INDICATORS + other_rows,
        **changes,
    }
    return write_book(path, **books)  # type: ignore[arg-type]


def by_name(result: RunResult) -> dict[str, ScoredProject]:
    return {p.project.name: p for p in result.projects}


def test_one_unreadable_actual_withholds_only_its_row_and_its_projects_total(tmp_path: Path) -> None:
    result = api.evaluate_workbook(two_projects(tmp_path / "in.xlsx"))
    assert [(f.code, f.place) for f in result.findings if f.level == "错误"] == [
        ("ACTUAL_UNREADABLE", "指标!G7")
    ]
    good, bad = by_name(result)["示例培训项目"], by_name(result)[OTHER]
    assert (good.score, good.grade, good.blocked_by) == (94.75, "优", ())
    assert (bad.score, bad.grade, bad.blocked_by) == (None, "", ("指标!G7",))
    assert bad.budget_score == 9.5  # its money has no error
    rows = [(i.place, i.score, i.blocked_by) for i in bad.indicators]
    assert rows == [
        ("指标!E6", 25 * 36 / 40, ()),
        ("指标!E7", None, ("指标!G7",)),
        ("指标!E8", 30.0, ()),
        ("指标!E9", 10.0, ()),
    ]


def test_an_error_at_a_row_that_still_scores_withholds_that_score_too(tmp_path: Path) -> None:
    """A self-score above the weight is an error at the row: neither it nor the total counts."""
    rows = [
        *OTHER_ROWS[:1],
        indicator("产出指标", "质量指标", "合格率", "≥95%", "97%", name=OTHER, 自评得分=30),
    ]
    result = api.evaluate_workbook(two_projects(tmp_path / "in.xlsx", rows + OTHER_ROWS[2:]))
    bad = by_name(result)[OTHER]
    assert bad.blocked_by == ("指标!J7",)
    assert [(i.score, i.computed, i.blocked_by) for i in bad.indicators[:2]] == [
        (22.5, 22.5, ()),
        (None, None, ("指标!J7",)),
    ]


def test_an_error_at_a_money_row_withholds_the_budget_score(tmp_path: Path) -> None:
    funds = [
        fund(),
        fund(OTHER, 100, 95, 资金来源="年度资金总额"),
        fund(OTHER, 80, 70, 资金来源="中央补助"),
        fund(OTHER, 30, 25, 资金来源="省级资金"),  # the sources add up to more than the total
    ]
    rows = [OTHER_ROWS[0], indicator("产出指标", "质量指标", "合格率", "≥95%", "97%", name=OTHER)]
    result = api.evaluate_workbook(two_projects(tmp_path / "in.xlsx", rows, funds=funds))
    bad = by_name(result)[OTHER]
    assert (bad.score, bad.budget_score, bad.blocked_by) == (None, None, ("资金!A5",))
    assert [i.score for i in bad.indicators] == [22.5, 25.0]
    assert by_name(result)["示例培训项目"].score == 94.75


def test_an_error_that_belongs_to_no_project_withholds_every_total_and_no_row(tmp_path: Path) -> None:
    result = api.evaluate_workbook(two_projects(tmp_path / "in.xlsx", params=[["得分小数位", "两位"]]))
    assert [(p.score, p.blocked_by) for p in result.projects] == [
        (None, ("参数!B2",)),
        (None, ("指标!G7", "参数!B2")),
    ]
    assert [i.score for i in by_name(result)["示例培训项目"].indicators] == [18, 28.13, 30, 10]


def test_an_error_at_one_units_row_withholds_the_merged_row(tmp_path: Path) -> None:
    rows = [
        indicator("产出指标", "数量指标", "开展培训", "≥20 次", "20 次", name=OTHER, 资金使用单位="甲镇"),
        indicator("产出指标", "数量指标", "开展培训", "≥20 次", "不少", name=OTHER, 资金使用单位="乙镇"),
        indicator("产出指标", "质量指标", "合格率", "≥95%", "97%", name=OTHER, 资金使用单位="甲镇"),
    ]
    funds = [fund(), fund(OTHER, 60, 55, 资金使用单位="甲镇"), fund(OTHER, 40, 40, 资金使用单位="乙镇")]
    result = api.evaluate_workbook(two_projects(tmp_path / "in.xlsx", rows, funds=funds))
    bad = by_name(result)[OTHER]
    assert bad.blocked_by == ("指标!G7",)
    assert [(i.level3, i.score, i.blocked_by) for i in bad.indicators] == [
        ("开展培训", None, ("指标!G7",)),
        ("合格率", 25.0, ()),
    ]


def test_the_same_indicator_twice_is_an_error_at_the_second_row_after_inheritance(tmp_path: Path) -> None:
    rows = [
        indicator(
            "产出指标", "数量指标", "开展培训", "≥40 次", "36 次", name=OTHER, 未完成原因和改进措施="延后"
        ),
        indicator(None, None, "开展培训", "≥40 次", "38 次", name=None),  # 乙项目/产出指标/数量指标 inherited
        indicator(None, "质量指标", "合格率", "≥95%", "97%", name=None),
        indicator(
            "产出指标", "数量指标", "开展培训", "≥40 次", "40 次", name="示例培训项目", 分值=5
        ),  # another project
    ]
    result = api.evaluate_workbook(two_projects(tmp_path / "in.xlsx", rows))
    errors = [(f.code, f.place) for f in result.findings if f.level == "错误"]
    assert errors == [("DUPLICATE_INDICATOR", "指标!E7"), ("DUPLICATE_INDICATOR", "指标!E9")]
    assert "指标!E6" in result.findings[0].message
    assert "指标!E2" in result.findings[1].message


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_check_prints_each_projects_total_or_the_cells_that_keep_it_from_one(tmp_path: Path) -> None:
    code, out, _err = invoke("check", str(two_projects(tmp_path / "in.xlsx")))
    assert code == 1
    lines = out.splitlines()
    assert lines[lines.index("各项目得分：") + 1 :] == [
        "  示例培训项目：94.75 分，优",
        "  乙项目：（因 指标!G7 有错误，未计总分）",
    ]


def test_check_says_once_the_errors_that_keep_every_project_from_a_total(tmp_path: Path) -> None:
    code, out, _err = invoke(
        "check", str(two_projects(tmp_path / "in.xlsx", params=[["得分小数位", "两位"]]))
    )
    assert code == 1
    lines = out.splitlines()
    assert lines[lines.index("各项目得分：") + 1 :] == [
        "  （因 参数!B2 有错误，各项目均未计总分：这些错误可能影响每个项目）",
        "  示例培训项目：（因上述错误，未计总分）",
        "  乙项目：（因 指标!G7 有错误，未计总分）",
    ]


def test_check_of_a_good_input_prints_every_total(tmp_path: Path) -> None:
    code, out, _err = invoke("check", str(write_book(tmp_path / "in.xlsx")))
    assert code == 0
    assert out.splitlines()[-2:] == ["各项目得分：", "  示例培训项目：94.75 分，优"]


def test_run_json_with_errors_carries_every_readable_score_and_writes_nothing(tmp_path: Path) -> None:
    path = two_projects(tmp_path / "in.xlsx")
    out = tmp_path / "out.xlsx"
    code, stdout, stderr = invoke("run", str(path), "-o", str(out), "--json")
    assert code == 1 and not out.exists()
    doc = json.loads(stdout)
    good, bad = doc["projects"]
    assert (good["score"], good["grade"], good["blocked_by"]) == (94.75, "优", [])
    assert (bad["score"], bad["grade"], bad["blocked_by"], bad["budget_score"]) == (
        None,
        None,
        ["指标!G7"],
        9.5,
    )
    assert [(i["place"], i["score"], i["blocked_by"]) for i in bad["indicators"]] == [
        ("指标!E6", 22.5, []),
        ("指标!E7", None, ["指标!G7"]),
        ("指标!E8", 30, []),
        ("指标!E9", 10, []),
    ]
    assert "ACTUAL_UNREADABLE" in stderr and "未计总分的项目：乙项目" in stderr


def test_run_with_errors_names_the_projects_without_a_total(tmp_path: Path) -> None:
    code, stdout, stderr = invoke("run", str(two_projects(tmp_path / "in.xlsx")))
    assert code == 1 and "[ACTUAL_UNREADABLE]" in stdout
    assert "未计总分的项目：乙项目；其余 1 个项目的总分已算出" in stderr
    assert not (tmp_path / "in_自评结果.xlsx").exists()


def test_check_takes_several_workbooks_and_exits_1_when_one_has_errors(tmp_path: Path) -> None:
    good = write_book(tmp_path / "甲县.xlsx")
    bad = two_projects(tmp_path / "乙县.xlsx")
    code, out, _err = invoke("check", str(good), str(bad))
    assert code == 1
    assert out.count("各项目得分：") == 2 and f"【{good}】" in out and f"【{bad}】" in out
    assert out.splitlines()[-1] == "共检查 2 个文件，其中 1 个有错误：乙县.xlsx"
    assert invoke("check", str(good), str(good))[0] == 0
    assert invoke("check", str(good), str(tmp_path / "无.xlsx"))[0] == 2


def test_a_row_that_could_not_be_read_belongs_to_the_project_it_names(tmp_path: Path) -> None:
    """An amount that is no number, a row without its 二级指标: the importer keeps no record of the
    row, but its error concerns only the project the row names, which is not said to lack money or
    indicators on top of it."""
    rows = [indicator("产出指标", None, "开展培训", "≥40 次", "36 次", name=OTHER)]  # 乙项目 at 指标!A6
    funds = [fund(), fund(OTHER, "待定", 95)]
    result = api.evaluate_workbook(two_projects(tmp_path / "in.xlsx", rows, funds=funds))
    assert [(f.code, f.place) for f in result.findings if f.level == "错误"] == [
        ("NOT_A_NUMBER", "资金!E3"),
        ("VALUE_REQUIRED", "指标!D6"),
    ]
    assert "PROJECT_WITHOUT_INDICATORS" not in [f.code for f in result.findings]
    assert [(p.score, p.blocked_by) for p in result.projects] == [
        (94.75, ()),
        (None, ("资金!E3", "指标!D6")),
    ]
