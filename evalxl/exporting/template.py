"""The blank standard input workbook (标准输入工作簿) that ``evalxl template`` writes.

Everything about the workbook's structure (sheets, columns, dropdown lists, 参数 keys) comes from
``workbook_templates/standard_input.toml``; this module only decides how it looks: header colours,
widths, number formats, data validation, the 填报说明 sheet and A4 printing.

``write_input_workbook`` writes the same workbook with rows filled in; the samples and tests use it
to build input workbooks that look exactly like a filled template.
"""

from __future__ import annotations

import math
import pathlib
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

import xlsxwriter

from evalxl.delivery.output_file import OutputExistsError, atomic_path, created_date
from evalxl.spec import load_spec

TITLE = "项目支出绩效自评 标准输入工作簿"
GUIDE_SHEET = "填报说明"
PARAMS_SHEET = "参数"  # the optional 参数 | 值 sheet of input-format.md

DATA_ROWS = 5000  # rows 2..DATA_ROWS carry the formats and the data validation
PARAM_ROWS = 100  # rows 2..PARAM_ROWS of 参数 offer the dropdown of keys

# Lists whose values vary by province and year: other values are allowed after a warning.
OPEN_LISTS = frozenset({"二级指标", "资金来源"})
# Text columns that hold codes and phone numbers: text format keeps leading zeros and long digits.
# (Other text columns stay General: Excel shows a text-formatted cell over 255 characters as ####.)
CODE_COLUMNS = frozenset({"项目编码", "联系电话"})

_NUMBER_FORMATS = {"money": "#,##0.00", "number": "0.00", "value": "@"}
_REQUIRED_FILL = "#F8CBAD"
_OPTIONAL_FILL = "#DDEBF7"
_GUIDE_WIDTHS = (24, 14, 64)  # 列名 | 是否必填 | 说明
_LINE_HEIGHT = 16.0

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
) -> None:
    """Write a standard input workbook holding ``rows``: the template, filled in.

    ``rows`` maps a sheet name (项目, 资金, 指标) to its rows, each a mapping of column name to
    value; missing or ``None`` values stay blank. Strings are written as text (one starting with
    ``=`` as if typed with a leading apostrophe), numbers as numbers. ``params`` gives the 参数
    rows in order (值 is a text-formatted column); ``None`` writes every key with its default text.
    Raises ValueError for an unknown sheet or column, TemplateExistsError as write_template.
    """
    path = pathlib.Path(path)
    spec = load_spec()
    _check_rows(spec, rows)
    try:
        with atomic_path(path, replace=force) as tmp, xlsxwriter.Workbook(str(tmp)) as workbook:
            _fill_workbook(workbook, spec, rows, _param_rows(spec, params))
    except OutputExistsError:
        raise TemplateExistsError(path) from None


# --- workbook ----------------------------------------------------------------------------------


def _fill_workbook(workbook: Any, spec: dict[str, Any], rows: Rows, params: list[tuple[str, Cell]]) -> None:
    """Add every sheet to ``workbook``: the guide first, then the spec's sheets in order."""
    workbook.set_properties({"title": TITLE, "created": created_date(), "comments": "evalxl template"})
    workbook.set_size(1600, 1000)
    formats = _Formats(workbook)
    _add_guide(workbook.add_worksheet(GUIDE_SHEET), formats, spec)
    for sheet in spec["sheets"]:
        worksheet = workbook.add_worksheet(sheet["name"])
        _add_header(worksheet, formats, sheet)
        if sheet["name"] == PARAMS_SHEET:
            _add_params(worksheet, formats, spec, sheet, params)
        else:
            _add_column_validation(worksheet, spec, sheet)
            _write_rows(worksheet, formats, sheet, rows.get(sheet["name"], ()))


class _Formats:
    """XlsxWriter formats, one per distinct set of properties (a workbook needs few)."""

    def __init__(self, workbook: Any) -> None:
        self._workbook = workbook
        self._cache: dict[tuple[tuple[str, Any], ...], Any] = {}

    def get(self, **props: Any) -> Any:
        """The format with ``props`` (None for no properties: the cell keeps the column's)."""
        if not props:
            return None
        key = tuple(sorted(props.items()))
        if key not in self._cache:
            self._cache[key] = self._workbook.add_format(props)
        return self._cache[key]


