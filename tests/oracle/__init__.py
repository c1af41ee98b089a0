"""An independent implementation ("oracle") of scoring methodology v1, straight from a landing
zone folder, to check the real pipeline against.

It is written from the specifications only (the landing-zone contract v1 with its v1.1 rules and
methodology v1, with the decisions of docs/landing-zone.md and docs/methodology.md) and shares no
code with the project's ingest, dbt models or orchestration.

    from tests.oracle import score_landing
    frame = score_landing(Path("data/landing"), ["2026-10"])
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .db import Db
from .dossiers import load_assessments, load_systems
from .feeds import load_feeds
from .indicators import INDICATORS, compute_indicators
from .landing import scan_landing
from .reference import load_agencies, load_allocations, load_domains, load_requirements
from .scoring import previous_month, score

COLUMNS = [
    "period", "unit_code", "unit_name", "peer_group", *INDICATORS, "composite", "coverage",
    "ranked", "rank", "grade", "rank_change",
]  # fmt: skip

__all__ = ["COLUMNS", "score_landing"]

_PERIOD = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def _months_between(first: str, last: str) -> list[str]:
    out, cur = [], first
    while cur <= last:
        out.append(cur)
        year, month = (int(x) for x in cur.split("-"))
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
        cur = f"{year:04d}-{month:02d}"
    return out


def _data_months(db: Db) -> list[str]:
    """Every month from the earliest to the latest month with dated data (Vietnamese dates)."""
    lo, hi = db.execute(
        """SELECT strftime(min(day), '%Y-%m'), strftime(max(day), '%Y-%m') FROM (
               SELECT day FROM dated
               UNION ALL SELECT snapshot_date FROM systems
               UNION ALL SELECT snapshot_date FROM assessments)
           WHERE day IS NOT NULL"""
    ).fetchone()
    return _months_between(lo, hi) if lo else []


def _empty() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="float64") for c in COLUMNS})
    for c in ("period", "unit_code", "unit_name", "peer_group", "grade"):
        frame[c] = frame[c].astype(object)
    frame["ranked"] = frame["ranked"].astype(bool)
    frame["rank"] = frame["rank"].astype("Int64")
    frame["rank_change"] = frame["rank_change"].astype("Int64")
    return frame


def score_landing(landing: Path, periods: list[str] | None = None) -> pd.DataFrame:
    """Scores of methodology v1 per (period, top-level unit) computed from a landing folder.

    `periods` are 'YYYY-MM' months; None means every month from the earliest to the latest month
    with dated data. The columns are `COLUMNS`, sorted by period, peer group and unit code.
    """
    if periods is not None:
        bad = [p for p in periods if not _PERIOD.fullmatch(str(p))]
        if bad:
            raise ValueError(f"periods must be YYYY-MM months: {bad}")
    files = scan_landing(Path(landing))
    with Db() as db:
        load_agencies(db, files)
        load_requirements(db, files)
        load_allocations(db, files)
        load_domains(db, files)
        load_systems(db, files)
        load_assessments(db, files)
        load_feeds(db, files)
        wanted = sorted(set(periods)) if periods is not None else _data_months(db)
        if not wanted:
            return _empty()
        # The month before each one is scored too, for rank_change.
        needed = sorted(set(wanted) | {previous_month(p) for p in wanted})
        indicators = compute_indicators(db, needed)
    if indicators.empty:
        return _empty()
    frame = score(indicators)
    frame = frame[frame["period"].isin(wanted)]
    if frame.empty:
        return _empty()
    frame = frame.sort_values(["period", "peer_group", "unit_code"]).reset_index(drop=True)
    return frame[COLUMNS]
