"""evalxl diff: output and input workbooks compared by key, any two workbooks cell by cell."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from click.testing import CliRunner

from builders import INDICATOR_HEADER, WORKED_INDICATORS, Rows, fund, indicator, project, write_book
from evalxl import api
from evalxl.cli import main
from evalxl.diff import Change, DiffError, as_json, diff_workbooks, summary_line
from evalxl.diff.shown import formatted

ROOT = Path(__file__).resolve().parents[1]
NAME = "示例培训项目"
OTHER = "农机推广项目"
MISSED = (NAME, "产出指标", "数量指标", "开展培训")  # the worked check's first row: 36 of ≥40 次
Fact = tuple[str, str, tuple[str, ...], str]


def facts(changes: list[Change]) -> list[Fact]:
    """What the tests assert on: (kind, what, key, field), never the message text."""
    return [(c.kind, c.what, c.key, c.field) for c in changes]


def book(tmp_path: Path, name: str, **content: Any) -> Path:
    """A standard input workbook (the worked check unless ``content`` says otherwise)."""
    return write_book(tmp_path / f"{name}.xlsx", **content)


def output(tmp_path: Path, name: str, **content: Any) -> Path:
    """The output workbook ``evalxl run`` writes for ``book(tmp_path, name, **content)``."""
    _result, written = api.run(book(tmp_path, name, **content), tmp_path / f"{name}_自评结果.xlsx")
    assert written is not None
    return written


def worked(row: int = 0, **columns: Any) -> Rows:
    """The worked check's indicators with some columns of one row replaced."""
    rows = [list(r) for r in WORKED_INDICATORS]
    for column, value in columns.items():
        rows[row][INDICATOR_HEADER.index(column)] = value
    return rows


def two_projects(*, reverse: bool = False) -> dict[str, Rows]:
    """The worked check plus a second project, every row in order or every sheet's rows reversed."""
    content = {
        "projects": [project(), project(OTHER)],
        "funds": [fund(), fund(OTHER, 50, 50, 资金来源="省级资金"), fund(OTHER, 10, 8, 资金来源="县级资金")],
        "indicators": [
            *WORKED_INDICATORS,
            indicator("产出指标", "数量指标", "推广农机", "≥20 台", "22 台", OTHER),
            indicator("效益指标", "经济效益指标", "节本增效", "提高", "达成", OTHER),
        ],
    }
    return {key: rows[::-1] if reverse else rows for key, rows in content.items()}


# --------------------------------------------------------------------------- no difference


def test_identical_inputs_have_no_change(tmp_path: Path) -> None:
    changes = diff_workbooks(book(tmp_path, "old"), book(tmp_path, "new"))
    assert changes == []
    assert summary_line(changes) == "无差异"
    assert as_json(changes) == {"same": True, "changes": []}


def test_an_output_has_no_change_against_itself_or_a_rerun(tmp_path: Path) -> None:
    first = output(tmp_path, "old")
    assert diff_workbooks(first, first) == []
    assert diff_workbooks(first, output(tmp_path, "new")) == []  # another 数据来源 line is no change


def test_shuffled_input_rows_are_no_change(tmp_path: Path) -> None:
    old = book(tmp_path, "old", **two_projects())
    assert diff_workbooks(old, book(tmp_path, "new", **two_projects(reverse=True))) == []


# --------------------------------------------------------------------------- projects and indicators


def test_a_project_added_or_removed_is_one_line_in_inputs(tmp_path: Path) -> None:
    one, two = book(tmp_path, "one"), book(tmp_path, "two", **two_projects())
    assert facts(diff_workbooks(one, two)) == [("added", "project", (OTHER,), "")]
    assert facts(diff_workbooks(two, one)) == [("removed", "project", (OTHER,), "")]


def test_a_project_added_to_an_output_also_changes_the_totals(tmp_path: Path) -> None:
    one, two = output(tmp_path, "one"), output(tmp_path, "two", **two_projects())
    changes = facts(diff_workbooks(one, two))
    assert changes[0] == ("added", "project", (OTHER,), "")
    assert ("changed", "total", ("合计",), "全年预算数") in changes
    assert not [c for c in changes if c[1] in ("indicator", "total") and c[2][0] == OTHER]
    assert facts(diff_workbooks(two, one))[0] == ("removed", "project", (OTHER,), "")


