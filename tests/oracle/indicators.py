"""The seven indicators of methodology v1, per (month, top-level unit), from the loaded tables.

A month `m` is a 'YYYY-MM' string; its end E is its last day at 23:59:59.999 in Vietnam
(UTC+7), kept here as a naive UTC timestamp. Every indicator is NULL when methodology v1 says it
is missing.
"""

from __future__ import annotations

import calendar
import math
from datetime import date, datetime, timedelta

import pandas as pd

from .db import Db

INDICATORS = (
    "approval_coverage",
    "plan_implementation",
    "requirement_compliance",
    "four_layer",
    "botnet_hygiene",
    "warning_remediation",
    "web_security",
)


def month_bounds(period: str) -> tuple[date, date, datetime]:
    """First day, last day and E (naive UTC) of a month."""
    year, month = (int(x) for x in period.split("-"))
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    e = datetime.combine(last + timedelta(days=1), datetime.min.time()) - timedelta(
        hours=7, milliseconds=1
    )
    return first, last, e


def _months_table(db: Db, periods: list[str]) -> None:
    rows = [(p, *month_bounds(p)) for p in periods]
    db.execute(
        "CREATE OR REPLACE TEMP TABLE months (period VARCHAR, m_start DATE, "
        "last_day DATE, e TIMESTAMP)"
    )
    db.con.executemany("INSERT INTO months VALUES (?, ?, ?, ?)", rows)


def _units(db: Db) -> pd.DataFrame:
    return db.execute(
        """SELECT m.period, a.code AS unit_code, a.name AS unit_name, a.peer_group
           FROM months m JOIN agencies a
             ON a.kind <> 'unit' AND a.valid_from <= m.last_day
            AND (a.valid_to IS NULL OR a.valid_to >= m.last_day)"""
    ).df()


def _dossier_indicators(db: Db) -> pd.DataFrame:
    """I1, I2, I4 from the systems snapshot; I3 with the assessments snapshot."""
    db.execute(
        """CREATE OR REPLACE TEMP TABLE month_systems AS
           WITH snap AS (
               SELECT m.period, m.last_day, max(s.snapshot_date) AS sd
               FROM months m JOIN (SELECT DISTINCT snapshot_date FROM systems) s
                 ON s.snapshot_date <= m.last_day
               GROUP BY ALL)
           SELECT n.period, n.last_day, s.*,
                  s.approved AND s.approved_on <= n.last_day AS is_approved,
                  (CAST(s.layer_onsite AS INTEGER) + CAST(s.layer_monitoring AS INTEGER)
                   + CAST(coalesce(s.last_check >= n.last_day - 365, false) AS INTEGER)
                   + CAST(s.ncsc_connected AND h.system_id IS NOT NULL AS INTEGER)) / 4.0 AS layers
           FROM snap n
           JOIN systems s ON s.snapshot_date = n.sd AND s.operating
           LEFT JOIN heartbeat_windows h ON h.system_id = s.system_id AND h.period = n.period"""
    )
    base = db.execute(
        """SELECT period, top_code AS unit_code,
                  100.0 * count(*) FILTER (WHERE is_approved) / count(*) AS approval_coverage,
                  CASE WHEN count(*) FILTER (WHERE is_approved) > 0 THEN
                      100.0 * count(*) FILTER (WHERE is_approved AND plan_implemented)
                      / count(*) FILTER (WHERE is_approved)
                  END AS plan_implementation,
                  100.0 * avg(layers) AS four_layer
           FROM month_systems GROUP BY ALL"""
    ).df()
    compliance = db.execute(
        """WITH asnap AS (
               SELECT m.period, max(a.snapshot_date) AS ad
               FROM months m JOIN (SELECT DISTINCT snapshot_date FROM assessments) a
                 ON a.snapshot_date <= m.last_day
               GROUP BY ALL),
           per_system AS (
               SELECT s.period, s.top_code, s.system_id,
                      count(*) FILTER (WHERE a.result = 'met')
                      + 0.5::DOUBLE * count(*) FILTER (WHERE a.result = 'partial') AS got,
                      count(*) - count(*) FILTER (WHERE a.result = 'not_applicable') AS owed
               FROM month_systems s
               JOIN asnap n ON n.period = s.period
               JOIN requirements r ON r.min_level <= s.approved_level
               LEFT JOIN assessments a ON a.snapshot_date = n.ad AND a.system_id = s.system_id
                                      AND a.requirement_code = r.code
               WHERE s.is_approved
               GROUP BY ALL)
           SELECT period, top_code AS unit_code, got / owed AS compliance
           FROM per_system WHERE owed > 0"""
    ).df()
    # The mean with an exactly rounded sum, so that it does not depend on the order of rows.
    compliance = (
        compliance.groupby(["period", "unit_code"])["compliance"]
        .agg(lambda values: 100.0 * (math.fsum(values) / len(values)))
        .rename("requirement_compliance")
        .reset_index()
    )
    return base.merge(compliance, on=["period", "unit_code"], how="outer")


