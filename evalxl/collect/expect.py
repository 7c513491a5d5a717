"""``--expect LIST.xlsx``: who should have sent something, and who has not.

The list is any workbook whose first sheet has a header row (within its first rows) naming some of
项目实施单位 (or 单位 …), 项目名称, 项目编码 and 主管部门 — the spellings are data in
``workbook_templates/collect.toml``. A row with a 项目编码 or 项目名称 expects that project (matched by
its code, else by its name, and by its unit when the row names one); a row with only a unit expects
that unit to have sent at least one project.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evalxl.collect.places import in_file
from evalxl.collect.records import CollectedProject
from evalxl.contract.collect_schema import expect_headers
from evalxl.contract.form_schema import label_key
from evalxl.findings import Finding, Place, finding
from evalxl.reading import UnreadableWorkbook, cell_text
from evalxl.reading.xlsx_file import inspect, open_workbook, sheet_values

PROJECT, UNIT = "项目", "单位"


@dataclass(frozen=True)
class Expected:
    """One row of the list: a project (by code or name, and unit) or a unit expected to send."""

    kind: str  # PROJECT or UNIT
    text: str  # what the roll-up shows: the project's or the unit's name
    code: str
    unit: str
    place: Place  # the row's first filled cell in the list, as [list.xlsx]Sheet!A1


def read_expected(path: Path) -> tuple[tuple[Expected, ...], list[Finding]]:
    """The rows of the list at ``path``, and a finding when it cannot be read or has no header row."""
    name = path.name
    try:
        titles, _meta = inspect(path, ())
        rows = sheet_values(open_workbook(path), titles[0]) if titles else []
    except UnreadableWorkbook as problem:
        return (), [problem.finding]
    header, columns = _header(rows)
    if not columns:
        return (), [finding("EXPECT_LIST_UNREADABLE", name, name=name)]
    sheet = titles[0]
    expected = [e for r in range(header, len(rows)) if (e := _row(rows[r], r + 1, columns, sheet, name))]
    return tuple(expected), []


def _header(rows: list[list[Any]]) -> tuple[int, dict[str, int]]:
    """The row after the header and the columns it names (0-based), or (0, {}) when none does."""
    spellings = expect_headers()
    wanted = {
        "unit": spellings.unit,
        "project": spellings.project,
        "code": spellings.code,
        "department": spellings.department,
    }
    for r, row in enumerate(rows[: spellings.header_rows]):
        found: dict[str, int] = {}
        for c, value in enumerate(row):
            key = label_key(cell_text(value)) if value not in (None, "") else ""
            for field, names in wanted.items():
                if key in names and field not in found:
                    found[field] = c
        if found.keys() & {"unit", "project", "code"}:
            return r + 1, found
    return 0, {}


def _row(row: list[Any], number: int, columns: dict[str, int], sheet: str, name: str) -> Expected | None:
    def text(field: str) -> str:
        c = columns.get(field)
        return cell_text(row[c]) if c is not None and c < len(row) and row[c] not in (None, "") else ""

    code, project, unit = text("code"), text("project"), text("unit")
    first = next((columns[f] for f in ("project", "code", "unit") if text(f)), None)
    if first is None:
        return None
    place = in_file(name, Place(sheet, number, first + 1))
    if code or project:
        return Expected(PROJECT, project or code, code, unit, place)
    return Expected(UNIT, unit, "", unit, place)


def not_sent(expected: Sequence[Expected], projects: Sequence[CollectedProject]) -> list[Expected]:
    """The rows of the list that no collected project answers, in the list's order."""
    codes = {p.code for p in projects if p.code}
    names = {(p.name, p.unit) for p in projects}
    bare_names = {p.name for p in projects}
    units = {p.unit for p in projects}
    out = []
    for e in expected:
        if e.kind == UNIT:
            sent = e.unit in units
        elif e.code:
            sent = e.code in codes
        else:
            sent = (e.text, e.unit) in names if e.unit else e.text in bare_names
        if not sent:
            out.append(e)
    return out


def not_sent_findings(missing: Sequence[Expected]) -> list[Finding]:
    """A finding at each row of the list that nothing collected answers."""
    return [
        finding(
            "EXPECT_NOT_SENT",
            e.place,
            kind=e.kind,
            name=e.text + (f"（{e.unit}）" if e.kind == PROJECT and e.unit else ""),
        )
        for e in missing
    ]
