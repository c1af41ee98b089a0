"""A sensor on the landing zone: when files appear or change, it asks for a pipeline run."""

import hashlib

import dagster as dg

from ingest.pipeline import discover
from orchestration.jobs import pipeline_job
from orchestration.resources import Warehouse


def landing_fingerprint(warehouse: Warehouse) -> str:
    """A digest of every landing file's path, size and modification time."""
    digest = hashlib.sha256()
    for rel in discover(warehouse.landing_dir):
        stat = (warehouse.landing_dir / rel).stat()
        digest.update(f"{rel}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


@dg.sensor(
    job=pipeline_job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING
)
def landing_sensor(context: dg.SensorEvaluationContext, warehouse: Warehouse):
    """Request a pipeline run whenever the set of landing files changes."""
    if not warehouse.landing_dir.is_dir():
        return dg.SkipReason(f"landing zone {warehouse.landing_dir} does not exist")
    fingerprint = landing_fingerprint(warehouse)
    if fingerprint == context.cursor:
        return dg.SkipReason("no new or changed landing files")
    context.update_cursor(fingerprint)
    return dg.RunRequest(run_key=fingerprint)
