"""The language a source's data-quality checks are written in, and the checks sources share.

A check reads a dataframe from DuckDB with one SQL query (one row per thing checked, and a
`batch` column naming the landing file or the month it belongs to) and holds Great Expectations
expectations that every batch must meet; `quality` runs them. GX validates dataframes: its SQL
path cannot validate DuckDB tables. A blocking check that fails makes the months its batches
serve unpublishable; a warning is shown to reviewers and changes nothing. Great Expectations is
imported only when a check's expectations are made, so that reading the registry (for a
check's words, say) stays light.

Batches: `file:<landing path>` for checks on a landing file, `month:YYYY-MM` for checks on a
month of the marts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

BLOCKING, WARNING = "blocking", "warning"

Words = tuple[str, str]  # Vietnamese, English


@dataclass(frozen=True)
class Check:
    """One check of a suite: a query and the expectations each of its batches must meet."""

    suite: str
    name: str
    severity: str
    asset: tuple[str, ...]  # the Dagster asset the check is attached to
    description: Words  # what the check asks, in Vietnamese and English
    query: str
    expectations: Expectations  # made into Great Expectations objects when validated
    reads: tuple[tuple[str, ...], ...] = ()  # other assets the query reads: checked after them
    words: Words = ("", "")  # what a failure means, in Vietnamese and English

    @property
    def key(self) -> str:
        return f"{self.suite}.{self.name}"


@dataclass(frozen=True)
class Expectations:
    """What every batch of a check must meet, as plain data: (GX expectation class, its
    arguments) pairs. Calling it makes the Great Expectations objects (importing GX then);
    its text is stable, so that a check's definition can be hashed without GX."""

    specs: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...]

    def __call__(self) -> list[Any]:
        import great_expectations as gx

        return [
            getattr(gx.expectations, kind)(
                **{k: list(a) if isinstance(a, tuple) else a for k, a in args}
            )
            for kind, args in self.specs
        ]

    def __add__(self, other: Expectations) -> Expectations:
        return Expectations(self.specs + other.specs)


def _expect(kind: str, **args: Any) -> tuple[str, tuple[tuple[str, Any], ...]]:
    return kind, tuple(sorted(args.items()))


def between(column: str, low: float | None = None, high: float | None = None) -> Expectations:
    """Every value of the column lies within [low, high] (an open end when None)."""
    return Expectations(
        (_expect("ExpectColumnValuesToBeBetween", column=column, min_value=low, max_value=high),)
    )


def pairs_equal(*pairs: tuple[str, str]) -> Expectations:
    """On every row, each pair of columns holds equal values."""
    return Expectations(
        tuple(_expect("ExpectColumnPairValuesToBeEqual", column_A=a, column_B=b) for a, b in pairs)
    )


def all_true(column: str) -> Expectations:
    """Every value of the column is true."""
    return Expectations((_expect("ExpectColumnValuesToBeInSet", column=column, value_set=(True,)),))


# The systems snapshot in force for a month: the latest export dated on or before its last day.
SNAPSHOTS = """
    WITH files AS (
        SELECT s.file_id, l.path, s.snapshot_date, s.file_format
        FROM raw.systems s JOIN raw.current_files l USING (file_id)
        GROUP BY ALL
    ),
    chosen AS (
        SELECT snapshot_date, arg_min(file_id, file_format <> 'csv') AS file_id
        FROM files GROUP BY snapshot_date
    )
    SELECT files.* FROM files SEMI JOIN chosen USING (snapshot_date, file_id)
"""


def known_systems_check(
    suite: str,
    table: str,
    description: Words,
    columns: str,
    where: str,
    words: tuple[str, str],
) -> Check:
    """A warning when rows of a feed or list (`raw.<table>`, alias `w`) name a system that no
    current systems export knows (each distinct row once: heartbeats repeat by the thousand)."""
    return Check(
        suite=suite,
        name=f"{suite}_name_known_systems",
        severity=WARNING,
        asset=("raw", table),
        description=description,
        reads=(("raw", "systems"),),
        query=f"""
            SELECT DISTINCT 'file:' || l.path AS batch, {columns},
                   w.system_id IN (SELECT system_id FROM raw.systems
                                   SEMI JOIN raw.current_files USING (file_id)) AS known_system
            FROM raw.{table} w JOIN raw.current_files l USING (file_id)
            WHERE {where}
        """,
        expectations=all_true("known_system"),
        words=words,
    )


def reference_keeps_previous_rows(source: str, row_key: str, words: tuple[str, str]) -> Check:
    """Blocking: a new version of a reference list that has lost more than 20% of the rows of
    the version it replaced is partial, so that a truncated list cannot silently empty an
    indicator (a list keeps the rows of units that ended, with their `valid_to`). `row_key`
    is what identifies a row of the list (SQL over alias `r`)."""
    return Check(
        suite=source,
        name="new_version_keeps_previous_rows",
        severity=BLOCKING,
        asset=("raw", source),
        description=(
            f"Phiên bản mới của reference/{source}.csv mất hơn 20% số dòng của phiên bản "
            "trước là danh sách không đầy đủ.",
            f"A new version of reference/{source}.csv that has lost more than 20% of "
            "the previous version's rows is partial.",
        ),
        query=f"""
            WITH pairs AS (
                SELECT c.path, c.file_id AS current_file, p.file_id AS previous_file
                FROM raw.current_files c
                JOIN raw.ledger p ON p.superseded_by = c.file_id AND p.outcome = 'loaded'
                WHERE c.source = '{source}'
            ),
            before AS (
                SELECT DISTINCT pairs.path, pairs.current_file, {row_key} AS k
                FROM pairs JOIN raw.{source} r ON r.file_id = pairs.previous_file
            ),
            after AS (
                SELECT DISTINCT r.file_id, {row_key} AS k FROM raw.{source} r
                WHERE r.file_id IN (SELECT current_file FROM pairs)
            )
            SELECT 'file:' || before.path AS batch, count(*) AS previous_rows,
                   count(after.k) AS kept_rows, count(after.k) / count(*) AS kept_share
            FROM before
            LEFT JOIN after ON after.file_id = before.current_file AND after.k = before.k
            GROUP BY ALL
        """,
        expectations=between("kept_share", 0.8),
        words=words,
    )
