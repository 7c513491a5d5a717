"""Time targets on columns: the day each actual names, and whether it is within the deadline.

A date written without a year takes the target's year, else the run's (参数 年度), else 2000; a
deadline without a year takes the run's year, else the year of the completion date.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from evalxl.model import Settings
from evalxl.scoring.parsed import Side


def days(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """The dates (``datetime64[D]``) of a year and a month; a day past the month's end, or none, is its
    last day."""
    months = ((year - 1970) * 12 + (month - 1)).astype(np.int64).astype("datetime64[M]")
    first = months.astype("datetime64[D]")
    last = ((months + 1).astype("datetime64[D]") - first).astype(np.int64)
    chosen = np.where(np.isnan(day), last, np.minimum(day, last)).astype(np.int64)
    return np.asarray(first + (chosen - 1).astype("timedelta64[D]"), dtype="datetime64[D]")


def actual_dates(t: Side, a: Side, settings: Settings) -> np.ndarray:
    """The completion date each actual names (NaT for none)."""
    done = np.where(a.kind == "deadline", a.date, np.datetime64("NaT"))
    month_only = (a.kind == "deadline") & np.isnat(a.date) & ~np.isnan(a.month)
    year = np.where(np.isnan(a.year), t.year, a.year)
    year = np.where(np.isnan(year), int(settings.year) if settings.year else 2000, year)
    done[month_only] = days(year[month_only], a.month[month_only], a.day[month_only])
    return done.astype("datetime64[D]")


@dataclass(frozen=True)
class Dated:
    """Completion dates against their deadlines."""

    in_time: np.ndarray
    method: list[str]
    done: list[str]  # the dates, ISO
    limit: list[str]  # the deadlines, ISO ("" for "on time" without a date)


def by_date(t: Side, done: np.ndarray, settings: Settings) -> Dated:
    """Each date against its target's deadline (any date meets a deadline without a month)."""
    any_day = np.isnan(t.month)
    done_year = done.astype("datetime64[Y]").astype(np.int64) + 1970
    run_year = np.full(len(done), int(settings.year)) if settings.year else done_year
    year = np.where(np.isnan(t.year), run_year, t.year)
    limit = days(year[~any_day], t.month[~any_day], t.day[~any_day])
    limits = np.full(len(done), "", dtype=object)
    limits[~any_day] = np.datetime_as_string(limit, unit="D").tolist()
    in_time = any_day.copy()
    in_time[~any_day] = done[~any_day] <= limit
    shown = np.datetime_as_string(done, unit="D").tolist()
    method = [
        f"时效指标：{d} 完成" if not x else f"时效指标：{d} 不晚于 {x}" if ok else f"时效指标：{d} 晚于 {x}"
        for d, x, ok in zip(shown, limits, in_time, strict=True)
    ]
    return Dated(in_time, method, shown, limits.tolist())