def test_indicators_added_and_removed(tmp_path: Path) -> None:
    rows = [*WORKED_INDICATORS[:3], indicator("产出指标", "质量指标", "结业率", "≥90%", "92%", 分值=10)]
    added = (NAME, "产出指标", "质量指标", "结业率")
    removed = (NAME, "满意度指标", "服务对象满意度指标", "参训人员满意度")
    assert facts(diff_workbooks(book(tmp_path, "old"), book(tmp_path, "new", indicators=rows))) == [
        ("added", "indicator", (*added, ""), ""),
        ("removed", "indicator", (*removed, ""), ""),
    ]
    changes = facts(diff_workbooks(output(tmp_path, "old"), output(tmp_path, "new", indicators=rows)))
    assert ("added", "indicator", added, "") in changes
    assert ("removed", "indicator", removed, "") in changes


def test_a_repeated_key_gets_an_occurrence_counter(tmp_path: Path) -> None:
    row = indicator("产出指标", "质量指标", "结业率", "≥90%", "92%", 分值=10)
    old = book(tmp_path, "old", indicators=[*WORKED_INDICATORS, row, row])
    new = book(tmp_path, "new", indicators=[*WORKED_INDICATORS, row, row, row])
    assert facts(diff_workbooks(old, new)) == [
        ("added", "indicator", (NAME, "产出指标", "质量指标", "结业率", "", "#3"), "")
    ]


# --------------------------------------------------------------------------- values


def test_a_changed_amount_names_its_cell_in_both_files(tmp_path: Path) -> None:
    old = book(tmp_path, "old")
    new = book(tmp_path, "new", funds=[fund(executed=100)])
    wb = openpyxl.load_workbook(new)
    wb["资金"].insert_rows(1)  # a title row above the header moves every cell down
    wb["资金"]["A1"] = "资金表"
    wb.save(new)
    (change,) = diff_workbooks(old, new)
    assert (change.kind, change.what, change.key, change.field) == (
        "changed",
        "fund",
        (NAME, "", ""),
        "全年执行数",
    )
    assert (change.old, change.new, change.old_place, change.new_place) == (103.44, 100, "资金!F2", "资金!F3")
    assert "资金!F2" in change.describe() and "资金!F3" in change.describe()


def test_a_changed_actual_changes_the_score_and_grade_of_the_output(tmp_path: Path) -> None:
    old = output(tmp_path, "old")
    new = output(tmp_path, "new", indicators=worked(全年完成值="10 次"))
    assert facts(diff_workbooks(old, new)) == [
        ("changed", "project", (NAME,), "得分"),
        ("changed", "project", (NAME,), "等级"),
        ("changed", "project_total", (NAME,), "得分"),
        ("changed", "indicator", MISSED, "全年完成值"),
        ("changed", "indicator", MISSED, "完成率"),
        ("changed", "indicator", MISSED, "计算得分"),
        ("changed", "indicator", MISSED, "得分"),
    ]
    grade = next(c for c in diff_workbooks(old, new) if c.field == "等级")
    assert (grade.old, grade.new, grade.old_place) == ("优", "良", "汇总!J3")


def test_a_changed_reason_in_inputs_and_outputs(tmp_path: Path) -> None:
    reason = {"未完成原因和改进措施": "场地改建，下年提前排期"}
    assert facts(
        diff_workbooks(book(tmp_path, "old"), book(tmp_path, "new", indicators=worked(**reason)))
    ) == [("changed", "indicator", (*MISSED, ""), "未完成原因和改进措施")]
    old, new = output(tmp_path, "old"), output(tmp_path, "new", indicators=worked(**reason))
    assert facts(diff_workbooks(old, new)) == [("changed", "indicator", MISSED, "未完成原因和改进措施")]


def test_a_reason_left_out_adds_a_finding_to_the_output(tmp_path: Path) -> None:
    old, new = output(tmp_path, "old"), output(tmp_path, "new", indicators=worked(未完成原因和改进措施=None))
    changes = facts(diff_workbooks(old, new))
    assert changes[0] == ("changed", "indicator", MISSED, "未完成原因和改进措施")
    assert [c[:3] for c in changes[1:]] == [("added", "finding", ("REASON_MISSING_UNDER", "指标!K2"))]


def test_numbers_within_the_tolerance_are_the_same(tmp_path: Path) -> None:
    old, new = book(tmp_path, "old"), book(tmp_path, "new", funds=[fund(executed=103.46)])
    assert diff_workbooks(old, new, tolerance=0.05) == []
    assert facts(diff_workbooks(old, new, tolerance=0.01)) == [
        ("changed", "fund", (NAME, "", ""), "全年执行数")
    ]
    old_out, new_out = output(tmp_path, "old"), output(tmp_path, "new", funds=[fund(executed=103.441)])
    assert diff_workbooks(old_out, new_out, tolerance=0.005) == []
    assert facts(diff_workbooks(old_out, new_out)) == [
        ("changed", "project", (NAME,), "全年执行数"),
        ("changed", "project", (NAME,), "执行率"),
        ("changed", "total", ("合计",), "全年执行数"),
        ("changed", "total", ("合计",), "执行率"),
        ("changed", "indicator", (NAME, "", "", "预算执行率"), "全年完成值"),
        ("changed", "indicator", (NAME, "", "", "预算执行率"), "完成率"),
    ]


