"""The offline Windows bundle (``make windows-bundle``): ``dist/evalxl-<version>-win64.zip``.

The zip holds, under one folder ``evalxl-<version>-win64/``:

- ``wheels/``: the evalxl wheel built from this checkout and every dependency as a wheel for CPython
  3.11 on 64-bit Windows (``pip download --platform win_amd64 --python-version 3.11 --implementation
  cp --abi cp311 --only-binary=:all:``), the set closed by :mod:`wheel_closure` (pip misses the
  dependencies whose markers only hold on Windows, such as colorama);
- ``安装.bat`` (offline install into ``evalxl-环境`` beside it), ``评分.bat`` (score a workbook dragged
  onto it) and ``使用说明.txt``: the templates of ``.ci/windows/`` (UTF-8, LF, readable in a diff),
  written GBK (cp936) with CRLF line endings, as cmd on Chinese Windows reads them;
- with ``--python-installer FILE``, that file too (the python.org ``python-3.11.x-amd64.exe``).

The zip's bytes depend only on these files (members sorted, fixed dates, UTF-8 name flag: the
writer of :mod:`evalxl.delivery.split`); the evalxl wheel is built with ``SOURCE_DATE_EPOCH`` so it
too is the same for the same checkout. ``--here`` builds the same bundle for this machine's Python
and platform instead (what the tests install and run). Needs PyPI (pip download).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Sequence
from datetime import UTC
from importlib import metadata
from pathlib import Path

from package_check import CheckFailed, copy_source, run
from packaging.requirements import Requirement
from wheel_closure import WINDOWS, Closure, Need, Target, download_specs, read_wheels, resolve, this_machine

from evalxl.delivery.output_file import atomic_path, created_date
from evalxl.delivery.split import write_zip_members

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = Path(__file__).resolve().parent / "windows"
TEXTS = ("安装.bat", "评分.bat", "使用说明.txt")
ENV_FOLDER = "evalxl-环境"  # the virtual environment 安装.bat makes beside itself
WHEELS = "wheels"
TEXT_ENCODING = "gbk"  # cp936: what cmd and Notepad read on Chinese Windows
MAX_DOWNLOAD_ROUNDS = 10


class BundleError(Exception):
    """The bundle cannot be built; the message names the step and the requirement or file."""


def project_version() -> str:
    """``[project] version`` of pyproject.toml."""
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return str(tomllib.load(handle)["project"]["version"])


def bundle_name(version: str, target: Target) -> str:
    """The zip's stem and top folder: ``evalxl-<version>-win64`` (another target: its label)."""
    return f"evalxl-{version}-{target.label}"


def render(name: str, values: dict[str, str]) -> bytes:
    """The template ``.ci/windows/<name>`` with ``{{key}}`` replaced by ``values``, as GBK with CRLF."""
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    if "{{" in text or "}}" in text:
        raise BundleError(f"{name}: a {{{{placeholder}}}} is left unfilled")
    crlf = "".join(f"{line}\r\n" for line in text.splitlines())
    try:
        return crlf.encode(TEXT_ENCODING)
    except UnicodeEncodeError as problem:
        bad = crlf[problem.start : problem.end]
        raise BundleError(f"{name}: {bad!r} cannot be written in GBK (cmd on Chinese Windows)") from None


def texts(version: str) -> dict[str, bytes]:
    """安装.bat, 评分.bat and 使用说明.txt, filled in for ``version``."""
    values = {"version": version, "env": ENV_FOLDER, "wheels": WHEELS}
    return {name: render(name, values) for name in TEXTS}


def tested_versions() -> list[str]:
    """``name==version`` of every package installed where this runs (the .venv that ran the tests):
    the bundle gets the versions the tests passed with, not whatever PyPI serves on the build day.
    A Windows-only package (colorama) is not installed here and stays free."""
    pins = {
        dist.metadata["Name"].lower(): f"{dist.metadata['Name']}=={dist.version}"
        for dist in metadata.distributions()
        if dist.metadata["Name"] and dist.metadata["Name"].lower() != "evalxl"
    }
    return [pins[name] for name in sorted(pins)]


def pip_download(target: Target, folder: Path, requirements: Sequence[str], deps: bool = True) -> None:
    """``pip download`` ``requirements`` for ``target`` into ``folder``; :class:`BundleError` with
    pip's last lines when pip fails."""
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check"]
    command += [*target.pip_options, *([] if deps else ["--no-deps"]), "-d", str(folder), *requirements]
    with tempfile.TemporaryDirectory() as scratch:
        constraints = Path(scratch) / "constraints.txt"
        constraints.write_text("\n".join(tested_versions()) + "\n", encoding="utf-8")
        done = subprocess.run([*command, "-c", str(constraints)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-8:])
        raise BundleError(f"pip download {' '.join(requirements)} for {target.name} failed:\n{tail}")


