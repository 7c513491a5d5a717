"""The optional department sheets of issue 13: 部门 (a 主管部门's money by type and its overall goal,
one row each) and 部门指标 (its indicators, the 指标 sheet's columns with 主管部门 in place of
项目名称), read with the same per-cell findings as the other sheets."""

from __future__ import annotations

from collections.abc import Mapping

from evalxl.department.records import Department
from evalxl.findings import Finding
from evalxl.importing.columns import Columns
from evalxl.importing.indicator_rows import indicator_rows
from evalxl.model import DroppedRow, Indicator
from evalxl.reading import Table

_MONEY = (
    "基本支出年初预算数",
    "基本支出全年预算数",
    "基本支出全年执行数",
    "项目支出年初预算数",
    "项目支出全年预算数",
    "项目支出全年执行数",
)


def read_departments(
    tables: Mapping[str, Table], money_unit: str, out: list[Finding]
) -> tuple[tuple[Department, ...], tuple[Indicator, ...], tuple[DroppedRow, ...]]:
    """The 部门 rows, the 部门指标 rows (as indicators whose ``project`` is the 主管部门) and the
    部门 rows naming a department that could not be kept, when the sheets are there; the findings of
    their cells go to ``out``."""
    departments: list[Department] = []
    dropped: list[DroppedRow] = []
    if "部门" in tables:
        departments = _departments(Columns(tables["部门"], "部门"), money_unit, out, dropped)
    indicators: list[Indicator] = []
    if "部门指标" in tables:
        sheet = Columns(tables["部门指标"], "部门指标", aliases=(("项目名称", "主管部门"),))
        indicators = indicator_rows(sheet, out, owner="主管部门")
    return tuple(departments), tuple(indicators), tuple(dropped)


def _departments(
    sheet: Columns, money_unit: str, out: list[Finding], dropped: list[DroppedRow]
) -> list[Department]:
    names = sheet.required("主管部门", rank=0)
    money = [
        sheet.numbers(column, rank=rank, required="全年" in column, unit=money_unit)
        for rank, column in enumerate(_MONEY, start=1)
    ]
    texts = [sheet.texts(c) for c in ("负责人", "联系电话", "年初设定目标", "全年实际完成情况", "说明")]
    departments = []
    for k, (row, name) in enumerate(zip(sheet.rows, names, strict=True)):
        amounts = [column[k] for column in money]
        basic_initial, basic_budget, basic_executed, project_initial, project_budget, project_executed = (
            amounts
        )
        if not name:
            continue  # a finding at the cell says why
        if None in (basic_budget, basic_executed, project_budget, project_executed):
            dropped.append(DroppedRow(sheet.table.sheet, row, name, "部门"))  # a finding at the cell says why
            continue
        leader, phone, goal, achieved, remark = (column[k] for column in texts)
        departments.append(
            Department(
                name,
                leader,
                phone,
                basic_initial,
                float(basic_budget or 0),
                float(basic_executed or 0),
                project_initial,
                float(project_budget or 0),
                float(project_executed or 0),
                goal,
                achieved,
                remark,
                row,
                sheet.places(row),
            )
        )
    out.extend(sheet.findings())
    return departments