def test_a_units_part_row_is_keyed_by_its_unit(tmp_path: Path) -> None:
    def units(second_rate: str) -> dict[str, Rows]:
        rows = []
        for unit, rate in (("甲", "95%"), ("乙", second_rate)):
            rows += [
                indicator("产出指标", "质量指标", "合格率", "≥90%", rate, 资金使用单位=unit),
                indicator("满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%", 资金使用单位=unit),
            ]
        return {"funds": [fund(budget=50, executed=50, 资金使用单位=u) for u in "甲乙"], "indicators": rows}

    part = (NAME, "产出指标", "质量指标", "合格率", "乙")
    assert facts(
        diff_workbooks(book(tmp_path, "old", **units("100%")), book(tmp_path, "new", **units("80%")))
    ) == [("changed", "indicator", part, "全年完成值")]
    changes = facts(
        diff_workbooks(output(tmp_path, "old", **units("100%")), output(tmp_path, "new", **units("80%")))
    )
    assert ("changed", "indicator", part, "全年完成值") in changes
    assert ("changed", "indicator", part, "完成率") in changes
    assert ("changed", "indicator", part[:4], "全年完成值") in changes  # the merged row
    assert not [c for c in changes if c[2][-1:] == ("甲",)]


def test_columns_are_found_by_header_text_and_compared_only_when_both_have_them(tmp_path: Path) -> None:
    old = output(tmp_path, "old")
    wb = openpyxl.load_workbook(old, data_only=True)  # an older evalxl: no 计算方法 or reason columns
    trace = wb["计算过程"]
    for column in ("O", "M"):
        trace.delete_cols(openpyxl.utils.column_index_from_string(column))
    wb.save(old)
    new = output(tmp_path, "new", indicators=worked(未完成原因和改进措施="另一原因"))
    assert diff_workbooks(old, new) == []


# --------------------------------------------------------------------------- a realistic year


def test_last_year_against_this_year(tmp_path: Path) -> None:
    """county-2024 as last year; this year one 全年执行数 and one actual change, an indicator is
    added and a project is gone: the account lists exactly those four differences."""
    last_year = tmp_path / "county-2024.xlsx"
    shutil.copy(ROOT / "samples" / "county-2024.xlsx", last_year)
    this_year = tmp_path / "county-2025.xlsx"
    wb = openpyxl.load_workbook(last_year)
    wb["资金"]["F2"] = 55  # 高素质农民培训 中央补助: 59.2 → 55
    wb["指标"]["G23"] = "150 人次"  # 饮水安全宣传培训: 160 人次 → 150 人次
    sheet = wb["指标"]
    sheet.delete_rows(11, 10)  # 农村人居环境整治提升's indicators
    sheet.append(
        [
            "小型水库安全运行管护",
            "桐溪县水利局",
            "产出指标",
            "时效指标",
            "汛前检查完成时间",
            "5月31日之前",
            "及时",
        ]
    )
    wb["资金"].delete_rows(4)
    wb["项目"].delete_rows(3)
    wb.save(this_year)
    reservoir = ("小型水库安全运行管护", "产出指标", "时效指标", "汛前检查完成时间", "桐溪县水利局")
    changes = diff_workbooks(last_year, this_year)
    assert facts(changes) == [
        ("removed", "project", ("农村人居环境整治提升",), ""),
        (
            "changed",
            "indicator",
            ("农村饮水安全巩固提升", "产出指标", "数量指标", "饮水安全宣传培训", ""),
            "全年完成值",
        ),
        ("added", "indicator", reservoir, ""),
        ("changed", "fund", ("高素质农民培训", "", "中央补助"), "全年执行数"),
    ]
    actual = changes[1]
    assert (actual.old, actual.new, actual.old_place, actual.new_place) == (
        "160 人次",
        "150 人次",
        "指标!G23",
        "指标!G13",
    )
    assert summary_line(changes) == "共 4 处差异：新增 1，删除 1，改变 2"
    assert last_year.read_bytes() == (ROOT / "samples" / "county-2024.xlsx").read_bytes()  # never modified


# --------------------------------------------------------------------------- cell by cell


