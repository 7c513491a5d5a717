"""Which wheels a set of wheels needs on a target platform, judged from the wheels themselves.

pip evaluates environment markers for the machine it runs on, so ``pip download --platform
win_amd64`` on Linux misses the dependencies that only Windows needs (``colorama; platform_system ==
"Windows"`` of click and tqdm). This module reads each wheel's ``METADATA`` ``Requires-Dist``,
evaluates the markers with :mod:`packaging` for a :class:`Target` (the Windows CPython 3.11 one, or
this machine's), extras included, and says which requirements no wheel in the set satisfies (by name,
version and a tag the target accepts). :mod:`windows_bundle` downloads those and asks again until
nothing is missing.
"""

from __future__ import annotations

import sys
import sysconfig
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from email.parser import BytesHeaderParser
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.tags import Tag, compatible_tags, cpython_tags, sys_tags
from packaging.utils import NormalizedName, canonicalize_name, parse_wheel_filename
from packaging.version import Version

MAX_ROUNDS = 50  # re-choices of the resolution before it is called unstable


@dataclass(frozen=True)
class Target:
    """A platform the wheels are for: its marker environment, the wheel tags it accepts, and the
    ``pip download`` options that fetch wheels for it (empty: the machine pip runs on)."""

    name: str
    label: str  # the bundle's file name ends with it: evalxl-<version>-<label>.zip
    environment: Mapping[str, str]
    tags: frozenset[Tag]
    pip_options: tuple[str, ...] = ()


# CPython 3.11 on 64-bit Windows 10/11, as `packaging.markers.default_environment()` reports it there.
WINDOWS_ENVIRONMENT: Mapping[str, str] = {
    "implementation_name": "cpython",
    "implementation_version": "3.11.9",
    "os_name": "nt",
    "platform_machine": "AMD64",
    "platform_release": "10",
    "platform_system": "Windows",
    "platform_version": "10.0.19045",
    "python_full_version": "3.11.9",
    "platform_python_implementation": "CPython",
    "python_version": "3.11",
    "sys_platform": "win32",
}
WINDOWS = Target(
    name="cp311-win_amd64",
    label="win64",
    environment=WINDOWS_ENVIRONMENT,
    tags=frozenset(cpython_tags((3, 11), abis=["cp311"], platforms=["win_amd64"]))
    | frozenset(compatible_tags((3, 11), "cp311", platforms=["win_amd64"])),
    pip_options=(
        "--platform",
        "win_amd64",
        "--python-version",
        "3.11",
        "--implementation",
        "cp",
        "--abi",
        "cp311",
        "--only-binary=:all:",
    ),
)


def this_machine() -> Target:
    """The platform this interpreter runs on (its own markers and tags; pip downloads for it)."""
    return Target(
        name=f"this machine ({sys.implementation.name} {sys.version_info.major}.{sys.version_info.minor})",
        label=sysconfig.get_platform().replace("-", "_").replace(".", "_"),
        environment={key: str(value) for key, value in default_environment().items()},
        tags=frozenset(sys_tags()),
        pip_options=("--only-binary=:all:",),
    )


@dataclass(frozen=True)
class Wheel:
    """One wheel file: its project, version, tags and the requirements its METADATA lists."""

    path: Path
    name: NormalizedName
    version: Version
    tags: frozenset[Tag]
    requires: tuple[Requirement, ...]

    def __str__(self) -> str:
        return f"{self.name} {self.version}"


def read_wheel(path: Path) -> Wheel:
    """The :class:`Wheel` of ``path``: the file name's parts and ``*.dist-info/METADATA``'s Requires-Dist."""
    name, version, _build, tags = parse_wheel_filename(path.name)
    with zipfile.ZipFile(path) as archive:
        metadata = [n for n in archive.namelist() if n.count("/") == 1 and n.endswith(".dist-info/METADATA")]
        if len(metadata) != 1:
            raise ValueError(f"{path.name}: expected one *.dist-info/METADATA, found {metadata}")
        headers = BytesHeaderParser().parsebytes(archive.read(metadata[0]))
    requires = tuple(Requirement(line) for line in headers.get_all("Requires-Dist") or [])
    return Wheel(path, name, version, frozenset(tags), requires)


def read_wheels(folder: Path) -> list[Wheel]:
    """Every ``*.whl`` of ``folder``, by file name."""
    return [read_wheel(path) for path in sorted(folder.glob("*.whl"))]


