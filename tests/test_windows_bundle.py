"""The offline Windows bundle (``make windows-bundle``, .ci/windows_bundle.py and .ci/wheel_closure.py).

Two real builds, one per module (they need PyPI, as ``pip download`` does; about 10 s each with a
warm pip cache): the Windows one, whose wheel set must resolve for CPython 3.11 on win_amd64 with the
markers evaluated for Windows (colorama included), and the same mechanism for this machine, which is
installed with ``pip install --no-index`` into a fresh virtual environment and runs the sample. The
closure itself is also tested on fake wheels, without network.
"""

from __future__ import annotations

import importlib
import os
import re
import subprocess
import sys
import time
import tomllib
import zipfile
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from types import ModuleType

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.tags import Tag, compatible_tags, cpython_tags
from packaging.utils import canonicalize_name, parse_wheel_filename

ROOT = Path(__file__).resolve().parent.parent
CI = ROOT / ".ci"
SAMPLE = ROOT / "samples" / "seed-2023.xlsx"
TEXTS = ("安装.bat", "评分.bat", "使用说明.txt")
WINDOWS_TAGS = frozenset(cpython_tags((3, 11), abis=["cp311"], platforms=["win_amd64"])) | frozenset(
    compatible_tags((3, 11), "cp311", platforms=["win_amd64"])
)
LINUX_ENVIRONMENT = {
    **{"implementation_name": "cpython", "implementation_version": "3.11.9", "os_name": "posix"},
    **{"platform_machine": "x86_64", "platform_release": "6.1", "platform_system": "Linux"},
    **{
        "platform_version": "#1",
        "python_full_version": "3.11.9",
        "platform_python_implementation": "CPython",
    },
    **{"python_version": "3.11", "sys_platform": "linux"},
}
# Variables of the .bat files that are not paths: a command (py -3.11, or a path already quoted) and numbers.
NOT_PATHS = frozenset({"PYCMD", "CODE", "ERRORLEVEL"})


def _ci_module(name: str) -> ModuleType:
    if str(CI) not in sys.path:
        sys.path.insert(0, str(CI))
    return importlib.import_module(name)


closure_module = _ci_module("wheel_closure")
bundle_module = _ci_module("windows_bundle")


def _version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return str(tomllib.load(handle)["project"]["version"])


@pytest.fixture(scope="module")
def windows_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(bundle_module.build(tmp_path_factory.mktemp("windows"), closure_module.WINDOWS))


@pytest.fixture(scope="module")
def host_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(bundle_module.build(tmp_path_factory.mktemp("here"), closure_module.this_machine()))


def _extract(zip_path: Path, target: Path) -> Path:
    """Unpack ``zip_path`` into ``target``; the bundle's one top folder."""
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(target)
    (top,) = list(target.iterdir())
    return top


def _requires(wheel: Path) -> list[Requirement]:
    with zipfile.ZipFile(wheel) as archive:
        (metadata,) = [
            n for n in archive.namelist() if n.endswith(".dist-info/METADATA") and n.count("/") == 1
        ]
        text = archive.read(metadata).decode("utf-8")
    header = text.split("\n\n", 1)[0]
    return [
        Requirement(line.split(":", 1)[1].strip())
        for line in header.splitlines()
        if line.startswith("Requires-Dist:")
    ]


def _holds(marker: Marker | None, environment: dict[str, str], extras: set[str]) -> bool:
    return marker is None or any(marker.evaluate({**environment, "extra": e}) for e in ("", *extras))


def _problems(folder: Path, environment: dict[str, str], tags: frozenset[Tag]) -> list[str]:
    """Everything wrong with the wheel set of ``folder`` for a platform (written apart from the builder):
    a wheel whose tags the platform refuses, a second wheel of a project, a Requires-Dist that holds
    there (for the extras asked of its wheel) with no wheel of a matching version."""
    wheels = {path: parse_wheel_filename(path.name) for path in sorted(folder.glob("*.whl"))}
    versions = {name: version for name, version, _, _ in wheels.values()}
    problems = [
        f"{path.name}: not for this platform" for path, parsed in wheels.items() if not parsed[3] & tags
    ]
    problems += (
        [f"{len(wheels) - len(versions)} project(s) have two wheels"] if len(versions) < len(wheels) else []
    )
    requires = {parsed[0]: _requires(path) for path, parsed in wheels.items()}
    extras: dict[str, set[str]] = {}  # the extras asked of each project by requirements that hold
    grew = True
    while grew:
        grew = False
        for name, stated in requires.items():
            for r in stated:
                asked = extras.setdefault(canonicalize_name(r.name), set())
                if _holds(r.marker, environment, extras.get(name, set())) and not set(r.extras) <= asked:
                    asked |= set(r.extras)
                    grew = True
    for name, stated in requires.items():
        for r in stated:
            if not _holds(r.marker, environment, extras.get(name, set())):
                continue
            have = versions.get(canonicalize_name(r.name))
            if have is None or not r.specifier.contains(have, prereleases=True):
                problems.append(f"{r} (required by {name}): bundle has {have}")
    return problems


