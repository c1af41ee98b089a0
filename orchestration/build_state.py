"""Whether the published build is up to date: a fingerprint of everything a build reads.

A build (dbt's models and tests, the checks, freshness, the serving copy) is a pure function of
the ledger's current files, the dbt project with its methodology file, and the code that checks
and publishes. After every successful publish the pipeline records the fingerprint of those
inputs (`raw.build_state`); a later run whose inputs have the same fingerprint (nothing new
landed, nothing corrected, no code changed) skips the build and leaves the serving copy as it
is. A run killed before publishing records nothing, so the next one builds again.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

from core import locations

# What a build reads besides the ledger: the dbt project and the Python that checks, publishes
# and decides what a file holds.
BUILD_CODE = (
    "dbt_project/models",
    "dbt_project/macros",
    "dbt_project/tests",
    "dbt_project/dbt_project.yml",
    "dbt_project/packages.yml",
    "dbt_project/methodology.yml",
    "sources",
    "ingest",
    "quality",
    "orchestration",
)

BUILD_STATE_DDL = """
CREATE TABLE IF NOT EXISTS raw.build_state (
    fingerprint  VARCHAR NOT NULL,
    published_at TIMESTAMPTZ NOT NULL,
    run_id       VARCHAR
)
"""


def _code_files(root: Path) -> list[Path]:
    files: list[Path] = []
    for name in BUILD_CODE:
        path = root / name
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            files.extend(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return sorted(files)


def inputs_fingerprint(con: duckdb.DuckDBPyConnection, root: Path | None = None) -> str:
    """The fingerprint of a build's inputs: every ledger row (a new file, a new version, a
    rejection, a re-check all add or change one) and every file of the build's code."""
    root = root or locations.REPO_ROOT
    digest = hashlib.sha256()
    ledger = con.execute(
        "SELECT count(*), coalesce(max(file_id), 0), "
        "coalesce(bit_xor(hash(file_id, outcome, coalesce(superseded_by, -1), content_hash)), 0) "
        "FROM raw.ledger"
    ).fetchone()
    digest.update(repr(ledger).encode())
    for path in _code_files(root):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def last_published(con: duckdb.DuckDBPyConnection) -> str | None:
    """The fingerprint of the inputs of the last successful publish, if any."""
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'raw' "
        "AND table_name = 'build_state'"
    ).fetchone()[0]
    if not exists:
        return None
    row = con.execute(
        "SELECT fingerprint FROM raw.build_state ORDER BY published_at DESC LIMIT 1"
    ).fetchone()
    return row[0] if row else None


def record_published(con: duckdb.DuckDBPyConnection, fingerprint: str, run_id: str) -> None:
    con.execute(BUILD_STATE_DDL)
    con.execute("INSERT INTO raw.build_state VALUES (?, now(), ?)", [fingerprint, run_id])


def is_up_to_date(con: duckdb.DuckDBPyConnection, serving: Path) -> bool:
    """True when the serving copy exists and was published from exactly these inputs."""
    return serving.exists() and last_published(con) == inputs_fingerprint(con)
