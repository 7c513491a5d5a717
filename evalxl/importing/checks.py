"""Checks across records: plain functions ``(book, settings) -> findings``, listed in one registry.

Each validator looks at one kind of problem; :func:`run_checks` runs them all, so every problem is
reported in one pass.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Callable, Iterable

from evalxl import contract
from evalxl.findings import Finding, finding
from evalxl.model import Fund, Indicator, InputBook, Project, Settings
from evalxl.money import TOTAL_SOURCES

Validator = Callable[[InputBook, Settings], Iterable[Finding]]


def unique_projects(book: InputBook, settings: Settings) -> Iterable[Finding]:
    """Project names and codes are unique."""
    names: dict[str, Project] = {}
    codes: dict[str, Project] = {}
    for p in book.projects:
        if p.name in names:
            yield finding("DUPLICATE_PROJECT", p.place, name=p.name, first=names[p.name].place)
        names.setdefault(p.name, p)
        if p.code:
            if p.code in codes:
                first = codes[p.code].place_of("项目编码")
                yield finding("DUPLICATE_CODE", p.place_of("项目编码"), code=p.code, first=first)
            codes.setdefault(p.code, p)


def known_projects(book: InputBook, settings: Settings) -> Iterable[Finding]:
    """Every 资金 and 指标 row names a project of the 项目 sheet (with the closest name suggested);
    not checked when the 项目 sheet could not be read (missing, or without its 项目名称 column: the
    error there says so, and every row would name an unknown project)."""
    if "项目" not in book.sheets:
        return
    names = [p.name for p in book.projects]
    known = set(names)
    rows: list[Fund | Indicator] = [*book.funds, *book.indicators]
    for row in rows:
        if row.project not in known:
            close = difflib.get_close_matches(row.project, names, n=1, cutoff=0.5)
            hint = f"，是否为“{close[0]}”？" if close else ""
            yield finding("UNKNOWN_PROJECT", row.place, name=row.project, hint=hint)


def projects_have_rows(book: InputBook, settings: Settings) -> Iterable[Finding]:
    """Every project has money rows (an error) and indicators (a warning); a sheet that is missing
    altogether is reported once (SHEET_MISSING), not once per project, and a row that could not be
    read (an error at its cell says why) counts as the project's row."""
    funded = {f.project for f in book.funds}
    measured = {i.project for i in book.indicators if not i.placeholder}
    for dropped in book.dropped:
        if dropped.standard in ("资金", "指标"):
            (funded if dropped.standard == "资金" else measured).add(dropped.project)
    for p in book.projects:
        if p.name not in funded and "资金" in book.sheets:
            yield finding("PROJECT_WITHOUT_FUNDS", p.place, name=p.name)
        if p.name not in measured and "指标" in book.sheets:
            yield finding("PROJECT_WITHOUT_INDICATORS", p.place, name=p.name)


def indicator_levels(book: InputBook, settings: Settings) -> Iterable[Finding]:
    """一级指标 is one the rules weigh; 二级指标 is a usual name, or an alias or a typo of one (a
    note naming the name it is read as), else a warning; 指标性质 is 定量/定性."""
    level1 = [name for name, _w in settings.level_weights]
    level2 = set(contract.choices("二级指标"))
    natures = set(contract.choices("指标性质"))
    readings: dict[str, tuple[str, str]] = {}
    for i in book.indicators:
        if i.level1 not in level1:
            yield finding("UNKNOWN_LEVEL1", i.place_of("一级指标"), value=i.level1, allowed="、".join(level1))
        if i.level2 not in level2:
            if i.level2 not in readings:
                readings[i.level2] = _level2_reading(i.level2, settings)
            name, how = readings[i.level2]
            if name:
                yield finding("LEVEL2_ALIAS", i.place_of("二级指标"), value=i.level2, name=name, how=how)
            else:
                yield finding("UNKNOWN_LEVEL2", i.place_of("二级指标"), value=i.level2)
        if i.nature and i.nature not in natures:
            yield finding("UNKNOWN_NATURE", i.place_of("指标性质"), value=i.nature)


