"""The importer: the standard input workbook → an :class:`~evalxl.model.InputBook` and findings.

Cell-level problems (a blank required cell, a non-number where a number belongs) are found here,
each naming its cell; cross-record checks live in :mod:`evalxl.importing.checks`. A sheet is read
column by column (:class:`~evalxl.importing.columns.Columns`): the texts and numbers of a whole column at once, the usual
plain value on a fast path; findings are put back in the order of the sheet's rows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from evalxl import collector, contract
from evalxl.findings import Finding
from evalxl.importing.columns import Columns
from evalxl.importing.dropped import rows_not_kept
from evalxl.model import Fund, Indicator, InputBook, Param, Project
from evalxl.reading import Table, read_workbook

_LEVEL1_SHORT = {"产出": "产出指标", "效益": "效益指标", "满意度": "满意度指标", "成本": "成本指标"}
_SPACES = re.compile(r"[\s\u3000]+")


def import_workbook(path: Path) -> tuple[InputBook, list[Finding]]:
    """Read the standard input workbook at ``path``: its records and the findings of reading them.

    Raises :class:`evalxl.reading.UnreadableWorkbook` when the file is not a readable workbook.
    """
    with collector.paused(keep=True):
        read = read_workbook(path, contract.sheets())
        return import_tables(read.tables, read.findings, path.name)


def import_tables(
    tables: Mapping[str, Table], found: Sequence[Finding], source_name: str
) -> tuple[InputBook, list[Finding]]:
    """The records of the standard tables (项目, 资金, 指标, 参数, each present or not) and the
    findings of reading them, after ``found`` (those of reading the file)."""
    findings = list(found)
    params = _params(tables["参数"]) if "参数" in tables else ()
    money_unit = next((p.value for p in params if p.key == "金额单位" and p.value in ("万元", "元")), "万元")
    projects = _projects(Columns(tables["项目"], "项目"), findings) if "项目" in tables else []
    funds = _funds(Columns(tables["资金"], "资金"), money_unit, findings) if "资金" in tables else []
    indicators = _indicators(Columns(tables["指标"], "指标"), findings) if "指标" in tables else []
    dropped = rows_not_kept(tables, funds, indicators)
    book = InputBook(
        tuple(projects), tuple(funds), tuple(indicators), params, source_name, tuple(tables), dropped
    )
    return book, findings


def _params(table: Table) -> tuple[Param, ...]:
    """Each 参数 row with a key; a blank value means the key is not given (its default holds)."""
    sheet = Columns(table, "参数")
    params = []
    for row, written, value in zip(sheet.rows, sheet.texts("参数"), sheet.texts("值"), strict=True):
        key = _SPACES.sub("", written)
        if key and value:
            params.append(Param(key, value, table.place("参数", row), table.place("值", row)))
    return tuple(params)


def _projects(sheet: Columns, out: list[Finding]) -> list[Project]:
    names = sheet.required("项目名称", rank=0)
    departments = sheet.required("主管部门", rank=1)
    units = sheet.required("项目实施单位", rank=2)
    rows = zip(
        sheet.rows,
        names,
        sheet.texts("项目编码"),
        departments,
        units,
        sheet.texts("负责人"),
        sheet.texts("联系电话"),
        sheet.texts("年初设定目标"),
        sheet.texts("全年实际完成情况"),
        sheet.texts("说明"),
        strict=True,
    )
    projects = [
        Project(name, code, department, unit, leader, phone, goal, achieved, remark, row, sheet.places(row))
        for row, name, code, department, unit, leader, phone, goal, achieved, remark in rows
        if name
    ]
    out.extend(sheet.findings())
    return projects


def _funds(sheet: Columns, money_unit: str, out: list[Finding]) -> list[Fund]:
    names = sheet.required("项目名称", rank=0)
    initials = sheet.numbers("年初预算数", rank=1, unit=money_unit)
    budgets = sheet.numbers("全年预算数", rank=2, required=True, unit=money_unit)
    executed = sheet.numbers("全年执行数", rank=3, required=True, unit=money_unit)
    rows = zip(
        sheet.rows,
        names,
        sheet.texts("资金使用单位"),
        sheet.texts("资金来源"),
        initials,
        budgets,
        executed,
        strict=True,
    )
    funds = [
        Fund(name, unit, source, initial, budget, spent, row, sheet.places(row))
        for row, name, unit, source, initial, budget, spent in rows
        if name and budget is not None and spent is not None
    ]
    out.extend(sheet.findings())
    return funds


def _indicators(sheet: Columns, out: list[Finding]) -> list[Indicator]:
    """The 指标 rows, each inheriting 项目名称, 一级指标 and 二级指标 left blank from the rows above."""
    hierarchy = _inherited(sheet)
    level3s, targets = sheet.texts("三级指标"), sheet.value_texts("年度指标值")
    actuals = sheet.value_texts("全年完成值")
    _check_values(sheet, level3s, targets, actuals)
    weights, self_scores = sheet.numbers("分值", rank=6), sheet.numbers("自评得分", rank=7)
    natures = [nature.removesuffix("指标") for nature in sheet.texts("指标性质")]
    rows = zip(
        hierarchy,
        sheet.texts("资金使用单位"),
        level3s,
        targets,
        actuals,
        natures,
        weights,
        self_scores,
        sheet.texts("未完成原因和改进措施"),
        sheet.rows,
        strict=True,
    )
    indicators = [
        Indicator(
            project,
            unit,
            _LEVEL1_SHORT.get(level1, level1),
            level2,
            level3,
            target,
            actual,
            nature,
            weight,
            self_score,
            reason,
            row,
            sheet.places(row),
        )
        for (
            project,
            level1,
            level2,
        ), unit, level3, target, actual, nature, weight, self_score, reason, row in rows
        if project and level1 and level2
    ]
    out.extend(sheet.findings())
    return indicators


def _inherited(sheet: Columns) -> list[tuple[str, str, str]]:
    """项目名称, 一级指标 and 二级指标 of each row, a blank one taken from the row above: within a
    project for 一级指标, within a 一级指标 for 二级指标. What is still blank is a finding."""
    hierarchy = ("项目名称", "一级指标", "二级指标")
    project = level1 = level2 = ""
    rows = []
    for k, (own_project, own1, own2) in enumerate(zip(*(sheet.texts(c) for c in hierarchy), strict=True)):
        if own_project and own_project != project:
            project, level1, level2 = own_project, "", ""
        if own1 and own1 != level1:
            level1, level2 = own1, ""
        level2 = own2 or level2
        if not (project and level1 and level2):
            for rank, (column, value) in enumerate(zip(hierarchy, (project, level1, level2), strict=True)):
                if not value:
                    sheet.note(k, rank, "VALUE_REQUIRED", column, column=column)
        rows.append((project, level1, level2))
    return rows


def _check_values(sheet: Columns, level3s: list[str], targets: list[str], actuals: list[str]) -> None:
    """A 三级指标 needs its 年度指标值 and the other way round; a 年度指标值 needs its 全年完成值."""
    for k, (level3, target, actual) in enumerate(zip(level3s, targets, actuals, strict=True)):
        if target and not level3:
            sheet.note(k, 3, "VALUE_REQUIRED", "三级指标", column="三级指标")
        if level3 and not target:
            sheet.note(k, 4, "VALUE_REQUIRED", "年度指标值", column="年度指标值")
        if target and not actual:
            sheet.note(k, 5, "ACTUAL_REQUIRED", "全年完成值", name=level3)
