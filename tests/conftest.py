"""Shared fixtures: the sample landing zone (a copy per test, so tests may add files to it) and
a fresh warehouse file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.pipeline import ingest_landing
from ingest.warehouse import connect

DATA = Path(__file__).parent / "data"
SAMPLE_LANDING = DATA / "sample_landing"


@pytest.fixture
def landing(tmp_path: Path) -> Path:
    target = tmp_path / "landing"
    shutil.copytree(SAMPLE_LANDING, target)
    return target


@pytest.fixture
def empty_landing(tmp_path: Path) -> Path:
    target = tmp_path / "landing"
    (target / "reference").mkdir(parents=True)
    for name in ("agencies", "requirements"):
        shutil.copy(SAMPLE_LANDING / "reference" / f"{name}.csv", target / "reference")
    return target


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    return tmp_path / "warehouse" / "attt.duckdb"


@pytest.fixture(scope="session")
def sample_ingested(tmp_path_factory):
    """The sample landing zone taken in once, for tests that only read the result."""
    root = tmp_path_factory.mktemp("sample")
    target = root / "landing"
    shutil.copytree(SAMPLE_LANDING, target)
    con = connect(root / "attt.duckdb")
    outcomes = ingest_landing(con, target)
    yield outcomes, con, target
    con.close()


@pytest.fixture
def ingest(warehouse: Path):
    """Take a landing zone into the warehouse; returns the outcomes and an open connection."""
    opened = []

    def _ingest(landing: Path):
        con = connect(warehouse)
        opened.append(con)
        return ingest_landing(con, landing), con

    yield _ingest
    for con in opened:
        con.close()


@pytest.fixture(scope="session")
def published_sample(tmp_path_factory):
    """The sample taken through the whole pipeline once: its warehouse and published serving
    copy, for the app's tests (which only read the copy). Returns (warehouse, serving)."""
    import dagster as dg

    from orchestration.runner import run_pipeline

    root = tmp_path_factory.mktemp("published")
    landing = root / "landing"
    shutil.copytree(SAMPLE_LANDING, landing)
    warehouse = root / "warehouse" / "attt.duckdb"
    serving = root / "warehouse" / "serving" / "attt.duckdb"
    report = run_pipeline(
        warehouse=warehouse,
        landing=landing,
        serving=serving,
        instance=dg.DagsterInstance.ephemeral(),
        job_name="pipeline",
    )
    assert report.success and report.published, report.render()
    return warehouse, serving
