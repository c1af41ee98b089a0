"""The ATTT Scorecard app: `attt app` runs `streamlit run app/main.py`.

It asks for a login, then shows the pages allowed to the account, with a month selector and a
language switch shared by every page. It reads only the published serving copy, read-only.
"""

from __future__ import annotations

import sys
from pathlib import Path

# `streamlit run app/main.py` puts app/ on sys.path, not the repository root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st  # noqa: E402

from app import data_access, downloads, session  # noqa: E402
from core.clock import today_in_vietnam  # noqa: E402
from readside import serving_copy as serving  # noqa: E402
from readside.i18n import LANGUAGES, date, month, t  # noqa: E402

st.set_page_config(page_title="ATTT Scorecard", page_icon=":material/shield:", layout="wide")

with st.sidebar:
    st.radio(
        "Ngôn ngữ / Language",
        list(LANGUAGES),
        format_func=LANGUAGES.get,
        key="lang",
        horizontal=True,
    )
lang = session.language()
viewer = session.current_viewer()

PAGE_PATHS = ("overview", "rankings", "unit", "quality", "methodology", "reports")

if viewer is None:
    # The login answers at every page's address, so a link (say /unit?unit=DN) opened in a new
    # session leads, after the login, to the page and query it named.
    navigation = st.navigation(
        [
            st.Page(
                session.login_form,
                title=t("page_login", lang),
                url_path=path,
                default=path == "overview",
            )
            for path in PAGE_PATHS
        ],
        position="hidden",
    )
    try:
        navigation.run()
    except serving.ServingVersionGone:
        st.rerun()  # a publication replaced the copy mid-login: the form is shown again
    st.stop()

try:
    version = serving.current_version(session.serving_file())
except serving.ServingCopyMissing:
    st.error(t("no_serving", lang))
    st.stop()

periods = data_access.periods(version, viewer.scope)
if not periods:
    st.error(t("no_serving", lang))
    st.stop()

# A month named in the URL is taken only when the URL changed since this app last wrote it
# (a link, back/forward); otherwise the selector's own choice stands.
asked = st.query_params.get("period")
if asked in periods and asked != st.session_state.get("period_in_url"):
    st.session_state["period"] = asked
today = today_in_vietnam()
this_month = today.strftime("%Y-%m")
if st.session_state.get("period") not in periods:
    # Default to the latest month that has ended (Vietnam time); the current month is partial.
    ended = [p for p in periods if p < this_month]
    st.session_state["period"] = ended[0] if ended else periods[0]


def month_label(period: str) -> str:
    """A month as the selector lists it; one not over yet says so."""
    label = month(period, lang)
    return f"{label} {t('in_progress', lang)}" if period >= this_month else label


with st.sidebar:
    st.selectbox(t("month", lang), periods, key="period", format_func=month_label)
    st.query_params["period"] = st.session_state["period_in_url"] = st.session_state["period"]
    role = t("role_" + viewer.role, lang)
    st.caption(f"{t('signed_in_as', lang)} **{viewer.username}** ({role})")
    if st.button(t("logout", lang)):
        session.log_out()
        st.rerun()

# The downloads a page offers are listed afresh in every rerun (app.downloads).
st.session_state[downloads.OFFERED] = {}
if st.session_state["period"] >= this_month:
    st.warning(
        t("month_in_progress", lang, month=month(st.session_state["period"], lang).capitalize(),
          day=date(today, lang)),
        icon=":material/hourglass_top:",
    )  # fmt: skip
st.session_state["context"] = session.Context(
    viewer=viewer, version=version, lang=lang, period=st.session_state["period"]
)

# The page scripts live in views/, not pages/: a pages/ folder beside the main script switches
# Streamlit to its older multipage mode, in which a page runs without this script around it.
pages = [
    st.Page(
        "views/overview.py",
        title=t("page_overview", lang),
        icon=":material/dashboard:",
        default=True,
    ),
    st.Page("views/rankings.py", title=t("page_rankings", lang), icon=":material/leaderboard:"),
    st.Page("views/unit.py", title=t("page_unit", lang), icon=":material/account_balance:"),
    st.Page("views/quality.py", title=t("page_quality", lang), icon=":material/fact_check:"),
    st.Page("views/methodology.py", title=t("page_methodology", lang), icon=":material/balance:"),
    st.Page("views/reports.py", title=t("page_reports", lang), icon=":material/description:"),
]
try:
    st.navigation(pages).run()
except serving.ServingVersionGone:  # a publication replaced the version this page was reading
    st.rerun()
