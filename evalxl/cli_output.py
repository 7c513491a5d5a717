"""What the command line prints: findings, each project's total or the cells that keep it from one,
the files written, and the line that sums up a collect run (``evalxl.cli`` decides when)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from pathlib import Path

import click

from evalxl.collect.pipeline import Collected
from evalxl.findings import ERROR, NOTE, WARNING, Finding, has_errors
from evalxl.model import RunResult, ScoredProject
from evalxl.scoring.numbers import num

MAX_PRINTED = 200  # findings printed by run; 检查结果 and check hold them all


def say(findings: Iterable[Finding], err: bool, limit: int = 0) -> None:
    """Print each finding (at most ``limit``, then how many more and where they are), then the counts."""
    findings = list(findings)
    shown = findings[:limit] if limit and len(findings) > limit else findings
    for f in shown:
        click.echo(f"{f.level} {f.place} [{f.code}] {f.message}", err=err)
    if len(shown) < len(findings):
        where = "evalxl check 列出全部" if has_errors(findings) else "全部见结果工作簿的“检查结果”表"
        click.echo(f"……另有 {len(findings) - len(shown)} 条，{where}", err=err)
    counts = {level: sum(f.level == level for f in findings) for level in (ERROR, WARNING, NOTE)}
    click.echo("；".join(f"{level} {n} 条" for level, n in counts.items()), err=err)


MAX_BLOCKERS = 5  # cells named in one line; the rest are counted


def cells(places: Sequence[str]) -> str:
    """``指标!G7、指标!G9`` (at most MAX_BLOCKERS named, then how many there are)."""
    shown = "、".join(places[:MAX_BLOCKERS])
    return f"{shown} 等 {len(places)} 处" if len(places) > MAX_BLOCKERS else shown


def _score_line(scored: ScoredProject, common: Collection[str] = ()) -> str:
    """One project's line after the findings: its total and grade, or the cells whose errors keep
    it from a total (those in ``common``, said once for every project, left out)."""
    name = scored.project.name
    if scored.score is not None:
        return f"{name}：{num(scored.score)} 分，{scored.grade}"
    own = [cell for cell in scored.blocked_by if cell not in common]
    if own:
        return f"{name}：（因 {cells(own)} 有错误，未计总分）"
    if scored.blocked_by:
        return f"{name}：（因上述错误，未计总分）"
    return f"{name}：未计总分（原因见 计算过程）"


def _common_blockers(result: RunResult) -> list[str]:
    """The error cells that keep every project from a total (参数, the file, a row that belongs to no
    project …), when there are several projects: said once rather than on every line."""
    if len(result.projects) < 2:
        return []
    first, *others = (p.blocked_by for p in result.projects)
    return [cell for cell in first if all(cell in other for other in others)]


def say_scores(result: RunResult, err: bool = False) -> None:
    """Every project's total, or the cells that keep it from one (``check``)."""
    if not result.projects:
        return
    click.echo("各项目得分：", err=err)
    common = _common_blockers(result)
    if common:
        click.echo(f"  （因 {cells(common)} 有错误，各项目均未计总分：这些错误可能影响每个项目）", err=err)
    for scored in result.projects:
        click.echo("  " + _score_line(scored, set(common)), err=err)


def say_blocked(result: RunResult) -> None:
    """After a run stopped by errors: which projects have no total, and where to see the scores."""
    blocked = [p for p in result.projects if p.score is None]
    if not blocked:
        return
    names = "、".join(p.project.name for p in blocked[:MAX_BLOCKERS])
    more = f" 等 {len(blocked)} 个" if len(blocked) > MAX_BLOCKERS else ""
    rest = len(result.projects) - len(blocked)
    others = f"其余 {rest} 个项目的总分已算出" if rest else "没有项目算出总分"
    click.echo(
        f"未计总分的项目：{names}{more}；{others}。各项目得分见 evalxl check，逐项得分见 evalxl run --json。",
        err=True,
    )


MAX_LISTED = 50  # files listed one by one; a longer run names its folders (manifest.csv lists them all)


def say_written(paths: Iterable[Path], err: bool) -> None:
    """Each file written, or past MAX_LISTED files each folder with how many files it got."""
    paths = list(paths)
    if len(paths) <= MAX_LISTED:
        for written in paths:
            click.echo(f"已写出：{written}", err=err)
        return
    folders: dict[Path, int] = {}
    for written in paths:
        folders[written.parent] = folders.get(written.parent, 0) + 1
    for folder, count in folders.items():
        click.echo(f"已写出：{folder}（{count} 个文件）", err=err)


def collect_line(collected: Collected) -> str:
    """What a collect run read and counted, in one line."""
    rollup = collected.rollup
    files = len(collected.files)
    # not read: files that could not be, and zip members or files refused before reading
    unread = f"，{collected.unread} 个文件未能读取或被拒绝（见检查结果）" if collected.unread else ""
    disputed = f"，另有 {len({p.key for p in rollup.disputed})} 个项目有争议未计入" if rollup.disputed else ""
    return f"收到 {files} 个工作簿{unread}，计入 {len(rollup.projects)} 个项目{disputed}"


def locked_message(path: Path) -> str:
    """Why an output could not be replaced: another program (Excel, WPS) holds it open."""
    return (
        f"无法替换输出文件 {path}：该文件正被其他程序打开（如 Excel/WPS），或没有写入权限。"
        "请先在 Excel/WPS 中关闭该文件，然后重新运行（原文件保持原样）。"
    )


def warn_lock_files(owners: Sequence[Path]) -> None:
    """Before writing: each owner file (``~$…``, ``.~lock.…#``) that says an output is open elsewhere."""
    for owner in owners:
        name = owner.name.removeprefix("~$").removeprefix(".~lock.").removesuffix("#")
        click.echo(
            f"警告 {owner.parent / name} 似乎正在 Excel/WPS 中打开（有锁定文件 {owner.name}）："
            "若写出失败，请关闭该文件后重新运行。",
            err=True,
        )


MAX_STALE = 10  # files of an earlier run named one by one


def warn_stale(folder: Path, stale: Sequence[Path]) -> None:
    """After writing into ``folder``: the files there that this run did not write (an earlier run's),
    so no one mails them with the new ones. Nothing is deleted."""
    if not stale:
        return
    names = "、".join(p.name for p in stale[:MAX_STALE])
    more = f" 等 {len(stale)} 个" if len(stale) > MAX_STALE else ""
    click.echo(
        f"警告 文件夹 {folder} 中还有本次没有写出的文件（manifest.csv 未列出，可能是以前运行留下的）："
        f"{names}{more}。这些文件未被删除，发送前请核对。",
        err=True,
    )
