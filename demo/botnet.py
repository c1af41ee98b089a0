"""Sinkhole reports (feeds/botnet/YYYY-MM-DD-<report>-<anything>.csv[.gz]), written by DuckDB.

Every day has one or more reports: the infected-system report ``event4_sinkhole`` on most days
(sometimes also its HTTP variant with the extra ``http_*`` columns) and the older ``botnet_drone``
report on some days; the day's sightings are split between them. Some files are gzip-compressed.

Rows are generated in SQL from ``range(n)``: every value is ``hash(salt, day, row, k)``
arithmetic, so a file is the same bytes on every run and no Python loop touches the rows. Infected
hosts of the Vietnamese public address space keep their address for a few days (DHCP leases) and
are sighted once or more a day; the few sightings inside state address blocks (and IPv6 ones) come
from :mod:`demo.infections` and are merged in by time. Timestamps are UTC, over the whole
UTC day, so a month's last day has sightings from 17:00 UTC on, which is already the next month in
Vietnam; a few are written in ISO form with ``T`` and ``Z``.
"""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import duckdb

from core.whole_file import written_whole

from .infections import FAMILIES, Observation
from .jobs import Job
from .period import Period
from .rand import sql_salt, stream
from .scale import ScaleConfig
from .writer import PARTIAL, LandingWriter

EVENT4_COLUMNS = [
    "timestamp",
    "protocol",
    "src_ip",
    "src_port",
    "src_asn",
    "src_geo",
    "src_region",
    "src_city",
    "src_hostname",
    "src_naics",
    "src_sector",
    "device_vendor",
    "device_type",
    "device_model",
    "severity",
    "dst_ip",
    "dst_port",
    "dst_asn",
    "dst_geo",
    "dst_region",
    "dst_city",
    "dst_hostname",
    "dst_naics",
    "dst_sector",
    "public_source",
    "infection",
    "family",
    "tag",
    "application",
    "version",
    "event_id",
    "ssl_cipher",
    "ssl_servername",
]
EVENT4_HTTP_EXTRA = [
    "http_url",
    "http_host",
    "http_agent",
    "forwarded_by",
    "http_referer",
    "machine_name",
]
DRONE_COLUMNS = [
    "timestamp",
    "ip",
    "port",
    "asn",
    "geo",
    "region",
    "city",
    "hostname",
    "type",
    "infection",
    "url",
    "agent",
    "cc",
    "cc_port",
    "cc_asn",
    "cc_geo",
    "cc_dns",
    "count",
    "proxy",
    "application",
    "p0f_genre",
    "p0f_detail",
    "machine_name",
    "id",
    "naics",
    "sic",
]

# The Vietnamese public IPv4 space the background infections are drawn from, with its ASN
# (VNPT 45899, Viettel 7552, FPT 18403). None of it overlaps the state blocks.
BACKGROUND_BLOCKS: tuple[tuple[str, int], ...] = (
    ("14.160.0.0/11", 45899),
    ("113.160.0.0/11", 45899),
    ("123.16.0.0/12", 45899),
    ("27.64.0.0/12", 7552),
    ("171.224.0.0/11", 7552),
    ("116.96.0.0/12", 7552),
    ("117.0.0.0/13", 7552),
    ("125.234.0.0/15", 7552),
    ("42.112.0.0/13", 18403),
    ("1.52.0.0/14", 18403),
    ("118.68.0.0/14", 18403),
    ("115.72.0.0/13", 18403),
)
REGIONS: tuple[tuple[str, str, int], ...] = (
    ("HA NOI", "Hanoi", 10),
    ("HO CHI MINH", "Ho Chi Minh City", 10),
    ("DA NANG", "Da Nang", 3),
    ("HAI PHONG", "Hai Phong", 3),
    ("CAN THO", "Can Tho", 2),
    ("DONG NAI", "Bien Hoa", 2),
    ("BAC NINH", "Bac Ninh", 2),
    ("NGHE AN", "Vinh", 2),
    ("KHANH HOA", "Nha Trang", 1),
    ("THANH HOA", "Thanh Hoa", 1),
    ("HUE", "Hue", 1),
    ("LAM DONG", "Da Lat", 1),
)
FAMILY_WEIGHTS = {
    "mirai": 6,
    "gamut": 3,
    "andromeda": 3,
    "conficker": 2,
    "sality": 2,
    "necurs": 1,
    "ramnit": 2,
    "qsnatch": 1,
}
SINKHOLES = (
    ("198.51.100.7", 64500, "US"),
    ("198.51.100.23", 64501, "DE"),
    ("203.0.113.80", 64502, "NL"),
)
AGENTS = (
    "Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 6.1)",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
    "Wget(linux)",
    "python-requests/2.31",
)
INVALID_ADDRESS = "113.190.256.12"


