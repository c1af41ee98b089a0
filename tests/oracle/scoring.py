"""Composite, coverage, rank, grade and rank change of methodology v1 (weights of version 1.0)."""

from __future__ import annotations

import math

import pandas as pd

from .indicators import INDICATORS

WEIGHTS = {
    "approval_coverage": 25,
    "plan_implementation": 10,
    "requirement_compliance": 20,
    "four_layer": 15,
    "botnet_hygiene": 10,
    "warning_remediation": 10,
    "web_security": 10,
}
RANKED_FROM = 60  # coverage >= 0.6, in weight points out of 100
GRADES = ((90, "A"), (75, "B"), (60, "C"), (40, "D"))


def _grade(rounded: float) -> str:
    for floor, letter in GRADES:
        if rounded >= floor:
            return letter
    return "E"


def _composite(row) -> tuple[float, float, bool]:
    total = sum(WEIGHTS.values())
    carried = [(WEIGHTS[k], row[k]) for k in INDICATORS if not math.isnan(row[k])]
    weight = sum(w for w, _ in carried)
    composite = sum(w * v for w, v in carried) / weight if weight else math.nan
    return composite, weight / total, weight >= RANKED_FROM


def score(indicators: pd.DataFrame) -> pd.DataFrame:
    """Add composite, coverage, ranked, rank, grade and rank_change to the indicator rows.

    rank_change is only filled for a month whose previous month is among the rows."""
    frame = indicators.copy()
    parts = [_composite(row) for _, row in frame.iterrows()]
    frame["composite"] = [p[0] for p in parts]
    frame["coverage"] = [p[1] for p in parts]
    frame["ranked"] = [p[2] for p in parts]
    # Round half to even on the composite's exact value (Python's round), then rank 1, 2, 2, 4.
    rounded = pd.Series(
        [round(c, 2) if not math.isnan(c) else math.nan for c in frame["composite"]],
        index=frame.index,
    )
    ranks = pd.Series(pd.NA, index=frame.index, dtype="Int64")
    ranked = frame[frame["ranked"]]
    for _, group in ranked.groupby(["period", "peer_group"]):
        values = rounded[group.index]
        for idx in group.index:
            ranks[idx] = int((values > rounded[idx]).sum()) + 1
    frame["rank"] = ranks
    frame["grade"] = [_grade(rounded[i]) if frame.at[i, "ranked"] else None for i in frame.index]
    frame["grade"] = frame["grade"].astype(object)
    previous = {
        (p, u): r
        for p, u, r in zip(frame["period"], frame["unit_code"], frame["rank"], strict=True)
        if r is not pd.NA
    }
    change = pd.Series(pd.NA, index=frame.index, dtype="Int64")
    for i in frame.index:
        before = previous.get((_previous_month(frame.at[i, "period"]), frame.at[i, "unit_code"]))
        if before is not None and frame.at[i, "rank"] is not pd.NA:
            change[i] = int(before) - int(frame.at[i, "rank"])
    frame["rank_change"] = change
    return frame


def _previous_month(period: str) -> str:
    year, month = (int(x) for x in period.split("-"))
    year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return f"{year:04d}-{month:02d}"


previous_month = _previous_month