def build_evalxl_wheel(folder: Path) -> Path:
    """Build evalxl's wheel from a copy of the checkout into ``folder`` (dated by ``created_date()``,
    so the same checkout gives the same wheel); its path."""
    when = created_date().replace(tzinfo=UTC)  # created_date() is UTC without the zone
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(int(when.timestamp()))}
    with tempfile.TemporaryDirectory(prefix="evalxl-bundle-src-") as source:
        try:
            copy_source(Path(source))
            run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", folder, source], ROOT, env)
        except CheckFailed as problem:
            raise BundleError(f"building the evalxl wheel failed: {problem}") from None
    built = sorted(folder.glob("evalxl-*.whl"))
    if len(built) != 1:
        raise BundleError(f"expected one evalxl wheel in {folder}, found {[w.name for w in built]}")
    return built[0]


def unsatisfied(missing: Sequence[Need], target: Target) -> str:
    """The message naming each requirement no wheel for ``target`` satisfies."""
    return f"no wheel for {target.name} satisfies:\n  " + "\n  ".join(str(need) for need in missing)


Download = Callable[[Target, Path, Sequence[str], bool], None]


def gather(target: Target, folder: Path) -> Closure:
    """Fill ``folder`` with evalxl's wheel and its dependencies for ``target`` (pip's download, then
    :func:`close`); the closure."""
    wheel = build_evalxl_wheel(folder)
    pip_download(target, folder, [str(wheel)])
    return close(target, folder, [Requirement(f"evalxl=={project_version()}")])


def close(
    target: Target, folder: Path, roots: Sequence[Requirement], download: Download | None = None
) -> Closure:
    """Download into ``folder`` the wheels that the markers and extras of its wheels call for on
    ``target`` and that are not there yet (pip missed them), until the set reached from ``roots`` is
    closed; the closure. :class:`BundleError` naming each requirement no wheel satisfies."""
    fetch = download or pip_download
    asked: list[str] = []
    for _ in range(MAX_DOWNLOAD_ROUNDS):
        closure = resolve(roots, read_wheels(folder), target)
        if closure.complete:
            return closure
        specs = download_specs(closure.missing)
        if specs == asked:  # downloaded, and still not satisfied
            raise BundleError(unsatisfied(closure.missing, target))
        print(f"windows-bundle: pip missed (markers for {target.name}): {', '.join(specs)}")
        try:
            fetch(target, folder, specs, False)
        except BundleError as problem:
            raise BundleError(f"{unsatisfied(closure.missing, target)}\n{problem}") from None
        asked = specs
    raise BundleError(f"the wheel set for {target.name} did not close in {MAX_DOWNLOAD_ROUNDS} downloads")


def members(
    name: str, closure: Closure, version: str, installer: Path | None = None
) -> list[tuple[str, bytes]]:
    """The zip's members (path, bytes), sorted by path, under the folder ``name``."""
    files = {f"{name}/{text}": data for text, data in texts(version).items()}
    files |= {f"{name}/{WHEELS}/{w.path.name}": w.path.read_bytes() for w in closure.wheels()}
    if installer is not None:
        files[f"{name}/{installer.name}"] = installer.read_bytes()
    return sorted(files.items())


def write_bundle(zip_path: Path, parts: Sequence[tuple[str, bytes]]) -> None:
    """Write ``parts`` into ``zip_path`` reproducibly, replacing it only when complete."""
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(zip_path) as tmp:
        write_zip_members(parts, tmp)


def build(out: Path, target: Target = WINDOWS, installer: Path | None = None) -> Path:
    """Build the bundle for ``target`` into the folder ``out``; the zip's path."""
    if installer is not None and not installer.is_file():
        raise BundleError(f"--python-installer {installer}: no such file")
    version = project_version()
    name = bundle_name(version, target)
    with tempfile.TemporaryDirectory(prefix="evalxl-bundle-") as work:
        closure = gather(target, Path(work))
        zip_path = out / f"{name}.zip"
        write_bundle(zip_path, members(name, closure, version, installer))
    wheels = ", ".join(str(wheel) for wheel in closure.wheels())
    print(f"windows-bundle: {len(closure.chosen)} wheels for {target.name}: {wheels}")
    return zip_path


def main(argv: Sequence[str] | None = None) -> int:
    """Build the bundle; exit 1 with the reason when it cannot be built."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="folder of the zip (default dist/)")
    parser.add_argument("--python-installer", type=Path, help="python.org installer to put into the zip")
    parser.add_argument("--here", action="store_true", help="for this machine's Python, not Windows")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        zip_path = build(args.out, this_machine() if args.here else WINDOWS, args.python_installer)
    except BundleError as problem:
        print(f"windows-bundle: FAILED: {problem}", file=sys.stderr)
        return 1
    size = zip_path.stat().st_size / 1e6
    print(f"windows-bundle: wrote {zip_path} ({size:.1f} MB) in {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
