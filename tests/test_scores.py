"""Scores of methodology v1 on the sample landing zone: the pipeline (ingest, dbt build with its
tests, publish) reproduces the independently computed expected scores, two runs give
byte-identical exports, and the dbt unit tests of every formula pass."""

from __future__ import annotations

import csv
import io
import json
import math
import shutil
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from cli.main import main
from orchestration.dbt_project import dbt_cli, dbt_vars
from orchestration.runner import run_pipeline
from readside.exports import SCORE_COLUMNS, export_csv
from tests.conftest import DATA, SAMPLE_LANDING

EXPECTED = DATA / "expected_scores.csv"
PERIODS = ["2026-07", "2026-08", "2026-09", "2026-10"]
EXACT = {"period", "unit_code", "unit_name", "peer_group", "rank", "grade", "rank_change"}


def build(root: Path) -> tuple[Path, object]:
    landing = root / "landing"
    shutil.copytree(SAMPLE_LANDING, landing)
    warehouse = root / "warehouse" / "attt.duckdb"
    report = run_pipeline(warehouse=warehouse, landing=landing)
    return warehouse, report


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory) -> tuple[Path, object]:
    return build(tmp_path_factory.mktemp("scores"))


def test_the_pipeline_builds_tests_and_publishes(sample_build):
    warehouse, report = sample_build
    assert report.success, report.render()
    assert report.models_built >= 30
    assert report.checks_passed > 20 and report.checks_failed == []
    assert report.published and report.serving.exists()
    con = duckdb.connect(str(report.serving), read_only=True)
    schemas = {
        r[0] for r in con.execute("SELECT DISTINCT schema_name FROM duckdb_tables()").fetchall()
    }
    # the serving copy holds the marts and the quality results, not the raw layer
    assert schemas == {"marts", "quality"}
    assert con.execute("SELECT count(*) FROM marts.fct_unit_month_scores").fetchone()[0] > 0
    con.close()


def test_the_pipeline_build_runs_the_data_tests_not_the_unit_tests(sample_build):
    # dbt's unit tests check code against fixed inputs: the test suite runs them (below), the
    # warehouse's builds do not (issue 14: 15 of a day's 155 nodes at national scale)
    warehouse, _ = sample_build
    results = json.loads((warehouse.parent / "dbt_target" / "run_results.json").read_text())
    kinds = {r["unique_id"].split(".")[0] for r in results["results"]}
    assert {"model", "test"} <= kinds
    assert "unit_test" not in kinds


def test_sample_scores_equal_the_expected_scores(sample_build):
    warehouse, _ = sample_build
    got = list(csv.DictReader(io.StringIO(export_csv(warehouse, "scores", PERIODS))))
    with open(EXPECTED, encoding="utf-8") as handle:
        expected = list(csv.DictReader(handle))
    assert list(got[0])[:17] == list(SCORE_COLUMNS)
    assert list(expected[0]) == list(SCORE_COLUMNS)
    key = lambda row: (row["period"], row["unit_code"])  # noqa: E731
    assert sorted(map(key, got)) == sorted(map(key, expected))
    by_key = {key(row): row for row in got}
    for want in expected:
        have = by_key[key(want)]
        for column in SCORE_COLUMNS:
            a, b = want[column], have[column]
            if column == "ranked":
                assert a.lower() == b, (key(want), column, a, b)
            elif column in EXACT or a == "" or b == "":
                assert a == b, (key(want), column, a, b)
            else:
                assert math.isclose(float(a), float(b), rel_tol=1e-9), (key(want), column, a, b)


def test_two_runs_give_byte_identical_exports(sample_build, tmp_path):
    first, _ = sample_build
    second, report = build(tmp_path)
    assert report.success
    for what in ("scores", "gaps", "kpis"):
        assert export_csv(first, what) == export_csv(second, what), what


def test_attt_export_writes_the_csv(sample_build, tmp_path):
    warehouse, _ = sample_build
    out = tmp_path / "scores.csv"
    args = [
        "export",
        "scores",
        "--period",
        "2026-10",
        "--out",
        str(out),
        "--warehouse",
        str(warehouse),
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert f"đã ghi {out} (15 dòng)" in result.output
    # written a batch of rows at a time, the same bytes as the text export
    assert out.read_bytes() == export_csv(warehouse, "scores", ["2026-10"]).encode("utf-8")
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {r["period"] for r in rows} == {"2026-10"} and len(rows) == 15
    assert rows[0]["ranked"] in ("true", "false")
    bad = CliRunner().invoke(
        main, ["export", "scores", "--period", "2025-01", "--warehouse", str(warehouse)]
    )
    assert bad.exit_code != 0 and "các tháng hiện có: 2026-06, 2026-07" in bad.output
    english = CliRunner().invoke(main, ["--lang", "en", "export", "scores", "--period",
                                        "2025-01", "--warehouse", str(warehouse)])  # fmt: skip
    assert english.exit_code != 0 and "months available: 2026-06, 2026-07" in english.output
    # a failed export leaves the file it was to replace as it was, and nothing beside it
    before = out.read_bytes()
    bad = CliRunner().invoke(main, [*args[:3], "2025-01", *args[4:]])
    assert bad.exit_code != 0 and "các tháng hiện có" in bad.output
    assert out.read_bytes() == before and sorted(tmp_path.iterdir()) == [out]


def test_dbt_unit_tests_of_every_formula_pass(sample_build, tmp_path):
    warehouse, _ = sample_build
    copy = tmp_path / "attt.duckdb"
    shutil.copy(warehouse, copy)
    dbt = dbt_cli()
    invocation = dbt.cli(
        ["test", "--select", "test_type:unit", "--vars", dbt_vars(copy)], raise_on_error=False
    )
    invocation.wait()
    results = json.loads((invocation.target_path / "run_results.json").read_text())["results"]
    statuses = {r["unique_id"].split(".")[-1]: r["status"] for r in results}
    assert len(statuses) >= 14
    assert set(statuses.values()) == {"pass"}, statuses
    for name in (
        "the_seven_indicator_formulas",
        "composite_coverage_rank_grade_and_rank_change",
        "warning_lifecycle_edge_cases",
    ):
        assert name in statuses
