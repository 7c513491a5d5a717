"""The blank standard input workbook (evalxl.exporting.template) and the sample workbooks in samples/."""

from __future__ import annotations

import importlib.util
import pathlib
from types import ModuleType
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from evalxl import contract
from evalxl.contract import SheetSpec, StandardInput
from evalxl.exporting import template

ROOT = pathlib.Path(__file__).resolve().parents[1]

SAMPLES = ROOT / "samples"
SAMPLE_FILES = ("seed-2023.xlsx", "county-2024.xlsx")
ACCEPTANCE_SEED = ROOT.parent / "shared" / "acceptance" / "seed-2023" / "input.xlsx"


@pytest.fixture(autouse=True)
def _no_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


@pytest.fixture(scope="module")
def spec() -> StandardInput:
    return contract.standard_input()


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    path = tmp_path_factory.mktemp("template") / "标准输入.xlsx"
    template.write_template(path)
    return openpyxl.load_workbook(path)


def sheet_spec(spec: StandardInput, name: str) -> SheetSpec:
    return next(sheet for sheet in spec.sheets if sheet.name == name)


def data_sheets(spec: StandardInput) -> list[SheetSpec]:
    return [sheet for sheet in spec.sheets if sheet.name != template.PARAMS_SHEET]


def headers(ws: Worksheet) -> list[Any]:
    return [cell.value for cell in ws[1]]


def column_format(ws: Worksheet, index: int) -> str:
    """The number format of a column (openpyxl groups equal adjacent columns)."""
    for dim in ws.column_dimensions.values():
        if dim.min is not None and dim.min <= index <= dim.max:
            return str(dim.number_format)
    return "General"


def validations_at(ws: Worksheet, coordinate: str) -> list[Any]:
    return [dv for dv in ws.data_validations.dataValidation if coordinate in dv.sqref]


def quoted_list(values: list[str]) -> str:
    return '"' + ",".join(values) + '"'


# --- the spec ------------------------------------------------------------------------------------


def test_the_spec_is_read_once_and_complete(spec: StandardInput) -> None:
    assert contract.standard_input() is spec
    assert [sheet.name for sheet in spec.sheets] == ["项目", "资金", "指标", "部门", "部门指标", "参数"]
    assert spec.params and spec.guide.rules


# --- the blank workbook ---------------------------------------------------------------------------


def test_sheet_order(book: openpyxl.Workbook, spec: StandardInput) -> None:
    assert book.sheetnames == [spec.guide.sheet] + [sheet.name for sheet in spec.sheets]
    assert book.sheetnames == ["填报说明", "项目", "资金", "指标", "部门", "部门指标", "参数"]


def test_every_spec_column_is_a_header_in_order(book: openpyxl.Workbook, spec: StandardInput) -> None:
    for sheet in spec.sheets:
        assert headers(book[sheet.name]) == [column.name for column in sheet.columns]


def test_headers_mark_required_columns_and_freeze(book: openpyxl.Workbook, spec: StandardInput) -> None:
    for sheet in data_sheets(spec):
        ws = book[sheet.name]
        assert ws.freeze_panes == "A2"
        fills: dict[bool, set[str]] = {True: set(), False: set()}
        for index, column in enumerate(sheet.columns, start=1):
            cell = ws.cell(1, index)
            required = column.required
            assert cell.font.bold
            assert cell.border.left.style == "thin"
            assert cell.comment is not None
            assert cell.comment.text.startswith("必填") == required
            fills[required].add(cell.fill.fgColor.rgb)
        assert len(fills[True]) == 1
        assert not fills[True] & fills[False]


def test_column_widths_follow_the_spec(book: openpyxl.Workbook, spec: StandardInput) -> None:
    for sheet in data_sheets(spec):
        ws = book[sheet.name]
        for index, column in enumerate(sheet.columns, start=1):
            dim = next(d for d in ws.column_dimensions.values() if d.min <= index <= d.max)
            assert 0 <= dim.width - column.width < 1  # XlsxWriter adds Excel's cell padding


@pytest.mark.parametrize(
    ("column", "error_style"), [("一级指标", None), ("二级指标", "warning"), ("指标性质", None)]
)
def test_indicator_dropdowns(
    book: openpyxl.Workbook, spec: StandardInput, column: str, error_style: str
) -> None:
    sheet = sheet_spec(spec, "指标")
    names = [c.name for c in sheet.columns]
    letter = get_column_letter(names.index(column) + 1)
    ws = book["指标"]
    (dv,) = validations_at(ws, f"{letter}2")
    assert dv.type == "list"
    assert dv.formula1 == quoted_list(spec.lists[sheet.columns[names.index(column)].list])
    assert dv.errorStyle == error_style
    assert f"{letter}{template.DATA_ROWS}" in dv.sqref


