"""Run the quality checks with Great Expectations and keep their results in the warehouse.

Each check's dataframe is read from DuckDB and validated batch by batch (a landing file or a
month). Every expectation's result for every batch becomes a row of `quality.check_results`
(suite, check, expectation, batch, observed value, success, severity, run id, time), and, when a
docs folder is given, GX's Data Docs are rebuilt there as static HTML.

A batch whose rows and check are the same as when the check last ran keeps that result without
being validated again (its rows are stored again under this run): a run re-validates only the
new batches and those that changed, so a day's new files cost their own checks, not the
history's. Great Expectations is imported only when a batch is validated or the Data Docs are
built: a run whose batches are all kept never loads it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from quality.suites import BLOCKING, Check

RESULTS_DDL = """
CREATE SCHEMA IF NOT EXISTS quality;
CREATE TABLE IF NOT EXISTS quality.check_results (
    suite       VARCHAR NOT NULL,
    check_name  VARCHAR NOT NULL,
    expectation VARCHAR NOT NULL,
    batch       VARCHAR NOT NULL,   -- file:<landing path> or month:YYYY-MM
    observed    VARCHAR,            -- JSON: the observed value or the unexpected values
    success     BOOLEAN NOT NULL,
    severity    VARCHAR NOT NULL,   -- blocking | warning
    run_id      VARCHAR,
    checked_at  TIMESTAMPTZ NOT NULL,
    batch_hash  VARCHAR             -- the check's definition and the batch's rows, hashed
);
ALTER TABLE quality.check_results ADD COLUMN IF NOT EXISTS batch_hash VARCHAR;
-- kept from the check's last run (same check, same rows) rather than validated by this run
ALTER TABLE quality.check_results ADD COLUMN IF NOT EXISTS reused BOOLEAN;
"""

# GX reports its progress with bars; the pipeline's log is the place for results.
logging.getLogger("great_expectations").setLevel(logging.WARNING)


@dataclass
class Outcome:
    check: Check
    batch: str
    expectation: str
    success: bool
    observed: dict
    batch_hash: str = ""
    reused: bool = False  # kept from the check's last run: same check, same rows


@cache
def preload_great_expectations() -> threading.Thread:
    """Import Great Expectations in a background thread, once per process, and return the
    thread. Its import takes seconds of Python (7 s without compiled bytecode); started when a
    run takes in a new file or starts dbt, it runs while the main thread waits on DuckDB or on
    dbt's process, and is done, or nearly, when a check first validates a batch (issue 14). An
    import that fails here fails again, with its error, where the checks import it."""

    def _import() -> None:
        with contextlib.suppress(Exception):
            import great_expectations  # noqa: F401

    thread = threading.Thread(target=_import, name="preload-great-expectations", daemon=True)
    thread.start()
    return thread


def _quiet(context):
    """No progress bar per validation: hundreds of them would bury what a run prints."""
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


def _great_expectations():
    """Great Expectations, once its import in the background (if one was started) is over: two
    threads importing it at once can each find the other's modules half made (found in the test
    suite once a blocking check ran right after its source's step had started the preload:
    `sqlalchemy.orm.exc` had no `UnmappedClassError` yet)."""
    preload_great_expectations().join()
    import great_expectations

    return great_expectations


@cache
def _context(docs_dir: str | None):
    gx = _great_expectations()

    if docs_dir is None:
        return _quiet(gx.get_context(mode="ephemeral"))
    root = Path(docs_dir).parent / "gx"
    context = _quiet(gx.get_context(mode="file", project_root_dir=str(root)))
    if "attt" not in context.get_site_names():
        context.add_data_docs_site(
            site_name="attt",
            site_config={
                "class_name": "SiteBuilder",
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str(docs_dir),
                },
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            },
        )
    return context


def _validation(context, check: Check):
    gx = _great_expectations()

    name = f"{check.suite}.{check.name}"
    try:
        source = context.data_sources.get("warehouse")
    except (KeyError, ValueError):
        source = context.data_sources.add_pandas("warehouse")
    try:
        asset = source.get_asset(name)
    except (LookupError, ValueError):
        asset = source.add_dataframe_asset(name)
    try:
        batch = asset.get_batch_definition("batch")
    except (KeyError, ValueError):
        batch = asset.add_batch_definition_whole_dataframe("batch")
    # a suite or validation left from an earlier run is replaced: the checks may have changed
    with contextlib.suppress(Exception):
        context.suites.delete(name)
    suite = context.suites.add(gx.ExpectationSuite(name=name, expectations=check.expectations()))
    with contextlib.suppress(Exception):
        context.validation_definitions.delete(name)
    return context.validation_definitions.add(
        gx.ValidationDefinition(name=name, data=batch, suite=suite)
    )


def _observed(result: dict, expected: dict) -> dict:
    """What the expectation saw, and the range it allowed when it has one: a reader told only
    "0.1312" cannot tell what was usual (found on the botnet volume check)."""
    keys = ("observed_value", "element_count", "unexpected_count", "partial_unexpected_list")
    observed = {k: result[k] for k in keys if k in result and result[k] not in (None, [])}
    if expected.get("min_value") is not None or expected.get("max_value") is not None:
        observed["expected_range"] = [expected.get("min_value"), expected.get("max_value")]
    return observed


def _definition_hash(check: Check) -> str:
    """What the check is: its query, severity and expectations (a changed check re-validates)."""
    text = json.dumps([check.query, check.severity, repr(check.expectations)], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def _batch_hash(definition: str, data: pd.DataFrame) -> str:
    digest = hashlib.sha256(definition.encode())
    digest.update(json.dumps([str(c) for c in data.columns]).encode())
    # The rows as a set, whatever order the query gave them in: a query without ORDER BY (a
    # DISTINCT, a join) returns the same rows in another order from run to run, which made
    # most batches look changed and be validated again (found at national scale).
    rows = pd.util.hash_pandas_object(data, index=False).to_numpy()
    rows.sort()
    digest.update(rows.tobytes())
    return digest.hexdigest()


def _previous(con: duckdb.DuckDBPyConnection, check: Check) -> dict[str, list[Outcome]]:
    """The outcomes of the check's last run, by batch hash."""
    rows = con.execute(
        "SELECT batch, expectation, success, observed, batch_hash FROM quality.check_results "
        "WHERE suite = ? AND check_name = ? AND batch_hash IS NOT NULL "
        "QUALIFY checked_at = max(checked_at) OVER ()",
        [check.suite, check.name],
    ).fetchall()
    kept: dict[str, list[Outcome]] = {}
    for batch, expectation, success, observed, digest in rows:
        outcome = Outcome(check, batch, expectation, success, json.loads(observed or "{}"),
                          digest, reused=True)  # fmt: skip
        kept.setdefault(digest, []).append(outcome)
    return kept


