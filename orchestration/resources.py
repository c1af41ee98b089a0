"""The pipeline's Dagster resources: the warehouse (with the landing zone it reads and the
serving copy it publishes) and the dbt command line."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from dagster_dbt import DbtCliResource

from ingest import locations
from ingest.warehouse import connect
from orchestration.dbt_project import dbt_project


class Warehouse(dg.ConfigurableResource):
    """The DuckDB warehouse file (written only by the pipeline), the landing zone it reads and
    the serving copy it publishes."""

    database: str
    landing: str
    serving: str = ""
    quality_docs: str = ""

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


class ReportsFolder(dg.ConfigurableResource):
    """Where monthly reports are written: `<path>/YYYY-MM/bao-cao-attt-YYYY-MM.pdf|xlsx`."""

    path: str


def build_resources(
    warehouse: str | Path | None = None,
    landing: str | Path | None = None,
    serving: str | Path | None = None,
    reports: str | Path | None = None,
) -> dict[str, dg.ConfigurableResource]:
    """Resources for the given paths, or the defaults of `ingest.locations`."""
    database = locations.warehouse_path(warehouse)
    return {
        "reports": ReportsFolder(path=str(locations.reports_dir(reports))),
        "warehouse": Warehouse(
            database=str(database),
            landing=str(locations.landing_dir(landing)),
            serving=str(locations.serving_path(serving, database)),
            quality_docs=str(locations.quality_docs_dir(database)),
        ),
        "dbt": DbtCliResource(project_dir=dbt_project, profiles_dir=str(dbt_project.profiles_dir)),
    }
