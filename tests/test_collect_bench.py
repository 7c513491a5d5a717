"""The collect benchmark's own parts (issue 12): the mailbox's zips and the floor writing the same
roll-up it read. Not a timed test: nothing here measures speed."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCH))

import collect_content  # noqa: E402
import collect_floor  # noqa: E402
import collect_mailbox  # noqa: E402


def _stand_in_rollup(path: Path) -> None:
    """A roll-up shaped like evalxl's (sums as formulas with cached values, merged titles, two
    charts on 统计), to check the floor copies whatever the roll-up holds."""
    with xlsxwriter.Workbook(str(path)) as wb:
        wb.set_properties({"title": "汇总", "author": "财政局"})
        bold = wb.add_format({"bold": True, "border": 1, "align": "center", "bg_color": "#DDEBF7"})
        money = wb.add_format({"num_format": "0.00", "border": 1})
        ws = wb.add_worksheet("汇总")
        ws.merge_range(0, 0, 0, 4, "2024年度项目支出绩效自评汇总", bold)
        ws.write_row(1, 0, ["主管部门", "项目名称", "预算数", "执行数", "得分"], bold)
        rows = [
            ("省水利厅", "江城市中小河流治理", 120.5, 118.0, 96.5),
            ("省水利厅", "江城市水库", 30.0, 21.0, 82.0),
        ]
        for n, row in enumerate(rows, start=2):
            ws.write_row(n, 0, row[:2])
            ws.write_row(n, 2, row[2:], money)
        ws.write_string(4, 1, "合计", bold)
        ws.write_formula(4, 2, "=SUM(C3:C4)", money, 150.5)
        ws.write_formula(4, 3, "=SUM(D3:D4)", money, 139.0)
        ws.set_column(1, 1, 28)
        ws.set_row(0, 30)
        ws.freeze_panes(2, 0)
        stats = wb.add_worksheet("统计")
        stats.write_row(0, 0, ["主管部门", "优", "良"])
        stats.write_row(1, 0, ["省水利厅", 1, 1])
        grades = wb.add_chart({"type": "column", "subtype": "stacked"})
        for col, letter in ((1, "B"), (2, "C")):
            grades.add_series(
                {
                    "name": ["统计", 0, col],
                    "categories": "=统计!$A$2:$A$2",
                    "values": f"=统计!${letter}$2:${letter}$2",
                }
            )
        grades.set_title({"name": "各部门等级"})
        stats.insert_chart(3, 0, grades)
        rates = wb.add_chart({"type": "pie"})
        rates.add_series(
            {"categories": "=统计!$B$1:$C$1", "values": "=统计!$B$2:$C$2", "data_labels": {"value": True}}
        )
        stats.insert_chart(3, 8, rates)
        wb.add_worksheet("来源").write_row(0, 0, ["文件", "SHA-256"])
        wb.add_worksheet("检查结果").write_row(0, 0, ["级别", "位置", "代码", "说明"])


def _values(path: Path) -> dict[str, list[list[object]]]:
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def test_the_floor_writes_the_roll_up_it_read(tmp_path: Path) -> None:
    rollup, floor, pickled = tmp_path / "rollup.xlsx", tmp_path / "floor.xlsx", tmp_path / "c.pickle"
    _stand_in_rollup(rollup)
    collect_content.save(collect_content.prepare(rollup), pickled)
    collect_floor.write_rollup(floor, collect_content.load(pickled))
    assert _values(floor) == _values(rollup)
    ours, theirs = collect_content.prepare(rollup), collect_content.prepare(floor)
    assert ours.sheets == theirs.sheets
    assert ours.properties == theirs.properties
    charts = ours.sheets[1].charts
    assert [c.kind for c in charts] == [{"type": "column", "subtype": "stacked"}, {"type": "pie"}]
    assert charts[0].series[1].values == "=统计!$C$2:$C$2"
    assert (charts[1].row, charts[1].col, charts[1].data_labels) == (3, 8, True)
    assert ours.sheets[0].merged == ((0, 0, 0, 4),)
    assert next(c for c in ours.sheets[0].cells if c.formula == "=SUM(C3:C4)").value == 150.5


def test_gbk_members_are_stored_without_the_utf8_flag_and_read_back(tmp_path: Path) -> None:
    book = tmp_path / "江城市水利局_自评结果.xlsx"
    book.write_bytes(b"PK stand-in")
    for gbk in (True, False):
        path = tmp_path / f"来信{gbk}.zip"
        names = collect_mailbox.write_zip(path, [("江城市水利局/自评结果.xlsx", book)], gbk=gbk)
        assert names == [f"{path.name}!江城市水利局/自评结果.xlsx"]
        with zipfile.ZipFile(path) as archive:
            (info,) = archive.infolist()
        assert bool(info.flag_bits & 0x800) is not gbk
        assert collect_floor.member_name(info) == "江城市水利局/自评结果.xlsx"
        unzipped = list(collect_floor.unzip(path, tmp_path))
        assert [p.read_bytes() for p in unzipped] == [b"PK stand-in"]


@pytest.mark.parametrize("units", [1, 10, 300])
def test_every_unit_arrives_one_way_with_a_few_of_each(units: int) -> None:
    import random

    kinds = collect_mailbox.kinds(units, random.Random(1))
    assert len(kinds) == units
    if units >= 10:
        assert {"split", "zip-gbk", "zip-utf8", "department", "inbox"} <= set(kinds)
    assert len({collect_mailbox.unit_name(i)[0] for i in range(units)}) == units
