"""Domains (`reference/domains.csv`): which unit runs which web domain, and for which system."""

from __future__ import annotations

import re

from sources.checks import known_systems_check, reference_keeps_previous_rows
from sources.contract import EVERY_MONTH, HOSTNAME_PATTERN, Column, Source
from sources.rules import SourceRules, must_exist_agency

SOURCE = Source(
    name="domains",
    table="domains",
    path_pattern=re.compile(r"reference/domains\.csv"),
    serves=EVERY_MONTH,
    reader="csv",
    description=("Đơn vị nào quản lý tên miền nào", "Which unit runs which web domain"),
    words=("Danh mục tên miền", "Domains"),
    columns=(
        Column("domain", required=True, pattern=HOSTNAME_PATTERN, pattern_hint="a host name"),
        Column("agency_code", required=True),
        Column("system_id"),
    ),
    unique_key=("domain",),
    unique_key_casefold=True,
    depends_on=("agencies",),
    rules=SourceRules(reference_checks=(must_exist_agency("agency_code"),)),
    checks=(
        known_systems_check(
            "domains",
            "domains",
            (
                "Tên miền đăng ký cho một hệ thống phải nêu một hệ thống có trong hồ sơ.",
                "A domain registered for a system should name a system of the inventory.",
            ),
            "w.domain, w.system_id",
            "w.system_id IS NOT NULL",
            words=(
                "Tên miền gắn với hệ thống không có trong hồ sơ",
                "Domains name unknown systems",
            ),
        ),
        reference_keeps_previous_rows(
            "domains",
            "lower(r.domain)",
            (
                "Danh mục tên miền mới mất quá 20% số dòng của bản trước",
                "A new list of domains lost more than 20% of the previous rows",
            ),
        ),
    ),
)
