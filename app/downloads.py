"""Every download of the app goes through `offer`: CSV (UTF-8 with BOM, so Excel shows the
diacritics) and Excel (`readside.excel`: frozen header row, number formats) of every table, both
with formula injection escaped (`readside.cell_safety`), and the report files of the viewer's scope.

A file is made only when its button is clicked, by the server, as the browser asks for it; making
it writes the download to the audit log with the file's name. A click does not rerun the page
(so a second click never lands on a button being redrawn). The files a page offers in a rerun
are listed in the session (`OFFERED`: file name -> the function that makes its bytes), which is
how the tenant sweep opens every download of every page.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pandas as pd
import streamlit as st
from openpyxl import Workbook

from readside.cell_safety import frame_csv
from readside.excel import write_sheet
from readside.i18n import t

OFFERED = "downloads_offered"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame_csv(frame)


def xlsx_bytes(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    write_sheet(workbook, sheet, frame)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def offer(
    label: str, file_name: str, make: Callable[[], bytes], mime: str, key: str,
    container=st,
) -> None:  # fmt: skip
    """A download button for one file, made only when clicked; the download is audited."""
    from app import session  # the session module imports the page helpers' modules

    viewer, store = st.session_state.get("viewer"), session.store()

    def produce() -> bytes:
        # runs when the browser asks for the file, outside the script: everything it needs
        # was taken at render time
        data = make()
        if viewer is not None:
            store.audit(viewer.username, "download", file_name)
        return data

    st.session_state.setdefault(OFFERED, {})[file_name] = produce
    container.download_button(label, produce, file_name, mime, key=key, on_click="ignore")


def buttons(frame: pd.DataFrame, name: str, lang: str) -> None:
    """CSV and Excel download buttons for a table."""
    # side by side, each as wide as its words (columns would cut them in a narrow pane)
    row = st.container(horizontal=True)
    offer(t("download_csv", lang), f"{name}.csv", lambda: csv_bytes(frame), "text/csv",
          f"csv-{name}", row)  # fmt: skip
    offer(t("download_xlsx", lang), f"{name}.xlsx", lambda: xlsx_bytes(frame, name), XLSX,
          f"xlsx-{name}", row)  # fmt: skip
