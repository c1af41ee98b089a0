"""Reading landing files in bulk: CSV (plain or gzip) and JSON lines by DuckDB, Excel by openpyxl.

The readers apply the contract's file-level rules (raising `FileRejected`) and the text rules
that do not depend on a column's type: UTF-8 only (BOM allowed), LF, CRLF or CR line ends (mixed
within a file too: such a file is read from a copy with LF line ends), header
names trimmed, NFC-normalised and case-folded, columns in any order, a row with more or fewer cells
than the header set aside, a row with a cell over 1 MiB set aside, a header cell over 1 MiB or an
unreadable, empty or truncated file rejected. What comes out is a temp table of cleaned text.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import re
import tempfile
import unicodedata
import zlib
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

import duckdb

from .db import Db
from .landing import LandingFile
from .rules import MIB, clean

_HEAD_BYTES = 4 * MIB
# Rows are first read with room for 8 MiB; a file with a longer row is read again with more.
_MAX_LINES = (8 * MIB, 256 * MIB)
_UNIT_SEP = chr(31)  # never raw inside valid JSON: splits nothing but broken lines


class FileRejected(Exception):
    """A file-level error: the whole file is rejected and none of its rows load."""


def norm_header(name: str) -> str:
    """A header name as matched: trimmed, NFC-normalised, case-folded."""
    return unicodedata.normalize("NFC", name.strip()).casefold()


def _check_whole_file(path: Path, gz: bool) -> None:
    size = path.stat().st_size
    if size == 0:
        raise FileRejected("empty file")
    if not gz:
        with open(path, "rb") as fh:
            fh.seek(-1, 2)
            if fh.read(1) not in (b"\n", b"\r"):
                raise FileRejected("truncated: the last row has no line end")


def _read_head(path: Path, gz: bool) -> str:
    """The file's first bytes as text (BOM removed); FileRejected when not UTF-8 or unreadable."""
    try:
        if gz:
            with gzip.open(path, "rb") as fh:
                head = fh.read(_HEAD_BYTES)
        else:
            with open(path, "rb") as fh:
                head = fh.read(_HEAD_BYTES)
    except (OSError, EOFError, zlib.error) as exc:
        raise FileRejected(f"unreadable file: {exc}") from exc
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) < _HEAD_BYTES)
    except UnicodeDecodeError as exc:
        raise FileRejected("not UTF-8") from exc
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise FileRejected("empty file")
    return text


def read_csv_header(path: Path, gz: bool) -> list[str]:
    """The header row's names, as matched (trimmed, NFC, case-folded)."""
    text = _read_head(path, gz)
    old = csv.field_size_limit()
    csv.field_size_limit(_HEAD_BYTES + 1)
    try:
        row = next(csv.reader(io.StringIO(text, newline="")), [])
    except csv.Error as exc:
        raise FileRejected(f"unreadable header: {exc}") from exc
    finally:
        csv.field_size_limit(old)
    if any(len(cell.encode("utf-8")) > MIB for cell in row):
        raise FileRejected("header cell longer than 1 MiB")
    names = [norm_header(c) for c in row]
    if len(set(names)) != len(names):
        raise FileRejected("the header names a column twice")
    return names


def _lf_copy(path: Path, gz: bool) -> Path:
    """The file's text with every CRLF and CR made LF, in a temporary file."""
    try:
        raw = gzip.decompress(path.read_bytes()) if gz else path.read_bytes()
    except (OSError, EOFError, zlib.error) as exc:
        raise FileRejected(f"unreadable file: {exc}") from exc
    handle = tempfile.NamedTemporaryFile(suffix=".txt", delete=False)  # noqa: SIM115
    with handle:
        handle.write(re.sub(rb"\r\n?", b"\n", raw))
    return Path(handle.name)