# 1. The Windows wheel set, markers included


def test_windows_wheel_set_resolves_for_cp311_win_amd64(windows_zip: Path, tmp_path: Path) -> None:
    assert windows_zip.name == f"evalxl-{_version()}-win64.zip"
    wheels = _extract(windows_zip, tmp_path) / "wheels"
    windows = dict(closure_module.WINDOWS_ENVIRONMENT)
    assert (windows["sys_platform"], windows["platform_system"], windows["os_name"]) == (
        "win32",
        "Windows",
        "nt",
    )
    assert _problems(wheels, windows, WINDOWS_TAGS) == []
    names = {parse_wheel_filename(w.name)[0]: w for w in wheels.glob("*.whl")}
    assert {"evalxl", "colorama", "click", "tqdm", "pandas", "numpy"} <= set(names)
    assert str(parse_wheel_filename(names["evalxl"].name)[1]) == _version()
    assert any(
        parse_wheel_filename(w.name)[3] == {Tag("cp311", "cp311", "win_amd64")} for w in names.values()
    )


def test_the_bundle_has_the_versions_the_tests_ran_with(windows_zip: Path, tmp_path: Path) -> None:
    wheels = _extract(windows_zip, tmp_path) / "wheels"
    bundled = {
        str(parse_wheel_filename(w.name)[0]): str(parse_wheel_filename(w.name)[1])
        for w in wheels.glob("*.whl")
    }
    for name in ("pandas", "numpy", "openpyxl", "xlsxwriter", "click", "python-calamine", "python-docx"):
        assert bundled[name] == metadata.version(name), name


def test_colorama_is_there_only_because_of_a_windows_marker(windows_zip: Path, tmp_path: Path) -> None:
    wheels = _extract(windows_zip, tmp_path) / "wheels"
    asking = [
        (path.name, r)
        for path in wheels.glob("*.whl")
        for r in _requires(path)
        if canonicalize_name(r.name) == "colorama"
    ]
    assert asking, "no wheel of the bundle asks for colorama"
    windows = dict(closure_module.WINDOWS_ENVIRONMENT)
    assert all(
        _holds(r.marker, windows, set()) and not _holds(r.marker, LINUX_ENVIRONMENT, set()) for _, r in asking
    )


# The closure on fake wheels, without network


def _fake_wheel(folder: Path, filename: str, *requires: str) -> Path:
    name, version, _, _ = parse_wheel_filename(filename)
    path = folder / filename
    metadata = "".join(f"Requires-Dist: {r}\n" for r in requires)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            f"{name}-{version}.dist-info/METADATA",
            f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n{metadata}",
        )
    return path


def _linux() -> object:
    tags = frozenset(cpython_tags((3, 11), abis=["cp311"], platforms=["manylinux_2_17_x86_64"]))
    tags |= frozenset(compatible_tags((3, 11), "cp311", platforms=["manylinux_2_17_x86_64"]))
    return closure_module.Target("linux", "linux", LINUX_ENVIRONMENT, tags)


@pytest.fixture
def fake_set(tmp_path: Path) -> Path:
    _fake_wheel(tmp_path, "app-1.0-py3-none-any.whl", "clicky>=1", "fancy[color]>=2")
    _fake_wheel(
        tmp_path,
        "clicky-1.2-py3-none-any.whl",
        'paint>=1; platform_system == "Windows"',
        'penguin; sys_platform == "linux"',
    )
    _fake_wheel(tmp_path, "fancy-2.0-py3-none-any.whl", 'tint; extra == "color"', 'unused; extra == "other"')
    _fake_wheel(tmp_path, "tint-1.0-cp311-cp311-win_amd64.whl")
    _fake_wheel(tmp_path, "tint-1.0-cp311-cp311-manylinux_2_17_x86_64.whl")
    return tmp_path


def _missing(closure: object) -> set[tuple[str, str]]:
    return {(str(need.requirement), str(need.wanted_by)) for need in closure.missing}  # type: ignore[attr-defined]