def run_checks(
    con: duckdb.DuckDBPyConnection,
    checks: tuple[Check, ...],
    run_id: str | None = None,
    docs_dir: Path | None = None,
) -> list[Outcome]:
    """Validate every new or changed batch of every check, keep the last result of the others,
    and store them all under this run (and, with a docs folder, the validations that the Data
    Docs are built from)."""
    con.execute(RESULTS_DDL)
    outcomes: list[Outcome] = []
    for check in checks:
        frame = con.execute(check.query).df()
        if frame.empty:
            continue
        definition = _definition_hash(check)
        previous = _previous(con, check)
        validation = None
        for batch, part in frame.groupby("batch", sort=True):
            data = part.drop(columns="batch").reset_index(drop=True)
            digest = _batch_hash(definition, data)
            kept = [o for o in previous.get(digest, []) if o.batch == str(batch)]
            if kept:
                outcomes.extend(kept)
                continue
            if validation is None:
                gx = _great_expectations()
                context = _context(str(docs_dir) if docs_dir else None)
                validation = _validation(context, check)
            result = validation.run(
                batch_parameters={"dataframe": data},
                result_format="SUMMARY",
                # GX's file store takes no '/' in a key
                run_id=gx.core.run_identifier.RunIdentifier(
                    run_name=f"{run_id or 'manual'} {batch}".replace("/", "|")
                ),
            )
            for item in result.results:
                outcomes.append(
                    Outcome(
                        check,
                        str(batch),
                        item.expectation_config.type,
                        bool(item.success),
                        _observed(item.result, item.expectation_config.kwargs),
                        digest,
                    )
                )
    now = dt.datetime.now(dt.UTC)
    rows = [
        (
            o.check.suite,
            o.check.name,
            o.expectation,
            o.batch,
            json.dumps(o.observed, default=str, ensure_ascii=False),
            o.success,
            o.check.severity,
            run_id,
            now,
            o.batch_hash,
            o.reused,
        )
        for o in outcomes
    ]
    if rows:
        con.executemany(
            "INSERT INTO quality.check_results (suite, check_name, expectation, batch, observed, "
            "success, severity, run_id, checked_at, batch_hash, reused) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    return outcomes


def build_data_docs(docs_dir: Path, run_id: str | None = None) -> Path:
    """Rebuild GX's Data Docs (static HTML) from the validations stored by `run_checks`: with
    a run id, only the pages of that run's validations and their suites, and the index (the
    site exists already); otherwise every page. Rendering every page again on every run made
    its cost grow with the validations kept."""
    context = _context(str(docs_dir))
    index = Path(docs_dir) / "index.html"
    identifiers = None
    if run_id is not None and index.exists():
        from great_expectations.data_context.types.resource_identifiers import (
            ExpectationSuiteIdentifier,
        )

        prefix = f"{run_id} "
        results = [
            key
            for key in context.validation_results_store.list_keys()
            if (key.run_id.run_name or "").startswith(prefix)
        ]
        if not results:
            return index
        suites = {key.expectation_suite_identifier.name for key in results}
        identifiers = [*results, *(ExpectationSuiteIdentifier(name) for name in sorted(suites))]
    # only the project's site: GX's default local site would render every page a second time
    context.build_data_docs(site_names=["attt"], resource_identifiers=identifiers)
    return index


def validated_in_run(con: duckdb.DuckDBPyConnection, run_id: str) -> bool:
    """Whether a run validated any batch itself (rather than keeping every earlier result):
    only then have the Data Docs anything new to show."""
    con.execute(RESULTS_DDL)
    return bool(
        con.execute(
            "SELECT count(*) FROM quality.check_results WHERE run_id = ? "
            "AND reused IS DISTINCT FROM true",
            [run_id],
        ).fetchone()[0]
    )


def failed(outcomes: list[Outcome], severity: str = BLOCKING) -> list[Outcome]:
    return [o for o in outcomes if not o.success and o.check.severity == severity]
