"""The library's entry points: evaluate a workbook, run it to an output workbook (and, with
:func:`deliver`, to one workbook per project, a manifest, a zip and PDFs), describe as JSON.

This is what the CLI calls; it never prints and never exits. Problems in the user's data come back
as findings inside the :class:`~evalxl.model.RunResult`; only usage problems (a missing input, an
output that would overwrite the input, an output that cannot be written) raise :class:`UsageError`,
and problems making PDFs raise :class:`evalxl.delivery.pdf.PdfError`.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evalxl import collector, contract, department, importing, os_errors, outcome, scoring
from evalxl.delivery import pdf, split
from evalxl.delivery.output_file import OutputLocked as OutputLocked  # a file open in Excel/WPS
from evalxl.delivery.output_file import lock_files as lock_files
from evalxl.delivery.output_file import stale_files as stale_files
from evalxl.exporting import write_workbook
from evalxl.findings import Finding, finding, has_errors, ordered
from evalxl.forms import Printed, read_forms
from evalxl.forms.audit import audit
from evalxl.forms.detect import has_standard_sheets
from evalxl.forms.to_input import write_standard_input
from evalxl.model import InputBook, Region, RunResult, Source
from evalxl.outcome import as_json as as_json  # the --json document, part of the library's API
from evalxl.progress import SILENT, Progress
from evalxl.reading import UnreadableWorkbook
from evalxl.reports import write_reports
from evalxl.scoring.settings import builtin_profiles, default_settings, load_profile_file

if TYPE_CHECKING:
    from evalxl.collect.pipeline import Collected, CollectOptions


class UsageError(Exception):
    """A problem with how evalxl was called, not with the workbook's data (exit status 2)."""


@dataclass(frozen=True)
class Options:
    """How to run: a rules profile (a built-in name or a TOML file) and a layout that win over
    参数 评分规则 and 表样, and whether each fund-using unit gets its own form."""

    rules: str = ""
    layout: str = ""
    by_unit: bool = False


@dataclass(frozen=True)
class Delivery:
    """What a run writes besides the output workbook: one workbook per project and ``manifest.csv``
    in ``split_dir``, those bundled in the zip ``zip_path``, PDFs of the workbooks written, and the
    自评报告 documents (.docx) in ``report_dir``."""

    split_dir: Path | None = None
    zip_path: Path | None = None
    pdf: bool = False
    forms: bool = True  # the output workbook holds the forms (when there are no more than max_forms)
    max_forms: int = 200
    workers: int = 1  # processes writing the split workbooks
    report_dir: Path | None = None  # the covering letter and one 自评报告 per project (evalxl.reports)


def evaluate_workbook(path: Path, options: Options = Options(), progress: Progress = SILENT) -> RunResult:
    """Import, check and score the standard input workbook at ``path`` (nothing is written)."""
    return _evaluate(path, options, progress)[0]


def _evaluate(path: Path, options: Options, progress: Progress) -> tuple[RunResult, InputBook | None]:
    """The run's result and the book it scored (None when the file could not be read)."""
    if not path.is_file():
        raise UsageError(f"找不到输入文件：{path}")
    profile_data, found = _profile(options.rules)
    if options.layout and options.layout not in contract.layout_names():
        raise UsageError(f"未知表样“{options.layout}”，可用：{'、'.join(contract.layout_names())}")
    progress.stage("读取")
    try:
        book, read, printed = _read(path)
    except UnreadableWorkbook as problem:
        return RunResult(default_settings(), (), (problem.finding,)), None
    progress.stage("检查")
    settings, param_findings = scoring.settings_for(book.params, profile_data, options.layout)
    book, checked = importing.check(path, book, settings)
    found += read + param_findings + checked
    if options.by_unit:
        book = scoring.split_by_unit(book)
    progress.stage("评分")
    projects, rule_findings = scoring.score_book(book, settings)
    source = Source(path.name, hashlib.sha256(path.read_bytes()).hexdigest())
    result = outcome.withhold(
        scoring.run_result(settings, projects, ordered(found + rule_findings), source), book
    )
    if printed:
        result = replace(result, findings=tuple(ordered([*result.findings, *audit(printed, result, book)])))
    departments, department_findings = department.score_departments(book, result)
    findings = tuple(ordered([*result.findings, *department_findings]))
    return replace(result, department_results=departments, findings=findings), book


