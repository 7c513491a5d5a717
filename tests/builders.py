"""Build small standard input workbooks for tests, row by row, with openpyxl."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl

from evalxl import contract

PROJECT_HEADER = [c.name for c in contract.sheet("项目").columns]
FUND_HEADER = [c.name for c in contract.sheet("资金").columns]
INDICATOR_HEADER = [c.name for c in contract.sheet("指标").columns]

Rows = list[list[Any]]


def project(name: str = "示例培训项目", **cols: Any) -> list[Any]:
    """A 项目 row; keyword arguments fill other columns by header name."""
    values = {"项目名称": name, "主管部门": "示例县财政局", "项目实施单位": "示例县培训中心", **cols}
    return [values.get(h) for h in PROJECT_HEADER]


def fund(name: str = "示例培训项目", budget: Any = 120, executed: Any = 103.44, **cols: Any) -> list[Any]:
    """A 资金 row."""
    values = {"项目名称": name, "全年预算数": budget, "全年执行数": executed, **cols}
    return [values.get(h) for h in FUND_HEADER]


def indicator(
    level1: str | None,
    level2: str | None,
    level3: str | None,
    target: Any,
    actual: Any,
    name: str | None = "示例培训项目",
    **cols: Any,
) -> list[Any]:
    """A 指标 row."""
    values = {
        "项目名称": name,
        "一级指标": level1,
        "二级指标": level2,
        "三级指标": level3,
        "年度指标值": target,
        "全年完成值": actual,
        **cols,
    }
    return [values.get(h) for h in INDICATOR_HEADER]


WORKED_INDICATORS: Rows = [
    indicator(
        "产出指标", "数量指标", "开展培训", "≥40 次", "36 次", 分值=20, 未完成原因和改进措施="场地延后"
    ),
    indicator(
        "产出指标", "成本指标", "培训成本", "≤15 万元", "16 万元", 分值=30, 未完成原因和改进措施="讲师费上涨"
    ),
    indicator("效益指标", "社会效益指标", "参训人员合格率", "≥95%", "97%", 分值=30),
    indicator("满意度指标", "服务对象满意度指标", "参训人员满意度", "≥90%", "95%", 分值=10),
]


def write_book(
    path: Path,
    *,
    projects: Rows | None = None,
    funds: Rows | None = None,
    indicators: Rows | None = None,
    params: Rows | None = None,
    headers: dict[str, list[str]] | None = None,
    drop: tuple[str, ...] = (),
) -> Path:
    """Write a standard input workbook; defaults give the worked check of scoring-rules.md."""
    headers = {
        "项目": PROJECT_HEADER,
        "资金": FUND_HEADER,
        "指标": INDICATOR_HEADER,
        "参数": ["参数", "值"],
        **(headers or {}),
    }
    content = {
        "项目": projects if projects is not None else [project()],
        "资金": funds if funds is not None else [fund()],
        "指标": indicators if indicators is not None else WORKED_INDICATORS,
        "参数": params if params is not None else [["年度", 2024]],
    }
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in content.items():
        if name in drop:
            continue
        ws = wb.create_sheet(name)
        ws.append(headers[name])
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path
