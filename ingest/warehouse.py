"""The warehouse's raw layer: opening the DuckDB file, its schema, and the address functions.

The raw layer is schema `raw`: one typed table per source (every row carries the `file_id` of
its ledger entry and its `source_row`), the ledger of landing files, and the set-aside rows.
Timestamps are TIMESTAMPTZ and the session time zone is UTC, so an instant is stored as that
instant whatever offset it arrived with.
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
from pathlib import Path

import duckdb
from duckdb.sqltypes import VARCHAR

from core.duckdb_limits import connect as limited_connect
from sources import SOURCES, SQL_TYPES, Source

LEDGER_DDL = """
CREATE TABLE IF NOT EXISTS raw.ledger (
    file_id        BIGINT PRIMARY KEY,
    path           VARCHAR NOT NULL,   -- relative to the landing zone, with / separators
    source         VARCHAR,            -- NULL when the name says no known kind of file
    content_hash   VARCHAR NOT NULL,   -- sha256 of the file's bytes
    size_bytes     BIGINT NOT NULL,
    file_date      DATE,               -- the export's, report's or scan's date from the name
    file_time      TIMESTAMPTZ,        -- the scan time from a pshtt file name
    outcome        VARCHAR NOT NULL,   -- loaded | rejected
    rows_read      BIGINT,
    rows_loaded    BIGINT NOT NULL,
    rows_set_aside BIGINT,
    reason         VARCHAR,
    extra_columns  VARCHAR[],
    layout         VARCHAR,
    ingested_at    TIMESTAMPTZ NOT NULL,
    superseded_by  BIGINT,             -- the later version of the same path, if any
    run_id         VARCHAR,
    checked_against VARCHAR,           -- JSON: the reference-list versions its codes were checked
                                       -- against ({"agencies": file_id})
    rechecked_from BIGINT,             -- the version this one took in again (new lists or
                                       -- a new contract version)
    contract_version VARCHAR,          -- the landing-zone contract it was checked under
    file_stat      VARCHAR,            -- size:mtime_ns:ctime_ns:inode when last hashed: the
                                       -- same again means the bytes were not touched since
    pipeline_fault BOOLEAN             -- rejected for a fault of the pipeline, not of the file:
                                       -- a run takes it in again until it loads
)
"""

SET_ASIDE_DDL = """
CREATE TABLE IF NOT EXISTS raw.set_aside (
    file_id     BIGINT NOT NULL,
    path        VARCHAR NOT NULL,
    source      VARCHAR,
    source_row  BIGINT,     -- NULL for a rejection of the whole file
    column_name VARCHAR,
    rule        VARCHAR NOT NULL,
    reason      VARCHAR NOT NULL,
    value       VARCHAR,
    record      VARCHAR     -- the row's cells as JSON, for the reviewer
)
"""

VIEWS = """
CREATE OR REPLACE VIEW raw.files AS
SELECT *,
       CASE WHEN superseded_by IS NOT NULL THEN 'superseded' ELSE outcome END AS status,
       superseded_by IS NULL AS is_current
FROM raw.ledger;

