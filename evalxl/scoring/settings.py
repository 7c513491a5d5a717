"""The run's settings: a rules profile with the 参数 sheet laid over it.

A profile (``workbook_templates/profiles/*.toml``, or a user's ``--rules`` file that holds only what
differs from its ``base``) holds every default of the scoring conventions. A 参数 row sets one key of
the profile (or a setting of the run: year, money unit, weighting, layout) as the 参数 key table of
``standard_input.toml`` says, and 评分规则 chooses the profile it is laid over. Both are checked by the
contract's one validator against the profile's schema, so a typo never changes a score silently: a
profile's problem is a finding naming its key (``本市.toml:weights.产出指标``), a 参数 row's one naming
its cell.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from evalxl import contract
from evalxl.contract import validator
from evalxl.contract.schemas import RUN_SETTINGS
from evalxl.findings import Finding, finding
from evalxl.model import Param, Settings

DEFAULT_PROFILE = "财预〔2020〕10号"


def builtin_profiles() -> dict[str, dict[str, Any]]:
    """The profiles shipped with evalxl, by name, each complete (its base laid under it)."""
    return contract.profiles()


# --------------------------------------------------------------------------- profiles


def check_profile(data: dict[str, Any], where: str) -> list[Finding]:
    """Findings for unknown keys, bad values and inconsistent grades or bands in a profile."""
    found = []
    for problem in contract.profile_problems(data):
        place = f"{where}:{problem.key}"
        if problem.unknown:
            found.append(finding("PROFILE_UNKNOWN_KEY", place, key=problem.key))
        else:
            found.append(
                finding(
                    "PROFILE_BAD_VALUE", place, key=problem.key, value=problem.value, reason=problem.reason
                )
            )
    return found


def load_profile_file(path: Path) -> tuple[dict[str, Any] | None, list[Finding]]:
    """A user's profile file, laid over its ``base`` (default: the default profile), and its findings."""
    name = path.name
    try:
        text = path.read_text("utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        return None, [finding("PROFILE_UNREADABLE", name, name=name, detail=str(exc))]
    except tomllib.TOMLDecodeError as exc:
        return None, [finding("PROFILE_UNREADABLE", name, name=name, detail=_toml_hint(text, str(exc)))]
    found = check_profile(data, name)
    base_name = data.get("base", DEFAULT_PROFILE)
    profiles = builtin_profiles()
    if base_name not in profiles:
        reason = "应为 " + "、".join(profiles) + " 之一"
        found.append(finding("PROFILE_BAD_VALUE", f"{name}:base", key="base", value=base_name, reason=reason))
        base_name = DEFAULT_PROFILE
    merged = validator.overlay(profiles[base_name], {k: v for k, v in data.items() if k != "base"})
    if "name" not in data:
        merged["name"] = path.stem
    found += [f for f in check_profile(merged, name) if f not in found]
    return (None if found else merged), found


def _toml_hint(text: str, error: str) -> str:
    """The parser's message, with the usual cause named: a Chinese key written without quotes."""
    match = re.search(r"line (\d+)", error)
    lines = text.splitlines()
    line = lines[int(match.group(1)) - 1] if match and int(match.group(1)) <= len(lines) else ""
    if line.strip() and not line.strip()[0].isascii():
        return f'{error}；中文键名须加引号，如 "产出指标" = 50'
    return error


def settings_from_profile(data: dict[str, Any]) -> Settings:
    """Settings holding a (checked, complete) profile's values, before any 参数 override."""
    weights = dict(data["weights"])
    grades = dict(data["grades"])
    fallback = str(grades.pop("fallback", "差"))
    q, ql, t = data["quantitative"], data["qualitative"], data["time"]
    directions, level2 = data["directions"], data["level2"]
    return Settings(
        rules_name=data["name"],
        budget_weight=float(weights.pop("预算执行率")),
        level_weights=tuple((k, float(v)) for k, v in weights.items()),
        decimals=int(data["scores"]["decimals"]),
        rescale_to=float(data["scores"]["rescale_to"]),
        weights_total=float(data["scores"]["weights_total"]),
        grades=tuple((g, float(grades[g])) for g in ("优", "良", "中")),  # best first
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
        caps=tuple(sorted((float(c["below"]), float(c["max"])) for c in data.get("caps", []))),
        zero_words=tuple(q["zero_words"]),
        zero_prefixes=tuple(q["zero_prefixes"]),
        within_words=tuple(q["within_words"]),
        negation_words=tuple(ql["negation_words"]),
        negation_exceptions=tuple(ql["negation_exceptions"]),
        negated_band=str(ql["negated_band"]),
        negation_prefixes=tuple(ql["negation_prefixes"]),
        direction_level2=tuple(directions["level2"].items()),
        direction_units=tuple(directions["units"].items()),
        time_level2=tuple(directions["time_level2"]),
        time_units=tuple(directions["time_units"]),
        level2_rates=str(directions["level2_rates"]),
        not_done_words=tuple(data["reasons"]["not_done_words"]),
        not_done_exceptions=tuple(data["reasons"]["not_done_exceptions"]),
        level2_names=contract.choices("二级指标"),
        level2_aliases=tuple(level2["aliases"].items()),
        level2_close_match=float(level2["close_match"]),
        # issue 10, amounts
        weights_mismatch=str(data["scores"]["weights_mismatch"]),
        over_budget_tolerance=float(data["execution"]["over_budget_tolerance"]),
        unit_mixup_ratio=_pair(data["execution"]["unit_mixup_ratio"]),
        # issue 13, department
        department_budget_weight=float(data["department"]["budget_weight"]),
        department_indicator_weight=float(data["department"]["indicator_weight"]),
        department_level_weights=tuple((k, float(v)) for k, v in data["department"]["weights"].items()),
    )


def _pair(value: Sequence[Any]) -> tuple[float, float]:
    return float(value[0]), float(value[1])


def default_settings() -> Settings:
    """The settings of the default profile with no override."""
    return settings_from_profile(builtin_profiles()[DEFAULT_PROFILE])


# --------------------------------------------------------------------------- reading 参数 values

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


def _bands(text: str) -> list[float]:
    parts = [p.strip() for p in re.split(r"[,，、;；/ ]+", text) if p.strip()]
    if len(parts) != 2:
        raise _Bad("应为两个百分比，如 80%,60%")
    high, low = sorted((_ratio(p) for p in parts), reverse=True)
    if not 0 < low < high <= 1:
        raise _Bad("两个分界应在 0% 与 100% 之间且不相等")
    return [high, low]


def _choice(text: str, options: Sequence[str]) -> str:
    if text not in options:
        raise _Bad("应为 " + "、".join(options) + " 之一")
    return text


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


# How each 参数 value is read, by the key table's ``read`` (evalxl.contract.schemas.PARAM_READS).
READS: dict[str, Callable[[str, contract.ParamKey], Any]] = {
    "year": lambda text, _key: _year(text),
    "number": lambda text, _key: _number(text),
    "decimals": lambda text, _key: _decimals(text),
    "ratio": lambda text, _key: _ratio(text),
    "bands": lambda text, _key: _bands(text),
    "list": lambda text, key: _choice(text, contract.choices(key.list)),
    "layout": lambda text, _key: _choice(text, contract.layout_names()),
    "profile": lambda text, _key: _choice(text, tuple(builtin_profiles())),
}


# --------------------------------------------------------------------------- the 参数 overlay


def settings_for(
    params: Iterable[Param], profile_data: dict[str, Any] | None = None, layout_name: str = ""
) -> tuple[Settings, list[Finding]]:
    """Settings for a run: a rules profile with every 参数 laid over it.

    The profile is ``profile_data`` when given (``--rules``), else the one 参数 评分规则 names, else
    the default; ``layout_name`` (``--layout``) wins over 参数 表样.
    """
    params = list(params)
    keys = {key.key: key for key in contract.standard_input().params}
    findings = _check_keys(params)
    profile = profile_data or _named_profile(params, keys, findings)
    over: dict[str, Any] = {}
    run: dict[str, Any] = {}
    for p in params:
        key = keys.get(p.key)
        if key is None or key.sets == "base":
            continue
        try:
            value = _read(key, p.value.strip())
        except _Bad as bad:
            findings.append(
                finding("BAD_PARAM_VALUE", p.value_place, key=p.key, value=p.value, reason=str(bad))
            )
            continue
        if key.sets in RUN_SETTINGS:
            run[key.sets] = value
        else:
            over = validator.overlay(over, _nested(key.sets, value))
    profile = validator.overlay(profile, over)
    findings += _across_keys(profile, params)
    settings = replace(settings_from_profile(profile), **run)
    if layout_name:
        settings = replace(settings, layout=layout_name)
    findings.extend(_check_weights(settings, params))
    return settings, findings


def _read(key: contract.ParamKey, text: str) -> Any:
    """The value of a 参数 row, read as its key says and, when it sets a profile key, checked by the
    profile's schema; _Bad says why it cannot be used."""
    value = READS[key.read](text, key)
    if key.sets not in RUN_SETTINGS:
        for problem in validator.problems(validator.node_at(contract.profile_schema(), key.sets), value):
            raise _Bad(problem.reason)
    return value


def _nested(key: str, value: Any) -> dict[str, Any]:
    """``{"a": {"b": value}}`` for the dotted key ``a.b``."""
    head, _, rest = key.partition(".")
    return {head: _nested(rest, value) if rest else value}


def _named_profile(
    params: list[Param], keys: dict[str, contract.ParamKey], findings: list[Finding]
) -> dict[str, Any]:
    """The profile 参数 评分规则 names (the default when none does, or a bad name: a finding)."""
    for p in params:
        key = keys.get(p.key)
        if key is not None and key.sets == "base":
            try:
                return builtin_profiles()[READS[key.read](p.value, key)]
            except _Bad as bad:
                findings.append(
                    finding("BAD_PARAM_VALUE", p.value_place, key=p.key, value=p.value, reason=str(bad))
                )
    return builtin_profiles()[DEFAULT_PROFILE]


def _check_keys(params: list[Param]) -> list[Finding]:
    known = contract.param_keys()
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


def _setters(prefix: str, params: list[Param]) -> list[Param]:
    """The 参数 rows whose key sets ``prefix`` or a profile key under it, in row order."""
    names = {key.key for key in contract.param_targets(prefix)}
    return [p for p in params if p.key in names]


def _across_keys(profile: dict[str, Any], params: list[Param]) -> list[Finding]:
    """The profile's rules across keys (优 > 良 > 中) broken by the 参数 laid over it, each at the
    first row that sets one of those keys."""
    found = []
    for problem in contract.profile_problems(profile, complete=True):
        rows = _setters(problem.key, params)
        place = rows[0].value_place if rows else "参数!A1"
        names = "/".join(key.key for key in contract.param_targets(problem.key))
        shown = [float(v) for v in problem.value] if isinstance(problem.value, list) else problem.value
        found.append(finding("BAD_PARAM_VALUE", place, key=names, value=str(shown), reason=problem.reason))
    return found


def _check_weights(settings: Settings, params: list[Param]) -> list[Finding]:
    total = settings.budget_weight + sum(w for _level, w in settings.level_weights)
    if abs(total - settings.weights_total) < 1e-9:
        return []
    rows = _setters("weights", params)
    place = rows[0].value_place if rows else "参数!A1"
    return [
        finding("PARAM_WEIGHTS_NOT_100", place, total=f"{total:g}", expected=f"{settings.weights_total:g}")
    ]
