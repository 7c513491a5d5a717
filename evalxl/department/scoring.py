"""Each 主管部门's whole expenditure, evaluated (issue 13): a department of the 部门 sheet is scored
by the project rules (:func:`evalxl.scoring.score_book`, with the profile's ``[department]`` weights);
every other department of the projects is derived from them: the sums of their money (all of it
项目支出), the fund-weighted average of their totals (the 汇总's 小计), labelled :data:`DERIVED`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from evalxl import contract, money
from evalxl.department.checks import department_checks
from evalxl.department.inputs import as_projects, department_settings, project_name
from evalxl.department.records import DERIVED, PROJECTS, ScoredDepartment
from evalxl.findings import ERROR, Finding
from evalxl.model import FundLine, InputBook, Project, RunResult, ScoredProject, Settings, Subtotal
from evalxl.scoring import run_result, score_book
from evalxl.scoring.book import fund_rows
from evalxl.scoring.rules import grade_of


def score_departments(
    book: InputBook | None, result: RunResult
) -> tuple[tuple[ScoredDepartment, ...], list[Finding]]:
    """Every department of the run, in order of first appearance (the projects' 主管部门, then the
    部门 rows naming no project), and the findings of the department records and of scoring them.

    A department with an error at one of its rows (部门, 部门指标) has no total; a derived one has
    none when one of its projects has none."""
    book = book or InputBook((), (), ())
    settings = department_settings(result.settings)
    found = department_checks(book, settings)
    scored, scoring_found = score_book(as_projects(book), settings)
    found += scoring_found
    printed = {p.project.department: p for p in run_result(settings, scored, ()).projects}
    errors = _error_rows([*result.findings, *found])
    places = {d.name: d.place for d in reversed(book.departments)}  # the first row of each
    departments = []
    for subtotal in result.departments:
        given = printed.pop(subtotal.department, None)
        if given is None:
            departments.append(_derived(subtotal, result, settings))
        else:
            departments.append(_given(given, subtotal.members, places, book, errors))
    departments += [_given(p, (), places, book, errors) for p in printed.values()]
    return tuple(departments), found


def _given(
    form: ScoredProject,
    members: tuple[int, ...],
    places: dict[str, str],
    book: InputBook,
    errors: dict[tuple[str, int], list[str]],
) -> ScoredDepartment:
    name = form.project.department
    rows = [("部门", d.row) for d in book.departments if d.name == name]
    rows += [("部门指标", i.row) for i in book.department_indicators if i.project == name]
    blocked = tuple(dict.fromkeys(place for row in rows for place in errors.get(row, ())))
    if blocked:
        form = replace(form, score=None, grade="", cap=None, blocked_by=blocked)
    return ScoredDepartment(name, False, members, form, "", str(places.get(name, "")))


def _derived(subtotal: Subtotal, result: RunResult, settings: Settings) -> ScoredDepartment:
    """The department's figures from its projects: their money, their fund-weighted average score."""
    members = [result.projects[k] for k in subtotal.members]
    unit = settings.money_unit
    initials = [p.funds[0].initial if p.funds else None for p in members]
    initial = money.exact_sum([i for i in initials if i is not None], unit) if None not in initials else None
    lines = tuple(
        FundLine(label, subtotal.budget, subtotal.executed, subtotal.rate, initial)
        for label in ("年度资金总额", PROJECTS)
    )
    blocked = tuple(dict.fromkeys(place for p in members for place in p.blocked_by))
    score = None if blocked or any(p.score is None for p in members) else subtotal.average_score
    names = "、".join(p.project.name for p in members)
    trail = (
        f"{DERIVED}：{len(members)} 个项目（{names}）的全年预算数、全年执行数之和；总分为各项目总分按全年预算数加权平均",
    )
    project = Project(project_name(subtotal.department), "", subtotal.department, "", "", "", "", "", "", 0)
    form = ScoredProject(
        project, lines, subtotal.budget, subtotal.executed, subtotal.rate,
        settings.budget_weight, None, (), score, 1.0, score,
        grade_of(score, settings) if score is not None else "", trail,
        fund_rows(lines, contract.source_rows(settings.layout), unit), settings.rescale_to,
        None, blocked,
    )  # fmt: skip
    return ScoredDepartment(subtotal.department, True, subtotal.members, form, DERIVED)


def _error_rows(findings: Sequence[Finding]) -> dict[tuple[str, int], list[str]]:
    """(sheet, row) → the cells of the errors at that row."""
    rows: dict[tuple[str, int], list[str]] = {}
    for f in findings:
        if f.level == ERROR and f.row:
            rows.setdefault((f.sheet, f.row), []).append(f.place)
    return rows
