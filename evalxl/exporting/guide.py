"""The 填报说明 sheet of the blank input workbook: the general rules, every sheet's columns and the
参数 keys, all from the contract (``standard_input.toml``), laid out to print on A4."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from evalxl.contract import Column, StandardInput
from evalxl.exporting.cells import display_width
from evalxl.exporting.formats import FormatCache

PARAMS_SHEET = "参数"
SHADE = "#DDEBF7"  # the shade of the optional columns' headers, also the guide's table headers
_GUIDE_WIDTHS = (24, 14, 64)  # 列名 | 是否必填 | 说明
_LINE_HEIGHT = 16.0


def print_a4(worksheet: Any, *, landscape: bool) -> None:
    """A4, fit to one page wide, with the page number in the footer."""
    worksheet.set_paper(9)
    if landscape:
        worksheet.set_landscape()
    else:
        worksheet.set_portrait()
    worksheet.fit_to_pages(1, 0)
    worksheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    worksheet.set_footer("&C第 &P 页，共 &N 页")


def add_guide(worksheet: Any, formats: FormatCache, spec: StandardInput) -> None:
    """The 填报说明 sheet: title, general rules, then every sheet's columns and the 参数 keys."""
    guide = spec.guide
    for col, width in enumerate(_GUIDE_WIDTHS):
        worksheet.set_column(col, col, width)
    title = formats.get(bold=True, font_size=16, align="center", valign="vcenter")
    worksheet.merge_range(0, 0, 0, 2, guide.title + " " + guide.sheet, title)
    worksheet.set_row(0, 30)
    row = _heading(worksheet, formats, 2, f"{_chinese_number(1)}、{guide.rules_heading}")
    for number, rule in enumerate(guide.rules, start=1):
        row = _paragraph(worksheet, formats, row, f"{number}. {rule}")
    for number, sheet in enumerate(spec.sheets, start=2):
        need = "必填" if sheet.required else "可选"
        row = _heading(
            worksheet, formats, row + 1, f"{_chinese_number(number)}、工作表“{sheet.name}”（{need}）"
        )
        row = _paragraph(worksheet, formats, row, sheet.about)
        lines = [(c.name, "必填" if c.required else "选填", _column_help(spec, c)) for c in sheet.columns]
        row = _table(worksheet, formats, row, guide.columns_header, lines)
        if sheet.name == PARAMS_SHEET:
            row = _params(worksheet, formats, row, spec)
    print_a4(worksheet, landscape=False)
    worksheet.print_area(0, 0, row, 2)


def _params(worksheet: Any, formats: FormatCache, row: int, spec: StandardInput) -> int:
    """The 参数 keys table: 参数 | 默认值 | 说明."""
    row = _paragraph(worksheet, formats, row + 1, spec.guide.params_intro)
    lines = []
    for param in spec.params:
        about = param.about
        if param.list:
            about += "（可选：" + "、".join(spec.lists[param.list]) + "）"
        lines.append((param.key, param.default if param.default is not None else "—", about))
    return _table(worksheet, formats, row, spec.guide.params_header, lines)


def _column_help(spec: StandardInput, column: Column) -> str:
    """A column's explanation, with its dropdown values when it has a list."""
    about = column.about
    if column.list:
        words = "、".join(spec.lists[column.list])
        about += f"（下拉选择：{words}" + ("；也可填写其他名称）" if column.list in spec.open_lists else "）")
    return about


def _heading(worksheet: Any, formats: FormatCache, row: int, text: str) -> int:
    """A bold section heading across the three columns."""
    worksheet.merge_range(row, 0, row, 2, text, formats.get(bold=True, font_size=12, valign="vcenter"))
    worksheet.set_row(row, 22)
    return row + 1


def _paragraph(worksheet: Any, formats: FormatCache, row: int, text: str) -> int:
    """Wrapped text across the three columns, with a row height that shows all of it."""
    worksheet.merge_range(row, 0, row, 2, text, formats.get(text_wrap=True, valign="top"))
    worksheet.set_row(row, _height(text, sum(_GUIDE_WIDTHS)))
    return row + 1


def _table(
    worksheet: Any, formats: FormatCache, row: int, header: Sequence[str], lines: Sequence[Sequence[str]]
) -> int:
    """A bordered table with a shaded header; returns the row after it."""
    head = formats.get(bold=True, border=1, align="center", valign="vcenter", bg_color=SHADE)
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
    lines = sum(max(1, math.ceil(display_width(part) / usable)) for part in text.split("\n"))
    return lines * _LINE_HEIGHT + 4


def _chinese_number(number: int) -> str:
    """1..10 as 一..十 for section headings."""
    return "一二三四五六七八九十"[number - 1]
