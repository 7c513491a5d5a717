"""``--expect LIST.xlsx`` (evalxl.collect.expect): the list's rows, and who has not sent anything."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from evalxl.collect.expect import PROJECT, UNIT, not_sent, not_sent_findings, read_expected
from evalxl.collect.records import CollectedProject


def _list(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "名单"
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _project(name: str, unit: str, code: str = "") -> CollectedProject:
    return CollectedProject("a.xlsx", name, code, "部门", unit, 1.0, 1.0, 1.0, 90.0, "优", "", "汇总!B3")


def test_units_and_projects_expected_and_those_not_sent(tmp_path: Path) -> None:
    path = _list(
        tmp_path / "应报送.xlsx",
        [
            ["2024 年度应报送单位"],
            [],
            ["主管部门", "单 位", "项目名称", "项目编码"],
            ["农业农村局", "农技中心", None, None],
            ["农业农村局", "水利站", None, None],
            ["水利局", None, "小型水库管护", None],
            ["水利局", None, "农村饮水", "SL-31"],
            [None, None, None, None],
        ],
    )
    expected, found = read_expected(path)
    assert not found
    assert [(e.kind, e.text, e.place) for e in expected] == [
        (UNIT, "农技中心", "[应报送.xlsx]名单!B4"),
        (UNIT, "水利站", "[应报送.xlsx]名单!B5"),
        (PROJECT, "小型水库管护", "[应报送.xlsx]名单!C6"),
        (PROJECT, "农村饮水", "[应报送.xlsx]名单!C7"),
    ]
    sent = [_project("培训", "农技中心"), _project("农村饮水（改）", "水利局", code="SL-31")]
    missing = not_sent(expected, sent)
    assert [e.text for e in missing] == ["水利站", "小型水库管护"]
    assert [(f.code, f.place) for f in not_sent_findings(missing)] == [
        ("EXPECT_NOT_SENT", "[应报送.xlsx]名单!B5"),
        ("EXPECT_NOT_SENT", "[应报送.xlsx]名单!C6"),
    ]


def test_a_project_row_naming_a_unit_wants_that_units_project(tmp_path: Path) -> None:
    path = _list(tmp_path / "l.xlsx", [["项目实施单位", "项目名称"], ["甲", "培训"], ["乙", "培训"]])
    expected, _ = read_expected(path)
    assert [e.text for e in not_sent(expected, [_project("培训", "甲")])] == ["培训"]
    assert [e.place for e in not_sent(expected, [_project("培训", "甲")])] == ["[l.xlsx]名单!B3"]


def test_a_list_without_a_header_or_not_a_workbook_is_an_error(tmp_path: Path) -> None:
    path = _list(tmp_path / "乱.xlsx", [["随便", "写写"], [1, 2]])
    assert [(f.code, f.place) for f in read_expected(path)[1]] == [("EXPECT_LIST_UNREADABLE", "乱.xlsx")]
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(b"not a zip")
    assert [f.code for f in read_expected(bad)[1]] == ["FILE_NOT_XLSX"]