def _workbook(path: Path, sheets: dict[str, dict[str, Any]]) -> Path:
    """An xlsx written by XlsxWriter: {sheet: {cell: value or (formula, cached value)}}."""
    wb = xlsxwriter.Workbook(str(path))
    for name, cells in sheets.items():
        ws = wb.add_worksheet(name)
        for ref, value in cells.items():
            if isinstance(value, tuple):
                ws.write_formula(ref, value[0], None, value[1])
            else:
                ws.write(ref, value)
    wb.close()
    return path


def test_cells_compares_any_two_workbooks_by_cached_value(tmp_path: Path) -> None:
    old = _workbook(
        tmp_path / "old.xlsx", {"数据": {"A1": "名称", "B1": 1, "B2": ("=1+1", 2), "B3": 3}, "旧表": {}}
    )
    new = _workbook(
        tmp_path / "new.xlsx",
        {"数据": {"A1": " 名称 ", "B1": ("=0+1", 1), "B2": ("=1+2", 3), "C1": "新"}, "新表": {"A1": 1}},
    )
    changes = diff_workbooks(old, new, cells=True)
    assert facts(changes) == [
        ("added", "cell", ("数据", "C1"), ""),
        ("changed", "cell", ("数据", "B2"), ""),
        ("removed", "cell", ("数据", "B3"), ""),
        ("added", "sheet", ("新表",), ""),
        ("removed", "sheet", ("旧表",), ""),
    ]
    assert (changes[1].old, changes[1].new, changes[1].old_place, changes[1].new_place) == (
        2,
        3,
        "数据!B2",
        "数据!B2",
    )
    assert (changes[2].old_place, changes[2].new_place) == ("数据!B3", "")


def test_cells_works_where_keys_cannot(tmp_path: Path) -> None:
    source = book(tmp_path, "in")
    assert ("added", "sheet", ("汇总",), "") in facts(
        diff_workbooks(source, output(tmp_path, "in"), cells=True)
    )


# --------------------------------------------------------------------------- errors and the JSON document


def test_files_that_cannot_be_compared(tmp_path: Path) -> None:
    source, result = book(tmp_path, "in"), output(tmp_path, "in")
    with pytest.raises(DiffError, match="标准输入工作簿"):
        diff_workbooks(source, result)
    other = _workbook(tmp_path / "other.xlsx", {"Sheet1": {"A1": 1}})
    with pytest.raises(DiffError, match="既不是"):
        diff_workbooks(other, source)
    with pytest.raises(DiffError, match="找不到文件"):
        diff_workbooks(tmp_path / "missing.xlsx", source)
    text = tmp_path / "data.csv"
    text.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(DiffError, match="不是 xlsx"):
        diff_workbooks(text, source, cells=True)
    with pytest.raises(DiffError, match="容差"):
        diff_workbooks(source, source, tolerance=-1)


def test_json_document(tmp_path: Path) -> None:
    changes = diff_workbooks(book(tmp_path, "old"), book(tmp_path, "new", funds=[fund(executed=100)]))
    doc = as_json(changes)
    json.dumps(doc, ensure_ascii=False)
    assert doc["same"] is False
    assert doc["changes"] == [
        {
            "kind": "changed",
            "what": "fund",
            "key": [NAME, "", ""],
            "field": "全年执行数",
            "old": 103.44,
            "new": 100,
            "old_place": "资金!F2",
            "new_place": "资金!F2",
            "message": changes[0].describe(),
        }
    ]


# --------------------------------------------------------------------------- the command


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["diff", *args])
    return result.exit_code, result.stdout, result.stderr


def test_command_exit_codes_and_account(tmp_path: Path) -> None:
    old, new = book(tmp_path, "old"), book(tmp_path, "new", funds=[fund(executed=100)])
    assert invoke(str(old), str(old)) == (0, "无差异\n", "")
    code, out, _ = invoke(str(old), str(new))
    assert code == 1
    assert out.splitlines()[-1] == "共 1 处差异：新增 0，删除 0，改变 1"
    assert invoke(str(old), str(new), "--tolerance", "5")[0] == 0
    code, out, _ = invoke(str(old), str(new), "--json")
    assert code == 1 and json.loads(out)["same"] is False
    code, _, err = invoke(str(old), str(output(tmp_path, "old")))
    assert code == 2 and "标准输入工作簿" in err and "Traceback" not in err
    code, _, err = invoke(str(tmp_path / "missing.xlsx"), str(old))
    assert code == 2 and "找不到文件" in err
    assert invoke(str(old), str(new), "--cells")[0] == 1


