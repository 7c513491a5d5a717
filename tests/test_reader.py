"""The reader: sheets found by their headers and read column by column into tables, blank rows
left out, formulas and percent formats kept, and each problem a (code, place) pair in row order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import xlsxwriter

from evalxl import contract
from evalxl.reading import Cell, Table, read_workbook
from evalxl.reading import limits as reading_limits
from hostile.corpus import CASES

FUNDS = contract.sheet("资金")
PARAMS = contract.sheet("参数")


def write(
    path: Path,
    rows: list[list[Any]],
    *,
    title: str = "资金",
    percent: frozenset[tuple[int, int]] = frozenset(),
) -> Path:
    """One sheet of ``rows`` (1-based row r is rows[r-1]); ``("=…", cached)`` writes a formula with
    that cached value (None: none), ``percent`` holds the (row, column) cells with a 0% format."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet(title)
    shown = book.add_format({"num_format": "0.0%"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            style = shown if (r + 1, c + 1) in percent else None
            if isinstance(value, tuple):
                formula, cached = value
                sheet.write_formula(r, c, formula, style, cached if cached is not None else "")
            elif value is not None:
                sheet.write(r, c, value, style)
    book.close()
    return path


def table(path: Path, sheet_spec: contract.SheetSpec = FUNDS) -> tuple[Table, list[tuple[str, str]]]:
    read = read_workbook(path, [sheet_spec])
    return read.tables[sheet_spec.name], [(f.code, f.place) for f in read.findings]


def values(t: Table, *names: str) -> list[tuple[Any, ...]]:
    return list(zip(t.row_numbers, *(t.column(n) for n in names), strict=True))


HEADER = ["项目名称", "资金使用单位", "资金来源", "年初预算数", "全年预算数", "全年执行数"]


def test_blank_rows_are_left_out_and_blank_cells_are_empty_text(tmp_path: Path) -> None:
    rows = [
        ["2024 年项目资金"],
        HEADER,
        ["甲", None, "中央补助", None, 10, 8],
        [None, " ", "\u3000", None, None, None],  # only spaces: a blank row
        [],
        ["乙", "单位", None, 1.5, "12 万元", " 9 "],
    ]
    t, found = table(write(tmp_path / "in.xlsx", rows))
    assert found == []
    assert (t.sheet, t.header_row, len(t)) == ("资金", 2, 2)
    assert values(t, "项目名称", "资金使用单位", "资金来源", "年初预算数", "全年预算数", "全年执行数") == [
        (3, "甲", "", "中央补助", "", 10, 8),
        (6, "乙", "单位", "", 1.5, "12 万元", " 9 "),
    ]
    assert t.cell("项目名称", 1) == Cell("乙") and t.cell("资金来源", 1) == Cell()
    assert [row for row, _cells in t.rows] == [3, 6]
    assert t.place("全年执行数", 6) == "资金!F6" and t.place("不是列", 6) == "资金!A6"


def test_a_column_the_sheet_lacks_reads_as_blank(tmp_path: Path) -> None:
    t, found = table(write(tmp_path / "in.xlsx", [["项目名称", "全年预算数", "全年执行数"], ["甲", 1, 1]]))
    assert found == []
    assert t.column("资金来源") == [""] and t.cell("资金来源", 0) == Cell()


def test_formulas_keep_their_text_and_percent_formats_their_meaning(tmp_path: Path) -> None:
    rows = [
        HEADER,
        ["甲", None, None, ("=100%", None), ("=SUM(10,10)", 20), 0.975],
        [None, None, None, None, ("=SUM(1,2)", None), None],  # blank but for a formula never calculated
    ]
    t, found = table(write(tmp_path / "in.xlsx", rows, percent=frozenset({(2, 6)})))
    assert found == [("FORMULA_NOT_CALCULATED", "资金!E3")]
    assert t.row_numbers == (2, 3)
    assert t.cell("年初预算数", 0) == Cell(
        1.0, True, "=100%"
    )  # a typed constant has its value, cached or not
    assert t.cell("全年预算数", 0) == Cell(20, False, "=SUM(10,10)")
    assert (t.cell("全年执行数", 0).value, t.cell("全年执行数", 0).text()) == (0.975, "97.5%")
    assert t.cell("全年预算数", 1) == Cell(None, False, "=SUM(1,2)") and t.column("全年预算数")[1] == ""


def test_problems_come_in_the_order_of_the_rows_then_of_the_columns(tmp_path: Path) -> None:
    rows = [
        HEADER,
        ["甲", None, None, None, None, ("=A1", None)],
        ["乙", None, ("=B1", None), None, ("=C1", None)],
    ]
    _t, found = table(write(tmp_path / "in.xlsx", rows))
    assert found == [
        ("FORMULA_NOT_CALCULATED", "资金!F2"),
        ("FORMULA_NOT_CALCULATED", "资金!C3"),
        ("FORMULA_NOT_CALCULATED", "资金!E3"),
    ]


def test_a_text_over_excels_limit_is_cut_with_a_finding(tmp_path: Path) -> None:
    read = read_workbook(CASES["huge_cell"][0](tmp_path), contract.sheets())
    assert ("CELL_TOO_LONG", "指标!F2") in [(f.code, f.place) for f in read.findings]
    target = read.tables["指标"].column("年度指标值")[0]
    assert len(target) == reading_limits.MAX_CELL_CHARS and target.startswith("改善")


def test_headers_missing_or_extra(tmp_path: Path) -> None:
    extra = [f"备注{n}" for n in range(12)]
    _t, found = table(write(tmp_path / "extra.xlsx", [["标题"], [*HEADER, *extra], ["甲", *[1] * 5]]))
    assert found == [("EXTRA_COLUMN", f"资金!{letter}2") for letter in "GHIJKLMNOP"] + [
        ("EXTRA_COLUMNS", "资金!Q2")
    ]
    read = read_workbook(
        write(tmp_path / "few.xlsx", [["说明"], ["项目名称", "全年预算数"], ["甲", 1]]), [FUNDS]
    )
    assert [(f.code, f.place) for f in read.findings] == [("COLUMN_MISSING", "资金!A2")]
    read = read_workbook(write(tmp_path / "none.xlsx", [["随便"], [1, 2]]), [FUNDS])
    assert [(f.code, f.place) for f in read.findings] == [
        ("HEADER_NOT_FOUND", "资金!A1")
    ] and read.tables == {}


def test_sheets_missing_or_extra(tmp_path: Path) -> None:
    read = read_workbook(
        write(tmp_path / "in.xlsx", [["备注"], ["随手记下的"]], title="草稿"), [FUNDS, PARAMS]
    )
    assert [(f.code, f.place) for f in read.findings] == [
        ("EXTRA_SHEET", "草稿!A1"),
        ("SHEET_MISSING", "资金!A1"),
    ]
    # a sheet holding the 参数 headers is the 参数 sheet under another name (issue 14)
    read = read_workbook(
        write(tmp_path / "params.xlsx", [["参数", "值"], ["年度", 2024]], title="草稿"), [FUNDS, PARAMS]
    )
    assert [(f.code, f.place) for f in read.findings] == [
        ("SHEET_FOUND_BY_HEADERS", "草稿!A1"),
        ("SHEET_MISSING", "资金!A1"),
    ]
    assert read.tables["参数"].sheet == "草稿"


# issue 14, import: header typos and marks, hidden rows


def test_a_mistyped_or_marked_header_is_one_error_at_its_cell(tmp_path: Path) -> None:
    for typed in ("全年执行 数x", "*全年执行数", "全年执行数*", "＊全年执行数（万元）"):
        header = [*HEADER[:5], typed]
        read = read_workbook(write(tmp_path / "typo.xlsx", [header, ["甲", None, None, 1, 10, 8]]), [FUNDS])
        assert [(f.code, f.place) for f in read.findings] == [("COLUMN_MISNAMED", "资金!F1")], typed
        assert read.tables["资金"].absent == {"全年执行数"}
    # a bracketed note is the column itself, as 全年预算数（万元） always was
    read = read_workbook(
        write(tmp_path / "note.xlsx", [[*HEADER[:5], "全年执行数（必填）"], ["甲", None, None, 1, 10, 8]]),
        [FUNDS],
    )
    assert read.findings == [] and read.tables["资金"].column("全年执行数") == [8]


def test_a_header_not_close_to_the_missing_column_is_an_extra_column(tmp_path: Path) -> None:
    header = [*HEADER[:5], "备注"]
    read = read_workbook(write(tmp_path / "far.xlsx", [header, ["甲", None, None, 1, 10, 8]]), [FUNDS])
    assert [(f.code, f.place) for f in read.findings] == [
        ("COLUMN_MISSING", "资金!A1"),
        ("EXTRA_COLUMN", "资金!F1"),
    ]


def test_a_mistyped_optional_header_is_a_warning_at_its_cell(tmp_path: Path) -> None:
    # 资金使用单位 typed 资金使用单住: the column is not read, and the clerk is told so, not only noted
    header = [HEADER[0], "资金使用单住", *HEADER[2:]]
    read = read_workbook(write(tmp_path / "optional.xlsx", [header, ["甲", "乙", None, 1, 10, 8]]), [FUNDS])
    assert [(f.code, f.place) for f in read.findings] == [("OPTIONAL_COLUMN_MISNAMED", "资金!B1")]
    assert read.tables["资金"].column("资金使用单位") == [""]


def test_the_suggestion_cutoff_is_data() -> None:
    cutoff = contract.standard_input().header_suggestion_cutoff
    assert 0.5 < cutoff <= 0.75  # 项目编码 (0.5) is never taken for 项目名称, 项目明称 (0.75) is
    schema = contract.schema_of("standard_input")
    assert "header_suggestion_cutoff" in schema.fields


def test_hidden_data_rows_are_read_and_named_in_one_note(tmp_path: Path) -> None:
    path = tmp_path / "hidden.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("资金")
    sheet.write_row(0, 0, HEADER)
    for r in range(1, 16):
        sheet.write_row(r, 0, [f"甲{r}", None, None, 1, 10, 8])
    for r in (3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 20):  # row 20 (1-based 21) is blank
        sheet.set_row(r, None, None, {"hidden": True})
    book.close()
    t, found = table(path)
    assert len(t) == 15  # read as any other row
    assert found == [("HIDDEN_ROWS", "资金!A4")]
    message = read_workbook(path, [FUNDS]).findings[0].message
    assert "11 行" in message and "4、6、7、8、9、10、11、12、13、14 等" in message


def test_hidden_rows_are_found_without_their_row_numbers() -> None:
    from evalxl.reading.xlsx_meta import _scan

    xml = b'<sheetData><row><c/></row><row hidden="1"><c/></row><row r="7" hidden="true" ht="0"/></sheetData>'
    assert _scan(xml, set()).hidden == {2, 7}
    assert (
        _scan(b'<sheetData><row r="2"><c/></row><cols><col hidden="1"/></cols></sheetData>', set()).hidden
        == set()
    )
