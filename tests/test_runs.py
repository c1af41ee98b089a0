"""Runs of the pipeline as an operator sees them: one run at a time, a log file per run,
readers that see only published data, a killed run noticed and redone by the next, leftovers
removed, and a truthful summary when a blocking check stops a run."""

from __future__ import annotations

import csv
import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from click.testing import CliRunner

from cli.main import main
from core.locations import REPO_ROOT
from orchestration.dbt_project import DBT_PROJECT_DIR
from orchestration.definitions import build_definitions
from orchestration.leftovers import KEEP_DBT_TARGETS
from orchestration.resources import LandingZone
from orchestration.run_lock import (
    BUSY_EXIT_CODE,
    WarehouseBusy,
    describe_holder,
    lock_file_of,
)
from orchestration.runner import run_pipeline
from orchestration.sensors import landing_sensor
from tests.conftest import SAMPLE_LANDING

# Holds the lock until its standard input closes (the fixture closes it, or kills it).
HOLD = """
import sys
from pathlib import Path
from orchestration.run_lock import hold_warehouse
with hold_warehouse(Path(sys.argv[1])):
    print("held", flush=True)
    sys.stdin.read()
"""


@pytest.fixture
def published_copy(published_sample, tmp_path):
    """A copy of the published sample (landing zone, warehouse and serving copy) to change."""
    warehouse, serving = published_sample
    landing = tmp_path / "landing"
    shutil.copytree(SAMPLE_LANDING, landing)
    target = tmp_path / "warehouse" / "attt.duckdb"
    target.parent.mkdir()
    shutil.copy(warehouse, target)
    copy = target.parent / "serving" / "attt.duckdb"
    copy.parent.mkdir()
    shutil.copy(serving, copy)
    return landing, target, copy


