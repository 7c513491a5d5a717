"""The audit of filled-in forms: each figure a form prints, against what the rules give on its data.

A form prints figures computed by hand (执行率, 得分, 总分, 自评等级 …). The run computes them again
from the same data (the amounts, targets, actuals and 分值 read from the form); each figure that
disagrees is a ``FORM_FIGURE_DIFFERS`` warning at the printed cell with both values, in the order of
the forms, so an auditor reads the list top to bottom.

When a printed figure and the rules' agree (the conventions, also in ``docs/input-contract.md``):
- a rate (执行率) agrees when it equals the rules' rate to the decimals the form prints it with
  (a typed ``80%`` agrees with 80.45%: the form shows whole percents; ``100%`` does not);
- a score (预算得分, 得分, 总分) and a 分值 agree when they are equal at the profile's 得分小数位 (the
  rules round every score so; ``10`` against 9.6 disagrees);
- a grade (自评等级) agrees when it is the same word.
A figure the rules do not give (a project without a total because of an error at its cells) is
not compared: the error says why.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from evalxl.findings import Finding, finding
from evalxl.forms.records import Printed
from evalxl.model import InputBook, RunResult, ScoredProject, Settings
from evalxl.scoring.numbers import num, pct, round1

_DECIMALS = re.compile(r"\.(\d+)")
TOTAL_ROW = "年度资金总额"


def audit(printed: Sequence[Printed], result: RunResult, book: InputBook | None) -> list[Finding]:
    """A ``FORM_FIGURE_DIFFERS`` finding for each printed figure the rules disagree with, in the
    order of the forms (sheet by sheet as printed, then row, then column)."""
    projects = {p.project.name: p for p in result.projects}
    rows = _fund_rows(book)
    found = []
    for figure in _in_reading_order(printed):
        scored = projects.get(figure.project)
        expected = _expected(figure, scored, rows, result.settings) if scored else None
        if expected is None:
            continue
        rules, how = expected
        if not _agrees(figure, rules, result.settings):
            found.append(
                finding(
                    "FORM_FIGURE_DIFFERS",
                    figure.place,
                    figure=_label(figure),
                    printed=figure.text,
                    how=how,
                    expected=_shown(figure, rules),
                )
            )
    return found


def _in_reading_order(printed: Sequence[Printed]) -> list[Printed]:
    sheets: dict[str, int] = {}
    for p in printed:
        sheets.setdefault(p.place.sheet, len(sheets))
    return sorted(printed, key=lambda p: (sheets[p.place.sheet], p.place.row, p.place.column))


def _label(figure: Printed) -> str:
    if figure.figure == "执行率" and figure.fund_row and figure.fund_row != TOTAL_ROW:
        return f"{figure.fund_row}执行率"
    return figure.figure


def _fund_rows(book: InputBook | None) -> dict[tuple[str, str], tuple[float, float]]:
    """(project, 资金来源) → (全年预算数, 全年执行数) summed over the rows read from the forms."""
    sums: dict[tuple[str, str], tuple[float, float]] = {}
    for fund in book.funds if book is not None else ():
        budget, executed = sums.get((fund.project, fund.source), (0.0, 0.0))
        sums[(fund.project, fund.source)] = (budget + fund.budget, executed + fund.executed)
    return sums


def _expected(
    figure: Printed,
    scored: ScoredProject,
    rows: dict[tuple[str, str], tuple[float, float]],
    settings: Settings,
) -> tuple[float | str, str] | None:
    """The rules' figure and how it is computed, or None when there is none to compare."""
    kind = figure.figure
    if kind == "执行率":
        return _rate(figure, scored, rows)
    if kind == "预算分值":
        return scored.budget_weight, f"评分规则（{settings.rules_name}）的预算执行率分值"
    if kind == "预算得分":
        return _score(scored.budget_score, f"预算执行率分值 {num(scored.budget_weight)} × 执行率")
    if kind == "得分":
        return _indicator_score(figure, scored, settings)
    if kind == "总分":
        return _score(scored.score, "各项得分合计（含折算与封顶）")
    if kind == "自评等级":
        if scored.score is None:
            return None
        return scored.grade, f"总分 {num(scored.score)} 分对应的等级"
    return None  # 年度资金总额: checked against its rows when the forms are read


def _rate(
    figure: Printed, scored: ScoredProject, rows: dict[tuple[str, str], tuple[float, float]]
) -> tuple[float | str, str] | None:
    if figure.fund_row in ("", TOTAL_ROW):
        rate = scored.rate
    else:
        budget, executed = rows.get((figure.project, figure.fund_row), (0.0, 0.0))
        rate = executed / budget if budget else None
    return None if rate is None else (rate, "全年执行数/全年预算数")


def _score(value: float | None, how: str) -> tuple[float | str, str] | None:
    return None if value is None else (value, how)


def _indicator_score(
    figure: Printed, scored: ScoredProject, settings: Settings
) -> tuple[float | str, str] | None:
    indicator = next((i for i in scored.indicators if i.row == figure.indicator_row), None)
    if indicator is None or indicator.computed is None:
        return None
    return indicator.computed, f"评分规则（{settings.rules_name}）"


def _agrees(figure: Printed, rules: float | str, settings: Settings) -> bool:
    if isinstance(rules, str):
        return re.sub(r"\s", "", figure.text) == rules
    if figure.value is None:
        return False  # a text where a number is printed: shown as it is
    if figure.figure == "执行率":
        return _same(figure.value * 100, rules * 100, _printed_decimals(figure.text))
    return _same(figure.value, rules, settings.decimals)


def _shown(figure: Printed, rules: float | str) -> str:
    if isinstance(rules, str):
        return rules
    return pct(rules) if figure.figure == "执行率" else num(rules)


def _printed_decimals(text: str) -> int:
    match = _DECIMALS.search(text)
    return len(match.group(1)) if match else 0


def _same(printed: float, rules: float, decimals: int) -> bool:
    return round1(printed, decimals) == round1(rules, decimals)
