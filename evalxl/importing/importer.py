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
from evalxl.findings import Finding, finding
from evalxl.importing.columns import Columns
from evalxl.importing.departments import read_departments
from evalxl.importing.dropped import rows_not_kept
from evalxl.importing.indicator_rows import indicator_rows
from evalxl.model import Fund, InputBook, Param, Project
from evalxl.reading import Table, read_workbook

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
    # A sheet lacking a required column is reported once at its header (COLUMN_MISSING or
    # COLUMN_MISNAMED) and read no further, as a missing sheet is: its rows checked without that
    # column would give an error on every row, and the checks across sheets false ones.
    broken = tuple(name for name, table in tables.items() if table.absent)
    tables = {name: table for name, table in tables.items() if name not in broken}
    params = _params(tables["参数"]) if "参数" in tables else ()
    money_unit = next((p.value for p in params if p.key == "金额单位" and p.value in ("万元", "元")), "万元")
    projects = _projects(Columns(tables["项目"], "项目"), findings) if "项目" in tables else []
    funds = _funds(Columns(tables["资金"], "资金"), money_unit, findings) if "资金" in tables else []
    indicators = indicator_rows(Columns(tables["指标"], "指标"), findings) if "指标" in tables else []
    dropped = rows_not_kept(tables, funds, indicators)
    departments, department_indicators, unread = read_departments(tables, money_unit, findings)
    findings += year_missing(tables)
    book = InputBook(
        tuple(projects), tuple(funds), tuple(indicators), params, source_name, _read_sheets(tables),
        dropped + unread, departments=departments, department_indicators=department_indicators,
        broken=broken,
    )  # fmt: skip
    return book, findings


def _read_sheets(tables: Mapping[str, Table]) -> tuple[str, ...]:
    """The standard sheets read: those found with the column that names each row's owner (the
    sheet's first required column: 项目名称, 主管部门, 参数). A sheet without it is reported at its
    header; the checks across sheets then pass it over rather than call every row unknown or every
    project one without money."""
    return tuple(
        name for name, table in tables.items() if contract.sheet(name).required_columns[0] in table.columns
    )


def year_missing(tables: Mapping[str, Table]) -> list[Finding]:
    """A warning when no 年度 is given, so the forms would print without a year: at the value cell
    of a 参数 row 年度 left blank, at the 参数 sheet's header when it has no such row, at the name
    参数 when there is no 参数 sheet. The tables of filled-in forms (which print their year, or not:
    a year that differs is FORM_YEAR_DIFFERS) are not looked at."""
    if any(table.origin is not None for table in tables.values()):
        return []
    table = tables.get("参数")
    if table is None:
        return [finding("YEAR_MISSING", "参数", detail="没有可读取的“参数”表，未给出年度")]
    if table.origin is not None:
        return []
    year_key = next(p.key for p in contract.standard_input().params if p.sets == "year")
    sheet = Columns(table, "参数")
    blank = None
    for row, written, value in zip(sheet.rows, sheet.texts("参数"), sheet.texts("值"), strict=True):
        if _SPACES.sub("", written) == year_key:
            if value:
                return []
            blank = blank or row
    if blank:
        return [finding("YEAR_MISSING", table.place("值", blank), detail="参数“年度”的值未填写")]
    place = table.place("参数", table.header_row)
    return [finding("YEAR_MISSING", place, detail="“参数”表中没有“年度”一行")]


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
