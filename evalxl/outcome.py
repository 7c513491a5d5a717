"""What a run with errors can still tell: the score of every row that could be read, and for each
project its total or the cells whose errors keep it from one.

Errors mean no output workbook, but ``evalxl check`` and ``evalxl run --json`` show the scores, so
that a unit sees which cell to fix and that the rest is sound. The rule is strict, never a guess:

- an error at an input row belongs to the projects of that row (its 项目, 资金 or 指标 record);
- a row the importer could not keep (an amount that is no number, a blank 二级指标) belongs to the
  project it names; a row of a filled-in form belongs to the form's project;
- an error at a row of the department sheets (部门, 部门指标: issue 13) concerns the department's
  form alone (:mod:`evalxl.department`), never a project;
- an error that belongs to no project (参数, the rules file, the file's structure, a row naming an
  unknown project or none) may change any total: it concerns every project;
- a project that any error concerns has no total (``score`` None) and names those errors' cells in
  ``blocked_by``; an indicator row with an error at one of its rows (a unit's row of a merged one
  included) has no score; the budget's score is withheld when an error is at one of the project's
  资金 rows. Every other score stands as computed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Any

from evalxl.department.inputs import SHEETS as DEPARTMENT_SHEETS
from evalxl.findings import ERROR, Finding, Place
from evalxl.model import InputBook, Places, RunResult, ScoredIndicator, ScoredProject
from evalxl.scoring.book import subtotals

Row = tuple[str, int]  # (sheet, row number) of an input row


def row_owners(book: InputBook, rows: set[Row]) -> dict[Row, set[str]]:
    """For each input row (sheet, row number) of ``rows``, the projects it belongs to. After
    ``--by-unit`` every unit's view of a project keeps the project's row, so that row belongs to each.
    A row the importer could not keep belongs to the project it names."""
    records: list[tuple[str, Places]] = [(p.name, p.places) for p in book.projects]
    records += [(f.project, f.places) for f in book.funds]
    records += [(i.project, i.places) for i in book.indicators]
    owners: dict[Row, set[str]] = defaultdict(set)
    for name, places in records:
        for at in places.rows():
            if at in rows:
                owners[at].add(name)
    for dropped in book.dropped:
        if (dropped.sheet, dropped.row) in rows:
            owners[(dropped.sheet, dropped.row)].add(dropped.project)
    for region in book.regions:
        for sheet, number in rows:
            if sheet == region.sheet and region.first_row <= number <= region.last_row:
                owners[(sheet, number)].add(region.project)
    return owners


def _department_sheets(book: InputBook | None) -> set[str]:
    """The titles of the 部门 and 部门指标 sheets, whose errors concern no project: their standard
    names, and the names of sheets found by their headers (a 部门 sheet renamed ``Sheet3``)."""
    titles = set(DEPARTMENT_SHEETS)
    if book is None:
        return titles
    places = [d.place for d in book.departments] + [i.place for i in book.department_indicators]
    titles |= {p.sheet for p in places if isinstance(p, Place) and p.is_cell}
    titles |= {r.sheet for r in book.dropped if r.standard in DEPARTMENT_SHEETS}
    return titles


def withhold(result: RunResult, book: InputBook | None) -> RunResult:
    """``result`` with every score that an error concerns withheld (see the module's rules), each
    withheld total and row naming the cells of its errors; ``result`` itself when there is no error."""
    department = _department_sheets(book)
    errors = [f for f in result.findings if f.level == ERROR and f.sheet not in department]
    if not errors or not result.projects:
        return result
    names = [p.project.name for p in result.projects]
    at_row: dict[Row, list[str]] = defaultdict(list)
    for f in errors:
        if f.row:
            at_row[(f.sheet, f.row)].append(f.place)
    owners = row_owners(book, set(at_row)) if book is not None else {}
    concerns = _concerns(errors, owners, set(names))
    at_cell = _indicator_cells(book, at_row) if book is not None else {}
    money_errors = _money_errors(book, at_row) if book is not None else {}
    projects = tuple(
        _withheld(p, concerns[p.project.name], at_cell, money_errors.get(p.project.name, ()))
        for p in result.projects
    )
    departments, total = subtotals(projects, result.settings.decimals)
    return replace(result, projects=projects, departments=departments, total=total)


def _concerns(errors: list[Finding], owners: dict[Row, set[str]], names: set[str]) -> dict[str, list[str]]:
    """Each project's error cells: those at its own rows, then those that belong to no project."""
    own: dict[str, list[str]] = defaultdict(list)
    everyone: list[str] = []
    for f in errors:
        belongs = sorted(owners.get((f.sheet, f.row), set()) & names) if f.row else []
        for name in belongs:
            own[name].append(f.place)
        if not belongs:
            everyone.append(f.place)
    return {name: list(dict.fromkeys(own[name] + everyone)) for name in names}


def _indicator_cells(book: InputBook, at_row: dict[Row, list[str]]) -> dict[str, tuple[str, ...]]:
    """The 三级指标 cell (as scored indicators and their units' parts name their rows) of every 指标
    row with an error → the cells of those errors."""
    out = {}
    for i in book.indicators:
        places = [place for row in i.places.rows() for place in at_row.get(row, ())]
        if places:
            out[str(i.place_of("三级指标"))] = tuple(dict.fromkeys(places))
    return out


def _money_errors(book: InputBook, at_row: dict[Row, list[str]]) -> dict[str, tuple[str, ...]]:
    """Each project's error cells at its 资金 rows."""
    out: dict[str, list[str]] = defaultdict(list)
    for f in book.funds:
        out[f.project] += [place for row in f.places.rows() for place in at_row.get(row, ())]
    return {name: tuple(places) for name, places in out.items() if places}


def _withheld(
    p: ScoredProject, concerns: list[str], at_cell: dict[str, tuple[str, ...]], money: tuple[str, ...]
) -> ScoredProject:
    if not concerns:
        return p
    rows = tuple(_row_withheld(i, at_cell) for i in p.indicators)
    budget_score = None if money else p.budget_score
    return replace(
        p,
        indicators=rows,
        budget_score=budget_score,
        score=None,
        grade="",
        cap=None,
        blocked_by=tuple(concerns),
    )


def _row_withheld(i: ScoredIndicator, at_cell: dict[str, tuple[str, ...]]) -> ScoredIndicator:
    cells = [i.place, *(part.place for part in i.parts)]
    places = tuple(dict.fromkeys(p for cell in cells for p in at_cell.get(cell, ())))
    if not places or i.placeholder:
        return i
    return replace(i, computed=None, score=None, blocked_by=places)


def as_json(result: RunResult) -> dict[str, Any]:
    """The ``--json`` document of ``input-format.md``: projects with indicators, and findings.

    With errors in the input a project's total is null and ``blocked_by`` names the cells of the
    errors that keep it from one; a row with an error at it has a null score and names them too;
    every other score is there (:mod:`evalxl.outcome`)."""
    return {
        "projects": [
            {
                "name": p.project.name,
                "code": p.project.code,
                "department": p.project.department,
                "unit": p.project.unit,
                "budget": p.budget,
                "executed": p.executed,
                "execution_rate": p.rate,
                "budget_score": p.budget_score,
                "score": p.score,
                "grade": p.grade or None,
                "blocked_by": list(p.blocked_by),
                "indicators": [
                    {
                        "level1": i.level1,
                        "level2": i.level2,
                        "level3": i.level3,
                        "target": i.target,
                        "actual": i.actual,
                        "nature": i.nature,
                        "weight": i.weight,
                        "completion": i.completion,
                        "score": i.score,
                        "computed_score": i.computed,
                        "self_score": i.self_score,
                        "place": i.place,
                        "blocked_by": list(i.blocked_by),
                    }
                    for i in p.indicators
                ],
            }
            for p in result.projects
        ],
        "findings": [f.as_dict() for f in result.findings],
    }
