"""Take the landing zone's files into the raw layer, one file per transaction.

For each landing entry: work out its source from its path, hash its bytes, and skip it when the
ledger already holds that content for that path. Otherwise stage it (`ingest.readers`), check it
(`ingest.validation` with the source's own rules from `sources`), then in one transaction write
its good rows to the source's raw table, its bad rows to `raw.set_aside`, and its ledger row; a
new version of a path that loads marks the earlier one superseded. Whatever goes wrong with one
file (a file-level error of the contract, or anything else that fails while reading, checking or
loading it) rejects that file with its reason, and the other files go on. A rejected re-send never
supersedes the version in force. A run killed part-way leaves every file either fully taken in
or not at all.

Symbolic links and other entries that are not regular files are rejected unread. When a new
version of a reference list loads, the current files whose rows it decides (codes that must
exist in it) are re-checked against it: a file in which a row would move (a code the list no
longer knows, or a set-aside code it now knows) is taken in again as a new version.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import stat
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb

from core.duckdb_limits import threads
from ingest.readers import (
    ReadResult,
    map_header,
    open_bytes,
    read_header,
    stage_csv,
    stage_excel,
    stage_jsonl,
)
from ingest.validation import add_unique_key_violations, build_checked, checked_query
from ingest.warehouse import worker_connection
from sources import CONTRACT_VERSION, SOURCES, SOURCES_BY_NAME, Source, source_for_path
from sources.rules import FileContext, FileLevelError, MustExist, c, t, v

SYMLINK_REASON = "symbolic link: not read"
NOT_A_FILE_REASON = "not a regular file (a folder, device or pipe): not read"


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
    rechecked: bool = False  # a new version made by re-checking against a new reference list


def discover(landing: Path) -> list[str]:
    """Every entry of the landing zone, as sorted relative paths: its files, and the symbolic
    links and other entries that are not regular files (so that they can be rejected). Hidden
    files and folders are left out: producers write them while a transfer is under way. Links
    are never followed."""
    if not landing.is_dir():
        raise FileNotFoundError(f"landing zone not found: {landing}")
    entries = []
    for folder, folders, files in os.walk(landing, followlinks=False):
        base = Path(folder)
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for name in folders:
            if (base / name).is_symlink():
                entries.append((base / name).relative_to(landing).as_posix())
        for name in files:
            if not name.startswith("."):
                entries.append((base / name).relative_to(landing).as_posix())
    return sorted(entries)


def _entry_problem(path: Path) -> str | None:
    """Why an entry is not read at all, or None for a regular file."""
    mode = os.lstat(path).st_mode
    if stat.S_ISLNK(mode):
        return SYMLINK_REASON
    if not stat.S_ISREG(mode):
        return NOT_A_FILE_REASON
    return None


def content_hash(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 22):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _fingerprint(path: Path) -> tuple[str, int, str | None]:
    """(content hash, size, why the entry cannot be read or None). An entry that is not read
    is fingerprinted by what it is, so that seeing it again is a no-op."""
    try:
        problem = _entry_problem(path)
    except OSError as exc:
        return f"missing:{exc.errno}", 0, f"the file cannot be read: {exc.strerror or exc}"
    if problem == SYMLINK_REASON:
        target = os.readlink(path)
        return hashlib.sha256(f"symlink\0{target}".encode()).hexdigest(), 0, problem
    if problem:
        return hashlib.sha256(f"special\0{problem}".encode()).hexdigest(), 0, problem
    try:
        digest, size = content_hash(path)
    except OSError as exc:
        info = os.lstat(path)
        return (
            f"unreadable:{info.st_size}:{info.st_mtime_ns}",
            info.st_size,
            f"the file cannot be read: {exc.strerror or exc}",
        )
    return digest, size, None


def stat_key(path: Path) -> str | None:
    """What the file system says of a regular file: size, modification and change times and
    inode. The kernel moves the change time on every write (no program can set it back), so
    an equal key means the bytes have not been touched since the key was taken, and the file
    need not be hashed again (rsync's rule, made safe by the change time). None for an entry
    that is not a regular file."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return f"{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_ino}"


def landing_untouched(con: duckdb.DuckDBPyConnection, landing: Path) -> int | None:
    """How many landing entries there are when every one of them is a path the ledger holds a
    version in force of, with the same file-system stat (`stat_key`) as when it was taken in:
    then taking the landing zone in would read nothing and record nothing. None when any entry
    is new, changed, not a regular file, or was never stat'ed."""
    entries = discover(landing)
    # a path can have more than one version not superseded (a rejected re-send leaves the
    # version in force in force): any of them with this stat will do, as in `ingest_file`
    known = set(
        con.execute(
            "SELECT path, file_stat FROM raw.ledger WHERE superseded_by IS NULL "
            "AND file_stat IS NOT NULL"
        ).fetchall()
    )
    for rel in entries:
        key = stat_key(landing / rel)
        if key is None or (rel, key) not in known:
            return None
    return len(entries)


def count_data_rows(path: Path) -> int | None:
    """How many data rows a rejected file holds, where it can be told (lines less the header;
    a line ends with LF, CRLF or CR)."""
    if path.suffix == ".xlsx":
        return None
    try:
        ends, after_cr, last = 0, False, b""
        with open_bytes(path) as handle:
            while chunk := handle.read(1 << 22):
                pairs = chunk.count(b"\r\n") + (1 if after_cr and chunk[:1] == b"\n" else 0)
                ends += chunk.count(b"\n") + chunk.count(b"\r") - pairs
                after_cr, last = chunk[-1:] == b"\r", chunk[-1:]
        if last and last not in (b"\n", b"\r"):
            ends += 1  # the last line has no line end
        return max(ends - (0 if path.suffix == ".jsonl" else 1), 0)
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
    if source.reader == "csv_or_excel" and path.suffix == ".xlsx":
        return stage_excel(con, path, source)
    if source.check_file_name:
        source.check_file_name(ctx)
    header = read_header(path)
    aliases = source.header_layout(ctx, header) if source.header_layout else None
    contract, extra = map_header(source, header, aliases)
    if not source.keep_extra_columns:
        extra = {}
    result = stage_csv(con, path, source, contract, extra, header)
    result.layout = ctx.layout
    return result


def checked_in_one_pass(source: Source) -> bool:
    """Whether a source's rules are all row-level (no key across rows, no check against a
    reference list or across rows): then its good rows are written straight from the checking
    query, and only the rows that break a rule are kept aside in `_checked`, instead of every
    row being written to `_checked` first and read from it three times (measured on a national
    sinkhole report, issue 14: checking and writing 553,000 rows 0.58 s to 0.46 s)."""
    rules = source.rules
    return not (source.unique_key or rules.reference_checks or rules.structure_checks)


def _check(con: duckdb.DuckDBPyConnection, source: Source, ctx: FileContext) -> str | None:
    """Check the staged rows: the checking query, for a source checked in one pass (its rows
    are checked as they are written), else None once `_checked` holds every row checked."""
    rules = source.rules
    if checked_in_one_pass(source):
        return checked_query(
            source.columns,
            rules.computed(ctx),
            rules.row_checks(ctx),
            normalise_text=source.normalise_text,
        )
    build_checked(
        con,
        source.columns,
        rules.computed(ctx),
        rules.row_checks(ctx),
        normalise_text=source.normalise_text,
    )
    for check in rules.reference_checks:
        check(con, ctx)
    # A key is unique among the rows that keep every other rule: a broken row that repeats a
    # good row's key is set aside for what it breaks, and the good row stays.
    if source.unique_key:
        add_unique_key_violations(con, source.unique_key, source.unique_key_casefold)
    for check in rules.structure_checks:
        check(con, ctx)
    return None


def _write(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    ctx: FileContext,
    read: ReadResult,
    query: str | None,
) -> tuple[int, int]:
    """Write the good rows to the raw table and every broken rule to `raw.set_aside`; with the
    checking `query` of a source checked in one pass, the good rows come straight from it and
    `_checked` is made of the other rows only, when there are any."""
    targets = ["file_id", "source_row"] + [f'"{col.target}"' for col in source.columns]
    values = [str(ctx.file_id), "source_row"] + [t(col.name) for col in source.columns]
    for name, _ in source.extra_raw_columns:
        targets.append(f'"{name}"')
        values.append(c(name))
    if source.keep_extra_columns:
        targets.append("extra")
        values.append("_extra")
    checked = "_checked" if query is None else f"({query})"
    inserted = con.execute(
        f"INSERT INTO raw.{source.table} ({', '.join(targets)}) "
        f"SELECT {', '.join(values)} FROM {checked} WHERE len(violations) = 0"
    ).fetchall()[0][0]
    if query is not None:
        con.execute("DROP TABLE IF EXISTS _checked")
        broken = "" if inserted < read.rows_in else "LIMIT 0"  # no row broke a rule
        con.execute(
            f"CREATE TEMP TABLE _checked AS SELECT * FROM ({query}) "
            f"WHERE len(violations) > 0 {broken}"
        )
    record = (
        "json_object("
        + ", ".join(f"'{col.name}', left({v(col.name)}, 1000)" for col in source.columns)
        + ")"
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
    if query is not None:
        bad = con.execute("SELECT count(*) FROM _checked").fetchall()[0][0]
        if inserted + bad != read.rows_in:  # every row read is loaded or set aside, or none is
            raise RowsDoNotAddUp(
                f"{inserted} rows loaded and {bad} set aside of the {read.rows_in} rows read"
            )
        return inserted, bad
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


class RowsDoNotAddUp(RuntimeError):
    """The rows loaded and set aside do not add up to the rows read: a fault of the pipeline's
    checks, never of the file, so its reason must not ask the sender to send the file again."""


def reason_for(exc: Exception) -> str:
    """What went wrong with a file, in words its sender can act on."""
    if isinstance(exc, FileLevelError):
        return str(exc)
    if isinstance(exc, RowsDoNotAddUp):
        return (
            f"a fault of the pipeline, not of the file ({exc}): nothing of the file loaded. "
            "Nothing in the file needs mending and it need not be sent again: the first run after "
            "the authority's data team has mended the check takes it in as it was sent"
        )
    first_line = (str(exc).splitlines() or [""])[0][:300]
    if isinstance(exc, duckdb.OutOfMemoryException):
        return (
            "the file is too large to check within the memory the pipeline may use; send it "
            "split into smaller files"
        )
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8: the file has bytes that are not UTF-8 ({exc.reason})"
    if isinstance(exc, (EOFError, zlib.error)) or "gzip" in first_line.lower():
        return "unreadable file: the gzip stream is damaged or cut off"
    if isinstance(exc, OSError):
        return f"the file cannot be read: {exc.strerror or first_line}"
    return (
        f"the file could not be taken in ({type(exc).__name__}: {first_line}); the other files "
        "went on. Check it against the landing-zone contract and send it again"
    )


# --- the ledger ----------------------------------------------------------------------------------

LEDGER_COLUMNS = (
    "file_id", "path", "source", "content_hash", "size_bytes", "file_date", "file_time",
    "outcome", "rows_read", "rows_loaded", "rows_set_aside", "reason", "extra_columns", "layout",
    "ingested_at", "superseded_by", "run_id", "checked_against", "rechecked_from",
    "contract_version", "file_stat", "pipeline_fault",
)  # fmt: skip


def _record(
    con: duckdb.DuckDBPyConnection,
    outcome: FileOutcome,
    digest: str,
    size: int,
    ctx: FileContext | None,
    extra_columns: list[str] | None,
    replaces: list[int],
    run_id: str | None,
    checked_against: str | None = None,
    rechecked_from: int | None = None,
    file_stat: str | None = None,
    pipeline_fault: bool | None = None,
) -> None:
    """Write the file's ledger row; mark the versions it replaces superseded by it."""
    placeholders = ", ".join("now()" if n == "ingested_at" else "?" for n in LEDGER_COLUMNS)
    values = {
        "file_id": outcome.file_id,
        "path": outcome.path,
        "source": outcome.source,
        "content_hash": digest,
        "size_bytes": size,
        "file_date": ctx.file_date if ctx else None,
        "file_time": ctx.file_time if ctx else None,
        "outcome": outcome.status,
        "rows_read": outcome.rows_read,
        "rows_loaded": outcome.rows_loaded,
        "rows_set_aside": outcome.rows_set_aside,
        "reason": outcome.reason,
        "extra_columns": extra_columns or None,
        "layout": ctx.layout if ctx else None,
        "superseded_by": None,
        "run_id": run_id,
        "checked_against": checked_against,
        "rechecked_from": rechecked_from,
        "contract_version": CONTRACT_VERSION,
        "file_stat": file_stat,
        "pipeline_fault": pipeline_fault,
    }
    con.execute(
        f"INSERT INTO raw.ledger ({', '.join(LEDGER_COLUMNS)}) VALUES ({placeholders})",
        [values[n] for n in LEDGER_COLUMNS if n != "ingested_at"],
    )
    if replaces:
        con.execute(
            "UPDATE raw.ledger SET superseded_by = ? WHERE file_id IN (SELECT unnest(?))",
            [outcome.file_id, replaces],
        )
        outcome.superseded = replaces[0]


def reference_checks_of(source: Source) -> list[MustExist]:
    """The checks of a source's rows against reference lists (codes that must exist)."""
    return [chk for chk in source.rules.reference_checks if isinstance(chk, MustExist)]


def reference_versions(con: duckdb.DuckDBPyConnection, source: Source) -> str | None:
    """The versions (file ids) of the reference lists that decide a source's rows now, as the
    JSON text the ledger keeps in `checked_against`; None for a source no list decides."""
    tables = sorted({chk.table for chk in reference_checks_of(source)})
    if not tables:
        return None
    current = dict(
        con.execute(
            "SELECT source, max(file_id) FROM raw.current_files "
            "WHERE source IN (SELECT unnest(?)) GROUP BY source",
            [tables],
        ).fetchall()
    )
    return json.dumps({name: current.get(name) for name in tables}, sort_keys=True)


def _moved_rows(
    con: duckdb.DuckDBPyConnection, old: int, new: int, source: Source, why: str
) -> str:
    """How taking a file in again moved rows between its old and new version, in words (only
    why, when the old version was rejected whole: none of its rows loaded or were set aside)."""
    if con.execute("SELECT outcome FROM raw.ledger WHERE file_id = ?", [old]).fetchone() == (
        "rejected",
    ):
        return why
    now_aside, now_loaded = con.execute(
        f"""
        SELECT
            (SELECT count(*) FROM raw.{source.table} o
             WHERE o.file_id = ? AND o.source_row IN
                 (SELECT source_row FROM raw.set_aside WHERE file_id = ?)),
            (SELECT count(*) FROM raw.{source.table} n
             WHERE n.file_id = ? AND n.source_row IN
                 (SELECT source_row FROM raw.set_aside WHERE file_id = ?))
        """,
        [old, new, new, old],
    ).fetchone()
    return (
        f"{why}: {now_aside} row"
        f"{'s' if now_aside != 1 else ''} that loaded before now set aside, {now_loaded} row"
        f"{'s' if now_loaded != 1 else ''} set aside before now loaded"
    )


def _reject(
    con: duckdb.DuckDBPyConnection,
    outcome: FileOutcome,
    exc: Exception,
    path: Path,
    digest: str,
    size: int,
    ctx: FileContext | None,
    earlier_attempts: list[int],
    run_id: str | None,
    read: bool = True,
    file_stat: str | None = None,
) -> FileOutcome:
    """Record a rejected file: its reason, as its ledger row and as a set-aside entry. It
    replaces only earlier rejected versions, never the version in force."""
    rows = count_data_rows(path) if read else None
    outcome.status, outcome.reason = "rejected", reason_for(exc)
    outcome.rows_read, outcome.rows_loaded, outcome.rows_set_aside = rows, 0, rows
    con.begin()
    try:
        con.execute(
            "INSERT INTO raw.set_aside VALUES (?, ?, ?, NULL, NULL, 'file', ?, NULL, NULL)",
            [outcome.file_id, outcome.path, outcome.source, outcome.reason],
        )
        _record(
            con, outcome, digest, size, ctx, None, earlier_attempts, run_id, file_stat=file_stat,
            pipeline_fault=isinstance(exc, RowsDoNotAddUp) or None,
        )  # fmt: skip
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return outcome


@dataclass
class _Examined:
    """A landing entry that must be taken in: what was learnt of it before a file id is given."""

    rel: str
    digest: str
    size: int
    problem: str | None
    file_stat: str | None
    in_force: list[int]
    attempts: list[int]


def _examine(
    con: duckdb.DuckDBPyConnection,
    landing: Path,
    rel: str,
    retake_of: int | None = None,
    rejection_replaces_retaken: bool = False,
) -> FileOutcome | _Examined:
    """Whether a landing entry is new: an `unchanged` outcome when the ledger already holds this
    content for this path (and `retake_of` is not set), else what taking it in needs."""
    path = landing / rel
    versions = con.execute(
        "SELECT file_id, content_hash, outcome, file_stat FROM raw.ledger "
        "WHERE path = ? AND superseded_by IS NULL ORDER BY file_id",
        [rel],
    ).fetchall()
    before = stat_key(path)
    if retake_of is None and before is not None:
        untouched = [file_id for file_id, _, _, known in versions if known == before]
        if untouched:
            return FileOutcome(rel, None, "unchanged", file_id=untouched[-1])
    digest, size, problem = _fingerprint(path)
    # a file changed while it was hashed is taken as it is now at the next run
    file_stat = before if stat_key(path) == before else None
    same = [file_id for file_id, known, _, _ in versions if known == digest]
    if same and retake_of is None:
        if file_stat is not None:
            con.execute(
                "UPDATE raw.ledger SET file_stat = ? WHERE file_id = ?", [file_stat, same[-1]]
            )
        return FileOutcome(rel, None, "unchanged", file_id=same[-1])
    in_force = [file_id for file_id, _, status, _ in versions if status == "loaded"]
    attempts = [file_id for file_id, _, status, _ in versions if status == "rejected"]
    if rejection_replaces_retaken and retake_of is not None and retake_of not in attempts:
        attempts.append(retake_of)
    return _Examined(rel, digest, size, problem, file_stat, in_force, attempts)


def _next_file_id(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT nextval('raw.file_id_seq')").fetchone()[0]


def _take(
    con: duckdb.DuckDBPyConnection,
    landing: Path,
    entry: _Examined,
    file_id: int,
    run_id: str | None = None,
    retake_of: int | None = None,
    retake_why: str = "",
) -> FileOutcome:
    """Stage, check and write one examined entry as version `file_id`, or reject it."""
    rel, digest, size, file_stat = entry.rel, entry.digest, entry.size, entry.file_stat
    attempts, path = entry.attempts, landing / entry.rel
    found = source_for_path(rel)
    source = found[0] if found else None
    outcome = FileOutcome(
        rel, source.name if source else None, "loaded", file_id=file_id,
        rechecked=retake_of is not None,
    )  # fmt: skip
    ctx = None
    try:
        if entry.problem:
            raise FileLevelError(entry.problem)
        if source is None:
            raise FileLevelError(
                "the name does not say what the file is: it matches none of the landing-zone "
                "names of contract v1 (reference/agencies.csv, dossiers/systems_YYYYMMDD.csv, "
                "feeds/botnet/YYYY-MM-DD-<report>-<anything>.csv[.gz], ...)"
            )
        ctx = _file_context(source, found[1], file_id, rel)
        # Staging and checking touch only temporary tables: outside the transaction, so that
        # the staged rows keep row ids in file order (a source checked in one pass is checked
        # as its rows are written, inside it).
        read = _stage(con, path, source, ctx)
        query = _check(con, source, ctx)
    except Exception as exc:  # noqa: BLE001 - whatever fails is this file's reason
        return _reject(
            con, outcome, exc, path, digest, size, ctx, attempts, run_id,
            read=entry.problem is None, file_stat=file_stat,
        )  # fmt: skip
    con.begin()
    try:
        loaded, bad = _write(con, source, ctx, read, query)
        outcome.rows_read = read.rows_in + read.rows_structural
        outcome.rows_loaded = loaded
        outcome.rows_set_aside = bad + read.rows_structural
        outcome.reason = _set_aside_summary(con, file_id, outcome.rows_set_aside)
        if retake_of is not None:
            moved = _moved_rows(con, retake_of, file_id, source, retake_why)
            outcome.reason = moved + (f"; {outcome.reason}" if outcome.reason else "")
        _record(
            con,
            outcome,
            digest,
            size,
            ctx,
            read.extra_columns,
            sorted({*entry.in_force, *attempts}),
            run_id,
            checked_against=reference_versions(con, source),
            rechecked_from=retake_of,
            file_stat=file_stat,
        )
        con.commit()
    except Exception as exc:  # noqa: BLE001 - e.g. out of memory while writing the rows
        con.rollback()
        return _reject(
            con, outcome, exc, path, digest, size, ctx, attempts, run_id, file_stat=file_stat
        )
    return outcome


def ingest_file(
    con: duckdb.DuckDBPyConnection,
    landing: Path,
    rel: str,
    run_id: str | None = None,
    retake_of: int | None = None,
    retake_why: str = "",
    rejection_replaces_retaken: bool = False,
) -> FileOutcome:
    """Take in one landing entry (a no-op when the ledger already holds this content), or, with
    `retake_of`, take that version's file in again (`retake_why` says why: new reference lists,
    a new contract version; with `rejection_replaces_retaken`, the old version goes out of force
    even when the new one is rejected)."""
    entry = _examine(con, landing, rel, retake_of, rejection_replaces_retaken)
    if isinstance(entry, FileOutcome):
        return entry
    return _take(con, landing, entry, _next_file_id(con), run_id, retake_of, retake_why)


def files_are_independent(source: Source | None) -> bool:
    """Whether a source's files can be taken in side by side: no rule of one file reads
    another file of the same source (its rules are all row-level). The heavy feeds are such
    sources."""
    return source is not None and checked_in_one_pass(source)


def ingest_files_side_by_side(
    con: duckdb.DuckDBPyConnection,
    landing: Path,
    rels: list[str],
    run_id: str | None = None,
    workers: int = 2,
) -> Iterator[FileOutcome]:
    """Take in the files of one source whose files are independent on `workers` connections
    at once, yielding each outcome in the order of `rels`.

    A gzip file is decompressed by one thread, and a file's checks and write are short
    statements between which DuckDB's threads idle: two files at a time keep both cores busy
    (measured on national sinkhole reports, issue 14: 8.0 s → 6.7 s for ten reports). File ids
    are given in the order of `rels`, as a run one file at a time gives them, so the ledger
    does not depend on which thread finished first. Each file keeps its own transaction."""
    local = threading.local()
    opened: list[duckdb.DuckDBPyConnection] = []

    def connection() -> duckdb.DuckDBPyConnection:
        """This thread's connection, opened on its first file."""
        if not hasattr(local, "con"):
            local.con = worker_connection(con)
            opened.append(local.con)  # list.append is atomic: no lock needed
        return local.con

    try:
        with ThreadPoolExecutor(workers, thread_name_prefix="ingest") as pool:
            examined = list(pool.map(lambda rel: _examine(connection(), landing, rel), rels))
            ids = {
                entry.rel: _next_file_id(con)
                for entry in examined
                if isinstance(entry, _Examined)
            }
            taken = pool.map(
                lambda entry: entry
                if isinstance(entry, FileOutcome)
                else _take(connection(), landing, entry, ids[entry.rel], run_id),
                examined,
            )
            yield from taken
    finally:
        for cursor in opened:
            cursor.close()


def _rows_that_would_move(con: duckdb.DuckDBPyConnection, source: Source, file_id: int) -> int:
    """Rows of a current file that the reference lists now in force decide otherwise: loaded
    rows whose code the list no longer knows, set-aside rows whose code it now knows."""
    moving = 0
    for chk in reference_checks_of(source):
        column = source.column(chk.column).target
        moving += con.execute(
            f"""
            SELECT
                (SELECT count(*) FROM raw.{source.table}
                 WHERE file_id = ? AND "{column}" IS NOT NULL
                   AND "{column}" NOT IN ({chk.current_keys_sql()}))
              + (SELECT count(DISTINCT source_row) FROM raw.set_aside
                 WHERE file_id = ? AND rule = 'unknown_reference' AND column_name = ?
                   AND value IN ({chk.current_keys_sql()}))
            """,
            [file_id, file_id, chk.column],
        ).fetchone()[0]
    return moving


def recheck_source(
    con: duckdb.DuckDBPyConnection,
    landing: Path,
    source: Source,
    run_id: str | None = None,
    on_file: Callable[[FileOutcome], None] | None = None,
) -> list[FileOutcome]:
    """Re-check the current files of a source against the reference lists now in force, when
    a list has a new version since the file was checked. A file with rows that would move is
    taken in again as a new version (the ledger says what moved); the others only note the
    versions they were checked against."""
    now = reference_versions(con, source)
    if now is None:
        return []
    stale = con.execute(
        "SELECT file_id, path, content_hash FROM raw.current_files "
        "WHERE source = ? AND checked_against IS DISTINCT FROM ? ORDER BY path",
        [source.name, now],
    ).fetchall()
    outcomes = []
    for file_id, rel, digest in stale:
        if _rows_that_would_move(con, source, file_id) == 0:
            con.execute(
                "UPDATE raw.ledger SET checked_against = ? WHERE file_id = ?", [now, file_id]
            )
            continue
        if _fingerprint(landing / rel)[0] != digest:
            continue  # the landing file is gone or other than the version in force
        lists = ", ".join(f"reference/{chk.table}.csv" for chk in reference_checks_of(source))
        why = f"re-checked against the new version of {lists}"
        outcome = ingest_file(con, landing, rel, run_id, retake_of=file_id, retake_why=why)
        outcomes.append(outcome)
        if on_file:
            on_file(outcome)
    return outcomes


def _retake(
    con: duckdb.DuckDBPyConnection,
    landing: Path,
    versions: list[tuple[int, str, str, str]],
    run_id: str | None,
    on_file: Callable[[FileOutcome], None] | None,
) -> list[FileOutcome]:
    """Take in again each (file_id, path, content_hash, why) version whose landing file still
    has those bytes; the old version goes out of force even when the new one is rejected."""
    outcomes = []
    for file_id, rel, digest, why in versions:
        if _fingerprint(landing / rel)[0] != digest:
            continue  # a new version of the file is (or was just) taken in by itself
        outcome = ingest_file(
            con,
            landing,
            rel,
            run_id,
            retake_of=file_id,
            retake_why=why,
            rejection_replaces_retaken=True,
        )
        outcomes.append(outcome)
        if on_file:
            on_file(outcome)
    return outcomes


def retake_older_contract(
    con: duckdb.DuckDBPyConnection,
    landing: Path,
    source: Source,
    run_id: str | None = None,
    on_file: Callable[[FileOutcome], None] | None = None,
) -> list[FileOutcome]:
    """Take in again the current files of a source that were checked under an earlier version
    of the contract, so that every row in force keeps the rules in force."""
    older = con.execute(
        "SELECT file_id, path, content_hash, contract_version FROM raw.ledger "
        "WHERE source = ? AND superseded_by IS NULL "
        "AND contract_version IS DISTINCT FROM ? ORDER BY path, file_id",
        [source.name, CONTRACT_VERSION],
    ).fetchall()
    versions = [
        (file_id, rel, digest,
         f"taken in again under contract v{CONTRACT_VERSION} (it was checked under "
         f"v{version or '1'})")
        for file_id, rel, digest, version in older
    ]  # fmt: skip
    return _retake(con, landing, versions, run_id, on_file)


def retake_pipeline_faults(
    con: duckdb.DuckDBPyConnection,
    landing: Path,
    source: Source,
    run_id: str | None = None,
    on_file: Callable[[FileOutcome], None] | None = None,
) -> list[FileOutcome]:
    """Take in again the files of a source that were rejected for a fault of the pipeline (their
    rows did not add up): the file was not at fault, so its sender is told not to send it again,
    and the run after the check is mended must take it in by itself."""
    faulted = con.execute(
        "SELECT file_id, path, content_hash, 'taken in again after a fault of the pipeline' "
        "FROM raw.ledger WHERE source = ? AND superseded_by IS NULL AND outcome = 'rejected' "
        "AND pipeline_fault ORDER BY path, file_id",
        [source.name],
    ).fetchall()
    return _retake(con, landing, faulted, run_id, on_file)


def files_of(landing: Path, source: Source | None) -> list[str]:
    """The landing files of one source (None: the entries whose name matches no source)."""
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
    """Take in every landing file of one source (None: record the unrecognised entries), then
    re-check its current files against the reference lists now in force."""
    spec = SOURCES_BY_NAME[source] if source else None
    outcomes = []
    rels = files_of(landing, spec)
    workers = min(threads(), len(rels))
    if workers > 1 and files_are_independent(spec):
        taken: Iterable[FileOutcome] = ingest_files_side_by_side(
            con, landing, rels, run_id, workers
        )
    else:
        taken = (ingest_file(con, landing, rel, run_id) for rel in rels)
    for outcome in taken:
        outcomes.append(outcome)
        if on_file:
            on_file(outcome)
    if spec is not None:
        outcomes += retake_older_contract(con, landing, spec, run_id, on_file)
        outcomes += retake_pipeline_faults(con, landing, spec, run_id, on_file)
        outcomes += recheck_source(con, landing, spec, run_id, on_file)
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
