"""``form_labels.toml``: the label spellings the forms reader (:mod:`evalxl.forms`) matches, its
schema for the one validator, and the record it is read into (once).

Every spelling is compared after :func:`label_key` (NFKC, no spaces or line breaks), so the file
may hold a label as a form prints it (``全年预算数（A）`` is matched by ``全年预算数``: the reader
drops a bracketed suffix of a column header before matching).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from evalxl.contract.loader import checked, read_file
from evalxl.contract.validator import Leaf, Table, filled, need, number, words

FILE = "form_labels.toml"
HEADER_FIELDS = ("name", "code", "department", "unit", "leader", "phone", "leader_phone")
FUND_COLUMNS = ("initial", "budget", "executed", "weight", "rate", "score")
INDICATOR_COLUMNS = (
    "level1",
    "level2",
    "level3",
    "nature",
    "target",
    "unit",
    "actual",
    "weight",
    "score",
    "reason",
)
_SPACES = re.compile(r"\s+")


def label_key(text: str) -> str:
    """A label as matched: NFKC (full-width brackets, colons and spaces made half-width), every
    space and line break removed."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


def form_labels_schema() -> Table:
    """The schema of ``form_labels.toml``."""
    spellings = need(Leaf(_spellings))
    return Table(
        {
            "about": need(Leaf(filled)),
            "title": need(
                Table(
                    {
                        "words": spellings,
                        "year_words": spellings,
                        "above": need(Leaf(number(1, 10, integer=True))),
                    }
                )
            ),
            "header": need(
                Table(
                    {
                        **{name: spellings for name in HEADER_FIELDS},
                        "phone_digits": need(Leaf(number(3, 20, integer=True))),
                    }
                )
            ),
            "funds": need(
                Table(
                    {
                        "label": need(Leaf(filled)),
                        "units": spellings,
                        "default_unit": need(Leaf(filled)),
                        "total_row": spellings,
                        "source_prefixes": spellings,
                        **{name: spellings for name in FUND_COLUMNS},
                    },
                    rules=(_default_unit_listed,),
                )
            ),
            "goals": need(Table({"label": spellings, "planned": spellings, "achieved": spellings})),
            "indicators": need(
                Table({"label": spellings, **{name: spellings for name in INDICATOR_COLUMNS}})
            ),
            "end": need(
                Table({"remark": spellings, "total": spellings, "grade": spellings, "notes": spellings})
            ),
        }
    )


def _spellings(value: Any) -> str:
    """A list of at least one label, none of them the same as another once normalised."""
    if why := words(value):
        return why
    keys = [label_key(v) for v in value]
    if not value or not all(keys):
        return "应为至少一个非空标签"
    if len(set(keys)) != len(keys):
        return "去掉空格并统一全角半角后有重复的标签"
    return ""


def _default_unit_listed(funds: Mapping[str, Any]) -> Iterator[tuple[str, str, Any]]:
    default, units = funds.get("default_unit"), funds.get("units")
    if isinstance(units, list) and default not in units:
        yield "default_unit", "应为 units 中的一个", default


@dataclass(frozen=True)
class FormLabels:
    """``form_labels.toml``, read: each label set normalised with :func:`label_key`, in file order
    (the first spelling of a set is its preferred one)."""

    title_words: tuple[str, ...]
    year_words: tuple[str, ...]
    title_above: int
    header: Mapping[str, tuple[str, ...]]  # HEADER_FIELDS -> spellings
    phone_digits: int
    funds_label: str
    money_units: tuple[str, ...]
    default_unit: str
    total_row: tuple[str, ...]
    source_prefixes: tuple[str, ...]
    fund_columns: Mapping[str, tuple[str, ...]]  # FUND_COLUMNS -> spellings
    goals: tuple[str, ...]
    planned: tuple[str, ...]
    achieved: tuple[str, ...]
    indicators: tuple[str, ...]
    indicator_columns: Mapping[str, tuple[str, ...]]  # INDICATOR_COLUMNS -> spellings
    remark: tuple[str, ...]
    total: tuple[str, ...]
    grade: tuple[str, ...]
    notes: tuple[str, ...]


def _keys(values: list[str]) -> tuple[str, ...]:
    return tuple(label_key(v) for v in values)


@functools.cache
def form_labels() -> FormLabels:
    """The labels of filled-in forms, read and checked once."""
    data = checked(form_labels_schema(), read_file(FILE), FILE)
    title, header, funds, goals = data["title"], data["header"], data["funds"], data["goals"]
    indicators, end = data["indicators"], data["end"]
    return FormLabels(
        title_words=_keys(title["words"]),
        year_words=_keys(title["year_words"]),
        title_above=title["above"],
        header={name: _keys(header[name]) for name in HEADER_FIELDS},
        phone_digits=header["phone_digits"],
        funds_label=label_key(funds["label"]),
        money_units=_keys(funds["units"]),
        default_unit=label_key(funds["default_unit"]),
        total_row=_keys(funds["total_row"]),
        source_prefixes=_keys(funds["source_prefixes"]),
        fund_columns={name: _keys(funds[name]) for name in FUND_COLUMNS},
        goals=_keys(goals["label"]),
        planned=_keys(goals["planned"]),
        achieved=_keys(goals["achieved"]),
        indicators=_keys(indicators["label"]),
        indicator_columns={name: _keys(indicators[name]) for name in INDICATOR_COLUMNS},
        remark=_keys(end["remark"]),
        total=_keys(end["total"]),
        grade=_keys(end["grade"]),
        notes=_keys(end["notes"]),
    )
