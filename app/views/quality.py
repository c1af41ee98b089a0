"""Chất lượng dữ liệu: the month's publishable status, the ledger of landing files, rows set
aside and why, freshness per source and per unit, the quality checks, and the Data Docs."""

import json

import pandas as pd
import streamlit as st

from app import data_access, downloads, session, tables
from app.i18n import month, t
from ingest import locations

ctx = session.context()
lang, period = ctx.lang, ctx.period
scope, version, viewer = ctx.viewer.scope, ctx.version, ctx.viewer

st.title(f"{t('page_quality', lang)}: {month(period, lang)}")

status = data_access.month_status(version, scope, period)
if status is None:
    st.warning(t("no_data", lang))
else:
    if status["publishable"]:
        st.success(f"✅ {t('publishable', lang)}: {month(period, lang)}")
    else:
        st.error(f"⛔ {t('not_publishable', lang)}: {month(period, lang)}")
    for key in ("blocking_failures", "warnings"):
        items = status[key]
        with st.expander(f"{t(key, lang)}: {len(items)}", expanded=key == "blocking_failures"):
            if items:
                st.dataframe(
                    pd.DataFrame(
                        [
                            {**i, "detail": json.dumps(i["detail"], ensure_ascii=False)}
                            if "detail" in i else i
                            for i in items
                        ]
                    ),
                    hide_index=True,
                    width="stretch",
                )
    stale = status["stale_sources"]
    st.caption(
        f"{t('stale_sources', lang)}: "
        + (", ".join(s["source"] for s in stale) if stale else "0")
    )


def table(title: str, frame: pd.DataFrame, name: str) -> None:
    st.subheader(title)
    if frame.empty:
        st.caption(t("no_data", lang))
        return
    tables.show(frame, lang)
    downloads.buttons(frame, name, lang)


ledger, aside, fresh, checks = st.tabs(
    [t("ledger", lang), t("set_aside", lang), t("freshness", lang), t("checks", lang)]
)
with ledger:
    table(t("ledger", lang), data_access.landing_files(version, scope), "so-nhan-tep")
with aside:
    table(t("set_aside", lang), data_access.set_aside_summary(version, scope), "tach-rieng-tong")
    rows = data_access.set_aside_rows(version, scope)
    if rows is None:
        st.info(t("set_aside_units", lang))
    else:
        table(t("set_aside", lang) + " (chi tiết)", rows, "tach-rieng-chi-tiet")
with fresh:
    table(t("freshness", lang), data_access.source_freshness(version, scope), "do-moi-nguon")
    table(
        t("unit_freshness", lang),
        data_access.unit_feed_freshness(version, scope),
        "do-moi-don-vi",
    )
with checks:
    table(t("checks", lang), data_access.check_results(version, scope), "kiem-tra")
    docs = locations.quality_docs_beside(version.path)
    if scope.sees_everything and (docs / "index.html").exists():
        stamp = (docs / "index.html").stat().st_mtime_ns
        downloads.offer(
            t("data_docs", lang), "data-docs.zip",
            lambda: data_access.data_docs_zip(version, scope, str(docs), stamp),
            "application/zip", key="data-docs",
        )  # fmt: skip
        st.caption(f"{docs / 'index.html'}")
    elif scope.sees_everything:
        st.caption(t("data_docs_missing", lang))

if viewer.role == "admin":
    with st.expander(t("audit_log", lang)):
        log = pd.DataFrame(
            session.store().audit_log(500), columns=["at", "username", "event", "detail"]
        )
        st.dataframe(log, hide_index=True, width="stretch")
