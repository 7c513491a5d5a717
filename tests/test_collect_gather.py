"""Tests of evalxl.collect.gather: what arrives by mail (files, folders, zips) → the workbooks to
read, each refusal a finding at the file or at ``zip!member``, nothing written outside the private
folder. Zips are built here with zipfile; names without the UTF-8 flag are written as raw bytes."""

from __future__ import annotations

import os
import stat
import struct
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import pytest

from evalxl.collect import gather as gathering
from evalxl.collect import zips
from evalxl.collect.gather import GatherError, gather
from evalxl.collect.records import Member
from evalxl.findings import ERROR, Finding
from evalxl.reading import limits

BOOK = b"PK-not-read-here"  # gather never opens a workbook; the reader does


class RawName(zipfile.ZipInfo):
    """A member whose name is written as the given bytes with the given flag bits (zipfile itself
    writes every non-ASCII name as UTF-8 with the flag, and clears the flags it does not set)."""

    raw: bytes
    extra_flags: int

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:
        return self.raw, (self.flag_bits & ~0x800) | self.extra_flags


Entry = tuple[str | bytes, bytes] | tuple[str | bytes, bytes, int]


def make_zip(
    path: Path, entries: list[Entry], *, utf8_flag: bool = False, links: tuple[str, ...] = ()
) -> Path:
    """A zip of ``(name, data[, flag bits])``: a ``str`` name is written as UTF-8 (with the flag when
    ``utf8_flag``, else without), ``bytes`` as they are; the names in ``links`` as symbolic links."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings(), zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        warnings.simplefilter("ignore")  # duplicate names on purpose
        for name, data, *flags in entries:
            raw = name.encode("utf-8") if isinstance(name, str) else name
            info = RawName(raw.decode("cp437"), (2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.raw = raw
            info.extra_flags = (flags[0] if flags else 0) | (0x800 if utf8_flag else 0)
            if name in links:
                info.create_system = 3
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            z.writestr(info, data)
    return path


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes (what was written, and where)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def box(tmp_path: Path) -> Path:
    """The private folder the caller makes."""
    folder = tmp_path / "private"
    folder.mkdir()
    return folder


@pytest.fixture
def mail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The mailbox, also the working folder: a name that climbs out would land here."""
    folder = tmp_path / "mail"
    folder.mkdir()
    monkeypatch.chdir(folder)
    yield folder


def codes(findings: list[Finding]) -> list[tuple[str, str]]:
    return [(f.code, f.place) for f in findings]


def names(members: list[Member]) -> list[str]:
    return [m.name for m in members]


def inside(members: list[Member], folder: Path) -> None:
    for m in members:
        assert Path(m.path).resolve().is_relative_to(folder.resolve()), m


# --------------------------------------------------------------------------- folders and files


def test_a_folder_is_walked_in_the_byte_order_of_nfc_names_with_junk_passed_over(
    mail: Path, box: Path
) -> None:
    files = {
        "来信/农业局/2024/结果.xlsx": BOOK,
        "来信/农业局/说明.pdf": b"%PDF",
        "来信/A.xlsx": BOOK,
        "来信/b.XLSX": BOOK,
        "来信/宏.xlsm": BOOK,
        "来信/z.xlsx": BOOK,
        "来信/e\u0301.xlsx": BOOK,  # written decomposed, as macOS does: NFC é sorts after z
        "来信/manifest.csv": b"a,b",
        "来信/报告.docx": b"doc",
        "来信/.DS_Store": b"x",
        "来信/Thumbs.db": b"x",
        "来信/._A.xlsx": b"resource fork",
        "来信/__MACOSX/来信/._b.xlsx": b"resource fork",
        "来信/~$A.xlsx": b"lock",
        "来信/~$报告.docx": b"lock",
        "来信/旧.xls": b"\xd0\xcf",
        "来信/wps.et": b"\xd0\xcf",
        "来信/打包.rar": b"Rar!",
    }
    for name, data in files.items():
        (mail / name).parent.mkdir(parents=True, exist_ok=True)
        (mail / name).write_bytes(data)
    before = tree(mail)
    members, findings = gather([Path("来信")], box)
    assert names(members) == [
        "来信/A.xlsx",
        "来信/b.XLSX",
        "来信/z.xlsx",
        "来信/é.xlsx",
        "来信/农业局/2024/结果.xlsx",  # 农 U+519C before 宏 U+5B8F
        "来信/宏.xlsm",
    ]
    assert members[0].path == str(Path("来信/A.xlsx"))  # where it is: the file itself
    assert codes(findings) == [
        ("COLLECT_NOT_XLSX_WORKBOOK", "来信/wps.et"),
        ("COLLECT_LOCK_FILE", "来信/~$A.xlsx"),
        ("COLLECT_ARCHIVE_NOT_ZIP", "来信/打包.rar"),
        ("COLLECT_NOT_XLSX_WORKBOOK", "来信/旧.xls"),
    ]
    assert tree(mail) == before and tree(box) == {}


