"""Take the landing zone's files into the raw layer, one file per transaction.

For each landing file: work out its source from its path, hash its bytes, and skip it when the
ledger already holds that content for that path. Otherwise stage it (`ingest.readers`), check it
(`ingest.validation`, `ingest.source_rules`), then in one transaction write its good rows to the
source's raw table, its bad rows to `raw.set_aside`, and its ledger row; a new version of a path
marks the earlier one superseded. A file-level problem rejects the file with its reason and the
other files go on. A run killed part-way leaves every file either fully taken in or not at all.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import re
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ingest.readers import (
    FileLevelError,
    ReadResult,
    map_header,
    parse_header,
    read_first_line,
    stage_csv,
    stage_excel,
    stage_jsonl,
)
from ingest.source_rules import RULES, FileContext
from ingest.sources import SOURCES, SOURCES_BY_NAME, Source, source_for_path
from ingest.validation import add_unique_key_violations, build_checked, c, t, v

BOTNET_LAYOUTS = {
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
    },
}


@dataclass
class FileOutcome:
    path: str
    source: str | None
    status: str  # loaded | rejected | unchanged
    rows_read: int | None = None
    rows_loaded: int = 0
    rows_set_aside: int | None = None
    reason: str | None = None
    file_id: int | None = None
    superseded: int | None = None  # the file_id this version replaced


def discover(landing: Path) -> list[str]:
    """Every file under the landing zone, as sorted relative paths (hidden files left out:
    producers write them while a transfer is under way)."""
    if not landing.is_dir():
        raise FileNotFoundError(f"landing zone not found: {landing}")
    paths = []
    for path in landing.rglob("*"):
        relative = path.relative_to(landing)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):
            paths.append(relative.as_posix())
    return sorted(paths)


def content_hash(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 22):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def count_data_rows(path: Path) -> int | None:
    """How many data rows a rejected file holds, where it can be told (lines less the header)."""
    try:
        opener = gzip.open if path.name.endswith(".gz") else open
        if path.suffix == ".xlsx":
            return None
        lines, last = 0, b"\n"
        with opener(path, "rb") as handle:
            while chunk := handle.read(1 << 22):
                lines += chunk.count(b"\n")
                last = chunk[-1:]
        if last != b"\n":
            lines += 1
        return max(lines - (0 if path.suffix == ".jsonl" else 1), 0)
    except (OSError, EOFError, zlib.error):
        return None


def _file_context(source: Source, match: re.Match[str], file_id: int, rel: str) -> FileContext:
    groups = match.groupdict()
    ctx = FileContext(file_id=file_id, path=rel, source=source.name)
    try:
        if groups.get("date"):
            text = groups["date"].replace("-", "")
            ctx.file_date = dt.datetime.strptime(text, "%Y%m%d").date()
        if groups.get("time"):
            ctx.file_time = dt.datetime.strptime(groups["time"], "%Y%m%dT%H%M%SZ").replace(
                tzinfo=dt.UTC
            )
            ctx.file_date = ctx.file_time.date()
    except ValueError as exc:
        raise FileLevelError(
            f"the name does not say what the file is: '{groups.get('date') or groups.get('time')}'"
            " is not a real date"
        ) from exc
    ctx.report = groups.get("report")
    ctx.file_format = "xlsx" if rel.endswith(".xlsx") else "csv"
    return ctx


def _stage(
    con: duckdb.DuckDBPyConnection, path: Path, source: Source, ctx: FileContext
) -> ReadResult:
    if source.reader == "jsonl":
        return stage_jsonl(con, path, source)
    if source.reader == "systems" and path.suffix == ".xlsx":
        return stage_excel(con, path, source)
    header = parse_header(read_first_line(path))
    aliases = None
    if source.reader == "botnet":
        folded = {h.strip().casefold() for h in header}
        ctx.layout = (
            "event4_sinkhole" if "src_ip" in folded else "drone" if "ip" in folded else None
        )
        if ctx.layout is None:
            raise FileLevelError(
                "the header is neither the event4_sinkhole layout (src_ip) nor the drone layout "
                "(ip): the infected address column is missing"
            )
        aliases = BOTNET_LAYOUTS[ctx.layout]
    contract, extra = map_header(source, header, aliases)
    if not source.keep_extra_columns:
        extra = {}
    result = stage_csv(con, path, source, contract, extra, width=len(header))
    result.layout = ctx.layout
    return result


def _check(con: duckdb.DuckDBPyConnection, source: Source, ctx: FileContext) -> None:
    rules = RULES[source.name]
    build_checked(
        con,
        source.columns,
        rules.computed(ctx),
        rules.row_checks(ctx),
        normalise_text=source.name != "botnet",
    )
    for check in rules.reference_checks:
        check(con, ctx)
    # A key is unique among the rows that keep every other rule: a broken row that repeats a
    # good row's key is set aside for what it breaks, and the good row stays.
    if source.unique_key:
        add_unique_key_violations(con, source.unique_key, source.unique_key_casefold)
    for check in rules.structure_checks:
        check(con, ctx)


def _write(con: duckdb.DuckDBPyConnection, source: Source, ctx: FileContext) -> tuple[int, int]:
    targets = ["file_id", "source_row"] + [f'"{col.target}"' for col in source.columns]
    values = [str(ctx.file_id), "source_row"] + [t(col.name) for col in source.columns]
    for name, _ in source.extra_raw_columns:
        targets.append(f'"{name}"')
        values.append(c(name))
    if source.keep_extra_columns:
        targets.append("extra")
        values.append("_extra")
    con.execute(
        f"INSERT INTO raw.{source.table} ({', '.join(targets)}) "
        f"SELECT {', '.join(values)} FROM _checked WHERE len(violations) = 0"
    )
    record = (
        "json_object(" + ", ".join(f"'{col.name}', {v(col.name)}" for col in source.columns) + ")"
    )
    con.execute(
        f"""
        INSERT INTO raw.set_aside
        SELECT ?, ?, ?, source_row, x.column_name, x.rule, x.reason, x.value, record
        FROM (SELECT source_row, unnest(violations) AS x, {record}::VARCHAR AS record
              FROM _checked WHERE len(violations) > 0)
        """,
        [ctx.file_id, ctx.path, source.name],
    )
    con.execute(
        "INSERT INTO raw.set_aside SELECT ?, ?, ?, source_row, column_name, rule, reason, value, "
        "value FROM _structural",
        [ctx.file_id, ctx.path, source.name],
    )
    loaded, bad = con.execute(
        "SELECT count(*) FILTER (WHERE len(violations) = 0), "
        "count(*) FILTER (WHERE len(violations) > 0) FROM _checked"
    ).fetchone()
    return loaded, bad


def _set_aside_summary(con: duckdb.DuckDBPyConnection, file_id: int, rows: int) -> str | None:
    if not rows:
        return None
    top = con.execute(
        "SELECT coalesce(column_name, 'row'), rule, count(*) AS n FROM raw.set_aside "
        "WHERE file_id = ? GROUP BY ALL ORDER BY n DESC, 1, 2 LIMIT 4",
        [file_id],
    ).fetchall()
    parts = ", ".join(f"{n} × {column} ({rule})" for column, rule, n in top)
    return f"{rows} row{'s' if rows != 1 else ''} set aside: {parts}"


def _record(
    con: duckdb.DuckDBPyConnection,
    outcome: FileOutcome,
    digest: str,
    size: int,
    ctx: FileContext | None,
    extra_columns: list[str] | None,
    previous: int | None,
    run_id: str | None,
) -> None:
    con.execute(
        "INSERT INTO raw.ledger VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now(), NULL, ?)",
        [
            outcome.file_id,
            outcome.path,
            outcome.source,
            digest,
            size,
            ctx.file_date if ctx else None,
            ctx.file_time if ctx else None,
            outcome.status,
            outcome.rows_read,
            outcome.rows_loaded,
            outcome.rows_set_aside,
            outcome.reason,
            extra_columns or None,
            ctx.layout if ctx else None,
            run_id,
        ],
    )
    if previous is not None:
        con.execute(
            "UPDATE raw.ledger SET superseded_by = ? WHERE file_id = ?",
            [outcome.file_id, previous],
        )
        outcome.superseded = previous


def ingest_file(
    con: duckdb.DuckDBPyConnection, landing: Path, rel: str, run_id: str | None = None
) -> FileOutcome:
    """Take in one landing file (a no-op when the ledger already holds this content)."""
    path = landing / rel
    digest, size = content_hash(path)
    current = con.execute(
        "SELECT file_id, content_hash FROM raw.ledger WHERE path = ? AND superseded_by IS NULL",
        [rel],
    ).fetchone()
    if current and current[1] == digest:
        return FileOutcome(rel, None, "unchanged", file_id=current[0])
    previous = current[0] if current else None
    file_id = con.execute("SELECT nextval('raw.file_id_seq')").fetchone()[0]
    found = source_for_path(rel)
    source = found[0] if found else None
    outcome = FileOutcome(rel, source.name if source else None, "loaded", file_id=file_id)
    ctx = None
    try:
        if source is None:
            raise FileLevelError(
                "the name does not say what the file is: it matches none of the landing-zone "
                "names of contract v1 (reference/agencies.csv, dossiers/systems_YYYYMMDD.csv, "
                "feeds/botnet/YYYY-MM-DD-<report>-<anything>.csv[.gz], ...)"
            )
        ctx = _file_context(source, found[1], file_id, rel)
        # Staging and checking touch only temporary tables: outside the transaction, so that
        # the staged rows keep row ids in file order.
        read = _stage(con, path, source, ctx)
        _check(con, source, ctx)
    except FileLevelError as exc:
        rows = count_data_rows(path)
        outcome.status, outcome.reason = "rejected", str(exc)
        outcome.rows_read, outcome.rows_loaded, outcome.rows_set_aside = rows, 0, rows
        con.begin()
        try:
            con.execute(
                "INSERT INTO raw.set_aside VALUES (?, ?, ?, NULL, NULL, 'file', ?, NULL, NULL)",
                [file_id, rel, outcome.source, str(exc)],
            )
            _record(con, outcome, digest, size, ctx, None, previous, run_id)
            con.commit()
        except BaseException:
            con.rollback()
            raise
        return outcome
    con.begin()
    try:
        loaded, bad = _write(con, source, ctx)
        outcome.rows_read = read.rows_in + read.rows_structural
        outcome.rows_loaded = loaded
        outcome.rows_set_aside = bad + read.rows_structural
        outcome.reason = _set_aside_summary(con, file_id, outcome.rows_set_aside)
        _record(con, outcome, digest, size, ctx, read.extra_columns, previous, run_id)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return outcome


def files_of(landing: Path, source: Source | None) -> list[str]:
    """The landing files of one source (None: the files whose name matches no source)."""
    selected = []
    for rel in discover(landing):
        found = source_for_path(rel)
        if (found[0] if found else None) is source:
            selected.append(rel)
    return selected


def ingest_source(
    con: duckdb.DuckDBPyConnection,
    landing: Path,
    source: str | None,
    run_id: str | None = None,
    on_file: Callable[[FileOutcome], None] | None = None,
) -> list[FileOutcome]:
    """Take in every landing file of one source (None: record the unrecognised files)."""
    spec = SOURCES_BY_NAME[source] if source else None
    outcomes = []
    for rel in files_of(landing, spec):
        outcome = ingest_file(con, landing, rel, run_id)
        outcomes.append(outcome)
        if on_file:
            on_file(outcome)
    return outcomes


def ingest_landing(
    con: duckdb.DuckDBPyConnection,
    landing: Path,
    sources: Iterable[str] | None = None,
    run_id: str | None = None,
    on_file: Callable[[FileOutcome], None] | None = None,
) -> list[FileOutcome]:
    """Take in the whole landing zone, reference lists first."""
    names = list(sources) if sources is not None else [s.name for s in SOURCES] + [None]
    outcomes = []
    for name in names:
        outcomes += ingest_source(con, landing, name, run_id, on_file)
    return outcomes
