"""The province-scale benchmark (issues 5 and 9): evalxl's stages, and evalxl against the floor, in one run.

``python benchmarks/run.py [--quick] [--workers 2] [--repeat 1] [--record] [--strict]`` (or ``make bench``)

1. Generates the inputs with ``generate.py`` (100, 1,000 and 10,000 projects of 10 indicators;
   cached in ``benchmarks/.cache/``, keyed by the generator's and the template's bytes).
2. For each size, as subprocesses, timed (wall) and watched (peak memory of the process tree):
   evalxl's no-forms run through ``stages.py`` (``evalxl run IN -o OUT --no-forms`` with the time
   of each stage), then the floor of that (``floor.py``, fed the content of evalxl's output by
   ``content.py``); then evalxl's split run (``--split DIR``, the same worker processes) and its
   same-content floor.
3. Checks that the floor wrote the same bytes as evalxl (and three split files cell by cell), and
   that evalxl's split files are sound (``outputs.py``).
4. Prints the report (``report.py``): the targets of issue 9 with PASS/FAIL, the stage times, the
   floor's steps, every run, the scaling, the checks; saves it in ``.cache/last-run.md`` (and the
   figures in ``last-run.json``); with ``--record`` also puts it on top of the runs in ``RESULTS.md``.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

import content
from measure import Measurement, measure_timed, median
from outputs import check_split, same_main, same_split
from python_calamine import CalamineWorkbook
from report import SizeResult, report

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / ".cache"
RESULTS = HERE / "RESULTS.md"
RUNS_MARK = "<!-- new runs go below this line (run.py --record) -->"
FULL_SIZES = (100, 1_000, 10_000)
QUICK_SIZES = (100, 1_000)


def _inputs_key() -> str:
    """A short hash of what makes the inputs: the generator and the template it reads."""
    digest = hashlib.sha256((HERE / "generate.py").read_bytes())
    digest.update((ROOT / "workbook_templates/standard_input.toml").read_bytes())
    return digest.hexdigest()[:10]


def input_for(projects: int) -> Path:
    """The cached input of ``projects`` projects × 10 indicators (generated when missing)."""
    path = CACHE / f"province-{projects}x10-seed1-{_inputs_key()}.xlsx"
    if not path.exists():
        tmp = path.with_name("tmp-" + path.name)
        command = [sys.executable, str(HERE / "generate.py"), str(tmp), "--projects", str(projects)]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        tmp.replace(path)
    return path


def indicator_rows(path: Path) -> int:
    """Rows of the input's 指标 sheet below its header."""
    return max(0, len(CalamineWorkbook.from_path(str(path)).get_sheet_by_name("指标").to_python()) - 1)


def evalxl_command(source: Path, output: Path, split: Path | None, workers: int, timings: Path) -> list[str]:
    """evalxl's run through ``stages.py`` (``evalxl run --no-forms`` with the time of each stage)."""
    command = [sys.executable, str(HERE / "stages.py"), str(source), "-o", str(output)]
    command += ["--split", str(split), "--workers", str(workers)] if split else []
    return [*command, "--timings", str(timings)]


def floor_command(
    source: Path, output: Path, content_file: Path, split: Path | None, workers: int, timings: Path
) -> list[str]:
    """``floor.py`` with the same input, outputs and workers, and the content of evalxl's run."""
    command = [sys.executable, str(HERE / "floor.py"), str(source), "-o", str(output)]
    command += ["--content", str(content_file)]
    command += ["--split", str(split), "--workers", str(workers)] if split else []
    return [*command, "--timings", str(timings)]


def _measure(label: str, command: list[str], out: Path, args: argparse.Namespace) -> Measurement:
    name = label.replace(" ", "-")
    return measure_timed(label, command, out / f"{name}.log", args.timeout, out / f"{name}.json")