def test_every_list_column_has_its_dropdown(book: openpyxl.Workbook, spec: StandardInput) -> None:
    for sheet in data_sheets(spec):
        ws = book[sheet.name]
        for index, column in enumerate(sheet.columns, start=1):
            if column.list:
                (dv,) = validations_at(ws, f"{get_column_letter(index)}2")
                assert dv.type == "list"
                assert dv.formula1 == quoted_list(spec.lists[column.list])


def test_number_formats_and_decimal_validation(book: openpyxl.Workbook, spec: StandardInput) -> None:
    expected = {"money": "#,##0.00", "number": "0.00", "value": "@"}
    seen = set()
    for sheet in data_sheets(spec):
        ws = book[sheet.name]
        for index, column in enumerate(sheet.columns, start=1):
            kind = column.kind
            if kind in expected:
                seen.add(kind)
                assert column_format(ws, index) == expected[kind], column.name
            if kind == "money":
                (dv,) = validations_at(ws, f"{get_column_letter(index)}2")
                assert (dv.type, dv.operator, dv.formula1) == ("decimal", "greaterThanOrEqual", "0")
                assert dv.error and "0" in dv.error
    assert seen == set(expected)


def test_codes_and_phones_are_text(book: openpyxl.Workbook, spec: StandardInput) -> None:
    for sheet in data_sheets(spec):
        ws = book[sheet.name]
        for index, column in enumerate(sheet.columns, start=1):
            if column.name in template.CODE_COLUMNS:
                assert column_format(ws, index) == "@"


def test_params_sheet_holds_every_key_and_default(book: openpyxl.Workbook, spec: StandardInput) -> None:
    ws = book[template.PARAMS_SHEET]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == [param.key for param in spec.params]
    for row, param in zip(rows, spec.params, strict=True):
        assert row[1] == param.default, param.key
    for cell in ws["B"][1:]:
        assert cell.value is None or cell.data_type == "s"
    (keys,) = validations_at(ws, "A2")
    assert keys.type == "list"
    assert keys.formula1 == quoted_list([param.key for param in spec.params])
    for index, param in enumerate(spec.params, start=2):
        if param.list:
            (dv,) = validations_at(ws, f"B{index}")
            assert dv.type == "list"
            assert dv.formula1 == quoted_list(spec.lists[param.list])


def test_guide_explains_every_column_and_param(book: openpyxl.Workbook, spec: StandardInput) -> None:
    ws = book[spec.guide.sheet]
    assert ws["A1"].value == "项目支出绩效自评 标准输入工作簿 填报说明"
    texts = [str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None]
    cells = set(texts)
    everything = "\n".join(texts)
    for sheet in spec.sheets:
        assert f"“{sheet.name}”" in everything
        assert sheet.about in cells
        for column in sheet.columns:
            assert column.name in cells, column.name
    for param in spec.params:
        assert param.key in cells
    for words in ("evalxl check", "evalxl run", "沿用上一行", "98%", "单引号", "指标!F12"):
        assert words in everything
    assert ws.page_setup.paperSize == 9


def test_properties_are_fixed(book: openpyxl.Workbook) -> None:
    assert book.properties.title == "项目支出绩效自评 标准输入工作簿"
    assert book.properties.created.year == 2000


# --- writing the file ----------------------------------------------------------------------------


