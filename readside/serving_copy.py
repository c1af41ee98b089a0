"""The app's read-only view of the published serving copy, and how it notices a new one.

The pipeline publishes by writing a new file and renaming it over the old one. A version of the
copy is named by the file's inode, size and modification time; every query asks for the current
version first, so the first rerun after a publication reads the new file, and every cached query
takes the version as an argument, so no cache serves the old month. Sessions still holding the
old version keep reading it (the renamed-over file stays readable while open), so nobody sees
an error during a publication.

A version is opened only while it is still the file at the path, checked before and after the
ATTACH: a version whose connection was closed (or never opened) and that a publication has
since replaced raises `ServingVersionGone`, rather than opening the newer file under the older
version's name, which would mix two publications in one page. The reader asks again with the
current version (the app reruns the page, the report reads again).

The copy is opened by ATTACH … (READ_ONLY) in a private in-memory database, not by
`duckdb.connect(path)`: DuckDB caches instances by path within a process, and a second
`connect` to the same path after the rename would return the old file.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from core.duckdb_limits import connect as limited_connect
from readside.i18n import SaidError

KEEP_OPEN = 2  # the current version and the one before it, for sessions mid-rerun


class ServingCopyMissing(FileNotFoundError):
    """No serving copy has been published yet."""


class ServingVersionGone(SaidError):
    """A version asked for is no longer the file at its path: a publication replaced it."""

    def __init__(self, path: str) -> None:
        super().__init__(
            f"bản sao phục vụ {path} vừa được thay bằng bản công bố mới trong lúc đọc: "
            "hãy đọc lại từ bản mới",
            f"the serving copy {path} was replaced by a newer publication while it was read: "
            "read it again from the new one",
        )


@dataclass(frozen=True)
class ServingVersion:
    path: str
    inode: int
    size: int
    mtime_ns: int


def current_version(path: str | os.PathLike) -> ServingVersion:
    try:
        stat = os.stat(path)
    except FileNotFoundError as error:
        raise ServingCopyMissing(
            f"no serving copy at {path}: run `attt run` (or `make demo`) to publish one"
        ) from error
    return ServingVersion(str(Path(path).resolve()), stat.st_ino, stat.st_size, stat.st_mtime_ns)


def _is_at_path(version: ServingVersion) -> bool:
    try:
        stat = os.stat(version.path)
    except FileNotFoundError:
        return False
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns) == (
        version.inode, version.size, version.mtime_ns
    )


def _opened(version: ServingVersion) -> duckdb.DuckDBPyConnection:
    """A connection to exactly this version's file. ATTACH takes a path, not an open file, so
    the file is checked before and after: if a publication renamed a new file over it in
    between, which of the two was opened is unknown, and the version counts as gone."""
    if not _is_at_path(version):
        raise ServingVersionGone(version.path)
    con = limited_connect(":memory:")
    con.execute("ATTACH ? AS serving (READ_ONLY)", [version.path])
    if not _is_at_path(version):
        con.close()
        raise ServingVersionGone(version.path)
    return con


_lock = threading.Lock()
_open: dict[ServingVersion, duckdb.DuckDBPyConnection] = {}
_readers: dict[ServingVersion, int] = {}  # cursors in use on each version


def _close_unused() -> None:
    """Close the connections to versions older than the newest KEEP_OPEN that no session is
    reading (called under the lock)."""
    for old in list(_open)[:-KEEP_OPEN]:
        if not _readers.get(old):
            _open.pop(old).close()
            _readers.pop(old, None)


@contextmanager
def reading(version: ServingVersion) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor on the given version of the copy for one query (cursors are not shared between
    threads). A connection to an older version is closed only when no cursor of any session
    is still reading it; a version not open and no longer at its path raises
    ServingVersionGone."""
    with _lock:
        con = _open.get(version)
        if con is None:
            con = _opened(version)
            _open[version] = con
        _readers[version] = _readers.get(version, 0) + 1
        cur = con.cursor()
    try:
        cur.execute("USE serving")  # per connection: a cursor does not inherit it
        yield cur
    finally:
        cur.close()
        with _lock:
            _readers[version] -= 1
            _close_unused()
