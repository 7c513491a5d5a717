"""What arrives by mail → the workbooks to read: files, folders (walked in the byte order of their
names' NFC form, the same on every OS) and zips (:mod:`evalxl.collect.zips`).

Every workbook found is a :class:`~evalxl.collect.records.Member`: its name as people see it (the
path as given, ``/`` between folders; ``来信/农业局.zip!2024/结果.xlsx`` for a zip member) and
where its bytes are (the file itself, or its copy extracted into the caller's private folder).
Nothing is written outside that folder. What is not read is a finding naming it, or silence for
files nobody expects to count (docs/input-contract.md, 收件)."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from evalxl import os_errors
from evalxl.collect.mailbox import OTHER, WORKBOOK, ZIP, Mailbox, kind_of, shown, sort_key
from evalxl.collect.records import Member
from evalxl.collect.zips import read_zip
from evalxl.findings import Finding, finding

_APPLE_FOLDER = "__MACOSX"


class GatherError(ValueError):
    """A path given does not exist or is neither a file nor a folder (a usage problem: exit 2);
    the message says which, in Chinese."""


def gather(paths: Sequence[Path], folder: Path) -> tuple[list[Member], list[Finding]]:
    """The workbooks to read among ``paths`` (files, folders, zips), in the order given, each
    folder walked in the byte order of its names' NFC form, each zip's members in the same order;
    and the findings of what was not read (each names the file, or the zip and the member).

    Zip members are extracted into ``folder`` (an existing, empty, private folder that the caller
    makes and removes); nothing is written elsewhere. A file reached twice (a folder and a file in
    it, a link) is taken once, under the name it was first reached by.

    Raises :class:`GatherError` before anything is read when a path does not exist or is neither a
    file nor a folder."""
    for path in paths:
        _check_given(path)
    box = Mailbox(folder)
    for path in paths:
        name = shown(path)
        if path.is_dir():
            _walk(box, path, name)
        else:
            _take(box, path, name, given=True)
    return box.members, box.findings


def _check_given(path: Path) -> None:
    try:
        path.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise GatherError(f"找不到 {shown(path)}：请检查文件、文件夹或 zip 压缩包的路径") from None
    except OSError:
        return  # there but not readable: a finding when it is taken
    if not (path.is_dir() or path.is_file()):
        raise GatherError(f"{shown(path)} 不是文件或文件夹：请给出工作簿、文件夹或 zip 压缩包")


def _walk(box: Mailbox, root: Path, name: str) -> None:
    """Every file under ``root``, depth first, each folder's entries in :func:`sort_key` order
    (folders among files by their names). Folders reached through a link are not entered."""
    stack: list[Iterator[tuple[Path, str]]] = [iter(_entries(box, root, name))]
    while stack:
        step = next(stack[-1], None)
        if step is None:
            stack.pop()
            continue
        path, child = step
        try:
            is_folder = path.is_dir() and not path.is_symlink()
        except OSError as exc:
            box.findings.append(finding("COLLECT_UNREADABLE", child, detail=os_errors.reason(exc)))
            continue
        if is_folder:
            if path.name != _APPLE_FOLDER and not _is_private(box, path):
                stack.append(iter(_entries(box, path, child)))
        elif path.is_file():
            _take(box, path, child, given=False)


def _is_private(box: Mailbox, path: Path) -> bool:
    """True for the box's own folder (made inside a folder being walked, it would be read again)."""
    try:
        return path.samefile(box.folder)
    except OSError:
        return False


def _entries(box: Mailbox, folder: Path, name: str) -> list[tuple[Path, str]]:
    """A folder's entries in order, each with the name people see; a finding when it cannot be listed."""
    try:
        with os.scandir(folder) as listing:
            found = [entry.name for entry in listing]
    except OSError as exc:
        box.findings.append(finding("COLLECT_UNREADABLE", name, detail=os_errors.reason(exc)))
        return []
    found.sort(key=lambda n: (sort_key(n), os.fsencode(n)))
    prefix = "" if name == "." else f"{name}/"
    return [(folder / n, prefix + shown(Path(n))) for n in found]


def _identity(path: Path, info: os.stat_result) -> tuple[int, int] | str:
    """Which file this is, whatever the name it was reached by: its device and inode, or its real
    path where the file system gives no inode (0 on some FAT drives)."""
    if info.st_ino:
        return (info.st_dev, info.st_ino)
    return os.path.normcase(os.path.realpath(path))


def _take(box: Mailbox, path: Path, name: str, *, given: bool) -> None:
    """A file: a workbook to read, a zip to open, or passed over (with a finding when it is one
    people may expect to count, or when it was given by name)."""
    try:
        info = path.stat()
    except OSError as exc:
        box.findings.append(finding("COLLECT_UNREADABLE", name, detail=os_errors.reason(exc)))
        return
    identity = _identity(path, info)
    if identity in box.seen:
        return
    box.seen.add(identity)
    kind = kind_of(name)
    if kind == WORKBOOK:
        box.members.append(Member(name, str(path)))
    elif kind == ZIP:
        read_zip(box, path, name)
    elif kind == OTHER and given:
        box.findings.append(finding("COLLECT_NOT_COLLECTED", name))
    else:
        box.passed_over(kind, name)
