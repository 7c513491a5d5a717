"""Reading one collected file (``evalxl collect``): what it is, decided by its content, and what it
gives (:func:`read_member`).

- An evalxl output workbook (``结果工作簿``) or a ``--split`` file (``单项目文件``: an output holding one
  project; the two cannot be told apart otherwise): its 汇总 as printed, its 检查结果 brought along,
  and a check that it was not edited after evalxl wrote it (:mod:`evalxl.collect.edited`): with its
  forms, they are scored again by the rules its provenance line names and the rules' figures count.
- A standard input workbook or a workbook of filled-in forms: scored on the spot.
- Anything else: not read (``未读取``), with the finding that says why.

It runs in worker processes: it takes and returns plain values, holds one file at a time and never
raises for a bad file.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from dataclasses import replace
from pathlib import Path, PurePath
from typing import Any

from defusedxml import ElementTree

from evalxl import api, contract, os_errors
from evalxl.collect.edited import arithmetic, compared, from_scored, printed_projects
from evalxl.collect.places import in_file, moved
from evalxl.collect.printed import (
    Summary,
    Trail,
    form_remarks,
    parse_provenance,
    read_checks,
    read_summary,
    read_trail,
)
from evalxl.collect.records import (
    FORMS,
    OUTPUT,
    SPLIT,
    STANDARD,
    UNREAD,
    CollectedProject,
    FileResult,
    Member,
    SourceFile,
)
from evalxl.delivery.seal import intact
from evalxl.exporting.cells import year_text
from evalxl.findings import ERROR, NOTE, WARNING, Finding, Place, finding, has_errors
from evalxl.forms.detect import has_standard_sheets, is_forms_workbook
from evalxl.model import Settings
from evalxl.reading import UnreadableWorkbook, limits, normalize_header
from evalxl.reading.xlsx_file import inspect, open_workbook, sheet_values
from evalxl.scoring.settings import builtin_profiles

_CHUNK = 1 << 20
_CORE_PROPERTIES = "docProps/core.xml"
_DESCRIPTION = "{http://purl.org/dc/elements/1.1/}description"
_NO_FORMS = "工作簿不含自评表（以 --no-forms 写出，或项目多于 --max-forms）"


def read_member(member: Member, rules: str = "", rescore: bool = False) -> FileResult:
    """Read the workbook ``member`` (see the module): its :class:`SourceFile`, its projects (amounts
    in 万元) and its findings, each placed in the file. ``rules`` is the profile (a built-in name or a
    TOML file, checked by the caller) that standard inputs and filled forms are scored with. An
    evalxl output whose seal holds (:mod:`evalxl.delivery.seal`) is taken as printed without its
    forms being scored again, unless ``rescore`` (``--split``: each project's form is written anew).

    A file that cannot be read is a result of kind 未读取 with the finding that says why."""
    path = Path(member.path)
    try:
        digest = _sha256(path)
    except OSError as exc:
        problem = finding("FILE_LOCKED", member.name, name=_shown(member), detail=os_errors.reason(exc))
        return _unread(member, "", problem)
    try:
        return _read(member, path, digest, rules, rescore)
    except UnreadableWorkbook as problem:
        return _unread(member, digest, _own(problem.finding, member, path))
    except api.UsageError:
        raise  # a --rules that names nothing: the caller's to check before reading any file
    except Exception as exc:  # a bad file must not stop the roll-up; the finding says what happened
        if os.environ.get("EVALXL_DEBUG"):
            raise
        detail = f"{type(exc).__name__}: {exc}"[:200]
        return _unread(
            member, digest, finding("COLLECT_READ_FAILED", member.name, name=_shown(member), detail=detail)
        )


def _read(member: Member, path: Path, digest: str, rules: str, rescore: bool) -> FileResult:
    sheets = contract.output_sheets()
    titles, _meta = inspect(path, ())  # the limits, first (no sheet's formats are needed)
    by_name = {normalize_header(title): title for title in titles}
    if sheets.summary.name in by_name:
        output = _read_output(member, path, digest, titles, by_name, rescore)
        if output is not None:
            return output
    if has_standard_sheets(path) or is_forms_workbook(path):
        return _scored_here(member, path, digest, rules)
    rollup = sheets.rollup
    if all(
        normalize_header(n) in by_name for n in (rollup.summary_name, rollup.stats_name, rollup.sources_name)
    ):
        return _unread(member, digest, finding("COLLECT_ROLLUP_GIVEN", member.name, name=_shown(member)))
    detail = (
        "有“汇总”表，但表头或 evalxl 的来源行与 evalxl 写出的不符"
        if sheets.summary.name in by_name
        else "没有 项目、资金、指标 表，也没有可读取的自评表"
    )
    return _unread(
        member, digest, finding("COLLECT_NOT_EVALXL", member.name, name=_shown(member), detail=detail)
    )


# --------------------------------------------------------------------------- standard inputs, forms


def _scored_here(member: Member, path: Path, digest: str, rules: str) -> FileResult:
    """A standard input workbook or a workbook of forms, scored with ``rules``."""
    kind = FORMS if is_forms_workbook(path) else STANDARD
    result = api.evaluate_workbook(path, api.Options(rules=rules))
    found = tuple(_own(f, member, path) for f in result.findings)
    if not result.projects and has_errors(result.findings):
        return FileResult(SourceFile(member.name, digest, UNREAD), (), found)
    settings = result.settings
    projects = tuple(_collected(scored, member.name, settings) for scored in result.projects)
    source = SourceFile(
        name=member.name,
        sha256=digest,
        kind=kind,
        rules=settings.rules_name,
        layout=settings.layout,
        year=year_text(settings.year),
        money_unit=settings.money_unit,
        input_sha256=digest,
        units=_units(projects),
        projects=len(projects),
    )
    return FileResult(source, projects, found)


def _collected(scored: Any, file: str, settings: Settings) -> CollectedProject:
    return from_scored(scored, file, settings, settings.money_unit)


# --------------------------------------------------------------------------- outputs of evalxl


def _read_output(
    member: Member, path: Path, digest: str, titles: list[str], by_name: dict[str, str], rescore: bool
) -> FileResult | None:
    """An evalxl output workbook or split file; None when its 汇总 is not one evalxl wrote."""
    sheets = contract.output_sheets()
    workbook = open_workbook(path)
    values = _limited(sheet_values(workbook, by_name[sheets.summary.name]), by_name[sheets.summary.name])
    summary = read_summary(by_name[sheets.summary.name], values)
    if summary is None:
        return None
    provenance = summary.provenance or parse_provenance(_description(path))
    if provenance is None:
        return None
    found: list[Finding] = []
    if sheets.checks.name in by_name:
        title = by_name[sheets.checks.name]
        checks, odd = read_checks(title, _limited(sheet_values(workbook, title), title), member.name)
        found += checks
        found += [
            _edited(member, place, "检查结果的级别不是 错误、警告、提示 之一", "其余各行") for place in odd
        ]
        found += _counts(member, summary, checks)
    found += arithmetic(summary, member.name)
    if not rescore and intact(path):  # the sheets are what evalxl wrote: its figures count as printed
        projects = _sealed_projects(summary, member.name, workbook, titles)
    else:
        trails: dict[str, Trail] = {}
        if sheets.trace.name in by_name:
            trace = by_name[sheets.trace.name]
            trails = read_trail(_limited(sheet_values(workbook, trace), trace))
        del workbook, values  # one file at a time: the forms are read again below
        projects, more = _projects(member, path, summary, provenance.rules, provenance.layout, titles, trails)
        found += more
    source = SourceFile(
        name=member.name,
        sha256=digest,
        kind=SPLIT if len(summary.projects) == 1 else OUTPUT,
        evalxl_version=provenance.version,
        rules=provenance.rules,
        layout=provenance.layout,
        year=summary.year,
        money_unit=summary.money_unit,
        input_sha256=provenance.sha256,
        units=_units(projects),
        projects=len(projects),
    )
    return FileResult(source, tuple(projects), tuple(found))


def _sealed_projects(summary: Summary, file: str, workbook: Any, titles: list[str]) -> list[CollectedProject]:
    """The projects of a sealed output as 汇总 prints them, with each form's 说明 (None without
    forms: an output written with --no-forms does not carry it)."""
    projects = printed_projects(summary, file)
    service = contract.output_sheets().names
    forms = [t for t in titles if normalize_header(t) not in service]
    if not forms:
        return projects
    # the values as stored (merged cells hold their value in the first cell, where the labels and
    # their values are): the workbook is held to the limits already
    remarks = form_remarks(workbook.get_sheet_by_name(t).to_python() for t in forms)
    return [replace(p, remark=remarks.get(p.name, "")) for p in projects]


def _projects(
    member: Member,
    path: Path,
    summary: Summary,
    rules: str,
    layout: str,
    titles: list[str],
    trails: dict[str, Trail],
) -> tuple[list[CollectedProject], list[Finding]]:
    """The projects that count and what re-scoring the forms found: the rules' figures where the
    workbook holds forms and names a built-in profile; 汇总 as printed otherwise, with a note."""
    service = contract.output_sheets().names
    has_forms = any(normalize_header(title) not in service for title in titles)
    builtin = builtin_profiles()
    if not has_forms or rules not in builtin:
        reason = (
            _NO_FORMS
            if not has_forms
            else (f"评分规则“{rules}”不是内置规则（{'、'.join(builtin)}），所用的规则文件不在工作簿中")
        )
        note = finding("COLLECT_NOT_RESCORED", member.name, name=_shown(member), reason=reason)
        return printed_projects(summary, member.name), [note]
    options = api.Options(rules=rules, layout=layout if layout in contract.layout_names() else "")
    rescored = api.evaluate_workbook(path, options)
    projects, edits, uncarried = compared(summary, rescored, trails, member.name)
    errors = [_own(f, member, path) for f in rescored.findings if f.level == ERROR]
    if uncarried:
        reason = (
            f"按自评表上的数据重算项目{'、'.join(f'“{n}”' for n in uncarried)}的得分与汇总表不同，而汇总表与计算过程一致："
            "自评表不含得分所依据的全部数据（未印的分值、自评得分、多个资金使用单位合并前的数、参数表的设置），其得分已与计算过程核对"
        )
        edits.append(finding("COLLECT_NOT_RESCORED", member.name, name=_shown(member), reason=reason))
    return projects, [*edits, *errors]


def _counts(member: Member, summary: Summary, checks: list[Finding]) -> list[Finding]:
    """The counts line's 错误/警告/提示 against the rows of 检查结果."""
    differ = [
        f"{level} {summary.counts[level]} 条，检查结果中有 {sum(f.level == level for f in checks)} 条"
        for level in (ERROR, WARNING, NOTE)
        if level in summary.counts and summary.counts[level] != sum(f.level == level for f in checks)
    ]
    if not differ:
        return []
    place = Place(summary.sheet, summary.counts_row, 1)
    return [
        _edited(
            member, place, f"计数行写有{'；'.join(differ)}（检查结果有行被删除或添加）", "检查结果中的各行"
        )
    ]


