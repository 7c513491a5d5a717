"""Words and bands: what an actual written in words stands for, and the bands of qualitative ratios.

Column-wise over the rows' parsed actuals (:class:`evalxl.scoring.parsed.Side`); the word lists
are the profile's (``qualitative.band_words``, ``full_words``, ``negation_words``,
``quantitative.zero_words``, ``time.met_words``, ``time.late_words`` …). Late words (不及时, 逾期)
are read before the words they hold (及时), negations before words of completion, and the same
words as the target mean the whole target, never a fragment of it.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass, fields

import numpy as np

from evalxl.model import Settings
from evalxl.scoring.numbers import pct
from evalxl.scoring.parsed import Side
from evalxl.scoring.values import Parsed, Quantity

_PUNCT = re.compile("[" + re.escape(string.punctuation + "、。，；：“”‘’《》【】（）…—–·") + r"\s]+")
_DIGIT = re.compile("[0-9]")


def bare(text: str) -> str:
    """``text`` without punctuation and spaces (how two writings of the same words are compared)."""
    return _PUNCT.sub("", text)


@functools.cache
def _longest_first(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


@functools.cache
def _pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """One search for any of ``words``, longest first; "…" in a word stands for any text."""
    pieces = [".*?".join(map(re.escape, w.split("…"))) for w in sorted(words, key=len, reverse=True)]
    return re.compile("|".join(pieces)) if pieces else None


def negation_in(text: str, settings: Settings) -> str:
    """The negation ``text`` holds (未能, 存在管理问题 …), or "" (its exceptions, 未成年, negate nothing)."""
    pattern = _pattern(settings.negation_words)
    if pattern is None or pattern.search(text) is None:  # most texts: taking exceptions out adds none
        return ""
    for exception in settings.negation_exceptions:
        text = text.replace(exception, "|")
    found = pattern.search(text)
    return found.group() if found else ""


def means_zero(text: str, settings: Settings) -> bool:
    """``text`` says that nothing happened: a zero word (无, 没有, 未发生 …) alone, or a zero prefix
    followed by what did not happen (无上访, 未发生安全事故), without digits, a longer negation (无法,
    无明显) or a word of completion."""
    said = bare(text)
    if said in settings.zero_words:
        return True
    word = next((w for w in _longest_first(settings.zero_prefixes) if said.startswith(w)), "")
    if not word or _DIGIT.search(said):
        return False
    if any(len(n) > len(word) and said.startswith(n) for n in settings.negation_words):
        return False
    rest = said[len(word) :]
    return not any(len(w) > 1 and w in rest for w in (*settings.full_words, *settings.time_met_words))


def agree_in_negation(target: str, actual: str, settings: Settings) -> bool:
    """A target negating something (不超过预算) and an actual negating the same (未超过预算)."""
    stems = []
    for text in (bare(target), bare(actual)):
        word = next((w for w in _longest_first(settings.negation_prefixes) if text.startswith(w)), "")
        stems.append(text[len(word) :] if word else "")
    return len(stems[0]) > 1 and stems[0] == stems[1]


def band_of(ratio: float, settings: Settings) -> str:
    """The qualitative band a ratio falls in (达成, 部分达成, 未达成)."""
    return str(bands_of(np.array([ratio]), settings)[0])


def bands_of(ratios: np.ndarray, settings: Settings) -> np.ndarray:
    """:func:`band_of` of each ratio."""
    high, low = settings.qual_bands
    return np.where(ratios >= high, "达成", np.where(ratios >= low, "部分达成", "未达成")).astype(object)


def band_range(bands: Iterable[str], settings: Settings) -> list[tuple[float, float]]:
    """The (low, high) ratios of each band."""
    high, low = settings.qual_bands
    ranges = {"达成": (high, 1.0), "部分达成": (low, high), "未达成": (0.0, low)}
    return [ranges[band] for band in bands]


def band_word(words: str, settings: Settings) -> str:
    """The band a text names (longest band word first), or ""."""
    return next((band for word, band in settings.band_words if word in words), "")


@dataclass(frozen=True)
class Words:
    """What each row's actual says in words, and the completion ratio that stands for (NaN: none)."""

    band: np.ndarray  # the band its words (or its text) name, or ""
    claimed: np.ndarray  # the band its words name next to a number ("部分达成 85%"), or ""
    met: np.ndarray  # its words are one of the time.met_words (read for words and time targets)
    late: np.ndarray  # its words hold one of the time.late_words (read for words and time targets)
    ratio: np.ndarray  # the ratio a word-only actual stands for (NaN when none; 0 when late)
    usable: np.ndarray  # a word-only actual that stands for a ratio
    rules: np.ndarray  # the profile key that gave each ratio
    late_read: np.ndarray  # read as late (0): against a time target, or saying nothing but late
    within: np.ndarray  # meets a ≤ target by its words (未超预算: quantitative.within_words)

    @classmethod
    def of(cls, target: Side, actual: Side, settings: Settings, time_rows: np.ndarray | None = None) -> Words:
        """The words of each row's ``actual`` (``target`` decides whether its own words count;
        ``time_rows``: rows of a 二级指标 whose targets are times, ``directions.time_level2``)."""
        said, wordish = actual.said, actual.wordish
        band = np.full(len(said), "", dtype=object)
        band[wordish] = [band_word(s, settings) for s in said[wordish]]
        claimed = np.full(len(said), "", dtype=object)
        written = actual.single_percent & (actual.words != "")
        claimed[written] = [band_word(w, settings) for w in actual.words[written]]
        timed = wordish | (target.kind == "deadline")  # where the time words are read
        met_words = set(settings.time_met_words)
        met, late = np.zeros(len(said), dtype=bool), np.zeros(len(said), dtype=bool)
        met[timed] = [s in met_words for s in said[timed]]
        late[timed] = [any(w in s for w in settings.time_late_words) for s in said[timed]]
        ratio = np.full(len(said), np.nan)
        ratio[wordish] = _ratio(band[wordish], said[wordish], met[wordish], target.take(wordish), settings)
        late_only = wordish & late & (band == "")
        # against a target of no time a late word beside a negation is that negation (未能按时考核)
        timely = target.kind == "deadline" if time_rows is None else (target.kind == "deadline") | time_rows
        other = np.flatnonzero(late_only & ~timely)
        late_only[other] = [not negation_in(s, settings) for s in said[other]]
        ratio[late_only] = 0.0
        rules = np.where(band != "", "qualitative.band_defaults", "qualitative.full_words").astype(object)
        rules[late_only] = "time.late_words"
        band[late_only] = "未达成"
        within = np.flatnonzero(wordish & (band == "") & ((target.op == "<=") | (target.op == "<")))
        kept = np.array([any(w in s for w in settings.within_words) for s in said[within]], dtype=bool)
        within_read = np.zeros(len(said), dtype=bool)
        within_read[within[kept]] = True
        ratio[within_read], rules[within_read] = 1.0, "quantitative.within_words"
        return cls(band, claimed, met, late, ratio, ~np.isnan(ratio), rules, late_only, within_read)

    @property
    def undecided(self) -> np.ndarray:
        """No band, no late word and no word of "within" decided the reading: a negation may."""
        decided = self.late_read | self.within | (self.band != "") | (self.claimed != "")
        return np.asarray(~decided, dtype=bool)

    def rule(self, rows: np.ndarray) -> np.ndarray:
        """Which profile key gave each row's words their ratio."""
        return np.asarray(self.rules[rows], dtype=object)


