"""A sensor on the landing zone: when files appear or change, it asks for a pipeline run; while
a run holds the warehouse it waits (the run would be refused)."""

import hashlib
import os
from pathlib import Path

import dagster as dg

from ingest.pipeline import discover
from orchestration.descriptions import described
from orchestration.jobs import pipeline_job
from orchestration.resources import LandingZone
from orchestration.run_lock import holder_of


def landing_fingerprint(landing: Path) -> str:
    """A digest of every landing entry's path, size and modification time (links not
    followed)."""
    digest = hashlib.sha256()
    for rel in discover(landing):
        stat = os.lstat(landing / rel)
        digest.update(f"{rel}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


@dg.sensor(
    job=pipeline_job,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description=described(
        "Yêu cầu một lần chạy pipeline mỗi khi tập tệp của vùng tiếp nhận thay đổi; chờ khi một "
        "lần chạy đang giữ kho dữ liệu.",
        "Request a pipeline run whenever the set of landing files changes; wait while a run "
        "holds the warehouse.",
    ),
)
def landing_sensor(context: dg.SensorEvaluationContext, landing: LandingZone):
    """Request a pipeline run whenever the set of landing files changes."""
    if not landing.landing_dir.is_dir():
        return dg.SkipReason(
            f"vùng tiếp nhận {landing.landing_dir} không tồn tại / "
            f"landing zone {landing.landing_dir} does not exist"
        )
    holder = holder_of(Path(landing.warehouse))
    if holder is not None:
        return dg.SkipReason(
            f"một lần chạy đang giữ kho dữ liệu (tiến trình {holder.get('pid')}, bắt đầu lúc "
            f"{holder.get('started_at')}): chờ lần chạy kết thúc / "
            f"a run holds the warehouse (process {holder.get('pid')}, started "
            f"{holder.get('started_at')}): waiting for it to finish"
        )
    fingerprint = landing_fingerprint(landing.landing_dir)
    if fingerprint == context.cursor:
        return dg.SkipReason(
            "không có tệp tiếp nhận mới hay thay đổi / no new or changed landing files"
        )
    context.update_cursor(fingerprint)
    return dg.RunRequest(run_key=fingerprint)
