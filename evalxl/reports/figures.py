"""The run's figures as the reports print them: amounts as the forms do (to the 分, no useless
zeros), rates as percentages with two decimals (the forms' ``0.00%``), scores and weights as numbers
without trailing zeros."""

from __future__ import annotations

from evalxl import money
from evalxl.exporting.cells import number_text

NONE = "—"


def amount(value: float | None, unit: str) -> str:
    """An amount in ``unit``: ``15.2``, ``6``; "—" for none."""
    return NONE if value is None else money.text(value, unit)


def rate(value: float | None) -> str:
    """A rate as a percentage: ``98.25%``; "—" for none."""
    return NONE if value is None else f"{value * 100:.2f}%"


def score(value: float | None) -> str:
    """A score or a weight: ``12.5``, ``9.83``, ``100``; "—" for none."""
    return number_text(value)


def form_amount(value: float | None) -> str:
    """An amount as the form's money cells print it (``#,##0.00####``): ``6.00``, ``1,780,000.00``."""
    if value is None:
        return ""
    whole, _, decimals = f"{value:,.6f}".partition(".")
    return f"{whole}.{decimals.rstrip('0').ljust(2, '0')}"
