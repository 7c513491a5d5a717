"""The contract (evalxl.contract): every data file of workbook_templates/ read by one loader and
checked by one validator; a broken file is named by file and key (``layouts/x.toml:funds.rows[2]``)."""

from __future__ import annotations

import copy
import fnmatch
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from evalxl import contract
from evalxl.contract import ContractError, validator

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "workbook_templates"


def shipped(path: str) -> dict[str, Any]:
    return tomllib.loads((TEMPLATES / path).read_text(encoding="utf-8"))


def where(kind: str, data: Any, file: str, *, complete: bool = True) -> str:
    """The place ContractError names for ``data`` checked as a ``kind`` file ("" when it is good)."""
    try:
        contract.checked(contract.schema_of(kind), data, file, complete=complete)
    except ContractError as problem:
        return problem.where
    return ""


Edit = Callable[[dict[str, Any]], None]


def edited(data: dict[str, Any], edit: Edit) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    edit(changed)
    return changed


# --------------------------------------------------------------------------- the shipped files


def test_every_shipped_file_is_read_and_good() -> None:
    assert [s.name for s in contract.sheets()] == ["项目", "资金", "指标", "部门", "部门指标", "参数"]
    assert contract.output_sheets().names == {"汇总", "计算过程", "检查结果"}
    assert contract.layout_names()[0] == "目标自评表"
    assert list(contract.profiles()) == ["财预〔2020〕10号", "财预〔2020〕10号·从严"]
    on_disk = sorted(str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.toml"))
    assert sorted(contract.all_files()) == on_disk


def test_every_data_file_is_in_the_wheel() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["evalxl.workbook_templates"]
    for file in contract.all_files():
        assert any(
            fnmatch.fnmatch(file, pattern) and file.count("/") == pattern.count("/") for pattern in patterns
        ), file


def test_files_are_read_once() -> None:
    assert contract.standard_input() is contract.standard_input()
    assert contract.layouts() is contract.layouts() and contract.profiles() is contract.profiles()


def test_the_source_rows_of_a_layout_are_data() -> None:
    rows = contract.source_rows("目标自评表")
    assert rows.rows == ("中央补助", "省级资金", "市级资金", "县级资金", "其他资金")
    assert rows.texts == ("其中：中央补助", "省级资金", "市级资金", "县级资金", "其他资金")
    assert (rows.other_row, rows.total_row) == ("其他资金", "年度资金总额")
    with pytest.raises(KeyError, match="省级表样"):
        contract.source_rows("省级表样")


# --------------------------------------------------------------------------- each kind: good, unknown key, bad value


def _set(path: str, value: Any) -> Edit:
    """An edit setting the key at ``path`` (dots and [n] indexes) to ``value``."""

    def edit(data: dict[str, Any]) -> None:
        parts = path.replace("[", ".").replace("]", "").split(".")
        node: Any = data
        for part in parts[:-1]:
            node = node[int(part)] if part.isdigit() else node[part]
        last = parts[-1]
        node[int(last) if last.isdigit() else last] = value

    return edit


def _drop(path: str) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        head, _, key = path.rpartition(".")
        (data if not head else data[head]).pop(key)

    return edit


CASES = [
    # (kind, shipped file, checked as, edit, the place named)
    ("standard_input", "standard_input.toml", "standard_input.toml", None, ""),
    (
        "standard_input",
        "standard_input.toml",
        "standard_input.toml",
        _set("sheets[0].columns[0].colour", "red"),
        "standard_input.toml:sheets[0].columns[0].colour",
    ),
    (
        "standard_input",
        "standard_input.toml",
        "standard_input.toml",
        _set("sheets[2].columns[3].width", "wide"),
        "standard_input.toml:sheets[2].columns[3].width",
    ),
    (
        "standard_input",
        "standard_input.toml",
        "standard_input.toml",
        _set("params[4].sets", "weights.其他指标"),
        "standard_input.toml:params[4].sets",
    ),
    (
        "standard_input",
        "standard_input.toml",
        "standard_input.toml",
        _set("params[1].read", "guess"),
        "standard_input.toml:params[1].read",
    ),
    (
        "standard_input",
        "standard_input.toml",
        "standard_input.toml",
        _set("sheets[2].columns[2].list", "一级"),
        "standard_input.toml:sheets[2].columns[2].list",
    ),
    (
        "standard_input",
        "standard_input.toml",
        "standard_input.toml",
        _set("guide.columns_header", ["列名", "说明"]),
        "standard_input.toml:guide.columns_header",
    ),
    (
        "standard_input",
        "standard_input.toml",
        "standard_input.toml",
        _drop("guide"),
        "standard_input.toml:guide",
    ),
    ("output_sheets", "output_sheets.toml", "output_sheets.toml", None, ""),
    (
        "output_sheets",
        "output_sheets.toml",
        "output_sheets.toml",
        _set("summary.colour", 1),
        "output_sheets.toml:summary.colour",
    ),
    (
        "output_sheets",
        "output_sheets.toml",
        "output_sheets.toml",
        _set("trace.headers", "项目名称"),
        "output_sheets.toml:trace.headers",
    ),
    (
        "output_sheets",
        "output_sheets.toml",
        "output_sheets.toml",
        _set("checks.headers[1]", 7),
        "output_sheets.toml:checks.headers[1]",
    ),
    (
        "output_sheets",
        "output_sheets.toml",
        "output_sheets.toml",
        _drop("manifest"),
        "output_sheets.toml:manifest",
    ),
    ("layout", "layouts/target_form.toml", "layouts/x.toml", None, ""),
    (
        "layout",
        "layouts/target_form.toml",
        "layouts/x.toml",
        _set("funds.rows[2].colour", "red"),
        "layouts/x.toml:funds.rows[2].colour",
    ),
    (
        "layout",
        "layouts/target_form.toml",
        "layouts/x.toml",
        _set("funds.rows[2]", "市级资金"),
        "layouts/x.toml:funds.rows[2]",
    ),
    (
        "layout",
        "layouts/scored_form.toml",
        "layouts/x.toml",
        _set("total.rescaled", "{raw} → {total}"),
        "layouts/x.toml:total.rescaled",
    ),
    (
        "layout",
        "layouts/scored_form.toml",
        "layouts/x.toml",
        _set("page.paper", 9.5),
        "layouts/x.toml:page.paper",
    ),
    ("profile", "profiles/cai-yu-2020-10.toml", "profiles/x.toml", None, ""),
    (
        "profile",
        "profiles/cai-yu-2020-10.toml",
        "profiles/x.toml",
        _set("weights.其他指标", 5),
        "profiles/x.toml:weights.其他指标",
    ),
    (
        "profile",
        "profiles/cai-yu-2020-10.toml",
        "profiles/x.toml",
        _set("weights.产出指标", "五十"),
        "profiles/x.toml:weights.产出指标",
    ),
    (
        "profile",
        "profiles/cai-yu-2020-10.toml",
        "profiles/x.toml",
        _set("grades.良", 95),
        "profiles/x.toml:grades",
    ),
    ("profile", "profiles/cai-yu-2020-10.toml", "profiles/x.toml", _drop("time"), "profiles/x.toml:time"),
]


@pytest.mark.parametrize(("kind", "source", "file", "edit", "place"), CASES)
def test_a_file_is_checked_by_its_kind_s_schema(
    kind: str, source: str, file: str, edit: Edit | None, place: str
) -> None:
    data = shipped(source)
    assert where(kind, edited(data, edit) if edit else data, file) == place


def test_a_profile_that_only_holds_what_differs_from_its_base_is_good() -> None:
    strict = shipped("profiles/strict.toml")
    assert where("profile", strict, "profiles/strict.toml", complete=False) == ""
    alone = where("profile", strict, "profiles/strict.toml")  # alone it is not complete
    assert alone == "profiles/strict.toml:quantitative.deviation_threshold"


def test_a_layout_folder_is_read_with_its_files_named(tmp_path: Path) -> None:
    folder = tmp_path / "layouts"
    folder.mkdir()
    text = (TEMPLATES / "layouts" / "target_form.toml").read_text(encoding="utf-8")
    (folder / "x.toml").write_text(
        text.replace('{ source = "市级资金" }', '{ source = "市级资金", colour = 1 }'), encoding="utf-8"
    )
    with pytest.raises(ContractError, match=r"^layouts/x\.toml:funds\.rows\[2\]\.colour: 未知的键") as caught:
        contract.load_layouts(folder)
    assert caught.value.where == "layouts/x.toml:funds.rows[2].colour"


def test_text_that_is_not_toml_names_the_file() -> None:
    with pytest.raises(ContractError) as caught:
        contract.parse("name = 目标", "layouts/x.toml")
    assert caught.value.where == "layouts/x.toml"


# --------------------------------------------------------------------------- the validator


def test_problems_come_in_document_order_with_the_rules_last() -> None:
    schema = validator.Table(
        {
            "a": validator.Leaf(validator.number(0, 1)),
            "b": validator.Table(
                {"x": validator.Leaf(validator.flag), "y": validator.Leaf(validator.flag)},
                rules=(
                    lambda table: iter([("", "不一致", None)] if table.get("x") != table.get("y") else []),
                ),
            ),
            "c": validator.need(validator.Leaf(validator.text)),
        }
    )
    found = validator.problems(schema, {"b": {"x": True, "y": False, "z": 1}, "a": 2})
    assert [(p.key, p.unknown) for p in found] == [("b.z", True), ("a", False), ("c", False), ("b", False)]
    assert [p.reason for p in found[1:]] == ["应在 0 与 1 之间", validator.MISSING, "不一致"]
    assert [p.key for p in validator.problems(schema, {"a": 0.5, "b": {}}, complete=False)] == []


def test_overlay_merges_tables_and_replaces_other_values() -> None:
    base = {"a": {"x": 1, "y": 2}, "b": [1, 2], "c": 1}
    assert validator.overlay(base, {"a": {"y": 3, "z": 4}, "b": [3]}) == {
        "a": {"x": 1, "y": 3, "z": 4},
        "b": [3],
        "c": 1,
    }
    assert base == {"a": {"x": 1, "y": 2}, "b": [1, 2], "c": 1}
