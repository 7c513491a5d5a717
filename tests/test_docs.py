"""The users' documents keep up with the code: every finding code of the catalogue is explained in
docs/input-contract.md, and every key of the default rules profile in docs/scoring-rules.md.

A code or a key added without its line in the documents fails here, naming what is missing."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from evalxl.findings import CATALOGUE

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = ROOT / "docs" / "input-contract.md"
RULES = ROOT / "docs" / "scoring-rules.md"
DEFAULT_PROFILE = ROOT / "workbook_templates" / "profiles" / "cai-yu-2020-10.toml"


def profile_keys(table: Mapping[str, Any], prefix: str = "") -> Iterator[str]:
    """The keys a profile sets, to the second level: ``name``, ``weights.产出指标``,
    ``directions.level2`` (the entries of a table at the second level, such as the aliases of
    ``level2.aliases``, are data, not keys)."""
    for key, value in table.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and not prefix:
            yield from profile_keys(value, f"{path}.")
        else:
            yield path


def test_profile_keys_reach_the_second_level() -> None:
    keys = set(
        profile_keys(
            {"name": "x", "weights": {"产出指标": 50}, "level2": {"aliases": {"产出数量": "数量指标"}}}
        )
    )
    assert keys == {"name", "weights.产出指标", "level2.aliases"}


def test_every_finding_code_is_in_the_input_contract() -> None:
    text = CONTRACT.read_text(encoding="utf-8")
    missing = [code for code in CATALOGUE if f"`{code}`" not in text]
    assert not missing, f"docs/input-contract.md 缺少这些检查代码（请在“检查代码一览”中加一行）：{missing}"


def test_every_key_of_the_default_profile_is_in_the_scoring_rules() -> None:
    with DEFAULT_PROFILE.open("rb") as file:
        profile = tomllib.load(file)
    text = RULES.read_text(encoding="utf-8")
    missing = [key for key in profile_keys(profile) if f"`{key}`" not in text]
    assert not missing, f"docs/scoring-rules.md 缺少这些评分规则键（请在键表中加一行）：{missing}"


@pytest.mark.parametrize("path", [CONTRACT, RULES])
def test_the_documents_do_not_send_users_to_files_they_do_not_have(path: Path) -> None:
    assert "../shared" not in path.read_text(encoding="utf-8")
