"""Read the texts of 年度指标值 and 全年完成值 into structured values.

Pure parsing: no scoring and no pandas. ``parse_value`` accepts what a cell holds (text, a typed
number, a date, a bool or nothing) and tells which shape it has:

- ``blank``: nothing written;
- ``quantity``: one number with an operator and a unit (``≥20 次``, ``98%``, ``15万元以内``);
- ``compound``: several numbers, every one with a unit (``1 个镇 4 个村``), or a range
  (``80%-100%``, ``80%～100%``, ``80%至100%`` → ``>=80%`` and ``<=100%``; two bounds in opposite
  directions joined by nothing, 、, 且, 并且 or 同时, ``不低于90%且不高于100%``, keep their operators);
- ``deadline``: a time target or a written date (``12月31日之前``, ``年底前``, ``及时``,
  ``2023-12-20``); a target written as a day without 前 is a deadline too (the evaluation notes it);
- ``words``: anything else (``改善``, ``达成``, and texts with numbers in no known shape).

Units are kept whole as written (``个月``, ``个工作日``, ``元/人``, ``元/人·年``, ``万人次``), the
number in that unit (% as a fraction); ``explicit_op`` is False when no operator was written, so the
evaluation decides the direction. Converting units is :mod:`evalxl.scoring.units`' business.

**Sentences are not quantities.** A number is part of a sentence, and the whole text is ``words``,
when the text right after any of its numbers (the unit and what follows up to the next number or the
end) holds a clause word of ``units.toml`` ``[sentence] clause_words`` (结束, 后, 未, 没有, 尚未 …): ``1-8期培训结束后按时考核`` and ``3-5期未能按时考核`` are words, never the ranges 1–8 and 3–5,
and ``3次完成后验收`` is words. What comes *before* the number is a label and does not count
(``培训人数≥200人``, ``按时完成率≥95%`` stay quantities), and a unit followed only by a completion
or band word stays a quantity (``3次完成``, ``100%完成``, ``12个月内完成``), as does a number followed by
a word of timeliness (``90%按时完成``, ``6次，按时完成``: their numbers count, never the words).

The rules are those of scoring-rules.md §3 (operators, units, time targets, compound targets).
"""

from __future__ import annotations

import datetime
import math
import re
import string
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from numbers import Real

from evalxl.contract.units import units as unit_table
from evalxl.scoring.dates import Deadline, time_of

__all__ = ["KINDS", "Deadline", "Parsed", "Quantity", "normalize", "parse_value"]

