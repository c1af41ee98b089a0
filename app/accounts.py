"""Local accounts of the app: argon2id password hashes, roles and unit scope, login throttling,
and the audit log.

They live in a small SQLite database of the app's own (`locations.app_state_path()`), never in the
warehouse or the serving copy: the pipeline replaces the serving copy, and SQLite lets the
`attt users` command and the running app write it at the same time. Every statement is
parameterised.

A login gives nothing away: an unknown name, a wrong password, a disabled account and a
throttled client get the same answer after the same work (one argon2 verification). Failures
are counted per account *and client*: after five in a row from one client, that client waits
before its next try, a wait that doubles with each further failure (30 s, 1 min, 2 min, … up to
15 min), so a stranger cannot lock a real account out from its owner's machine. Account names
are compared after NFC normalisation and case folding (`Real` and `real` are one account).
Passwords have at least 12 characters, are not blank, and score at least 3 of 4 on `zxcvbn`.

Every change to an account (reset, disable, role) raises its `generation`: a session opened
before the change ends at its next click (`check_session`).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from zxcvbn import zxcvbn

ROLES = ("admin", "analyst", "unit")
MIN_PASSWORD_LENGTH = 12
MIN_PASSWORD_SCORE = 3  # zxcvbn's 0-4: 3 is "safely unguessable"
FREE_FAILURES = 5  # failures from one client before it has to wait
FIRST_WAIT = dt.timedelta(seconds=30)
LONGEST_WAIT = dt.timedelta(minutes=15)

# argon2-cffi's defaults are argon2id (RFC 9106 low-memory profile); named here so that a
# change of library defaults cannot silently weaken stored hashes.
HASHER = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4)

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    username TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'analyst', 'unit')),
    unit_code TEXT,
    disabled INTEGER NOT NULL DEFAULT 0,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    created_at TEXT NOT NULL,
    CHECK ((role = 'unit') = (unit_code IS NOT NULL))
);
CREATE TABLE IF NOT EXISTS audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    username TEXT NOT NULL,
    event TEXT NOT NULL,
    detail TEXT
);
CREATE TABLE IF NOT EXISTS login_failures (
    name_key TEXT NOT NULL,
    client TEXT NOT NULL,
    failures INTEGER NOT NULL,
    wait_until TEXT,
    PRIMARY KEY (name_key, client)
);
"""
# Columns added since the first version, for app-state files made by it.
ADDED_COLUMNS = {
    "name_key": "ALTER TABLE users ADD COLUMN name_key TEXT",
    "generation": "ALTER TABLE users ADD COLUMN generation INTEGER NOT NULL DEFAULT 0",
}

ACCOUNT_COLUMNS = "username, role, unit_code, disabled, generation"

# What the audit log records, in words (Vietnamese first) for `attt audit` and the app.
EVENTS = {
    "login_ok": "đăng nhập / login",
    "login_failed": "đăng nhập không thành công / failed login",
    "logout": "đăng xuất / logout",
    "session_expired": "hết phiên do không hoạt động / session expired",
    "session_ended": "phiên bị kết thúc do tài khoản thay đổi / session ended by an account change",
    "unit_view": "xem đơn vị / unit viewed",
    "unit_denied": "bị từ chối xem đơn vị / unit refused",
    "download": "tải tệp / download",
    "user_added": "thêm tài khoản / account added",
    "password_reset": "đặt lại mật khẩu / password reset",
    "user_disabled": "vô hiệu hoá tài khoản / account disabled",
    "role_changed": "đổi vai trò / role changed",
}


class AccountError(ValueError):
    """A request on accounts that cannot be done; the message says why."""


@dataclass(frozen=True)
class Account:
    username: str
    role: str
    unit_code: str | None
    disabled: bool
    generation: int = 0


@dataclass(frozen=True)
class LoginResult:
    account: Account | None
    reason: str  # ok | unknown | wrong_password | disabled | throttled (for the audit log only)


def name_key(username: str) -> str:
    """How account names are compared: NFC, surrounding white space trimmed, case-folded."""
    return unicodedata.normalize("NFC", username).strip().casefold()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def wait_after(failures: int) -> dt.timedelta | None:
    """How long a client waits after this many failures in a row on one account."""
    if failures < FREE_FAILURES:
        return None
    return min(FIRST_WAIT * 2 ** (failures - FREE_FAILURES), LONGEST_WAIT)


