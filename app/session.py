"""A viewer's session: who is logged in, the 30-minute idle expiry, the login form, and the
context (serving version, scope, language, month) that every page reads.

Every rerun checks the account again: a session whose account was disabled, reset or given
another role since the login ends at once, back to the login form. Logging out clears the whole
session (but its language), so nothing of one account stays for the next on the same tab."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

import streamlit as st

from app import data_access
from app.accounts import AccountStore
from core import locations
from readside import serving_copy as serving
from readside.i18n import t
from readside.queries import Scope

IDLE_LIMIT = dt.timedelta(minutes=30)


@dataclass(frozen=True)
class Viewer:
    username: str
    role: str
    scope: Scope
    generation: int = 0  # the account's generation at login (see AccountStore.check_session)


@dataclass(frozen=True)
class Context:
    viewer: Viewer
    version: serving.ServingVersion
    lang: str
    period: str


@st.cache_resource
def account_store(path: str) -> AccountStore:
    return AccountStore(path)


def store() -> AccountStore:
    return account_store(str(locations.app_state_path()))


def serving_file() -> str:
    return str(locations.serving_path())


def language() -> str:
    return st.session_state.get("lang", "vi")


def _clear_session(flag: str | None = None) -> None:
    """Forget everything of the session but its language (and leave a note for the login
    form)."""
    for key in list(st.session_state):
        if key != "lang":
            del st.session_state[key]
    if flag:
        st.session_state[flag] = True


def current_viewer() -> Viewer | None:
    """The logged-in viewer, or None. A session idle for 30 minutes, or whose account changed
    since the login (disabled, reset, another role), is ended here."""
    viewer: Viewer | None = st.session_state.get("viewer")
    if viewer is None:
        return None
    now = time.time()
    last = st.session_state.get("last_active", now)
    if now - last > IDLE_LIMIT.total_seconds():
        store().audit(viewer.username, "session_expired", None)
        _clear_session("expired")
        return None
    if store().check_session(viewer.username, viewer.generation) is None:
        store().audit(viewer.username, "session_ended", "the account changed since the login")
        _clear_session("ended")
        return None
    st.session_state["last_active"] = now
    return viewer


def log_out() -> None:
    viewer = st.session_state.get("viewer")
    if viewer is not None:
        store().audit(viewer.username, "logout", None)
    _clear_session()


def client_address() -> str | None:
    """The address the browser connects from (None outside a served app)."""
    try:
        address = st.context.ip_address
    except Exception:  # noqa: BLE001 - no request context
        return None
    return address if isinstance(address, str) else None  # AppTest gives a stand-in


def login_form() -> None:
    lang = language()
    st.title(t("app_title", lang))
    if st.session_state.pop("expired", False):
        st.info(t("session_expired", lang))
    if st.session_state.pop("ended", False):
        st.info(t("session_ended", lang))
    with st.form("login"):
        username = st.text_input("Tên đăng nhập")
        password = st.text_input("Mật khẩu", type="password")
        submitted = st.form_submit_button("Đăng nhập")
    if not submitted:
        return
    result = store().authenticate(username, password, client_address())
    if result.account is None:
        # One answer for every failure: it must not tell which names exist or are locked.
        st.error(t("login_failed", lang))
        return
    account = result.account
    top_level = None
    if account.role == "unit":
        try:
            version = serving.current_version(serving_file())
        except serving.ServingCopyMissing:
            st.error(t("no_serving", lang))
            return
        top_level = data_access.top_level_of(version, account.unit_code)
        if top_level is None:
            st.error(t("unit_unknown", lang))
            return
    st.session_state["viewer"] = Viewer(
        account.username, account.role, Scope(account.role, top_level), account.generation
    )
    st.session_state["last_active"] = time.time()
    st.rerun()


def context() -> Context:
    """The context main.py set for this rerun."""
    return st.session_state["context"]
