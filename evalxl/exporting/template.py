"""The blank standard input workbook (标准输入工作簿) that ``evalxl template`` writes.

Everything about the workbook's structure (sheets, columns, dropdown lists, 参数 keys, the 填报说明
text) comes from the contract (``workbook_templates/standard_input.toml``); this module only decides
how it looks: header colours, widths, number formats, data validation and A4 printing. The 填报说明
sheet is written by :mod:`evalxl.exporting.guide`.

``write_input_workbook`` writes the same workbook with rows filled in; the samples and tests use it
to build input workbooks that look exactly like a filled template.
"""

from __future__ import annotations

import pathlib
from collections.abc import Mapping, Sequence
from typing import Any

import xlsxwriter

from evalxl import contract
from evalxl.contract import Column, ParamKey, SheetSpec, StandardInput
from evalxl.delivery.output_file import OutputExistsError, atomic_path, created_date
from evalxl.exporting.formats import FormatCache as _Formats
from evalxl.exporting.guide import PARAMS_SHEET, SHADE, add_guide, print_a4

__all__ = ["PARAMS_SHEET", "Cell", "TemplateExistsError", "write_input_workbook", "write_template"]

DATA_ROWS = 5000  # rows 2..DATA_ROWS carry the formats and the data validation
PARAM_ROWS = 100  # rows 2..PARAM_ROWS of 参数 offer the dropdown of keys

# Text columns that hold codes and phone numbers: text format keeps leading zeros and long digits.
# (Other text columns stay General: Excel shows a text-formatted cell over 255 characters as ####.)
CODE_COLUMNS = frozenset({"项目编码", "联系电话"})

_NUMBER_FORMATS = {"money": "#,##0.00", "number": "0.00", "value": "@"}
_REQUIRED_FILL = "#F8CBAD"
_OPTIONAL_FILL = SHADE

Cell = str | int | float | None
Rows = Mapping[str, Sequence[Mapping[str, Cell]]]


class TemplateExistsError(Exception):
    """The target file exists and ``force`` was not given; ``str()`` of it is the path."""

    def __init__(self, path: pathlib.Path) -> None:
        super().__init__(str(path))
        self.path = path


def write_template(path: pathlib.Path, *, force: bool = False) -> None:
    """Write a blank standard input workbook to ``path``.

    Sheets 填报说明, 项目, 资金, 指标, 参数: headers, formats and dropdowns from the spec, 参数
    filled with every key and its default. Raises TemplateExistsError when ``path`` exists and
    ``force`` is false. The file is written atomically and its bytes are deterministic.
    """
    write_input_workbook(path, {}, force=force)


def write_input_workbook(
    path: pathlib.Path,
    rows: Rows,
    *,
    params: Mapping[str, Cell] | None = None,
    force: bool = False,
    sources: Sequence[Sequence[str]] = (),
) -> None:
    """Write a standard input workbook holding ``rows``: the template, filled in.

    ``rows`` maps a sheet name (项目, 资金, 指标) to its rows, each a mapping of column name to
    value; missing or ``None`` values stay blank. Strings are written as text (one starting with
    ``=`` as if typed with a leading apostrophe), numbers as numbers. ``params`` gives the 参数
    rows in order (值 is a text-formatted column); ``None`` writes every key with its default text.
    ``sources`` (``evalxl import``) are the rows of a last sheet 来源: where each value came from.
    Raises ValueError for an unknown sheet or column, TemplateExistsError as write_template.
    """
    path = pathlib.Path(path)
    spec = contract.standard_input()
    _check_rows(spec, rows)
    try:
        with atomic_path(path, replace=force) as tmp, xlsxwriter.Workbook(str(tmp)) as workbook:
            _fill_workbook(workbook, spec, rows, _param_rows(spec, params))
            if sources:
                _add_sources(workbook, sources)
    except OutputExistsError:
        raise TemplateExistsError(path) from None


# --- workbook ----------------------------------------------------------------------------------


