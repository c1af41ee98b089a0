"""Units (`reference/agencies.csv`): ministries, provinces, sectors and their sub-units.

The tree of units is checked in one linear pass at ingest, which also gives each unit the
top-level unit it rolls up to. A province valid after the reform of 1 July 2025 must carry one of
the 34 official codes.
"""

from __future__ import annotations

import datetime as dt
import re

import duckdb
import pandas as pd
import vietnam_provinces

from sources.checks import WARNING, Check, pairs_equal, reference_keeps_previous_rows
from sources.contract import CODE_PATTERN, DATE, ENUM, EVERY_MONTH, Column, Source
from sources.rules import (
    FileContext,
    RowCheck,
    SourceRules,
    add_issues,
    c,
    date_literal,
    quoted_value,
    sql_string,
    t,
)

AGENCY_KINDS = (
    "ministry",
    "ministerial_agency",
    "government_agency",
    "province",
    "sector",
    "unit",
)

# The date from which the 34 provinces and centrally-run cities of Decision 19/2025/QĐ-TTg
# exist. A province whose validity ended before it kept a code of the old list, or none.
PROVINCE_REFORM = dt.date(2025, 7, 1)
PROVINCE_CODES = tuple(sorted(f"{p.code.value:02d}" for p in vietnam_provinces.Province.iter_all()))


def _agency_row_checks(ctx: FileContext) -> list[RowCheck]:
    kind, parent, province = t("kind"), t("parent_code"), t("province_code")
    active = f"({t('valid_to')} IS NULL OR {t('valid_to')} >= {date_literal(PROVINCE_REFORM)})"
    codes = ", ".join(sql_string(x) for x in PROVINCE_CODES)
    return [
        RowCheck(
            "parent_code",
            "parent_not_allowed",
            f"{kind} <> 'unit' AND {parent} IS NOT NULL",
            f"'only units of kind unit have a parent; a ' || {kind} || "
            f"' is top-level: leave parent_code empty'",
        ),
        RowCheck(
            "parent_code",
            "required",
            f"{kind} = 'unit' AND {parent} IS NULL",
            "'is empty; a unit of kind unit must name its parent'",
        ),
        RowCheck(
            "province_code",
            "required",
            f"{kind} = 'province' AND {province} IS NULL AND {active}",
            "'is empty; a province valid after 1 July 2025 must have its official two-digit code'",
        ),
        RowCheck(
            "province_code",
            "province_code",
            f"{kind} = 'province' AND {province} IS NOT NULL AND {active} "
            f"AND {province} NOT IN ({codes})",
            f"{quoted_value(province)} || ' is not the official code of one of the 34 "
            f"provinces and centrally-run cities (Decision 19/2025/QĐ-TTg)'",
        ),
        RowCheck(
            "province_code",
            "province_code",
            f"{kind} = 'province' AND {province} IS NOT NULL AND NOT {active} "
            f"AND NOT regexp_full_match({province}, '[0-9]{{2}}')",
            f"{quoted_value(province)} || ' is not a two-digit province code'",
        ),
        RowCheck(
            "province_code",
            "province_code_not_allowed",
            f"{kind} <> 'province' AND {province} IS NOT NULL",
            f"'only provinces have a province code; leave it empty for a ' || {kind}",
        ),
    ]


LOOP_CODES_SHOWN = 6


def _describe_loop(loop: list[str]) -> str:
    """A parent loop in words, short however long the loop: its first codes and its length."""
    if len(loop) <= LOOP_CODES_SHOWN:
        return "the parent chain loops back on itself: " + " → ".join([*loop, loop[0]])
    shown = " → ".join(loop[: LOOP_CODES_SHOWN - 1])
    return (
        f"the parent chain loops back on itself: a loop of {len(loop):,} units "
        f"({shown} → … → {loop[-1]} → {loop[0]})"
    )


