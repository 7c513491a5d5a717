"""The user guide's list of finding codes, generated from the findings catalogue.

``docs/使用说明.md`` holds, between two marker lines, one table per level (错误, 警告, 提示) of every
code of :data:`evalxl.findings.CATALOGUE`: its message template with each placeholder shown as
〈名称〉, and how to fix it, taken from the 怎样改 column of the hand-written catalogue tables in
``docs/input-contract.md`` (the heading above a code's row there names its group). Regenerate after
adding a code with ``python -m evalxl.guide``; ``tests/test_guide.py`` fails while the guide is out of
step. This is a tool of the source checkout (the docs are not in the wheel).
"""

from __future__ import annotations

import re
import string
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from evalxl.findings import CATALOGUE, ERROR, NOTE, WARNING

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "使用说明.md"
CONTRACT = ROOT / "docs" / "input-contract.md"
BEGIN = "<!-- 检查代码一览：以下由 python -m evalxl.guide 生成，请勿手改 -->"
END = "<!-- 检查代码一览：生成内容到此为止 -->"

# How the guide names a message's placeholders (the guide's own wording); any other is shown 〈…〉.
# fmt: off
LABELS: Mapping[str, str] = {
    "name": "名称", "value": "所填内容", "detail": "具体原因", "limit": "上限", "first": "位置", "unit": "单位",
    "sheet": "工作表", "column": "列名", "columns": "列名", "what": "所指的项", "ratio": "比例", "total": "合计",
    "file": "文件", "hint": "相近名称的提示", "key": "键", "reason": "原因", "actual": "全年完成值", "target": "年度指标值",
    "count": "个数", "budget": "预算数", "executed": "执行数", "expected": "应有的数", "rate": "执行率", "band": "档次",
    "score": "得分", "weight": "分值", "factor": "折算系数", "kind": "种类", "why": "原因", "threshold": "阈值",
    "source": "资金来源", "layout": "表样", "level": "一级指标", "levels": "指标类别", "word": "词语", "self_score": "自评得分",
    "computed": "计算得分", "diff": "差值", "deadline": "截止日期", "project": "项目名称", "year": "年度",
    "first_year": "年度", "common": "其他文件的写法", "figure": "数字名称", "printed": "表上的数", "how": "依据",
    "converted": "换算结果", "target_unit": "目标单位", "actual_unit": "完成值单位", "fix": "改法", "fixed": "改后的数",
    "written": "单位", "other": "另一金额", "other_value": "另一金额的数", "formula": "公式", "code": "项目编码",
    "path": "指标", "allowed": "可选的值", "parts": "各来源之和", "indicators": "指标分值合计", "completion": "完成比例",
    "cap": "封顶分", "below": "执行率下限", "rows": "行数", "length": "字数", "values": "各分值", "low": "下限",
    "high": "上限", "lock": "锁文件", "kept": "计入的文件", "kept_figures": "其数字", "figures": "数字",
    "others": "其他文件的数字", "counted": "计入的数", "raw": "文件名", "member": "文件名", "to": "单位", "into": "资金来源",
    "label": "标签", "by": "权重", "op": "方向", "standard": "标准表名", "standards": "几张标准表",
    "sheets": "几张工作表", "header": "所写的表头",
    # where a name means something else in one message
    "AMOUNT_UNIT_SUSPECT.ratio": "倍数", "AMOUNT_UNIT_DOUBT.ratio": "倍数", "SOURCE_TOTAL_ONLY.rows": "各行",
    "SOURCE_TOTAL_ONLY.total": "年度资金总额", "COLLECT_YEAR_DIFFERS.what": "年度",
    "AMOUNT_UNIT_SUSPECT.what": "金额名称", "AMOUNT_UNIT_DOUBT.what": "金额名称", "DIRECTION_ASSUMED.hint": "建议的写法",
    "AMOUNT_UNIT_SUSPECT.written": "元或万元", "AMOUNT_UNIT_DOUBT.written": "元或万元",
    "HIDDEN_ROWS.rows": "行号",
}
# fmt: on


