"""Jobs: what a run of the pipeline materialises."""

import dagster as dg

from orchestration.assets.ingest import RAW_GROUP
from orchestration.assets.report import REPORT_GROUP

pipeline_job = dg.define_asset_job(
    "pipeline",
    # The monthly report has its own schedule (orchestration/schedules.py).
    selection=dg.AssetSelection.all() - dg.AssetSelection.groups(REPORT_GROUP),
    description="Take in the landing zone's new and corrected files, build the dbt models and "
    "their tests, and publish the serving copy.",
)

ingest_job = dg.define_asset_job(
    "ingest_landing",
    selection=dg.AssetSelection.groups(RAW_GROUP),
    description="Only take the landing zone's new and corrected files into the raw layer.",
)
