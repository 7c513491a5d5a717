"""The library's entry points: evaluate a workbook, run it to an output workbook, describe as JSON.

This is what the CLI calls; it never prints and never exits. Problems in the user's data come back
as findings inside the :class:`~evalxl.model.RunResult`; only usage problems (a missing input, an
output that would overwrite the input, an output that cannot be written) raise :class:`UsageError`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evalxl import checks, importer, layout, merge, params, profile, rules
from evalxl.export import write_workbook
from evalxl.findings import Finding, finding, has_errors, ordered
from evalxl.model import InputBook, Project, RunResult, Source
from evalxl.reader import UnreadableWorkbook


class UsageError(Exception):
    """A problem with how evalxl was called, not with the workbook's data (exit status 2)."""


@dataclass(frozen=True)
class Options:
    """How to run: a rules profile (a built-in name or a TOML file) and a layout that win over
    参数 评分规则 and 表样, and whether each fund-using unit gets its own form."""

    rules: str = ""
    layout: str = ""
    by_unit: bool = False


def evaluate_workbook(path: Path, options: Options = Options()) -> RunResult:
    """Import, check and score the standard input workbook at ``path`` (nothing is written)."""
    if not path.is_file():
        raise UsageError(f"找不到输入文件：{path}")
    profile_data, found = _profile(options.rules)
    if options.layout and options.layout not in layout.names():
        raise UsageError(f"未知表样“{options.layout}”，可用：{'、'.join(layout.names())}")
    try:
        book, read = importer.import_workbook(path)
    except UnreadableWorkbook as problem:
        return RunResult(profile.default_settings(), (), (problem.finding,))
    settings, param_findings = params.settings_for(book.params, profile_data, options.layout)
    found += read + param_findings + _lock_file(path) + checks.run_checks(book, settings)
    book = _known_only(book)
    if options.by_unit:
        book = merge.split_by_unit(book)
    projects, rule_findings = rules.score_book(book, settings)
    source = Source(path.name, hashlib.sha256(path.read_bytes()).hexdigest())
    return RunResult(settings, projects, tuple(ordered(found + rule_findings)), source)


def _profile(rules_option: str) -> tuple[dict[str, Any] | None, list[Finding]]:
    """The profile ``--rules`` names: a built-in profile's name, or a TOML file."""
    if not rules_option:
        return None, []
    builtin = profile.builtin_profiles()
    if rules_option in builtin:
        return builtin[rules_option], []
    path = Path(rules_option)
    if not path.is_file():
        raise UsageError(
            f"找不到评分规则“{rules_option}”：既不是内置规则（{'、'.join(builtin)}），也不是文件"
        )
    return profile.load_profile_file(path)


def _known_only(book: InputBook) -> InputBook:
    """The book without rows naming unknown projects (already reported), so scoring sees consistent data."""
    unique: dict[str, Project] = {}
    for p in book.projects:
        unique.setdefault(p.name, p)
    names = set(unique)
    return InputBook(
        tuple(unique.values()),
        tuple(f for f in book.funds if f.project in names),
        tuple(i for i in book.indicators if i.project in names),
        book.params,
        book.source_name,
    )


def _lock_file(path: Path) -> list[Finding]:
    lock = path.with_name("~$" + path.name)
    if lock.exists():
        return [finding("FILE_OPEN_IN_EXCEL", path.name, name=path.name, lock=lock.name)]
    return []


def default_output(path: Path) -> Path:
    """``<input stem>_自评结果.xlsx`` beside the input."""
    return path.with_name(f"{path.stem}_自评结果.xlsx")


def run(
    path: Path, output: Path | None = None, options: Options = Options()
) -> tuple[RunResult, Path | None]:
    """Evaluate ``path`` and, when no error was found, write the output workbook.

    Returns the result and the path written (``None`` when errors kept the output from being written;
    an existing output is then left as it was).
    """
    target = output or default_output(path)
    if path.exists() and target.exists() and target.resolve() == path.resolve():
        raise UsageError(f"输出文件不能与输入文件相同：{target}")
    result = evaluate_workbook(path, options)
    if has_errors(result.findings):
        return result, None
    try:
        write_workbook(result, target)
    except OSError as exc:
        raise UsageError(f"无法写入输出文件 {target}：{exc.strerror or exc}") from exc
    return result, target


def as_json(result: RunResult) -> dict[str, Any]:
    """The ``--json`` document of ``input-format.md``: projects with indicators, and findings."""
    return {
        "projects": [
            {
                "name": p.project.name,
                "code": p.project.code,
                "department": p.project.department,
                "unit": p.project.unit,
                "budget": p.budget,
                "executed": p.executed,
                "execution_rate": p.rate,
                "score": p.score,
                "grade": p.grade,
                "indicators": [
                    {
                        "level1": i.level1,
                        "level2": i.level2,
                        "level3": i.level3,
                        "target": i.target,
                        "actual": i.actual,
                        "nature": i.nature,
                        "weight": i.weight,
                        "completion": i.completion,
                        "score": i.score,
                        "computed_score": i.computed,
                        "self_score": i.self_score,
                    }
                    for i in p.indicators
                ],
            }
            for p in result.projects
        ],
        "findings": [f.as_dict() for f in result.findings],
    }
