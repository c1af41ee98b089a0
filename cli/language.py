"""The language of what the commands print for a person: Vietnamese unless `attt --lang en`
(or $ATTT_LANG=en) asks for English. CSV and JSON outputs keep the contract's names and codes."""

from __future__ import annotations

import click


def reader_lang() -> str:
    """The language `--lang` (or $ATTT_LANG) chose for this command: 'vi' or 'en'."""
    ctx = click.get_current_context(silent=True)
    root = ctx.find_root() if ctx else None
    return ((root.obj or {}) if root else {}).get("lang", "vi")


def say(vi: str, en: str) -> str:
    """Words for the reader, in the chosen language."""
    return en if reader_lang() == "en" else vi
