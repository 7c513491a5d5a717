"""The schema of each kind of data file in ``workbook_templates/``, as data for the one validator.

``standard_input.toml``, ``output_sheets.toml``, ``layouts/*.toml`` and ``profiles/*.toml`` (and a
user's own ``--rules`` file). The words a file may use (a layout's column values, how a 参数 value is
read, …) are named here, so that the code that acts on them can be tested against the same lists.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from evalxl.contract.rollup_sheets import rollup_schema
from evalxl.contract.validator import (
    Each,
    Leaf,
    Rows,
    Table,
    filled,
    flag,
    need,
    number,
    one_of,
    positive,
    template,
    text,
    texts,
    unique,
    words,
)

HEADER_VALUES = ("name", "code", "department", "unit", "leader", "phone", "leader_phone")
FUND_VALUES = ("initial", "budget", "executed", "weight", "rate", "score")
INDICATOR_VALUES = (
    "level1",
    "level2",
    "level3",
    "nature",
    "target",
    "unit",
    "actual",
    "weight",
    "score",
    "reason",
)
ORIENTATIONS = ("portrait", "landscape")
COLUMN_KINDS = ("text", "money", "number", "value")
# How a 参数 value's text is read (evalxl.scoring.settings holds a reader for each) and the run
# settings a 参数 may set besides the profile's keys.
PARAM_READS = ("year", "number", "decimals", "ratio", "bands", "list", "layout", "profile")
RUN_SETTINGS = ("year", "money_unit", "weight_by", "layout")
REVERSE_FORMULAS = ("target/actual", "1-(actual-target)/target")
BANDS = ("达成", "部分达成", "未达成")
OPERATORS = (">=", "<=", "=", ">", "<")
WEIGHTS_MISMATCH = ("rescale", "error")  # 分值 not adding up: rescale the total (warning), or an error
# issue 13, department: what a layout prints, a project's form (a 表样) or the department's
FORM_KINDS = ("project", "department")


def spec_schema(profile_keys: Sequence[str]) -> Table:
    """``standard_input.toml``; a 参数 key sets a run setting or one of ``profile_keys``."""
    column = Table(
        {
            "name": need(Leaf(filled)),
            "required": Leaf(flag),
            "kind": Leaf(one_of(COLUMN_KINDS)),
            "inherit": Leaf(flag),
            "width": need(Leaf(positive)),
            "list": Leaf(filled),
            "about": need(Leaf(filled)),
        }
    )
    sheet = Table(
        {
            "name": need(Leaf(filled)),
            "required": Leaf(flag),
            "about": need(Leaf(filled)),
            "columns": need(Rows(column, least=1)),
        },
        rules=(unique("columns", "name"),),
    )
    param = Table(
        {
            "key": need(Leaf(filled)),
            "default": Leaf(text),
            "list": Leaf(filled),
            "about": Leaf(text),
            "sets": need(Leaf(one_of((*RUN_SETTINGS, *profile_keys)))),
            "read": need(Leaf(one_of(PARAM_READS))),
        }
    )
    three = need(Rows(Leaf(filled), size=3))
    guide = Table(
        {
            "title": need(Leaf(filled)),
            "sheet": need(Leaf(filled)),
            "rules_heading": need(Leaf(filled)),
            "rules": need(Rows(Leaf(filled), least=1)),
            "params_intro": need(Leaf(filled)),
            "columns_header": three,
            "params_header": three,
        }
    )
    return Table(
        {
            "version": need(Leaf(number(1, integer=True))),
            "header_suggestion_cutoff": need(Leaf(number(0.5, 1))),
            "lists": need(Each(Leaf(words))),
            "open_lists": Leaf(words),
            "sheets": need(Rows(sheet, least=1)),
            "params": need(Rows(param)),
            "guide": need(guide),
        },
        rules=(unique("sheets", "name"), unique("params", "key"), _lists_are_named),
    )


def _lists_are_named(spec: Mapping[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """Every ``list`` a column, a 参数 key or ``open_lists`` names is one of ``lists``; a 参数 key
    read as a list names one."""
    found = spec.get("lists")
    lists: Mapping[str, Any] = found if isinstance(found, dict) else {}
    named: list[tuple[str, Any]] = []
    for n, sheet in _items(spec.get("sheets")):
        named += [(f"sheets[{n}].columns[{m}].list", c.get("list")) for m, c in _items(sheet.get("columns"))]
    for n, param in _items(spec.get("params")):
        named.append((f"params[{n}].list", param.get("list")))
        if param.get("read") == "list" and "list" not in param:
            yield f"params[{n}].list", "按列表读取的参数须指明 list", None
    opened = spec.get("open_lists")
    named += [(f"open_lists[{n}]", name) for n, name in enumerate(opened if isinstance(opened, list) else ())]
    for key, name in named:
        if name is not None and name not in lists:
            yield key, "应为 lists 中的一个列表", name


def _items(value: Any) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """(index, item) of the tables in a list (anything else is the walk's problem)."""
    for index, item in enumerate(value if isinstance(value, list) else ()):
        if isinstance(item, dict):
            yield index, item


def output_schema() -> Table:
    """``output_sheets.toml``: a name and a header row for 汇总, 计算过程, 检查结果, manifest.csv and 来源;
    the roll-up's sheets (``[rollup]``, :mod:`evalxl.contract.rollup_sheets`)."""
    fields = {"name": need(Leaf(filled)), "headers": need(Rows(Leaf(template("unit")), least=1))}
    table = need(Table(fields))
    # 计算过程 also says how it prints (issue 14): a width per header, the page margins
    printed = {
        "widths": need(Rows(Leaf(positive), least=1)),
        "margins": need(Rows(Leaf(number(0, 2)), size=4)),
    }
    trace = need(Table({**fields, **printed}, rules=(_a_width_per_header,)))
    parts = {"summary": table, "trace": trace, "checks": table, "manifest": table, "sources": table}
    return Table({**parts, "rollup": need(rollup_schema())})


def _a_width_per_header(table: Mapping[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """计算过程's ``widths`` give one width to each header."""
    widths, headers = table.get("widths"), table.get("headers")
    if isinstance(widths, list) and isinstance(headers, list) and len(widths) != len(headers):
        yield "widths", f"应有 {len(headers)} 个宽度（每列一个）", len(widths)


def layout_schema() -> Table:
    """``layouts/*.toml`` (docs/layouts.md describes each key)."""
    words_ = Leaf(text)
    header_item = Table({"label": need(words_), "value": need(Leaf(one_of(HEADER_VALUES))), "at": words_})
    fund_column = Table(
        {"value": need(Leaf(one_of(FUND_VALUES))), "header": need(words_), "sub_rows": words_}
    )
    funds = Table(
        {
            "label": need(Leaf(template("unit"))),
            "row_labels_at": need(Leaf(one_of(INDICATOR_VALUES))),
            "columns": need(Rows(fund_column, least=1)),
            "total_row": need(words_),
            "rows": Rows(
                Table({"source": need(words_), "text": words_, "takes": Leaf(words), "optional": Leaf(flag)})
            ),
            "other_row": words_,
            "total_only": Leaf(words),
        },
        rules=(unique("columns", "value"), unique("rows", "source"), _other_row_is_a_row, _one_row_each),
    )
    column = Table(
        {"value": need(Leaf(one_of(INDICATOR_VALUES))), "header": need(words_), "width": need(Leaf(positive))}
    )
    indicators = Table(
        {"label": need(words_), "label_width": need(Leaf(positive)), "columns": need(Rows(column))},
        rules=(unique("columns", "value"),),
    )
    total = Table(
        {
            "label": need(words_),
            "grade": Leaf(template("grade")),
            "raw_label": need(words_),
            "rescaled": need(Leaf(template("raw", "to", "applicable"))),
            "adjusted": need(Leaf(template("score"))),
        }
    )
    sizes = ("font_size", "title_size", "line_height", "padding", "min_height", "title_height", "year_height")
    style = Table({"font": need(words_), **{name: need(Leaf(positive)) for name in sizes}})
    page = Table(
        {
            "paper": need(Leaf(number(0, integer=True))),
            "orientation": need(Leaf(one_of(ORIENTATIONS))),
            "margins": need(Rows(Leaf(number(0)), size=4)),
            "footer": words_,
        }
    )
    return Table(
        {
            "name": need(words_),
            "about": need(words_),
            "order": need(Leaf(number(integer=True))),
            "form": Leaf(one_of(FORM_KINDS)),  # issue 13, department
            "derived": Leaf(template("count", "projects")),  # issue 13, department
            "title": need(words_),
            "year_line": Leaf(template("year")),
            "header": need(Rows(Rows(header_item, least=1), least=1)),
            "funds": need(funds),
            "goals": need(Table({name: need(words_) for name in ("label", "planned", "achieved")})),
            "indicators": need(indicators),
            "remark": words_,
            "total": total,
            "notes": Leaf(texts),
            "style": need(style),
            "page": need(page),
        }
    )


def _other_row_is_a_row(funds: Mapping[str, Any]) -> Iterator[tuple[str, str, Any]]:
    other = funds.get("other_row", "")
    sources = [row.get("source") for _, row in _items(funds.get("rows"))]
    if other and other not in sources:
        yield "other_row", "应为 rows 中某一行的 source", other


def _one_row_each(funds: Mapping[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """Every source is printed in one row at most (its own, or one that takes it), and a source
    counted in the total only has no row."""
    seen: set[str] = set()
    for n, row in _items(funds.get("rows")):
        takes = row.get("takes")
        for source in takes if isinstance(takes, list) else ():
            if source in seen or source == row.get("source"):
                yield f"rows[{n}].takes", f"“{source}”已有一行", source
            seen.add(source)
    own = {row.get("source") for _, row in _items(funds.get("rows"))}
    for source in sorted(seen & own):
        yield "rows", f"“{source}”既有自己的行又被另一行收入", source
    total_only = funds.get("total_only")
    for source in total_only if isinstance(total_only, list) else ():
        if source in seen | own:
            yield "total_only", f"“{source}”已有一行", source


def profile_schema(levels: Sequence[str], level2_names: Sequence[str] = ()) -> Table:
    """``profiles/*.toml`` and a user's ``--rules`` file; ``levels`` are the 一级指标 it may weigh,
    ``level2_names`` the 二级指标 an alias may stand for (any name when empty)."""
    share = Leaf(number(0, 1))
    points = Leaf(number(0, 100))
    alias = Leaf(one_of(level2_names)) if level2_names else Leaf(filled)
    return Table(
        {
            "name": Leaf(filled),
            "about": Leaf(filled),
            "base": Leaf(filled),
            "weights": need(Table({"预算执行率": need(points), **{level: points for level in levels}})),
            "scores": need(
                Table(
                    {
                        "decimals": need(Leaf(number(0, 6, integer=True))),
                        "rescale_to": need(Leaf(number(1, 1000))),
                        "weights_total": need(Leaf(number(1, 1000))),
                        "weights_mismatch": need(Leaf(one_of(WEIGHTS_MISMATCH))),  # issue 10, amounts
                    }
                )
            ),
            "grades": need(
                Table(
                    {**{g: need(points) for g in ("优", "良", "中")}, "fallback": Leaf(filled)},
                    rules=(_grades,),
                )
            ),
            "execution": need(
                Table(
                    {
                        "warn_below": need(share),
                        # issue 10, amounts
                        "over_budget_tolerance": need(Leaf(number(0, 10))),
                        "unit_mixup_ratio": need(Leaf(_unit_mixup_ratio)),
                    }
                )
            ),
            "quantitative": need(
                Table(
                    {
                        "reverse_formula": need(Leaf(one_of(REVERSE_FORMULAS))),
                        "deviation_threshold": need(Leaf(number(1, 100))),
                        "deviation_deduction": need(points),
                        "percent_as_ratio": need(Leaf(flag)),
                        "zero_words": need(Leaf(words)),
                        "zero_prefixes": need(Leaf(words)),
                        "within_words": need(Leaf(words)),
                    }
                )
            ),
            "qualitative": need(
                Table(
                    {
                        "bands": need(Leaf(_bands)),
                        "band_defaults": need(Leaf(_band_defaults)),
                        "band_words": need(Leaf(_band_words)),
                        "full_words": need(Leaf(words)),
                        "negation_words": need(Leaf(words)),
                        "negation_exceptions": need(Leaf(texts)),
                        "negated_band": need(Leaf(one_of(BANDS))),
                        "negation_prefixes": need(Leaf(words)),
                    }
                )
            ),
            "time": need(Table({"met_words": need(Leaf(words)), "late_words": need(Leaf(words))})),
            "directions": need(
                Table(
                    {
                        "level2": need(Each(Leaf(one_of(OPERATORS)))),
                        "units": need(Each(Leaf(one_of(OPERATORS)))),
                        "time_level2": need(Leaf(texts)),
                        "time_units": need(Leaf(words)),
                        "level2_rates": need(Leaf(one_of(OPERATORS))),
                    }
                )
            ),
            "reasons": need(
                Table({"not_done_words": need(Leaf(words)), "not_done_exceptions": need(Leaf(texts))})
            ),
            "level2": need(Table({"aliases": need(Each(alias)), "close_match": need(Leaf(number(0.5, 1)))})),
            "caps": Leaf(_caps),
            # issue 13, department: the 部门整体支出绩效自评表's weights
            "department": need(
                Table(
                    {
                        "budget_weight": need(points),
                        "indicator_weight": need(points),
                        "weights": need(Table({level: points for level in levels})),
                    },
                    rules=(_department_weights,),
                )
            ),
        }
    )


def _department_weights(department: Mapping[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """The department's level weights add up to its indicator weight (issue 13)."""
    weights, total = department.get("weights"), department.get("indicator_weight")
    if isinstance(weights, dict) and isinstance(total, int | float):
        values = [v for v in weights.values() if isinstance(v, int | float)]
        if len(values) == len(weights) and abs(sum(values) - total) > 1e-9:
            yield "weights", f"各一级指标分值之和应等于 indicator_weight（{total:g}）", sum(values)


def _grades(grades: Mapping[str, Any]) -> Iterator[tuple[str, str, Any]]:
    bounds = [grades[g] for g in ("优", "良", "中") if isinstance(grades.get(g), int | float)]
    if len(bounds) == 3 and not bounds[0] > bounds[1] > bounds[2]:
        yield "", "下限应为 优 > 良 > 中", bounds


def _bands(value: Any) -> str:
    share = number(0, 1)
    if not (isinstance(value, list) and len(value) == 2 and not share(value[0]) and not share(value[1])):
        return "应为两个 0 到 1 之间的比例，如 [0.8, 0.6]"
    return "" if 0 < value[1] < value[0] <= 1 else "第一个分界应大于第二个"


def _band_defaults(value: Any) -> str:
    if not isinstance(value, dict) or set(value) != set(BANDS):
        return "应为 达成、部分达成、未达成 三档各自的默认比例"
    return next((f"{band}：{why}" for band, v in value.items() if (why := number(0, 1)(v))), "")


def _band_words(value: Any) -> str:
    ok = isinstance(value, dict) and all(isinstance(k, str) and v in BANDS for k, v in value.items())
    return "" if ok else "应为 词 = 档次（达成、部分达成、未达成）"


def _unit_mixup_ratio(value: Any) -> str:
    ratio = number(1, 1e9)
    if not (isinstance(value, list) and len(value) == 2 and not ratio(value[0]) and not ratio(value[1])):
        return "应为两个大于 1 的倍数，如 [2000, 20000]"
    return "" if value[0] < value[1] else "第一个倍数应小于第二个"


def _caps(value: Any) -> str:
    if not isinstance(value, list):
        return "应为 [[caps]] 表的列表"
    for cap in value:
        if not isinstance(cap, dict) or set(cap) != {"below", "max"}:
            return "每条 caps 应只含 below（执行率，如 0.8）与 max（总分上限）"
        if why := number(0, 1)(cap["below"]) or number(0, 100)(cap["max"]):
            return why
    return ""
