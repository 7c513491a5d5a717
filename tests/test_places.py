"""Where a record's values sit (evalxl.places): a sheet's columns, and tables whose cells came from
elsewhere (filled-in forms)."""

from __future__ import annotations

from evalxl.findings import Place
from evalxl.places import MappedColumns, Places, SheetColumns


def test_a_sheets_columns_place_a_rows_cells() -> None:
    columns = SheetColumns("指标", (("三级指标", "E"), ("年度指标值", "F")))
    row = Places(columns, 12)
    assert row.of("年度指标值") == "指标!F12"
    assert row.of("不存在的列") == "指标!E12"  # the sheet's first column
    assert row.rows() == (("指标", 12),)


def test_mapped_columns_name_the_cells_values_came_from() -> None:
    form = "老工商业者"
    origin = {
        (2, 1): Place(form, 3, 3),  # 项目名称: the form's name cell, shared by both rows
        (2, 5): Place(form, 7, 4),
        (3, 1): Place(form, 3, 3),
        (3, 5): Place(form, 8, 4),
    }
    columns = MappedColumns("资金", (("项目名称", "A"), ("全年预算数", "E")), origin)
    assert Places(columns, 2).of("全年预算数") == f"{form}!D7"
    assert Places(columns, 3).of("项目名称") == f"{form}!C3"
    assert Places(columns, 9).of("全年预算数") == "资金!E9"  # no origin: the table's own cell
    # a cell several rows share is no row's own: row 2 is at the form's row 7 only
    assert Places(columns, 2).rows() == ((form, 7),)
    assert Places(columns, 3).rows() == ((form, 8),)
