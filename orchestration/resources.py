"""The pipeline's Dagster resources: the warehouse (with the landing zone it reads and the
serving copy it publishes), the landing zone as the sensor sees it, the serving copy as the
report reads it, the reports folder and the dbt command line.

A run that uses the warehouse holds its lock for the whole run (`orchestration.run_lock`): a
second run is refused at once, and the first thing a run does is remove what a killed run left.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from core import locations
from ingest.warehouse import connect
from orchestration.dbt_project import dbt_cli
from orchestration.leftovers import remove_leftovers
from orchestration.run_lock import hold_warehouse


class Warehouse(dg.ConfigurableResource):
    """The DuckDB warehouse file (written only by the pipeline), the landing zone it reads and
    the serving copy it publishes."""

    database: str
    landing: str
    serving: str = ""
    quality_docs: str = ""
    reports: str = ""

    @property
    def landing_dir(self) -> Path:
        return Path(self.landing)

    @property
    def logs_dir(self) -> Path:
        return Path(self.database).parent / "logs"

    @contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext):
        run_id = context.run.run_id if context.run else None
        with hold_warehouse(Path(self.database), run_id) as start:
            if start.first:  # `attt run` took the lock and tidied up before the job started
                removed = remove_leftovers(
                    Path(self.database),
                    Path(self.serving),
                    Path(self.reports) if self.reports else None,
                    self.logs_dir,
                )
                if context.log and start.previous_interrupted:
                    context.log.warning(
                        "Lần chạy trước chưa kết thúc (bị dừng giữa chừng): lần chạy này làm "
                        "lại phần việc đó. / The previous run did not finish (it was killed "
                        "part-way): this run redoes its work."
                    )
                if context.log and removed:
                    context.log.info(
                        "Đã xóa những gì các lần chạy trước để lại / Removed what earlier runs "
                        "left: " + ", ".join(removed)
                    )
            yield self

    @contextmanager
    def connect(self) -> duckdb.DuckDBPyConnection:
        con = connect(Path(self.database))
        try:
            yield con
        finally:
            con.close()


class LandingZone(dg.ConfigurableResource):
    """The landing zone as the sensor watches it, with the warehouse whose lock says whether a
    run is under way (the sensor never takes the lock)."""

    path: str
    warehouse: str

    @property
    def landing_dir(self) -> Path:
        return Path(self.path)


class ServingCopy(dg.ConfigurableResource):
    """The published serving copy the report reads, and the warehouse it was published from
    (whose latest checks the scheduled report also asks, when no run holds it)."""

    path: str
    warehouse: str = ""


class ReportsFolder(dg.ConfigurableResource):
    """Where monthly reports are written: `<path>/YYYY-MM/bao-cao-attt-YYYY-MM.pdf|xlsx`."""

    path: str


def build_resources(
    warehouse: str | Path | None = None,
    landing: str | Path | None = None,
    serving: str | Path | None = None,
    reports: str | Path | None = None,
) -> dict[str, dg.ConfigurableResource]:
    """Resources for the given paths, or the defaults of `core.locations`."""
    database = locations.warehouse_path(warehouse)
    serving_path = locations.serving_path(serving, database)
    reports_path = locations.reports_dir(reports)
    return {
        "reports": ReportsFolder(path=str(reports_path)),
        "warehouse": Warehouse(
            database=str(database),
            landing=str(locations.landing_dir(landing)),
            serving=str(serving_path),
            quality_docs=str(locations.quality_docs_dir(database)),
            reports=str(reports_path),
        ),
        "landing": LandingZone(
            path=str(locations.landing_dir(landing)), warehouse=str(database)
        ),
        "serving": ServingCopy(path=str(serving_path), warehouse=str(database)),
        "dbt": dbt_cli(),
    }
