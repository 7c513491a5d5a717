"""Checks across collected files (evalxl.collect.crosscheck): one project in several files is never
counted twice and never silently; files that differ in 年度, rules, layout or 金额单位 are named."""

from __future__ import annotations

from dataclasses import replace

from evalxl.collect.crosscheck import common_year, differing_files, settle
from evalxl.collect.records import OUTPUT, SPLIT, STANDARD, CollectedProject, FileResult, SourceFile


def _source(name: str, **fields: object) -> SourceFile:
    values: dict[str, object] = {
        "sha256": name * 2,
        "kind": OUTPUT,
        "year": "2024",
        "evalxl_version": "0.1.0",
    }
    values.update(fields)
    return SourceFile(name, **values)  # type: ignore[arg-type]


def _project(
    file: str, name: str = "高素质农民培训", code: str = "", score: float = 90.0, **more: object
) -> CollectedProject:
    values: dict[str, object] = {
        "department": "农业农村局",
        "unit": "农技中心",
        "budget": 80.0,
        "executed": 78.6,
        "rate": 78.6 / 80,
        "grade": "优",
        "remark": "",
        "place": "汇总!B3",
    }
    values.update(more)
    return CollectedProject(file, name, code, score=score, **values)  # type: ignore[arg-type]


def _file(source: SourceFile, *projects: CollectedProject) -> FileResult:
    return FileResult(source, projects, ())


def _codes(findings: tuple[object, ...]) -> list[tuple[str, str]]:
    return [(f.code, f.place) for f in findings]  # type: ignore[attr-defined]


def test_one_runs_output_and_its_split_file_count_once_with_a_note() -> None:
    out = _file(_source("农业局.xlsx", input_sha256="abc"), _project("农业局.xlsx"))
    split = _file(_source("001_高素质.xlsx", kind=SPLIT, input_sha256="abc"), _project("001_高素质.xlsx"))
    settled = settle([out, split])
    assert [p.file for p in settled.projects] == ["农业局.xlsx"]
    assert _codes(settled.findings) == [("COLLECT_COPY", "[001_高素质.xlsx]汇总!B3")]


def test_the_same_figures_from_another_run_count_once() -> None:
    a = _file(_source("a.xlsx", input_sha256="1"), _project("a.xlsx"))
    b = _file(_source("b.xlsx", kind=STANDARD, input_sha256="2"), _project("b.xlsx", place="项目!A2"))
    settled = settle([a, b])
    assert len(settled.projects) == 1 and not settled.disputed
    assert _codes(settled.findings) == [("COLLECT_SAME_FIGURES", "[b.xlsx]项目!A2")]


def test_the_later_year_counts_and_the_older_version_is_named() -> None:
    old = _file(_source("2023.xlsx", year="2023"), _project("2023.xlsx", score=80.0))
    new = _file(_source("2024.xlsx", year="2024"), _project("2024.xlsx", score=95.0))
    settled = settle([new, old])
    assert [p.file for p in settled.projects] == ["2024.xlsx"]
    assert _codes(settled.findings) == [("COLLECT_OLDER_SET_ASIDE", "[2023.xlsx]汇总!B3")]


def test_a_later_evalxl_version_decides_when_the_years_agree() -> None:
    old = _file(_source("a.xlsx", evalxl_version="0.1.0"), _project("a.xlsx", score=80.0))
    new = _file(_source("b.xlsx", evalxl_version="0.2.0"), _project("b.xlsx", score=95.0))
    settled = settle([old, new])
    assert [p.file for p in settled.projects] == ["b.xlsx"]
    assert _codes(settled.findings) == [("COLLECT_OLDER_SET_ASIDE", "[a.xlsx]汇总!B3")]


def test_when_nothing_decides_both_versions_are_disputed_and_neither_counts() -> None:
    a = _file(
        _source("a.xlsx"), _project("a.xlsx", score=80.0), _project("a.xlsx", name="其他", place="汇总!B4")
    )
    b = _file(_source("b.xlsx"), _project("b.xlsx", score=95.0))
    settled = settle([a, b])
    assert [p.name for p in settled.projects] == ["其他"]
    assert [p.file for p in settled.disputed] == ["a.xlsx", "b.xlsx"]
    assert _codes(settled.findings) == [
        ("COLLECT_DISPUTED", "[a.xlsx]汇总!B3"),
        ("COLLECT_DISPUTED", "[b.xlsx]汇总!B3"),
    ]


def test_a_project_is_the_same_by_its_code_else_by_its_name_and_unit() -> None:
    a = _file(_source("a.xlsx"), _project("a.xlsx", code="XM-1", name="培训"), _project("a.xlsx", unit="甲"))
    b = _file(
        _source("b.xlsx"),
        _project("b.xlsx", code="XM-1", name="培训（改名）"),  # same code: the same project
        _project("b.xlsx", unit="乙"),  # same name, another unit: another project
    )
    settled = settle([a, b])
    assert [(p.file, p.name, p.unit) for p in settled.projects] == [
        ("a.xlsx", "培训", "农技中心"),
        ("a.xlsx", "高素质农民培训", "甲"),
        ("b.xlsx", "高素质农民培训", "乙"),
    ]
    assert [f.code for f in settled.findings] == ["COLLECT_SAME_FIGURES"]


def test_files_that_differ_from_the_others_are_named() -> None:
    sources = [
        _source("a.xlsx", rules="财预〔2020〕10号", layout="目标自评表"),
        _source("b.xlsx", rules="财预〔2020〕10号", layout="目标自评表"),
        _source("c.xlsx", year="2023", rules="本市.toml", money_unit="元", layout="评分自评表"),
    ]
    assert _codes(tuple(differing_files(sources))) == [
        ("COLLECT_YEAR_DIFFERS", "c.xlsx"),
        ("COLLECT_RULES_DIFFERS", "c.xlsx"),
        ("COLLECT_LAYOUT_DIFFERS", "c.xlsx"),
        ("COLLECT_UNIT_DIFFERS", "c.xlsx"),
    ]
    assert common_year(sources) == ""
    assert common_year([replace(s, year="2024") for s in sources]) == "2024"
    assert common_year([replace(s, year="") for s in sources]) == ""
