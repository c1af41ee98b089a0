"""pshtt web scan runs (`feeds/webscan/pshtt_<UTC time>.csv`): the 37 columns pshtt writes for
each domain, the scan time in the file's name."""

from __future__ import annotations

import re

from sources.checks import WARNING, Check, between
from sources.contract import BOOL, HOSTNAME_PATTERN, INT, Column, Source
from sources.rules import SourceRules

PSHTT_COLUMNS = (
    "Domain",
    "Base Domain",
    "Canonical URL",
    "Live",
    "HTTPS Live",
    "HTTPS Full Connection",
    "HTTPS Client Auth Required",
    "Redirect",
    "Redirect To",
    "Valid HTTPS",
    "HTTPS Publicly Trusted",
    "HTTPS Custom Truststore Trusted",
    "Defaults to HTTPS",
    "Downgrades HTTPS",
    "Strictly Forces HTTPS",
    "HTTPS Bad Chain",
    "HTTPS Bad Hostname",
    "HTTPS Expired Cert",
    "HTTPS Self Signed Cert",
    "HSTS",
    "HSTS Header",
    "HSTS Max Age",
    "HSTS Entire Domain",
    "HSTS Preload Ready",
    "HSTS Preload Pending",
    "HSTS Preloaded",
    "Base Domain HSTS Preloaded",
    "Domain Supports HTTPS",
    "Domain Enforces HTTPS",
    "Domain Uses Strong HSTS",
    "IP",
    "Server Header",
    "Server Version",
    "HTTPS Cert Chain Length",
    "HTTPS Probably Missing Intermediate Cert",
    "Notes",
    "Unknown Error",
)
PSHTT_TEXT = {
    "Base Domain",
    "Canonical URL",
    "Redirect To",
    "HSTS Header",
    "IP",
    "Server Header",
    "Server Version",
    "Notes",
    "Unknown Error",
}
PSHTT_INT = {"HSTS Max Age", "HTTPS Cert Chain Length"}


def _pshtt_column(name: str) -> Column:
    raw = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    if name == "Domain":
        return Column(
            name,
            required=True,
            pattern=HOSTNAME_PATTERN,
            pattern_hint="a host name",
            raw_name="domain",
        )
    if name in PSHTT_TEXT:
        return Column(name, raw_name=raw)
    if name in PSHTT_INT:
        return Column(name, INT, raw_name=raw)
    return Column(name, BOOL, raw_name=raw)


SOURCE = Source(
    stale_after_days=8,
    name="webscan",
    table="webscan",
    path_pattern=re.compile(r"feeds/webscan/pshtt_(?P<time>\d{8}T\d{6}Z)\.csv"),
    reader="csv",
    description=(
        "Các lượt quét website bằng pshtt, thời điểm quét (UTC) ghi trong tên tệp",
        "pshtt web scan runs, the scan time (UTC) in the name",
    ),
    words=("Quét an toàn website (pshtt)", "Web scans (pshtt)"),
    columns=tuple(_pshtt_column(n) for n in PSHTT_COLUMNS),
    required_columns=PSHTT_COLUMNS,
    extra_raw_columns=(("scanned_at", "TIMESTAMPTZ"),),
    rules=SourceRules(
        computed=lambda ctx: [
            (
                "scanned_at",
                f"TIMESTAMPTZ '{ctx.file_time.isoformat()}'"
                if ctx.file_time
                else "NULL::TIMESTAMPTZ",
            )
        ],
    ),
    # `top`: each agency and its top-level unit (quality.freshness provides it).
    unit_days_seen="""
    SELECT DISTINCT top.top_level_code, timezone('Asia/Ho_Chi_Minh', w.scanned_at)::DATE AS day
    FROM staging.stg_monitoring__webscans w
    JOIN staging.stg_reference__domains d USING (domain) JOIN top USING (agency_code)
""",
    checks=(
        Check(
            suite="webscan",
            name="scan_lists_most_registered_domains",
            severity=WARNING,
            asset=("raw", "webscan"),
            description=(
                "Một lượt quét pshtt phải liệt kê ít nhất 80% số tên miền đã đăng ký.",
                "A pshtt run should list at least 80% of the registered domains.",
            ),
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
            words=(
                "Lượt quét website liệt kê dưới 80% tên miền đã đăng ký",
                "A web scan lists fewer than 80% of the registered domains",
            ),
        ),
    ),
)