def _print_a4(worksheet: Any, *, landscape: bool) -> None:
    """A4, fit to one page wide, with the page number in the footer."""
    worksheet.set_paper(9)
    if landscape:
        worksheet.set_landscape()
    else:
        worksheet.set_portrait()
    worksheet.fit_to_pages(1, 0)
    worksheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    worksheet.set_footer("&C第 &P 页，共 &N 页")


# --- data sheets -------------------------------------------------------------------------------


def _cell_props(column: Mapping[str, Any]) -> dict[str, Any]:
    """The format properties of a column's data cells."""
    number_format = _NUMBER_FORMATS.get(column.get("kind", "text"))
    if column["name"] in CODE_COLUMNS:
        number_format = "@"
    return {"num_format": number_format} if number_format else {}


def _add_header(worksheet: Any, formats: _Formats, sheet: Mapping[str, Any]) -> None:
    """Header row 1: column names, coloured by required/optional, with a note; widths; freeze."""
    worksheet.set_row(0, 30)
    for col, column in enumerate(sheet["columns"]):
        required = bool(column.get("required", False))
        header = formats.get(
            bold=True,
            border=1,
            text_wrap=True,
            align="center",
            valign="vcenter",
            bg_color=_REQUIRED_FILL if required else _OPTIONAL_FILL,
        )
        worksheet.set_column(col, col, column["width"], formats.get(**_cell_props(column)))
        worksheet.write_string(0, col, column["name"], header)
        note = ("必填。" if required else "选填。") + column["about"]
        worksheet.write_comment(0, col, note, {"author": "evalxl", "x_scale": 2.2, "y_scale": 1.2})
    worksheet.freeze_panes(1, 0)
    worksheet.repeat_rows(0)
    _print_a4(worksheet, landscape=True)


def _add_column_validation(worksheet: Any, spec: Mapping[str, Any], sheet: Mapping[str, Any]) -> None:
    """Data validation on rows 2..DATA_ROWS of every column; each shows the column's explanation."""
    for col, column in enumerate(sheet["columns"]):
        rule = _column_rule(spec, column)
        rule.update(input_title=_clip(column["name"], 32), input_message=_clip(column["about"], 255))
        worksheet.data_validation(1, col, DATA_ROWS - 1, col, rule)


def _column_rule(spec: Mapping[str, Any], column: Mapping[str, Any]) -> dict[str, Any]:
    """The validation rule of a column: its dropdown list, ≥ 0 for numbers, else none."""
    name = column["name"]
    if "list" in column:
        return _list_rule(name, column["list"], spec["lists"][column["list"]])
    if column.get("kind") in ("money", "number"):
        what = "金额" if column["kind"] == "money" else "数字"
        return {
            "validate": "decimal",
            "criteria": ">=",
            "value": 0,
            "error_title": f"请填写{what}",
            "error_message": f"“{name}”须为不小于 0 的数字（直接填数字，不要带单位或文字）。",
        }
    return {"validate": "any"}


def _list_rule(name: str, list_name: str, values: Sequence[str]) -> dict[str, Any]:
    """A dropdown; values outside an open list are allowed after a warning."""
    shown = "、".join(values)
    if list_name in OPEN_LISTS:
        return {
            "validate": "list",
            "source": list(values),
            "error_type": "warning",
            "error_title": "不在常用列表中",
            "error_message": _clip(f"“{name}”通常为：{shown}。各地表样不同，确需使用其他名称请选“是”。", 255),
        }
    return {
        "validate": "list",
        "source": list(values),
        "error_title": "请从下拉列表选择",
        "error_message": _clip(f"“{name}”只能为：{shown}。", 255),
    }


def _write_rows(
    worksheet: Any, formats: _Formats, sheet: Mapping[str, Any], rows: Sequence[Mapping[str, Cell]]
) -> None:
    """Write data rows from row 2, each cell with its column's format."""
    columns = sheet["columns"]
    for r, row in enumerate(rows, start=1):
        for col, column in enumerate(columns):
            _write_cell(worksheet, formats, (r, col), _cell_props(column), row.get(column["name"]))


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


def _check_rows(spec: Mapping[str, Any], rows: Rows) -> None:
    """Reject a sheet or column name that the spec does not know (a typo in a sample)."""
    sheets = {sheet["name"]: sheet for sheet in spec["sheets"] if sheet["name"] != PARAMS_SHEET}
    for name, sheet_rows in rows.items():
        if name not in sheets:
            raise ValueError(f"unknown sheet {name!r}; expected one of {sorted(sheets)}")
        known = {column["name"] for column in sheets[name]["columns"]}
        for row in sheet_rows:
            unknown = sorted(set(row) - known)
            if unknown:
                raise ValueError(f"unknown column(s) {unknown} in sheet {name!r}")