class AccountStore:
    """The accounts and audit log in one SQLite file."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as con:
            con.executescript(SCHEMA)
            have = {row[1] for row in con.execute("PRAGMA table_info(users)").fetchall()}
            for column, ddl in ADDED_COLUMNS.items():
                if column not in have:
                    con.execute(ddl)
            for (username,) in con.execute(
                "SELECT username FROM users WHERE name_key IS NULL"
            ).fetchall():
                con.execute(
                    "UPDATE users SET name_key = ? WHERE username = ?",
                    [name_key(username), username],
                )
            con.execute("CREATE UNIQUE INDEX IF NOT EXISTS users_name_key ON users (name_key)")

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """A connection in autocommit mode, closed on leaving (sqlite3's own context manager
        only commits, it does not close)."""
        con = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA busy_timeout=10000")
            yield con
        finally:
            con.close()

    # -- management (the `attt users` command) --------------------------------------------

    def add(self, username: str, password: str, role: str, unit_code: str | None = None) -> None:
        username = unicodedata.normalize("NFC", username).strip()
        if not username:
            raise AccountError("a user name is needed")
        self._check_role(role, unit_code)
        self.check_password(password, username)
        with self._connect() as con:
            try:
                con.execute(
                    "INSERT INTO users (username, name_key, password_hash, role, unit_code, "
                    "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    [username, name_key(username), HASHER.hash(password), role, unit_code,
                     _now().isoformat()],
                )  # fmt: skip
            except sqlite3.IntegrityError as error:
                raise AccountError(f"user {username!r} already exists") from error
        self.audit(username, "user_added", f"role={role} unit={unit_code or ''}")

    def reset(self, username: str, password: str) -> None:
        """A new password; also re-enables the account and lifts every wait on it. Sessions
        opened before end."""
        account = self._existing(username)
        self.check_password(password, account.username)
        with self._connect() as con:
            con.execute(
                "UPDATE users SET password_hash = ?, disabled = 0, generation = generation + 1 "
                "WHERE username = ?",
                [HASHER.hash(password), account.username],
            )
            con.execute("DELETE FROM login_failures WHERE name_key = ?", [name_key(username)])
        self.audit(account.username, "password_reset", None)

    def disable(self, username: str) -> None:
        """The account can no longer log in, and its open sessions end at their next click."""
        account = self._existing(username)
        with self._connect() as con:
            con.execute(
                "UPDATE users SET disabled = 1, generation = generation + 1 WHERE username = ?",
                [account.username],
            )
        self.audit(account.username, "user_disabled", None)

    def set_role(self, username: str, role: str, unit_code: str | None = None) -> None:
        """Another role (and unit); open sessions end at their next click."""
        account = self._existing(username)
        self._check_role(role, unit_code)
        with self._connect() as con:
            con.execute(
                "UPDATE users SET role = ?, unit_code = ?, generation = generation + 1 "
                "WHERE username = ?",
                [role, unit_code, account.username],
            )
        self.audit(
            account.username,
            "role_changed",
            f"role={account.role}->{role} unit={account.unit_code or ''}->{unit_code or ''}",
        )

    def list(self) -> list[Account]:
        with self._connect() as con:
            rows = con.execute(f"SELECT {ACCOUNT_COLUMNS} FROM users ORDER BY username").fetchall()
        return [Account(r[0], r[1], r[2], bool(r[3]), r[4]) for r in rows]

    def get(self, username: str) -> Account | None:
        with self._connect() as con:
            row = con.execute(
                f"SELECT {ACCOUNT_COLUMNS} FROM users WHERE name_key = ?", [name_key(username)]
            ).fetchone()
        return Account(row[0], row[1], row[2], bool(row[3]), row[4]) if row else None

    def _existing(self, username: str) -> Account:
        account = self.get(username)
        if account is None:
            raise AccountError(f"no user {username!r}")
        return account

    # -- the login form ---------------------------------------------------------------------

    def authenticate(self, username: str, password: str, client: str | None = None) -> LoginResult:
        """Check a login from a client (its address). Every answer but success is the same and
        costs the same: one argon2 verification. Every attempt goes to the audit log."""
        key, client = name_key(username), client or "unknown"
        now = _now()
        with self._connect() as con:
            # One transaction from reading the failure count to writing it: logins tried at the
            # same moment cannot each see four failures and slip past the wait.
            con.execute("BEGIN IMMEDIATE")
            row = con.execute(
                "SELECT username, password_hash, disabled FROM users WHERE name_key = ?", [key]
            ).fetchone()
            failures, wait_until = con.execute(
                "SELECT failures, wait_until FROM login_failures WHERE name_key = ? AND client = ?",
                [key, client],
            ).fetchone() or (0, None)
            waiting = wait_until is not None and dt.datetime.fromisoformat(wait_until) > now
            right = _verify(row[1] if row else _DUMMY_HASH, password)
            if row is None:
                reason = "unknown"
            elif waiting:
                reason = "throttled"
            elif row[2]:
                reason = "disabled"
            elif not right:
                reason = "wrong_password"
            else:
                reason = "ok"
            if reason == "ok":
                con.execute(
                    "DELETE FROM login_failures WHERE name_key = ? AND client = ?", [key, client]
                )
                if HASHER.check_needs_rehash(row[1]):
                    con.execute(
                        "UPDATE users SET password_hash = ? WHERE username = ?",
                        [HASHER.hash(password), row[0]],
                    )
            elif reason != "throttled":
                failures += 1
                wait = wait_after(failures)
                con.execute(
                    "INSERT OR REPLACE INTO login_failures VALUES (?, ?, ?, ?)",
                    [key, client, failures, (now + wait).isoformat() if wait else None],
                )
            con.execute("COMMIT")
        shown = row[0] if row else unicodedata.normalize("NFC", username).strip()
        if reason == "ok":
            self.audit(shown, "login_ok", f"client={client}")
            return LoginResult(self.get(shown), "ok")
        self.audit(shown, "login_failed", f"{reason} client={client}")
        return LoginResult(None, reason)

    def check_session(self, username: str, generation: int) -> Account | None:
        """The account a session was opened for, or None when it has since been disabled,
        reset, given another role or removed."""
        account = self.get(username)
        if account is None or account.disabled or account.generation != generation:
            return None
        return account

    # -- audit log --------------------------------------------------------------------------

    def audit(self, username: str, event: str, detail: str | None) -> None:
        with self._connect() as con:
            con.execute(
                "INSERT INTO audit_log (at, username, event, detail) VALUES (?, ?, ?, ?)",
                [_now().isoformat(), username, event, detail],
            )

    def audit_log(self, limit: int = 1000, since: dt.datetime | None = None) -> list[tuple]:
        """The newest entries first: (at, username, event, detail)."""
        with self._connect() as con:
            return con.execute(
                "SELECT at, username, event, detail FROM audit_log "
                "WHERE (? IS NULL OR at >= ?) ORDER BY id DESC LIMIT ?",
                [since.isoformat() if since else None, since.isoformat() if since else None,
                 limit],
            ).fetchall()  # fmt: skip

    # -- helpers ----------------------------------------------------------------------------

    @staticmethod
    def _check_role(role: str, unit_code: str | None) -> None:
        if role not in ROLES:
            raise AccountError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
        if (role == "unit") != bool(unit_code):
            raise AccountError(
                "a unit account needs --unit CODE" if role == "unit" else
                "only a unit account takes --unit"
            )  # fmt: skip

    @staticmethod
    def check_password(password: str, username: str = "") -> None:
        """At least 12 characters, not blank, and not weak by zxcvbn (score 3 or more, the
        account's name counted as a guess)."""
        if len(password) < MIN_PASSWORD_LENGTH or not password.strip():
            raise AccountError(
                f"mật khẩu cần ít nhất {MIN_PASSWORD_LENGTH} ký tự, không toàn khoảng trắng / "
                f"a password needs at least {MIN_PASSWORD_LENGTH} characters, not all blank"
            )
        verdict = zxcvbn(password[:100], user_inputs=[username] if username else [])
        if verdict["score"] < MIN_PASSWORD_SCORE:
            hint = verdict["feedback"].get("warning") or "it is easy to guess"
            raise AccountError(
                "mật khẩu quá dễ đoán, hãy dùng một cụm nhiều từ ít gặp / the password is too "
                f"weak ({hint}): use a phrase of several uncommon words"
            )


def _verify(stored: str, password: str) -> bool:
    try:
        return HASHER.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


_DUMMY_HASH = HASHER.hash("not a real password, only for timing")
