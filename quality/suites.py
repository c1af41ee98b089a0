"""The data-quality suites: what each check looks at and what it expects.

Every check reads a dataframe from DuckDB with one SQL query (one row per thing checked, and a
`batch` column naming the landing file or the month it belongs to) and holds Great Expectations
expectations that every batch must meet. GX validates dataframes: its SQL path cannot validate
DuckDB tables. A blocking check that fails makes the months its batches serve unpublishable; a
warning is shown to reviewers and changes nothing.

Batches: `file:<landing path>` for checks on a landing file, `month:YYYY-MM` for checks on a
month of the marts. `serves` gives the months a batch serves (a systems snapshot serves the
months whose last day it is the latest export before).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import great_expectations as gx

BLOCKING, WARNING = "blocking", "warning"

# The systems snapshot in force for a month: the latest export dated on or before its last day.
SNAPSHOTS = """
    WITH files AS (
        SELECT s.file_id, l.path, s.snapshot_date, s.file_format
        FROM raw.systems s JOIN raw.current_files l USING (file_id)
        GROUP BY ALL
    ),
    chosen AS (
        SELECT snapshot_date, arg_min(file_id, file_format <> 'csv') AS file_id
        FROM files GROUP BY snapshot_date
    )
    SELECT files.* FROM files SEMI JOIN chosen USING (snapshot_date, file_id)