def run_pair(result: SizeResult, kind: str, source: Path, out: Path, args: argparse.Namespace) -> None:
    """evalxl's run of ``kind`` (no-forms or split), the content it wrote, then its floor, ``--repeat``
    times in turn (so both meet the same load); the median of each; then the checks."""
    split = kind == "split"
    folder = (lambda who: out / f"{who}-split") if split else (lambda who: None)
    e_out, f_out, content_file = (
        out / f"evalxl-{kind}.xlsx",
        out / f"floor-{kind}.xlsx",
        out / f"content-{kind}.pickle",
    )
    e_cmd = evalxl_command(source, e_out, folder("evalxl"), args.workers, out / f"evalxl-{kind}.json")
    f_cmd = floor_command(
        source, f_out, content_file, folder("floor"), args.workers, out / f"floor-{kind}.json"
    )
    evalxl_runs: list[Measurement] = []
    floor_runs: list[Measurement] = []
    for _ in range(max(1, args.repeat)):
        evalxl_runs.append(_measure(f"evalxl {kind}", e_cmd, out, args))
        if evalxl_runs[-1].returncode != 0:
            break
        if not content_file.exists():
            content.save(content.prepare(e_out, folder("evalxl")), content_file)
        floor_runs.append(_measure(f"floor {kind}", f_cmd, out, args))
    result.runs[f"evalxl {kind}"] = median(evalxl_runs)
    if floor_runs:
        result.runs[f"floor {kind}"] = median(floor_runs)
    findings = result.runs[f"evalxl {kind}"].timings.get("findings")
    result.findings = findings if isinstance(findings, int) else 0
    if floor_runs and all(m.returncode == 0 for m in floor_runs):
        result.same_content.append(f"{kind} run, output workbook: {same_main(e_out, f_out, result.projects)}")
    if split and floor_runs:
        result.same_content += [
            f"split run, {line}" for line in same_split(out / "evalxl-split", out / "floor-split")
        ]
    if split and evalxl_runs[-1].returncode == 0:
        result.split_check = check_split(out / "evalxl-split", result.projects)


def run_size(projects: int, args: argparse.Namespace) -> SizeResult:
    """Measure evalxl and the floor, without forms and with split files, on one input size."""
    source = input_for(projects)
    out = CACHE / "out" / str(projects)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    result = SizeResult(projects, indicator_rows(source))
    for kind in ("no-forms", "split"):
        run_pair(result, kind, source, out, args)
    return result


def save(sizes: Sequence[SizeResult], lines: list[str]) -> None:
    """Keep the figures (JSON) and the report (Markdown) in the cache."""
    (CACHE / "last-run.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = [asdict(size) for size in sizes]
    (CACHE / "last-run.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def record(lines: list[str]) -> None:
    """Put the report on top of the runs in RESULTS.md (below its mark line)."""
    text = RESULTS.read_text(encoding="utf-8")
    if RUNS_MARK not in text:
        raise SystemExit(f"{RESULTS.name} has no line {RUNS_MARK!r}: the report is in .cache/last-run.md")
    RESULTS.write_text(text.replace(RUNS_MARK, RUNS_MARK + "\n\n" + "\n".join(lines), 1), encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: measure, print, save; exit 1 when a run failed (or a target, with --strict)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="100 and 1,000 projects only (a smoke run)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes for the split files (2)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds before a run is killed (900)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each command; the median is kept (1)")
    parser.add_argument(
        "--record", action="store_true", help="also put the report on top of RESULTS.md's runs"
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target fails")
    args = parser.parse_args(argv)
    CACHE.mkdir(exist_ok=True)
    sizes = []
    for projects in QUICK_SIZES if args.quick else FULL_SIZES:
        print(f"{projects:,} projects: {input_for(projects).name}")
        sizes.append(run_size(projects, args))
    kind = "quick" if args.quick else "full"
    title = f"Run of {datetime.date.today()} ({kind}, {args.workers} workers, {args.repeat} run(s) of each command)"
    lines, passed = report(sizes, title)
    print("\n" + "\n".join(lines))
    save(sizes, lines)
    if args.record:
        record(lines)
        print(f"\nrecorded on top of the runs in {RESULTS.relative_to(ROOT)}")
    failed = [m.label for s in sizes for m in s.runs.values() if m.returncode != 0]
    broken = [p for s in sizes if s.split_check for p in s.split_check.problems]
    return 1 if failed or broken or (args.strict and not passed) else 0


if __name__ == "__main__":
    sys.exit(main())
