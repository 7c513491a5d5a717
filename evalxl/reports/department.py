"""One department's 整体支出绩效自评报告 (the seed's 附件1, issue 13), drafted from the run.

The outline (一、部门概况 … 七、改进措施和有关建议), every sentence and every placeholder are data
(``workbook_templates/reports.toml``: ``[department]``, ``[department_sentences]``,
``[department_placeholders]``, over the project report's); every figure is the run's: the
department's 全年预算数, 全年执行数 and 执行率, its 基本支出 and 项目支出 when the 部门 sheet gives
them (a derived department says its figures are 按所属项目汇总得出 and that its 基本支出 is not
known), its projects in a table (全年预算数, 全年执行数, 执行率, 得分, 等级), its own indicators
(部门指标) with their targets, actuals and scores, the total and the grade, and after 七 the
部门整体支出绩效自评表 as a Word table.
"""

from __future__ import annotations

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from evalxl import money
from evalxl.contract.report_schema import ReportStyle, report_style
from evalxl.department import ScoredDepartment
from evalxl.exporting import layout as layouts
from evalxl.exporting.cells import year_text
from evalxl.exporting.department import department_form_record
from evalxl.model import RunResult, ScoredProject
from evalxl.reports import figures
from evalxl.reports.form_table import add_form_table, fixed_layout, row_flags
from evalxl.reports.project import Writer
from evalxl.reports.style import (
    TABLE,
    add_heading,
    add_outline,
    add_paragraph,
    add_title,
    new_document,
    set_title,
    text_width_mm,
)


def department_title(dept: ScoredDepartment, result: RunResult) -> str:
    """The report's title: ``2023年度{主管部门}整体支出绩效自评报告``."""
    outline = report_style().department
    return str(outline["title"]).format(year=year_text(result.settings.year), name=dept.name)


def department_report(dept: ScoredDepartment, result: RunResult) -> Document:
    """The 整体支出绩效自评报告 of ``dept`` (one of ``result.department_results``), in the seven
    parts of the seed's 附件1, its form after them."""
    style = report_style()
    doc = new_document()
    set_title(doc, department_title(dept, result))
    writer = _DepartmentWriter(doc, style, dept, result)
    writer.front()
    parts = (
        writer.overview,
        writer.spending,
        writer.organisation,
        writer.assets,
        writer.performance,
        writer.problems,
        writer.measures,
    )
    add_outline(doc, style.department["h1"], parts)
    writer.form()
    return doc


def member_projects(dept: ScoredDepartment, result: RunResult) -> list[ScoredProject]:
    """The department's projects in the run, in order."""
    return [result.projects[k] for k in dept.members if k < len(result.projects)]


