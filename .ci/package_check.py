"""The packaging check (``make package-check``): the wheel holds every module and data file, and
evalxl installed from it alone works.

1. Copies the checkout's files (tracked and untracked, not ignored) into a temporary folder and
   builds the wheel there (``pip wheel --no-deps``), so no stale ``build/`` folder can hide a miss.
2. Checks that the wheel holds every ``evalxl/**/*.py`` and every file of ``workbook_templates/``
   (as ``evalxl/workbook_templates/…``).
3. Installs the wheel into a fresh virtual environment outside the checkout and, from another
   temporary folder, runs ``evalxl --version``, ``template``, ``rules``, ``layouts``, ``run`` on a
   copy of ``samples/seed-2023.xlsx`` once with every layout and every built-in rules profile,
   ``check`` and ``diff``; every command must exit 0 and write what it says.

Exits 1 and says what failed when anything does. ``--python`` names the interpreter the fresh
environment is made from (default: the one this script's environment was made from).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "seed-2023.xlsx"
SKIPPED_PARTS = frozenset({".git", ".venv", "build", "dist", "__pycache__", ".mypy_cache", ".ruff_cache"})


class CheckFailed(Exception):
    """One step of the check failed; the message says which and why."""


def run(command: Sequence[str | Path], cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run ``command`` in ``cwd``; its standard output, or :class:`CheckFailed` with its output."""
    shown = " ".join(str(part) for part in command)
    done = subprocess.run(
        [str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise CheckFailed(f"`{shown}` (in {cwd}) exited {done.returncode}:\n{tail}")
    return done.stdout


def source_files() -> list[Path]:
    """The checkout's files as git sees them (tracked, and untracked but not ignored), relative."""
    if (ROOT / ".git").exists() and shutil.which("git"):
        listed = run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], ROOT)
        files = [Path(name) for name in listed.split("\0") if name]
    else:
        files = [p.relative_to(ROOT) for p in ROOT.rglob("*") if p.is_file()]
    return [f for f in files if not SKIPPED_PARTS & set(f.parts) and (ROOT / f).is_file()]


def copy_source(target: Path) -> list[Path]:
    """Copy the checkout's files into ``target``; the files copied."""
    files = source_files()
    for name in files:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target / name)
    return files


def build_wheel(source: Path, dist: Path) -> Path:
    """Build the wheel of ``source`` into ``dist``; its path."""
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", dist, source], source)
    wheels = sorted(dist.glob("evalxl-*.whl"))
    if len(wheels) != 1:
        raise CheckFailed(f"expected one evalxl wheel in {dist}, found {[w.name for w in wheels]}")
    return wheels[0]


def expected_members(files: Sequence[Path]) -> set[str]:
    """What the wheel must hold: every module of evalxl/ and every data file of workbook_templates/."""
    wanted = set()
    for name in files:
        if name.parts[0] == "evalxl" and name.suffix == ".py":
            wanted.add(name.as_posix())
        elif name.parts[0] == "workbook_templates":
            wanted.add(Path("evalxl", *name.parts).as_posix())
    return wanted


def check_members(wheel: Path, files: Sequence[Path]) -> int:
    """:class:`CheckFailed` naming every module or data file the wheel lacks; how many it holds."""
    with zipfile.ZipFile(wheel) as archive:
        members = set(archive.namelist())
    wanted = expected_members(files)
    missing = sorted(wanted - members)
    if missing:
        raise CheckFailed(
            f"{wheel.name} lacks {len(missing)} file(s) of the checkout (see [tool.setuptools] packages "
            "and package-data in pyproject.toml):\n  " + "\n  ".join(missing)
        )
    return len(wanted)


def names_listed(output: str) -> list[str]:
    """The names in the first column of ``evalxl rules`` / ``evalxl layouts`` (tab-separated)."""
    return [line.split("\t")[0] for line in output.splitlines() if line.strip()]


def expect_file(path: Path) -> None:
    """:class:`CheckFailed` unless ``path`` is a non-empty file."""
    if not path.is_file() or path.stat().st_size == 0:
        raise CheckFailed(f"{path} was not written")


def use_installed(venv: Path, work: Path) -> list[str]:
    """Run the installed evalxl's commands in ``work``; the commands run."""
    bin_dir = venv / "bin"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    where = run([bin_dir / "python", "-c", "import evalxl; print(evalxl.__file__)"], work, env).strip()
    if not Path(where).is_relative_to(venv):
        raise CheckFailed(f"evalxl was imported from {where}, not from the fresh environment {venv}")
    evalxl = bin_dir / "evalxl"
    sample = work / SAMPLE.name
    shutil.copy2(SAMPLE, sample)
    done = [
        run([evalxl, "--version"], work, env).strip(),
        run([evalxl, "template", "template.xlsx"], work, env).strip(),
    ]
    expect_file(work / "template.xlsx")
    layouts = names_listed(run([evalxl, "layouts"], work, env))
    profiles = names_listed(run([evalxl, "rules"], work, env))
    if not layouts or not profiles:
        raise CheckFailed(f"evalxl layouts listed {layouts}, evalxl rules listed {profiles}")
    runs = [["--layout", name] for name in layouts] + [["--rules", name] for name in profiles]
    for number, options in enumerate(runs, start=1):
        out = work / f"out-{number}.xlsx"
        run([evalxl, "run", sample.name, "-o", out.name, "-q", *options], work, env)
        expect_file(out)
        done.append(f"evalxl run {sample.name} {' '.join(options)}")
    run([evalxl, "check", sample.name], work, env)
    run([evalxl, "diff", "out-1.xlsx", "out-1.xlsx"], work, env)
    return [*done, f"evalxl layouts: {', '.join(layouts)}", f"evalxl rules: {', '.join(profiles)}"]


def main(argv: Sequence[str] | None = None) -> int:
    """Build, inspect, install, use; exit 1 with the reason when a step fails."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--python", default=getattr(sys, "_base_executable", sys.executable))
    args = parser.parse_args(argv)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="evalxl-package-check-") as folder:
        temp = Path(folder)
        try:
            files = copy_source(temp / "src")
            wheel = build_wheel(temp / "src", temp / "dist")
            held = check_members(wheel, files)
            print(f"package-check: {wheel.name} holds all {held} modules and data files of the checkout")
            run([args.python, "-m", "venv", temp / "venv"], temp)
            run([temp / "venv/bin/python", "-m", "pip", "install", "--quiet", wheel], temp)
            (temp / "work").mkdir()
            for line in use_installed(temp / "venv", temp / "work"):
                print(f"package-check: ok: {line}")
        except CheckFailed as problem:
            print(f"package-check: FAILED: {problem}", file=sys.stderr)
            return 1
    print(f"package-check: passed in {time.perf_counter() - start:.0f} s (wheel installed in a fresh venv)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
