"""A viewer's session: who is logged in, the 30-minute idle expiry, the login form, and the
context (serving version, scope, language, month) that every page reads."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

import streamlit as st

from app import data_access, serving
from app.accounts import AccountStore
from app.data_access import Scope
from app.i18n import t
from ingest import locations

IDLE_LIMIT = dt.timedelta(minutes=30)


@dataclass(frozen=True)
class Viewer:
    username: str
    role: str
    scope: Scope


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


def current_viewer() -> Viewer | None:
    """The logged-in viewer, or None; a session idle for 30 minutes is ended here."""
    viewer: Viewer | None = st.session_state.get("viewer")
    if viewer is None:
        return None
    now = time.time()
    last = st.session_state.get("last_active", now)
    if now - last > IDLE_LIMIT.total_seconds():
        store().audit(viewer.username, "session_expired", None)
        st.session_state.pop("viewer", None)
        st.session_state["expired"] = True
        return None
    st.session_state["last_active"] = now
    return viewer


def log_out() -> None:
    viewer = st.session_state.pop("viewer", None)
    if viewer is not None:
        store().audit(viewer.username, "logout", None)


def login_form() -> None:
    lang = language()
    st.title(t("app_title", lang))
    if st.session_state.pop("expired", False):
        st.info(t("session_expired", lang))
    with st.form("login"):
        username = st.text_input("Tên đăng nhập")
        password = st.text_input("Mật khẩu", type="password")
        submitted = st.form_submit_button("Đăng nhập")
    if not submitted:
        return
    result = store().authenticate(username.strip(), password)
    if result.account is None:
        key = {"locked": "login_locked", "disabled": "login_disabled"}.get(
            result.reason, "login_failed"
        )
        st.error(t(key, lang))
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
        account.username, account.role, Scope(account.role, top_level)
    )
    st.session_state["last_active"] = time.time()
    st.rerun()


def context() -> Context:
    """The context main.py set for this rerun."""
    return st.session_state["context"]
