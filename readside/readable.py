"""Stored values in the reader's words, for every table the read side shows or writes (the
app's tables and downloads, the report's annex): every stored code in words
(`readside.vocabulary`), reasons in the reader's language (`readside.reasons`), instants in
Vietnam time, compliance gaps by what they ask. Columns keep their names and types."""

from __future__ import annotations

import re

import pandas as pd

from readside.i18n import VALUES, VIETNAM, value_label
from readside.reasons import in_language
from readside.vocabulary import CHECKS, KINDS, batch_words, observed_words, word

# Columns whose text says a code of the warehouse.
WORD_COLUMNS = set(KINDS)
REASON_COLUMNS = {"reason", "first_reason"}


def is_missing(value) -> bool:
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
            out[name] = series.map(lambda v, n=name: v if is_missing(v) else word(n, v, lang))
        elif name in REASON_COLUMNS:
            out[name] = series.map(lambda v: None if is_missing(v) else in_language(v, lang))
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
        if is_missing(detail):
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
