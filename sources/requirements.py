"""The requirement catalogue (`reference/requirements.csv`): what each security level must meet."""

from __future__ import annotations

import re

from sources.checks import WARNING, Check, between, reference_keeps_previous_rows
from sources.contract import ENUM, EVERY_MONTH, INT, Column, Source

SOURCE = Source(
    name="requirements",
    table="requirements",
    path_pattern=re.compile(r"reference/requirements\.csv"),
    serves=EVERY_MONTH,
    reader="csv",
    description=(
        "Danh mục yêu cầu theo cấp độ an toàn",
        "The requirement catalogue by security level",
    ),
    words=("Danh mục yêu cầu", "Requirement catalogue"),
    columns=(
        Column("code", required=True),
        Column(
            "group",
            ENUM,
            required=True,
            values=("management", "technical"),
            raw_name="requirement_group",
        ),
        Column("area"),
        Column("min_level", INT, required=True, low=1, high=5),
        Column("title", required=True),
        Column("legal_ref"),
    ),
    required_columns=("code", "group", "area", "min_level", "title", "legal_ref"),
    unique_key=("code",),
    checks=(
        Check(
            suite="requirements",
            name="every_level_has_requirements",
            severity=WARNING,
            asset=("raw", "requirements"),
            description=(
                "Danh mục yêu cầu phải có yêu cầu cho mọi cấp độ từ 1 đến 5.",
                "The requirement catalogue should have requirements of every level 1-5.",
            ),
            query="""
            SELECT 'file:' || l.path AS batch, level,
                   count(r.code) AS requirements
            FROM raw.current_files l
            CROSS JOIN range(1, 6) AS levels(level)
            LEFT JOIN raw.requirements r ON r.file_id = l.file_id AND r.min_level = level
            WHERE l.source = 'requirements'
            GROUP BY ALL
        """,
            expectations=between("requirements", 1),
            words=("Có cấp độ chưa có yêu cầu trong danh mục", "A level has no requirement"),
        ),
        reference_keeps_previous_rows(
            "requirements",
            "r.code",
            (
                "Danh mục yêu cầu mới mất quá 20% số dòng của bản trước",
                "A new requirement catalogue lost more than 20% of the previous rows",
            ),
        ),
    ),
)
