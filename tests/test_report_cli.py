"""``evalxl report`` and ``run --report``: the 自评报告 documents drafted from a run, from the command line."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from builders import write_book
from evalxl.cli import main

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _invoke(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.output


def test_report_writes_the_letter_the_departments_then_the_projects(tmp_path: Path) -> None:
    for sample, departments, projects in (("seed-2023.xlsx", 1, 4), ("county-2024.xlsx", 2, 4)):
        folder = tmp_path / sample
        code, output = _invoke("report", SAMPLES / sample, "-o", folder)
        assert code == 0, output
        written = [
            line.removeprefix("已写出：") for line in output.splitlines() if line.startswith("已写出：")
        ]
        names = [Path(w).name for w in written]
        assert len(names) == 1 + departments + projects
        assert sorted(names) == sorted(p.name for p in folder.iterdir())
        assert names[0] == "000_00_自评报告（封面函）.docx"
        assert (
            sorted(names) == names
        )  # a folder sorted by name lists them in the order of the set  # the letter first, the departments, the projects
        assert all(n.endswith("_部门整体支出绩效自评报告.docx") for n in names[1 : 1 + departments])
        assert all(n.endswith("_绩效自评报告.docx") and "部门整体" not in n for n in names[1 + departments :])


def test_the_same_input_gives_the_same_documents(tmp_path: Path) -> None:
    _invoke("report", SAMPLES / "seed-2023.xlsx", "-o", tmp_path / "a")
    _invoke("report", SAMPLES / "seed-2023.xlsx", "-o", tmp_path / "b")
    for first in (tmp_path / "a").iterdir():
        assert first.read_bytes() == (tmp_path / "b" / first.name).read_bytes()


def test_errors_draft_nothing(tmp_path: Path) -> None:
    path = write_book(tmp_path / "bad.xlsx", funds=[["示例培训项目", None, None, None, "很多", 1]])
    folder = tmp_path / "reports"
    code, output = _invoke("report", path, "-o", folder)
    assert code == 1 and "NOT_A_NUMBER" in output
    assert not folder.exists()


def test_run_report_drafts_the_documents_beside_the_workbook(tmp_path: Path) -> None:
    code, output = _invoke(
        "run", SAMPLES / "seed-2023.xlsx", "-o", tmp_path / "out.xlsx", "--report", tmp_path / "r", "-q"
    )
    assert code == 0, output
    assert (tmp_path / "out.xlsx").exists() and len(list((tmp_path / "r").iterdir())) == 1 + 1 + 4


def test_a_report_folder_that_is_a_file_is_a_usage_problem(tmp_path: Path) -> None:
    taken = tmp_path / "taken"
    taken.write_text("x")
    assert _invoke("report", SAMPLES / "seed-2023.xlsx", "-o", taken)[0] == 2


def test_a_very_long_project_name_is_drafted_whole(tmp_path: Path) -> None:
    """A name past the 255 characters a .docx property holds: the title property is cut, the report's
    heading keeps the whole name (it crashed with an internal error)."""
    from builders import fund, indicator, project

    name = "很长的项目名称" * 40
    path = write_book(
        tmp_path / "long.xlsx",
        projects=[project(name)],
        funds=[fund(name)],
        indicators=[indicator("产出指标", "数量指标", "培训人次", "≥100 人次", "120 人次", name=name)],
    )
    code, output = _invoke("report", path, "-o", tmp_path / "r")
    assert code == 0, output
    assert len(list((tmp_path / "r").iterdir())) == 3  # the letter, the (derived) department, the project
