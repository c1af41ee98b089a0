"""Freshness: how recent each source's newest file is, and which units each feed still measures.

A source is stale when its newest loaded file is older than its cadence allows: daily feeds
(botnet, warnings, heartbeats) after 2 days, the weekly web scans after 8 days, the monthly
dossier exports after 35 days. A unit is currently measured by a feed in a month when the feed had
data about it in the 14 days before the month's end (or before today, for the month not over).
"""

from __future__ import annotations

import datetime as dt

import duckdb

from sources import SOURCES

# each feed's cadence, from the landing-zone contract's registry: the daily feeds first
STALE_AFTER_DAYS = {
    s.name: s.stale_after_days
    for s in sorted(SOURCES, key=lambda s: s.stale_after_days or 0)
    if s.stale_after_days
}
MEASURED_WITHIN_DAYS = 14


def source_freshness(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> list[dict]:
    """Per source with a cadence: its newest file's date, its age in days and whether stale."""
    newest = dict(
        con.execute(
            "SELECT source, max(file_date) FROM raw.current_files GROUP BY source"
        ).fetchall()
    )
    return judge_freshness(newest, as_of)


def judge_freshness(newest: dict[str, dt.date | None], as_of: dt.date) -> list[dict]:
    """Each source's freshness as of a day, from the date of its newest file."""
    rows = []
    for source, days in STALE_AFTER_DAYS.items():
        last = newest.get(source)
        age = (as_of - last).days if last else None
        rows.append(
            {
                "source": source,
                "newest_file_date": last,
                "age_days": age,
                "stale_after_days": days,
                "stale": age is None or age > days,
            }
        )
    return rows


# The feeds that measure units, each with its SQL of the days it had data about each top-level
# unit (`Source.unit_days_seen`; `top` gives each agency's top-level unit).
UNIT_FEED_SOURCES = tuple(s for s in SOURCES if s.unit_days_seen)
SEEN = "\n    UNION\n".join(
    f"SELECT DISTINCT top_level_code, '{s.name}' AS feed, day FROM ({s.unit_days_seen})"
    for s in UNIT_FEED_SOURCES
)
FEEDS = ", ".join(f"('{s.name}')" for s in UNIT_FEED_SOURCES)

# Per month, top-level unit and feed: the last day on or before the month's end that the feed
# had data about the unit, and whether that day lies within the 14 days before the month's end
# (or before the day freshness is judged, for a month not over yet).
UNIT_FEEDS = f"""
WITH top AS (SELECT agency_code, top_level_code FROM intermediate.int_agency_top_level),
seen AS (
    {SEEN}
),
months AS (
    SELECT period, least(month_end_date, ?::DATE) AS judged_on
    FROM intermediate.int_months
),
last_seen AS (
    SELECT months.period, seen.top_level_code, seen.feed, max(seen.day) AS last_seen
    FROM months JOIN seen ON seen.day <= months.judged_on
    GROUP BY ALL
)
SELECT scores.period, scores.unit_code, feeds.feed, last_seen.last_seen,
       coalesce(last_seen.last_seen > months.judged_on - {MEASURED_WITHIN_DAYS}, false)
           AS currently_measured,
       months.judged_on
FROM (SELECT DISTINCT period, unit_code FROM marts.fct_unit_month_scores) scores
JOIN months USING (period)
CROSS JOIN (VALUES {FEEDS}) feeds(feed)
LEFT JOIN last_seen
    ON last_seen.period = scores.period AND last_seen.top_level_code = scores.unit_code
   AND last_seen.feed = feeds.feed
ORDER BY 1, 2, 3
"""


def unit_feed_freshness(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> list[dict]:
    """Per month, top-level unit and feed: the last day on or before the month's end (or
    `as_of`) the feed had data about it, and whether that is within the 14 days before."""
    cursor = con.execute(UNIT_FEEDS, [as_of])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def write_freshness(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> tuple[int, int]:
    """Store both freshness tables in the `quality` schema (published with the marts)."""
    con.execute("CREATE SCHEMA IF NOT EXISTS quality")
    sources = source_freshness(con, as_of)
    con.execute(
        "CREATE OR REPLACE TABLE quality.source_freshness (source VARCHAR, newest_file_date DATE,"
        " age_days INTEGER, stale_after_days INTEGER, stale BOOLEAN, as_of DATE)"
    )
    con.executemany(
        "INSERT INTO quality.source_freshness VALUES (?, ?, ?, ?, ?, ?)",
        [
            (
                s["source"],
                s["newest_file_date"],
                s["age_days"],
                s["stale_after_days"],
                s["stale"],
                as_of,
            )
            for s in sources
        ],
    )
    con.execute(
        "CREATE OR REPLACE TABLE quality.unit_feed_freshness AS "
        f"SELECT *, ?::DATE AS as_of FROM ({UNIT_FEEDS})",
        [as_of, as_of],
    )
    units = con.execute("SELECT count(*) FROM quality.unit_feed_freshness").fetchone()[0]
    return len(sources), units
