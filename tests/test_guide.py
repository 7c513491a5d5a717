"""The user guide's list of finding codes (docs/使用说明.md) is the findings catalogue, regenerated."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from evalxl import guide
from evalxl.findings import CATALOGUE, ERROR, NOTE, WARNING

CONTRACT = """
### 文件

| 代码 | 级别 | 说明 | 怎样改 |
|---|---|---|---|
| `A_CODE` | 错误 | … | 另存为 .xlsx |

### 检查代码（部门整体支出）

| 代码 | 级别 | 说明 | 怎样改 |
|---|---|---|---|
| `B_CODE` | 警告 | … | 核对`名称` |
"""


def test_the_guide_is_in_step_with_the_catalogue() -> None:
    text = guide.GUIDE.read_text(encoding="utf-8")
    fresh = guide.regenerated(text, guide.CONTRACT.read_text(encoding="utf-8"))
    assert fresh == text, (
        "docs/使用说明.md 的检查代码一览与 evalxl/catalogue.py 的 CATALOGUE 或 docs/input-contract.md 不一致；"
        "请运行 .venv/bin/python -m evalxl.guide 重新生成"
    )


def test_every_code_is_listed_once_under_its_level() -> None:
    text = guide.GUIDE.read_text(encoding="utf-8")
    listed = text[text.index(guide.BEGIN) : text.index(guide.END)]
    for code, (level, _template) in CATALOGUE.items():
        rows = [line for line in listed.splitlines() if line.startswith(f"| `{code}` |")]
        assert len(rows) == 1, code
        heading = listed[: listed.index(rows[0])].rsplit("### ", 1)[1]
        assert heading.startswith(level), (code, heading)
    assert "{" not in listed


def test_placeholders_read_as_words() -> None:
    assert guide.readable("“{column}”应为数字，实际为“{value}”") == "“〈列名〉”应为数字，实际为“〈所填内容〉”"
    assert guide.readable("{unheard_of} 行") == "〈…〉 行"
    assert guide.readable("相差 {ratio} 倍", "AMOUNT_UNIT_SUSPECT") == "相差 〈倍数〉 倍"
    assert guide.readable("a|b") == "a\\|b"


def test_groups_and_fixes_come_from_the_contract_tables() -> None:
    notes = guide.contract_notes(CONTRACT)
    assert notes == {"A_CODE": ("文件", "另存为 .xlsx"), "B_CODE": ("部门整体支出", "核对`名称`")}
    catalogue = {"B_CODE": (WARNING, "{name}"), "C_CODE": (NOTE, "x"), "A_CODE": (ERROR, "{value}")}
    rows = guide.rows(catalogue, CONTRACT)
    assert [(r.code, r.group, r.fix) for r in rows] == [
        ("A_CODE", "文件", "另存为 .xlsx"),
        ("B_CODE", "部门整体支出", "核对`名称`"),
        ("C_CODE", "其他", "按说明改正"),
    ]


def test_a_guide_without_its_markers_is_refused() -> None:
    with pytest.raises(ValueError, match="标记行"):
        guide.regenerated("# 使用说明\n", CONTRACT)


def test_regenerating_keeps_the_rest_of_the_guide() -> None:
    old = f"前文\n{guide.BEGIN}\n旧的\n{guide.END}\n后文\n"
    new = guide.regenerated(old, CONTRACT, {"A_CODE": (ERROR, "{value}")})
    assert new.startswith(f"前文\n{guide.BEGIN}\n") and new.endswith(f"{guide.END}\n后文\n")
    assert "| `A_CODE` | 文件 | 〈所填内容〉 | 另存为 .xlsx |" in new and "旧的" not in new


def test_the_guide_pictures_are_there_and_small() -> None:
    text = guide.GUIDE.read_text(encoding="utf-8")
    pictures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert pictures
    for name in pictures:
        path = guide.GUIDE.parent / name
        assert path.is_file(), name
        assert path.stat().st_size <= 160_000, name


@pytest.mark.parametrize("path", [guide.ROOT / "README.md", guide.GUIDE])
def test_the_users_documents_link_only_to_files_in_the_repository(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    users_part = text.split("\n## 开发\n")[0]  # the developers' section may name ../shared/acceptance
    assert "../shared" not in users_part
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text):
        if "://" not in target:
            assert (path.parent / target).exists(), target
