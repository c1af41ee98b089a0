"""Schedules: the monthly report on the 5th of every month at 07:00 (Asia/Ho_Chi_Minh), for
the month before, without anyone pressing a button."""

import dagster as dg

from orchestration.assets.report import REPORT_GROUP
from orchestration.descriptions import described

report_job = dg.define_asset_job(
    "monthly_report",
    selection=dg.AssetSelection.groups(REPORT_GROUP),
    description=described(
        "Viết báo cáo của một tháng (PDF và XLSX) từ bản phục vụ.",
        "Write a month's report (PDF and XLSX) from the serving copy.",
    ),
)

# The partitions are Vietnamese months, so the schedule runs in Vietnam time and asks for the
# last complete month.
monthly_report_schedule = dg.build_schedule_from_partitioned_job(
    report_job,
    name="monthly_report_schedule",
    day_of_month=5,
    hour_of_day=7,
    minute_of_hour=0,
    description=described(
        "Báo cáo tháng trước, lúc 07:00 ngày 5 hằng tháng (giờ Việt Nam).",
        "The month before's report, at 07:00 on the 5th of every month (Vietnam time).",
    ),
)
