"""The limits that keep a hostile or broken workbook from exhausting time or memory.

They are checked before anything is inflated or parsed in full (README: "Limits"). A workbook
over a limit is refused with a finding naming the file, the sheet or the cell.
"""

from __future__ import annotations

import zipfile

MAX_FILE_BYTES = 200 << 20  # the input file itself
MAX_PART_BYTES = 256 << 20  # any one part of the workbook, inflated (a sheet, the shared strings)
MAX_TOTAL_BYTES = 1 << 30  # all parts together, inflated
MAX_ROWS = 300_000  # rows of one sheet (a province's 100,000 indicator rows fit three times)
MAX_CELL_CHARS = 32_767  # Excel's own limit for the text of one cell
_CHUNK = 1 << 20


class TooLarge(Exception):
    """A part of the workbook is larger than the limits allow; the message says which (Chinese)."""


def check_declared_sizes(archive: zipfile.ZipFile, file_bytes: int) -> None:
    """Refuse a workbook whose file or whose parts, as the zip declares them, exceed the limits."""
    if file_bytes > MAX_FILE_BYTES:
        raise TooLarge(f"文件 {file_bytes >> 20} MiB，超过 {MAX_FILE_BYTES >> 20} MiB 的上限")
    total = 0
    for info in archive.infolist():
        if info.file_size > MAX_PART_BYTES:
            raise TooLarge(
                f"部件 {info.filename} 解压后 {info.file_size >> 20} MiB，超过 {MAX_PART_BYTES >> 20} MiB 的上限"
            )
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise TooLarge(f"各部件解压后共 {total >> 20} MiB，超过 {MAX_TOTAL_BYTES >> 20} MiB 的上限")


def read_part(archive: zipfile.ZipFile, name: str) -> bytes:
    """A part's bytes, inflated in chunks and refused as soon as it passes the limit (a zip may lie
    about its sizes)."""
    chunks, size = [], 0
    with archive.open(name) as part:
        while chunk := part.read(_CHUNK):
            size += len(chunk)
            if size > MAX_PART_BYTES:
                raise TooLarge(f"部件 {name} 解压后超过 {MAX_PART_BYTES >> 20} MiB 的上限")
            chunks.append(chunk)
    return b"".join(chunks)


def check_part(archive: zipfile.ZipFile, name: str) -> None:
    """Inflate a part only to measure it (the shared strings, which another reader will load)."""
    size = 0
    with archive.open(name) as part:
        while chunk := part.read(_CHUNK):
            size += len(chunk)
            if size > MAX_PART_BYTES:
                raise TooLarge(f"部件 {name} 解压后超过 {MAX_PART_BYTES >> 20} MiB 的上限")


# issue 12, gather: what arrives by mail (``evalxl collect``). A workbook inside a zip is held to
# MAX_FILE_BYTES like a workbook given to ``run`` (its parts, rows and cells are then checked by the
# reader, as for ``run``); these limit the zips themselves (docs/input-contract.md, 收件).
MAX_ZIP_ENTRIES = 2_000  # entries of one zip (a unit's split files with their manifest fit many times)
ZIP_ENTRY_RECORD_BYTES = 1_024  # central directory bytes allowed per entry (name, extra fields)
MAX_ZIP_DEPTH = 2  # a zip inside a zip is read; one more level is refused
MAX_ZIP_RATIO = 100  # inflated : compressed, for a member past ZIP_RATIO_FLOOR (an xlsx is ~1:1)
ZIP_RATIO_FLOOR = 1 << 20  # members inflating to less are not held to the ratio
MAX_MAILBOX_BYTES = 2 << 30  # everything extracted from all zips of one collect, together
