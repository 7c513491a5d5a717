"""One workbook per project, a manifest and a zip: what a finance bureau mails and an auditor checks.

``safe_file_names`` gives each project a short file name that mail clients, zip tools, Windows and
Excel all accept; ``write_split`` writes one workbook per project (its 汇总 line, its form, its
计算过程 rows and the findings that concern it or the whole input) and ``manifest.csv`` last;
``write_zip`` bundles them into a zip whose bytes depend only on the files.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from evalxl import contract
from evalxl.delivery.output_file import atomic_path, created_date
from evalxl.delivery.parallel import write_workbooks
from evalxl.findings import Finding
from evalxl.model import InputBook, RunResult, ScoredProject
from evalxl.outcome import row_owners
from evalxl.progress import Progress
from evalxl.scoring.book import run_result

MANIFEST_NAME = "manifest.csv"
MANIFEST_HEADERS = contract.output_sheets().manifest.headers  # workbook_templates/output_sheets.toml
NAME_CHARS = 20  # the project name's part of a file name, in characters at most
NAME_BYTES = 80  # a whole file name, in UTF-8 bytes at most (zip tools, mail clients, paths)
CODE_BYTES = 24  # the project code's part, in UTF-8 bytes at most
SUFFIX = ".xlsx"
FALLBACK_NAME = "项目"
ZIP_UTF8_FLAG = 0x800  # general purpose bit 11: the member names are UTF-8
_SAFE_PUNCTUATION = frozenset("-_.()【】《》、·")  # （），become ASCII under NFKC
# Invisible letters and marks (default-ignorable code points that are not format characters):
# combining grapheme joiner, Hangul fillers, Khmer inherent vowels, Mongolian and other variation selectors.
_INVISIBLE = frozenset(
    chr(c) for c in (0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, *range(0x180B, 0x1810), 0x3164, 0xFFA0)
) | frozenset(chr(c) for c in range(0xFE00, 0xFE10))
_SPREADSHEET_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FILE_MODE = 0o100644  # a regular file, rw-r--r--


class Named(Protocol):
    """What a file name is made from: a project's name and code."""

    @property
    def name(self) -> str:
        """项目名称."""
        ...

    @property
    def code(self) -> str:
        """项目编码 ("" when not given)."""
        ...


# --------------------------------------------------------------------------- file names


def _safe_char(ch: str) -> bool:
    """Visible letters, digits and marks of the Basic Multilingual Plane, and a little punctuation."""
    if ord(ch) > 0xFFFF or ch in _INVISIBLE:  # astral characters (emoji) trip up older zip and mail tools
        return False
    return ch in _SAFE_PUNCTUATION or unicodedata.category(ch)[0] in "LNM"


class _SafeTable(dict[int, str]):
    """``str.translate``'s table: each code point to itself or ``_``, decided once per character."""

    def __missing__(self, point: int) -> str:
        ch = chr(point)
        self[point] = kept = ch if _safe_char(ch) else "_"
        return kept


_SAFE_TABLE = _SafeTable()


def clean_part(text: str) -> str:
    """``text`` as a file-name part: NFKC-normalised (full-width ``Ａ１（`` become ``A1(``), every
    other character (``<>:"/\\|?*``, spaces, control and format characters, symbols, emoji) turned
    into ``_``, a run of ``_`` with dots and dashes around it collapsed to one ``_``, and no ``_``,
    ``.``, ``-`` or space at either end."""
    text = unicodedata.normalize("NFKC", text)
    chars = text.translate(_SAFE_TABLE)
    return re.sub(r"[-_. ]*_[-_. ]*", "_", chars).strip("_.- ")


def cut(text: str, chars: int, max_bytes: int) -> str:
    """The longest start of ``text`` with at most ``chars`` characters and ``max_bytes`` UTF-8 bytes,
    never ending inside a character or before a combining mark, and without ``_.-`` at its end."""
    end = min(len(text), chars)
    while end > 0 and (
        len(text[:end].encode("utf-8")) > max_bytes or (end < len(text) and unicodedata.combining(text[end]))
    ):
        end -= 1
    return text[:end].rstrip("_.- ")


