"""The command line: every exit code, the JSON document, and that errors never write or replace output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from builders import fund, indicator, write_book
from evalxl.cli import MAX_PRINTED, main


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_run_writes_beside_the_input_and_exits_0(tmp_path: Path) -> None:
    path = write_book(tmp_path / "自评 填报.xlsx")
    code, out, _err = invoke("run", str(path))
    assert code == 0
    written = tmp_path / "自评 填报_自评结果.xlsx"
    assert written.exists() and str(written) in out
    assert openpyxl.load_workbook(written).sheetnames == ["汇总", "示例培训项目", "计算过程", "检查结果"]


def test_run_json_prints_one_document(tmp_path: Path) -> None:
    code, out, err = invoke("run", str(write_book(tmp_path / "in.xlsx")), "--json")
    assert code == 0
    doc = json.loads(out)
    (project,) = doc["projects"]
    assert (project["budget"], project["executed"], project["score"], project["grade"]) == (
        120,
        103.44,
        94.75,
        "优",
    )
    assert project["execution_rate"] == 0.862
    assert [i["score"] for i in project["indicators"]] == [18, 28.13, 30, 10]
    assert doc["findings"] == [
        {
            "level": "警告",
            "code": "LOW_EXECUTION",
            "place": "项目!I2",
            "message": doc["findings"][0]["message"],
        }
    ]
    assert "LOW_EXECUTION" in err  # the human-readable findings go to stderr under --json


def test_errors_exit_1_and_leave_the_previous_output_alone(tmp_path: Path) -> None:
    good = write_book(tmp_path / "in.xlsx")
    out = tmp_path / "out.xlsx"
    assert invoke("run", str(good), "-o", str(out))[0] == 0
    before = out.read_bytes()
    input_before = good.read_bytes()
    bad = write_book(tmp_path / "in.xlsx", funds=[fund(budget="abc")])
    input_before = bad.read_bytes()
    code, stdout, stderr = invoke("run", str(bad), "-o", str(out))
    assert code == 1
    assert "资金!E2" in stdout and "NOT_A_NUMBER" in stdout
    assert "未写出" in stderr
    assert out.read_bytes() == before
    assert bad.read_bytes() == input_before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.xlsx", "out.xlsx"]


def test_check_lists_every_finding(tmp_path: Path) -> None:
    path = write_book(tmp_path / "in.xlsx", funds=[fund(budget=-1, executed="x")])
    code, out, _ = invoke("check", str(path))
    assert code == 1
    assert "错误 资金!E2 [NEGATIVE_NUMBER]" in out and "错误 资金!F2 [NOT_A_NUMBER]" in out
    assert not list(tmp_path.glob("*_自评结果.xlsx"))


def test_check_of_a_clean_file_exits_0(tmp_path: Path) -> None:
    assert invoke("check", str(write_book(tmp_path / "in.xlsx")))[0] == 0


def test_usage_problems_exit_2(tmp_path: Path) -> None:
    code, _out, err = invoke("run", str(tmp_path / "missing.xlsx"))
    assert code == 2 and "找不到输入文件" in err
    assert invoke("run", "--no-such-option", "x.xlsx")[0] == 2
    path = write_book(tmp_path / "in.xlsx")
    code, _out, err = invoke("run", str(path), "-o", str(path))
    assert code == 2 and "不能与输入文件相同" in err


def test_output_folder_not_writable_is_a_usage_problem(tmp_path: Path) -> None:
    path = write_book(tmp_path / "in.xlsx")
    code, _out, err = invoke("run", str(path), "-o", str(path / "under-a-file" / "out.xlsx"))
    assert code == 2 and "无法写入输出文件" in err  # a missing folder is made (tests/test_cli_edges.py)


def test_not_a_workbook_exits_1_with_a_chinese_message(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text("a,b\n", encoding="utf-8")
    code, out, _ = invoke("run", str(path))
    assert code == 1 and "FILE_NOT_XLSX" in out and "xlsx" in out


def test_template_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    path = tmp_path / "自评填报.xlsx"
    assert invoke("template", str(path))[0] == 0
    before = path.read_bytes()
    code, _out, err = invoke("template", str(path))
    assert code == 2 and "--force" in err
    assert path.read_bytes() == before
    assert invoke("template", str(path), "--force")[0] == 0


def test_blank_template_checks_clean_but_says_nothing_to_score(tmp_path: Path) -> None:
    path = tmp_path / "blank.xlsx"
    invoke("template", str(path))
    code, out, _ = invoke("check", str(path))
    assert code == 0, out


def test_console_script_has_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 truncated")
    proc = subprocess.run(
        [sys.executable, "-m", "evalxl", "run", str(bad)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr


def test_an_internal_error_is_a_message_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from evalxl import api

    def broken(*_args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(api, "evaluate_workbook", broken)
    monkeypatch.delenv("EVALXL_DEBUG", raising=False)
    code, _out, err = invoke("check", str(write_book(tmp_path / "in.xlsx")))
    assert code == 3 and "内部错误" in err and "boom" in err and "Traceback" not in err


def test_layouts_and_rules_are_listed() -> None:
    code, out, _ = invoke("layouts")
    assert code == 0
    names = [line.split("\t")[0] for line in out.splitlines()]
    assert names[:2] == ["目标自评表", "评分自评表"] and len(names) >= 3
    code, out, _ = invoke("rules")
    assert code == 0 and "财预〔2020〕10号" in out and "从严" in out


def test_layout_and_rules_options(tmp_path: Path) -> None:
    path = write_book(tmp_path / "in.xlsx")
    out = tmp_path / "out.xlsx"
    assert invoke("run", str(path), "-o", str(out), "--layout", "评分自评表")[0] == 0
    ws = openpyxl.load_workbook(out, data_only=True)["示例培训项目"]
    values = [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert "总分" in values and 94.75 in values
    code, _out, err = invoke("run", str(path), "--layout", "省级表样")
    assert code == 2 and "未知表样" in err
    code, stdout, _ = invoke("check", str(path), "--rules", "财预〔2020〕10号·从严")
    assert code == 0, stdout


def test_a_bad_rules_file_is_an_input_error_naming_the_key(tmp_path: Path) -> None:
    rules = tmp_path / "r.toml"
    rules.write_text('[weights]\n"产出" = 50\n', encoding="utf-8")
    code, out, _ = invoke("check", str(write_book(tmp_path / "in.xlsx")), "--rules", str(rules))
    assert code == 1 and "r.toml:weights.产出" in out


def test_a_source_the_layout_has_no_row_for_is_a_warning(tmp_path: Path) -> None:
    funds = [
        fund(budget=60, executed=60, 资金来源="中央补助"),
        fund(budget=60, executed=43.44, 资金来源="专项债券资金"),
    ]
    path = write_book(tmp_path / "in.xlsx", funds=funds)
    code, out, _ = invoke("check", str(path))
    assert code == 0 and "警告 资金!C3 [SOURCE_NOT_IN_LAYOUT]" in out
    code, out, _ = invoke("check", str(path), "--layout", "评分自评表")  # 中央补助 is 当年财政拨款 there
    assert "资金!C2 [SOURCE_NOT_IN_LAYOUT]" not in out and "资金!C3 [SOURCE_NOT_IN_LAYOUT]" in out


def test_an_unquoted_chinese_key_gets_a_hint(tmp_path: Path) -> None:
    rules = tmp_path / "r.toml"
    rules.write_text("[weights]\n产出指标 = 50\n", encoding="utf-8")
    code, out, _ = invoke("check", str(write_book(tmp_path / "in.xlsx")), "--rules", str(rules))
    assert code == 1 and "PROFILE_UNREADABLE" in out and "须加引号" in out


def test_output_is_reproducible_and_names_its_provenance(tmp_path: Path) -> None:
    import hashlib

    path = write_book(tmp_path / "in.xlsx")
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert invoke("run", str(path), "-o", str(first))[0] == 0
    assert invoke("run", str(path), "-o", str(second))[0] == 0
    assert first.read_bytes() == second.read_bytes()
    wb = openpyxl.load_workbook(first)
    lines = [c for row in wb["汇总"].iter_rows(values_only=True) for c in row if isinstance(c, str)]
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    assert any("evalxl " in line and "财预〔2020〕10号" in line and sha in line for line in lines)
    props = wb.properties
    assert (props.creator, props.title) == ("示例县财政局", "2024年度项目支出绩效目标自评表")
    assert "财预〔2020〕10号" in (props.keywords or "")


def test_run_with_more_errors_than_it_prints_points_to_check_not_to_a_workbook(tmp_path: Path) -> None:
    rows = [indicator("产出指标", "数量指标", f"指标{n}", "≥4 次", "很多") for n in range(MAX_PRINTED + 5)]
    code, out, _err = invoke("run", str(write_book(tmp_path / "in.xlsx", indicators=rows)))
    assert code == 1
    assert "……另有 7 条，evalxl check 列出全部" in out  # 205 errors, LOW_EXECUTION, LEVEL_RESCALED
    assert out.count("[ACTUAL_UNREADABLE]") == MAX_PRINTED
