"""Filled-in forms → the standard input workbook (``evalxl import``), every value with its source cell.

The rows written are those of the standard tables read from the forms (:func:`evalxl.forms.read_forms`),
each value as the form holds it: amounts and 分值 as numbers (a text such as ``六万`` stays text, for
the user to correct), everything else as the text the user reads (``100%``, ``≤6 万元``). The 来源
sheet lists, for each value written, its cell in the new workbook and the form's cell it came from.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from evalxl import contract
from evalxl.exporting import template
from evalxl.importing.columns import Columns
from evalxl.reading import Table

_NUMBER_KINDS = frozenset({"money", "number"})
PARAMS = "参数"


def write_standard_input(tables: Mapping[str, Table], path: Path, *, force: bool = False) -> None:
    """Write ``tables`` (项目, 资金, 指标, 参数) as a standard input workbook with a 来源 sheet.

    Raises :class:`evalxl.exporting.template.TemplateExistsError` when ``path`` exists and ``force``
    is false; the file is written atomically.
    """
    rows: dict[str, list[dict[str, template.Cell]]] = {}
    sources: list[list[str]] = []
    for spec in contract.sheets():
        table = tables.get(spec.name)
        if table is None or spec.name == PARAMS:
            continue
        rows[spec.name] = _rows(table, spec.name, sources)
    params = _params(tables.get(PARAMS), sources)
    template.write_input_workbook(path, rows, params=params, force=force, sources=sources)


def _rows(table: Table, sheet: str, sources: list[list[str]]) -> list[dict[str, template.Cell]]:
    """The table's rows as the writer takes them; each value written is added to ``sources``."""
    columns = Columns(table, sheet)
    specs = contract.sheet(sheet).columns
    values = {c.name: _values(table, columns, c.name, c.kind) for c in specs if c.name in table.columns}
    out: list[dict[str, template.Cell]] = []
    for k, row in enumerate(table.row_numbers):
        written: dict[str, template.Cell] = {}
        for position, column in enumerate(specs, start=1):
            value = values[column.name][k] if column.name in values else None
            if value is None or value == "":
                continue
            written[column.name] = value
            here = f"{sheet}!{get_column_letter(position)}{k + 2}"
            sources.append([sheet, here, _text(value), str(table.place(column.name, row))])
        out.append(written)
    return out


def _values(table: Table, columns: Columns, name: str, kind: str) -> list[template.Cell]:
    """A column's values: numbers kept as numbers in number columns, otherwise the text shown."""
    if kind in _NUMBER_KINDS:
        texts = columns.texts(name)
        raw = table.column(name)
        return [_number_or_text(v, t) for v, t in zip(raw, texts, strict=True)]
    texts = columns.value_texts(name) if kind == "value" else columns.texts(name)
    return list(texts)


def _number_or_text(value: Any, text: str) -> template.Cell:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return text or None


def _params(table: Table | None, sources: list[list[str]]) -> dict[str, template.Cell]:
    """The 参数 rows read from the forms (年度, 金额单位, 表样 …), in order."""
    if table is None:
        return {}
    columns = Columns(table, PARAMS)
    params: dict[str, template.Cell] = {}
    for row, key, value in zip(table.row_numbers, columns.texts("参数"), columns.texts("值"), strict=True):
        if key and value:
            params[key] = value
            here = f"{PARAMS}!B{len(params) + 1}"
            sources.append([PARAMS, here, f"{key}：{value}", str(table.place("值", row))])
    return params


def _text(value: template.Cell) -> str:
    if isinstance(value, float):
        return f"{value:.10g}"
    return str(value)