KINDS = ("blank", "quantity", "compound", "deadline", "words")
OP_SIGNS = {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<"}  # how an operator is shown


@dataclass(frozen=True)
class Quantity:
    """A number with its comparison operator and unit, e.g. ``≤15.2 万元`` → ("<=", 15.2, "万元")."""

    op: str  # ">=", "<=", "=", ">" or "<"
    number: float  # a fraction when the unit is "%" (98% → 0.98)
    unit: str  # "" when none, "%" for percentages, else the text written, e.g. "次", "万元"

    @property
    def percent(self) -> bool:
        """True for a percentage, whose ``number`` is then the fraction."""
        return self.unit == "%"


@dataclass(frozen=True)
class Parsed:
    """The shape of one target or actual; see the module docstring for the five kinds."""

    kind: str  # "blank" | "quantity" | "compound" | "deadline" | "words"
    text: str  # the normalized text
    parts: tuple[Quantity, ...] = ()  # 1 for "quantity", 2 or more for "compound"
    deadline: Deadline | None = None  # "deadline" written as a limit or without a full date
    date: datetime.date | None = None  # "deadline" written as one day with its year, no 前
    words: str = ""  # the text around the numbers (or all of it for "words"), punctuation stripped
    explicit_op: bool = False  # the text carried an operator (≥, 不低于, 以内, a range, ...)


# ---------------------------------------------------------------------------------------------
# normalization

# NFKC would turn m² into m2, a unit into a number: keep these few characters as they are.
_KEEP = re.compile("([²³㎡㎥])")
_KEEP_AS = {"㎡": "m²", "㎥": "m³"}
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_MINUS = {ord("−"): "-"}
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Full-width digits, letters, ％ and （） to ASCII (NFKC), spaces collapsed, ends trimmed."""
    if unicodedata.is_normalized("NFKC", text):  # most texts (² and ³ are not: they take the long way)
        out = text
    else:
        pieces = _KEEP.split(text)
        out = "".join(
            _KEEP_AS.get(piece, piece) if i % 2 else unicodedata.normalize("NFKC", piece)
            for i, piece in enumerate(pieces)
        )
    out = out.translate(_INVISIBLE).translate(_MINUS)
    return _SPACES.sub(" ", out).strip()


# ---------------------------------------------------------------------------------------------
# cell values


def parse_value(value: object, *, percent_format: bool = False) -> Parsed:
    """Parse a target or an actual as a cell holds it; never raises.

    ``percent_format`` says a typed number came from a cell formatted as a percentage (Excel
    stores a typed ``98%`` as 0.98); it is ignored for text. NaN, NaT and pandas' NA are blank.
    """
    if value is None or type(value).__name__ in ("NaTType", "NAType"):
        return Parsed("blank", "")
    if isinstance(value, str):
        return _parse_text(value)
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
        return Parsed("words", text, words=text)
    if isinstance(value, Real | Decimal):
        return _parse_number(value, percent_format)
    if isinstance(value, datetime.datetime):
        return Parsed("deadline", value.date().isoformat(), date=value.date())
    if isinstance(value, datetime.date):
        return Parsed("deadline", value.isoformat(), date=value)
    return _parse_text(_safe_str(value))


def _safe_str(value: object) -> str:
    try:
        return str(value)
    except Exception:
        return f"<{type(value).__name__}>"


def _parse_number(value: Real | Decimal, percent_format: bool) -> Parsed:
    try:
        number = float(value)
    except (OverflowError, ValueError, TypeError):
        return _parse_text(_safe_str(value))
    if math.isnan(number):
        return Parsed("blank", "")
    if math.isinf(number):
        return Parsed("words", str(number), words=str(number))
    unit = "%" if percent_format else ""
    text = _format(number * 100) + "%" if percent_format else _format(number)
    return Parsed("quantity", text, parts=(Quantity(">=", number, unit),))


def _format(number: float) -> str:
    return f"{number:.12g}"


@lru_cache(maxsize=65536)
def _parse_text(raw: str) -> Parsed:
    text = normalize(raw)
    if not text:
        return Parsed("blank", "")
    time = time_of(text)
    if time is not None:
        if time.deadline is None and time.date is None:
            return Parsed("words", text, words=text)
        return Parsed("deadline", text, deadline=time.deadline, date=time.date)
    found = _plain_quantity(text) or (_quantities(text) if _DIGIT.search(text) else None)
    return found or Parsed("words", text, words=text)


_DIGIT = re.compile("[0-9]")

# Most targets and actuals are one number with a common unit (≤300.7 万元, 85%, 12 次): read those
# directly; they read the same as through _quantities (a test checks it), only faster.
_PLAIN = re.compile(
    r"(?P<op>>=|<=|[≥≤><=])?(?P<number>[0-9]+(?:\.[0-9]+)?) ?(?P<unit>%|元|万元|次|人次|个|户|家|人|天|项|公里)?"
)
_PLAIN_OPS = {"≥": ">=", "≤": "<="}


def _plain_quantity(text: str) -> Parsed | None:
    found = _PLAIN.fullmatch(text)
    if found is None:
        return None
    op, unit = found["op"], found["unit"] or ""
    digits = found["number"]
    number = float(Decimal(digits) / 100) if unit == "%" else float(digits)  # both correctly rounded
    if not math.isfinite(number):
        return None
    quantity = Quantity(_PLAIN_OPS.get(op, op) if op else ">=", number, unit)
    return Parsed("quantity", text, parts=(quantity,), explicit_op=bool(op))


# ---------------------------------------------------------------------------------------------
# quantities

_OPS = {
    ">=": ">= => ≥= ≥ ≧ ⩾ ≮ 不低于 不少于 不小于 至少 最少 最低 大于等于 大于或等于 高于或等于",
    "<=": "<= =< ≤= ≤ ≦ ⩽ ≯ 不高于 不超过 不多于 不大于 至多 最多 最高 控制在 小于等于 小于或等于 低于或等于",
    ">": "> 大于 高于 超过 多于",
    "<": "< 小于 低于 少于",
    "=": "== = ═ 等于",
}
_OP_OF = {word: op for op, words in _OPS.items() for word in words.split()}
_SUFFIX_OPS = {"以上": ">=", "以下": "<=", "以内": "<=", "之内": "<=", "内": "<="}


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_LEAD_OP = re.compile(rf"(?P<word>{_alternation(_OP_OF)})\s*$")
_LEAD_QUALIFIER = re.compile(r"(?P<word>约为|大约|约|将近|接近|近|逾|≈)\s*$")
_WINDOW = 12  # longer than any operator or qualifier word with a space: keeps the searches short
_NUMBER = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+)(?:\.[0-9]+)?")
_SUFFIX = r"(?:及|或)?(?:以上|以下|以内|之内)|内(?=$|[\s,;)、。]|完成|办结)|左右|上下"
_STOP = set(string.punctuation + "、。“”‘’《》【】≥≤≧≦⩾⩽≮≯═—–…第至到和及与或") - {"/"}
_UNIT_CHAR = rf"(?:[^\s0-9{re.escape(''.join(sorted(_STOP)))}]|/(?=[^\s0-9]))"
_POST = re.compile(
    rf"\s*(?P<pct>[%‰])?\s*(?:[余多来](?![0-9]))?\s*"
    rf"(?P<unit>(?:(?!{_SUFFIX}){_UNIT_CHAR})*)\s*(?P<suffix>{_SUFFIX})?(?P<rest>.*)",
    re.S,
)
# Band and completion words are never part of a unit: "85 部分达成", "3次完成".
_ACHIEVED = re.compile(r"(?:全部|基本|部分|未|已|没有|均)?(?:达成|完成|达标|实现|到位)")
_SEPARATORS = re.compile(r"[\s、,;+/&和及与]*")
_RANGE = re.compile(r"\s*(?:-|~|〜|—|–|——|至|到)\s*")
_PUNCT = string.punctuation + " 、。“”‘’《》【】—–…"


@dataclass
class _Item:
    """One number found in a text, with what is written right before and after it."""

    number: Decimal
    lead: str  # words left before the number once operator, qualifier and sign are taken off
    op: str | None  # operator written before the number
    suffix_op: str | None  # operator word written after the number (以上, 以内, ...)
    scale: int  # 100 for %, 1000 for ‰, else 1
    unit: str
    rest: str  # text after the unit: the gap to the next number, or the trailing words
    odd: bool  # not a quantity: "abc12", "1.2.3", "第3", two operators "≤≥5"


def _quantities(text: str) -> Parsed | None:
    items = _items(text)
    if not items or any(item.odd for item in items) or any(_in_sentence(item) for item in items):
        return None
    if len(items) == 2 and (_is_range(items) or _is_bounds(items)):
        return _range(text, items)
    if len(items) > 1 and not _is_compound(items):
        return None
    return _assemble(text, items)


def _items(text: str) -> list[_Item]:
    found = list(_NUMBER.finditer(text))
    items: list[_Item] = []
    lead = text[: found[0].start()] if found else ""
    for i, match in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(text)
        item = _item(text, match, lead, first=i == 0, post=text[match.end() : end])
        items.append(item)
        lead = item.rest
    return items


def _item(text: str, match: re.Match[str], lead: str, *, first: bool, post: str) -> _Item:
    words, op, sign, percent_word = _split_lead(lead, first=first)
    tail = _POST.match(post)
    assert tail is not None  # every part of _POST is optional
    pct, unit, rest = tail["pct"], tail["unit"], tail["rest"]
    achieved = _ACHIEVED.search(unit)
    if achieved:
        unit, rest = unit[: achieved.start()], unit[achieved.start() :] + rest
    if pct or percent_word:
        unit, rest = "%", unit + rest
    before = text[match.start() - 1] if match.start() else ""
    return _Item(
        number=sign * Decimal(match.group().replace(",", "")),
        lead=words,
        op=op,
        suffix_op=_SUFFIX_OPS.get(tail["suffix"].lstrip("及或")) if tail["suffix"] else None,
        scale=1000 if pct == "‰" else 100 if unit == "%" else 1,
        unit=unit,
        rest=rest,
        odd=_is_odd(before, words),
    )


def _is_odd(before: str, words: str) -> bool:
    glued = before.isascii() and (before.isalpha() or before == ".")
    return glued or words.endswith("第") or _cut(_LEAD_OP, words) is not None


def _split_lead(lead: str, *, first: bool) -> tuple[str, str | None, int, bool]:
    """Take the sign, qualifiers (约, 近), the operator and 百分之 off the end of ``lead``."""
    rest, sign, op, percent = lead.rstrip(), 1, None, False
    if rest[-1:] in ("-", "+"):
        before = rest[:-1].rstrip()
        if (first and not before) or _cut(_LEAD_OP, before) or _cut(_LEAD_QUALIFIER, before):
            sign, rest = (-1 if rest[-1] == "-" else 1), before
    while True:
        if rest.endswith("百分之") and not percent:
            rest, percent = rest[:-3].rstrip(), True
        elif qualifier := _cut(_LEAD_QUALIFIER, rest):
            rest = qualifier[0]
        elif op is None and (found := _cut(_LEAD_OP, rest)):
            rest, op = found[0], _OP_OF[found[1]]
        else:
            return rest, op, sign, percent


def _cut(pattern: re.Pattern[str], text: str) -> tuple[str, str] | None:
    """Split ``text`` into (what comes before, the word) when it ends with a word of ``pattern``."""
    head, window = text[:-_WINDOW], text[-_WINDOW:]
    found = pattern.search(window)
    if found is None:
        return None
    return (head + window[: found.start()]).rstrip(), found["word"]


def _is_range(items: list[_Item]) -> bool:
    low, high = items
    plain = low.op is None and low.suffix_op is None and high.op is None
    return plain and bool(_RANGE.fullmatch(low.rest))


# issue 10, readings: "不低于90%且不高于100%", "≥90%、≤100%": two bounds in opposite directions
_AT_LEAST, _AT_MOST = frozenset({">=", ">"}), frozenset({"<=", "<"})
_JOIN = re.compile(r"[\s、,;]*(?:且|并且|而且|同时)?[\s、,;]*")


def _is_bounds(items: list[_Item]) -> bool:
    low, high = items
    ops = (low.op or low.suffix_op, high.op or high.suffix_op)
    opposite = (ops[0] in _AT_LEAST and ops[1] in _AT_MOST) or (ops[0] in _AT_MOST and ops[1] in _AT_LEAST)
    return opposite and bool(_JOIN.fullmatch(high.lead)) and not (low.op and low.suffix_op)


@lru_cache(maxsize=1)
def _clause() -> re.Pattern[str]:
    return re.compile(_alternation(unit_table().clause_words))


def _in_sentence(item: _Item) -> bool:
    """The text after the number (its unit and what follows) holds a clause word: a sentence."""
    return bool(_clause().search(item.unit) or _clause().search(item.rest))


def _is_compound(items: list[_Item]) -> bool:
    gaps_clean = all(_SEPARATORS.fullmatch(item.lead) for item in items[1:])
    return gaps_clean and all(item.unit for item in items)


def _range(text: str, items: list[_Item]) -> Parsed | None:
    low, high = items
    if low.unit and high.unit and low.unit != high.unit:
        return None
    for bare, written in ((low, high), (high, low)):
        if not bare.unit:
            bare.unit, bare.scale = written.unit, written.scale  # "80-100%": both are percentages
    unit = low.unit
    numbers = sorted(_value(item) for item in items)
    if not all(math.isfinite(n) for n in numbers):
        return None
    ops = [item.op or item.suffix_op for item in items]
    if ops[0] and ops[1]:  # two bounds written with their operators: each keeps its own
        low, high = items if ops[0] in _AT_LEAST else items[::-1]
        bounds = (low.op or low.suffix_op or ">=", high.op or high.suffix_op or "<=")
        parts = (Quantity(bounds[0], _value(low), unit), Quantity(bounds[1], _value(high), unit))
        return Parsed(
            "compound", text, parts=parts, words=_words(items[0].lead, items[1].rest), explicit_op=True
        )
    parts = (Quantity(">=", numbers[0], unit), Quantity("<=", numbers[1], unit))
    return Parsed("compound", text, parts=parts, words=_words(low.lead, high.rest), explicit_op=True)


def _assemble(text: str, items: list[_Item]) -> Parsed | None:
    front = items[0].op
    parts: list[Quantity] = []
    for item in items:
        if item.op and item.suffix_op and item.op != item.suffix_op:
            return None
        number = _value(item)
        if not math.isfinite(number):
            return None
        parts.append(Quantity(item.op or item.suffix_op or front or ">=", number, item.unit))
    explicit = any(item.op or item.suffix_op for item in items)
    kind = "quantity" if len(parts) == 1 else "compound"
    words = _words(items[0].lead, items[-1].rest)
    return Parsed(kind, text, parts=tuple(parts), words=words, explicit_op=explicit)


def _value(item: _Item) -> float:
    try:
        return float(item.number / item.scale)
    except (InvalidOperation, OverflowError):
        return math.inf


def _words(*pieces: str) -> str:
    return " ".join(p for p in (piece.strip(_PUNCT) for piece in pieces) if p)
