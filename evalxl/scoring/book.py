"""The book's figures that the forms and 汇总 print but the rules do not score: the 项目资金 rows of
the run's layout, the printed weight totals, and the 小计 and 合计 of the projects."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache

from evalxl import collector, contract, money
from evalxl.findings import Finding
from evalxl.model import FundLine, FundRow, RunResult, ScoredProject, Settings, Source, Subtotal
from evalxl.scoring.numbers import round1

NO_SOURCE = Source()


def run_result(
    settings: Settings,
    projects: Sequence[ScoredProject],
    findings: Sequence[Finding],
    source: Source = NO_SOURCE,
) -> RunResult:
    """The run's result: each project with its printed fund rows and weight total, and the 小计 and
    合计 of ``projects`` (so a result of any subset of projects, such as one split file, adds up)."""
    form, unit = contract.source_rows(settings.layout), settings.money_unit
    with collector.paused(keep=True):  # a record per project, right after scoring made one per row
        done = tuple(
            _printed(
                p,
                fund_rows(p.funds, form, unit),
                weights_total(p.budget_weight, [i.weight for i in p.indicators]),
            )
            for p in projects
        )
    departments, total = subtotals(done, settings.decimals, unit)
    return RunResult(settings, done, tuple(findings), source, departments, total)


def _printed(p: ScoredProject, rows: tuple[FundRow, ...], weights: float) -> ScoredProject:
    """``replace(p, fund_rows=rows, weights_total=weights)``, a fifth of its time (10,000 calls a run)."""
    return ScoredProject(
        p.project, p.funds, p.budget, p.executed, p.rate, p.budget_weight, p.budget_score, p.indicators,
        p.raw_total, p.scale, p.score, p.grade, p.trail, rows, weights, p.cap, p.blocked_by,
    )  # fmt: skip


def fund_rows(
    funds: Sequence[FundLine], layout: contract.SourceRows, unit: str = "万元"
) -> tuple[FundRow, ...]:
    """The rows of the 项目资金 block: the total (the first FundLine), then one row per layout row.

    Each source is printed in the row that takes it (县级资金 in its own row of 目标自评表, in
    当年财政拨款 in 评分自评表); an unknown source in the layout's ``other_row``; a source the layout
    counts in the total only (当年财政拨款 in 目标自评表) in no row. An ``optional`` row is printed
    only when the project has money in it. Sums are exact to the 分 of ``unit``.
    """
    total, sources = (funds[0], funds[1:]) if funds else (None, ())
    if not sources:  # most projects: their money is not split by source
        return (FundRow(layout.total_row, total, total=True), *_empty_rows(layout))
    found: dict[str, list[FundLine]] = {row: [] for row in layout.rows}
    for line in sources:
        into = layout.row_of(line.label)
        if into:
            found[into].append(line)
    rows = [FundRow(layout.total_row, total, total=True)]
    for row, text in zip(layout.rows, layout.texts, strict=True):
        if found[row] or row not in layout.optional:
            rows.append(FundRow(text, _added(row, found[row], unit)))
    return tuple(rows)


@cache
def _empty_rows(layout: contract.SourceRows) -> tuple[FundRow, ...]:
    return tuple(
        FundRow(text, None)
        for row, text in zip(layout.rows, layout.texts, strict=True)
        if row not in layout.optional
    )


def _added(label: str, lines: Sequence[FundLine], unit: str) -> FundLine | None:
    """One line of the row ``label`` holding the sums of ``lines`` (None for no line)."""
    if not lines:
        return None
    if len(lines) == 1 and lines[0].label == label:
        return lines[0]
    budget = _sum([line.budget for line in lines], unit)
    executed = _sum([line.executed for line in lines], unit)
    rate = executed / budget if budget and executed is not None else None
    return FundLine(label, budget, executed, rate, _sum([line.initial for line in lines], unit))


def _sum(values: Sequence[float | None], unit: str) -> float | None:
    known = [value for value in values if value is not None]
    return money.exact_sum(known, unit) if known else None


def weights_total(budget_weight: float, weights: Iterable[float | None]) -> float:
    """The sum of the printed 分值: the budget's and every scored indicator's."""
    return round(budget_weight + sum([w for w in weights if w is not None]), 6)


def subtotals(
    projects: Sequence[ScoredProject], decimals: int, unit: str = "万元"
) -> tuple[tuple[Subtotal, ...], Subtotal]:
    """One 小计 per 主管部门 (in order of first appearance), and the 合计 of all projects; their
    amounts exact to the 分 of ``unit``."""
    groups: dict[str, list[int]] = {}
    for position, scored in enumerate(projects):
        groups.setdefault(scored.project.department, []).append(position)
    departments = tuple(
        _subtotal(f"小计（{name}）", name, members, projects, decimals, unit)
        for name, members in groups.items()
    )
    return departments, _subtotal("合计", "", list(range(len(projects))), projects, decimals, unit)


def _subtotal(
    label: str,
    department: str,
    members: list[int],
    projects: Sequence[ScoredProject],
    decimals: int,
    unit: str,
) -> Subtotal:
    chosen = [projects[i] for i in members]
    budget = money.exact_sum([p.budget for p in chosen], unit)
    executed = money.exact_sum([p.executed for p in chosen], unit)
    weighted = sum(p.budget * p.score for p in chosen if p.score is not None)
    average = round1(weighted / budget, decimals) if budget else None
    rate = executed / budget if budget else None
    return Subtotal(label, department, tuple(members), budget, executed, rate, average)