def _ratio(
    band: np.ndarray, said: np.ndarray, met: np.ndarray, target: Side, settings: Settings
) -> np.ndarray:
    """A band's default ratio; 1.0 for a 'done' word or the target's own words, unless negated."""
    defaults = dict(settings.band_defaults)
    ratio = np.array([defaults[b] if b else np.nan for b in band], dtype=float)
    open_ = np.flatnonzero(band == "")
    negated = np.array([bool(negation_in(s, settings)) for s in said[open_]], dtype=bool)
    open_ = open_[~negated]
    done = met[open_] | np.array([_done(s, settings) for s in said[open_]], dtype=bool)
    ratio[open_[done]] = 1.0
    rest = open_[~done]
    same = [  # the whole of the target's words (a fragment of them is not the same words)
        kind == "words" and bool(bare(own)) and bare(own) in bare(s)
        for kind, own, s in zip(target.kind[rest], target.words[rest], said[rest], strict=True)
    ]
    ratio[rest[np.array(same, dtype=bool)]] = 1.0
    return ratio


def _done(said: str, settings: Settings) -> bool:
    return said in settings.full_words or any(len(w) > 1 and w in said for w in settings.full_words)


@dataclass(frozen=True)
class Negated:
    """The actuals read as the band for negated actuals: where, the ratio, and why."""

    at: np.ndarray  # the rows
    ratio: float
    method: list[str]
    values: list[dict[str, str]]  # of the warning NEGATED_ACTUAL


