"""Every table of the app can be downloaded: CSV (UTF-8 with BOM, so Excel shows the
diacritics) and Excel (`app.excel`: frozen header row, number formats)."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st
from openpyxl import Workbook

from app.excel import write_sheet
from app.i18n import t


def csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    write_sheet(workbook, sheet, frame)
    buffer = io.BytesIO()
    workbook.save(buffer)
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
