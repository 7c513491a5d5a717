"""Money kept exact: amounts to the cent in the run's 金额单位, sums of amounts without float noise,
and the one number format every money cell of the output carries.

A 万元 amount has 6 decimals (0.000001 万元 is one 分), a 元 amount 2. Amounts are rounded to these
decimals when they are read, and sums are added as whole numbers of 分 and divided back, so a sum
is the decimal it should be (309.8 + 384.8 + 89.2 = 783.8, never 783.8000000000001) whatever the
order of the rows.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

# 资金来源 words that mean a project's whole money (a total row), not one source of it
TOTAL_SOURCES = ("年度资金总额", "合计", "小计", "总计")

DECIMALS = {"元": 2, "万元": 6}  # to the 分 (cent)
YUAN_PER = {"元": 1, "万元": 10000}
NUMBER_FORMAT = "#,##0.00####"  # every money cell: at least 2 decimals, up to the 分 of 万元


def decimals(unit: str) -> int:
    """The decimals of an amount in ``unit`` (万元 when the unit is not known)."""
    return DECIMALS.get(unit, DECIMALS["万元"])


def exact(value: float, unit: str) -> float:
    """``value`` rounded to the 分 of ``unit``."""
    return round(value, decimals(unit))


def exact_sum(values: Iterable[float | None], unit: str) -> float:
    """The sum of the known ``values``, exact to the 分 of ``unit``."""
    scale = int(10 ** decimals(unit))
    return int(sum(round(v * scale) for v in values if v is not None)) / scale


def group_sums(values: np.ndarray, groups: np.ndarray, count: int, unit: str) -> np.ndarray:
    """The sum of ``values`` in each of ``count`` groups (``groups``: each value's group), exact to
    the 分 of ``unit``: added as whole numbers of 分 (exact in floats up to 9e15 分)."""
    scale = 10.0 ** decimals(unit)
    whole = np.rint(np.asarray(values, dtype=float) * scale)
    return (
        np.bincount(groups, weights=whole, minlength=count)[:count] / scale if len(whole) else np.zeros(count)
    )


def text(value: float, unit: str) -> str:
    """An amount as users read it, to the 分 and without useless zeros: ``1780000``, ``15.2``."""
    shown = f"{exact(value, unit):,.{decimals(unit)}f}".replace(",", "")
    return shown.rstrip("0").rstrip(".") if "." in shown else shown
