"""The language of what the commands print for a person: Vietnamese unless `attt --lang en`
(or $ATTT_LANG=en) asks for English. CSV and JSON outputs keep the contract's names and codes."""

from __future__ import annotations

import os

import click


def lang_of(ctx: click.Context) -> str:
    """The language asked for: `--lang` once read (it is eager, so `attt --lang en --help` reads
    it before the help), else $ATTT_LANG, else Vietnamese."""
    return _chosen(ctx.find_root().params.get("lang"))


def _chosen(asked: str | None) -> str:
    """'en' when English was asked for (by `--lang`, else by $ATTT_LANG), else 'vi'."""
    return "en" if (asked or os.environ.get("ATTT_LANG", "vi")) == "en" else "vi"


def lang_in_args(args: list[str]) -> str:
    """The language asked for by a command line before Click has parsed it: `--lang en` or
    `--lang=en` before the command's name, else $ATTT_LANG, else Vietnamese."""
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return _chosen(args[i + 1])
        if arg.startswith("--lang="):
            return _chosen(arg.removeprefix("--lang="))
        if not arg.startswith("-"):
            break  # the command's name: --lang is an option of the group only
    return _chosen(None)


def reader_lang() -> str:
    """The language `--lang` (or $ATTT_LANG) chose for this command: 'vi' or 'en'."""
    ctx = click.get_current_context(silent=True)
    return lang_of(ctx) if ctx else "vi"


def say(vi: str, en: str) -> str:
    """Words for the reader, in the chosen language."""
    return en if reader_lang() == "en" else vi
