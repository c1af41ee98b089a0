"""Check every cell of a staged file against its column's rule, in one DuckDB statement.

From the reader's `_in` view this builds the temporary table `_checked`: for each row its cells
trimmed (`"v.<column>"`, NFC-normalised for text), typed (`"t.<column>"`), the source's computed
columns (`"c.<name>"`) and `violations`, a list of {column_name, rule, reason, value}. Row-level
rules are SQL expressions; rules across rows or files add to `violations` afterwards with
`add_violation` and `add_issues`. A row with no violation loads; any other is set aside.
Where every rule of a source is row-level, the pipeline writes the good rows straight from
`checked_query` and keeps in `_checked` only the rows that break a rule (`ingest.pipeline`).
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

from sources.contract import BOOL, DATE, ENUM, INT, TEXT, TIMESTAMP, Column
from sources.rules import (
    RowCheck,
    add_violation,
    c,
    quote_ident,
    quoted_value,
    sql_string,
    t,
    v,
    violation,
)

WHITE_SPACE = "' ' || chr(9) || chr(10) || chr(13) || chr(160)"
# The same characters as an RE2 class, to find the cells that begin or end with one of them.
EDGE_WHITE_SPACE = r"'^[ \t\n\r\x{00A0}]|[ \t\n\r\x{00A0}]$'"
DATE_SHAPE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
TIMESTAMP_SHAPE = (
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,9})?)?"
    r"(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)?"
)


def cell_expr(column: Column, normalise_text: bool) -> str:
    cell = quote_ident(column.name)
    # trim() with a set of characters costs about three times a test for a white edge, and
    # almost no cell has one: only those cells are trimmed (measured on a national sinkhole
    # report, issue 14: 0.4 s of 1.4 s per 600,000 rows).
    trimmed = (
        f"nullif(CASE WHEN regexp_matches({cell}, {EDGE_WHITE_SPACE}) "
        f"THEN trim({cell}, {WHITE_SPACE}) ELSE {cell} END, '')"
    )
    if column.kind in (TEXT, ENUM) and normalise_text:
        return f"nfc_normalize({trimmed})"
    return trimmed


def typed_expr(column: Column) -> str:
    value = v(column.name)
    if column.kind in (TEXT, ENUM):
        return value
    if column.kind == INT:
        return (
            f"CASE WHEN regexp_full_match({value}, '[+-]?[0-9]{{1,9}}') THEN {value}::INTEGER END"
        )
    if column.kind == DATE:
        return (
            f"CASE WHEN regexp_full_match({value}, '{DATE_SHAPE}') "
            f"THEN TRY_CAST({value} AS DATE) END"
        )
    if column.kind == TIMESTAMP:
        return (
            f"CASE WHEN regexp_full_match({value}, '{TIMESTAMP_SHAPE}') "
            f"THEN TRY_CAST({value} AS TIMESTAMPTZ) END"
        )
    if column.kind == BOOL:
        return (
            f"CASE lower({value}) WHEN 'true' THEN true WHEN '1' THEN true "
            f"WHEN 'false' THEN false WHEN '0' THEN false END"
        )
    raise ValueError(column.kind)


def column_violations(column: Column) -> list[tuple[str, str]]:
    """(condition, violation struct) for each way a cell of this column can break its rule."""
    value, typed, name = v(column.name), t(column.name), column.name
    shown = quoted_value(value)
    cases: list[tuple[str, str, str]] = []
    if column.required:
        cases.append((f"{value} IS NULL", "required", "'is empty; a value is required'"))
    if column.kind == ENUM:
        allowed = ", ".join(sql_string(x) for x in column.values)
        cases.append(
            (
                f"{value} IS NOT NULL AND {value} NOT IN ({allowed})",
                "enum",
                f"{shown} || ' is not one of: {', '.join(column.values)}'",
            )
        )
    elif column.kind == INT:
        cases.append(
            (
                f"{value} IS NOT NULL AND {typed} IS NULL",
                "integer",
                f"{shown} || ' is not a whole number'",
            )
        )
        if column.low is not None and column.high is not None:
            cases.append(
                (
                    f"{typed} NOT BETWEEN {column.low} AND {column.high}",
                    "range",
                    f"{shown} || ' is outside {column.low}–{column.high}'",
                )
            )
    elif column.kind == DATE:
        cases.append(
            (
                f"{value} IS NOT NULL AND {typed} IS NULL",
                "date",
                f"{shown} || ' is not a date in the form YYYY-MM-DD'",
            )
        )
    elif column.kind == TIMESTAMP:
        cases.append(
            (
                f"{value} IS NOT NULL AND {typed} IS NULL",
                "timestamp",
                f"{shown} || ' is not an ISO 8601 timestamp "
                f"(YYYY-MM-DD HH:MM:SS, optional offset)'",
            )
        )
    elif column.kind == BOOL:
        cases.append(
            (
                f"{value} IS NOT NULL AND {typed} IS NULL",
                "boolean",
                f"{shown} || ' is not a boolean (true/false or 1/0)'",
            )
        )
    if column.pattern:
        cases.append(
            (
                f"{value} IS NOT NULL AND NOT regexp_full_match({value}, "
                f"{sql_string(column.pattern)})",
                "pattern",
                f"{shown} || ' is not {column.pattern_hint}'",
            )
        )
    return [(condition, violation(name, rule, reason)) for condition, rule, reason in cases]


def checked_query(
    columns: Iterable[Column],
    computed: list[tuple[str, str]],
    row_checks: list[RowCheck],
    normalise_text: bool = True,
) -> str:
    """The query of `_checked`: each row of `_in` with its typed cells, computed columns and
    violations."""
    columns = list(columns)
    cells = ", ".join(f"{cell_expr(col, normalise_text)} AS {v(col.name)}" for col in columns)
    typed = ", ".join(f"{typed_expr(col)} AS {t(col.name)}" for col in columns)
    derived = ", ".join(f"{expr} AS {c(name)}" for name, expr in computed) or "NULL AS _none"
    cases = [case for col in columns for case in column_violations(col)]
    cases += [(rc.condition, violation(rc.column, rc.rule, rc.reason)) for rc in row_checks]
    empty = "[]::STRUCT(column_name VARCHAR, rule VARCHAR, reason VARCHAR, value VARCHAR)[]"
    if cases:
        # The reasons are built only for the rows that break a rule: most rows break none.
        broken = " OR ".join(f"coalesce({condition}, false)" for condition, _ in cases)
        listed = ", ".join(
            f"CASE WHEN {condition} THEN {struct} END" for condition, struct in cases
        )
        violations = (
            f"CASE WHEN {broken} THEN list_filter([{listed}], lambda x: x IS NOT NULL) "
            f"ELSE {empty} END"
        )
    else:
        violations = empty
    return f"""
        WITH cells AS (SELECT source_row, _extra, {cells} FROM _in),
             typed AS (SELECT *, {typed} FROM cells),
             derived AS (SELECT *, {derived} FROM typed)
        SELECT *, {violations} AS violations FROM derived
        """


def build_checked(
    con: duckdb.DuckDBPyConnection,
    columns: Iterable[Column],
    computed: list[tuple[str, str]],
    row_checks: list[RowCheck],
    normalise_text: bool = True,
) -> None:
    """Create `_checked` from `_in` with typed cells, computed columns and violations."""
    query = checked_query(columns, computed, row_checks, normalise_text)
    con.execute("DROP TABLE IF EXISTS _checked")
    con.execute(f"CREATE TEMP TABLE _checked AS {query}")


def add_unique_key_violations(
    con: duckdb.DuckDBPyConnection, key: tuple[str, ...], casefold: bool
) -> None:
    """Every row whose key repeats within the file is set aside: the file cannot say which
    of them is right."""
    parts = [f"lower({v(k)})" if casefold else v(k) for k in key]
    key_sql = parts[0] if len(parts) == 1 else "[" + ", ".join(parts) + "]::VARCHAR"
    shown = " || ', ' || ".join(quoted_value(v(k)) for k in key)
    label = ", ".join(key)
    add_violation(
        con,
        where=f"len(violations) = 0 AND {key_sql} = d.k",
        column=key[0],
        rule="duplicate_key",
        reason_sql=(
            f"'{label} ' || {shown} || ' appears in ' || d.n || "
            f"' rows of this file; all of them are set aside'"
        ),
        value_sql=v(key[0]),
        from_sql=(
            f"FROM (SELECT {key_sql} AS k, count(*) AS n FROM _checked "
            f"WHERE len(violations) = 0 "
            f"GROUP BY ALL HAVING count(*) > 1) d"
        ),
    )
