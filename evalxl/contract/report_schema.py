"""``reports.toml``: the style, outline and sentences of the 自评报告 documents
(:mod:`evalxl.reports`), its schema for the one validator, and the record it is read into (once)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from evalxl.contract.loader import checked, read_file
from evalxl.contract.validator import Leaf, Node, Rows, Table, filled, need, number, template, words

FILE = "reports.toml"
FONT_ROLES = ("title", "heading1", "heading2", "body", "page_number", "table")
PAGE_KEYS = ("width", "height", "top", "bottom", "left", "right", "header", "footer")

# The figures each sentence may name (a {name} not listed here is a mistake in the file).
SENTENCES: dict[str, tuple[str, ...]] = {
    "project_units": ("department", "unit"),
    "leader": ("leader",),
    "goal": ("goal",),
    "goal_indicators": ("count",),
    "budget": ("budget", "executed", "rate", "unit"),
    "initial": ("initial", "unit"),
    "fund_line": ("label", "budget", "executed", "rate", "unit"),
    "budget_score": ("weight", "score"),
    "achieved": ("achieved",),
    "level": ("number", "level", "weight", "score"),
    "level_none": ("number", "level"),
    "indicator": ("level2", "level3", "target", "actual", "weight", "score"),
    "missed_heading": ("number",),
    "missed": ("level2", "level3", "target", "actual", "weight", "score", "reason"),
    "missed_none": ("number",),
    "total": ("score", "grade"),
    "rescaled": ("raw", "applicable"),
    "capped": ("below", "most", "uncapped"),
    "blocked": ("cells",),
    "form_title": (),
    "remark": ("remark",),
}
PLACEHOLDERS = (
    "unit_basics",
    "basis",
    "nature",
    "goal",
    "work",
    "fund_use",
    "implementation",
    "reason",
    "conclusion",
    "application",
    "experience",
    "other",
    "date",
)
LETTER: dict[str, tuple[str, ...]] = {
    "title": ("department", "year"),
    "recipient": (),
    "basis": (),
    "opening": ("basis", "year", "count"),
    "funds": ("budget", "executed", "rate", "unit"),
    "grades": ("grades", "average"),
    "grade_count": ("grade", "count"),
    "attachments": (),
    "attachment": ("number", "title"),
    "department": (),
    "file_name": (),
    "report_suffix": (),
}
# issue 13, department report: its sentences (they win over [sentences] of the same name) and
# placeholders (over [placeholders]).
DEPARTMENT_SENTENCES: dict[str, tuple[str, ...]] = {
    "leader": ("leader",),
    "scale": ("year", "budget", "executed", "rate", "unit"),
    "initial": ("initial", "unit"),
    "split": ("basic", "projects", "unit"),
    "derived": ("basis", "count"),
    "fund_line": ("label", "budget", "executed", "rate", "unit"),
    "remark": ("remark",),
    "basic_unknown": ("basis",),
    "projects": ("count", "budget", "executed", "rate", "unit"),
    "projects_none": (),
    "goal": ("goal",),
    "achieved": ("achieved",),
    "budget_score": ("weight", "score"),
    "level_none": ("number", "level"),
    "no_indicators": (),
    "total": ("score", "grade"),
    "derived_total": ("score", "basis", "count", "grade"),
    "form_title": (),
}
DEPARTMENT_PLACEHOLDERS = (
    "overview",
    "use",
    "basic",
    "projects",
    "implementation",
    "assets",
    "goal",
    "achieved",
    "conclusion",
    "problems",
    "measures",
)
DEPARTMENT_HEADINGS = ("overview", "scale", "basic", "projects", "goals", "conclusion")
HIGHLIGHTS = ("none", "yellow", "bright_green", "turquoise", "pink", "gray_25")


def _texts(names: Mapping[str, tuple[str, ...]]) -> Table:
    return Table({key: need(Leaf(template(*fields))) for key, fields in names.items()})


def report_schema() -> Table:
    """The schema of ``reports.toml``."""
    size = need(Leaf(number(5, 72)))
    font = Table({"name": need(Leaf(filled)), "fallback": need(Leaf(filled)), "size": size})
    outline: dict[str, Node] = {
        "title": need(Leaf(template("year", "name"))),
        "unit_line": need(Leaf(template("unit"))),
        "h1": need(Rows(Leaf(filled), size=7)),
        "levels": need(Leaf(words)),
        **{
            key: need(Leaf(filled)) for key in ("overview", "goals", "funds", "implementation", "performance")
        },
    }
    department: dict[str, Node] = {
        "title": need(Leaf(template("year", "name"))),
        "unit_line": need(Leaf(template("unit"))),
        "h1": need(Rows(Leaf(filled), size=7)),
        "levels": need(Leaf(words)),
        "project_columns": need(Rows(Leaf(template("unit")), size=7)),
        "project_widths": need(Rows(Leaf(number(0.1, 100)), size=7)),
        "file_name": need(Leaf(template("number", "name"))),
        **{key: need(Leaf(filled)) for key in DEPARTMENT_HEADINGS},
    }
    return Table(
        {
            "about": need(Leaf(filled)),
            "page": need(Table({key: need(Leaf(number(0, 500))) for key in PAGE_KEYS})),
            "fonts": need(Table({role: need(font) for role in FONT_ROLES})),
            "body": need(
                Table(
                    {
                        "indent_chars": need(Leaf(number(0, 10))),
                        "line_spacing": size,
                        "title_line_spacing": size,
                        "table_line_spacing": size,
                        "table_cell_margin": need(Leaf(number(0, 10))),
                    }
                )
            ),
            "page_number": need(Table({"before": need(Leaf(_any_text)), "after": need(Leaf(_any_text))})),
            "placeholder": need(
                Table(
                    {
                        "start": need(Leaf(filled)),
                        "end": need(Leaf(filled)),
                        "highlight": need(Leaf(_one_of_highlights)),
                    }
                )
            ),
            "project": need(Table(outline)),
            "sentences": need(_texts(SENTENCES)),
            "placeholders": need(Table({key: need(Leaf(filled)) for key in PLACEHOLDERS})),
            "letter": need(_texts(LETTER)),
            "department": need(Table(department)),
            "department_sentences": need(_texts(DEPARTMENT_SENTENCES)),
            "department_placeholders": need(
                Table({key: need(Leaf(filled)) for key in DEPARTMENT_PLACEHOLDERS})
            ),
        }
    )


def _any_text(value: Any) -> str:
    return "" if isinstance(value, str) else "应为文字"


def _one_of_highlights(value: Any) -> str:
    return "" if value in HIGHLIGHTS else "应为 " + "、".join(HIGHLIGHTS) + " 之一"


@dataclass(frozen=True)
class FontSpec:
    """One role's font: its name, the font used where it is missing, its size in points."""

    name: str
    fallback: str
    size: float


