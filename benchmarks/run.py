"""The province-scale benchmark (issue 5): evalxl against the floor, on the same machine, in one run.

``python benchmarks/run.py [--quick] [--workers 2] [--no-scaling-split] [--strict]`` (or ``make bench``)

1. Generates the inputs with ``generate.py`` (100, 1,000 and 10,000 projects of 10 indicators;
   cached in ``benchmarks/.cache/``, keyed by the generator's and the template's bytes).
2. For each size runs, as subprocesses, timed (wall) and watched (peak memory of the process tree):
   ``evalxl run IN -o OUT --no-forms --quiet``, the floor of that (``floor.py``), and — at 10,000
   projects, and at the smaller sizes unless ``--no-scaling-split`` — ``evalxl run ... --split DIR``
   and its floor, both with the same number of worker processes.
3. Checks every split file evalxl wrote (zip CRC, ``xl/workbook.xml`` and its sheets) and opens a
   sample of 50 with openpyxl.
4. Prints the table, the ratios evalxl/floor against the targets (split ≤ 1.5×, no-forms ≤ 2×, peak
   memory < 1.5 GB) with PASS/FAIL, the time per indicator row at each size (is growth linear?),
   the machine and the evalxl state measured; saves them in ``.cache/last-run.json`` and ``.md``.

Peak memory is the largest sum of the resident set sizes (``/proc/<pid>/statm``) of the process and
all its descendants seen at any poll (every 20 ms), and at least the largest single process's
``ru_maxrss`` (``wait4``), so worker processes count. Forked workers share pages with their parent,
which the RSS sum counts twice: the sum of PSS (``smaps_rollup``) is printed beside it.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / ".cache"
BIN = Path(sys.executable).parent
EVALXL = BIN / "evalxl"
PAGE = os.sysconf("SC_PAGE_SIZE")
POLL = 0.02  # seconds between two looks at the process tree
GB = 1024**3
MB = 1024**2
TARGETS = {"split": 1.5, "no-forms": 2.0}  # evalxl wall time / floor wall time, at most
MEMORY_LIMIT = 1.5 * GB  # peak memory of an evalxl run, less than
FULL_SIZES = (100, 1_000, 10_000)
QUICK_SIZES = (100, 1_000)
OPENPYXL_SAMPLE = 50
MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


# --------------------------------------------------------------------------- measuring a process tree


@dataclass
class Measurement:
    """One command's wall time, peak memory (bytes) and what it said."""

    label: str
    command: list[str]
    wall: float = 0.0
    peak_rss: int = 0  # largest sum of RSS over the tree, at least the largest single ru_maxrss
    peak_pss: int = 0  # largest sum of PSS over the tree (shared pages counted once)
    processes: int = 0  # most processes alive in the tree at once
    returncode: int = 0
    output: str = ""  # the last lines of standard output and error


def _children() -> dict[int, list[int]]:
    """Every process's children, from ``/proc/<pid>/stat`` (the parent is field 4)."""
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        parent = int(stat[stat.rindex(b")") + 2 :].split()[1])
        tree.setdefault(parent, []).append(int(entry.name))
    return tree


