"""Time targets on columns: the day each actual names, and whether it is within the deadline.

A date written without a year takes the target's year, else the run's (参数 年度), else 2000; a
deadline without a year takes the run's year, else the year of the completion date. A target written
as a day without 前 (``2024年6月30日``, ``2024/6/30``, ``6月底``, ``年底``, a date cell) is a deadline
too: a later completion date is late (issue 10); the evaluation notes the reading (DEADLINE_READ).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from evalxl.model import Settings
from evalxl.scoring.dates import written_as_day
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


# ---- issue 10: a target written as a day without 前 is a deadline


def with_days(t: Side) -> Side:
    """The targets with a day written as a date (no 前) read as that day's deadline."""
    day = ~np.isnat(t.date) & ~t.has_deadline
    if not day.any():
        return t
    dates = t.date[day]
    months = dates.astype("datetime64[M]")
    fill = {
        "year": (dates.astype("datetime64[Y]").astype(np.int64) + 1970).astype(float),
        "month": (months.astype(np.int64) % 12 + 1).astype(float),
        "day": ((dates - months.astype("datetime64[D]")).astype(np.int64) + 1).astype(float),
    }
    columns = {name: getattr(t, name).copy() for name in fill}
    for name, values in fill.items():
        columns[name][day] = values
    has = t.has_deadline.copy()
    has[day] = True
    return replace(t, has_deadline=has, **columns)


def days_read(t: Side, i: np.ndarray, settings: Settings) -> tuple[np.ndarray, list[dict[str, str]]]:
    """Of the keys ``i``, those whose target is a day written without 前 (``2024年6月30日``, ``6月底``,
    a date cell), and the values of their note: the target and the deadline read (ISO when the year
    is known from the target or 参数 年度, else ``6月30日``)."""
    i = i[np.array([written_as_day(text) for text in t.text[i]], dtype=bool)] if len(i) else i
    known = ~np.isnan(t.year[i]) | bool(settings.year)
    year = np.where(np.isnan(t.year[i]), float(settings.year or 2000), t.year[i])
    limit = days(year, t.month[i], t.day[i]).astype(object)
    shown = [str(d) if k else f"{d.month}月{d.day}日" for d, k in zip(limit, known, strict=True)]
    return i, [{"value": v, "deadline": d} for v, d in zip(t.text[i], shown, strict=True)]
