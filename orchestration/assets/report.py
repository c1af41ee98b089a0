"""The monthly report as a Dagster asset, partitioned by month; its schedule (the 5th of every
month, 07:00 Vietnam time, for the month before) lives in `orchestration/schedules.py`."""

import dagster as dg

from orchestration.descriptions import described
from orchestration.resources import ReportsFolder, ServingCopy

REPORT_GROUP = "report"

# Keys are months (2026-10); a month's partition becomes due at 07:00 on the 5th of the next
# month, Vietnam time (the schedule's offsets).
monthly = dg.MonthlyPartitionsDefinition(
    start_date="2025-07", fmt="%Y-%m", timezone="Asia/Ho_Chi_Minh"
)


@dg.asset(
    name="monthly_report",
    key_prefix=["reports"],
    group_name=REPORT_GROUP,
    partitions_def=monthly,
    deps=[dg.AssetKey(["serving", "serving_copy"])],
    description=described(
        "bao-cao-attt-YYYY-MM.pdf và .xlsx gửi Văn phòng Chính phủ, và phiếu đánh giá của từng "
        "đơn vị cấp cao nhất (units/<CODE>/phieu-danh-gia-<CODE>-YYYY-MM.pdf và .xlsx), từ bản "
        "phục vụ: bản chính thức khi tháng đủ điều kiện công bố, nếu không là bản nháp ghi DỰ "
        "THẢO.",
        "bao-cao-attt-YYYY-MM.pdf and .xlsx for the Prime Minister's office, and every "
        "top-level unit's card (units/<CODE>/phieu-danh-gia-<CODE>-YYYY-MM.pdf and .xlsx), from "
        "the serving copy: final when the month is publishable, otherwise a draft marked DỰ THẢO.",
    ),
    kinds={"pdf", "xlsx"},
)
def monthly_report(
    context: dg.AssetExecutionContext, serving: ServingCopy, reports: ReportsFolder
) -> dg.MaterializeResult:
    from pathlib import Path

    from orchestration.monthly_report import write_report
    from reports.build import refusal

    period = context.partition_key
    files = write_report(
        Path(serving.path),
        period,
        Path(reports.path) / period,
        final=True,
        warehouse=Path(serving.warehouse) if serving.warehouse else None,
        draft_when_refused=True,
    )
    if files.reasons:
        context.log.warning(
            refusal(period, files.reasons) + "\nĐã tạo bản dự thảo thay cho bản chính thức. "
            "(A draft was written instead.)"
        )
    return dg.MaterializeResult(
        metadata={
            "pdf": dg.MetadataValue.path(str(files.pdf)),
            "xlsx": dg.MetadataValue.path(str(files.xlsx)),
            "final": not files.draft,
            "methodology_version": files.methodology_version,
            "input_fingerprint": files.fingerprint,
            "unit_cards": len(files.cards) // 2,
        }
    )
