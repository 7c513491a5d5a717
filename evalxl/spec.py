"""The standard input workbook's structure, read from ``workbook_templates/standard_input.toml``.

The importer finds sheets and columns from it and ``evalxl template`` writes the blank workbook
from it, so the contract is written down once.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Column:
    """One column of a sheet of the standard input workbook."""

    name: str
    required: bool
    kind: str  # text, money, number, value
    inherit: bool
    about: str


@dataclass(frozen=True)
class SheetSpec:
    """One sheet of the standard input workbook."""

    name: str
    required: bool
    columns: tuple[Column, ...]

    @property
    def required_columns(self) -> tuple[str, ...]:
        """Names of the columns that must be present."""
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        """The column called ``name``."""
        return next(c for c in self.columns if c.name == name)


@functools.cache
def load_spec() -> dict[str, Any]:
    """The raw specification (sheets, lists, params) as parsed from the TOML file."""
    text = resources.files("evalxl.workbook_templates").joinpath("standard_input.toml").read_text("utf-8")
    return tomllib.loads(text)


@functools.cache
def sheets() -> tuple[SheetSpec, ...]:
    """The sheets of the standard input workbook, in order."""
    return tuple(
        SheetSpec(
            name=s["name"],
            required=bool(s.get("required", False)),
            columns=tuple(
                Column(
                    name=c["name"],
                    required=bool(c.get("required", False)),
                    kind=c.get("kind", "text"),
                    inherit=bool(c.get("inherit", False)),
                    about=c.get("about", ""),
                )
                for c in s["columns"]
            ),
        )
        for s in load_spec()["sheets"]
    )


def sheet(name: str) -> SheetSpec:
    """The sheet called ``name``."""
    return next(s for s in sheets() if s.name == name)


def choices(list_name: str) -> tuple[str, ...]:
    """A named list of allowed values (一级指标, 二级指标, 指标性质, …)."""
    return tuple(load_spec()["lists"][list_name])


def param_keys() -> tuple[str, ...]:
    """Every key the 参数 sheet accepts."""
    return tuple(p["key"] for p in load_spec()["params"])