def _fill_workbook(workbook: Any, spec: StandardInput, rows: Rows, params: list[tuple[str, Cell]]) -> None:
    """Add every sheet to ``workbook``: the guide first, then the spec's sheets in order."""
    workbook.set_properties(
        {"title": spec.guide.title, "created": created_date(), "comments": "evalxl template"}
    )
    workbook.set_size(1600, 1000)
    formats = _Formats(workbook)
    add_guide(workbook.add_worksheet(spec.guide.sheet), formats, spec)
    for sheet in spec.sheets:
        worksheet = workbook.add_worksheet(sheet.name)
        _add_header(worksheet, formats, sheet)
        if sheet.name == PARAMS_SHEET:
            _add_params(worksheet, formats, spec, sheet, params)
        else:
            _add_column_validation(worksheet, spec, sheet)
            _write_rows(worksheet, formats, sheet, rows.get(sheet.name, ()))


# --- data sheets -------------------------------------------------------------------------------


def _cell_props(column: Column) -> dict[str, Any]:
    """The format properties of a column's data cells."""
    number_format = _NUMBER_FORMATS.get(column.kind)
    if column.name in CODE_COLUMNS:
        number_format = "@"
    return {"num_format": number_format} if number_format else {}


def _add_header(worksheet: Any, formats: _Formats, sheet: SheetSpec) -> None:
    """Header row 1: column names, coloured by required/optional, with a note; widths; freeze."""
    worksheet.set_row(0, 30)
    for col, column in enumerate(sheet.columns):
        header = formats.get(
            bold=True,
            border=1,
            text_wrap=True,
            align="center",
            valign="vcenter",
            bg_color=_REQUIRED_FILL if column.required else _OPTIONAL_FILL,
        )
        worksheet.set_column(col, col, column.width, formats.get(**_cell_props(column)))
        worksheet.write_string(0, col, column.name, header)
        note = ("必填。" if column.required else "选填。") + column.about
        worksheet.write_comment(0, col, note, {"author": "evalxl", "x_scale": 2.2, "y_scale": 1.2})
    worksheet.freeze_panes(1, 0)
    worksheet.repeat_rows(0)
    print_a4(worksheet, landscape=True)


def _add_column_validation(worksheet: Any, spec: StandardInput, sheet: SheetSpec) -> None:
    """Data validation on rows 2..DATA_ROWS of every column; each shows the column's explanation."""
    for col, column in enumerate(sheet.columns):
        rule = _column_rule(spec, column)
        rule.update(input_title=clip(column.name, 32), input_message=clip(column.about, 255))
        worksheet.data_validation(1, col, DATA_ROWS - 1, col, rule)


def _column_rule(spec: StandardInput, column: Column) -> dict[str, Any]:
    """The validation rule of a column: its dropdown list, ≥ 0 for numbers, else none."""
    name = column.name
    if column.list:
        return list_rule(name, spec.lists[column.list], open_list=column.list in spec.open_lists)
    if column.kind in ("money", "number"):
        what = "金额" if column.kind == "money" else "数字"
        return {
            "validate": "decimal",
            "criteria": ">=",
            "value": 0,
            "error_title": f"请填写{what}",
            "error_message": f"“{name}”须为不小于 0 的数字（直接填数字，不要带单位或文字）。",
        }
    return {"validate": "any"}


def list_rule(name: str, values: Sequence[str], *, open_list: bool) -> dict[str, Any]:
    """A dropdown; with ``open_list`` values outside it are allowed after a warning."""
    shown = "、".join(values)
    if open_list:
        return {
            "validate": "list",
            "source": list(values),
            "error_type": "warning",
            "error_title": "不在常用列表中",
            "error_message": clip(f"“{name}”通常为：{shown}。各地表样不同，确需使用其他名称请选“是”。", 255),
        }
    return {
        "validate": "list",
        "source": list(values),
        "error_title": "请从下拉列表选择",
        "error_message": clip(f"“{name}”只能为：{shown}。", 255),
    }


def clip(text: str, limit: int) -> str:
    """Excel's validation titles and messages have length limits."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _write_rows(
    worksheet: Any, formats: _Formats, sheet: SheetSpec, rows: Sequence[Mapping[str, Cell]]
) -> None:
    """Write data rows from row 2, each cell with its column's format."""
    for r, row in enumerate(rows, start=1):
        for col, column in enumerate(sheet.columns):
            _write_cell(worksheet, formats, (r, col), _cell_props(column), row.get(column.name))


