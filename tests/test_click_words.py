"""Click's own words are said in the reader's language: its errors ("Missing option", "No such
option", a bad choice), the hint after them and its help's headings are Vietnamese unless
English is asked for. Found when `attt demo-data` without `--out` answered "Error: Missing
option '--out'." under a Vietnamese help."""

from __future__ import annotations

import os
import re
from pathlib import Path

import click
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from click.testing import CliRunner

from cli.click_words import CATALOG, COMPILED, compiled_catalog
from cli.help_words import vietnamese
from cli.main import main

FIELD = re.compile(r"\{(\w+)[^}]*\}|%\((\w+)\)s")


def catalog():
    with CATALOG.open("rb") as po:
        return read_po(po, locale="vi")


def test_the_compiled_catalog_is_the_catalog():
    # an edit of the .po that was not compiled (python -m cli.click_words) fails here
    assert COMPILED.read_bytes() == compiled_catalog()


def test_every_message_of_the_installed_click_is_said_in_vietnamese():
    said = {m.id: m.string for m in catalog() if m.id}
    click_messages = {
        message if isinstance(message, str) else tuple(message)
        for _file, _line, message, _comments, _context in extract_from_dir(
            Path(click.__file__).parent
        )
    }
    assert len(click_messages) > 60
    # what Click makes once and keeps (the help option's help) is said by cli.help_words
    missing = sorted(
        str(m) for m in click_messages
        if not said.get(m) and not (isinstance(m, str) and vietnamese(m))
    )
    assert missing == []


def test_a_translation_asks_only_for_what_click_gives_it():
    for message in catalog():
        if not message.id:
            continue
        given = message.id if isinstance(message.id, tuple) else (message.id,)
        fields = {f for text in given for f in _fields(text)}
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            assert _fields(string) <= fields, (message.id, string)


def _fields(text: str) -> set[str]:
    return {a or b for a, b in FIELD.findall(text)}


@pytest.mark.parametrize(
    ("args", "vietnamese", "english"),
    [
        (["demo-data"], "Lỗi: Thiếu tùy chọn '--out'.", "Error: Missing option '--out'."),
        (["files", "--bogus"], "Lỗi: Không có tùy chọn '--bogus'.", "Error: No such option"),
        (["no-such-command"], "Lỗi: Không có lệnh 'no-such-command'.", "No such command"),
        (
            ["demo-data", "--out", "x", "--scale", "huge"],
            "Lỗi: Giá trị không hợp lệ cho '--scale': 'huge' không phải là một trong 'small', "
            "'national'.",
            "'huge' is not one of 'small', 'national'.",
        ),
    ],
)
def test_clicks_errors_are_vietnamese_unless_english_is_asked_for(
    args, vietnamese, english, monkeypatch
):
    monkeypatch.delenv("ATTT_LANG", raising=False)
    language = os.environ.get("LANGUAGE")
    said = CliRunner().invoke(main, args, prog_name="attt")
    assert said.exit_code == 2
    assert vietnamese in " ".join(said.output.split()), said.output
    assert "Error" not in said.output and "Xem 'attt" in said.output
    assert os.environ.get("LANGUAGE") == language  # put back after the command

    for asked, env in ((["--lang", "en", *args], {}), (args, {"ATTT_LANG": "en"})):
        told = CliRunner().invoke(main, asked, env=env, prog_name="attt")
        assert told.exit_code == 2 and english in told.output, told.output
        assert "Try 'attt" in told.output and "Lỗi" not in told.output
