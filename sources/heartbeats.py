"""Heartbeats of the national monitoring sensors (`feeds/heartbeats/heartbeats_YYYYMMDD.jsonl`):
a connected system's sensor reports every hour."""

from __future__ import annotations

import re

from sources.checks import known_systems_check
from sources.contract import TIMESTAMP, Column, Source
from sources.rules import SourceRules, date_literal

SOURCE = Source(
    stale_after_days=2,
    name="heartbeats",
    table="heartbeats",
    path_pattern=re.compile(r"feeds/heartbeats/heartbeats_(?P<date>\d{8})\.jsonl"),
    reader="jsonl",
    description=(
        "Tín hiệu kết nối từ cảm biến giám sát quốc gia của các hệ thống đã kết nối",
        "Heartbeats of the national monitoring sensors of connected systems",
    ),
    words=("Tín hiệu kết nối giám sát", "Monitoring heartbeats"),
    columns=(
        Column("system_id", required=True),
        Column("sensor_id", required=True),
        Column("at", TIMESTAMP, required=True),
    ),
    keep_extra_columns=False,
    extra_raw_columns=(("file_date", "DATE"),),
    rules=SourceRules(computed=lambda ctx: [("file_date", date_literal(ctx.file_date))]),
    # from the days of each system's heartbeats, kept by file (each file read once), not from
    # every heartbeat of the history (issue 14: 0.8 s of each run at national scale, growing)
    unit_days_seen="""
    SELECT DISTINCT s.top_level_code, h.observed_on AS day
    FROM intermediate.int_heartbeat_days h
    JOIN (SELECT DISTINCT system_id, top_level_code FROM intermediate.int_systems_monthly) s
        USING (system_id)
""",
    checks=(
        known_systems_check(
            "heartbeats",
            "heartbeats",
            (
                "Tín hiệu kết nối phải đến từ một hệ thống có trong hồ sơ.",
                "A heartbeat should come from a system of the inventory.",
            ),
            "w.system_id",
            "true",
            words=(
                "Tín hiệu giám sát nêu hệ thống không có trong hồ sơ",
                "Heartbeats of unknown systems",
            ),
        ),
    ),
)
