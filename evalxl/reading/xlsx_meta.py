"""What python-calamine does not tell: which cells are formatted as percentages, and which hold formulas.

calamine reads cell values fast (a typed ``98%`` comes back as 0.98, a formula as its cached value),
but the contract needs two more facts: a percent number format (``98%`` means 98%) and a formula's
own text (a typed ``=100%`` is the target ``=100%``; a formula without a cached value is an error).
Both sit in the workbook's XML: the number formats in ``xl/styles.xml`` (small, parsed with
ElementTree) and the cells in the sheet's XML, scanned once, as bytes (no decoding of the whole
part), with regular expressions that only match the cells that carry a percent style or a formula.
The same scan notes the rows hidden in Excel (``<row … hidden="1">``): read as any other, but named
in a note (issue 14).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from xml.etree import ElementTree

from defusedxml import ElementTree as SafeTree

from evalxl.reading import limits

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_BUILTIN_PERCENT = {9, 10}
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]+)"')
_FORMULA = re.compile(rb"<f\b[^>]*?(?:/>|>([^<]*)</f>)")
_HIDDEN_ROW = re.compile(rb'<row\b[^>]*?\bhidden="(?:1|true)"[^>]*>')
_ROW_NUMBER = re.compile(rb'\br="([0-9]+)"')
_ENTITIES = {"&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"', "&apos;": "'"}


@dataclass
class SheetMeta:
    """Percent-formatted cells and formula texts of one sheet, keyed by 1-based (row, column), how
    many rows the sheet's XML holds, and which rows are hidden (1-based)."""

    percent: set[tuple[int, int]] = field(default_factory=set)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    rows: int = 0
    hidden: frozenset[int] = frozenset()


def column_index(letters: str) -> int:
    """``A`` → 1, ``AA`` → 27."""
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index


def read_meta(archive: zipfile.ZipFile, sheet_names: list[str]) -> dict[str, SheetMeta]:
    """Percent cells and formulas of the named sheets (sheets not found are left out).

    Every part is inflated within :mod:`evalxl.reading.limits` and XML is parsed with defusedxml (no
    entity expansion, no external entities); raises :class:`evalxl.reading.limits.TooLarge` or
    defusedxml's and ElementTree's errors for a hostile or damaged workbook.
    """
    paths = sheet_paths(archive)
    percent_styles = _percent_styles(archive)
    found = {}
    for name in sheet_names:
        if name in paths and paths[name] in archive.namelist():
            found[name] = _scan(limits.read_part(archive, paths[name]), percent_styles)
    return found


def sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its XML part, from workbook.xml and its relationships, in workbook order."""
    workbook = _parse(archive, "xl/workbook.xml")
    rels_name = "xl/_rels/workbook.xml.rels"
    rels = _parse(archive, rels_name) if rels_name in archive.namelist() else None
    targets = (
        {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
        if rels is not None
        else {}
    )
    paths = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        if target:
            part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
            paths[sheet.get("name", "")] = part
    return paths


def _percent_styles(archive: zipfile.ZipFile) -> set[int]:
    """Indexes of the cell formats (the ``s`` attribute) whose number format shows a percentage."""
    if "xl/styles.xml" not in archive.namelist():
        return set()
    styles = _parse(archive, "xl/styles.xml")
    custom = {
        int(fmt.get("numFmtId", "-1")): fmt.get("formatCode", "") for fmt in styles.iter(f"{_MAIN}numFmt")
    }
    percent_ids = _BUILTIN_PERCENT | {i for i, code in custom.items() if "%" in _QUOTED.sub("", code)}
    cell_xfs = styles.find(f"{_MAIN}cellXfs")
    if cell_xfs is None:
        return set()
    return {
        n for n, xf in enumerate(cell_xfs.iter(f"{_MAIN}xf")) if int(xf.get("numFmtId", "0")) in percent_ids
    }


def _parse(archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
    return SafeTree.fromstring(limits.read_part(archive, name))


def _scan(xml: bytes, percent_styles: set[int]) -> SheetMeta:
    meta = SheetMeta(rows=xml.count(b"<row ") + xml.count(b"<row>"))
    if percent_styles:
        styles = "|".join(str(s) for s in sorted(percent_styles)).encode()
        for match in re.finditer(rb'<c\b[^>]*?\bs="(?:' + styles + rb')"[^>]*>', xml):
            place = _place(match.group(0))
            if place:
                meta.percent.add(place)
    for match in _FORMULA.finditer(xml):
        start = xml.rfind(b"<c ", 0, match.start())
        place = _place(xml[start : xml.find(b">", start) + 1]) if start >= 0 else None
        if place:
            text = (match.group(1) or b"").decode("utf-8", errors="replace")
            meta.formulas[place] = "=" + _unescape(text)
    if b'hidden="' in xml:
        meta.hidden = _hidden_rows(xml)
    return meta


def _hidden_rows(xml: bytes) -> frozenset[int]:
    """The numbers of the rows marked hidden; a row without its ``r`` attribute (allowed, rarely
    written) is numbered by counting the rows before it."""
    hidden = set()
    for match in _HIDDEN_ROW.finditer(xml):
        number = _ROW_NUMBER.search(match.group(0))
        if number:
            hidden.add(int(number.group(1)))
        else:
            before = xml[: match.start()]
            hidden.add(before.count(b"<row ") + before.count(b"<row>") + 1)
    return frozenset(hidden)


def _place(tag: bytes) -> tuple[int, int] | None:
    ref = _REF.search(tag)
    return (int(ref.group(2)), column_index(ref.group(1).decode("ascii"))) if ref else None


def _unescape(text: str) -> str:
    return re.sub(r"&(?:lt|gt|amp|quot|apos);", lambda m: _ENTITIES[m.group(0)], text)
