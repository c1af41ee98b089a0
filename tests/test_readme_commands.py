"""Every `attt` command the README and docs/ show exists, with the options they show.

Finding: the README gave `attt run [--serving PATH]`, an option the command never had (a run
publishes to `$ATTT_SERVING`, or beside a warehouse given with `--warehouse`)."""

from __future__ import annotations

import re
from pathlib import Path

import click

from cli.main import main

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def shown_commands(text: str) -> list[str]:
    """The `attt ...` spans of a text (a span may wrap across lines)."""
    return [" ".join(span.split()) for span in re.findall(r"`(attt [^`]+)`", text)]


def unknown_options(shown: str) -> list[str]:
    """The command words or options of one shown command that the CLI does not have."""
    words = shown.split()[1:]
    command: click.Command = main
    while isinstance(command, click.Group) and words:
        options = {o: p for p in command.params for o in getattr(p, "opts", [])}
        if words[0] in options:  # a group's own option (`attt --lang en run`) and its value
            option = options[words.pop(0)]
            if not getattr(option, "is_flag", False) and words:
                words.pop(0)
        elif words[0] in command.commands:
            command = command.commands[words.pop(0)]
        else:
            break
    if isinstance(command, click.Group):
        return [f"no command {words[0] if words else '(none)'!r} in {shown!r}"]
    if command.context_settings.get("ignore_unknown_options"):
        return []  # it hands its words to another tool (`attt dbt build --full-refresh`)
    options = {name for param in command.params for name in getattr(param, "opts", [])}
    return [f"{word} in {shown!r}" for word in re.findall(r"--[a-z][a-z-]*", " ".join(words))
            if word not in options]  # fmt: skip


def test_every_command_of_the_readme_and_docs_has_the_options_it_shows():
    shown = [c for page in PAGES for c in shown_commands(page.read_text(encoding="utf-8"))]
    assert len(shown) >= 10
    problems = [problem for command in shown for problem in unknown_options(command)]
    assert not problems, problems


def test_the_check_sees_an_option_a_command_does_not_have():
    assert unknown_options("attt run [--landing DIR] [--serving PATH]") == [
        "--serving in 'attt run [--landing DIR] [--serving PATH]'"
    ]
    assert unknown_options("attt nothing-such") == [
        "no command 'nothing-such' in 'attt nothing-such'"
    ]
    assert unknown_options("attt --lang en files --format csv") == []
    assert unknown_options("attt --lang en files --serving X") == [
        "--serving in 'attt --lang en files --serving X'"
    ]
