"""Filled-in forms: a workbook of 自评表 sheets (typed by hand in Excel or WPS, or written by evalxl)
→ the standard input's tables, the figures the forms print, and findings at the forms' cells.

Entry points: :func:`looks_like_forms` (is this workbook forms? decided by content) and
:func:`read_forms`. Forms are found by their labels (``workbook_templates/form_labels.toml``),
never by cell addresses; a sheet may hold one form or several stacked down it.

Modules: ``grid`` (a sheet's cells with merges, percent formats and formulas), ``layout`` (where
the forms are, which label a cell holds), ``form`` (one form block by block), ``tables`` (the four
standard tables with their origins, the printed figures), ``records``.
"""

from __future__ import annotations

from pathlib import Path

from evalxl.findings import Finding, Place, finding
from evalxl.forms.form import read_form
from evalxl.forms.grid import Grid, load_grid
from evalxl.forms.layout import looks_like_form, regions
from evalxl.forms.records import FormInfo, FormsRead, Printed, ReadForm, Unreadable
from evalxl.forms.tables import build
from evalxl.reading import limits
from evalxl.reading.cells import normalize_header
from evalxl.reading.xlsx_file import UnreadableWorkbook, inspect, open_workbook
from evalxl.reading.xlsx_meta import SheetMeta

__all__ = ["FormInfo", "FormsRead", "Printed", "looks_like_forms", "read_forms"]


def looks_like_forms(path: Path) -> bool:
    """Cheap: some sheet holds a form (a name label 项目名称/项目支出名称 and an indicator header
    row with 一级指标/二级指标/三级指标 below it) — decided by content, never by sheet or file name.
    A file that cannot be read is not forms (the standard reader then says why)."""
    try:
        titles, _meta = inspect(path, ())
        workbook = open_workbook(path)
        return any(looks_like_form(load_grid(workbook, title, SheetMeta())) for title in titles)
    except UnreadableWorkbook:
        return False


def read_forms(path: Path) -> FormsRead:
    """Read every form of the workbook at ``path`` into the standard tables.

    Raises :class:`evalxl.reading.UnreadableWorkbook` like the standard reader for a file that is
    not a readable xlsx or is over the limits. A form that cannot be read is an error at the cell
    where it stops making sense — a warning that it was skipped when other forms were read.
    """
    titles, meta = inspect(path, [normalize_header(t) for t in titles_of(path)])
    workbook = open_workbook(path)
    found: list[Finding] = []
    read: list[ReadForm] = []
    unreadable: list[Unreadable] = []
    infos: list[FormInfo] = []
    for title in titles:
        sheet_meta = meta.get(title, SheetMeta())
        if sheet_meta.rows > limits.MAX_ROWS:
            place = Place(title, 1, 1)
            found.append(
                finding("TOO_MANY_ROWS", place, sheet=title, rows=sheet_meta.rows, limit=limits.MAX_ROWS)
            )
            continue
        grid = load_grid(workbook, title, sheet_meta)
        found.extend(grid.findings)
        sheet_forms = _sheet_forms(grid)
        if not sheet_forms:
            found.append(finding("FORM_SHEET_EMPTY", Place(title, 1, 1), sheet=title))
        for form in sheet_forms:
            if isinstance(form, ReadForm):
                read.append(form)
                found.extend(form.findings)
                infos.append(FormInfo(form.sheet, form.first_row, form.last_row, form.project, True))
            else:
                unreadable.append(form)
                infos.append(
                    FormInfo(form.sheet, form.first_row, form.last_row, form.project, False, form.reason)
                )
    found.extend(_unreadable_findings(unreadable, bool(read)))
    if not read and not unreadable:
        found.append(finding("FORMS_NONE", path.name, name=path.name, detail=""))
    tables, printed, across = build(read)
    return FormsRead(tables, tuple(printed), tuple(found + across), tuple(infos))


def titles_of(path: Path) -> list[str]:
    """The workbook's sheet names (after the file was checked against the limits)."""
    titles, _meta = inspect(path, ())
    return titles


def _sheet_forms(grid: Grid) -> list[ReadForm | Unreadable]:
    return [read_form(grid, region) for region in regions(grid)]


def _unreadable_findings(forms: list[Unreadable], others_read: bool) -> list[Finding]:
    """Each unreadable form: an error, or a warning that it was skipped when other forms were read."""
    found = []
    for form in forms:
        project = f"“{form.project}”" if form.project else ""
        if others_read:
            found.append(finding("FORM_SKIPPED", form.place, project=project, reason=form.reason))
        else:
            found.append(finding("FORM_UNREADABLE", form.place, project=project, reason=form.reason))
    return found
