"""Jobs: what a run of the pipeline materialises."""

import dagster as dg

from orchestration.assets.ingest import RAW_GROUP

ingest_job = dg.define_asset_job(
    "ingest_landing",
    selection=dg.AssetSelection.groups(RAW_GROUP),
    description="Take the landing zone's new and corrected files into the raw layer.",
)
