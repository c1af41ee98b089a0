"""Botnet infections inside the state address blocks, day by day (a small, planted share).

Each address block of a top-level unit suffers infection episodes at a rate set by the unit's
profile: an infected address that the sinkholes see on most days of the episode, a few times a
day. Episodes run across month ends, blocks that changed hands are infected before and after the
change, and a few IPv6 observations are added, inside and outside the IPv6 allocations.
"""

from __future__ import annotations

import ipaddress
import random
from dataclasses import dataclass
from datetime import date, timedelta

from .network import Allocation
from .period import Period
from .profiles import Profile
from .rand import stream

FAMILIES = ("mirai", "gamut", "andromeda", "conficker", "sality", "necurs", "ramnit", "qsnatch")
IPV6_OUTSIDE = ("2402:800::/32", "2001:ee0::/32", "2405:4800::/32", "2001:df0:8::/48")


@dataclass(frozen=True)
class Observation:
    day: date  # the UTC day of the sighting (the report's day)
    second: int  # seconds after 00:00 UTC
    ip: str
    family: int  # index into FAMILIES
    port: int


def _poisson(rng: random.Random, mean: float) -> int:
    count, t = 0, rng.expovariate(1.0)
    while t < mean:
        count += 1
        t += rng.expovariate(1.0)
    return count


def state_observations(
    seed: int,
    period: Period,
    allocations: list[Allocation],
    profiles: dict[str, Profile],
    ipv6_per_day: int,
) -> dict[date, list[Observation]]:
    rng = stream(seed, "infections")
    by_day: dict[date, list[Observation]] = {d: [] for d in period.days()}
    roots: dict[str, Allocation] = {}
    for a in allocations:
        net = a.network
        if net.version != 4:
            continue
        inside_other = any(
            b.top_code == a.top_code
            and b.cidr != a.cidr
            and b.network.version == 4
            and net.subnet_of(b.network)  # type: ignore[arg-type]  # both IPv4 here
            for b in allocations
        )
        if not inside_other and a.cidr not in roots:
            roots[a.cidr] = a
    for cidr, alloc in roots.items():
        profile = profiles.get(alloc.top_code)
        if profile is None:
            continue
        net = ipaddress.ip_network(cidr)
        mean = profile.dirtiness * (net.num_addresses / 256) * period.n_days / 30
        for _ in range(_poisson(rng, mean)):
            ip = str(net.network_address + rng.randrange(1, net.num_addresses - 1))
            first = rng.randint(-10, period.n_days - 1)
            length = 1 + min(40, int(rng.expovariate(1 / 6)))
            family = rng.randrange(len(FAMILIES))
            port = rng.randint(1024, 65535)
            for offset in range(first, first + length):
                day = period.start + timedelta(days=offset)
                if day not in by_day or rng.random() >= 0.75:
                    continue
                for _ in range(rng.randint(1, 3)):
                    by_day[day].append(Observation(day, rng.randrange(86400), ip, family, port))
    v6_blocks = [a.cidr for a in allocations if a.network.version == 6]
    for day in period.days():
        for k in range(ipv6_per_day):
            outside = k % 2 == 1 or not v6_blocks
            net = ipaddress.ip_network(rng.choice(IPV6_OUTSIDE if outside else v6_blocks))
            host = net.network_address + rng.randrange(1, 1 << 40)
            family = rng.randrange(len(FAMILIES))
            obs = Observation(
                day, rng.randrange(86400), str(host), family, rng.randint(1024, 65535)
            )
            by_day[day].append(obs)
    for day in by_day:
        by_day[day].sort(key=lambda o: (o.second, o.ip))
    return by_day
