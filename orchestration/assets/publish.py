"""Publishing: after a successful build, the marts are copied into a new DuckDB file that
replaces the serving copy by an atomic rename. The app and the reports open only the serving
copy, read-only, so they never hold the warehouse and keep working while the pipeline runs."""

import contextlib
import datetime as dt
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import duckdb

from core.duckdb_limits import connect as limited_connect
from core.whole_file import written_whole
from orchestration.build_state import inputs_fingerprint, record_published
from orchestration.descriptions import described
from orchestration.resources import Warehouse
from quality.freshness import write_freshness
from quality.status import month_status

PUBLISHED_SCHEMAS = ("marts", "quality")


def write_month_status(warehouse: Path, target: duckdb.DuckDBPyConnection) -> int:
    """Store every built month's publishable status (issue 4's rule, as of now) in the copy, so
    the app and the report read it without the raw layer."""
    source = limited_connect(warehouse, read_only=True)
    try:
        periods = [
            r[0]
            for r in source.execute(
                "SELECT DISTINCT period FROM marts.fct_unit_month_scores ORDER BY period"
            ).fetchall()
        ]
        statuses = [month_status(source, period) for period in periods]
    finally:
        source.close()
    target.execute(
        "CREATE TABLE quality.month_status (period VARCHAR PRIMARY KEY, publishable BOOLEAN, "
        "blocking_failures JSON, warnings JSON, stale_sources JSON, as_of TIMESTAMPTZ)"
    )
    for status in statuses:
        target.execute(
            "INSERT INTO quality.month_status VALUES (?, ?, ?, ?, ?, now())",
            [
                status["period"],
                status["publishable"],
                json.dumps(status["blocking_failures"], ensure_ascii=False),
                json.dumps(status["warnings"], ensure_ascii=False),
                json.dumps(status["stale_sources"], ensure_ascii=False),
            ],
        )
    return len(statuses)


def publish(warehouse: Path, serving: Path) -> dict[str, int]:
    """Copy the published schemas of the warehouse into `serving` atomically; returns the row
    count of every table copied."""
    serving.parent.mkdir(parents=True, exist_ok=True)
    copied: dict[str, int] = {}
    with _new_copy(serving) as con:
        con.execute("ATTACH ? AS warehouse (READ_ONLY)", [str(warehouse)])
        tables = con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = "
            "'warehouse' AND schema_name IN (SELECT unnest(?)) "
            # the incremental models' records of what they were built from stay behind
            "AND NOT suffix(table_name, '__days') ORDER BY ALL",
            [list(PUBLISHED_SCHEMAS)],
        ).fetchall()
        for schema in sorted({s for s, _ in tables}):
            con.execute(f'CREATE SCHEMA "{schema}"')
        for schema, table in tables:
            con.execute(
                f'CREATE TABLE "{schema}"."{table}" AS SELECT * FROM warehouse."{schema}"."{table}"'
            )
            copied[f"{schema}.{table}"] = con.execute(
                f'SELECT count(*) FROM "{schema}"."{table}"'
            ).fetchone()[0]
        con.execute("DETACH warehouse")
        copied["quality.month_status"] = write_month_status(warehouse, con)
    return copied


@contextlib.contextmanager
def _new_copy(serving: Path, start_from: Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A new serving copy written beside the old one (empty, or a copy of `start_from`): the
    connection to it, then, when the block ends without error, the file checkpointed, synced
    and renamed over `serving` in one step; on any error it is removed and `serving` is left
    as it was."""
    with written_whole(serving, tag=f"{os.getpid()}.tmp", sync=True) as staging:
        if start_from is not None:
            shutil.copyfile(start_from, staging)
        con = limited_connect(staging)
        try:
            yield con
            con.execute("CHECKPOINT")
        finally:
            con.close()


def published_as_of(serving: Path) -> dt.date | None:
    """The day (in Vietnam) the serving copy's freshness was judged on, if it has one."""
    if not serving.exists():
        return None
    con = limited_connect(serving, read_only=True)
    try:
        row = con.execute("SELECT max(as_of) FROM quality.source_freshness").fetchone()
    except duckdb.CatalogException:
        return None
    finally:
        con.close()
    return row[0] if row else None


def refresh_freshness(warehouse: Warehouse, as_of: dt.date) -> bool:
    """When a run skips the build (nothing new), judge freshness and each month's status again
    as of today, and replace those tables in the serving copy (a new copy, atomically renamed):
    a source that goes stale without sending anything is flagged the day it goes stale, not at
    the next publish. Nothing is done when the copy was judged today; True when it was
    refreshed."""
    serving, database = Path(warehouse.serving), Path(warehouse.database)
    if published_as_of(serving) == as_of:
        return False
    with warehouse.connect() as con:
        write_freshness(con, as_of)
    with _new_copy(serving, start_from=serving) as target:
        target.execute("ATTACH ? AS warehouse (READ_ONLY)", [str(database)])
        for table in ("source_freshness", "unit_feed_freshness"):
            target.execute(
                f"CREATE OR REPLACE TABLE quality.{table} AS "
                f"SELECT * FROM warehouse.quality.{table}"
            )
        target.execute("DETACH warehouse")
        target.execute("DROP TABLE IF EXISTS quality.month_status")
        write_month_status(database, target)
    return True


def serving_copy_asset(dbt_models: dg.AssetsDefinition) -> dg.AssetsDefinition:
    """The serving copy, downstream of every mart that dbt builds (read from its manifest, so
    a new mart is published without being named here) and of the freshness tables."""
    marts = sorted(
        (key for key in dbt_models.keys if key.path[0] == PUBLISHED_SCHEMAS[0]),
        key=lambda key: key.path,
    )

    @dg.asset(
        name="serving_copy",
        key_prefix=["serving"],
        group_name="publish",
        deps=[*marts, dg.AssetKey(["quality", "freshness"])],
        description=described(
            "Bản phục vụ đã công bố, chỉ đọc, gồm các bảng mart và kết quả kiểm tra chất lượng "
            "(data/serving/attt.duckdb), được thay bằng một lần đổi tên nguyên tử sau mỗi lần "
            "dựng thành công.",
            "The published read-only copy of the marts and the quality results "
            "(data/serving/attt.duckdb), replaced by an atomic rename after every successful "
            "build.",
        ),
        kinds={"duckdb"},
    )
    def serving_copy(
        context: dg.AssetExecutionContext, warehouse: Warehouse
    ) -> dg.MaterializeResult:
        copied = publish(Path(warehouse.database), Path(warehouse.serving))
        # what this copy was built from: a later run with the same inputs has nothing to do
        with warehouse.connect() as con:
            record_published(con, inputs_fingerprint(con), context.run.run_id)
        return dg.MaterializeResult(
            metadata={
                "path": dg.MetadataValue.path(warehouse.serving),
                "tables": dg.MetadataValue.json(copied),
            }
        )

    return serving_copy
