"""Tables as the app shows them: headers in the reader's language, every stored code in words
(`readside.readable`), numbers in Vietnamese form, dates dd/mm/yyyy in Vietnam time, booleans as
ticks, empty cells empty (never "None"), the table as tall as its rows (up to a screenful, then
it scrolls), and under every table its CSV and Excel downloads, with the same headers and words
(numbers stay numbers there)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import downloads
from readside.excel import SHARES
from readside.i18n import INDICATORS, column, number, percent
from readside.readable import (  # noqa: F401 (the pages read them from here)
    gap_details,
    obligations_in_words,
    readable,
)
from readside.readable import is_missing as _is_missing

ROW_PX, HEADER_PX, MAX_ROWS_SHOWN = 35, 35, 25
# Measures that keep their decimals even when a value happens to be whole (100,00).
DECIMAL_COLUMNS = {
    *INDICATORS, "composite", "composite_rounded", "coverage", "compliance", "rank_p05",
    "rank_p50", "rank_p95", "value",
}  # fmt: skip


def height_for(rows: int) -> int:
    return HEADER_PX + ROW_PX * max(1, min(rows, MAX_ROWS_SHOWN)) + 3


def show(
    frame: pd.DataFrame, lang: str, name: str | None = None, key: str | None = None,
    hide: tuple[str, ...] = (),
) -> None:  # fmt: skip
    """Show a table the reader's way and, when it has a `name`, offer its downloads."""
    words = readable(frame.drop(columns=[c for c in hide if c in frame.columns]), lang)
    config = {}
    shown = words.copy()
    for column_name in shown.columns:
        label = column(column_name, lang)
        series = shown[column_name]
        if pd.api.types.is_datetime64_any_dtype(series.dtype):
            # written out: the grid would show a missing instant as "None"
            has_time = series.dropna()
            has_time = bool((has_time != has_time.dt.normalize()).any())
            shown[column_name] = series.dt.strftime(
                "%d/%m/%Y %H:%M" if has_time else "%d/%m/%Y"
            ).fillna("")
            config[column_name] = st.column_config.TextColumn(label)
        elif column_name == "period":
            shown[column_name] = series.map(lambda v: "" if _is_missing(v) else f"{v[5:]}/{v[:4]}")
            config[column_name] = st.column_config.TextColumn(label)
        elif pd.api.types.is_bool_dtype(series.dtype):
            config[column_name] = st.column_config.CheckboxColumn(label)
        elif column_name in SHARES:
            shown[column_name] = series.map(lambda v: "" if pd.isna(v) else percent(v, 1, lang))
            config[column_name] = st.column_config.TextColumn(label)
        elif pd.api.types.is_float_dtype(series.dtype):
            # the Vietnamese decimal comma, which Streamlit's number formats cannot give; a
            # count or rank that came back as a float (it has missing values) has none
            whole = column_name not in DECIMAL_COLUMNS and bool((series.dropna() % 1 == 0).all())
            shown[column_name] = series.map(
                lambda v, d=0 if whole else 2: "" if pd.isna(v) else number(v, d, lang)
            )
            config[column_name] = st.column_config.TextColumn(label)
        elif pd.api.types.is_integer_dtype(series.dtype):
            shown[column_name] = series.map(lambda v: "" if pd.isna(v) else number(v, 0, lang))
            config[column_name] = st.column_config.TextColumn(label)
        else:
            if series.dtype == object:
                shown[column_name] = series.map(lambda v: "" if _is_missing(v) else v)
            config[column_name] = st.column_config.Column(label)
    st.dataframe(
        shown, hide_index=True, width="stretch", column_config=config, key=key,
        height=height_for(len(shown)),
    )  # fmt: skip
    if name:
        downloads.buttons(words.rename(columns=lambda c: column(c, lang)), name, lang)
