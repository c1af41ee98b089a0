"""The commands' --help speaks Vietnamese first: every help text of the `attt` tree has its
Vietnamese, and `--lang en` (or $ATTT_LANG=en) gives the English."""

from __future__ import annotations

import inspect

import click
import pytest
from click.testing import CliRunner

from cli.help_words import vietnamese
from cli.main import main


def help_texts(command: click.Command, path: str = "attt") -> list[tuple[str, str]]:
    texts = [(path, inspect.cleandoc(command.help))] if command.help else []
    texts += [(f"{path} {p.opts[0]}", p.help) for p in command.params
              if isinstance(p, click.Option) and p.help]  # fmt: skip
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            texts += help_texts(sub, f"{path} {name}")
    return texts


def test_every_help_text_has_its_vietnamese():
    texts = help_texts(main)
    assert len(texts) >= 50
    assert [where for where, text in texts if vietnamese(text) is None] == []


@pytest.mark.parametrize("args", [["--help"], ["run", "--help"], ["users", "add", "--help"],
                                  ["export", "--help"]])  # fmt: skip
def test_help_is_vietnamese_unless_english_is_asked_for(args, monkeypatch):
    monkeypatch.delenv("ATTT_LANG", raising=False)
    command = main
    for name in args[:-1]:
        command = command.commands[name]
    english = [inspect.cleandoc(command.help).split("\n")[0]]
    english += [p.help for p in command.params if isinstance(p, click.Option) and p.help]

    said = CliRunner().invoke(main, args, prog_name="attt")
    assert said.exit_code == 0, said.output
    assert said.output.startswith("Cách dùng: attt") and "[TÙY CHỌN]" in said.output
    assert "Tùy chọn:" in said.output and "Hiện hướng dẫn này rồi thoát." in said.output
    flat = " ".join(said.output.split())
    assert [text for text in english if " ".join(text.split())[:40] in flat] == []
    assert " ".join(vietnamese(command.help).split())[:40] in flat

    for asked, env in ((["--lang", "en", *args], {}), (args, {"ATTT_LANG": "en"})):
        told = CliRunner().invoke(main, asked, env=env, prog_name="attt")
        assert told.exit_code == 0, told.output
        assert told.output.startswith("Usage: attt") and "Options:" in told.output
        assert "[OPTIONS]" in told.output
        assert " ".join(english[0].split())[:40] in " ".join(told.output.split())


def test_the_group_lists_its_commands_in_the_readers_language(monkeypatch):
    monkeypatch.delenv("ATTT_LANG", raising=False)
    said = CliRunner().invoke(main, ["--help"]).output
    assert "Lệnh:" in said and "In sổ tệp: mọi tệp đã tiếp nhận" in said
    assert "[mặc định: vi]" in said
    told = CliRunner().invoke(main, ["--lang", "en", "--help"]).output
    assert "Commands:" in told and "Print the ledger: every landing file" in told