"""

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


@dataclass(frozen=True)
class Check:
    """One check of a suite: a query and the expectations each of its batches must meet."""

    suite: str
    name: str
    severity: str
    asset: tuple[str, ...]  # the Dagster asset the check is attached to
    description: str
    query: str
    expectations: Callable[[], list[gx.expectations.Expectation]]
    reads: tuple[tuple[str, ...], ...] = ()  # other assets the query reads: checked after them


def between(column: str, low: float | None = None, high: float | None = None):
    return lambda: [
        gx.expectations.ExpectColumnValuesToBeBetween(column=column, min_value=low, max_value=high)
    ]


def known_systems_check(
    suite: str, table: str, description: str, columns: str, source: str, where: str
) -> Check:
    """A warning when rows of a feed or list (alias `w`) name a system that no current
    systems export knows (each distinct row once: heartbeats repeat by the thousand)."""
    return Check(
        suite=suite,
        name=f"{suite}_name_known_systems",
        severity=WARNING,
        asset=("raw", table),
        description=description,
        reads=(("raw", "systems"),),
        query=f"""
            SELECT DISTINCT 'file:' || l.path AS batch, {columns},
                   w.system_id IN (SELECT system_id FROM raw.systems
                                   SEMI JOIN raw.current_files USING (file_id)) AS known_system
            FROM {source} JOIN raw.current_files l USING (file_id)
            WHERE {where}
        """,
        expectations=lambda: [
            gx.expectations.ExpectColumnValuesToBeInSet(column="known_system", value_set=[True])
        ],
    )


CHECKS: tuple[Check, ...] = (
    Check(
        suite="systems",
        name="snapshot_keeps_previous_systems",
        severity=BLOCKING,
        asset=("raw", "systems"),
        description="A systems export that has lost more than 20% of the previous export's "
        "systems is partial.",
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
    ),
    Check(
        suite="systems",
        name="no_unit_loses_every_system",
        severity=BLOCKING,
        asset=("raw", "systems"),
        description="A top-level unit whose systems all vanished from one export to the next "
        "points to a partial export.",
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
    ),
    Check(
        suite="assessments",
        name="assessments_cover_half_the_approved_systems",
        severity=WARNING,
        asset=("raw", "assessments"),
        description="An assessments export should cover at least half of the approved systems "
        "of the systems export in force on its date.",
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
    ),
    Check(
        suite="webscan",
        name="scan_lists_most_registered_domains",
        severity=WARNING,
        asset=("raw", "webscan"),
        description="A pshtt run should list at least 80% of the registered domains.",
        query="""
            WITH domains AS (
                SELECT DISTINCT lower(domain) AS domain FROM raw.domains
                SEMI JOIN raw.current_files USING (file_id)
            ),
            runs AS (SELECT DISTINCT w.file_id, l.path FROM raw.webscan w
                     JOIN raw.current_files l USING (file_id))
            SELECT 'file:' || runs.path AS batch, count(*) AS registered_domains,
                   count(*) FILTER (WHERE EXISTS (
                       SELECT 1 FROM raw.webscan w
                       WHERE w.file_id = runs.file_id AND lower(w.domain) = domains.domain
                   )) / count(*) AS listed_share
            FROM runs, domains
            GROUP BY ALL
        """,
        expectations=between("listed_share", 0.8),
    ),
    known_systems_check(
        "warnings",
        "warning_events",
        "A warning issued for a system should name a system of the inventory.",
        "w.warning_id, w.system_id",
        "raw.warning_events w",
        "w.event = 'issued' AND w.system_id IS NOT NULL",
    ),
    known_systems_check(
        "heartbeats",
        "heartbeats",
        "A heartbeat should come from a system of the inventory.",
        "w.system_id",
        "raw.heartbeats w",
        "true",
    ),
    known_systems_check(
        "domains",
        "domains",
        "A domain registered for a system should name a system of the inventory.",
        "w.domain, w.system_id",
        "raw.domains w",
        "w.system_id IS NOT NULL",
    ),
    Check(
        suite="botnet",
        name="report_volume_is_usual",
        severity=WARNING,
        asset=("raw", "botnet_events"),
        description="A sinkhole report's row count should be within a quarter and four times "
        "the median of the reports of the same layout.",
        query="""
            WITH reports AS (
                SELECT l.path, l.layout, l.rows_loaded FROM raw.current_files l
                WHERE l.source = 'botnet'
            )
            SELECT 'file:' || path AS batch, rows_loaded,
                   rows_loaded / nullif(median(rows_loaded) OVER (PARTITION BY layout), 0)
                       AS volume_ratio
            FROM reports
        """,
        expectations=between("volume_ratio", 0.25, 4.0),
    ),
)


# What identifies a row of each reference list, to tell which rows a new version lost.
REFERENCE_ROW_KEYS = {
    "agencies": "r.code",
    "requirements": "r.code",
    "domains": "lower(r.domain)",
    "ip_allocations": "r.cidr || ' ' || r.agency_code || ' ' || r.valid_from",
}


def reference_keeps_previous_rows(source: str) -> Check:
    """Blocking: a new version of a reference list that has lost more than 20% of the rows of
    the version it replaced is partial, so that a truncated list cannot silently empty an
    indicator (a list keeps the rows of units that ended, with their `valid_to`)."""
    key = REFERENCE_ROW_KEYS[source]
    return Check(
        suite=source,
        name="new_version_keeps_previous_rows",
        severity=BLOCKING,
        asset=("raw", source),
        description=f"A new version of reference/{source}.csv that has lost more than 20% of "
        "the previous version's rows is partial.",
        query=f"""
            WITH pairs AS (
                SELECT c.path, c.file_id AS current_file, p.file_id AS previous_file
                FROM raw.current_files c
                JOIN raw.ledger p ON p.superseded_by = c.file_id AND p.outcome = 'loaded'
                WHERE c.source = '{source}'
            ),
            before AS (
                SELECT DISTINCT pairs.path, pairs.current_file, {key} AS k
                FROM pairs JOIN raw.{source} r ON r.file_id = pairs.previous_file
            ),
            after AS (
                SELECT DISTINCT r.file_id, {key} AS k FROM raw.{source} r
                WHERE r.file_id IN (SELECT current_file FROM pairs)
            )
            SELECT 'file:' || before.path AS batch, count(*) AS previous_rows,
                   count(after.k) AS kept_rows, count(after.k) / count(*) AS kept_share
            FROM before
            LEFT JOIN after ON after.file_id = before.current_file AND after.k = before.k
            GROUP BY ALL
        """,
        expectations=between("kept_share", 0.8),
    )


REFERENCE_CHECKS: tuple[Check, ...] = (
    Check(
        suite="agencies",
        name="province_codes_are_distinct",
        severity=WARNING,
        asset=("raw", "agencies"),
        description="No two provinces still valid share an official province code.",
        query="""
            SELECT 'file:' || l.path AS batch,
                   count(DISTINCT a.province_code) AS distinct_codes,
                   count(a.province_code) AS province_rows
            FROM raw.agencies a JOIN raw.current_files l USING (file_id)
            WHERE a.kind = 'province' AND a.valid_to IS NULL
            GROUP BY ALL
        """,
        expectations=lambda: [
            gx.expectations.ExpectColumnPairValuesToBeEqual(
                column_A="distinct_codes", column_B="province_rows"
            ),
        ],
    ),
    Check(
        suite="requirements",
        name="every_level_has_requirements",
        severity=WARNING,
        asset=("raw", "requirements"),
        description="The requirement catalogue should have requirements of every level 1-5.",
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
    ),
    Check(
        suite="ip_allocations",
        name="no_block_listed_twice",
        severity=WARNING,
        asset=("raw", "ip_allocations"),
        description="A block should be listed once for its unit in any period: a second row "
        "for the same network and unit with overlapping validity is a duplicate.",
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
    ),
)

CHECKS = (
    CHECKS
    + REFERENCE_CHECKS
    + tuple(reference_keeps_previous_rows(source) for source in REFERENCE_ROW_KEYS)
)


def marts_checks(weights: dict[str, int]) -> tuple[Check, ...]:
    """The blocking checks of the scores mart, with the methodology's weights."""
    total = sum(weights.values())
    weighted = " + ".join(f"coalesce({w} * {n}, 0)" for n, w in weights.items())
    present = " + ".join(
        f"CASE WHEN {n} IS NOT NULL THEN {w} ELSE 0 END" for n, w in weights.items()
    )
    values = ["composite", *weights]
    return (
        Check(
            suite="marts",
            name="one_row_per_month_and_valid_unit",
            severity=BLOCKING,
            asset=("marts", "fct_unit_month_scores"),
            description="The scores have exactly one row per month and top-level unit valid "
            "that month.",
            query="""
                WITH expected AS (
                    SELECT period, count(*) AS units FROM intermediate.int_top_level_units_monthly
                    GROUP BY period
                ),
                got AS (
                    SELECT period, count(*) AS score_rows, count(DISTINCT unit_code) AS units
                    FROM marts.fct_unit_month_scores GROUP BY period
                )
                SELECT 'month:' || expected.period AS batch, expected.units AS expected_units,
                       coalesce(got.score_rows, 0) AS score_rows,
                       coalesce(got.units, 0) AS distinct_units
                FROM expected LEFT JOIN got USING (period)
            """,
            expectations=lambda: [
                gx.expectations.ExpectColumnPairValuesToBeEqual(
                    column_A="score_rows", column_B="expected_units"
                ),
                gx.expectations.ExpectColumnPairValuesToBeEqual(
                    column_A="distinct_units", column_B="expected_units"
                ),
            ],
        ),
        Check(
            suite="marts",
            name="scores_in_range_and_consistent",
            severity=BLOCKING,
            asset=("marts", "fct_unit_month_scores"),
            description="Every indicator and the composite lie in [0, 100], coverage in [0, 1], "
            "and composite and coverage agree with the indicators and the weights.",
            query=f"""
                SELECT 'month:' || period AS batch, unit_code, {", ".join(values)}, coverage,
                       abs(coalesce(composite, -1)
                           - coalesce(({weighted}) / nullif({present}, 0), -1))
                           AS composite_error,
                       abs(coverage - ({present}) / {total}) AS coverage_error
                FROM marts.fct_unit_month_scores
            """,
            expectations=lambda: [
                *[
                    gx.expectations.ExpectColumnValuesToBeBetween(
                        column=c, min_value=0, max_value=100
                    )
                    for c in values
                ],
                gx.expectations.ExpectColumnValuesToBeBetween(
                    column="coverage", min_value=0, max_value=1
                ),
                gx.expectations.ExpectColumnValuesToBeBetween(
                    column="composite_error", max_value=1e-9
                ),
                gx.expectations.ExpectColumnValuesToBeBetween(
                    column="coverage_error", max_value=1e-12
                ),
            ],
        ),
    )
