"""What province-scale runs rely on: forms kept out of a huge workbook, parallel split files with the
same bytes, the progress bar's manners, and reading cell facts calamine does not give."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from click.testing import CliRunner

from builders import fund, indicator, project, write_book
from evalxl import progress_bar
from evalxl.cli import main
from evalxl.contract import sheets
from evalxl.progress import SILENT
from evalxl.reading.reader import read_workbook


def many_projects(tmp_path: Path, count: int) -> Path:
    names = [f"项目{n:03d}" for n in range(count)]
    rows = [indicator("产出指标", "数量指标", "次数", "≥4 次", "4 次", name=n) for n in names]
    return write_book(
        tmp_path / "in.xlsx",
        projects=[project(n) for n in names],
        funds=[fund(n, 10, 10) for n in names],
        indicators=rows,
    )


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_no_forms_and_the_forms_limit(tmp_path: Path) -> None:
    path = many_projects(tmp_path, 3)
    out = tmp_path / "out.xlsx"
    assert invoke("run", str(path), "-o", str(out), "--no-forms")[0] == 0
    assert openpyxl.load_workbook(out).sheetnames == ["汇总", "计算过程", "检查结果"]
    code, said = invoke("run", str(path), "-o", str(out), "--max-forms", "2")
    assert code == 0 and "提示 in.xlsx [FORMS_OMITTED]" in said
    assert openpyxl.load_workbook(out).sheetnames == ["汇总", "计算过程", "检查结果"]
    assert invoke("run", str(path), "-o", str(out), "--max-forms", "3")[0] == 0
    assert len(openpyxl.load_workbook(out).sheetnames) == 6


def test_split_files_are_the_same_bytes_with_worker_processes(tmp_path: Path) -> None:
    path = many_projects(tmp_path, 45)  # enough for the pool to be used
    one, two = tmp_path / "one", tmp_path / "two"
    assert (
        invoke("run", str(path), "-o", str(tmp_path / "a.xlsx"), "--split", str(one), "--workers", "1")[0]
        == 0
    )
    assert (
        invoke("run", str(path), "-o", str(tmp_path / "b.xlsx"), "--split", str(two), "--workers", "2")[0]
        == 0
    )
    names = sorted(p.name for p in one.iterdir())
    assert len(names) == 46 and names == sorted(p.name for p in two.iterdir())
    assert all((one / n).read_bytes() == (two / n).read_bytes() for n in names)


class Console(io.StringIO):
    """A terminal-like stream with a given encoding."""

    def __init__(self, encoding: str, tty: bool = True) -> None:
        super().__init__()
        self._encoding, self._tty = encoding, tty

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding

    def isatty(self) -> bool:
        return self._tty


@pytest.mark.parametrize(
    ("encoding", "chinese", "blocks"), [("utf-8", True, True), ("gbk", True, False), ("ascii", False, False)]
)
def test_progress_bar_on_a_terminal(
    encoding: str, chinese: bool, blocks: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(progress_bar, "DELAY", 0)
    monkeypatch.setattr(progress_bar, "MININTERVAL", 0)
    console = Console(encoding)
    with progress_bar.progress_bar(enabled=True, stream=console) as progress:
        progress.stage("写出自评表文件", 10)
        progress.advance(5)
        progress.advance(10)
    shown = console.getvalue()
    assert "10/10" in shown
    assert ("写出自评表文件" in shown) == chinese
    assert ("writing forms" in shown) != chinese
    assert ("█" in shown) == blocks
    shown.encode(encoding)  # nothing the console cannot print


def test_progress_is_silent_when_asked_or_not_a_terminal() -> None:
    with progress_bar.progress_bar(enabled=False, stream=Console("utf-8")) as progress:
        assert progress is SILENT
    with progress_bar.progress_bar(enabled=True, stream=Console("utf-8", tty=False)) as progress:
        assert progress is SILENT


def test_percent_formats_and_formulas_come_from_the_sheet_xml(tmp_path: Path) -> None:
    """calamine gives values only; a typed 97% and a typed =100% keep their meaning."""
    path = tmp_path / "in.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    percent = wb.add_format({"num_format": "0.0%"})
    ws = wb.add_worksheet("指标")
    headers = [c.name for c in next(s for s in sheets() if s.name == "指标").columns]
    ws.write_row(0, 0, headers)
    ws.write_row(1, 0, ["甲", "", "产出指标", "数量指标", "a"])
    ws.write_formula(1, 5, "=100%", None, 1)
    ws.write_number(1, 6, 0.975, percent)
    ws.write_formula(1, 8, "=SUM(10,10)", None, 20)
    ws.write_formula(1, 9, "=SUM(1,2)")  # never calculated: XlsxWriter stores 0 unless told
    wb.close()
    read = read_workbook(path, [s for s in sheets() if s.name == "指标"])
    ((_row, cells),) = read.tables["指标"].rows
    assert (cells["年度指标值"].formula, cells["年度指标值"].value, cells["年度指标值"].percent) == (
        "=100%",
        1.0,
        True,
    )
    assert (cells["全年完成值"].value, cells["全年完成值"].percent, cells["全年完成值"].text()) == (
        0.975,
        True,
        "97.5%",
    )
    assert (cells["分值"].formula, cells["分值"].value) == ("=SUM(10,10)", 20)