def _read(path: Path) -> tuple[InputBook, list[Finding], tuple[Printed, ...]]:
    """The book in ``path``: a standard input workbook, or a workbook of filled-in forms (then also
    the figures the forms print, for the audit). Which one is decided by content: a workbook with
    no 项目/资金/指标 sheet that holds forms is read as forms (a workbook with neither is left to
    the standard reader, which says which sheets are missing)."""
    if not has_standard_sheets(path):
        read = read_forms(path)
        if read.forms:
            book, found = importing.import_tables(read.tables, read.findings, path.name)
            regions = tuple(Region(f.sheet, f.first_row, f.last_row, f.project) for f in read.forms if f.read)
            return replace(book, regions=regions), found, read.printed
    book, found = importing.import_workbook(path)
    return book, found, ()


def collect(
    paths: Sequence[Path],
    output: Path,
    options: CollectOptions | None = None,
    progress: Progress = SILENT,
) -> Collected:
    """Collect the workbooks in ``paths`` (files, folders, zips) into the roll-up ``output``
    (:func:`evalxl.collect.pipeline.collect`). Raises :class:`UsageError` for a path that does not
    exist or an output that is one of the inputs."""
    from evalxl.collect import pipeline  # it reads files with this module's evaluate_workbook
    from evalxl.collect.gather import GatherError

    options = options or pipeline.CollectOptions()
    _check_workbook_name(output, "")
    for path in paths:
        if path.exists() and _same_file(path, output):
            raise UsageError(f"输出文件不能与输入文件相同：{output}")
    if options.rules:
        _profile(options.rules)  # a rules name that is none: a usage problem, before any file is read
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        return pipeline.collect(paths, output, options, progress)
    except GatherError as problem:
        raise UsageError(str(problem)) from problem
    except OSError as exc:
        raise UsageError(f"无法写入输出文件{_where(exc.filename)}：{os_errors.reason(exc)}") from exc


def default_import_output(path: Path) -> Path:
    """``<forms stem>_标准输入.xlsx`` beside the forms workbook."""
    return path.with_name(f"{path.stem}_标准输入.xlsx")


def import_forms(
    path: Path, output: Path | None = None, *, force: bool = False
) -> tuple[list[Finding], Path | None]:
    """Read the filled-in forms in ``path`` and write them as a standard input workbook (with a 来源
    sheet naming each value's cell in the forms).

    Returns the findings of reading the forms and their cells, and the path written: ``None`` when
    no form could be read (nothing is written then). Findings about values do not keep the workbook
    from being written: the user corrects them there. Raises :class:`UsageError` for a missing input
    or an output that would overwrite it, and
    :class:`evalxl.exporting.template.TemplateExistsError` when the output exists and ``force`` is
    false.
    """
    if not path.is_file():
        raise UsageError(f"找不到输入文件：{path}")
    target = output or default_import_output(path)
    _check_targets(path, [target])
    try:
        if has_standard_sheets(path):
            return [finding("IMPORT_NOT_FORMS", path.name, name=path.name)], None
        read = read_forms(path)
    except UnreadableWorkbook as problem:
        return [problem.finding], None
    book, found = importing.import_tables(read.tables, read.findings, path.name)
    if not book.projects:
        return ordered(found), None

    def write() -> list[Path]:
        write_standard_input(read.tables, target, force=force)
        return [target]

    _write(write)
    return ordered(found), target


def _profile(rules_option: str) -> tuple[dict[str, Any] | None, list[Finding]]:
    """The profile ``--rules`` names: a built-in profile's name, or a TOML file."""
    if not rules_option:
        return None, []
    builtin = builtin_profiles()
    if rules_option in builtin:
        return builtin[rules_option], []
    path = Path(rules_option)
    if not path.is_file():
        raise UsageError(
            f"找不到评分规则“{rules_option}”：既不是内置规则（{'、'.join(builtin)}），也不是文件"
        )
    return load_profile_file(path)


