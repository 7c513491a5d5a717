"""Check that a change left every output byte as it was: run one fixed set of evalxl commands with the
working tree and with an earlier commit, and compare the SHA-256 of every file they write.

``python benchmarks/same_bytes.py REV [--projects 1000]``

REV is checked out into a temporary git worktree with its own virtual environment; both trees run
the same commands on the same inputs (both samples, and a generated input of ``--projects``
projects made once by this tree's ``generate.py``): ``run`` with every layout, ``--json``,
``--by-unit --split --zip``, the strict rules profile, ``check``, ``template``, ``diff``, ``rules``
and ``layouts``. It prints the files that differ (or that only one side wrote) and exits 1 when
there is any; 0 when every byte is the same. A refactoring that must not change behaviour (issue 9)
is checked with it.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ("seed-2023", "county-2024")
LAYOUTS = ("目标自评表", "评分自评表", "目标自评表（含指标性质与度量单位）")


def commands(evalxl: str) -> list[list[str]]:
    """Every command, run in a folder holding the samples and gen.xlsx."""
    out: list[list[str]] = []
    for s in SAMPLES:
        out.append([evalxl, "run", f"{s}.xlsx", "-o", f"{s}.out.xlsx", "--json", "-q"])
        out += [[evalxl, "run", f"{s}.xlsx", "-o", f"{s}.{n}.xlsx", "--layout", n, "-q"] for n in LAYOUTS]
        out.append([evalxl, "run", f"{s}.xlsx", "-o", f"{s}.unit.xlsx", "--by-unit", "--split", f"{s}.split"])
        out[-1] += ["--zip", f"{s}.zip", "-q"]
        out.append(
            [evalxl, "run", f"{s}.xlsx", "-o", f"{s}.strict.xlsx", "--rules", "财预〔2020〕10号·从严", "-q"]
        )
        out.append([evalxl, "check", f"{s}.xlsx"])
    out.append([evalxl, "run", "gen.xlsx", "-o", "gen.out.xlsx", "--json", "-q", "--split", "gen.split"])
    out[-1] += ["--zip", "gen.zip", "--max-forms", "100000"]
    out.append([evalxl, "template", "template.xlsx"])
    out.append([evalxl, "diff", "seed-2023.out.xlsx", "seed-2023.strict.xlsx"])
    out.append([evalxl, "diff", "--json", "county-2024.out.xlsx", "county-2024.unit.xlsx"])
    out += [[evalxl, "rules"], [evalxl, "layouts"]]
    return out


def outputs(tree: Path, inputs: Path, work: Path) -> dict[str, str]:
    """Run every command with ``tree``'s evalxl in ``work``; the SHA-256 of each file written and of
    each command's standard output, error and exit status."""
    work.mkdir(parents=True)
    for s in SAMPLES:
        shutil.copy(tree / "samples" / f"{s}.xlsx", work)
    shutil.copy(inputs / "gen.xlsx", work)
    given = {p.name for p in work.iterdir()}
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    digests = {}
    for n, command in enumerate(commands(str(tree / ".venv" / "bin" / "evalxl"))):
        done = subprocess.run(command, cwd=work, capture_output=True, env=env, check=False)
        said = done.stdout + b"\0" + done.stderr + b"\0" + str(done.returncode).encode()
        digests[f"command {n + 1}: {' '.join(command[1:])}"] = hashlib.sha256(said).hexdigest()
    for path in sorted(work.rglob("*")):
        if path.is_file() and path.relative_to(work).as_posix() not in given:
            digests[path.relative_to(work).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


def prepare(rev: str, where: Path) -> Path:
    """A worktree of ``rev`` with its own .venv holding evalxl."""
    tree = where / "before"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), rev], check=True)
    subprocess.run([sys.executable, "-m", "venv", str(tree / ".venv")], check=True)
    pip = [str(tree / ".venv" / "bin" / "python"), "-m", "pip", "install", "--quiet", str(tree)]
    subprocess.run(pip, check=True)
    return tree


def main() -> int:
    """Compare the working tree's outputs with REV's; 1 when any byte differs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev", help="the commit to compare with (e.g. HEAD~3)")
    parser.add_argument("--projects", type=int, default=1000, help="projects of the generated input")
    args = parser.parse_args()
    if not (ROOT / ".venv" / "bin" / "evalxl").exists():
        sys.exit("same_bytes: run `make .venv/.installed-test` first (this tree's .venv/bin/evalxl)")
    with tempfile.TemporaryDirectory(prefix="evalxl-same-bytes-") as temp:
        where = Path(temp)
        generate = [sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(where / "gen.xlsx")]
        subprocess.run([*generate, "--projects", str(args.projects)], check=True, capture_output=True)
        try:
            before = outputs(prepare(args.rev, where), where, where / "out-before")
            after = outputs(ROOT, where, where / "out-after")
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(where / "before")])
    differ = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    for key in differ:
        print(f"differs: {key}")
    print(f"{len(after)} outputs compared with {args.rev}: {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
