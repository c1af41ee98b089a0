"""Tables as the app shows them: headers in the reader's language, every stored code in words
(`app.vocabulary`), reasons in Vietnamese (`app.reasons`), numbers in Vietnamese form, dates
dd/mm/yyyy in Vietnam time, booleans as ticks, empty cells empty (never "None"), the table as
tall as its rows (up to a screenful, then it scrolls), and under every table its CSV and Excel
downloads, with the same headers and words (numbers stay numbers there)."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from app import downloads
from app.excel import SHARES
from app.i18n import INDICATORS, VALUES, VIETNAM, column, number, percent, value_label
from app.reasons import in_language
from app.vocabulary import CHECKS, KINDS, batch_words, observed_words, word

ROW_PX, HEADER_PX, MAX_ROWS_SHOWN = 35, 35, 25
# Measures that keep their decimals even when a value happens to be whole (100,00).
DECIMAL_COLUMNS = {
    *INDICATORS, "composite", "composite_rounded", "coverage", "compliance", "rank_p05",
    "rank_p50", "rank_p95", "value",
}  # fmt: skip
# Columns whose text says a code of the warehouse.
WORD_COLUMNS = set(KINDS)
REASON_COLUMNS = {"reason", "first_reason"}


def _is_missing(value) -> bool:
    return value is None or (not isinstance(value, str | bool) and pd.isna(value))


def readable(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The table's codes, reasons, checks and batches in words, instants in Vietnam time; the
    columns keep their names and types."""
    out = frame.copy()
    if "check_name" in out.columns and "suite" in out.columns:
        out["check_name"] = [
            CHECKS.get(f"{s}.{c}", (c, c))[1 if lang == "en" else 0]
            for s, c in zip(out["suite"], out["check_name"], strict=True)
        ]
    for name in out.columns:
        series = out[name]
        if isinstance(series.dtype, pd.DatetimeTZDtype):
            out[name] = series.dt.tz_convert(VIETNAM).dt.tz_localize(None)
        elif name in WORD_COLUMNS:
            # a column name two sources share (a check's severity, a warning's severity): the
            # stored code says which words it takes
            out[name] = series.map(
                lambda v, n=name: v if _is_missing(v)
                else word(n, v, lang) if isinstance(v, bool) or v in KINDS[n]
                else value_label(n, v, lang)
            )
        elif name in REASON_COLUMNS:
            out[name] = series.map(lambda v: None if _is_missing(v) else in_language(v, lang))
        elif name == "batch":
            out[name] = series.map(lambda v: batch_words(v, lang))
        elif name == "observed":
            out[name] = series.map(lambda v: observed_words(v, lang))
        elif name in VALUES:
            out[name] = series.map(lambda v, n=name: value_label(n, v, lang))
    return out


SEVERITY_IN_DETAIL = re.compile(r"\((critical|high|medium|low)\)")


def gap_details(gaps: pd.DataFrame, lang: str) -> pd.Series:
    """The detail of each compliance gap in words: a dossier's status, a warning's severity."""
    def one(obligation, detail):
        if _is_missing(detail):
            return None
        if obligation == "no_approved_dossier":
            return value_label("dossier_status", detail, lang)
        if obligation == "warning_overdue" and lang != "en":
            return SEVERITY_IN_DETAIL.sub(
                lambda m: f"({value_label('severity', m.group(1), lang)})", detail
            )
        return detail

    return pd.Series(
        [one(o, d) for o, d in zip(gaps["obligation"], gaps["detail"], strict=True)],
        index=gaps.index, dtype=object,
    )  # fmt: skip


def obligations_in_words(gaps: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Compliance gaps as a reader reads them: each obligation by what it asks (its title in
    the reader's language, not its code), its detail in words."""
    title = "title_en" if lang == "en" else "title_vi"
    return gaps.assign(obligation=gaps[title], detail=gap_details(gaps, lang)).drop(
        columns=["title_vi", "title_en"]
    )


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
            whole = column_name not in DECIMAL_COLUMNS and bool(
                (series.dropna() % 1 == 0).all()
            )
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
