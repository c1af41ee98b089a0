"""Cells that are safe to open in a spreadsheet: CSV and formula injection escaped.

A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel,
LibreOffice and Google Sheets as a formula (OWASP, "CSV Injection"): a `system_name` of
`=HYPERLINK(...)` sent by a producer would become a live link in an analyst's download. Every
CSV and XLSX that the app or the report writes goes through here: such text gets a leading `'`,
which spreadsheets show and never evaluate. Numbers stay numbers (a rank change of -3 is not
text). CSV is written by `defusedcsv`, which applies the same rule (and escapes `|` and `%`
starts too); the tab and carriage-return starts it does not know are escaped first.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

import defusedcsv.csv as safe_csv
import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?[0-9,.]+")


def escape_formula(value: object) -> object:
    """The value with a leading `'` when it is text a spreadsheet would take for a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_text(header: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    """CSV text whose text cells are escaped (missing values empty)."""
    out = io.StringIO()
    # CRLF (RFC 4180): a cell holding a CR or LF is then quoted, whichever it holds
    writer = safe_csv.writer(out, lineterminator="\r\n")
    writer.writerow([escape_formula(h) for h in header])
    writer.writerows([escape_formula(v) for v in row] for row in rows)
    return out.getvalue()


def _plain(value: object) -> object:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        return value.item()
    return value


def frame_csv(frame: pd.DataFrame) -> bytes:
    """A dataframe as CSV (UTF-8 with BOM, so Excel shows the diacritics), text escaped."""
    rows = ([_plain(v) for v in row] for row in frame.itertuples(index=False))
    return ("\ufeff" + csv_text([str(c) for c in frame.columns], rows)).encode("utf-8")
