"""Split and send: one workbook per project with a manifest, the zip, file names safe to mail, and
the PDF step without LibreOffice (its metadata fix, a stand-in converter, a missing converter)."""

from __future__ import annotations

import csv
import gc
import hashlib
import io
import os
import re
import struct
import sys
import unicodedata
import zipfile
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from builders import PROJECT_HEADER, fund, indicator, project, write_book
from evalxl import api, collector, importing
from evalxl.cli import main
from evalxl.delivery import parallel, pdf, split
from evalxl.findings import Place, finding
from evalxl.scoring.book import run_result

WINDOWS_FORBIDDEN = set('<>:"/\\|?*')
RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{d}{n}" for d in ("COM", "LPT") for n in range(1, 10)}


@dataclass(frozen=True)
class P:
    name: str
    code: str = ""


def assert_safe(names: list[str]) -> None:
    """Every rule a file name must keep for Windows, Excel, zip tools and mail clients."""
    assert len({n.casefold() for n in names}) == len(names)
    assert names == sorted(names)
    for name in names:
        assert name.endswith(".xlsx") and len(name.encode("utf-8")) <= split.NAME_BYTES, name
        assert not WINDOWS_FORBIDDEN & set(name) and "[" not in name and "]" not in name, name
        assert all(unicodedata.category(ch)[0] not in "CZ" and ord(ch) <= 0xFFFF for ch in name), name
        assert not set(name) & {"\u034f", "\u3164", "\ufe0f"}, name  # nothing invisible
        assert name == name.strip(" .") and not name.startswith("."), name
        assert name.split(".")[0].upper() not in RESERVED, name
        assert re.fullmatch(r"\d{3,}_.+\.xlsx", name), name


# --------------------------------------------------------------------------- file names


def test_a_plain_name_and_a_code() -> None:
    names = split.safe_file_names([P("示例培训项目"), P("示例培训项目二", "2023-001")])
    assert names == ["001_示例培训项目.xlsx", "002_2023-001_示例培训项目二.xlsx"]


def test_hostile_names_become_safe_and_unique() -> None:
    hostile = [
        P("CON"),
        P("nul.txt"),
        P("LPT1", "COM1"),
        P(".."),
        P('a/b\\c:d*e?f"g<h>i|j'),
        P("报告。。. . "),
        P("   "),
        P("\u202egnp.exe\x00\x07\t名单"),
        P("[机密] 项目"),
        P("x", "../../etc/passwd"),
    ]
    names = split.safe_file_names(hostile)
    assert_safe(names)
    assert names[:5] == [
        "001_CON.xlsx",
        "002_nul.txt.xlsx",
        "003_COM1_LPT1.xlsx",
        "004_项目.xlsx",
        "005_a_b_c_d_e_f_g_h_i_j.xlsx",
    ]
    assert names[5] == "006_报告.xlsx"  # trailing dots, full stops and spaces go
    assert names[6] == "007_项目.xlsx"  # nothing left: 项目
    assert names[7] == "008_gnp.exe_名单.xlsx"  # the right-to-left override cannot hide the suffix
    assert names[8] == "009_机密_项目.xlsx"  # Excel refuses [ ] in a file name
    assert names[9] == "010_etc_passwd_x.xlsx"  # the code cannot leave the folder


def test_long_names_are_cut_at_twenty_characters_and_eighty_bytes() -> None:
    long_cjk = "农村人居环境整治提升" * 20  # 200 characters
    names = split.safe_file_names([P(long_cjk), P("a" * 200), P(long_cjk, "3" * 60)])
    assert_safe(names)
    assert names[0] == f"001_{long_cjk[:20]}.xlsx"
    assert names[1] == f"002_{'a' * 20}.xlsx"
    code_part = "3" * split.CODE_BYTES
    assert names[2].startswith(f"003_{code_part}_农村") and len(names[2].encode()) <= split.NAME_BYTES


def test_names_identical_after_cutting_stay_apart() -> None:
    same_start = "高素质农民培训项目（第一期）县级配套资金" * 2
    names = split.safe_file_names([P(same_start + "甲"), P(same_start + "乙"), P(same_start.upper())])
    assert_safe(names)
    assert len({n[4:] for n in names}) == 1  # the same short name, told apart by the index


def test_emoji_and_full_width_characters() -> None:
    names = split.safe_file_names(
        [P("🎉庆祝👨‍👩‍👧项目"), P("ＡＢＣ项目（一期）", "２０２３－０１"), P("☺\ufe0f笑脸\u3164\u034f")]
    )
    assert_safe(names)
    assert names == ["001_庆祝_项目.xlsx", "002_2023-01_ABC项目(一期).xlsx", "003_笑脸.xlsx"]