def test_closure_finds_the_marker_only_dependency_and_follows_extras(fake_set: Path) -> None:
    wheels = closure_module.read_wheels(fake_set)
    roots = [Requirement("app==1.0")]
    on_windows = closure_module.resolve(roots, wheels, closure_module.WINDOWS)
    assert _missing(on_windows) == {('paint>=1; platform_system == "Windows"', "clicky 1.2")}
    assert on_windows.chosen["tint"].path.name == "tint-1.0-cp311-cp311-win_amd64.whl"
    on_linux = closure_module.resolve(roots, wheels, _linux())
    assert _missing(on_linux) == {('penguin; sys_platform == "linux"', "clicky 1.2")}
    assert on_linux.chosen["tint"].path.name == "tint-1.0-cp311-cp311-manylinux_2_17_x86_64.whl"


def test_close_downloads_what_pip_missed(fake_set: Path) -> None:
    asked: list[list[str]] = []

    def download(target: object, folder: Path, specs: list[str], deps: bool) -> None:
        asked.append(list(specs))
        _fake_wheel(folder, "paint-1.5-py3-none-any.whl")

    closure = bundle_module.close(closure_module.WINDOWS, fake_set, [Requirement("app==1.0")], download)
    assert asked == [["paint>=1"]]
    assert sorted(closure.chosen) == ["app", "clicky", "fancy", "paint", "tint"]


@pytest.mark.parametrize(
    ("fetched", "present"),
    [
        (None, "paint-0.9-py3-none-any.whl"),  # pip finds nothing; the set holds a version too old
        ("paint-0.9-py3-none-any.whl", None),  # pip brings a version that does not meet >=1
        ("paint-2.0-cp311-cp311-manylinux_2_17_x86_64.whl", None),  # ... a wheel Windows cannot use
    ],
)
def test_an_unsatisfiable_requirement_is_named(
    fake_set: Path, fetched: str | None, present: str | None
) -> None:
    if present:
        _fake_wheel(fake_set, present)

    def download(target: object, folder: Path, specs: list[str], deps: bool) -> None:
        if fetched is None:
            raise bundle_module.BundleError(
                f"pip download {' '.join(specs)} failed: No matching distribution"
            )
        _fake_wheel(folder, fetched)

    with pytest.raises(bundle_module.BundleError) as raised:
        bundle_module.close(closure_module.WINDOWS, fake_set, [Requirement("app==1.0")], download)
    assert 'paint>=1; platform_system == "Windows" (required by clicky 1.2)' in str(raised.value)


# 2. The same mechanism for this machine: installed offline into a fresh venv, runs the sample


