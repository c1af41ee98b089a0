"""The information-system inventory of the demo and how it changes over the period.

Every system is a small timeline (added to the inventory, operating, maybe retired; dossier drafted,
submitted, appraised, approved, returned or rejected; plan implemented; the four protection layers;
independent checks; connection to the national monitoring centre and its sensor). A snapshot
export is the state of every timeline at the end of the export's day, so successive exports are
consistent: dossiers move forward, a few systems retire and new ones appear.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sources.systems import SOURCE as SYSTEMS

from . import names
from .agencies import Agency, AgencyTree
from .period import Period
from .profiles import Profile
from .rand import day_between, stream, weighted
from .scale import NATIONAL_LEVEL_COUNTS, ScaleConfig

# The export's columns, in the contract's order (the writer shuffles them per export).
COLUMNS: tuple[str, ...] = tuple(c.name for c in SYSTEMS.columns)


@dataclass(frozen=True)
class Flag:
    """A yes/no property that may flip once, on ``flips_on``."""

    initial: bool
    flips_on: date | None = None

    def at(self, d: date) -> bool:
        return self.initial != (self.flips_on is not None and d >= self.flips_on)


@dataclass(frozen=True)
class Sensor:
    """The national monitoring sensor that sends a connected system's heartbeats."""

    sensor_id: str
    interval_minutes: int
    phase_minutes: int
    active_from: date  # first Vietnamese day with heartbeats
    active_to: date | None  # last day (the system retired)
    outage: tuple[date, date] | None  # no heartbeats on these days (inclusive)


@dataclass
class System:
    system_id: str
    name: str
    owner_code: str
    top_code: str
    level: int
    approved_level: int
    added_on: date
    operating_from: date | None
    retired_on: date | None
    dossier: tuple[tuple[date, str], ...]  # (day, status) in time order
    decision_no: str
    plan: Flag
    onsite: Flag
    monitoring: Flag
    checks: tuple[date, ...]
    ncsc: Flag
    sensor: Sensor | None
    quality: float  # probability a requirement is met, for assessments

    def approved_on(self) -> date | None:
        return next((d for d, s in self.dossier if s == "approved"), None)

    def state_at(self, d: date) -> dict[str, object] | None:
        """The export row of this system at the end of day ``d`` (None: not in the inventory)."""
        if d < self.added_on:
            return None
        if self.retired_on is not None and d >= self.retired_on:
            operation = "retired"
        elif self.operating_from is not None and d >= self.operating_from:
            operation = "operating"
        else:
            operation = "building"
        status, submitted, approved = "draft", None, None
        for day, event in self.dossier:
            if day > d:
                break
            status = event
            if event == "submitted":
                submitted = day
            if event == "approved":
                approved = day
        is_approved = status == "approved"
        checks = [c for c in self.checks if c <= d]
        return {
            "system_id": self.system_id,
            "system_name": self.name,
            "owner_code": self.owner_code,
            "operation_status": operation,
            "proposed_level": self.level,
            "dossier_status": status,
            "submitted_on": submitted,
            "approved_on": approved if is_approved else None,
            "approved_level": self.approved_level if is_approved else None,
            "decision_no": self.decision_no if is_approved else None,
            "plan_implemented": self.plan.at(d),
            "layer_onsite": self.onsite.at(d),
            "layer_monitoring": self.monitoring.at(d),
            "last_independent_check_on": checks[-1] if checks else None,
            "ncsc_connected": self.ncsc.at(d),
        }


