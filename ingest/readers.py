"""Read one landing file into a temporary DuckDB relation of text cells, in bulk.

Whatever the file's format, a reader leaves behind the view `_in`: one row per data row of the
file with `source_row` (the row number a person sees: the header is row 1 of a CSV, a line of a
JSONL file is its line number, an Excel row is the sheet's row number), one VARCHAR column per
contract column under its contract name (NULL when the file does not have it), and `_extra`, the
file's other columns as a JSON object. Rows that cannot even be split into cells (too many or too
few fields, not JSON) go to `_structural` with their reason. A problem with the whole file
raises `FileLevelError`.

CSV and gzip files are parsed by DuckDB's `read_csv`, JSONL by `read_text` and DuckDB's JSON
functions; the Excel export, small by nature, is read with openpyxl and handed to DuckDB as CSV.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import tempfile
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path

import duckdb

from sources.contract import BOOL, DATE, ENUM, INT, Source
from sources.rules import FileLevelError, quote_ident, sql_string


@dataclass
class ReadResult:
    rows_in: int  # rows that reached `_in`
    rows_structural: int  # rows set aside because they could not be split into cells
    extra_columns: list[str]
    layout: str | None = None


def fold(name: str) -> str:
    """A header name as it is matched: NFC, surrounding white space trimmed, case-folded."""
    return unicodedata.normalize("NFC", name).strip().casefold()


# Contract v1.1: a cell over 1 MiB sets its row aside; a header cell over 1 MiB rejects the file.
MAX_CELL_BYTES = 1 << 20
# How far into a file the header row is looked for (a header this long holds a cell over 1 MiB
# whatever its width, so nothing readable is refused).
HEADER_SEARCH_BYTES = 64 << 20


def open_bytes(path: Path):
    """The file's bytes, through gzip when its name ends in `.gz`."""
    return gzip.open(path, "rb") if path.name.endswith(".gz") else open(path, "rb")


def read_header(path: Path) -> list[str]:
    """The header row of a CSV file, gzip or not: UTF-8 (a BOM removed), ended by LF, CRLF or CR,
    split into its cells. Raises `FileLevelError` for an empty, unreadable, non-UTF-8 header, or
    one with a cell over 1 MiB."""
    raw = bytearray()
    try:
        with open_bytes(path) as handle:
            while len(raw) < HEADER_SEARCH_BYTES:
                chunk = handle.read(1 << 16)
                if not chunk:
                    break
                ends = [i for i in (chunk.find(b"\n"), chunk.find(b"\r")) if i >= 0]
                if ends:
                    raw += chunk[: min(ends)]
                    break
                raw += chunk
    except (OSError, EOFError, zlib.error) as exc:
        raise FileLevelError(f"unreadable file: {exc}") from exc
    if len(raw) >= HEADER_SEARCH_BYTES:
        raise FileLevelError("header cell longer than 1 MiB: the header row never ends")
    if not raw.strip():
        raise FileLevelError("empty file: there is no header row")
    try:
        text = bytes(raw).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileLevelError(
            f"not UTF-8: the header row has bytes that are not UTF-8 ({exc.reason})"
        ) from exc
    return parse_header(text)


def parse_header(line: str) -> list[str]:
    """The cells of a header line (quoted as in RFC 4180)."""
    limit = csv.field_size_limit()
    csv.field_size_limit(HEADER_SEARCH_BYTES)
    try:
        cells = next(csv.reader([line]))
    except csv.Error as exc:
        raise FileLevelError(f"the header row cannot be split into column names: {exc}") from exc
    finally:
        csv.field_size_limit(limit)
    for position, cell in enumerate(cells, start=1):
        if len(cell.encode("utf-8")) > MAX_CELL_BYTES:
            raise FileLevelError(f"header cell longer than 1 MiB (column {position})")
    return cells