def _clean_env(venv: Path) -> dict[str, str]:
    """No pip configuration and no index but the bundle's folder; the venv first on PATH."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("PIP_") and k not in ("PYTHONPATH", "VIRTUAL_ENV")
    }
    env |= {"PIP_CONFIG_FILE": os.devnull, "PATH": f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"}
    return env


def _run(command: list[str | Path], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def test_host_bundle_installs_offline_and_runs_the_sample(host_zip: Path, tmp_path: Path) -> None:
    bundle = _extract(host_zip, tmp_path / "bundle")
    assert (
        _problems(
            bundle / "wheels",
            dict(closure_module.this_machine().environment),
            closure_module.this_machine().tags,
        )
        == []
    )
    venv = tmp_path / "venv"
    made = _run(
        [getattr(sys, "_base_executable", sys.executable), "-m", "venv", venv], tmp_path, _clean_env(venv)
    )
    assert made.returncode == 0, made.stderr
    env = _clean_env(venv)
    python = venv / "bin" / "python"
    install = [
        python,
        "-m",
        "pip",
        "install",
        "--no-index",
        "--find-links",
        bundle / "wheels",
        f"evalxl=={_version()}",
    ]
    installed = _run(install, tmp_path, env)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    work = tmp_path / "work 工作"
    work.mkdir()
    where = _run([python, "-c", "import evalxl; print(evalxl.__file__)"], work, env)
    assert Path(where.stdout.strip()).is_relative_to(venv)
    (work / SAMPLE.name).write_bytes(SAMPLE.read_bytes())
    scored = _run([python, "-m", "evalxl", "run", SAMPLE.name, "-o", "结果.xlsx", "-q"], work, env)
    assert scored.returncode == 0, scored.stdout + scored.stderr
    assert zipfile.is_zipfile(work / "结果.xlsx")


# 3. The texts and the zip


@pytest.fixture(scope="module")
def windows_texts(windows_zip: Path) -> Iterator[dict[str, bytes]]:
    with zipfile.ZipFile(windows_zip) as archive:
        yield {
            name.rsplit("/", 1)[1]: archive.read(name)
            for name in archive.namelist()
            if name.endswith((".bat", ".txt"))
        }


@pytest.mark.parametrize("name", TEXTS)
def test_texts_are_gbk_with_crlf(windows_texts: dict[str, bytes], name: str) -> None:
    data = windows_texts[name]
    text = data.decode("gbk")  # strict: raises on anything that is not GBK
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.endswith(b"\r\n")
    assert data.count(b"\n") == data.count(b"\r\n") == data.count(b"\r")
    assert "{{" not in text
    assert _version() in text


def _unquoted_paths(line: str) -> list[str]:
    """The path references of a .bat line (``%~1``, ``%~dp0``, ``%%~dpF``, ``%NAME%``) outside double quotes."""
    found = re.finditer(r"%~\w+|%%~\w+|%(\w+)%", line)
    return [
        m.group(0) for m in found if m.group(1) not in NOT_PATHS and line[: m.start()].count('"') % 2 == 0
    ]


@pytest.mark.parametrize("name", ["安装.bat", "评分.bat"])
def test_bat_files_quote_every_path(windows_texts: dict[str, bytes], name: str) -> None:
    lines = windows_texts[name].decode("gbk").splitlines()
    code = [line for line in lines if not line.lower().startswith(("rem ", "::"))]
    assert code[0] == "@echo off"
    assert [(line, _unquoted_paths(line)) for line in code if _unquoted_paths(line)] == []
    assert "pause" in code


def test_install_is_offline_into_a_folder_beside_it(windows_texts: dict[str, bytes]) -> None:
    lines = windows_texts["安装.bat"].decode("gbk").splitlines()
    (install,) = [line for line in lines if " pip install " in line]
    assert "--no-index" in install
    assert '--find-links "%WHEELS%"' in install
    assert 'set "WHEELS=%~dp0wheels"' in lines
    assert 'set "ENV=%~dp0evalxl-环境"' in lines
    assert any(line.startswith("py -3.11-64 ") for line in lines)  # the 64-bit one: the wheels are win_amd64


def test_score_takes_the_dragged_workbook_and_opens_the_folder(windows_texts: dict[str, bytes]) -> None:
    lines = windows_texts["评分.bat"].decode("gbk").splitlines()
    assert 'set "BOOK=%~1"' in lines
    assert any(line.startswith('set /p "BOOK=') for line in lines)
    assert '"%PY%" -m evalxl run "%BOOK%" -o "%OUT%"' in lines
    assert any(line.startswith("explorer ") for line in lines)


def test_zip_members_are_sorted_dated_and_flag_utf8_names(windows_zip: Path) -> None:
    top = f"evalxl-{_version()}-win64/"
    with zipfile.ZipFile(windows_zip) as archive:
        infos = archive.infolist()
    names = [info.filename for info in infos]
    assert names == sorted(names)
    assert {top + text for text in TEXTS} <= set(names)
    assert all(n.startswith(top) and (n.count("/") == 1 or n.startswith(top + "wheels/")) for n in names)
    assert [(n, bool(i.flag_bits & 0x800)) for n, i in zip(names, infos, strict=True) if not n.isascii()] == [
        (top + text, True) for text in sorted(TEXTS)
    ]
    assert {info.date_time for info in infos} == {bundle_module.created_date().timetuple()[:6]}


def test_zip_bytes_depend_only_on_the_members(windows_zip: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(windows_zip) as archive:
        parts = [(name, archive.read(name)) for name in archive.namelist()]
    again = tmp_path / "again.zip"
    bundle_module.write_bundle(again, parts)
    assert again.read_bytes() == windows_zip.read_bytes()


def test_a_python_installer_given_goes_into_the_zip(fake_set: Path, tmp_path: Path) -> None:
    installer = tmp_path / "python-3.11.9-amd64.exe"
    installer.write_bytes(b"MZ")
    closure = closure_module.Closure({})
    names = [name for name, _ in bundle_module.members("evalxl-x-win64", closure, "x", installer)]
    assert names == sorted(
        ["evalxl-x-win64/python-3.11.9-amd64.exe", *(f"evalxl-x-win64/{t}" for t in TEXTS)]
    )


def test_the_evalxl_wheel_is_the_same_for_the_same_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = []
    for number, zone in enumerate(("UTC", "Asia/Shanghai")):
        monkeypatch.setenv("TZ", zone)
        time.tzset()
        (tmp_path / str(number)).mkdir()
        built.append(bundle_module.build_evalxl_wheel(tmp_path / str(number)).read_bytes())
    monkeypatch.undo()
    time.tzset()
    assert built[0] == built[1]
