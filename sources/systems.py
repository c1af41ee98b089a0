"""The systems export of the dossier platform (`dossiers/systems_YYYYMMDD.csv` or `.xlsx`):
every information system with its dossier state and its four protection layers, a full
snapshot as of the date in the name. The Excel export carries the Vietnamese headers below."""

from __future__ import annotations

import re

from sources.checks import BLOCKING, SNAPSHOTS, Check, between
from sources.contract import BOOL, DATE, ENUM, IN_FORCE, INT, Column, Source
from sources.rules import (
    RowCheck,
    SourceRules,
    date_literal,
    must_exist_agency,
    quoted_value,
    sql_string,
    t,
    v,
)

DOSSIER_STATUS = ("draft", "submitted", "appraising", "approved", "returned", "rejected")
OPERATION_STATUS = ("operating", "building", "retired")

# Each systems snapshot with the file of the snapshot before it (`ordered.previous_file`).
WITH_PREVIOUS_SNAPSHOT = f"""
    snapshots AS ({SNAPSHOTS}),
    ordered AS (
        SELECT *, lag(file_id) OVER (ORDER BY snapshot_date) AS previous_file
        FROM snapshots
    )
"""

# Each agency of the current list and the top-level unit it rolls up to (worked out at ingest).
TOP_LEVEL = """
    SELECT a.code, a.top_level_code
    FROM raw.agencies a SEMI JOIN raw.current_files USING (file_id)
    WHERE a.top_level_code IS NOT NULL
"""

