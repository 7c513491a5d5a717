"""The command line's progress bar (tqdm) for runs longer than about a second.

Shown on standard error only when it is a terminal; ASCII-only when the console cannot print the
bar's block characters (a GBK console on Chinese Windows); never under ``--quiet`` or ``--json``.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from tqdm import tqdm

from evalxl.progress import SILENT, Progress

DELAY = 1.0  # seconds before a stage shows its bar
MININTERVAL = 0.1  # seconds between redraws
# a console that cannot print Chinese gets these names of the stages
ASCII_NAMES = {
    "读取": "reading",
    "检查": "checking",
    "评分": "scoring",
    "写出结果工作簿": "writing workbook",
    "写出自评表文件": "writing forms",
}


def unicode_console(stream: TextIO) -> bool:
    """Whether ``stream`` is a UTF console: elsewhere (a GBK console on Chinese Windows) the bar's block
    characters may not print, or print double-width and break the line, so the bar is ASCII."""
    return (stream.encoding or "").lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig")


def can_print(stream: TextIO, text: str) -> bool:
    """Whether ``stream``'s encoding can print ``text``."""
    try:
        text.encode(stream.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def default_workers() -> int:
    """Processes for writing split files: the cores, at most 4."""
    return max(1, min(4, os.cpu_count() or 1))


class Bar:
    """:class:`~evalxl.progress.Progress` shown with tqdm, one bar per stage."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.ascii = not unicode_console(stream)
        self.bar: tqdm[Any] | None = None

    def stage(self, name: str, total: int = 0) -> None:
        """Close the last stage's bar and open one for ``name``."""
        self.close()
        label = name if can_print(self.stream, name) else ASCII_NAMES.get(name, "working")
        self.bar = tqdm(
            total=total or None,
            desc=label,
            file=self.stream,
            delay=DELAY,
            mininterval=MININTERVAL,
            miniters=1,
            ascii=self.ascii,
            leave=False,
            unit="",
            dynamic_ncols=True,
        )

    def advance(self, done: int) -> None:
        """Move the bar to ``done``."""
        if self.bar is not None:
            self.bar.update(done - self.bar.n)

    def close(self) -> None:
        """Close the current bar."""
        if self.bar is not None:
            self.bar.close()
            self.bar = None


@contextlib.contextmanager
def progress_bar(enabled: bool, stream: TextIO | None = None) -> Iterator[Progress]:
    """A progress reporter: a bar on a terminal when ``enabled``, else silence."""
    stream = stream or sys.stderr
    if not enabled or not stream.isatty():
        yield SILENT
        return
    bar = Bar(stream)
    try:
        yield bar
    finally:
        bar.close()
