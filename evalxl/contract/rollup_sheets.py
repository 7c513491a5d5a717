"""The ``[rollup]`` part of ``output_sheets.toml``: the sheets of the roll-up that ``evalxl collect``
writes (their names and header rows, each 统计 part's title and chart title, the execution-rate
bands). Its schema, and the record it is read into (:func:`read`); :mod:`.loader` reads the file."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from evalxl.contract.validator import Leaf, Rows, Table, filled, need, number, template, unique

GRADES = "{grades}"  # in a header row: the grade columns
STATS_PARTS = ("grades", "rates", "lowest", "unexplained", "unknown", "missing")


@dataclass(frozen=True)
class RollupPart:
    """A part of 统计: its title (``{count}``, ``{below}`` filled in), header row and chart title."""

    title: str
    headers: tuple[str, ...]
    chart: str = ""


@dataclass(frozen=True)
class RateBand:
    """An execution-rate band: the rates at or above ``low`` (None: every rate left)."""

    label: str
    low: float | None


@dataclass(frozen=True)
class RollupSheets:
    """The roll-up's sheets: 汇总 and 来源 (name and headers), 统计 (name, parts, bands)."""

    summary_name: str
    summary_headers: tuple[str, ...]
    sources_name: str
    sources_headers: tuple[str, ...]
    stats_name: str
    grades: RollupPart
    rates: RollupPart
    lowest: RollupPart
    unexplained: RollupPart
    unknown: RollupPart
    missing: RollupPart
    lowest_count: int
    bands: tuple[RateBand, ...]
    no_rate: str


def _one_grades_column(part: Mapping[str, Any]) -> Iterator[tuple[str, str, Any]]:
    headers = part.get("headers")
    if isinstance(headers, list) and headers.count(GRADES) != 1:
        yield "headers", f"须有且只有一个 {GRADES}（等级各列）", None


def _open_band_last(stats: Mapping[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """Bands from the highest down; only the last may (and must) lack ``from``."""
    bands = [b for b in stats.get("bands") or () if isinstance(b, dict)]
    lows = [b.get("from") for b in bands]
    if bands and (lows[-1] is not None or None in lows[:-1]):
        yield "bands", "只有最后一个区间不写 from（其余执行率都归入它）", None
    known = [low for low in lows if isinstance(low, int | float)]
    if known != sorted(known, reverse=True) or len(set(known)) != len(known):
        yield "bands", "from 应从高到低排列，且互不相同", known


def rollup_schema() -> Table:
    """``[rollup]`` of ``output_sheets.toml``."""
    sheet = Table({"name": need(Leaf(filled)), "headers": need(Rows(Leaf(filled), least=1))})
    part = Table(
        {
            "title": need(Leaf(template("count", "below"))),
            "headers": need(Rows(Leaf(filled), least=1)),
            "chart": Leaf(filled),
        }
    )
    grades = Table(part.fields, rules=(_one_grades_column,))
    band = Table({"label": need(Leaf(filled)), "from": Leaf(number())})
    stats = Table(
        {
            "name": need(Leaf(filled)),
            "lowest_count": need(Leaf(number(1, integer=True))),
            "no_rate": need(Leaf(filled)),
            "bands": need(Rows(band, least=1)),
            "grades": need(grades),
            **{name: need(part) for name in STATS_PARTS[1:]},
        },
        rules=(unique("bands", "label"), _open_band_last),
    )
    return Table({"summary": need(sheet), "sources": need(sheet), "stats": need(stats)})


def _part(data: Mapping[str, Any]) -> RollupPart:
    return RollupPart(data["title"], tuple(data["headers"]), data.get("chart", ""))


def read(data: Mapping[str, Any]) -> RollupSheets:
    """The record of a checked ``[rollup]`` table."""
    stats = data["stats"]
    return RollupSheets(
        summary_name=data["summary"]["name"],
        summary_headers=tuple(data["summary"]["headers"]),
        sources_name=data["sources"]["name"],
        sources_headers=tuple(data["sources"]["headers"]),
        stats_name=stats["name"],
        **{name: _part(stats[name]) for name in STATS_PARTS},
        lowest_count=int(stats["lowest_count"]),
        bands=tuple(RateBand(b["label"], b.get("from")) for b in stats["bands"]),
        no_rate=stats["no_rate"],
    )
