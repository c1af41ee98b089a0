"""Tổng quan: national KPIs against the previous month, trends, grades per peer group and the
tile map of the 34 provinces."""

import streamlit as st

from app import charts, data_access, downloads, session
from app.i18n import month, number, percent, t

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

    def share(row, part, whole):
        return row[part] / row[whole] if row is not None and row[whole] else None

    tiles = [
        ("kpi_operating", now["operating_systems"],
         None if before is None else now["operating_systems"] - before["operating_systems"],
         lambda v: number(v, 0, lang)),
        ("kpi_approval_rate", now["approval_rate"],
         None if before is None else now["approval_rate"] - before["approval_rate"],
         lambda v: percent(v, 1, lang)),
        ("kpi_plan_rate", now["plan_rate"],
         None if before is None else now["plan_rate"] - before["plan_rate"],
         lambda v: percent(v, 1, lang)),
        ("kpi_infected_state",
         now["infected_ipv4_state_blocks"] + now["infected_ipv6_state_blocks"],
         None if before is None else (
             now["infected_ipv4_state_blocks"] + now["infected_ipv6_state_blocks"]
             - before["infected_ipv4_state_blocks"] - before["infected_ipv6_state_blocks"]),
         lambda v: number(v, 0, lang)),
        ("kpi_on_time", share(now, "on_time_warnings", "due_warnings"),
         None if before is None or share(before, "on_time_warnings", "due_warnings") is None
         or share(now, "on_time_warnings", "due_warnings") is None
         else share(now, "on_time_warnings", "due_warnings")
         - share(before, "on_time_warnings", "due_warnings"),
         lambda v: percent(v, 1, lang)),
        ("kpi_domains_passing", share(now, "passing_domains", "measured_domains"),
         None if before is None or share(before, "passing_domains", "measured_domains") is None
         or share(now, "passing_domains", "measured_domains") is None
         else share(now, "passing_domains", "measured_domains")
         - share(before, "passing_domains", "measured_domains"),
         lambda v: percent(v, 1, lang)),
    ]
    columns = st.columns(len(tiles))
    for column, (key, value, delta, form) in zip(columns, tiles, strict=True):
        shown_delta = None
        if delta is not None and delta != 0:
            shown_delta = (("+" if delta > 0 else "") + form(delta)) + " " + t("vs_previous", lang)
        column.metric(
            t(key, lang), form(value), shown_delta,
            delta_color="inverse" if key == "kpi_infected_state" else "normal",
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

with st.expander(t("trend", lang) + " (" + t("download_csv", lang) + ")"):
    st.dataframe(kpis, hide_index=True)
    downloads.buttons(kpis, f"chi-so-quoc-gia-{period}", lang)
