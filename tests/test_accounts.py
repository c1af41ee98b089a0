"""Accounts, logins and the audit trail as a government system needs them: one answer and the
same work for every kind of failed login, waits per account and client, strong passwords, names
compared after NFC and case folding, sessions that end when the account changes, and an audit
log a reviewer can read with `attt audit`."""

from __future__ import annotations

import csv
import io
import statistics
import time
import unicodedata

import pytest
from click.testing import CliRunner

from app.accounts import AccountError, AccountStore, wait_after
from cli.main import main
from tests.app_harness import PASSWORD, app_env, log_in, open_page

STRONG = "một-mật-khẩu-đủ-mạnh-2026"


@pytest.fixture
def store(tmp_path) -> AccountStore:
    accounts = AccountStore(tmp_path / "state.sqlite")
    accounts.add("real", STRONG, "analyst")
    accounts.add("gone", STRONG, "analyst")
    accounts.disable("gone")
    accounts.add("busy", STRONG, "analyst")
    for client in ("198.51.100.1", None):  # None: the address AppTest's sessions have
        for _ in range(5):
            accounts.authenticate("busy", "not the password", client)
    return accounts


def test_the_four_kinds_of_failed_login_answer_alike_and_cost_alike(store):
    """Finding: an unknown name took about 150 ms, a disabled or locked account about 2 ms and
    got its own message, so account names could be probed."""
    cases = {
        "unknown": ("nobody", STRONG),
        "wrong_password": ("real", "not the password"),
        "disabled": ("gone", STRONG),
        "throttled": ("busy", STRONG),
    }
    timings: dict[str, list[float]] = {}
    for kind, (name, password) in cases.items():
        for _ in range(3):
            started = time.perf_counter()
            result = store.authenticate(name, password, "198.51.100.1")
            timings.setdefault(kind, []).append(time.perf_counter() - started)
            assert result.account is None and result.reason == kind
    # every failure does the work of one argon2 verification: none answers in a fraction of
    # the others' time (the old disabled and locked answers took about 1/75 of it)
    medians = {kind: statistics.median(values) for kind, values in timings.items()}
    assert min(medians.values()) > max(medians.values()) / 4, medians


def test_the_login_form_says_the_same_for_the_four_kinds(store, published_sample, tmp_path,
                                                         monkeypatch):  # fmt: skip
    _, serving_copy = published_sample
    app_env(monkeypatch, serving_copy, store.path, tmp_path / "reports")
    answers = {
        (name, tuple(e.value for e in log_in(name, password).error))
        for name, password in (("nobody", STRONG), ("real", "not the password"),
                               ("gone", STRONG), ("busy", STRONG))
    }  # fmt: skip
    assert len({answer for _, answer in answers}) == 1


def test_a_stranger_cannot_lock_out_the_owner(store):
    for _ in range(12):
        assert store.authenticate("real", "guess", "203.0.113.66").account is None
    assert store.authenticate("real", STRONG, "203.0.113.66").reason == "throttled"
    assert store.authenticate("real", STRONG, "192.0.2.10").reason == "ok"


def test_waits_grow_with_each_failure():
    waits = [wait_after(n) for n in range(1, 15)]
    assert waits[:4] == [None] * 4
    seconds = [w.total_seconds() for w in waits[4:]]
    assert seconds[:4] == [30, 60, 120, 240] and seconds[-1] == 15 * 60
    assert seconds == sorted(seconds)


@pytest.mark.parametrize(
    "password",
    ["12345678", " " * 12, "short-2026", "aaaaaaaaaaaaaaaa", "password1234", "real12345678"],
)
def test_weak_passwords_are_refused(tmp_path, password):
    """Finding: `12345678` and eight spaces were accepted as passwords."""
    with pytest.raises(AccountError):
        AccountStore(tmp_path / "s.sqlite").add("real", password, "analyst")


def test_names_are_compared_after_nfc_and_case_folding(tmp_path):
    """Finding: `Real` and `real` were two accounts."""
    accounts = AccountStore(tmp_path / "s.sqlite")
    accounts.add("Nguyễn", STRONG, "analyst")
    for other in ("nguyễn", "NGUYỄN", unicodedata.normalize("NFD", "Nguyễn"), " nguyễn "):
        with pytest.raises(AccountError, match="already exists"):
            accounts.add(other, STRONG, "analyst")
        assert accounts.authenticate(other, STRONG).reason == "ok"
    assert [a.username for a in accounts.list()] == ["Nguyễn"]


@pytest.fixture
def app_store(published_sample, tmp_path, monkeypatch):
    _, serving_copy = published_sample
    accounts = AccountStore(tmp_path / "state.sqlite")
    accounts.add("analyst", PASSWORD, "analyst")
    accounts.add("hanoi", PASSWORD, "unit", "HN")
    app_env(monkeypatch, serving_copy, accounts.path, tmp_path / "reports")
    return accounts