@dataclass(frozen=True)
class Row:
    """One code as the guide lists it."""

    code: str
    level: str
    group: str
    message: str
    fix: str


def readable(template: str, code: str = "") -> str:
    """A message template with each ``{placeholder}`` shown as 〈名称〉 (〈…〉 when it has no label;
    a label for ``CODE.name`` wins over one for ``name``)."""
    parts = []
    for text, field, _spec, _conversion in string.Formatter().parse(template):
        parts.append(text)
        if field is not None:
            label = LABELS.get(f"{code}.{field}") or LABELS.get(field, "…")
            parts.append(f"〈{label}〉")
    return "".join(parts).replace("|", "\\|")


_ROW = re.compile(r"^\|\s*`([A-Z0-9_]+)`\s*\|.*\|\s*([^|]*?)\s*\|\s*$")


def contract_notes(text: str) -> dict[str, tuple[str, str]]:
    """For each code in the catalogue tables of the input contract: (its group, its 怎样改 text)."""
    notes: dict[str, tuple[str, str]] = {}
    group = ""
    for line in text.splitlines():
        if line.startswith("###"):
            group = _group(line.lstrip("#").strip())
        elif match := _ROW.match(line):
            notes.setdefault(match[1], (group, match[2]))
    return notes


def _group(heading: str) -> str:
    """A heading as a short group name: ``检查代码（部门整体支出）`` → 部门整体支出, 收件（gather） → 收件."""
    inner = re.fullmatch(r"检查代码（(.+)）", heading)
    return inner[1] if inner else re.sub(r"（.*）$", "", heading)


LEVELS = (
    (ERROR, "错误：必须改正（有错误时不写出结果）"),
    (WARNING, "警告：请核对（照常评分、写出结果）"),
    (NOTE, "提示：evalxl 作了什么换算或假定（知悉即可）"),
)


def rows(catalogue: Mapping[str, tuple[str, str]], contract: str) -> list[Row]:
    """Every code of ``catalogue``, in the order the contract groups them (unlisted ones last)."""
    notes = contract_notes(contract)
    order = {group: n for n, group in enumerate(dict.fromkeys(g for g, _ in notes.values()))}
    made = []
    for code, (level, template) in catalogue.items():
        group, fix = notes.get(code, ("其他", "按说明改正"))
        made.append(Row(code, level, group, readable(template, code), fix))
    return sorted(made, key=lambda r: order.get(r.group, len(order)))


def section(catalogue: Mapping[str, tuple[str, str]], contract: str) -> str:
    """The generated part of the guide, from BEGIN to END."""
    lines = [BEGIN, ""]
    listed = rows(catalogue, contract)
    for level, heading in LEVELS:
        lines += [f"### {heading}", "", "| 代码 | 类别 | 检查结果中的说明 | 怎样改 |", "|---|---|---|---|"]
        lines += [f"| `{r.code}` | {r.group} | {r.message} | {r.fix} |" for r in listed if r.level == level]
        lines.append("")
    return "\n".join([*lines, END])


def regenerated(guide: str, contract: str, catalogue: Mapping[str, tuple[str, str]] = CATALOGUE) -> str:
    """``guide`` with its generated section made anew (ValueError when the markers are missing)."""
    start, end = guide.find(BEGIN), guide.find(END)
    if start < 0 or end < start:
        raise ValueError(f"{GUIDE.name} 中找不到标记行 {BEGIN} … {END}")
    return guide[:start] + section(catalogue, contract) + guide[end + len(END) :]


def main() -> int:
    """Rewrite docs/使用说明.md's code list from the catalogue; 0 when done, 1 when the files are missing."""
    try:
        old = GUIDE.read_text(encoding="utf-8")
        new = regenerated(old, CONTRACT.read_text(encoding="utf-8"))
    except (OSError, ValueError) as problem:
        print(f"无法生成：{problem}（须在源代码目录中运行）", file=sys.stderr)
        return 1
    if new != old:
        GUIDE.write_text(new, encoding="utf-8", newline="\n")
    print(f"{GUIDE.relative_to(ROOT)}：{'已更新' if new != old else '无变化'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
