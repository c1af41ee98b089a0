"""Sinkhole reports of infected addresses (`feeds/botnet/<date>-<report>-<name>.csv[.gz]`), as
the national CERT receives them from Shadowserver.

Only infected-system report types belong here; the three header layouts (event4/event6, drone,
the old HTTP drone) each say where the kept columns come from; events outside the window around
the report's date are set aside; every address is parsed into its version and its number, so
that attributing it to an allocated block is integer arithmetic.
"""

from __future__ import annotations

import datetime as dt
import re

from sources.checks import WARNING, Check, between
from sources.contract import INT, TIMESTAMP, Column, Source
from sources.rules import (
    FileContext,
    FileLevelError,
    RowCheck,
    SourceRules,
    c,
    date_literal,
    quoted_value,
    sql_string,
    t,
    v,
)

# Contract v1.1: the report types (the `<report>` of a botnet file's name) that are
# infected-system reports. Any other type (scans, blocklists, honeypots, referrers) is rejected:
# counting open servers as infections would move scores.
BOTNET_REPORT_TYPES = frozenset(
    {
        "event4_sinkhole",
        "event4_sinkhole_http",
        "event4_sinkhole_dns",
        "event6_sinkhole",
        "event6_sinkhole_http",
        "event6_sinkhole_dns",
        "event4_microsoft_sinkhole",
        "event4_microsoft_sinkhole_http",
        "event6_microsoft_sinkhole",
        "event6_microsoft_sinkhole_http",
        "botnet_drone",
        "drone",
        "sinkhole_http_drone",
        "microsoft_sinkhole",
    }
)

# The three header shapes of a sinkhole report and, for each, the file's column that each kept
# column comes from (header names folded).
BOTNET_LAYOUTS: dict[str, dict[str, str]] = {
    "event4_sinkhole": {
        "timestamp": "timestamp",
        "src_ip": "ip",
        "src_port": "port",
        "src_asn": "asn",
        "infection": "infection",
        "family": "family",
    },
    "drone": {
        "timestamp": "timestamp",
        "ip": "ip",
        "port": "port",
        "asn": "asn",
        "infection": "infection",
        "family": "family",
    },
    "sinkhole_http_drone": {
        "timestamp": "timestamp",
        "ip": "ip",
        "src_port": "port",
        "asn": "asn",
        "type": "infection",
    },
}


def botnet_layout(folded_header: set[str]) -> str | None:
    """Which of the three sinkhole layouts a header is: event4/event6 (`src_ip`), drone (`ip`
    and `infection`), or the old HTTP drone (`ip` and `type`, no `infection`)."""
    if "src_ip" in folded_header:
        return "event4_sinkhole"
    if "ip" in folded_header and "infection" in folded_header:
        return "drone"
    if "ip" in folded_header and "type" in folded_header:
        return "sinkhole_http_drone"
    return None


# The window of event times a sinkhole report dated D may list: from D - 7 days (00:00 UTC) to
# the end of D + 1 day (UTC). Events outside it are set aside.
BOTNET_WINDOW_DAYS_BEFORE = 7
BOTNET_WINDOW_DAYS_AFTER = 1

OCTET = r"(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
IPV4 = OCTET + r"(\." + OCTET + r"){3}"


def _check_report_type(ctx: FileContext) -> None:
    if (ctx.report or "").lower() not in BOTNET_REPORT_TYPES:
        raise FileLevelError(
            f"report type {ctx.report} is not an infected-system report: only sinkhole and "
            "drone reports (event4_sinkhole, event6_sinkhole, botnet_drone, "
            "sinkhole_http_drone, …) belong in feeds/botnet/"
        )


def _layout_aliases(ctx: FileContext, header: list[str]) -> dict[str, str]:
    ctx.layout = botnet_layout({h.strip().casefold() for h in header})
    if ctx.layout is None:
        raise FileLevelError(
            "the header is none of the three sinkhole layouts: event4/event6 (src_ip), "
            "drone (ip and infection) or the old HTTP drone (ip and type); the infected "
            "address column is missing"
        )
    return BOTNET_LAYOUTS[ctx.layout]


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


