"""Time targets and dates written as text: ``12月31日之前``, ``年底前``, ``及时``, ``2023-12-20``.

Part of reading values (:mod:`evalxl.scoring.values`), which turns what this finds into a
``deadline`` value; the rules are those of scoring-rules.md §3.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Deadline:
    """A time target. ``Deadline(None, None, None)`` means "on time" (及时/按时/按期).

    ``day`` is the last day of the month for ``12月底`` / ``年底`` and None when only the month was
    written (``12月前``); ``year`` is None when no year was written.
    """

    year: int | None
    month: int | None
    day: int | None


@dataclass(frozen=True)
class Time:
    """What a text says about time: a limit (``deadline``) or one day (``date``); neither for a text
    shaped like a date that names no real day (``13月``, ``2月30日``)."""

    deadline: Deadline | None = None
    date: datetime.date | None = None


ON_TIME = Deadline(None, None, None)

_ON_TIME = re.compile(r"(?:及时|按时|按期|准时|如期)(?:完成|办结|发放|拨付|到位|下达)?")
_PREFIX = r"(?:于|在|截至|截止|截止到|截止至|至|到)?"
_DONE = r"(?:全部|已经|已)?(?:完成|办结|结束|到位|完毕|完工|发放|拨付|下达)?"
_SUFFIX_WORDS = r"(?P<before>之前|以前|前|止|为止)?" + _DONE
_DATE_SHAPES = tuple(
    re.compile(_PREFIX + shape + _SUFFIX_WORDS)
    for shape in (
        r"(?:(?P<y>[0-9]{4})年)?(?P<m>[0-9]{1,2})月(?:(?P<d>[0-9]{1,2})[日号]?|(?P<end>底|末)|份)?",
        r"(?P<y>[0-9]{4})[-/.](?P<m>[0-9]{1,2})[-/.](?P<d>[0-9]{1,2})日?",
        r"(?:(?P<y>[0-9]{4})年度?|本年度?|当年度?|年度?)(?P<end>底|末|内)",
        r"(?:(?P<y>[0-9]{4})年)?(?P<half>上|下)半年(?:内|底|末)?",
    )
)


_HINT = re.compile(r"[月年时期/.\-]")  # 月, 年 (年底, 半年), 时/期 (及时, 按期), a date's separators


def time_of(text: str) -> Time | None:
    """What a normalized text says about time, or None when it is not shaped like a time target."""
    compact = text.replace(" ", "").rstrip("。.")
    if _HINT.search(compact) is None:  # every shape below needs one of these: most texts have none
        return None
    if _ON_TIME.fullmatch(compact):
        return Time(deadline=ON_TIME)
    for shape in _DATE_SHAPES:
        found = shape.fullmatch(compact)
        if found:
            return _time_from(found.groupdict())
    return None


def _time_from(groups: dict[str, str | None]) -> Time:
    year, month, day = _int(groups.get("y")), _month(groups), _int(groups.get("d"))
    if not _valid(year, month, day):
        return Time()
    if groups.get("end") or groups.get("half"):
        day = _last_day(year, month)
    one_day = groups.get("d") or groups.get("end") in ("底", "末")  # not 年内, not 上半年
    if year is not None and day is not None and one_day and not groups.get("before"):
        return Time(date=datetime.date(year, month, day))
    return Time(deadline=Deadline(year, month, day))


def _month(groups: dict[str, str | None]) -> int:
    if groups.get("half") == "上":
        return 6
    written = _int(groups.get("m"))
    return 12 if written is None else written  # 年底, 年内, 下半年


def _int(digits: str | None) -> int | None:
    return int(digits) if digits else None


def _valid(year: int | None, month: int, day: int | None) -> bool:
    if year is not None and not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        return False
    if not 1 <= month <= 12:
        return False
    return day is None or 1 <= day <= _last_day(year, month)


def _last_day(year: int | None, month: int) -> int:
    # 2000 is a leap year, so 2月29日 stays valid when no year is written.
    return calendar.monthrange(2000 if year is None else year, month)[1]


def written_as_day(text: str) -> bool:
    """True for a time target written as a day or a month without 前/之前/以前/止 (``2024年6月30日``,
    ``2024/6/30``, ``6月底``, ``年底``, ``12月份``): read as a deadline, with a note saying so."""
    compact = text.replace(" ", "").rstrip("。.")
    for shape in _DATE_SHAPES:
        found = shape.fullmatch(compact)
        if found:
            groups = found.groupdict()
            return not groups.get("before") and groups.get("end") != "内" and not groups.get("half")
    return False
