"""The shape every landing source is declared in: a `Source` and its `Column`s.

A source says which landing paths belong to it, how its files are read (`csv`, `csv_or_excel`
(CSV or the platform's Excel export), `jsonl`), which columns it has with their type and rule,
which key must be unique within a file, its rules beyond one cell (`sources.rules`), its data-
quality checks (`sources.checks`), its cadence, and its words for readers. Each source is one
module of this package; `sources/__init__.py` lists them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from sources.checks import Check, Words
from sources.rules import FileContext, SourceRules

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

CODE_PATTERN = r"[A-Za-z0-9._-]{1,32}"
HOSTNAME_PATTERN = r"(?i)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?\.?"
CVE_PATTERN = r"CVE-[0-9]{4}-[0-9]{4,}"

# Which months a source's files serve (the files a month's publishable status depends on):
EVERY_MONTH = "every_month"  # a reference list: the version in force serves every month
IN_FORCE = "in_force"  # a dated full snapshot: the latest on or before a month's last day
DATED = "dated"  # a feed file: the month of its date (and a week after it, for late reports)


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
    """A kind of landing file, the raw table its rows go to, and all a feed's knowledge."""

    name: str
    table: str
    path_pattern: re.Pattern[str]
    reader: str  # csv | csv_or_excel | jsonl
    columns: tuple[Column, ...]
    words: Words  # the source's name for readers
    unique_key: tuple[str, ...] = ()
    unique_key_casefold: bool = False
    required_columns: tuple[str, ...] | None = None  # default: every column that is `required`
    keep_extra_columns: bool = True
    normalise_text: bool = True  # NFC-normalise text cells (not worth it for machine feeds)
    depends_on: tuple[str, ...] = ()
    serves: str = DATED  # EVERY_MONTH | IN_FORCE | DATED
    description: Words = ("", "")  # what the source holds, in Vietnamese and English
    extra_raw_columns: tuple[tuple[str, str], ...] = field(default=())  # (name, SQL type)
    # The feed is stale when its newest file is older than this (days); None: no cadence. The
    # one setting: quality/freshness.py reads it, and dbt's source freshness must agree.
    stale_after_days: int | None = None
    rules: SourceRules = field(default_factory=SourceRules)
    checks: tuple[Check, ...] = ()
    # The words of the rules only this source has (the shared ones are in readside.vocabulary).
    rule_words: dict[str, Words] = field(default_factory=dict, hash=False, compare=False)
    # Before the header is read: raise sources.rules.FileLevelError to reject the file by name.
    check_file_name: Callable[[FileContext], None] | None = None
    # From the header: the file's layout (set on the context) and its aliases (file column ->
    # contract column), or raise FileLevelError when the header is none of the known layouts.
    header_layout: Callable[[FileContext, list[str]], dict[str, str] | None] | None = None
    # For a feed that measures units: SQL over the built models giving (top_level_code, day)
    # for each Vietnamese day the feed had data about a top-level unit (quality.freshness).
    unit_days_seen: str | None = None

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
