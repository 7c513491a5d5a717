"""The command line: a thin adapter that makes one library call per command (per workbook for
``check``) and maps the outcome to messages and exit codes (0 no error, 1 errors in the input,
2 usage problem or an output open in another program, 3 an internal error, 4 collect could not read
a file, 141 the reader of the output went away). Click's own words are Chinese
(:mod:`evalxl.cli_words`)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from evalxl import __version__, api, cli_words, diff
from evalxl.cli_group import COMMAND_ORDER as COMMAND_ORDER  # the order --help lists the commands in
from evalxl.cli_group import EXIT_ERRORS, EXIT_STATUSES, EnvironmentProblem, Group
from evalxl.cli_group import EXIT_PIPE as EXIT_PIPE
from evalxl.cli_output import (
    MAX_PRINTED,
    collect_line,
    say,
    say_blocked,
    say_scores,
    say_written,
    warn_lock_files,
    warn_stale,
)
from evalxl.collect.pipeline import CollectOptions
from evalxl.delivery import pdf
from evalxl.exporting import layout, template
from evalxl.findings import has_errors, ordered
from evalxl.model import RunResult
from evalxl.progress import Progress
from evalxl.progress_bar import default_workers, progress_bar
from evalxl.scoring.settings import builtin_profiles

cli_words.install()  # before the decorators below: click reads some of its words when they run

F = TypeVar("F", bound=Callable[..., Any])


@click.group(
    cls=Group,
    context_settings={"help_option_names": ["-h", "--help"]},
    options_metavar="[选项]",
    subcommand_metavar="命令 [参数]...",
    epilog=EXIT_STATUSES,
)
@click.version_option(__version__, prog_name="evalxl")
def main() -> None:
    """evalxl：项目支出绩效目标自评表——读取标准输入工作簿，评分，输出自评表。"""


@main.command("template")
@click.argument("path", metavar="文件.xlsx", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="覆盖已存在的文件")
def template_command(path: Path, force: bool) -> None:
    """写出空白的标准输入工作簿（含填报说明与下拉列表）。"""
    template.write_template(path, force=force)
    click.echo(f"已写出空白标准输入工作簿：{path}")


@main.command("import", short_help="把手工填写的自评表转为标准输入工作簿。")
@click.argument("path", metavar="自评表.xlsx", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="写出的标准输入工作簿（默认：<输入文件名>_标准输入.xlsx，与输入文件同目录）",
)
@click.option("--force", is_flag=True, help="覆盖已存在的文件")
def import_command(path: Path, output: Path | None, force: bool) -> None:
    """把填好的自评表（Excel/WPS 手工填写，每个项目一张表）转为标准输入工作簿；
    “来源”表列出每个值在自评表中的单元格（有错误时退出码 1）。"""
    found, written = api.import_forms(path, output, force=force)
    say(found, err=False)
    if written is None:
        click.echo("没有读到可用的自评表，未写出标准输入工作簿。", err=True)
        sys.exit(EXIT_ERRORS)
    click.echo(f"已写出标准输入工作簿：{written}（“来源”表列出每个值在自评表中的单元格）")
    if has_errors(found):
        click.echo("请在写出的标准输入工作簿中改正上述错误，再运行 evalxl check / evalxl run。", err=True)
        sys.exit(EXIT_ERRORS)


def _options(rules: str, layout_name: str, by_unit: bool) -> api.Options:
    return api.Options(rules=rules, layout=layout_name, by_unit=by_unit)


_RULES_HELP = "评分规则：内置规则名或 TOML 文件（优先于参数表的“评分规则”）；evalxl rules 列出内置规则"
_LAYOUT_HELP = "表样名称（优先于参数表的“表样”）；evalxl layouts 列出可用表样"
_BY_UNIT_HELP = "每个资金使用单位各出一张自评表（不合并）"


@main.command("check")
@click.argument(
    "paths", metavar="输入工作簿...", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path)
)
@click.option("--rules", "rules", default="", metavar="名称|文件", help=_RULES_HELP)
@click.option("--layout", "layout_name", default="", metavar="名称", help=_LAYOUT_HELP)
@click.option("--by-unit", is_flag=True, help=_BY_UNIT_HELP)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="在标准输出打印 JSON 结果（与 run --json 相同；检查多个文件时为按顺序的列表，每项另以键 file 给出文件路径），其余文字打印到标准错误",
)
def check_command(
    paths: tuple[Path, ...], rules: str, layout_name: str, by_unit: bool, as_json: bool
) -> None:
    """只检查输入工作簿（可一次检查多个），列出全部问题和各项目得分（有错误时退出码 1）。"""
    for path in paths:
        if not path.is_file():
            raise api.UsageError(f"找不到输入文件：{path}")
    with_errors = []
    documents = []
    for n, path in enumerate(paths):
        if len(paths) > 1:
            click.echo(("\n" if n else "") + f"【{path}】", err=as_json)
        result = api.evaluate_workbook(path, _options(rules, layout_name, by_unit))
        say(result.findings, err=as_json)
        say_scores(result, err=as_json)
        documents.append({"file": str(path), **api.as_json(result)})
        if has_errors(result.findings):
            with_errors.append(path.name)
    if len(paths) > 1:
        bad = f"，其中 {len(with_errors)} 个有错误：{'、'.join(with_errors)}" if with_errors else "，均无错误"
        click.echo(f"\n共检查 {len(paths)} 个文件{bad}", err=as_json)
    if as_json:
        shown = documents if len(documents) > 1 else {k: v for k, v in documents[0].items() if k != "file"}
        click.echo(json.dumps(shown, ensure_ascii=False, indent=1))
    if with_errors:
        sys.exit(EXIT_ERRORS)


def _path_option(flag: str, metavar: str, help_text: str) -> Callable[[F], F]:
    """An option naming a folder (``DIR``) or a file (``FILE``), passed as ``<flag>_dir`` or ``<flag>_path``."""
    folder = metavar == "DIR"
    name = flag.removeprefix("--") + ("_dir" if folder else "_path")
    kind = click.Path(file_okay=not folder, dir_okay=folder, path_type=Path)
    return click.option(flag, name, type=kind, metavar="文件夹" if folder else "文件", help=help_text)


@main.command("run")
@click.argument("path", metavar="输入工作簿", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--rules", "rules", default="", metavar="名称|文件", help=_RULES_HELP)
@click.option("--layout", "layout_name", default="", metavar="名称", help=_LAYOUT_HELP)
@click.option("--by-unit", is_flag=True, help=_BY_UNIT_HELP)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="输出工作簿（默认：<输入文件名>_自评结果.xlsx，与输入文件同目录）",
)
@click.option("--json", "as_json", is_flag=True, help="在标准输出打印 JSON 结果")
@_path_option(
    "--split", "DIR", "另在该文件夹中为每个项目写出一个工作簿，并写出清单 manifest.csv（含 SHA-256）"
)
@_path_option("--zip", "FILE", "把各项目的工作簿和 manifest.csv 打包为该 zip 文件（可不加 --split）")
@click.option("--pdf", "make_pdf", is_flag=True, help="用 LibreOffice 把写出的每个工作簿转换为同名 PDF")
@click.option(
    "--no-forms", is_flag=True, help="结果工作簿只含 汇总、计算过程、检查结果（自评表用 --split 输出）"
)
@click.option(
    "--max-forms",
    type=click.IntRange(min=0),
    metavar="数量",
    default=api.Delivery.max_forms,
    show_default=True,
    help="项目数超过此值时，结果工作簿不含自评表（请用 --split）",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    metavar="数量",
    default=default_workers(),
    show_default=True,
    help="写 --split 文件的进程数",
)
@_path_option(
    "--report",
    "DIR",
    "另在该文件夹中起草自评报告（封面函、每个主管部门的整体支出报告和每个项目一份 .docx）",
)
@click.option("-q", "--quiet", is_flag=True, help="不显示进度条")
def run_command(
    path: Path,
    rules: str,
    layout_name: str,
    by_unit: bool,
    output: Path | None,
    as_json: bool,
    split_dir: Path | None,
    zip_path: Path | None,
    make_pdf: bool,
    no_forms: bool,
    max_forms: int,
    workers: int,
    report_dir: Path | None,
    quiet: bool,
) -> None:
    """检查、评分并写出自评表工作簿（有错误时不写出，退出码 1）。"""
    delivery = api.Delivery(split_dir, zip_path, make_pdf, not no_forms, max_forms, workers, report_dir)
    targets = [output or api.default_output(path), split_dir, zip_path, report_dir]
    warn_lock_files(api.lock_files(t for t in targets if t is not None))
    with progress_bar(enabled=not (quiet or as_json)) as progress:
        result, written = _deliver(
            path, output, _options(rules, layout_name, by_unit), delivery, as_json, progress
        )
    if as_json:
        click.echo(json.dumps(api.as_json(result), ensure_ascii=False, indent=1))
    _say_outcome(result, written, "输入有错误，未写出结果工作簿（已有的结果工作簿保持原样）。", as_json)
    if split_dir is not None and written:  # the run's input is no leftover, nor a folder not written
        warn_stale(split_dir, api.stale_files(split_dir, [*written, path]))


def _say_outcome(result: RunResult, written: list[Path], not_written: str, err: bool) -> None:
    """The findings, then the files written, or why nothing was (exit 1)."""
    say(result.findings, err=err, limit=MAX_PRINTED)
    if not written:
        click.echo(not_written, err=True)
        say_blocked(result)
        sys.exit(EXIT_ERRORS)
    say_written(written, err=err)


def _deliver(
    path: Path,
    output: Path | None,
    options: api.Options,
    delivery: api.Delivery,
    as_json: bool,
    progress: Progress,
) -> tuple[RunResult, list[Path]]:
    """``api.deliver``; a PDF problem is reported (after the files already written) with exit 2."""
    try:
        return api.deliver(path, output, options, delivery, progress)
    except pdf.PdfError as problem:
        say_written(problem.written, err=as_json)
        raise EnvironmentProblem(str(problem)) from problem
    except api.OutputLocked as locked:
        _say_locked(locked, as_json)
        raise


def _say_locked(locked: api.OutputLocked, as_json: bool) -> None:
    """The run's findings (and ``--json``'s document) when an output open elsewhere stopped the
    writing: the check itself ran. The message and exit 2 follow (:class:`evalxl.cli_group.Group`)."""
    if locked.result is None:
        return
    if as_json:
        click.echo(json.dumps(api.as_json(locked.result), ensure_ascii=False, indent=1))
    say(locked.result.findings, err=as_json, limit=MAX_PRINTED)


EXIT_UNREAD = 4


@main.command("collect", short_help="汇总各单位报来的文件，写出汇总工作簿。")
@click.argument("paths", metavar="文件或文件夹...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("汇总.xlsx"),
    show_default=True,
    help="写出的汇总工作簿（已有则替换）",
)
@click.option(
    "--expect",
    "expect_path",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="名单.xlsx",
    help="应报送名单（单位或项目），列出没有报送的",
)
@click.option(
    "--rules", "rules", default="", metavar="名称|文件", help="给标准输入工作簿和自评表现场评分所用的评分规则"
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    metavar="数量",
    default=default_workers(),
    show_default=True,
    help="同时读取文件的进程数",
)
@_path_option("--split", "DIR", "另在该文件夹中为计入的每个项目写出一个工作簿，并写出清单 manifest.csv")
@_path_option("--zip", "FILE", "把各项目的工作簿和 manifest.csv 打包为该 zip 文件（可不加 --split）")
@click.option("-q", "--quiet", is_flag=True, help="不显示进度条")
def collect_command(
    paths: tuple[Path, ...],
    output: Path,
    expect_path: Path | None,
    rules: str,
    workers: int,
    split_dir: Path | None,
    zip_path: Path | None,
    quiet: bool,
) -> None:
    """汇总各单位报来的文件（文件、文件夹、zip，可混合）：结果工作簿、单项目文件、标准输入工作簿、
    填好的自评表；写出一个汇总工作簿（汇总、统计、来源、检查结果）。退出码：0 全部读取且无错误，
    1 有错误（见检查结果），4 有文件未能读取（汇总仍已写出），2 用法错误。"""
    options = CollectOptions(expect_path, rules, workers, split_dir, zip_path)
    warn_lock_files(api.lock_files(t for t in (output, split_dir, zip_path) if t is not None))
    with progress_bar(enabled=not quiet) as progress:
        collected = api.collect(paths, output, options, progress)
    findings = collected.rollup.findings
    say(ordered(findings), err=False, limit=MAX_PRINTED)
    click.echo(collect_line(collected))
    say_written(collected.written, err=False)
    if split_dir is not None and collected.written:
        warn_stale(split_dir, api.stale_files(split_dir, [*collected.written, *paths]))
    if collected.unread:
        sys.exit(EXIT_UNREAD)
    if has_errors(findings):
        sys.exit(EXIT_ERRORS)


@main.command("report", short_help="起草自评报告（.docx）。")
@click.argument("path", metavar="输入工作簿", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    help="写入自评报告的文件夹（默认：<输入文件名>_自评报告，与输入文件同目录）",
)
@click.option("--rules", "rules", default="", metavar="名称|文件", help=_RULES_HELP)
@click.option("--layout", "layout_name", default="", metavar="名称", help=_LAYOUT_HELP)
def report_command(path: Path, folder: Path | None, rules: str, layout_name: str) -> None:
    """起草自评报告（.docx）：封面函、每个主管部门的部门整体支出绩效自评报告和每个项目一份报告，数字全部取自评分结果，需人工补充的句子标为
    【请补充：…】（有错误时不写出，退出码 1）。"""
    try:
        result, written = api.report(path, folder, _options(rules, layout_name, False))
    except api.OutputLocked as locked:
        _say_locked(locked, False)
        raise
    _say_outcome(result, written, "输入有错误，未起草自评报告。", False)


@main.command("layouts")
def layouts_command() -> None:
    """列出可用的表样（参数“表样”或 --layout）。"""
    for item in layout.available():
        click.echo(f"{item.name}\t{item.about}")


@main.command("rules")
def rules_command() -> None:
    """列出内置评分规则（参数“评分规则”或 --rules）。"""
    for name, data in builtin_profiles().items():
        click.echo(f"{name}\t{data.get('about', '')}")


EXIT_DIFFERENT = 1


@main.command("diff")
@click.argument("old", metavar="旧工作簿", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("new", metavar="新工作簿", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="在标准输出打印 JSON 差异（汇总行打印到标准错误）")
@click.option(
    "--tolerance",
    type=click.FloatRange(min=0),
    default=0.0,
    show_default=True,
    metavar="数值",
    help="数值之差（绝对值）不超过此值视为相同",
)
@click.option("--cells", is_flag=True, help="逐单元格比较任意两个 xlsx 工作簿（不按项目、指标对齐）")
@click.pass_context
def diff_command(
    ctx: click.Context, old: Path, new: Path, as_json: bool, tolerance: float, cells: bool
) -> None:
    """比较两个工作簿（两份输出或两份标准输入），逐条列出差异（有差异时退出码 1）。"""
    try:
        changes = diff.diff_workbooks(old, new, tolerance=tolerance, cells=cells)
    except diff.DiffError as problem:
        raise click.UsageError(str(problem), ctx) from problem
    if as_json:
        click.echo(json.dumps(diff.as_json(changes), ensure_ascii=False, indent=1))
    else:
        for change in changes:
            click.echo(change.describe())
    click.echo(diff.summary_line(changes), err=as_json)
    if changes:
        sys.exit(EXIT_DIFFERENT)
