"""The audit's conventions: which printed figures agree with the rules (evalxl.forms.audit), on the
worked check of scoring-rules.md (执行率 86.2%, 预算得分 8.62, 得分 18 / 28.13 / 30 / 10, 总分 94.75, 优)."""

from __future__ import annotations

import pytest

from builders import write_book
from evalxl import api
from evalxl.findings import Place
from evalxl.forms.audit import audit
from evalxl.forms.records import Printed

NAME = "示例培训项目"


@pytest.fixture(scope="module")
def worked(tmp_path_factory: pytest.TempPathFactory) -> tuple[api.RunResult, object]:
    path = write_book(tmp_path_factory.mktemp("audit") / "worked.xlsx")
    return api.evaluate_workbook(path), None  # the book is needed only for the rates of source rows


def _printed(figure: str, text: str, value: float | None, row: int = 5, **more: object) -> Printed:
    return Printed(NAME, figure, Place("表", row, 8), text, value, **more)  # type: ignore[arg-type]


def _differing(worked: tuple[api.RunResult, object], *printed: Printed) -> list[tuple[str, str]]:
    result, book = worked
    return [(f.code, f.place) for f in audit(printed, result, book)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "value", "agrees"),
    [
        ("86%", 0.86, True),  # whole percents printed: 86.2% shows as 86%
        ("86.2%", 0.862, True),
        ("86.20%", 0.862, True),
        ("87%", 0.87, False),
        ("100%", 1.0, False),
        ("86.3%", 0.863, False),
    ],
)
def test_a_rate_agrees_to_the_decimals_printed(worked, text: str, value: float, agrees: bool) -> None:
    found = _differing(worked, _printed("执行率", text, value, fund_row="年度资金总额"))
    assert found == ([] if agrees else [("FORM_FIGURE_DIFFERS", "表!H5")])


@pytest.mark.parametrize(
    ("figure", "text", "value", "row", "agrees"),
    [
        ("预算得分", "8.62", 8.62, 0, True),
        ("预算得分", "8.6", 8.6, 0, False),  # scores compare at 得分小数位 (2), not at the printed decimals
        ("预算分值", "10", 10.0, 0, True),
        ("预算分值", "20", 20.0, 0, False),
        ("得分", "28.13", 28.13, 3, True),
        ("得分", "30", 30.0, 3, False),
        ("得分", "18", 18.0, 2, True),
        ("总分", "94.75", 94.75, 0, True),
        ("总分", "95", 95.0, 0, False),
    ],
)
def test_scores_agree_at_the_profiles_decimals(worked, figure, text, value, row, agrees) -> None:
    found = _differing(worked, _printed(figure, text, value, indicator_row=row))
    assert found == ([] if agrees else [("FORM_FIGURE_DIFFERS", "表!H5")])


def test_a_grade_agrees_when_it_is_the_same_word(worked) -> None:
    assert _differing(worked, _printed("自评等级", " 优 ", None)) == []
    assert _differing(worked, _printed("自评等级", "良", None)) == [("FORM_FIGURE_DIFFERS", "表!H5")]


def test_a_text_where_a_number_is_printed_is_shown(worked) -> None:
    assert _differing(worked, _printed("总分", "九十五", None)) == [("FORM_FIGURE_DIFFERS", "表!H5")]


def test_figures_are_listed_in_the_order_of_the_forms(worked) -> None:
    late = Printed(NAME, "总分", Place("表", 30, 8), "90", 90.0)
    early = Printed(NAME, "预算得分", Place("表", 6, 9), "10", 10.0)
    assert _differing(worked, late, early) == [
        ("FORM_FIGURE_DIFFERS", "表!I6"),
        ("FORM_FIGURE_DIFFERS", "表!H30"),
    ]


def test_figures_of_unknown_projects_and_rows_are_not_compared(worked) -> None:
    other = Printed("别的项目", "总分", Place("表", 5, 8), "1", 1.0)
    no_row = _printed("得分", "1", 1.0, indicator_row=99)
    assert _differing(worked, other, no_row) == []