def map_header(
    source: Source, header: list[str], aliases: dict[str, str] | None = None
) -> tuple[dict[str, int], dict[str, int]]:
    """Positions of the contract columns and of the extra columns in a header row.

    `aliases` maps a folded header name to a contract column name (the botnet layouts)."""
    folded = [fold(h) for h in header]
    seen: dict[str, int] = {}
    for position, name in enumerate(folded):
        if name in seen:
            raise FileLevelError(f"the header names column '{header[position].strip()}' twice")
        seen[name] = position
    wanted = {fold(c.name): c.name for c in source.columns}
    if aliases:
        wanted = {**aliases}
    contract: dict[str, int] = {}
    extra: dict[str, int] = {}
    for name, position in seen.items():
        if name in wanted:
            contract[wanted[name]] = position
        elif name:
            extra[header[position].strip()] = position
    required = source.header_required
    missing = [c for c in required if c not in contract]
    if missing:
        raise FileLevelError("required column(s) missing from the header: " + ", ".join(missing))
    return contract, extra


def _ends_with_line_end(path: Path) -> bool:
    with open(path, "rb") as handle:
        handle.seek(0, 2)
        if handle.tell() == 0:
            return False
        handle.seek(-1, 2)
        return handle.read(1) in (b"\n", b"\r")


class CannotSplitRows(FileLevelError):
    """DuckDB's reader lost track of rows: line ends mixed within the file, or a quote never
    closed."""


def _with_lf_line_ends(path: Path) -> Path:
    """A temporary plain copy of a file (gzip or not) whose every line end (LF, CRLF or CR) is
    LF, for the rare file that mixes them: DuckDB's reader takes one kind per file. Bytes are
    rewritten in large chunks, not row by row."""
    handle = tempfile.NamedTemporaryFile(suffix=".csv", delete=False)  # noqa: SIM115
    pending = b""
    with handle, open_bytes(path) as source:
        while chunk := source.read(1 << 22):
            data = pending + chunk
            pending = b"\r" if data.endswith(b"\r") else b""
            if pending:
                data = data[:-1]
            handle.write(data.replace(b"\r\n", b"\n").replace(b"\r", b"\n"))
        handle.write(pending.replace(b"\r", b"\n"))
    return Path(handle.name)


ROW_SHAPE_REASONS = {
    "MISSING COLUMNS": "the row has fewer cells than the header",
    "TOO MANY COLUMNS": "the row has more cells than the header",
    "UNQUOTED VALUE": "a quote is not closed or stands inside an unquoted cell",
    "INVALID STATE": "the row cannot be split into cells",
    "CAST": "a cell cannot be read",
}
LINE_TOO_LONG = "LINE SIZE OVER MAXIMUM"
CELL_TOO_LONG = "cell longer than 1 MiB"


def _read_csv_into(
    con: duckdb.DuckDBPyConnection, path: Path, header: list[str], kept: list[int], max_line: int
) -> list[tuple]:
    """Parse the file with DuckDB into `_read` (the kept cells and `_long`, the position of the
    first cell over 1 MiB, checked only when rows may be that long) and return the rows DuckDB
    could not split: (line, error type, column, line text, message), one per row."""
    width = len(header)
    positional = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width))
    # Only the kept columns are materialised: the reader skips the others' values.
    wanted = ", ".join(f"c{i}" for i in kept) or "NULL AS _none"
    if max_line > MAX_CELL_BYTES:
        cases = " ".join(f"WHEN strlen(c{i}) > {MAX_CELL_BYTES} THEN {i}" for i in range(width))
        long_cell = f"CASE {cases} END"
    else:  # a row no longer than 1 MiB cannot hold a longer cell
        long_cell = "NULL::INTEGER"
    for table in ("_read", "_rejects", "_reject_scans"):
        con.execute(f"DROP TABLE IF EXISTS {table}")
    try:
        con.execute(
            f"""
            CREATE TEMP TABLE _read AS
            SELECT {wanted}, {long_cell} AS _long FROM read_csv({sql_string(str(path))},
                header = true, auto_detect = false, columns = {{{positional}}},
                delim = ',', quote = '"', escape = '"', strict_mode = true,
                max_line_size = {max_line}, compression = 'auto', store_rejects = true,
                rejects_table = '_rejects', rejects_scan = '_reject_scans')
            """
        )
    except duckdb.Error as exc:
        message = str(exc).splitlines()[0]
        if "invalid state" in message.lower():
            raise CannotSplitRows(
                "the file cannot be split into rows and cells: a quote is never closed"
            ) from exc
        raise FileLevelError(f"unreadable or truncated file: {message}") from exc
    # DuckDB lists a row once per cell it could not place: keep the first error of each row
    # (a row that is too long has no column).
    return con.execute(
        "SELECT line, arg_min(error_type::VARCHAR, coalesce(column_idx, -1)), "
        "arg_min(column_name, coalesce(column_idx, -1)), any_value(left(csv_line, 500)), "
        "arg_min(error_message, coalesce(column_idx, -1)) "
        "FROM _rejects GROUP BY line ORDER BY line"
    ).fetchall()


