"""The national monitoring feeds: botnet sinkhole reports, pshtt web scans, warning lifecycle
events and sensor heartbeats. The heavy ones are read and reduced in DuckDB, file by file:

- `botnet_reports(report_date, events)`: loaded infected-system reports and their kept events
- `botnet_obs(ip, vn_date)`: distinct IPv4 addresses seen per Vietnamese day, only those inside
  some allocated block (the only ones that can be attributed to a unit)
- `scans(scanned_at, domain, live, score)`: one row per domain listed in a scan run
- `warning_events(warning_id, event, event_at, agency_code, deadline)`
- `heartbeat_windows(system_id, period)`: systems with a heartbeat in the 7 days before the end of
  that month
- `dated(day)`: the Vietnamese dates of the feeds' data, for the calendar of months
"""

from __future__ import annotations

from .db import Db
from .landing import Landing
from .readers import FileRejected, read_csv, read_csv_header, read_jsonl
from .rules import (
    IPV4_RE,
    IPV6_RE,
    TIMESTAMP_RE,
    all_of,
    as_date,
    as_timestamp,
    is_date,
    is_enum,
    is_host,
    is_regex,
    is_timestamp,
    lit,
    present,
)

VN = "INTERVAL 7 HOUR"

PSHTT_COLUMNS = [
    "Domain", "Base Domain", "Canonical URL", "Live", "HTTPS Live", "HTTPS Full Connection",
    "HTTPS Client Auth Required", "Redirect", "Redirect To", "Valid HTTPS",
    "HTTPS Publicly Trusted", "HTTPS Custom Truststore Trusted", "Defaults to HTTPS",
    "Downgrades HTTPS", "Strictly Forces HTTPS", "HTTPS Bad Chain", "HTTPS Bad Hostname",
    "HTTPS Expired Cert", "HTTPS Self Signed Cert", "HSTS", "HSTS Header", "HSTS Max Age",
    "HSTS Entire Domain", "HSTS Preload Ready", "HSTS Preload Pending", "HSTS Preloaded",
    "Base Domain HSTS Preloaded", "Domain Supports HTTPS", "Domain Enforces HTTPS",
    "Domain Uses Strong HSTS", "IP", "Server Header", "Server Version", "HTTPS Cert Chain Length",
    "HTTPS Probably Missing Intermediate Cert", "Notes", "Unknown Error",
]  # fmt: skip
PSHTT_NOT_BOOLEAN = {
    "Domain", "Base Domain", "Canonical URL", "Redirect To", "HSTS Header", "HSTS Max Age", "IP",
    "Server Header", "Server Version", "HTTPS Cert Chain Length", "Notes", "Unknown Error",
}  # fmt: skip
FAULTS = ("HTTPS Bad Chain", "HTTPS Bad Hostname", "HTTPS Expired Cert", "HTTPS Self Signed Cert")
CHECKS = ("Domain Supports HTTPS", "Domain Enforces HTTPS", "Domain Uses Strong HSTS")


def _ident(header: str) -> str:
    return "p_" + header.lower().replace(" ", "_")


def _create_tables(db: Db) -> None:
    db.execute("CREATE TEMP TABLE dated (day DATE)")
    db.execute("CREATE TEMP TABLE botnet_reports (report_date DATE, events BIGINT)")
    db.execute("CREATE TEMP TABLE botnet_obs (ip UBIGINT, vn_date DATE)")
    db.execute(
        "CREATE TEMP TABLE scans (scanned_at TIMESTAMP, domain VARCHAR, live BOOLEAN, score DOUBLE)"
    )
    db.execute(
        "CREATE TEMP TABLE warning_events (warning_id VARCHAR, event VARCHAR, "
        "event_at TIMESTAMP, agency_code VARCHAR, deadline DATE)"
    )
    db.execute("CREATE TEMP TABLE heartbeat_windows (system_id VARCHAR, period VARCHAR)")


