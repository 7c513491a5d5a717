"""The one validator of the contract's data files: a schema as data, and the walk that checks a file.

A schema is built from four kinds of node: a :class:`Leaf` (one value and the check of it), a
:class:`Table` (named fields, each a node, and rules across its fields), :class:`Rows` (a list whose
items share a node) and :class:`Each` (a table whose keys are free, each value checked by one node).
:func:`problems` walks a parsed TOML document against its schema and returns every unknown key and
bad value with its place in the file (``weights.产出指标``, ``funds.rows[2]``); :func:`overlay` lays
one document over another, table by table. The reasons are Chinese: for a user's
own rules profile they become the findings' messages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

Check = Callable[[Any], str]  # "" when the value is good, else why not
Rule = Callable[[Mapping[str, Any]], Iterator[tuple[str, str, Any]]]  # (sub key, reason, value)


@dataclass(frozen=True)
class Leaf:
    """One value, checked by ``check``."""

    check: Check
    required: bool = False


@dataclass(frozen=True)
class Table:
    """A table of named fields; ``rules`` check across its fields once every field was walked."""

    fields: Mapping[str, Node]
    required: bool = False
    rules: tuple[Rule, ...] = field(default=())


@dataclass(frozen=True)
class Rows:
    """A list of at least ``least`` items (exactly ``size`` when given), each checked by ``item``."""

    item: Node
    required: bool = False
    least: int = 0
    size: int | None = None


@dataclass(frozen=True)
class Each:
    """A table whose keys are free (the lists of the input spec): each value is checked by ``item``."""

    item: Node
    required: bool = False


Node = Leaf | Table | Rows | Each


@dataclass(frozen=True)
class Problem:
    """An unknown key or a bad (or missing) value, at ``key`` in the file."""

    key: str
    reason: str
    value: Any = None
    unknown: bool = False


UNKNOWN = "未知的键"
MISSING = "缺少此键"


def need(node: Node) -> Node:
    """``node`` as a required field."""
    return replace(node, required=True)


def problems(schema: Node, data: Any, *, complete: bool = True) -> list[Problem]:
    """Every problem of ``data`` against ``schema``, in the document's order, the rules' last.

    With ``complete`` false a missing required field is no problem (a profile that only holds what
    differs from its base).
    """
    return [*_walk(schema, data, "", complete), *_rules(schema, data, "")]


def _join(key: str, name: str) -> str:
    return f"{key}.{name}" if key and name else key or name


def _walk(node: Node, value: Any, key: str, complete: bool) -> Iterator[Problem]:
    if isinstance(node, Leaf):
        if why := node.check(value):
            yield Problem(key, why, value)
    elif isinstance(node, Rows):
        yield from _walk_rows(node, value, key, complete)
    elif not isinstance(value, dict):
        yield Problem(key, "应为表", value)
    elif isinstance(node, Each):
        for name, item in value.items():
            yield from _walk(node.item, item, _join(key, name), complete)
    else:
        for name, item in value.items():
            if name in node.fields:
                yield from _walk(node.fields[name], item, _join(key, name), complete)
            else:
                yield from _unknown(item, _join(key, name))
        if complete:
            for name, child in node.fields.items():
                if child.required and name not in value:
                    yield Problem(_join(key, name), MISSING)


def _walk_rows(node: Rows, value: Any, key: str, complete: bool) -> Iterator[Problem]:
    if not isinstance(value, list):
        yield Problem(key, "应为列表", value)
    elif node.size is not None and len(value) != node.size:
        yield Problem(key, f"应为 {node.size} 项", value)
    elif len(value) < node.least:
        yield Problem(key, f"至少应有 {node.least} 项", value)
    else:
        for number, item in enumerate(value):
            yield from _walk(node.item, item, f"{key}[{number}]", complete)


def _unknown(value: Any, key: str) -> Iterator[Problem]:
    """An unknown key; an unknown table names each of its leaves."""
    if isinstance(value, dict):
        for name, item in value.items():
            yield from _unknown(item, _join(key, name))
    else:
        yield Problem(key, UNKNOWN, value, unknown=True)


def _rules(node: Node, value: Any, key: str) -> Iterator[Problem]:
    """The tables' rules, inner tables first; a rule only looks at the parts it can read."""
    if isinstance(node, Rows) and isinstance(value, list):
        for number, item in enumerate(value):
            yield from _rules(node.item, item, f"{key}[{number}]")
    elif isinstance(node, Table) and isinstance(value, dict):
        for name, item in value.items():
            if name in node.fields:
                yield from _rules(node.fields[name], item, _join(key, name))
        for rule in node.rules:
            for sub, reason, bad in rule(value):
                yield Problem(_join(key, sub), reason, bad)


