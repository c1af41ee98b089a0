"""How well each top-level unit does, so the demo data spreads every indicator of the methodology.

Each top-level unit gets a latent maturity in [0, 1]; every behaviour (approving dossiers,
implementing plans, meeting requirements, holding the four protection layers, keeping its address
blocks clean, remediating warnings on time, securing its web sites) follows it with some noise, so
scores differ between units and are mostly, but not perfectly, consistent across indicators.
"""

from __future__ import annotations

from dataclasses import dataclass

from .agencies import AgencyTree
from .rand import stream


@dataclass(frozen=True)
class Profile:
    maturity: float
    approval: float  # probability an operating system is approved by the end of the period
    plan: float  # probability an approved system has fully implemented its plan
    compliance: float  # probability a requirement is met
    onsite: float  # layer 1
    monitoring: float  # layer 2
    checked: float  # layer 3: regularly checked by an independent assessor
    ncsc: float  # layer 4 declared
    sensor_ok: float  # a declared connection really sends heartbeats
    dirtiness: float  # botnet infection episodes per /24 block per 30 days
    diligence: float  # probability a warning is remediated on time
    web: float  # web security of its domains, 0..1


def _clamp(x: float, lo: float, hi: float) -> float:
    return max(lo, min(hi, x))


def build_profiles(seed: int, tree: AgencyTree) -> dict[str, Profile]:
    out: dict[str, Profile] = {}
    for agency in tree.top_level():
        rng = stream(seed, "profile", agency.code)
        m = rng.random()
        if agency.kind == "sector":
            m = 0.3 + 0.7 * m  # state corporations and banks tend to do better

        def noisy(
            base: float, span: float, sd: float, lo: float, hi: float, m: float = m, rng=rng
        ) -> float:
            return round(_clamp(base + span * m + rng.gauss(0, sd), lo, hi), 4)

        dirt = 0.0 if (m > 0.55 and rng.random() < 0.6) else rng.expovariate(1.0) * 2.0 * (1 - m)
        out[agency.code] = Profile(
            maturity=round(m, 4),
            approval=noisy(0.75, 0.25, 0.05, 0.45, 0.995),
            plan=noisy(0.35, 0.6, 0.1, 0.1, 0.98),
            compliance=noisy(0.42, 0.5, 0.07, 0.2, 0.97),
            onsite=noisy(0.6, 0.38, 0.08, 0.3, 1.0),
            monitoring=noisy(0.25, 0.7, 0.1, 0.05, 0.98),
            checked=noisy(0.3, 0.65, 0.1, 0.05, 0.98),
            ncsc=noisy(0.3, 0.6, 0.1, 0.05, 0.95),
            sensor_ok=noisy(0.7, 0.28, 0.05, 0.4, 0.99),
            dirtiness=round(min(dirt, 8.0), 4),
            diligence=noisy(0.4, 0.58, 0.08, 0.15, 0.99),
            web=noisy(0.25, 0.7, 0.1, 0.05, 0.99),
        )
    return out
