"""The collect benchmark (issue 12): ``evalxl collect`` on a bureau's mailbox against its floor.

``python benchmarks/collect_run.py [--units 300] [--projects 30] [--workers N] [--repeat 1] [--record]``
(or ``make bench-collect``)

1. Builds (once, cached in ``benchmarks/.cache/``) the mailbox with ``collect_mailbox.py``: N unit
   output workbooks of M projects, in nested folders and zips (GBK and UTF-8 member names), a few
   units' split files beside their workbook, one corrupt file.
2. ``--repeat`` times in turn, as subprocesses, timed (wall) and watched (peak memory of the
   process tree, ``measure.py``): ``evalxl collect MAILBOX -o OUT --workers W -q``, then the floor
   (``collect_floor.py``: the same files read with python-calamine over the same workers, the same
   roll-up written with plain XlsxWriter, its content read from evalxl's roll-up of this run by
   ``collect_content.py``, not timed). The median run of each is kept.
3. Checks: evalxl's roll-up holds every project of the mailbox once (the split files' copies
   counted once) with the figures evalxl gave it in the unit's run, names every file, and says a
   file was not read (exit status 4); the floor's roll-up holds the same values and charts.
4. Prints the report (ratio evalxl / floor, target ≤ 1.5×; peak memory, per process), saves it in
   ``.cache/last-collect.md``; with ``--record`` also puts it on top of the collect runs in
   ``RESULTS.md`` ("## Issue 12: collect").
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import collect_content
import collect_mailbox
from measure import MB, Measurement, measure, measure_timed, median
from python_calamine import CalamineWorkbook
from report import machine

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / ".cache"
RESULTS = HERE / "RESULTS.md"
MARK = "<!-- new collect runs go below this line (collect_run.py --record) -->"
TARGET = 1.5  # evalxl collect's wall time / the floor's, at most
EXIT_UNREAD = 4  # evalxl collect: the roll-up is written, some file was not read (the corrupt one)
FLOOR_STEPS = ("read", "load content", "write")


def evalxl_command(mailbox: Path, output: Path, workers: int) -> list[str]:
    """The command the bureau runs."""
    command = [sys.executable, "-m", "evalxl", "collect", str(mailbox), "-o", str(output)]
    return [*command, "--workers", str(workers), "-q"]


def floor_command(mailbox: Path, output: Path, content: Path, workers: int, timings: Path) -> list[str]:
    """``collect_floor.py`` with the same mailbox, output and workers, and the content of evalxl's roll-up."""
    command = [sys.executable, str(HERE / "collect_floor.py"), str(mailbox), "-o", str(output)]
    return [*command, "--content", str(content), "--workers", str(workers), "--timings", str(timings)]


# --------------------------------------------------------------------------- checks


def _sheets(path: Path) -> dict[str, list[list[Any]]]:
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def _close(row: Sequence[Any], value: float | None) -> bool:
    """``value`` is one of the row's numbers (to the cent), or there is none to find."""
    if value is None:
        return True
    return any(isinstance(v, int | float) and abs(v - value) < 0.005 for v in row)


def check_rollup(rollup: Path, truth: dict[str, Any], returncode: int) -> list[str]:
    """evalxl's roll-up against what the mailbox holds: problems, one line each ([] when right)."""
    problems = []
    if returncode != EXIT_UNREAD:
        problems.append(f"exit status {returncode}, not {EXIT_UNREAD} (one file cannot be read)")
    sheets = _sheets(rollup)
    summary = sheets.get("汇总") or next(iter(sheets.values()))
    expected = {p["code"]: p for unit in truth["unit_list"] for p in unit["projects"]}
    rows: dict[str, list[list[Any]]] = {}
    for row in summary:
        for value in row:
            if isinstance(value, str) and value in expected:
                rows.setdefault(value, []).append(row)
    missing = [code for code in expected if code not in rows]
    twice = [code for code, found in rows.items() if len(found) > 1]
    wrong = [
        code
        for code, (row, *_) in rows.items()
        if not all(_close(row, expected[code][key]) for key in ("budget", "executed", "score"))
    ]
    for label, codes in (("missing from 汇总", missing), ("counted twice", twice), ("other figures", wrong)):
        if codes:
            problems.append(f"{len(codes)} projects {label}: {', '.join(codes[:5])}")
    texts = " ".join(str(v) for name in ("来源", "检查结果") for row in sheets.get(name, []) for v in row)
    files = [f for unit in truth["unit_list"] for f in unit["files"]] + [truth["corrupt"]]
    unnamed = [f for f in files if Path(f.split("!")[-1]).name not in texts]
    if unnamed:
        problems.append(f"{len(unnamed)} files named nowhere in 来源 or 检查结果: {', '.join(unnamed[:3])}")
    return problems


