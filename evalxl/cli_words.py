"""Click's own words in Chinese: at start-up the command line replaces the ``gettext`` and
``ngettext`` that click's modules call with lookups in ``workbook_templates/cli_words.toml`` (a
text missing there stays English). Only the command line imports click: this module is its part."""

from __future__ import annotations

import importlib
import unicodedata
from types import ModuleType

import click

from evalxl.contract.cli_words_schema import cli_words

# click's modules that call gettext (``from gettext import gettext as _`` and ``ngettext``)
CLICK_MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.termui",
    "click.types",
    "click.utils",
    "click.shell_completion",
    "click._termui_impl",
)


def gettext(message: str) -> str:
    """``message`` in Chinese, or as it is when the table has no entry for it."""
    return cli_words().words.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The Chinese singular or plural of a text with a count, or click's English one."""
    pair = cli_words().plural.get(singular)
    if pair is None:
        return singular if n == 1 else plural
    return pair[0] if n == 1 else pair[1]


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: a Chinese character (wide or full-width) takes two, so
    click lines up the help's second column after Chinese option names."""
    text = click.unstyle(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ImportError:  # a module of another platform or click version
        return None


def install() -> None:
    """Point every click module's ``_`` and ``ngettext`` at the Chinese lookups, name click's number
    types in Chinese (they appear in its messages) and measure help text in terminal columns."""
    for name in CLICK_MODULES:
        module = _module(name)
        if module is None:
            continue
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
    for kind in (click.types.IntParamType, click.types.FloatParamType, click.IntRange, click.FloatRange):
        kind.name = gettext(kind.name)
    formatting = _module("click.formatting")
    if formatting is not None and hasattr(formatting, "term_len"):
        formatting.term_len = display_width  # type: ignore[attr-defined]
