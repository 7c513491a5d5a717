"""One project's 绩效自评报告 (the seed's 附件2–4), drafted from the run.

The outline, every sentence and every placeholder are data (``workbook_templates/reports.toml``);
every figure is the run's: 全年预算数, 全年执行数 and 执行率 with the fund rows, the goal, each
indicator's 年度指标值, 全年完成值, 分值 and 得分 grouped by 一级指标, the indicators that missed
their target with their 未完成原因和改进措施, the total and the grade, and at 四 the 自评表 itself
as a Word table. What only a person can say is a visible placeholder (【请补充：…】).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from docx.document import Document

from evalxl.contract.report_schema import ReportStyle, report_style
from evalxl.exporting.cells import year_text
from evalxl.model import RunResult, ScoredIndicator, ScoredProject
from evalxl.reports import figures
from evalxl.reports.form_table import add_form_table
from evalxl.reports.style import (
    Part,
    Placeholder,
    add_heading,
    add_outline,
    add_paragraph,
    add_title,
    new_document,
    set_title,
    text_width_mm,
    with_part,
)

_TOLERANCE = 1e-9


def report_title(scored: ScoredProject, result: RunResult) -> str:
    """The report's title: ``2023年度{项目名称}绩效自评报告``."""
    outline = report_style().project
    return str(outline["title"]).format(year=year_text(result.settings.year), name=scored.project.name)


def project_report(scored: ScoredProject, result: RunResult) -> Document:
    """The 绩效自评报告 of ``scored`` (one project of ``result``), in the seven parts of the seed."""
    style = report_style()
    doc = new_document()
    set_title(doc, report_title(scored, result))
    writer = Writer(doc, style, scored, result)
    writer.front()
    parts = (
        writer.basics,
        writer.work,
        writer.analysis,
        writer.conclusion,
        writer.application,
        writer.experience,
        writer.other,
    )
    add_outline(doc, style.project["h1"], parts)
    return doc


def missed(scored: ScoredProject) -> list[ScoredIndicator]:
    """The scored indicators whose score is below their 分值 (their target was not fully met)."""
    return [
        ind
        for ind in scored.indicators
        if ind.weight is not None and ind.score is not None and ind.score < ind.weight - _TOLERANCE
    ]


