"""Generate a finance bureau's mailbox for the collect benchmark (issue 12).

``python benchmarks/collect_mailbox.py [--units 300] [--projects 30] [--seed 1] [--workers N] [--fresh]``

N unit files of M projects each, as the units' emails leave them: each unit's standard input is
written with ``generate.py``'s functions (the unit's own projects, ~10 indicators each, every shape
of target; ``evalxl check`` finds no error), run to an output workbook with ``evalxl.api.deliver``
(forms included: M ≤ 200), and laid out as mail arrives:

- most workbooks in dated folders (``来信/2025-01-13/…``) or a 主管部门's nested folders;
- a few zips with GBK member names (no UTF-8 flag, as Windows' zip writes them), one zip with the
  UTF-8 flag holding several units (as a 主管部门 forwards them);
- a few units' ``--split`` files (and ``manifest.csv``) beside their output workbook: copies of the
  same run, which ``collect`` counts once;
- one corrupt file (a truncated copy of a unit's workbook, sent twice).

Deterministic (seeded ``random.Random``, evalxl's fixed document dates, fixed zip dates). The
mailbox is cached as ``benchmarks/.cache/mailbox-<units>x<projects>-seed<seed>-<key>/mailbox/``
(the key hashes this file, ``generate.py``, the input template and evalxl's version), with
``mailbox.json`` beside it: every unit, its projects as evalxl scored them and the files it sent
(the truth the benchmark compares the roll-up with).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import random
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import generate
import xlsxwriter

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
ZIP_DATE = (2025, 1, 15, 9, 30, 0)
DATES = tuple(f"2025-01-{day:02d}" for day in range(10, 21))
INDICATORS = 10
GBK_ZIP_UNITS = 4  # units in one GBK zip, at most


@dataclass
class Unit:
    """One unit's return: its projects as evalxl scored them, and where its files lie."""

    index: int
    name: str
    department: str
    projects: list[dict[str, object]] = field(
        default_factory=list
    )  # code, name, budget, executed, score, grade
    kind: str = ""  # inbox | department | zip-gbk | zip-utf8 | split
    files: list[str] = field(default_factory=list)  # as collect names them: folder/x.zip!member
    split_files: int = 0


