"""A number as a workbook shows it: the cell's number format (``0.00%``, ``0.00``, ``#,##0.00####``)
applied as Excel applies it, so the account says ``91.67%`` where the sheet shows it, not the
stored ``0.9166666667``."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

# A plain number format: digits (with a thousands comma), optional decimals (0 = always shown,
# # = shown when not zero), an optional percent sign. Anything else (dates, text, sections for
# negatives, currency, General) is not applied.
_PLAIN = re.compile(r"(?P<whole>[#,]*0|#(?:[#,]*#)?)(?:\.(?P<zeros>0*)(?P<hashes>#*))?(?P<percent>%?)")


def formatted(value: float, number_format: str) -> str | None:
    """``value`` as ``number_format`` shows it (half rounded away from zero, as Excel rounds);
    None when the format is not a plain number format (the caller shows the value as it is)."""
    sections = number_format.split(";")
    match = _PLAIN.fullmatch(sections[0].strip())
    if match is None or (value < 0 and len(sections) > 1):
        return None
    zeros, hashes, percent = match["zeros"] or "", match["hashes"] or "", match["percent"]
    places = len(zeros) + len(hashes)
    number = Decimal(repr(float(value))) * (100 if percent else 1)
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0.00"
    text = f"{rounded:,.{places}f}" if "," in match["whole"] else f"{rounded:.{places}f}"
    if hashes:
        whole, _, decimals = text.partition(".")
        decimals = decimals.rstrip("0").ljust(len(zeros), "0")
        text = f"{whole}.{decimals}" if decimals else whole
    return text + percent
