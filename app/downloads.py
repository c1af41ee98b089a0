"""Every table of the app can be downloaded: CSV (UTF-8 with BOM, so Excel shows the
diacritics) and Excel (frozen header row, number formats)."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st
from openpyxl.utils import get_column_letter

from app.i18n import t


def csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    buffer = io.BytesIO()
    plain = frame.copy()
    for column in plain.columns:
        # Excel has no time zones: write instants as naive UTC.
        if isinstance(plain[column].dtype, pd.DatetimeTZDtype):
            plain[column] = plain[column].dt.tz_convert("UTC").dt.tz_localize(None)
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        plain.to_excel(writer, index=False, sheet_name=sheet[:31])
        sheet_obj = writer.sheets[sheet[:31]]
        sheet_obj.freeze_panes = "A2"
        for index, column in enumerate(plain.columns, start=1):
            letter = get_column_letter(index)
            if pd.api.types.is_float_dtype(plain[column]):
                for cell in sheet_obj[letter][1:]:
                    cell.number_format = "#,##0.00"
            elif pd.api.types.is_integer_dtype(plain[column]):
                for cell in sheet_obj[letter][1:]:
                    cell.number_format = "#,##0"
            sheet_obj.column_dimensions[letter].width = min(
                60, max(10, len(str(column)) + 2)
            )
    return buffer.getvalue()


def buttons(frame: pd.DataFrame, name: str, lang: str) -> None:
    """CSV and Excel download buttons for a table; the files are made only when clicked."""
    left, right, _ = st.columns([1, 1, 4])
    left.download_button(
        t("download_csv", lang), lambda: csv_bytes(frame), f"{name}.csv", "text/csv",
        key=f"csv-{name}",
    )
    right.download_button(
        t("download_xlsx", lang), lambda: xlsx_bytes(frame, name), f"{name}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"xlsx-{name}",
    )