def safe_file_names(projects: Sequence[Named]) -> list[str]:
    """``{index}_{code}_{short name}.xlsx`` for each project, in order, safe to mail and to unzip.

    The index is 1-based, three digits (more when there are more than 999 projects), so the names
    sort in project order, never start with a dot or a space, are never a reserved device name
    (CON, PRN, AUX, NUL, COM1–9, LPT1–9) and are unique, also ignoring case. The code (项目编码,
    omitted when blank) and the name are cleaned by :func:`clean_part`; the name is cut to
    ``NAME_CHARS`` characters and the whole file name kept within ``NAME_BYTES`` UTF-8 bytes.
    A name with nothing left after cleaning becomes ``项目``.
    """
    width = max(3, len(str(len(projects))))
    names = []
    for index, project in enumerate(projects, start=1):
        prefix = f"{index:0{width}d}_"
        code = cut(clean_part(project.code), CODE_BYTES, CODE_BYTES)
        head = prefix + (f"{code}_" if code else "")
        room = NAME_BYTES - len((head + SUFFIX).encode("utf-8"))
        short = cut(clean_part(project.name), NAME_CHARS, room) or FALLBACK_NAME
        names.append(head + short + SUFFIX)
    return names


# --------------------------------------------------------------------------- findings per project


def findings_per_project(result: RunResult, book: InputBook | None) -> list[tuple[Finding, ...]]:
    """For each project of ``result``, in order, the findings that concern it: those at one of its
    rows (项目, 资金 or 指标) and those that concern no project (参数, the file, …)."""
    rows = {(f.sheet, f.row) for f in result.findings if f.row}
    owners = row_owners(book, rows) if book is not None else {}
    names = [scored.project.name for scored in result.projects]
    mine: dict[str, list[Finding]] = {name: [] for name in names}
    for f in result.findings:
        belongs = owners.get((f.sheet, f.row)) if f.row else None
        for name in belongs if belongs else names:
            if name in mine:
                mine[name].append(f)
    return [tuple(mine[name]) for name in names]


# --------------------------------------------------------------------------- the files


@dataclass(frozen=True)
class SplitFile:
    """One project's workbook as written: where, for which project, and the SHA-256 of its bytes."""

    path: Path
    scored: ScoredProject
    sha256: str


def write_split(
    result: RunResult,
    directory: Path,
    names: Sequence[str],
    findings: Sequence[tuple[Finding, ...]],
    workers: int = 1,
    progress: Progress | None = None,
) -> list[Path]:
    """Write one workbook per project of ``result`` into ``directory`` (created when missing) as
    ``names`` say, each holding that project's 汇总 line, form, 计算过程 rows and ``findings``,
    then ``manifest.csv``. Every file is written atomically; with ``workers`` > 1 the files are
    written by that many processes (the bytes do not depend on it). Returns the paths, manifest last."""
    results = (
        run_result(result.settings, (scored,), mine, result.source)
        for scored, mine in zip(result.projects, findings, strict=True)
    )
    return _write_results(results, result.projects, directory, names, workers, progress)


def write_results(
    results: Sequence[RunResult],
    directory: Path,
    names: Sequence[str],
    workers: int = 1,
    progress: Progress | None = None,
) -> list[Path]:
    """:func:`write_split` for one-project results that each have their own settings and source
    (``evalxl collect``'s projects come from many files)."""
    projects = [r.projects[0] for r in results]
    return _write_results(iter(results), projects, directory, names, workers, progress)