def test_the_same_file_given_twice_is_read_once_under_the_name_first_reached(mail: Path, box: Path) -> None:
    (mail / "来信").mkdir()
    (mail / "来信" / "a.xlsx").write_bytes(BOOK)
    (mail / "link.xlsx").symlink_to(mail / "来信" / "a.xlsx")
    members, findings = gather([Path("来信"), Path("来信/a.xlsx"), Path("link.xlsx"), Path("来信")], box)
    assert names(members) == ["来信/a.xlsx"] and findings == []


def test_without_inodes_a_file_is_known_by_its_real_path(mail: Path) -> None:
    for n in ("a.xlsx", "b.xlsx"):
        (mail / n).write_bytes(BOOK)
    (mail / "link.xlsx").symlink_to(mail / "a.xlsx")
    no_inode = os.stat_result((stat.S_IFREG | 0o644, 0, 0, 1, 0, 0, len(BOOK), 0, 0, 0))
    a, link, b = (gathering._identity(Path(n), no_inode) for n in ("a.xlsx", "link.xlsx", "b.xlsx"))
    assert a == link != b


def test_the_private_folder_inside_a_folder_walked_is_not_read_again(mail: Path) -> None:
    make_zip(mail / "a.zip", [("x.xlsx", BOOK)])
    private = mail / "临时"
    private.mkdir()
    members, findings = gather([Path(".")], private)
    assert names(members) == ["a.zip!x.xlsx"] and findings == []


def test_paths_as_given_keep_their_order_and_a_given_file_of_another_kind_is_named(
    mail: Path, box: Path
) -> None:
    for n in ("b.xlsx", "a.xlsx", "说明.pdf"):
        (mail / n).write_bytes(BOOK)
    members, findings = gather([Path("b.xlsx"), Path("./说明.pdf"), mail / "a.xlsx"], box)
    assert names(members) == ["b.xlsx", (mail / "a.xlsx").as_posix()]
    assert codes(findings) == [("COLLECT_NOT_COLLECTED", "说明.pdf")]


@pytest.mark.parametrize("given", ["没有.xlsx", "来信/没有/", "a.xlsx/b.xlsx"])
def test_a_path_that_does_not_exist_is_a_usage_problem_before_anything_is_read(
    mail: Path, box: Path, given: str
) -> None:
    (mail / "a.xlsx").write_bytes(BOOK)
    make_zip(mail / "先.zip", [("x.xlsx", BOOK)])
    with pytest.raises(GatherError, match="找不到"):
        gather([Path("先.zip"), Path(given)], box)
    assert tree(box) == {}


def test_a_name_not_valid_in_the_file_systems_encoding_is_shown_as_gbk(mail: Path, box: Path) -> None:
    raw = os.fsencode(mail) + b"/" + "农业局.xlsx".encode("gbk")
    with open(raw, "wb") as handle:
        handle.write(BOOK)
    members, findings = gather([Path(".")], box)
    assert names(members) == ["农业局.xlsx"] and findings == []
    assert Path(members[0].path).read_bytes() == BOOK