def stage_csv(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    source: Source,
    contract: dict[str, int],
    extra: dict[str, int],
    header: list[str],
    row_numbers_from: str | None = None,
    lf_copy: bool = False,
) -> ReadResult:
    """Parse a CSV file (plain or gzip) with DuckDB into `_in` and `_structural`.

    Rows are first read with DuckDB's line limit at 1 MiB; only when some row is longer is the
    file read again with room for it, each cell's length checked, so ordinary files pay nothing
    for the 1 MiB rule. `row_numbers_from` names a column of the file that already holds each
    row's number (the Excel reader's), instead of counting rows from the header."""
    kept = sorted({*contract.values(), *extra.values()})
    try:
        rejects = _read_csv_into(con, path, header, kept, MAX_CELL_BYTES)
    except CannotSplitRows:
        if lf_copy:
            raise
        # Lines that end in more than one way: read a copy whose line ends are all LF (the rows
        # keep their numbers, each line end being one line end still).
        copy = _with_lf_line_ends(path)
        try:
            return stage_csv(
                con, copy, source, contract, extra, header, row_numbers_from, lf_copy=True
            )
        finally:
            copy.unlink(missing_ok=True)
    if any(r[1] == LINE_TOO_LONG for r in rejects):
        # Room for a row whose every cell is just under 1 MiB: a longer row must hold a longer
        # cell, so the rows still refused are rightly set aside for it.
        room = (len(header) + 1) * MAX_CELL_BYTES + 4 * len(header)
        rejects = _read_csv_into(con, path, header, kept, room)
    total = con.execute("SELECT count(*) FROM _read").fetchone()[0]
    _refuse_broken_file(path, rejects, total, row_numbers_from)
    con.execute(
        "CREATE OR REPLACE TEMP VIEW _rows AS SELECT "
        f"{_row_number_expr(rejects, row_numbers_from, contract)}, * FROM _read"
    )
    long_rows = _record_structural_rows(con, rejects, header)
    _create_in_view(con, source, contract, extra)
    return ReadResult(
        rows_in=total - long_rows,
        rows_structural=len(rejects) + long_rows,
        extra_columns=list(extra),
    )


def _refuse_broken_file(
    path: Path, rejects: list[tuple], total: int, row_numbers_from: str | None
) -> None:
    """Raise FileLevelError when what DuckDB could not read means the whole file is broken:
    bytes that are not UTF-8, a last row cut off part-way, a converted Excel sheet unreadable."""
    encoding = [r for r in rejects if r[1] == "INVALID ENCODING"]
    if encoding:
        raise FileLevelError(f"not UTF-8: row {encoding[0][0]} has bytes that are not UTF-8")
    last_row = 1 + total + len(rejects)
    if (
        rejects
        and rejects[-1][0] == last_row
        and rejects[-1][1] in ("MISSING COLUMNS", "UNQUOTED VALUE", "INVALID STATE")
        and not path.name.endswith(".gz")
        and not _ends_with_line_end(path)
    ):
        raise FileLevelError(
            f"truncated file: the last row ({last_row}) stops part-way and has no line end"
        )
    if row_numbers_from is not None and rejects:
        raise FileLevelError("the converted Excel sheet could not be re-read")


