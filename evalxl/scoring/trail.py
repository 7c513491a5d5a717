"""Each project's record, its 计算过程 lines and the findings about it, from the columns of the
project totals (:mod:`evalxl.scoring.projects`): the only per-project step of scoring."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from evalxl.findings import Finding, finding
from evalxl.model import Cap, Indicator, Project, ScoredIndicator, ScoredProject, Settings
from evalxl.scoring.funds import Money
from evalxl.scoring.numbers import EPS, num, pct

if TYPE_CHECKING:
    from evalxl.scoring.projects import Rows, Totals


class Trail:
    """The records of projects and their findings, in the order the records are made."""

    def __init__(
        self, settings: Settings, indicators: Sequence[Indicator], cash: Money, rows: Rows, totals: Totals
    ) -> None:
        self.settings, self.indicators, self.cash, self.rows, self.totals = (
            settings, indicators, cash, rows, totals
        )  # fmt: skip
        self.rate = _none_for_nan(cash.rate.tolist())
        self.budget_score = _none_for_nan(totals.budget_score.tolist())
        self.raw = _none_for_nan(totals.raw.tolist())
        self.total = _none_for_nan(totals.uncapped.tolist())
        self.scale = totals.scale.tolist()
        self.by_levels = lru_cache(maxsize=None)(self._by_levels)
        self.findings: list[Finding] = []

    def project(self, k: int, project: Project, indicators: tuple[ScoredIndicator, ...]) -> ScoredProject:
        """The record of the ``k``-th project; its findings are added to :attr:`findings`."""
        trail: list[str] = []
        self._budget(k, project, trail)
        self._weights(k, project, trail)
        total, grade, cap = self._total(k, project, trail)
        cash = self.cash
        return ScoredProject(
            project, cash.lines[k], float(cash.budget[k]), float(cash.executed[k]), self.rate[k],
            self.settings.budget_weight, self.budget_score[k], indicators, self.raw[k], self.scale[k],
            total, grade, tuple(trail), cap=cap,
        )  # fmt: skip

    def _budget(self, k: int, project: Project, trail: list[str]) -> None:
        """预算执行率's line, an error when there is no budget, and a warning for a low rate."""
        s, rate, score = self.settings, self.rate[k], self.budget_score[k]
        if self.cash.wrong[k]:
            trail.append("资金金额有误（见检查结果），未计算预算执行率得分")
            return
        if rate is None or score is None:
            first = self.cash.first[k]
            if first is not None:
                self.findings.append(finding("ZERO_BUDGET", first.place_of("全年预算数"), name=project.name))
            return
        trail.append(
            f"预算执行率 = 全年执行数/全年预算数 = {num(self.cash.executed[k])}/{num(self.cash.budget[k])} = "
            f"{pct(rate)}；得分 = {num(s.budget_weight)} × min({pct(rate)}, 100%) = {num(score)}"
            f"〔{s.rules_name}：weights.预算执行率〕"
        )
        if rate < s.execution_warn_below - EPS and not project.remark:
            place, threshold = project.place_of("说明"), pct(s.execution_warn_below)
            self.findings.append(
                finding("LOW_EXECUTION", place, name=project.name, rate=pct(rate), threshold=threshold)
            )

    def _weights(self, k: int, project: Project, trail: list[str]) -> None:
        """How the weights were set: as given (a warning when they do not make 100), or by default
        (a note when a missing level has the total rescaled)."""
        s, rows = self.settings, self.rows
        if not rows.any[k]:
            return
        if rows.all_given[k]:
            given = float(rows.given_sum[k])
            total, budget = s.budget_weight + given, num(s.budget_weight)
            trail.append(f"分值按填报：指标分值合计 {num(given)}，加预算执行率分值 {budget}，共 {num(total)}")
            if self.totals.mismatch[k]:
                self._mismatch(project, rows.first[k], given, total, trail)
            return
        counts = tuple(rows.levels[k].tolist())
        line, rescale, dropped, factor = self.by_levels(counts, float(self.totals.applicable[k]))
        trail.append(line)
        if self.totals.rescaled[k]:
            trail.append(rescale)
            if dropped:
                note = finding(
                    "LEVEL_RESCALED", project.place, name=project.name, levels=dropped, factor=factor
                )
                self.findings.append(note)

    def _mismatch(self, project: Project, first: int, given: float, total: float, trail: list[str]) -> None:
        """分值 given that do not make weights_total: the total rescaled to the scale (a warning and
        the factor in 计算过程), or an error when the profile says so."""
        s = self.settings
        place = self.indicators[first].place_of("分值")
        values = {
            "name": project.name,
            "indicators": num(given),
            "budget": num(s.budget_weight),
            "total": num(total),
            "expected": num(s.weights_total),
        }
        if s.weights_mismatch == "error":
            self.findings.append(finding("WEIGHTS_NOT_SCALE", place, **values))
            return
        factor = f"{num(s.rescale_to)}/{num(total)}"
        self.findings.append(finding("WEIGHTS_NOT_100", place, factor=factor, **values))
        trail.append(
            f"分值合计 {num(total)} 不等于 {num(s.weights_total)}：总分 = 得分合计 × {factor}"
            f"〔{s.rules_name}：scores.weights_mismatch = rescale〕"
        )

    def _by_levels(self, counts: tuple[int, ...], applicable: float) -> tuple[str, str, str, str]:
        """(the default weights' line, the rescaling line, the levels missing, the factor) of the
        projects with ``counts`` scored rows of each level of the profile."""
        s = self.settings
        levels = list(zip(s.level_weights, counts, strict=True))
        split = "；".join(f"{level} {num(w)} 分平均分给 {n} 个指标" for (level, w), n in levels if n > 0)
        dropped = [level for (level, w), n in levels if w > 0 and n == 0]
        factor = f"{num(s.rescale_to)}/{num(applicable)}"
        why = f"缺少{'、'.join(dropped)}" if dropped else f"适用分值合计 {num(applicable)}"
        rescale = f"{why}：总分 = 得分合计 × {factor}〔{s.rules_name}：scores.rescale_to〕"
        return "未填分值，按默认权重：" + split, rescale, "、".join(dropped), factor

    def _total(self, k: int, project: Project, trail: list[str]) -> tuple[float | None, str, Cap | None]:
        """The total's line, and the cap's with its note: (total, grade, the cap that applied)."""
        raw, score, total, scale = self.raw[k], self.budget_score[k], self.total[k], self.scale[k]
        if raw is None or score is None or total is None:
            trail.append("存在错误，未计算总分")
            return None, "", None
        grade = str(self.totals.grade[k])
        shown = f"{num(raw)} × {num(scale)} = {num(total)}" if scale != 1.0 else num(total)
        trail.append(
            f"总分 = 预算执行率得分 {num(score)} + 指标得分合计 {num(raw - score)} → {shown}，等级：{grade}"
        )
        cap = int(self.totals.cap[k])
        if cap < 0:
            return total, grade, None
        below, most = self.settings.caps[cap]
        rate = float(self.cash.rate[k])
        values = {"rate": pct(rate), "below": pct(below), "score": num(total), "cap": num(most)}
        self.findings.append(finding("TOTAL_CAPPED", project.place, name=project.name, **values))
        trail.append(
            f"执行率 {pct(rate)} 低于 {pct(below)}：总分 {num(total)} 封顶为 {num(most)}"
            f"〔{self.settings.rules_name}：caps〕"
        )
        return most, str(self.totals.capped_grade[k]), Cap(below, most, total)


def _none_for_nan(values: list[float]) -> list[float | None]:
    return [None if v != v else v for v in values]
