"""Checking what the runs wrote: evalxl's split files are sound, and the floor wrote the same.

``check_split``: every split workbook opens as a zip (each member's CRC read, ``xl/workbook.xml``
with 4 sheets whose parts exist), 50 spread over the folder open fully with openpyxl, and
``manifest.csv`` has one row per project.

``same_content``: the floor's output workbook and split files against evalxl's — byte for byte
(SHA-256; the manifests list every split file's), and three split files (first, middle, last) and,
up to 1,000 projects, the output workbooks cell by cell with openpyxl (``parity.py``), so that a
difference is named, not only counted.
"""

from __future__ import annotations

import csv
import hashlib
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import parity

OPENPYXL_SAMPLE = 50
PARITY_FILES = 3
PARITY_MAIN_UP_TO = 1_000  # projects: a larger output workbook takes minutes to load with openpyxl
MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@dataclass
class SplitCheck:
    """What the check of a folder of split workbooks found."""

    files: int = 0
    zip_ok: int = 0
    openpyxl_ok: int = 0
    openpyxl_checked: int = 0
    manifest_rows: int = 0
    problems: list[str] = field(default_factory=list)


def _zip_problem(path: Path) -> str:
    """ "" when ``path`` is a sound xlsx (CRCs, workbook.xml with 4 sheets whose parts exist), else why not."""
    try:
        with zipfile.ZipFile(path) as archive:
            bad = archive.testzip()
            names = set(archive.namelist())
            if bad or "xl/workbook.xml" not in names:
                return f"bad member {bad}" if bad else "no xl/workbook.xml"
            sheets = ET.fromstring(archive.read("xl/workbook.xml")).iter(f"{MAIN_NS}sheet")
            count = sum(1 for _ in sheets)
            parts = sum(1 for n in names if n.startswith("xl/worksheets/sheet"))
            return "" if count == parts == 4 else f"{count} sheets, {parts} sheet parts"
    except (OSError, zipfile.BadZipFile, ET.ParseError) as problem:
        return str(problem)


def _openpyxl_problem(path: Path) -> str:
    """ "" when openpyxl opens ``path`` fully and finds 汇总, a form, 计算过程 and 检查结果."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path)
        names = book.sheetnames
        form = book.worksheets[1]
        good = len(names) == 4 and names[0] == "汇总" and names[2:] == ["计算过程", "检查结果"]
        return "" if good and form.max_row >= 20 else f"sheets {names}, form rows {form.max_row}"
    except Exception as problem:  # any failure to open is what we look for
        return repr(problem)


def check_split(folder: Path, projects: int) -> SplitCheck:
    """Check every split workbook with zipfile, a sample of 50 fully with openpyxl, and the manifest."""
    files = sorted(folder.glob("*.xlsx"))
    check = SplitCheck(files=len(files))
    if len(files) != projects:
        check.problems.append(f"{len(files)} files for {projects} projects")
    for path in files:
        if problem := _zip_problem(path):
            check.problems.append(f"{path.name}: {problem}")
        else:
            check.zip_ok += 1
    for path in parity.spread(files, OPENPYXL_SAMPLE):
        check.openpyxl_checked += 1
        if problem := _openpyxl_problem(path):
            check.problems.append(f"{path.name} (openpyxl): {problem}")
        else:
            check.openpyxl_ok += 1
    manifest = folder / "manifest.csv"
    check.manifest_rows = len(_manifest(manifest)) if manifest.exists() else 0
    return check


# --------------------------------------------------------------------------- the floor wrote the same


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "-"


def _manifest(path: Path) -> dict[str, str]:
    """File name -> SHA-256, from a manifest.csv ({} when absent)."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {row[0]: row[-1] for row in list(csv.reader(handle))[1:] if row}


def same_main(evalxl: Path, floor: Path, projects: int) -> str:
    """One line: are the two output workbooks the same (bytes; else cell by cell when small enough)."""
    if _sha256(evalxl) == _sha256(floor):
        return f"byte-identical ({evalxl.stat().st_size:,} bytes)"
    if projects > PARITY_MAIN_UP_TO:
        return "NOT byte-identical (too large to compare cell by cell with openpyxl)"
    return "NOT byte-identical; " + parity.compare(evalxl, floor).summary()


def same_split(evalxl: Path, floor: Path) -> list[str]:
    """Lines: how many split files are byte-identical (manifest SHA-256s), and the openpyxl
    comparison of three of them (those that differ first)."""
    ours, theirs = _manifest(evalxl / "manifest.csv"), _manifest(floor / "manifest.csv")
    identical = sum(1 for name, sha in ours.items() if theirs.get(name) == sha)
    differing = [name for name in ours if theirs.get(name) != ours[name]]
    lines = [
        f"{identical:,} of {len(ours):,} split files byte-identical (SHA-256 of each, from both manifests)"
    ]
    names = differing[:PARITY_FILES] or [
        p.name for p in parity.spread(sorted(evalxl.glob("*.xlsx")), PARITY_FILES)
    ]
    for name in names:
        if (floor / name).exists():
            lines.append(f"{name}: {parity.compare(evalxl / name, floor / name).summary()}")
        else:
            lines.append(f"{name}: the floor wrote no such file")
    return lines