# --- 参数 ----------------------------------------------------------------------------------------


def _param_rows(spec: Mapping[str, Any], params: Mapping[str, Cell] | None) -> list[tuple[str, Cell]]:
    """The 参数 rows as (key, value): the given ones, or every key with its default as text."""
    if params is None:
        return [(param["key"], _default(param)) for param in spec["params"]]
    return list(params.items())


def _default(param: Mapping[str, Any]) -> str | None:
    """A key's default as text (None when it has none, e.g. 年度)."""
    return str(param["default"]) if "default" in param else None


def _add_params(
    worksheet: Any,
    formats: _Formats,
    spec: Mapping[str, Any],
    sheet: Mapping[str, Any],
    rows: list[tuple[str, Cell]],
) -> None:
    """参数 | 值 rows (值 formatted as text), a dropdown of keys, and each value's own rule."""
    key_column, value_column = sheet["columns"][:2]
    text = formats.get(num_format="@")
    worksheet.set_column(1, 1, value_column["width"], text)  # 130% or 80%,60% stay as typed
    keys = [param["key"] for param in spec["params"]]
    rule = _list_rule(key_column["name"], "", keys)
    rule.update(input_title=key_column["name"], input_message=_clip(key_column["about"], 255))
    worksheet.data_validation(1, 0, PARAM_ROWS - 1, 0, rule)
    by_key = {param["key"]: param for param in spec["params"]}
    for r, (key, value) in enumerate(rows, start=1):
        worksheet.write_string(r, 0, key)
        _write_cell(worksheet, formats, (r, 1), {"num_format": "@"}, value)
        if key in by_key:
            worksheet.data_validation(r, 1, r, 1, _param_rule(spec, by_key[key]))


def _param_rule(spec: Mapping[str, Any], param: Mapping[str, Any]) -> dict[str, Any]:
    """A 值 cell's rule: the key's dropdown when it has a list; its explanation either way."""
    key = param["key"]
    rule = (
        _list_rule(key, param["list"], spec["lists"][param["list"]])
        if "list" in param
        else {"validate": "any"}
    )
    rule.update(input_title=_clip(key, 32), input_message=_clip(param.get("about", ""), 255))
    return rule


# --- 填报说明 ------------------------------------------------------------------------------------

GENERAL_RULES = (
    "请在“项目”“资金”“指标”三张表中逐行填写，“参数”表可选。填好后先运行 evalxl check 工作簿.xlsx 检查，"
    "没有错误后再运行 evalxl run 工作簿.xlsx 生成自评表。",
    "程序按表头文字查找工作表和列，不看位置：可以调整列的顺序、在表头上方加标题行、增加自用的列，"
    "但请勿修改表头文字。橙色表头为必填列，蓝色表头为选填列；选中单元格可看到该列的说明。",
    "“指标”表中，项目名称、一级指标、二级指标留空时沿用上一行的值，可按自评表的层级方式填写。"
    "空行会被跳过；合并单元格按其左上角的值计。",
    "金额填数字，单位见“参数”表的“金额单位”（默认万元）。百分数可直接按百分比输入，如输入 98% 即表示 98%。",
    "年度指标值、全年完成值按原样填写，如 ≥20 次、≤15.2 万元、100%、12月31日之前、改善。"
    "以 = 开头的内容（如 =100%）请先输入英文单引号 ' 再输入，作为文本保存（本模板中这两列已设为文本格式）。",
    "检查发现的每个问题都标明位置“工作表!单元格”（如 指标!F12），并附代码和中文说明，一次列出全部问题。",
)


def _add_guide(worksheet: Any, formats: _Formats, spec: Mapping[str, Any]) -> None:
    """The 填报说明 sheet: title, general rules, then every sheet's columns and the 参数 keys."""
    for col, width in enumerate(_GUIDE_WIDTHS):
        worksheet.set_column(col, col, width)
    title = formats.get(bold=True, font_size=16, align="center", valign="vcenter")
    worksheet.merge_range(0, 0, 0, 2, TITLE + " " + GUIDE_SHEET, title)
    worksheet.set_row(0, 30)
    row = _guide_heading(worksheet, formats, 2, "一、通用规则")
    for number, rule in enumerate(GENERAL_RULES, start=1):
        row = _guide_paragraph(worksheet, formats, row, f"{number}. {rule}")
    for number, sheet in enumerate(spec["sheets"], start=2):
        row = _guide_sheet(worksheet, formats, row + 1, _chinese_number(number), spec, sheet)
        if sheet["name"] == PARAMS_SHEET:
            row = _guide_params(worksheet, formats, row, spec)
    _print_a4(worksheet, landscape=False)
    worksheet.print_area(0, 0, row, 2)


