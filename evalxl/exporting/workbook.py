"""The output workbook: 汇总, one 自评表 per project, 计算过程 and 检查结果, assembled and written.

The workbook is written with XlsxWriter into a temporary file beside the target and moved into
place with ``os.replace`` (never a partial file), and its bytes depend only on the input: the
creation date is fixed (``SOURCE_DATE_EPOCH`` when set). The only formulas are the 汇总 sums, rates
and weighted scores, written with cached values.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from evalxl import collector, contract
from evalxl.delivery.output_file import atomic_path, created_date
from evalxl.delivery.seal import SealedWorkbook
from evalxl.exporting import layout as layouts
from evalxl.exporting.cells import sheet_names, year_text
from evalxl.exporting.department import department_sheet_name, write_department_form
from evalxl.exporting.form import Form, write_form
from evalxl.exporting.formats import make_formats
from evalxl.exporting.service_sheets import provenance, write_checks, write_summary, write_trace
from evalxl.model import RunResult

_WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "in_memory": True,
}


def _fill(wb: Any, result: RunResult, forms: bool) -> None:
    """Add the sheets in their order (汇总, the forms, 计算过程, 检查结果) and fill them."""
    settings = result.settings
    form_layout = layouts.get(settings.layout)
    first_department = result.projects[0].project.department if result.projects else ""
    wb.set_properties(
        {
            "title": f"{year_text(settings.year)}年度{form_layout.title}"
            if settings.year
            else form_layout.title,
            "subject": f"项目支出绩效自评（{result.source.name}）"
            if result.source.name
            else "项目支出绩效自评",
            "author": first_department,
            "keywords": f"项目支出绩效自评, {settings.layout}, {settings.rules_name}",
            "comments": provenance(result),
            "created": created_date(),
        }
    )
    fmt = make_formats(wb, form_layout)
    around = contract.output_sheets()
    summary = wb.add_worksheet(around.summary.name)
    projects = result.projects if forms else ()
    departments = result.department_results if forms and _given(result) else ()
    titles = [p.project.name for p in projects] + [department_sheet_name(d) for d in departments]
    names = sheet_names(titles, around.names)
    sheets = [wb.add_worksheet(name) for name in names]
    trace = wb.add_worksheet(around.trace.name)
    checks = wb.add_worksheet(around.checks.name)
    write_summary(summary, result, fmt)
    for ws, scored in zip(sheets, projects, strict=False):
        write_form(Form(ws, form_layout, fmt), scored, settings)
    if departments:  # issue 13: the 部门整体支出绩效自评表 of each department, after the projects'
        department_layout = layouts.department()
        department_fmt = make_formats(wb, department_layout)
        project_names = [p.project.name for p in result.projects]
        for ws, scored_department in zip(sheets[len(projects) :], departments, strict=True):
            department_form = Form(ws, department_layout, department_fmt)
            write_department_form(department_form, scored_department, settings, project_names)
    write_trace(trace, result, fmt, form_layout)
    write_checks(checks, result, fmt)


def _given(result: RunResult) -> bool:
    """Whether the departments' forms are printed: when the input gives one (a row of 部门), every
    department's, the others derived from their projects; an input without one prints none (its
    departments' derived figures are in the result, for the reports)."""
    return any(not d.derived for d in result.department_results)


def write_workbook(result: RunResult, path: Path, *, forms: bool = True) -> None:
    """Write the output workbook for ``result`` to ``path``, atomically and reproducibly.

    With ``forms`` false the workbook holds 汇总, 计算过程 and 检查结果 only.

    The forms follow the layout named by ``result.settings.layout`` (see :mod:`evalxl.exporting.layout`).
    The workbook is built in a hidden temporary file in the same directory and moved onto
    ``path`` with ``os.replace``; on any error the temporary file is removed and the error
    re-raised, so ``path`` is either the complete new workbook or left as it was. The same
    ``result`` (and ``SOURCE_DATE_EPOCH``) always gives the same bytes. The input's name and
    SHA-256 (``result.source``) are recorded in the document properties and under the 汇总 table,
    and the workbook's seal (:mod:`evalxl.delivery.seal`) in its custom properties.
    """
    path = Path(path)
    with (
        collector.paused(),  # a fifth of the time at province scale (see the module)
        atomic_path(path) as tmp,
        SealedWorkbook(str(tmp), _WORKBOOK_OPTIONS) as wb,
    ):
        _fill(wb, result, forms)
