"""Reading one collected file (evalxl.collect.read): real outputs evalxl writes here (with and
without forms, split files, another layout, amounts in 元), copies edited after evalxl wrote them
(cells changed in the sheet XML, cached values kept, as Excel or WPS would save them), standard
inputs and filled forms scored on the spot, and files that are none of these."""

from __future__ import annotations

import hashlib
import pickle
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from builders import fund, write_book
from evalxl import api
from evalxl.collect.pipeline import CollectOptions
from evalxl.collect.read import read_member
from evalxl.collect.records import FORMS, OUTPUT, SPLIT, STANDARD, UNREAD, FileResult, Member
from evalxl.reading.xlsx_meta import sheet_paths

SAMPLES = Path(__file__).parent.parent / "samples"
COUNTY, SEED = SAMPLES / "county-2024.xlsx", SAMPLES / "seed-2023.xlsx"
COUNTY_CHECKS = {  # the 检查结果 of the county sample's run, at the input's cells
    ("SELF_SCORE_DIFFERS", "指标!J2"),
    ("REASON_MISSING_DEVIATION", "指标!K23"),
    ("UNITS_MERGED", "项目!A5"),
    ("LEVEL_RESCALED", "项目!A3"),
}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The samples run by evalxl: county with forms and split files, county --no-forms, the seed
    in the 评分自评表 layout, and a small input in 元."""
    folder = tmp_path_factory.mktemp("outputs")
    api.deliver(COUNTY, folder / "county.xlsx", delivery=api.Delivery(split_dir=folder / "split"))
    api.deliver(COUNTY, folder / "county-no-forms.xlsx", delivery=api.Delivery(forms=False))
    api.deliver(SEED, folder / "seed.xlsx", api.Options(layout="评分自评表"))
    yuan = write_book(
        folder / "yuan-input.xlsx",
        funds=[fund(budget=1200000, executed=1034400)],
        params=[["年度", 2024], ["金额单位", "元"]],
    )
    api.deliver(yuan, folder / "yuan.xlsx")
    return {
        "county": folder / "county.xlsx",
        "no-forms": folder / "county-no-forms.xlsx",
        "seed": folder / "seed.xlsx",
        "yuan": folder / "yuan.xlsx",
        "split": folder / "split",
    }


def read(path: Path, name: str = "", rescore: bool = False) -> FileResult:
    """Read as collect does; ``rescore``: the long way even for a sealed, untouched output."""
    return read_member(Member(name or path.name, str(path)), rescore=rescore)


def codes(result: FileResult) -> set[tuple[str, str]]:
    return {(f.code, f.place) for f in result.findings}


def figures(result: FileResult) -> list[tuple[object, ...]]:
    return [(p.name, p.budget, p.executed, p.score, p.grade) for p in result.projects]


def in_file(file: str, places: set[tuple[str, str]]) -> set[tuple[str, str]]:
    return {(code, f"[{file}]{place}") for code, place in places}


# --------------------------------------------------------------------------- editing a workbook


def _cell_xml(ref: str, attributes: str, value: float | str) -> str:
    attributes = re.sub(r'\s+t="[^"]*"', "", attributes)
    if isinstance(value, str):
        return f'<c r="{ref}"{attributes} t="inlineStr"><is><t>{value}</t></is></c>'
    return f'<c r="{ref}"{attributes}><v>{value!r}</v></c>'


def set_cells(xml: str, cells: dict[str, float | str]) -> str:
    """Cells given a new value (a formula's cell keeps no formula, as when a figure is typed over)."""
    for ref, value in cells.items():
        pattern = re.compile(rf'<c r="{ref}"([^>]*?)(?:/>|>.*?</c>)', re.DOTALL)
        xml, count = pattern.subn(lambda m, ref=ref, value=value: _cell_xml(ref, m.group(1), value), xml)
        assert count == 1, ref
    return xml


def delete_row(xml: str, row: int) -> str:
    """A row deleted: the rows below move up (their cached values as they were)."""
    xml, count = re.subn(rf'<row r="{row}"[^>]*?(?:/>|>.*?</row>)', "", xml, flags=re.DOTALL)
    assert count == 1

    def up(match: re.Match[str]) -> str:
        number = int(match.group(2))
        return f'{match.group(1)}{number - 1 if number > row else number}"'

    xml = re.sub(r'(<row r=")(\d+)"', up, xml)
    return re.sub(r'(<c r="[A-Z]+)(\d+)"', up, xml)


def edited(source: Path, target: Path, sheet: str, change: object) -> Path:
    """A copy of ``source`` whose sheet XML ``change`` rewrote (a function of the XML text)."""
    with zipfile.ZipFile(source) as archive:
        part = sheet_paths(archive)[sheet]
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            for info in archive.infolist():
                data = archive.read(info)
                if info.filename == part:
                    data = change(data.decode()).encode()  # type: ignore[operator]
                out.writestr(info, data)
    return target


# --------------------------------------------------------------------------- outputs as written


def test_an_output_workbook_is_read_with_its_checks_and_provenance(outputs: dict[str, Path]) -> None:
    result = read(outputs["county"], "来信/农业局.zip!2024/county.xlsx")
    source = result.source
    file = "来信/农业局.zip!2024/county.xlsx"
    assert source.kind == OUTPUT and source.name == file
    assert source.sha256 == hashlib.sha256(outputs["county"].read_bytes()).hexdigest()
    assert source.input_sha256 == hashlib.sha256(COUNTY.read_bytes()).hexdigest()
    assert (source.evalxl_version, source.rules, source.layout, source.year, source.money_unit) == (
        "0.1.0",
        "财预〔2020〕10号",
        "目标自评表",
        "2024",
        "万元",
    )
    assert source.units == (
        "桐溪县农业技术推广中心",
        "桐溪县农业农村局",
        "桐溪县农村供水服务中心",
        "桐溪县水利局",
    )
    assert source.projects == 4
    assert figures(result) == [
        ("高素质农民培训", 80, 78.6, 97.54, "优"),
        ("农村人居环境整治提升", 120, 118, 96.07, "优"),
        ("农村饮水安全巩固提升", 500, 412, 97.65, "优"),
        ("小型水库安全运行管护", 100, 98, 99.8, "优"),
    ]
    first = result.projects[0]
    assert (first.code, first.department, first.place, first.rate) == (
        "2024-NY-0107",
        "桐溪县农业农村局",
        "汇总!B3",
        78.6 / 80,
    )
    assert result.projects[1].remark == "本项目未设满意度指标"  # the form's 说明
    # sealed (untouched since evalxl wrote it): taken as printed, its forms not scored again …
    assert all(p.scored is None and p.file == file for p in result.projects)
    assert codes(result) == in_file(file, COUNTY_CHECKS)
    # … unless asked (collect --split writes each form anew): the same figures, scored here
    again = read_member(Member(file, str(outputs["county"])), rescore=True)
    assert all(p.scored is not None for p in again.projects)
    assert figures(again) == figures(result) and codes(again) == codes(result)
    assert {f.level for f in result.findings} == {"警告", "提示"}


def test_split_files_are_outputs_of_one_project(outputs: dict[str, Path]) -> None:
    files = sorted(outputs["split"].glob("*.xlsx"))
    results = [read(path) for path in files]
    assert [r.source.kind for r in results] == [SPLIT] * 4
    assert [r.source.projects for r in results] == [1] * 4
    assert {r.source.input_sha256 for r in results} == {hashlib.sha256(COUNTY.read_bytes()).hexdigest()}
    assert [figures(r)[0] for r in results] == figures(read(outputs["county"]))
    assert codes(results[3]) == in_file(files[3].name, {("UNITS_MERGED", "项目!A5")})
    assert not any(f.code.startswith("COLLECT_") for r in results for f in r.findings)


def test_an_output_without_forms_is_taken_as_printed_with_a_note(outputs: dict[str, Path]) -> None:
    assert not [f for f in read(outputs["no-forms"]).findings if f.code == "COLLECT_NOT_RESCORED"]  # sealed
    result = read(outputs["no-forms"], rescore=True)  # the long way: no forms to score again
    assert result.source.kind == OUTPUT
    assert figures(result) == figures(read(outputs["county"]))
    assert all(p.remark is None and p.scored is None for p in result.projects)
    name = outputs["no-forms"].name
    assert codes(result) == in_file(name, COUNTY_CHECKS) | {("COLLECT_NOT_RESCORED", name)}


def test_another_layout_and_year(outputs: dict[str, Path]) -> None:
    result = read(outputs["seed"])
    assert (result.source.kind, result.source.layout, result.source.year) == (OUTPUT, "评分自评表", "2023")
    assert [(p.code, p.score, p.grade) for p in result.projects] == [("", 100, "优")] * 4
    assert sum(p.budget or 0 for p in result.projects) == pytest.approx(40.2)
    assert {code for code, _ in codes(result)} == {"PERCENT_AS_RATIO"}
    assert len(result.findings) == 14


def test_amounts_in_yuan_are_given_in_wan_yuan(outputs: dict[str, Path]) -> None:
    result = read(outputs["yuan"], rescore=True)  # the long way (a sealed output is taken as printed)
    assert result.source.money_unit == "元"
    assert [(p.budget, p.executed, p.score) for p in result.projects] == [(120, 103.44, 94.75)]
    # its 分值 are written in the input and 目标自评表 prints none: the score is held against 计算过程
    assert {code for code, _ in codes(result)} == {"LOW_EXECUTION", "COLLECT_NOT_RESCORED"}


# --------------------------------------------------------------------------- edited after evalxl


def test_a_score_typed_over_in_the_summary(outputs: dict[str, Path], tmp_path: Path) -> None:
    path = edited(outputs["county"], tmp_path / "县.xlsx", "汇总", lambda x: set_cells(x, {"I6": 99.0}))
    result = read(path)
    assert result.projects[2].score == 97.65  # the rules' figure counts
    assert result.projects[2].scored is not None
    assert codes(result) - in_file("县.xlsx", COUNTY_CHECKS) == {
        ("COLLECT_EDITED", "[县.xlsx]汇总!I6"),
        ("COLLECT_EDITED", "[县.xlsx]汇总!I8"),  # its department's 小计 no longer averages its rows
    }


def test_a_score_resting_on_a_self_score_is_held_against_the_trail(
    outputs: dict[str, Path], tmp_path: Path
) -> None:
    """高素质农民培训's score rests on a 自评得分; its 得分 typed over in 汇总 is an edit, and the
    score that counts is what evalxl computed (the rules on the form's data, as 计算过程 records)."""
    path = edited(outputs["county"], tmp_path / "县.xlsx", "汇总", lambda x: set_cells(x, {"I3": 60.0}))
    result = read(path)
    assert (result.projects[0].score, result.projects[0].grade) == (97.54, "优")
    assert codes(result) - in_file("县.xlsx", COUNTY_CHECKS) == {
        ("COLLECT_EDITED", "[县.xlsx]汇总!I3"),
        ("COLLECT_EDITED", "[县.xlsx]汇总!I5"),
    }


def test_a_grade_typed_over(outputs: dict[str, Path], tmp_path: Path) -> None:
    path = edited(outputs["county"], tmp_path / "县.xlsx", "汇总", lambda x: set_cells(x, {"J6": "良"}))
    result = read(path)
    assert result.projects[2].grade == "优"
    assert codes(result) - in_file("县.xlsx", COUNTY_CHECKS) == {("COLLECT_EDITED", "[县.xlsx]汇总!J6")}


def test_a_summary_row_deleted(outputs: dict[str, Path], tmp_path: Path) -> None:
    path = edited(outputs["county"], tmp_path / "县.xlsx", "汇总", lambda x: delete_row(x, 4))
    result = read(path)
    assert [p.name for p in result.projects][-1] == "农村人居环境整治提升"  # from its form
    assert result.projects[-1].place == "农村人居环境整治提升!C3"
    assert result.source.projects == 4
    assert codes(result) - in_file("县.xlsx", COUNTY_CHECKS) == {
        ("COLLECT_EDITED", "[县.xlsx]农村人居环境整治提升!C3"),  # a form without its 汇总 row
        ("COLLECT_EDITED", "[县.xlsx]汇总!F4"),  # the 小计 (cached before the deletion)
        ("COLLECT_EDITED", "[县.xlsx]汇总!G4"),
        ("COLLECT_EDITED", "[县.xlsx]汇总!I4"),
        ("COLLECT_EDITED", "[县.xlsx]汇总!F8"),  # the 合计
        ("COLLECT_EDITED", "[县.xlsx]汇总!G8"),
        ("COLLECT_EDITED", "[县.xlsx]汇总!A10"),  # 项目数：4
    }


def test_a_summary_row_deleted_without_forms(outputs: dict[str, Path], tmp_path: Path) -> None:
    path = edited(outputs["no-forms"], tmp_path / "县.xlsx", "汇总", lambda x: delete_row(x, 3))
    result = read(path)
    assert result.source.projects == 3
    assert "高素质农民培训" not in [p.name for p in result.projects]
    assert ("COLLECT_EDITED", "[县.xlsx]汇总!A10") in codes(result)  # 项目数：4 over 3 rows
    assert ("COLLECT_EDITED", "[县.xlsx]汇总!F4") in codes(result)  # the 小计 of the department


def test_a_form_amount_changed(outputs: dict[str, Path], tmp_path: Path) -> None:
    change = {"E7": 400.0, "E8": 248.0}  # 全年执行数: the total and its first source row
    path = edited(
        outputs["county"], tmp_path / "县.xlsx", "农村饮水安全巩固提升", lambda x: set_cells(x, change)
    )
    result = read(path)
    project = result.projects[2]
    assert (project.executed, project.rate) == (400, 0.8)
    assert project.score is not None and project.score < 97.65
    edits = {place for code, place in codes(result) if code == "COLLECT_EDITED"}
    assert edits == {"[县.xlsx]汇总!G6", "[县.xlsx]汇总!I6"}


def test_a_total_changed(outputs: dict[str, Path], tmp_path: Path) -> None:
    path = edited(outputs["county"], tmp_path / "县.xlsx", "汇总", lambda x: set_cells(x, {"F9": 900.0}))
    result = read(path)
    assert codes(result) - in_file("县.xlsx", COUNTY_CHECKS) == {
        ("COLLECT_EDITED", "[县.xlsx]汇总!F9"),
        ("COLLECT_EDITED", "[县.xlsx]汇总!H9"),  # its cached 执行率 is no longer G9 ÷ F9
    }
    assert sum(p.budget or 0 for p in result.projects) == 800


def test_a_rate_typed_over_without_forms(outputs: dict[str, Path], tmp_path: Path) -> None:
    path = edited(outputs["no-forms"], tmp_path / "县.xlsx", "汇总", lambda x: set_cells(x, {"H6": 0.95}))
    result = read(path)
    assert codes(result) - in_file("县.xlsx", COUNTY_CHECKS) == {
        ("COLLECT_EDITED", "[县.xlsx]汇总!H6"),
        ("COLLECT_NOT_RESCORED", "县.xlsx"),
    }
    assert result.projects[2].rate == 412 / 500


def test_a_checks_row_deleted(outputs: dict[str, Path], tmp_path: Path) -> None:
    path = edited(outputs["county"], tmp_path / "县.xlsx", "检查结果", lambda x: delete_row(x, 2))
    result = read(path)
    assert ("COLLECT_EDITED", "[县.xlsx]汇总!A11") in codes(result)  # 警告：2, one row left
    assert ("SELF_SCORE_DIFFERS", "[县.xlsx]指标!J2") not in codes(result)


def test_rules_that_are_no_builtin_profile_are_not_rescored(outputs: dict[str, Path], tmp_path: Path) -> None:
    source = outputs["county"]
    target = tmp_path / "县.xlsx"
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in archive.infolist():
            data = archive.read(info)
            if info.filename in ("xl/sharedStrings.xml", "docProps/core.xml"):
                data = data.decode().replace("评分规则：财预〔2020〕10号", "评分规则：本市规则").encode()
            out.writestr(info, data)
    result = read(target)
    assert result.source.rules == "本市规则"
    assert ("COLLECT_NOT_RESCORED", "县.xlsx") in codes(result)
    assert all(p.scored is None for p in result.projects)
    assert figures(result) == figures(read(source))


# --------------------------------------------------------------------------- scored on the spot


def test_a_standard_input_is_scored() -> None:
    result = read(COUNTY)
    assert result.source.kind == STANDARD
    assert (
        result.source.input_sha256 == result.source.sha256 == hashlib.sha256(COUNTY.read_bytes()).hexdigest()
    )
    assert (result.source.year, result.source.rules) == ("2024", "财预〔2020〕10号")
    assert [p.score for p in result.projects] == [97.54, 96.07, 97.65, 99.8]
    assert result.projects[0].place == "项目!A2"
    assert codes(result) == in_file(COUNTY.name, COUNTY_CHECKS)


def test_a_standard_input_with_errors_keeps_its_projects_without_scores(tmp_path: Path) -> None:
    path = write_book(tmp_path / "错.xlsx", funds=[fund(budget=0, executed=0)])
    result = read(path)
    assert result.source.kind == STANDARD
    assert [(p.budget, p.score) for p in result.projects] == [(0, None)]
    assert codes(result) == {("ZERO_BUDGET", "[错.xlsx]资金!E2")}


def test_a_workbook_of_forms_is_scored() -> None:
    path = SAMPLES / "seed-2023-forms.xlsx"
    result = read(path)
    assert result.source.kind == FORMS
    assert [(p.score, p.grade) for p in result.projects] == [(100, "优")] * 4
    assert result.projects[0].place == "老工商业者及遗孀生活困难补助!C3"
    assert {code for code, _ in codes(result)} == {"PERCENT_AS_RATIO"}
    assert ("PERCENT_AS_RATIO", f"[{path.name}]老工商业者及遗孀生活困难补助!F15") in codes(result)


# --------------------------------------------------------------------------- not read


def test_a_corrupt_file_arrived_in_a_zip(outputs: dict[str, Path], tmp_path: Path) -> None:
    on_disk = tmp_path / "0001.xlsx"  # where the zip's member was put
    on_disk.write_bytes(outputs["county"].read_bytes()[:3000])
    result = read_member(Member("来信/农业局.zip!2024/结果.xlsx", str(on_disk)))
    assert result.source.kind == UNREAD and result.projects == ()
    assert codes(result) == {("FILE_NOT_XLSX", "来信/农业局.zip!2024/结果.xlsx")}
    assert "结果.xlsx" in result.findings[0].message and "0001" not in result.findings[0].message


def test_a_text_file(tmp_path: Path) -> None:
    path = tmp_path / "说明.xlsx"
    path.write_text("不是工作簿", encoding="utf-8")
    result = read(path)
    assert result.source.kind == UNREAD
    assert codes(result) == {("FILE_NOT_XLSX", "说明.xlsx")}


def test_an_xlsx_of_another_kind(tmp_path: Path) -> None:
    path = tmp_path / "通讯录.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "电话"])
    wb.active.append(["张三", "123"])
    wb.save(path)
    result = read(path)
    assert (result.source.kind, codes(result)) == (UNREAD, {("COLLECT_NOT_EVALXL", "通讯录.xlsx")})


def test_a_summary_sheet_evalxl_did_not_write(tmp_path: Path) -> None:
    path = tmp_path / "汇总表.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "汇总"
    wb.active.append(["单位", "金额"])
    wb.save(path)
    assert codes(read(path)) == {("COLLECT_NOT_EVALXL", "汇总表.xlsx")}


def test_a_rollup_given_back_is_named_as_one(outputs: dict[str, Path], tmp_path: Path) -> None:
    rollup = tmp_path / "去年汇总.xlsx"
    api.collect([outputs["seed"]], rollup, CollectOptions(workers=1))
    result = read(rollup)
    assert (result.source.kind, codes(result)) == (UNREAD, {("COLLECT_ROLLUP_GIVEN", "去年汇总.xlsx")})


def test_a_missing_file_is_unread(tmp_path: Path) -> None:
    result = read_member(Member("来信/丢失.xlsx", str(tmp_path / "丢失.xlsx")))
    assert (result.source.kind, codes(result)) == (UNREAD, {("FILE_LOCKED", "来信/丢失.xlsx")})


def test_results_cross_processes_whole(outputs: dict[str, Path], tmp_path: Path) -> None:
    shutil.copy(outputs["county"], tmp_path / "县.xlsx")
    result = read(tmp_path / "县.xlsx")
    again = pickle.loads(pickle.dumps(result))
    assert again == result
    assert again.projects[0].place.row == 3  # type: ignore[attr-defined]


def test_a_merge_printed_rounded_on_the_form_is_no_edit(tmp_path: Path) -> None:
    """Three units' rows of one indicator are merged (note 2) and the form prints the merge rounded
    (79.93% for the fund-weighted 部分达成/部分达成/达成): re-scoring the form gives 5.99 where the run
    gave 6, so the score is held against 计算过程 (a note), never reported as an edit."""
    from builders import indicator, project

    units = ("甲单位", 26.42, "部分达成"), ("乙单位", 32.22, "部分达成"), ("丙单位", 29.03, "达成")
    merged = [
        indicator(
            "效益指标", "社会效益指标", "资源节约利用", "提高", word, name="合并项目", 资金使用单位=unit
        )
        for unit, _budget, word in units
    ]
    others = [
        indicator(
            "效益指标", "社会效益指标", f"效益{k}", "提高", "达成", name="合并项目", 资金使用单位="甲单位"
        )
        for k in range(3)
    ]
    path = write_book(
        tmp_path / "in.xlsx",
        projects=[project("合并项目")],
        funds=[fund("合并项目", budget, budget, 资金使用单位=unit) for unit, budget, _word in units],
        indicators=[*merged, *others],
    )
    out = tmp_path / "out.xlsx"
    assert api.run(path, out)[1] is not None
    result = read(out, rescore=True)  # the long way: sealed, it would be taken as printed
    assert not [f for f in result.findings if f.code == "COLLECT_EDITED"]
    assert ("COLLECT_NOT_RESCORED", "out.xlsx") in codes(result)
    assert result.projects[0].score == api.evaluate_workbook(path).projects[0].score


def test_parameters_the_form_does_not_carry_are_no_edit(tmp_path: Path) -> None:
    """A unit's 参数 laid over its rules (偏离阈值, 预算执行率分值 …) are not in its forms: re-scoring
    the forms with the profile alone gives other scores, which 计算过程 settles (a note, no edit)."""
    book = openpyxl.load_workbook(COUNTY)
    book["参数"].append(["预算执行率分值", "20"])
    book["参数"].append(["偏离阈值", "110%"])
    book.save(tmp_path / "in.xlsx")
    out = tmp_path / "out.xlsx"
    assert api.run(tmp_path / "in.xlsx", out)[1] is not None
    result = read(out, rescore=True)  # the long way: sealed, it would be taken as printed
    assert not [f for f in result.findings if f.code == "COLLECT_EDITED"]
    assert ("COLLECT_NOT_RESCORED", "out.xlsx") in codes(result)  # the forms alone give other scores
    expected = [p.score for p in api.evaluate_workbook(tmp_path / "in.xlsx").projects]
    assert [p.score for p in result.projects] == expected
