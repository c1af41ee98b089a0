"""Đơn vị: one top-level unit and the evidence behind its score: indicators beside the peer
median, the 12-month trend, the counts behind every indicator, the change from the month
before (a waterfall of each indicator's contribution, with what changed under each), the path
to the next grade (the fewest actions, as a checklist with their gains), its
systems, compliance gaps, warnings, infected addresses and domains. A unit account can open
only its own unit."""

import pandas as pd
import streamlit as st

from app import data_access, session, tables
from core.methodology import methodology
from readside import charts, vocabulary
from readside.charts import GRADES
from readside.i18n import INDICATORS, date, month, number, percent, signed, t
from readside.queries import OutOfScope

ctx = session.context()
lang, period = ctx.lang, ctx.period
scope, version, viewer = ctx.viewer.scope, ctx.version, ctx.viewer

units = data_access.selectable_units(version, scope)
codes = units["unit_code"].tolist()
names = dict(zip(units["unit_code"], units["unit_name"], strict=True))

asked = st.query_params.get("unit")
asked_sub = None
if asked is not None and asked not in codes:
    # one's own sub-unit by its code: its top-level unit's page, filtered to it
    top = data_access.top_level_of(version, asked)
    if top in codes and top != asked:
        asked, asked_sub = top, asked
if asked is not None and asked not in codes:
    # Asked for by URL: refused, whatever exists under that code, and logged.
    session.store().audit(viewer.username, "unit_denied", asked)
    st.error(t("out_of_scope", lang))
    if not scope.sees_everything:
        st.markdown(f"[{t('back_to_own', lang)}](/unit?unit={scope.top_level_code})")
    st.stop()
if asked is not None and asked != st.session_state.get("unit_in_url"):
    # a link or back/forward named the unit; otherwise the selector's own choice stands
    st.session_state["unit_choice"] = asked
if st.session_state.get("unit_choice") not in codes:
    st.session_state["unit_choice"] = viewer.scope.top_level_code or codes[0]

code = st.selectbox(
    t("choose_unit", lang),
    codes,
    key="unit_choice",
    format_func=lambda c: f"{names[c]} ({c})",
)
st.query_params["unit"] = st.session_state["unit_in_url"] = code
try:
    history = data_access.unit_scores(version, scope, code)
except OutOfScope:
    st.error(t("out_of_scope", lang))
    st.stop()

seen = st.session_state.setdefault("audited_views", set())
if (code, period) not in seen:
    session.store().audit(viewer.username, "unit_view", f"{code} {period}")
    seen.add((code, period))

st.title(f"{names[code]}: {month(period, lang)}")
this_month = history[history["period"] == period]
if this_month.empty:
    st.info(t("no_data", lang))
    st.stop()
row = this_month.iloc[0]
peers = data_access.rankings(version, scope, period)
peers_ranked = int(peers[(peers["peer_group"] == row["peer_group"]) & peers["ranked"]].shape[0])
standing = (
    t("rank_of", lang, rank=number(row["rank"], 0, lang), of=number(peers_ranked, 0, lang))
    if row["ranked"] else t("not_ranked", lang)
)  # fmt: skip
st.markdown(f"**{t(row['peer_group'], lang)}** · {standing}")

cols = st.columns(5)
cols[0].metric(t("composite", lang), number(row["composite"], 2, lang))
cols[1].metric(t("grade", lang), row["grade"] if isinstance(row["grade"], str) else "–")
cols[2].metric(
    t("rank", lang),
    f"{number(row['rank'], 0, lang)}/{number(peers_ranked, 0, lang)}" if row["ranked"]
    else t("not_ranked", lang),
)  # fmt: skip
cols[3].metric(t("rank_change", lang), signed(row["rank_change"], lang))
cols[4].metric(t("coverage", lang), number(row["coverage"], 2, lang))
if row["ranked"]:
    st.caption(
        f"{t('rank_range', lang)}: {number(row['rank_p05'], 0, lang)}–"
        f"{number(row['rank_p95'], 0, lang)} (P50 {number(row['rank_p50'], 0, lang)})"
    )

medians = data_access.peer_medians(version, scope, period)
median = medians[medians["peer_group"] == row["peer_group"]].iloc[0]
left, right = st.columns(2)
with left:
    st.subheader(t("indicators_vs_peers", lang))
    st.altair_chart(charts.indicators_vs_median(row, median, lang), width="stretch")
    table = pd.DataFrame(
        {
            t("indicator", lang): [t(n, lang) for n in INDICATORS],
            t("unit", lang): [number(row[n], 1, lang) for n in INDICATORS],
            t("peer_median", lang): [number(median[n], 1, lang) for n in INDICATORS],
        }
    )
with right:
    st.subheader(t("indicators_table", lang))
    tables.show(table, lang, f"chi-so-{code}-{period}")
# the small multiples need the page's whole width
st.subheader(t("trend_12", lang))
st.altair_chart(charts.unit_trend(history[history["period"] <= period], lang))