def same_rollup(evalxl: Path, floor: Path) -> str:
    """Whether the floor's roll-up holds evalxl's values in every sheet and the same charts."""
    ours, theirs = _sheets(evalxl), _sheets(floor)
    if list(ours) != list(theirs):
        return f"different sheets: {list(ours)} / {list(theirs)}"
    differ = [name for name in ours if ours[name] != theirs[name]]
    charts = collect_content.read_charts(evalxl), collect_content.read_charts(floor)
    cells = sum(len(row) for rows in ours.values() for row in rows)
    count = sum(len(c) for c in charts[0].values())
    if differ or charts[0] != charts[1]:
        return (
            f"DIFFERENT: sheets {differ or 'same'}, charts {'same' if charts[0] == charts[1] else 'differ'}"
        )
    return f"the same values in every sheet ({len(ours)} sheets, {cells:,} cells) and the same {count} charts"


# --------------------------------------------------------------------------- the run


def run(mailbox: Path, out: Path, args: argparse.Namespace) -> tuple[Measurement, Measurement | None]:
    """evalxl collect and its floor, ``--repeat`` times in turn; the median of each."""
    e_out, f_out, content = out / "evalxl-rollup.xlsx", out / "floor-rollup.xlsx", out / "content.pickle"
    e_cmd = evalxl_command(mailbox, e_out, args.workers)
    f_cmd = floor_command(mailbox, f_out, content, args.workers, out / "floor.json")
    evalxl_runs: list[Measurement] = []
    floor_runs: list[Measurement] = []
    for _ in range(max(1, args.repeat)):
        m = measure("evalxl collect", e_cmd, out / "evalxl.log", args.timeout)
        print(
            f"  {m.label:<16} {m.wall:8.2f} s {m.peak_rss / MB:8.0f} MB  {m.processes} processes  exit {m.returncode}"
        )
        evalxl_runs.append(m)
        if m.returncode not in (0, 1, EXIT_UNREAD) or not e_out.exists():
            break
        if not content.exists():
            collect_content.save(collect_content.prepare(e_out), content)
        floor_runs.append(measure_timed("floor", f_cmd, out / "floor.log", args.timeout, out / "floor.json"))
    return median(evalxl_runs), median(floor_runs) if floor_runs else None


def _seconds(m: Measurement, step: str) -> float:
    value = m.timings.get(step)
    return float(value) if isinstance(value, int | float) else 0.0


def _row(m: Measurement) -> str:
    per = m.peak_pss / max(1, m.processes) / MB
    return (
        f"| {m.label} | {m.wall:.2f} | {m.peak_rss / MB:,.0f} | {m.peak_pss / MB:,.0f} | {m.processes} "
        f"| {per:,.0f} | {m.returncode} |"
    )


