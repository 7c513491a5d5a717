"""The records of reading filled forms: what the lead's commands use (:class:`FormsRead`,
:class:`Printed`, :class:`FormInfo`) and what one form read holds (:class:`ReadForm`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from evalxl.findings import Finding, Place
from evalxl.forms.grid import Value
from evalxl.reading import Table

# The figures a form prints, kept for the audit (Printed.figure).
FIGURES = ("执行率", "预算分值", "预算得分", "得分", "总分", "自评等级", "年度资金总额")


@dataclass(frozen=True)
class Printed:
    """A figure the form itself prints (for the audit: compared with what the rules give)."""

    project: str  # the form's 项目名称 (as put in the 项目 table)
    figure: str  # one of FIGURES
    place: Place  # the printed cell
    text: str  # as the user reads it ("100%", "9.5", "优")
    value: float | None  # the number held (a percent-formatted 100% is 1.0); None for text
    fund_row: str = ""  # 执行率/年度资金总额: the row's label, normalised (年度资金总额, 中央补助 …)
    column: str = ""  # 年度资金总额: which column (年初预算数/全年预算数/全年执行数)
    indicator_row: int = 0  # 得分: the row number of that indicator in the virtual 指标 table


@dataclass(frozen=True)
class FormInfo:
    """One form found: where it is, its project and whether it was read (else why not)."""

    sheet: str
    first_row: int
    last_row: int
    project: str  # "" when the form's name could not be read
    read: bool
    problem: str = ""  # why it was skipped


@dataclass(frozen=True)
class FormsRead:
    """A workbook of filled forms read into the standard tables, the printed figures and findings."""

    tables: dict[str, Table]  # "项目", "资金", "指标", "参数"
    printed: tuple[Printed, ...]
    findings: tuple[Finding, ...]
    forms: tuple[FormInfo, ...]


@dataclass(frozen=True)
class FundLine:
    """A row of a form's 项目资金 block: its label (normalised), label cell and values by column
    (initial, budget, executed, weight, rate, score: those the form has)."""

    label: str
    place: Place
    values: Mapping[str, Value]
    total: bool


@dataclass(frozen=True)
class IndicatorLine:
    """A row of a form's indicator block: values by column value (level1 … reason; those the form
    has, blank ones included) and the row's first cell."""

    place: Place
    values: Mapping[str, Value]


@dataclass(frozen=True)
class ReadForm:
    """One form read: its fields with their cells."""

    sheet: str
    first_row: int
    last_row: int
    name: Value
    header: Mapping[str, Value]  # code, department, unit, leader, phone (those found)
    year: Value | None  # the year line's (or title's) cell; raw holds the year as an int
    money_unit: str
    unit_place: Place  # the cell that names the money unit (the 项目资金 label)
    funds: tuple[FundLine, ...]
    fund_columns: frozenset[str]
    goals: Mapping[str, Value]  # planned, achieved (those found)
    indicators: tuple[IndicatorLine, ...]
    indicator_columns: frozenset[str]
    remark: Value | None
    total: Value | None
    grade: Value | None
    findings: tuple[Finding, ...] = field(default=())

    @property
    def project(self) -> str:
        """The form's project name as the tables hold it."""
        return self.name.text()


@dataclass(frozen=True)
class Unreadable:
    """A form that cannot be read: where it stops making sense and why."""

    sheet: str
    first_row: int
    last_row: int
    place: Place
    reason: str
    project: str = ""
