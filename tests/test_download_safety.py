"""Downloads that are safe to open: text a spreadsheet would take for a formula is escaped in
every CSV and XLSX the app and the report write, and written as text; `attt app` is the server
itself; a serving copy's connection is closed only when no session reads it."""

from __future__ import annotations

import csv
import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest

from app.downloads import xlsx_bytes
from core.locations import REPO_ROOT
from readside import serving_copy as serving
from readside.cell_safety import escape_formula, frame_csv
from tests.conftest import SAMPLE_LANDING

HOSTILE = [
    '=HYPERLINK("http://203.0.113.5/x","Bấm vào đây")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_like_text_is_escaped(text):
    assert escape_formula(text) == "'" + text


@pytest.mark.parametrize("value", ["-3", "-0.5", "Bộ Y tế", "HT-01", 5, -3, 2.5, None])
def test_numbers_and_plain_text_are_left_as_they_are(value):
    assert escape_formula(value) == value


def test_csv_and_xlsx_downloads_hold_no_live_formula():
    """Finding: XLSX downloads stored text beginning with `=` as a live formula, and CSV
    downloads passed it through."""
    frame = pd.DataFrame(
        {"system_name": HOSTILE, "rank_change": [-3, 2, 0, 1, -1, 4], "score": [1.5] * 6}
    )
    rows = list(csv.reader(io.StringIO(frame_csv(frame).decode("utf-8-sig"), newline="")))
    assert [r[0] for r in rows[1:]] == ["'" + text for text in HOSTILE]
    assert [r[1] for r in rows[1:]] == ["-3", "2", "0", "1", "-1", "4"]
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(frame))).active
    for row, text in enumerate(HOSTILE, start=2):
        cell = sheet.cell(row, 1)
        # (XML reads a CR back as LF)
        assert cell.data_type == "s" and cell.value == "'" + text.replace("\r", "\n")
        assert sheet.cell(row, 2).data_type == "n"


@pytest.fixture(scope="module")
def hostile_sample(tmp_path_factory):
    """The sample with a producer's system name that is a formula, through the pipeline."""
    from orchestration.runner import run_pipeline

    root = tmp_path_factory.mktemp("hostile")
    landing = root / "landing"
    shutil.copytree(SAMPLE_LANDING, landing)
    path = landing / "dossiers" / "systems_20261015.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    name = rows[0].index("system_name")
    owner = rows[0].index("owner_code")
    hanoi = next(r for r in rows[1:] if r[owner] == "HN")
    hanoi[name] = HOSTILE[0]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    report = run_pipeline(warehouse=root / "warehouse" / "attt.duckdb", landing=landing)
    assert report.published, report.render()
    return root, report.serving


def test_the_report_annex_and_the_unit_card_hold_no_live_formula(hostile_sample):
    from orchestration.monthly_report import write_report

    root, serving_copy = hostile_sample
    files = write_report(serving_copy, "2026-10", root / "reports" / "2026-10")
    checked = 0
    for path in [files.xlsx, *[p for p in files.cards if p.suffix == ".xlsx" and "HN" in p.name]]:
        book = openpyxl.load_workbook(path)
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (path.name, sheet.title, cell.coordinate)
                    if cell.value == "'" + HOSTILE[0]:
                        checked += 1
    assert checked >= 1  # the card lists the system by its name, escaped


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


STOP_S = 60


