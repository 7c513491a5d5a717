"""The 参数 sheet: single values that override the chosen rules profile.

:func:`settings_for` picks the profile (参数 评分规则, or a profile file given on the command line),
applies every 参数 row, and reports an unknown key or a bad value as a finding naming its cell.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from evalxl import spec
from evalxl.exporting import layout
from evalxl.findings import Finding, finding
from evalxl.model import Param, Settings
from evalxl.scoring import profile

# ---- parsing 参数 values -------------------------------------------------------------------------

_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


class _Bad(ValueError):
    """A parameter value that cannot be used; the message says why (Chinese)."""


def _number(text: str) -> float:
    if not _NUMBER.match(text):
        raise _Bad("应为数字")
    value = float(text)
    if value < 0:
        raise _Bad("不能为负数")
    return value


def _ratio(text: str) -> float:
    """``130%`` or ``1.3`` → 1.3."""
    if text.endswith("%"):
        return _number(text[:-1].strip()) / 100
    value = _number(text)
    return value / 100 if value > 10 else value


def _bands(text: str) -> tuple[float, float]:
    parts = [p.strip() for p in re.split(r"[,，、;；/ ]+", text) if p.strip()]
    if len(parts) != 2:
        raise _Bad("应为两个百分比，如 80%,60%")
    high, low = sorted((_ratio(p) for p in parts), reverse=True)
    if not 0 < low < high <= 1:
        raise _Bad("两个分界应在 0% 与 100% 之间且不相等")
    return high, low


def _choice(allowed: Iterable[str]) -> Callable[[str], str]:
    options = tuple(allowed)

    def pick(text: str) -> str:
        if text not in options:
            raise _Bad("应为 " + "、".join(options) + " 之一")
        return text

    return pick


def _decimals(text: str) -> int:
    value = _number(text)
    if value != int(value) or value > 6:
        raise _Bad("应为 0 到 6 的整数")
    return int(value)


def _year(text: str) -> str:
    match = re.fullmatch(r"((?:19|20)\d\d)(?:\.0)?\s*(?:年度?)?", text)
    if not match:
        raise _Bad("应为四位年份，如 2023")
    return match.group(1)


def _entry(name: str, key: str) -> Callable[[Settings, float], Settings]:
    """Set one entry of a (key, value) tuple field of the settings, e.g. level_weights or grades."""

    def apply(s: Settings, value: float) -> Settings:
        entries = dict(getattr(s, name))
        entries[key] = value
        changes: dict[str, Any] = {name: tuple(entries.items())}
        return replace(s, **changes)

    return apply


def _field(name: str) -> Callable[[Settings, Any], Settings]:
    return lambda s, value: replace(s, **{name: value})


# key -> (parse the text, apply the value to the settings)
_APPLY: dict[str, tuple[Callable[[str], Any], Callable[[Settings, Any], Settings]]] = {
    "年度": (_year, _field("year")),
    "金额单位": (_choice(spec.choices("金额单位")), _field("money_unit")),
    "预算执行率分值": (_number, _field("budget_weight")),
    "产出指标分值": (_number, _entry("level_weights", "产出指标")),
    "效益指标分值": (_number, _entry("level_weights", "效益指标")),
    "满意度指标分值": (_number, _entry("level_weights", "满意度指标")),
    "成本指标分值": (_number, _entry("level_weights", "成本指标")),
    "得分小数位": (_decimals, _field("decimals")),
    "优": (_number, _entry("grades", "优")),
    "良": (_number, _entry("grades", "良")),
    "中": (_number, _entry("grades", "中")),
    "定性档次": (_bands, _field("qual_bands")),
    "偏离阈值": (_ratio, _field("deviation_threshold")),
    "加权资金": (_choice(spec.choices("加权资金")), _field("weight_by")),
    "表样": (lambda text: _choice(layout.names())(text), _field("layout")),
}


def settings_for(
    params: Iterable[Param], profile_data: dict[str, Any] | None = None, layout_name: str = ""
) -> tuple[Settings, list[Finding]]:
    """Settings for a run: a rules profile with every 参数 applied.

    The profile is ``profile_data`` when given (``--rules``), else the one 参数 评分规则 names, else
    the default; ``layout_name`` (``--layout``) wins over 参数 表样.
    """
    params = list(params)
    findings = _check_keys(params)
    settings = profile.settings_from_profile(profile_data or _named_profile(params, findings))
    for p in params:
        if p.key not in _APPLY:
            continue
        parse, apply = _APPLY[p.key]
        try:
            settings = apply(settings, parse(p.value.strip()))
        except _Bad as bad:
            findings.append(
                finding("BAD_PARAM_VALUE", p.value_place, key=p.key, value=p.value, reason=str(bad))
            )
    if layout_name:
        settings = replace(settings, layout=layout_name)
    findings.extend(_check_grades(settings, params))
    findings.extend(_check_weights(settings, params))
    return settings, findings


def _named_profile(params: list[Param], findings: list[Finding]) -> dict[str, Any]:
    profiles = profile.builtin_profiles()
    for p in params:
        if p.key == "评分规则":
            if p.value in profiles:
                return profiles[p.value]
            reason = "应为 " + "、".join(profiles) + " 之一"
            findings.append(
                finding("BAD_PARAM_VALUE", p.value_place, key=p.key, value=p.value, reason=reason)
            )
    return profiles[profile.DEFAULT_PROFILE]


def _check_keys(params: list[Param]) -> list[Finding]:
    known = spec.param_keys()
    seen: dict[str, str] = {}
    found = []
    for p in params:
        if p.key not in known:
            close = difflib.get_close_matches(p.key, known, n=1, cutoff=0.4)
            hint = f"（是否为“{close[0]}”？）" if close else ""
            found.append(
                finding("UNKNOWN_PARAM", p.key_place, key=p.key, hint=hint, allowed="、".join(known))
            )
        elif p.key in seen:
            found.append(finding("DUPLICATE_PARAM", p.key_place, key=p.key, first=seen[p.key]))
        else:
            seen[p.key] = p.key_place
    return found


def _check_grades(settings: Settings, params: list[Param]) -> list[Finding]:
    bounds = [b for _g, b in settings.grades]
    if bounds == sorted(bounds, reverse=True) and len(set(bounds)) == len(bounds):
        return []
    place = next((p.value_place for p in params if p.key in dict(settings.grades)), "参数!A1")
    return [
        finding("BAD_PARAM_VALUE", place, key="优/良/中", value=str(bounds), reason="下限应为 优 > 良 > 中")
    ]


def _check_weights(settings: Settings, params: list[Param]) -> list[Finding]:
    total = settings.budget_weight + sum(w for _level, w in settings.level_weights)
    if abs(total - settings.weights_total) < 1e-9:
        return []
    keys = {"预算执行率分值", *(f"{level}分值" for level, _w in settings.level_weights)}
    place = next((p.value_place for p in params if p.key in keys), "参数!A1")
    return [
        finding("PARAM_WEIGHTS_NOT_100", place, total=f"{total:g}", expected=f"{settings.weights_total:g}")
    ]
