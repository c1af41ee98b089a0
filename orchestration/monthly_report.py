"""The monthly report as the write side makes it: the month's status by the warehouse's latest
checks (a run whose blocking check failed publishes nothing, so only the warehouse knows), then
`reports.build.write_report` on the serving copy. The command line, the scheduled asset and the
tests call `write_report` here; the read side never opens the warehouse."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from core.duckdb_limits import connect as limited_connect
from quality.status import month_status
from reports.build import ReportFiles
from reports.build import write_report as write_from_serving_copy


def latest_status(warehouse: Path | None, period: str) -> dict | None:
    """The month's status from the warehouse's latest quality results, when it can be read: a
    run whose blocking check failed publishes nothing, so only the warehouse knows. None when
    there is no warehouse here or a run holds it."""
    if warehouse is None or not Path(warehouse).exists():
        return None
    try:
        con = limited_connect(warehouse, read_only=True)
    except duckdb.IOException:
        return None
    try:
        return month_status(con, period)
    except LookupError:
        return None
    finally:
        con.close()



def write_report(
    serving_copy: Path,
    period: str,
    out_dir: Path,
    final: bool = False,
    made_on: dt.date | None = None,
    warehouse: Path | None = None,
    draft_when_refused: bool = False,
) -> ReportFiles:
    """`reports.build.write_report`, with the warehouse's view of the month when it can be read."""
    return write_from_serving_copy(
        serving_copy, period, out_dir, final=final, made_on=made_on,
        warehouse_status=latest_status(warehouse, period),
        draft_when_refused=draft_when_refused,
    )  # fmt: skip
