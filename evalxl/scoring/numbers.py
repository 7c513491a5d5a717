"""Rounding and showing numbers the way finance staff expect (half up, no useless zeros)."""

from __future__ import annotations

import numpy as np
import pandas as pd


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
