"""The cell formats of the output workbook, made once per workbook from the layout's font."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from evalxl import money as amounts
from evalxl.exporting.cells import Format
from evalxl.exporting.layout import Layout


@dataclass(frozen=True)
class Formats:
    """The workbook's cell formats, made once per workbook."""

    title: Format
    year: Format
    label: Format
    text: Format
    center: Format
    money: Format  # an amount in a form (全年预算数 …): the one money format of every output
    figure: Format  # a weight or a score in a form
    rate: Format
    note: Format
    head: Format
    cell: Format
    number: Format
    amount: Format
    percent: Format
    score: Format
    total: Format
    plain: Format
    sheet_title: Format

    def kind(self, name: str) -> Format:
        """The format called ``name`` (a field of this class)."""
        return getattr(self, name)


def make_formats(wb: Any, layout: Layout) -> Formats:
    """The workbook's formats, in the layout's font and size."""
    style = layout.style
    base: dict[str, Any] = {"font_name": style.font, "font_size": style.font_size, "valign": "vcenter"}
    boxed = {**base, "border": 1, "text_wrap": True}
    boxed_line = {**base, "border": 1}

    def make(props: dict[str, Any], **more: Any) -> Format:
        return wb.add_format({**props, **more})

    return Formats(
        title=make(base, bold=True, font_size=style.title_size, align="center"),
        year=make(base, align="center"),
        label=make(boxed, align="center"),
        text=make(boxed, align="left"),
        center=make(boxed, align="center"),
        money=make(boxed, align="center", num_format=amounts.NUMBER_FORMAT),
        figure=make(boxed, align="center", num_format="General"),
        rate=make(boxed, align="center", num_format="0.00%"),
        note=make(base, align="left", valign="top", text_wrap=True),
        head=make(boxed, align="center", bold=True, bg_color="#F2F2F2"),
        cell=make(boxed_line),
        number=make(boxed_line, align="center"),
        amount=make(boxed_line, num_format=amounts.NUMBER_FORMAT),
        percent=make(boxed_line, num_format="0.00%"),
        score=make(boxed_line, num_format="0.00"),
        total=make(boxed_line, bold=True, align="center"),
        plain=make(base),
        sheet_title=make(base, bold=True, font_size=14, align="center"),
    )


class FormatCache:
    """XlsxWriter formats made on demand, one per distinct set of properties (the input template's
    sheets need few)."""

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