def _agency_tree(con: duckdb.DuckDBPyConnection, ctx: FileContext) -> None:
    """A unit's parent must be a code of the file whose row loads, and the tree has no cycles;
    a unit under a set-aside parent is set aside in turn. Each unit also gets the top-level unit
    it rolls up to and its depth below it.

    Linear in the number of units: each parent chain is walked once, and every unit on it takes
    its answer from the unit above."""
    rows = con.execute(
        f"SELECT source_row, {t('code')}, {t('kind')}, {t('parent_code')}, len(violations) = 0 "
        "FROM _checked"
    ).fetchall()
    codes_in_file = {code for _, code, _, _, _ in rows if code}
    good = {code: (row, kind, parent) for row, code, kind, parent, ok in rows if ok and code}
    placed: dict[str, tuple[str, int] | None] = {}  # code -> (top-level code, depth) or None
    issues: list[tuple[int, str, str, str, str | None]] = []
    for start in good:
        chain: list[str] = []
        on_chain: dict[str, int] = {}
        current = start
        while current not in placed:
            if current not in good:
                break  # the parent is not a loading row: everything below it is set aside
            _, kind, parent = good[current]
            if kind != "unit":
                placed[current] = (current, 0)
                break
            if current in on_chain:
                loop = chain[on_chain[current] :]
                reason = _describe_loop(loop)
                for member in loop:
                    row, _, member_parent = good[member]
                    issues.append((row, "parent_code", "cycle", reason, member_parent))
                    placed[member] = None
                del chain[on_chain[current] :]
                break
            on_chain[current] = len(chain)
            chain.append(current)
            current = parent
        for code in reversed(chain):
            row, _, parent = good[code]
            above = placed.get(parent)
            if above is None:
                if parent in codes_in_file:
                    reason = f"'{parent}' names a unit whose own row is set aside"
                else:
                    reason = f"'{parent}' is not a code in this file"
                issues.append((row, "parent_code", "unknown_reference", reason, parent))
                placed[code] = None
            else:
                placed[code] = (above[0], above[1] + 1)
    add_issues(con, issues)
    tree = pd.DataFrame(
        [(code, place[0], place[1]) for code, place in placed.items() if place is not None],
        columns=["code", "top_level_code", "levels_below_top"],
    )
    if not tree.empty:
        con.register("_tree", tree)
        con.execute(
            f"UPDATE _checked SET {c('top_level_code')} = _tree.top_level_code, "
            f"{c('levels_below_top')} = _tree.levels_below_top "
            f"FROM _tree WHERE _checked.{t('code')} = _tree.code"
        )
        con.unregister("_tree")


SOURCE = Source(
    name="agencies",
    table="agencies",
    path_pattern=re.compile(r"reference/agencies\.csv"),
    serves=EVERY_MONTH,
    reader="csv",
    description=(
        "Đơn vị: bộ, tỉnh, ngành và các đơn vị trực thuộc",
        "Units: ministries, provinces, sectors and their sub-units",
    ),
    words=("Danh mục đơn vị", "Units"),
    columns=(
        Column(
            "code",
            required=True,
            pattern=CODE_PATTERN,
            pattern_hint="1–32 characters of A-Z a-z 0-9 . _ -",
        ),
        Column("name", required=True),
        Column("kind", ENUM, required=True, values=AGENCY_KINDS),
        Column("parent_code"),
        Column("province_code"),
        Column("valid_from", DATE, required=True),
        Column("valid_to", DATE),
        Column("successor_code"),
    ),
    unique_key=("code",),
    # Worked out by the tree check at ingest, in one linear pass over the file.
    extra_raw_columns=(("top_level_code", "VARCHAR"), ("levels_below_top", "INTEGER")),
    rules=SourceRules(
        computed=lambda ctx: [
            ("top_level_code", "NULL::VARCHAR"),
            ("levels_below_top", "NULL::INTEGER"),
        ],
        row_checks=_agency_row_checks,
        structure_checks=(_agency_tree,),
    ),
    rule_words={
        "cycle": ("chuỗi cấp trên quay vòng", "parent loop"),
        "parent_not_allowed": ("đơn vị cấp cao nhất có cấp trên", "top-level unit with a parent"),
        "province_code": ("mã tỉnh không hợp lệ", "invalid province code"),
        "province_code_not_allowed": (
            "mã tỉnh ở đơn vị không phải tỉnh",
            "province code on another kind",
        ),
    },
    checks=(
        Check(
            suite="agencies",
            name="province_codes_are_distinct",
            severity=WARNING,
            asset=("raw", "agencies"),
            description=(
                "Không có hai tỉnh còn hiệu lực dùng chung một mã tỉnh chính thức.",
                "No two provinces still valid share an official province code.",
            ),
            query="""
            SELECT 'file:' || l.path AS batch,
                   count(DISTINCT a.province_code) AS distinct_codes,
                   count(a.province_code) AS province_rows
            FROM raw.agencies a JOIN raw.current_files l USING (file_id)
            WHERE a.kind = 'province' AND a.valid_to IS NULL
            GROUP BY ALL
        """,
            expectations=pairs_equal(("distinct_codes", "province_rows")),
            words=(
                "Mã tỉnh bị trùng trong danh mục đơn vị",
                "Two provinces share an official code",
            ),
        ),
        reference_keeps_previous_rows(
            "agencies",
            "r.code",
            (
                "Danh mục đơn vị mới mất quá 20% số dòng của bản trước",
                "A new list of units lost more than 20% of the previous rows",
            ),
        ),
    ),
)
