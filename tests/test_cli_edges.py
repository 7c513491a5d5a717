"""Rough edges at the command line and in delivering files (issue 14): an output open in Excel/WPS,
its owner file, ``-o`` that is no workbook or in a new folder, an earlier run's files in the split
folder, ``check --json`` and a reader that stops reading."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from builders import fund, indicator, project, write_book
from evalxl.cli import EXIT_PIPE, main
from evalxl.delivery import output_file

CLOSE_IT = "请先在 Excel/WPS 中关闭该文件，然后重新运行"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), prog_name="evalxl")
    return result.exit_code, result.stdout, result.stderr


def lock(monkeypatch: pytest.MonkeyPatch, locked: Callable[[Path], bool]) -> None:
    """Make replacing a file for which ``locked(target)`` holds fail as Windows does when Excel has
    the file open (Linux cannot lock a file against replacing)."""
    real = os.replace

    def replace(src: str | Path, dst: str | Path) -> None:
        if locked(Path(dst)):
            raise PermissionError(13, "另一个程序正在使用此文件，进程无法访问。", str(dst))
        real(src, dst)

    monkeypatch.setattr(output_file.os, "replace", replace)


def leftovers(folder: Path) -> list[str]:
    """Temporary files atomic_path left behind."""
    return sorted(p.name for p in folder.rglob(".*.tmp"))


# --------------------------------------------------------------------------- an output open in Excel/WPS


def test_an_output_open_in_excel_exits_2_names_it_and_keeps_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_book(tmp_path / "自评填报.xlsx")
    out = tmp_path / "自评填报_自评结果.xlsx"
    assert invoke("run", str(source))[0] == 0
    before = out.read_bytes()
    lock(monkeypatch, lambda target: target == out)
    code, stdout, stderr = invoke("run", str(source))
    assert code == 2
    assert str(out) in stderr and CLOSE_IT in stderr and "Traceback" not in stdout + stderr
    assert "[LOW_EXECUTION]" in stdout  # the check ran: its findings are printed
    assert out.read_bytes() == before and leftovers(tmp_path) == []


def test_run_json_still_prints_its_document_when_the_output_is_locked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_book(tmp_path / "in.xlsx")
    lock(monkeypatch, lambda target: target.suffix == ".xlsx")
    code, stdout, stderr = invoke("run", str(source), "--json")
    assert code == 2 and CLOSE_IT in stderr
    assert [f["code"] for f in json.loads(stdout)["findings"]] == ["LOW_EXECUTION"]


def test_a_locked_split_file_or_manifest_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = write_book(tmp_path / "in.xlsx")
    lock(monkeypatch, lambda target: target.name == "manifest.csv")
    code, _out, err = invoke(
        "run", str(source), "-o", str(tmp_path / "out.xlsx"), "--split", str(tmp_path / "分发")
    )
    assert code == 2 and str(tmp_path / "分发" / "manifest.csv") in err and CLOSE_IT in err
    assert leftovers(tmp_path) == []


def test_a_locked_roll_up_template_or_report_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = write_book(tmp_path / "in.xlsx")
    assert invoke("run", str(source), "-o", str(tmp_path / "收到" / "a.xlsx"))[0] == 0
    lock(monkeypatch, lambda target: target.suffix in (".xlsx", ".docx"))
    roll_up = tmp_path / "汇总.xlsx"
    code, _out, err = invoke("collect", str(tmp_path / "收到"), "-o", str(roll_up), "-q")
    assert code == 2 and str(roll_up) in err and CLOSE_IT in err and not roll_up.exists()
    code, _out, err = invoke("template", str(tmp_path / "空白.xlsx"), "--force")
    assert code == 2 and CLOSE_IT in err
    code, out, err = invoke("report", str(source), "-o", str(tmp_path / "报告"))
    assert code == 2 and CLOSE_IT in err and "[LOW_EXECUTION]" in out
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("owner", ["~$自评填报_自评结果.xlsx", ".~lock.自评填报_自评结果.xlsx#"])
def test_an_owner_file_beside_the_output_is_a_warning_and_the_run_still_writes(
    tmp_path: Path, owner: str
) -> None:
    source = write_book(tmp_path / "自评填报.xlsx")
    (tmp_path / owner).write_bytes(b"owner")
    code, out, err = invoke("run", str(source))
    assert code == 0 and (tmp_path / "自评填报_自评结果.xlsx").exists()
    assert (
        f"警告 {tmp_path / '自评填报_自评结果.xlsx'} 似乎正在 Excel/WPS 中打开（有锁定文件 {owner}）" in err
    )
    assert owner not in out  # a warning about this PC, not a finding about the input


def test_owner_files_are_found_beside_files_and_in_folders(tmp_path: Path) -> None:
    folder = tmp_path / "分发"
    folder.mkdir()
    for name in ("~$001_a.xlsx", "001_a.xlsx", "~$other.xlsx"):
        (folder / name).write_bytes(b"x")
    (tmp_path / "~$out.xlsx").write_bytes(b"x")
    (tmp_path / "~$in.xlsx").write_bytes(b"x")  # the input's own owner file: not an output
    found = output_file.lock_files([tmp_path / "out.xlsx", folder, tmp_path / "none.zip"])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "~$out.xlsx",
        "分发/~$001_a.xlsx",
        "分发/~$other.xlsx",
    ]


# --------------------------------------------------------------------------- -o


@pytest.mark.parametrize("name", ["out.pdf", "out.csv", "out", "out.xls"])
def test_an_output_that_is_no_xlsx_workbook_is_refused(tmp_path: Path, name: str) -> None:
    source = write_book(tmp_path / "in.xlsx")
    code, _out, err = invoke("run", str(source), "-o", str(tmp_path / name))
    assert code == 2 and "输出文件须为 .xlsx 工作簿" in err
    assert "用法: evalxl run [选项] 输入工作簿" in err  # the command's own usage line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.xlsx"]


def test_collect_refuses_a_roll_up_that_is_no_workbook(tmp_path: Path) -> None:
    write_book(tmp_path / "in.xlsx")
    code, _out, err = invoke("collect", str(tmp_path / "in.xlsx"), "-o", str(tmp_path / "汇总.pdf"))
    assert code == 2 and "输出文件须为 .xlsx 工作簿" in err


def test_an_output_in_a_new_folder_creates_it(tmp_path: Path) -> None:
    source = write_book(tmp_path / "in.xlsx")
    out = tmp_path / "新文件夹" / "下一层" / "结果.XLSX"
    code, stdout, _err = invoke("run", str(source), "-o", str(out))
    assert code == 0 and out.is_file() and str(out) in stdout
    roll_up = tmp_path / "汇总" / "2024" / "汇总.xlsx"
    assert invoke("collect", str(out), "-o", str(roll_up), "-q")[0] == 0 and roll_up.is_file()


def test_an_input_with_errors_creates_no_folder(tmp_path: Path) -> None:
    source = write_book(tmp_path / "in.xlsx", funds=[fund(budget="很多")])
    code, _out, _err = invoke("run", str(source), "-o", str(tmp_path / "新文件夹" / "结果.xlsx"))
    assert code == 1 and not (tmp_path / "新文件夹").exists()


# --------------------------------------------------------------------------- --split over an earlier run


def two_projects(path: Path, second: str) -> Path:
    inds = [
        indicator(a, b, c, "≥4 次", "4 次", name=n)
        for n in ("示例培训项目", second)
        for a, b, c in [("产出指标", "数量指标", "次数"), ("效益指标", "社会效益指标", "影响")]
    ]
    return write_book(
        path,
        projects=[project(), project(second)],
        funds=[fund(), fund(second, budget=50, executed=50)],
        indicators=inds,
    )


def test_files_of_an_earlier_run_in_the_split_folder_are_named_not_deleted(tmp_path: Path) -> None:
    folder = tmp_path / "分发"
    first = two_projects(tmp_path / "一.xlsx", "旧名称项目")
    assert invoke("run", str(first), "-o", str(tmp_path / "a.xlsx"), "--split", str(folder))[0] == 0
    (folder / "说明.txt").write_text("mine", encoding="utf-8")
    (folder / "~$002_新名称项目.xlsx").write_bytes(b"owner")
    second = two_projects(tmp_path / "二.xlsx", "新名称项目")
    code, _out, err = invoke("run", str(second), "-o", str(tmp_path / "b.xlsx"), "--split", str(folder))
    assert code == 0
    warning = next(line for line in err.splitlines() if "本次没有写出的文件" in line).split("：")[-1]
    assert warning.startswith("002_旧名称项目.xlsx、说明.txt。")
    for fresh in ("001_示例培训项目.xlsx", "002_新名称项目.xlsx", "manifest.csv", "~$"):
        assert fresh not in warning
    assert (folder / "002_旧名称项目.xlsx").exists() and (folder / "说明.txt").exists()


def test_a_split_folder_of_the_same_run_gives_no_warning(tmp_path: Path) -> None:
    source = two_projects(tmp_path / "in.xlsx", "第二个项目")
    args = ("run", str(source), "-o", str(tmp_path / "a.xlsx"), "--split", str(tmp_path / "分发"))
    assert invoke(*args)[0] == 0
    code, _out, err = invoke(*args)
    assert code == 0 and "本次没有写出的文件" not in err


def test_the_input_in_its_own_split_folder_is_no_leftover(tmp_path: Path) -> None:
    source = two_projects(tmp_path / "in.xlsx", "第二个项目")
    (tmp_path / "旧.xlsx").write_bytes(b"old")
    code, _out, err = invoke("run", str(source), "--split", str(tmp_path))
    assert code == 0
    warning = next(line for line in err.splitlines() if "本次没有写出的文件" in line).split("：")[-1]
    assert warning.startswith("旧.xlsx。") and "in.xlsx" not in warning


def test_collect_names_an_earlier_runs_files_in_its_split_folder(tmp_path: Path) -> None:
    source = write_book(tmp_path / "in.xlsx")
    assert invoke("run", str(source), "-o", str(tmp_path / "收到" / "a.xlsx"))[0] == 0
    folder = tmp_path / "分项目"
    folder.mkdir()
    (folder / "009_旧项目.xlsx").write_bytes(b"old")
    code, _out, err = invoke(
        "collect", str(tmp_path / "收到"), "-o", str(tmp_path / "汇总.xlsx"), "--split", str(folder), "-q"
    )
    assert code == 0 and "009_旧项目.xlsx" in err and (folder / "009_旧项目.xlsx").exists()


# --------------------------------------------------------------------------- check --json, a closed pipe


def test_check_json_is_runs_document(tmp_path: Path) -> None:
    source = write_book(tmp_path / "in.xlsx")
    code, out, err = invoke("check", str(source), "--json")
    assert code == 0 and "[LOW_EXECUTION]" in err and "各项目得分" in err
    checked = json.loads(out)
    _code, run_out, _err = invoke("run", str(source), "--json", "-o", str(tmp_path / "out.xlsx"))
    assert checked == json.loads(run_out)


def test_check_json_of_several_files_is_a_list_in_their_order(tmp_path: Path) -> None:
    good = write_book(tmp_path / "good.xlsx")
    bad = write_book(tmp_path / "bad.xlsx", funds=[fund(budget="很多")])
    code, out, err = invoke("check", str(bad), str(good), "--json")
    assert code == 1 and "共检查 2 个文件" in err
    documents = json.loads(out)
    assert [d["file"] for d in documents] == [str(bad), str(good)]
    single = json.loads(invoke("check", str(good), "--json")[1])
    assert documents[1] == {"file": str(good), **single}
    assert any(f["level"] == "错误" for f in documents[0]["findings"])


@pytest.mark.parametrize("command", ["check", "run"])
def test_a_reader_that_stops_reading_ends_the_command_quietly(tmp_path: Path, command: str) -> None:
    source = write_book(tmp_path / "in.xlsx")
    args = [sys.executable, "-m", "evalxl", command, str(source), *(["--json"] if command == "run" else [])]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before the first line (as `| head -0`)
    err = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=120) == EXIT_PIPE
    for noise in ("Traceback", "Exception ignored", "内部错误", "BrokenPipe"):
        assert noise not in err, err


def test_head_reads_one_line_and_the_command_ends_quietly(tmp_path: Path) -> None:
    sources = [str(write_book(tmp_path / f"in{n}.xlsx", funds=[fund(budget="很多")])) for n in range(3)]
    evalxl = [sys.executable, "-m", "evalxl", "check", *sources]
    with subprocess.Popen(evalxl, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        first = proc.stdout.readline().decode("utf-8")
        proc.stdout.close()
        err = proc.stderr.read().decode("utf-8")
        code = proc.wait(timeout=120)
    assert first.startswith("【")
    assert code in (1, EXIT_PIPE)  # 1 when the rest fitted in the pipe before it closed
    assert "Traceback" not in err and "Exception ignored" not in err and "内部错误" not in err
