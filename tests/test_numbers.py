"""Tests of evalxl.scoring.numbers: rounding half up, showing numbers, and column sums and minimums
that give exactly what Python gives adding or comparing one number after another."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from evalxl.scoring.numbers import (
    greatest,
    group_sums,
    least,
    num,
    nums,
    pct,
    pcts,
    round_half_up,
    segment_min,
)

FIGURES = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6)


def test_round_half_up() -> None:
    assert list(round_half_up([28.125, 1.005, 2.675, 0.5, 18.0], 2)) == [28.13, 1.01, 2.68, 0.5, 18.0]
    assert list(round_half_up([2.5, 3.5, 94.5], 0)) == [3.0, 4.0, 95.0]


def test_numbers_are_shown_without_useless_zeros() -> None:
    assert (num(40.0), num(16.67), num(1 / 3), num(0)) == ("40", "16.67", "0.3333333333", "0")
    assert (pct(0.862), pct(1.3), pct(0)) == ("86.20%", "130.00%", "0.00%")
    assert nums([40.0, 2.5]) == ["40", "2.5"] and pcts([0.5]) == ["50.00%"]


@given(st.lists(st.tuples(st.integers(0, 4), FIGURES), max_size=40))
def test_group_sums_add_in_the_order_python_does(rows: list[tuple[int, float]]) -> None:
    groups = np.array([g for g, _ in rows], dtype=int)
    values = np.array([v for _, v in rows], dtype=float)
    expected = [sum(v for g, v in rows if g == k) for k in range(5)]
    assert group_sums(values, groups, 5).tolist() == expected  # equal to the last bit


def test_group_sums_are_plain_left_to_right_sums() -> None:
    values = np.array([1e16, 1.0, -1e16, 1.0] * 3)  # 1.0 added left to right, 0.0 by pandas or reduceat
    assert group_sums(values, np.zeros(12, dtype=int), 1)[0] == sum(values.tolist())


@given(
    st.lists(
        st.lists(st.one_of(FIGURES, st.just(math.nan), st.just(-0.0)), min_size=1, max_size=6), max_size=8
    )
)
def test_segment_min_is_pythons_min_without_nan(segments: list[list[float]]) -> None:
    values = np.array([v for s in segments for v in s], dtype=float)
    starts = np.cumsum([0] + [len(s) for s in segments[:-1]]) if segments else np.empty(0, dtype=int)
    got = segment_min(values, starts.astype(int))
    for segment, found in zip(segments, got.tolist(), strict=True):
        known = [v for v in segment if v == v]
        if not known:
            assert math.isnan(found)
        else:
            assert found == min(known) and math.copysign(1, found) == math.copysign(1, min(known))


@pytest.mark.parametrize(("a", "b"), [(0.0, -0.0), (-0.0, 0.0), (1.0, 2.0), (2.0, 1.0), (1.5, 1.5)])
def test_least_and_greatest_keep_the_first_of_equals_like_python(a: float, b: float) -> None:
    low, high = float(least(np.array([a]), b)[0]), float(greatest(np.array([a]), b)[0])
    assert (low, math.copysign(1, low)) == (min(a, b), math.copysign(1, min(a, b)))
    assert (high, math.copysign(1, high)) == (max(a, b), math.copysign(1, max(a, b)))


def test_long_columns_format_each_distinct_value_once_to_the_same_text() -> None:
    values = np.array([0.5, 1 / 3, 10.0, math.nan, 2.675, 1e20, 0.0, 86.2] * 100)
    assert nums(values) == [num(v) for v in values.tolist()]
    assert pcts(values) == [pct(v) for v in values.tolist()]
    signed = np.array([-0.0, 0.0] * 200)
    assert nums(signed) == ["-0", "0"] * 200