def _write_results(
    results: Iterator[RunResult],
    projects: Sequence[ScoredProject],
    directory: Path,
    names: Sequence[str],
    workers: int,
    progress: Progress | None,
) -> list[Path]:
    """Write each result as it comes (a generator is consumed only as fast as the files are
    written), then ``manifest.csv``."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = [directory / name for name in names]
    hashes = list(write_workbooks(zip(results, paths, strict=True), len(paths), workers, progress))
    files = [SplitFile(*file) for file in zip(paths, projects, hashes, strict=True)]
    manifest = directory / MANIFEST_NAME
    with atomic_path(manifest) as tmp:
        tmp.write_bytes(manifest_bytes(files))
    return [*paths, manifest]


def _number(value: float | None) -> str:
    """A number as plain decimal text (no exponent, no trailing zeros); "" for none."""
    if value is None:
        return ""
    return f"{value:.6f}".rstrip("0").rstrip(".")


FORMULA_TEXT_LIMIT = 255  # Excel: a text constant in a formula holds at most 255 characters
_NUMBER_LIKE = re.compile(
    r"[\d\s.,:/%+\-eE]*\d[\d\s.,:/%+\-eE]*"
)  # a number, date, time or fraction to Excel


def _text(value: str, code: bool = False) -> str:
    """A text cell of the manifest, kept as text when a spreadsheet opens the file.

    Excel and WPS read a bare ``00120``, ``330100240000012345`` or ``1.5E3`` as a number (losing
    the zeros or the digits past 15) and ``=…``, ``+…``, ``-…``, ``@…`` as a formula. So a 项目编码,
    and any other text that is made of the characters of numbers and dates or starts like a formula,
    is written as the text formula ``="…"`` (``"`` doubled inside): Excel and WPS show exactly the
    text, and nothing in it is ever run. Past FORMULA_TEXT_LIMIT characters, or with a line break,
    a formula-like text gets a leading apostrophe instead. :func:`read_manifest` undoes both."""
    if not value:
        return value
    guard = code or value.startswith((*_SPREADSHEET_FORMULA_START, "'")) or _NUMBER_LIKE.fullmatch(value)
    if not guard:
        return value
    if len(value) <= FORMULA_TEXT_LIMIT and "\n" not in value and "\r" not in value:
        return '="' + value.replace('"', '""') + '"'
    return "'" + value if value.startswith((*_SPREADSHEET_FORMULA_START, "'")) else value


def plain_text(cell: str) -> str:
    """The text a manifest cell stands for: ``="00120"`` is ``00120``, ``'=x`` is ``=x``."""
    if len(cell) >= 3 and cell.startswith('="') and cell.endswith('"'):
        return cell[2:-1].replace('""', '"')
    if cell.startswith("'") and cell[1:].startswith((*_SPREADSHEET_FORMULA_START, "'")):
        return cell[1:]
    return cell


def manifest_bytes(files: Sequence[SplitFile]) -> bytes:
    """``manifest.csv``: the header, then one row per file in project order; UTF-8 with a BOM (so
    Excel reads the Chinese text) and CRLF line ends. The file name and the SHA-256 are plain; the
    texts are kept as text for spreadsheets (:func:`_text`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(MANIFEST_HEADERS)
    for f in files:
        p, scored = f.scored.project, f.scored
        texts = [_text(p.name), _text(p.code, code=True), _text(p.department), _text(p.unit)]
        numbers = [_number(v) for v in (scored.budget, scored.executed, scored.score)]
        writer.writerow([f.path.name, *texts, *numbers, scored.grade, f.sha256])
    return buffer.getvalue().encode("utf-8-sig")


def read_manifest(path: Path) -> list[dict[str, str]]:
    """The rows of a ``manifest.csv`` by header, each cell as the plain text it stands for
    (:func:`plain_text`): what a program that checks a delivery reads."""
    text = path.read_bytes().decode("utf-8-sig")
    return [
        {k: plain_text(v) for k, v in row.items()} for row in csv.DictReader(io.StringIO(text, newline=""))
    ]


def write_zip(files: Sequence[Path], target: Path) -> None:
    """Bundle ``files`` into the zip ``target``, atomically and reproducibly: members by name, each
    dated ``created_date()``, mode rw-r--r--, deflated. A non-ASCII name is stored in UTF-8 with the
    UTF-8 flag (bit 11, set by :mod:`zipfile` for exactly those names); ASCII reads the same either way."""
    members = ((path.name, path.read_bytes()) for path in sorted(files, key=lambda p: p.name))
    with atomic_path(target) as tmp:
        write_zip_members(members, tmp)


def write_zip_members(members: Iterable[tuple[str, bytes]], target: Path | BinaryIO) -> None:
    """Write the zip ``target`` holding ``members`` (name, bytes) in the order given, reproducibly:
    each dated ``created_date()``, mode rw-r--r--, deflated (the zip of :func:`write_zip`, and the
    package of a .docx, whose parts python-docx stamps with the time of day)."""
    when = created_date().timetuple()[:6]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so the mode below is read
            info.external_attr = _FILE_MODE << 16
            archive.writestr(info, data, compresslevel=6)
