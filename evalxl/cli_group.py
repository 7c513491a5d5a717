"""The command line's group: its commands in the order of the work, the exit statuses its help names,
and the mapping of the library's problems to those statuses (no traceback ever reaches a user)."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from evalxl import api
from evalxl.cli_output import locked_message
from evalxl.exporting import template

EXIT_ERRORS = 1
EXIT_INTERNAL = 3
EXIT_PIPE = 141  # 128 + SIGPIPE: what a shell reports for a program whose reader went away
# --help lists the commands in the order of the work: the blank template, check, run, compare
# runs; forms typed by hand; the reports; the finance bureau's roll-up; the lists of choices
COMMAND_ORDER = ("template", "check", "run", "diff", "import", "report", "collect", "layouts", "rules")
EXIT_STATUSES = "\n".join(
    (
        "\b",  # click: keep these lines as they are
        "退出码：",
        "  0  无错误（可有警告、提示）",
        "  1  输入有错误（diff：有差异）",
        "  2  用法问题，或输出文件被占用（如正在 Excel/WPS 中打开）",
        "  3  evalxl 内部错误",
        "  4  collect 有未能读取的文件（汇总仍已写出）",
        "  130  已中断（按了 Ctrl+C）",
        "  141  读取输出的程序提前结束（管道已关闭），静默结束",
    )
)


class _Command(click.Command):
    """A command whose usage line says ``[选项]`` and whose usage problems show its own usage line
    (``用法: evalxl run …``, not the group's)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> object:
        """Run the command; a library usage problem becomes click's, with this command's context."""
        try:
            return super().invoke(ctx)
        except api.UsageError as problem:
            raise click.UsageError(str(problem), ctx) from problem
        except template.TemplateExistsError as problem:
            raise click.UsageError(f"文件已存在：{problem}（使用 --force 覆盖）", ctx) from problem


def _quiet_stdout() -> None:
    """Point standard output at the null device, so Python's last flush at exit finds no closed pipe
    (the Python docs' note on SIGPIPE)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file behind stdout (tests)
        pass


class Group(click.Group):
    """Lists its commands in COMMAND_ORDER and maps library problems to exit statuses, so no
    traceback reaches the user."""

    command_class = _Command

    def list_commands(self, ctx: click.Context) -> list[str]:
        """The commands in the order of the work (COMMAND_ORDER), any other after them."""
        names = super().list_commands(ctx)
        rank = {name: n for n, name in enumerate(COMMAND_ORDER)}
        return sorted(names, key=lambda name: rank.get(name, len(rank)))

    def invoke(self, ctx: click.Context) -> object:
        """Run the command; usage problems exit 2, anything unexpected 3 with a message."""
        try:
            return super().invoke(ctx)
        except api.OutputLocked as locked:
            raise EnvironmentProblem(locked_message(locked.path)) from locked
        except BrokenPipeError:  # evalxl check f.xlsx | head -1: the reader has all it wanted
            _quiet_stdout()
            sys.exit(EXIT_PIPE)
        except KeyboardInterrupt:
            click.echo("已中断；已有的输出文件保持原样。", err=True)
            sys.exit(130)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except Exception as exc:
            if os.environ.get("EVALXL_DEBUG"):
                raise
            click.echo(
                f"evalxl 内部错误（请把这条信息和输入文件报告给开发者）：{type(exc).__name__}: {exc}",
                err=True,
            )
            sys.exit(EXIT_INTERNAL)


class EnvironmentProblem(click.ClickException):
    """Something missing around evalxl (LibreOffice for --pdf): a message and exit status 2."""

    exit_code = 2