def _write_cell(
    worksheet: Any, formats: _Formats, cell: tuple[int, int], props: dict[str, Any], value: Cell
) -> None:
    """One value as a person would have typed it: text starting with = keeps its apostrophe."""
    if value is None or value == "":
        return
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise TypeError(f"a cell holds text or a number, not {value!r}")
    if isinstance(value, str):
        quoted = {"quote_prefix": True} if value.startswith("=") else {}
        worksheet.write_string(*cell, value, formats.get(**props, **quoted))
    else:
        worksheet.write_number(*cell, value, formats.get(**props))


def _check_rows(spec: StandardInput, rows: Rows) -> None:
    """Reject a sheet or column name that the spec does not know (a typo in a sample)."""
    sheets = {sheet.name: sheet for sheet in spec.sheets if sheet.name != PARAMS_SHEET}
    for name, sheet_rows in rows.items():
        if name not in sheets:
            raise ValueError(f"unknown sheet {name!r}; expected one of {sorted(sheets)}")
        known = {column.name for column in sheets[name].columns}
        for row in sheet_rows:
            unknown = sorted(set(row) - known)
            if unknown:
                raise ValueError(f"unknown column(s) {unknown} in sheet {name!r}")


def _add_sources(workbook: Any, rows: Sequence[Sequence[str]]) -> None:
    """The 来源 sheet: a header row, then the rows as text, with a filter and frozen header."""
    table = contract.output_sheets().sources
    worksheet = workbook.add_worksheet(table.name)
    formats = _Formats(workbook)
    header = formats.get(bold=True, border=1, align="center", valign="vcenter", bg_color=_OPTIONAL_FILL)
    for col, name in enumerate(table.headers):
        worksheet.write_string(0, col, name, header)
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            _write_cell(worksheet, formats, (r, col), {}, value)
    widths = (10, 10, 40, 36)
    for col, width in enumerate(widths[: len(table.headers)]):
        worksheet.set_column(col, col, width)
    worksheet.autofilter(0, 0, len(rows), len(table.headers) - 1)
    worksheet.freeze_panes(1, 0)


# --- 参数 ----------------------------------------------------------------------------------------


def _param_rows(spec: StandardInput, params: Mapping[str, Cell] | None) -> list[tuple[str, Cell]]:
    """The 参数 rows as (key, value): the given ones, or every key with its default as text."""
    if params is None:
        return [(param.key, param.default) for param in spec.params]
    return list(params.items())


def _add_params(
    worksheet: Any,
    formats: _Formats,
    spec: StandardInput,
    sheet: SheetSpec,
    rows: list[tuple[str, Cell]],
) -> None:
    """参数 | 值 rows (值 formatted as text), a dropdown of keys, and each value's own rule."""
    key_column, value_column = sheet.columns[:2]
    text = formats.get(num_format="@")
    worksheet.set_column(1, 1, value_column.width, text)  # 130% or 80%,60% stay as typed
    rule = list_rule(key_column.name, [param.key for param in spec.params], open_list=False)
    rule.update(input_title=key_column.name, input_message=clip(key_column.about, 255))
    worksheet.data_validation(1, 0, PARAM_ROWS - 1, 0, rule)
    by_key = {param.key: param for param in spec.params}
    for r, (key, value) in enumerate(rows, start=1):
        worksheet.write_string(r, 0, key)
        _write_cell(worksheet, formats, (r, 1), {"num_format": "@"}, value)
        if key in by_key:
            worksheet.data_validation(r, 1, r, 1, _param_rule(spec, by_key[key]))


def _param_rule(spec: StandardInput, param: ParamKey) -> dict[str, Any]:
    """A 值 cell's rule: the key's dropdown when it has a list; its explanation either way."""
    if param.list:
        rule = list_rule(param.key, spec.lists[param.list], open_list=param.list in spec.open_lists)
    else:
        rule = {"validate": "any"}
    rule.update(input_title=clip(param.key, 32), input_message=clip(param.about, 255))
    return rule
