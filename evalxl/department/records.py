"""Records of the department's whole expenditure (issue 13): a row of the 部门 sheet as read, and a
department as the run evaluated it, given or derived from its projects."""

from __future__ import annotations

from dataclasses import dataclass

from evalxl.model import NO_PLACES, FundLine, Places, ScoredIndicator, ScoredProject

DERIVED = "按所属项目汇总得出"  # the label of a department whose figures are its projects'
BASIC, PROJECTS = "基本支出", "项目支出"  # the department's money by type: the form's rows


@dataclass(frozen=True)
class Department:
    """One row of the 部门 sheet: a 主管部门's money by type and its year's overall goal."""

    name: str
    leader: str
    phone: str
    basic_initial: float | None
    basic_budget: float
    basic_executed: float
    project_initial: float | None
    project_budget: float
    project_executed: float
    goal: str
    achieved: str
    remark: str
    row: int
    places: Places = NO_PLACES

    @property
    def place(self) -> str:
        """The 主管部门 cell (a :class:`~evalxl.findings.Place`)."""
        return self.places.of("主管部门")

    def place_of(self, column: str) -> str:
        """The cell of one of this row's columns (a :class:`~evalxl.findings.Place`)."""
        return self.places.of(column)


@dataclass(frozen=True)
class ScoredDepartment:
    """A 主管部门's whole expenditure as the run evaluated it: what its 部门整体支出绩效自评表 prints
    and what a department report quotes.

    ``form`` is the department scored as a project (by the same rules, with the profile's
    ``[department]`` weights): its funds (年度资金总额, then 基本支出 and 项目支出), indicators (the
    部门指标 rows), budget score, total and grade, 计算过程 lines, and the form's fund rows. A
    ``derived`` department has no 部门 row: its money is the sum of its projects' (all 项目支出; its
    基本支出 is unknown), its score their fund-weighted average, it has no indicators of its own and
    no budget score, and ``basis`` says so (:data:`DERIVED`).
    """

    name: str  # the 主管部门
    derived: bool
    members: tuple[int, ...]  # positions of its projects in ``RunResult.projects``
    form: ScoredProject
    basis: str = ""  # DERIVED for a derived department, "" for one given in the 部门 sheet
    place: str = ""  # its 部门!A cell ("" when derived)

    @property
    def budget(self) -> float:
        """全年预算数 of all its money."""
        return self.form.budget

    @property
    def executed(self) -> float:
        """全年执行数 of all its money."""
        return self.form.executed

    @property
    def rate(self) -> float | None:
        """执行率 (全年执行数 / 全年预算数), None when the budget is 0."""
        return self.form.rate

    @property
    def basic(self) -> FundLine | None:
        """The 基本支出 line (None when not given: a derived department)."""
        return self._line(BASIC)

    @property
    def projects(self) -> FundLine | None:
        """The 项目支出 line."""
        return self._line(PROJECTS)

    @property
    def score(self) -> float | None:
        """The total (None when errors keep it from one)."""
        return self.form.score

    @property
    def grade(self) -> str:
        """优/良/中/差, "" when there is no total."""
        return self.form.grade

    @property
    def goal(self) -> str:
        """年度总体目标: the goal set at the start of the year ("" when derived or not given)."""
        return "" if self.derived else self.form.project.goal

    @property
    def achieved(self) -> str:
        """年度总体目标: what was achieved ("" when derived or not given)."""
        return "" if self.derived else self.form.project.achieved

    @property
    def indicators(self) -> tuple[ScoredIndicator, ...]:
        """Its own indicators (the 部门指标 rows), scored; () when derived."""
        return self.form.indicators

    def _line(self, label: str) -> FundLine | None:
        return next((line for line in self.form.funds[1:] if line.label == label), None)
