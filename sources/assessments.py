"""Requirement assessments (`dossiers/assessments_YYYYMMDD.csv`): each system's result on each
requirement of its level, a full snapshot as of the date in the name."""

from __future__ import annotations

import re

from sources.checks import SNAPSHOTS, WARNING, Check, between
from sources.contract import DATE, ENUM, IN_FORCE, Column, Source
from sources.rules import MustExist, RowCheck, SourceRules, date_literal, quoted_value, t, v

SOURCE = Source(
    stale_after_days=35,
    name="assessments",
    table="assessments",
    path_pattern=re.compile(r"dossiers/assessments_(?P<date>\d{8})\.csv"),
    serves=IN_FORCE,
    reader="csv",
    description=(
        "Kết quả đánh giá yêu cầu, bản chụp đầy đủ tại ngày ghi trong tên tệp",
        "Requirement assessments, a full snapshot as of the date in the name",
    ),
    words=("Kết quả đánh giá yêu cầu", "Requirement assessments"),
    columns=(
        Column("system_id", required=True),
        Column("requirement_code", required=True),
        Column(
            "result", ENUM, required=True, values=("met", "partial", "not_met", "not_applicable")
        ),
        Column("assessed_on", DATE, required=True),
    ),
    unique_key=("system_id", "requirement_code"),
    depends_on=("requirements",),
    extra_raw_columns=(("snapshot_date", "DATE"),),
    rules=SourceRules(
        computed=lambda ctx: [("snapshot_date", date_literal(ctx.file_date))],
        row_checks=lambda ctx: [
            RowCheck(
                "assessed_on",
                "after_export_date",
                f"{t('assessed_on')} > {date_literal(ctx.file_date)}",
                f"{quoted_value(v('assessed_on'))} || ' is after the export date "
                f"{ctx.file_date.isoformat() if ctx.file_date else ''}'",
            ),
        ],
        reference_checks=(
            MustExist(
                "requirement_code",
                "requirements",
                "code",
                "a requirement code of reference/requirements.csv",
            ),
        ),
    ),
    checks=(
        Check(
            suite="assessments",
            name="assessments_cover_half_the_approved_systems",
            severity=WARNING,
            asset=("raw", "assessments"),
            description=(
                "Một bản kết xuất kết quả đánh giá phải bao phủ ít nhất một nửa số hệ thống đã "
                "được phê duyệt của bản kết xuất hồ sơ hệ thống có hiệu lực tại ngày của nó.",
                "An assessments export should cover at least half of the approved "
                "systems of the systems export in force on its date.",
            ),
            query=f"""
            WITH snapshots AS ({SNAPSHOTS}),
            exports AS (
                SELECT a.file_id, l.path, a.snapshot_date
                FROM raw.assessments a JOIN raw.current_files l USING (file_id) GROUP BY ALL
            ),
            paired AS (
                SELECT exports.*, (SELECT arg_max(file_id, snapshot_date) FROM snapshots s
                                   WHERE s.snapshot_date <= exports.snapshot_date) AS systems_file
                FROM exports
            )
            SELECT 'file:' || paired.path AS batch,
                   count(*) AS approved_systems,
                   count(*) FILTER (WHERE EXISTS (
                       SELECT 1 FROM raw.assessments a
                       WHERE a.file_id = paired.file_id AND a.system_id = s.system_id
                   )) / count(*) AS covered_share
            FROM paired
            JOIN raw.systems s ON s.file_id = paired.systems_file
            WHERE s.dossier_status = 'approved' AND s.operation_status = 'operating'
            GROUP BY ALL
        """,
            expectations=between("covered_share", 0.5),
            words=(
                "Kết quả đánh giá chưa phủ một nửa số hệ thống đã phê duyệt",
                "Assessments cover fewer than half the approved systems",
            ),
        ),
    ),
)