def _guide_sheet(
    worksheet: Any,
    formats: _Formats,
    row: int,
    number: str,
    spec: Mapping[str, Any],
    sheet: Mapping[str, Any],
) -> int:
    """One sheet's section: heading, what it holds, and its columns table; returns the next row."""
    need = "必填" if sheet.get("required", False) else "可选"
    row = _guide_heading(worksheet, formats, row, f"{number}、工作表“{sheet['name']}”（{need}）")
    row = _guide_paragraph(worksheet, formats, row, sheet["about"])
    lines = [
        (column["name"], "必填" if column.get("required", False) else "选填", _column_help(spec, column))
        for column in sheet["columns"]
    ]
    return _guide_table(worksheet, formats, row, ("列名", "是否必填", "说明"), lines)


def _guide_params(worksheet: Any, formats: _Formats, row: int, spec: Mapping[str, Any]) -> int:
    """The 参数 keys table: 参数 | 默认值 | 说明."""
    row = _guide_paragraph(
        worksheet, formats, row + 1, "“参数”表可填写的参数（未填写的取默认值；写错的参数名会报错）："
    )
    lines = []
    for param in spec["params"]:
        about = param.get("about", "")
        if "list" in param:
            about += "（可选：" + "、".join(spec["lists"][param["list"]]) + "）"
        lines.append((param["key"], str(param.get("default", "—")), about))
    return _guide_table(worksheet, formats, row, ("参数", "默认值", "说明"), lines)


def _column_help(spec: Mapping[str, Any], column: Mapping[str, Any]) -> str:
    """A column's explanation, with its dropdown values when it has a list."""
    about = str(column["about"])
    if "list" in column:
        words = "、".join(spec["lists"][column["list"]])
        about += f"（下拉选择：{words}" + ("；也可填写其他名称）" if column["list"] in OPEN_LISTS else "）")
    return about


def _guide_heading(worksheet: Any, formats: _Formats, row: int, text: str) -> int:
    """A bold section heading across the three columns."""
    worksheet.merge_range(row, 0, row, 2, text, formats.get(bold=True, font_size=12, valign="vcenter"))
    worksheet.set_row(row, 22)
    return row + 1


def _guide_paragraph(worksheet: Any, formats: _Formats, row: int, text: str) -> int:
    """Wrapped text across the three columns, with a row height that shows all of it."""
    worksheet.merge_range(row, 0, row, 2, text, formats.get(text_wrap=True, valign="top"))
    worksheet.set_row(row, _height(text, sum(_GUIDE_WIDTHS)))
    return row + 1


def _guide_table(
    worksheet: Any, formats: _Formats, row: int, header: Sequence[str], lines: Sequence[Sequence[str]]
) -> int:
    """A bordered table with a shaded header; returns the row after it."""
    head = formats.get(bold=True, border=1, align="center", valign="vcenter", bg_color=_OPTIONAL_FILL)
    body = formats.get(border=1, text_wrap=True, valign="top")
    worksheet.write_row(row, 0, header, head)
    for line in lines:
        row += 1
        for col, text in enumerate(line):
            worksheet.write_string(row, col, text, body)
        worksheet.set_row(
            row, max(_height(text, width) for text, width in zip(line, _GUIDE_WIDTHS, strict=True))
        )
    return row + 1


def _height(text: str, width: float) -> float:
    """Row height (points) for ``text`` wrapped in a cell ``width`` characters wide."""
    usable = max(width - 2, 1)
    lines = sum(max(1, math.ceil(_display_width(part) / usable)) for part in text.split("\n"))
    return lines * _LINE_HEIGHT + 4


def _display_width(text: str) -> int:
    """Width in character units: CJK and full-width characters count double."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _chinese_number(number: int) -> str:
    """1..10 as 一..十 for section headings."""
    return "一二三四五六七八九十"[number - 1]


def _clip(text: str, limit: int) -> str:
    """Excel's validation titles and messages have length limits."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
