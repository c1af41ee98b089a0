"""Who holds which address block and which web domain (reference/ip_allocations.csv, domains.csv).

State address blocks come from a few /16s that the botnet background never draws from (so the
infections attributed to units are exactly the ones the demo plants there). Each top-level unit
holds a /24 (a /23 or /22 for large ones at national scale) with /27 sub-blocks for some of its
sub-units and a /28 for some second-level units; a few units also hold IPv6 /48s. One block
expires in the middle of the period and passes to another unit, and the block of the province
merged away in 2025 passes to its successor.
"""

from __future__ import annotations

import ipaddress
import random
from dataclasses import dataclass
from datetime import date, timedelta

from .agencies import BASE_VALID_FROM, MERGER_DAY, Agency, AgencyTree
from .names import PORTAL
from .period import Period
from .rand import stream
from .scale import ScaleConfig
from .systems import System
from .text import initials

STATE_POOLS = ("203.113.0.0/16", "203.162.0.0/16", "203.119.0.0/16")
IPV6_POOLS = ("2001:ee0::/32", "2402:800::/32")
HOSTING_BLOCKS = ("103.9.76.0/22", "103.27.236.0/22", "103.57.220.0/22", "123.30.128.0/20")
EXTRA_HOSTS = ("dichvucong", "vanban", "egov", "thongke", "english", "csdl", "hoidap", "tintuc")
SECTOR_EXTRA_HOSTS = ("english", "tuyendung", "cskh", "portal", "tintuc", "khachhang", "ir")


@dataclass(frozen=True)
class Allocation:
    cidr: str
    agency_code: str
    valid_from: date
    valid_to: date | None
    top_code: str

    @property
    def network(self) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
        return ipaddress.ip_network(self.cidr)

    def valid_on(self, d: date) -> bool:
        return self.valid_from <= d and (self.valid_to is None or d <= self.valid_to)


@dataclass(frozen=True)
class Domain:
    domain: str
    agency_code: str
    system_id: str | None
    top_code: str
    ip: str  # where the site is hosted (for the scans)


class _Pool:
    """Hands out aligned IPv4 blocks from shuffled /22 slots of the state pools."""

    def __init__(self, rng: random.Random) -> None:
        slots = [s for p in STATE_POOLS for s in ipaddress.ip_network(p).subnets(new_prefix=22)]
        rng.shuffle(slots)
        self.slots = slots
        self.current: list[ipaddress.IPv4Network] = []

    def take(self, prefix: int) -> ipaddress.IPv4Network:
        if prefix == 22:
            return self.slots.pop()
        if not self.current:
            self.current = list(self.slots.pop().subnets(new_prefix=24))
        if prefix == 23:
            if len(self.current) % 2:
                self.current.pop(0)
            if not self.current:
                return self.take(23)
            first = self.current.pop(0)
            self.current.pop(0)
            return first.supernet(new_prefix=23)
        return self.current.pop(0)