def _edited(member: Member, place: Place, detail: str, counted: str) -> Finding:
    return finding("COLLECT_EDITED", in_file(member.name, place), detail=detail, counted=counted)


def _limited(values: list[list[Any]], title: str) -> list[list[Any]]:
    """A sheet's rows, refused past the row limit of ``run``."""
    if len(values) > limits.MAX_ROWS:
        problem = finding(
            "TOO_MANY_ROWS", Place(title, 1, 1), sheet=title, rows=len(values), limit=limits.MAX_ROWS
        )
        raise UnreadableWorkbook(problem)
    return values


def _description(path: Path) -> str:
    """The document properties' description (evalxl writes its provenance line there); "" when none."""
    try:
        with zipfile.ZipFile(path) as archive:
            if _CORE_PROPERTIES not in archive.namelist():
                return ""
            root = ElementTree.fromstring(limits.read_part(archive, _CORE_PROPERTIES))
    except (zipfile.BadZipFile, OSError, limits.TooLarge, ElementTree.ParseError, ValueError):
        return ""
    element = root.find(_DESCRIPTION)
    return (element.text or "").strip() if element is not None else ""


# --------------------------------------------------------------------------- helpers


def _units(projects: Any) -> tuple[str, ...]:
    """The 项目实施单位 of ``projects`` in order, once each."""
    return tuple(dict.fromkeys(p.unit for p in projects if p.unit))


def _shown(member: Member) -> str:
    """The file's own name, as the sender named it (the last part of ``member.name``)."""
    return PurePath(member.name.split("!")[-1]).name


def _own(f: Finding, member: Member, path: Path) -> Finding:
    """A finding of the reader or the run, placed in the file as it arrived: a zip member lies on
    disk under another name, which the finding's place and message then give as the sender's."""
    shown = _shown(member)
    if path.name != shown and path.name in f.message:
        f = replace(f, message=f.message.replace(path.name, shown))
    if not f.row and f.sheet == path.name:
        f = replace(f, sheet=shown)
    return moved(f, member.name)


def _unread(member: Member, digest: str, problem: Finding) -> FileResult:
    return FileResult(SourceFile(member.name, digest, UNREAD), (), (problem,))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


__all__ = ["read_member"]
