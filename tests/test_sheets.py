"""Sheets found by their headers (issue 14): a standard sheet renamed (Sheet1, Projects) is read,
with a note; never a guess when two sheets, or two standard sheets, fit; through check, run and the
forms detection."""

from __future__ import annotations

import json
import time
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from builders import write_book
from evalxl import api, contract
from evalxl.cli import main
from evalxl.forms.detect import has_standard_sheets, is_forms_workbook
from evalxl.reading import read_workbook
from evalxl.reading.sheets import choose_sheets

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def renamed(path: Path, names: dict[str, str], copy: dict[str, str] | None = None) -> Path:
    """The worked book with sheets renamed (old → new) and sheets copied (sheet → copy's name)."""
    write_book(path)
    wb = openpyxl.load_workbook(path)
    for old, new in names.items():
        wb[old].title = new
    for sheet, name in (copy or {}).items():
        wb.copy_worksheet(wb[sheet]).title = name
    wb.save(path)
    return path


def found(path: Path) -> list[tuple[str, str]]:
    return [(f.code, f.place) for f in api.evaluate_workbook(path).findings]


def new_findings(path: Path, names: dict[str, str]) -> list[tuple[str, str]]:
    """The findings of ``path`` that the worked book with its standard names has not (its own,
    LOW_EXECUTION at 项目!I2, named at the renamed sheets)."""
    base = found(write_book(path.with_name("plain.xlsx")))
    moved = [
        (code, names.get(place.split("!")[0], place.split("!")[0]) + "!" + place.split("!")[1])
        for code, place in base
    ]
    assert ("LOW_EXECUTION", names.get("项目", "项目") + "!I2") in moved
    return [item for item in found(path) if item not in moved]


def test_renamed_sheets_are_found_by_their_headers_with_a_note(tmp_path: Path) -> None:
    names = {"项目": "Projects", "资金": "Sheet1"}
    path = renamed(tmp_path / "in.xlsx", names)
    assert new_findings(path, names) == [
        ("SHEET_FOUND_BY_HEADERS", "Projects!A1"),
        ("SHEET_FOUND_BY_HEADERS", "Sheet1!A1"),
    ]
    result = api.evaluate_workbook(path)
    assert [p.project.name for p in result.projects] == ["示例培训项目"]
    assert (
        result.projects[0].score
        == api.evaluate_workbook(write_book(tmp_path / "plain.xlsx")).projects[0].score
    )
    read = read_workbook(path, contract.sheets())
    assert read.tables["项目"].sheet == "Projects" and read.tables["资金"].sheet == "Sheet1"


def test_a_renamed_sheets_findings_name_its_own_cells(tmp_path: Path) -> None:
    path = renamed(tmp_path / "in.xlsx", {"资金": "Sheet1"})
    wb = openpyxl.load_workbook(path)
    wb["Sheet1"]["E2"] = "很多"
    wb.save(path)
    assert ("NOT_A_NUMBER", "Sheet1!E2") in found(path)
    # the row that could not be read still counts as the project's 资金 row
    assert not any(code == "PROJECT_WITHOUT_FUNDS" for code, _place in found(path))


def test_the_standard_name_wins_over_a_sheet_with_the_same_headers(tmp_path: Path) -> None:
    path = renamed(tmp_path / "in.xlsx", {}, copy={"项目": "Projects"})
    assert new_findings(path, {}) == [("EXTRA_SHEET", "Projects!A1")]


def test_two_candidates_for_one_sheet_are_an_error_naming_both(tmp_path: Path) -> None:
    path = renamed(tmp_path / "in.xlsx", {"项目": "Sheet1"}, copy={"Sheet1": "Sheet2"})
    result = api.evaluate_workbook(path)
    assert [(f.code, f.place) for f in result.findings] == [("SHEETS_AMBIGUOUS", "Sheet1!A1")]
    assert "“Sheet1”、“Sheet2”" in result.findings[0].message


def test_a_sheet_fitting_two_missing_sheets_is_not_taken(tmp_path: Path) -> None:
    path = write_book(tmp_path / "in.xlsx", drop=("项目", "资金"))
    wb = openpyxl.load_workbook(path)
    wb.create_sheet("合并").append(["项目名称", "主管部门", "项目实施单位", "全年预算数", "全年执行数"])
    wb.save(path)
    # one cause, one error (at the header row): not also 项目 and 资金 missing
    assert found(path) == [("SHEET_FITS_SEVERAL", "合并!A1")]


