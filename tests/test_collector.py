"""The garbage collector's pause: off inside, its previous state back after, also on an error."""

from __future__ import annotations

import gc

import pytest

from evalxl import collector


def test_paused_inside_and_enabled_after() -> None:
    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_enabled_again_after_an_error() -> None:
    with pytest.raises(RuntimeError), collector.paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_a_disabled_collector_stays_disabled() -> None:
    gc.disable()
    try:
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_nested_pauses_keep_the_outer_one() -> None:
    with collector.paused():
        with collector.paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_what_a_kept_block_made_is_frozen_inside_frozen_and_released_after() -> None:
    with collector.frozen():
        before = gc.get_freeze_count()
        with collector.paused(keep=True):
            made = [[n] for n in range(1000)]
        assert gc.get_freeze_count() >= before + len(made)
        assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_a_kept_block_outside_frozen_freezes_nothing() -> None:
    with collector.paused(keep=True):
        made = [[n] for n in range(1000)]
    assert gc.get_freeze_count() == 0 and len(made) == 1000
