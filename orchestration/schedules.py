"""Schedules: the monthly report on the 5th of every month at 07:00 (Asia/Ho_Chi_Minh), for
the month before, without anyone pressing a button."""

import dagster as dg

from orchestration.assets.report import REPORT_GROUP

report_job = dg.define_asset_job(
    "monthly_report",
    selection=dg.AssetSelection.groups(REPORT_GROUP),
    description="Write a month's report (PDF and XLSX) from the serving copy.",
)

# The partitions are Vietnamese months, so the schedule runs in Vietnam time and asks for the
# last complete month.
monthly_report_schedule = dg.build_schedule_from_partitioned_job(
    report_job, name="monthly_report_schedule", day_of_month=5, hour_of_day=7, minute_of_hour=0
)
