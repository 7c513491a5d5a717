"""A corpus of broken and hostile input files, made by code (no hand-made binaries).

Each maker writes one file into a folder and returns its path; ``CASES`` lists them with the
finding code evalxl must answer with. ``python tests/hostile/corpus.py DIR`` writes them all, to
try by hand (``evalxl check DIR/<file>``).
"""

from __future__ import annotations

import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import xlsxwriter

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from builders import FUND_HEADER, INDICATOR_HEADER, PROJECT_HEADER, write_book

Maker = Callable[[Path], Path]


def not_a_zip(folder: Path) -> Path:
    path = folder / "不是工作簿.xlsx"
    path.write_bytes(b"This is plain text, saved with the wrong ending.\n")
    return path


def truncated(folder: Path) -> Path:
    whole = write_book(folder / "whole.xlsx").read_bytes()
    path = folder / "截断.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    return path


def corrupt_member(folder: Path) -> Path:
    """A zip whose sheet part is damaged inside (its CRC no longer matches)."""
    source = write_book(folder / "source.xlsx")
    path = folder / "损坏.xlsx"
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo("xl/worksheets/sheet3.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for n in range(start + 10, start + min(info.compress_size, 200)):
        data[n] ^= 0x5A
    path.write_bytes(bytes(data))
    return path


def encrypted(folder: Path) -> Path:
    """What Excel writes for a password-protected workbook: an OLE file holding EncryptionInfo."""
    path = folder / "加密.xlsx"
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1000 + "EncryptionInfo".encode("utf-16-le")
    )
    return path


def old_xls(folder: Path) -> Path:
    path = folder / "旧版.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000)
    return path


def wps_et(folder: Path) -> Path:
    path = folder / "WPS表格.et"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000)
    return path


def csv_file(folder: Path) -> Path:
    path = folder / "导出.csv"
    path.write_text(",".join(PROJECT_HEADER) + "\n示例,,局,中心\n", encoding="utf-8")
    return path


def ods_file(folder: Path) -> Path:
    path = folder / "表格.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    return path


def xlsb_file(folder: Path) -> Path:
    path = folder / "二进制.xlsb"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.bin", b"\x83\x01\x00")
    return path


def empty_file(folder: Path) -> Path:
    path = folder / "空文件.xlsx"
    path.write_bytes(b"")
    return path


def empty_workbook(folder: Path) -> Path:
    path = folder / "空工作簿.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    workbook.add_worksheet("Sheet1")
    workbook.close()
    return path


def zip_bomb(folder: Path) -> Path:
    """A sheet that inflates to 300 MiB of blanks from a few hundred KiB (over the 256 MiB limit)."""
    source = write_book(folder / "source.xlsx")
    path = folder / "炸弹.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item, old.read(item.filename))
        with new.open("xl/worksheets/sheet9.xml", "w", force_zip64=True) as part:
            block = b" " * (1 << 20)
            for _ in range(300):
                part.write(block)
    return path


def entity_expansion(folder: Path) -> Path:
    """A workbook part with the 'billion laughs' entity expansion and an external entity."""
    source = write_book(folder / "source.xlsx")
    path = folder / "实体炸弹.xlsx"
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10)
        )
        + '<!ENTITY ext SYSTEM "file:///etc/passwd">]>'
        + '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x>&lol9;&ext;</x></styleSheet>'
    )
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = laughs.encode() if item.filename == "xl/styles.xml" else old.read(item.filename)
            new.writestr(item, data)
    return path


def huge_cell(folder: Path) -> Path:
    """A cell of a million characters (Excel and the libraries stop at 32,767, so the XML is edited)."""
    from builders import indicator

    source = write_book(
        folder / "source.xlsx", indicators=[indicator("效益指标", "社会效益指标", "环境", "HUGE", "改善")]
    )
    path = folder / "超长单元格.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            new.writestr(item, data.replace(b">HUGE<", (">" + "改善" * 500_000 + "<").encode()))
    return path


def million_rows(folder: Path) -> Path:
    """A 指标 sheet of a million rows, its XML written straight into the zip (fast)."""
    source = write_book(folder / "source.xlsx")
    path = folder / "百万行.xlsx"
    head = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    header = "".join(
        f'<c r="{chr(65 + n)}1" t="inlineStr"><is><t>{h}</t></is></c>' for n, h in enumerate(INDICATOR_HEADER)
    )
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            if item.filename != "xl/worksheets/sheet3.xml":
                new.writestr(item, old.read(item.filename))
                continue
            with new.open(item.filename, "w") as part:
                part.write(f'{head}<row r="1">{header}</row>'.encode())
                for start in range(2, 1_000_002, 50_000):
                    rows = "".join(
                        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>项目</t></is></c></row>'
                        for r in range(start, start + 50_000)
                    )
                    part.write(rows.encode())
                part.write(b"</sheetData></worksheet>")
    return path


def thousands_of_columns(folder: Path) -> Path:
    path = folder / "千列.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    for name, header in (("项目", PROJECT_HEADER), ("资金", FUND_HEADER), ("指标", INDICATOR_HEADER)):
        sheet = workbook.add_worksheet(name)
        sheet.write_row(0, 0, header + [f"列{n}" for n in range(5000)])
    workbook.close()
    return path


CASES: dict[str, tuple[Maker, str]] = {
    "not_a_zip": (not_a_zip, "FILE_NOT_XLSX"),
    "truncated": (truncated, "FILE_NOT_XLSX"),
    "corrupt_member": (corrupt_member, "FILE_NOT_XLSX"),
    "encrypted": (encrypted, "FILE_ENCRYPTED"),
    "old_xls": (old_xls, "FILE_NOT_XLSX"),
    "wps_et": (wps_et, "FILE_NOT_XLSX"),
    "csv_file": (csv_file, "FILE_NOT_XLSX"),
    "ods_file": (ods_file, "FILE_NOT_XLSX"),
    "xlsb_file": (xlsb_file, "FILE_NOT_XLSX"),
    "empty_file": (empty_file, "FILE_NOT_XLSX"),
    "empty_workbook": (empty_workbook, "SHEET_MISSING"),
    "zip_bomb": (zip_bomb, "FILE_TOO_LARGE"),
    "entity_expansion": (entity_expansion, "FILE_NOT_XLSX"),
    "huge_cell": (huge_cell, "CELL_TOO_LONG"),
    "million_rows": (million_rows, "TOO_MANY_ROWS"),
    "thousands_of_columns": (thousands_of_columns, "EXTRA_COLUMN"),
}


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    target.mkdir(parents=True, exist_ok=True)
    for make, code in CASES.values():
        print(f"{make(target)}\t{code}")
