"""The limits every DuckDB connection of the project runs under, and the one way to open one.

A process of the pipeline must stay within 2 GiB at national scale, so DuckDB is told how much
memory it may hold (`memory_limit`) and how many threads it may run, and spills to disk beyond
that instead of growing. The settings come from the environment (`ATTT_DUCKDB_MEMORY_LIMIT`,
`ATTT_DUCKDB_THREADS`) with the defaults below; dbt's profile (`dbt_project/profiles.yml`)
reads the same variables with the same defaults (a test keeps them equal). A file-backed
database spills into `<file>.tmp` beside it (DuckDB's default, which the leftovers sweep knows);
an in-memory one into a folder of the system's temporary directory.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import duckdb

# DuckDB's own buffers; the Python process around it (pandas frames, Dagster, dbt's parser) needs
# the rest of the 2 GiB.
DEFAULT_MEMORY_LIMIT = "1GB"
DEFAULT_THREADS = 2


def memory_limit() -> str:
    return os.environ.get("ATTT_DUCKDB_MEMORY_LIMIT", DEFAULT_MEMORY_LIMIT)


def threads() -> int:
    return int(os.environ.get("ATTT_DUCKDB_THREADS", DEFAULT_THREADS))


def settings(database: str) -> dict[str, str | int]:
    """The configuration of a connection to `database` (a path, or ':memory:')."""
    config: dict[str, str | int] = {"memory_limit": memory_limit(), "threads": threads()}
    if database == ":memory:":
        spill = Path(tempfile.gettempdir()) / f"attt-duckdb-spill-{os.getpid()}"
        config["temp_directory"] = str(spill)
    return config


def connect(
    database: str | Path = ":memory:", read_only: bool = False
) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection under the project's limits (every module opens DuckDB through here)."""
    name = str(database)
    return duckdb.connect(name, read_only=read_only, config=settings(name))
