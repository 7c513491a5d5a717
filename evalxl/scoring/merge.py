"""Merging fund-using units (the form's note 2): several units' rows of one indicator → one row.

When several 资金使用单位 report the same indicator of a project, the 主管部门 merges them before
scoring: absolute values (counts, amounts) are summed; relative values (%, rates) and qualitative
ratios are averaged with each unit's funds as weights (全年预算数, or 全年执行数 per 参数 加权资金).
Each unit's own row keeps its findings at its own cells; the merged row carries the units' parts so
计算过程 can show them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from evalxl.findings import Finding, finding
from evalxl.model import Fund, Indicator, InputBook, Project, Settings, UnitPart
from evalxl.scoring.evaluate import Evaluation, evaluate
from evalxl.scoring.numbers import num, pct
from evalxl.scoring.values import Parsed, Quantity, parse_value

_OPS = {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<"}


@dataclass(frozen=True)
class Row:
    """An indicator row to score: a unit's own row, or the merge of several units' rows."""

    indicator: Indicator
    evaluation: Evaluation | None = None  # decided by the merge (None: evaluate the row's texts)
    parts: tuple[UnitPart, ...] = ()


def unit_of(user_unit: str, project: Project | None) -> str:
    """The fund-using unit a row belongs to: its own, else the project's implementing unit."""
    return user_unit or (project.unit if project else "")


def fund_weights(
    funds: Iterable[Fund], projects: dict[str, Project], by: str
) -> dict[tuple[str, str], float]:
    """Each (project, unit)'s 全年预算数 (or 全年执行数) summed over its 资金 rows."""
    weights: dict[tuple[str, str], float] = defaultdict(float)
    for f in funds:
        weights[(f.project, unit_of(f.user_unit, projects.get(f.project)))] += (
            f.executed if by == "全年执行数" else f.budget
        )
    return weights


def merge_units(book: InputBook, settings: Settings) -> tuple[list[Row], list[Finding]]:
    """The rows to score, in the order of the form, with several units' rows merged into one."""
    projects = {p.name: p for p in book.projects}
    weights = fund_weights(book.funds, projects, settings.weight_by)
    groups: dict[tuple[str, str, str, str], list[Indicator]] = {}
    for i in book.indicators:
        groups.setdefault((i.project, i.level1, i.level2, i.level3), []).append(i)
    rows: list[Row] = []
    findings: list[Finding] = []
    merged_projects: dict[str, int] = {}
    for members in groups.values():
        units = [unit_of(i.user_unit, projects.get(i.project)) for i in members]
        if len(set(units)) < 2:
            rows.extend(Row(i) for i in members)
            continue
        project = members[0].project
        merged_projects[project] = max(merged_projects.get(project, 0), len(set(units)))
        row, found = _merge(members, units, [weights.get((project, u), 0.0) for u in units], settings)
        rows.append(row)
        findings.extend(found)
    for name, count in merged_projects.items():
        findings.append(
            finding("UNITS_MERGED", projects[name].place, name=name, count=count, by=settings.weight_by)
        )
    return rows, findings


def _merge(
    members: list[Indicator], units: list[str], funds: list[float], settings: Settings
) -> tuple[Row, list[Finding]]:
    first = members[0]
    findings = _consistency(members, units, funds)
    if first.placeholder:
        return Row(first), findings
    evaluations = [evaluate(i.target, i.actual, i.nature, settings) for i in members]
    for i, e in zip(members, evaluations, strict=True):
        findings.extend(finding(p.code, i.place_of(p.column), **dict(p.values)) for p in e.problems)
    shares = _shares(funds)
    evaluation, target, actual = _merged_evaluation(members, evaluations, shares, settings)
    parts = tuple(
        UnitPart(u, i.target, i.actual, f, e.completion, i.place_of("三级指标"))
        for i, u, f, e in zip(members, units, funds, evaluations, strict=True)
    )
    weight = next((i.weight for i in members if i.weight is not None), None)
    merged = replace(
        first,
        user_unit="",
        target=target,
        actual=actual,
        weight=weight,
        self_score=_self_score(members, findings),
        reason=_reasons(members, units),
    )
    return Row(merged, evaluation, parts), findings


def _shares(funds: list[float]) -> list[float]:
    total = sum(funds)
    return [f / total for f in funds] if total > 0 else [1 / len(funds)] * len(funds)


def _consistency(members: list[Indicator], units: list[str], funds: list[float]) -> list[Finding]:
    """One 分值 per indicator, and every unit has money on the project."""
    found = []
    given = {i.weight for i in members}
    if len(given) > 1:
        values = "、".join(
            f"{u} {num(i.weight) if i.weight is not None else '空'}"
            for i, u in zip(members, units, strict=True)
        )
        found.append(finding("WEIGHT_INCONSISTENT", members[1].place_of("分值"), values=values))
    for i, unit, fund in zip(members, units, funds, strict=True):
        if fund <= 0:
            found.append(finding("UNIT_WITHOUT_FUNDS", i.place_of("资金使用单位"), unit=unit, name=i.project))
    return found


def _self_score(members: list[Indicator], findings: list[Finding]) -> float | None:
    scores = {i.self_score for i in members}
    if len(scores) == 1:
        return scores.pop()
    findings.append(finding("SELF_SCORE_INCONSISTENT", members[1].place_of("自评得分")))
    return None


def _reasons(members: list[Indicator], units: list[str]) -> str:
    said = [f"{u}：{i.reason}" for i, u in zip(members, units, strict=True) if i.reason]
    return "；".join(dict.fromkeys(said))