def load_botnet(db: Db, landing: Landing) -> None:
    db.execute(
        """CREATE TEMP TABLE alloc_buckets AS
           SELECT DISTINCT unnest(range(CAST(net_start >> 16 AS BIGINT),
                                        CAST(net_end >> 16 AS BIGINT) + 1)) AS b
           FROM allocations"""
    )
    for lf in landing.of("botnet"):
        try:
            names = read_csv_header(lf.path, lf.gzip)
            if "src_ip" in names:
                address = "src_ip"
            elif "ip" in names:
                address = "ip"
            else:
                raise FileRejected("the header is neither the event4 nor the drone layout")
            raw, _ = read_csv(
                db, lf, {"ts": "timestamp", "addr": address}, ["timestamp", address], nfc=False
            )
        except FileRejected:
            continue
        # The v1.1 window: from D - 7 days, 00:00 UTC, to the end of D + 1 day (UTC).
        d = lf.file_date.isoformat()
        events = db.fresh("ev")
        db.execute(
            f"""CREATE TEMP TABLE {events} AS
                SELECT CAST(t + {VN} AS DATE) AS vn_date,
                       CASE WHEN v4 THEN
                           (CAST(split_part(addr, '.', 1) AS UBIGINT) << 24)
                           + (CAST(split_part(addr, '.', 2) AS UBIGINT) << 16)
                           + (CAST(split_part(addr, '.', 3) AS UBIGINT) << 8)
                           + CAST(split_part(addr, '.', 4) AS UBIGINT) END AS ip
                FROM (
                    SELECT {as_timestamp("ts")} AS t, addr,
                           regexp_full_match(addr, {lit(IPV4_RE)}) AS v4
                    FROM {raw}
                    WHERE regexp_full_match(ts, {lit(TIMESTAMP_RE)}) AND addr IS NOT NULL
                )
                WHERE t >= DATE '{d}' - INTERVAL 7 DAY
                  AND t <= DATE '{d}' + INTERVAL 2 DAY - INTERVAL 1 MILLISECOND
                  AND CASE WHEN v4 THEN true ELSE regexp_full_match(addr, {lit(IPV6_RE)}) END"""
        )
        db.drop(raw)
        n, lo, hi = db.execute(
            f"SELECT count(*), min(vn_date), max(vn_date) FROM {events}"
        ).fetchone()
        db.execute("INSERT INTO botnet_reports VALUES (?, ?)", [lf.file_date, n])
        if n:
            db.execute("INSERT INTO dated VALUES (?), (?), (?)", [lf.file_date, lo, hi])
            db.execute(
                f"""INSERT INTO botnet_obs
                    SELECT DISTINCT ip, vn_date FROM {events}
                    WHERE ip IS NOT NULL AND (ip >> 16) IN (SELECT b FROM alloc_buckets)"""
            )
        db.drop(events)
    db.execute(
        "CREATE OR REPLACE TEMP TABLE botnet_obs AS SELECT DISTINCT ip, vn_date FROM botnet_obs"
    )


def load_webscan(db: Db, landing: Landing) -> None:
    cols = {_ident(h): h for h in PSHTT_COLUMNS}
    booleans = [_ident(h) for h in PSHTT_COLUMNS if h not in PSHTT_NOT_BOOLEAN]
    ok = all_of(
        present("p_domain"),
        is_host("p_domain"),
        *(f"({b} IS NULL OR {b} IN ('True', 'False'))" for b in booleans),
    )
    true = "coalesce({} = 'True', false)"
    checks = " + ".join(f"CAST({true.format(_ident(c))} AS INTEGER)" for c in CHECKS)
    fault = " OR ".join(true.format(_ident(c)) for c in FAULTS)
    for lf in landing.of("webscan"):
        try:
            raw, _ = read_csv(db, lf, cols)
        except FileRejected:
            continue
        at = lf.scanned_at.isoformat(sep=" ")
        n = db.execute(
            f"""INSERT INTO scans
                SELECT TIMESTAMP '{at}', lower(p_domain), {true.format("p_live")},
                       ({checks} + CAST(NOT ({fault}) AS INTEGER)) / 4.0
                FROM (SELECT * FROM {raw} WHERE {ok})
                QUALIFY count(*) OVER (PARTITION BY lower(p_domain)) = 1"""
        ).fetchone()[0]
        if n:
            db.execute(f"INSERT INTO dated VALUES (CAST(TIMESTAMP '{at}' + {VN} AS DATE))")
        db.drop(raw)


