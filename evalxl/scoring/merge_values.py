"""The value of a merged indicator (note 2), on columns: the units' rows of every merged indicator
are evaluated together, then summed or fund-weighted per indicator.

When all units wrote one number with the same operator and unit, their targets and actuals are
merged into one target and one actual, evaluated like any row: absolute values (counts, amounts)
are summed, relative values (%, rates, satisfaction) fund-weighted. Other indicators (qualitative,
time, mixed shapes) get the units' shares of the weight, fund-weighted. Sums are added in the order
Python adds them (:func:`evalxl.scoring.numbers.group_sums`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from evalxl.model import Indicator, Settings
from evalxl.scoring.directions import by_default, level2_classes
from evalxl.scoring.evaluate import evaluate_all
from evalxl.scoring.evaluations import Evaluations
from evalxl.scoring.numbers import group_sums, num, pct, pcts
from evalxl.scoring.parsed import sides
from evalxl.scoring.qualitative import zero_actuals
from evalxl.scoring.values import OP_SIGNS


@dataclass(frozen=True)
class Members:
    """The units' rows of the indicators to merge, indicator after indicator, as columns."""

    indicators: list[Indicator]
    group: np.ndarray  # which merged indicator (0, 1, …) each row belongs to
    starts: np.ndarray  # each merged indicator's first row
    unit: np.ndarray  # the row's fund-using unit
    fund: np.ndarray  # that unit's funds on the project: its weight in the merge

    def rows(self, g: int) -> slice:
        """The rows of merged indicator ``g``."""
        end = self.starts[g + 1] if g + 1 < len(self.starts) else len(self.indicators)
        return slice(int(self.starts[g]), int(end))

    def of(self, groups: np.ndarray) -> tuple[Members, np.ndarray]:
        """The rows of the merged indicators ``groups`` (ascending), renumbered, and which rows they are."""
        keep = np.isin(self.group, groups)
        group = np.searchsorted(groups, self.group[keep])
        sizes = np.bincount(group, minlength=len(groups))
        chosen = [i for i, k in zip(self.indicators, keep.tolist(), strict=True) if k]
        return Members(chosen, group, np.cumsum(sizes) - sizes, self.unit[keep], self.fund[keep]), keep


@dataclass(frozen=True)
class MergedValues:
    """Each unit's own evaluation and each merged indicator's evaluation, target and actual."""

    own: Evaluations  # of each member
    merged: Evaluations  # of each merged indicator
    targets: list[str]
    actuals: list[str]


def merged_values(members: Members, settings: Settings) -> MergedValues:
    """The evaluations of the members and of their merged indicators."""
    rows, count = members.indicators, len(members.starts)
    own = evaluate_all(
        [i.target for i in rows],
        [i.actual for i in rows],
        [i.nature for i in rows],
        settings,
        level2s=[i.level2 for i in rows],
    )
    sizes = np.bincount(members.group, minlength=count)
    total = group_sums(members.fund, members.group, count)[members.group]
    shares = np.divide(members.fund, total, out=1 / sizes[members.group], where=total > 0)
    each = pcts(shares)
    shown = ["权重 " + "/".join(each[members.rows(g)]) for g in range(count)]
    common = _common_shape(members, own)
    merged, targets, actuals = Evaluations.empty(count), [""] * count, [""] * count
    for groups, merge in ((np.flatnonzero(common), _by_number), (np.flatnonzero(~common), _by_share)):
        chosen, keep = members.of(groups)
        found = merge(
            chosen, own.take(np.flatnonzero(keep)), shares[keep], [shown[g] for g in groups], settings
        )
        merged.put(groups, found[0])
        for g, target, actual in zip(groups.tolist(), found[1], found[2], strict=True):
            targets[g], actuals[g] = target, actual
    return MergedValues(own, merged, targets, actuals)