def _duck_read(
    db: Db,
    path: Path,
    gz: bool,
    csv_options: str,
    select: str,
    out: str,
    where: str,
    lf_copy: bool = False,
) -> None:
    """Run read_csv into `out`; reject the file when DuckDB finds bytes that are not UTF-8 or
    cannot split its rows even with its line ends made LF."""
    for max_line in _MAX_LINES:
        rej = db.fresh("rej")
        sql = (
            f"CREATE TEMP TABLE {out} AS SELECT {select} FROM read_csv(?, {csv_options}, "
            f"auto_detect=false, strict_mode=true, store_rejects=true, "
            f"rejects_table='{rej}_e', rejects_scan='{rej}_s', max_line_size={max_line}, "
            f"compression='{'gzip' if gz else 'none'}') WHERE {where}"
        )
        try:
            db.execute(sql, [str(path)])
            kinds = {
                r[0] for r in db.execute(f"SELECT DISTINCT error_type FROM {rej}_e").fetchall()
            }
        except duckdb.Error as exc:
            db.drop(out)
            if "state machine" in str(exc) and not lf_copy:
                copy = _lf_copy(path, gz)
                try:
                    return _duck_read(db, copy, False, csv_options, select, out, where, True)
                finally:
                    copy.unlink(missing_ok=True)
            if "state machine" in str(exc):
                raise FileRejected("rows cannot be split: a quote is never closed") from exc
            raise FileRejected(f"unreadable file: {str(exc).splitlines()[0]}") from exc
        finally:
            db.drop(f"{rej}_e", f"{rej}_s")
        if "INVALID ENCODING" in kinds:
            db.drop(out)
            raise FileRejected("not UTF-8")
        if "LINE SIZE OVER MAXIMUM" not in kinds or max_line == _MAX_LINES[-1]:
            return
        db.drop(out)  # a row longer than the reader's room: read again with more room


def read_csv(
    db: Db,
    lf: LandingFile,
    columns: dict[str, str],
    required: Iterable[str] | None = None,
    nfc: bool = True,
) -> tuple[str, list[str]]:
    """Read a CSV landing file into a fresh temp table.

    `columns` maps output names to the contract's header names; `required` lists the header names
    the file must have (default: all). Returns the table (one cleaned text column per output name,
    NULL where the file lacks the column) and the file's header names.
    """
    _check_whole_file(lf.path, lf.gzip)
    names = read_csv_header(lf.path, lf.gzip)
    wanted = {out: norm_header(h) for out, h in columns.items()}
    need = [norm_header(h) for h in (required if required is not None else columns.values())]
    missing = [h for h in need if h not in names]
    if missing:
        raise FileRejected(f"required column missing: {', '.join(missing)}")
    cols = {f"c{i}": "VARCHAR" for i in range(len(names))}
    options = (
        "columns={" + ", ".join(f"'{c}': 'VARCHAR'" for c in cols) + "}, header=true, "
        "delim=',', quote='\"', escape='\"'"
    )
    proj = []
    for out, h in wanted.items():
        src = f"c{names.index(h)}" if h in names else "NULL::VARCHAR"
        proj.append(f"{clean(src, nfc)} AS {out}")
    # Every cell is measured, which also makes DuckDB check every cell's UTF-8.
    longest = "greatest(" + ", ".join(f"coalesce(strlen({c}), 0)" for c in cols) + ")"
    out = db.fresh("csv")
    _duck_read(db, lf.path, lf.gzip, options, ", ".join(proj), out, f"{longest} <= {MIB}")
    return out, names


