"""The benchmark's report: the machine and evalxl state, the runs, the stage times, the targets
(issue 9) with PASS/FAIL, the scaling and the checks of the outputs — as Markdown lines."""

from __future__ import annotations

import datetime
import hashlib
import os
import platform
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from measure import MB, Measurement
from outputs import SplitCheck

ROOT = Path(__file__).resolve().parent.parent
GB = 1024**3
SCORE_SHARE = 0.10  # the score stage, at most this share of the no-forms run
TARGETS = {"no-forms": 1.3, "split": 1.3}  # evalxl wall time / floor wall time, at most
MEMORY_LIMIT = 1 * GB  # peak memory of an evalxl run, less than
STAGES = {  # evalxl's stage names (progress.stage) as the report calls them
    "start-up": "start-up",
    "读取": "read + import",
    "检查": "check",
    "评分": "score",
    "写出结果工作簿": "write workbook",
    "写出自评表文件": "write split files",
}
FLOOR_STEPS = ("read", "load content", "write main", "write split")


@dataclass
class SizeResult:
    """Everything measured for one input size."""

    projects: int
    rows: int
    runs: dict[str, Measurement] = field(default_factory=dict)
    findings: int = 0
    same_content: list[str] = field(default_factory=list)
    split_check: SplitCheck | None = None

    def stages(self, label: str) -> dict[str, float]:
        """The stage times evalxl's run ``label`` reported ({} when none)."""
        run = self.runs.get(label)
        stages: Any = run.timings.get("stages", {}) if run else {}
        return {str(k): float(v) for k, v in stages.items()}

    def floor_step(self, label: str, step: str) -> float | None:
        """A step's seconds as the floor's run ``label`` reported it."""
        run = self.runs.get(label)
        value = run.timings.get(step) if run else None
        return float(value) if isinstance(value, int | float) else None

    def ratio(self, kind: str) -> float | None:
        """evalxl's wall time over the floor's, for ``no-forms`` or ``split``."""
        e, f = self.runs.get(f"evalxl {kind}"), self.runs.get(f"floor {kind}")
        return e.wall / f.wall if e and f and f.wall else None


# --------------------------------------------------------------------------- the machine


