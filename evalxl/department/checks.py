"""Checks of the department sheets (issue 13), across records: each 主管部门 once in 部门, a 部门 row
naming a department the projects have, 部门指标 rows naming a 部门 row, every department with
indicators; and the 指标 sheet's own checks (levels, duplicates, 分值 for all or none) on 部门指标."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from evalxl.department.inputs import as_projects
from evalxl.department.records import Department
from evalxl.findings import Finding, finding
from evalxl.importing.checks import (
    indicator_levels,
    unique_indicators,
    weighted_levels,
    weights_given_for_all_or_none,
)
from evalxl.model import InputBook, Settings


def department_checks(book: InputBook, settings: Settings) -> list[Finding]:
    """Every finding across the department records; ``settings`` are the department's
    (:func:`evalxl.department.inputs.department_settings`)."""
    found = [*_unique(book), *_have_projects(book), *_indicators_named(book), *_have_indicators(book)]
    projects = as_projects(book)
    for check in (indicator_levels, unique_indicators, weighted_levels, weights_given_for_all_or_none):
        found += check(projects, settings)
    return found


def _hint(name: str, names: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(names), n=1, cutoff=0.5)
    return f"，是否为“{close[0]}”？" if close else ""


def _unique(book: InputBook) -> Iterable[Finding]:
    first: dict[str, Department] = {}
    for d in book.departments:
        seen = first.setdefault(d.name, d)
        if seen is not d:
            yield finding("DEPARTMENT_DUPLICATE", d.place, name=d.name, first=seen.place)


def _have_projects(book: InputBook) -> Iterable[Finding]:
    """A 部门 row naming a department that no project has: its form is still printed (a warning).
    Not said when the 项目 sheet could not be read (its error stands for it)."""
    if "项目" not in book.sheets or "项目" in book.broken:
        return
    departments = list(dict.fromkeys(p.department for p in book.projects))
    reported: set[str] = set()
    for d in book.departments:
        if d.name not in departments and d.name not in reported:
            reported.add(d.name)
            yield finding(
                "DEPARTMENT_WITHOUT_PROJECTS", d.place, name=d.name, hint=_hint(d.name, departments)
            )


def _indicators_named(book: InputBook) -> Iterable[Finding]:
    """A 部门指标 row names a department of the 部门 sheet (one whose row could not be read counts);
    not said when the 部门 sheet itself could not be read."""
    if "部门" in book.broken:
        return
    names = [d.name for d in book.departments]
    known = set(names) | {row.project for row in book.dropped if row.standard == "部门"}
    for i in book.department_indicators:
        if i.project not in known:
            yield finding(
                "DEPARTMENT_INDICATOR_UNKNOWN", i.place, name=i.project, hint=_hint(i.project, names)
            )


def _have_indicators(book: InputBook) -> Iterable[Finding]:
    measured = {i.project for i in book.department_indicators if not i.placeholder}
    reported: set[str] = set()
    for d in book.departments:
        if d.name not in measured and d.name not in reported:
            reported.add(d.name)
            yield finding("DEPARTMENT_WITHOUT_INDICATORS", d.place, name=d.name)
