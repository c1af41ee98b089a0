"""Xếp hạng: a tab per peer group with rank, unit, grade, composite, the rank-uncertainty range,
rank change and coverage; unranked units with the reason; sorting, filtering, downloads."""

import pandas as pd
import streamlit as st

from app import data_access, downloads, session, tables
from core.methodology import methodology as load_methodology
from readside import charts
from readside.i18n import (
    INDICATORS,
    PEER_GROUP_FILE_WORDS,
    PEER_GROUPS,
    column,
    folded,
    month,
    number,
    signed,
    t,
)

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
    """The ranking rows in Vietnamese number forms."""
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
        }
    )


def highlight_own(table: pd.DataFrame, codes: list[str]):
    """A unit account's own row stands out."""
    own = scope.top_level_code

    def colour(row):
        mine = codes[row.name] == own
        return ["background-color: #fff3c4; font-weight: bold" if mine else ""] * len(row)

    return table.style.apply(colour, axis=1)


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
            t("grade_filter", lang),
            ["A", "B", "C", "D", "E"],
            key=f"grades-{group}",
            placeholder=t("choose_grades", lang),
        )
        sort_key = sort_col.selectbox(
            t("sort_by", lang),
            list(SORTS),
            format_func=lambda k: t(k, lang),
            key=f"sort-{group}",
        )
        ranked = rows[rows["ranked"]]
        peers_ranked = len(ranked)
        if query:
            needle = folded(query.strip())
            ranked = ranked[
                ranked["unit_name"].map(folded).str.contains(needle, regex=False)
                | ranked["unit_code"].map(folded).str.contains(needle, regex=False)
            ]
        if grades:
            ranked = ranked[ranked["grade"].isin(grades)]
        sort_column, ascending = SORTS[sort_key]
        ranked = ranked.sort_values([sort_column, "unit_code"], ascending=[ascending, True])
        if ranked.empty and (query or grades):
            st.info(t("search_none", lang, query=query or ", ".join(grades)))
        elif not ranked.empty:
            codes = ranked["unit_code"].tolist()
            table = shown(ranked).reset_index(drop=True)
            picked = st.dataframe(
                highlight_own(table, codes) if not scope.sees_everything else table,
                hide_index=True, width="stretch", height=tables.height_for(len(table)),
                on_select="rerun", selection_mode="single-row", key=f"table-{group}",
            )  # fmt: skip
            st.caption(t("click_to_open", lang)
                       + ("" if scope.sees_everything else " " + t("own_row", lang)))  # fmt: skip
            chosen = picked.selection.rows if picked else []
            if chosen and scope.allows(codes[chosen[0]]):
                # the profile opens in this session (a link would open a new, logged-out tab)
                st.switch_page(
                    "views/unit.py", query_params={"unit": codes[chosen[0]], "period": period}
                )
            # the whole group's rows, under its table
            downloads.buttons(
                tables.readable(rows, lang).rename(columns=lambda c: column(c, lang)),
                f"xep-hang-{PEER_GROUP_FILE_WORDS[group]}-{period}", lang,
            )  # fmt: skip
            st.altair_chart(charts.rank_ranges(ranked, lang, peers_ranked), width="stretch")
        unranked = rows[~rows["ranked"]]
        if not unranked.empty:
            st.subheader(t("not_ranked", lang))
            tables.show(
                pd.DataFrame(
                    {
                        t("unit", lang): unranked["unit_name"].tolist(),
                        t("composite", lang): unranked["composite"].map(
                            lambda v: number(v, 2, lang)
                        ).tolist(),
                        t("reason", lang): [not_ranked_reason(r) for _, r in unranked.iterrows()],
                    }
                ),
                lang, f"chua-xep-hang-{PEER_GROUP_FILE_WORDS[group]}-{period}",
            )  # fmt: skip
