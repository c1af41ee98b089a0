"""The rules of contract v1 that go beyond one cell: across columns, rows and files.

For each source: columns computed at ingest (the date in the file name, parsed addresses), row
checks across columns (an approved dossier needs its date and level), and file checks that need
other rows or other files (codes that must exist in the reference lists, the agency tree without
cycles, conflicting address allocations).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb
import pandas as pd
import vietnam_provinces

from ingest.readers import sql_string
from ingest.sources import BOTNET_WINDOW_DAYS_AFTER, BOTNET_WINDOW_DAYS_BEFORE
from ingest.validation import RowCheck, add_issues, add_violation, c, quoted_value, t, v

# The date from which the 34 provinces and centrally-run cities of Decision 19/2025/QĐ-TTg
# exist. A province whose validity ended before it kept a code of the old list, or none.
PROVINCE_REFORM = dt.date(2025, 7, 1)
PROVINCE_CODES = tuple(sorted(f"{p.code.value:02d}" for p in vietnam_provinces.Province.iter_all()))

OCTET = r"(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
IPV4 = OCTET + r"(\." + OCTET + r"){3}"


@dataclass
class FileContext:
    """What the pipeline knows of the file being checked."""

    file_id: int
    path: str
    source: str
    file_date: dt.date | None = None
    file_time: dt.datetime | None = None
    report: str | None = None
    layout: str | None = None
    file_format: str | None = None


FileCheck = Callable[[duckdb.DuckDBPyConnection, FileContext], None]


@dataclass
class SourceRules:
    computed: Callable[[FileContext], list[tuple[str, str]]] = lambda ctx: []
    row_checks: Callable[[FileContext], list[RowCheck]] = lambda ctx: []
    # Checks of each row against the reference lists, then checks across the file's good rows.
    reference_checks: list[FileCheck] = field(default_factory=list)
    structure_checks: list[FileCheck] = field(default_factory=list)


def date_literal(value: dt.date | None) -> str:
    return f"DATE '{value.isoformat()}'" if value else "NULL::DATE"


@dataclass(frozen=True)
class MustExist:
    """A file check: the column must name a row of the current version of a reference list.
    Declarative, so that a new version of that list can re-check the rows it decides."""

    column: str
    table: str  # the reference list's raw table (and source name)
    key: str
    what: str

    def current_keys_sql(self) -> str:
        return (
            f"SELECT r.{self.key} FROM raw.{self.table} r JOIN raw.current_files f "
            f"USING (file_id) WHERE r.{self.key} IS NOT NULL"
        )

    def __call__(self, con: duckdb.DuckDBPyConnection, ctx: FileContext) -> None:
        add_violation(
            con,
            where=f"{t(self.column)} IS NOT NULL AND {t(self.column)} NOT IN "
            f"({self.current_keys_sql()})",
            column=self.column,
            rule="unknown_reference",
            reason_sql=f"{quoted_value(v(self.column))} || ' is not {self.what}'",
        )


def must_exist(column: str, table: str, key: str, what: str) -> MustExist:
    return MustExist(column, table, key, what)


# --- agencies ------------------------------------------------------------------------------------


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


# --- ip allocations ------------------------------------------------------------------------------


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


# --- botnet --------------------------------------------------------------------------------------


def _botnet_computed(ctx: FileContext) -> list[tuple[str, str]]:
    ip = v("ip")
    octet = "split_part({ip}, '.', {n})::UBIGINT"
    ipv4_number = " + ".join(f"{octet.format(ip=ip, n=n)} * {256 ** (4 - n)}" for n in range(1, 5))
    is_v4 = f"regexp_full_match({ip}, '{IPV4}')"
    return [
        ("report_date", date_literal(ctx.file_date)),
        ("report", sql_string(ctx.report or "")),
        ("layout", sql_string(ctx.layout or "")),
        (
            "ip_version",
            f"CASE WHEN {is_v4} THEN 4 WHEN contains({ip}, ':') "
            f"AND ipv6_number({ip}) IS NOT NULL THEN 6 END",
        ),
        (
            "ip_number",
            f"CASE WHEN {is_v4} THEN ({ipv4_number})::UHUGEINT "
            f"WHEN contains({ip}, ':') THEN ipv6_number({ip}) END",
        ),
    ]


def _botnet_window(ctx: FileContext) -> list[RowCheck]:
    """A report dated D lists events from D - 7 days (00:00 UTC) to the end of D + 1 day (UTC):
    a misdated or replayed report can neither stretch the scored months nor count old
    infections as new."""
    if ctx.file_date is None:
        return []
    first = ctx.file_date - dt.timedelta(days=BOTNET_WINDOW_DAYS_BEFORE)
    after = ctx.file_date + dt.timedelta(days=BOTNET_WINDOW_DAYS_AFTER + 1)
    observed = t("timestamp")
    return [
        RowCheck(
            "timestamp",
            "event_window",
            f"{observed} < TIMESTAMPTZ '{first.isoformat()} 00:00:00+00' "
            f"OR {observed} >= TIMESTAMPTZ '{after.isoformat()} 00:00:00+00'",
            f"'timestamp ' || {v('timestamp')} || ' is outside the window of the report dated "
            f"{ctx.file_date.isoformat()} (events from {first.isoformat()} 00:00 to "
            f"{(after - dt.timedelta(days=1)).isoformat()} 23:59:59 UTC)'",
        )
    ]


RULES: dict[str, SourceRules] = {
    "agencies": SourceRules(
        computed=lambda ctx: [
            ("top_level_code", "NULL::VARCHAR"),
            ("levels_below_top", "NULL::INTEGER"),
        ],
        row_checks=_agency_row_checks,
        structure_checks=[_agency_tree],
    ),
    "requirements": SourceRules(),
    "ip_allocations": SourceRules(
        computed=_allocation_computed,
        row_checks=lambda ctx: [
            RowCheck(
                "cidr",
                "cidr",
                f"{v('cidr')} IS NOT NULL AND {c('cidr_error')} IS NOT NULL",
                f"{quoted_value(v('cidr'))} || ': ' || {c('cidr_error')}",
            )
        ],
        reference_checks=[
            must_exist(
                "agency_code", "agencies", "code", "an agency code of reference/agencies.csv"
            ),
        ],
        structure_checks=[_allocation_conflicts],
    ),
    "domains": SourceRules(
        reference_checks=[
            must_exist(
                "agency_code", "agencies", "code", "an agency code of reference/agencies.csv"
            )
        ],
    ),
    "systems": SourceRules(
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
        reference_checks=[
            must_exist("owner_code", "agencies", "code", "an agency code of reference/agencies.csv")
        ],
    ),
    "assessments": SourceRules(
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
        reference_checks=[
            must_exist(
                "requirement_code",
                "requirements",
                "code",
                "a requirement code of reference/requirements.csv",
            )
        ],
    ),
    "botnet": SourceRules(
        computed=_botnet_computed,
        row_checks=lambda ctx: [
            RowCheck(
                "ip",
                "ip_address",
                f"{v('ip')} IS NOT NULL AND {c('ip_version')} IS NULL",
                f"{quoted_value(v('ip'))} || ' is not an IPv4 or IPv6 address'",
            ),
            *_botnet_window(ctx),
        ],
    ),
    "webscan": SourceRules(
        computed=lambda ctx: [
            (
                "scanned_at",
                f"TIMESTAMPTZ '{ctx.file_time.isoformat()}'"
                if ctx.file_time
                else "NULL::TIMESTAMPTZ",
            )
        ],
    ),
    "warnings": SourceRules(
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
    "heartbeats": SourceRules(
        computed=lambda ctx: [("file_date", date_literal(ctx.file_date))],
    ),
}
