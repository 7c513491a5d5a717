"""Rules profiles: every default of the scoring conventions, as data (TOML).

The built-in profiles live in ``profiles/``; a finance bureau can write its own file and pass it
with ``--rules FILE``. A profile may name a ``base`` profile and hold only what differs from it.
Every key and value is checked: an unknown key or a bad value is a finding naming the key, so a
typo never changes a score silently.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from evalxl import spec
from evalxl.findings import Finding, finding
from evalxl.model import Settings

DEFAULT_PROFILE = "财预〔2020〕10号"
REVERSE_FORMULAS = ("target/actual", "1-(actual-target)/target")
BANDS = ("达成", "部分达成", "未达成")

Check = Callable[[Any], str]  # returns "" when the value is good, else why not (Chinese)


def _number(low: float | None = None, high: float | None = None, integer: bool = False) -> Check:
    def check(value: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "应为数字"
        if integer and value != int(value):
            return "应为整数"
        if (low is not None and value < low) or (high is not None and value > high):
            return f"应在 {low if low is not None else '-∞'} 与 {high if high is not None else '∞'} 之间"
        return ""

    return check


def _text(value: Any) -> str:
    return "" if isinstance(value, str) and value.strip() else "应为非空文字"


def _flag(value: Any) -> str:
    return "" if isinstance(value, bool) else "应为 true 或 false"


def _one_of(options: tuple[str, ...]) -> Check:
    return lambda value: "" if value in options else "应为 " + "、".join(options) + " 之一"


def _words(value: Any) -> str:
    ok = isinstance(value, list) and all(isinstance(w, str) and w for w in value)
    return "" if ok else "应为文字列表"


def _bands(value: Any) -> str:
    if not (
        isinstance(value, list)
        and len(value) == 2
        and not _number(0, 1)(value[0])
        and not _number(0, 1)(value[1])
    ):
        return "应为两个 0 到 1 之间的比例，如 [0.8, 0.6]"
    return "" if 0 < value[1] < value[0] <= 1 else "第一个分界应大于第二个"


def _band_defaults(value: Any) -> str:
    if not isinstance(value, dict) or set(value) != set(BANDS):
        return "应为 达成、部分达成、未达成 三档各自的默认比例"
    return next((f"{band}：{why}" for band, v in value.items() if (why := _number(0, 1)(v))), "")


def _band_words(value: Any) -> str:
    ok = isinstance(value, dict) and all(isinstance(k, str) and v in BANDS for k, v in value.items())
    return "" if ok else "应为 词 = 档次（达成、部分达成、未达成）"


def _caps(value: Any) -> str:
    if not isinstance(value, list):
        return "应为 [[caps]] 表的列表"
    for cap in value:
        if not isinstance(cap, dict) or set(cap) != {"below", "max"}:
            return "每条 caps 应只含 below（执行率，如 0.8）与 max（总分上限）"
        if why := _number(0, 1)(cap["below"]) or _number(0, 100)(cap["max"]):
            return why
    return ""


# Every key a profile may hold, with the check of its value.
LEAVES: dict[str, Check] = {
    "name": _text,
    "about": _text,
    "base": _text,
    **{f"weights.{level}": _number(0, 100) for level in ("预算执行率", *spec.choices("一级指标"))},
    "scores.decimals": _number(0, 6, integer=True),
    "scores.rescale_to": _number(1, 1000),
    "scores.weights_total": _number(1, 1000),
    "grades.优": _number(0, 100),
    "grades.良": _number(0, 100),
    "grades.中": _number(0, 100),
    "grades.fallback": _text,
    "execution.warn_below": _number(0, 1),
    "quantitative.reverse_formula": _one_of(REVERSE_FORMULAS),
    "quantitative.deviation_threshold": _number(1, 100),
    "quantitative.deviation_deduction": _number(0, 100),
    "quantitative.percent_as_ratio": _flag,
    "qualitative.bands": _bands,
    "qualitative.band_defaults": _band_defaults,
    "qualitative.band_words": _band_words,
    "qualitative.full_words": _words,
    "time.met_words": _words,
    "time.late_words": _words,
    "caps": _caps,
}


def _leaves(data: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(dotted key, value) for every leaf; a table registered as a leaf is one value."""
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and path not in LEAVES:
            yield from _leaves(value, path + ".")
        else:
            yield path, value


def check_profile(data: dict[str, Any], where: str) -> list[Finding]:
    """Findings for unknown keys, bad values and inconsistent grades or bands in a profile."""
    found = []
    for key, value in _leaves(data):
        if key not in LEAVES:
            found.append(finding("PROFILE_UNKNOWN_KEY", f"{where}:{key}", key=key))
        elif why := LEAVES[key](value):
            found.append(finding("PROFILE_BAD_VALUE", f"{where}:{key}", key=key, value=value, reason=why))
    grades = data.get("grades", {})
    bounds = [grades[g] for g in ("优", "良", "中") if isinstance(grades.get(g), int | float)]
    if len(bounds) == 3 and not bounds[0] > bounds[1] > bounds[2]:
        found.append(
            finding(
                "PROFILE_BAD_VALUE",
                f"{where}:grades",
                key="grades",
                value=bounds,
                reason="下限应为 优 > 良 > 中",
            )
        )
    return found


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """``base`` with ``override`` laid over it, table by table; leaves are replaced whole."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict) and key not in LEAVES:
            merged[key] = _merge(base[key], value)
        else:
            merged[key] = value
    return merged


@functools.cache
def builtin_profiles() -> dict[str, dict[str, Any]]:
    """The profiles shipped with evalxl, by name, each complete (its base laid under it)."""
    raw: dict[str, dict[str, Any]] = {}
    for entry in sorted(
        resources.files("evalxl.workbook_templates").joinpath("profiles").iterdir(), key=lambda e: e.name
    ):
        if entry.name.endswith(".toml"):
            data = tomllib.loads(entry.read_text("utf-8"))
            raw[data["name"]] = data
    return {name: _resolve(data, raw) for name, data in raw.items()}


def _resolve(data: dict[str, Any], known: dict[str, dict[str, Any]]) -> dict[str, Any]:
    base = data.get("base")
    if not base:
        return data
    return _merge(_resolve(known[base], known), {k: v for k, v in data.items() if k != "base"})


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
        found.append(
            finding(
                "PROFILE_BAD_VALUE",
                f"{name}:base",
                key="base",
                value=base_name,
                reason="应为 " + "、".join(profiles) + " 之一",
            )
        )
        base_name = DEFAULT_PROFILE
    merged = _merge(profiles[base_name], {k: v for k, v in data.items() if k != "base"})
    if "name" not in data:
        merged["name"] = path.stem
    found += [f for f in check_profile(merged, name) if f not in found]
    return (None if found else merged), found


def _toml_hint(text: str, error: str) -> str:
    """The parser's message, with the usual cause named: a Chinese key written without quotes."""
    match = re.search(r"line (\d+)", error)
    line = (
        text.splitlines()[int(match.group(1)) - 1]
        if match and int(match.group(1)) <= len(text.splitlines())
        else ""
    )
    if line.strip() and not line.strip()[0].isascii():
        return f'{error}；中文键名须加引号，如 "产出指标" = 50'
    return error


def settings_from_profile(data: dict[str, Any]) -> Settings:
    """Settings holding a (checked, complete) profile's values, before any 参数 override."""
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
    )


def default_settings() -> Settings:
    """The settings of the default profile with no override."""
    return settings_from_profile(builtin_profiles()[DEFAULT_PROFILE])
