"""Finding forms on a sheet by their labels: where each form starts (its name label, with the title
and year line just above) and ends (before the next form), and which label a cell holds.

Labels are the data of ``form_labels.toml`` (:func:`evalxl.contract.form_labels`), compared after
:func:`evalxl.contract.label_key`; column headers also without a bracketed suffix.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from evalxl.contract import FormLabels, form_labels
from evalxl.forms.grid import Grid, header_key

LEVELS = ("level1", "level2", "level3")


@dataclass(frozen=True)
class Region:
    """One form's rows on a sheet: ``top`` (its title, or the name label), the name label's cell,
    ``bottom`` (the row before the next form, or the sheet's last row)."""

    top: int
    name_row: int
    name_col: int
    bottom: int


@functools.cache
def all_labels() -> frozenset[str]:
    """Every label spelling of the file (a cell holding one is never a value)."""
    labels = form_labels()
    sets = [
        *labels.header.values(),
        *labels.fund_columns.values(),
        *labels.indicator_columns.values(),
        labels.total_row,
        labels.goals,
        labels.planned,
        labels.achieved,
        labels.indicators,
        labels.remark,
        labels.total,
        labels.grade,
    ]
    return frozenset(key for spellings in sets for key in spellings)


def is_label(key: str) -> bool:
    """Whether a cell's key is a known label (also with a colon after it)."""
    return key.rstrip(":") in all_labels() or key.startswith(form_labels().funds_label)


def header_field(key: str) -> str:
    """The header field (name, code, …) a label names, "" for none."""
    key = key.rstrip(":")
    return next((name for name, spellings in form_labels().header.items() if key in spellings), "")


def indicator_header(grid: Grid, row: int) -> dict[str, tuple[int, int]]:
    """The indicator columns a row heads (value -> first and last column), when it holds two of
    一级/二级/三级指标 (or 三级指标 and 年度指标值); else {}."""
    found: dict[str, tuple[int, int]] = {}
    columns = form_labels().indicator_columns
    for col, value in grid.items(row):
        if not isinstance(value, str):
            continue
        key = header_key(value)
        for name, spellings in columns.items():
            if name not in found and key in spellings:
                found[name] = (col, grid.end(row, col)[1])
                break
    levels = sum(name in found for name in LEVELS)
    return found if levels >= 2 or ("level3" in found and "target" in found) else {}


TABLE_HEADER_LABELS = 3  # labels in one row that make it a table's header, not a form's name row


def name_labels(grid: Grid) -> list[tuple[int, int]]:
    """The cells holding a name label (项目名称 …) that start a form: not a table's header row (a run
    of labels, as in a standard 项目 sheet or evalxl's 汇总), nor an
    indicator header row (a standard 指标 sheet's header holds 项目名称 too)."""
    found = []
    for row in range(1, grid.height + 1):
        items = grid.items(row)
        for col, value in items:
            if isinstance(value, str) and header_field(grid.key(row, col)) == "name":
                # a table's header row is a run of labels (项目名称 项目编码 主管部门 …); a form's name
                # row holds at most the name label and 负责人及电话, even when the name is left blank
                labels = sum(isinstance(v, str) and is_label(grid.key(row, c)) for c, v in items)
                heads_a_table = labels >= TABLE_HEADER_LABELS
                if not heads_a_table and not indicator_header(grid, row):
                    found.append((row, col))
                break
    return found


def regions(grid: Grid) -> list[Region]:
    """The forms of a sheet, top to bottom: each from its title (or name label) to the row before
    the next form's title."""
    starts = name_labels(grid)
    tops = [_top(grid, row, starts[k - 1][0] if k else 0) for k, (row, _col) in enumerate(starts)]
    return [
        Region(top, row, col, (tops[k + 1] - 1) if k + 1 < len(tops) else grid.height)
        for k, (top, (row, col)) in enumerate(zip(tops, starts, strict=True))
    ]


def _top(grid: Grid, name_row: int, above: int) -> int:
    """The first row of a form: its title and year lines just above the name label (blank rows in
    between allowed), never reaching the previous form's name label."""
    labels = form_labels()
    top = name_row
    for row in range(name_row - 1, max(above, name_row - 1 - labels.title_above), -1):
        items = grid.items(row)
        if not items:
            continue
        if all(isinstance(v, str) and is_title(grid.key(row, c), labels) for c, v in items):
            top = row
        else:
            break
    return top


def is_title(key: str, labels: FormLabels) -> bool:
    """Whether a text is a form's title (…自评表) or its year line (（2023年度）)."""
    return any(word in key for word in labels.title_words) or year_in(key, labels) is not None


def year_in(key: str, labels: FormLabels) -> int | None:
    """The year a title or year line names (2023年度 → 2023), None for none."""
    words = "|".join(re.escape(w) for w in sorted(labels.year_words, key=len, reverse=True))
    match = re.search(rf"((?:19|20)\d\d)(?:{words})", key)
    return int(match.group(1)) if match else None


def looks_like_form(grid: Grid) -> bool:
    """Whether the sheet holds a form: a name label with an indicator header row below it."""
    starts = name_labels(grid)
    if not starts:
        return False
    return any(indicator_header(grid, row) for row in range(starts[0][0] + 1, grid.height + 1))
