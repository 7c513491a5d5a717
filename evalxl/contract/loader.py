"""Read every data file of ``workbook_templates/`` once, check it with the one validator, and give
its records: the output sheets, the layouts and the rules profiles (the unit table: :mod:`evalxl.contract.units`). See
:mod:`evalxl.contract`.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from evalxl.contract import rollup_sheets, schemas, validator

PACKAGE = "evalxl.workbook_templates"


class ContractError(ValueError):
    """A shipped data file (or one given to :func:`load_layouts`) breaks its schema."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where


def parse(text: str, file: str) -> dict[str, Any]:
    """The TOML ``text`` of ``file``; ContractError when it is not TOML."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as problem:
        raise ContractError(file, f"不是有效的 TOML：{problem}") from None


def checked(node: validator.Node, data: Any, file: str, *, complete: bool = True) -> Any:
    """``data`` when it fits ``node``; else ContractError naming the first problem's key."""
    for problem in validator.problems(node, data, complete=complete):
        shown = "" if problem.value is None else f"：{problem.value!r}"
        raise ContractError(f"{file}:{problem.key}", problem.reason + shown)
    return data


KINDS = (
    "standard_input",
    "output_sheets",
    "layout",
    "profile",
    "units",
    "form_labels",
    "collect",
    "reports",
    "cli_words",
)


def schema_of(kind: str) -> validator.Table:
    """The schema of a kind of file: one of :data:`KINDS`."""
    if kind == "standard_input":
        from evalxl.contract.input_book import choices, spec_schema  # reads through this module

        return spec_schema(choices("一级指标"))
    if kind == "output_sheets":
        return schemas.output_schema()
    if kind == "layout":
        return schemas.layout_schema()
    if kind == "profile":
        return profile_schema()
    if kind == "units":
        from evalxl.contract.units import units_schema  # reads through this module

        return units_schema()
    if kind == "collect":
        from evalxl.contract.collect_schema import collect_schema  # it imports this module

        return collect_schema()
    if kind == "reports":
        from evalxl.contract.report_schema import report_schema  # it imports this module

        return report_schema()
    if kind == "cli_words":
        from evalxl.contract.cli_words_schema import cli_words_schema  # it imports this module

        return cli_words_schema()
    if kind == "form_labels":
        from evalxl.contract.form_schema import form_labels_schema  # it imports this module

        return form_labels_schema()
    raise KeyError(kind)


def read_file(path: str) -> dict[str, Any]:
    """The TOML data file ``path`` of ``workbook_templates/``, parsed (not yet checked)."""
    file = resources.files(PACKAGE).joinpath(path)
    return parse(file.read_text("utf-8"), path)


# --------------------------------------------------------------------------- the output sheets


@dataclass(frozen=True)
class OutputTable:
    """A sheet (or file) evalxl writes beside the forms: its name and its header row."""

    name: str
    headers: tuple[str, ...]


@dataclass(frozen=True)
class TraceTable(OutputTable):
    """计算过程: its name and headers, and how it prints: each column's width (Excel character units,
    a CJK character counting 2; longer text wraps within its column) and the page margins (inches:
    left, right, top, bottom)."""

    widths: tuple[float, ...]
    margins: tuple[float, float, float, float]


@dataclass(frozen=True)
class OutputSheets:
    """``output_sheets.toml``, read: 汇总, 计算过程, 检查结果, manifest.csv and 来源."""

    summary: OutputTable
    trace: TraceTable
    checks: OutputTable
    manifest: OutputTable
    sources: OutputTable  # of a standard input workbook written from filled forms (evalxl import)
    rollup: rollup_sheets.RollupSheets  # the roll-up of evalxl collect

    @property
    def names(self) -> frozenset[str]:
        """The names of the three service sheets (a form's sheet never takes one of them)."""
        return frozenset({self.summary.name, self.trace.name, self.checks.name})


@functools.cache
def output_sheets() -> OutputSheets:
    """The names and headers of the sheets around the forms and of manifest.csv."""
    data = checked(schemas.output_schema(), read_file("output_sheets.toml"), "output_sheets.toml")
    summary, checks, manifest, sources = (
        OutputTable(data[part]["name"], tuple(data[part]["headers"]))
        for part in ("summary", "checks", "manifest", "sources")
    )
    printed = data["trace"]
    left, right, top, bottom = (float(m) for m in printed["margins"])
    widths = tuple(float(w) for w in printed["widths"])
    trace = TraceTable(printed["name"], tuple(printed["headers"]), widths, (left, right, top, bottom))
    return OutputSheets(summary, trace, checks, manifest, sources, rollup_sheets.read(data["rollup"]))


# --------------------------------------------------------------------------- layouts


def load_layouts(folder: Traversable) -> tuple[dict[str, Any], ...]:
    """Every ``*.toml`` layout in ``folder``, checked, by order then name; ContractError for a
    broken file or a name used twice. Each is the file's table with ``file`` (``layouts/x.toml``)."""
    found: dict[str, dict[str, Any]] = {}
    for entry in _toml_files(folder):
        file = f"{folder.name}/{entry.name}"
        data = checked(schemas.layout_schema(), parse(entry.read_text("utf-8"), file), file)
        if data["name"] in found:
            raise ContractError(f"{file}:name", f"“{data['name']}”已是 {found[data['name']]['file']} 的名称")
        found[data["name"]] = {**data, "file": file}
    return tuple(sorted(found.values(), key=lambda item: (item["order"], item["name"])))