st.subheader(t("counts", lang))
# the counts behind each indicator, by id; an indicator without them shows its value alone
counts = dict(
    [
        (
            "approval_coverage",
            f"{number(row['approved_systems'], 0, lang)} / {number(row['systems'], 0, lang)}",
        ),
        (
            "plan_implementation",
            f"{number(row['plan_implemented_systems'], 0, lang)} / "
            f"{number(row['approved_systems'], 0, lang)}",
        ),
        (
            "requirement_compliance",
            f"{number(row['assessed_requirements'], 0, lang)} / "
            f"{number(row['applicable_requirements'], 0, lang)} "
            f"({number(row['assessed_systems'], 0, lang)} {t('systems_word', lang)})",
        ),
        (
            "four_layer",
            f"{number(row['layers_held'], 0, lang)} / {number(4 * row['systems'], 0, lang)}",
        ),
        (
            "botnet_hygiene",
            f"{number(row['infected_addresses'], 0, lang)} / "
            f"{number(row['allocated_addresses'], 0, lang)} "
            f"({number(row['botnet_reports'], 0, lang)} {t('reports_word', lang)})",
        ),
        (
            "warning_remediation",
            f"{number(row['on_time_warnings'], 0, lang)} / {number(row['due_warnings'], 0, lang)}",
        ),
        (
            "web_security",
            f"{number(row['measured_domains'], 0, lang)} / {number(row['domains'], 0, lang)}",
        ),
    ]
)
tables.show(
    pd.DataFrame(
        {
            t("indicator", lang): [t(k, lang) for k in INDICATORS],
            t("value", lang): [number(row[k], 2, lang) for k in INDICATORS],
            "n / N": [counts.get(k, "") for k in INDICATORS],
        }
    ),
    lang, f"so-lieu-{code}-{period}",
)  # fmt: skip

st.subheader(t("changes_title", lang))
contributions = data_access.unit_contributions(version, scope, period, code)
if contributions.empty:
    st.caption(t("changes_none", lang))
else:
    st.altair_chart(charts.contributions_waterfall(contributions, lang), width="stretch")
    st.caption(t("changes_caption", lang))
    # the evidence under each bar: what changed in that indicator's evidence
    changes = data_access.unit_changes(version, scope, period, code)
    for part in contributions.itertuples():
        rows = changes[changes["indicator"] == part.indicator].drop(columns=["indicator"])
        sign = "+" if part.contribution >= 0 else "−"
        title = t("changes_of", lang, indicator=t(part.indicator, lang),
                  points=sign + number(abs(part.contribution), 2, lang))  # fmt: skip
        with st.expander(f"{title} ({number(len(rows), 0, lang)})"):
            if rows.empty:
                st.caption(t("no_change_evidence", lang))
            else:
                tables.show(rows, lang, f"thay-doi-{part.indicator}-{code}-{period}",
                            hide=("period",))  # fmt: skip

st.subheader(t("plan_title", lang))
plan = data_access.unit_plan(version, scope, period, code)
if not row["ranked"]:
    st.caption(t("plan_none_unranked", lang))
elif row["grade"] == GRADES[0]:
    st.caption(t("plan_none_top", lang))
elif plan.empty:
    st.caption(t("plan_none", lang))
else:
    last = plan.iloc[-1]
    floor = next(g["min"] for g in methodology()["grades"] if g["grade"] == last["target_grade"])
    st.markdown(t(
        "plan_summary", lang, grade=last["target_grade"], floor=number(floor, 0, lang),
        steps=number(len(plan), 0, lang), before=number(row["composite"], 2, lang),
        after=number(last["projected_composite"], 2, lang),
        rank=number(last["projected_rank"], 0, lang),
    ))  # fmt: skip
    # a checklist: each step with its gain and where the unit stands once it is done
    st.markdown("\n".join(
        f"{step.step}. ☐ " + t(
            "plan_step", lang, text=vocabulary.plan_step(step._asdict(), lang),
            gain=("+" if step.gain >= 0 else "−") + number(abs(step.gain), 2, lang),
            after=number(step.projected_composite, 2, lang), grade=step.projected_grade,
            rank=number(step.projected_rank, 0, lang),
        )
        for step in plan.itertuples()
    ))  # fmt: skip
    st.caption(t("plan_minimal" if last["is_proven_minimal"] else "plan_not_minimal", lang))

tree = data_access.unit_tree(version, scope, code)
sub_names = dict(zip(tree["unit_code"], tree["unit_name"], strict=True))
if asked_sub in sub_names:
    st.session_state[f"sub-{code}"] = asked_sub
sub = st.selectbox(
    t("sub_unit", lang),
    ["*", *tree["unit_code"].tolist()],
    format_func=lambda c: t("all_sub_units", lang) if c == "*" else f"{sub_names[c]} ({c})",
    key=f"sub-{code}",
)


def only_sub(frame: pd.DataFrame, column: str = "agency_code") -> pd.DataFrame:
    return frame if sub == "*" else frame[frame[column] == sub]


def section(title: str, frame: pd.DataFrame, name: str, hide: tuple[str, ...] = ()) -> None:
    st.subheader(f"{title} ({number(len(frame), 0, lang)})")
    if frame.empty:
        st.caption(t("no_data", lang))
        return
    tables.show(frame, lang, f"{name}-{code}-{period}", hide=hide)


systems = only_sub(data_access.unit_systems(version, scope, period, code), "owner_code")
section(t("systems", lang), systems, "he-thong")
gaps = only_sub(data_access.unit_gaps(version, scope, period, code))
section(t("gaps", lang), tables.obligations_in_words(gaps, lang), "yeu-cau-chua-dap-ung",
        hide=("period", "obligation_group"))  # fmt: skip
warnings = only_sub(data_access.unit_warnings(version, scope, period, code))
section(t("overdue_warnings", lang), warnings[warnings["is_overdue"]], "canh-bao-qua-han")
with st.expander(t("all_warnings", lang)):
    tables.show(warnings, lang, f"canh-bao-{code}-{period}")
addresses = only_sub(data_access.unit_addresses(version, scope, period, code))
section(t("infected", lang), addresses, "ip-nhiem")
domains = only_sub(data_access.unit_domains(version, scope, period, code))
section(t("domains", lang), domains, "ten-mien")
if not domains.empty:
    st.caption(
        f"{t('web_security', lang)}: {percent(domains['is_measured'].mean(), 1, lang)} "
        f"{t('measured_word', lang)}; "
        f"{date(domains['scanned_at'].max(), lang)}"
    )
