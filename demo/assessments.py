"""Requirement assessment results of approved systems, as of a snapshot date.

Each (system, requirement) pair has fixed random draws, so results are stable between snapshots
and only move forward: a system's chance of meeting a requirement rises a little over the period,
and a result that improved carries the day it improved as ``assessed_on``. Some pairs have no
result (they count as not met), some are not applicable, and some recently approved systems have
not been assessed yet.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date, timedelta

from .period import Period
from .rand import stream
from .requirements import Requirement
from .systems import System

DRIFT = 0.12  # rise of the chance to meet a requirement over the whole period
PARTIAL_BAND = 0.45  # share of the not-met side that is partial


def _rank(u: float, q: float) -> int:
    """0 met, 1 partial, 2 not met for draw ``u`` and meeting chance ``q``."""
    if u < q:
        return 0
    if u < q + (1 - q) * PARTIAL_BAND:
        return 1
    return 2


def _crossing(u: float, q0: float, rank: int) -> float:
    """The period fraction from which the result is at least ``rank`` good."""
    q_needed = u if rank == 0 else (u - PARTIAL_BAND) / (1 - PARTIAL_BAND)
    return (q_needed - q0) / DRIFT


def assessment_rows(
    seed: int, period: Period, system: System, requirements: list[Requirement], on: date
) -> Iterator[tuple[str, str, str]]:
    """(requirement_code, result, assessed_on) of ``system`` in the export of day ``on``."""
    approved_on = system.approved_on()
    if approved_on is None or approved_on > on:
        return
    rng = stream(seed, "assessment", system.system_id)
    never = rng.random() < 0.02
    pending = rng.random() < 0.6 and (on - approved_on).days < 45
    date_draw = rng.random()
    draws = [(rng.random(), rng.random(), rng.random()) for _ in requirements]
    if never or pending:
        return
    # the latest yearly assessment round on or before ``on``
    years = max(0, (period.start - approved_on).days // 365)
    base = approved_on + timedelta(days=365 * years) - timedelta(days=int(date_draw * 30))
    while base > on:
        base -= timedelta(days=365)
    q0 = system.quality
    f_base = period.fraction(base) if base >= period.start else 0.0
    f_on = period.fraction(on) if on >= period.start else 0.0
    span = max(1, period.n_days - 1)
    for req, (u, u_na, u_missing) in zip(requirements, draws, strict=True):
        if req.min_level > system.approved_level or u_missing < 0.03:
            continue
        if u_na < 0.05:
            yield req.code, "not_applicable", base.isoformat()
            continue
        rank = _rank(u, q0 + DRIFT * f_on)
        assessed = base
        if rank < 2 and _rank(u, q0 + DRIFT * f_base) != rank:
            crossing = _crossing(u, q0, rank)
            day = period.start + timedelta(days=math.ceil(crossing * span))
            assessed = min(on, max(base, day))
        yield req.code, ("met", "partial", "not_met")[rank], assessed.isoformat()
