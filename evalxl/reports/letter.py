"""The covering letter that opens the set (the seed's first page): to the finance bureau (a
placeholder), what was evaluated (how many projects, their budget and execution), the overall
result (how many projects of each grade, the fund-weighted average score), the list of the attached
reports (the departments' 整体支出 reports first, then the projects'), the unit (主管部门) and the
date (a placeholder)."""

from __future__ import annotations

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from evalxl.contract.report_schema import report_style
from evalxl.exporting.cells import year_text
from evalxl.model import RunResult
from evalxl.reports import figures
from evalxl.reports.department import department_title
from evalxl.reports.project import report_title
from evalxl.reports.style import (
    Part,
    Placeholder,
    add_paragraph,
    add_title,
    new_document,
    set_title,
    with_part,
)


def departments(result: RunResult) -> list[str]:
    """The 主管部门 of the run's projects, in order of first appearance, without blanks."""
    return list(dict.fromkeys(p.project.department for p in result.projects if p.project.department))


def grade_counts(result: RunResult) -> list[tuple[str, int]]:
    """How many projects have each grade, in the profile's order (best first), grades with none
    left out; projects without a total are not counted."""
    settings = result.settings
    order = [*(grade for grade, _ in settings.grades), settings.grade_fallback]
    found = [p.grade for p in result.projects if p.score is not None and p.grade]
    order += [grade for grade in dict.fromkeys(found) if grade not in order]
    return [(grade, found.count(grade)) for grade in order if found.count(grade)]


def covering_letter(result: RunResult) -> Document:
    """The covering letter of ``result``'s reports."""
    style = report_style()
    text = style.letter
    year, unit = year_text(result.settings.year), result.settings.money_unit
    doc = new_document()
    names = departments(result)
    sender = "、".join(names) if len(names) == 1 else ""
    title = text["title"].format(department=sender, year=year)
    set_title(doc, title)
    add_title(doc, title)
    recipient = add_paragraph(doc, Placeholder(text["recipient"]), "：")
    recipient.paragraph_format.first_line_indent = 0
    opening = with_part(
        text["opening"], "basis", Placeholder(text["basis"]), year=year, count=len(result.projects)
    )
    add_paragraph(doc, *opening)
    total = result.total
    if total is not None:
        add_paragraph(
            doc,
            text["funds"].format(
                budget=figures.amount(total.budget, unit),
                executed=figures.amount(total.executed, unit),
                rate=figures.rate(total.rate),
                unit=unit,
            ),
        )
        counts = "，".join(text["grade_count"].format(grade=g, count=n) for g, n in grade_counts(result))
        add_paragraph(
            doc, text["grades"].format(grades=counts or "—", average=figures.score(total.average_score))
        )
    add_paragraph(doc, text["attachments"])
    titles = [department_title(dept, result) for dept in result.department_results]
    titles += [report_title(scored, result) for scored in result.projects]
    for number, title in enumerate(titles, start=1):
        add_paragraph(doc, text["attachment"].format(number=number, title=title))
    signature: list[Part] = [sender] if sender else [Placeholder(text["department"])]
    for parts in (signature, [Placeholder(style.placeholders["date"])]):
        para = add_paragraph(doc, *parts)
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return doc
