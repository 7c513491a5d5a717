"""Numbers the way finance staff expect them: rounded half up, shown without useless zeros, and
summed and compared on columns exactly as Python sums and compares one number after another."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

EPS = 1e-9  # how far two figures may differ and still count as equal (bounds, sums of weights)


def round_half_up(values: np.ndarray | pd.Series | float | list[float], decimals: int) -> np.ndarray:
    """Round half up (28.125 → 28.13), robust to binary fractions such as 1.005."""
    scale = 10.0**decimals
    return np.floor(np.asarray(values, dtype=float) * scale + 0.5 + 1e-7) / scale


def round1(value: float, decimals: int) -> float:
    """:func:`round_half_up` of one number."""
    return float(round_half_up(value, decimals))


def pct(ratio: float) -> str:
    """``0.862`` → ``86.20%``."""
    return f"{ratio * 100:.2f}%"


def num(value: float) -> str:
    """A number without a useless trailing zero: ``40.0`` → ``40``."""
    return f"{value:.10g}"


def pcts(ratios: Iterable[float]) -> list[str]:
    """:func:`pct` of each ratio."""
    return _texts(np.asarray(ratios, dtype=float) * 100, "{:.2f}%")


def nums(values: Iterable[float]) -> list[str]:
    """:func:`num` of each value."""
    return _texts(np.asarray(values, dtype=float), "{:.10g}")


def _texts(values: np.ndarray, form: str) -> list[str]:
    """``form`` of each value, each distinct value formatted once (a column repeats a few figures).
    -0.0 is formatted on its own ("-0"), as NumPy would take it for 0.0."""
    if values.size < 256 or np.signbit(values[values == 0]).any():
        return [form.format(v) for v in values.tolist()]
    distinct, codes = np.unique(values, return_inverse=True)
    texts = np.array([form.format(v) for v in distinct.tolist()], dtype=object)
    return texts[codes.reshape(-1)].tolist()  # type: ignore[no-any-return]


def least(a: np.ndarray | float, b: np.ndarray | float) -> np.ndarray:
    """Python's ``min(a, b)`` of each pair: ``a`` unless ``b`` is smaller (so an equal zero keeps a's sign)."""
    return np.where(np.less(b, a), b, a)


def greatest(a: np.ndarray | float, b: np.ndarray | float) -> np.ndarray:
    """Python's ``max(a, b)`` of each pair: ``a`` unless ``b`` is larger."""
    return np.where(np.greater(b, a), b, a)


def segment_min(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Python's ``min()`` of each segment ``values[starts[k]:starts[k + 1]]``, NaN left out (NaN when
    all are): the first of the smallest values, as Python keeps it."""
    if len(starts) == 0:
        return np.empty(0)
    filled = np.where(np.isnan(values), np.inf, values)
    lengths = np.diff(np.append(starts, len(values)))
    smallest = np.repeat(np.minimum.reduceat(filled, starts), lengths)
    positions = np.where(values == smallest, np.arange(len(values)), len(values))
    first = np.minimum.reduceat(positions, starts)
    found = first < len(values)
    out = np.full(len(starts), np.nan)
    out[found] = values[first[found]]
    return out


def group_sums(values: np.ndarray, groups: np.ndarray, count: int) -> np.ndarray:
    """The sum of ``values`` in each of ``count`` groups, added one after another in the order of
    ``values`` exactly as Python's ``sum()`` adds them (NumPy and pandas sum in other orders)."""
    out = np.zeros(count)
    if len(values) == 0:
        return out
    order = np.argsort(groups, kind="stable")
    ordered = groups[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.append(starts, len(order))))
    by_rank = np.argsort(rank, kind="stable")  # every group's first value, then every second ...
    bounds = np.searchsorted(rank[by_rank], np.arange(rank.max() + 2))
    for k in range(len(bounds) - 1):
        step = order[by_rank[bounds[k] : bounds[k + 1]]]
        out[groups[step]] += values[step]
    return out
