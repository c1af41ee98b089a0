"""One run at a time: a lock file beside the warehouse, held for the whole of a pipeline run.

DuckDB lets one process write a database file. Two runs at once would race for it (one dies on
DuckDB's lock, or after ingest inside dbt), so every writer (`attt run`, a Dagster run of the
pipeline, `attt dbt`) first takes `<warehouse>.lock` with `flock`. A second one is refused at
once with `WarehouseBusy`, which names the holder (process id, command, start time). The kernel
releases the lock when its process ends, however it ends.

The lock file also tells how the previous run ended: a run that starts writes `running` into it
and `finished` when it ends; a run that finds `running` left by a holder that is gone knows the
previous run was killed part-way (`RunStart.previous_interrupted`).

Within one process the lock is re-entrant, so that `attt run`, which takes it before it starts
the Dagster job, and the job's warehouse resource, which takes it for runs started elsewhere,
share it.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

# The exit code of a command refused because another run holds the warehouse (EX_TEMPFAIL:
# try again later).
BUSY_EXIT_CODE = 75


@dataclass
class RunStart:
    """What taking the lock found: whether this process took it now (`first`), and whether the
    run before was killed part-way (its record, as it left it)."""

    lock_file: Path
    first: bool
    previous: dict = field(default_factory=dict)

    @property
    def previous_interrupted(self) -> bool:
        return self.first and self.previous.get("state") == "running"


class WarehouseBusy(Exception):
    """Another process holds the warehouse; the message names it."""

    def __init__(self, warehouse: Path, holder: dict):
        self.warehouse = warehouse
        self.holder = holder
        super().__init__(describe_holder(warehouse, holder))


def describe_holder(warehouse: Path, holder: dict, lang: str = "en", reader: bool = False) -> str:
    """Which run holds the warehouse and what to do, in English or (`lang` "vi") Vietnamese;
    a `reader` (a command that only reads) is also told it can read the published copy."""
    started = holder.get("started_at")
    local = None
    if started:
        local = dt.datetime.fromisoformat(started).astimezone(dt.timezone(dt.timedelta(hours=7)))
    pid, command = holder.get("pid", "?"), holder.get("command")
    if lang == "vi":
        when = ""
        if local:
            when = f", bắt đầu lúc {local:%H:%M:%S} ngày {local:%d/%m/%Y} (giờ Việt Nam)"
        who = f"tiến trình {pid} ({command or 'một lần chạy pipeline'}{when})"
        return (
            f"Một lần chạy khác đang dùng kho dữ liệu {warehouse}: {who}.\n"
            + ("Hãy đọc bản đã công bố (bỏ --warehouse), hoặc chờ" if reader else "Hãy chờ")
            + " lần chạy đó kết thúc rồi chạy lại."
        )
    when = f", started {local:%d/%m/%Y %H:%M:%S} (Vietnam time)" if local else ""
    who = f"process {pid} ({command or 'a pipeline run'}{when})"
    return (
        f"Another run is using the warehouse {warehouse}: {who}.\n"
        + ("Read the published copy (without --warehouse), or wait" if reader else "Wait")
        + " for it to finish, then run again."
    )


def lock_file_of(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".lock")


_held: dict[str, list] = {}  # resolved lock path -> [file descriptor, depth]


def _read(fd: int) -> dict:
    os.lseek(fd, 0, os.SEEK_SET)
    text = os.read(fd, 1 << 16).decode("utf-8", errors="replace")
    try:
        return json.loads(text) if text.strip() else {}
    except json.JSONDecodeError:
        return {}


def _write(fd: int, record: dict) -> None:
    data = json.dumps(record, ensure_ascii=False).encode("utf-8")
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, data)
    os.fsync(fd)


def _command() -> str:
    """What the holder is, for the message a refused run prints: `attt run`, `dagster`, …"""
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python"
    if name in ("attt", "cli.py"):
        return " ".join(["attt", *sys.argv[1:2]])
    return name


@contextmanager
def hold_warehouse(warehouse: Path, run_id: str | None = None) -> Iterator[RunStart]:
    """Hold the warehouse's lock for the block, or raise `WarehouseBusy` at once."""
    warehouse = Path(warehouse)
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    path = lock_file_of(warehouse)
    key = str(path.resolve())
    if key in _held:  # this process holds it already
        _held[key][1] += 1
        try:
            yield RunStart(path, first=False)
        finally:
            _held[key][1] -= 1
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _read(fd)
        os.close(fd)
        raise WarehouseBusy(warehouse, holder) from None
    previous = _read(fd)
    record = {
        "pid": os.getpid(),
        "command": _command(),
        "run_id": run_id,
        "started_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "state": "running",
    }
    _write(fd, record)
    _held[key] = [fd, 1]
    try:
        yield RunStart(path, first=True, previous=previous)
    finally:
        del _held[key]
        record.update(
            state="finished", finished_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        )
        try:
            _write(fd, record)
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


def holder_of(warehouse: Path) -> dict | None:
    """The record of the run holding the warehouse, or None when none does (a probe that
    takes and drops the lock at once; this process's own hold counts as none)."""
    path = lock_file_of(Path(warehouse))
    if not path.exists() or str(path.resolve()) in _held:
        return None
    fd = os.open(path, os.O_RDWR)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return _read(fd)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)
