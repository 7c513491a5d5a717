"""The floor: what reading the input and writing evalxl's outputs costs with no evalxl logic at all.

``python benchmarks/floor.py IN.xlsx -o OUT.xlsx --content CONTENT.pickle [--split DIR] [--workers 2]
[--timings FILE.json]``

1. Starts the worker processes (with ``--split`` and more than one worker): a
   ``ProcessPoolExecutor`` forked before the input is read, so the workers do not inherit the
   parent's heap.
2. Reads every sheet of the input with python-calamine (``to_python()``), as evalxl must read it.
3. Loads the content file (``content.py``: the values evalxl wrote in the same benchmark run),
   standing in for the checks and the scoring, which the floor does not do.
4. Writes with plain XlsxWriter calls what ``evalxl run --no-forms`` writes: 汇总, 计算过程, 检查结果
   (``floor_sheets.py``).
5. With ``--split``: one workbook per project, as evalxl's split files are made — its 汇总, its form
   (``floor_form.py``), its 计算过程 rows, its findings — each written ``{"in_memory": True}`` and
   hashed, over ``--workers`` processes; then ``manifest.csv``.

Prints the time of each step; ``--timings`` also writes them as JSON (seconds).
"""

from __future__ import annotations

import argparse
import csv
import functools
import hashlib
import json
import math
import os
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from content import Content, Main, ProjectFile, Properties, Row, load
from floor_form import write_form
from floor_sheets import Workbook, formats, set_properties, write_checks, write_summary, write_trace
from python_calamine import CalamineWorkbook

CHUNKS_PER_WORKER = 8
Job = tuple[ProjectFile, tuple[Row, ...]]


def read_sheets(path: Path) -> dict[str, list[list[Any]]]:
    """Every sheet of the workbook as rows of Python values (calamine)."""
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def _first_department(main: Main) -> str:
    first = next((line for line in main.summary.lines if isinstance(line, tuple)), None)
    return str(first[3]) if first else ""


def write_main(path: Path, main: Main) -> None:
    """The workbook of ``evalxl run --no-forms``: 汇总, 计算过程, 检查结果."""
    with Workbook(str(path)) as wb:
        set_properties(wb, main.properties, _first_department(main))
        fmt = formats(wb)
        summary, trace, checks = (wb.add_worksheet(name) for name in ("汇总", "计算过程", "检查结果"))
        write_summary(summary, main.summary, fmt)
        write_trace(trace, main.trace, fmt)
        write_checks(checks, main.checks, fmt)


def write_one(path: Path, job: Job, properties: Properties) -> str:
    """One project's workbook (汇总, its form, 计算过程, 检查结果); the SHA-256 of its bytes."""
    project, trace = job
    with Workbook(str(path)) as wb:
        set_properties(wb, properties, project.form.department)
        fmt = formats(wb)
        names = ("汇总", project.form.sheet, "计算过程", "检查结果")
        summary, form, trace_sheet, checks = (wb.add_worksheet(name) for name in names)
        write_summary(summary, project.summary, fmt)
        write_form(form, project.form, fmt)
        write_trace(trace_sheet, trace, fmt)
        write_checks(checks, project.checks, fmt)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_chunk(directory: Path, properties: Properties, chunk: Sequence[Job]) -> list[str]:
    """Write the split files of ``chunk``; their SHA-256s."""
    return [write_one(directory / job[0].file, job, properties) for job in chunk]


def chunks(items: Sequence[Job], count: int) -> list[Sequence[Job]]:
    """``items`` cut into ``count`` nearly equal consecutive pieces."""
    size = max(1, math.ceil(len(items) / count))
    return [items[i : i + size] for i in range(0, len(items), size)]


def _ready(_: int) -> int:
    """A task that keeps a worker busy long enough for the pool to start all of them."""
    time.sleep(0.1)
    return os.getpid()


def start_pool(workers: int) -> ProcessPoolExecutor | None:
    """The worker processes, forked now from a small process (None for one worker)."""
    if workers <= 1:
        return None
    pool = ProcessPoolExecutor(workers)
    list(pool.map(_ready, range(workers)))
    return pool


def write_split(directory: Path, content: Content, pool: ProcessPoolExecutor | None, workers: int) -> int:
    """One workbook per project into ``directory`` (over the pool, else here), then manifest.csv."""
    directory.mkdir(parents=True, exist_ok=True)
    jobs = [(f, content.main.trace[f.trace[0] : f.trace[1]]) for f in content.files]
    task = functools.partial(write_chunk, directory, content.main.properties)
    if pool is None:
        hashes = task(jobs)
    else:
        hashes = [h for part in pool.map(task, chunks(jobs, workers * CHUNKS_PER_WORKER)) for h in part]
    with (directory / "manifest.csv").open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(content.manifest_header)
        writer.writerows([*f.manifest, sha] for f, sha in zip(content.files, hashes, strict=True))
    return len(hashes)


def run(args: argparse.Namespace, pool: ProcessPoolExecutor | None) -> dict[str, float]:
    """Read, load the content, write the main workbook, then the split files; each step's seconds."""
    marks = [time.perf_counter()]
    sheets = read_sheets(args.input)
    marks.append(time.perf_counter())
    content = load(args.content)
    if args.split and not content.files:
        raise SystemExit(f"floor: {args.content} holds no split files (prepare it from a --split run)")
    marks.append(time.perf_counter())
    write_main(args.output, content.main)
    marks.append(time.perf_counter())
    steps = ["read", "load content", "write main"]
    if args.split:
        write_split(args.split, content, pool, args.workers)
        marks.append(time.perf_counter())
        steps.append("write split")
    del sheets  # held, as evalxl holds its input, until the files are written
    return {step: end - start for step, start, end in zip(steps, marks, marks[1:], strict=False)}


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: start the workers, read, write, and print (and save) the time of each step."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("input", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True, help="the workbook without forms")
    parser.add_argument("--content", type=Path, required=True, help="the content file (content.py)")
    parser.add_argument("--split", type=Path, help="also write one workbook per project into this folder")
    parser.add_argument("--workers", type=int, default=2, help="processes for the split files (default 2)")
    parser.add_argument("--timings", type=Path, help="write the steps' seconds to this JSON file")
    args = parser.parse_args(argv)
    pool = start_pool(args.workers) if args.split else None
    try:
        steps = run(args, pool)
    finally:
        if pool is not None:
            pool.shutdown()
    print(", ".join(f"{step} {seconds:.2f} s" for step, seconds in steps.items()))
    if args.timings:
        args.timings.write_text(json.dumps(steps), encoding="utf-8")


if __name__ == "__main__":
    main()