def overlay(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` with ``over`` laid over it: tables are merged key by key (also a leaf's table, such
    as a profile's band words), any other value is replaced whole."""
    merged = dict(base)
    for name, value in over.items():
        if isinstance(value, dict) and isinstance(base.get(name), dict):
            merged[name] = overlay(base[name], value)
        else:
            merged[name] = value
    return merged


def node_at(schema: Node, key: str) -> Node:
    """The node of the dotted ``key`` of ``schema`` (KeyError when the schema has no such field)."""
    node = schema
    for name in key.split("."):
        if not isinstance(node, Table):
            raise KeyError(key)
        node = node.fields[name]
    return node


def leaf_keys(schema: Node, key: str = "") -> Iterator[str]:
    """The dotted key of every field of ``schema`` that is not a table."""
    if isinstance(schema, Table):
        for name, child in schema.fields.items():
            yield from leaf_keys(child, _join(key, name))
    else:
        yield key


# --------------------------------------------------------------------------- checks of one value


def number(low: float | None = None, high: float | None = None, integer: bool = False) -> Check:
    """A number (not a flag) within [low, high]; a whole number when ``integer``."""

    def check(value: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "应为数字"
        if integer and value != int(value):
            return "应为整数"
        if (low is not None and value < low) or (high is not None and value > high):
            return f"应在 {low if low is not None else '-∞'} 与 {high if high is not None else '∞'} 之间"
        return ""

    return check


def positive(value: Any) -> str:
    """A number above 0."""
    return number()(value) or ("" if value > 0 else "应为正数")


def text(value: Any) -> str:
    """Any text, also empty."""
    return "" if isinstance(value, str) else "应为文字"


def filled(value: Any) -> str:
    """Text that is not blank."""
    return "" if isinstance(value, str) and value.strip() else "应为非空文字"


def flag(value: Any) -> str:
    """true or false."""
    return "" if isinstance(value, bool) else "应为 true 或 false"


def one_of(options: Sequence[str]) -> Check:
    """One of ``options``."""
    return lambda value: "" if value in options else "应为 " + "、".join(options) + " 之一"


def words(value: Any) -> str:
    """A list of non-empty texts."""
    ok = isinstance(value, list) and all(isinstance(w, str) and w for w in value)
    return "" if ok else "应为文字列表"


def texts(value: Any) -> str:
    """A list of texts (empty ones allowed)."""
    return "" if isinstance(value, list) and all(isinstance(w, str) for w in value) else "应为文字列表"


def template(*names: str) -> Check:
    """Text whose ``{placeholders}`` are among ``names`` (literal braces doubled)."""

    def check(value: Any) -> str:
        if not isinstance(value, str):
            return "应为文字"
        try:
            value.format(**dict.fromkeys(names, ""))
        except (KeyError, IndexError, ValueError) as problem:
            allowed = "、".join(f"{{{name}}}" for name in names) or "无"
            return f"占位符 {problem} 无效（可用：{allowed}）"
        return ""

    return check


def unique(rows: str, part: str) -> Rule:
    """A rule: the ``part`` of each item of the list ``rows`` appears once."""

    def rule(table: Mapping[str, Any]) -> Iterator[tuple[str, str, Any]]:
        items = table.get(rows)
        seen: set[Any] = set()
        for item in items if isinstance(items, list) else ():
            value = item.get(part) if isinstance(item, dict) else None
            if isinstance(value, str) and value in seen:
                yield rows, f"“{value}”出现了两次", value
            seen.add(value)

    return rule
