"""Vulnerability-warning lifecycle events (feeds/warnings/warnings_YYYYMMDD.jsonl).

Warnings are issued on working days to units (a CVE, a severity and a deadline that follows the
severity, sometimes naming a system of the unit); units remediate them on time, late or never, as
their profile says; some remediations are reopened, some warnings withdrawn. Each event is
delivered in the file of its Vietnamese day, except that some arrive a few days late (so files
are out of order) and some arrive twice. ``at`` is ISO 8601 with ``+07:00``. Events after the
period's last day have not happened yet and are not written.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from .agencies import Agency, AgencyTree
from .period import VN_TZ, Period
from .profiles import Profile
from .rand import day_between, stream, weighted
from .scale import ScaleConfig
from .systems import System
from .writer import LandingWriter

SEVERITY_WEIGHTS = {"critical": 0.15, "high": 0.35, "medium": 0.35, "low": 0.15}
DEADLINE_DAYS = {"critical": (3, 7), "high": (7, 15), "medium": (15, 30), "low": (30, 45)}


@dataclass(frozen=True)
class Event:
    warning_id: str
    event: str
    at: datetime  # aware, Vietnam time
    fields: tuple[tuple[str, str], ...] = ()

    def line(self) -> str:
        obj = {"warning_id": self.warning_id, "event": self.event, "at": self.at.isoformat()}
        obj.update(self.fields)
        return json.dumps(obj, ensure_ascii=False)


def _at(d: date, hour: int, minute: int) -> datetime:
    return datetime.combine(d, time(hour, minute), tzinfo=VN_TZ)


def _poisson(rng: random.Random, mean: float) -> int:
    count, t = 0, rng.expovariate(1.0)
    while t < mean:
        count += 1
        t += rng.expovariate(1.0)
    return count


def build_events(
    seed: int,
    scale: ScaleConfig,
    period: Period,
    tree: AgencyTree,
    systems: list[System],
    profiles: dict[str, Profile],
) -> list[Event]:
    rng = stream(seed, "warnings")
    tops = [a for a in tree.top_level() if a.valid_on(period.start)]
    systems_of: dict[str, list[System]] = {}
    for s in systems:
        systems_of.setdefault(s.owner_code, []).append(s)
    events: list[Event] = []
    sequence: dict[int, int] = {}
    for day in period.days():
        mean = scale.warnings_per_day * (0.25 if day.weekday() >= 5 else 1.0)
        for _ in range(_poisson(rng, mean)):
            valid = [t for t in tops if t.valid_on(day)]
            top = rng.choices(valid, weights=[t.size for t in valid], k=1)[0]
            units = [u for u in tree.units_of(top.code) if u.valid_on(day)]
            unit: Agency = top if rng.random() < 0.4 else rng.choice(units)
            sequence[day.year] = sequence.get(day.year, 0) + 1
            warning_id = f"CB-{day.year}-{sequence[day.year]:05d}"
            events.extend(_lifecycle(rng, warning_id, day, unit, systems_of, profiles[top.code]))
    return [e for e in events if e.at.date() <= period.end]


def _lifecycle(
    rng: random.Random,
    warning_id: str,
    day: date,
    unit: Agency,
    systems_of: dict[str, list[System]],
    profile: Profile,
) -> list[Event]:
    severity = weighted(rng, SEVERITY_WEIGHTS)
    lo, hi = DEADLINE_DAYS[severity]
    deadline = day + timedelta(days=rng.randint(lo, hi))
    year = min(day.year, rng.choice((2019, 2021, 2022, 2023, 2024, 2025, 2025, 2026, 2026)))
    fields = [("agency_code", unit.code)]
    candidates = [
        s
        for s in systems_of.get(unit.code, [])
        if (st := s.state_at(day)) is not None and st["operation_status"] != "retired"
    ]
    if candidates and rng.random() < 0.6:
        fields.append(("system_id", rng.choice(candidates).system_id))
    fields += [
        ("cve", f"CVE-{year}-{rng.randint(1000, 59999):04d}"),
        ("severity", severity),
        ("deadline", deadline.isoformat()),
    ]
    issued = _at(day, rng.randint(8, 16), rng.choice((0, 15, 30, 45)))
    out = [Event(warning_id, "issued", issued, tuple(fields))]
    if rng.random() < 0.03:
        gone = day + timedelta(days=rng.randint(1, 10))
        out.append(Event(warning_id, "withdrawn", _at(gone, 10, 0)))
        return out
    r = rng.random()
    if r < profile.diligence:
        done = day_between(rng, day + timedelta(days=1), deadline)
        # some fix it in the last minutes of the deadline day
        fixed = _at(done, 23, 50) if rng.random() < 0.1 else _at(done, rng.randint(8, 21), 0)
    elif r < profile.diligence + (1 - profile.diligence) * 0.65:
        fixed = _at(deadline + timedelta(days=rng.randint(1, 20)), rng.randint(8, 18), 0)
    else:
        return out
    out.append(Event(warning_id, "remediated", fixed))
    if rng.random() < 0.07:
        reopened = fixed + timedelta(days=rng.randint(2, 15), hours=rng.randint(0, 5))
        out.append(Event(warning_id, "reopened", reopened))
        if rng.random() < 0.6:
            again = reopened + timedelta(days=rng.randint(2, 12))
            out.append(Event(warning_id, "remediated", again))
    return out


def plan_warning_files(
    seed: int,
    scale: ScaleConfig,
    period: Period,
    tree: AgencyTree,
    systems: list[System],
    profiles: dict[str, Profile],
) -> dict[date, list[str]]:
    """The lines of each day's file (days without events have no file)."""
    events = build_events(seed, scale, period, tree, systems, profiles)
    rng = stream(seed, "warnings-delivery")
    files: dict[date, list[str]] = {d: [] for d in period.days()}
    for e in events:
        day = e.at.date()
        if rng.random() < 0.05:
            day += timedelta(days=rng.randint(1, 6))  # arrives late, after later events
        copies = [day]
        if rng.random() < 0.03:
            copies.append(day + timedelta(days=rng.randint(0, 3)))  # the same event again
        for d in copies:
            if d in files:
                files[d].append(e.line())
    for day, lines in files.items():
        stream(seed, "warnings-file", day).shuffle(lines)
    return {d: lines for d, lines in files.items() if lines}