def _record_structural_rows(
    con: duckdb.DuckDBPyConnection, rejects: list[tuple], header: list[str]
) -> int:
    """Fill `_structural` with the rows that cannot be split into cells and the rows holding a
    cell over 1 MiB; returns how many of the latter DuckDB did read (they stay out of `_in`)."""
    con.execute("DROP TABLE IF EXISTS _structural")
    con.execute(
        "CREATE TEMP TABLE _structural (source_row BIGINT, column_name VARCHAR, rule VARCHAR, "
        "reason VARCHAR, value VARCHAR)"
    )
    if rejects:
        con.executemany(
            "INSERT INTO _structural VALUES (?, NULL, ?, ?, ?)",
            [
                (line, "cell_too_long", CELL_TOO_LONG, None)
                if kind == LINE_TOO_LONG
                else (
                    line,
                    "row_shape",
                    f"{ROW_SHAPE_REASONS.get(kind or '', 'the row cannot be read')} ({message})",
                    text,
                )
                for line, kind, _, text, message in rejects
            ],
        )
    names = "[" + ", ".join(sql_string(h.strip()) for h in header) + "]"
    con.execute(
        f"INSERT INTO _structural SELECT source_row, {names}[_long + 1], 'cell_too_long', "
        f"'{CELL_TOO_LONG}', NULL FROM _rows WHERE _long IS NOT NULL"
    )
    return con.execute("SELECT count(*) FROM _read WHERE _long IS NOT NULL").fetchone()[0]


def _create_in_view(
    con: duckdb.DuckDBPyConnection, source: Source, contract: dict[str, int], extra: dict[str, int]
) -> None:
    """`_in`: each readable row's contract cells under their contract names, the others in
    `_extra` (JSON)."""
    select = ["source_row"]
    for column in source.columns:
        position = contract.get(column.name)
        value = f"c{position}" if position is not None else "NULL::VARCHAR"
        select.append(f"{value} AS {quote_ident(column.name)}")
    if extra:
        pairs = ", ".join(f"{sql_string(k)}, c{v}" for k, v in extra.items())
        select.append(f"json_object({pairs}) AS _extra")
    else:
        select.append("NULL::JSON AS _extra")
    con.execute(
        "CREATE OR REPLACE TEMP VIEW _in AS SELECT "
        + ", ".join(select)
        + " FROM _rows WHERE _long IS NULL"
    )


def _row_number_expr(rejects: list, row_numbers_from: str | None, contract: dict) -> str:
    if row_numbers_from is not None:
        return f"CAST(c{contract[row_numbers_from]} AS BIGINT) AS source_row"
    if not rejects:
        return "rowid + 2 AS source_row"
    # A kept row's number skips the rejected rows before it: the j-th rejected row (0-based,
    # in order) moves every kept row from index line_j - 2 - j onwards one row down.
    thresholds = ", ".join(str(r[0] - 2 - j) for j, r in enumerate(rejects))
    return (
        f"rowid + 2 + list_count(list_filter([{thresholds}], lambda t: t <= rowid)) AS source_row"
    )


