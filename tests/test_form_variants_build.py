"""The hand-styled forms of tests/form_variants.py: each builder writes a valid workbook that holds what
it claims (labels, merges, values, printed figures). The reader's own tests use these builders."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from form_variants import BUILDERS

Builder = Callable[[Path], dict[str, Any]]


def split(ref: str) -> tuple[str, str]:
    sheet, cell = ref.rsplit("!", 1)
    return sheet, cell


def cell_value(book: openpyxl.Workbook, ref: str) -> Any:
    sheet, cell = split(ref)
    return book[sheet][cell].value


def texts(ws: Worksheet) -> list[tuple[int, str]]:
    """(row, text) of every string cell, top to bottom."""
    return [(c.row, c.value) for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


@pytest.fixture(params=BUILDERS, ids=lambda b: b.__name__)
def built(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[dict[str, Any], openpyxl.Workbook]:
    builder: Builder = request.param
    path = tmp_path / f"{builder.__name__}.xlsx"
    expected = builder(path)
    assert expected["variant"] == builder.__name__
    return expected, openpyxl.load_workbook(path)


def test_labels_are_where_claimed(built: tuple[dict[str, Any], openpyxl.Workbook]) -> None:
    expected, book = built
    assert expected["forms"]
    for form in expected["forms"]:
        assert form["labels"]
        for ref, text in form["labels"].items():
            assert cell_value(book, ref) == text, ref
        assert re.sub(r"\s", "", form["labels"][form["name_cell"]]) in ("项目名称", "项目支出名称")


def test_claimed_merges_are_present(built: tuple[dict[str, Any], openpyxl.Workbook]) -> None:
    expected, book = built
    for form in expected["forms"]:
        merged = {str(r) for r in book[form["sheet"]].merged_cells.ranges}
        assert form["merges"] and set(form["merges"]) <= merged


def test_the_name_and_indicators_are_on_the_sheet(built: tuple[dict[str, Any], openpyxl.Workbook]) -> None:
    expected, book = built
    for form in expected["forms"]:
        ws = book[form["sheet"]]
        name_row = ws[split(form["name_cell"])[1]].row
        assert form["project"]["项目名称"] in [v for r, v in texts(ws) if r == name_row]
        rows = [r for r, v in texts(ws) if r > name_row]
        level3 = [i["三级指标"] for i in form["indicators"] if i["三级指标"]]
        found = [next(r for r, v in texts(ws) if r > name_row and v == name) for name in level3]
        assert found == sorted(found) and rows, "indicators in order below the name"


def test_printed_figures_hold_their_values(built: tuple[dict[str, Any], openpyxl.Workbook]) -> None:
    expected, book = built
    for form in expected["forms"]:
        for figure in form["printed"]:
            held = cell_value(book, figure["cell"])
            if figure["value"] is None:
                assert held == figure["text"]
            else:
                assert held == pytest.approx(figure["value"]), figure
            if "correct" in figure:
                assert figure["correct"] != pytest.approx(figure["value"])


def test_fund_rows_and_indicators_are_plain(built: tuple[dict[str, Any], openpyxl.Workbook]) -> None:
    expected, _ = built
    for form in expected["forms"]:
        assert form["unit"] in ("元", "万元")
        assert form["funds"] and all(f["全年预算数"] is not None for f in form["funds"])
        assert all(i["一级指标"] and i["二级指标"] for i in form["indicators"])
    assert expected["params"]["年度"] == 2023


def build(builder: Builder, tmp_path: Path) -> tuple[dict[str, Any], openpyxl.Workbook]:
    path = tmp_path / "book.xlsx"
    return builder(path), openpyxl.load_workbook(path)


def by_name(name: str) -> Builder:
    return next(b for b in BUILDERS if b.__name__ == name)


def test_spaced_labels_have_spaces(tmp_path: Path) -> None:
    expected, _ = build(by_name("spaced_labels"), tmp_path)
    labels = expected["forms"][0]["labels"].values()
    assert "项 目 名 称" in labels and any("\n" in label for label in labels)


def test_stacked_forms_share_one_sheet(tmp_path: Path) -> None:
    expected, book = build(by_name("stacked"), tmp_path)
    forms = expected["forms"]
    assert len(forms) == 3 and len({f["sheet"] for f in forms}) == 1 and len(book.sheetnames) == 1
    rows = [book[f["sheet"]][split(f["name_cell"])[1]].row for f in forms]
    assert rows == sorted(rows) and len(set(rows)) == 3


def test_yuan_and_wan_yuan_forms(tmp_path: Path) -> None:
    expected, book = build(by_name("amounts_in_yuan"), tmp_path)
    assert [f["unit"] for f in expected["forms"]] == ["元", "万元"]
    yuan = expected["forms"][0]
    assert [f["资金来源"] for f in yuan["funds"]] == ["中央补助", "省级资金"]
    totals = [p for p in yuan["printed"] if p["figure"] == "年度资金总额"]
    assert {p["column"] for p in totals} == {"全年预算数", "全年执行数"}
    assert any("元" in v for _, v in texts(book["元"]) if v.startswith("项目资金"))


def test_national_form_prints_scores_total_and_grade(tmp_path: Path) -> None:
    expected, _ = build(by_name("national_scored"), tmp_path)
    printed = expected["forms"][0]["printed"]
    figures = {p["figure"] for p in printed}
    assert {"预算分值", "执行率", "预算得分", "得分", "总分", "自评等级"} <= figures
    total = next(p for p in printed if p["figure"] == "总分")
    assert total["value"] == pytest.approx(total["adds_to"])
    assert not any("correct" in p for p in printed)


def test_wrong_figures_are_marked(tmp_path: Path) -> None:
    expected, _ = build(by_name("wrong_figures"), tmp_path)
    wrong = {p["figure"] for p in expected["forms"][0]["printed"] if "correct" in p}
    assert wrong == {"执行率", "预算得分", "得分", "总分"}
    total = next(p for p in expected["forms"][0]["printed"] if p["figure"] == "总分")
    assert total["value"] != pytest.approx(total["adds_to"])


def test_unreadable_forms_are_beside_a_good_one(tmp_path: Path) -> None:
    expected, book = build(by_name("unreadable_mixed"), tmp_path)
    assert len(expected["forms"]) == 1 and expected["no_form_sheets"] == ["封面"]
    for skipped in expected["skipped"]:
        assert cell_value(book, skipped["cell"]) in ("项目支出名称", "项目名称", "绩效指标")
        sheet = [v for _, v in texts(book[skipped["sheet"]])]
        assert skipped["name"] in sheet and "三级指标" not in sheet
