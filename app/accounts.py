"""Local accounts of the app: argon2id password hashes, roles and unit scope, lockout after
failed logins, and the audit log.

They live in a small SQLite database of the app's own (`locations.app_state_path()`), never in the
warehouse or the serving copy: the pipeline replaces the serving copy, and SQLite lets the
`attt users` command and the running app write it at the same time. Every statement is
parameterised.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

ROLES = ("admin", "analyst", "unit")
MAX_FAILED_LOGINS = 5
LOCKOUT = dt.timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 8

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
"""


ACCOUNT_COLUMNS = "username, role, unit_code, disabled, locked_until"


class AccountError(ValueError):
    """A request on accounts that cannot be done; the message says why."""


@dataclass(frozen=True)
class Account:
    username: str
    role: str
    unit_code: str | None
    disabled: bool
    locked_until: dt.datetime | None


@dataclass(frozen=True)
class LoginResult:
    account: Account | None
    reason: str  # ok | unknown_or_wrong | locked | disabled


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class AccountStore:
    """The accounts and audit log in one SQLite file."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as con:
            con.executescript(SCHEMA)

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
        username = username.strip()
        if not username:
            raise AccountError("a user name is needed")
        if role not in ROLES:
            raise AccountError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
        if (role == "unit") != bool(unit_code):
            raise AccountError(
                "a unit account needs --unit CODE" if role == "unit" else
                "only a unit account takes --unit"
            )
        self._check_password(password)
        with self._connect() as con:
            try:
                con.execute(
                    "INSERT INTO users (username, password_hash, role, unit_code, created_at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [username, HASHER.hash(password), role, unit_code, _now().isoformat()],
                )
            except sqlite3.IntegrityError as error:
                raise AccountError(f"user {username!r} already exists") from error
        self.audit(username, "user_added", f"role={role} unit={unit_code or ''}")

    def reset(self, username: str, password: str) -> None:
        """A new password; also lifts a lockout and re-enables the account."""
        self._check_password(password)
        with self._connect() as con:
            changed = con.execute(
                "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL, "
                "disabled = 0 WHERE username = ?",
                [HASHER.hash(password), username],
            ).rowcount
        if not changed:
            raise AccountError(f"no user {username!r}")
        self.audit(username, "password_reset", None)

    def disable(self, username: str) -> None:
        with self._connect() as con:
            changed = con.execute(
                "UPDATE users SET disabled = 1 WHERE username = ?", [username]
            ).rowcount
        if not changed:
            raise AccountError(f"no user {username!r}")
        self.audit(username, "user_disabled", None)

    def list(self) -> list[Account]:
        with self._connect() as con:
            rows = con.execute(f"SELECT {ACCOUNT_COLUMNS} FROM users ORDER BY username").fetchall()
        return [self._account(row) for row in rows]

    def get(self, username: str) -> Account | None:
        with self._connect() as con:
            row = con.execute(
                f"SELECT {ACCOUNT_COLUMNS} FROM users WHERE username = ?", [username]
            ).fetchone()
        return self._account(row) if row else None

    # -- the login form ---------------------------------------------------------------------

    def authenticate(self, username: str, password: str) -> LoginResult:
        """Check a login; five failures in a row lock the account for 15 minutes. Every
        attempt goes to the audit log."""
        now = _now()
        with self._connect() as con:
            # One transaction from reading the failure count to writing it: logins tried at the
            # same moment cannot each see four failures and slip past the lockout.
            con.execute("BEGIN IMMEDIATE")
            row = con.execute(
                "SELECT password_hash, disabled, failed_logins, locked_until FROM users "
                "WHERE username = ?",
                [username],
            ).fetchone()
            if row is None:
                # Spend the same time as a real check, so the response does not tell which
                # user names exist.
                _verify(_DUMMY_HASH, password)
                result = LoginResult(None, "unknown_or_wrong")
            else:
                stored, disabled, failed, locked_until = row
                locked = locked_until and dt.datetime.fromisoformat(locked_until) > now
                if disabled:
                    result = LoginResult(None, "disabled")
                elif locked:
                    result = LoginResult(None, "locked")
                elif _verify(stored, password):
                    con.execute(
                        "UPDATE users SET failed_logins = 0, locked_until = NULL "
                        "WHERE username = ?",
                        [username],
                    )
                    if HASHER.check_needs_rehash(stored):
                        con.execute(
                            "UPDATE users SET password_hash = ? WHERE username = ?",
                            [HASHER.hash(password), username],
                        )
                    result = LoginResult(self.get(username), "ok")
                else:
                    failed = failed + 1
                    lock = (now + LOCKOUT).isoformat() if failed >= MAX_FAILED_LOGINS else None
                    con.execute(
                        "UPDATE users SET failed_logins = ?, locked_until = ? "
                        "WHERE username = ?",
                        [0 if lock else failed, lock, username],
                    )
                    result = LoginResult(None, "locked" if lock else "unknown_or_wrong")
            con.execute("COMMIT")
        self.audit(username, "login_ok" if result.reason == "ok" else "login_failed",
                   None if result.reason == "ok" else result.reason)
        return result

    # -- audit log --------------------------------------------------------------------------

    def audit(self, username: str, event: str, detail: str | None) -> None:
        with self._connect() as con:
            con.execute(
                "INSERT INTO audit_log (at, username, event, detail) VALUES (?, ?, ?, ?)",
                [_now().isoformat(), username, event, detail],
            )

    def audit_log(self, limit: int = 1000) -> list[tuple]:
        with self._connect() as con:
            return con.execute(
                "SELECT at, username, event, detail FROM audit_log ORDER BY id DESC LIMIT ?",
                [limit],
            ).fetchall()

    # -- helpers ----------------------------------------------------------------------------

    @staticmethod
    def _check_password(password: str) -> None:
        if len(password) < MIN_PASSWORD_LENGTH:
            raise AccountError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")

    @staticmethod
    def _account(row: tuple) -> Account:
        username, role, unit_code, disabled, locked_until = row
        return Account(
            username=username,
            role=role,
            unit_code=unit_code,
            disabled=bool(disabled),
            locked_until=dt.datetime.fromisoformat(locked_until) if locked_until else None,
        )


def _verify(stored: str, password: str) -> bool:
    try:
        return HASHER.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


_DUMMY_HASH = HASHER.hash("not a real password, only for timing")