class _DepartmentWriter(Writer):
    """Writes the parts of one department report: the project report's writer (its indicators by
    一级指标, its missed targets) over the department's form, with the department's texts."""

    def __init__(self, doc: Document, style: ReportStyle, dept: ScoredDepartment, result: RunResult) -> None:
        super().__init__(
            doc,
            style,
            dept.form,
            result,
            outline=style.department,
            sentences=style.department_sentences,
            placeholders=style.department_placeholders,
        )
        self.dept = dept
        self.members = member_projects(dept, result)

    def money(
        self, key: str, budget: float | None, executed: float | None, rate: float | None, **more: object
    ) -> str:
        """The sentence ``key`` with an amount's 全年预算数, 全年执行数 and 执行率."""
        return self.say(
            key,
            budget=figures.amount(budget, self.unit),
            executed=figures.amount(executed, self.unit),
            rate=figures.rate(rate),
            unit=self.unit,
            **more,
        )

    def front(self) -> None:
        """The title, the unit line and the date."""
        add_title(self.doc, department_title(self.dept, self.result))
        self.para(str(self.outline["unit_line"]).format(unit=self.dept.name))
        self.para(self.ask("date"))

    def overview(self) -> None:
        """一、部门概况: 部门基本情况; 整体支出规模 (its money, by type when given)."""
        dept, project = self.dept, self.dept.form.project
        add_heading(self.doc, self.outline["overview"], 2)
        self.para(self.ask("overview"))
        leader = " ".join(part for part in (project.leader, project.phone) if part)
        if leader and not dept.derived:
            self.para(self.say("leader", leader=leader))
        add_heading(self.doc, self.outline["scale"], 2)
        year = year_text(self.result.settings.year)
        sentence = self.money("scale", dept.budget, dept.executed, dept.rate, year=year)
        initial = self.dept.form.funds[0].initial if self.dept.form.funds else None
        if initial is not None:
            sentence += self.say("initial", initial=figures.amount(initial, self.unit), unit=self.unit)
        if dept.basic is not None and dept.projects is not None:
            basic, projects = dept.basic.budget, dept.projects.budget
            sentence += self.say(
                "split",
                basic=figures.amount(basic, self.unit),
                projects=figures.amount(projects, self.unit),
                unit=self.unit,
            )
        self.para(sentence)
        if dept.derived:
            self.para(self.say("derived", basis=dept.basis, count=len(self.members)))
        elif project.remark:
            self.para(self.say("remark", remark=project.remark))
        self.para(self.ask("use"))

    def spending(self) -> None:
        """二、部门整体支出管理及使用情况: 基本支出 (or that it is not known), 项目支出 and the table
        of the department's projects."""
        dept = self.dept
        add_heading(self.doc, self.outline["basic"], 2)
        if dept.basic is None:
            self.para(self.say("basic_unknown", basis=dept.basis))
        else:
            line = dept.basic
            self.para(self.money("fund_line", line.budget, line.executed, line.rate, label=line.label))
            self.para(self.ask("basic"))
        add_heading(self.doc, self.outline["projects"], 2)
        if dept.projects is not None and not dept.derived:
            line = dept.projects
            self.para(self.money("fund_line", line.budget, line.executed, line.rate, label=line.label))
        if self.members:
            budget = money.exact_sum([p.budget for p in self.members], self.unit)
            executed = money.exact_sum([p.executed for p in self.members], self.unit)
            rate = executed / budget if budget else None
            self.para(self.money("projects", budget, executed, rate, count=len(self.members)))
            self.projects_table()
        else:
            self.para(self.say("projects_none"))
        self.para(self.ask("projects"))

    def projects_table(self) -> None:
        """The department's projects: 序号, 项目名称, 全年预算数, 全年执行数, 执行率, 得分, 等级."""
        headers = [str(text).format(unit=self.unit) for text in self.outline["project_columns"]]
        weights = [float(w) for w in self.outline["project_widths"]]
        width = text_width_mm(self.style)
        rows = [
            [
                str(number),
                p.project.name,
                figures.amount(p.budget, self.unit),
                figures.amount(p.executed, self.unit),
                figures.rate(p.rate),
                figures.score(p.score),
                p.grade or figures.NONE,
            ]
            for number, p in enumerate(self.members, start=1)
        ]
        table = self.doc.add_table(rows=1 + len(rows), cols=len(headers))
        table.style = self.doc.styles["Table Grid"]
        fixed_layout(table)
        widths = [Mm(width * weight / sum(weights)) for weight in weights]
        for column, column_width in zip(table.columns, widths, strict=True):
            column.width = column_width  # the grid LibreOffice reads; Word reads the cells'
        for index, values in enumerate([headers, *rows]):
            row_flags(table.rows[index]._tr, header=index == 0)
            for col, value in enumerate(values):
                cell = table.cell(index, col)
                cell.width = widths[col]
                para = cell.paragraphs[0]
                para.style = self.doc.styles[TABLE]
                if index and col == 1:
                    para.alignment = WD_ALIGN_PARAGRAPH.LEFT
                run = para.add_run(value)
                run.bold = index == 0

    def organisation(self) -> None:
        """三、部门专项组织实施情况."""
        self.para(self.ask("implementation"))

    def assets(self) -> None:
        """四、资产管理情况."""
        self.para(self.ask("assets"))

    def performance(self) -> None:
        """五、部门整体支出绩效情况: the goal and what was achieved, the budget score, its own
        indicators by 一级指标 and those that missed their target; the total and the grade."""
        dept, scored = self.dept, self.dept.form
        add_heading(self.doc, self.outline["goals"], 2)
        self.para(self.say("goal", goal=dept.goal) if dept.goal else self.ask("goal"))
        self.para(self.say("achieved", achieved=dept.achieved) if dept.achieved else self.ask("achieved"))
        if not dept.derived:
            weight, got = figures.score(scored.budget_weight), figures.score(scored.budget_score)
            self.para(self.say("budget_score", weight=weight, score=got))
        if any(not ind.placeholder for ind in dept.indicators):
            self.missed(self.levels())
        else:
            self.para(self.say("no_indicators"))
        add_heading(self.doc, self.outline["conclusion"], 2)
        self.verdict()
        self.para(self.ask("conclusion"))

    def verdict(self) -> None:
        """The total and the grade (derived: how it was reached), or the cells that kept it from one."""
        dept, scored = self.dept, self.dept.form
        if scored.score is None:
            self.para(self.say("blocked", cells="、".join(scored.blocked_by) or figures.NONE))
            return
        score = figures.score(scored.score)
        if dept.derived:
            count = len(self.members)
            self.para(self.say("derived_total", score=score, basis=dept.basis, count=count, grade=dept.grade))
            return
        self.para(self.say("total", score=score, grade=dept.grade))
        if scored.scale != 1 and scored.raw_total is not None:
            applicable = round(scored.weights_total, self.result.settings.decimals)
            raw = figures.score(scored.raw_total)
            self.para(self.say("rescaled", raw=raw, applicable=figures.score(applicable)))
        if scored.cap is not None:
            cap = scored.cap
            below, most = figures.rate(cap.below), figures.score(cap.most)
            self.para(self.say("capped", below=below, most=most, uncapped=figures.score(cap.uncapped)))

    def problems(self) -> None:
        """六、存在的主要问题."""
        self.para(self.ask("problems"))

    def measures(self) -> None:
        """七、改进措施和有关建议."""
        self.para(self.ask("measures"))

    def form(self) -> None:
        """附：部门整体支出绩效自评表, on a page of its own, as the workbook prints it."""
        heading = add_paragraph(self.doc, self.say("form_title"))
        heading.paragraph_format.page_break_before = True
        layout = layouts.department()
        names = [p.project.name for p in self.result.projects]
        record = department_form_record(self.dept, layout, names)
        add_form_table(self.doc, record, self.result.settings, text_width_mm(self.style), layout)
