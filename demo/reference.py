"""Writes the reference lists: agencies, address allocations, domains and the requirements."""

from __future__ import annotations

from datetime import date

from sources.requirements import SOURCE as REQUIREMENTS

from .agencies import AgencyTree
from .network import Allocation, Domain
from .requirements import Requirement
from .writer import LandingWriter

AGENCY_COLUMNS = (
    "code",
    "name",
    "kind",
    "parent_code",
    "province_code",
    "valid_from",
    "valid_to",
    "successor_code",
)


def _day(d: date | None) -> str:
    return d.isoformat() if d else ""


def write_agencies(w: LandingWriter, tree: AgencyTree) -> None:
    rows = [
        (
            a.code,
            a.exported_name(),
            a.kind,
            a.parent_code,
            a.province_code,
            _day(a.valid_from),
            _day(a.valid_to),
            a.successor_code,
        )
        for a in tree.agencies
    ]
    w.write_csv("reference/agencies.csv", AGENCY_COLUMNS, rows)


def write_allocations(w: LandingWriter, allocations: list[Allocation]) -> None:
    rows = [(a.cidr, a.agency_code, _day(a.valid_from), _day(a.valid_to)) for a in allocations]
    w.write_csv(
        "reference/ip_allocations.csv", ("cidr", "agency_code", "valid_from", "valid_to"), rows
    )


def write_domains(w: LandingWriter, domains: list[Domain]) -> None:
    rows = [(d.domain, d.agency_code, d.system_id or "") for d in domains]
    w.write_csv("reference/domains.csv", ("domain", "agency_code", "system_id"), rows)


def write_requirements(w: LandingWriter, requirements: list[Requirement]) -> None:
    rows = [(r.code, r.group, r.area, r.min_level, r.title, r.legal_ref) for r in requirements]
    header = tuple(c.name for c in REQUIREMENTS.columns)
    w.write_csv("reference/requirements.csv", header, rows)
