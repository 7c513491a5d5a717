"""Importing: the standard input workbook → records (:class:`~evalxl.model.InputBook`) and findings.

The stage has two steps, because the checks need the run's settings and those come from the book's
own 参数 sheet (read by :mod:`evalxl.scoring.settings`) in between:

1. :func:`import_workbook` reads the workbook (:mod:`evalxl.reading`) into records, with the
   findings about single cells (:mod:`evalxl.importing.importer`) and the rows it could not keep,
   each with the project it names (:mod:`evalxl.importing.dropped`);
2. :func:`check` adds the findings across records (:mod:`evalxl.importing.checks`) and the note that
   the file is open in Excel, and gives the book scoring may use: without the rows of unknown
   projects and with each project once.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from evalxl.findings import Finding, finding
from evalxl.importing.checks import run_checks
from evalxl.importing.importer import import_tables, import_workbook
from evalxl.model import InputBook, Project, Settings

__all__ = ["check", "import_tables", "import_workbook"]


def check(path: Path, book: InputBook, settings: Settings) -> tuple[InputBook, list[Finding]]:
    """The book as scoring takes it, and the findings of the checks across records (after the
    note that ``path`` is open in Excel, when it is)."""
    return known_only(book), lock_file(path) + run_checks(book, settings)


def known_only(book: InputBook) -> InputBook:
    """The book without rows naming unknown projects (already reported), so scoring sees consistent
    data; a project named twice (also reported) counts once, as first given."""
    unique: dict[str, Project] = {}
    for p in book.projects:
        unique.setdefault(p.name, p)
    names = set(unique)
    return replace(
        book,
        projects=tuple(unique.values()),
        funds=tuple(f for f in book.funds if f.project in names),
        indicators=tuple(i for i in book.indicators if i.project in names),
    )


def lock_file(path: Path) -> list[Finding]:
    """A note when Excel or WPS holds ``path`` open (its lock file ``~$name`` sits beside it)."""
    lock = path.with_name("~$" + path.name)
    if lock.exists():
        return [finding("FILE_OPEN_IN_EXCEL", path.name, name=path.name, lock=lock.name)]
    return []