def test_a_cut_never_separates_a_combining_mark_from_its_letter() -> None:
    (name,) = split.safe_file_names([P("a" * 19 + "q\u0301x")])
    assert name == f"001_{'a' * 19}.xlsx"


def test_more_than_999_projects_keep_sorting_in_order() -> None:
    names = split.safe_file_names([P("项目")] * 1200)
    assert names[0] == "0001_项目.xlsx" and names[-1] == "1200_项目.xlsx"
    assert_safe(names)


@given(st.lists(st.tuples(st.text(max_size=300), st.text(max_size=80)), min_size=1, max_size=12))
def test_any_names_give_safe_file_names(rows: list[tuple[str, str]]) -> None:
    assert_safe(split.safe_file_names([P(name, code) for name, code in rows]))


# --------------------------------------------------------------------------- end to end


def two_projects(path: Path, second: str = "第二个项目", **more: object) -> Path:
    """A book with the worked project and a second one named ``second``; an extra column in 项目
    gives a finding that concerns no project."""
    inds = [*indicator_rows("示例培训项目"), *indicator_rows(second)]
    return write_book(
        path,
        projects=[project(项目编码="XM-001"), project(second, **more)],
        funds=[fund(), fund(second, budget=50, executed=50)],
        indicators=inds,
        headers={"项目": [*PROJECT_HEADER, "备注"]},
    )


def indicator_rows(name: str) -> list[list[object]]:
    return [
        indicator("产出指标", "数量指标", "开展培训", "≥40 次", "36 次", name=name),
        indicator("满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%", name=name),
    ]


def deliver(source: Path, folder: Path, **changes: Any) -> list[Path]:
    """Run ``source`` into ``folder``: out.xlsx, --split 分发 and --zip 分发.zip unless ``changes`` say."""
    folder.mkdir(parents=True, exist_ok=True)
    delivery = replace(api.Delivery(folder / "分发", folder / "分发.zip"), **changes)
    return api.deliver(source, folder / "out.xlsx", api.Options(), delivery)[1]


def manifest(path: Path) -> list[dict[str, str]]:
    """The manifest's rows as a program reads them (split.read_manifest: the plain texts)."""
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    return split.read_manifest(path)


def raw_manifest(path: Path) -> list[dict[str, str]]:
    """The manifest's cells as written."""
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def test_the_same_input_gives_the_same_bytes_everywhere(tmp_path: Path) -> None:
    source = two_projects(tmp_path / "in.xlsx")
    first = deliver(source, tmp_path / "a")
    second = deliver(source, tmp_path / "b")
    assert [p.name for p in first] == [p.name for p in second]
    assert [p.name for p in first] == [
        "out.xlsx",
        "001_XM-001_示例培训项目.xlsx",
        "002_第二个项目.xlsx",
        "manifest.csv",
        "分发.zip",
    ]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_manifest_lists_each_file_with_its_hash(tmp_path: Path) -> None:
    written = deliver(two_projects(tmp_path / "in.xlsx"), tmp_path)
    rows = manifest(tmp_path / "分发" / "manifest.csv")
    assert list(rows[0]) == list(split.MANIFEST_HEADERS)
    assert [r["文件"] for r in rows] == [p.name for p in written[1:3]]
    first = rows[0]
    assert (first["项目名称"], first["项目编码"], first["主管部门"], first["项目实施单位"]) == (
        "示例培训项目",
        "XM-001",
        "示例县财政局",
        "示例县培训中心",
    )
    assert (first["全年预算数"], first["全年执行数"], first["等级"]) == ("120", "103.44", "优")
    for row in rows:
        data = (tmp_path / "分发" / row["文件"]).read_bytes()
        assert row["SHA-256"] == hashlib.sha256(data).hexdigest()