def negated(actual: Side, maybe: np.ndarray, settings: Settings) -> Negated:
    """The actuals of the rows ``maybe`` (full marks or unread, no band or late word deciding) that
    hold a negation: ``qualitative.negated_band`` with that band's default ratio."""
    maybe = maybe & (actual.kind != "blank")
    word = np.full(len(maybe), "", dtype=object)
    word[maybe] = [negation_in(text, settings) for text in actual.text[maybe]]
    at = np.flatnonzero(word != "")
    band, ratio = settings.negated_band, dict(settings.band_defaults)[settings.negated_band]
    shown = pct(ratio)
    values = [
        {"value": x, "word": w, "band": band, "ratio": shown}
        for x, w in zip(actual.text[at], word[at], strict=True)
    ]
    method = [f"完成值“{v['value']}”含否定（“{v['word']}”），按“{band}”计 {shown}" for v in values]
    return Negated(at, ratio, method, values)


@dataclass(frozen=True)
class Zeros:
    """Actuals that mean 0, read as the number 0 in their target's unit; and word targets of none or
    of a negation that were met."""

    actual: Side  # the actuals, those read as 0 now the number 0 in their target's unit
    read: np.ndarray  # read as 0 (note ZERO_WORD_READ)
    none_met: np.ndarray  # 无重大安全事故 met by 未发生…, 0 or 0起; 不超过预算 by 未超过预算
    none_missed: np.ndarray  # 无重大安全事故 against 发生1起: not met
    rule: np.ndarray  # the profile key that read a target of none or of a negation


def zero_actuals(target: Side, actual: Side, settings: Settings) -> Zeros:
    """Words meaning 0 (无, 未发生, 无上访 …, ``quantitative.zero_words`` and ``zero_prefixes``), and
    0 written in another unit (0起 for ≤0次, 0% for 0), against a number target are the number 0 in
    its unit; against a target of none in words nothing happening meets it and a count above 0 does
    not, and against a target negating something an actual negating the same meets it
    (``qualitative.negation_prefixes``)."""
    words = np.flatnonzero(actual.kind == "words")
    zero = np.zeros(len(actual.kind), dtype=bool)
    zero[words] = [means_zero(text, settings) for text in actual.text[words]]
    number = (target.kind == "quantity") & (actual.kind != "blank")
    other = (actual.kind == "quantity") & (actual.number == 0) & (actual.unit != target.unit)
    other &= ~actual.percent | target.percent | (target.number == 0)  # 0% of a count: a ratio
    named = other & (actual.unit != "") & (target.unit != "") & ~actual.percent & ~target.percent
    read = number & (zero | named)
    worded = np.flatnonzero((target.kind == "words") & (actual.kind != "blank"))
    none = np.zeros(len(target.kind), dtype=bool)
    none[worded] = [means_zero(text, settings) for text in target.text[worded]]
    counted = (actual.kind == "quantity") & ~actual.percent
    none_met = none & (zero | (counted & (actual.number == 0)))
    agreed = np.zeros(len(target.kind), dtype=bool)
    pairs = zip(target.text[worded], actual.text[worded], strict=True)
    agreed[worded] = [agree_in_negation(t, a, settings) for t, a in pairs]
    rule = np.where(none & ~agreed, "quantitative.zero_words", "qualitative.negation_prefixes").astype(object)
    i = np.flatnonzero(number & (zero | other))
    zeros = [
        Parsed("quantity", x, parts=(Quantity(">=", 0.0, u),))
        for x, u in zip(actual.text[i], target.unit[i], strict=True)
    ]
    missed = none & counted & (actual.number > 0)
    return Zeros(replaced(actual, i, zeros), read, none_met | agreed, missed & ~agreed, rule)


def replaced(side: Side, i: np.ndarray, parsed: list[Parsed]) -> Side:
    """``side`` with the rows ``i`` read as ``parsed`` instead."""
    if not len(i):
        return side
    new = Side.of(parsed)
    columns = {f.name: getattr(side, f.name).copy() for f in fields(side)}
    for name, column in columns.items():
        column[i] = getattr(new, name)
    return Side(**columns)
