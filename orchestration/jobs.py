"""Jobs: what a run of the pipeline materialises."""

import dagster as dg

from orchestration.assets.ingest import RAW_GROUP
from orchestration.assets.report import REPORT_GROUP
from orchestration.descriptions import described

pipeline_job = dg.define_asset_job(
    "pipeline",
    # The monthly report has its own schedule (orchestration/schedules.py).
    selection=dg.AssetSelection.all() - dg.AssetSelection.groups(REPORT_GROUP),
    description=described(
        "Tiếp nhận các tệp mới và tệp sửa đổi của vùng tiếp nhận, dựng các mô hình dbt và kiểm "
        "thử của chúng, rồi công bố bản phục vụ.",
        "Take in the landing zone's new and corrected files, build the dbt models and "
        "their tests, and publish the serving copy.",
    ),
)

ingest_job = dg.define_asset_job(
    "ingest_landing",
    selection=dg.AssetSelection.groups(RAW_GROUP),
    description=described(
        "Chỉ tiếp nhận các tệp mới và tệp sửa đổi của vùng tiếp nhận vào lớp dữ liệu thô.",
        "Only take the landing zone's new and corrected files into the raw layer.",
    ),
)