def _tree(root: int) -> list[int]:
    """``root`` and all its descendants alive now."""
    tree, found, todo = _children(), [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(tree.get(pid, ()))
    return found


def _read_int(path: str, field_index: int) -> int:
    """A number from a whitespace-separated /proc file (0 when the process is gone)."""
    try:
        with open(path, "rb") as handle:
            return int(handle.read().split()[field_index])
    except (OSError, IndexError, ValueError):
        return 0


def _pss(pid: int) -> int:
    """The proportional set size of ``pid`` in bytes (0 when unknown)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _sample(root: int, m: Measurement, with_pss: bool) -> None:
    """Add one look at the tree of ``root`` to ``m``'s peaks."""
    pids = _tree(root)
    m.processes = max(m.processes, len(pids))
    m.peak_rss = max(m.peak_rss, sum(_read_int(f"/proc/{pid}/statm", 1) for pid in pids) * PAGE)
    if with_pss:
        m.peak_pss = max(m.peak_pss, sum(_pss(pid) for pid in pids))


def measure(label: str, command: Sequence[str], log: Path, timeout: float) -> Measurement:
    """Run ``command`` (its output into ``log``), polling its process tree until it ends."""
    m = Measurement(label, [str(part) for part in command])
    with log.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(m.command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        polls, killed = 0, False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            _sample(proc.pid, m, with_pss=polls % 5 == 0)
            polls += 1
            if not killed and time.perf_counter() - start > timeout:
                os.killpg(proc.pid, signal.SIGKILL)  # the session started above for this command
                killed = True
            time.sleep(POLL)
        m.wall = time.perf_counter() - start
    proc.returncode = m.returncode = os.waitstatus_to_exitcode(status)
    m.peak_rss = max(m.peak_rss, usage.ru_maxrss * 1024)
    m.output = "\n".join(log.read_text(errors="replace").splitlines()[-5:])
    return m


# --------------------------------------------------------------------------- inputs and commands


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


@dataclass(frozen=True)
class EvalxlFlags:
    """What this evalxl's ``run`` accepts, read from its ``--help``."""

    no_forms: bool
    quiet: bool
    workers: str  # the option that sets the worker processes ("" when there is none)

    @classmethod
    def detect(cls) -> EvalxlFlags:
        """Read ``evalxl run --help``."""
        text = subprocess.run([str(EVALXL), "run", "--help"], capture_output=True, text=True).stdout
        workers = next((opt for opt in ("--workers", "--jobs") if re.search(rf"{opt}\b", text)), "")
        return cls("--no-forms" in text, "--quiet" in text, workers)

    def notes(self) -> list[str]:
        """What the runs fall back to, for the report."""
        notes = []
        if not self.no_forms:
            notes.append("evalxl run has no --no-forms: its runs write every form into the main workbook too")
        if not self.quiet:
            notes.append("evalxl run has no --quiet: its messages go to a log file")
        if not self.workers:
            notes.append("evalxl run has no --workers/--jobs option: it runs with its own default")
        return notes

    def command(self, source: Path, output: Path, split: Path | None, workers: int) -> list[str]:
        """``evalxl run`` with the flags this evalxl has."""
        command = [str(EVALXL), "run", str(source), "-o", str(output)]
        command += ["--no-forms"] if self.no_forms else []
        command += ["--split", str(split)] if split else []
        command += [self.workers, str(workers)] if split and self.workers else []
        return command + (["--quiet"] if self.quiet else [])


def floor_command(source: Path, output: Path, split: Path | None, workers: int, findings: int) -> list[str]:
    """``floor.py`` with the same input, outputs and workers."""
    command = [sys.executable, str(HERE / "floor.py"), str(source), "-o", str(output)]
    command += ["--findings", str(findings)]
    return command + (["--split", str(split), "--workers", str(workers)] if split else [])


# --------------------------------------------------------------------------- reading the outputs


def sheet_rows(path: Path) -> dict[str, int]:
    """Rows of every sheet of a workbook (calamine), {} when it cannot be read."""
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        return {name: len(book.get_sheet_by_name(name).to_python()) for name in book.sheet_names}
    except Exception:  # the run failed; the report says so
        return {}


def findings_in(path: Path) -> int:
    """How many findings evalxl's 检查结果 lists (its rows below the header)."""
    return max(0, sheet_rows(path).get("检查结果", 1) - 1)


@dataclass
class SplitCheck:
    """What the check of a folder of split workbooks found."""

    files: int = 0
    zip_ok: int = 0
    openpyxl_ok: int = 0
    openpyxl_checked: int = 0
    manifest_rows: int = 0
    problems: list[str] = field(default_factory=list)


def _zip_ok(path: Path) -> str:
    """ "" when ``path`` is a sound xlsx (CRCs, workbook.xml with 4 sheets whose parts exist), else why not."""
    try:
        with zipfile.ZipFile(path) as archive:
            bad = archive.testzip()
            names = set(archive.namelist())
            if bad or "xl/workbook.xml" not in names:
                return f"bad member {bad}" if bad else "no xl/workbook.xml"
            sheets = ET.fromstring(archive.read("xl/workbook.xml")).iter(f"{MAIN_NS}sheet")
            count = sum(1 for _ in sheets)
            parts = sum(1 for n in names if n.startswith("xl/worksheets/sheet"))
            return "" if count == parts == 4 else f"{count} sheets, {parts} sheet parts"
    except (OSError, zipfile.BadZipFile, ET.ParseError) as problem:
        return str(problem)


def _openpyxl_ok(path: Path) -> str:
    """ "" when openpyxl opens ``path`` fully and finds 汇总, a form, 计算过程 and 检查结果."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path)
        names = book.sheetnames
        form = book.worksheets[1]
        good = len(names) == 4 and names[0] == "汇总" and names[2:] == ["计算过程", "检查结果"]
        return "" if good and form.max_row >= 20 else f"sheets {names}, form rows {form.max_row}"
    except Exception as problem:  # any failure to open is what we look for
        return repr(problem)


def check_split(folder: Path, projects: int) -> SplitCheck:
    """Check every split workbook with zipfile, a sample of 50 fully with openpyxl, and the manifest."""
    files = sorted(folder.glob("*.xlsx"))
    check = SplitCheck(files=len(files))
    if len(files) != projects:
        check.problems.append(f"{len(files)} files for {projects} projects")
    for path in files:
        if problem := _zip_ok(path):
            check.problems.append(f"{path.name}: {problem}")
        else:
            check.zip_ok += 1
    step = max(1, len(files) // OPENPYXL_SAMPLE)
    for path in files[::step][:OPENPYXL_SAMPLE]:
        check.openpyxl_checked += 1
        if problem := _openpyxl_ok(path):
            check.problems.append(f"{path.name} (openpyxl): {problem}")
        else:
            check.openpyxl_ok += 1
    manifest = folder / "manifest.csv"
    check.manifest_rows = (
        len(manifest.read_text(encoding="utf-8-sig").splitlines()) - 1 if manifest.exists() else 0
    )
    return check


def form_shape(path: Path) -> dict[str, int]:
    """Cells written, merged ranges and rows with a height in one split workbook (openpyxl)."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    cells = sum(1 for ws in book for row in ws.iter_rows() for c in row if c.value is not None)
    merged = sum(len(ws.merged_cells.ranges) for ws in book)
    heights = sum(1 for ws in book for d in ws.row_dimensions.values() if d.height)
    return {"cells": cells, "merged": merged, "row heights": heights, "bytes": path.stat().st_size}


# --------------------------------------------------------------------------- one size


@dataclass
class SizeResult:
    """Everything measured for one input size."""

    projects: int
    rows: int
    runs: dict[str, Measurement] = field(default_factory=dict)
    findings: int = 0
    parity: dict[str, dict[str, int]] = field(default_factory=dict)
    split_check: SplitCheck | None = None


def _say(m: Measurement) -> None:
    """One line of progress: the run just measured."""
    print(
        f"  {m.label:<16} {m.wall:8.2f} s {m.peak_rss / MB:8.0f} MB  {m.processes} processes  exit {m.returncode}"
    )


def _run(result: SizeResult, label: str, command: list[str], log: Path, args: argparse.Namespace) -> None:
    """Measure ``command`` ``--repeat`` times; keep the run of median wall time, with the largest peak."""
    runs = []
    for _ in range(args.repeat):
        runs.append(measure(label, command, log, args.timeout))
        _say(runs[-1])
    runs.sort(key=lambda m: m.wall)
    chosen = runs[len(runs) // 2]
    chosen.peak_rss = max(m.peak_rss for m in runs)
    chosen.peak_pss = max(m.peak_pss for m in runs)
    chosen.returncode = max((m.returncode for m in runs), key=abs)
    result.runs[label] = chosen


def run_size(projects: int, flags: EvalxlFlags, args: argparse.Namespace, with_split: bool) -> SizeResult:
    """Measure evalxl and the floor (no forms; split when asked) on one input size."""
    source = input_for(projects)
    out = CACHE / "out" / str(projects)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    result = SizeResult(projects, max(0, sheet_rows(source).get("指标", 1) - 1))
    main = flags.command(source, out / "evalxl.xlsx", None, args.workers)
    _run(result, "evalxl no-forms", main, out / "evalxl.log", args)
    result.findings = findings_in(out / "evalxl.xlsx")
    floor = floor_command(source, out / "floor.xlsx", None, args.workers, result.findings)
    _run(result, "floor no-forms", floor, out / "floor.log", args)
    result.parity["evalxl main"] = sheet_rows(out / "evalxl.xlsx")
    result.parity["floor main"] = sheet_rows(out / "floor.xlsx")
    if with_split:
        split_runs(result, source, out, flags, args)
    return result


def split_runs(
    result: SizeResult, source: Path, out: Path, flags: EvalxlFlags, args: argparse.Namespace
) -> None:
    """The split runs of one size, then the check of evalxl's split files."""
    e_cmd = flags.command(source, out / "evalxl-split.xlsx", out / "evalxl-split", args.workers)
    f_cmd = floor_command(
        source, out / "floor-split.xlsx", out / "floor-split", args.workers, result.findings
    )
    for label, command, log in (
        ("evalxl split", e_cmd, "evalxl-split.log"),
        ("floor split", f_cmd, "floor-split.log"),
    ):
        _run(result, label, command, out / log, args)
    result.split_check = check_split(out / "evalxl-split", result.projects)
    for who in ("evalxl", "floor"):
        first = sorted((out / f"{who}-split").glob("*.xlsx"))[:1]
        if first:
            result.parity[f"{who} split file 1"] = form_shape(first[0])


# --------------------------------------------------------------------------- the report


def machine() -> dict[str, str]:
    """The machine, the software and the evalxl state the figures belong to."""
    cpu = _cpu_field("model name") or platform.processor() or "?"
    versions = {}
    for name in ("evalxl", "python-calamine", "XlsxWriter", "openpyxl", "pandas", "numpy", "click"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "-"
    return {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "nproc": _shell(["nproc"]),
        "memory": _memory(),
        "cpu": f"{cpu}, {_cpu_field('cpu MHz')} MHz (KVM guest: {_cpu_field('hypervisor') or 'no'})",
        "python": platform.python_version(),
        "libraries": ", ".join(f"{k} {v}" for k, v in versions.items()),
        "evalxl commit": _shell(["git", "-C", str(ROOT), "log", "-1", "--format=%h %s"]),
        "evalxl uncommitted": _shell(
            [
                "git",
                "-C",
                str(ROOT),
                "--no-optional-locks",
                "status",
                "--porcelain",
                "--",
                "evalxl",
                "workbook_templates",
            ]
        ).replace("\n", "; ")
        or "none",
        "evalxl source sha256": _source_hash(),
        "load average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def _memory() -> str:
    """Total and available memory, as ``free -h`` says."""
    fields = next((ln.split() for ln in _shell(["free", "-h"]).splitlines() if ln.startswith("Mem:")), [])
    return f"total {fields[1]}, available {fields[6]} (free -h)" if len(fields) > 6 else "?"


def _cpu_field(name: str) -> str:
    """A field of the first processor in /proc/cpuinfo ("" when absent; "yes" for a flag)."""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        key, _, value = line.partition(":")
        if key.strip() == name:
            return value.strip()
        if key.strip() == "flags" and name in value.split():
            return "yes"
    return ""


def _shell(command: list[str]) -> str:
    """A read-only command's output ("" when it fails)."""
    try:
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def _source_hash() -> str:
    """SHA-256 over evalxl/ and workbook_templates/, to tell exactly which working tree was measured."""
    digest = hashlib.sha256()
    files = [*(ROOT / "evalxl").rglob("*"), *(ROOT / "workbook_templates").rglob("*")]
    for path in sorted(files):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _ratio(size: SizeResult, kind: str) -> float | None:
    e, f = size.runs.get(f"evalxl {kind}"), size.runs.get(f"floor {kind}")
    return e.wall / f.wall if e and f and f.wall else None


def verdicts(target: SizeResult) -> list[tuple[str, str, str, bool]]:
    """(target, measured, limit, passed) at the target size."""
    found = []
    for kind, limit in TARGETS.items():
        ratio = _ratio(target, kind)
        if ratio is not None:
            found.append((f"{kind} time evalxl/floor", f"{ratio:.2f}×", f"≤ {limit}×", ratio <= limit))
    for label, m in target.runs.items():
        if label.startswith("evalxl"):
            ok = m.peak_rss < MEMORY_LIMIT and m.returncode == 0
            found.append((f"{label} peak memory", f"{m.peak_rss / GB:.2f} GB", "< 1.5 GB", ok))
    return found


def table(sizes: Sequence[SizeResult]) -> list[str]:
    """The measurements as a Markdown table."""
    lines = [
        "| projects | indicator rows | run | wall s | peak MB (RSS sum) | PSS MB | processes | exit |",
        "|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for size in sizes:
        for m in size.runs.values():
            lines.append(
                f"| {size.projects:,} | {size.rows:,} | {m.label} | {m.wall:.2f} | {m.peak_rss / MB:.0f} "
                f"| {m.peak_pss / MB:.0f} | {m.processes} | {m.returncode} |"
            )
    return lines


def scaling(sizes: Sequence[SizeResult]) -> list[str]:
    """Time per indicator row at each size, and the marginal cost between sizes (linear: ratio ≈ 1)."""
    lines = [
        "| run | projects | µs/row (wall/rows) | marginal µs/row from the size before | growth of the marginal cost |",
        "|---|---:|---:|---:|---:|",
    ]
    for label in ("evalxl no-forms", "floor no-forms", "evalxl split", "floor split"):
        points = [(s.rows, s.runs[label].wall, s.projects) for s in sizes if label in s.runs]
        marginal_before = None
        for (rows, wall, projects), before in zip(points, [None, *points[:-1]], strict=True):
            marginal = (wall - before[1]) / (rows - before[0]) * 1e6 if before else None
            growth = marginal / marginal_before if marginal and marginal_before else None
            lines.append(
                f"| {label} | {projects:,} | {wall / rows * 1e6:.0f} | {_num(marginal)} | {_num(growth, '×', 2)} |"
            )
            marginal_before = marginal
    return lines


def _num(value: float | None, unit: str = "", digits: int = 0) -> str:
    return "–" if value is None else f"{value:.{digits}f}{unit}"


def report(
    sizes: Sequence[SizeResult], flags: EvalxlFlags, args: argparse.Namespace
) -> tuple[list[str], bool]:
    """The whole report as Markdown lines, and whether every target passed."""
    target = sizes[-1]
    kind = "quick" if args.quick else "full"
    title = f"## Run of {datetime.date.today()} ({kind}, {args.workers} workers, {args.repeat} run(s) of each command)"
    lines = [title, ""]
    lines += [f"- {key}: {value}" for key, value in machine().items()]
    lines += [f"- note: {note}" for note in flags.notes()] + ["", *table(sizes), ""]
    lines += [f"Targets at {target.projects:,} projects ({target.rows:,} indicator rows):", ""]
    lines += ["| target | measured | limit | verdict |", "|---|---:|---:|---|"]
    found = verdicts(target)
    lines += [
        f"| {name} | {value} | {limit} | {'PASS' if ok else 'FAIL'} |" for name, value, limit, ok in found
    ]
    lines += ["", "Scaling (time per indicator row):", "", *scaling(sizes), ""]
    lines += parity_lines(target) + split_lines(sizes) + ["", "Commands (at the largest size):", ""]
    lines += [f"- {m.label}: `{_short(m.command)}`" for m in target.runs.values()]
    return lines, all(ok for *_, ok in found)


def _short(command: Sequence[str]) -> str:
    """A command line with the project's paths shown relative to it."""
    return " ".join(str(part).replace(f"{ROOT}/", "") for part in command)


def parity_lines(size: SizeResult) -> list[str]:
    """What evalxl and the floor wrote, side by side (the floor must not be a strawman)."""
    lines = [f"Output parity at {size.projects:,} projects (rows per sheet; first split file):", ""]
    for who, shape in size.parity.items():
        lines.append(f"- {who}: " + ", ".join(f"{k} {v:,}" for k, v in shape.items()))
    return [*lines, f"- findings in evalxl's 检查结果: {size.findings:,}", ""]


def split_lines(sizes: Sequence[SizeResult]) -> list[str]:
    """How evalxl's split files were checked."""
    lines = []
    for size in sizes:
        c = size.split_check
        if c is None:
            continue
        lines.append(
            f"- split files at {size.projects:,} projects: {c.files:,} files; {c.zip_ok:,} checked with zipfile "
            f"(CRC, xl/workbook.xml with 4 sheets and their parts); {c.openpyxl_ok}/{c.openpyxl_checked} opened "
            f"fully with openpyxl; manifest.csv {c.manifest_rows:,} rows"
            + (f"; PROBLEMS: {'; '.join(c.problems[:5])}" if c.problems else "")
        )
    return lines


def save(sizes: Sequence[SizeResult], lines: list[str]) -> None:
    """Keep the figures (JSON) and the report (Markdown) in the cache."""
    (CACHE / "last-run.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = [asdict(size) for size in sizes]
    (CACHE / "last-run.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: measure, print, save; exit 1 when a run failed (or a target, with --strict)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 and 1,000 projects only (a smoke run)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes for the split files (2)")
    parser.add_argument("--no-scaling-split", action="store_true", help="split runs only at the largest size")
    parser.add_argument("--timeout", type=float, default=900, help="seconds before a run is killed (900)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each command; the median is kept (1)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target fails")
    args = parser.parse_args(argv)
    CACHE.mkdir(exist_ok=True)
    flags = EvalxlFlags.detect()
    for note in flags.notes():
        print(f"note: {note}")
    sizes = []
    chosen = QUICK_SIZES if args.quick else FULL_SIZES
    for projects in chosen:
        print(f"{projects:,} projects: {input_for(projects).name}")
        with_split = projects == chosen[-1] or not args.no_scaling_split
        sizes.append(run_size(projects, flags, args, with_split))
    lines, passed = report(sizes, flags, args)
    print("\n" + "\n".join(lines))
    save(sizes, lines)
    failed = [m.label for s in sizes for m in s.runs.values() if m.returncode != 0]
    broken = [p for s in sizes if s.split_check for p in s.split_check.problems]
    return 1 if failed or broken or (args.strict and not passed) else 0


if __name__ == "__main__":
    sys.exit(main())
