"""Zips as they arrive by mail: their members' names decoded (UTF-8 or GBK), every member held to
the limits of :mod:`evalxl.reading.limits` and extracted into the caller's private folder under a
subfolder of its own, never under a name the zip chose. Each refusal is a finding at
``zip!member``; nothing in one zip stops the others.

Only the standard library's :mod:`zipfile` reads them; the zip's own directory size is checked
from its end record before :mod:`zipfile` parses the directory (a zip of a million entries would
otherwise be parsed whole first)."""

from __future__ import annotations

import re
import stat
import struct
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from evalxl import os_errors
from evalxl.collect.mailbox import WORKBOOK, ZIP, Mailbox, kind_of, nfc, sort_key
from evalxl.collect.records import Member
from evalxl.findings import Finding, finding
from evalxl.reading import limits

_CHUNK = 1 << 20
_UTF8_FLAG = 0x800  # general purpose bit 11: the name is UTF-8 (APPNOTE 6.3)
_ENCRYPTED_FLAG = 0x1  # general purpose bit 0
_END = b"PK\x05\x06"
_END64_LOCATOR = b"PK\x06\x07"
_END64 = b"PK\x06\x06"
_DRIVE = re.compile(r"[A-Za-z]:")
_NOT_ON_DISK = re.compile(r'[<>:"|?*\x00-\x1f\x7f]')
_DEVICES = frozenset(
    {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(10)), *(f"LPT{n}" for n in range(10))}
)


class _Refused(Exception):
    """A member refused while it was being extracted; carries the finding."""

    def __init__(self, problem: Finding) -> None:
        super().__init__(problem.message)
        self.finding = problem


def read_zip(box: Mailbox, path: Path, name: str, depth: int = 1) -> None:
    """Take the members of the zip at ``path`` (``name`` as people see it; ``depth`` 1 for a zip
    that arrived as it is, 2 for a zip inside it) into ``box``: workbooks extracted and listed,
    zips inside read in turn, everything else passed over as :meth:`Mailbox.passed_over` says."""
    try:
        with path.open("rb") as handle:
            declared = _declared_entries(handle)
            if declared is None:
                box.findings.append(
                    finding("COLLECT_ZIP_CORRUPT", name, detail="找不到 zip 的目录，文件不完整或不是 zip")
                )
                return
            entries, directory = declared
            if (
                entries > limits.MAX_ZIP_ENTRIES
                or directory > limits.MAX_ZIP_ENTRIES * limits.ZIP_ENTRY_RECORD_BYTES
            ):
                _too_many(box, name, entries)
                return
            with zipfile.ZipFile(handle) as archive:
                infos = archive.infolist()
                if len(infos) > limits.MAX_ZIP_ENTRIES:
                    _too_many(box, name, len(infos))
                    return
                _read_members(box, archive, infos, name, depth)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, UnicodeDecodeError, struct.error) as exc:
        box.findings.append(finding("COLLECT_ZIP_CORRUPT", name, detail=_why(exc)))
    except OSError as exc:
        box.findings.append(finding("COLLECT_UNREADABLE", name, detail=os_errors.reason(exc)))


def _too_many(box: Mailbox, name: str, count: int) -> None:
    box.findings.append(finding("COLLECT_ZIP_TOO_MANY", name, count=count, limit=limits.MAX_ZIP_ENTRIES))


def _read_members(
    box: Mailbox, archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], name: str, depth: int
) -> None:
    named: list[tuple[str, zipfile.ZipInfo]] = []
    for info in infos:
        member = _decoded(info)
        if member is None:
            raw = _raw_name(info).decode("utf-8", "backslashreplace")
            box.findings.append(finding("COLLECT_ZIP_BAD_NAME", f"{name}!{raw}", raw=raw))
        else:
            named.append((member, info))
    taken: set[str] = set()
    for member, info in sorted(named, key=lambda pair: sort_key(_tidy(pair[0]))):
        shown = f"{name}!{member}"
        why = _climbs_out(member)
        if why:
            box.findings.append(finding("COLLECT_ZIP_UNSAFE_NAME", shown, why=why))
            continue
        member = _tidy(member)
        shown = f"{name}!{member}"
        if member.endswith("/") or not member:
            continue  # a folder entry
        kind = kind_of(member)
        if kind not in (WORKBOOK, ZIP):
            box.passed_over(kind, shown)
            continue
        problem = _refusal(info, member, taken, shown, depth if kind == WORKBOOK else depth + 1)
        if problem is not None:
            box.findings.append(problem)
            continue
        taken.add(member)
        target = _extract(box, archive, info, shown, PurePosixPath(member).name)
        if target is None:
            continue
        if kind == WORKBOOK:
            box.members.append(Member(shown, str(target)))
        else:
            read_zip(box, target, shown, depth + 1)
            target.unlink()  # read; only its members are kept


