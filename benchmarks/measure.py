"""Measuring a command: its wall time and the peak memory of its whole process tree.

Peak memory is the largest sum of the resident set sizes (``/proc/<pid>/statm``) of the process and
all its descendants seen at any poll (every 20 ms), and at least the largest single process's
``ru_maxrss`` (``wait4``), so worker processes count. Forked workers share pages with their parent,
which the RSS sum counts twice: the sum of PSS (``smaps_rollup``) is kept beside it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")
POLL = 0.02  # seconds between two looks at the process tree
MB = 1024**2


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
    timings: dict[str, object] = field(default_factory=dict)  # what the command wrote to its --timings


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


def measure(label: str, command: Sequence[str | Path], log: Path, timeout: float) -> Measurement:
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


def measure_timed(
    label: str, command: Sequence[str | Path], log: Path, timeout: float, timings: Path
) -> Measurement:
    """:func:`measure`, with the timings the command wrote to ``timings`` (a JSON file); prints a line."""
    timings.unlink(missing_ok=True)
    m = measure(label, command, log, timeout)
    m.timings = json.loads(timings.read_text(encoding="utf-8")) if timings.exists() else {}
    print(
        f"  {m.label:<16} {m.wall:8.2f} s {m.peak_rss / MB:8.0f} MB  {m.processes} processes  exit {m.returncode}"
    )
    return m


def median(runs: Sequence[Measurement]) -> Measurement:
    """The run of median wall time (with its timings), with the largest peaks and the worst exit."""
    ordered = sorted(runs, key=lambda m: m.wall)
    chosen = ordered[len(ordered) // 2]
    chosen.peak_rss = max(m.peak_rss for m in runs)
    chosen.peak_pss = max(m.peak_pss for m in runs)
    chosen.returncode = max((m.returncode for m in runs), key=abs)
    return chosen
