"""Places in a roll-up: a cell of one of the files collected, written as Excel writes a cell of
another workbook (``[农业局.xlsx]汇总!F3``), or the file alone (``来信/农业局.zip!结果.xlsx``)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePath

from evalxl.findings import Finding, Place


def in_file(file: str, place: Place | None = None) -> Place:
    """``[file]Sheet!A1`` for a cell of ``file``; the file's name alone for no cell."""
    if place is None or not place.is_cell:
        return Place(file)
    return Place(f"[{file}]{place.sheet}", place.row, place.column)


def moved(f: Finding, file: str) -> Finding:
    """A finding of one file's own, placed in that file: a cell as ``[file]Sheet!A1``; a finding
    about the whole file (placed at the file's bare name) at the file as it arrived; another place
    that is no cell (a rules file's key) as ``[file]key``."""
    if f.row:
        return replace(f, sheet=f"[{file}]{f.sheet}")
    if f.sheet == PurePath(file.split("!")[-1]).name:
        return replace(f, sheet=file)
    return replace(f, sheet=f"[{file}]{f.sheet}")
