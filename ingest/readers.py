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

from ingest.sources import BOOL, DATE, ENUM, INT, Source


class FileLevelError(Exception):
    """The whole file is rejected; the message says why."""


@dataclass
class ReadResult:
    rows_in: int  # rows that reached `_in`
    rows_structural: int  # rows set aside because they could not be split into cells
    extra_columns: list[str]
    layout: str | None = None


def fold(name: str) -> str:
    """A header name as it is matched: NFC, surrounding white space trimmed, case-folded."""
    return unicodedata.normalize("NFC", name).strip().casefold()


def sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def read_first_line(path: Path) -> str:
    """The header line of a CSV file, gzip or not, decoded as UTF-8 (BOM removed)."""
    opener = gzip.open if path.name.endswith(".gz") else open
    try:
        with opener(path, "rb") as handle:
            raw = handle.readline(1 << 20)
    except (OSError, EOFError, zlib.error) as exc:
        raise FileLevelError(f"unreadable file: {exc}") from exc
    if not raw.strip():
        raise FileLevelError("empty file: there is no header row")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileLevelError(
            f"not UTF-8: the header row has bytes that are not UTF-8 ({exc.reason})"
        ) from exc
    return text.rstrip("\r\n")


def parse_header(line: str) -> list[str]:
    return next(csv.reader([line]))


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


def _ends_with_newline(path: Path) -> bool:
    with open(path, "rb") as handle:
        handle.seek(0, 2)
        if handle.tell() == 0:
            return False
        handle.seek(-1, 2)
        return handle.read(1) == b"\n"


