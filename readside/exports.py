"""CSV exports of the marts: scores (the methodology's Outputs section), compliance gaps, KPIs,
the change of each unit's composite explained by indicator, and each unit's path to the next
grade.

The scores CSV has the methodology's 17 columns first and in its order, then every other column
of the mart. Booleans are `true`/`false`, missing values empty, numbers unrounded (the shortest
text that reads back as the same number), so the same warehouse gives the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import TextIO

import duckdb

from core.duckdb_limits import connect as limited_connect
from core.methodology import indicators
from readside.i18n import SaidError

SCORE_COLUMNS = (
    "period", "unit_code", "unit_name", "peer_group", *indicators(), "composite", "coverage",
    "ranked", "rank", "grade", "rank_change",
)  # fmt: skip

EXPORTS = {
    "scores": (
        "marts.fct_unit_month_scores",
        SCORE_COLUMNS,
        "period, CASE peer_group WHEN 'ministry' THEN 1 WHEN 'province' THEN 2 ELSE 3 END, "
        "ranked DESC, rank, unit_code",
    ),
    "gaps": (
        "marts.fct_compliance_gaps",
        ("period", "top_level_code", "agency_code", "system_id", "obligation"),
        "period, top_level_code, agency_code, system_id NULLS LAST, obligation, "
        "requirement_code NULLS FIRST, warning_id NULLS FIRST",
    ),
    "kpis": ("marts.fct_national_kpis", ("period",), "period"),
    # one row per unit and indicator, in the methodology's order of indicators
    "changes": (
        "marts.fct_score_contributions",
        ("period", "unit_code", "indicator", "previous_value", "value", "contribution"),
        "period, unit_code, indicator_order",
    ),
    # the path to the next grade: steps numbered from 1 in the order taken
    "plan": (
        "marts.fct_grade_plans",
        (
            "period",
            "unit_code",
            "step",
            "action",
            "indicator",
            "system_id",
            "item",
            "gain",
            "projected_composite",
            "projected_grade",
        ),
        "period, unit_code, step",
    ),
}


BATCH_ROWS = 10_000


class ExportError(SaidError):
    """The export cannot be made; the message says why."""


def cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def write_export_csv(
    warehouse: Path, what: str, periods: list[str] | None, out: TextIO
) -> int:
    """Write one export's CSV to `out`, for the given months (all months when none), a batch of
    rows at a time; returns the rows written. Nothing is written when the export cannot be made.
    (All months of compliance gaps were read and held whole: 0.8 GB for four national months,
    growing with the history kept.)"""
    table, first, order = EXPORTS[what]
    if not warehouse.exists():
        raise ExportError(f"chưa có kho dữ liệu tại {warehouse}: hãy chạy `attt run` trước",
                          f"no warehouse at {warehouse}: run `attt run` first")
    con = limited_connect(warehouse, read_only=True)
    try:
        try:
            columns = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
        except duckdb.CatalogException as exc:
            raise ExportError(f"bảng {table} chưa được dựng: hãy chạy `attt run` trước",
                              f"{table} is not built yet: run `attt run` first") from exc
        if periods:
            known = {r[0] for r in con.execute(f"SELECT DISTINCT period FROM {table}").fetchall()}
            missing = [p for p in periods if p not in known]
            if missing:
                asked, kept = ", ".join(missing), ", ".join(sorted(known))
                raise ExportError(
                    f"bảng {table} không có dữ liệu tháng {asked}; các tháng hiện có: "
                    + (kept or "không có"),
                    f"no data for {asked} in {table}; months available: " + (kept or "none"),
                )
        ordered = list(first) + [c for c in columns if c not in first]
        select = ", ".join(f'"{c}"' for c in ordered)
        where = "WHERE period IN (SELECT unnest(?))" if periods else ""
        result = con.execute(
            f"SELECT {select} FROM {table} {where} ORDER BY {order}",
            [periods] if periods else [],
        )
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(ordered)
        written = 0
        while batch := result.fetchmany(BATCH_ROWS):
            writer.writerows([cell(v) for v in row] for row in batch)
            written += len(batch)
        return written
    finally:
        con.close()


def export_csv(warehouse: Path, what: str, periods: list[str] | None = None) -> str:
    """The CSV text of one export, for the given months (all months when none)."""
    out = io.StringIO()
    write_export_csv(warehouse, what, periods, out)
    return out.getvalue()
