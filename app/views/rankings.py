"""Xếp hạng: a tab per peer group with rank, unit, grade, composite, the rank-uncertainty range,
rank change and coverage; unranked units with the reason; sorting, filtering, downloads."""

import pandas as pd
import streamlit as st

from app import charts, data_access, downloads, session
from app.i18n import INDICATORS, PEER_GROUPS, month, number, signed, t
from orchestration.methodology import methodology as load_methodology

ctx = session.context()
lang, period = ctx.lang, ctx.period
scope, version = ctx.viewer.scope, ctx.version
methodology = load_methodology()

st.title(f"{t('page_rankings', lang)}: {month(period, lang)}")
rankings = data_access.rankings(version, scope, period)

SORTS = {
    "rank": ("rank", True),
    "composite": ("composite", False),
    "rank_change": ("rank_change", False),
    "coverage": ("coverage", False),
    "unit": ("unit_name", True),
}


def not_ranked_reason(row) -> str:
    missing = [t(name, lang) for name in INDICATORS if pd.isna(row[name])]
    return t(
        "not_ranked_reason",
        lang,
        coverage=number(row["coverage"], 2, lang),
        threshold=number(methodology["ranked_coverage"], 2, lang),
        missing=", ".join(missing) or "–",
    )


def shown(frame: pd.DataFrame) -> pd.DataFrame:
    """The ranking rows in Vietnamese number forms, with a link to each unit's profile."""
    return pd.DataFrame(
        {
            t("rank", lang): frame["rank"].map(lambda v: number(v, 0, lang)),
            t("unit", lang): frame["unit_name"],
            t("grade", lang): frame["grade"].fillna("–"),
            t("composite", lang): frame["composite"].map(lambda v: number(v, 2, lang)),
            t("rank_range", lang): [
                f"{number(a, 0, lang)}–{number(b, 0, lang)}"
                for a, b in zip(frame["rank_p05"], frame["rank_p95"], strict=True)
            ],
            t("rank_change", lang): frame["rank_change"].map(lambda v: signed(v, lang)),
            t("coverage", lang): frame["coverage"].map(lambda v: number(v, 2, lang)),
            "→": [
                f"/unit?unit={code}&period={period}" if scope.allows(code) else None
                for code in frame["unit_code"]
            ],
        }
    )


tabs = st.tabs([t(group, lang) for group in PEER_GROUPS])
for group, tab in zip(PEER_GROUPS, tabs, strict=True):
    with tab:
        rows = rankings[rankings["peer_group"] == group]
        if rows.empty:
            st.info(t("no_data", lang))
            continue
        search_col, grade_col, sort_col = st.columns([3, 2, 2])
        query = search_col.text_input(t("search_unit", lang), key=f"search-{group}")
        grades = grade_col.multiselect(
            t("grade_filter", lang), ["A", "B", "C", "D", "E"], key=f"grades-{group}",
            placeholder=t("choose_grades", lang),
        )
        sort_key = sort_col.selectbox(
            t("sort_by", lang), list(SORTS), format_func=lambda k: t(k, lang),
            key=f"sort-{group}",
        )
        ranked = rows[rows["ranked"]]
        if query:
            needle = query.strip().casefold()
            ranked = ranked[
                ranked["unit_name"].str.casefold().str.contains(needle, regex=False)
                | ranked["unit_code"].str.casefold().str.contains(needle, regex=False)
            ]
        if grades:
            ranked = ranked[ranked["grade"].isin(grades)]
        column, ascending = SORTS[sort_key]
        ranked = ranked.sort_values([column, "unit_code"], ascending=[ascending, True])
        st.dataframe(
            shown(ranked),
            hide_index=True,
            width="stretch",
            column_config={
                "→": st.column_config.LinkColumn(t("profile", lang), display_text=t("open", lang))
            },
        )
        if not ranked.empty:
            st.altair_chart(charts.rank_ranges(ranked, lang), width="stretch")
        unranked = rows[~rows["ranked"]]
        if not unranked.empty:
            st.subheader(t("not_ranked", lang))
            st.dataframe(
                pd.DataFrame(
                    {
                        t("unit", lang): unranked["unit_name"],
                        t("composite", lang): unranked["composite"].map(
                            lambda v: number(v, 2, lang)
                        ),
                        t("reason", lang): [not_ranked_reason(r) for _, r in unranked.iterrows()],
                    }
                ),
                hide_index=True,
                width="stretch",
                column_config={t("reason", lang): st.column_config.TextColumn(width="large")},
            )
        downloads.buttons(rows, f"xep-hang-{group}-{period}", lang)
