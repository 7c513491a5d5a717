"""The seal of an output workbook: a SHA-256 of every worksheet and of the shared strings, as
evalxl wrote them, kept in the workbook's custom document properties.

``evalxl collect`` reads many units' result workbooks. One whose sheets are byte for byte what
evalxl wrote (the seal holds) carries the figures evalxl computed, so they are taken as printed;
any change (a figure typed over, a row deleted, even a re-save in Excel or WPS) breaks the seal, and
the workbook is then checked the long way: its forms scored again (:mod:`evalxl.collect.edited`).
The seal is no security against a forger (anyone can compute it); it tells evalxl's own untouched
output from everything else, quickly.

Writing: :class:`SealedWorkbook` is an XlsxWriter workbook whose packager (XlsxWriter's documented
``_get_packager`` hook) computes the seal from the parts it has just assembled, before it writes
``docProps/custom.xml``. Reading: :func:`intact` recomputes it from the zip.
"""

from __future__ import annotations

import functools
import hashlib
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

import xlsxwriter
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeTree
from xlsxwriter.packager import Packager

SEAL_PROPERTY = "evalxl 内容校验"  # the custom property's name (Excel shows it under 自定义属性)
_SHEET_PREFIX, _STRINGS = "xl/worksheets/sheet", "xl/sharedStrings.xml"
_CUSTOM = "docProps/custom.xml"
_NS = {"cp": "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"}


def _sealed(name: str) -> bool:
    return (name.startswith(_SHEET_PREFIX) and name.endswith(".xml")) or name == _STRINGS


def digest(parts: Iterable[tuple[str, Callable[[], bytes]]]) -> str:
    """The seal of a workbook's parts: its worksheets and shared strings, by part name. Each part is
    given by a function that reads it, called in name order: one part is held at a time (the parts
    of a workbook of 10,000 projects take ~90 MB)."""
    h = hashlib.sha256()
    for name, read in sorted((p for p in parts if _sealed(p[0])), key=lambda p: p[0]):
        h.update(name.encode("utf-8") + b"\0" + read() + b"\0")
    return h.hexdigest()


class _SealingPackager(Packager):  # type: ignore[misc]
    def _write_custom_file(self) -> None:
        parts = [
            (xml_filename, functools.partial(_text, os_filename))
            for os_filename, xml_filename, binary in self.filenames
            if not binary and _sealed(xml_filename)
        ]
        properties = self.workbook.custom_properties
        for k, (name, _value, kind) in enumerate(properties):
            if name == SEAL_PROPERTY:
                properties[k] = (name, digest(parts), kind)
        super()._write_custom_file()


def _text(os_filename: Any) -> bytes:
    """A part XlsxWriter assembled (in memory with ``in_memory``, else in a temporary file), as the
    UTF-8 bytes it is written as."""
    if hasattr(os_filename, "getvalue"):
        return str(os_filename.getvalue()).encode("utf-8")
    return Path(os_filename).read_bytes()


class SealedWorkbook(xlsxwriter.Workbook):  # type: ignore[misc]
    """An XlsxWriter workbook that records its seal when it is closed."""

    def __init__(self, filename: str, options: dict[str, Any] | None = None) -> None:
        super().__init__(filename, options or {})
        self.set_custom_property(SEAL_PROPERTY, "-")  # its value is set when the parts exist

    def _get_packager(self) -> Packager:
        return _SealingPackager()


def intact(path: Path) -> bool | None:
    """Whether the workbook's worksheets and shared strings are those its seal was made of; None
    when it has no seal (not an evalxl output, or one written before seals). The caller has held
    the file to the reading limits (:func:`evalxl.reading.xlsx_file.inspect`)."""
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        if _CUSTOM not in names:
            return None
        recorded = _recorded(archive.read(_CUSTOM))
        if recorded is None:
            return None
        parts = ((name, functools.partial(archive.read, name)) for name in names if _sealed(name))
        return digest(parts) == recorded


def _recorded(xml: bytes) -> str | None:
    try:
        root = SafeTree.fromstring(xml)
    except (ParseError, DefusedXmlException):
        return None
    for prop in root.findall("cp:property", _NS):
        if prop.get("name") == SEAL_PROPERTY:
            return "".join(prop.itertext()).strip() or None
    return None