def read_jsonl(db: Db, lf: LandingFile, fields: Iterable[str]) -> str:
    """Read a JSON-lines landing file into a fresh temp table.

    One row per non-blank line: `_object` tells whether the line is a JSON object (a line that is
    not JSON, or JSON but not an object, is set aside as a whole), and each field's value as
    cleaned text (NULL when absent; a line with a value over 1 MiB is set aside).
    """
    if lf.path.stat().st_size == 0:
        raise FileRejected("empty file")
    lines = db.fresh("lines")
    options = (
        f"columns={{'line': 'VARCHAR'}}, header=false, delim='{_UNIT_SEP}', quote='', escape=''"
    )
    _duck_read(db, lf.path, False, options, "line", lines, "true")
    fields = list(fields)
    parsed = db.fresh("json")
    db.execute(
        f"CREATE TEMP TABLE {parsed} AS SELECT line, "
        "coalesce(CASE WHEN json_valid(line) THEN json_type(line) = 'OBJECT' END, false) "
        "AS _object "
        f"FROM {lines} WHERE line IS NOT NULL AND ws_trim(line) <> ''"
    )
    raw = {f: f"CASE WHEN _object THEN json_extract_string(line, '$.\"{f}\"') END" for f in fields}
    # Any top-level field over 1 MiB sets the line aside (only a line that long can have one).
    longest = (
        f"CASE WHEN _object AND strlen(line) > {MIB} THEN list_max([strlen(json_extract_string("
        "line, '$.\"' || k || '\"')) FOR k IN json_keys(line)]) ELSE 0 END"
    )
    out = db.fresh("jsonl")
    db.execute(
        f"CREATE TEMP TABLE {out} AS SELECT (_object AND coalesce({longest}, 0) <= {MIB}) "
        "AS _object, "
        + ", ".join(f'{clean(e)} AS "{f}"' for f, e in raw.items())
        + f" FROM {parsed}"
    )
    db.drop(lines, parsed)
    return out


def excel_text(value) -> str | None:
    """A cell's value as text the way a CSV export would write it (dates as YYYY-MM-DD)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unicodedata.normalize("NFC", str(value)).strip() or None


def read_xlsx(path: Path, headers: dict[str, str], scan_rows: int = 50):
    """Read the platform's Excel export: find the header row among the first `scan_rows` rows of
    a sheet (the first row that names every header), then return its data rows as dicts of raw
    cell values keyed by output name. A formula cell without a cached value sets its row aside;
    blank rows are not rows. Raises FileRejected when no sheet has such a header row."""
    import openpyxl

    try:
        values = openpyxl.load_workbook(path, read_only=True, data_only=True)
        formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - any failure to open is a file-level error
        raise FileRejected(f"unreadable Excel file: {exc}") from exc
    wanted = {out: norm_header(h) for out, h in headers.items()}
    try:
        for ws_v, ws_f in zip(values.worksheets, formulas.worksheets, strict=True):
            rows = _xlsx_sheet_rows(ws_v, ws_f, wanted, scan_rows)
            if rows is not None:
                return rows
    except Exception as exc:  # noqa: BLE001 - a sheet that cannot be read rejects the file
        raise FileRejected(f"unreadable Excel file: {exc}") from exc
    finally:
        values.close()
        formulas.close()
    raise FileRejected("no row among the first rows names the export's columns")


def _xlsx_sheet_rows(ws_v, ws_f, wanted: dict[str, str], scan_rows: int):
    """The data rows of one sheet (values and formulas views), or None without a header row."""
    header_at = None
    index: dict[str, int] = {}
    for r, row in enumerate(ws_v.iter_rows(max_row=scan_rows, values_only=True), start=1):
        names = [norm_header(str(v)) if v is not None else "" for v in row]
        if all(h in names for h in wanted.values()):
            header_at = r
            index = {out: names.index(h) for out, h in wanted.items()}
            break
    if header_at is None:
        return None
    rows = []
    f_rows = ws_f.iter_rows(min_row=header_at + 1)
    for row_v, row_f in zip(ws_v.iter_rows(min_row=header_at + 1), f_rows, strict=False):
        cells = [c.value for c in row_v]
        formula = [getattr(c, "data_type", None) == "f" for c in row_f]
        blank = all(v is None or (isinstance(v, str) and not v.strip()) for v in cells)
        if blank and not any(formula):
            continue
        if any(f and (i >= len(cells) or cells[i] is None) for i, f in enumerate(formula)):
            continue  # "formula without a value": the row is set aside
        rows.append({out: cells[i] if i < len(cells) else None for out, i in index.items()})
    return rows
