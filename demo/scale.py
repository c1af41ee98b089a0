"""Size parameters of the two demo scales: ``small`` (seconds, for tests) and ``national``.

The national figures follow the mid-2024 national picture: about 8,500 information systems in the
inventory with the level mix of the 7,206 then classified (3,309 level 1, 2,914 level 2, 955
level 3, 23 level 4, 5 level 5), an approval rate near 85% of operating systems, and about
470,000 distinct botnet-infected addresses a day nationwide.
"""

from __future__ import annotations

from dataclasses import dataclass

# Mid-2024 count of classified systems by level (1..5).
NATIONAL_LEVEL_COUNTS: tuple[int, ...] = (3309, 2914, 955, 23, 5)


@dataclass(frozen=True)
class ScaleConfig:
    name: str
    systems: int  # systems in the inventory before the period starts
    new_system_share: float  # systems added during the period, as a share of ``systems``
    min_level_counts: tuple[int, ...]  # at least this many systems of each level (1..5)
    ministry_units: int  # sub-units per ministry-level unit
    province_units: int  # departments per province
    sector_units: int  # sub-units per sector
    nested_share: float  # share of sub-units that get a second-level unit
    botnet_hosts_per_day: int  # distinct infected hosts a day outside state blocks
    botnet_repeat_share: float  # extra sightings of the same host, as a share of hosts
    botnet_ipv6_per_day: int
    heartbeat_minutes: tuple[int, ...]  # heartbeat intervals sensors pick from
    warnings_per_day: float
    extra_domains: int  # extra domains per top-level unit besides its main one
    unit_domain_share: float  # share of sub-units with a domain of their own
    unit_allocation_share: float  # share of sub-units with an address block of their own
    gzip_share: float  # share of sinkhole reports delivered gzip-compressed


SCALES: dict[str, ScaleConfig] = {
    "small": ScaleConfig(
        name="small",
        systems=290,
        new_system_share=0.04,
        min_level_counts=(0, 0, 0, 2, 1),
        ministry_units=2,
        province_units=2,
        sector_units=2,
        nested_share=0.2,
        botnet_hosts_per_day=240,
        botnet_repeat_share=0.2,
        botnet_ipv6_per_day=2,
        heartbeat_minutes=(360, 480, 720),
        warnings_per_day=4.0,
        extra_domains=1,
        unit_domain_share=0.15,
        unit_allocation_share=0.6,
        gzip_share=0.3,
    ),
    "national": ScaleConfig(
        name="national",
        systems=8250,
        new_system_share=0.03,
        min_level_counts=(0, 0, 0, 0, 0),
        ministry_units=10,
        province_units=16,
        sector_units=6,
        nested_share=0.35,
        botnet_hosts_per_day=470_000,
        botnet_repeat_share=0.25,
        botnet_ipv6_per_day=40,
        heartbeat_minutes=(60, 60, 60, 120, 240),
        warnings_per_day=45.0,
        extra_domains=4,
        unit_domain_share=0.55,
        unit_allocation_share=0.6,
        gzip_share=0.5,
    ),
}


def get_scale(name: str) -> ScaleConfig:
    try:
        return SCALES[name]
    except KeyError:
        raise ValueError(f"unknown scale {name!r}; choose one of {sorted(SCALES)}") from None
