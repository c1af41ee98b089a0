"""The contract's cell rules as SQL snippets (DuckDB), shared by every source.

Every landing cell arrives as text. `clean()` applies the general rules (surrounding white space
is not part of a value, an empty cell is a missing value, text compares after NFC); the `is_*`
helpers are the type rules of docs/landing-zone.md and are NULL-safe (a missing value breaks
none of them; whether a value is required is said separately with `present()`).
"""

from __future__ import annotations

MIB = 1 << 20

# The characters Python's str.strip() removes: "white space" in the contract's sense.
WHITESPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())

# Official two-digit codes of the 34 provinces and centrally-run cities (Decision 19/2025/QĐ-TTg).
PROVINCE_CODES = [
    "01", "04", "08", "11", "12", "14", "15", "19", "20", "22", "24", "25", "31", "33", "37", "38",
    "40", "42", "44", "46", "48", "51", "52", "56", "66", "68", "75", "79", "80", "82", "86", "91",
    "92", "96",
]  # fmt: skip

_DATE_RE = r"\d{4}-\d{2}-\d{2}"
TIMESTAMP_RE = (
    r"\d{4}-\d{2}-\d{2}[T ]([01]\d|2[0-3]):[0-5]\d:[0-5]\d"  # date, time
    r"(\.\d+)?(Z|[+-]\d{2}(:?\d{2})?)?"  # fraction, offset
)
_LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOST_RE = rf"{_LABEL}(\.{_LABEL})*"
_OCTET = r"(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
IPV4_RE = rf"{_OCTET}(\.{_OCTET}){{3}}"


def _ipv6_re() -> str:
    """A regular expression (RE2, no look-around) for the textual forms of an IPv6 address."""
    h = "[0-9A-Fa-f]{1,4}"
    forms = [f"({h}:){{7}}{h}", f"({h}:){{6}}{IPV4_RE}"]
    # With '::' standing for one or more zero groups: i groups before, j after, i + j <= 7
    # (i + j <= 6 when the last 32 bits are written as an IPv4 address).
    for tail_v4 in (False, True):
        room = 6 if tail_v4 else 7
        for i in range(room + 1):
            for j in range(room - i + 1):
                before = ":".join([h] * i)
                after_groups = [h] * j
                if tail_v4:
                    after_groups.append(IPV4_RE)
                after = ":".join(after_groups)
                forms.append(f"{before}::{after}")
    return "(" + "|".join(forms) + ")"


IPV6_RE = _ipv6_re()


def lit(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def clean(col: str, nfc: bool = True) -> str:
    """A cell's value: trimmed, empty as NULL, NFC-normalised text."""
    trimmed = f"NULLIF(ws_trim({col}), '')"
    return f"nfc_normalize({trimmed})" if nfc else trimmed


def install_macros(con) -> None:
    """Define the helper macros that the snippets below use (a regular expression trims faster
    than DuckDB's trim() with a long set of characters)."""
    space = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in WHITESPACE) + "]"
    pattern = lit(f"^{space}+|{space}+$")
    con.execute(f"CREATE OR REPLACE TEMP MACRO ws_trim(x) AS regexp_replace(x, {pattern}, '', 'g')")


def present(col: str) -> str:
    return f"({col} IS NOT NULL)"


def _ok(expr: str, col: str) -> str:
    """NULL-safe: a missing value passes a type rule."""
    return f"({col} IS NULL OR coalesce({expr}, false))"


def is_date(col: str) -> str:
    return _ok(
        f"regexp_full_match({col}, {lit(_DATE_RE)}) AND try_cast({col} AS DATE) IS NOT NULL", col
    )


def as_date(col: str) -> str:
    return f"try_cast({col} AS DATE)"


def is_timestamp(col: str) -> str:
    return _ok(
        f"regexp_full_match({col}, {lit(TIMESTAMP_RE)}) "
        f"AND try_cast({col} AS TIMESTAMPTZ) IS NOT NULL",
        col,
    )


def as_timestamp(col: str) -> str:
    """An ISO 8601 timestamp as a naive UTC TIMESTAMP (no offset: UTC; the session is UTC)."""
    return f"CAST(try_cast({col} AS TIMESTAMPTZ) AS TIMESTAMP)"


def is_bool(col: str) -> str:
    return _ok(f"lower({col}) IN ('true', 'false', '1', '0')", col)


def as_bool(col: str) -> str:
    return f"(lower({col}) IN ('true', '1'))"


def is_int(col: str, lo: int, hi: int) -> str:
    return _ok(
        f"regexp_full_match({col}, '\\d+') AND try_cast({col} AS BIGINT) BETWEEN {lo} AND {hi}", col
    )


def as_int(col: str) -> str:
    return f"try_cast({col} AS BIGINT)"


def is_enum(col: str, values) -> str:
    return _ok(f"{col} IN ({', '.join(lit(v) for v in values)})", col)


def is_host(col: str) -> str:
    return _ok(f"strlen({col}) <= 253 AND regexp_full_match({col}, {lit(_HOST_RE)})", col)


def is_regex(col: str, pattern: str) -> str:
    return _ok(f"regexp_full_match({col}, {lit(pattern)})", col)


def all_of(*preds: str) -> str:
    """Conjunction of rules, never NULL."""
    return "(" + " AND ".join(f"coalesce({p}, false)" for p in preds) + ")"