@dataclass
class Report:
    rel: str
    layout: str  # event4 | event4_http | drone
    part_lo: int  # rows whose part (0..999) falls in [part_lo, part_hi) go to this report
    part_hi: int
    gzip: bool


@dataclass
class DayPlan:
    day: date
    hosts: int
    rows: int
    reports: list[Report]
    state: list[tuple[Observation, int, bool]] = field(default_factory=list)  # (obs, part, bad)


def plan_days(
    seed: int, scale: ScaleConfig, period: Period, state: dict[date, list[Observation]]
) -> list[DayPlan]:
    plans = []
    bad_day = period.start + timedelta(days=int(period.n_days * 0.6))
    for day in period.days():
        rng = stream(seed, "botnet-plan", day)
        wave = 1 + 0.05 * math.sin(2 * math.pi * day.toordinal() / 7) + rng.gauss(0, 0.02)
        hosts = max(1, round(scale.botnet_hosts_per_day * wave))
        rows = hosts + round(hosts * scale.botnet_repeat_share * (0.8 + 0.4 * rng.random()))
        kinds: list[tuple[str, str, float]] = []
        if rng.random() < 0.9 or day == bad_day:
            kinds.append(("event4_sinkhole", "event4", 1.0))
        if rng.random() < 0.12:
            kinds.append(("event4_sinkhole_http", "event4_http", 0.15))
        if rng.random() < 0.25 or not kinds:
            kinds.append(("botnet_drone", "drone", 0.35))
        total = sum(w for _, _, w in kinds)
        reports, lo, acc = [], 0, 0.0
        for name, layout, weight in kinds:
            acc += weight
            hi = 1000 if acc >= total else round(1000 * acc / total)
            gz = rng.random() < scale.gzip_share
            suffix = ".csv.gz" if gz else ".csv"
            rel = f"feeds/botnet/{day.isoformat()}-{name}-vietnam-{rng.randint(1000, 9999)}{suffix}"
            reports.append(Report(rel, layout, lo, hi, gz))
            lo = hi
        plan = DayPlan(day, hosts, rows, reports)
        for obs in state.get(day, []):
            plan.state.append((obs, rng.randrange(1000), False))
        plan.rows = max(plan.rows, 2 * len(plan.state) + 2)
        if day == bad_day:
            e4 = reports[0]
            bad = Observation(day, rng.randrange(3600, 80000), INVALID_ADDRESS, 0, 40123)
            plan.state.append((bad, e4.part_lo, True))
        plans.append(plan)
    return plans


def _coprime_step(n: int, salt: int) -> int:
    """A multiplier that makes ``i -> (i * step) mod n`` a permutation of ``range(n)``."""
    step = 1_000_003 + salt % 1000
    while math.gcd(step, n) != 1:
        step += 1
    return step