@pytest.mark.parametrize(
    "change",
    [
        lambda s: s.disable("hanoi"),
        lambda s: s.reset("hanoi", "một-mật-khẩu-mới-hẳn-2027"),
        lambda s: s.set_role("hanoi", "unit", "DN"),
    ],
    ids=["disabled", "reset", "role"],
)
def test_a_session_ends_at_the_next_click_after_its_account_changes(app_store, change):
    """Finding: a disabled account kept its open session, and the audit log showed
    `user_disabled` followed by `unit_view`."""
    at = open_page(log_in("hanoi"), "views/unit.py")
    assert at.title[0].value.startswith("Thành phố Hà Nội")
    change(app_store)
    open_page(at, "views/unit.py")
    assert "Tên đăng nhập" in [field.label for field in at.text_input]
    assert any("tài khoản vừa được thay đổi" in info.value for info in at.info)
    events = [event for _, user, event, _ in reversed(app_store.audit_log()) if user == "hanoi"]
    changed = max(i for i, e in enumerate(events)
                  if e in ("user_disabled", "password_reset", "role_changed"))  # fmt: skip
    assert events[changed + 1 :] == ["session_ended"]  # no view after the change


def test_after_a_logout_the_next_accounts_views_are_audited(app_store):
    """Finding: after a logout on the same tab, the next account's unit views were not
    audited."""
    at = open_page(log_in("analyst"), "views/unit.py", unit="HN")
    next(b for b in at.button if b.label == "Đăng xuất").click()
    at.run()
    fields = {field.label: field for field in at.text_input}
    fields["Tên đăng nhập"].input("hanoi")
    fields["Mật khẩu"].input(PASSWORD)
    next(b for b in at.button if b.label == "Đăng nhập").click()
    at.run()
    open_page(at, "views/unit.py", unit="HN")
    viewed = [(u, d) for _, u, e, d in app_store.audit_log() if e == "unit_view"]
    assert ("hanoi", viewed[0][1]) in viewed and ("analyst", viewed[0][1]) in viewed


def test_downloads_are_audited_with_the_file_name(app_store):
    at = open_page(log_in("hanoi"), "views/unit.py")
    name, make = next(
        (n, m) for n, m in at.session_state["downloads_offered"].items() if n.endswith(".csv")
    )
    assert not [e for _, _, e, _ in app_store.audit_log() if e == "download"]  # shown, not made
    make()  # what the server does when the browser asks for the file
    downloads = [d for _, u, e, d in app_store.audit_log() if e == "download" and u == "hanoi"]
    assert downloads == [name] and "HN" in name


def test_attt_audit_prints_every_kind_of_entry(app_store):
    open_page(log_in("analyst"), "views/unit.py", unit="HN")
    log_in("analyst", "wrong password")
    app_store.disable("hanoi")
    runner = CliRunner(env={"ATTT_APP_STATE": str(app_store.path)})
    result = runner.invoke(main, ["audit", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    events = [r["sự kiện / event"] for r in rows]
    for event in ("user_added", "login_ok", "unit_view", "login_failed", "user_disabled"):
        assert event in events, event
    assert events.index("user_added") < events.index("user_disabled")  # oldest first
    assert any("client=" in r["chi tiết / detail"] for r in rows)
    later = runner.invoke(main, ["audit", "--since", "2999-01-01"])
    assert later.exit_code == 0 and "login_ok" not in later.output


def test_the_account_commands_speak_vietnamese_unless_asked_for_english(tmp_path):
    # Finding: every command printed English only ("added ...", "disabled ...", the table's
    # headers), though the reader's language is Vietnamese first.
    state = str(tmp_path / "state.sqlite")
    runner = CliRunner(env={"ATTT_APP_STATE": state, "ATTT_LANG": None})
    added = runner.invoke(main, ["users", "add", "hn-analyst", "--role", "analyst",
                                 "--password-stdin"], input="Mật-khẩu-rất-dài-2026!\n")  # fmt: skip
    assert added.exit_code == 0, added.output
    assert added.output.strip() == "đã thêm hn-analyst (chuyên viên phân tích)"
    listed = runner.invoke(main, ["users", "list"]).output
    assert listed.split()[:4] == ["tài", "khoản", "vai", "trò"] and "đang dùng" in listed
    english = runner.invoke(main, ["--lang", "en", "users", "disable", "hn-analyst"])
    assert english.output.strip() == "disabled hn-analyst"
    by_env = CliRunner(env={"ATTT_APP_STATE": state, "ATTT_LANG": "en"})
    assert "disabled" in by_env.invoke(main, ["users", "list"]).output
