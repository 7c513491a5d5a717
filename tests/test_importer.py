"""Importer and checks: every problem found as a (code, place) pair, all in one pass."""

from __future__ import annotations

import gc
import zipfile
from pathlib import Path

import openpyxl
import pytest

from builders import FUND_HEADER, fund, indicator, project, write_book
from evalxl import api
from evalxl.findings import Place
from evalxl.importing import import_workbook
from evalxl.model import Param
from evalxl.reading import UnreadableWorkbook


def codes(path: Path) -> set[tuple[str, str]]:
    return {(f.code, f.place) for f in api.evaluate_workbook(path).findings}


def test_worked_check_reads_cleanly(tmp_path: Path) -> None:
    book, found = import_workbook(write_book(tmp_path / "in.xlsx"))
    assert found == []
    assert [p.name for p in book.projects] == ["示例培训项目"]
    assert book.funds[0].budget == 120 and book.funds[0].executed == 103.44
    assert [i.level3 for i in book.indicators] == ["开展培训", "培训成本", "参训人员合格率", "参训人员满意度"]
    place = book.indicators[0].place_of("全年完成值")
    assert (place, isinstance(place, Place), place.sheet, place.row, place.column) == (
        "指标!G2",
        True,
        "指标",
        2,
        7,
    )
    assert book.params == (Param("年度", "2024", Place("参数", 2, 1), Place("参数", 2, 2)),)


def test_missing_sheet_and_column(tmp_path: Path) -> None:
    path = write_book(tmp_path / "in.xlsx", drop=("资金",), headers={"指标": ["项目名称", "一级指标"]})
    found = codes(path)
    assert ("SHEET_MISSING", "资金!A1") in found
    assert {("COLUMN_MISSING", "指标!A1")} <= found
    missing = [f for f in api.evaluate_workbook(path).findings if f.code == "COLUMN_MISSING"]
    assert {f.message.split("“")[-1].rstrip("”") for f in missing} >= {"二级指标", "三级指标", "年度指标值"}


def test_bad_amounts_all_reported_in_one_pass(tmp_path: Path) -> None:
    path = write_book(tmp_path / "in.xlsx", funds=[fund(budget="一百万", executed=-3), fund(budget=None)])
    assert {
        ("NOT_A_NUMBER", "资金!E2"),
        ("NEGATIVE_NUMBER", "资金!F2"),
        ("VALUE_REQUIRED", "资金!E3"),
    } <= codes(path)


@pytest.mark.parametrize(
    ("text", "value"),
    [("1,000", 1000.0), ("15.2万元", 15.2), ("１５．２", 15.2), (" 6 ", 6.0), ("152000元", 15.2)],
)
def test_numeric_text_amounts(tmp_path: Path, text: str, value: float) -> None:
    book, _found = import_workbook(write_book(tmp_path / "in.xlsx", funds=[fund(budget=text, executed=1)]))
    assert book.funds[0].budget == pytest.approx(value)


def test_unknown_project_suggests_the_closest_name(tmp_path: Path) -> None:
    path = write_book(tmp_path / "in.xlsx", funds=[fund(), fund(name="示例培训项")])
    result = api.evaluate_workbook(path)
    unknown = [f for f in result.findings if f.code == "UNKNOWN_PROJECT"]
    assert [(f.place, "示例培训项目" in f.message) for f in unknown] == [("资金!A3", True)]


def test_duplicate_project_and_code(tmp_path: Path) -> None:
    path = write_book(tmp_path / "in.xlsx", projects=[project(项目编码="P1"), project(项目编码="P1")])
    assert {("DUPLICATE_PROJECT", "项目!A3"), ("DUPLICATE_CODE", "项目!B3")} <= codes(path)


def test_unknown_param_key_and_bad_values(tmp_path: Path) -> None:
    params = [["年度", 2024], ["产出指标分数", 50], ["表样", "省级自评表"], ["得分小数位", "两位"]]
    found = codes(write_book(tmp_path / "in.xlsx", params=params))
    assert {
        ("UNKNOWN_PARAM", "参数!A3"),
        ("BAD_PARAM_VALUE", "参数!B4"),
        ("BAD_PARAM_VALUE", "参数!B5"),
    } <= found


