"""The oracle's one DuckDB connection: bounded memory, a temp directory to spill to, UTC."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import duckdb

from .rules import install_macros


class Db:
    """A DuckDB connection with the oracle's settings and a supply of fresh table names."""

    def __init__(self, memory_limit: str = "2GB", threads: int | None = None):
        self.tmp = Path(tempfile.mkdtemp(prefix="attt_oracle_"))
        self.con = duckdb.connect(":memory:")
        self.con.execute(f"SET memory_limit = '{memory_limit}'")
        self.con.execute(f"SET temp_directory = '{(self.tmp / 'spill').as_posix()}'")
        self.con.execute("SET preserve_insertion_order = false")
        self.con.execute("SET TimeZone = 'UTC'")
        self.con.execute("SET enable_progress_bar = false")
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        install_macros(self.con)
        self._n = 0

    def fresh(self, prefix: str = "t") -> str:
        """A table name not used before on this connection."""
        self._n += 1
        return f"{prefix}_{self._n}"

    def execute(self, sql: str, params=None):
        return self.con.execute(sql, params or [])

    def register(self, name: str, frame) -> None:
        """Make a pandas DataFrame readable as `name` (until `unregister`)."""
        self.con.register(name, frame)

    def unregister(self, name: str) -> None:
        self.con.unregister(name)

    def drop(self, *tables: str) -> None:
        for t in tables:
            self.con.execute(f"DROP TABLE IF EXISTS {t}")

    def close(self) -> None:
        self.con.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self) -> Db:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
