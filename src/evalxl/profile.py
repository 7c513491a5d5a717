"""Rules profiles: every default of the scoring conventions, as data.

A profile is a TOML file in ``profiles/``. The 参数 sheet overrides single values of the chosen
profile; :func:`settings_for` turns both into one :class:`~evalxl.model.Settings` and reports a bad
key or value as a finding naming its cell.
"""

from __future__ import annotations

import difflib
import functools
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import replace
from importlib import resources
from typing import Any

from evalxl import spec
from evalxl.findings import Finding, finding
from evalxl.model import Param, Settings

LAYOUTS = ("目标自评表",)


@functools.cache
def builtin_profiles() -> dict[str, dict[str, Any]]:
    """The profiles shipped with evalxl, by name."""
    found: dict[str, dict[str, Any]] = {}
    for entry in sorted(resources.files("evalxl").joinpath("profiles").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            data = tomllib.loads(entry.read_text("utf-8"))
            found[data["name"]] = data
    return found


DEFAULT_PROFILE = "财预〔2020〕10号"


def settings_from_profile(data: dict[str, Any]) -> Settings:
    """Settings holding a profile's values (before any 参数 override)."""
    weights = dict(data["weights"])
    grades = dict(data["grades"])
    fallback = str(grades.pop("fallback", "差"))
    q, ql, t = data["quantitative"], data["qualitative"], data["time"]
    return Settings(
        rules_name=data["name"],
        budget_weight=float(weights.pop("预算执行率")),
        level_weights=tuple((k, float(v)) for k, v in weights.items()),
        decimals=int(data["scores"]["decimals"]),
        rescale_to=float(data["scores"]["rescale_to"]),
        weights_total=float(data["scores"]["weights_total"]),
        grades=tuple((k, float(v)) for k, v in grades.items()),  # best first
        grade_fallback=fallback,
        execution_warn_below=float(data["execution"]["warn_below"]),
        reverse_formula=str(q["reverse_formula"]),
        deviation_threshold=float(q["deviation_threshold"]),
        deviation_deduction=float(q["deviation_deduction"]),
        percent_as_ratio=bool(q["percent_as_ratio"]),
        qual_bands=(float(ql["bands"][0]), float(ql["bands"][1])),
        band_defaults=tuple((k, float(v)) for k, v in ql["band_defaults"].items()),
        band_words=tuple(sorted(ql["band_words"].items(), key=lambda kv: -len(kv[0]))),
        full_words=tuple(ql["full_words"]),
        time_met_words=tuple(t["met_words"]),
        time_late_words=tuple(t["late_words"]),
    )


def default_settings() -> Settings:
    """The settings of the default profile with no override."""
    return settings_from_profile(builtin_profiles()[DEFAULT_PROFILE])


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
    if not re.fullmatch(r"(19|20)\d\d", text):
        raise _Bad("应为四位年份，如 2023")
    return text


def _set_level(level: str) -> Callable[[Settings, float], Settings]:
    def apply(s: Settings, value: float) -> Settings:
        weights = dict(s.level_weights)
        weights[level] = value
        return replace(s, level_weights=tuple(weights.items()))

    return apply


def _set_grade(grade: str) -> Callable[[Settings, float], Settings]:
    def apply(s: Settings, value: float) -> Settings:
        grades = dict(s.grades)
        grades[grade] = value
        return replace(s, grades=tuple(grades.items()))

    return apply


def _field(name: str) -> Callable[[Settings, Any], Settings]:
    return lambda s, value: replace(s, **{name: value})


# key -> (parse the text, apply the value to the settings)
_APPLY: dict[str, tuple[Callable[[str], Any], Callable[[Settings, Any], Settings]]] = {
    "年度": (_year, _field("year")),
    "金额单位": (_choice(spec.choices("金额单位")), _field("money_unit")),
    "预算执行率分值": (_number, _field("budget_weight")),
    "产出指标分值": (_number, _set_level("产出指标")),
    "效益指标分值": (_number, _set_level("效益指标")),
    "满意度指标分值": (_number, _set_level("满意度指标")),
    "成本指标分值": (_number, _set_level("成本指标")),
    "得分小数位": (_decimals, _field("decimals")),
    "优": (_number, _set_grade("优")),
    "良": (_number, _set_grade("良")),
    "中": (_number, _set_grade("中")),
    "定性档次": (_bands, _field("qual_bands")),
    "偏离阈值": (_ratio, _field("deviation_threshold")),
    "加权资金": (_choice(spec.choices("加权资金")), _field("weight_by")),
    "表样": (_choice(LAYOUTS), _field("layout")),
}


def settings_for(params: Iterable[Param]) -> tuple[Settings, list[Finding]]:
    """Settings for a run: the profile named by 评分规则 (or the default) with every 参数 applied."""
    params = list(params)
    findings = _check_keys(params)
    profiles = builtin_profiles()
    base = DEFAULT_PROFILE
    for p in params:
        if p.key == "评分规则":
            if p.value in profiles:
                base = p.value
            else:
                reason = "应为 " + "、".join(profiles) + " 之一"
                findings.append(
                    finding("BAD_PARAM_VALUE", p.value_place, key=p.key, value=p.value, reason=reason)
                )
    settings = settings_from_profile(profiles[base])
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
    findings.extend(_check_grades(settings, params))
    findings.extend(_check_weights(settings, params))
    return settings, findings


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
    return [finding("PARAM_WEIGHTS_NOT_100", place, total=f"{total:g}", expected=f"{settings.weights_total:g}")]
