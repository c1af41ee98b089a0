"""The unit tree of the demo: ministries, agencies, the 34 provinces, sectors and their sub-units.

Provinces and centrally-run cities are read from the `vietnam-provinces` package (the official
list of Decision 19/2025/QĐ-TTg), never typed by hand. One province merged away before
2025-07-01 (Hòa Bình, into Phú Thọ) is kept with ``valid_to`` and ``successor_code``, and one unit
is created in the middle of the period.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from vietnam_provinces import Province

from . import names
from .period import Period
from .rand import stream
from .scale import ScaleConfig

BASE_VALID_FROM = date(2020, 1, 1)
MERGER_DAY = date(2025, 7, 1)  # the 34 provinces and cities took effect on this day

# Agency codes for provinces are short initials of the package's codename (ha_noi -> HN); these
# four would collide with another province's initials.
PROVINCE_CODE_OVERRIDES = {
    "lai_chau": "LCH",
    "tay_ninh": "TNI",
    "dong_nai": "DNA",
    "quang_ngai": "QNG",
}


@dataclass
class Agency:
    code: str
    name: str
    kind: str
    parent_code: str = ""
    province_code: str = ""
    valid_from: date = BASE_VALID_FROM
    valid_to: date | None = None
    successor_code: str = ""
    top_code: str = ""
    depth: int = 0
    domain: str = ""  # main web domain of a top-level unit
    size: float = 1.0  # relative number of systems (top-level units)
    critical: bool = False
    nfd: bool = False  # exported in Unicode NFD, as some platform exports are
    short: str = ""  # the sub-unit's own name, without its parent's ("Sở Y tế")

    @property
    def is_top(self) -> bool:
        return self.kind != "unit"

    def valid_on(self, d: date) -> bool:
        return self.valid_from <= d and (self.valid_to is None or d <= self.valid_to)

    def exported_name(self) -> str:
        return unicodedata.normalize("NFD" if self.nfd else "NFC", self.name)


@dataclass
class AgencyTree:
    agencies: list[Agency]
    by_code: dict[str, Agency]
    new_unit_code: str  # the unit valid only from mid-period
    merged_code: str  # the province merged away before 2025-07-01

    def top_level(self) -> list[Agency]:
        return [a for a in self.agencies if a.is_top]

    def units_of(self, top_code: str) -> list[Agency]:
        return [a for a in self.agencies if a.top_code == top_code]

    def children(self, code: str) -> list[Agency]:
        return [a for a in self.agencies if a.parent_code == code]


def province_agency_code(codename: str) -> str:
    if codename in PROVINCE_CODE_OVERRIDES:
        return PROVINCE_CODE_OVERRIDES[codename]
    parts = codename.split("_")
    return parts[0].upper() if len(parts) == 1 else "".join(p[0] for p in parts).upper()


def province_suffix(name: str) -> str:
    """'Thành phố Hà Nội' -> 'thành phố Hà Nội'; 'Nghệ An' -> 'tỉnh Nghệ An'."""
    prefix = "Thành phố "
    return "thành phố " + name[len(prefix) :] if name.startswith(prefix) else "tỉnh " + name


def _sub_name(unit: str, parent: Agency) -> str:
    if unit in ("Văn phòng", "Thanh tra"):
        return f"{unit} {parent.name}"
    return f"{unit} - {parent.name}"


def _pick(rng: random.Random, candidates: list[str], count: int) -> list[str]:
    """``count`` candidates (all when fewer), keeping their listed order."""
    if count >= len(candidates):
        return list(candidates)
    chosen = set(rng.sample(range(len(candidates)), count))
    return [c for i, c in enumerate(candidates) if i in chosen]


def _provinces() -> list[Agency]:
    out = []
    for p in Province.iter_all():
        out.append(
            Agency(
                code=province_agency_code(p.codename),
                name=p.name,
                kind="province",
                province_code=f"{int(p.code.value):02d}",
                domain=p.codename.replace("_", "") + ".gov.vn",
            )
        )
    codes = [a.code for a in out]
    if len(set(codes)) != len(codes):
        raise RuntimeError(f"province agency codes collide: {sorted(codes)}")
    return out


def build_agencies(seed: int, scale: ScaleConfig, period: Period) -> AgencyTree:
    rng = stream(seed, "agencies")
    tops: list[Agency] = []
    for t in names.MINISTRIES:
        tops.append(
            Agency(t.code, t.name, t.kind, domain=t.domain, size=t.size, critical=t.critical)
        )
    provinces = _provinces()
    for p in provinces:
        # provinces weigh by nothing we know; a spread keeps them different in size
        p.size = round(0.7 + 0.8 * rng.random(), 3)
    for code in ("HN", "HCM"):
        next(p for p in provinces if p.code == code).size = 2.2
    tops.extend(provinces)
    for t in names.SECTORS:
        tops.append(
            Agency(t.code, t.name, t.kind, domain=t.domain, size=t.size, critical=t.critical)
        )
    for a in tops:
        a.top_code = a.code

    merged_code, merged_name, successor_codename = names.MERGED_PROVINCE
    merged = Agency(
        merged_code,
        merged_name,
        "province",
        valid_to=MERGER_DAY - timedelta(days=1),
        successor_code=province_agency_code(successor_codename),
        top_code=merged_code,
    )

    agencies: list[Agency] = []
    for top in tops:
        agencies.append(top)
        agencies.extend(_sub_units(rng, scale, top))
    agencies.append(merged)

    # The unit created mid-period, under a province chosen by the seed.
    host = rng.choice(provinces)
    siblings = [a for a in agencies if a.parent_code == host.code]
    new_unit = Agency(
        code=f"{host.code}.{len(siblings) + 1:02d}",
        name=f"{names.NEW_UNIT_NAME} {province_suffix(host.name)}",
        kind="unit",
        parent_code=host.code,
        valid_from=period.midpoint(),
        top_code=host.code,
        depth=1,
        short=names.NEW_UNIT_NAME,
    )
    index = max(i for i, a in enumerate(agencies) if a.top_code == host.code)
    agencies.insert(index + 1, new_unit)

    # A few names exported in NFD: one province and three sub-units.
    rng.choice([a for a in agencies if a.kind == "province" and a.province_code]).nfd = True
    for a in rng.sample([a for a in agencies if a.kind == "unit"], 3):
        a.nfd = True

    by_code = {a.code: a for a in agencies}
    if len(by_code) != len(agencies):
        raise RuntimeError("duplicate agency codes")
    return AgencyTree(agencies, by_code, new_unit.code, merged_code)


def _sub_units(rng: random.Random, scale: ScaleConfig, top: Agency) -> list[Agency]:
    if top.kind == "province":
        candidates = list(names.PROVINCE_UNITS)
        count = scale.province_units
    elif top.kind == "sector":
        candidates = list(names.SECTOR_UNITS.get(top.code, ())) + list(names.SECTOR_COMMON_UNITS)
        count = scale.sector_units
    else:
        candidates = list(names.MINISTRY_UNITS.get(top.code, ()))
        candidates += [u for u in names.MINISTRY_COMMON_UNITS if u not in candidates]
        count = scale.ministry_units
    out: list[Agency] = []
    for number, unit in enumerate(_pick(rng, candidates, count), start=1):
        if top.kind == "province":
            name = f"{unit} {province_suffix(top.name)}"
        else:
            name = _sub_name(unit, top)
        sub = Agency(
            code=f"{top.code}.{number:02d}",
            name=name,
            kind="unit",
            parent_code=top.code,
            top_code=top.code,
            depth=1,
            short=unit,
        )
        out.append(sub)
        if top.kind == "province":
            nested = [n for parent, n in names.PROVINCE_NESTED_UNITS if parent == unit]
            nested_names = [(n, f"{n} {province_suffix(top.name)}") for n in nested]
            share = scale.nested_share
        else:
            n = rng.choice(names.NESTED_GENERIC_UNITS)
            nested_names = [(n, f"{n} - {name}")]
            share = scale.nested_share / 2
        letter = 0
        for short, nested_name in nested_names:
            if rng.random() >= share:
                continue
            out.append(
                Agency(
                    code=f"{sub.code}.{chr(ord('A') + letter)}",
                    name=nested_name,
                    kind="unit",
                    parent_code=sub.code,
                    top_code=top.code,
                    depth=2,
                    short=short,
                )
            )
            letter += 1
    return out