def test_refuses_an_existing_file(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "input.xlsx"
    path.write_bytes(b"keep me")
    with pytest.raises(template.TemplateExistsError) as caught:
        template.write_template(path)
    assert caught.value.path == path
    assert str(caught.value) == str(path)
    assert path.read_bytes() == b"keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["input.xlsx"]


def test_force_overwrites(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "input.xlsx"
    path.write_bytes(b"old")
    template.write_template(path, force=True)
    assert openpyxl.load_workbook(path).sheetnames[0] == "填报说明"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["input.xlsx"]


def test_writing_twice_gives_identical_bytes(tmp_path: pathlib.Path) -> None:
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    template.write_template(first)
    template.write_template(second)
    assert first.read_bytes() == second.read_bytes()
    template.write_template(first, force=True)
    assert first.read_bytes() == second.read_bytes()


def test_source_date_epoch_sets_the_created_time(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    path = tmp_path / "a.xlsx"
    template.write_template(path)
    created = openpyxl.load_workbook(path).properties.created
    assert (created.year, created.month, created.day) == (2023, 11, 14)


def test_missing_folder_is_an_os_error(tmp_path: pathlib.Path) -> None:
    with pytest.raises(OSError):
        template.write_template(tmp_path / "no" / "such" / "input.xlsx")


def test_write_input_workbook_writes_values_as_typed(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "filled.xlsx"
    rows = {
        "项目": [{"项目名称": "示例项目", "联系电话": "07451234567"}],
        "指标": [{"项目名称": "示例项目", "年度指标值": "=100%", "全年完成值": "98%", "分值": 10}],
    }
    template.write_input_workbook(path, rows, params={"年度": 2024})
    book = openpyxl.load_workbook(path)
    project = book["项目"]
    phone = project.cell(2, headers(project).index("联系电话") + 1)
    assert (phone.value, phone.data_type) == ("07451234567", "s")
    ws = book["指标"]
    names = headers(ws)
    target = ws.cell(2, names.index("年度指标值") + 1)
    assert (target.value, target.data_type, target.quotePrefix) == ("=100%", "s", True)
    assert ws.cell(2, names.index("分值") + 1).value == 10
    assert list(book[template.PARAMS_SHEET].iter_rows(min_row=2, values_only=True)) == [("年度", 2024)]


def test_write_input_workbook_rejects_unknown_names(tmp_path: pathlib.Path) -> None:
    with pytest.raises(ValueError, match="项目名"):
        template.write_input_workbook(tmp_path / "a.xlsx", {"项目": [{"项目名": "x"}]})
    with pytest.raises(ValueError, match="项目表"):
        template.write_input_workbook(tmp_path / "a.xlsx", {"项目表": []})
    assert not list(tmp_path.iterdir())


# --- the samples ---------------------------------------------------------------------------------


def load_build_samples() -> ModuleType:
    module_spec = importlib.util.spec_from_file_location("build_samples", SAMPLES / "build_samples.py")
    assert module_spec is not None and module_spec.loader is not None
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_sample_has_the_spec_sheets_and_headers(name: str, spec: StandardInput) -> None:
    book = openpyxl.load_workbook(SAMPLES / name)
    for sheet in spec.sheets:
        assert headers(book[sheet.name]) == [column.name for column in sheet.columns]
        ws = book[sheet.name]
        optional = sheet.name in ("部门", "部门指标") and name == "seed-2023.xlsx"  # derived (issue 13)
        assert (ws.max_row > 1) != optional, sheet.name


def test_samples_are_up_to_date(tmp_path: pathlib.Path) -> None:
    load_build_samples().main([str(tmp_path)])
    for name in SAMPLE_FILES:
        assert (tmp_path / name).read_bytes() == (SAMPLES / name).read_bytes(), (
            f"rerun samples/build_samples.py ({name})"
        )


def table(path: pathlib.Path, sheet: str) -> list[dict[str, Any]]:
    """A sheet's non-blank rows as {header: value}, blanks dropped."""
    rows = list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))
    head = rows[0]
    out = []
    for row in rows[1:]:
        values = {h: v for h, v in zip(head, row, strict=False) if v not in (None, "")}
        if values:
            out.append(values)
    return out


@pytest.mark.skipif(not ACCEPTANCE_SEED.exists(), reason="../shared/acceptance is not available")
@pytest.mark.parametrize("sheet", ["项目", "资金", "指标", "参数"])
def test_seed_sample_matches_the_acceptance_transcription(sheet: str) -> None:
    assert table(SAMPLES / "seed-2023.xlsx", sheet) == table(ACCEPTANCE_SEED, sheet)


def test_county_sample_shows_the_cases(spec: StandardInput) -> None:
    path = SAMPLES / "county-2024.xlsx"
    projects = table(path, "项目")
    assert 3 <= len(projects) <= 5
    assert len({p["主管部门"] for p in projects}) == 2
    funds = table(path, "资金")
    sources = {f.get("资金来源") for f in funds}
    assert {"中央补助", "省级资金", "市级资金", "其他资金"} <= sources
    indicators = table(path, "指标")
    assert {"=100%", "2024年11月30日", "160 人次", "36 次", "16 万元"} <= {
        i.get("全年完成值") for i in indicators
    }
    assert {"改善", "部分达成", "85%", "达成"} <= {i.get("全年完成值") for i in indicators}
    assert any("自评得分" in i for i in indicators)
    weighted = [i for i in indicators if "分值" in i]
    budget_weight = next(float(p.default or 0) for p in spec.params if p.key == "预算执行率分值")
    assert sum(i["分值"] for i in weighted) + budget_weight == 100
    book = openpyxl.load_workbook(path)
    quoted = [c for row in book["指标"].iter_rows() for c in row if c.quotePrefix]
    assert quoted and all(c.data_type == "s" and str(c.value).startswith("=") for c in quoted)


def test_a_failed_write_leaves_nothing_behind(tmp_path: pathlib.Path) -> None:
    with pytest.raises(TypeError):
        template.write_input_workbook(tmp_path / "a.xlsx", {"项目": [{"项目名称": True}]})
    assert not list(tmp_path.iterdir())