def stage_jsonl(con: duckdb.DuckDBPyConnection, path: Path, source: Source) -> ReadResult:
    """Split a JSONL file into lines with DuckDB (a BOM removed; lines ended by LF, CRLF or CR)
    and pick each contract field out of them."""
    con.execute("DROP TABLE IF EXISTS _read")
    try:
        con.execute(
            f"""
            CREATE TEMP TABLE _read AS
            WITH text AS (
                SELECT regexp_split_to_array(ltrim(content, chr(65279)), '\\r\\n|\\r|\\n') AS lines
                FROM read_text({sql_string(str(path))})
            ),
            lines AS (
                SELECT unnest(lines) AS line, generate_subscripts(lines, 1) AS source_row
                FROM text
            )
            SELECT source_row, line,
                   CASE WHEN json_valid(line) THEN json_type(line) = 'OBJECT' ELSE false END
                       AS is_object
            FROM lines WHERE trim(line, ' ' || chr(9)) <> ''
            """
        )
        # A field over 1 MiB sets its line aside (only lines that long can hold one).
        con.execute(
            f"""
            ALTER TABLE _read ADD COLUMN _long VARCHAR;
            UPDATE _read SET _long = list_filter(
                json_keys(line),
                lambda k: strlen(json_extract_string(line, '$."' || k || '"')) > {MAX_CELL_BYTES}
            )[1]
            WHERE is_object AND strlen(line) > {MAX_CELL_BYTES};
            """
        )
    except duckdb.Error as exc:
        message = str(exc).splitlines()[0]
        if "UTF-8" in message:
            raise FileLevelError("not UTF-8: the file has bytes that are not UTF-8") from exc
        raise FileLevelError(f"unreadable file: {message}") from exc
    con.execute("DROP TABLE IF EXISTS _structural")
    con.execute(
        f"""
        CREATE TEMP TABLE _structural AS
        SELECT source_row, NULL::VARCHAR AS column_name, 'json' AS rule,
               CASE WHEN json_valid(line) THEN 'the line is JSON but not a JSON object'
                    ELSE 'the line is not valid JSON' END AS reason,
               left(line, 500) AS value
        FROM _read WHERE NOT is_object
        UNION ALL
        SELECT source_row, _long, 'cell_too_long', '{CELL_TOO_LONG}', NULL
        FROM _read WHERE _long IS NOT NULL
        """
    )
    select = ["source_row"]
    for column in source.columns:
        path_expr = sql_string("$." + json_key(column.name))
        select.append(f"json_extract_string(line, {path_expr}) AS {quote_ident(column.name)}")
    if source.keep_extra_columns:
        select.append("line::JSON AS _extra")
    else:
        select.append("NULL::JSON AS _extra")
    con.execute(
        "CREATE OR REPLACE TEMP VIEW _in AS SELECT "
        + ", ".join(select)
        + " FROM _read WHERE is_object AND _long IS NULL"
    )
    rows_in, structural = con.execute(
        "SELECT count(*) FILTER (WHERE is_object AND _long IS NULL), "
        "count(*) FILTER (WHERE NOT is_object OR _long IS NOT NULL) FROM _read"
    ).fetchone()
    return ReadResult(rows_in=rows_in, rows_structural=structural, extra_columns=[])


def json_key(name: str) -> str:
    return '"' + name + '"'


# --- the dossier platform's Excel export -------------------------------------------------------

EXCEL_LABELS = {
    "operation_status": {
        "đang vận hành": "operating",
        "đang xây dựng": "building",
        "ngừng vận hành": "retired",
    },
    "dossier_status": {
        "nháp": "draft",
        "đã nộp": "submitted",
        "đang thẩm định": "appraising",
        "đã phê duyệt": "approved",
        "trả lại": "returned",
        "từ chối": "rejected",
    },
}
EXCEL_BOOLEANS = {"có": "true", "không": "false"}
ROW_COLUMN = "_excel_row"


