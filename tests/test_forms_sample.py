"""samples/seed-2023-forms.xlsx: the seed's four 附件6 forms typed by hand (samples/build_forms_sample.py)."""

from __future__ import annotations

import importlib.util
import pathlib
import re
import sys
from types import ModuleType
from typing import Any

import openpyxl
from openpyxl.cell.cell import Cell

ROOT = pathlib.Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
FORMS = SAMPLES / "seed-2023-forms.xlsx"
STANDARD = SAMPLES / "seed-2023.xlsx"


def load_builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_forms_sample", SAMPLES / "build_forms_sample.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_sample_is_up_to_date_and_deterministic(tmp_path: pathlib.Path) -> None:
    builder = load_builder()
    builder.main([str(tmp_path / "a")])
    builder.main([str(tmp_path / "b")])
    built = (tmp_path / "a" / FORMS.name).read_bytes()
    assert built == (tmp_path / "b" / FORMS.name).read_bytes()
    assert built == FORMS.read_bytes(), "rerun samples/build_forms_sample.py"


def test_the_builder_does_not_use_evalxl() -> None:
    source = (SAMPLES / "build_forms_sample.py").read_text(encoding="utf-8")
    assert not re.search(r"^\s*(import|from)\s+evalxl", source, re.MULTILINE)


def shown(cell: Cell) -> str | None:
    """A cell as the form shows it: 1.0 formatted 0% is "100%"."""
    value = cell.value
    if value is None or isinstance(value, str):
        return value
    if "%" in cell.number_format:
        return f"{value * 100:g}%"
    return f"{value:g}"


def form_rows(ws: Any) -> tuple[str | None, list[dict[str, Any]], tuple[Any, Any]]:
    """The name, the indicator rows (一级/二级 carried down) and the 年度资金总额 amounts of one sheet."""
    cells = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    name = ws.cell(row=cells["项目支出名称"].row, column=3).value
    total = cells["年度资金总额"]
    amounts = (ws.cell(row=total.row, column=4).value, ws.cell(row=total.row, column=5).value)
    header = cells["三级指标"]
    rows: list[dict[str, Any]] = []
    level1 = level2 = None
    for r in range(header.row + 1, ws.max_row + 1):
        line = [ws.cell(row=r, column=c) for c in range(1, 8)]
        if "说明" in [c.value for c in line]:
            break
        if all(c.value is None for c in line[2:]):
            continue
        level1 = line[1].value or level1
        level2 = line[2].value or level2
        target, actual = shown(line[4]), shown(line[5])
        values = {"一级指标": level1, "二级指标": level2, "三级指标": line[3].value}
        values |= {"年度指标值": target, "全年完成值": actual}
        rows.append({k: v for k, v in values.items() if v is not None})
    return name, rows, amounts


def standard(sheet: str) -> list[dict[str, Any]]:
    rows = list(openpyxl.load_workbook(STANDARD)[sheet].iter_rows(values_only=True))
    return [{h: v for h, v in zip(rows[0], row, strict=False) if v not in (None, "")} for row in rows[1:]]


def test_the_forms_hold_the_seed_transcription() -> None:
    book = openpyxl.load_workbook(FORMS)
    assert len(book.sheetnames) == 4 and all(len(name) <= 31 for name in book.sheetnames)
    indicators, funds = standard("指标"), standard("资金")
    names = [p["项目名称"] for p in standard("项目")]
    read = [form_rows(ws) for ws in book.worksheets]
    assert [name for name, _, _ in read] == names
    for (name, rows, amounts), fund in zip(read, funds, strict=True):
        assert amounts == (fund["全年预算数"], fund["全年执行数"])
        expected = [
            {k: v for k, v in i.items() if k != "项目名称"} for i in indicators if i["项目名称"] == name
        ]
        assert rows == expected, name
    assert sum(len(rows) for _, rows, _ in read) == len(indicators) == 37


def test_a_clerk_typed_the_percentages_and_the_print_setup() -> None:
    book = openpyxl.load_workbook(FORMS)
    for ws in book.worksheets:
        percents = [c for row in ws.iter_rows() for c in row if c.number_format == "0%"]
        assert percents and all(isinstance(c.value, (int, float)) for c in percents)
        assert ws["A1"].value.startswith("项目支出绩效目标自评表") and ws["A2"].value == "（2023年度）"
        assert ws["A1"].font.name == "宋体" and int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
        notes = [
            c.value for c in ws["A"] if isinstance(c.value, str) and c.value[:2] in ("注：", "2、", "3、")
        ]
        assert len(notes) == 3
    assert book.properties.modified == book.properties.created