@pytest.fixture
def lock_holder(tmp_path):
    """Another process holding a warehouse, as a running `attt run` does."""
    started = []

    def _hold(warehouse: Path) -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, "-c", HOLD, str(warehouse)],
            cwd=REPO_ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        started.append(process)
        assert process.stdout.readline().strip() == "held"
        return process

    yield _hold
    for process in started:
        if process.poll() is None:
            process.stdin.close()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def export(args: list[str]) -> str:
    result = CliRunner().invoke(main, ["export", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_second_run_is_refused_at_once_naming_the_first(published_copy, lock_holder):
    """Finding: two `attt run` at once: the second died with a raw DuckDB lock traceback, or
    after ingest with a 545-line dbt log; which one failed was a race."""
    landing, warehouse, serving = published_copy
    holder = lock_holder(warehouse)
    (landing / "feeds" / "heartbeats" / "heartbeats_20261102.jsonl").write_text(
        '{"system_id": "HT-101-0001", "sensor_id": "S1", "at": "2026-11-02T00:00:00Z"}\n'
    )
    before = warehouse.read_bytes()
    result = CliRunner().invoke(
        main, ["run", "--landing", str(landing), "--warehouse", str(warehouse)]
    )
    assert result.exit_code == BUSY_EXIT_CODE
    # refused before any work: the new file was not taken in, no log was started
    assert warehouse.read_bytes() == before
    assert not (warehouse.parent / "logs").exists()
    lines = result.output.strip().splitlines()
    assert len(lines) <= 2
    assert f"tiến trình {holder.pid}" in lines[0] and "bắt đầu lúc" in lines[0]
    assert "Hãy chờ" in lines[1]  # what to do, in the reader's language
    assert "Traceback" not in result.output
    # a Dagster run of the same job is refused too, before any step runs
    defs = build_definitions(warehouse=warehouse, landing=landing, serving=serving)
    run = defs.resolve_job_def("pipeline").execute_in_process(
        instance=dg.DagsterInstance.ephemeral(), raise_on_error=False
    )
    assert not run.success
    assert not run.get_asset_materialization_events()
    with pytest.raises(dg.DagsterResourceFunctionError) as raised:
        defs.resolve_job_def("pipeline").execute_in_process(instance=dg.DagsterInstance.ephemeral())
    assert isinstance(raised.value.__cause__, WarehouseBusy)
    # the sensor waits instead of asking for a run that would be refused
    context = dg.build_sensor_context(
        resources={"landing": LandingZone(path=str(landing), warehouse=str(warehouse))}
    )
    assert isinstance(landing_sensor(context), dg.SkipReason)
    # `attt dbt` writes the warehouse too
    result = CliRunner().invoke(
        main, ["--lang", "en", "dbt", "--warehouse", str(warehouse), "debug"]
    )
    assert result.exit_code == BUSY_EXIT_CODE
    assert f"process {holder.pid}" in result.output and "started" in result.output


def test_each_run_writes_its_own_log_and_removes_what_earlier_runs_left(published_copy):
    """Findings: two runs wrote the same log file; a run killed during publish left `.tmp` and
    `.tmp.wal` files that nothing removed; dbt's per-run target folders piled up."""
    landing, warehouse, serving = published_copy
    junk = [
        serving.parent / f".{serving.name}.4242.tmp",
        serving.parent / f".{serving.name}.4242.tmp.wal",
    ]
    for path in junk:
        path.write_bytes(b"half a serving copy")
    targets = DBT_PROJECT_DIR / "target"
    for n in range(KEEP_DBT_TARGETS + 4):
        folder = targets / f"attt_dbt_models-test{n:02d}-0000000"
        folder.mkdir(parents=True, exist_ok=True)
        os.utime(folder, (1_000_000 + n, 1_000_000 + n))  # older than any real run's
    first = run_pipeline(warehouse=warehouse, landing=landing)
    # nothing new since the copy was published: the build is skipped (issue 14), the tidying
    # is not
    assert first.success and first.up_to_date, first.render()
    assert not any(path.exists() for path in junk)
    assert {f".{serving.name}.4242.tmp", f".{serving.name}.4242.tmp.wal"} <= set(first.removed)
    assert len(list(targets.glob("attt_dbt_models-*"))) <= KEEP_DBT_TARGETS + 1
    heartbeats = sorted((landing / "feeds" / "heartbeats").iterdir())[-1]
    shutil.copy(heartbeats, heartbeats.with_name("heartbeats_20261130.jsonl"))
    second = run_pipeline(warehouse=warehouse, landing=landing)
    assert second.success and second.published, second.render()
    assert first.log != second.log and first.log.exists() and second.log.exists()
    assert second.run_id[:8] in second.log.name and first.run_id[:8] in first.log.name
    assert "Completed successfully" in second.log.read_text()
    assert not any(name.startswith(".") for name in second.removed)  # nothing left this time


def test_readers_see_only_published_data(published_copy):
    """Finding: a run killed in the middle of `dbt build` left some marts new and others old,
    and `attt export kpis` and `attt export scores` disagreed until the next run."""
    _, warehouse, serving = published_copy
    env = {"ATTT_SERVING": str(serving)}
    published = {what: export([what, "--serving", str(serving)]) for what in ("scores", "kpis")}
    runner = CliRunner(env=env)
    for what in ("scores", "kpis"):
        result = runner.invoke(main, ["export", what])
        assert result.exit_code == 0 and result.output == published[what]
    # the warehouse half rebuilt, as a killed dbt build leaves it
    con = duckdb.connect(str(warehouse))
    con.execute("DROP TABLE marts.fct_national_kpis")
    con.execute("UPDATE marts.fct_unit_month_scores SET composite = 0")
    con.close()
    for what in ("scores", "kpis"):
        assert runner.invoke(main, ["export", what]).output == published[what]
    mid_build = runner.invoke(main, ["export", "kpis", "--warehouse", str(warehouse)])
    assert mid_build.exit_code != 0 and "chưa được dựng" in mid_build.output
    status = runner.invoke(main, ["quality", "--period", "2026-10", "--format", "json"])
    assert status.exit_code == 0 and '"publishable": true' in status.output
    help_text = runner.invoke(main, ["export", "--help"]).output
    assert "Một lần chạy có thể đang dựng nó" in " ".join(help_text.split())
    help_text = runner.invoke(main, ["--lang", "en", "export", "--help"]).output
    assert "may be building it" in help_text


def test_published_copy_exports_equal_the_warehouse_after_a_run(published_sample):
    warehouse, serving = published_sample
    for what in ("scores", "gaps", "kpis"):
        assert export([what, "--serving", str(serving)]) == export(
            [what, "--warehouse", str(warehouse)]
        )


def _dbt_is_building(session: int) -> bool:
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.getsid(int(entry.name)) != session:
                continue
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
        except (OSError, ProcessLookupError):
            continue
        if b"dbt" in command and b"build" in command:
            return True
    return False


def test_a_killed_run_is_noticed_and_redone_by_the_next(published_copy):
    landing, warehouse, serving = published_copy
    before = {what: export([what, "--serving", str(serving)]) for what in ("scores", "kpis")}
    # a correction that changes October's scores
    rows = list(
        csv.reader(
            io.StringIO(
                (landing / "dossiers" / "systems_20261015.csv").read_text(encoding="utf-8-sig")
            )
        )
    )
    header, body = rows[0], rows[1:]
    status = header.index("dossier_status")
    for row in body[:10]:
        row[status] = "draft"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *body])
    (landing / "dossiers" / "systems_20261020.csv").write_text(out.getvalue(), encoding="utf-8")
    run = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "run", "--landing", str(landing),
         "--warehouse", str(warehouse)],
        cwd=REPO_ROOT, start_new_session=True, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, env={**os.environ, "ATTT_SERVING": str(serving)},
    )  # fmt: skip
    deadline = time.monotonic() + 300
    while not _dbt_is_building(run.pid) and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert run.poll() is None, "the run ended before dbt started"
    time.sleep(3)  # in the middle of the build
    os.killpg(run.pid, signal.SIGKILL)
    run.wait()
    # what readers see is still the last published state, whole
    for what, text in before.items():
        assert export([what, "--serving", str(serving)]) == text
    assert '"state": "running"' in lock_file_of(warehouse).read_text()
    again = run_pipeline(warehouse=warehouse, landing=landing, serving=serving)
    assert again.success and again.published, again.render()
    assert again.previous_interrupted
    assert "Lần chạy trước chưa kết thúc" in again.render()
    assert "did not finish" in again.render(lang="en")
    assert export(["scores", "--serving", str(serving)]) != before["scores"]
    for what in ("scores", "kpis"):
        assert export([what, "--serving", str(serving)]) == export(
            [what, "--warehouse", str(warehouse)]
        )
    assert '"state": "finished"' in lock_file_of(warehouse).read_text()