def stage_csv(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    source: Source,
    contract: dict[str, int],
    extra: dict[str, int],
    width: int,
    row_numbers_from: str | None = None,
) -> ReadResult:
    """Parse a CSV file (plain or gzip) with DuckDB into `_in` and `_structural`.

    `row_numbers_from` names a column of the file that already holds each row's number (the
    Excel reader's), instead of counting rows from the header."""
    positional = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width))
    # Only the columns that are kept are materialised: the reader skips the others' values.
    wanted = ", ".join(f"c{i}" for i in sorted({*contract.values(), *extra.values()}))
    con.execute("DROP TABLE IF EXISTS _read")
    con.execute("DROP TABLE IF EXISTS _rejects")
    con.execute("DROP TABLE IF EXISTS _reject_scans")
    try:
        con.execute(
            f"""
            CREATE TEMP TABLE _read AS
            SELECT {wanted} FROM read_csv({sql_string(str(path))},
                header = true, auto_detect = false, columns = {{{positional}}},
                delim = ',', quote = '"', escape = '"', strict_mode = true,
                compression = 'auto', store_rejects = true,
                rejects_table = '_rejects', rejects_scan = '_reject_scans')
            """
        )
    except duckdb.Error as exc:
        message = str(exc).splitlines()[0]
        raise FileLevelError(f"unreadable or truncated file: {message}") from exc
    rows_in = con.execute("SELECT count(*) FROM _read").fetchone()[0]
    # DuckDB lists a row once per cell it could not place: keep the first error of each row.
    rejects = con.execute(
        "SELECT line, arg_min(error_type::VARCHAR, column_idx), arg_min(column_name, column_idx),"
        " any_value(csv_line), arg_min(error_message, column_idx) "
        "FROM _rejects GROUP BY line ORDER BY line"
    ).fetchall()
    encoding = [r for r in rejects if r[1] == "INVALID ENCODING"]
    if encoding:
        raise FileLevelError(f"not UTF-8: row {encoding[0][0]} has bytes that are not UTF-8")
    last_row = 1 + rows_in + len(rejects)
    if (
        rejects
        and rejects[-1][0] == last_row
        and rejects[-1][1] in ("MISSING COLUMNS", "UNQUOTED VALUE", "INVALID STATE")
        and not path.name.endswith(".gz")
        and not _ends_with_newline(path)
    ):
        raise FileLevelError(
            f"truncated file: the last row ({last_row}) stops part-way and has no line end"
        )
    con.execute("DROP TABLE IF EXISTS _structural")
    con.execute(
        "CREATE TEMP TABLE _structural (source_row BIGINT, column_name VARCHAR, rule VARCHAR, "
        "reason VARCHAR, value VARCHAR)"
    )
    reasons = {
        "MISSING COLUMNS": "the row has fewer cells than the header",
        "TOO MANY COLUMNS": "the row has more cells than the header",
        "UNQUOTED VALUE": "a quote is not closed or stands inside an unquoted cell",
        "LINE SIZE OVER MAXIMUM": "the row is longer than the reader accepts",
        "INVALID STATE": "the row cannot be split into cells",
        "CAST": "a cell cannot be read",
    }
    if row_numbers_from is None and rejects:
        con.executemany(
            "INSERT INTO _structural VALUES (?, NULL, 'row_shape', ?, ?)",
            [(r[0], f"{reasons.get(r[1], r[1].lower())} ({r[4]})", r[3]) for r in rejects],
        )
    elif rejects:
        raise FileLevelError("the converted Excel sheet could not be re-read")

    select = [_row_number_expr(rejects, row_numbers_from, contract)]
    for column in source.columns:
        position = contract.get(column.name)
        value = f"c{position}" if position is not None else "NULL::VARCHAR"
        select.append(f"{value} AS {quote_ident(column.name)}")
    if extra:
        pairs = ", ".join(f"{sql_string(k)}, c{v}" for k, v in extra.items())
        select.append(f"json_object({pairs}) AS _extra")
    else:
        select.append("NULL::JSON AS _extra")
    con.execute("CREATE OR REPLACE TEMP VIEW _in AS SELECT " + ", ".join(select) + " FROM _read")
    return ReadResult(rows_in=rows_in, rows_structural=len(rejects), extra_columns=list(extra))


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


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def stage_jsonl(con: duckdb.DuckDBPyConnection, path: Path, source: Source) -> ReadResult:
    """Split a JSONL file into lines with DuckDB and pick each contract field out of them."""
    con.execute("DROP TABLE IF EXISTS _read")
    try:
        con.execute(
            f"""
            CREATE TEMP TABLE _read AS
            WITH lines AS (
                SELECT unnest(string_split(content, chr(10))) AS line,
                       generate_subscripts(string_split(content, chr(10)), 1) AS source_row
                FROM read_text({sql_string(str(path))})
            )
            SELECT source_row, rtrim(line, chr(13)) AS line,
                   CASE WHEN json_valid(rtrim(line, chr(13)))
                        THEN json_type(rtrim(line, chr(13))) = 'OBJECT' ELSE false END AS is_object
            FROM lines WHERE trim(line, chr(13) || ' ' || chr(9)) <> ''
            """
        )
    except duckdb.Error as exc:
        message = str(exc).splitlines()[0]
        if "UTF-8" in message:
            raise FileLevelError("not UTF-8: the file has bytes that are not UTF-8") from exc
        raise FileLevelError(f"unreadable file: {message}") from exc
    con.execute("DROP TABLE IF EXISTS _structural")
    con.execute(
        """
        CREATE TEMP TABLE _structural AS
        SELECT source_row, NULL::VARCHAR AS column_name, 'json' AS rule,
               CASE WHEN json_valid(line) THEN 'the line is JSON but not a JSON object'
                    ELSE 'the line is not valid JSON' END AS reason,
               left(line, 500) AS value
        FROM _read WHERE NOT is_object
        """
    )
    select = ["source_row"]
    known = []
    for column in source.columns:
        path_expr = sql_string("$." + json_key(column.name))
        known.append(sql_string(column.name))
        select.append(
            f"CASE WHEN is_object THEN json_extract_string(line, {path_expr}) END "
            f"AS {quote_ident(column.name)}"
        )
    if source.keep_extra_columns:
        select.append("CASE WHEN is_object THEN line::JSON END AS _extra")
    else:
        select.append("NULL::JSON AS _extra")
    con.execute(
        "CREATE OR REPLACE TEMP VIEW _in AS SELECT "
        + ", ".join(select)
        + " FROM _read WHERE is_object"
    )
    rows_in, structural = con.execute(
        "SELECT count(*) FILTER (WHERE is_object), count(*) FILTER (WHERE NOT is_object) FROM _read"
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


def stage_excel(con: duckdb.DuckDBPyConnection, path: Path, source: Source) -> ReadResult:
    """Read the platform's Excel export: find the header row under the title rows, translate the
    Vietnamese headers, labels, booleans and dates, and stage the rows like a CSV export."""
    import openpyxl  # a Python reader: DuckDB's excel extension downloads at run time

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise FileLevelError(f"unreadable Excel file: {exc}") from exc
    try:
        sheet = workbook.worksheets[0]
        by_header = {fold(c.excel_header): c for c in source.columns if c.excel_header}
        by_name = {fold(c.name): c for c in source.columns}
        header_row, columns = None, None
        rows = sheet.iter_rows(values_only=True)
        for number, cells in enumerate(rows, start=1):
            names = [fold(str(c)) if c is not None else "" for c in cells]
            found = [by_header.get(n) or by_name.get(n) for n in names]
            if sum(1 for f in found if f) >= len(source.header_required) // 2 + 1:
                header_row, columns = number, found
                break
            if number >= 50:
                break
        if header_row is None:
            raise FileLevelError(
                "no header row: none of the first rows names the export's columns "
                "(expected Vietnamese headers such as 'Mã hệ thống', 'Tên hệ thống')"
            )
        present = {c.name for c in columns if c}
        missing = [c for c in source.header_required if c not in present]
        if missing:
            raise FileLevelError(
                "required column(s) missing from the header: "
                + ", ".join(f"{c} ({source.column(c).excel_header})" for c in missing)
            )
        names = [c.name for c in source.columns if c.name in present]
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - read back after it is closed
            "w", suffix=".csv", delete=False, encoding="utf-8", newline=""
        )
        with handle:
            writer = csv.writer(handle)
            writer.writerow([ROW_COLUMN, *names])
            for number, cells in enumerate(rows, start=header_row + 1):
                if all(c is None or str(c).strip() == "" for c in cells):
                    continue
                record = {
                    col.name: _excel_cell_text(value, col.kind, col.name)
                    for value, col in zip(cells, columns, strict=False)
                    if col
                }
                writer.writerow([number, *(record.get(n, "") for n in names)])
    finally:
        workbook.close()
    temp = Path(handle.name)
    try:
        contract = {n: i + 1 for i, n in enumerate(names)}
        contract[ROW_COLUMN] = 0
        return stage_csv(
            con, temp, source, contract, {}, width=len(names) + 1, row_numbers_from=ROW_COLUMN
        )
    finally:
        temp.unlink(missing_ok=True)