def _refusal(info: zipfile.ZipInfo, member: str, taken: set[str], shown: str, depth: int) -> Finding | None:
    """Why a workbook or zip member may not be extracted (before a byte is inflated), or None."""
    if stat.S_ISLNK(info.external_attr >> 16):
        return finding("COLLECT_ZIP_LINK", shown)
    if info.flag_bits & _ENCRYPTED_FLAG:
        return finding("COLLECT_ZIP_ENCRYPTED", shown)
    if member in taken:
        return finding("COLLECT_ZIP_DUPLICATE", shown, member=member)
    if depth > limits.MAX_ZIP_DEPTH:
        return finding("COLLECT_ZIP_TOO_DEEP", shown, limit=limits.MAX_ZIP_DEPTH)
    size = info.file_size
    if size > limits.MAX_FILE_BYTES:
        return finding(
            "COLLECT_ZIP_TOO_LARGE", shown, detail=f"为 {_size(size)}，超过 {_size(limits.MAX_FILE_BYTES)}"
        )
    if size > limits.ZIP_RATIO_FLOOR and size > limits.MAX_ZIP_RATIO * max(info.compress_size, 1):
        detail = f"为 {_size(size)}，是压缩后大小的 {size // max(info.compress_size, 1)} 倍，超过 {limits.MAX_ZIP_RATIO} 倍"
        return finding("COLLECT_ZIP_TOO_LARGE", shown, detail=detail)
    return None


def _mailbox_full(shown: str) -> Finding:
    return finding("COLLECT_MAILBOX_TOO_LARGE", shown, limit=_size(limits.MAX_MAILBOX_BYTES))


def _extract(
    box: Mailbox, archive: zipfile.ZipFile, info: zipfile.ZipInfo, shown: str, base: str
) -> Path | None:
    """The member's bytes in a new subfolder of the box's folder, under its own name when that name is
    safe on every file system (else ``member`` with its suffix); None, with a finding, when refused."""
    if box.written + info.file_size > limits.MAX_MAILBOX_BYTES:
        box.findings.append(_mailbox_full(shown))
        return None
    target = box.slot() / (base if _safe_on_disk(base) else "member" + PurePosixPath(base).suffix.lower())
    written = 0
    try:
        with archive.open(info) as source, target.open("xb") as out:
            while chunk := source.read(_CHUNK):
                written += len(chunk)
                _hold(info, written, box.written + written, shown)
                out.write(chunk)
    except _Refused as refused:
        box.findings.append(refused.finding)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,
        EOFError,
        zlib.error,
        OSError,
    ) as exc:
        box.findings.append(finding("COLLECT_ZIP_MEMBER_UNREADABLE", shown, detail=_why(exc)))
    else:
        return target
    finally:
        box.written += written
    target.unlink(missing_ok=True)
    return None


def _hold(info: zipfile.ZipInfo, written: int, total: int, shown: str) -> None:
    """Stop extracting as soon as the inflated bytes pass a limit (a zip may lie about its sizes)."""
    if written > limits.MAX_FILE_BYTES:
        raise _Refused(finding("COLLECT_ZIP_TOO_LARGE", shown, detail=f"超过 {_size(limits.MAX_FILE_BYTES)}"))
    if written > limits.ZIP_RATIO_FLOOR and written > limits.MAX_ZIP_RATIO * max(info.compress_size, 1):
        detail = f"超过压缩后大小的 {limits.MAX_ZIP_RATIO} 倍"
        raise _Refused(finding("COLLECT_ZIP_TOO_LARGE", shown, detail=detail))
    if total > limits.MAX_MAILBOX_BYTES:
        raise _Refused(_mailbox_full(shown))