def test_a_truncated_reference_list_stops_the_run_and_the_summary_tells_the_truth(
    published_copy,
):
    """Findings: the run summary called files it never read "skipped (unchanged)"; a
    truncated reference list could empty an indicator for every unit."""
    landing, warehouse, serving = published_copy
    published = serving.read_bytes()
    agencies = landing / "reference" / "agencies.csv"
    lines = agencies.read_text(encoding="utf-8").splitlines()
    agencies.write_text("\n".join(lines[: 1 + (len(lines) - 1) * 6 // 10]) + "\n",
                        encoding="utf-8")  # fmt: skip
    shutil.copy(landing / "dossiers" / "systems_20261105.csv",
                landing / "dossiers" / "systems_20261110.csv")  # fmt: skip
    (landing / "feeds" / "botnet" / "latest.csv").write_text("timestamp,ip\n")
    report = run_pipeline(warehouse=warehouse, landing=landing, serving=serving)
    assert not report.published and serving.read_bytes() == published
    assert "raw/agencies: agencies_blocking" in report.checks_failed
    systems_files = len(list((landing / "dossiers").glob("systems_*")))
    # the steps under the agency list did not run: their files were not read, not "unchanged"
    assert report.not_read == systems_files + 2  # ip_allocations.csv and domains.csv
    text = report.render(lang="en")
    assert f"{report.not_read} landing files were not read in this run" in text
    assert "unchanged" not in text.split("not read")[0].splitlines()[-1]
    said = report.render()  # Vietnamese unless asked otherwise
    assert f"{report.not_read} tệp trong vùng tiếp nhận chưa được đọc ở lần chạy này" in said
    assert "không thay đổi" not in said.split("chưa được đọc")[0].splitlines()[-1]
    # the ledger step still ran: the unrecognised file is in the ledger
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute(
        "SELECT outcome FROM raw.ledger WHERE path = 'feeds/botnet/latest.csv'"
    ).fetchall() == [("rejected",)]
    con.close()
    status = CliRunner().invoke(
        main, ["quality", "--period", "2026-10", "--warehouse", str(warehouse)]
    )
    assert "not publishable" in status.output
    assert "agencies.new_version_keeps_previous_rows" in status.output
    assert "reference/agencies.csv" in status.output


def test_the_busy_message_says_who_holds_the_warehouse_and_what_to_do():
    holder = {"pid": 42, "started_at": "2026-12-07T08:00:00+00:00", "command": "attt run"}
    said = describe_holder(Path("w.duckdb"), holder, "vi")
    assert "tiến trình 42 (attt run, bắt đầu lúc 15:00:00 ngày 07/12/2026" in said
    assert said.endswith("Hãy chờ lần chạy đó kết thúc rồi chạy lại.")
    # a command that only reads is told it need not wait
    assert "Hãy đọc bản đã công bố" in describe_holder(Path("w.duckdb"), holder, "vi", True)
    english = describe_holder(Path("w.duckdb"), holder, "en", reader=True)
    assert "started 07/12/2026 15:00:00" in english and "Read the published copy" in english