SOURCE = Source(
    stale_after_days=35,
    name="systems",
    table="systems",
    path_pattern=re.compile(r"dossiers/systems_(?P<date>\d{8})\.(csv|xlsx)"),
    serves=IN_FORCE,
    reader="csv_or_excel",
    description=(
        "Danh mục hệ thống và tình trạng hồ sơ, bản chụp đầy đủ tại ngày ghi trong tên tệp",
        "Inventory and dossier state, a full snapshot as of the date in the name",
    ),
    words=("Hồ sơ hệ thống thông tin", "Systems export"),
    columns=(
        Column("system_id", required=True, excel_header="Mã hệ thống"),
        Column("system_name", required=True, excel_header="Tên hệ thống"),
        Column("owner_code", required=True, excel_header="Mã đơn vị chủ quản"),
        Column(
            "operation_status",
            ENUM,
            required=True,
            values=OPERATION_STATUS,
            excel_header="Trạng thái vận hành",
        ),
        Column("proposed_level", INT, required=True, low=1, high=5, excel_header="Cấp độ đề xuất"),
        Column(
            "dossier_status",
            ENUM,
            required=True,
            values=DOSSIER_STATUS,
            excel_header="Trạng thái hồ sơ",
        ),
        Column("submitted_on", DATE, excel_header="Ngày nộp"),
        Column("approved_on", DATE, excel_header="Ngày phê duyệt"),
        Column("approved_level", INT, low=1, high=5, excel_header="Cấp độ được phê duyệt"),
        Column("decision_no", excel_header="Số quyết định"),
        Column(
            "plan_implemented", BOOL, required=True, excel_header="Đã triển khai đầy đủ phương án"
        ),
        Column("layer_onsite", BOOL, required=True, excel_header="Lớp 1 - Lực lượng tại chỗ"),
        Column(
            "layer_monitoring",
            BOOL,
            required=True,
            excel_header="Lớp 2 - Giám sát, bảo vệ chuyên nghiệp",
        ),
        Column(
            "last_independent_check_on",
            DATE,
            excel_header="Lớp 3 - Ngày kiểm tra, đánh giá độc lập gần nhất",
        ),
        Column("ncsc_connected", BOOL, required=True, excel_header="Lớp 4 - Kết nối NCSC"),
    ),
    # Every contract column must be present in an export, optional or not.
    required_columns=(
        "system_id",
        "system_name",
        "owner_code",
        "operation_status",
        "proposed_level",
        "dossier_status",
        "submitted_on",
        "approved_on",
        "approved_level",
        "decision_no",
        "plan_implemented",
        "layer_onsite",
        "layer_monitoring",
        "last_independent_check_on",
        "ncsc_connected",
    ),
    unique_key=("system_id",),
    depends_on=("agencies",),
    extra_raw_columns=(("snapshot_date", "DATE"), ("file_format", "VARCHAR")),
    rules=SourceRules(
        computed=lambda ctx: [
            ("snapshot_date", date_literal(ctx.file_date)),
            ("file_format", sql_string(ctx.file_format or "csv")),
        ],
        row_checks=lambda ctx: [
            RowCheck(
                "approved_on",
                "required_when_approved",
                f"{t('dossier_status')} = 'approved' AND {v('approved_on')} IS NULL",
                "'is empty; an approved dossier must have its approval date'",
            ),
            RowCheck(
                "approved_level",
                "required_when_approved",
                f"{t('dossier_status')} = 'approved' AND {v('approved_level')} IS NULL",
                "'is empty; an approved dossier must have its approved level'",
            ),
            RowCheck(
                "approved_on",
                "after_export_date",
                f"{t('approved_on')} > {date_literal(ctx.file_date)}",
                f"{quoted_value(v('approved_on'))} || ' is after the export date "
                f"{ctx.file_date.isoformat() if ctx.file_date else ''}'",
            ),
        ],
        reference_checks=(must_exist_agency("owner_code"),),
    ),
    rule_words={
        "required_when_approved": (
            "thiếu thông tin của hồ sơ đã phê duyệt",
            "missing on an approved dossier",
        ),
    },
    checks=(
        Check(
            suite="systems",
            name="snapshot_keeps_previous_systems",
            severity=BLOCKING,
            asset=("raw", "systems"),
            description=(
                "Bản kết xuất hồ sơ hệ thống mất hơn 20% số hệ thống của bản trước là không "
                "đầy đủ.",
                "A systems export that has lost more than 20% of the previous export's "
                "systems is partial.",
            ),
            query=f"""
            WITH {WITH_PREVIOUS_SNAPSHOT}
            SELECT 'file:' || ordered.path AS batch, ordered.snapshot_date,
                   count(*) AS previous_systems,
                   count(*) FILTER (WHERE cur.system_id IS NOT NULL) AS kept_systems,
                   count(*) FILTER (WHERE cur.system_id IS NOT NULL) / count(*) AS kept_share
            FROM ordered
            JOIN raw.systems prev ON prev.file_id = ordered.previous_file
            LEFT JOIN raw.systems cur
                ON cur.file_id = ordered.file_id AND cur.system_id = prev.system_id
            GROUP BY ALL
        """,
            expectations=between("kept_share", 0.8),
            words=(
                "Kết xuất hồ sơ hệ thống mất quá 20% số hệ thống của kỳ trước",
                "A systems export lost more than 20% of the previous one's systems",
            ),
        ),
        Check(
            suite="systems",
            name="no_unit_loses_every_system",
            severity=BLOCKING,
            asset=("raw", "systems"),
            description=(
                "Một đơn vị cấp cao nhất mất toàn bộ hệ thống từ bản kết xuất này sang bản sau "
                "cho thấy bản kết xuất không đầy đủ.",
                "A top-level unit whose systems all vanished from one export to the next "
                "points to a partial export.",
            ),
            query=f"""
            WITH {WITH_PREVIOUS_SNAPSHOT},
            top AS ({TOP_LEVEL}),
            counted AS (
                SELECT s.file_id, top.top_level_code, count(*) AS systems
                FROM raw.systems s JOIN top ON top.code = s.owner_code
                WHERE s.file_id IN (SELECT file_id FROM snapshots)
                GROUP BY ALL
            )
            SELECT 'file:' || ordered.path AS batch, ordered.snapshot_date,
                   before.top_level_code, before.systems AS previous_systems,
                   coalesce(now_.systems, 0) AS systems
            FROM ordered
            JOIN counted before ON before.file_id = ordered.previous_file
            LEFT JOIN counted now_
                ON now_.file_id = ordered.file_id AND now_.top_level_code = before.top_level_code
        """,
            expectations=between("systems", 1),
            words=(
                "Có đơn vị mất toàn bộ hệ thống trong kết xuất",
                "A unit lost every system from one export to the next",
            ),
        ),
    ),
)