def _toml_files(folder: Traversable) -> list[Traversable]:
    return sorted((f for f in folder.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name)


@functools.cache
def _all_layouts() -> tuple[dict[str, Any], ...]:
    return load_layouts(resources.files(PACKAGE) / "layouts")


@functools.cache
def layouts() -> tuple[dict[str, Any], ...]:
    """The shipped layouts of a project's form (``layouts/*.toml``, the 表样), in their declared order."""
    return tuple(item for item in _all_layouts() if item.get("form", "project") == "project")


def department_layout() -> dict[str, Any]:
    """The shipped layout of the 部门整体支出绩效自评表 (the first file with ``form = "department"``)."""
    return next(item for item in _all_layouts() if item.get("form") == "department")


def layout_names() -> tuple[str, ...]:
    """The names of the shipped layouts, in order (目标自评表 first)."""
    return tuple(item["name"] for item in layouts())


def layout(name: str) -> dict[str, Any]:
    """The shipped layout called ``name`` (a project's or the department's); KeyError when there is none."""
    for item in _all_layouts():
        if item["name"] == name:
            return item
    raise KeyError(f"未知表样“{name}”，可用：{'、'.join(layout_names())}")


@dataclass(frozen=True)
class SourceRows:
    """The 项目资金 rows of a layout: the total row, one row per 资金来源 it prints (with its printed
    text and the other sources it takes, as the form's notes define them), the row that takes in
    unknown sources, and the sources it counts in the total only."""

    layout: str
    rows: tuple[str, ...]  # each row's own source, in print order
    texts: tuple[str, ...]  # the printed label of each row, in the same order
    other_row: str  # "" when the layout has none: unknown sources are then printed in the total only
    total_row: str
    takes: tuple[tuple[str, str], ...] = ()  # (source, the row it is printed in), every source with a row
    optional: tuple[str, ...] = ()  # rows printed only on the forms of projects with money in them
    total_only: tuple[str, ...] = ()  # known sources without a row: in the total only (a warning)

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source the form has a row for (a row's own and those it takes)."""
        return tuple(source for source, _row in self.takes)

    def row_of(self, source: str) -> str:
        """The row ``source`` is printed in: its own, the catch-all row for an unknown source, ""
        for a source counted in the total only."""
        if source in self.total_only:
            return ""
        return self._row_by_source.get(source, self.other_row)

    @functools.cached_property
    def _row_by_source(self) -> dict[str, str]:
        return dict(self.takes)


def source_rows(layout_name: str) -> SourceRows:
    """The funding-source rows of the shipped layout ``layout_name``; KeyError for an unknown one."""
    return _source_rows(layout_name)


@functools.cache
def _source_rows(layout_name: str) -> SourceRows:
    funds = layout(layout_name)["funds"]
    rows = funds.get("rows", ())
    takes = tuple(
        (source, row["source"]) for row in rows for source in (row["source"], *row.get("takes", ()))
    )
    return SourceRows(
        layout_name,
        tuple(row["source"] for row in rows),
        tuple(row.get("text", row["source"]) for row in rows),
        funds.get("other_row", ""),
        funds["total_row"],
        takes,
        tuple(row["source"] for row in rows if row.get("optional", False)),
        tuple(funds.get("total_only", ())),
    )


# --------------------------------------------------------------------------- rules profiles


@functools.cache
def profile_schema() -> validator.Table:
    """The schema of a rules profile (its weights name the 一级指标 of the standard input)."""
    from evalxl.contract.input_book import choices  # reads through this module

    return schemas.profile_schema(choices("一级指标"), choices("二级指标"))


@functools.cache
def profiles() -> dict[str, dict[str, Any]]:
    """The shipped rules profiles by name, each complete (its ``base`` laid under it)."""
    raw: dict[str, tuple[str, dict[str, Any]]] = {}
    for entry in _toml_files(resources.files(PACKAGE) / "profiles"):
        file = f"profiles/{entry.name}"
        data = checked(profile_schema(), parse(entry.read_text("utf-8"), file), file, complete=False)
        if "name" not in data or data["name"] in raw:
            raise ContractError(f"{file}:name", "每个评分规则须有自己的名称")
        raw[data["name"]] = (file, data)
    resolved = {name: _resolve(name, raw) for name in raw}
    for name, data in resolved.items():
        checked(profile_schema(), data, raw[name][0])
    return resolved


def _resolve(
    name: str, known: Mapping[str, tuple[str, dict[str, Any]]], seen: tuple[str, ...] = ()
) -> dict[str, Any]:
    file, data = known[name]
    base = data.get("base")
    if not base:
        return data
    if base not in known or base in (*seen, name):
        raise ContractError(f"{file}:base", "应为另一个内置评分规则：" + "、".join(known))
    own = {k: v for k, v in data.items() if k != "base"}
    return validator.overlay(_resolve(base, known, (*seen, name)), own)


def profile_problems(data: Any, *, complete: bool = False) -> list[validator.Problem]:
    """The problems of a profile's table (a user's file holds only what differs from its base)."""
    return validator.problems(profile_schema(), data, complete=complete)


def all_files() -> Iterable[str]:
    """Every data file the contract reads, relative to ``workbook_templates/`` (for the ship check)."""
    root = resources.files(PACKAGE)
    yield "standard_input.toml"
    yield "output_sheets.toml"
    yield "units.toml"
    yield "form_labels.toml"
    yield "collect.toml"
    yield "reports.toml"
    yield "cli_words.toml"
    for folder in ("layouts", "profiles"):
        yield from (f"{folder}/{entry.name}" for entry in _toml_files(root / folder))
