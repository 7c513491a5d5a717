"""The standard input workbook's contract (``standard_input.toml``): its sheets and columns, the lists
of its drop-downs, the 参数 key table and the 填报说明 text, read and checked once by the loader's
validator. See :mod:`evalxl.contract`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from evalxl.contract import schemas, validator
from evalxl.contract.loader import checked, read_file


@dataclass(frozen=True)
class Column:
    """One column of a sheet of the standard input workbook."""

    name: str
    required: bool
    kind: str  # text, money, number, value
    inherit: bool
    about: str
    width: float = 10
    list: str = ""  # the named list its dropdown offers ("" for none)


@dataclass(frozen=True)
class SheetSpec:
    """One sheet of the standard input workbook."""

    name: str
    required: bool
    columns: tuple[Column, ...]
    about: str = ""

    @property
    def required_columns(self) -> tuple[str, ...]:
        """Names of the columns that must be present."""
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        """The column called ``name``."""
        return next(c for c in self.columns if c.name == name)


@dataclass(frozen=True)
class ParamKey:
    """One key of the 参数 sheet: the profile key or run setting it sets and how its text is read."""

    key: str
    default: str | None
    sets: str  # a profile key (weights.产出指标) or a run setting (year, layout, base, …)
    read: str  # one of PARAM_READS
    about: str = ""
    list: str = ""  # the named list its dropdown offers


@dataclass(frozen=True)
class Guide:
    """The prose of the 填报说明 sheet."""

    title: str  # the workbook's title; the sheet's heading is the title and the sheet's name
    sheet: str
    rules_heading: str
    rules: tuple[str, ...]
    params_intro: str
    columns_header: tuple[str, ...]
    params_header: tuple[str, ...]


@dataclass(frozen=True)
class StandardInput:
    """``standard_input.toml``, read."""

    version: int
    lists: Mapping[str, tuple[str, ...]]
    open_lists: frozenset[str]  # lists whose other values are allowed after a warning
    sheets: tuple[SheetSpec, ...]
    params: tuple[ParamKey, ...]
    guide: Guide
    header_suggestion_cutoff: float = 0.7  # a header this close to a missing column's name is its typo


@functools.cache
def standard_input() -> StandardInput:
    """The standard input workbook's contract, read and checked once."""
    data = read_file("standard_input.toml")
    lists = data.get("lists")
    levels = lists.get("一级指标") if isinstance(lists, dict) else None
    checked(spec_schema(levels if isinstance(levels, list) else ()), data, "standard_input.toml")
    guide = data["guide"]
    return StandardInput(
        version=data["version"],
        lists={name: tuple(values) for name, values in data["lists"].items()},
        open_lists=frozenset(data.get("open_lists", ())),
        sheets=tuple(_sheet(s) for s in data["sheets"]),
        params=tuple(
            ParamKey(p["key"], p.get("default"), p["sets"], p["read"], p.get("about", ""), p.get("list", ""))
            for p in data["params"]
        ),
        guide=Guide(
            guide["title"],
            guide["sheet"],
            guide["rules_heading"],
            tuple(guide["rules"]),
            guide["params_intro"],
            tuple(guide["columns_header"]),
            tuple(guide["params_header"]),
        ),
        header_suggestion_cutoff=float(data["header_suggestion_cutoff"]),
    )


def spec_schema(levels: Sequence[str]) -> validator.Table:
    """The schema of ``standard_input.toml``: a 参数 key sets a profile key (whose weights name the
    ``levels``, the file's own 一级指标) or a run setting."""
    return schemas.spec_schema(tuple(validator.leaf_keys(schemas.profile_schema(levels))))


def _sheet(data: Mapping[str, Any]) -> SheetSpec:
    columns = tuple(
        Column(
            name=c["name"],
            required=c.get("required", False),
            kind=c.get("kind", "text"),
            inherit=c.get("inherit", False),
            about=c["about"],
            width=c["width"],
            list=c.get("list", ""),
        )
        for c in data["columns"]
    )
    return SheetSpec(data["name"], data.get("required", False), columns, data["about"])


def sheets() -> tuple[SheetSpec, ...]:
    """The sheets of the standard input workbook, in order."""
    return standard_input().sheets


def sheet(name: str) -> SheetSpec:
    """The sheet called ``name``."""
    return next(s for s in sheets() if s.name == name)


def choices(list_name: str) -> tuple[str, ...]:
    """A named list of allowed values (一级指标, 二级指标, 指标性质, …)."""
    return standard_input().lists[list_name]


def param_keys() -> tuple[str, ...]:
    """Every key the 参数 sheet accepts."""
    return tuple(p.key for p in standard_input().params)


def param_targets(prefix: str) -> Iterator[ParamKey]:
    """The 参数 keys that set ``prefix`` or a key under it, in the key table's order."""
    return (p for p in standard_input().params if p.sets == prefix or p.sets.startswith(prefix + "."))
