"""Writing files safely and reproducibly: a temporary file beside the target, moved into place
only when complete, and a fixed document date so the same input gives the same bytes."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

DEFAULT_CREATED = datetime(2000, 1, 1)
_ZIP_EPOCH = datetime(1980, 1, 1)  # zip member times cannot be earlier


class OutputExistsError(FileExistsError):
    """The target exists and the caller asked not to replace it."""


class OutputLocked(Exception):
    """The finished file could not be moved onto ``path``: Windows refuses to replace a file that
    another program (Excel, WPS) holds open. The temporary file is removed, ``path`` is as it was.
    ``result`` and ``written`` are set by the caller that knows them (the run's findings, the files
    already complete) so they can still be shown."""

    def __init__(self, path: Path, result: Any = None, written: Sequence[Path] = ()) -> None:
        super().__init__(str(path))
        self.path = path
        self.result = result
        self.written = list(written)


def created_date() -> datetime:
    """The document date: ``SOURCE_DATE_EPOCH`` when set and valid, else 2000-01-01."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        with contextlib.suppress(ValueError, OverflowError, OSError):
            return max(datetime.fromtimestamp(int(epoch), UTC).replace(tzinfo=None), _ZIP_EPOCH)
    return DEFAULT_CREATED


@contextlib.contextmanager
def atomic_path(path: Path, *, replace: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it onto ``path`` when the block succeeds.

    On any error the temporary file is removed and ``path`` is left as it was. With
    ``replace=False`` an existing ``path`` (even one that appeared meanwhile) raises
    :class:`OutputExistsError`.
    """
    if not replace and path.exists():
        raise OutputExistsError(str(path))
    fd, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=f"{path.suffix}.tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, _file_mode())
        _publish(tmp, path, replace)
    finally:
        tmp.unlink(missing_ok=True)


def _publish(tmp: Path, path: Path, replace: bool) -> None:
    if replace:
        try:
            os.replace(tmp, path)
        except PermissionError as problem:  # Windows: the target is open in Excel or WPS
            raise OutputLocked(path) from problem
        return
    try:
        os.link(tmp, path)  # atomic, and fails when path exists
    except FileExistsError:
        raise OutputExistsError(str(path)) from None
    except OSError:  # a file system without hard links
        if path.exists():
            raise OutputExistsError(str(path)) from None
        os.replace(tmp, path)


def _file_mode() -> int:
    """Permissions a plain new file gets (mkstemp makes it owner-only)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def lock_files(targets: Iterable[Path]) -> list[Path]:
    """The owner files beside ``targets`` that say another program has one of them open: Excel's and
    WPS's ``~$NAME`` and LibreOffice's ``.~lock.NAME#``. A folder among ``targets`` counts for every ``~$`` and
    ``.~lock.`` file in it (a split file open in Excel)."""
    found: list[Path] = []
    for target in targets:
        if target.is_dir():
            found += sorted(p for p in target.iterdir() if p.name.startswith(("~$", ".~lock.")))
            continue
        owners = (target.with_name(f"~${target.name}"), target.with_name(f".~lock.{target.name}#"))
        found += [owner for owner in owners if owner.is_file()]
    return list(dict.fromkeys(found))


def stale_files(folder: Path, kept: Iterable[Path]) -> list[Path]:
    """The files in ``folder`` that a run did not write (``kept``): an earlier run's split files, or
    anything else left there. Owner files (``~$…``, ``.~lock.…``), hidden files (``.…``, the temporary
    files among them) and sub-folders are not counted; nothing is deleted."""
    if not folder.is_dir():
        return []
    new = {os.path.normcase(p.resolve()) for p in kept}
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(("~$", ".")) and os.path.normcase(p.resolve()) not in new
    )
