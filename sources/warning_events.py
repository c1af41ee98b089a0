"""Vulnerability warnings (`feeds/warnings/warnings_YYYYMMDD.jsonl`): the lifecycle events
(issued, remediated, reopened, withdrawn) of the warnings the authority sends to units."""

from __future__ import annotations

import re

from sources.checks import known_systems_check
from sources.contract import CVE_PATTERN, DATE, ENUM, TIMESTAMP, Column, Source
from sources.rules import RowCheck, SourceRules, date_literal, t, v

SOURCE = Source(
    stale_after_days=2,
    name="warnings",
    table="warning_events",
    path_pattern=re.compile(r"feeds/warnings/warnings_(?P<date>\d{8})\.jsonl"),
    reader="jsonl",
    description=(
        "Các sự kiện trong vòng đời của cảnh báo lỗ hổng gửi tới đơn vị",
        "Lifecycle events of vulnerability warnings sent to units",
    ),
    words=("Cảnh báo lỗ hổng", "Vulnerability warnings"),
    columns=(
        Column("warning_id", required=True),
        Column(
            "event", ENUM, required=True, values=("issued", "remediated", "reopened", "withdrawn")
        ),
        Column("at", TIMESTAMP, required=True),
        Column("agency_code"),
        Column("system_id"),
        Column("cve", pattern=CVE_PATTERN, pattern_hint="a CVE id (CVE-YYYY-NNNN)"),
        Column("severity", ENUM, values=("critical", "high", "medium", "low")),
        Column("deadline", DATE),
    ),
    extra_raw_columns=(("file_date", "DATE"),),
    rules=SourceRules(
        computed=lambda ctx: [("file_date", date_literal(ctx.file_date))],
        row_checks=lambda ctx: [
            RowCheck(
                name,
                "required_when_issued",
                f"{t('event')} = 'issued' AND {v(name)} IS NULL",
                f"'is empty; an issued event must have its {name}'",
            )
            for name in ("agency_code", "cve", "severity", "deadline")
        ],
    ),
    rule_words={
        "required_when_issued": ("thiếu thông tin của cảnh báo", "missing on an issued warning"),
    },
    # `top`: each agency and its top-level unit (quality.freshness provides it).
    unit_days_seen="""
    SELECT DISTINCT top.top_level_code, timezone('Asia/Ho_Chi_Minh', e.occurred_at)::DATE AS day
    FROM intermediate.int_warning_events_deduplicated e
    JOIN intermediate.int_warnings w USING (warning_id)
    JOIN top ON top.agency_code = w.agency_code
""",
    checks=(
        known_systems_check(
            "warnings",
            "warning_events",
            (
                "Cảnh báo phát hành cho một hệ thống phải nêu một hệ thống có trong hồ sơ.",
                "A warning issued for a system should name a system of the inventory.",
            ),
            "w.warning_id, w.system_id",
            "w.event = 'issued' AND w.system_id IS NOT NULL",
            words=("Cảnh báo nêu hệ thống không có trong hồ sơ", "Warnings name unknown systems"),
        ),
    ),
)