def _excel_cell_text(value: object, kind: str, column: str) -> str:
    """An Excel cell as the text the CSV export would hold for it."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if kind == DATE else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and kind == INT:
        return str(int(value))
    text = unicodedata.normalize("NFC", str(value)).strip()
    if kind == DATE:
        try:
            return dt.datetime.strptime(text, "%d/%m/%Y").date().isoformat()
        except ValueError:
            return text
    if kind == BOOL:
        return EXCEL_BOOLEANS.get(text.casefold(), text)
    if kind == ENUM and column in EXCEL_LABELS:
        return EXCEL_LABELS[column].get(text.casefold(), text)
    return text


def _is_formula(cell: object) -> bool:
    return getattr(cell, "data_type", None) == "f"


def _find_excel_header(rows, source: Source) -> tuple[int, list]:
    """The header row under the export's title rows (among the first 50): the first row naming
    most of the required columns; returns its number and the column each cell names. Checks
    that every required column is there. `rows` goes on from the row after the header."""
    by_header = {fold(c.excel_header): c for c in source.columns if c.excel_header}
    by_name = {fold(c.name): c for c in source.columns}
    for number, (cells, _) in enumerate(rows, start=1):
        names = [fold(str(c)) if c is not None else "" for c in cells]
        found = [by_header.get(n) or by_name.get(n) for n in names]
        if sum(1 for f in found if f) >= len(source.header_required) // 2 + 1:
            present = {c.name for c in found if c}
            missing = [c for c in source.header_required if c not in present]
            if missing:
                raise FileLevelError(
                    "required column(s) missing from the header: "
                    + ", ".join(f"{c} ({source.column(c).excel_header})" for c in missing)
                )
            return number, found
        if number >= 50:
            break
    raise FileLevelError(
        "no header row: none of the first rows names the export's columns "
        "(expected Vietnamese headers such as 'Mã hệ thống', 'Tên hệ thống')"
    )


def _formula_without_value(number: int, cells, raw_cells, columns: list) -> tuple | None:
    """The set-aside row (row, column, rule, reason, value) when a contract cell of this row
    is a formula without a cached value; None otherwise."""
    from openpyxl.utils import get_column_letter

    for position, (value, raw, col) in enumerate(zip(cells, raw_cells, columns, strict=False)):
        if col and value is None and _is_formula(raw):
            return (
                number,
                col.name,
                "formula",
                f"formula without a value in column {get_column_letter(position + 1)} "
                f"({col.excel_header}): open the file in Excel and save it, so that every "
                "formula has its value",
                str(raw.value)[:200],
            )
    return None


def stage_excel(con: duckdb.DuckDBPyConnection, path: Path, source: Source) -> ReadResult:
    """Read the platform's Excel export: find the header row under the title rows, translate the
    Vietnamese headers, labels, booleans and dates, and stage the rows like a CSV export.

    A cell holding a formula is read by the value Excel cached for it; a formula with no cached
    value (a sheet written by a program and never opened in Excel) sets its row aside."""
    import openpyxl  # a Python reader: DuckDB's excel extension downloads at run time

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise FileLevelError(f"unreadable Excel file: {exc}") from exc
    unreadable: list[tuple] = []  # rows set aside for a formula without a value
    try:
        sheet = workbook.worksheets[0]
        rows = zip(
            sheet.iter_rows(values_only=True), formulas.worksheets[0].iter_rows(), strict=False
        )
        header_row, columns = _find_excel_header(rows, source)
        present = {c.name for c in columns if c}
        names = [c.name for c in source.columns if c.name in present]
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - read back after it is closed
            "w", suffix=".csv", delete=False, encoding="utf-8", newline=""
        )
        with handle:
            writer = csv.writer(handle)
            writer.writerow([ROW_COLUMN, *names])
            for number, (cells, raw_cells) in enumerate(rows, start=header_row + 1):
                if all(c is None or str(c).strip() == "" for c in cells):
                    continue
                problem = _formula_without_value(number, cells, raw_cells, columns)
                if problem:
                    unreadable.append(problem)
                    continue
                record = {
                    col.name: _excel_cell_text(value, col.kind, col.name)
                    for value, col in zip(cells, columns, strict=False)
                    if col
                }
                writer.writerow([number, *(record.get(n, "") for n in names)])
    finally:
        workbook.close()
        formulas.close()
    temp = Path(handle.name)
    try:
        contract = {n: i + 1 for i, n in enumerate(names)}
        contract[ROW_COLUMN] = 0
        result = stage_csv(
            con, temp, source, contract, {}, [ROW_COLUMN, *names], row_numbers_from=ROW_COLUMN
        )
    finally:
        temp.unlink(missing_ok=True)
    if unreadable:
        con.executemany("INSERT INTO _structural VALUES (?, ?, ?, ?, ?)", unreadable)
        result.rows_structural += len(unreadable)
    return result