def test_attt_app_is_the_server_so_stopping_it_stops_the_server(tmp_path):
    """Finding: `attt app` ran Streamlit as a child process, and stopping `attt app` left the
    server running and serving."""
    port = _free_port()
    # PYTHONFAULTHANDLER: a server that does not stop is sent SIGABRT, and Python writes the
    # stack of every thread to its log, for the failure to say what it was waiting on
    env = {**os.environ, "ATTT_DATA_DIR": str(tmp_path), "PYTHONFAULTHANDLER": "1"}
    log = tmp_path / "app.log"
    with log.open("wb") as out:
        app = subprocess.Popen(
            [sys.executable, "-m", "cli.main", "app", "--port", str(port)],
            cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 90
        while not _listening(port) and time.monotonic() < deadline and app.poll() is None:
            time.sleep(0.2)
        assert _listening(port), "the app did not start"
        command = Path(f"/proc/{app.pid}/cmdline").read_bytes()
        assert b"streamlit" in command  # the process we started is the server itself
        app.send_signal(signal.SIGTERM)
        try:
            app.wait(timeout=STOP_S)  # it stops in under a second; once, in CI, it did not in 30 s
        except subprocess.TimeoutExpired:
            app.send_signal(signal.SIGABRT)
            app.wait(timeout=30)
            pytest.fail(f"the server did not stop {STOP_S} s after SIGTERM; its log and "
                        f"threads:\n{log.read_text(errors='replace')[-6000:]}")  # fmt: skip
        assert not _listening(port)
    finally:
        if app.poll() is None:
            os.killpg(app.pid, signal.SIGKILL)


def _copy(path: Path, value: int) -> None:
    staging = path.with_name(f".{path.name}.tmp")
    with duckdb.connect(str(staging)) as con:
        con.execute("CREATE TABLE t AS SELECT ? AS v", [value])
    os.replace(staging, path)


def test_a_serving_copy_is_closed_only_when_no_session_reads_it(tmp_path):
    """Finding: the serving module closed connections to older serving copies while another
    session might still be querying them."""
    path = tmp_path / "attt.duckdb"
    _copy(path, 1)
    first = serving.current_version(path)
    with serving.reading(first) as held:
        for value in (2, 3, 4):  # three publications while a session is mid-query
            _copy(path, value)
            with serving.reading(serving.current_version(path)) as cur:
                assert cur.execute("SELECT v FROM t").fetchone()[0] == value
        assert held.execute("SELECT v FROM t").fetchone()[0] == 1
        assert first in serving._open
    assert first not in serving._open  # closed once nobody reads it


def test_a_closed_version_replaced_since_is_not_opened_under_its_old_name(tmp_path):
    """Finding: a version whose connection was closed (two publications later) and that a
    session asked for again was opened by its path, which the publications had given to a
    newer file: the newer publication's rows were read under the older version's name, and
    one page could mix two publications."""
    path = tmp_path / "attt.duckdb"
    _copy(path, 1)
    first = serving.current_version(path)
    with serving.reading(first) as cur:
        assert cur.execute("SELECT v FROM t").fetchone()[0] == 1
    for value in (2, 3):
        _copy(path, value)
        with serving.reading(serving.current_version(path)):
            pass
    assert first not in serving._open  # closed: nobody was reading it
    with pytest.raises(serving.ServingVersionGone) as gone, serving.reading(first) as cur:
        pytest.fail(f"version 1 opened, reading {cur.execute('SELECT v FROM t').fetchone()}")
    assert "bản công bố mới" in gone.value.words("vi") and "newer publication" in str(gone.value)
    assert first not in serving._open
    with serving.reading(serving.current_version(path)) as cur:  # the reader asks again
        assert cur.execute("SELECT v FROM t").fetchone()[0] == 3


def test_a_publication_between_the_stat_and_the_attach_is_told_not_mixed(tmp_path, monkeypatch):
    """The version is named by a stat and opened by a path: a publication in between must not
    open the newer file under the older name. Reproduced by publishing inside the ATTACH's
    connection."""
    import core.duckdb_limits
    import readside.serving_copy as serving_copy

    path = tmp_path / "attt.duckdb"
    _copy(path, 1)
    first = serving.current_version(path)
    connect = core.duckdb_limits.connect

    def publishing_meanwhile(*args, **kwargs):
        _copy(path, 2)
        return connect(*args, **kwargs)

    monkeypatch.setattr(serving_copy, "limited_connect", publishing_meanwhile)
    with pytest.raises(serving.ServingVersionGone), serving.reading(first):
        pass
    assert first not in serving._open
