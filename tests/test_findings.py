"""The findings catalogue and places: every code has a level and a template its call sites fill;
a place is a cell (sheet, row, column) or a name, and its ``Sheet!A1`` text is derived from it."""

from __future__ import annotations

import ast
import pickle
import string
from pathlib import Path

import pytest

import evalxl
from evalxl.findings import CATALOGUE, ERROR, NOTE, WARNING, Finding, Place, finding, has_errors, ordered

SOURCE = Path(evalxl.__file__).parent


def template_fields(code: str) -> set[str]:
    return {name for _text, name, _spec, _conversion in string.Formatter().parse(CATALOGUE[code][1]) if name}


# scoring's batched problems (one code for many rows, the values as a list of dicts): their values
# are checked when finding() makes each one, which the evaluation tests exercise
BATCHED = frozenset({"problem", "fail"})


def call_sites() -> dict[str, list[tuple[str, set[str]]]]:
    """For each code, every call in evalxl/ that names it as a literal: (file:line, its keywords).
    Calls that pass ``**values`` or batch the values of many rows are left out (their keywords are
    not written down); ``finding()`` refuses values that do not fill the template exactly."""
    sites: dict[str, list[tuple[str, set[str]]]] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or any(k.arg is None for k in node.keywords):
                continue
            if isinstance(node.func, ast.Attribute) and node.func.attr in BATCHED:
                continue
            for arg in node.args:
                if isinstance(arg, ast.Constant) and arg.value in CATALOGUE:
                    where = f"{path.relative_to(SOURCE)}:{node.lineno}"
                    sites.setdefault(arg.value, []).append((where, {k.arg for k in node.keywords if k.arg}))
    return sites


def test_every_code_has_a_level_and_a_template() -> None:
    for code, (level, template) in CATALOGUE.items():
        assert code == code.upper() and code.replace("_", "").isalnum(), code
        assert level in (ERROR, WARNING, NOTE), code
        assert template.strip() and all(name.isidentifier() for name in template_fields(code)), code


def test_every_call_site_fills_exactly_the_fields_of_its_template() -> None:
    sites = call_sites()
    wrong = [
        (code, where, sorted(given), sorted(template_fields(code)))
        for code, calls in sites.items()
        for where, given in calls
        if given != template_fields(code)
    ]
    assert wrong == []


def test_every_code_of_the_catalogue_is_made_somewhere() -> None:
    assert sorted(set(CATALOGUE) - named_codes()) == []


def named_codes() -> set[str]:
    """The codes named as a literal in any call in evalxl/ (batched and ``**values`` calls too)."""
    codes = set()
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                codes |= {a.value for a in node.args if isinstance(a, ast.Constant) and a.value in CATALOGUE}
    return codes


def test_a_finding_must_fill_its_template_exactly() -> None:
    with pytest.raises(ValueError, match="ZERO_BUDGET"):
        finding("ZERO_BUDGET", "资金!E2")
    with pytest.raises(ValueError, match="ZERO_BUDGET"):
        finding("ZERO_BUDGET", "资金!E2", name="x", extra=1)
    assert finding("ZERO_BUDGET", "资金!E2", name="x").code == "ZERO_BUDGET"


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_each_code_formats_with_its_fields(code: str) -> None:
    values = {name: f"<{name}>" for name in template_fields(code)}
    made = finding(code, Place("指标", 12, 5), **values)
    assert (made.level, made.code, made.place) == (CATALOGUE[code][0], code, "指标!E12")
    assert all(f"<{name}>" in made.message for name in values)
    if values:
        with pytest.raises(ValueError, match=code):
            finding(code, "x", **dict(list(values.items())[1:]))


def test_a_cell_place_carries_its_sheet_row_and_column() -> None:
    place = Place("指标", 12, 5)
    assert (place, place.sheet, place.row, place.column, place.is_cell) == ("指标!E12", "指标", 12, 5, True)
    assert [Place("资金", 3, 27), Place("项目 表", 1, 1), Place("x", 2, 16384)] == [
        "资金!AA3",
        "项目 表!A1",
        "x!XFD2",
    ]
    made = finding("VALUE_REQUIRED", place, column="三级指标")
    assert (made.sheet, made.row, made.column, made.place) == ("指标", 12, 5, "指标!E12")


def test_a_place_that_is_not_a_cell_is_a_name() -> None:
    for name in ("县 2024.xlsx", "本市.toml:weights.产出指标", "参数!A1"):
        made = finding("FILE_OPEN_IN_EXCEL", name, name=name, lock="~$" + name)
        assert (made.sheet, made.row, made.column, made.place) == (name, 0, 0, name)
        assert (Place(name).row, Place(name).is_cell, Place(name)) == (0, False, name)


def test_as_dict_keeps_the_place_text() -> None:
    made = finding("NOT_A_NUMBER", Place("资金", 2, 5), column="全年预算数", value="一百万")
    assert made.as_dict() == {
        "level": ERROR,
        "code": "NOT_A_NUMBER",
        "place": "资金!E2",
        "message": "“全年预算数”应为数字，实际为“一百万”",
    }


@pytest.mark.parametrize(("row", "column"), [(-1, 1), (1, 0), (0, 3), (2, -4)])
def test_a_cell_needs_both_a_row_and_a_column(row: int, column: int) -> None:
    with pytest.raises(ValueError, match="not a place"):
        Place("指标", row, column)


def test_places_are_immutable_and_survive_pickling() -> None:
    place = Place("指标", 7, 3)
    with pytest.raises(AttributeError):
        place.row = 8  # type: ignore[misc]
    copy = pickle.loads(pickle.dumps(place))
    assert (type(copy), copy, copy.sheet, copy.row, copy.column) == (Place, "指标!C7", "指标", 7, 3)
    assert repr(place) == "Place('指标', 7, 3)" and repr(Place("a.xlsx")) == "Place('a.xlsx')"


def test_ordered_puts_errors_first_keeps_discovery_order_and_drops_repeats() -> None:
    note = finding("EXTRA_SHEET", Place("草稿", 1, 1), sheet="草稿")
    late = finding("VALUE_REQUIRED", Place("指标", 9, 4), column="三级指标")
    early = finding("VALUE_REQUIRED", Place("指标", 10, 1), column="项目名称")
    warning = finding("UNKNOWN_LEVEL2", Place("指标", 2, 3), value="别的")
    result = ordered([note, late, warning, early, late, note])
    assert [(f.code, f.place) for f in result] == [
        ("VALUE_REQUIRED", "指标!D9"),
        ("VALUE_REQUIRED", "指标!A10"),
        ("UNKNOWN_LEVEL2", "指标!C2"),
        ("EXTRA_SHEET", "草稿!A1"),
    ]
    assert has_errors(result) and not has_errors([note, warning])


def test_findings_have_no_order_of_their_own() -> None:
    """Findings are shown in the order they were found (``ordered``): they offer no order by their
    fields, which would differ from the order of their place texts (指标!E12 < 指标!E9)."""
    with pytest.raises(TypeError):
        sorted([finding("EXTRA_SHEET", "a", sheet="a"), finding("EXTRA_SHEET", "b", sheet="b")])  # type: ignore[type-var]
    assert isinstance(finding("EXTRA_SHEET", "a", sheet="a"), Finding)