def level_quota(total: int, minimums: tuple[int, ...]) -> list[int]:
    """Systems per level 1..5 in the national mix (largest remainder), with per-level minimums."""
    weight = sum(NATIONAL_LEVEL_COUNTS)
    exact = [total * c / weight for c in NATIONAL_LEVEL_COUNTS]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(5), key=lambda i: (-(exact[i] - counts[i]), i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    for i, minimum in enumerate(minimums):
        missing = max(0, minimum - counts[i])
        counts[i] += missing
        counts[0] -= missing
    return counts


def _spread(total: int, weights: list[float]) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainder)."""
    s = sum(weights)
    exact = [total * w / s for w in weights]
    counts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - counts[i]), i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


class _Builder:
    def __init__(
        self,
        seed: int,
        scale: ScaleConfig,
        period: Period,
        tree: AgencyTree,
        profiles: dict[str, Profile],
    ) -> None:
        self.seed = seed
        self.scale = scale
        self.period = period
        self.tree = tree
        self.profiles = profiles
        self.sensor_ids: dict[str, str] = {}
        self.names_used: dict[str, set[str]] = {}

    # -- owners and levels -------------------------------------------------------------------

    def owners(self, rng: random.Random) -> list[tuple[Agency, bool]]:
        """(owner, added during the period) for every system, grouped by top-level unit."""
        start, new_unit = self.period.start, self.tree.by_code[self.tree.new_unit_code]
        tops = [a for a in self.tree.top_level() if a.valid_on(start)]
        n_new = round(self.scale.systems * self.scale.new_system_share)
        base_counts = _spread(self.scale.systems, [t.size for t in tops])
        new_counts = _spread(n_new, [t.size for t in tops])
        out: list[tuple[Agency, bool]] = []
        for top, n_base, n_added in zip(tops, base_counts, new_counts, strict=True):
            pool = [u for u in self.tree.units_of(top.code) if u.valid_on(start)]
            weights = [2.0 if u.is_top else (1.0 if u.depth == 1 else 0.4) for u in pool]
            # every unit of the pool first gets one system while there are enough
            firsts = pool[: min(len(pool), n_base)]
            rest = rng.choices(pool, weights=weights, k=n_base - len(firsts))
            chosen = firsts + rest
            chosen.sort(key=lambda u: pool.index(u))
            out.extend((u, False) for u in chosen)
            if top.code == new_unit.top_code:
                n_added = max(n_added, 3)
                out.extend((new_unit, True) for _ in range(3))
                n_added -= 3
            out.extend((u, True) for u in rng.choices(pool, weights=weights, k=n_added))
        return out

    def levels(self, rng: random.Random, owners: list[tuple[Agency, bool]]) -> list[int]:
        c1, c2, c3, c4, c5 = level_quota(len(owners), self.scale.min_level_counts)
        critical = [
            i
            for i, (u, new) in enumerate(owners)
            if self.tree.by_code[u.top_code].critical and not new
        ]
        rng.shuffle(critical)
        levels: dict[int, int] = {}
        for i, lvl in zip(critical, [5] * c5 + [4] * c4, strict=False):
            levels[i] = lvl
        rest = [1] * c1 + [2] * c2 + [3] * c3
        rng.shuffle(rest)
        others = [i for i in range(len(owners)) if i not in levels]
        for i, lvl in zip(others, rest, strict=True):
            levels[i] = lvl
        return [levels[i] for i in range(len(owners))]

    # -- one system --------------------------------------------------------------------------

    def name(self, rng: random.Random, owner: Agency, level: int) -> str:
        used = self.names_used.setdefault(owner.code, set())
        top = self.tree.by_code[owner.top_code]
        if not used and owner.depth < 2:
            template = names.PORTAL
        elif level >= 4:
            template = rng.choice(names.SYSTEM_CRITICAL)
        else:
            kind = "ministry" if top.kind not in ("province", "sector") else top.kind
            template = rng.choice(names.SYSTEM_COMMON + names.SYSTEM_BY_KIND[kind])
        base = template
        phase = 2
        while base in used:
            base = f"{template} (giai đoạn {phase})"
            phase += 1
        used.add(base)
        sep = " " if template == names.PORTAL else " - "
        return f"{base}{sep}{owner.name}"

    def sensor_id(self, owner: Agency) -> str:
        if owner.code not in self.sensor_ids:
            self.sensor_ids[owner.code] = f"SEN-{len(self.sensor_ids) + 1:05d}"
        return self.sensor_ids[owner.code]

    def build(self, system_id: str, owner: Agency, is_new: bool, level: int) -> System:
        rng = stream(self.seed, "system", system_id)
        p = self.profiles[owner.top_code]
        start, end = self.period.start, self.period.end
        top = self.tree.by_code[owner.top_code]

        if is_new:
            first = max(start + timedelta(days=3), owner.valid_from)
            added = day_between(rng, first, max(first, end - timedelta(days=3)))
        else:
            added = start - timedelta(days=rng.randint(45, 2400))

        # operation
        retired_on = None
        r = rng.random()
        if is_new:
            operating_from = added + timedelta(days=rng.randint(10, 90)) if r < 0.5 else None
        elif r < 0.05:  # still being built at the start
            operating_from = (
                day_between(rng, start, end + timedelta(days=60)) if r < 0.025 else None
            )
        else:
            operating_from = added + timedelta(days=rng.randint(0, 40))
            if r > 0.988:
                retired_on = day_between(
                    rng, start - timedelta(days=300), start - timedelta(days=1)
                )
                retired_on = max(retired_on, operating_from + timedelta(days=30))
            elif r > 0.97:
                retired_on = day_between(rng, start + timedelta(days=1), end)
        building_at_start = operating_from is None or operating_from > start

        # dossier
        if is_new:
            approve = rng.random() < 0.15
        elif building_at_start:
            approve = rng.random() < 0.3
        else:
            approve = rng.random() < (0.97 if level >= 4 else p.approval)
        dossier: list[tuple[date, str]] = [(added, "draft")]
        approved_on = None
        if approve:
            in_period = is_new or rng.random() < 0.09 or added > start - timedelta(days=60)
            if in_period:
                approved_on = day_between(rng, max(start, added + timedelta(days=20)), end)
            else:
                approved_on = day_between(
                    rng, added + timedelta(days=40), start - timedelta(days=1)
                )
            submitted = max(
                added + timedelta(days=1), approved_on - timedelta(rng.randint(20, 120))
            )
            if submitted >= approved_on:
                submitted = approved_on
            if rng.random() < 0.1 and (submitted - added).days > 30:
                first_try = day_between(rng, added + timedelta(days=1), submitted - timedelta(20))
                dossier.append((first_try, "submitted"))
                dossier.append((first_try + timedelta(days=rng.randint(5, 15)), "returned"))
            dossier.append((submitted, "submitted"))
            gap = (approved_on - submitted).days
            if gap >= 2:
                dossier.append(
                    (submitted + timedelta(days=rng.randint(1, gap // 2 + 1)), "appraising")
                )
            dossier.append((approved_on, "approved"))
        else:
            final = weighted(
                rng,
                {
                    "draft": 0.35,
                    "submitted": 0.2,
                    "appraising": 0.2,
                    "returned": 0.15,
                    "rejected": 0.1,
                },
            )
            if final != "draft":
                lo = max(added + timedelta(days=1), start - timedelta(days=120))
                submitted = day_between(rng, lo, max(lo, end))
                dossier.append((submitted, "submitted"))
                if final in ("appraising", "rejected"):
                    appraising = submitted + timedelta(days=rng.randint(3, 20))
                    dossier.append((appraising, "appraising"))
                    if final == "rejected":
                        dossier.append((appraising + timedelta(rng.randint(5, 20)), "rejected"))
                elif final == "returned":
                    dossier.append((submitted + timedelta(days=rng.randint(5, 25)), "returned"))

        approved_level = level
        if level in (2, 3) and rng.random() < 0.04:
            approved_level = level - 1
        issuer = "UBND" if top.kind == "province" else top.code
        decision_no = f"{rng.randint(100, 3999)}/QĐ-{issuer}"

        # security plan and the four layers
        if approved_on is not None and rng.random() < p.plan:
            if rng.random() < 0.2:
                plan = Flag(False, day_between(rng, max(start, approved_on), end))
            else:
                plan = Flag(True)
        else:
            plan = Flag(rng.random() < 0.08)
        onsite = Flag(rng.random() < p.onsite, self._flip(rng, 0.04))
        monitoring = Flag(rng.random() < p.monitoring, self._flip(rng, 0.06))
        checks: list[date] = []
        checked = p.checked * (0.7 if level == 1 else 1.0)
        if rng.random() < checked:
            last = max(added, start - timedelta(days=rng.randint(0, 400)))
            checks.append(last)
            if rng.random() < 0.5:
                again = last + timedelta(days=rng.randint(330, 400))
                if again <= end:
                    checks.append(again)
        elif rng.random() < 0.5:
            old = start - timedelta(days=rng.randint(400, 1500))
            if old >= added:
                checks.append(old)

        declared = rng.random() < p.ncsc + (0.2 if level >= 3 else 0.0)
        sensor = None
        if declared:
            if is_new or rng.random() < 0.12:
                connected_on = day_between(rng, max(start, added), end)
                ncsc = Flag(False, connected_on)
            else:
                connected_on = start - timedelta(days=1)
                ncsc = Flag(True)
            sensor = self._sensor(rng, owner, p, connected_on, retired_on)
        else:
            ncsc = Flag(False)

        quality = max(0.05, min(0.99, p.compliance + rng.gauss(0, 0.08)))
        return System(
            system_id=system_id,
            name=self.name(rng, owner, level),
            owner_code=owner.code,
            top_code=owner.top_code,
            level=level,
            approved_level=approved_level,
            added_on=added,
            operating_from=operating_from,
            retired_on=retired_on,
            dossier=tuple(dossier),
            decision_no=decision_no,
            plan=plan,
            onsite=onsite,
            monitoring=monitoring,
            checks=tuple(checks),
            ncsc=ncsc,
            sensor=sensor,
            quality=round(quality, 4),
        )

    def _flip(self, rng: random.Random, chance: float) -> date | None:
        if rng.random() < chance:
            return day_between(rng, self.period.start, self.period.end)
        return None

    def _sensor(
        self,
        rng: random.Random,
        owner: Agency,
        p: Profile,
        connected_on: date,
        retired_on: date | None,
    ) -> Sensor | None:
        interval = rng.choice(self.scale.heartbeat_minutes)
        phase = rng.randrange(interval)
        active_from, outage = connected_on, None
        if rng.random() >= p.sensor_ok:
            mode = weighted(rng, {"silent": 0.4, "outage": 0.4, "late": 0.2})
            if mode == "silent":  # declared connected, never heard of
                return None
            if mode == "late":
                active_from = connected_on + timedelta(days=rng.randint(10, 40))
            else:
                first = day_between(rng, self.period.start, self.period.end)
                outage = (first, first + timedelta(days=rng.randint(8, 35)))
        return Sensor(
            sensor_id=self.sensor_id(owner),
            interval_minutes=interval,
            phase_minutes=phase,
            active_from=active_from,
            active_to=retired_on,
            outage=outage,
        )


def build_inventory(
    seed: int, scale: ScaleConfig, period: Period, tree: AgencyTree, profiles: dict[str, Profile]
) -> list[System]:
    builder = _Builder(seed, scale, period, tree, profiles)
    rng = stream(seed, "inventory")
    owners = builder.owners(rng)
    levels = builder.levels(rng, owners)
    sequence: dict[str, int] = {}
    out = []
    # base systems first, then the ones added during the period (the platform lists by creation)
    order = [i for i, (_, new) in enumerate(owners) if not new]
    order += [i for i, (_, new) in enumerate(owners) if new]
    for i in order:
        owner, is_new = owners[i]
        sequence[owner.top_code] = sequence.get(owner.top_code, 0) + 1
        system_id = f"HT-{owner.top_code}-{sequence[owner.top_code]:04d}"
        out.append(builder.build(system_id, owner, is_new, levels[i]))
    return out
