"""Words and bands: what an actual written in words stands for, and the bands of qualitative ratios.

Column-wise over the rows' parsed actuals (:class:`evalxl.scoring.parsed.Side`); the word lists
are the profile's (``qualitative.band_words``, ``full_words``, ``time.met_words`` …).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from evalxl.model import Settings
from evalxl.scoring.parsed import Side

_NEGATIONS = ("未", "不", "没", "无", "否")
_NEGATIVE = ("未达", "未完成", "未实现", "未到位", "不达", "不到位", "没有", "无明显", "尚未", "不及", "较差")


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
    ratio: np.ndarray  # the ratio a word-only actual stands for (NaN when none)
    usable: np.ndarray  # a word-only actual that stands for a ratio

    @classmethod
    def of(cls, target: Side, actual: Side, settings: Settings) -> Words:
        """The words of each row's ``actual`` (``target`` decides whether its own words count)."""
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
        return cls(band, claimed, met, late, ratio, ~np.isnan(ratio))

    def rule(self, rows: np.ndarray) -> np.ndarray:
        """Which profile key gave each row's words their ratio."""
        named = self.band[rows] != ""
        return np.where(named, "qualitative.band_defaults", "qualitative.full_words").astype(object)


def _ratio(
    band: np.ndarray, said: np.ndarray, met: np.ndarray, target: Side, settings: Settings
) -> np.ndarray:
    """A band's default ratio; 1.0 for a 'done' word or the target's own words, unless negated."""
    defaults = dict(settings.band_defaults)
    ratio = np.array([defaults[b] if b else np.nan for b in band], dtype=float)
    open_ = np.flatnonzero(band == "")
    negated = np.array([_negated(s) for s in said[open_]], dtype=bool)
    open_ = open_[~negated]
    done = met[open_] | np.array([_done(s, settings) for s in said[open_]], dtype=bool)
    ratio[open_[done]] = 1.0
    rest = open_[~done]
    same = [
        kind == "words" and bool(own) and (own in s or s in own)
        for kind, own, s in zip(target.kind[rest], target.words[rest], said[rest], strict=True)
    ]
    ratio[rest[np.array(same, dtype=bool)]] = 1.0
    return ratio


def _negated(said: str) -> bool:
    return said.startswith(_NEGATIONS) or any(n in said for n in _NEGATIVE)


def _done(said: str, settings: Settings) -> bool:
    return said in settings.full_words or any(len(w) > 1 and w in said for w in settings.full_words)