def build_allocations(
    seed: int, scale: ScaleConfig, period: Period, tree: AgencyTree
) -> list[Allocation]:
    rng = stream(seed, "allocations")
    pool = _Pool(rng)
    tops = [a for a in tree.top_level() if a.code != tree.merged_code]

    def prefix_for(top: Agency) -> int:
        if scale.name == "small":
            return 24
        return 22 if top.size >= 1.8 else (23 if top.size >= 1.1 else 24)

    # big blocks first so that /23s stay aligned inside their /22 slot
    order = sorted(tops, key=lambda t: prefix_for(t))
    blocks = {t.code: pool.take(prefix_for(t)) for t in order}
    out: list[Allocation] = []
    for top in tops:
        block = blocks[top.code]
        out.append(Allocation(str(block), top.code, BASE_VALID_FROM, None, top.code))
        sub_blocks = list(block.subnets(new_prefix=27))[1:]
        for unit in tree.units_of(top.code):
            if unit.is_top or unit.depth != 1 or not sub_blocks:
                continue
            is_new = unit.code == tree.new_unit_code
            if not is_new and rng.random() >= scale.unit_allocation_share:
                continue
            sub = sub_blocks.pop(0)
            out.append(Allocation(str(sub), unit.code, unit.valid_from, None, top.code))
            for child in tree.children(unit.code):
                if rng.random() < 0.5:
                    nested = list(sub.subnets(new_prefix=28))[1]
                    out.append(Allocation(str(nested), child.code, BASE_VALID_FROM, None, top.code))
                    break

    # one block expires mid-period and passes to another top-level unit
    moved = pool.take(24)
    giver, taker = rng.sample([t for t in tops if t.kind != "province"], 2)
    expiry = period.midpoint() - timedelta(days=7)
    out.append(Allocation(str(moved), giver.code, BASE_VALID_FROM, expiry, giver.code))
    out.append(Allocation(str(moved), taker.code, expiry + timedelta(days=1), None, taker.code))

    # the merged province's block went to its successor on the day of the merger
    merged = tree.by_code[tree.merged_code]
    successor = tree.by_code[merged.successor_code]
    old = pool.take(24)
    out.append(Allocation(str(old), merged.code, BASE_VALID_FROM, merged.valid_to, merged.code))
    out.append(Allocation(str(old), successor.code, MERGER_DAY, None, successor.code))

    # a few IPv6 blocks
    v6_owners = rng.sample(tops, 6)
    used: set[int] = set()
    for i, owner in enumerate(v6_owners):
        base = ipaddress.ip_network(IPV6_POOLS[i % 2])
        k = rng.randrange(0x100, 0xFFFF)
        while k in used:
            k = rng.randrange(0x100, 0xFFFF)
        used.add(k)
        net = ipaddress.ip_network((int(base.network_address) + (k << 80), 48))
        out.append(Allocation(str(net), owner.code, BASE_VALID_FROM, None, owner.code))
    return out


def host_in(rng: random.Random, cidr: str) -> str:
    net = ipaddress.ip_network(cidr)
    if net.version == 6:
        return str(net.network_address + rng.randrange(1, 1 << 16))
    span = net.num_addresses
    return str(net.network_address + rng.randrange(1, span - 1))


def build_domains(
    seed: int,
    scale: ScaleConfig,
    tree: AgencyTree,
    systems: list[System],
    allocations: list[Allocation],
) -> list[Domain]:
    rng = stream(seed, "domains")
    portal_of: dict[str, str] = {}
    for s in systems:
        if s.name.startswith(PORTAL) and s.owner_code not in portal_of:
            portal_of[s.owner_code] = s.system_id
    block_of: dict[str, str] = {}
    for a in allocations:
        if a.valid_to is None and ":" not in a.cidr and a.agency_code not in block_of:
            block_of[a.agency_code] = a.cidr

    taken: set[str] = set()
    out: list[Domain] = []

    def add(host: str, unit: Agency, system_id: str | None) -> None:
        name, n = host, 2
        while name in taken:
            first, rest = host.split(".", 1)
            name, n = f"{first}{n}.{rest}", n + 1
        taken.add(name)
        cidr = block_of.get(unit.code) or block_of.get(unit.top_code)
        if cidr and rng.random() < 0.7:
            ip = host_in(rng, cidr)
        else:
            ip = host_in(rng, rng.choice(HOSTING_BLOCKS))
        out.append(Domain(name, unit.code, system_id, unit.top_code, ip))

    for top in tree.top_level():
        if top.code == tree.merged_code:
            continue
        add(top.domain, top, portal_of.get(top.code))
        extras = SECTOR_EXTRA_HOSTS if top.kind == "sector" else EXTRA_HOSTS
        for host in rng.sample(extras, scale.extra_domains):
            add(f"{host}.{top.domain}", top, None)
        for unit in tree.units_of(top.code):
            if unit.is_top:
                continue
            share = scale.unit_domain_share / (1 if unit.depth == 1 else 3)
            if unit.code != tree.new_unit_code and rng.random() >= share:
                continue
            system_id = portal_of.get(unit.code) if rng.random() < 0.8 else None
            add(f"{initials(unit.short)}.{top.domain}", unit, system_id)
    return out