def state_positions(plan: DayPlan) -> list[int]:
    """Row positions of the planted sightings: where their time falls in the day, all distinct."""
    taken: set[int] = set()
    out = []
    for obs, _, _ in plan.state:
        pos = min(plan.rows - 1, obs.second * plan.rows // 86400)
        while pos in taken:
            pos = (pos + 1) % plan.rows
        taken.add(pos)
        out.append(pos)
    return out


def _list(values: Sequence[object]) -> str:
    return "[" + ", ".join(f"'{v}'" if isinstance(v, str) else str(v) for v in values) + "]"


class _Sql:
    """The SQL text of one day's sightings and of each report layout."""

    def __init__(self, salt: int) -> None:
        self.salt = salt
        weights: list[int] = []
        bases: list[int] = []
        n24s: list[int] = []
        asns: list[int] = []
        for i, (cidr, asn) in enumerate(BACKGROUND_BLOCKS, start=1):
            net = ipaddress.ip_network(cidr)
            bases.append(int(net.network_address))
            n24s.append(net.num_addresses // 256)
            asns.append(asn)
            weights.extend([i] * (net.num_addresses // 65536))
        self.block_pick = _list(weights)
        self.n_pick = len(weights)
        self.bases = _list(bases)
        self.n24s = _list(n24s)
        self.asns = _list(asns)
        self.regions = _list([r for r, _, w in REGIONS for _ in range(w)])
        self.cities = _list([c for _, c, w in REGIONS for _ in range(w)])
        self.n_regions = sum(w for _, _, w in REGIONS)
        fam_pick = [FAMILIES.index(f) for f, w in FAMILY_WEIGHTS.items() for _ in range(w)]
        self.fam_pick = _list(fam_pick)
        self.n_fam = len(fam_pick)
        self.families = _list(list(FAMILIES))

    def day_rows(self, plan: DayPlan) -> str:
        """Every sighting of the day, one row per ``i`` in time order (no sort needed).

        Row ``i`` falls in the ``i``-th equal slice of the UTC day. Hosts are spread over the rows
        by a permutation ``j = (i * step + shift) mod n``: rows with ``j < hosts`` see every host
        once, the others see a host again. The planted state-block sightings replace the rows at
        their positions (``st`` > 0 indexes them).
        """
        s, k, n, hosts = self.salt, plan.day.toordinal(), plan.rows, plan.hosts
        step, shift = _coprime_step(n, s), (s + k) % n
        width = max(1, 86400 // n)
        positions = state_positions(plan)
        st = {
            "pos": _list(positions or [-1]),
            "ip": _list([o.ip for o, _, _ in plan.state] or [""]),
            "fam": _list([o.family for o, _, _ in plan.state] or [0]),
            "port": _list([o.port for o, _, _ in plan.state] or [0]),
            "part": _list([part for _, part, _ in plan.state] or [0]),
            "bad": _list([str(bad).lower() for _, _, bad in plan.state] or ["false"]),
        }
        st["bad"] = st["bad"].replace("'", "")
        return f"""
        WITH raw AS (
            SELECT range AS i,
                   coalesce(list_position({st["pos"]}, range), 0)::INT AS st,
                   (range * {step} + {shift}) % {n} AS j
            FROM range({n})
        ),
        hosted AS (
            SELECT i, st,
                   CASE WHEN j < {hosts} THEN j ELSE hash({s}, {k}, j, 10) % {hosts} END AS host
            FROM raw
        ),
        leased AS (
            SELECT i, st, host,
                   ({k} + hash({s}, host, 21) % (1 + hash({s}, host, 20) % 7))
                     // (1 + hash({s}, host, 20) % 7) AS epoch
            FROM hosted
        ),
        placed AS (
            SELECT i, st, host,
                   {self.block_pick}[1 + (hash({s}, host, epoch, 22) % {self.n_pick})::INT] AS b,
                   hash({s}, host, epoch, 23) AS h24,
                   hash({s}, host, epoch, 24) AS h8
            FROM leased
        ),
        background AS (
            SELECT i, st,
                   ({self.bases}[b] + (h24 % {self.n24s}[b]) * 256 + 1 + h8 % 254) AS addr,
                   {self.fam_pick}[1 + (hash({s}, host, 25) % {self.n_fam})::INT] AS fam,
                   (1024 + hash({s}, {k}, i, 13) % 64000)::INT AS port,
                   (hash({s}, {k}, i, 14) % 1000)::INT AS part,
                   {self.asns}[b] AS asn
            FROM placed
        )
        SELECT i,
               CASE WHEN st > 0 THEN {st["ip"]}[st]
                    ELSE (addr >> 24)::VARCHAR || '.' || ((addr >> 16) & 255)::VARCHAR || '.'
                         || ((addr >> 8) & 255)::VARCHAR || '.' || (addr & 255)::VARCHAR
               END AS ip,
               CASE WHEN st > 0 THEN {st["fam"]}[st] ELSE fam END AS fam,
               CASE WHEN st > 0 THEN {st["port"]}[st] ELSE port END AS port,
               CASE WHEN st > 0 THEN {st["part"]}[st] ELSE part END AS part,
               CASE WHEN st > 0 THEN 45899 ELSE asn END AS asn,
               st > 0 AND {st["bad"]}[greatest(st, 1)] AS bad,
               1 + (hash({s}, i, {k}, 30) % {self.n_regions})::INT AS r,
               hash({s}, i, {k}, 31) AS h,
               TIMESTAMP '{plan.day.isoformat()} 00:00:00'
                 + to_seconds(i * 86400 // {n} + (hash({s}, {k}, i, 11) % {width})::BIGINT) AS ts
        FROM background
        """

    def timestamp(self) -> str:
        return (
            "CASE WHEN h % 23 = 0 THEN strftime(ts, '%Y-%m-%dT%H:%M:%SZ') "
            "ELSE strftime(ts, '%Y-%m-%d %H:%M:%S') END"
        )

    def select(self, plan: DayPlan, report: Report) -> str:
        fam = f"{self.families}[fam + 1]"
        sink = "(1 + (h >> 8) % 3)::INT"
        sink_ip = _list([x[0] for x in SINKHOLES])
        sink_asn = _list([x[1] for x in SINKHOLES])
        sink_geo = _list([x[2] for x in SINKHOLES])
        agents = _list(list(AGENTS))
        null = "NULL::VARCHAR"
        if report.layout == "drone":
            cols = {
                "timestamp": self.timestamp(),
                "ip": "ip",
                "port": "port",
                "asn": "asn",
                "geo": "'VN'",
                "region": f"{self.regions}[r]",
                "city": f"{self.cities}[r]",
                "hostname": null,
                "type": "'tcp'",
                "infection": fam,
                "url": f"CASE WHEN fam IN (2, 6) THEN '/gate.php' ELSE {null} END",
                "agent": f"CASE WHEN fam IN (2, 6) THEN {agents}[1 + ((h >> 12) % 4)::INT] END",
                "cc": f"{sink_ip}[{sink}]",
                "cc_port": "CASE WHEN (h >> 16) % 4 = 0 THEN 443 ELSE 80 END",
                "cc_asn": f"{sink_asn}[{sink}]",
                "cc_geo": f"{sink_geo}[{sink}]",
                "cc_dns": null,
                "count": "(1 + (h >> 20) % 5)::INT",
                "proxy": null,
                "application": null,
                "p0f_genre": "CASE WHEN fam IN (0, 1, 7) THEN 'Linux' ELSE 'Windows' END",
                "p0f_detail": "CASE WHEN fam IN (0, 1, 7) THEN '2.6.x' ELSE '7 or 8' END",
                "machine_name": null,
                "id": "(1000000000 + (h >> 24) % 8999999999)::BIGINT",
                "naics": null,
                "sic": null,
            }
            assert list(cols) == DRONE_COLUMNS
        else:
            cols = {
                "timestamp": self.timestamp(),
                "protocol": "CASE WHEN (h >> 4) % 10 = 0 THEN 'udp' ELSE 'tcp' END",
                "src_ip": "ip",
                "src_port": "port",
                "src_asn": "asn",
                "src_geo": "'VN'",
                "src_region": f"{self.regions}[r]",
                "src_city": f"{self.cities}[r]",
                "src_hostname": null,
                "src_naics": null,
                "src_sector": null,
                "device_vendor": "CASE WHEN fam = 0 THEN ['Hikvision', 'Dahua', 'TP-Link', "
                "'MikroTik'][1 + ((h >> 28) % 4)::INT] END",
                "device_type": "CASE WHEN fam = 0 THEN ['camera', 'dvr', 'router', "
                "'router'][1 + ((h >> 28) % 4)::INT] END",
                "device_model": null,
                "severity": "CASE WHEN fam IN (0, 2, 5) THEN 'critical' ELSE 'high' END",
                "dst_ip": f"{sink_ip}[{sink}]",
                "dst_port": "CASE WHEN (h >> 16) % 4 = 0 THEN 443 ELSE 80 END",
                "dst_asn": f"{sink_asn}[{sink}]",
                "dst_geo": f"{sink_geo}[{sink}]",
                "dst_region": null,
                "dst_city": null,
                "dst_hostname": null,
                "dst_naics": null,
                "dst_sector": null,
                "public_source": "CASE WHEN (h >> 32) % 3 = 0 THEN 'VNCERT' ELSE 'CNCERT' END",
                "infection": fam,
                "family": fam,
                "tag": "'botnet'",
                "application": "CASE WHEN (h >> 16) % 4 = 0 THEN 'https' ELSE 'http' END",
                "version": null,
                "event_id": "(1000000000 + (h >> 24) % 8999999999)::BIGINT",
                "ssl_cipher": null,
                "ssl_servername": null,
            }
            assert list(cols) == EVENT4_COLUMNS
            if report.layout == "event4_http":
                cols |= {
                    "http_url": "'/' || ['gate.php', 'index.php', 'bins/x86', 'api/ping']"
                    "[1 + ((h >> 36) % 4)::INT]",
                    "http_host": f"{sink_ip}[{sink}]",
                    "http_agent": f"{agents}[1 + ((h >> 12) % 4)::INT]",
                    "forwarded_by": null,
                    "http_referer": null,
                    "machine_name": null,
                }
        body = ",\n".join(f'{expr} AS "{name}"' for name, expr in cols.items())
        where = f"part >= {report.part_lo} AND part < {report.part_hi}"
        return f"SELECT {body} FROM ({self.day_rows(plan)}) WHERE {where}"

    def bad_row_number(self, plan: DayPlan, report: Report) -> str:
        where = f"part >= {report.part_lo} AND part < {report.part_hi}"
        return f"""
            WITH day AS ({self.day_rows(plan)})
            SELECT count(*) FILTER (WHERE i < (SELECT min(i) FROM day WHERE bad)) + 2
            FROM day WHERE {where}
        """


def copy_csv(con: duckdb.DuckDBPyConnection, query: str, final: Path, gzip: bool) -> int:
    """COPY the rows of ``query`` into ``final`` (written whole, then renamed); rows written."""
    compression = "gzip" if gzip else "none"
    with written_whole(final, tag=PARTIAL) as tmp:
        path = str(tmp).replace("'", "''")
        result = con.execute(
            f"COPY ({query}) TO '{path}' "
            f"(FORMAT csv, HEADER, DELIMITER ',', COMPRESSION {compression})"
        ).fetchone()
    return int(result[0]) if result else 0


def botnet_jobs(
    w: LandingWriter,
    seed: int,
    scale: ScaleConfig,
    period: Period,
    state: dict[date, list[Observation]],
) -> list[Job]:
    sql = _Sql(sql_salt(seed, "botnet"))
    jobs = []
    for plan in plan_days(seed, scale, period, state):
        for report in plan.reports:
            has_bad = any(
                bad for _, part, bad in plan.state if report.part_lo <= part < report.part_hi
            )

            def run(
                con: duckdb.DuckDBPyConnection,
                plan: DayPlan = plan,
                report: Report = report,
                has_bad: bool = has_bad,
            ) -> None:
                rows = copy_csv(con, sql.select(plan, report), w.path(report.rel), report.gzip)
                w.record(report.rel, rows)
                if has_bad:
                    (number,) = con.execute(sql.bad_row_number(plan, report)).fetchone()
                    w.summary.add_bad_row(
                        report.rel, int(number), "src_ip", f"{INVALID_ADDRESS} is not an IP address"
                    )

            jobs.append(Job(files=1, run=run, duck=True))
    return jobs
