"""``collect.toml``: the conventions of ``evalxl collect`` that are data (the headers of the
``--expect`` list), its schema and its reader."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from evalxl.contract.form_schema import label_key
from evalxl.contract.loader import checked, read_file
from evalxl.contract.validator import Leaf, Rows, Table, filled, need, number

FILE = "collect.toml"


def collect_schema() -> Table:
    """``collect.toml``: spellings of the expect list's headers."""
    spellings = need(Rows(Leaf(filled), least=1))
    expect = Table(
        {
            "header_rows": need(Leaf(number(1, 100, integer=True))),
            "department": spellings,
            "unit": spellings,
            "project": spellings,
            "code": spellings,
        }
    )
    return Table({"about": need(Leaf(filled)), "expect": need(expect)})


@dataclass(frozen=True)
class ExpectHeaders:
    """The headers an ``--expect`` list may use, normalised (:func:`label_key`)."""

    header_rows: int
    department: tuple[str, ...]
    unit: tuple[str, ...]
    project: tuple[str, ...]
    code: tuple[str, ...]


@functools.cache
def expect_headers() -> ExpectHeaders:
    """The headers of the ``--expect`` list, read and checked once."""
    data = checked(collect_schema(), read_file(FILE), FILE)["expect"]
    keys = {
        name: tuple(label_key(v) for v in data[name]) for name in ("department", "unit", "project", "code")
    }
    return ExpectHeaders(data["header_rows"], **keys)
