"""``collect --split DIR`` and ``--zip FILE``: one workbook per collected project, as ``run`` writes
them, each from the settings of the file it came from (its layout, money unit, rules).

Only projects whose data was scored here have what a form needs (standard inputs, filled-in forms,
result workbooks that hold their forms); a project taken from a 汇总 alone (a result workbook
written with ``--no-forms``) has no form to write: a note says so.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from evalxl.collect.places import in_file
from evalxl.collect.records import CollectedProject, SourceFile
from evalxl.delivery import split
from evalxl.findings import Finding, finding
from evalxl.model import RunResult, ScoredProject, Settings, Source
from evalxl.progress import Progress
from evalxl.scoring.book import run_result


def not_split(projects: Sequence[CollectedProject]) -> list[Finding]:
    """A note for each project that gets no workbook of its own (no data to write its form from)."""
    return [
        finding("COLLECT_NOT_SPLIT", in_file(p.file), name=p.name, file=p.file)
        for p in projects
        if p.scored is None or p.settings is None
    ]


def write_split_files(
    projects: Sequence[CollectedProject],
    sources: Sequence[SourceFile],
    findings: Sequence[Finding],
    split_dir: Path | None,
    zip_path: Path | None,
    workers: int = 1,
    progress: Progress | None = None,
) -> list[Path]:
    """Write the workbooks (into ``split_dir``, or a temporary folder when only ``zip_path`` is asked
    for) with ``manifest.csv``, then the zip. Each file holds the findings of the file its project
    came from. Returns the files kept: the split files and manifest, then the zip."""
    digests = {s.name: s.sha256 for s in sources}
    results = [
        _result(p, p.scored, p.settings, digests.get(p.file, ""), findings)
        for p in projects
        if p.scored is not None and p.settings is not None
    ]
    names = split.safe_file_names([r.projects[0].project for r in results])
    with tempfile.TemporaryDirectory(prefix="evalxl-collect-split-") as folder:
        where = split_dir or Path(folder)
        files = split.write_results(results, where, names, workers, progress)
        if zip_path is not None:
            split.write_zip(files, zip_path)
    kept = files if split_dir is not None else []
    return [*kept, *([zip_path] if zip_path is not None else [])]


def _result(
    p: CollectedProject, scored: ScoredProject, settings: Settings, sha256: str, findings: Sequence[Finding]
) -> RunResult:
    prefix = f"[{p.file}]"
    own = [f for f in findings if f.sheet == p.file or f.sheet.startswith(prefix)]
    if p.code and not scored.project.code:  # forms print no 项目编码: the file's 汇总 gave it
        scored = replace(scored, project=replace(scored.project, code=p.code))
    return run_result(settings, (scored,), own, Source(p.file, sha256))