def test_each_split_workbook_holds_its_project_its_trail_and_its_findings(tmp_path: Path) -> None:
    deliver(two_projects(tmp_path / "in.xlsx"), tmp_path)
    wb = openpyxl.load_workbook(tmp_path / "分发" / "001_XM-001_示例培训项目.xlsx")
    assert wb.sheetnames == ["汇总", "示例培训项目", "计算过程", "检查结果"]
    summary = list(wb["汇总"].iter_rows(values_only=True))
    assert [r[1] for r in summary[2:4]] == ["示例培训项目", "合计"]
    assert any(isinstance(r[0], str) and "SHA-256" in r[0] for r in summary)
    trace = {r[0] for r in wb["计算过程"].iter_rows(min_row=2, values_only=True)}
    assert trace == {"示例培训项目"}
    assert findings(wb) == ["指标!K2", "项目!I2", "项目!J1", "项目!A2"]  # its rows, and 项目!J1 for all
    other = openpyxl.load_workbook(tmp_path / "分发" / "002_第二个项目.xlsx")
    assert findings(other) == ["指标!K4", "项目!J1", "项目!A3"]


def test_findings_go_to_the_projects_whose_rows_they_are_on(tmp_path: Path) -> None:
    """Grouped by the finding's sheet and row: a cell on a project's 项目, 资金 or 指标 row goes to
    that project; a place that is no cell, or a cell on no project's row, goes to every project."""
    source = two_projects(tmp_path / "in.xlsx")
    book, _found = importing.import_workbook(source)
    at = [
        finding("VALUE_REQUIRED", Place("指标", 4, 11), column="未完成原因和改进措施"),  # 第二个项目's row
        finding("LOW_EXECUTION", Place("项目", 2, 9), name="a", rate="1%", threshold="90%"),  # 示例培训项目's
        finding("BAD_PARAM_VALUE", Place("参数", 2, 2), key="年度", value="x", reason="y"),  # nobody's row
        finding("FILE_OPEN_IN_EXCEL", "in.xlsx", name="in.xlsx", lock="~$in.xlsx"),  # no cell
        finding("PROFILE_UNKNOWN_KEY", "本市.toml:weights.x", key="weights.x"),  # no cell
        finding(
            "EXTRA_COLUMN", Place("资金", 2, 7), column="备注"
        ),  # a row of 示例培训项目, by its sheet and row
        finding("EXTRA_COLUMN", Place("项目", 4, 9), column="备注"),  # row 4 of 项目 is nobody's
    ]
    result = replace(api.evaluate_workbook(source), findings=tuple(at))
    mine = split.findings_per_project(result, book)
    assert [[f.place for f in fs] for fs in mine] == [
        ["项目!I2", "参数!B2", "in.xlsx", "本市.toml:weights.x", "资金!G2", "项目!I4"],
        ["指标!K4", "参数!B2", "in.xlsx", "本市.toml:weights.x", "项目!I4"],
    ]
    assert [len(fs) for fs in split.findings_per_project(result, None)] == [len(at), len(at)]


# --------------------------------------------------------------------------- writing many files


def test_chunks_are_small_enough_for_every_worker_to_finish_together() -> None:
    assert parallel.chunk_size(10_000, 2) == parallel.CHUNK
    assert parallel.chunk_size(45, 2) == 45 // (2 * parallel.CHUNKS_PER_WORKER)
    assert parallel.chunk_size(3, 8) == 1