def test_qualitative_ratio_outside_range(tmp_path: Path) -> None:
    rows = [indicator("效益指标", "社会效益指标", "群众生活", "改善", "120%")]
    assert ("QUAL_RATIO_OUT_OF_RANGE", "指标!G2") in codes(write_book(tmp_path / "in.xlsx", indicators=rows))


def test_hierarchy_is_inherited_from_the_row_above(tmp_path: Path) -> None:
    rows = [
        indicator("产出指标", "数量指标", "培训期数", "≥4 期", "4 期"),
        indicator(None, None, "培训人次", "≥200 人次", "210 人次", name=None),
        indicator(None, "质量指标", "合格率", "≥95%", "96%", name=None),
    ]
    book, found = import_workbook(write_book(tmp_path / "in.xlsx", indicators=rows))
    assert found == []
    assert [(i.project, i.level1, i.level2) for i in book.indicators] == [
        ("示例培训项目", "产出指标", "数量指标"),
        ("示例培训项目", "产出指标", "数量指标"),
        ("示例培训项目", "产出指标", "质量指标"),
    ]


def test_first_row_of_a_project_needs_its_levels(tmp_path: Path) -> None:
    rows = [indicator(None, "数量指标", "培训期数", "≥4 期", "4 期")]
    assert ("VALUE_REQUIRED", "指标!C2") in codes(write_book(tmp_path / "in.xlsx", indicators=rows))