def default_output(path: Path) -> Path:
    """``<input stem>_自评结果.xlsx`` beside the input."""
    return path.with_name(f"{path.stem}_自评结果.xlsx")


def run(
    path: Path, output: Path | None = None, options: Options = Options()
) -> tuple[RunResult, Path | None]:
    """Evaluate ``path`` and, when no error was found, write the output workbook.

    Returns the result and the path written (``None`` when errors kept the output from being written;
    an existing output is then left as it was).
    """
    result, written = deliver(path, output, options)
    return result, (written[0] if written else None)


def deliver(
    path: Path,
    output: Path | None = None,
    options: Options = Options(),
    delivery: Delivery = Delivery(),
    progress: Progress = SILENT,
) -> tuple[RunResult, list[Path]]:
    """Evaluate ``path`` and, when no error was found, write the output workbook and what
    ``delivery`` asks for: the split workbooks and their manifest, the zip, the PDFs.

    Returns the result and every file written, in order: the output workbook, the split workbooks,
    ``manifest.csv``, the zip, the reports, the PDFs; an empty list when errors kept anything from being written
    (no file or folder is then created or replaced). Raises :class:`UsageError` for paths that clash
    or cannot be written, :class:`evalxl.delivery.pdf.ConverterMissing` (before anything is written) when
    ``delivery.pdf`` and LibreOffice is not installed, :class:`evalxl.delivery.pdf.ConversionFailed` (with
    the files already written) when it fails.
    """
    target = output or default_output(path)
    _check_workbook_name(target)
    _check_targets(path, [target])
    _check_folder(delivery.split_dir)
    _check_folder(delivery.report_dir, "--report")
    soffice = pdf.require_converter() if delivery.pdf else None
    with collector.frozen():  # the input and result live on: the collector need not walk them
        result, book = _evaluate(path, options, progress)
        if has_errors(result.findings):
            return result, []
        result = _note_forms(result, delivery)
        names = split.safe_file_names([p.project for p in result.projects]) if _splits(delivery) else []
        workbooks = _workbooks(target, names, delivery.split_dir)
        _check_targets(path, _targets(workbooks, delivery))
        try:
            written = _write(lambda: _write_all(result, book, target, names, delivery, progress))
        except OutputLocked as locked:  # the findings are still worth showing
            raise OutputLocked(locked.path, result) from locked
    if soffice is None:
        return result, written
    try:
        return result, written + pdf.convert(workbooks, soffice)
    except pdf.PdfError as problem:
        raise type(problem)(str(problem), written) from problem


def default_report_dir(path: Path) -> Path:
    """``<input stem>_自评报告/`` beside the input."""
    return path.with_name(f"{path.stem}_自评报告")


def report(
    path: Path, folder: Path | None = None, options: Options = Options(), progress: Progress = SILENT
) -> tuple[RunResult, list[Path]]:
    """Evaluate ``path`` and, when no error was found, draft the 自评报告 documents into ``folder``
    (default :func:`default_report_dir`): the covering letter, one report per department, then one
    per project (:mod:`evalxl.reports`). Returns the result and the files written (none with errors:
    a report would carry figures the errors make wrong). Raises :class:`UsageError` for a folder that is a file."""
    target = folder or default_report_dir(path)
    _check_folder(target, "-o")
    with collector.frozen():
        result, _book = _evaluate(path, options, progress)
        if has_errors(result.findings):
            return result, []
        progress.stage("写出自评报告")
        try:
            return result, _write(lambda: write_reports(result, target))
        except OutputLocked as locked:
            raise OutputLocked(locked.path, result) from locked


def _forms_in_workbook(result: RunResult, delivery: Delivery) -> bool:
    return delivery.forms and len(result.projects) <= delivery.max_forms


def _note_forms(result: RunResult, delivery: Delivery) -> RunResult:
    """Say why the output workbook holds no forms when there are too many projects for one file."""
    if not delivery.forms or _forms_in_workbook(result, delivery):
        return result
    note = finding("FORMS_OMITTED", result.source.name, count=len(result.projects), limit=delivery.max_forms)
    return replace(result, findings=(*result.findings, note))


