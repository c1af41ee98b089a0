"""The national headline figures shown by the overview page and the report's summary, computed
from a row of `marts.fct_national_kpis` in one place."""

from __future__ import annotations

import pandas as pd

# (key, label key in readside.i18n, kind: count or share, a rise is good)
HEADLINES = (
    ("operating_systems", "kpi_operating", "count", True),
    ("approved_systems", "kpi_approved", "count", True),
    ("approval_rate", "kpi_approval_rate", "share", True),
    ("plan_rate", "kpi_plan_rate", "share", True),
    ("infected_state", "kpi_infected_state", "count", False),
    ("on_time_share", "kpi_on_time", "share", True),
    ("passing_share", "kpi_domains_passing", "share", True),
)


def value(row: pd.Series | None, key: str) -> float | None:
    """A headline figure of a month's KPI row (None without the row or a denominator)."""
    if row is None:
        return None
    if key == "infected_state":
        return row["infected_ipv4_state_blocks"] + row["infected_ipv6_state_blocks"]
    if key == "on_time_share":
        return row["on_time_warnings"] / row["due_warnings"] if row["due_warnings"] else None
    if key == "passing_share":
        measured = row["measured_domains"]
        return row["passing_domains"] / measured if measured else None
    return row[key]


def change(now: pd.Series, before: pd.Series | None, key: str) -> float | None:
    current, previous = value(now, key), value(before, key)
    if current is None or previous is None or pd.isna(current) or pd.isna(previous):
        return None
    return current - previous