@dataclass(frozen=True)
class Need:
    """A requirement as a wheel states it: which wheel asks (``None``: the root)."""

    requirement: Requirement
    wanted_by: Wheel | None

    def __str__(self) -> str:
        by = str(self.wanted_by) if self.wanted_by else "the bundle"
        return f"{self.requirement} (required by {by})"


@dataclass(frozen=True)
class Closure:
    """What a resolution found: one wheel per project reached, and the needs no wheel satisfies."""

    chosen: Mapping[NormalizedName, Wheel]
    missing: tuple[Need, ...] = field(default=())

    @property
    def complete(self) -> bool:
        """True when every need is satisfied."""
        return not self.missing

    def wheels(self) -> list[Wheel]:
        """The chosen wheels, by file name."""
        return sorted(self.chosen.values(), key=lambda wheel: wheel.path.name)


def applies(requirement: Requirement, environment: Mapping[str, str], extras: Iterable[str]) -> bool:
    """True when ``requirement``'s marker holds in ``environment`` for no extra or one of ``extras``."""
    if requirement.marker is None:
        return True
    return any(
        requirement.marker.evaluate({**environment, "extra": extra})
        for extra in ("", *sorted(canonicalize_name(e) for e in extras))
    )


def fits(wheel: Wheel, needs: Sequence[Need], target: Target) -> bool:
    """True when ``wheel`` runs on ``target`` and its version meets every one of ``needs``."""
    return bool(wheel.tags & target.tags) and all(
        need.requirement.specifier.contains(wheel.version, prereleases=True) for need in needs
    )


def resolve(roots: Sequence[Requirement], wheels: Sequence[Wheel], target: Target) -> Closure:
    """Choose, for ``target``, a wheel for every project ``roots`` reach through the wheels' own
    Requires-Dist (markers evaluated for ``target``, extras followed); the needs no wheel meets are
    ``missing``. Among the wheels that fit, the highest version is chosen; a choice is revisited when
    a need found later rules it out, until nothing changes."""
    by_name: dict[NormalizedName, list[Wheel]] = {}
    for wheel in wheels:
        by_name.setdefault(wheel.name, []).append(wheel)
    chosen: dict[NormalizedName, Wheel] = {}
    for _ in range(MAX_ROUNDS):
        needs = _needs(roots, chosen, target)
        again: dict[NormalizedName, Wheel] = {}
        missing: list[Need] = []
        for name, stated in needs.items():
            candidates = [w for w in by_name.get(name, []) if fits(w, stated, target)]
            if candidates:
                again[name] = max(candidates, key=lambda w: (w.version, w.path.name))
            else:
                missing.extend(stated)
        if again == chosen:
            return Closure(dict(sorted(chosen.items())), tuple(missing))
        chosen = again
    raise RuntimeError(f"the wheel choice for {target.name} did not settle in {MAX_ROUNDS} rounds")


def _needs(
    roots: Sequence[Requirement], chosen: Mapping[NormalizedName, Wheel], target: Target
) -> dict[NormalizedName, list[Need]]:
    """Every need reached from ``roots`` through the ``chosen`` wheels, by project."""
    needs: dict[NormalizedName, list[Need]] = {}
    extras: dict[NormalizedName, set[str]] = {}
    todo = [Need(r, None) for r in roots if applies(r, target.environment, ())]
    while todo:
        need = todo.pop(0)
        name = canonicalize_name(need.requirement.name)
        known = extras.setdefault(name, set())
        first = name not in needs
        needs.setdefault(name, []).append(need)
        new_extras = set(need.requirement.extras) - known
        known |= new_extras
        wheel = chosen.get(name)
        if wheel is None or not (first or new_extras):
            continue
        asked = known if first else new_extras
        for requirement in wheel.requires:
            if applies(requirement, target.environment, asked) and (
                first or not applies(requirement, target.environment, ())
            ):
                todo.append(Need(requirement, wheel))
    return needs


def download_specs(missing: Sequence[Need]) -> list[str]:
    """One pip requirement per missing project: its extras and every version specifier stated."""
    specs: dict[NormalizedName, tuple[set[str], SpecifierSet]] = {}
    for need in missing:
        name = canonicalize_name(need.requirement.name)
        extras, specifier = specs.get(name, (set(), SpecifierSet()))
        specs[name] = (extras | need.requirement.extras, specifier & need.requirement.specifier)
    return [
        f"{name}{'[' + ','.join(sorted(extras)) + ']' if extras else ''}{specifier}"
        for name, (extras, specifier) in sorted(specs.items())
    ]
