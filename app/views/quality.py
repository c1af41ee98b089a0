"""Chất lượng dữ liệu: the month's publishable status, the ledger of landing files, rows set
aside and why, freshness per source and per unit, the quality checks, and the Data Docs."""

import json

import pandas as pd
import streamlit as st

from app import data_access, downloads, session, tables
from app.accounts import EVENTS
from core import locations
from readside.i18n import column, month, t
from readside.vocabulary import (
    check_words,
    observed_words,
    status_batch_words,
    word,
)

ctx = session.context()
lang, period = ctx.lang, ctx.period
scope, version, viewer = ctx.viewer.scope, ctx.version, ctx.viewer

st.title(f"{t('page_quality', lang)}: {month(period, lang)}")

status = data_access.month_status(version, scope, period)
if status is None:
    st.warning(t("no_data", lang))
else:
    if status["publishable"]:
        st.success(
            f"{t('publishable', lang)}: {month(period, lang)}", icon=":material/check_circle:"
        )
    else:
        st.error(f"{t('not_publishable', lang)}: {month(period, lang)}", icon=":material/block:")
    for key in ("blocking_failures", "warnings"):
        items = status[key]
        with st.expander(f"{t(key, lang)}: {len(items)}", expanded=key == "blocking_failures"):
            if items:
                frame = pd.DataFrame(
                    {
                        column("check_name", lang): [check_words(i["check"], lang)
                                                     for i in items],
                        column("batch", lang): [status_batch_words(i["batch"], lang)
                                                for i in items],
                        column("observed", lang): [
                            observed_words(json.dumps(i["detail"]), lang)
                            if isinstance(i.get("detail"), dict) else i.get("detail", "")
                            for i in items
                        ],
                    }
                )  # fmt: skip
                tables.show(frame, lang, f"{key}-{period}")
            else:
                st.caption(t("none_of_them", lang))
    stale = status["stale_sources"]
    st.caption(
        f"{t('stale_sources', lang)}: "
        + (", ".join(word("source", s["source"], lang) for s in stale) if stale else "0")
    )


def table(title: str, frame: pd.DataFrame, name: str, hide: tuple[str, ...] = ()) -> None:
    st.subheader(title)
    if frame.empty:
        st.caption(t("no_data", lang))
        return
    tables.show(frame, lang, f"{name}-{period}", hide=hide)


ledger, aside, fresh, checks = st.tabs(
    [t("ledger", lang), t("set_aside", lang), t("freshness", lang), t("checks", lang)]
)
with ledger:
    st.caption(t("month_files", lang, month=month(period, lang)))
    table(t("ledger", lang), data_access.landing_files(version, scope, period), "so-nhan-tep")
with aside:
    table(
        t("set_aside", lang), data_access.set_aside_summary(version, scope, period),
        "tach-rieng-tong",
    )  # fmt: skip
    rows = data_access.set_aside_rows(version, scope, period)
    if rows is None:
        st.info(t("set_aside_units", lang))
    else:
        table(t("set_aside_detail", lang), rows, "tach-rieng-chi-tiet")
with fresh:
    table(t("freshness", lang), data_access.source_freshness(version, scope), "do-moi-nguon")
    table(
        t("unit_freshness", lang),
        data_access.unit_feed_freshness(version, scope, period),
        # the month is the page's; judged_on says the day it was judged on
        "do-moi-don-vi",
        hide=("period", "as_of"),
    )
with checks:
    table(t("checks", lang), data_access.check_results(version, scope, period), "kiem-tra")
    docs = locations.quality_docs_beside(version.path)
    if scope.sees_everything and (docs / "index.html").exists():
        stamp = (docs / "index.html").stat().st_mtime_ns
        downloads.offer(
            t("data_docs", lang), "tai-lieu-kiem-tra-du-lieu.zip",
            lambda: data_access.data_docs_zip(version, scope, str(docs), stamp),
            "application/zip", key="data-docs",
        )  # fmt: skip
    elif scope.sees_everything:
        st.caption(t("data_docs_missing", lang))

if viewer.role == "admin":
    with st.expander(t("audit_log", lang)):
        log = pd.DataFrame(
            session.store().audit_log(500), columns=["at", "username", "event", "detail"]
        )
        log["at"] = pd.to_datetime(log["at"], utc=True, format="ISO8601")
        log["event"] = log["event"].map(lambda e: EVENTS.get(e, e).split(" / ")[lang == "en"])
        tables.show(log, lang, "nhat-ky")
