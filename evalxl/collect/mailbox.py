"""What a mailbox holds, file by file: which names are workbooks to read, zips to open, lock files,
workbooks in a format evalxl does not read, other archives, and the rest (passed over in silence);
and the state of one :func:`evalxl.collect.gather.gather` call (the members found, the findings,
the bytes extracted so far).

The kinds are facts about file formats, not conventions of the self-evaluation, so they live here
(docs/input-contract.md, 收件, lists them for users)."""

from __future__ import annotations

import unicodedata
from pathlib import Path, PurePosixPath

from evalxl.collect.records import Member
from evalxl.findings import Finding, finding

WORKBOOK = "workbook"  # read: an Office Open XML workbook
ZIP = "zip"  # opened: its members are what arrived
LOCK = "lock"  # Excel's or WPS's lock file beside an open workbook: a note
FOREIGN = "foreign"  # a workbook evalxl does not read: a warning (save it as xlsx)
ARCHIVE = "archive"  # an archive the standard library does not open: a warning (send a zip)
OTHER = "other"  # anything else: passed over in silence

# .xlsm is the same Office Open XML workbook with a macro part: evalxl reads its cell values and never
# runs a macro; a unit whose template carries macros saves its results as .xlsm.
WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm"})
FOREIGN_SUFFIXES = {
    ".xls": "旧版 Excel 97-2003 工作簿（.xls）",
    ".et": "WPS 表格文件（.et）",
    ".ods": "OpenDocument 表格（.ods）",
    ".xlsb": "Excel 二进制工作簿（.xlsb）",
    ".numbers": "Numbers 表格（.numbers）",
}
ARCHIVE_SUFFIXES = frozenset({".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".cab", ".arj"})
LOCK_PREFIX = "~$"
# what macOS adds to the folders and zips it writes: resource forks beside each file (``._结果.xlsx``,
# which ends in .xlsx but is no workbook) and the __MACOSX folder that holds them in a zip
_APPLE_FOLDER = "__MACOSX"
_APPLE_PREFIX = "._"


def kind_of(name: str) -> str:
    """The kind of a file by its name (the last part of a path or a zip member's name), ignoring case."""
    parts = PurePosixPath(name).parts
    base = parts[-1] if parts else ""
    if _APPLE_FOLDER in parts[:-1] or base.startswith(_APPLE_PREFIX):
        return OTHER
    suffix = PurePosixPath(base).suffix.lower()
    if base.startswith(LOCK_PREFIX):
        return LOCK if suffix in WORKBOOK_SUFFIXES or suffix in FOREIGN_SUFFIXES else OTHER
    if suffix in WORKBOOK_SUFFIXES:
        return WORKBOOK
    if suffix == ".zip":
        return ZIP
    if suffix in FOREIGN_SUFFIXES:
        return FOREIGN
    if suffix in ARCHIVE_SUFFIXES:
        return ARCHIVE
    return OTHER


def nfc(text: str) -> str:
    """``text`` in Unicode NFC (macOS writes names decomposed: the same name must compare equal)."""
    return unicodedata.normalize("NFC", text)


def sort_key(name: str) -> bytes:
    """The order of names in a folder or a zip: the bytes of their NFC form, the same on every OS."""
    return nfc(name).encode("utf-8", "surrogateescape")


def shown(path: Path) -> str:
    """A path as people read it: ``/`` between folders on every OS, NFC; a name that is not valid
    in the file system's encoding (a GBK name unpacked on Linux) read as GBK, else escaped."""
    text = path.as_posix()
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "surrogateescape")
        try:
            text = raw.decode("gbk")
        except UnicodeDecodeError:
            text = raw.decode("utf-8", "backslashreplace")
    return nfc(text)


class Mailbox:
    """The state of one gather: where members are extracted, what was found, how much was written.

    Mutable on purpose (it accumulates while the mailbox is walked); :func:`gather` hands out only
    the frozen members and findings."""

    __slots__ = ("findings", "folder", "members", "seen", "slots", "written")

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.members: list[Member] = []
        self.findings: list[Finding] = []
        self.seen: set[tuple[int, int] | str] = set()  # the files already taken (gather._identity)
        self.slots = 0  # subfolders of ``folder`` made so far
        self.written = 0  # bytes extracted from zips so far

    def slot(self) -> Path:
        """A new empty subfolder of ``folder`` to extract one member into (its own name stays whole)."""
        self.slots += 1
        path = self.folder / f"{self.slots:06d}"
        path.mkdir()
        return path

    def passed_over(self, kind: str, name: str) -> None:
        """The finding, if any, for a file of ``kind`` that is not read (``name`` as people see it)."""
        if kind == LOCK:
            self.findings.append(finding("COLLECT_LOCK_FILE", name))
        elif kind == FOREIGN:
            what = FOREIGN_SUFFIXES[PurePosixPath(name).suffix.lower()]
            self.findings.append(finding("COLLECT_NOT_XLSX_WORKBOOK", name, kind=what))
        elif kind == ARCHIVE:
            what = PurePosixPath(name).suffix.lower().lstrip(".")
            self.findings.append(finding("COLLECT_ARCHIVE_NOT_ZIP", name, kind=what))