# ---- the merged value ----------------------------------------------------------------------------


def _merged_evaluation(
    members: list[Indicator], evaluations: list[Evaluation], shares: list[float], settings: Settings
) -> tuple[Evaluation, str, str]:
    """(evaluation, merged target text, merged actual text)."""
    targets = [parse_value(i.target) for i in members]
    common = _common_quantity(targets)
    if common is not None and all(e.factor is not None for e in evaluations):
        relative = common.percent or _is_rate(common.unit, members[0].level3)
        numbers = [t.parts[0].number for t in targets]
        actuals = [
            _actual_number(i, t.parts[0], e) for i, t, e in zip(members, targets, evaluations, strict=True)
        ]
        if relative:
            target_n, actual_n = _weighted(numbers, shares), _weighted(actuals, shares)
            how = f"相对值按资金加权平均（{_shares_text(shares)}）"
        else:
            target_n, actual_n = sum(numbers), sum(actuals)
            how = "绝对值直接累加"
        same = len({i.target for i in members}) == 1 and relative
        op = common.op if any(t.explicit_op for t in targets) else ""
        target = members[0].target if same else _text(op, target_n, common)
        actual = _text("", actual_n, common)
        merged = evaluate(target, actual, members[0].nature, settings)
        method = f"合并{len(members)}个单位（{how}）：目标 {target}，完成 {actual}；{merged.method}"
        evaluation = Evaluation(merged.nature, merged.factor, merged.completion, method, (), merged.rule)
        return evaluation, target, actual
    return _weighted_factor(members, evaluations, shares)


def _common_quantity(targets: Sequence[Parsed]) -> Quantity | None:
    """The shape all targets share (one quantity, same operator and unit), else None."""
    if not all(t.kind == "quantity" and len(t.parts) == 1 for t in targets):
        return None
    shapes = {(t.parts[0].op, t.parts[0].unit) for t in targets}
    return targets[0].parts[0] if len(shapes) == 1 else None


def _is_rate(unit: str, name: str) -> bool:
    return "/" in unit or "率" in unit or (not unit and ("率" in name or "满意度" in name))


def _actual_number(indicator: Indicator, target: Quantity, evaluation: Evaluation) -> float:
    """The unit's actual in the target's unit; a ratio written instead is turned back into a number."""
    actual = parse_value(indicator.actual)
    if actual.kind == "quantity" and len(actual.parts) == 1 and actual.parts[0].percent == target.percent:
        return actual.parts[0].number
    completion = evaluation.completion if evaluation.completion is not None else evaluation.factor or 0.0
    if target.op in ("<=", "<"):
        return target.number / completion if completion > 0 else target.number
    return target.number * completion


def _weighted(values: list[float], shares: list[float]) -> float:
    return sum(v * s for v, s in zip(values, shares, strict=True))


def _shares_text(shares: list[float]) -> str:
    return "权重 " + "/".join(pct(s) for s in shares)


def _text(op: str, number: float, like: Quantity) -> str:
    shown = pct(number).replace(".00%", "%") if like.percent else f"{num(round(number, 10))}"
    unit = "" if like.percent else (" " + like.unit if like.unit else "")
    return f"{_OPS.get(op, '')}{shown}{unit}"


def _weighted_factor(
    members: list[Indicator], evaluations: list[Evaluation], shares: list[float]
) -> tuple[Evaluation, str, str]:
    """Qualitative, time and mixed indicators: the units' shares of the weight, fund-weighted."""
    targets = list(dict.fromkeys(i.target for i in members))
    target = targets[0] if len(targets) == 1 else "；".join(targets)
    nature = evaluations[0].nature
    if any(e.factor is None for e in evaluations):
        return (
            Evaluation(nature, None, None, "合并：有单位的完成值无法计算"),
            target,
            "；".join(i.actual for i in members),
        )
    factor = _weighted([e.factor or 0.0 for e in evaluations], shares)
    completion = _weighted(
        [e.completion if e.completion is not None else e.factor or 0.0 for e in evaluations], shares
    )
    actual = pct(completion)
    method = f"合并{len(members)}个单位（完成比例按资金加权平均，{_shares_text(shares)}）= {actual}"
    return Evaluation(nature, factor, completion, method, (), "加权资金"), target, actual


def split_by_unit(book: InputBook) -> InputBook:
    """Each unit's own view (``--by-unit``): a project several units report becomes one project per
    unit, named "项目（单位）", holding only that unit's 资金 and 指标 rows."""
    projects = {p.name: p for p in book.projects}
    units: dict[str, list[str]] = defaultdict(list)
    for f in book.funds:
        units[f.project].append(unit_of(f.user_unit, projects.get(f.project)))
    for i in book.indicators:
        units[i.project].append(unit_of(i.user_unit, projects.get(i.project)))
    several = {name: list(dict.fromkeys(us)) for name, us in units.items() if len(set(us)) > 1}

    def key(name: str, user_unit: str) -> str:
        return f"{name}（{unit_of(user_unit, projects.get(name))}）" if name in several else name

    new_projects: list[Project] = []
    for p in book.projects:
        views = [replace(p, name=f"{p.name}（{u}）", unit=u) for u in several.get(p.name, [])]
        new_projects.extend(views or [p])
    return replace(
        book,
        projects=tuple(new_projects),
        funds=tuple(replace(f, project=key(f.project, f.user_unit)) for f in book.funds),
        indicators=tuple(replace(i, project=key(i.project, i.user_unit)) for i in book.indicators),
    )