def report(
    title: str,
    mailbox: Path,
    e: Measurement,
    f: Measurement | None,
    checks: list[str],
    args: argparse.Namespace,
) -> tuple[list[str], bool]:
    """The report as Markdown lines, and whether the target was met."""
    truth = collect_mailbox.truth(mailbox.parent)
    files = collect_mailbox.files(mailbox.parent)
    ratio = e.wall / f.wall if f and f.wall else None
    passed = ratio is not None and ratio <= TARGET and e.returncode == EXIT_UNREAD
    lines = [f"### {title}", ""]
    lines += [f"- {key}: {value}" for key, value in machine().items()]
    units = truth["unit_list"]
    kinds = {
        kind: sum(u["kind"] == kind for u in units)
        for kind in ("inbox", "department", "zip-gbk", "zip-utf8", "split")
    }
    lines += [
        f"- mailbox: {mailbox.parent.name}: {truth['units']} units × {truth['projects_per_unit']} projects, "
        f"{len(files)} files ({sum(p.suffix == '.zip' for p in files)} zips), "
        f"{sum(p.stat().st_size for p in files) / MB:,.0f} MB; arrival: "
        + ", ".join(f"{k} {n}" for k, n in kinds.items())
        + f"; {sum(u['split_files'] for u in units)} split files; one corrupt file; written by evalxl {truth['evalxl']}",
        "",
        "| target | measured | limit | verdict |",
        "|---|---:|---:|---|",
        f"| collect: evalxl / its floor | {ratio:.2f}× | ≤ {TARGET}× | {'PASS' if passed else 'FAIL'} |"
        if ratio is not None
        else f"| collect: evalxl / its floor | – | ≤ {TARGET}× | FAIL (a run failed) |",
        "",
        "| run | wall s | peak MB (RSS sum) | peak MB (PSS sum) | processes | PSS MB per process | exit |",
        "|---|---:|---:|---:|---:|---:|---:|",
        _row(e),
    ]
    if f:
        lines.append(_row(f))
        steps = ", ".join(f"{step} {_seconds(f, step):.2f} s" for step in FLOOR_STEPS)
        lines += ["", f"Floor steps: {steps}; {int(_seconds(f, 'files'))} workbooks read."]
    lines += ["", f"Commands ({args.workers} workers, median of {args.repeat}):", ""]
    lines += [f"    {' '.join(Path(p).name if '/' in p else p for p in m.command)}" for m in (e, f) if m]
    lines += ["", "Checks:", ""] + [f"- {line}" for line in checks] + [""]
    return lines, passed


def record(lines: list[str]) -> None:
    """Put the report on top of the collect runs in RESULTS.md (below its mark line)."""
    text = RESULTS.read_text(encoding="utf-8")
    if MARK not in text:
        raise SystemExit(f"{RESULTS.name} has no line {MARK!r}: the report is in .cache/last-collect.md")
    RESULTS.write_text(text.replace(MARK, MARK + "\n\n" + "\n".join(lines), 1), encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: build the mailbox, measure, check, print, save; exit 1 when a run or a check failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--units", type=int, default=300, help="unit files in the mailbox (300)")
    parser.add_argument("--projects", type=int, default=30, help="projects in each unit's file (30)")
    parser.add_argument("--seed", type=int, default=1, help="the mailbox's random seed (1)")
    cores = len(os.sched_getaffinity(0))
    parser.add_argument(
        "--workers", type=int, default=cores, help=f"processes reading files (the cores: {cores})"
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs of each command; the median is kept (1)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds before a run is killed (1800)")
    parser.add_argument(
        "--record", action="store_true", help="also put the report on top of RESULTS.md's collect runs"
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when the target fails")
    args = parser.parse_args(argv)
    CACHE.mkdir(exist_ok=True)
    print(f"mailbox: {args.units} units × {args.projects} projects (built once, then cached)")
    mailbox = collect_mailbox.build(args.units, args.projects, args.seed, args.workers) / "mailbox"
    out = CACHE / "out" / "collect"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    e, f = run(mailbox, out, args)
    truth = collect_mailbox.truth(mailbox.parent)
    e_out = out / "evalxl-rollup.xlsx"
    problems = check_rollup(e_out, truth, e.returncode) if e_out.exists() else ["evalxl wrote no roll-up"]
    checks = [
        f"evalxl's roll-up: {'; '.join(problems) or 'every project once, with its figures; every file named; exit 4 for the corrupt file'}"
    ]
    if f and f.returncode == 0:
        checks.append(f"floor's roll-up: {same_rollup(e_out, out / 'floor-rollup.xlsx')}")
    title = f"Run of {datetime.date.today()} ({args.units} units × {args.projects} projects, {args.workers} workers, {args.repeat} run(s) of each command)"
    lines, passed = report(title, mailbox, e, f, checks, args)
    print("\n" + "\n".join(lines))
    (CACHE / "last-collect.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    if args.record:
        record(lines)
        print(f"\nrecorded on top of the collect runs in {RESULTS.relative_to(ROOT)}")
    failed = e.returncode not in (0, 1, EXIT_UNREAD) or f is None or f.returncode != 0
    return (
        1
        if failed or problems or any("DIFFERENT" in c for c in checks) or (args.strict and not passed)
        else 0
    )


if __name__ == "__main__":
    sys.exit(main())
