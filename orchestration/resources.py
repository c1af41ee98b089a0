"""The pipeline's Dagster resources: where the landing zone and the warehouse are."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from ingest import locations
from ingest.warehouse import connect


class Warehouse(dg.ConfigurableResource):
    """The DuckDB warehouse file (written only by the pipeline) and the landing zone it reads."""

    database: str
    landing: str

    @property
    def landing_dir(self) -> Path:
        return Path(self.landing)

    @contextmanager
    def connect(self) -> duckdb.DuckDBPyConnection:
        con = connect(Path(self.database))
        try:
            yield con
        finally:
            con.close()


def build_resources(
    warehouse: str | Path | None = None, landing: str | Path | None = None
) -> dict[str, dg.ConfigurableResource]:
    """Resources for the given paths, or the defaults of `ingest.locations`."""
    return {
        "warehouse": Warehouse(
            database=str(locations.warehouse_path(warehouse)),
            landing=str(locations.landing_dir(landing)),
        )
    }
