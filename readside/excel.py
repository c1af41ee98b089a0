"""One dataframe as a formatted Excel sheet, for the app's downloads and the report's annex:
a bold header row (in the given words), frozen panes, a filter, number formats by column. Text
is written as text, never as a formula, with formula-like text escaped (`readside.cell_safety`)."""

from __future__ import annotations

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from readside.cell_safety import escape_formula

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="0B3D91")
SHARES = {"approval_rate", "plan_rate"}
TWO_DECIMALS = {"coverage"}
# Ranks and counts that come back as floats (they have missing values) are whole numbers.
WHOLE = {"rank", "rank_change", "rank_p05", "rank_p50", "rank_p95"}
WIDEST = 60


def number_format(column: str, dtype) -> str | None:
    if column in SHARES:
        return "0.0%"
    if column in TWO_DECIMALS:
        return "0.00"
    if column in WHOLE:
        return "#,##0"
    if pd.api.types.is_float_dtype(dtype):
        return "#,##0.00"
    if pd.api.types.is_integer_dtype(dtype):
        return "#,##0"
    return None


def _width(header: str, values: pd.Series) -> float:
    """A column as wide as its header's longest word or its longest value (up to WIDEST)."""
    longest_word = max((len(w) for w in str(header).split()), default=4)
    sample = values.dropna().astype(str).head(500)
    longest_value = int(sample.str.len().max()) if not sample.empty else 0
    return max(8, min(WIDEST, max(longest_word + 2, longest_value + 2, len(header) // 2 + 2)))


def _cell(value):
    """A value openpyxl can write: missing values empty, numpy and pandas scalars plain."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, str):
        return value.item()
    return escape_formula(value)


def _text_cell(sheet, value) -> Cell:
    """A cell for `value`; text stays text (openpyxl takes any text starting with "=" for a
    formula). Made here and appended, not looked up in the sheet after `append`: a lookup by
    row scans every cell of the sheet, so time grew with the square of the rows: a national
    month's 75,000 compliance gaps had not been written after ten minutes."""
    cell = Cell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def write_sheet(
    workbook: Workbook, title: str, frame: pd.DataFrame, headers: dict[str, str] | None = None
) -> None:
    """Add `frame` as sheet `title`; `headers` maps the columns to write to their header words
    (all columns, under their own names, when None)."""
    headers = headers or {column: str(column) for column in frame.columns}
    columns = [c for c in headers if c in frame.columns]
    plain = frame[columns].copy()
    for column in columns:
        # Excel has no time zones: instants are written as naive UTC.
        if isinstance(plain[column].dtype, pd.DatetimeTZDtype):
            plain[column] = plain[column].dt.tz_convert("UTC").dt.tz_localize(None)
    sheet = workbook.create_sheet(title[:31])
    sheet.append([escape_formula(headers[c]) for c in columns])
    for cell in sheet[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in plain.itertuples(index=False):
        sheet.append([_text_cell(sheet, _cell(v)) for v in row])
    for index, column in enumerate(columns, start=1):
        form = number_format(column, plain[column].dtype)
        if form:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = form
        sheet.column_dimensions[get_column_letter(index)].width = _width(
            headers[column], plain[column]
        )
    sheet.freeze_panes = "C2" if "unit_name" in columns else "A2"
    sheet.auto_filter.ref = sheet.dimensions
    sheet.row_dimensions[1].height = 32
