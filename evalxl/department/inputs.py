"""The departments given in the 部门 sheet as the scoring stage takes them: one project each, whose
money is two 资金 lines (基本支出, 项目支出) and whose indicators are its 部门指标 rows, each record
keeping the cells of the 部门 and 部门指标 sheets (so every finding of the project rules, an amount
or an indicator, is said at the department's own cell), and the settings that weigh them."""

from __future__ import annotations

from dataclasses import replace

from evalxl import contract
from evalxl.department.records import BASIC, PROJECTS, Department
from evalxl.model import Fund, InputBook, Places, Project, Settings, SheetColumns

SHEETS = ("部门", "部门指标")  # the sheets of issue 13: their errors concern no project


def project_name(department: str) -> str:
    """The name the department is scored under, as the project rules' findings name it."""
    return f"{department}（部门整体支出）"


def department_settings(settings: Settings) -> Settings:
    """The run's settings with the profile's ``[department]`` weights and the department's form."""
    return replace(
        settings,
        budget_weight=settings.department_budget_weight,
        level_weights=settings.department_level_weights,
        layout=contract.department_layout()["name"],
    )


def as_projects(book: InputBook) -> InputBook:
    """The departments of the 部门 sheet (each once, as first given) as a book of projects, with the
    部门指标 rows that name one of them."""
    given: dict[str, Department] = {}
    for d in book.departments:
        given.setdefault(d.name, d)
    projects = tuple(_project(d) for d in given.values())
    funds = tuple(fund for d in given.values() for fund in _funds(d))
    indicators = tuple(
        replace(i, project=project_name(i.project)) for i in book.department_indicators if i.project in given
    )
    return InputBook(projects, funds, indicators, source_name=book.source_name, sheets=SHEETS)


def _columns(d: Department, names: dict[str, str]) -> Places:
    """The department's row, its columns named as the project records name theirs."""
    letters = dict(d.places.columns.letters)
    mapped = tuple((name, letters[column]) for name, column in names.items() if column in letters)
    return Places(SheetColumns(d.places.columns.sheet, mapped), d.row)


def _project(d: Department) -> Project:
    names = {"项目名称": "主管部门", "主管部门": "主管部门", "负责人": "负责人", "联系电话": "联系电话"}
    names |= {"年初设定目标": "年初设定目标", "全年实际完成情况": "全年实际完成情况", "说明": "说明"}
    return Project(
        project_name(d.name), "", d.name, d.name, d.leader, d.phone, d.goal, d.achieved, d.remark, d.row,
        _columns(d, names),
    )  # fmt: skip


def _funds(d: Department) -> tuple[Fund, Fund]:
    name = project_name(d.name)

    def columns(kind: str) -> Places:
        amounts = {f"{part}": f"{kind}{part}" for part in ("年初预算数", "全年预算数", "全年执行数")}
        return _columns(d, {"项目名称": "主管部门", "资金来源": "主管部门", **amounts})

    return (
        Fund(name, "", BASIC, d.basic_initial, d.basic_budget, d.basic_executed, d.row, columns(BASIC)),
        Fund(name, "", PROJECTS, d.project_initial, d.project_budget, d.project_executed, d.row, columns(PROJECTS)),
    )  # fmt: skip
