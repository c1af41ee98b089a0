"""Tables as the app shows them: Vietnamese (or English) headers, dates dd/mm/yyyy, booleans as
ticks; the downloads keep the original column names and values."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app.i18n import VALUES, VIETNAM, column, number, value_label


def show(frame: pd.DataFrame, lang: str, key: str | None = None) -> None:
    config = {}
    frame = frame.copy()
    for name in frame.columns:
        label = column(name, lang)
        dtype = frame[name].dtype
        if isinstance(dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_any_dtype(dtype):
            if isinstance(dtype, pd.DatetimeTZDtype):
                # instants are stored in UTC; people read Vietnam time
                frame[name] = frame[name].dt.tz_convert(VIETNAM).dt.tz_localize(None)
            has_time = frame[name].dropna()
            has_time = bool((has_time != has_time.dt.normalize()).any())
            config[name] = st.column_config.DatetimeColumn(
                label, format="DD/MM/YYYY HH:mm" if has_time else "DD/MM/YYYY"
            )
        elif pd.api.types.is_bool_dtype(dtype):
            config[name] = st.column_config.CheckboxColumn(label)
        elif pd.api.types.is_float_dtype(dtype):
            # Vietnamese decimal comma, which Streamlit's number formats cannot give
            frame[name] = frame[name].map(lambda v: number(v, 2, lang))
            config[name] = st.column_config.TextColumn(label)
        else:
            if name in VALUES:
                frame[name] = frame[name].map(lambda v, n=name: value_label(n, v, lang))
            config[name] = st.column_config.Column(label)
    st.dataframe(frame, hide_index=True, width="stretch", column_config=config, key=key)