def _level2_reading(name: str, settings: Settings) -> tuple[str, str]:
    """The standard 二级指标 ``name`` is read as ("" for none), and how, as the note says it."""
    standard, ratio = settings.level2_reading(name)
    if not standard:
        return "", ""
    if standard == name.strip():
        return standard, "名称前后有空格"
    if name.strip() in dict(settings.level2_aliases):
        return standard, f"评分规则 {settings.rules_name} 的 level2.aliases 中的写法"
    return standard, f"与“{standard}”相近（相似度 {ratio:.0%}），按笔误读取；如不是，请改为标准名称"


def unique_indicators(book: InputBook, settings: Settings) -> Iterable[Finding]:
    """An indicator path (一级/二级/三级 after inheritance) is given once per project and fund-using
    unit (blank = the project's 项目实施单位): a second row would take a second weight share, or be
    added to the first in a merge of units. Rows of the same path from different units are the
    merge of note 2 and fine."""
    projects = {p.name: p for p in book.projects}
    first: dict[tuple[str, str, str, str, str], Indicator] = {}
    for i in book.indicators:
        project = projects.get(i.project)
        if project is None or i.placeholder:
            continue
        unit = i.user_unit or project.unit
        key = (i.project, unit, i.level1, i.level2, i.level3)
        seen = first.setdefault(key, i)
        if seen is not i:
            yield finding(
                "DUPLICATE_INDICATOR",
                i.place_of("三级指标"),
                name=i.project,
                unit=f"（资金使用单位“{i.user_unit}”）" if i.user_unit else "",
                path=f"{i.level1}/{i.level2}/{i.level3}",
                first=seen.place_of("三级指标"),
            )


def weighted_levels(book: InputBook, settings: Settings) -> Iterable[Finding]:
    """A first-level indicator used with default weights whose weight is 0 scores nothing: say so once."""
    warned: set[str] = set()
    for i in book.indicators:
        zero = dict(settings.level_weights).get(i.level1) == 0
        if zero and i.weight is None and not i.placeholder and i.level1 not in warned:
            warned.add(i.level1)
            yield finding("LEVEL_WEIGHT_ZERO", i.place_of("一级指标"), level=i.level1)


def weights_given_for_all_or_none(book: InputBook, settings: Settings) -> Iterable[Finding]:
    """Within a project, 分值 is given for every scored indicator or for none."""
    by_project: dict[str, list[bool]] = defaultdict(list)
    first: dict[str, Indicator] = {}
    for i in book.indicators:
        if not i.placeholder:
            by_project[i.project].append(i.weight is not None)
            first.setdefault(i.project, i)
    for name, given in by_project.items():
        if any(given) and not all(given):
            yield finding("WEIGHTS_MIXED", first[name].place_of("分值"), name=name)


def sources_fit_the_layout(book: InputBook, settings: Settings) -> Iterable[Finding]:
    """A 资金来源 the chosen form has no row for is counted in the total and printed in its catch-all
    row; one the form sends to the total only (its ``total_only``) is counted there alone. (The
    amounts themselves are checked with the money, :mod:`evalxl.scoring.amounts`.)"""
    form = contract.source_rows(settings.layout)
    for f in book.funds:
        if f.source in form.total_only:
            place, rows = f.place_of("资金来源"), "、".join(form.rows)
            yield finding(
                "SOURCE_TOTAL_ONLY",
                place,
                source=f.source,
                layout=form.layout,
                total=form.total_row,
                rows=rows,
            )
        elif f.source and f.source not in TOTAL_SOURCES and f.source not in form.sources:
            yield finding(
                "SOURCE_NOT_IN_LAYOUT",
                f.place_of("资金来源"),
                source=f.source,
                layout=form.layout,
                into=form.other_row or form.total_row,
            )


VALIDATORS: tuple[Validator, ...] = (
    unique_projects,
    known_projects,
    projects_have_rows,
    indicator_levels,
    unique_indicators,
    weighted_levels,
    weights_given_for_all_or_none,
    sources_fit_the_layout,
)


def run_checks(book: InputBook, settings: Settings) -> list[Finding]:
    """Run every validator of the registry and return all their findings."""
    return [f for validator in VALIDATORS for f in validator(book, settings)]