@dataclass(frozen=True)
class ReportStyle:
    """``reports.toml``, read: page (mm), fonts by role, body spacing, placeholder marks, the
    outlines and sentences of the project and department reports, the letter's."""

    page: Mapping[str, float]
    fonts: Mapping[str, FontSpec]
    indent_chars: float
    line_spacing: float
    title_line_spacing: float
    table_line_spacing: float
    table_cell_margin: float  # mm, left and right of a table cell's text
    page_number: tuple[str, str]  # the text before and after the PAGE field
    placeholder: tuple[str, str]  # the marks around a placeholder's text
    highlight: str
    project: Mapping[str, Any]
    sentences: Mapping[str, str]
    placeholders: Mapping[str, str]
    letter: Mapping[str, str]
    department: Mapping[str, Any]  # issue 13: the department report's outline
    department_sentences: Mapping[str, str]
    department_placeholders: Mapping[str, str]


@functools.cache
def report_style() -> ReportStyle:
    """The reports' style, outline and sentences, read and checked once."""
    data = checked(report_schema(), read_file(FILE), FILE)
    return ReportStyle(
        page={key: float(data["page"][key]) for key in PAGE_KEYS},
        fonts={
            role: FontSpec(f["name"], f["fallback"], float(f["size"])) for role, f in data["fonts"].items()
        },
        indent_chars=float(data["body"]["indent_chars"]),
        line_spacing=float(data["body"]["line_spacing"]),
        title_line_spacing=float(data["body"]["title_line_spacing"]),
        table_line_spacing=float(data["body"]["table_line_spacing"]),
        table_cell_margin=float(data["body"]["table_cell_margin"]),
        page_number=(data["page_number"]["before"], data["page_number"]["after"]),
        placeholder=(data["placeholder"]["start"], data["placeholder"]["end"]),
        highlight=data["placeholder"]["highlight"],
        project=data["project"],
        sentences=data["sentences"],
        placeholders=data["placeholders"],
        letter=data["letter"],
        department=data["department"],
        department_sentences=data["department_sentences"],
        department_placeholders=data["department_placeholders"],
    )
