"""The rows of an indicator sheet (指标, and 部门指标 of issue 13) as :class:`~evalxl.model.Indicator`
records, with the findings of their cells: the hierarchy inherited from the rows above, a
三级指标 with its 年度指标值 and 全年完成值."""

from __future__ import annotations

from evalxl.findings import Finding
from evalxl.importing.columns import Columns
from evalxl.model import Indicator

_LEVEL1_SHORT = {"产出": "产出指标", "效益": "效益指标", "满意度": "满意度指标", "成本": "成本指标"}


def indicator_rows(sheet: Columns, out: list[Finding], owner: str = "项目名称") -> list[Indicator]:
    """The 指标 rows, each inheriting 项目名称, 一级指标 and 二级指标 left blank from the rows above;
    ``owner`` is the column naming whose indicators they are (部门指标: 主管部门)."""
    hierarchy = _inherited(sheet, owner)
    level3s, targets = sheet.texts("三级指标"), sheet.value_texts("年度指标值")
    actuals = sheet.value_texts("全年完成值")
    _check_values(sheet, level3s, targets, actuals)
    weights, self_scores = sheet.numbers("分值", rank=6), sheet.numbers("自评得分", rank=7)
    natures = [nature.removesuffix("指标") for nature in sheet.texts("指标性质")]
    rows = zip(
        hierarchy,
        sheet.texts("资金使用单位"),
        level3s,
        targets,
        actuals,
        natures,
        weights,
        self_scores,
        sheet.texts("未完成原因和改进措施"),
        sheet.rows,
        strict=True,
    )
    indicators = [
        Indicator(
            project,
            unit,
            _LEVEL1_SHORT.get(level1, level1),
            level2,
            level3,
            target,
            actual,
            nature,
            weight,
            self_score,
            reason,
            row,
            sheet.places(row),
        )
        for (
            project,
            level1,
            level2,
        ), unit, level3, target, actual, nature, weight, self_score, reason, row in rows
        if project and level1 and level2
    ]
    out.extend(sheet.findings())
    return indicators


def _inherited(sheet: Columns, owner: str) -> list[tuple[str, str, str]]:
    """``owner`` (项目名称), 一级指标 and 二级指标 of each row, a blank one taken from the row above:
    within a project for 一级指标, within a 一级指标 for 二级指标. What is still blank is a finding."""
    hierarchy = (owner, "一级指标", "二级指标")
    project = level1 = level2 = ""
    rows = []
    for k, (own_project, own1, own2) in enumerate(zip(*(sheet.texts(c) for c in hierarchy), strict=True)):
        if own_project and own_project != project:
            project, level1, level2 = own_project, "", ""
        if own1 and own1 != level1:
            level1, level2 = own1, ""
        level2 = own2 or level2
        if not (project and level1 and level2):
            for rank, (column, value) in enumerate(zip(hierarchy, (project, level1, level2), strict=True)):
                if not value:
                    sheet.note(k, rank, "VALUE_REQUIRED", column, column=column)
        rows.append((project, level1, level2))
    return rows


def _check_values(sheet: Columns, level3s: list[str], targets: list[str], actuals: list[str]) -> None:
    """A 三级指标 needs its 年度指标值 and the other way round; a 年度指标值 needs its 全年完成值."""
    for k, (level3, target, actual) in enumerate(zip(level3s, targets, actuals, strict=True)):
        if target and not level3:
            sheet.note(k, 3, "VALUE_REQUIRED", "三级指标", column="三级指标")
        if level3 and not target:
            sheet.note(k, 4, "VALUE_REQUIRED", "年度指标值", column="年度指标值")
        if target and not actual:
            sheet.note(k, 5, "ACTUAL_REQUIRED", "全年完成值", name=level3)
