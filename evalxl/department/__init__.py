"""The department's whole expenditure (部门整体支出, issue 13): its records, its checks, its scoring.

A 主管部门 is evaluated as a whole beside its projects. With a row in the optional 部门 sheet (and
its indicators in 部门指标) its 部门整体支出绩效自评表 is scored by the project rules, as one more
project whose money is split into 基本支出 and 项目支出 and whose weights are the rules profile's
``[department]``; without one, its figures are derived from its projects (sums, the fund-weighted
average score) and labelled so (按所属项目汇总得出). Reading is in
:mod:`evalxl.importing.departments`; the form is printed by :mod:`evalxl.exporting.department`.
"""

from evalxl.department.records import DERIVED, Department, ScoredDepartment
from evalxl.department.scoring import score_departments

__all__ = ["DERIVED", "Department", "ScoredDepartment", "score_departments"]
