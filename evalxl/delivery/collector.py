"""Python's cycle collector around the writing, where it costs a fifth of the time at province scale.

Writing a workbook makes millions of small objects (a tuple per cell, the rows), and every full pass
of the collector they set off walks the whole heap, which then holds the run's input and result
(millions of records that live until the run ends and hold no garbage). So the writing freezes that
heap (:func:`frozen`: the collector leaves it alone) and pauses the collector while a workbook is
written (:func:`paused`: its own cycles are collected once it is written). Neither changes a byte.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """The collector off inside the block (as it was after); what became garbage is collected later."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@contextlib.contextmanager
def frozen() -> Iterator[None]:
    """Every object alive now left out of the collector's passes inside the block. Does nothing when
    the process has frozen objects of its own (unfreezing would release those too)."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