def _write_all(
    result: RunResult,
    book: InputBook | None,
    target: Path,
    names: list[str],
    delivery: Delivery,
    progress: Progress,
) -> list[Path]:
    """Write the output workbook, then the split workbooks with their manifest (into a temporary
    folder when only the zip is asked for), then the zip."""
    progress.stage("写出结果工作簿")
    target.parent.mkdir(parents=True, exist_ok=True)  # -o 新文件夹/结果.xlsx, as --split makes its folder
    write_workbook(result, target, forms=_forms_in_workbook(result, delivery))
    reports = write_reports(result, delivery.report_dir) if delivery.report_dir is not None else []
    if not _splits(delivery):
        return [target, *reports]
    findings = split.findings_per_project(result, book)
    progress.stage("写出自评表文件", len(result.projects))
    with tempfile.TemporaryDirectory(prefix="evalxl-split-") as folder:
        where = delivery.split_dir or Path(folder)
        files = split.write_split(result, where, names, findings, delivery.workers, progress)
        if delivery.zip_path is not None:
            split.write_zip(files, delivery.zip_path)
    kept = files if delivery.split_dir is not None else []
    return [target, *kept, *([delivery.zip_path] if delivery.zip_path is not None else []), *reports]


def _splits(delivery: Delivery) -> bool:
    """Whether one workbook per project is written (into the split folder, the zip or both)."""
    return delivery.split_dir is not None or delivery.zip_path is not None


def _write(action: Callable[[], list[Path]]) -> list[Path]:
    """``action()``, with a file system error turned into a :class:`UsageError`."""
    try:
        return action()
    except OSError as exc:
        raise UsageError(f"无法写入输出文件{_where(exc.filename)}：{os_errors.reason(exc)}") from exc


def _where(filename: object) -> str:
    """Where writing failed: the file, or the folder for one of atomic_path's temporary files."""
    if not isinstance(filename, str):
        return ""
    path = Path(filename)
    temporary = path.name.startswith(".") and path.name.endswith(".tmp")
    return f"（文件夹 {path.parent}）" if temporary else f" {path}"


def _check_workbook_name(target: Path, hint: str = "（PDF 请用 --pdf 另外写出）") -> None:
    """The output is a workbook: ``-o`` must name an .xlsx file (a PDF comes from ``--pdf``)."""
    if target.suffix.lower() != ".xlsx":
        shown = hint if target.suffix.lower() == ".pdf" else ""
        raise UsageError(f"输出文件须为 .xlsx 工作簿，而 {target} 不是{shown}")


def _check_folder(folder: Path | None, option: str = "--split") -> None:
    if folder is not None and folder.exists() and not folder.is_dir():
        raise UsageError(f"{option} 须指定文件夹，而 {folder} 是文件")


def _workbooks(target: Path, names: list[str], split_dir: Path | None) -> list[Path]:
    """The workbooks the run writes: the output workbook and the split ones (kept, not temporary)."""
    return [target] + ([split_dir / name for name in names] if split_dir is not None else [])


def _targets(workbooks: list[Path], delivery: Delivery) -> list[Path]:
    """Every file the run writes."""
    others = [delivery.split_dir / split.MANIFEST_NAME] if delivery.split_dir is not None else []
    others += [delivery.zip_path] if delivery.zip_path is not None else []
    pdfs = [pdf.pdf_path(w) for w in workbooks] if delivery.pdf else []
    return workbooks + others + pdfs


def _check_targets(path: Path, targets: list[Path]) -> None:
    """No file the run writes may be the input, nor be written twice."""
    seen: dict[str, Path] = {}
    for target in targets:
        if _same_file(path, target):
            raise UsageError(f"输出文件不能与输入文件相同：{target}")
        key = os.path.normcase(target.resolve())
        if key in seen:
            raise UsageError(f"两个输出是同一个文件：{seen[key]} 与 {target}")
        seen[key] = target


def _same_file(a: Path, b: Path) -> bool:
    """Whether both exist and are one file (also through a link, or by case on Windows and macOS)."""
    return a.exists() and b.exists() and os.path.samefile(a, b)
