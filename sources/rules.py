"""The language a source's rules are written in: SQL over the table of a file being checked.

While a file is checked, the temporary table `_checked` holds each of its rows with its cells
trimmed (`"v.<column>"`, `v()`), typed (`"t.<column>"`, `t()`), the source's computed columns
(`"c.<name>"`, `c()`) and `violations`, a list of {column_name, rule, reason, value}. A source
says its rules with these pieces: columns computed from what the pipeline knows of the file
(`FileContext`), checks of one row (`RowCheck`), codes that must exist in a reference list
(`MustExist`) and checks across the file's rows (any function of the connection and the file
that adds violations with `add_violation` or `add_issues`). `ingest` applies them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb
import pandas as pd


class FileLevelError(Exception):
    """The whole file is rejected; the message says why."""


def sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def v(name: str) -> str:
    """A cell as read: trimmed text, NULL when empty."""
    return quote_ident("v." + name)


def t(name: str) -> str:
    """A cell as typed by its column's kind, NULL when it does not parse."""
    return quote_ident("t." + name)


def c(name: str) -> str:
    """A column the source computes at ingest."""
    return quote_ident("c." + name)


def date_literal(value: dt.date | None) -> str:
    return f"DATE '{value.isoformat()}'" if value else "NULL::DATE"


# How much of a cell a reason or a set-aside value repeats: enough to find it, never megabytes.
SHOWN_CHARS = 200
KEPT_CHARS = 1000


def shortened(expr: str, chars: int = SHOWN_CHARS) -> str:
    """SQL for a cell cut to `chars` characters, with an ellipsis when it was longer."""
    return f"CASE WHEN length({expr}) > {chars} THEN left({expr}, {chars}) || '…' ELSE {expr} END"


def quoted_value(expr: str) -> str:
    """SQL for the reason-text form of a cell: the value (shortened) in single quotes."""
    return f"'''' || {shortened(expr)} || ''''"


def violation(column: str, rule: str, reason_sql: str, value_sql: str | None = None) -> str:
    value_sql = value_sql or v(column)
    return (
        f"{{'column_name': {sql_string(column)}, 'rule': {sql_string(rule)}, "
        f"'reason': {reason_sql}, 'value': {shortened(f'{value_sql}::VARCHAR', KEPT_CHARS)}}}"
    )


@dataclass
class FileContext:
    """What the pipeline knows of the file being checked."""

    file_id: int
    path: str
    source: str
    file_date: dt.date | None = None
    file_time: dt.datetime | None = None
    report: str | None = None
    layout: str | None = None
    file_format: str | None = None


@dataclass(frozen=True)
class RowCheck:
    """A rule on one row that a column spec cannot say: `condition` true means broken."""

    column: str
    rule: str
    condition: str
    reason: str  # a SQL expression giving the reason text


FileCheck = Callable[[duckdb.DuckDBPyConnection, FileContext], None]


def add_violation(
    con: duckdb.DuckDBPyConnection,
    where: str,
    column: str,
    rule: str,
    reason_sql: str,
    value_sql: str | None = None,
    from_sql: str = "",
) -> None:
    """Add a violation to every row of `_checked` that `where` picks (a cross-row rule)."""
    con.execute(
        f"UPDATE _checked SET violations = list_append(violations, "
        f"{violation(column, rule, reason_sql, value_sql)}) {from_sql} WHERE {where}"
    )


def add_issues(
    con: duckdb.DuckDBPyConnection, issues: list[tuple[int, str, str, str, str | None]]
) -> None:
    """Add violations found in Python: (source_row, column, rule, reason, value)."""
    if not issues:
        return
    frame = pd.DataFrame(issues, columns=["source_row", "column_name", "rule", "reason", "value"])
    con.register("_issues", frame)
    con.execute(
        """
        UPDATE _checked SET violations = list_concat(violations, i.found)
        FROM (SELECT source_row::BIGINT AS source_row,
                     list({'column_name': column_name::VARCHAR, 'rule': rule::VARCHAR,
                           'reason': reason::VARCHAR, 'value': value::VARCHAR}) AS found
              FROM _issues GROUP BY source_row) i
        WHERE _checked.source_row = i.source_row
        """
    )
    con.unregister("_issues")


@dataclass(frozen=True)
class MustExist:
    """A file check: the column must name a row of the current version of a reference list.
    Declarative, so that a new version of that list can re-check the rows it decides."""

    column: str
    table: str  # the reference list's raw table (and source name)
    key: str
    what: str

    def current_keys_sql(self) -> str:
        return (
            f"SELECT r.{self.key} FROM raw.{self.table} r JOIN raw.current_files f "
            f"USING (file_id) WHERE r.{self.key} IS NOT NULL"
        )

    def __call__(self, con: duckdb.DuckDBPyConnection, ctx: FileContext) -> None:
        add_violation(
            con,
            where=f"{t(self.column)} IS NOT NULL AND {t(self.column)} NOT IN "
            f"({self.current_keys_sql()})",
            column=self.column,
            rule="unknown_reference",
            reason_sql=f"{quoted_value(v(self.column))} || ' is not {self.what}'",
        )


def must_exist_agency(column: str) -> MustExist:
    """The column must be a code of the current list of units."""
    return MustExist(column, "agencies", "code", "an agency code of reference/agencies.csv")


def _no_columns(ctx: FileContext) -> list[tuple[str, str]]:
    return []


def _no_row_checks(ctx: FileContext) -> list[RowCheck]:
    return []


@dataclass(frozen=True)
class SourceRules:
    """A source's rules beyond one cell: columns computed at ingest, checks of one row, checks
    against reference lists, then checks across the file's good rows."""

    computed: Callable[[FileContext], list[tuple[str, str]]] = _no_columns
    row_checks: Callable[[FileContext], list[RowCheck]] = _no_row_checks
    reference_checks: tuple[FileCheck, ...] = field(default=())
    structure_checks: tuple[FileCheck, ...] = field(default=())
