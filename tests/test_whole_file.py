"""Files written whole or not at all (`core.whole_file`): the reports, the units' cards, the
exports, the serving copy and the demo's landing files all go through it."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.whole_file import partial_path, written_whole


def test_a_finished_block_replaces_the_file_and_leaves_no_partial(tmp_path: Path) -> None:
    final = tmp_path / "bao-cao.pdf"
    final.write_text("cũ")
    with written_whole(final) as partial:
        assert partial == tmp_path / ".bao-cao.pdf.tmp"
        partial.write_text("mới")
        assert final.read_text() == "cũ"  # a reader still sees the old file while it is written
    assert final.read_text() == "mới"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bao-cao.pdf"]


def test_a_failed_block_leaves_the_old_files_and_no_partials(tmp_path: Path) -> None:
    pdf, xlsx = tmp_path / "the.pdf", tmp_path / "the.xlsx"
    pdf.write_text("old pdf")
    xlsx.write_text("old xlsx")
    with pytest.raises(RuntimeError), written_whole(pdf) as p, written_whole(xlsx) as x:
        p.write_text("new pdf")
        x.write_text("half an xlsx")
        raise RuntimeError("the workbook failed half way")
    assert (pdf.read_text(), xlsx.read_text()) == ("old pdf", "old xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["the.pdf", "the.xlsx"]


def test_a_stale_partial_from_a_killed_run_is_not_taken_for_the_new_file(tmp_path: Path) -> None:
    final = tmp_path / "scores.csv"
    stale = partial_path(final, "partial")
    stale.write_text("left by a killed run")
    with pytest.raises(FileNotFoundError), written_whole(final, tag="partial"):
        pass  # the block wrote nothing: there is nothing to rename, and the stale file is gone
    assert not final.exists() and not stale.exists()


def test_the_serving_copys_partial_is_named_by_its_tag_and_renamed_when_synced(
    tmp_path: Path,
) -> None:
    final = tmp_path / "attt.duckdb"
    with written_whole(final, tag="123.tmp", sync=True) as partial:
        assert partial.name == ".attt.duckdb.123.tmp"
        partial.write_bytes(b"\0" * 10)
    assert final.stat().st_size == 10
