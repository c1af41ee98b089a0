"""Tổng quan: national KPIs against the previous month, trends, grades per peer group and the
tile map of the 34 provinces."""

import streamlit as st

from app import data_access, session, tables
from readside import charts
from readside import kpis as kpis_module
from readside.i18n import month, number, percent, points, t
from readside.kpis import HEADLINES

ctx = session.context()
lang, period = ctx.lang, ctx.period
scope, version = ctx.viewer.scope, ctx.version

st.title(f"{t('page_overview', lang)}: {month(period, lang)}")

kpis = data_access.national_kpis(version, scope)
kpis = kpis[kpis["period"] <= period]  # the trend ends at the month shown
current = kpis[kpis["period"] == period]
earlier = kpis[kpis["period"] < period].tail(1)
if current.empty:
    st.info(t("no_data", lang))
else:
    now = current.iloc[0]
    before = earlier.iloc[0] if not earlier.empty else None

    # two rows, so that every label can be read whole
    columns = [*st.columns(4), *st.columns(4)][: len(HEADLINES)]
    for column, (key, label, kind, rise_is_good) in zip(columns, HEADLINES, strict=True):

        def form(v, kind=kind):
            return percent(v, 1, lang) if kind == "share" else number(v, 0, lang)

        delta = kpis_module.change(now, before, key)
        shown_delta = None
        if delta:
            # a rate moves by percentage points, a count by units
            moved = points(delta, lang) if kind == "share" else form(delta)
            shown_delta = ("+" if delta > 0 else "") + moved + " " + t("vs_previous", lang)
        current = kpis_module.value(now, key)
        column.metric(
            t(label, lang),
            "–" if current is None else form(current),
            shown_delta,
            delta_color="normal" if rise_is_good else "inverse",
        )

rankings = data_access.rankings(version, scope, period)
left, right = st.columns([3, 2])
with left:
    st.subheader(t("trend", lang))
    st.altair_chart(charts.kpi_trend(kpis, lang), width="stretch")
    st.subheader(t("grade_distribution", lang))
    st.altair_chart(charts.grade_distribution(rankings, lang), width="stretch")
with right:
    st.subheader(t("province_map", lang))
    st.altair_chart(
        charts.province_tiles(data_access.provinces(version, scope, period), lang),
        width="content",
    )

with st.expander(t("kpi_table", lang)):
    tables.show(kpis, lang, f"chi-so-quoc-gia-{period}")
