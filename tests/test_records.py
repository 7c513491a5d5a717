"""Tests of evalxl.scoring.records: the cells of many rows at once are the cells each row gives."""

from __future__ import annotations

from evalxl.model import NO_PLACES, Indicator, Places, SheetColumns
from evalxl.scoring.records import places_of

MAIN = SheetColumns("指标", (("项目名称", "A"), ("三级指标", "E")))
OTHER = SheetColumns("指标2", (("项目名称", "B"), ("三级指标", "F")))
NO_COLUMN = SheetColumns("备注", (("项目名称", "C"),))


def row(columns: SheetColumns, n: int) -> Indicator:
    return Indicator(
        "p", "", "产出指标", "数量指标", "x", "≥1", "1", "", None, None, "", n, Places(columns, n)
    )


def test_rows_of_one_sheet() -> None:
    rows = [row(MAIN, n) for n in (2, 3, 10, 987)]
    assert places_of(rows, "三级指标") == ["指标!E2", "指标!E3", "指标!E10", "指标!E987"]


def test_rows_of_several_sheets_and_a_sheet_without_the_column_are_each_rows_own_cell() -> None:
    rows = [row(MAIN, 2), row(OTHER, 5), row(NO_COLUMN, 7), row(MAIN, 9)]
    rows.append(Indicator("p", "", "", "", "", "", "", "", None, None, "", 0, NO_PLACES))
    assert places_of(rows, "三级指标") == [r.place_of("三级指标") for r in rows]
    assert places_of(rows, "三级指标")[:4] == ["指标!E2", "指标2!F5", "备注!C7", "指标!E9"]