def write_warnings(
    w: LandingWriter, seed: int, period: Period, files: dict[date, list[str]]
) -> None:
    bad_day = period.start + timedelta(days=int(period.n_days * 0.7))
    if bad_day not in files:
        bad_day = max(files)
    for day, lines in files.items():
        rel = f"feeds/warnings/warnings_{day:%Y%m%d}.jsonl"
        lines = list(lines)
        if day == bad_day:
            _add_bad_lines(w, stream(seed, "warnings-bad", day), rel, day, lines)
        w.write_lines(rel, lines)


def _add_bad_lines(
    w: LandingWriter, rng: random.Random, rel: str, day: date, lines: list[str]
) -> None:
    truncated = json.dumps(
        {
            "warning_id": f"CB-{day.year}-90001",
            "event": "remediated",
            "at": _at(day, 14, 0).isoformat(),
        }
    )[:-20]
    at = rng.randint(0, len(lines))
    lines.insert(at, truncated)
    row_truncated = at + 1
    urgent = Event(
        f"CB-{day.year}-90002",
        "issued",
        _at(day, 9, 0),
        (
            ("agency_code", "BYT"),
            ("cve", "CVE-2025-24813"),
            ("severity", "urgent"),
            ("deadline", (day + timedelta(days=7)).isoformat()),
        ),
    )
    at2 = rng.randint(0, len(lines))
    lines.insert(at2, urgent.line())
    if at2 <= row_truncated - 1:
        row_truncated += 1
    w.summary.add_bad_row(rel, row_truncated, None, "not JSON (a line cut short)")
    w.summary.add_bad_row(rel, at2 + 1, "severity", "severity 'urgent' is not one of the enum")
