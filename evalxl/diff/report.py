"""The differences as the account tells them: :class:`Change`, its Chinese line, the ``--json``
document and the summary line; and how two cell values are compared and shown."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeGuard

from evalxl.diff.shown import formatted
from evalxl.reading import cell_text

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
KIND_NAMES = {ADDED: "新增", REMOVED: "删除", CHANGED: "改变"}
WHAT_NAMES = {
    "project": "项目",
    "total": "合计",
    "project_total": "计算过程",
    "indicator": "指标",
    "fund": "资金",
    "param": "参数",
    "finding": "检查结果",
    "sheet": "工作表",
    "cell": "单元格",
}
_PERCENT_FIELDS = frozenset({"执行率", "完成率"})  # fractions, printed as percents when no format says how
_PROJECT_TOTAL_FIELD = "总分"  # a project's total row in 计算过程: its 得分 is the project's 总分
_RELATIVE_SLACK = 1e-9  # binary rounding of numbers read back from a file is no difference


@dataclass(frozen=True)
class Change:
    """One difference between the OLD and the NEW workbook.

    ``kind`` is ``added``, ``removed`` or ``changed``; ``what`` one of :data:`WHAT_NAMES`; ``key``
    identifies the row (see :mod:`evalxl.diff`); ``field`` is the column compared ("" for a
    whole row); ``old``/``new`` the values (None when absent or blank); ``old_place``/``new_place``
    the cells (``Sheet!A1``, "" when absent); ``old_format``/``new_format`` the cells' number
    formats ("" when not read): the account shows a number as its cell shows it.
    """

    kind: str
    what: str
    key: tuple[str, ...]
    field: str
    old: object
    new: object
    old_place: str
    new_place: str
    old_format: str = ""
    new_format: str = ""

    def describe(self) -> str:
        """One Chinese line, e.g. ``指标 改变 甲/产出指标/数量指标/次数 得分：6.56 → 7.15（计算过程!L24 → 计算过程!L25）``
        or, for a project's total in 计算过程, ``计算过程 改变 「甲」 总分：97.54 → 97.01（计算过程!L15）``."""
        key = _key_text(self.what, self.key)
        field = _PROJECT_TOTAL_FIELD if self.what == "project_total" and self.field else self.field
        head = " ".join(part for part in (WHAT_NAMES[self.what], KIND_NAMES[self.kind], key, field) if part)
        return head + self._values_text() + _places_text(self.old_place, self.new_place, key)

    def _values_text(self) -> str:
        percent = self.field in _PERCENT_FIELDS
        old, new = _shown(self.old, percent, self.old_format), _shown(self.new, percent, self.new_format)
        if self.kind == CHANGED and old == new and _is_number(self.old) and _is_number(self.new):
            old, new = (
                _precise(self.old, percent),
                _precise(self.new, percent),
            )  # a change past the shown digits
        if self.kind == CHANGED:
            return f"：{old} → {new}"
        value = self.new if self.kind == ADDED else self.old
        return "" if value is None else f"：{new if self.kind == ADDED else old}"


class DiffError(Exception):
    """A file cannot be compared (missing, not xlsx, of another kind than the other); Chinese message."""


def as_json(changes: Sequence[Change]) -> dict[str, Any]:
    """The ``--json`` document: ``{"same": bool, "changes": [{kind, what, key, field, old, new,
    old_place, new_place, message}]}``."""
    return {
        "same": not changes,
        "changes": [
            {
                "kind": c.kind,
                "what": c.what,
                "key": list(c.key),
                "field": c.field,
                "old": _json_value(c.old),
                "new": _json_value(c.new),
                "old_place": c.old_place,
                "new_place": c.new_place,
                "message": c.describe(),
            }
            for c in changes
        ],
    }


def summary_line(changes: Sequence[Change]) -> str:
    """The account's last line: ``无差异`` or ``共 N 处差异：新增 a，删除 r，改变 c``."""
    if not changes:
        return "无差异"
    counts = Counter(c.kind for c in changes)
    parts = "，".join(f"{KIND_NAMES[kind]} {counts[kind]}" for kind in (ADDED, REMOVED, CHANGED))
    return f"共 {len(changes)} 处差异：{parts}"


# --------------------------------------------------------------------------- values


def clean(value: object) -> object:
    """A cell value as compared: text stripped, blank text as None."""
    if isinstance(value, str):
        return value.strip() or None
    return value


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def same(old: object, new: object, tolerance: float) -> bool:
    """True when two values do not differ: numbers within ``tolerance``, anything else as displayed."""
    old, new = clean(old), clean(new)
    if _is_number(old) and _is_number(new):
        slack = _RELATIVE_SLACK * max(1.0, abs(old), abs(new))
        return abs(old - new) <= tolerance + slack
    return _shown(old) == _shown(new)


def _shown(value: object, percent: bool = False, number_format: str = "") -> str:
    """A value as the account prints it: blank as （空）; a number as its cell's ``number_format``
    shows it (``0.00%``: ``91.67%``), else rates (fractions in the file) as percents."""
    if value is None:
        return "（空）"
    if _is_number(value) and number_format and (shown := formatted(value, number_format)) is not None:
        return shown
    return cell_text(value, percent and _is_number(value))


def _precise(value: float, percent: bool) -> str:
    """A number with the digits that tell two close values apart (``98.25%`` and ``98.2501%``)."""
    return f"{value * 100:.12g}%" if percent else f"{value:.12g}"


def _json_value(value: object) -> object:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return cell_text(value)


def _key_text(what: str, key: tuple[str, ...]) -> str:
    if what == "cell":
        return f"{key[0]}!{key[1]}"
    if what == "finding":
        return f"{key[1]} [{key[0]}]"
    if what == "project_total":
        return "/".join(f"「{part}」" if n == 0 else part for n, part in enumerate(key) if part)
    return "/".join(part for part in key if part)


def _places_text(old_place: str, new_place: str, key: str) -> str:
    places = [place for place in dict.fromkeys((old_place, new_place)) if place and place != key]
    return f"（{' → '.join(places)}）" if places else ""
