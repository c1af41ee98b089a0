"""The Dagster definitions load, materialising the ingest assets works on the sample, the
landing sensor notices new files, and the `attt` commands drive the same definitions."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import dagster as dg
from click.testing import CliRunner

from cli.main import main
from orchestration.dbt_project import DBT_PROJECT_DIR
from orchestration.definitions import build_definitions, defs
from orchestration.resources import LandingZone
from orchestration.runner import run_pipeline
from orchestration.sensors import landing_sensor
from sources import SOURCES


def test_definitions_load_with_an_asset_per_source():
    dg.Definitions.validate_loadable(defs)
    keys = {key.to_user_string() for key in defs.resolve_asset_graph().get_all_asset_keys()}
    assert {f"raw/{s.table}" for s in SOURCES} | {"raw/ledger", "raw/set_aside"} <= keys
    assert {"marts/fct_unit_month_scores", "serving/serving_copy"} <= keys
    graph = defs.resolve_asset_graph()
    assert (
        dg.AssetKey(["raw", "agencies"]) in graph.get(dg.AssetKey(["raw", "systems"])).parent_keys
    )
    assert (
        dg.AssetKey(["raw", "requirements"])
        in graph.get(dg.AssetKey(["raw", "assessments"])).parent_keys
    )
    assert defs.resolve_sensor_def("landing_sensor") is not None


def test_materialising_the_ingest_assets_on_the_sample(landing, warehouse):
    # a file of no source: rejected by the ledger's step, with its reason
    (landing / "notes.txt").write_text("not a feed\n", encoding="utf-8")
    instance = dg.DagsterInstance.ephemeral()
    report = run_pipeline(
        warehouse=warehouse, landing=landing, instance=instance, job_name="ingest_landing"
    )
    assert report.success and not report.published
    assert report.set_aside_total == 10
    event = instance.get_latest_materialization_event(dg.AssetKey(["raw", "systems"]))
    metadata = event.asset_materialization.metadata
    assert metadata["files_loaded"].value == 6
    assert metadata["rows_set_aside"].value == 4
    problems = []
    for table in ["ledger", *(source.table for source in SOURCES)]:
        event = instance.get_latest_materialization_event(dg.AssetKey(["raw", table]))
        assert event is not None, table
        said = event.asset_materialization.metadata["problems"].value
        problems += [line for line in said.splitlines() if line != "không có / none"]
    # what became of each file with a problem, Vietnamese first then English (the Dagster UI)
    rejected = [p for p in problems if "bị từ chối:" in p]
    assert rejected and all(" / rejected: " in p for p in rejected), problems
    assert all("bị từ chối:" in p or ("đã nạp" in p and " rows loaded" in p) for p in problems)
    again = run_pipeline(
        warehouse=warehouse, landing=landing, instance=instance, job_name="ingest_landing"
    )
    assert again.success and again.by_source == [] and again.unchanged == 116


def test_the_landing_sensor_asks_for_a_run_when_files_change(landing, warehouse):
    resource = LandingZone(path=str(landing), warehouse=str(warehouse))
    context = dg.build_sensor_context(resources={"landing": resource})
    first = landing_sensor(context)
    assert isinstance(first, dg.RunRequest)
    context = dg.build_sensor_context(cursor=first.run_key, resources={"landing": resource})
    assert isinstance(landing_sensor(context), dg.SkipReason)
    (landing / "feeds" / "heartbeats" / "heartbeats_20261102.jsonl").write_text(
        '{"system_id": "HT-101-0001", "sensor_id": "S1", "at": "2026-11-02T00:00:00Z"}\n'
    )
    context = dg.build_sensor_context(cursor=first.run_key, resources={"landing": resource})
    assert isinstance(landing_sensor(context), dg.RunRequest)


def test_attt_run_then_attt_files_accounts_for_every_row(landing, warehouse, monkeypatch):
    # The warehouse is given relative to where `attt run` is started, as a user types it: dbt's
    # target folder lies beside it, not under the dbt project, where dbt runs (found at national
    # scale: `dbt_project/<relative path>/dbt_target`).
    monkeypatch.chdir(warehouse.parent.parent)
    relative = warehouse.relative_to(warehouse.parent.parent)
    runner = CliRunner()

    def dbt_results_under_the_project() -> dict[Path, int]:
        # by what this run wrote, not by what a working copy may hold from earlier runs
        return {p: p.stat().st_mtime_ns for p in DBT_PROJECT_DIR.rglob("run_results.json")}

    before = dbt_results_under_the_project()
    result = runner.invoke(main, ["run", "--landing", str(landing), "--warehouse", str(relative)])
    assert result.exit_code == 0, result.output
    assert (warehouse.parent / "dbt_target" / "run_results.json").exists()
    assert dbt_results_under_the_project() == before
    # Vietnamese unless asked otherwise, the reasons too (finding: the summary was English only)
    assert "10 dòng bị tách riêng" in result.output and "set aside" not in result.output
    line = "dossiers/systems_20260930.csv, dòng 51, cột proposed_level: '7' nằm ngoài khoảng 1–5"
    assert line in result.output
    listed = runner.invoke(main, ["files", "--warehouse", str(warehouse), "--format", "csv"])
    assert listed.exit_code == 0, listed.output
    rows = list(csv.DictReader(io.StringIO(listed.output)))
    assert list(rows[0])[:7] == [
        "file",
        "source",
        "status",
        "rows_read",
        "rows_loaded",
        "rows_set_aside",
        "reason",
    ]
    assert len(rows) == 115
    for row in rows:
        assert int(row["rows_read"]) == int(row["rows_loaded"]) + int(row["rows_set_aside"])
    table = runner.invoke(main, ["files", "--warehouse", str(warehouse)])
    assert "tách riêng 10" in table.output
    english = runner.invoke(main, ["--lang", "en", "files", "--warehouse", str(warehouse)])
    assert "10 set aside" in english.output
    aside = runner.invoke(main, ["set-aside", "--warehouse", str(warehouse), "--format", "csv"])
    assert len(list(csv.DictReader(io.StringIO(aside.output)))) == 15  # reasons, not rows


def test_build_definitions_points_at_the_given_paths(tmp_path):
    built = build_definitions(warehouse=tmp_path / "w.duckdb", landing=tmp_path / "landing")
    assert built.resolve_job_def("ingest_landing") is not None
    assert built.resolve_job_def("pipeline") is not None


def test_attt_files_without_a_warehouse_says_what_to_do(tmp_path):
    result = CliRunner().invoke(main, ["files", "--warehouse", str(tmp_path / "none.duckdb")])
    assert result.exit_code != 0
    assert "hãy chạy `attt run` trước" in result.output
    english = ["--lang", "en", "files", "--warehouse", str(tmp_path / "none.duckdb")]
    assert "run `attt run` first" in CliRunner().invoke(main, english).output


def test_lineage_runs_from_the_landing_sources_to_the_marts():
    graph = defs.resolve_asset_graph()
    upstream = graph.get(dg.AssetKey(["staging", "stg_dossiers__systems"])).parent_keys
    assert dg.AssetKey(["raw", "systems"]) in upstream
    scores = dg.AssetKey(["marts", "fct_unit_month_scores"])
    seen, todo = set(), [scores]
    while todo:
        key = todo.pop()
        for parent in graph.get(key).parent_keys:
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    assert {dg.AssetKey(["raw", s.table]) for s in SOURCES} <= seen
    publish = graph.get(dg.AssetKey(["serving", "serving_copy"])).parent_keys
    assert scores in publish


def test_importing_the_dbt_modules_does_no_work():
    """Finding: orchestration/dbt_project.py edited PATH and orchestration/assets/dbt.py parsed
    the manifest on import. In a fresh interpreter, importing them leaves PATH as it was and
    makes neither the project nor the dbt assets (both are made on first use)."""
    import subprocess
    import sys

    probe = (
        "import os; before = os.environ['PATH']\n"
        "import orchestration.assets.dbt as assets, orchestration.dbt_project as project\n"
        "import orchestration.resources\n"
        "print(os.environ['PATH'] == before, project.dbt_project.cache_info().currsize,"
        " assets.dbt_model_assets.cache_info().currsize)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, env={**os.environ, "PATH": "/nonexistent"})  # fmt: skip
    assert out.stdout.split() == ["True", "0", "0"], out.stdout + out.stderr


def test_one_list_of_indicators_from_the_methodology_file():
    """Finding: the seven indicators were listed by hand in seven Python files. Python now reads
    them from dbt_project/methodology.yml; the scores mart's contract has a column for each, the
    exports and the ranking query follow that order, and each has its words in both languages."""
    import yaml

    from core.locations import REPO_ROOT
    from core.methodology import indicators
    from readside.exports import SCORE_COLUMNS
    from readside.i18n import INDICATORS, STRINGS
    from readside.queries import RANKING_COLUMNS

    names = indicators()
    assert len(names) == 7 and names == INDICATORS
    mart = yaml.safe_load((REPO_ROOT / "dbt_project/models/marts/fct_unit_month_scores.yml")
                          .read_text(encoding="utf-8"))["models"][0]  # fmt: skip
    assert set(names) <= {c["name"] for c in mart["columns"]}
    assert [c for c in SCORE_COLUMNS if c in names] == list(names)
    assert [c.strip() for c in RANKING_COLUMNS.split(",") if c.strip() in names] == list(names)
    assert all(name in STRINGS and f"about_{name}" in STRINGS for name in names)


def test_the_dbt_resource_knows_its_version_without_starting_dbt():
    """Issue 14: dagster-dbt ran `dbt --version` in a new process (3 s) and opened an adapter in
    this one (3 s) before every dbt command; the project's resource reads the version of the
    dbt-core installed beside it and opens no adapter (it asks for no row counts)."""
    import subprocess

    from dbt.version import __version__
    from packaging import version

    from orchestration.dbt_project import dbt_cli, dbt_executable

    resource = dbt_cli()
    assert resource._cli_version == version.parse(__version__)
    assert resource._initialize_dbt_core_adapter(["build"]) is None
    # and that is the version of the dbt the pipeline runs
    printed = subprocess.run([dbt_executable(), "--version"], capture_output=True, text=True)
    assert __version__ in printed.stdout


def test_great_expectations_is_preloaded_once_in_the_background():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from quality.validate import preload_great_expectations\n"
        "assert 'great_expectations' not in sys.modules\n"
        "thread = preload_great_expectations()\n"
        "assert preload_great_expectations() is thread\n"
        "thread.join()\n"
        "assert 'great_expectations' in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
