"""Checks across the files collected: the same project in several files, and files that differ in
年度, rules, layout or 金额单位.

The same project (by 项目编码, else 项目名称 + 项目实施单位) in several files is settled so that it is
never counted twice, and never silently:

- the same figures (全年预算数, 全年执行数, 得分, 等级) everywhere: counted once, from the first file
  read; a note at each later copy (``COLLECT_COPY`` when the files record the same input, i.e. one
  run's output workbook and its split file; ``COLLECT_SAME_FIGURES`` otherwise);
- different figures: the version of the later 年度 counts, else the version written by the later
  evalxl version; a warning at each version set aside says which counted and why;
- different figures and nothing deciding: the project is disputed, an error at each version; no
  version counts in the sums (the roll-up lists them apart and its 合计 says so).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from evalxl.collect.places import in_file
from evalxl.collect.records import CollectedProject, FileResult, SourceFile
from evalxl.findings import Finding, Place, finding
from evalxl.scoring.numbers import num


@dataclass(frozen=True)
class Settled:
    """The projects that count (in the order read), the disputed ones, and the findings about them."""

    projects: tuple[CollectedProject, ...]
    disputed: tuple[CollectedProject, ...]
    findings: tuple[Finding, ...]


def settle(files: Sequence[FileResult]) -> Settled:
    """Settle the projects that several files give (see the module's rules)."""
    sources = {f.source.name: f.source for f in files}
    groups: dict[tuple[str, ...], list[CollectedProject]] = defaultdict(list)
    for result in files:
        for project in result.projects:
            groups[project.key].append(project)
    counted: set[int] = set()
    disputed: list[CollectedProject] = []
    found: list[Finding] = []
    for versions in groups.values():
        kept, notes = _settle_one(versions, sources)
        found += notes
        if kept is None:
            disputed += versions
        else:
            counted.add(id(kept))
    projects = [p for result in files for p in result.projects if id(p) in counted]
    return Settled(tuple(projects), tuple(disputed), tuple(found))


def _settle_one(
    versions: list[CollectedProject], sources: dict[str, SourceFile]
) -> tuple[CollectedProject | None, list[Finding]]:
    """The version that counts (None: disputed) and what to say of the others."""
    first = versions[0]
    if len(versions) == 1:
        return first, []
    if all(_figures(v) == _figures(first) for v in versions):
        return first, [_copy_note(v, first, sources) for v in versions[1:]]
    decided = _later(versions, sources, lambda s: _year(s.year), "年度") or _later(
        versions, sources, lambda s: _version(s.evalxl_version), "evalxl 版本"
    )
    if decided is None:
        return None, [_disputed(v, versions) for v in versions]
    kept, why = decided
    return kept, [_set_aside(v, kept, why, sources) for v in versions if v is not kept]


def _figures(p: CollectedProject) -> tuple[object, ...]:
    return (p.budget, p.executed, p.score, p.grade)


def _place(p: CollectedProject) -> Place:
    """The project's cell in its file, as ``[file]Sheet!A1``."""
    sheet, _, cell = p.place.rpartition("!")
    if not sheet:
        return in_file(p.file)
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    letters, row = coordinate_from_string(cell)
    return in_file(p.file, Place(sheet, row, column_index_from_string(letters)))


def _copy_note(copy: CollectedProject, first: CollectedProject, sources: dict[str, SourceFile]) -> Finding:
    one_run = sources[copy.file].input_sha256 and (
        sources[copy.file].input_sha256 == sources[first.file].input_sha256
    )
    if one_run:
        return finding("COLLECT_COPY", _place(copy), name=copy.name, first=first.file)
    return finding("COLLECT_SAME_FIGURES", _place(copy), name=copy.name, first=first.file)


def _later(
    versions: list[CollectedProject],
    sources: dict[str, SourceFile],
    rank: Callable[[SourceFile], tuple[int, ...]],
    what: str,
) -> tuple[CollectedProject, str] | None:
    """The version whose file ranks highest on ``rank`` when exactly one does (else None)."""
    ranks = [rank(sources[v.file]) for v in versions]
    best = max(ranks)
    if not best or ranks.count(best) != 1:
        return None
    kept = versions[ranks.index(best)]
    return kept, f"{what}较新（{_shown(sources[kept.file], what)}）"


def _shown(source: SourceFile, what: str) -> str:
    return source.year if what == "年度" else source.evalxl_version


def _year(text: str) -> tuple[int, ...]:
    digits = "".join(ch for ch in text if ch.isdigit())
    return (int(digits),) if digits else ()


def _version(text: str) -> tuple[int, ...]:
    parts = text.split(".")
    return tuple(int(p) for p in parts) if text and all(p.isdigit() for p in parts) else ()


def _set_aside(
    other: CollectedProject, kept: CollectedProject, why: str, sources: dict[str, SourceFile]
) -> Finding:
    return finding(
        "COLLECT_OLDER_SET_ASIDE",
        _place(other),
        name=other.name,
        file=other.file,
        kept=kept.file,
        why=why,
        figures=_figure_text(other),
        kept_figures=_figure_text(kept),
    )


def _disputed(version: CollectedProject, versions: list[CollectedProject]) -> Finding:
    others = "、".join(f"{v.file}（{_figure_text(v)}）" for v in versions if v is not version)
    return finding(
        "COLLECT_DISPUTED", _place(version), name=version.name, figures=_figure_text(version), others=others
    )


def _figure_text(p: CollectedProject) -> str:
    parts = [
        f"预算 {num(p.budget)} 万元" if p.budget is not None else "预算 空",
        f"执行 {num(p.executed)} 万元" if p.executed is not None else "执行 空",
        f"{num(p.score)} 分" if p.score is not None else "未计分",
    ]
    return "，".join(parts + ([p.grade] if p.grade else []))


# ---- files that differ -------------------------------------------------------------------------

_Differs = Callable[..., Finding]
_ASPECTS: tuple[tuple[str, str, _Differs], ...] = (
    ("年度", "year", lambda place, **v: finding("COLLECT_YEAR_DIFFERS", place, **v)),
    ("评分规则", "rules", lambda place, **v: finding("COLLECT_RULES_DIFFERS", place, **v)),
    ("表样", "layout", lambda place, **v: finding("COLLECT_LAYOUT_DIFFERS", place, **v)),
    ("金额单位", "money_unit", lambda place, **v: finding("COLLECT_UNIT_DIFFERS", place, **v)),
)


def differing_files(sources: Sequence[SourceFile]) -> list[Finding]:
    """For 年度, 评分规则, 表样 and 金额单位: each file whose value differs from the most common one
    among the files that give it (ties: the first file's), a finding at the file."""
    found = []
    for label, field, differs in _ASPECTS:
        values = [(s, getattr(s, field)) for s in sources if getattr(s, field)]
        if len({v for _s, v in values}) < 2:
            continue
        common = _most_common([v for _s, v in values])
        found += [
            differs(in_file(s.name), what=label, value=v, common=common, file=s.name)
            for s, v in values
            if v != common
        ]
    return found


def common_year(sources: Sequence[SourceFile]) -> str:
    """The 年度 every file that gives one agrees on ("" when they disagree or none gives one)."""
    years = {s.year for s in sources if s.year}
    return years.pop() if len(years) == 1 else ""


def _most_common(values: list[str]) -> str:
    counts = Counter(values)
    best = max(counts.values())
    return next(v for v in values if counts[v] == best)