def _raw_name(info: zipfile.ZipInfo) -> bytes:
    """The name's bytes as stored in the zip (zipfile read a name without the UTF-8 flag as cp437,
    which gives every byte back unchanged)."""
    if info.flag_bits & _UTF8_FLAG:
        return info.orig_filename.encode("utf-8")
    return info.orig_filename.encode("cp437")


def _decoded(info: zipfile.ZipInfo) -> str | None:
    """The member's name: UTF-8 when the zip says so; else strict UTF-8 (many tools write it without
    the flag), else GBK (Windows' own zip tool on a Chinese PC); None when neither reads it."""
    if info.flag_bits & _UTF8_FLAG:
        return nfc(info.orig_filename)
    raw = _raw_name(info)
    for encoding in ("utf-8", "gbk"):
        try:
            return nfc(raw.decode(encoding))
        except UnicodeDecodeError:
            continue
    return None


def _climbs_out(member: str) -> str:
    """Why a member's name could point outside the folder it is extracted into ("" when it cannot):
    control characters, an absolute path, a drive, a ``..`` part (``\\`` counts as a separator)."""
    if any(ord(c) < 32 or ord(c) == 127 for c in member):
        return "含有控制字符"
    text = member.replace("\\", "/")
    if text.startswith("/"):
        return "是绝对路径"
    if _DRIVE.match(text):
        return "带有盘符"
    if ".." in text.split("/"):
        return "含有“..”（上一级文件夹）"
    return ""


def _tidy(member: str) -> str:
    """The member's path with ``/`` between folders (some Windows tools write ``\\``), without empty
    or ``.`` parts; a folder entry keeps its trailing ``/``."""
    text = member.replace("\\", "/")
    parts = [p for p in text.split("/") if p not in ("", ".")]
    return "/".join(parts) + ("/" if text.endswith("/") and parts else "")


def _safe_on_disk(base: str) -> bool:
    """True when ``base`` can be a file's name on Windows, macOS and Linux alike."""
    stem = base.split(".")[0].strip().upper()
    return (
        bool(base)
        and not _NOT_ON_DISK.search(base)
        and not base.endswith((".", " "))
        and stem not in _DEVICES
        and len(base.encode("utf-8")) <= 200
    )


def _declared_entries(handle: BinaryIO) -> tuple[int, int] | None:
    """(entries, bytes of the central directory) as the zip's end record declares them; None when
    the file has no end record. Found as :mod:`zipfile` finds them (the last end record in the
    file's last 64 KiB; the zip64 record just before it whenever its locator is there), so the
    directory checked is the one zipfile would parse."""
    size = handle.seek(0, 2)
    start = max(0, size - (22 + 0xFFFF))
    handle.seek(start)
    tail = handle.read()
    at = tail.rfind(_END)
    if at < 0 or len(tail) - at < 22:
        return None
    entries, directory = struct.unpack("<HI", tail[at + 10 : at + 16])
    locator = start + at - 20
    if locator >= 56:
        handle.seek(locator - 56)
        record = handle.read(76)
        if record[56:60] == _END64_LOCATOR and record[:4] == _END64:
            entries, directory = struct.unpack("<QQ", record[32:48])
    return entries, directory


def _why(exc: BaseException) -> str:
    """What went wrong, for people: the kind of damage, not a Python message."""
    if isinstance(exc, NotImplementedError):
        return "压缩方式不受支持"
    if isinstance(exc, zipfile.BadZipFile):
        return "数据校验失败或结构损坏"
    if isinstance(exc, (zlib.error, EOFError)):
        return "压缩数据损坏或不完整"
    if isinstance(exc, UnicodeDecodeError):
        return "文件名标为 UTF-8 却不是 UTF-8"
    if isinstance(exc, OSError):
        return os_errors.reason(exc)
    return type(exc).__name__


def _size(n: int) -> str:
    """``3 MiB`` from a mebibyte on, ``512 字节`` below."""
    return f"{n >> 20} MiB" if n >= 1 << 20 else f"{n} 字节"