WARNING_FIELDS = (
    "warning_id",
    "event",
    "at",
    "agency_code",
    "system_id",
    "cve",
    "severity",
    "deadline",
)


def load_warnings(db: Db, landing: Landing) -> None:
    issued_rule = all_of(
        present("agency_code"),
        present("cve"),
        is_regex("cve", r"CVE-\d{4}-\d{4,}"),
        present("severity"),
        is_enum("severity", ("critical", "high", "medium", "low")),
        present("deadline"),
        is_date("deadline"),
    )
    ok = all_of(
        "_object",
        present("warning_id"),
        present("event"),
        is_enum("event", ("issued", "remediated", "reopened", "withdrawn")),
        present('"at"'),
        is_timestamp('"at"'),
        f"event <> 'issued' OR {issued_rule}",
    )
    for lf in landing.of("warnings"):
        try:
            raw = read_jsonl(db, lf, WARNING_FIELDS)
        except FileRejected:
            continue
        db.execute(
            f"""INSERT INTO warning_events
                SELECT warning_id, event, {as_timestamp('"at"')}, agency_code,
                       CASE WHEN event = 'issued' THEN {as_date("deadline")} END
                FROM {raw} WHERE {ok}"""
        )
        db.drop(raw)
    db.execute(
        f"""INSERT INTO dated SELECT CAST(min(event_at) + {VN} AS DATE) FROM warning_events
            UNION ALL SELECT CAST(max(event_at) + {VN} AS DATE) FROM warning_events"""
    )


def load_heartbeats(db: Db, landing: Landing) -> None:
    ok = all_of(
        "_object", present("system_id"), present("sensor_id"), present('"at"'), is_timestamp('"at"')
    )
    for lf in landing.of("heartbeats"):
        try:
            raw = read_jsonl(db, lf, ("system_id", "sensor_id", "at"))
        except FileRejected:
            continue
        beats = db.fresh("hb")
        db.execute(
            f"""CREATE TEMP TABLE {beats} AS
                SELECT system_id, beat_at, date_trunc('month', beat_at + {VN}) AS m_start
                FROM (SELECT system_id, {as_timestamp('"at"')} AS beat_at FROM {raw} WHERE {ok})"""
        )
        db.drop(raw)
        # E of the heartbeat's own (Vietnamese) month, as UTC: the only window it can fall in.
        db.execute(
            f"""INSERT INTO heartbeat_windows
                SELECT DISTINCT system_id, strftime(m_start, '%Y-%m')
                FROM (SELECT *, m_start + INTERVAL 1 MONTH - {VN} - INTERVAL 1 MILLISECOND AS e
                      FROM {beats})
                WHERE beat_at > e - INTERVAL 7 DAY AND beat_at <= e"""
        )
        db.execute(
            f"""INSERT INTO dated SELECT CAST(min(beat_at) + {VN} AS DATE) FROM {beats}
                UNION ALL SELECT CAST(max(beat_at) + {VN} AS DATE) FROM {beats}"""
        )
        db.drop(beats)
    db.execute(
        "CREATE OR REPLACE TEMP TABLE heartbeat_windows AS "
        "SELECT DISTINCT system_id, period FROM heartbeat_windows"
    )


def load_feeds(db: Db, landing: Landing) -> None:
    _create_tables(db)
    load_botnet(db, landing)
    load_webscan(db, landing)
    load_warnings(db, landing)
    load_heartbeats(db, landing)
