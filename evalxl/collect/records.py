"""The records of a roll-up (``evalxl collect``): the files read, the projects found in them, and
what reading each file gave. Plain frozen values: a file is read in a worker process and its
:class:`FileResult` sent back whole."""

from __future__ import annotations

from dataclasses import dataclass

from evalxl.findings import Finding
from evalxl.model import ScoredProject, Settings

# SourceFile.kind
OUTPUT = "结果工作簿"  # an evalxl output workbook (汇总 + forms or not)
SPLIT = "单项目文件"  # a --split file: an output workbook of one project
STANDARD = "标准输入"  # a standard input workbook, scored on the spot
FORMS = "自评表"  # a workbook of filled-in forms, scored on the spot
UNREAD = "未读取"  # not read: the findings say why
KINDS = (OUTPUT, SPLIT, STANDARD, FORMS, UNREAD)


@dataclass(frozen=True)
class Member:
    """A workbook to read, as it arrived: its name for people (``来信/农业局.zip!2024/结果.xlsx``,
    the zip and the member inside it) and where its bytes are on disk now (a private temporary
    folder for zip members)."""

    name: str
    path: str


@dataclass(frozen=True)
class SourceFile:
    """One file read (a row of the roll-up's 来源 sheet)."""

    name: str  # Member.name
    sha256: str  # of the file's bytes
    kind: str  # one of KINDS
    evalxl_version: str = ""  # of the run that wrote it ("" when not an evalxl output)
    rules: str = ""  # 评分规则 (the output's, or the profile the input was scored with)
    layout: str = ""  # 表样
    year: str = ""  # 年度 ("" when not given)
    money_unit: str = "万元"  # the file's own 金额单位 (the roll-up's amounts are in 万元)
    input_sha256: str = ""  # the input hash an evalxl output records
    units: tuple[str, ...] = ()  # the 项目实施单位 of its projects, in order, once each
    projects: int = 0  # projects read from it (before duplicates across files are settled)


@dataclass(frozen=True)
class CollectedProject:
    """One project as a file gives it, amounts in 万元."""

    file: str  # SourceFile.name
    name: str
    code: str
    department: str
    unit: str  # 项目实施单位
    budget: float | None
    executed: float | None
    rate: float | None  # executed / budget
    score: float | None  # None when the file's errors keep it from a total
    grade: str
    remark: str | None  # 说明; None when the file does not carry it (an output without forms)
    place: str  # the cell of its name in the file (``汇总!B3``, ``项目!A2``, a form's cell)
    scored: ScoredProject | None = None  # the whole scored project when its data was scored here
    settings: Settings | None = None  # the settings ``scored`` was scored with (its form's layout, unit …)

    @property
    def key(self) -> tuple[str, ...]:
        """Who the project is across files: its 项目编码, else 项目名称 + 项目实施单位."""
        return ("编码", self.code) if self.code else ("名称", self.name, self.unit)


@dataclass(frozen=True)
class FileResult:
    """What reading one file gave: the file, its projects and its findings (places name the file:
    :func:`evalxl.collect.places.in_file`)."""

    source: SourceFile
    projects: tuple[CollectedProject, ...]
    findings: tuple[Finding, ...]