def _all(mask: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Whether ``mask`` holds for every row of each indicator."""
    return np.logical_and.reduceat(mask, starts) if len(starts) else np.empty(0, dtype=bool)


def _common_shape(members: Members, own: Evaluations) -> np.ndarray:
    """Indicators whose units all wrote one number with the same operator and unit, and were computed."""
    target, _ = sides([i.target for i in members.indicators], [])
    first = members.starts[members.group]
    alike = (
        (target.kind == "quantity") & (target.op == target.op[first]) & (target.unit == target.unit[first])
    )
    return _all(alike & ~np.isnan(own.factor), members.starts)


def _or_zero(values: np.ndarray) -> np.ndarray:
    """``value or 0.0`` of each value (−0.0 becomes 0.0, as in Python)."""
    return np.where(values == 0, 0.0, values)


_Merged = tuple[Evaluations, list[str], list[str]]  # evaluations, targets, actuals


def _by_number(
    members: Members, own: Evaluations, shares: np.ndarray, shown: list[str], settings: Settings
) -> _Merged:
    """One target and one actual: absolute values summed, relative values fund-weighted."""
    rows, group, starts, count = members.indicators, members.group, members.starts, len(members.starts)
    t, a = sides([i.target for i in rows], [i.actual for i in rows])
    t = by_default(
        t, level2_classes([i.level2 for i in rows], settings), settings
    ).target  # 200万 in 成本指标: ≤
    a = zero_actuals(t, a, settings).actual  # 无 against ≤5次: 0
    firsts = [rows[s] for s in starts.tolist()]
    unit, percent = t.unit[starts], t.percent[starts]
    names = zip(unit.tolist(), firsts, strict=True)
    relative = percent | np.array([_is_rate(u, i.level3) for u, i in names], dtype=bool)
    weighted = relative[group]
    # an actual in another unit (万人次 for 人次) was converted: its number comes from its completion
    as_written = (a.kind == "quantity") & ((a.unit == t.unit) | (a.unit == ""))
    actual = _actual_numbers(t.op, t.number, t.percent, as_written, a.percent, a.number, own)
    target_n = group_sums(np.where(weighted, t.number * shares, t.number), group, count)
    actual_n = group_sums(np.where(weighted, actual * shares, actual), group, count)
    written = np.array([i.target for i in rows], dtype=object)
    same = _all(written == written[starts][group], starts) & relative
    explicit = np.logical_or.reduceat(t.explicit, starts) if count else np.empty(0, dtype=bool)
    op = np.where(explicit, t.op[starts], "")
    targets = [
        first.target if alike else _text(o, n, p, u)
        for first, alike, o, n, p, u in zip(firsts, same, op, target_n.tolist(), percent, unit, strict=True)
    ]
    actuals = [_text("", n, p, u) for n, p, u in zip(actual_n.tolist(), percent, unit, strict=True)]
    natures, level2s = [i.nature for i in firsts], [i.level2 for i in firsts]
    result = evaluate_all(targets, actuals, natures, settings, level2s=level2s)
    sizes = np.diff(np.append(starts, len(rows))).tolist()
    how = [
        f"相对值按资金加权平均（{s}）" if r else "绝对值直接累加"
        for s, r in zip(shown, relative, strict=True)
    ]
    each = zip(sizes, how, targets, actuals, result.method, strict=True)
    method = np.array(
        [f"合并{n}个单位（{h}）：目标 {x}，完成 {y}；{m}" for n, h, x, y, m in each], dtype=object
    )
    empty = Evaluations.empty(count)
    merged = Evaluations(result.nature, result.factor, result.completion, method, result.rule, empty.problems)
    return merged, targets, actuals


def _actual_numbers(
    op: np.ndarray,
    target: np.ndarray,
    percent: np.ndarray,
    quantity: np.ndarray,
    actual_percent: np.ndarray,
    actual: np.ndarray,
    own: Evaluations,
) -> np.ndarray:
    """Each unit's actual in its target's unit; a ratio written instead is turned back into a number."""
    completion = np.where(np.isnan(own.completion), _or_zero(own.factor), own.completion)
    at_most = (op == "<=") | (op == "<")
    derived = np.where(at_most, np.divide(target, completion, out=target.copy(), where=completion > 0), 0.0)
    derived = np.where(at_most, derived, target * completion)
    return np.where(quantity & (actual_percent == percent), actual, derived)


def _is_rate(unit: str, name: str) -> bool:
    return "/" in unit or "率" in unit or (not unit and ("率" in name or "满意度" in name))


def _text(op: str, number: float, percent: bool, unit: str) -> str:
    shown = pct(number).replace(".00%", "%") if percent else f"{num(round(number, 10))}"
    written = "" if percent else (" " + unit if unit else "")
    return f"{OP_SIGNS.get(op, '')}{shown}{written}"


def _by_share(
    members: Members, own: Evaluations, shares: np.ndarray, shown: list[str], settings: Settings
) -> _Merged:
    """Qualitative, time and mixed indicators: the units' shares of the weight, fund-weighted."""
    del settings  # the shares are the units' own
    count = len(members.starts)
    factor = _or_zero(own.factor)
    completion = np.where(np.isnan(own.completion), factor, own.completion)
    computed = _all(~np.isnan(own.factor), members.starts)
    merged = Evaluations.empty(count)
    merged.nature[:] = own.nature[members.starts]
    merged.factor[computed] = group_sums(factor * shares, members.group, count)[computed]
    merged.completion[computed] = group_sums(completion * shares, members.group, count)[computed]
    merged.rule[computed] = "加权资金"
    targets, actuals = [], []
    for g, ratio in enumerate(merged.completion.tolist()):
        rows = members.indicators[members.rows(g)]
        written = list(dict.fromkeys(i.target for i in rows))
        targets.append(written[0] if len(written) == 1 else "；".join(written))
        if computed[g]:
            actuals.append(pct(ratio))
            merged.method[g] = f"合并{len(rows)}个单位（完成比例按资金加权平均，{shown[g]}）= {actuals[-1]}"
        else:
            actuals.append("；".join(i.actual for i in rows))
            merged.method[g] = "合并：有单位的完成值无法计算"
    return merged, targets, actuals