CREATE OR REPLACE VIEW raw.current_files AS
SELECT * FROM raw.ledger WHERE superseded_by IS NULL AND outcome = 'loaded';
"""

CIDR_STRUCT = duckdb.struct_type(
    {
        "ip_version": "TINYINT",
        "prefix_length": "SMALLINT",
        "network_start": "UHUGEINT",
        "network_end": "UHUGEINT",
        "error": "VARCHAR",
    }
)


def raw_table_ddl(source: Source) -> str:
    columns = ["file_id BIGINT NOT NULL", "source_row BIGINT NOT NULL"]
    columns += [f'"{c.target}" {SQL_TYPES[c.kind]}' for c in source.columns]
    columns += [f'"{name}" {sql_type}' for name, sql_type in source.extra_raw_columns]
    if source.keep_extra_columns:
        columns.append("extra JSON")
    return (
        f"CREATE TABLE IF NOT EXISTS raw.{source.table} (\n    " + ",\n    ".join(columns) + "\n)"
    )


def _cidr_parse(text: str | None) -> dict | None:
    if text is None:
        return None
    failed = dict.fromkeys(("ip_version", "prefix_length", "network_start", "network_end"))
    try:
        network = ipaddress.ip_network(text.strip(), strict=True)
    except ValueError as exc:
        message = str(exc)
        if "host bits set" in message:
            message = "host bits are set: the address is not the start of its network"
        elif "does not appear to be" in message:
            message = "not an IPv4 or IPv6 network in CIDR form"
        return {**failed, "error": message}
    if "/" not in text:
        return {**failed, "error": "no prefix length: write the network as address/prefix"}
    return {
        "ip_version": network.version,
        "prefix_length": network.prefixlen,
        "network_start": int(network.network_address),
        "network_end": int(network.broadcast_address),
        "error": None,
    }


def _ipv6_number(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(ipaddress.IPv6Address(text))
    except ValueError:
        return None


def register_functions(con: duckdb.DuckDBPyConnection) -> None:
    """Address parsing that DuckDB's bundled extensions lack (inet downloads at run time).
    IPv4 is handled in SQL; these run only on network specs and on IPv6 addresses."""
    con.create_function(
        "cidr_parse",
        _cidr_parse,
        [VARCHAR],
        CIDR_STRUCT,
        null_handling="special",
        side_effects=False,
    )
    con.create_function(
        "ipv6_number",
        _ipv6_number,
        [VARCHAR],
        "UHUGEINT",
        null_handling="special",
        side_effects=False,
    )


def _set_session(con: duckdb.DuckDBPyConnection) -> None:
    """What each connection to the warehouse sets for its own session."""
    con.execute("SET TimeZone = 'UTC'")


def connect(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse (creating its folder and the raw schema when writing)."""
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    con = limited_connect(path, read_only=read_only)
    _set_session(con)
    if not read_only:
        ensure_schema(con)
    register_functions(con)
    return con


def worker_connection(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """Another connection to the warehouse `con` is open on, for another thread, with the
    session settings `connect` gives its own (the address functions are the database's
    already)."""
    cursor = con.cursor()
    _set_session(cursor)
    return cursor


@functools.cache
def schema_signature() -> str:
    """A digest of every statement that makes the raw layer: a warehouse that recorded this
    digest has the schema of this version of the code."""
    statements = [LEDGER_DDL, SET_ASIDE_DDL, VIEWS, *(raw_table_ddl(s) for s in SOURCES)]
    return hashlib.sha256("\0".join(statements).encode()).hexdigest()


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Make the raw layer, or bring a warehouse of an earlier version up to this one. A
    warehouse that already has this version's schema is left untouched after one query: every
    step of a run opens the warehouse (found at national scale, issue 14: 30 ms of DDL per
    connection, 1 s of each run)."""
    try:
        recorded = con.execute("SELECT signature FROM raw.schema_version").fetchall()
    except duckdb.CatalogException:
        recorded = []
    if recorded == [(schema_signature(),)]:
        return
    con.execute("CREATE SCHEMA IF NOT EXISTS raw")
    con.execute("CREATE SEQUENCE IF NOT EXISTS raw.file_id_seq START 1")
    con.execute(LEDGER_DDL)
    con.execute(SET_ASIDE_DDL)
    for source in SOURCES:
        con.execute(raw_table_ddl(source))
    _add_missing_columns(con)
    con.execute(VIEWS)
    con.execute("CREATE OR REPLACE TABLE raw.schema_version AS SELECT ? AS signature",
                [schema_signature()])  # fmt: skip


def _add_missing_columns(con: duckdb.DuckDBPyConnection) -> None:
    """A warehouse made by an earlier version gains the columns added since (NULL in its rows)."""
    ddls = {"ledger": LEDGER_DDL} | {s.table: raw_table_ddl(s) for s in SOURCES}
    for table, ddl in ddls.items():
        have = {
            r[0]
            for r in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'raw' "
                "AND table_name = ?",
                [table],
            ).fetchall()
        }
        body = ddl[ddl.index("(") + 1 : ddl.rindex(")")]
        for line in body.splitlines():
            definition = line.split("--")[0].strip().rstrip(",")
            if not definition:
                continue
            name = definition.split()[0].strip('"')
            if name not in have and "NOT NULL" not in definition and "PRIMARY" not in definition:
                con.execute(f"ALTER TABLE raw.{table} ADD COLUMN {definition}")
