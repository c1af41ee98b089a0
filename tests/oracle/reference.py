"""The authority's reference lists: agencies (and the roll-up of units), requirements, address
allocations and web domains. Each loader leaves one typed table of the rows that load:

- `agencies(code, name, kind, valid_from, valid_to, top_code, peer_group)`
- `requirements(code, min_level)`
- `allocations(agency_code, top_code, net_start, net_end, prefix, valid_from, valid_to)` (IPv4)
- `domains(domain, agency_code, top_code)` (host names in lower case)
"""

from __future__ import annotations

import ipaddress
import re
from datetime import date

from .db import Db
from .landing import Landing
from .readers import FileRejected, read_csv
from .rules import (
    PROVINCE_CODES,
    all_of,
    as_date,
    as_int,
    is_date,
    is_enum,
    is_host,
    is_int,
    is_regex,
    present,
)

AGENCY_COLUMNS = (
    "code", "name", "kind", "parent_code", "province_code", "valid_from", "valid_to",
    "successor_code",
)  # fmt: skip
KINDS = ("ministry", "ministerial_agency", "government_agency", "province", "sector", "unit")
PEER_GROUP = {
    "ministry": "ministry",
    "ministerial_agency": "ministry",
    "government_agency": "ministry",
    "province": "province",
    "sector": "sector",
}


def _try_read(db: Db, landing: Landing, source: str, columns: dict[str, str], required):
    """The source's one file read, or None when it is absent or rejected as a whole."""
    lf = landing.one(source)
    if lf is None:
        return None
    try:
        table, _ = read_csv(db, lf, columns, required)
    except FileRejected:
        return None
    return table


def _unique(key: str) -> str:
    """Keep rows whose key does not repeat among the rows that keep every other rule."""
    return f"count(*) OVER (PARTITION BY {key}) = 1"


def load_agencies(db: Db, landing: Landing) -> None:
    cols = {c: c for c in AGENCY_COLUMNS}
    required = [c for c in cols if c != "successor_code"]
    raw = _try_read(db, landing, "agencies", cols, required)
    db.execute(
        "CREATE TEMP TABLE agencies (code VARCHAR, name VARCHAR, kind VARCHAR, valid_from DATE, "
        "valid_to DATE, top_code VARCHAR, peer_group VARCHAR)"
    )
    if raw is None:
        return
    provinces = ", ".join(f"'{c}'" for c in PROVINCE_CODES)
    ok = all_of(
        present("code"),
        is_regex("code", r"[A-Za-z0-9._-]{1,32}"),
        present("name"),
        present("kind"),
        is_enum("kind", KINDS),
        present("valid_from"),
        is_date("valid_from"),
        is_date("valid_to"),
        "CASE WHEN kind = 'unit' THEN parent_code IS NOT NULL ELSE parent_code IS NULL END",
        f"""CASE WHEN kind = 'province' THEN
                CASE WHEN valid_to IS NULL OR try_cast(valid_to AS DATE) >= DATE '2025-07-01'
                     THEN coalesce(province_code IN ({provinces}), false)
                     ELSE province_code IS NULL OR province_code IN ({provinces}) END
            ELSE province_code IS NULL END""",
    )
    rows = db.execute(
        f"""SELECT code, name, kind, parent_code, {as_date("valid_from")} AS valid_from,
                   {as_date("valid_to")} AS valid_to
            FROM (SELECT * FROM {raw} WHERE {ok}) QUALIFY {_unique("code")}"""
    ).fetchall()
    db.drop(raw)
    kind = {r[0]: r[2] for r in rows}
    parent = {r[0]: r[3] for r in rows}
    top: dict[str, str | None] = {}

    def resolve(code: str) -> str | None:
        """The top-level ancestor; None under a missing parent or in (or under) a loop."""
        chain: list[str] = []
        cur: str | None = code
        while True:
            if cur in top:
                result = top[cur]
                break
            if cur not in kind:
                result = None
                break
            if kind[cur] != "unit":
                result = cur
                break
            if cur in chain:
                result = None
                break
            chain.append(cur)
            cur = parent[cur]
        for c in chain:
            top[c] = result
        return result

    loaded = []
    for code, name, k, _parent, valid_from, valid_to in rows:
        top_code = resolve(code)
        if top_code is not None:
            peer = PEER_GROUP[kind[top_code]]
            loaded.append((code, name, k, valid_from, valid_to, top_code, peer))
    if loaded:
        db.con.executemany("INSERT INTO agencies VALUES (?, ?, ?, ?, ?, ?, ?)", loaded)