def test_title_row_above_header_and_full_width_headers(tmp_path: Path) -> None:
    path = write_book(tmp_path / "in.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["资金"]
    ws.insert_rows(1)
    ws["A1"] = "2024 年项目资金"
    ws["E2"] = "全年预算数（万元）"
    ws["F2"] = " 全年执行数 "
    wb.save(path)
    book, found = import_workbook(path)
    assert found == []
    assert book.funds[0].budget == 120 and book.funds[0].place == "资金!A3"


def test_merged_cells_count_as_their_top_left_value(tmp_path: Path) -> None:
    rows = [
        indicator("产出指标", "数量指标", "培训期数", "≥4 期", "4 期"),
        indicator(None, None, "培训人次", "≥200 人次", "210 人次", name=None),
    ]
    path = write_book(tmp_path / "in.xlsx", indicators=rows)
    wb = openpyxl.load_workbook(path)
    wb["指标"].merge_cells("C2:C3")
    wb.save(path)
    book, _ = import_workbook(path)
    assert [i.level1 for i in book.indicators] == ["产出指标", "产出指标"]


def test_excel_typed_percent_and_formula_values(tmp_path: Path) -> None:
    path = write_book(tmp_path / "in.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["指标"]
    ws["G4"] = 0.97
    ws["G4"].number_format = "0%"
    ws["F5"] = "=100%"  # a formula typed by a user: the target "=100%"
    wb.save(path)
    # openpyxl writes no cached value for F5: Excel would have stored 1
    book, found = import_workbook(path)
    assert book.indicators[2].actual == "97%"
    assert book.indicators[3].target == "=100%"
    assert found == []


def test_formula_without_cached_value_is_an_error(tmp_path: Path) -> None:
    path = write_book(tmp_path / "in.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["资金"]["E2"] = "=SUM(100,20)"
    wb.save(path)
    assert ("FORMULA_NOT_CALCULATED", "资金!E2") in codes(path)


def test_extra_sheets_and_columns_are_notes(tmp_path: Path) -> None:
    path = write_book(tmp_path / "in.xlsx", headers={"资金": [*FUND_HEADER, "备注"]})
    wb = openpyxl.load_workbook(path)
    wb.create_sheet("草稿")
    wb.save(path)
    assert {("EXTRA_SHEET", "草稿!A1"), ("EXTRA_COLUMN", "资金!G1")} <= codes(path)


def test_not_an_xlsx_file(tmp_path: Path) -> None:
    csv = tmp_path / "in.csv"
    csv.write_text("项目名称,主管部门\n", encoding="utf-8")
    assert codes(csv) == {("FILE_NOT_XLSX", "in.csv")}
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    assert codes(broken) == {("FILE_NOT_XLSX", "broken.xlsx")}


def test_encrypted_workbook(tmp_path: Path) -> None:
    # an encrypted xlsx is an OLE compound file holding an EncryptionInfo stream
    path = tmp_path / "secret.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "EncryptionInfo".encode("utf-16-le"))
    assert codes(path) == {("FILE_ENCRYPTED", "secret.xlsx")}
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500)
    assert codes(old) == {("FILE_NOT_XLSX", "old.xls")}


def test_unreadable_file_is_reported_as_locked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_book(tmp_path / "in.xlsx")

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    assert codes(path) == {("FILE_LOCKED", "in.xlsx")}


def test_excel_lock_file_is_a_warning(tmp_path: Path) -> None:
    path = write_book(tmp_path / "in.xlsx")
    (tmp_path / "~$in.xlsx").write_bytes(b"owner")
    assert ("FILE_OPEN_IN_EXCEL", "in.xlsx") in codes(path)


def test_lenient_spellings_of_year_param_key_and_nature(tmp_path: Path) -> None:
    rows = [indicator("产出指标", "数量指标", "次数", "≥4 次", "4 次", 指标性质="定量指标")]
    path = write_book(tmp_path / "in.xlsx", indicators=rows, params=[["年度", "2023年"], ["得分 小数位", 1]])
    result = api.evaluate_workbook(path)
    assert not [f for f in result.findings if f.level == "错误"]
    assert (result.settings.year, result.settings.decimals) == ("2023", 1)
    assert result.projects[0].indicators[0].nature == "定量"


def test_a_missing_sheet_is_reported_once_not_per_project(tmp_path: Path) -> None:
    found = [
        (f.code, f.place)
        for f in api.evaluate_workbook(write_book(tmp_path / "in.xlsx", drop=("资金",))).findings
    ]
    assert ("SHEET_MISSING", "资金!A1") in found
    assert not any(code == "PROJECT_WITHOUT_FUNDS" for code, _place in found)


def test_problems_come_row_by_row_in_the_order_of_each_rows_cells(tmp_path: Path) -> None:
    funds = [fund(name=None, budget="一百万", executed=-1), fund(budget=None, executed="很多")]
    rows = [
        indicator(None, "数量指标", "次数", "≥4 次", None, 分值="十"),
        indicator("产出指标", "数量指标", None, "≥4 次", "4 次", 自评得分=-2),
    ]
    _book, found = import_workbook(write_book(tmp_path / "in.xlsx", funds=funds, indicators=rows))
    assert [(f.code, f.place) for f in found] == [
        ("VALUE_REQUIRED", "资金!A2"),
        ("NOT_A_NUMBER", "资金!E2"),
        ("NEGATIVE_NUMBER", "资金!F2"),
        ("VALUE_REQUIRED", "资金!E3"),
        ("NOT_A_NUMBER", "资金!F3"),
        ("VALUE_REQUIRED", "指标!C2"),
        ("ACTUAL_REQUIRED", "指标!G2"),
        ("NOT_A_NUMBER", "指标!I2"),
        ("VALUE_REQUIRED", "指标!E3"),
        ("NEGATIVE_NUMBER", "指标!J3"),
    ]


def test_amounts_written_in_another_unit_are_converted_with_a_note(tmp_path: Path) -> None:
    funds = [fund(budget="152000元", executed=15.2, 年初预算数="15万")]
    book, found = import_workbook(
        write_book(tmp_path / "in.xlsx", funds=funds, params=[["年度", 2024], ["金额单位", "万元"]])
    )
    assert (book.funds[0].budget, book.funds[0].initial) == (pytest.approx(15.2), 15.0)
    assert [(f.code, f.place) for f in found] == [("AMOUNT_UNIT_CONVERTED", "资金!E2")]


@pytest.mark.parametrize("enabled", [True, False])
def test_the_import_leaves_the_garbage_collector_as_it_found_it(tmp_path: Path, enabled: bool) -> None:
    path = write_book(tmp_path / "in.xlsx")
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        import_workbook(path)
        assert gc.isenabled() is enabled
        with pytest.raises(UnreadableWorkbook):
            import_workbook(tmp_path / "missing.xlsx")
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_a_table_with_an_origin_names_the_cells_its_values_came_from():
    """Tables read from elsewhere (filled forms) put every finding and record place at the origin."""
    from evalxl.findings import Place
    from evalxl.importing import import_tables
    from evalxl.reading import Table

    form = "老工商业者"
    columns = {
        "项目名称": 1,
        "资金使用单位": 2,
        "资金来源": 3,
        "年初预算数": 4,
        "全年预算数": 5,
        "全年执行数": 6,
    }
    funds = Table(
        "资金",
        1,
        columns,
        (2,),
        {"项目名称": ["补助"], "资金来源": ["中央补助"], "全年预算数": ["六万"], "全年执行数": [6.0]},
        {},
        {
            (2, 1): Place(form, 4, 3),
            (2, 3): Place(form, 9, 3),
            (2, 5): Place(form, 9, 4),
            (2, 6): Place(form, 9, 5),
        },
    )
    projects = Table(
        "项目",
        1,
        {"项目名称": 1, "主管部门": 3, "项目实施单位": 4},
        (2,),
        {"项目名称": ["补助"], "主管部门": ["工商联"], "项目实施单位": [""]},
        {},
        {(2, 1): Place(form, 4, 3), (2, 3): Place(form, 5, 3), (2, 4): Place(form, 6, 3)},
    )
    book, found = import_tables({"项目": projects, "资金": funds}, [], "forms.xlsx")
    assert [(f.code, f.place) for f in found] == [
        ("VALUE_REQUIRED", f"{form}!C6"),
        ("NOT_A_NUMBER", f"{form}!D9"),
    ]
    assert book.projects[0].place == f"{form}!C4"
    assert book.projects[0].place_of("主管部门") == f"{form}!C5"
    assert not book.funds  # its 全年预算数 is not a number


# issue 14, import: a header typo is one error; a blank 年度 is a warning


def typed(path: Path, sheet: str, old: str, new: str) -> Path:
    """``path`` with the header ``old`` of ``sheet`` written ``new``."""
    wb = openpyxl.load_workbook(path)
    for cell in next(wb[sheet].iter_rows(max_row=1)):
        if cell.value == old:
            cell.value = new
    wb.save(path)
    return path


def errors(path: Path) -> list[tuple[str, str]]:
    return [(f.code, f.place) for f in api.evaluate_workbook(path).findings if f.level == "错误"]


def test_a_project_name_typo_is_one_error_not_one_per_row(tmp_path: Path) -> None:
    sample = Path(__file__).resolve().parent.parent / "samples" / "county-2024.xlsx"
    path = tmp_path / "county.xlsx"
    path.write_bytes(sample.read_bytes())
    rows = len(openpyxl.load_workbook(path)["指标"]["A"])
    assert rows > 29 and errors(path) == []
    assert errors(typed(path, "项目", "项目名称", "项目明称")) == [("COLUMN_MISNAMED", "项目!A1")]
    result = api.evaluate_workbook(path)
    assert all(p.score is None for p in result.projects)  # the run still fails: nothing is scored


def test_a_marked_header_in_any_sheet_is_one_error(tmp_path: Path) -> None:
    for sheet, column, written, place in (
        ("指标", "项目名称", "*项目名称", "指标!A1"),
        ("资金", "全年执行数", "全年执行数*", "资金!F1"),
        ("指标", "全年完成值", "★全年完成值（必填）", "指标!G1"),
    ):
        path = typed(write_book(tmp_path / "in.xlsx"), sheet, column, written)
        assert errors(path) == [("COLUMN_MISNAMED", place)], written


COUNTY = Path(__file__).resolve().parent.parent / "samples" / "county-2024.xlsx"


def all_findings(path: Path) -> set[tuple[str, str]]:
    return {(f.code, f.place) for f in api.evaluate_workbook(path).findings}


@pytest.mark.parametrize(
    ("sheet", "column", "written", "code", "place"),
    [
        ("指标", "年度指标值", "年度指标", "COLUMN_MISNAMED", "指标!F1"),
        ("指标", "三级指标", "三级指标*", "COLUMN_MISNAMED", "指标!E1"),
        ("资金", "全年执行数", "全年执行数*", "COLUMN_MISNAMED", "资金!F1"),
        ("部门", "主管部门", "主管部门*", "COLUMN_MISNAMED", "部门!A1"),
        ("项目", "主管部门", "主管部门*", "COLUMN_MISNAMED", "项目!C1"),
        ("指标", "分值", "分值*", "OPTIONAL_COLUMN_MISNAMED", "指标!I1"),
        ("指标", "自评得分", "*自评得分", "OPTIONAL_COLUMN_MISNAMED", "指标!J1"),
    ],
)
def test_a_misnamed_column_of_any_sheet_adds_one_finding_and_nothing_else(
    tmp_path: Path, sheet: str, column: str, written: str, code: str, place: str
) -> None:
    # on a sample with several units, departments and warnings: no follow-on finding anywhere (a
    # sheet read without one of its columns gave an error on every row, or false ones across sheets)
    path = tmp_path / "county.xlsx"
    path.write_bytes(COUNTY.read_bytes())
    before = all_findings(path)
    header = [c.value for c in next(openpyxl.load_workbook(path)[sheet].iter_rows(max_row=1))]
    assert place.split("!")[1] == f"{chr(ord('A') + header.index(column))}1"
    added = all_findings(typed(path, sheet, column, written)) - before
    assert added == {(code, place)}, written
    if sheet != "部门":  # an error on the 部门 sheet withholds the department's score only
        assert all(p.score is None for p in api.evaluate_workbook(path).projects)


def test_a_missing_column_without_a_close_header_is_one_error(tmp_path: Path) -> None:
    path = write_book(tmp_path / "in.xlsx", headers={"资金": [*FUND_HEADER[:5], "支出"]})
    found = codes(path)
    assert ("COLUMN_MISSING", "资金!A1") in found
    assert errors(path) == [("COLUMN_MISSING", "资金!A1")]
    # the sheet is read no further (as a missing sheet): a blank 全年预算数 is reported once the
    # header is put right
    path = write_book(
        tmp_path / "blank.xlsx", headers={"资金": [*FUND_HEADER[:5], "支出"]}, funds=[fund(budget=None)]
    )
    assert errors(path) == [("COLUMN_MISSING", "资金!A1")]
    assert errors(write_book(tmp_path / "fixed.xlsx", funds=[fund(budget=None)])) == [
        ("VALUE_REQUIRED", "资金!E2")
    ]


def test_a_blank_or_absent_year_is_a_warning(tmp_path: Path) -> None:
    def year(path: Path) -> list[tuple[str, str]]:
        return [(f.code, f.place) for f in api.evaluate_workbook(path).findings if f.code == "YEAR_MISSING"]

    assert year(write_book(tmp_path / "given.xlsx")) == []
    assert year(write_book(tmp_path / "blank.xlsx", params=[["金额单位", "万元"], ["年度", None]])) == [
        ("YEAR_MISSING", "参数!B3")
    ]
    assert year(write_book(tmp_path / "absent.xlsx", params=[["金额单位", "万元"]])) == [
        ("YEAR_MISSING", "参数!A1")
    ]
    assert year(write_book(tmp_path / "nosheet.xlsx", drop=("参数",))) == [("YEAR_MISSING", "参数")]
    result = api.evaluate_workbook(write_book(tmp_path / "run.xlsx", params=[["年度", " "]]))
    assert not any(f.level == "错误" for f in result.findings)  # a warning: the run goes on


def test_the_template_gives_the_year_warning_until_filled(tmp_path: Path) -> None:
    from evalxl.exporting.template import write_template

    path = tmp_path / "模板.xlsx"
    write_template(path)
    assert ("YEAR_MISSING", "参数!B2") in codes(path)


def test_hidden_indicator_and_fund_rows_are_scored_with_a_note(tmp_path: Path) -> None:
    plain = api.evaluate_workbook(write_book(tmp_path / "plain.xlsx"))
    path = write_book(tmp_path / "hidden.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["指标"].row_dimensions[3].hidden = True
    wb["指标"].row_dimensions[4].hidden = True
    wb["资金"].row_dimensions[2].hidden = True
    wb["指标"].row_dimensions[40].hidden = True  # no data: not named
    wb.save(path)
    result = api.evaluate_workbook(path)
    notes = [(f.code, f.place) for f in result.findings if f.code == "HIDDEN_ROWS"]
    assert notes == [("HIDDEN_ROWS", "资金!A2"), ("HIDDEN_ROWS", "指标!A3")]
    assert [p.score for p in result.projects] == [p.score for p in plain.projects]
