"""Writes the dossier platform's exports: systems snapshots (CSV and Excel) and assessments.

Systems snapshots are taken at every month end of the period, on one mid-month day and on the
last day of the period. Each CSV export shuffles its columns, writes booleans its own way
(``true``/``false`` in some case, or ``1``/``0``), some carry a UTF-8 BOM, some names come in NFD
and one export pads a few codes with spaces. The first snapshot (when there are several) comes
only as the Excel file. Assessment snapshots are taken every other month end, counting back from
the last one. The deliberate bad rows of these files go into the latest CSV exports.
"""

from __future__ import annotations

import random
import unicodedata
from datetime import date

from sources.assessments import SOURCE as ASSESSMENTS

from .assessments import assessment_rows
from .excel import systems_workbook_bytes
from .period import Period
from .rand import stream
from .requirements import Requirement
from .systems import COLUMNS, System
from .writer import LandingWriter

BOOLEAN_STYLES = (("true", "false"), ("1", "0"), ("True", "False"), ("TRUE", "FALSE"))
STALE_OWNER = "BKHDT"  # Bộ Kế hoạch và Đầu tư, merged into Bộ Tài chính in March 2025


def systems_dates(period: Period) -> list[date]:
    dates = set(period.month_ends())
    mid = period.mid_month()
    if mid is not None:
        dates.add(mid)
    dates.add(period.end)
    return sorted(dates)


def excel_date(period: Period) -> date:
    """The snapshot exported as Excel: the first month end, else the first snapshot."""
    ends = period.month_ends()
    return ends[0] if ends else systems_dates(period)[0]


def assessment_dates(period: Period) -> list[date]:
    ends = period.month_ends()
    return sorted(ends[::-1][::2]) if ends else [period.end]


def snapshot(systems: list[System], d: date) -> list[dict[str, object]]:
    return [row for row in (s.state_at(d) for s in systems) if row is not None]


def _text(value: object, style: tuple[str, str]) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return style[0] if value else style[1]
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _systems_csv(
    w: LandingWriter,
    seed: int,
    d: date,
    rows: list[dict[str, object]],
    padded: bool,
    bad: bool,
    index: int,
) -> None:
    rng = stream(seed, "systems-export", d)
    columns = list(COLUMNS)
    rng.shuffle(columns)
    # exports take turns: every kind of boolean spelling, with and without a BOM
    style = BOOLEAN_STYLES[(index + seed) % len(BOOLEAN_STYLES)]
    bom = (index + seed) % 2 == 0
    rel = f"dossiers/systems_{d:%Y%m%d}.csv"
    lines: list[list[str]] = []
    for row in rows:
        cells = {c: _text(row[c], style) for c in columns}
        if rng.random() < 0.04:
            cells["system_name"] = unicodedata.normalize("NFD", cells["system_name"])
        if padded and rng.random() < 0.03:
            cells["owner_code"] = f" {cells['owner_code']} "
        lines.append([cells[c] for c in columns])
    bad_rows: list[tuple[int, str, str]] = []
    if bad:
        lines, bad_rows = _with_bad_systems(rng, columns, style, rows, lines)
    w.write_csv(rel, columns, lines, bom=bom)
    for row_number, column, reason in bad_rows:
        w.summary.add_bad_row(rel, row_number, column, reason)


def _with_bad_systems(
    rng: random.Random,
    columns: list[str],
    style: tuple[str, str],
    rows: list[dict[str, object]],
    lines: list[list[str]],
) -> tuple[list[list[str]], list[tuple[int, str, str]]]:
    template = next(r for r in rows if r["dossier_status"] == "draft")
    stale = dict(
        template,
        system_id="HT-BKHDT-0007",
        owner_code=STALE_OWNER,
        system_name="Hệ thống thông tin đăng ký đầu tư - Bộ Kế hoạch và Đầu tư",
    )
    level7 = dict(
        template,
        system_id=f"{template['system_id']}-B",
        proposed_level=7,
        system_name=f"{template['system_name']} (bản thử nghiệm)",
    )
    out = list(lines)
    found: list[tuple[int, str, str]] = []
    for row, column, reason in (
        (stale, "owner_code", f"unknown owner code {STALE_OWNER} (a ministry merged away in 2025)"),
        (level7, "proposed_level", "proposed_level 7 is outside 1-5"),
    ):
        at = rng.randint(len(out) // 4, len(out))
        out.insert(at, [_text(row[c], style) for c in columns])
        found = [(n + 1 if n - 2 >= at else n, c, r) for n, c, r in found]
        found.append((at + 2, column, reason))
    return out, found


def write_systems(w: LandingWriter, seed: int, period: Period, systems: list[System]) -> None:
    dates = systems_dates(period)
    xlsx_day = excel_date(period)
    mid = period.mid_month()
    csv_days = [d for d in dates if not (d == xlsx_day and len(dates) > 1)]
    for d in dates:
        rows = snapshot(systems, d)
        if d == xlsx_day:
            data = systems_workbook_bytes(rows, d, stream(seed, "systems-xlsx", d))
            w.write_bytes(f"dossiers/systems_{d:%Y%m%d}.xlsx", data, len(rows))
        if d in csv_days:
            index = csv_days.index(d)
            _systems_csv(w, seed, d, rows, padded=d == mid, bad=d == csv_days[-1], index=index)


def write_assessments(
    w: LandingWriter,
    seed: int,
    period: Period,
    systems: list[System],
    requirements: list[Requirement],
) -> None:
    dates = assessment_dates(period)
    known = {r.code for r in requirements}
    for d in dates:
        rel = f"dossiers/assessments_{d:%Y%m%d}.csv"
        lines: list[tuple[str, str, str, str]] = []
        for s in systems:
            state = s.state_at(d)
            if state is None or state["dossier_status"] != "approved":
                continue
            for code, result, assessed in assessment_rows(seed, period, s, requirements, d):
                lines.append((s.system_id, code, result, assessed))
        if d == dates[-1] and lines:
            rng = stream(seed, "assessments-bad", d)
            at = rng.randint(len(lines) // 3, len(lines))
            system_id = lines[min(at, len(lines) - 1)][0]
            bad_code = "KT.9.99"
            assert bad_code not in known
            lines.insert(at, (system_id, bad_code, "met", d.isoformat()))
            w.summary.add_bad_row(
                rel, at + 2, "requirement_code", f"unknown requirement code {bad_code}"
            )
        header = tuple(c.name for c in ASSESSMENTS.columns)
        w.write_csv(rel, header, lines)