# --------------------------------------------------------------------------- values as shown (issue 14)


def test_formatted_applies_plain_number_formats() -> None:
    assert formatted(0.9166666667, "0.00%") == "91.67%"
    assert formatted(0.91675, "0.00%") == "91.68%"  # half away from zero, as Excel rounds
    assert formatted(13.505, "0.00") == "13.51"
    assert formatted(-0.001, "0.00") == "0.00"
    assert formatted(1234.5, "#,##0.00####") == "1,234.50"
    assert formatted(1234.567891, "#,##0.00####") == "1,234.567891"
    assert formatted(2.5, "0") == "3"
    assert formatted(0.5, "0%") == "50%"
    for other in ("General", "yyyy-mm-dd", "@", '"¥"#,##0.00', "0.00;[Red]-0.00"):
        assert formatted(-1.0 if ";" in other else 1.0, other) is None, other


def test_a_rate_that_differs_in_the_third_decimal_is_shown_as_the_sheet_shows_it(tmp_path: Path) -> None:
    """11/12 = 91.666…% and 11.01/12 = 91.75%: the account says 91.67% → 91.75%, as 汇总 shows them;
    the JSON keeps the numbers the cells hold."""
    old = output(tmp_path, "old", funds=[fund(budget=12, executed=11)])
    new = output(tmp_path, "new", funds=[fund(budget=12, executed=11.01)])
    changes = diff_workbooks(old, new)
    rate = next(c for c in changes if (c.what, c.field) == ("project", "执行率"))
    assert (rate.old_format, rate.new_format) == ("0.00%", "0.00%")
    assert "：91.67% → 91.75%（" in rate.describe()
    executed = next(c for c in changes if (c.what, c.field) == ("project", "全年执行数"))
    assert "：11.00 → 11.01（" in executed.describe()  # the money format's two decimals
    score = next(c for c in changes if (c.what, c.field) == ("indicator", "完成率"))
    assert re.search(r"：91\.67% → 91\.75%（", score.describe())
    document = as_json(changes)["changes"][changes.index(rate)]
    assert document["old"] == pytest.approx(11 / 12) and document["new"] == pytest.approx(11.01 / 12)


def test_a_projects_total_row_in_the_trace_is_named_as_the_projects(tmp_path: Path) -> None:
    old = output(tmp_path, "old")
    new = output(tmp_path, "new", indicators=worked(全年完成值="10 次"))
    (total,) = [c for c in diff_workbooks(old, new) if c.what == "project_total"]
    assert (total.kind, total.key, total.field) == ("changed", (NAME,), "得分")
    assert total.old_place.startswith("计算过程!L") and total.old_format == "0.00"
    assert total.describe().startswith(f"计算过程 改变 「{NAME}」 总分：")
    assert "合计" not in total.describe()
    assert as_json([total])["changes"][0]["what"] == "project_total"


def test_cells_shows_numbers_as_their_cells_do(tmp_path: Path) -> None:
    paths = []
    for name, value in (("a", 0.9166666667), ("b", 0.9175)):
        path = tmp_path / f"{name}.xlsx"
        with xlsxwriter.Workbook(path) as wb:
            wb.add_worksheet("表").write_number(0, 0, value, wb.add_format({"num_format": "0.00%"}))
        paths.append(path)
    (change,) = diff_workbooks(*paths, cells=True)
    assert "：91.67% → 91.75%" in change.describe() and change.old == 0.9166666667


def test_a_change_past_the_shown_digits_shows_the_digits_that_differ(tmp_path: Path) -> None:
    # 60 → 60.001 万元 moves the rate by 0.0001%: "98.25% → 98.25%" would read as no change
    old = output(tmp_path, "old", funds=[fund(budget=12, executed=11)])
    new = output(tmp_path, "new", funds=[fund(budget=12, executed=11.00001)])
    rate = next(c for c in diff_workbooks(old, new) if (c.what, c.field) == ("project", "执行率"))
    old_text, new_text = rate.describe().split("：")[1].split("（")[0].split(" → ")
    assert old_text != new_text and old_text.startswith("91.66666") and new_text.startswith("91.66675")


def test_inputs_whose_sheets_are_renamed_are_compared_by_key(tmp_path: Path) -> None:
    old = book(tmp_path, "old")
    new = book(tmp_path, "new", indicators=worked(全年完成值="10 次"))
    wb = openpyxl.load_workbook(new)
    wb["项目"].title = "Sheet1"
    wb.save(new)
    changes = diff_workbooks(old, new)
    assert [(c.what, c.kind) for c in changes] == [("indicator", "changed")]
