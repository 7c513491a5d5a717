"""Hostile and broken input: every file of the corpus gets a finding with its place and exit 1 or 2,
no traceback, within seconds and bounded memory; faults while writing never lose the old output."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders import fund, indicator, project, write_book
from evalxl import api
from hostile.corpus import CASES

MEMORY_LIMIT = 2 << 30  # bytes of address space a run may use
TIME_LIMIT = 60  # seconds, generous for a loaded 2-core machine; the runs take a few


def limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def evalxl(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "evalxl", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=TIME_LIMIT,
        preexec_fn=limit_memory,
        cwd=cwd,
    )


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_hostile_file_gets_a_finding(case: str, tmp_path: Path) -> None:
    make, code = CASES[case]
    path = make(tmp_path)
    before = path.read_bytes()
    started = time.monotonic()
    proc = evalxl("run", str(path), "-o", str(tmp_path / "out.xlsx"))
    said = proc.stdout + proc.stderr
    assert "Traceback" not in said
    assert code in said, said[-500:]
    if code != "EXTRA_COLUMN":  # thousands of extra columns are only noted; the file lacks its data
        assert proc.returncode in (1, 2), said[-500:]
        assert not (tmp_path / "out.xlsx").exists()
    assert path.read_bytes() == before  # the input is never touched
    assert time.monotonic() - started < TIME_LIMIT


def test_findings_name_the_file_or_the_cell(tmp_path: Path) -> None:
    result = api.evaluate_workbook(CASES["huge_cell"][0](tmp_path))
    assert ("CELL_TOO_LONG", "指标!F2") in {(f.code, f.place) for f in result.findings}
    result = api.evaluate_workbook(CASES["million_rows"][0](tmp_path))
    assert ("TOO_MANY_ROWS", "指标!A1") in {(f.code, f.place) for f in result.findings}
    result = api.evaluate_workbook(CASES["zip_bomb"][0](tmp_path))
    assert [(f.code, f.place) for f in result.findings] == [("FILE_TOO_LARGE", "炸弹.xlsx")]


def test_a_path_with_chinese_and_spaces(tmp_path: Path) -> None:
    folder = tmp_path / "二〇二四 年度 自评"
    folder.mkdir()
    path = write_book(folder / "县 财政局 填报.xlsx")
    proc = evalxl("run", str(path))
    assert proc.returncode == 0, proc.stderr
    assert (folder / "县 财政局 填报_自评结果.xlsx").exists()


def test_hidden_rows_sheets_and_formulas(tmp_path: Path) -> None:
    path = write_book(tmp_path / "in.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["资金"].row_dimensions[2].hidden = True
    wb.create_sheet("隐藏").sheet_state = "hidden"
    wb["指标"]["I2"] = "=10+10"  # a formula without a cached value (openpyxl never calculates)
    wb.save(path)
    result = api.evaluate_workbook(path)
    found = {(f.code, f.place) for f in result.findings}
    assert ("FORMULA_NOT_CALCULATED", "指标!I2") in found
    assert ("EXTRA_SHEET", "隐藏!A1") in found


def test_dates_where_numbers_belong_and_full_width_digits(tmp_path: Path) -> None:
    import datetime as dt

    path = write_book(
        tmp_path / "in.xlsx", funds=[fund(budget=dt.datetime(2024, 1, 5), executed="１０３．４４")]
    )
    result = api.evaluate_workbook(path)
    assert ("NOT_A_NUMBER", "资金!E2") in {(f.code, f.place) for f in result.findings}
    path = write_book(tmp_path / "ok.xlsx", funds=[fund(budget="１２０", executed="１０３．４４")])
    assert api.evaluate_workbook(path).projects[0].rate == pytest.approx(0.862)


# ---- faults while writing --------------------------------------------------------------------------


def test_disk_full_leaves_the_old_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    import xlsxwriter

    path = write_book(tmp_path / "in.xlsx")
    out = tmp_path / "out.xlsx"
    api.run(path, out)
    before = out.read_bytes()

    def full(self: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(xlsxwriter.Workbook, "close", full)
    with pytest.raises(api.UsageError, match="No space left"):
        api.run(path, out)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.xlsx", "out.xlsx"]


def big_input(tmp_path: Path, count: int) -> Path:
    names = [f"项目{n:04d}" for n in range(count)]
    rows = [
        indicator("产出指标", "数量指标", f"次数{k}", "≥4 次", "4 次", name=n)
        for n in names
        for k in range(8)
    ]
    return write_book(
        tmp_path / "big.xlsx",
        projects=[project(n) for n in names],
        funds=[fund(n, 10, 10) for n in names],
        indicators=rows,
    )


def test_killed_while_writing_leaves_the_old_output(tmp_path: Path) -> None:
    path = big_input(tmp_path, 1500)
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"the previous output")
    proc = subprocess.Popen(
        [sys.executable, "-m", "evalxl", "run", str(path), "-o", str(out), "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + TIME_LIMIT
    while not list(tmp_path.glob(".out.*.tmp")) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert out.read_bytes() == b"the previous output"


def test_two_runs_writing_the_same_output_at_once(tmp_path: Path) -> None:
    path = big_input(tmp_path, 300)
    out = tmp_path / "out.xlsx"
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "evalxl", "run", str(path), "-o", str(out), "-q"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    assert [p.wait(timeout=TIME_LIMIT) for p in runs] == [0, 0]
    alone = tmp_path / "alone.xlsx"
    api.run(path, alone)
    assert out.read_bytes() == alone.read_bytes()  # one whole run's output, not a mix
    assert not list(tmp_path.glob(".*.tmp"))


# ---- any workbook gives findings or a result, never an exception -----------------------------------

CELL = st.one_of(
    st.none(),
    st.integers(-5, 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(
        alphabet="≥≤=<>%万元次个 0123456789.,-达成部分未改善及时12月31日前项目产出指标效益满意度", max_size=12
    ),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    projects=st.lists(st.lists(CELL, min_size=9, max_size=9), max_size=3),
    funds=st.lists(st.lists(CELL, min_size=6, max_size=6), max_size=3),
    indicators=st.lists(st.lists(CELL, min_size=11, max_size=11), max_size=6),
    params=st.lists(st.lists(CELL, min_size=2, max_size=2), max_size=3),
)
def test_any_workbook_gives_findings_not_an_exception(
    tmp_path: Path,
    projects: list[list[object]],
    funds: list[list[object]],
    indicators: list[list[object]],
    params: list[list[object]],
) -> None:
    clean = [[None if isinstance(v, float) and v != v else v for v in row] for row in projects + funds]
    path = write_book(
        tmp_path / "in.xlsx",
        projects=clean[: len(projects)],
        funds=clean[len(projects) :],
        indicators=indicators,
        params=params,
    )
    result = api.evaluate_workbook(path)
    assert isinstance(result.findings, tuple)
