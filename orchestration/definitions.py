"""The one `Definitions` of the project: `dagster dev` loads `defs`; the `attt` command line and
the tests build the same definitions with `build_definitions(warehouse=..., landing=...)`."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from orchestration.assets.dbt import dbt_model_assets
from orchestration.assets.ingest import ingest_assets
from orchestration.assets.publish import serving_copy_asset
from orchestration.assets.quality import freshness, quality_asset_checks
from orchestration.assets.report import monthly_report
from orchestration.jobs import ingest_job, pipeline_job
from orchestration.resources import build_resources
from orchestration.schedules import monthly_report_schedule, report_job
from orchestration.sensors import landing_sensor


def build_definitions(
    warehouse: str | Path | None = None,
    landing: str | Path | None = None,
    serving: str | Path | None = None,
    reports: str | Path | None = None,
) -> dg.Definitions:
    dbt_models = dbt_model_assets()
    return dg.Definitions(
        assets=[
            *ingest_assets,
            dbt_models,
            freshness,
            serving_copy_asset(dbt_models),
            monthly_report,
        ],
        asset_checks=quality_asset_checks(),
        jobs=[pipeline_job, ingest_job, report_job],
        schedules=[monthly_report_schedule],
        sensors=[landing_sensor],
        resources=build_resources(warehouse, landing, serving, reports),
        # DuckDB allows one writer: the pipeline's steps run one after another in one process.
        executor=dg.in_process_executor,
    )


defs = build_definitions()
