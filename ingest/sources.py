"""The ten landing sources of contract v1: where their files lie, their columns and column rules.

This module is the contract in code. Each `Source` says which landing paths belong to it, how its
files are read (`csv`, `systems` (CSV or the platform's Excel export), `botnet`, `jsonl`), which
columns it has with their type and rule, and which key must be unique within a file. The
cross-column and cross-file rules that a column spec cannot say live in `ingest.source_rules`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TEXT, INT, DATE, TIMESTAMP, BOOL, ENUM = "text", "int", "date", "timestamp", "bool", "enum"

# The landing-zone contract these rules keep. Every ledger row records it; a file taken in
# under an earlier version is taken in again under this one.
CONTRACT_VERSION = "1.1"

SQL_TYPES = {
    TEXT: "VARCHAR",
    ENUM: "VARCHAR",
    INT: "INTEGER",
    DATE: "DATE",
    TIMESTAMP: "TIMESTAMPTZ",
    BOOL: "BOOLEAN",
}


@dataclass(frozen=True)
class Column:
    """One column of a landing file and the rule its cells must keep."""

    name: str
    kind: str = TEXT
    required: bool = False
    values: tuple[str, ...] = ()  # enum values
    low: int | None = None  # int range
    high: int | None = None
    pattern: str | None = None  # a regular expression the whole value must match
    pattern_hint: str = ""  # what the pattern means, for the reason text
    excel_header: str | None = None  # the Vietnamese header of the Excel export
    raw_name: str | None = None  # the column's name in the raw table, when not `name`

    @property
    def target(self) -> str:
        return self.raw_name or self.name


@dataclass(frozen=True)
class Source:
    """A kind of landing file and the raw table its rows go to."""

    name: str
    table: str
    path_pattern: re.Pattern[str]
    reader: str  # csv | systems | botnet | jsonl
    columns: tuple[Column, ...]
    unique_key: tuple[str, ...] = ()
    unique_key_casefold: bool = False
    required_columns: tuple[str, ...] | None = None  # default: every column that is `required`
    keep_extra_columns: bool = True
    depends_on: tuple[str, ...] = ()
    description: str = ""
    extra_raw_columns: tuple[tuple[str, str], ...] = field(default=())  # (name, SQL type)
    # The feed is stale when its newest file is older than this (days); None: no cadence. The
    # one setting: quality/freshness.py reads it, and dbt's source freshness must agree.
    stale_after_days: int | None = None

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def header_required(self) -> tuple[str, ...]:
        if self.required_columns is not None:
            return self.required_columns
        return tuple(c.name for c in self.columns if c.required)


DOSSIER_STATUS = ("draft", "submitted", "appraising", "approved", "returned", "rejected")
OPERATION_STATUS = ("operating", "building", "retired")
AGENCY_KINDS = (
    "ministry",
    "ministerial_agency",
    "government_agency",
    "province",
    "sector",
    "unit",
)
CODE_PATTERN = r"[A-Za-z0-9._-]{1,32}"
HOSTNAME_PATTERN = r"(?i)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?\.?"
CVE_PATTERN = r"CVE-[0-9]{4}-[0-9]{4,}"

AGENCIES = Source(
    name="agencies",
    table="agencies",
    path_pattern=re.compile(r"reference/agencies\.csv"),
    reader="csv",
    description="Units: ministries, provinces, sectors and their sub-units",
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
)

IP_ALLOCATIONS = Source(
    name="ip_allocations",
    table="ip_allocations",
    path_pattern=re.compile(r"reference/ip_allocations\.csv"),
    reader="csv",
    description="Which unit holds which address block",
    columns=(
        Column("cidr", required=True),
        Column("agency_code", required=True),
        Column("valid_from", DATE, required=True),
        Column("valid_to", DATE),
    ),
    depends_on=("agencies",),
    extra_raw_columns=(
        ("ip_version", "TINYINT"),
        ("prefix_length", "SMALLINT"),
        ("network_start", "UHUGEINT"),
        ("network_end", "UHUGEINT"),
    ),
)

DOMAINS = Source(
    name="domains",
    table="domains",
    path_pattern=re.compile(r"reference/domains\.csv"),
    reader="csv",
    description="Which unit runs which web domain",
    columns=(
        Column("domain", required=True, pattern=HOSTNAME_PATTERN, pattern_hint="a host name"),
        Column("agency_code", required=True),
        Column("system_id"),
    ),
    unique_key=("domain",),
    unique_key_casefold=True,
    depends_on=("agencies",),
)

REQUIREMENTS = Source(
    name="requirements",
    table="requirements",
    path_pattern=re.compile(r"reference/requirements\.csv"),
    reader="csv",
    description="The requirement catalogue by security level",
    columns=(
        Column("code", required=True),
        Column(
            "group",
            ENUM,
            required=True,
            values=("management", "technical"),
            raw_name="requirement_group",
        ),
        Column("area"),
        Column("min_level", INT, required=True, low=1, high=5),
        Column("title", required=True),
        Column("legal_ref"),
    ),
    required_columns=("code", "group", "area", "min_level", "title", "legal_ref"),
    unique_key=("code",),
)

SYSTEMS = Source(
    stale_after_days=35,
    name="systems",
    table="systems",
    path_pattern=re.compile(r"dossiers/systems_(?P<date>\d{8})\.(csv|xlsx)"),
    reader="systems",
    description="Inventory and dossier state, a full snapshot as of the date in the name",
    columns=(
        Column("system_id", required=True, excel_header="Mã hệ thống"),
        Column("system_name", required=True, excel_header="Tên hệ thống"),
        Column("owner_code", required=True, excel_header="Mã đơn vị chủ quản"),
        Column(
            "operation_status",
            ENUM,
            required=True,
            values=OPERATION_STATUS,
            excel_header="Trạng thái vận hành",
        ),
        Column("proposed_level", INT, required=True, low=1, high=5, excel_header="Cấp độ đề xuất"),
        Column(
            "dossier_status",
            ENUM,
            required=True,
            values=DOSSIER_STATUS,
            excel_header="Trạng thái hồ sơ",
        ),
        Column("submitted_on", DATE, excel_header="Ngày nộp"),
        Column("approved_on", DATE, excel_header="Ngày phê duyệt"),
        Column("approved_level", INT, low=1, high=5, excel_header="Cấp độ được phê duyệt"),
        Column("decision_no", excel_header="Số quyết định"),
        Column(
            "plan_implemented", BOOL, required=True, excel_header="Đã triển khai đầy đủ phương án"
        ),
        Column("layer_onsite", BOOL, required=True, excel_header="Lớp 1 - Lực lượng tại chỗ"),
        Column(
            "layer_monitoring",
            BOOL,
            required=True,
            excel_header="Lớp 2 - Giám sát, bảo vệ chuyên nghiệp",
        ),
        Column(
            "last_independent_check_on",
            DATE,
            excel_header="Lớp 3 - Ngày kiểm tra, đánh giá độc lập gần nhất",
        ),
        Column("ncsc_connected", BOOL, required=True, excel_header="Lớp 4 - Kết nối NCSC"),
    ),
    # Every contract column must be present in an export, optional or not.
    required_columns=(
        "system_id",
        "system_name",
        "owner_code",
        "operation_status",
        "proposed_level",
        "dossier_status",
        "submitted_on",
        "approved_on",
        "approved_level",
        "decision_no",
        "plan_implemented",
        "layer_onsite",
        "layer_monitoring",
        "last_independent_check_on",
        "ncsc_connected",
    ),
    unique_key=("system_id",),
    depends_on=("agencies",),
    extra_raw_columns=(("snapshot_date", "DATE"), ("file_format", "VARCHAR")),
)

ASSESSMENTS = Source(
    stale_after_days=35,
    name="assessments",
    table="assessments",
    path_pattern=re.compile(r"dossiers/assessments_(?P<date>\d{8})\.csv"),
    reader="csv",
    description="Requirement assessments, a full snapshot as of the date in the name",
    columns=(
        Column("system_id", required=True),
        Column("requirement_code", required=True),
        Column(
            "result", ENUM, required=True, values=("met", "partial", "not_met", "not_applicable")
        ),
        Column("assessed_on", DATE, required=True),
    ),
    unique_key=("system_id", "requirement_code"),
    depends_on=("requirements",),
    extra_raw_columns=(("snapshot_date", "DATE"),),
)

BOTNET = Source(
    stale_after_days=2,
    name="botnet",
    table="botnet_events",
    path_pattern=re.compile(
        r"feeds/botnet/(?P<date>\d{4}-\d{2}-\d{2})-(?P<report>[^-/]+)-[^/]*\.csv(\.gz)?"
    ),
    reader="botnet",
    description="Sinkhole reports of infected addresses (event4/event6, drone and old HTTP-drone "
    "layouts)",
    columns=(
        Column("timestamp", TIMESTAMP, required=True, raw_name="observed_at"),
        Column("ip", required=True),
        Column("port", INT, low=0, high=65535),
        Column("asn", INT),
        Column("infection"),
        Column("family"),
    ),
    keep_extra_columns=False,
    extra_raw_columns=(
        ("report_date", "DATE"),
        ("report", "VARCHAR"),
        ("layout", "VARCHAR"),
        ("ip_version", "TINYINT"),
        ("ip_number", "UHUGEINT"),
    ),
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


WEBSCAN = Source(
    stale_after_days=8,
    name="webscan",
    table="webscan",
    path_pattern=re.compile(r"feeds/webscan/pshtt_(?P<time>\d{8}T\d{6}Z)\.csv"),
    reader="csv",
    description="pshtt web scan runs, the scan time (UTC) in the name",
    columns=tuple(_pshtt_column(n) for n in PSHTT_COLUMNS),
    required_columns=PSHTT_COLUMNS,
    extra_raw_columns=(("scanned_at", "TIMESTAMPTZ"),),
)

WARNINGS = Source(
    stale_after_days=2,
    name="warnings",
    table="warning_events",
    path_pattern=re.compile(r"feeds/warnings/warnings_(?P<date>\d{8})\.jsonl"),
    reader="jsonl",
    description="Lifecycle events of vulnerability warnings sent to units",
    columns=(
        Column("warning_id", required=True),
        Column(
            "event", ENUM, required=True, values=("issued", "remediated", "reopened", "withdrawn")
        ),
        Column("at", TIMESTAMP, required=True),
        Column("agency_code"),
        Column("system_id"),
        Column("cve", pattern=CVE_PATTERN, pattern_hint="a CVE id (CVE-YYYY-NNNN)"),
        Column("severity", ENUM, values=("critical", "high", "medium", "low")),
        Column("deadline", DATE),
    ),
    extra_raw_columns=(("file_date", "DATE"),),
)

HEARTBEATS = Source(
    stale_after_days=2,
    name="heartbeats",
    table="heartbeats",
    path_pattern=re.compile(r"feeds/heartbeats/heartbeats_(?P<date>\d{8})\.jsonl"),
    reader="jsonl",
    description="Heartbeats of the national monitoring sensors of connected systems",
    columns=(
        Column("system_id", required=True),
        Column("sensor_id", required=True),
        Column("at", TIMESTAMP, required=True),
    ),
    keep_extra_columns=False,
    extra_raw_columns=(("file_date", "DATE"),),
)

# In dependency order: reference lists first, so that dossiers can be checked against them.
SOURCES: tuple[Source, ...] = (
    AGENCIES,
    REQUIREMENTS,
    IP_ALLOCATIONS,
    DOMAINS,
    SYSTEMS,
    ASSESSMENTS,
    BOTNET,
    WEBSCAN,
    WARNINGS,
    HEARTBEATS,
)
SOURCES_BY_NAME = {s.name: s for s in SOURCES}


def source_for_path(relative_path: str) -> tuple[Source, re.Match[str]] | None:
    """The source a landing path belongs to, or None when its name says no known file."""
    for source in SOURCES:
        match = source.path_pattern.fullmatch(relative_path)
        if match:
            return source, match
    return None