def machine() -> dict[str, str]:
    """The machine, the software and the evalxl state the figures belong to."""
    cpu = _cpu_field("model name") or platform.processor() or "?"
    versions = {}
    for name in ("evalxl", "python-calamine", "XlsxWriter", "openpyxl", "pandas", "numpy", "click"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "-"
    status = ["git", "-C", str(ROOT), "--no-optional-locks", "status", "--porcelain", "--", "evalxl"]
    return {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "nproc": _shell(["nproc"]),
        "memory": _memory(),
        "cpu": f"{cpu}, {_cpu_field('cpu MHz')} MHz (KVM guest: {_cpu_field('hypervisor') or 'no'})",
        "python": platform.python_version(),
        "libraries": ", ".join(f"{k} {v}" for k, v in versions.items()),
        "evalxl commit": _shell(["git", "-C", str(ROOT), "log", "-1", "--format=%h %s"]),
        "evalxl uncommitted": _shell([*status, "workbook_templates"]).replace("\n", "; ") or "none",
        "evalxl source sha256": _source_hash(),
        "load average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def _memory() -> str:
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


# --------------------------------------------------------------------------- tables


def _num(value: float | None, unit: str = "", digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}{unit}"


def runs_table(sizes: Sequence[SizeResult]) -> list[str]:
    """Every run: wall time, peak memory, processes, exit status."""
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


def stage_table(sizes: Sequence[SizeResult]) -> list[str]:
    """evalxl's stages in seconds; ``read`` is python-calamine's read of the same input (the floor's
    read step, same size, same benchmark run), ``import`` the rest of evalxl's 读取 stage."""
    lines = [
        "| projects | run | wall s | interpreter start + exit | start-up (imports) | read | import | check "
        "| score | write workbook | write split files | score / wall |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in sizes:
        read = size.floor_step("floor no-forms", "read")
        for label in ("evalxl no-forms", "evalxl split"):
            stages, run = size.stages(label), size.runs.get(label)
            if not stages or run is None:
                continue
            both = stages.get("读取")
            cells = [
                run.wall - sum(stages.values()),
                stages.get("start-up"),
                read,
                both - read if both is not None and read is not None else None,
                stages.get("检查"),
                stages.get("评分"),
                stages.get("写出结果工作簿"),
                stages.get("写出自评表文件"),
            ]
            share = _num(stages["评分"] / run.wall * 100, " %", 1) if "评分" in stages else "–"
            shown = " | ".join(_num(cell) for cell in cells)
            lines.append(f"| {size.projects:,} | {label} | {run.wall:.2f} | {shown} | {share} |")
    return lines


def floor_table(sizes: Sequence[SizeResult]) -> list[str]:
    """The floor's steps in seconds (its own measure, ``floor.py --timings``)."""
    lines = [
        "| projects | run | wall s | interpreter start + exit | read | load content | write main | write split |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for size in sizes:
        for label in ("floor no-forms", "floor split"):
            run = size.runs.get(label)
            if run is None or not run.timings:
                continue
            steps = [size.floor_step(label, step) for step in FLOOR_STEPS]
            rest = run.wall - sum(s for s in steps if s is not None)
            cells = " | ".join(_num(cell) for cell in [rest, *steps])
            lines.append(f"| {size.projects:,} | {label} | {run.wall:.2f} | {cells} |")
    return lines


def verdicts(target: SizeResult) -> list[tuple[str, str, str, bool]]:
    """(target, measured, limit, passed) at the target size."""
    found = []
    run, stages = target.runs.get("evalxl no-forms"), target.stages("evalxl no-forms")
    if run and "评分" in stages:
        share = stages["评分"] / run.wall
        found.append(
            ("score stage / no-forms run", f"{share:.1%}", f"≤ {SCORE_SHARE:.0%}", share <= SCORE_SHARE)
        )
    for kind, limit in TARGETS.items():
        ratio = target.ratio(kind)
        if ratio is not None:
            floor = "its floor" if kind == "no-forms" else "the same-content floor"
            found.append((f"{kind} run: evalxl / {floor}", f"{ratio:.2f}×", f"≤ {limit}×", ratio <= limit))
    for label, m in target.runs.items():
        if label.startswith("evalxl"):
            ok = m.peak_rss < MEMORY_LIMIT and m.returncode == 0
            found.append((f"{label} peak memory (RSS sum)", f"{m.peak_rss / GB:.2f} GB", "< 1 GB", ok))
    return found


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
                f"| {label} | {projects:,} | {wall / rows * 1e6:.0f} | {_num(marginal, '', 0)} | {_num(growth, '×')} |"
            )
            marginal_before = marginal
    return lines


def checks(sizes: Sequence[SizeResult]) -> list[str]:
    """The floor wrote the same content; evalxl's split files are sound."""
    lines = []
    for size in sizes:
        lines += [f"- {size.projects:,} projects: {line}" for line in size.same_content]
        c = size.split_check
        if c is not None:
            problems = f"; PROBLEMS: {'; '.join(c.problems[:5])}" if c.problems else ""
            lines.append(
                f"- {size.projects:,} projects: evalxl's {c.files:,} split files: {c.zip_ok:,} sound zips "
                f"(CRC, xl/workbook.xml with 4 sheets and their parts); {c.openpyxl_ok}/{c.openpyxl_checked} "
                f"opened fully with openpyxl; manifest.csv {c.manifest_rows:,} rows{problems}"
            )
    return lines


def report(sizes: Sequence[SizeResult], title: str) -> tuple[list[str], bool]:
    """The whole report as Markdown lines, and whether every target passed."""
    target = sizes[-1]
    found = verdicts(target)
    lines = [f"### {title}", "", *[f"- {key}: {value}" for key, value in machine().items()], ""]
    lines += [
        f"Targets at {target.projects:,} projects ({target.rows:,} indicator rows; {target.findings:,} findings "
        "in evalxl's 检查结果), measured in this run:",
        "",
    ]
    lines += ["| target | measured | limit | verdict |", "|---|---:|---:|---|"]
    lines += [
        f"| {name} | {value} | {limit} | {'PASS' if ok else 'FAIL'} |" for name, value, limit, ok in found
    ]
    lines += ["", "Stages of evalxl's runs (seconds):", "", *stage_table(sizes), ""]
    lines += ["Steps of the floor's runs (seconds):", "", *floor_table(sizes), ""]
    lines += ["Runs:", "", *runs_table(sizes), ""]
    lines += ["Scaling (time per indicator row):", "", *scaling(sizes), ""]
    lines += ["Same content, sound files:", "", *checks(sizes), ""]
    lines += ["Commands (at the largest size):", ""]
    lines += [f"- {m.label}: `{_short(m.command)}`" for m in target.runs.values()]
    return lines, all(ok for *_, ok in found)


def _short(command: Sequence[str]) -> str:
    """A command line with the project's paths shown relative to it."""
    return " ".join(str(part).replace(f"{ROOT}/", "") for part in command)
