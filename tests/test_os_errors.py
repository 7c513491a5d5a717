"""The operating system's reasons, said in Chinese (with its own words kept)."""

from __future__ import annotations

import errno
from pathlib import Path

from click.testing import CliRunner

from builders import write_book
from evalxl.cli import main
from evalxl.os_errors import reason


def test_known_reasons_are_chinese_with_the_systems_words_kept() -> None:
    said = reason(OSError(errno.ENOSPC, "No space left on device"))
    assert said.startswith("磁盘已满") and said.endswith("（No space left on device）")
    assert reason(PermissionError(errno.EACCES, "Permission denied")).startswith("没有权限")


def test_an_unknown_reason_is_the_systems_own() -> None:
    assert reason(OSError(errno.EXDEV, "Invalid cross-device link")) == "Invalid cross-device link"
    assert reason(OSError("no errno")) == "OSError"


def test_an_output_under_a_file_says_why_in_chinese(tmp_path: Path) -> None:
    source = write_book(tmp_path / "in.xlsx")
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["run", str(source), "-o", str(tmp_path / "afile" / "x.xlsx")])
    assert result.exit_code == 2
    message = result.output.splitlines()[-1]
    assert "路径中的某一级是文件" in message or "同名的文件已存在" in message, message
