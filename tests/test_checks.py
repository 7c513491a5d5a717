"""The checks across records, on books made in code: each problem a (code, place) pair; and the
import stage's second step (``importing.check``): the lock-file note and the book scoring gets."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from evalxl import contract, importing
from evalxl.findings import Finding
from evalxl.importing import checks
from evalxl.model import DroppedRow, Fund, Indicator, InputBook, Places, Project, SheetColumns
from evalxl.scoring.rules import score_book
from evalxl.scoring.settings import default_settings

LETTERS = "ABCDEFGHIJK"


def columns(sheet: str) -> SheetColumns:
    return SheetColumns(
        sheet, tuple(zip((c.name for c in contract.sheet(sheet).columns), LETTERS, strict=False))
    )


def project(name: str, row: int, code: str = "") -> Project:
    return Project(
        name, code, "县财政局", "县培训中心", "", "", "", "", "", row, Places(columns("项目"), row)
    )


def fund(name: str, row: int, budget: float = 10.0, executed: float = 8.0, source: str = "") -> Fund:
    return Fund(name, "", source, None, budget, executed, row, Places(columns("资金"), row))


def indicator(
    name: str, row: int, level1: str = "产出指标", weight: float | None = None, **changes: str
) -> Indicator:
    texts = {
        "level2": "数量指标",
        "level3": "次数",
        "target": "≥4 次",
        "actual": "4 次",
        "nature": "",
        **changes,
    }
    return Indicator(
        name,
        "",
        level1,
        texts["level2"],
        texts["level3"],
        texts["target"],
        texts["actual"],
        texts["nature"],
        weight,
        None,
        "",
        row,
        Places(columns("指标"), row),
    )


def book(projects: list[Project], funds: list[Fund], indicators: list[Indicator]) -> InputBook:
    return InputBook(tuple(projects), tuple(funds), tuple(indicators))


def found(problems: list[Finding]) -> list[tuple[str, str]]:
    return [(f.code, f.place) for f in problems]


def run(b: InputBook) -> list[tuple[str, str]]:
    return found(checks.run_checks(b, default_settings()))


def test_a_clean_book_has_no_problem() -> None:
    assert run(book([project("甲", 2)], [fund("甲", 2)], [indicator("甲", 2)])) == []


def test_projects_named_or_coded_twice() -> None:
    projects = [project("甲", 2, "P1"), project("乙", 3, "P1"), project("甲", 4)]
    b = book(projects, [fund("甲", 2), fund("乙", 3)], [indicator("甲", 2), indicator("乙", 3)])
    problems = checks.run_checks(b, default_settings())
    assert found(problems) == [("DUPLICATE_CODE", "项目!B3"), ("DUPLICATE_PROJECT", "项目!A4")]
    assert [f.message for f in problems] == [
        "项目编码“P1”重复（首次出现在 项目!B2）",
        "项目名称“甲”重复（首次出现在 项目!A2）",
    ]


def test_rows_naming_an_unknown_project() -> None:
    b = book(
        [project("示例培训项目", 2)], [fund("示例培训项目", 2), fund("示例培训项", 3)], [indicator("别的", 5)]
    )
    problems = [f for f in checks.run_checks(b, default_settings()) if f.code == "UNKNOWN_PROJECT"]
    assert found(problems) == [("UNKNOWN_PROJECT", "资金!A3"), ("UNKNOWN_PROJECT", "指标!A5")]
    assert "是否为“示例培训项目”" in problems[0].message and "是否为" not in problems[1].message


def test_projects_without_money_or_indicators() -> None:
    b = book([project("甲", 2), project("乙", 3)], [fund("甲", 2)], [indicator("乙", 2)])
    assert run(b) == [("PROJECT_WITHOUT_INDICATORS", "项目!A2"), ("PROJECT_WITHOUT_FUNDS", "项目!A3")]
    missing = InputBook((project("甲", 2),), (), (), sheets=("项目", "指标"))  # 资金 missing: said once
    assert run(missing) == [("PROJECT_WITHOUT_INDICATORS", "项目!A2")]


def test_indicator_levels_and_natures() -> None:
    rows = [
        indicator("甲", 2, "效益"),
        indicator("甲", 3, level2="别的"),
        indicator("甲", 4, nature="半定量"),
    ]
    assert run(book([project("甲", 2)], [fund("甲", 2)], rows)) == [
        ("UNKNOWN_LEVEL1", "指标!C2"),
        ("UNKNOWN_LEVEL2", "指标!D3"),
        ("UNKNOWN_NATURE", "指标!H4"),
    ]


def test_weights_given_for_some_indicators_and_levels_weighing_nothing() -> None:
    rows = [
        indicator("甲", 2, weight=None),
        indicator("甲", 3, weight=20, level3="人数"),
        indicator("甲", 4, "成本指标"),
    ]
    assert run(book([project("甲", 2)], [fund("甲", 2)], rows)) == [
        ("LEVEL_WEIGHT_ZERO", "指标!C4"),
        ("WEIGHTS_MIXED", "指标!I2"),
    ]


def test_money_that_does_not_add_up_is_checked_with_the_money_not_here() -> None:
    funds = [
        fund("甲", 2, 10, 10.5, "年度资金总额"),
        fund("甲", 3, 6, 5, "中央补助"),
        fund("甲", 4, 6, 5, "省级资金"),
    ]
    b = book([project("甲", 2)], funds, [indicator("甲", 2)])
    assert run(b) == []
    _projects, found_by_scoring = score_book(b, default_settings())
    money_codes = {"EXECUTED_OVER_BUDGET", "SOURCES_EXCEED_TOTAL"}
    assert [pair for pair in found(found_by_scoring) if pair[0] in money_codes] == [
        ("EXECUTED_OVER_BUDGET", "资金!F2"),  # at the 全年执行数 cell
        ("SOURCES_EXCEED_TOTAL", "资金!A4"),
    ]


def test_the_check_step_drops_unknown_projects_and_notes_the_lock_file(tmp_path: Path) -> None:
    path = tmp_path / "县.xlsx"
    projects = [project("甲", 2), project("甲", 3)]
    b = book(projects, [fund("甲", 2), fund("乙", 3)], [indicator("乙", 2), indicator("甲", 3)])
    kept, problems = importing.check(path, b, default_settings())
    assert (kept.projects, kept.funds, kept.indicators) == ((projects[0],), (b.funds[0],), (b.indicators[1],))
    assert "FILE_OPEN_IN_EXCEL" not in [code for code, _place in found(problems)]
    (tmp_path / "~$县.xlsx").write_bytes(b"owner")
    _kept, problems = importing.check(path, b, default_settings())
    assert found(problems)[0] == ("FILE_OPEN_IN_EXCEL", "县.xlsx")
    assert found(problems)[1:] == run(b)


def test_the_same_indicator_twice_in_a_project_and_unit() -> None:
    """A second row of a path is an error at its 三级指标 naming the first; the path again from another
    unit is the merge of note 2, and in another project or at another level it is another indicator."""
    rows = [
        indicator("甲", 2),
        indicator("甲", 3, level2="质量指标"),
        indicator("甲", 4),  # 甲's 产出指标/数量指标/次数 again
        replace(indicator("甲", 5), user_unit="县农业局"),  # another unit: merged, fine
        replace(indicator("甲", 6), user_unit="县培训中心"),  # the project's own unit, written out
        indicator("乙", 7),  # another project
        indicator("甲", 8, level3="", target=""),  # printed-only rows may repeat
        indicator("甲", 9, level3="", target=""),
    ]
    b = book([project("甲", 2), project("乙", 3)], [fund("甲", 2), fund("乙", 3)], rows)
    problems = checks.run_checks(b, default_settings())
    duplicates = [f for f in problems if f.code == "DUPLICATE_INDICATOR"]
    assert found(duplicates) == [("DUPLICATE_INDICATOR", "指标!E4"), ("DUPLICATE_INDICATOR", "指标!E6")]
    assert "指标!E2" in duplicates[0].message and "产出指标/数量指标/次数" in duplicates[0].message
    assert "县培训中心" in duplicates[1].message


def test_a_row_that_could_not_be_read_counts_as_the_projects_row() -> None:
    """Its own error (at its cell, from the importer) says what is wrong: no follow-on finding."""
    dropped = (DroppedRow("资金", 3, "乙"), DroppedRow("指标", 4, "乙"))
    b = replace(
        book([project("甲", 2), project("乙", 3)], [fund("甲", 2)], [indicator("甲", 2)]), dropped=dropped
    )
    assert run(b) == []
