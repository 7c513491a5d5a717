"""Pausing Python's cyclic garbage collector while a stage makes many records.

Importing and scoring make a record per input row, a few hundred thousand at a province's scale,
and none of them is in a reference cycle; yet their number sets off full collections, each walking
the whole book again, which cost about a third of those stages' time. Writing a workbook makes
millions of small objects (a tuple per cell) with the same effect: a fifth of the writing time.
Inside :func:`paused` no automatic collection runs; reference counting still frees everything as
usual, and the collector's previous state comes back on leaving, also on an error. While delivering,
the run's input and result live on and hold no garbage: :func:`frozen` leaves them out of the
collector's passes. Neither changes a byte of the output.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_holding = False  # inside frozen(): records a stage keeps are left out of the collector's passes too


@contextmanager
def paused(keep: bool = False) -> Iterator[None]:
    """No automatic cyclic garbage collection inside the block.

    ``keep``: what the block made lives on with the run (a stage's records). Inside :func:`frozen` it
    is then frozen with the rest instead of being walked once more when the collector resumes."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if keep and _holding:
            gc.freeze()
        if enabled:
            gc.enable()


@contextmanager
def frozen() -> Iterator[None]:
    """Every object alive now left out of the collector's passes inside the block. Does nothing when
    the process has frozen objects of its own (unfreezing would release those too)."""
    global _holding
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    _holding = True
    try:
        yield
    finally:
        _holding = False
        gc.unfreeze()
