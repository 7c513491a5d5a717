"""Writing files safely and reproducibly: a temporary file beside the target, moved into place
only when complete, and a fixed document date so the same input gives the same bytes."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

DEFAULT_CREATED = datetime(2000, 1, 1)
_ZIP_EPOCH = datetime(1980, 1, 1)  # zip member times cannot be earlier


class OutputExistsError(FileExistsError):
    """The target exists and the caller asked not to replace it."""


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
        os.replace(tmp, path)
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