def test_a_file_a_worker_cannot_write_fails_the_run(tmp_path: Path) -> None:
    """An error in a worker process comes back to the caller (here: a folder that is missing), after
    the files already given out; the pool does not hang."""
    result = api.evaluate_workbook(two_projects(tmp_path / "in.xlsx"))
    one = run_result(result.settings, result.projects[:1], (), result.source)
    count = parallel.PARALLEL_FROM
    jobs = [(one, tmp_path / ("missing" if n == count // 2 else "") / f"{n}.xlsx") for n in range(count)]
    with pytest.raises(FileNotFoundError):
        list(parallel.write_workbooks(jobs, count, 2, None))
    assert (tmp_path / "0.xlsx").is_file()


def test_the_collector_is_frozen_only_while_writing() -> None:
    assert gc.get_freeze_count() == 0
    with collector.frozen():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


def test_objects_frozen_by_the_caller_stay_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with collector.frozen():
            pass
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def findings(wb: openpyxl.Workbook) -> list[str]:
    return [r[2] for r in wb["检查结果"].iter_rows(min_row=2, values_only=True)]


def test_a_hostile_project_name_end_to_end(tmp_path: Path) -> None:
    hostile = 'CON/..\\a:b*?"<>|🎉' + "很长的项目名称" * 20
    written = deliver(two_projects(tmp_path / "in.xlsx", second=hostile, 项目编码="../x"), tmp_path)
    folder = tmp_path / "分发"
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "001_XM-001_示例培训项目.xlsx",
        "002_x_CON_a_b_很长的项目名称很长的项目.xlsx",
        "manifest.csv",
    ]
    assert_safe(names[:2])
    assert all(p.parent in (tmp_path, folder) for p in written)
    assert manifest(folder / "manifest.csv")[1]["项目名称"] == hostile


def test_the_manifest_never_holds_a_formula(tmp_path: Path) -> None:
    dde = "@SUM(1+1)*cmd|' /C calc'!A0"
    deliver(two_projects(tmp_path / "in.xlsx", second=dde, 项目编码="+1"), tmp_path)
    row = raw_manifest(tmp_path / "分发" / "manifest.csv")[1]
    assert (row["文件"], row["项目名称"], row["项目编码"]) == (
        "002_1_SUM(1_1)_cmd_C_calc.xlsx",
        '="' + dde + '"',  # a text formula: the cell shows the text, nothing runs
        '="+1"',
    )
    plain = manifest(tmp_path / "分发" / "manifest.csv")[1]
    assert (plain["项目名称"], plain["项目编码"]) == (dde, "+1")


def test_by_unit_gives_one_file_per_unit(tmp_path: Path) -> None:
    funds = [fund(budget=60, executed=60, 资金使用单位=u) for u in "甲乙"]
    inds = [
        indicator("产出指标", "数量指标", "次数", "≥4 次", actual, 资金使用单位=u)
        for u, actual in (("甲", "4 次"), ("乙", "2 次"))
    ]
    source = write_book(tmp_path / "in.xlsx", funds=funds, indicators=inds)
    folder = tmp_path / "units"
    _result, written = api.deliver(
        source, tmp_path / "out.xlsx", api.Options(by_unit=True), api.Delivery(split_dir=folder)
    )
    assert sorted(p.name for p in folder.iterdir()) == [
        "001_示例培训项目(甲).xlsx",
        "002_示例培训项目(乙).xlsx",
        "manifest.csv",
    ]
    rows = manifest(folder / "manifest.csv")
    assert [(r["项目名称"], r["项目实施单位"]) for r in rows] == [
        ("示例培训项目（甲）", "甲"),
        ("示例培训项目（乙）", "乙"),
    ]
    assert rows[0]["得分"] != rows[1]["得分"]
    assert written[1:] == [folder / r["文件"] for r in rows] + [folder / "manifest.csv"]


def test_the_zip_is_sorted_dated_utf8_and_reads_back(tmp_path: Path) -> None:
    written = deliver(two_projects(tmp_path / "in.xlsx"), tmp_path)
    archive = tmp_path / "分发.zip"
    with zipfile.ZipFile(archive) as z:
        infos = z.infolist()
        assert [i.filename for i in infos] == [
            "001_XM-001_示例培训项目.xlsx",
            "002_第二个项目.xlsx",
            "manifest.csv",
        ]
        for info in infos:
            assert info.date_time == (2000, 1, 1, 0, 0, 0)
            assert info.external_attr >> 16 == 0o100644 and info.create_system == 3
            assert z.read(info) == (tmp_path / "分发" / info.filename).read_bytes()
    assert written[-1] == archive
    flags = local_header_flags(archive.read_bytes())
    assert [name for name, _ in flags] == [i.filename.encode() for i in infos]
    assert [bool(bits & split.ZIP_UTF8_FLAG) for _, bits in flags] == [True, True, False]
    assert "第二个项目".encode() in flags[1][0]  # the name's bytes are UTF-8


def local_header_flags(data: bytes) -> list[tuple[bytes, int]]:
    """(name bytes, general purpose flags) of each local file header, read without zipfile."""
    found, offset = [], 0
    while (offset := data.find(b"PK\x03\x04", offset)) >= 0:
        flags, _method, _time, _date, _crc, size, _raw, name_len, extra_len = struct.unpack(
            "<HHHHIIIHH", data[offset + 6 : offset + 30]
        )
        found.append((data[offset + 30 : offset + 30 + name_len], flags))
        offset += 30 + name_len + extra_len + size
    return found


def test_pythons_zipfile_marks_only_non_ascii_names_utf8(tmp_path: Path) -> None:
    """What write_zip relies on: zipfile stores a non-ASCII name in UTF-8 with bit 11 set, and an
    ASCII name (the same bytes in CP437 and UTF-8) without it."""
    with zipfile.ZipFile(tmp_path / "t.zip", "w") as z:
        z.writestr("中文.txt", b"x")
        z.writestr("ascii.txt", b"x")
    assert [bits & 0x800 for _, bits in local_header_flags((tmp_path / "t.zip").read_bytes())] == [0x800, 0]


def test_zip_without_split_writes_only_the_zip(tmp_path: Path) -> None:
    written = deliver(two_projects(tmp_path / "in.xlsx"), tmp_path / "o", split_dir=None)
    assert [p.name for p in written] == ["out.xlsx", "分发.zip"]
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["out.xlsx", "分发.zip"]
    with zipfile.ZipFile(tmp_path / "o" / "分发.zip") as z:
        assert len(z.namelist()) == 3


def test_a_second_run_replaces_the_files_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    source = two_projects(tmp_path / "in.xlsx")
    written = deliver(source, tmp_path)
    before = {p: p.read_bytes() for p in written}
    written[1].write_bytes(b"changed")
    (tmp_path / "分发" / "old-notes.txt").write_text("kept", encoding="utf-8")
    deliver(source, tmp_path)
    assert {p: p.read_bytes() for p in written} == before
    assert sorted(p.name for p in (tmp_path / "分发").iterdir()) == sorted(
        [p.name for p in written[1:4]] + ["old-notes.txt"]
    )


def test_errors_in_the_input_write_nothing(tmp_path: Path) -> None:
    source = write_book(tmp_path / "in.xlsx", funds=[fund(budget="abc")])
    kept = tmp_path / "kept"
    kept.mkdir()
    (kept / "001_示例培训项目.xlsx").write_bytes(b"old")
    for folder in (kept, tmp_path / "new"):
        _result, written = api.deliver(
            source, tmp_path / "out.xlsx", api.Options(), api.Delivery(folder, tmp_path / "x.zip")
        )
        assert written == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.xlsx", "kept"]
    assert [p.read_bytes() for p in kept.iterdir()] == [b"old"]


def test_clashing_outputs_are_a_usage_problem_before_anything_is_written(tmp_path: Path) -> None:
    source = two_projects(tmp_path / "in.xlsx")
    folder = tmp_path / "分发"
    clashes = [
        (tmp_path / "out.xlsx", api.Delivery(zip_path=source)),
        (folder / "002_第二个项目.xlsx", api.Delivery(split_dir=folder)),
        (tmp_path / "out.xlsx", api.Delivery(split_dir=folder, zip_path=folder / "manifest.csv")),
    ]
    for output, delivery in clashes:
        with pytest.raises(api.UsageError):
            api.deliver(source, output, api.Options(), delivery)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.xlsx"]
    with pytest.raises(api.UsageError, match="文件夹"):
        api.deliver(source, None, api.Options(), api.Delivery(split_dir=source))


# --------------------------------------------------------------------------- the command line


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_cli_split_and_zip_print_each_file(tmp_path: Path) -> None:
    source = two_projects(tmp_path / "in.xlsx")
    folder, archive = tmp_path / "分发", tmp_path / "分发.zip"
    code, out, _err = invoke("run", str(source), "--split", str(folder), "--zip", str(archive))
    assert code == 0
    printed = [line.removeprefix("已写出：") for line in out.splitlines() if line.startswith("已写出：")]
    assert printed[1:] == [
        str(folder / "001_XM-001_示例培训项目.xlsx"),
        str(folder / "002_第二个项目.xlsx"),
        str(folder / "manifest.csv"),
        str(archive),
    ]
    code, out, err = invoke("run", str(source), "--json", "--zip", str(archive))
    assert code == 0 and "projects" in out and "已写出" not in out and f"已写出：{archive}" in err


def test_cli_pdf_without_libreoffice_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    source = write_book(tmp_path / "in.xlsx")
    env = {pdf.SOFFICE_ENV: str(tmp_path / "no-soffice")}
    code, _out, err = invoke("run", str(source), "--pdf", "--split", str(tmp_path / "d"), env=env)
    assert code == 2 and "LibreOffice" in err and "未找到" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.xlsx"]


# --------------------------------------------------------------------------- PDF without LibreOffice


def fake_pdf(stamp: str) -> bytes:
    """A PDF shaped like LibreOffice's: a dated /Info, an /ID and a /DocChecksum that change per run."""
    body = b"%PDF-1.6\n1 0 obj\n<</Type/Catalog>>\nendobj\n"
    info = f"2 0 obj\n<</Creator<FEFF0043>/CreationDate(D:2024{stamp}Z')>>\nendobj\n".encode()
    xref_at = len(body) + len(info)
    xref = f"xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n{len(body):010d} 00000 n \n".encode()
    ident = hashlib.md5(stamp.encode()).hexdigest().upper()
    trailer = f"trailer\n<</Size 3/Root 1 0 R\n/Info 2 0 R\n/ID [ <{ident}>\n<{ident}> ]\n"
    trailer += f"/DocChecksum /{ident}\n>>\nstartxref\n{xref_at}\n%%EOF\n"
    return body + info + xref + trailer.encode()


def xref_offsets_hold(data: bytes) -> bool:
    """Whether every object the (last) cross-reference table lists starts where it says."""
    start = int(data.rsplit(b"startxref", 1)[1].split()[0])
    lines = data[start:].split(b"trailer", 1)[0].splitlines()[1:]
    first, count = map(int, lines[0].split())
    entries = [line.split() for line in lines[1 : 1 + count]]
    return all(
        data[int(offset) :].startswith(f"{first + n} {int(generation)} obj".encode())
        for n, (offset, generation, kind) in enumerate(entries)
        if kind == b"n"
    )


def test_fix_metadata_fixes_the_date_and_ids_and_keeps_every_offset() -> None:
    when = datetime(2000, 1, 1)
    original = fake_pdf("0101120000")
    a, b = pdf.fix_metadata(original, when), pdf.fix_metadata(fake_pdf("0607235959"), when)
    assert a == b and len(a) == len(original)
    assert xref_offsets_hold(original) and xref_offsets_hold(a)
    assert b"/CreationDate(D:20000101000000Z) " in a
    assert b"D:2024" not in a and hashlib.md5(b"0101120000").hexdigest().upper().encode() not in a
    assert pdf.fix_metadata(b"%PDF-1.4 nothing to fix", when) == b"%PDF-1.4 nothing to fix"


def stand_in_converter(tmp_path: Path, behaviour: str) -> str:
    """An executable that answers like ``soffice --convert-to pdf``: ``ok`` writes a dated PDF per
    input, ``fail`` exits 1, ``nothing`` exits 0 without output, ``hang`` sleeps."""
    script = tmp_path / "soffice"
    script.write_text(
        f"#!{sys.executable}\n"
        "import sys, time, pathlib\n"
        f"mode = {behaviour!r}\n"
        "args = sys.argv[1:]\n"
        "out = pathlib.Path(args[args.index('--outdir') + 1])\n"
        "if mode == 'hang': time.sleep(60)\n"
        "if mode == 'fail': sys.exit('boom')\n"
        "out.mkdir(parents=True, exist_ok=True)\n"
        "for name in args[args.index('--outdir') + 2:]:\n"
        "    if mode == 'ok':\n"
        f"        data = {fake_pdf('0101000000')!r}.replace(b'0101000000', time.strftime('%m%d%H%M%S').encode())\n"
        "        (out / (pathlib.Path(name).stem + '.pdf')).write_bytes(data)\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return str(script)


@pytest.mark.skipif(os.name != "posix", reason="the stand-in converter is a script with a #! line")
def test_pdf_step_with_a_stand_in_converter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(pdf.SOFFICE_ENV, stand_in_converter(tmp_path, "ok"))
    written = deliver(two_projects(tmp_path / "in.xlsx"), tmp_path / "o", pdf=True, zip_path=None)
    pdfs = [p.name for p in written if p.suffix == ".pdf"]
    assert pdfs == ["out.pdf", "001_XM-001_示例培训项目.pdf", "002_第二个项目.pdf"]
    assert all(b"(D:20000101000000Z)" in p.read_bytes() for p in written if p.suffix == ".pdf")


@pytest.mark.skipif(os.name != "posix", reason="the stand-in converter is a script with a #! line")
@pytest.mark.parametrize("behaviour", ["fail", "nothing", "hang"])
def test_a_failing_converter_is_reported_with_what_was_written(tmp_path: Path, behaviour: str) -> None:
    book = write_book(tmp_path / "in.xlsx")
    soffice = stand_in_converter(tmp_path, behaviour)
    with pytest.raises(pdf.ConversionFailed):
        pdf.convert([book], soffice, timeout=2)
    assert not (tmp_path / "in.pdf").exists()


def test_cli_reports_a_failed_conversion_after_the_files_it_wrote(tmp_path: Path) -> None:
    source = write_book(tmp_path / "in.xlsx")
    env = {pdf.SOFFICE_ENV: stand_in_converter(tmp_path, "fail")}
    code, out, err = invoke("run", str(source), "-o", str(tmp_path / "out.xlsx"), "--pdf", env=env)
    assert code == 2 and "转换 PDF 失败" in err and f"已写出：{tmp_path / 'out.xlsx'}" in out