def _allocated(db: Db, periods: list[str]) -> pd.DataFrame:
    """IPv4 addresses in the union of each unit's allocations valid on the month's last day."""
    rows = db.execute(
        "SELECT top_code, net_start, net_end, valid_from, valid_to FROM allocations"
    ).fetchall()
    out = []
    for period in periods:
        _, last, _ = month_bounds(period)
        spans: dict[str, list[tuple[int, int]]] = {}
        for top, start, end, valid_from, valid_to in rows:
            if valid_from <= last and (valid_to is None or valid_to >= last):
                spans.setdefault(top, []).append((int(start), int(end)))
        for top, items in spans.items():
            items.sort()
            total, cur_start, cur_end = 0, None, None
            for s, e in items:
                if cur_end is None or s > cur_end + 1:
                    if cur_end is not None:
                        total += cur_end - cur_start + 1
                    cur_start, cur_end = s, e
                else:
                    cur_end = max(cur_end, e)
            total += cur_end - cur_start + 1
            out.append((period, top, total))
    return pd.DataFrame(out, columns=["period", "unit_code", "allocated"])


def _botnet_indicator(db: Db, periods: list[str]) -> pd.DataFrame:
    """I5: infected share of allocated IPv4 addresses, in months with a botnet report."""
    infected = db.execute(
        """WITH obs AS (
               SELECT o.* FROM botnet_obs o
               WHERE strftime(o.vn_date, '%Y-%m') IN (SELECT period FROM months)),
           attributed AS (
               SELECT o.ip, o.vn_date, arg_max(a.top_code, a.prefix) AS top_code
               FROM obs o
               CROSS JOIN (SELECT DISTINCT prefix FROM allocations) p
               JOIN allocations a
                 ON a.prefix = p.prefix
                AND a.net_start = ((o.ip >> (32 - p.prefix)) << (32 - p.prefix))
                AND a.valid_from <= o.vn_date
                AND (a.valid_to IS NULL OR a.valid_to >= o.vn_date)
               GROUP BY o.ip, o.vn_date)
           SELECT strftime(vn_date, '%Y-%m') AS period, top_code AS unit_code,
                  count(DISTINCT ip) AS infected
           FROM attributed GROUP BY ALL"""
    ).df()
    reported = {
        r[0]
        for r in db.execute(
            "SELECT DISTINCT strftime(report_date, '%Y-%m') FROM botnet_reports WHERE events > 0"
        ).fetchall()
    }
    frame = _allocated(db, periods).merge(infected, on=["period", "unit_code"], how="left")
    frame["infected"] = frame["infected"].fillna(0)
    frame = frame[(frame["allocated"] > 0) & frame["period"].isin(reported)].copy()
    share = frame["infected"] / frame["allocated"]
    frame["botnet_hygiene"] = [100 * max(0.0, 1 - s / 0.01) for s in share]
    return frame[["period", "unit_code", "botnet_hygiene"]]


def _warning_indicator(db: Db) -> pd.DataFrame:
    """I6: share of the month's due warnings remediated on time."""
    return db.execute(
        """WITH issued AS (
               SELECT warning_id, agency_code, deadline FROM warning_events
               WHERE event = 'issued'
               QUALIFY row_number() OVER (PARTITION BY warning_id
                                          ORDER BY event_at, deadline, agency_code) = 1),
           due AS (
               SELECT m.period, m.e, a.top_code, i.warning_id,
                      CAST(i.deadline + 1 AS TIMESTAMP) - INTERVAL 7 HOUR
                          - INTERVAL 1 MILLISECOND AS deadline_end
               FROM issued i
               JOIN agencies a ON a.code = i.agency_code
               JOIN months m ON i.deadline BETWEEN m.m_start AND m.last_day
               WHERE NOT EXISTS (SELECT 1 FROM warning_events w
                                 WHERE w.warning_id = i.warning_id AND w.event = 'withdrawn'
                                   AND w.event_at <= m.e)),
           judged AS (
               SELECT d.*,
                      (SELECT max(w.event_at) FROM warning_events w
                       WHERE w.warning_id = d.warning_id AND w.event = 'remediated'
                         AND w.event_at <= d.deadline_end) AS fixed_at
               FROM due d)
           SELECT period, top_code AS unit_code,
                  100.0 * count(*) FILTER (WHERE fixed_at IS NOT NULL AND NOT EXISTS (
                      SELECT 1 FROM warning_events w
                      WHERE w.warning_id = j.warning_id AND w.event = 'reopened'
                        AND w.event_at > j.fixed_at AND w.event_at <= j.e))
                  / count(*) AS warning_remediation
           FROM judged j GROUP BY ALL"""
    ).df()


def _web_indicator(db: Db) -> pd.DataFrame:
    """I7: mean score of the unit's domains measured by their latest scan in the month."""
    return db.execute(
        """WITH latest AS (
               SELECT m.period, d.top_code, s.domain,
                      arg_max(s.live, s.scanned_at) AS live,
                      arg_max(s.score, s.scanned_at) AS score
               FROM months m
               JOIN scans s ON strftime(s.scanned_at + INTERVAL 7 HOUR, '%Y-%m') = m.period
               JOIN domains d ON d.domain = s.domain
               GROUP BY ALL)
           SELECT period, top_code AS unit_code, 100.0 * avg(score) AS web_security
           FROM latest WHERE live GROUP BY ALL"""
    ).df()


def compute_indicators(db: Db, periods: list[str]) -> pd.DataFrame:
    """One row per (period, top-level unit valid at the month's end), with the seven indicators."""
    _months_table(db, periods)
    frame = _units(db)
    for part in (
        _dossier_indicators(db),
        _botnet_indicator(db, periods),
        _warning_indicator(db),
        _web_indicator(db),
    ):
        frame = frame.merge(part, on=["period", "unit_code"], how="left")
    for name in INDICATORS:
        frame[name] = frame[name].astype("float64")
    return frame[["period", "unit_code", "unit_name", "peer_group", *INDICATORS]]
