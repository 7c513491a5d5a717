"""Print output workbooks to PDF with LibreOffice (headless), as reproducibly as the converter allows.

LibreOffice (checked with 7.4) ignores ``SOURCE_DATE_EPOCH``: each conversion writes the current
time as ``/CreationDate`` and a time-based ``/ID`` and ``/DocChecksum``; everything else is the
same from one run to the next. :func:`fix_metadata` rewrites those three fields in place, with
replacements of the same length so every byte offset (and the cross-reference table) stays valid:
the date becomes ``created_date()`` and the identifiers a hash of the rest of the file.

Each conversion uses a private LibreOffice profile (``-env:UserInstallation``), so parallel runs
and an open LibreOffice window do not clash, and a timeout. Problems raise :class:`PdfError`.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from evalxl.delivery.output_file import atomic_path, created_date

SOFFICE_ENV = "EVALXL_SOFFICE"  # the converter's path, when it is not on PATH
DEFAULT_TIMEOUT = 300.0  # seconds for one LibreOffice run (all the files of a run together)
_CANDIDATES = (
    "soffice",
    "libreoffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)
_DATE = re.compile(rb"/(CreationDate|ModDate)\s*\(D:[^)]*\)")
_ID = re.compile(rb"(/ID\s*\[\s*<)([0-9A-Fa-f]+)(>\s*<)([0-9A-Fa-f]+)(>)")
_CHECKSUM = re.compile(rb"(/DocChecksum\s*/)([0-9A-Fa-f]+)")


class PdfError(Exception):
    """The PDFs could not be made; ``written`` lists the files already written by the run."""

    def __init__(self, message: str, written: Sequence[Path] = ()) -> None:
        super().__init__(message)
        self.written = tuple(written)


class ConverterMissing(PdfError):
    """LibreOffice is not installed (or not where ``EVALXL_SOFFICE`` says)."""


class ConversionFailed(PdfError):
    """LibreOffice ran but did not produce every PDF (an error, a crash or the timeout)."""


def find_converter() -> str | None:
    """The LibreOffice program: ``EVALXL_SOFFICE`` when set, else ``soffice`` or ``libreoffice`` on
    PATH, else the usual install place on Windows or macOS; None when there is none."""
    configured = os.environ.get(SOFFICE_ENV, "").strip()
    for candidate in (configured,) if configured else _CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def require_converter() -> str:
    """The LibreOffice program, or :class:`ConverterMissing` with a message saying what to do."""
    found = find_converter()
    if found is None:
        raise ConverterMissing(
            "生成 PDF 需要 LibreOffice，但未找到 soffice。请安装 LibreOffice（https://zh-cn.libreoffice.org/），"
            f"或用环境变量 {SOFFICE_ENV} 指明 soffice 的路径；不加 --pdf 则只写出工作簿"
        )
    return found


def pdf_path(workbook: Path) -> Path:
    """Where the PDF of ``workbook`` goes: beside it, with the suffix ``.pdf``."""
    return workbook.with_suffix(".pdf")


def convert(workbooks: Sequence[Path], soffice: str, timeout: float = DEFAULT_TIMEOUT) -> list[Path]:
    """Print each workbook to a PDF beside it (:func:`pdf_path`) with one LibreOffice run.

    The workbooks are copied into a private temporary folder under plain names and converted
    there; each PDF is then fixed (:func:`fix_metadata`) and moved into place atomically. Returns
    the PDFs written, in the order of ``workbooks``.
    """
    if not workbooks:
        return []
    with tempfile.TemporaryDirectory(prefix="evalxl-pdf-") as folder:
        work = Path(folder)
        (work / "in").mkdir()
        sources = [work / "in" / f"{number:04d}.xlsx" for number in range(len(workbooks))]
        for workbook, source in zip(workbooks, sources, strict=True):
            shutil.copyfile(workbook, source)
        _run(soffice, sources, work, timeout)
        return [_publish(work / "out" / f"{s.stem}.pdf", w) for s, w in zip(sources, workbooks, strict=True)]


def _command(soffice: str, sources: Sequence[Path], work: Path) -> list[str]:
    profile = f"-env:UserInstallation={(work / 'profile').as_uri()}"
    out = ["--convert-to", "pdf", "--outdir", str(work / "out")]
    return [soffice, profile, "--headless", "--norestore", *out, *map(str, sources)]


def _run(soffice: str, sources: Sequence[Path], work: Path, timeout: float) -> None:
    """Run LibreOffice in its own process group, so a timeout stops it and every child it started."""
    posix = sys.platform != "win32"
    with subprocess.Popen(
        _command(soffice, sources, work),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        start_new_session=posix,
    ) as process:
        try:
            _out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _stop(process, posix)
            raise ConversionFailed(f"LibreOffice 在 {timeout:g} 秒内未完成 PDF 转换，已停止") from None
    if process.returncode != 0:
        detail = err.decode("utf-8", "replace").strip()[-500:]
        raise ConversionFailed(f"LibreOffice 转换 PDF 失败（退出码 {process.returncode}）：{detail}")


def _stop(process: subprocess.Popen[bytes], posix: bool) -> None:
    with contextlib.suppress(ProcessLookupError):
        if posix:
            os.killpg(process.pid, signal.SIGKILL)  # the group this run started, and only it
        else:
            process.kill()
    process.communicate()


def _publish(converted: Path, workbook: Path) -> Path:
    if not converted.is_file():
        raise ConversionFailed(f"LibreOffice 没有生成 {workbook.name} 的 PDF（文件是否损坏或被占用？）")
    target = pdf_path(workbook)
    with atomic_path(target) as tmp:
        tmp.write_bytes(fix_metadata(converted.read_bytes(), created_date()))
    return target


def fix_metadata(data: bytes, when: datetime) -> bytes:
    """``data`` (a PDF) with its dates set to ``when`` and its ``/ID`` and ``/DocChecksum`` set to a
    hash of everything else, each replacement as long as what it replaces.

    Only literal date strings at least as long as ``(D:YYYYMMDDHHmmSSZ)`` are rewritten (padded with
    spaces, which PDF reads as separators); a PDF without these fields comes back unchanged.
    """
    date = f"(D:{when:%Y%m%d%H%M%S}Z)".encode("ascii")

    def fixed_date(match: re.Match[bytes]) -> bytes:
        old = match[0]
        new = b"/" + match[1] + date
        return new.ljust(len(old)) if len(new) <= len(old) else old

    dated = _DATE.sub(fixed_date, data)
    blank = _CHECKSUM.sub(lambda m: m[1] + b"0" * len(m[2]), _ID.sub(_zero_id, dated))
    digest = hashlib.shake_256(blank).hexdigest(64).upper().encode("ascii")

    def same_length(hexdigits: bytes) -> bytes:
        return (digest * (len(hexdigits) // len(digest) + 1))[: len(hexdigits)]

    with_id = _ID.sub(lambda m: m[1] + same_length(m[2]) + m[3] + same_length(m[4]) + m[5], dated)
    return _CHECKSUM.sub(lambda m: m[1] + same_length(m[2]), with_id)


def _zero_id(match: re.Match[bytes]) -> bytes:
    return match[1] + b"0" * len(match[2]) + match[3] + b"0" * len(match[4]) + match[5]
