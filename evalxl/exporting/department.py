"""The 部门整体支出绩效自评表 (issue 13): a department's form, printed by the one form renderer
(:func:`evalxl.exporting.form.write_form`) with the department's layout
(``layouts/department_form.toml``); a derived department's 说明 is the layout's ``derived`` label."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from evalxl.department import ScoredDepartment
from evalxl.exporting.form import Form, write_form
from evalxl.exporting.layout import Layout
from evalxl.model import ScoredProject, Settings

SHEET_SUFFIX = "（部门整体）"


def department_sheet_name(department: ScoredDepartment) -> str:
    """The name of the department's form sheet, before :func:`evalxl.exporting.cells.sheet_names`
    makes it a valid, unique sheet name."""
    return f"{department.name}{SHEET_SUFFIX}"


def write_department_form(
    form: Form, department: ScoredDepartment, settings: Settings, projects: Sequence[str] = ()
) -> None:
    """Fill one department's form sheet; ``projects`` are the names of the run's projects (a
    derived department's 说明 names its own)."""
    write_form(form, department_form_record(department, form.layout, projects), settings)


def department_form_record(
    department: ScoredDepartment, layout: Layout, projects: Sequence[str] = ()
) -> ScoredProject:
    """What the department's form prints (in the workbook and in its report): its scored record,
    a derived department's 说明 the layout's ``derived`` label naming its projects."""
    scored = department.form
    if department.derived and layout.derived:
        names = "、".join(projects[k] for k in department.members if k < len(projects))
        remark = layout.derived.format(count=len(department.members), projects=names)
        scored = replace(scored, project=replace(scored.project, remark=remark))
    return scored