def test_a_folder_that_cannot_be_listed_is_a_finding_and_the_rest_is_read(
    mail: Path, box: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (mail / "锁住").mkdir()
    (mail / "锁住" / "x.xlsx").write_bytes(BOOK)
    (mail / "y.xlsx").write_bytes(BOOK)
    real = os.scandir

    def scandir(path: os.PathLike[str]) -> object:
        if Path(path).name == "锁住":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    members, findings = gather([Path(".")], box)
    assert names(members) == ["y.xlsx"]
    assert codes(findings) == [("COLLECT_UNREADABLE", "锁住")]


# --------------------------------------------------------------------------- zip names


def test_member_names_utf8_with_and_without_the_flag_and_gbk_without_it(mail: Path, box: Path) -> None:
    make_zip(mail / "flag.zip", [("2024/结果.xlsx", BOOK)], utf8_flag=True)
    make_zip(mail / "noflag.zip", [("2024/结果.xlsx", BOOK)])
    make_zip(mail / "gbk.zip", [("2024/结果.xlsx".encode("gbk"), BOOK), ("农业局.xlsx".encode("gbk"), BOOK)])
    make_zip(mail / "bad.zip", [(b"\xff\xfe.xlsx", BOOK), ("好.xlsx", BOOK)])
    members, findings = gather([Path("flag.zip"), Path("noflag.zip"), Path("gbk.zip"), Path("bad.zip")], box)
    assert names(members) == [
        "flag.zip!2024/结果.xlsx",
        "noflag.zip!2024/结果.xlsx",
        "gbk.zip!2024/结果.xlsx",
        "gbk.zip!农业局.xlsx",
        "bad.zip!好.xlsx",
    ]
    assert codes(findings) == [("COLLECT_ZIP_BAD_NAME", "bad.zip!\\xff\\xfe.xlsx")]
    assert [Path(m.path).name for m in members] == [
        "结果.xlsx",
        "结果.xlsx",
        "结果.xlsx",
        "农业局.xlsx",
        "好.xlsx",
    ]
    assert all(Path(m.path).read_bytes() == BOOK for m in members)
    inside(members, box)


def test_zip_members_in_nfc_byte_order_folders_skipped_and_junk_passed_over(mail: Path, box: Path) -> None:
    make_zip(
        mail / "来信.zip",
        [
            ("z.xlsx", BOOK),
            ("2024/", b""),
            ("2024\\b.xlsx", BOOK),  # a Windows tool's separator
            ("./2024/a.xlsx", BOOK),
            ("e\u0301.xlsx", BOOK),
            ("__MACOSX/._z.xlsx", b"fork"),
            ("._z.xlsx", b"fork"),
            ("~$z.xlsx", b"lock"),
            ("manifest.csv", b"x"),
            ("旧.xls", b"\xd0\xcf"),
            ("包.7z", b"7z"),
        ],
    )
    members, findings = gather([Path("来信.zip")], box)
    assert names(members) == [
        "来信.zip!2024/a.xlsx",
        "来信.zip!2024/b.xlsx",
        "来信.zip!z.xlsx",
        "来信.zip!é.xlsx",
    ]
    assert codes(findings) == [
        ("COLLECT_LOCK_FILE", "来信.zip!~$z.xlsx"),
        ("COLLECT_ARCHIVE_NOT_ZIP", "来信.zip!包.7z"),
        ("COLLECT_NOT_XLSX_WORKBOOK", "来信.zip!旧.xls"),
    ]


def test_names_that_climb_out_are_refused_and_nothing_is_written_outside_the_folder(
    tmp_path: Path, mail: Path, box: Path
) -> None:
    make_zip(
        mail / "坏.zip",
        [
            ("../../逃.xlsx", BOOK),
            ("a/../../逃.xlsx", BOOK),
            ("/etc/逃.xlsx", BOOK),
            ("C:\\Windows\\逃.xlsx", BOOK),
            ("c:逃.xlsx", BOOK),
            ("..\\..\\逃.xlsx", BOOK),
            ("\\\\server\\share\\逃.xlsx", BOOK),
            ("a\x01.xlsx", BOOK),
            ("../说明.pdf", b"%PDF"),
            ("好.xlsx", BOOK),
        ],
    )
    before = tree(tmp_path / "mail")
    members, findings = gather([Path("坏.zip")], box)
    assert names(members) == ["坏.zip!好.xlsx"]
    assert sorted(codes(findings)) == sorted(
        ("COLLECT_ZIP_UNSAFE_NAME", f"坏.zip!{n}")
        for n in (
            "../../逃.xlsx",
            "a/../../逃.xlsx",
            "/etc/逃.xlsx",
            "C:\\Windows\\逃.xlsx",
            "c:逃.xlsx",
            "..\\..\\逃.xlsx",
            "\\\\server\\share\\逃.xlsx",
            "a\x01.xlsx",
            "../说明.pdf",
        )
    )
    assert tree(tmp_path / "mail") == before
    assert [p for p in tmp_path.rglob("*逃*")] == []
    assert list(tree(box).values()) == [BOOK]
    inside(members, box)


@pytest.mark.parametrize("name", ["a?b.xlsx", "x/a|b.xlsx", "CON.xlsx", "nul.XLSX", "长" * 70 + ".xlsx"])
def test_a_name_unsafe_on_some_file_system_is_extracted_under_a_neutral_name(
    mail: Path, box: Path, name: str
) -> None:
    make_zip(mail / "x.zip", [(name, BOOK)])
    members, findings = gather([Path("x.zip")], box)
    assert names(members) == [f"x.zip!{name}"] and findings == []
    assert Path(members[0].path).name == "member.xlsx"


# --------------------------------------------------------------------------- hostile members


def test_links_encrypted_members_and_duplicates_are_refused_each_by_name(mail: Path, box: Path) -> None:
    make_zip(
        mail / "x.zip",
        [
            ("密.xlsx", BOOK, 0x1),
            ("重.xlsx", BOOK),
            ("重.xlsx", b"second"),
            ("好.xlsx", BOOK),
            ("链.xlsx", b"../../../etc/passwd"),
        ],
        links=("链.xlsx",),
    )
    members, findings = gather([Path("x.zip")], box)
    assert names(members) == ["x.zip!好.xlsx", "x.zip!重.xlsx"]
    assert Path(members[1].path).read_bytes() == BOOK  # the first of the two
    assert codes(findings) == [
        ("COLLECT_ZIP_ENCRYPTED", "x.zip!密.xlsx"),
        ("COLLECT_ZIP_DUPLICATE", "x.zip!重.xlsx"),
        ("COLLECT_ZIP_LINK", "x.zip!链.xlsx"),
    ]


@pytest.fixture
def small(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 100_000)
    monkeypatch.setattr(limits, "ZIP_RATIO_FLOOR", 10_000)


def test_a_bomb_is_refused_by_its_size_before_it_is_inflated(mail: Path, box: Path, small: None) -> None:
    make_zip(mail / "炸弹.zip", [("炸弹.xlsx", bytes(300_000)), ("好.xlsx", BOOK)])
    members, findings = gather([Path("炸弹.zip")], box)
    assert names(members) == ["炸弹.zip!好.xlsx"]
    assert codes(findings) == [("COLLECT_ZIP_TOO_LARGE", "炸弹.zip!炸弹.xlsx")]
    assert "300000 字节" in findings[0].message
    assert list(tree(box).values()) == [BOOK]


def test_a_member_within_the_size_limit_but_compressed_too_well_is_refused(
    mail: Path, box: Path, small: None
) -> None:
    make_zip(mail / "z.zip", [("零.xlsx", bytes(60_000)), ("杂.xlsx", os.urandom(60_000))])
    members, findings = gather([Path("z.zip")], box)
    assert names(members) == ["z.zip!杂.xlsx"]
    assert codes(findings) == [("COLLECT_ZIP_TOO_LARGE", "z.zip!零.xlsx")]


def test_a_zip_that_understates_a_size_is_not_inflated_past_it(mail: Path, box: Path) -> None:
    path = make_zip(mail / "谎.zip", [("谎.xlsx", bytes(500_000))])
    data = bytearray(path.read_bytes())
    real = struct.pack("<I", 500_000)
    assert data.count(real) == 2  # the local header and the central directory
    path.write_bytes(bytes(data).replace(real, struct.pack("<I", 1_000)))
    members, findings = gather([Path("谎.zip")], box)
    assert members == []
    assert codes(findings) == [("COLLECT_ZIP_MEMBER_UNREADABLE", "谎.zip!谎.xlsx")]
    assert tree(box) == {}


def test_inflating_stops_at_a_limit_whatever_the_zip_declared(mail: Path) -> None:
    # zipfile itself never inflates past the declared size (the test above); this is the second guard
    info = zipfile.ZipInfo("x.xlsx")
    info.compress_size = 1_000
    with pytest.raises(zips._Refused) as refused:
        zips._hold(info, limits.MAX_FILE_BYTES + 1, 0, "a.zip!x.xlsx")
    assert refused.value.finding.code == "COLLECT_ZIP_TOO_LARGE"
    with pytest.raises(zips._Refused) as refused:
        zips._hold(info, limits.ZIP_RATIO_FLOOR + 1, 0, "a.zip!x.xlsx")
    assert refused.value.finding.code == "COLLECT_ZIP_TOO_LARGE"
    with pytest.raises(zips._Refused) as refused:
        zips._hold(info, 1, limits.MAX_MAILBOX_BYTES + 1, "a.zip!x.xlsx")
    assert refused.value.finding.code == "COLLECT_MAILBOX_TOO_LARGE"
    zips._hold(info, 1_000, 1_000, "a.zip!x.xlsx")


def test_the_whole_mailbox_is_held_to_a_total(mail: Path, box: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_MAILBOX_BYTES", 2_500)
    make_zip(mail / "a.zip", [("1.xlsx", os.urandom(1_000)), ("2.xlsx", os.urandom(1_000))])
    make_zip(mail / "b.zip", [("3.xlsx", os.urandom(1_000)), ("4.xlsx", os.urandom(100))])
    (mail / "5.xlsx").write_bytes(os.urandom(5_000))  # on disk already: not extracted, not counted
    members, findings = gather([Path(".")], box)
    assert names(members) == ["5.xlsx", "a.zip!1.xlsx", "a.zip!2.xlsx", "b.zip!4.xlsx"]
    assert codes(findings) == [("COLLECT_MAILBOX_TOO_LARGE", "b.zip!3.xlsx")]


def test_thousands_of_entries_are_refused_before_the_directory_is_parsed(
    mail: Path, box: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_zip(mail / "多.zip", [(f"{n:04d}.xlsx", b"") for n in range(3_000)])
    make_zip(mail / "少.zip", [("a.xlsx", BOOK)])

    original = zipfile.ZipFile

    def only_the_small_one(handle: BinaryIO, *args: Any, **kwargs: Any) -> zipfile.ZipFile:
        assert Path(str(handle.name)).name == "少.zip", "zipfile parsed the directory of a zip over the limit"
        return original(handle, *args, **kwargs)

    monkeypatch.setattr(zipfile, "ZipFile", only_the_small_one)
    members, findings = gather([Path("多.zip"), Path("少.zip")], box)
    assert names(members) == ["少.zip!a.xlsx"]
    assert codes(findings) == [("COLLECT_ZIP_TOO_MANY", "多.zip")]
    assert "3000" in findings[0].message
    assert tree(box) == {"000001/a.xlsx": BOOK}


def test_the_entry_count_of_a_zip64_end_record_is_the_one_held_to_the_limit(
    tmp_path: Path, mail: Path, box: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patched:
        patched.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", 3)  # zipfile then writes the zip64 end records
        path = make_zip(mail / "64.zip", [(f"{n}.xlsx", BOOK) for n in range(6)])
    data = bytearray(path.read_bytes())
    end = data.rfind(b"PK\x05\x06")
    assert data[end - 20 : end - 16] == b"PK\x06\x07"
    data[end + 8 : end + 12] = b"\xff\xff\xff\xff"  # the classic record defers to the zip64 one
    path.write_bytes(bytes(data))
    members, findings = gather([Path("64.zip")], box)
    assert len(members) == 6 and findings == []
    monkeypatch.setattr(limits, "MAX_ZIP_ENTRIES", 5)
    (tmp_path / "again").mkdir()
    members, findings = gather([Path("64.zip")], tmp_path / "again")
    assert members == [] and codes(findings) == [("COLLECT_ZIP_TOO_MANY", "64.zip")]


def test_a_zip64_record_that_claims_more_entries_than_the_classic_one_is_the_one_believed(
    mail: Path, box: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patched:
        patched.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", 3)
        path = make_zip(mail / "64.zip", [(f"{n}.xlsx", BOOK) for n in range(6)])
    data = bytearray(path.read_bytes())
    record = data.rfind(b"PK\x06\x06")
    data[record + 32 : record + 40] = struct.pack("<Q", 10_000_000)  # what zipfile would parse
    path.write_bytes(bytes(data))
    members, findings = gather([Path("64.zip")], box)
    assert members == [] and codes(findings) == [("COLLECT_ZIP_TOO_MANY", "64.zip")]
    assert "10000000" in findings[0].message


def test_zips_inside_zips_are_read_to_the_depth_limit(mail: Path, box: Path) -> None:
    deepest = make_zip(mail / "build" / "三.zip", [("深.xlsx", BOOK)])
    inner = make_zip(mail / "build" / "二.zip", [("单位.xlsx", BOOK), ("三.zip", deepest.read_bytes())])
    make_zip(mail / "来信.zip", [("二.zip", inner.read_bytes()), ("一.xlsx", BOOK)])
    members, findings = gather([Path("来信.zip")], box)
    assert names(members) == ["来信.zip!一.xlsx", "来信.zip!二.zip!单位.xlsx"]
    assert codes(findings) == [("COLLECT_ZIP_TOO_DEEP", "来信.zip!二.zip!三.zip")]
    assert not [p for p in box.rglob("*.zip")]  # a zip inside is removed once read
    inside(members, box)


def test_a_corrupt_zip_and_a_corrupt_member_are_named_and_the_rest_is_read(mail: Path, box: Path) -> None:
    (mail / "乱.zip").write_bytes(b"this is no zip at all")
    whole = make_zip(mail / "build" / "整.zip", [("a.xlsx", BOOK)]).read_bytes()
    (mail / "断.zip").write_bytes(whole[: len(whole) // 2])
    path = make_zip(mail / "错.zip", [("坏.xlsx", os.urandom(2_000)), ("好.xlsx", BOOK)])
    data = bytearray(path.read_bytes())
    data[100] ^= 0xFF  # inside 坏.xlsx's compressed bytes: its CRC no longer agrees
    path.write_bytes(bytes(data))
    (mail / "ok.xlsx").write_bytes(BOOK)
    members, findings = gather([Path("乱.zip"), Path("断.zip"), Path("错.zip"), Path("ok.xlsx")], box)
    assert names(members) == ["错.zip!好.xlsx", "ok.xlsx"]
    assert codes(findings) == [
        ("COLLECT_ZIP_CORRUPT", "乱.zip"),
        ("COLLECT_ZIP_CORRUPT", "断.zip"),
        ("COLLECT_ZIP_MEMBER_UNREADABLE", "错.zip!坏.xlsx"),
    ]
    assert all(f.level == ERROR for f in findings)


def test_the_same_mailbox_gives_the_same_members_in_another_folder(tmp_path: Path, mail: Path) -> None:
    make_zip(mail / "a.zip", [("农业局.xlsx".encode("gbk"), BOOK), ("x/y.xlsx", BOOK)])
    (mail / "sub").mkdir()
    (mail / "sub" / "b.xlsx").write_bytes(BOOK)
    runs = []
    for n in (1, 2):
        folder = tmp_path / f"private{n}"
        folder.mkdir()
        members, findings = gather([Path(".")], folder)
        runs.append(
            (
                [
                    (
                        m.name,
                        Path(m.path).relative_to(folder).as_posix() if m.name.startswith("a.zip") else m.path,
                    )
                    for m in members
                ],
                findings,
            )
        )
    assert runs[0] == runs[1]
