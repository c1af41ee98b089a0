"""Address allocations (`reference/ip_allocations.csv`): which unit holds which address block.

Each block is parsed at ingest into its version, prefix length and first and last address as
integers, so that attributing an infected address is integer arithmetic; the same network given
to two units for overlapping periods sets both rows aside.
"""

from __future__ import annotations

import re

import duckdb

from sources.checks import WARNING, Check, between, reference_keeps_previous_rows
from sources.contract import DATE, EVERY_MONTH, Column, Source
from sources.rules import (
    FileContext,
    RowCheck,
    SourceRules,
    add_violation,
    c,
    must_exist_agency,
    quoted_value,
    t,
    v,
)


def _allocation_conflicts(con: duckdb.DuckDBPyConnection, ctx: FileContext) -> None:
    """The same network valid at the same time for two different units: both are set aside."""
    add_violation(
        con,
        where="_checked.source_row = d.source_row",
        column="cidr",
        rule="conflict",
        reason_sql=(
            "'the same network is allocated to ' || d.other || ' (row ' || d.other_row || "
            "') for an overlapping period'"
        ),
        from_sql=f"""FROM (
            SELECT a.source_row, any_value(b.{t("agency_code")}) AS other,
                   min(b.source_row) AS other_row
            FROM _checked a JOIN _checked b
              ON len(a.violations) = 0 AND len(b.violations) = 0
             AND a.{c("ip_version")} = b.{c("ip_version")}
             AND a.{c("network_start")} = b.{c("network_start")}
             AND a.{c("prefix_length")} = b.{c("prefix_length")}
             AND a.{t("agency_code")} <> b.{t("agency_code")}
             AND a.{t("valid_from")} <= coalesce(b.{t("valid_to")}, DATE '9999-12-31')
             AND b.{t("valid_from")} <= coalesce(a.{t("valid_to")}, DATE '9999-12-31')
            GROUP BY a.source_row) d""",
    )


def _allocation_computed(ctx: FileContext) -> list[tuple[str, str]]:
    parsed = f"cidr_parse({v('cidr')})"
    return [
        ("ip_version", f"{parsed}.ip_version"),
        ("prefix_length", f"{parsed}.prefix_length"),
        ("network_start", f"{parsed}.network_start"),
        ("network_end", f"{parsed}.network_end"),
        ("cidr_error", f"{parsed}.error"),
    ]


SOURCE = Source(
    name="ip_allocations",
    table="ip_allocations",
    path_pattern=re.compile(r"reference/ip_allocations\.csv"),
    serves=EVERY_MONTH,
    reader="csv",
    description=("Đơn vị nào được cấp dải địa chỉ nào", "Which unit holds which address block"),
    words=("Dải địa chỉ IP được cấp", "Address allocations"),
    columns=(
        Column("cidr", required=True),
        Column("agency_code", required=True),
        Column("valid_from", DATE, required=True),
        Column("valid_to", DATE),
    ),
    depends_on=("agencies",),
    extra_raw_columns=(
        ("ip_version", "TINYINT"),
        ("prefix_length", "SMALLINT"),
        ("network_start", "UHUGEINT"),
        ("network_end", "UHUGEINT"),
    ),
    rules=SourceRules(
        computed=_allocation_computed,
        row_checks=lambda ctx: [
            RowCheck(
                "cidr",
                "cidr",
                f"{v('cidr')} IS NOT NULL AND {c('cidr_error')} IS NOT NULL",
                f"{quoted_value(v('cidr'))} || ': ' || {c('cidr_error')}",
            )
        ],
        reference_checks=(must_exist_agency("agency_code"),),
        structure_checks=(_allocation_conflicts,),
    ),
    rule_words={
        "cidr": ("dải mạng không hợp lệ", "invalid network"),
        "conflict": ("dải mạng cấp trùng cho hai đơn vị", "network allocated twice"),
    },
    checks=(
        Check(
            suite="ip_allocations",
            name="no_block_listed_twice",
            severity=WARNING,
            asset=("raw", "ip_allocations"),
            description=(
                "Mỗi dải chỉ được liệt kê một lần cho đơn vị của nó trong một khoảng thời gian: "
                "dòng thứ hai cùng mạng, cùng đơn vị, có thời gian hiệu lực chồng lấn là "
                "trùng lặp.",
                "A block should be listed once for its unit in any period: a second row "
                "for the same network and unit with overlapping validity is a duplicate.",
            ),
            query="""
            WITH blocks AS (
                SELECT l.path, a.source_row, a.cidr, a.agency_code, a.network_start,
                       a.prefix_length, a.ip_version, a.valid_from,
                       coalesce(a.valid_to, DATE '9999-12-31') AS until
                FROM raw.ip_allocations a JOIN raw.current_files l USING (file_id)
            )
            SELECT 'file:' || a.path AS batch, a.cidr, a.agency_code,
                   count(b.source_row) AS duplicates
            FROM blocks a
            LEFT JOIN blocks b
                ON a.ip_version = b.ip_version AND a.network_start = b.network_start
                AND a.prefix_length = b.prefix_length AND a.agency_code = b.agency_code
                AND a.source_row <> b.source_row
                AND a.valid_from <= b.until AND b.valid_from <= a.until
            GROUP BY ALL
        """,
            expectations=between("duplicates", 0, 0),
            words=("Dải địa chỉ được khai báo hai lần", "An address block listed twice"),
        ),
        reference_keeps_previous_rows(
            "ip_allocations",
            "r.cidr || ' ' || r.agency_code || ' ' || r.valid_from",
            (
                "Danh mục dải địa chỉ mới mất quá 20% số dòng của bản trước",
                "A new list of allocations lost more than 20% of the previous rows",
            ),
        ),
    ),
)
