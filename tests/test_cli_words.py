"""Click's own words in Chinese (evalxl.cli_words, workbook_templates/cli_words.toml): every text click
passes to gettext is in the table, and what a user sees (usage errors, --help, --version) holds no
English words but the command's own names."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from evalxl import cli_words, contract
from evalxl.cli import COMMAND_ORDER, main
from evalxl.contract import ContractError
from evalxl.contract.cli_words_schema import cli_words as table
from evalxl.contract.cli_words_schema import placeholders

# texts click passes to gettext through a variable, not as a literal
INDIRECT = {"required"}


def click_texts() -> tuple[set[str], dict[str, str]]:
    """Click's gettext texts, read from its source: the singular ones, and each plural pair's
    singular text with its plural."""
    single: set[str] = set(INDIRECT)
    plural: dict[str, str] = {}
    for name in cli_words.CLICK_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        assert module.__file__ is not None
        for node in ast.walk(ast.parse(Path(module.__file__).read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            texts = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if node.func.id == "_" and texts:
                single.add(texts[0])
            elif node.func.id == "ngettext" and len(texts) >= 2:
                plural[texts[0]] = texts[1]
    return single, plural


def test_every_text_click_says_is_translated() -> None:
    single, plural = click_texts()
    assert len(single) > 40 and len(plural) >= 5  # the parse found click's texts
    words = table()
    assert sorted(single - set(words.words)) == []
    assert sorted(set(plural) - set(words.plural)) == []
    for english, english_plural in plural.items():
        one, other = words.plural[english]
        assert placeholders(one) <= placeholders(english), english
        assert placeholders(other) <= placeholders(english_plural), english_plural


def test_each_translation_keeps_the_placeholders_click_fills() -> None:
    for english, chinese in table().words.items():
        assert placeholders(chinese) <= placeholders(english), english
        assert not re.search(
            r"[A-Za-z]{3,}", re.sub(r"\{[^}]*\}|%\(\w+\)s|UUID|Bash|Windows", "", chinese)
        ), chinese


def test_a_translation_with_a_placeholder_click_does_not_fill_is_named() -> None:
    data = contract.parse(
        (Path(__file__).parents[1] / "workbook_templates" / "cli_words.toml").read_text("utf-8"), "x"
    )
    assert contract.checked(contract.schema_of("cli_words"), data, "cli_words.toml")
    data["words"]["Missing argument"] = "缺少参数 {name}"
    with pytest.raises(ContractError) as problem:
        contract.checked(contract.schema_of("cli_words"), data, "cli_words.toml")
    assert problem.value.where == "cli_words.toml:words.Missing argument"
    assert "cli_words.toml" in contract.all_files() and "cli_words" in contract.KINDS


def test_a_text_missing_from_the_table_stays_english() -> None:
    assert cli_words.gettext("Usage:") == "用法:"
    assert cli_words.gettext("Something click adds later") == "Something click adds later"
    assert cli_words.ngettext("a {n} thing", "{n} things", 2) == "{n} things"
    assert cli_words.ngettext("Option {name!r} requires an argument.", "x", 1) == "选项 {name} 需要一个值。"


# --------------------------------------------------------------------------- what a user sees

OPTION = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*")
ALLOWED = {
    # names: the program, its commands, file kinds and programs its help mentions
    "evalxl",
    *COMMAND_ORDER,
    "TOML",
    "JSON",
    "PDF",
    "LibreOffice",
    "SHA",
    "zip",
    "docx",
    "xlsx",
    "manifest",
    "csv",
    "Excel",
    "WPS",
    "diff",
    "Ctrl",  # the key that interrupts
    "file",  # the key check --json adds for each of several files
}


def english_words(text: str) -> list[str]:
    """English words in ``text`` other than option names (``--split``, ``-o``) and ALLOWED names."""
    text = OPTION.sub(" ", text)
    return [w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in ALLOWED]


def say(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), prog_name="evalxl")
    return result.exit_code, result.stdout + result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        *([name, "--help"] for name in COMMAND_ORDER),
    ],
)
def test_help_and_version_have_no_english_words(args: list[str]) -> None:
    code, text = say(*args)
    assert code == 0 and text.strip()
    assert english_words(text) == [], text


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["run"], ["用法:", "错误：缺少参数", "请尝试“evalxl run --help”查看帮助"]),
        (["run", "--bogus", "x.xlsx"], ["没有这个选项：--bogus"]),
        (["runn"], ["没有这个命令：runn", "是不是"]),
        (["diff", "a.xlsx"], ["缺少参数", "新工作簿"]),
        (["run", "--workers", "0", "x.xlsx"], ["的值无效", "不在范围"]),
        (["run", "--workers", "many", "x.xlsx"], ["不是有效的整数"]),
        (["check", "--layout"], ["选项 --layout 需要一个值"]),
        (["template", "."], ["是文件夹，应为文件"]),
        (["run", "不存在的文件.xlsx"], ["找不到输入文件"]),
    ],
)
def test_usage_errors_are_chinese(args: list[str], words: list[str]) -> None:
    code, text = say(*args)
    assert code == 2
    for word in words:
        assert word in text, text
    assert [w for w in english_words(text) if w not in " ".join(args)] == [], text  # the user's own words
    for english in ("Usage", "Error", "Try", "Missing", "No such", "Invalid", "does not exist"):
        assert english not in text


def test_help_lists_commands_in_workflow_order_and_names_the_exit_statuses() -> None:
    _code, text = say("--help")
    listed = [
        line.split()[0] for line in text.split("命令:")[1].split("退出码：")[0].splitlines() if line.strip()
    ]
    assert listed == list(COMMAND_ORDER)
    statuses = re.findall(r"^\s+(\d+)\s+\S", text.split("退出码：")[1], flags=re.MULTILINE)
    assert statuses == ["0", "1", "2", "3", "4", "130", "141"]


def test_help_columns_line_up_after_chinese_option_names() -> None:
    _code, text = say("run", "--help")
    options = text.split("选项:")[1]
    starts = set()
    for line in options.splitlines():
        match = re.match(r"^  (-\S.*?)  +(\S)", line)
        if match:
            before = line[: match.start(2)]
            starts.add(cli_words.display_width(before))
    assert len(starts) == 1, options