def unit_name(index: int) -> tuple[str, str, str, str, tuple[str, ...]]:
    """Unit ``index``'s (name, 主管部门, department code, city, topics): 15 cities × 20 bureaus, then
    the same again as 分局 (``第2分局``) beyond 300 units."""
    department, bureau, code, topics = generate.DEPARTMENTS[index % len(generate.DEPARTMENTS)]
    per_round = len(generate.DEPARTMENTS) * len(generate.CITIES)
    city = generate.CITIES[(index // len(generate.DEPARTMENTS)) % len(generate.CITIES)]
    round_ = index // per_round
    suffix = f"第{round_ + 1}分局" if round_ else ""
    return f"{city}市{bureau}{suffix}", department, code, city, topics


def unit_projects(index: int, count: int, seed: int) -> list[generate.Project]:
    """The unit's ``count`` projects, made as ``generate.make_project`` makes them, all of this unit."""
    name, department, code, city, topics = unit_name(index)
    bureau = generate.DEPARTMENTS[index % len(generate.DEPARTMENTS)][1]
    siblings = [f"{c}市{bureau}" for c in generate.CITIES if c != city]
    rng = random.Random(seed * 1_000_003 + index)
    names: dict[str, int] = {}
    made = []
    for number in range(1, count + 1):
        base = f"{city}市{rng.choice(topics)}"
        names[base] = names.get(base, 0) + 1
        title = base if names[base] == 1 else f"{base}（{names[base]}）"
        leader = rng.choice(generate.SURNAMES) + rng.choice(generate.GIVEN)
        phone = f"0{rng.randint(700, 799)}-{rng.randint(5000000, 8999999)}"
        project = generate.Project(
            title, f"{generate.YEAR}-{code}-{index:04d}{number:03d}", department, name, leader, phone
        )
        form = generate.shape(rng, name, siblings)
        budget = round(rng.lognormvariate(4.5, 1.0) + 5, 2)
        rate = generate.fund_rows(rng, project, form, budget)
        if form.low_rate:
            project.remark = generate.LOW_RATE_NOTE.format(rate=rate * 100, next=generate.YEAR + 1)
        generate.indicator_rows(rng, project, form, INDICATORS, budget)
        generate.goals(project)
        made.append(project)
    return made


def write_input(path: Path, projects: Sequence[generate.Project]) -> None:
    """The unit's standard input workbook (sheets 项目, 资金, 指标, 参数 as ``generate.py`` writes them)."""
    options = {"strings_to_numbers": False, "strings_to_formulas": False}
    with xlsxwriter.Workbook(str(path), options) as workbook:
        workbook.set_properties({"created": datetime.datetime(generate.YEAR + 1, 1, 15)})
        bold = workbook.add_format({"bold": True})
        sheets = {
            name: generate.SheetWriter(workbook, name, generate.headers(name), bold)
            for name in ("项目", "资金", "指标", "参数")
        }
        for p in projects:
            sheets["项目"].append(
                [p.name, p.code, p.department, p.unit, p.leader, p.phone, p.goal, p.achieved, p.remark]
            )
            for fund in p.funds:
                sheets["资金"].append(fund)
            for indicator in p.indicators:
                sheets["指标"].append(indicator)
        sheets["参数"].append(["年度", str(generate.YEAR)])
        sheets["参数"].append(["金额单位", "万元"])


def make_unit(job: tuple[int, int, int, bool, str]) -> Unit:
    """Write unit ``index``'s input and run evalxl on it (with ``--split`` when asked) into ``folder``;
    the input itself is removed (units send their results)."""
    from evalxl import api  # imported in the worker: the parent needs no evalxl

    index, count, seed, split, folder = job
    name, department, *_ = unit_name(index)
    home = Path(folder) / f"unit-{index:04d}"
    home.mkdir(parents=True)
    source = home / f"{name}.xlsx"
    write_input(source, unit_projects(index, count, seed))
    delivery = api.Delivery(split_dir=home / "自评表" if split else None, forms=True, workers=1)
    result, written = api.deliver(source, home / f"{name}_自评结果.xlsx", api.Options(), delivery)
    source.unlink()
    if not written:
        errors = [f"{f.place} {f.code}" for f in result.findings if f.level == "错误"][:5]
        raise RuntimeError(f"evalxl wrote nothing for {name}: {errors}")
    unit = Unit(index, name, department, split_files=len(written) - 1 - (1 if split else 0))
    for p in result.projects:
        unit.projects.append(
            {
                "code": p.project.code,
                "name": p.project.name,
                "budget": p.budget,
                "executed": p.executed,
                "score": p.score,
                "grade": p.grade,
            }
        )
    return unit


def kinds(units: int, rng: random.Random) -> list[str]:
    """How each unit's return arrives (a few of every kind, even for a small mailbox)."""
    split = max(1, units // 100)
    utf8 = max(1, units // 60)
    gbk = max(2, units * 15 // 100)
    department = units * 30 // 100
    fixed = ["split"] * split + ["zip-utf8"] * utf8 + ["zip-gbk"] * gbk + ["department"] * department
    listed = (fixed + ["inbox"] * units)[:units]
    rng.shuffle(listed)
    return listed


class _GbkName(zipfile.ZipInfo):
    """A zip member whose name is stored in GBK without the UTF-8 flag (as Windows' zip writes)."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:  # zipfile's own method
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def _add(archive: zipfile.ZipFile, member: str, data: bytes, gbk: bool) -> None:
    info = (_GbkName if gbk else zipfile.ZipInfo)(member, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


def write_zip(path: Path, members: Sequence[tuple[str, Path]], gbk: bool) -> list[str]:
    """A zip of ``members`` (name inside, file); returns the names as collect gives them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        for member, file in members:
            _add(archive, member, file.read_bytes(), gbk)
    return [f"{path.name}!{member}" for member, _ in members]


def lay_out(built: Path, mailbox: Path, units: list[Unit], rng: random.Random) -> dict[str, object]:
    """Move the units' files from ``built`` into ``mailbox`` as mail arrives (each unit's ``kind``
    says how); returns the extras."""
    pending_gbk: list[Unit] = []
    utf8: list[Unit] = []
    for unit in units:
        home = built / f"unit-{unit.index:04d}"
        workbook = home / f"{unit.name}_自评结果.xlsx"
        date = rng.choice(DATES)
        if unit.kind == "inbox":
            target = mailbox / "来信" / date / workbook.name
            target.parent.mkdir(parents=True, exist_ok=True)
            workbook.replace(target)
        elif unit.kind in ("department", "split"):
            target = mailbox / unit.department / unit.name / workbook.name
            target.parent.mkdir(parents=True, exist_ok=True)
            workbook.replace(target)
            if unit.kind == "split":
                shutil.move(str(home / "自评表"), str(target.parent / "自评表"))
                unit.files += sorted(
                    str(p.relative_to(mailbox)) for p in (target.parent / "自评表").glob("*.xlsx")
                )
        elif unit.kind == "zip-gbk":
            pending_gbk.append(unit)
            continue
        else:
            utf8.append(unit)
            continue
        unit.files.insert(0, str(target.relative_to(mailbox)))
    for start in range(0, len(pending_gbk), GBK_ZIP_UNITS):
        group = pending_gbk[start : start + GBK_ZIP_UNITS]
        path = mailbox / "来信" / rng.choice(DATES) / f"{group[0].name}等{len(group)}个单位.zip"
        members = [(f"{u.name}/2024年绩效自评/{u.name}_自评结果.xlsx", _built(built, u)) for u in group]
        for unit, name in zip(group, write_zip(path, members, gbk=True), strict=True):
            unit.files.append(str(path.parent.relative_to(mailbox) / name))
    if utf8:
        path = mailbox / utf8[0].department / f"{utf8[0].department}转来各单位自评结果.zip"
        members = [(f"{u.name}_自评结果.xlsx", _built(built, u)) for u in utf8]
        for unit, name in zip(utf8, write_zip(path, members, gbk=False), strict=True):
            unit.files.append(str(path.parent.relative_to(mailbox) / name))
    return {"corrupt": _corrupt(mailbox, units, rng)}


def _built(built: Path, unit: Unit) -> Path:
    return built / f"unit-{unit.index:04d}" / f"{unit.name}_自评结果.xlsx"


def _corrupt(mailbox: Path, units: list[Unit], rng: random.Random) -> str:
    """A unit's workbook sent a second time and cut short on the way: not a readable workbook."""
    unit = next(u for u in units if u.kind == "inbox" or u.kind == "department")
    data = (mailbox / unit.files[0]).read_bytes()
    path = mailbox / "来信" / rng.choice(DATES) / f"{unit.name}_自评结果(1).xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data[: len(data) // 3])
    return str(path.relative_to(mailbox))


def key() -> str:
    """A short hash of what makes the mailbox: this file, the generator, the template, evalxl's version."""
    from importlib import metadata

    digest = hashlib.sha256()
    for path in (HERE / "collect_mailbox.py", HERE / "generate.py", generate.TEMPLATE):
        digest.update(path.read_bytes())
    digest.update(metadata.version("evalxl").encode())
    return digest.hexdigest()[:10]


def mailbox_path(units: int, projects: int, seed: int) -> Path:
    """Where the mailbox of these parameters is cached."""
    return CACHE / f"mailbox-{units}x{projects}-seed{seed}-{key()}"


def build(units: int, projects: int, seed: int, workers: int, fresh: bool = False) -> Path:
    """The cached mailbox of ``units`` × ``projects`` (made when missing or ``fresh``); its folder."""
    final = mailbox_path(units, projects, seed)
    if final.exists() and not fresh:
        return final
    shutil.rmtree(final, ignore_errors=True)
    CACHE.mkdir(exist_ok=True)
    arrival = kinds(units, random.Random(seed))
    with tempfile.TemporaryDirectory(dir=CACHE, prefix="tmp-mailbox-") as work:
        built, done = Path(work) / "built", Path(work) / "done"
        jobs = [(i, projects, seed, arrival[i] == "split", str(built)) for i in range(units)]
        with ProcessPoolExecutor(max_workers=max(1, workers)) as pool:
            made = []
            for n, unit in enumerate(pool.map(make_unit, jobs, chunksize=1), start=1):
                unit.kind = arrival[unit.index]
                made.append(unit)
                if n % 10 == 0 or n == units:
                    print(f"  {n}/{units} units run", file=sys.stderr)
        extras = lay_out(built, done / "mailbox", made, random.Random(seed + 1))
        truth = {
            "units": units,
            "projects_per_unit": projects,
            "seed": seed,
            "evalxl": _evalxl_state(),
            **extras,
            "unit_list": [asdict(u) for u in made],
        }
        (done / "mailbox.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), "utf-8")
        done.replace(final)
    return final


def _evalxl_state() -> str:
    """The evalxl that wrote the workbooks: its version and where it was imported from."""
    from importlib import metadata

    import evalxl

    return f"{metadata.version('evalxl')} ({Path(evalxl.__file__).parent})"


def files(cached: Path) -> list[Path]:
    """Every file in the mailbox of the cached folder ``cached``."""
    return sorted(p for p in (cached / "mailbox").rglob("*") if p.is_file())


def truth(cached: Path) -> dict[str, Any]:
    """What the mailbox of ``cached`` holds (``mailbox.json``, beside the mailbox)."""
    data: dict[str, Any] = json.loads((cached / "mailbox.json").read_text(encoding="utf-8"))
    return data


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: build (or find) the mailbox and print its folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--units", type=int, default=300, help="unit files (300)")
    parser.add_argument("--projects", type=int, default=30, help="projects in each unit's file (30)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (1)")
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)), help="processes")
    parser.add_argument("--fresh", action="store_true", help="build again even when cached")
    args = parser.parse_args(argv)
    path = build(args.units, args.projects, args.seed, args.workers, args.fresh)
    print(f"{path / 'mailbox'}: {len(files(path))} files")


if __name__ == "__main__":
    main()
