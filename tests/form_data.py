"""The data of a hand-styled 自评表 form (`FormData`) and its look (`Look`), for tests/form_drawing.py.

Values are typed as a clerk types them in Excel: `Pct(0.95)` is 0.95 shown as 95%, numbers are
numbers, everything else text. Nothing here imports evalxl.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Plain = dict[str, Any]


@dataclass(frozen=True)
class Pct:
    """A percentage typed in Excel: the number is stored and the cell formatted 0% (or 0.00%)."""

    value: float
    decimals: int = 0

    def text(self) -> str:
        """The percentage as the user reads it."""
        return f"{self.value * 100:.{self.decimals}f}%"


Typed = str | int | float | Pct | None


def shown(value: Typed) -> str | None:
    """A typed value as the form shows it: 1.0 at 0% is "100%", 14 is "14", text as typed."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, Pct):
        return value.text()
    return f"{value:.10f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Ind:
    """An indicator row; level1/level2 are given on every row (the drawer merges or blanks them)."""

    level1: str
    level2: str
    level3: str | None = None
    target: Typed = None
    actual: Typed = None
    weight: float | None = None
    score: float | None = None  # the 得分 the form prints
    reason: str | None = None
    correct: float | None = None  # the right 得分 when the printed one is wrong on purpose


@dataclass(frozen=True)
class Fund:
    """A row of the 项目资金 block as printed (amounts in the form's unit)."""

    label: str
    initial: float | None = None
    budget: float | None = None
    executed: float | None = None
    rate: float | None = None  # printed 执行率; None: the right one, B/A, when the row has amounts
    weight: float | None = None  # printed 分值 (budget row of a scored form)
    score: float | None = None  # printed 得分


BLANK = None  # a blank row inside the indicator block


@dataclass(frozen=True)
class FormData:
    """What one form holds."""

    name: str
    department: str = "示例县财政局"
    unit: str = "示例县农业农村局"
    leader: str | None = "王 敏"
    phone: str | None = "0739-5512307"
    planned: str | None = "全年完成培训任务，提升农民生产技能"
    achieved: str | None = "完成培训任务"
    remark: str | None = "无"
    funds: tuple[Fund, ...] = (Fund("年度资金总额", budget=20, executed=20),)
    indicators: tuple[Ind | None, ...] = ()
    total: float | None = None  # printed 总分 (scored forms)
    total_correct: float | None = None  # the right 总分 when the printed one is wrong on purpose
    grade: str | None = None  # printed 自评等级


@dataclass(frozen=True)
class Look:
    """How a form is laid out; the defaults are the seed's 附件6 目标自评表."""

    title: str | None = "项目支出绩效目标自评表"
    year_line: str | None = "（2023年度）"
    name_label: str = "项目支出名称"
    leader_label: str | None = "负责人及电话"
    department_label: str = "主管部门"
    unit_label: str = "项目实施单位"
    money: str = "万元"
    fund_label: str = "项目资金（{money}）"
    fund_headers: tuple[str, ...] = ("全年预算数（A）", "全年执行数（B）", "执行率（B/A）")
    goals: tuple[str, str] = ("年初设定目标", "全年实际完成情况")
    actual_header: str = "全年完成值"
    weights: bool = False  # a 分值 column
    scores: bool = False  # a 得分 column
    reason_header: str | None = "未完成原因和改进措施"
    label_cols: int = 1  # columns the block labels (项目资金, 年度总体目标, 绩效指标) span
    head_span: int = 2  # columns a header label (项目支出名称, 主管部门 …) spans
    levels: str = "merge"  # 一级/二级指标: "merge" down, typed "once" then blank, or "every" row
    total_rows: bool = False  # 总分 and 自评等级 rows (scored forms)
    notes: tuple[str, ...] = (
        "注：1、其他资金包括和中央补助、地方财政资金共同投入到同一项目的自有资金、社会资金等。",
        "2、定量指标，资金使用单位填写本部门实际完成数。",
    )
    widths: tuple[float, ...] = ()  # column widths from A; empty: defaults
    amount_format: str = "General"
