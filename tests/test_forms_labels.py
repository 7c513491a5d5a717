"""The label data of the forms reader (workbook_templates/form_labels.toml through evalxl.contract)
and the small readings of evalxl.forms: label keys, column headers, 负责人及电话."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path

import pytest

from evalxl import contract
from evalxl.contract import ContractError
from evalxl.findings import Place
from evalxl.forms.grid import Value, header_key
from evalxl.forms.tables import split_leader_phone, with_unit

FILE = Path(__file__).resolve().parents[1] / "workbook_templates" / "form_labels.toml"


def shipped() -> dict:
    return tomllib.loads(FILE.read_text(encoding="utf-8"))


def where(data: dict) -> str:
    try:
        contract.checked(contract.schema_of("form_labels"), data, "form_labels.toml")
    except ContractError as problem:
        return problem.where
    return ""


def test_the_shipped_labels_are_good_and_normalised() -> None:
    assert where(shipped()) == ""
    labels = contract.form_labels()
    assert labels.header["name"] == ("项目名称", "项目支出名称")
    assert "form_labels.toml" in contract.all_files()


@pytest.mark.parametrize(
    ("edit", "place"),
    [
        (lambda d: d["header"].update(name=["项目名称", "项 目 名 称"]), "form_labels.toml:header.name"),
        (lambda d: d["funds"].update(default_unit="千元"), "form_labels.toml:funds.default_unit"),
        (lambda d: d["indicators"].update(colour=["红"]), "form_labels.toml:indicators.colour"),
        (lambda d: d["end"].pop("notes"), "form_labels.toml:end.notes"),
    ],
)
def test_a_broken_label_file_is_named_by_its_key(edit, place) -> None:  # type: ignore[no-untyped-def]
    data = copy.deepcopy(shipped())
    edit(data)
    assert where(data) == place


def test_labels_and_headers_are_matched_without_spaces_widths_or_suffixes() -> None:
    assert contract.label_key("项 目　名\n称") == "项目名称"
    assert contract.label_key("其中：中央补助") == "其中:中央补助"
    assert header_key("执行率（B / A）") == "执行率"
    assert header_key("全年预算数(A)(万元)") == "全年预算数"


@pytest.mark.parametrize(
    ("text", "leader", "phone"),
    [
        ("杨柳春 15386276736", "杨柳春", "15386276736"),
        ("杨柳春15386276736", "杨柳春", "15386276736"),
        ("李四 0745-6822345", "李四", "0745-6822345"),
        ("王五 科长", "王五 科长", ""),
        ("赵六 12", "赵六 12", ""),
    ],
)
def test_leader_and_phone_are_split_only_at_a_phone_number(text: str, leader: str, phone: str) -> None:
    place = Place("表", 4, 7)
    got = split_leader_phone(Value(text, place))
    assert (got[0].text(), got[1].text(), got[0].place, got[1].place) == (leader, phone, place, place)


def test_a_unit_is_joined_only_to_a_bare_number() -> None:
    place = Place("表", 1, 1)
    assert with_unit(Value(20.0, place), "次").raw == "20次"
    assert with_unit(Value("15.2", place), "万元").raw == "15.2万元"
    assert with_unit(Value("≥20 次", place), "次").raw == "≥20 次"
    assert with_unit(Value("改善", place), "次").raw == "改善"
    assert with_unit(Value("", place), "次").raw == ""
