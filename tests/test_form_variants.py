"""Every hand-styled variant of a filled-in form (tests/form_variants.py) read by evalxl: the data
each builder says a correct reader gets, the printed figures at their cells, the forms skipped and
the audit's findings at the cells whose figures are wrong on purpose."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from evalxl import api
from evalxl.forms import read_forms
from evalxl.importing import import_tables
from evalxl.model import InputBook
from form_variants import BUILDERS

YUAN_PER_WAN = 10000


def _read(builder: Any, tmp_path: Path) -> tuple[dict[str, Any], InputBook, list[Any], Any]:
    path = tmp_path / f"{builder.__name__}.xlsx"
    expected = builder(path)
    read = read_forms(path)
    book, found = import_tables(read.tables, read.findings, path.name)
    return expected, book, found, read


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _amount(value: Any, form_unit: str, book_unit: str) -> float | None:
    if value is None:
        return None
    if form_unit == "元" and book_unit == "万元":
        return round(value / YUAN_PER_WAN, 6)
    return float(value)


@pytest.mark.parametrize("builder", BUILDERS, ids=lambda b: b.__name__)
def test_each_variant_reads_to_the_data_its_builder_typed(builder: Any, tmp_path: Path) -> None:
    expected, book, _found, _read_forms = _read(builder, tmp_path)
    book_unit = str(expected["params"]["金额单位"])
    projects = {p.name: p for p in book.projects}
    assert list(projects) == [form["project"]["项目名称"] for form in expected["forms"]]
    for form in expected["forms"]:
        wanted = form["project"]
        project = projects[wanted["项目名称"]]
        got = {
            "主管部门": project.department,
            "项目实施单位": project.unit,
            "负责人": project.leader,
            "联系电话": project.phone,
            "年初设定目标": project.goal,
            "全年实际完成情况": project.achieved,
            "说明": project.remark,
        }
        assert got == {key: _text(wanted.get(key)) for key in got}, form["sheet"]
        funds = [(f.source, f.initial, f.budget, f.executed) for f in book.funds if f.project == project.name]
        assert funds == [
            (
                _text(f["资金来源"]),
                _amount(f["年初预算数"], form["unit"], book_unit),
                _amount(f["全年预算数"], form["unit"], book_unit),
                _amount(f["全年执行数"], form["unit"], book_unit),
            )
            for f in form["funds"]
        ]
        rows = [
            (i.level1, i.level2, i.level3, i.target, i.actual, i.weight, i.reason)
            for i in book.indicators
            if i.project == project.name
        ]
        assert rows == [
            (
                i["一级指标"],
                i["二级指标"],
                _text(i["三级指标"]),
                _text(i["年度指标值"]),
                _text(i["全年完成值"]),
                None if i["分值"] is None else float(i["分值"]),
                _text(i["未完成原因和改进措施"]),
            )
            for i in form["indicators"]
        ]


@pytest.mark.parametrize("builder", BUILDERS, ids=lambda b: b.__name__)
def test_each_printed_figure_is_kept_at_its_cell(builder: Any, tmp_path: Path) -> None:
    expected, _book, _found, read = _read(builder, tmp_path)
    kept = {(p.figure, str(p.place)): p for p in read.printed}
    for form in expected["forms"]:
        for figure in form["printed"]:
            key = (figure["figure"], figure["cell"])
            assert key in kept, key
            value = figure["value"]
            if value is None:
                assert kept[key].text == figure["text"]
            elif figure["figure"] == "年度资金总额":  # an amount, read in the workbook's money unit
                assert kept[key].value == pytest.approx(
                    _amount(value, form["unit"], expected["params"]["金额单位"])
                )
            else:
                assert kept[key].value == pytest.approx(value)


@pytest.mark.parametrize("builder", BUILDERS, ids=lambda b: b.__name__)
def test_forms_that_cannot_be_read_are_skipped_where_they_stop_making_sense(
    builder: Any, tmp_path: Path
) -> None:
    expected, _book, found, _read_forms = _read(builder, tmp_path)
    skipped = [(f.code, f.place) for f in found if f.code == "FORM_SKIPPED"]
    assert skipped == [("FORM_SKIPPED", s["cell"]) for s in expected["skipped"]]
    empty = [(f.code, f.place) for f in found if f.code == "FORM_SHEET_EMPTY"]
    assert empty == [("FORM_SHEET_EMPTY", f"{sheet}!A1") for sheet in expected["no_form_sheets"]]


@pytest.mark.parametrize("builder", BUILDERS, ids=lambda b: b.__name__)
def test_the_audit_names_exactly_the_figures_printed_wrong(builder: Any, tmp_path: Path) -> None:
    path = tmp_path / f"{builder.__name__}.xlsx"
    expected = builder(path)
    result = api.evaluate_workbook(path)
    differs = [f.place for f in result.findings if f.code == "FORM_FIGURE_DIFFERS"]
    wrong = [p["cell"] for form in expected["forms"] for p in form["printed"] if "correct" in p]
    assert differs == wrong
    assert not [f for f in result.findings if f.level == "错误"]