def load_requirements(db: Db, landing: Landing) -> None:
    cols = {c: c for c in ("code", "group", "area", "min_level", "title", "legal_ref")}
    cols = {("grp" if k == "group" else k): v for k, v in cols.items()}
    raw = _try_read(db, landing, "requirements", cols, list(cols.values()))
    db.execute("CREATE TEMP TABLE requirements (code VARCHAR, min_level INTEGER)")
    if raw is None:
        return
    ok = all_of(
        present("code"),
        present("grp"),
        is_enum("grp", ("management", "technical")),
        present("min_level"),
        is_int("min_level", 1, 5),
        present("title"),
    )
    db.execute(
        f"""INSERT INTO requirements SELECT code, {as_int("min_level")}
            FROM (SELECT * FROM {raw} WHERE {ok}) QUALIFY {_unique("code")}"""
    )
    db.drop(raw)


_CIDR = re.compile(r"[^/]+/\d{1,3}")


def _network(text: str):
    if not _CIDR.fullmatch(text):
        return None
    try:
        return ipaddress.ip_network(text, strict=True)
    except ValueError:
        return None


def load_allocations(db: Db, landing: Landing) -> None:
    cols = {c: c for c in ("cidr", "agency_code", "valid_from", "valid_to")}
    raw = _try_read(db, landing, "ip_allocations", cols, list(cols))
    db.execute(
        "CREATE TEMP TABLE allocations (agency_code VARCHAR, top_code VARCHAR, net_start UBIGINT, "
        "net_end UBIGINT, prefix INTEGER, valid_from DATE, valid_to DATE)"
    )
    if raw is None:
        return
    ok = all_of(
        present("cidr"),
        present("agency_code"),
        "agency_code IN (SELECT code FROM agencies)",
        present("valid_from"),
        is_date("valid_from"),
        is_date("valid_to"),
    )
    rows = db.execute(
        f"""SELECT r.cidr, r.agency_code, a.top_code, {as_date("r.valid_from")},
                   {as_date("r.valid_to")}
            FROM (SELECT * FROM {raw} WHERE {ok}) r JOIN agencies a ON a.code = r.agency_code"""
    ).fetchall()
    db.drop(raw)
    parsed = [(i, _network(r[0]), *r[1:]) for i, r in enumerate(rows)]
    parsed = [p for p in parsed if p[1] is not None]
    # The same network valid for two different units in overlapping periods: both set aside.
    far = date.max
    by_net: dict[tuple, list] = {}
    for p in parsed:
        by_net.setdefault((p[1].version, p[1]), []).append(p)
    conflict: set[int] = set()
    for items in by_net.values():
        for i, a in enumerate(items):
            for b in items[i + 1 :]:
                if a[2] != b[2] and a[4] <= (b[5] or far) and b[4] <= (a[5] or far):
                    conflict.update((a[0], b[0]))
    v4 = [
        (agency, top, int(net.network_address), int(net.broadcast_address), net.prefixlen, vf, vt)
        for i, net, agency, top, vf, vt in parsed
        if i not in conflict and net.version == 4
    ]
    if v4:
        db.con.executemany("INSERT INTO allocations VALUES (?, ?, ?, ?, ?, ?, ?)", v4)


def load_domains(db: Db, landing: Landing) -> None:
    cols = {c: c for c in ("domain", "agency_code", "system_id")}
    raw = _try_read(db, landing, "domains", cols, ["domain", "agency_code"])
    db.execute("CREATE TEMP TABLE domains (domain VARCHAR, agency_code VARCHAR, top_code VARCHAR)")
    if raw is None:
        return
    ok = all_of(
        present("domain"),
        is_host("domain"),
        present("agency_code"),
        "agency_code IN (SELECT code FROM agencies)",
    )
    db.execute(
        f"""INSERT INTO domains
            SELECT lower(r.domain), r.agency_code, a.top_code
            FROM (SELECT * FROM {raw} WHERE {ok} QUALIFY {_unique("lower(domain)")}) r
            JOIN agencies a ON a.code = r.agency_code"""
    )
    db.drop(raw)