class Writer:
    """Writes the parts of one report into ``doc``: a project's, or (with the department's
    outline, sentences and placeholders over the project's) a department's, whose form is scored
    as a project's."""

    def __init__(
        self,
        doc: Document,
        style: ReportStyle,
        scored: ScoredProject,
        result: RunResult,
        *,
        outline: Mapping[str, Any] | None = None,
        sentences: Mapping[str, str] | None = None,
        placeholders: Mapping[str, str] | None = None,
    ) -> None:
        self.doc, self.style, self.scored, self.result = doc, style, scored, result
        self.outline: Mapping[str, Any] = outline or style.project
        self.sentences: Mapping[str, str] = {**style.sentences, **(sentences or {})}
        self.placeholders: Mapping[str, str] = {**style.placeholders, **(placeholders or {})}
        self.unit = result.settings.money_unit

    def say(self, key: str, **values: object) -> str:
        """The sentence ``key`` with the run's figures."""
        return self.sentences[key].format(**values)

    def ask(self, key: str) -> Placeholder:
        """The placeholder ``key``."""
        return Placeholder(self.placeholders[key])

    def para(self, *parts: Part) -> None:
        """A body paragraph."""
        add_paragraph(self.doc, *parts)

    def front(self) -> None:
        """The title, the unit line and the date."""
        project = self.scored.project
        add_title(self.doc, report_title(self.scored, self.result))
        unit = project.unit or project.department
        self.para(str(self.outline["unit_line"]).format(unit=unit) if unit else self.ask("unit_basics"))
        self.para(self.ask("date"))

    def basics(self) -> None:
        """一、项目基本情况: 项目概况 and 项目绩效目标."""
        project = self.scored.project
        add_heading(self.doc, self.outline["overview"], 2)
        self.para(self.ask("unit_basics"))
        if project.department or project.unit:
            self.para(
                self.say("project_units", department=project.department or "—", unit=project.unit or "—")
            )
        leader = " ".join(part for part in (project.leader, project.phone) if part)
        if leader:
            self.para(self.say("leader", leader=leader))
        self.para(self.ask("basis"))
        self.para(self.ask("nature"))
        add_heading(self.doc, self.outline["goals"], 2)
        self.para(self.say("goal", goal=project.goal) if project.goal else self.ask("goal"))
        scored_count = sum(1 for ind in self.scored.indicators if not ind.placeholder)
        self.para(self.say("goal_indicators", count=scored_count))

    def work(self) -> None:
        """二、绩效评价工作情况."""
        self.para(self.ask("work"))

    def analysis(self) -> None:
        """三、绩效评价指标分析情况: funds, implementation, performance by 一级指标, missed targets."""
        scored = self.scored
        add_heading(self.doc, self.outline["funds"], 2)
        total = next((row.line for row in scored.fund_rows if row.total and row.line), None)
        sentence = self.say(
            "budget",
            budget=figures.amount(scored.budget, self.unit),
            executed=figures.amount(scored.executed, self.unit),
            rate=figures.rate(scored.rate),
            unit=self.unit,
        )
        initial = total.initial if total else None
        if initial is not None:
            sentence += self.say("initial", initial=figures.amount(initial, self.unit), unit=self.unit)
        self.para(sentence)
        for row in scored.fund_rows:
            if row.total or row.line is None:
                continue
            self.para(
                self.say(
                    "fund_line",
                    label=row.text,
                    budget=figures.amount(row.line.budget, self.unit),
                    executed=figures.amount(row.line.executed, self.unit),
                    rate=figures.rate(row.line.rate),
                    unit=self.unit,
                )
            )
        self.para(
            self.say(
                "budget_score",
                weight=figures.score(scored.budget_weight),
                score=figures.score(scored.budget_score),
            )
        )
        self.para(self.ask("fund_use"))
        add_heading(self.doc, self.outline["implementation"], 2)
        self.para(self.ask("implementation"))
        add_heading(self.doc, self.outline["performance"], 2)
        if scored.project.achieved:
            self.para(self.say("achieved", achieved=scored.project.achieved))
        number = self.levels()
        self.missed(number)

    def levels(self) -> int:
        """Each 一级指标 with its 分值 and 得分, then its indicators; the next item's number."""
        decimals = self.result.settings.decimals
        by_level: dict[str, list[ScoredIndicator]] = {}
        for ind in self.scored.indicators:
            if not ind.placeholder:
                by_level.setdefault(ind.level1, []).append(ind)
        order = [
            *self.outline["levels"],
            *(level for level in by_level if level not in self.outline["levels"]),
        ]
        number = 1
        for level in order:
            items = by_level.get(level, [])
            if not items:
                if level in self.outline["levels"]:
                    self.para(self.say("level_none", number=number, level=level))
                    number += 1
                continue
            weight = round(sum(ind.weight or 0.0 for ind in items), decimals)
            scores = [ind.score for ind in items]
            got = None if any(s is None for s in scores) else round(sum(s or 0.0 for s in scores), decimals)
            self.para(
                self.say(
                    "level",
                    number=number,
                    level=level,
                    weight=figures.score(weight),
                    score=figures.score(got),
                )
            )
            for ind in items:
                self.para(self.say("indicator", **_indicator_values(ind)))
            number += 1
        return number

    def missed(self, number: int) -> None:
        """The indicators that missed their target, each with its reason (or a placeholder)."""
        items = missed(self.scored)
        if not items:
            self.para(self.say("missed_none", number=number))
            return
        self.para(self.say("missed_heading", number=number))
        for ind in items:
            reason: Part = ind.reason if ind.reason else self.ask("reason")
            self.para(*with_part(self.sentences["missed"], "reason", reason, **_indicator_values(ind)))

    def conclusion(self) -> None:
        """四、综合评价情况及评价结论: the total, the grade, how the total was reached, the form."""
        scored = self.scored
        if scored.score is None:
            self.para(self.say("blocked", cells="、".join(scored.blocked_by) or "—"))
        else:
            self.para(self.say("total", score=figures.score(scored.score), grade=scored.grade))
        if scored.scale != 1 and scored.raw_total is not None:
            applicable = round(scored.weights_total, self.result.settings.decimals)
            self.para(
                self.say(
                    "rescaled", raw=figures.score(scored.raw_total), applicable=figures.score(applicable)
                )
            )
        if scored.cap is not None:
            cap = scored.cap
            self.para(
                self.say(
                    "capped",
                    below=figures.rate(cap.below),
                    most=figures.score(cap.most),
                    uncapped=figures.score(cap.uncapped),
                )
            )
        self.para(self.ask("conclusion"))
        heading = add_paragraph(self.doc, self.sentences["form_title"])
        heading.paragraph_format.page_break_before = True  # the form starts on a page of its own
        add_form_table(self.doc, scored, self.result.settings, text_width_mm(self.style))

    def application(self) -> None:
        """五、绩效评价结果应用建议."""
        self.para(self.ask("application"))

    def experience(self) -> None:
        """六、主要经验及做法、存在的问题和建议."""
        self.para(self.ask("experience"))

    def other(self) -> None:
        """七、其他需要说明的问题: the project's 说明 when it has one."""
        remark = self.scored.project.remark
        self.para(self.say("remark", remark=remark) if remark else self.ask("other"))


def _indicator_values(ind: ScoredIndicator) -> dict[str, str]:
    return {
        "level2": ind.level2,
        "level3": ind.level3 or "—",
        "target": ind.target or "—",
        "actual": ind.actual or "—",
        "weight": figures.score(ind.weight),
        "score": figures.score(ind.score),
    }