def test_guide_sources_and_output_sheets_are_never_taken(tmp_path: Path) -> None:
    titles = ["填报说明", "来源", "汇总", "计算过程", "检查结果"]
    asked: list[str] = []

    def rows(title: str) -> list[list[str]]:
        asked.append(title)
        return [["项目名称", "主管部门", "项目实施单位"]]

    choice = choose_sheets(titles, contract.sheets(), rows)
    assert asked == [] and dict(choice.titles) == {}
    assert [(f.code, f.place) for f in choice.findings] == [
        ("EXTRA_SHEET", "汇总!A1"),
        ("EXTRA_SHEET", "计算过程!A1"),
        ("EXTRA_SHEET", "检查结果!A1"),
        ("SHEET_MISSING", "项目!A1"),
        ("SHEET_MISSING", "资金!A1"),
        ("SHEET_MISSING", "指标!A1"),
    ]


def test_no_sheet_is_loaded_when_every_sheet_is_found_by_name() -> None:
    def rows(title: str) -> list[list[str]]:
        raise AssertionError(f"{title} loaded")

    titles = [s.name for s in contract.sheets()] + ["草稿"]
    choice = choose_sheets(titles, contract.sheets(), rows)
    assert [(f.code, f.place) for f in choice.findings] == [("EXTRA_SHEET", "草稿!A1")]


def test_check_and_run_read_renamed_sheets(tmp_path: Path) -> None:
    path = renamed(tmp_path / "in.xlsx", {"项目": "Projects", "指标": "Sheet3"})
    check = CliRunner().invoke(main, ["check", str(path)])
    assert check.exit_code == 0, check.output
    assert "Projects!A1 [SHEET_FOUND_BY_HEADERS]" in check.stdout
    assert "Sheet3!A1 [SHEET_FOUND_BY_HEADERS]" in check.stdout
    as_json = CliRunner().invoke(main, ["run", "--json", str(path), "-o", str(tmp_path / "json.xlsx")])
    codes = [(f["code"], f["place"]) for f in json.loads(as_json.stdout)["findings"]]
    assert codes == [
        ("LOW_EXECUTION", "Projects!I2"),
        ("SHEET_FOUND_BY_HEADERS", "Projects!A1"),
        ("SHEET_FOUND_BY_HEADERS", "Sheet3!A1"),
    ]
    out = tmp_path / "out.xlsx"
    ran = CliRunner().invoke(main, ["run", str(path), "-o", str(out)])
    assert ran.exit_code == 0 and "示例培训项目" in openpyxl.load_workbook(out).sheetnames


def test_a_renamed_standard_sheet_is_not_read_as_forms(tmp_path: Path) -> None:
    path = renamed(tmp_path / "in.xlsx", {"项目": "Sheet1", "资金": "Sheet2", "指标": "Sheet3"})
    assert has_standard_sheets(path) and not is_forms_workbook(path)
    forms = SAMPLES / "seed-2023-forms.xlsx"
    assert not has_standard_sheets(forms) and is_forms_workbook(forms)


def test_the_header_search_is_fast(tmp_path: Path) -> None:
    path = renamed(tmp_path / "in.xlsx", {"指标": "Sheet1"})
    wb = openpyxl.load_workbook(path)
    big = wb.create_sheet("大表")
    for n in range(20_000):
        big.append([f"甲{n}", n, n * 2])
    wb.save(path)
    start = time.perf_counter()
    read = read_workbook(path, contract.sheets())
    assert time.perf_counter() - start < 2.0
    assert ("SHEET_FOUND_BY_HEADERS", "Sheet1!A1") in [(f.code, f.place) for f in read.findings]


def test_an_error_on_a_renamed_department_sheet_withholds_no_projects_score(tmp_path: Path) -> None:
    # as on the 部门 sheet by its name: the department's own error concerns its form, no project
    path = tmp_path / "county.xlsx"
    path.write_bytes((SAMPLES / "county-2024.xlsx").read_bytes())
    wb = openpyxl.load_workbook(path)
    wb["部门"]["F2"] = "一千二"  # 基本支出全年执行数
    wb["部门"].title = "Sheet3"
    wb.save(path)
    result = api.evaluate_workbook(path)
    errors = [(f.code, f.place) for f in result.findings if f.level == "错误"]
    assert errors == [("NOT_A_NUMBER", "Sheet3!F2")]
    assert all(p.score is not None for p in result.projects)
