"""Records of the pipeline: what the importer reads and what the rules engine returns.

All are frozen dataclasses. Text fields hold the user's text exactly as written (trimmed). Each
input record knows the cells of its row (``places``), so any stage can name the cell it talks about
as a :class:`~evalxl.findings.Place` (``指标!E12``); records made for the output hold places as text.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from evalxl.findings import Finding, Place
from evalxl.places import NO_PLACES as NO_PLACES  # the places of records: evalxl.places
from evalxl.places import MappedColumns as MappedColumns
from evalxl.places import Places as Places
from evalxl.places import SheetColumns as SheetColumns

if TYPE_CHECKING:
    from evalxl.department.records import Department, ScoredDepartment


class _Placed:
    """Rows that remember the cell of each of their columns (in a ``places`` field).

    ``place`` and ``place_of`` give a :class:`~evalxl.findings.Place`, typed as the text it is so
    that the records and tables that show places as text take it as they are."""

    places: Places

    @property
    def place(self) -> str:
        """The 项目名称 cell (a :class:`~evalxl.findings.Place`)."""
        return self.places.of("项目名称")

    def place_of(self, column: str) -> str:
        """The cell of one of this row's columns, the row's first cell when it is absent (a
        :class:`~evalxl.findings.Place`)."""
        return self.places.of(column)


@dataclass(frozen=True)
class Project(_Placed):
    """One row of the 项目 sheet."""

    name: str
    code: str
    department: str
    unit: str
    leader: str
    phone: str
    goal: str
    achieved: str
    remark: str
    row: int
    places: Places = NO_PLACES


@dataclass(frozen=True)
class Fund(_Placed):
    """One row of the 资金 sheet: a project × fund-using unit × source."""

    project: str
    user_unit: str
    source: str
    initial: float | None
    budget: float
    executed: float
    row: int
    places: Places = NO_PLACES


@dataclass(frozen=True)
class Indicator(_Placed):
    """One row of the 指标 sheet, after the hierarchy has been inherited from the rows above."""

    project: str
    user_unit: str
    level1: str
    level2: str
    level3: str
    target: str
    actual: str
    nature: str  # 定量, 定性 or "" (detect)
    weight: float | None
    self_score: float | None
    reason: str
    row: int
    places: Places = NO_PLACES

    @property
    def placeholder(self) -> bool:
        """A row with neither 三级指标 nor 年度指标值: printed in the form, never scored."""
        return not self.level3 and not self.target


@dataclass(frozen=True)
class Settings:
    """The run's parameters: the rules profile with the 参数 sheet's overrides applied."""

    year: str = ""
    money_unit: str = "万元"
    layout: str = "目标自评表"
    rules_name: str = "财预〔2020〕10号"
    weight_by: str = "全年预算数"
    budget_weight: float = 10.0
    level_weights: tuple[tuple[str, float], ...] = (
        ("产出指标", 50.0),
        ("效益指标", 30.0),
        ("满意度指标", 10.0),
        ("成本指标", 0.0),
    )
    decimals: int = 2
    rescale_to: float = 100.0
    weights_total: float = 100.0
    grades: tuple[tuple[str, float], ...] = (("优", 90.0), ("良", 80.0), ("中", 60.0))
    grade_fallback: str = "差"
    execution_warn_below: float = 0.9
    reverse_formula: str = "target/actual"
    deviation_threshold: float = 1.3
    deviation_deduction: float = 0.0
    percent_as_ratio: bool = True
    qual_bands: tuple[float, float] = (0.8, 0.6)
    band_defaults: tuple[tuple[str, float], ...] = (("达成", 1.0), ("部分达成", 0.7), ("未达成", 0.3))
    band_words: tuple[tuple[str, str], ...] = ()
    full_words: tuple[str, ...] = ()
    time_met_words: tuple[str, ...] = ()
    time_late_words: tuple[str, ...] = ()
    caps: tuple[tuple[float, float], ...] = ()  # (执行率 below this, the total is at most this), ascending
    zero_words: tuple[str, ...] = ()  # an actual (or a target) meaning 0: 无, 没有, 未发生 …
    zero_prefixes: tuple[str, ...] = ()  # the start of an actual meaning 0, or a target of none (无上访)
    within_words: tuple[str, ...] = ()  # an actual holding one meets a ≤ target: 未超预算
    negation_words: tuple[str, ...] = ()  # an actual holding one is never full marks ("…": any text)
    negation_exceptions: tuple[str, ...] = ()  # texts that hold a negation word and negate nothing
    negated_band: str = "未达成"  # the band a negated actual is read as
    negation_prefixes: tuple[str, ...] = ()  # a negated target met by an actual negating the same
    direction_level2: tuple[tuple[str, str], ...] = ()  # 二级指标 → direction of a target with no operator
    direction_units: tuple[tuple[str, str], ...] = ()  # unit → direction of a target with no operator
    time_level2: tuple[str, ...] = ()  # 二级指标 whose durations (time_units) are time limits (≤)
    time_units: tuple[str, ...] = ()
    level2_rates: str = ">="  # a percentage in a row of direction_level2: a rate (成本控制率), not an amount
    not_done_words: tuple[str, ...] = ()  # a 未完成原因 holding one contradicts full marks
    not_done_exceptions: tuple[str, ...] = ()  # … unless it is part of one of these (无未完成事项)
    level2_names: tuple[str, ...] = ()  # the standard 二级指标 (the input contract's list)
    level2_aliases: tuple[tuple[str, str], ...] = ()  # a name real forms use → the standard name
    level2_close_match: float = 1.0  # a name this close to one standard name is a typo of it
    # issue 10, amounts
    weights_mismatch: str = "rescale"  # 分值 not adding up to weights_total: "rescale" (warning) or "error"
    over_budget_tolerance: float = 0.1  # 全年执行数 above 全年预算数 by more than this share: an error
    unit_mixup_ratio: tuple[float, float] = (2000.0, 20000.0)  # two amounts this far apart: 元 for 万元
    # issue 13, department: the 部门整体支出绩效自评表's weights (profile [department])
    department_budget_weight: float = 20.0
    department_indicator_weight: float = 80.0
    department_level_weights: tuple[tuple[str, float], ...] = (
        ("产出指标", 40.0),
        ("效益指标", 30.0),
        ("满意度指标", 10.0),
        ("成本指标", 0.0),
    )

    def cap_for(self, rate: float) -> tuple[float, float] | None:
        """The strictest cap on the total for an execution rate, as (below, max), or None."""
        applicable = [cap for cap in self.caps if rate < cap[0]]
        return min(applicable, key=lambda cap: cap[1]) if applicable else None

    def level_weight(self, level1: str) -> float:
        """The default weight of a first-level indicator (0 when the profile does not name it)."""
        return dict(self.level_weights).get(level1, 0.0)

    def level2_reading(self, name: str) -> tuple[str, float]:
        """The standard 二级指标 a name is read as, and how: (name, 1.0) for a standard name, (the
        standard name, 1.0) for an alias, (the closest name, its similarity) for a typo, ("", 0.0)
        for a name read as none. A typo is one standard name at least ``level2_close_match``
        similar (difflib's ratio) and closer than any other."""
        name = name.strip()
        if not name or name in self.level2_names:
            return name, 1.0
        aliases = dict(self.level2_aliases)
        if name in aliases:
            return aliases[name], 1.0
        ratios = sorted(
            ((difflib.SequenceMatcher(None, name, known).ratio(), known) for known in self.level2_names),
            reverse=True,
        )
        if (
            ratios
            and ratios[0][0] >= self.level2_close_match
            and (len(ratios) < 2 or ratios[1][0] < ratios[0][0])
        ):
            return ratios[0][1], ratios[0][0]
        return "", 0.0


@dataclass(frozen=True)
class Param:
    """One row of the 参数 sheet."""

    key: str
    value: str  # as the user reads it: 2023, 130%, 万元
    key_place: Place
    value_place: Place


@dataclass(frozen=True, slots=True)
class DroppedRow:
    """A 资金 or 指标 row that was read but not kept as a record (an error at one of its cells says
    why), with the project it names. ``kind`` is the standard sheet it was read as, when the sheet
    has another name (found by its headers, issue 14)."""

    sheet: str
    row: int
    project: str
    kind: str = ""

    @property
    def standard(self) -> str:
        """The standard sheet the row was read as (资金, 指标, 部门)."""
        return self.kind or self.sheet


@dataclass(frozen=True, slots=True)
class Region:
    """Rows of the input that belong to one project beyond its records' cells: a filled-in form, whose
    printed totals and figures are no record's cells."""

    sheet: str
    first_row: int
    last_row: int
    project: str


@dataclass(frozen=True)
class InputBook:
    """Everything read from one standard input workbook."""

    projects: tuple[Project, ...]
    funds: tuple[Fund, ...]
    indicators: tuple[Indicator, ...]
    params: tuple[Param, ...] = ()
    source_name: str = ""
    sheets: tuple[str, ...] = ("项目", "资金", "指标", "参数")  # the sheets that were found and read
    dropped: tuple[DroppedRow, ...] = ()  # rows read but not kept, each with the project it names
    regions: tuple[Region, ...] = ()  # rows that belong to a project as a whole (the forms read)
    # issue 13, department: the optional 部门 and 部门指标 sheets (evalxl.department)
    departments: tuple[Department, ...] = ()
    department_indicators: tuple[Indicator, ...] = ()  # ``project`` holds the 主管部门
    broken: tuple[str, ...] = ()  # sheets found but not read: a required column missing (an error)


@dataclass(frozen=True, slots=True)
class FundLine:
    """One printed row of the form's 项目资金 block."""

    label: str  # 年度资金总额, 中央补助, 省级资金, ...
    budget: float | None
    executed: float | None
    rate: float | None
    initial: float | None = None  # 年初预算数, when given


@dataclass(frozen=True)
class FundRow:
    """A printed row of the form's 项目资金 block in the run's layout: its label and its money
    (None when the project has none for that row); ``total`` marks the 年度资金总额 row."""

    text: str
    line: FundLine | None
    total: bool = False


@dataclass(frozen=True, slots=True)
class Cap:
    """The profile's cap that applied to a total: 执行率 below ``below`` → at most ``most``."""

    below: float
    most: float
    uncapped: float  # the total before the cap


@dataclass(frozen=True, slots=True)
class UnitPart:
    """One fund-using unit's row of an indicator that several units reported (merged per note 2)."""

    unit: str
    target: str
    actual: str
    fund: float  # the unit's 全年预算数 (or 全年执行数) on the project: its weight in the merge
    completion: float | None
    place: str  # the unit row's 三级指标 cell


@dataclass(frozen=True, slots=True)
class ScoredIndicator:
    """An indicator row with how it was scored. Placeholders carry ``None`` scores."""

    level1: str
    level2: str
    level3: str
    target: str
    actual: str
    reason: str
    nature: str  # 定量 / 定性 / "" for placeholders
    weight: float | None
    completion: float | None  # the achievement ratio before capping (actual / target for ≥)
    computed: float | None  # the score the rules give
    self_score: float | None
    score: float | None  # the score that counts: self_score when given, else computed
    method: str  # how the score was computed, for 计算过程
    row: int
    place: str = ""  # the row's 三级指标 cell in the input, e.g. 指标!E12
    unit: str = ""  # the target's unit of measure (次, 万元, % …), "" when none
    parts: tuple[UnitPart, ...] = ()  # the units' own rows when several units reported it
    blocked_by: tuple[str, ...] = ()  # cells of the errors at its rows: its score is withheld (None)

    @property
    def placeholder(self) -> bool:
        """True for a printed-only row."""
        return self.weight is None


@dataclass(frozen=True, slots=True)
class ScoredProject:
    """A project with its funds, scored indicators, total and grade."""

    project: Project
    funds: tuple[FundLine, ...]  # first line is 年度资金总额
    budget: float
    executed: float
    rate: float | None
    budget_weight: float
    budget_score: float | None
    indicators: tuple[ScoredIndicator, ...]
    raw_total: float | None  # budget score + indicator scores, before rescaling
    scale: float  # rescaling factor (1.0 when nothing is dropped)
    score: float | None
    grade: str
    trail: tuple[str, ...] = field(default=())  # project-level lines for 计算过程
    fund_rows: tuple[FundRow, ...] = ()  # the 项目资金 rows of the run's layout, 年度资金总额 first
    weights_total: float = 0.0  # the sum of the printed 分值: the budget's and every scored indicator's
    cap: Cap | None = None  # the cap that lowered the total, if any
    blocked_by: tuple[str, ...] = ()  # cells of the errors that keep it from a total (score None)


@dataclass(frozen=True)
class Source:
    """Where a run's input came from: its file name and the SHA-256 of its bytes (provenance)."""

    name: str = ""
    sha256: str = ""


@dataclass(frozen=True, slots=True)
class Subtotal:
    """Sums over a group of projects: a 主管部门's 小计, or the 合计 of the whole run."""

    label: str  # 小计（主管部门）or 合计
    department: str  # "" for the 合计
    members: tuple[int, ...]  # positions of its projects in ``RunResult.projects``
    budget: float
    executed: float
    rate: float | None  # executed / budget (None when the budget is 0)
    average_score: float | None  # the fund-weighted average score (weights: 全年预算数), rounded


@dataclass(frozen=True, slots=True)
class RunResult:
    """The outcome of a run: scored projects and every finding, in one value."""

    settings: Settings
    projects: tuple[ScoredProject, ...]
    findings: tuple[Finding, ...]
    source: Source = Source()
    departments: tuple[Subtotal, ...] = ()  # one 小计 per 主管部门, in order of first appearance
    total: Subtotal | None = None  # the 合计 of every project
    # issue 13, department: each 主管部门's whole expenditure (its 部门 row, or derived from its projects)
    department_results: tuple[ScoredDepartment, ...] = ()