PATH_PATTERN = re.compile(
    r"feeds/botnet/(?P<date>\d{4}-\d{2}-\d{2})-(?P<report>[^-/]+)-[^/]*\.csv(\.gz)?"
)
# The report type of a ledger path, in SQL, from the same pattern the files are matched with
# (DuckDB's regular expressions are RE2, which reads Python's named groups).
_REPORT_OF_PATH = (
    f"lower(regexp_extract(l.path, '^{PATH_PATTERN.pattern}$', "
    f"{PATH_PATTERN.groupindex['report']}))"
)


SOURCE = Source(
    stale_after_days=2,
    name="botnet",
    table="botnet_events",
    path_pattern=PATH_PATTERN,
    reader="csv",
    description=(
        "Báo cáo sinkhole về các địa chỉ nhiễm mã độc (cấu trúc event4/event6, drone và "
        "HTTP-drone cũ)",
        "Sinkhole reports of infected addresses (event4/event6, drone and old HTTP-drone "
        "layouts)",
    ),
    words=("Địa chỉ nhiễm botnet (sinkhole)", "Botnet sinkhole reports"),
    columns=(
        Column("timestamp", TIMESTAMP, required=True, raw_name="observed_at"),
        Column("ip", required=True),
        Column("port", INT, low=0, high=65535),
        Column("asn", INT),
        Column("infection"),
        Column("family"),
    ),
    keep_extra_columns=False,
    # Machine-written ASCII, and the heaviest feed: no NFC pass over its cells.
    normalise_text=False,
    extra_raw_columns=(
        ("report_date", "DATE"),
        ("report", "VARCHAR"),
        ("layout", "VARCHAR"),
        ("ip_version", "TINYINT"),
        ("ip_number", "UHUGEINT"),
    ),
    check_file_name=_check_report_type,
    header_layout=_layout_aliases,
    rules=SourceRules(
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
    rule_words={
        "ip_address": ("không phải địa chỉ IP", "not an IP address"),
        "event_window": ("ngoài khoảng thời gian của báo cáo", "outside the report's window"),
    },
    unit_days_seen="""
    SELECT DISTINCT top_level_code, observed_on::DATE AS day
    FROM intermediate.int_botnet_observations_attributed
""",
    checks=(
        Check(
            suite="botnet",
            name="report_volume_is_usual",
            severity=WARNING,
            asset=("raw", "botnet_events"),
            description=(
                "Số dòng của một báo cáo sinkhole phải nằm trong khoảng từ một phần tư đến bốn "
                "lần trung vị của 28 báo cáo cùng loại liền trước (theo ngày).",
                "A sinkhole report's row count should be within a quarter and four "
                "times the median of the 28 reports of the same type before it (by date).",
            ),
            query=f"""
            -- A report type (the <report> of the file's name) has its own volume: the HTTP
            -- sinkhole report has the event4 layout and a tenth of the main report's rows, so
            -- by layout every HTTP report warned (found on the national zone).
            WITH reports AS (
                SELECT l.path, l.file_date, l.rows_loaded, {_REPORT_OF_PATH} AS report
                FROM raw.current_files l
                WHERE l.source = 'botnet'
            )
            -- Against the reports before it, not all of them: a new day's report leaves the
            -- ratios of the earlier ones as they were, so only its own batch is validated
            -- (issue 14). The first report of a type has nothing to compare with.
            SELECT 'file:' || path AS batch, rows_loaded,
                   rows_loaded / nullif(median(rows_loaded) OVER (
                       PARTITION BY report ORDER BY file_date, path
                       ROWS BETWEEN 28 PRECEDING AND 1 PRECEDING), 0) AS volume_ratio
            FROM reports
        """,
            expectations=between("volume_ratio", 0.25, 4.0),
            words=(
                "Số dòng của báo cáo botnet khác xa trung vị các báo cáo cùng loại trước đó "
                "(tỷ lệ số dòng/trung vị): đối chiếu với báo cáo gốc của CERT, đề nghị gửi "
                "lại nếu báo cáo bị thiếu dòng",
                "A botnet report's row count is far from the median of the earlier reports of "
                "its type (ratio rows/median): compare it with the CERT's original and ask for "
                "a resend if rows are missing",
            ),
        ),
    ),
)
