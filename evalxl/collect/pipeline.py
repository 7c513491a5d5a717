"""``evalxl collect``: the library call the command makes (gather → read → settle → write).

Files are read in worker processes (started before anything is read, so each holds one file at a
time and none inherits a grown heap); the results come back in the order the files were gathered,
so the roll-up's bytes do not depend on the number of workers.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from evalxl.collect.crosscheck import common_year, differing_files, settle
from evalxl.collect.expect import not_sent, not_sent_findings, read_expected
from evalxl.collect.gather import gather
from evalxl.collect.read import read_member
from evalxl.collect.records import UNREAD, FileResult, Member
from evalxl.collect.rollup import Rollup, write_rollup
from evalxl.collect.split_files import not_split, write_split_files
from evalxl.findings import ERROR, WARNING, Finding
from evalxl.progress import SILENT, Progress


@dataclass(frozen=True)
class CollectOptions:
    """How to collect: the list of who should have sent something, the rules for workbooks scored
    on the spot (standard inputs, forms), and the processes reading the files."""

    expect: Path | None = None
    rules: str = ""
    workers: int = 1
    split_dir: Path | None = None  # one workbook per project counted, and manifest.csv
    zip_path: Path | None = None  # those bundled in a zip


@dataclass(frozen=True)
class Collected:
    """What a collect run gave: the roll-up, the files read, how many files could not be read, and
    every file written (the roll-up first)."""

    rollup: Rollup
    files: tuple[FileResult, ...]
    unread: int  # files not read (unreadable, refused in a zip): the exit status says so
    written: tuple[Path, ...] = ()


def collect(
    paths: Sequence[Path],
    output: Path,
    options: CollectOptions = CollectOptions(),
    progress: Progress = SILENT,
) -> Collected:
    """Read every workbook in ``paths`` (files, folders, zips), settle the projects several files
    give, and write the roll-up to ``output`` (atomically). Raises
    :class:`evalxl.collect.gather.GatherError` for a path that does not exist."""
    with tempfile.TemporaryDirectory(prefix="evalxl-collect-") as folder:
        members, gathered = gather(paths, Path(folder))
        members = [m for m in members if not _is(Path(m.path), output)]  # an earlier roll-up beside them
        progress.stage("读取", len(members))
        files = tuple(_read_all(members, options, progress))
    expected, expect_found = read_expected(options.expect) if options.expect else ((), [])
    settled = settle(files)
    sources = tuple(f.source for f in files)
    found: list[Finding] = [*gathered, *(f for result in files for f in result.findings)]
    found += [*differing_files(sources), *settled.findings, *expect_found]
    missing = not_sent(expected, [p for f in files for p in f.projects])
    if options.split_dir is not None or options.zip_path is not None:
        found += not_split(settled.projects)
    rollup = Rollup(
        projects=settled.projects,
        disputed=settled.disputed,
        sources=sources,
        findings=tuple([*found, *not_sent_findings(missing)]),
        year=common_year(sources),
        expected_missing=tuple(e.text for e in missing),
    )
    progress.stage("写出汇总工作簿")
    write_rollup(output, rollup)
    written = [output]
    if options.split_dir is not None or options.zip_path is not None:
        progress.stage("写出自评表文件", len(settled.projects))
        written += write_split_files(
            settled.projects,
            sources,
            rollup.findings,
            options.split_dir,
            options.zip_path,
            options.workers,
            progress,
        )
    # not read: a file that could not be, and every file or zip member gathering refused (an error,
    # or a warning such as an .xls workbook); notes (a lock file) are not files that were sent
    unread = sum(f.source.kind == UNREAD for f in files) + sum(f.level in (ERROR, WARNING) for f in gathered)
    return Collected(rollup, files, unread, tuple(written))


def _read_all(members: Sequence[Member], options: CollectOptions, progress: Progress) -> Iterator[FileResult]:
    rescore = options.split_dir is not None or options.zip_path is not None  # the forms are written anew
    if options.workers <= 1 or len(members) <= 1:
        for n, member in enumerate(members, start=1):
            yield read_member(member, options.rules, rescore)
            progress.advance(n)
        return
    with ProcessPoolExecutor(max_workers=options.workers) as pool:
        count = len(members)
        results = pool.map(read_member, members, [options.rules] * count, [rescore] * count, chunksize=1)
        for n, result in enumerate(results, start=1):
            yield result
            progress.advance(n)


def _is(path: Path, output: Path) -> bool:
    """Whether ``path`` is the file ``output`` names (when both exist)."""
    try:
        return output.exists() and path.samefile(output)
    except OSError:
        return False
