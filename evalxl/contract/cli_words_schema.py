"""``cli_words.toml``: the command line's own words (click's English texts in Chinese), its schema
and its reader. The library only reads the table; :mod:`evalxl.cli_words` hands it to click."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from evalxl.contract.loader import checked, read_file
from evalxl.contract.validator import Each, Leaf, Rows, Table, filled, need

FILE = "cli_words.toml"
_PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}|%\((\w+)\)s")


def placeholders(text: str) -> set[str]:
    """The names of ``text``'s ``{name}``, ``{name!r}`` and ``%(name)s`` placeholders."""
    return {a or b for a, b in _PLACEHOLDER.findall(text)}


def _same_placeholders(table: Mapping[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """Each Chinese text (a plural pair's singular) uses only placeholders of its English text: click
    fills no others (the plural texts are checked against click's own in tests/test_cli_words.py)."""
    for part, index in (("words", None), ("plural", 0)):
        texts = table.get(part)
        for english, value in texts.items() if isinstance(texts, dict) else ():
            chinese = value[index] if index is not None and isinstance(value, list) and value else value
            if isinstance(chinese, str) and not placeholders(chinese) <= placeholders(english):
                yield f"{part}.{english}", "占位符与英文原文不一致", chinese


def cli_words_schema() -> Table:
    """``cli_words.toml``: ``words`` (English text → Chinese) and ``plural`` (singular English text
    → [Chinese singular, Chinese plural])."""
    return Table(
        {
            "about": need(Leaf(filled)),
            "words": need(Each(Leaf(filled))),
            "plural": need(Each(Rows(Leaf(filled), size=2))),
        },
        rules=(_same_placeholders,),
    )


@dataclass(frozen=True)
class CliWords:
    """The table: click's texts in Chinese, singular ones and plural pairs."""

    words: Mapping[str, str]
    plural: Mapping[str, tuple[str, str]]


@functools.cache
def cli_words() -> CliWords:
    """``cli_words.toml``, read and checked once."""
    data = checked(cli_words_schema(), read_file(FILE), FILE)
    return CliWords(dict(data["words"]), {k: (v[0], v[1]) for k, v in data["plural"].items()})
