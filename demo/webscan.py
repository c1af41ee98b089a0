"""Weekly pshtt web scans of the registered domains (feeds/webscan/pshtt_YYYYMMDDTHHMMSSZ.csv).

A scan runs once a week at a varying hour (UTC) and once at 16:30 UTC on every month end of the
period (23:30 in Vietnam, still the same month). Each run lists most domains, a few written in
upper case. A domain's HTTPS set-up follows its unit's web profile, improves for some domains during
the period and suffers the odd outage or expired certificate; the derived pshtt columns
(``Domain Supports HTTPS``, ``Domain Enforces HTTPS``, ``Domain Uses Strong HSTS``...) are
consistent with the underlying ones. Booleans are ``True``/``False``; some cells are empty.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sources.webscan import PSHTT_COLUMNS

from .network import Domain
from .period import Period, is_month_end
from .profiles import Profile
from .rand import day_between, stream
from .writer import LandingWriter

SERVERS = ("nginx", "Apache", "Microsoft-IIS/10.0", "nginx/1.18.0", "Apache/2.4.57 (Ubuntu)", "")
RUN_HOURS = ((0, 0), (2, 0), (5, 0), (6, 0), (8, 0), (12, 0), (13, 0), (15, 0), (18, 0))
STRONG_HSTS = 31536000


@dataclass(frozen=True)
class Site:
    """The HTTPS set-up of one domain and how it changes during the period."""

    dead: bool
    https: bool
    enforce: bool
    strict: bool
    downgrades: bool
    hsts_age: int | None
    subdomains: bool
    bad_chain: bool
    bad_hostname: bool
    self_signed: bool
    improves_on: date | None  # HTTPS enforced and strong HSTS from this day
    expired: tuple[date, date] | None  # certificate expired between these days
    server: str


def base_domain(host: str) -> str:
    labels = host.split(".")
    second_level = labels[-2:] in (["gov", "vn"], ["com", "vn"], ["org", "vn"], ["edu", "vn"])
    return ".".join(labels[-3:] if second_level else labels[-2:])


def _site(seed: int, period: Period, domain: Domain, profile: Profile) -> Site:
    rng = stream(seed, "site", domain.domain)
    q = profile.web
    https = rng.random() < 0.55 + 0.45 * q
    weak = 1 - q
    hsts = https and rng.random() < 0.1 + 0.6 * q
    improves = None
    if rng.random() < 0.15:
        improves = day_between(rng, period.start, period.end)
    expired = None
    if https and rng.random() < 0.06:
        first = day_between(rng, period.start, period.end)
        expired = (first, first + timedelta(days=rng.randint(3, 20)))
    return Site(
        dead=rng.random() < 0.04,
        https=https,
        enforce=https and rng.random() < 0.3 + 0.6 * q,
        strict=rng.random() < 0.5,
        downgrades=https and rng.random() < 0.02,
        hsts_age=(STRONG_HSTS if rng.random() < 0.3 + 0.6 * q else 86400) if hsts else None,
        subdomains=rng.random() < 0.5,
        bad_chain=https and rng.random() < 0.08 * weak,
        bad_hostname=https and rng.random() < 0.06 * weak,
        self_signed=https and rng.random() < 0.06 * weak,
        improves_on=improves,
        expired=expired,
        server=rng.choice(SERVERS),
    )


def _b(value: bool) -> str:
    return "True" if value else "False"


def scan_row(domain: Domain, site: Site, when: datetime, rng: random.Random) -> list[str]:
    day = when.date()
    host = domain.domain.upper() if rng.random() < 0.03 else domain.domain
    live = not site.dead and rng.random() >= 0.03
    if not live:
        row = dict.fromkeys(PSHTT_COLUMNS, "")
        row |= {"Domain": host, "Base Domain": base_domain(domain.domain)}
        row["Canonical URL"] = f"http://{domain.domain}"
        for col in (
            "Live",
            "HTTPS Live",
            "HTTPS Full Connection",
            "Redirect",
            "Valid HTTPS",
            "Defaults to HTTPS",
            "Downgrades HTTPS",
            "Strictly Forces HTTPS",
            "HSTS",
            "Domain Supports HTTPS",
            "Domain Enforces HTTPS",
            "Domain Uses Strong HSTS",
            "HTTPS Bad Chain",
            "HTTPS Bad Hostname",
            "HTTPS Expired Cert",
            "HTTPS Self Signed Cert",
        ):
            row[col] = "False"
        row["Unknown Error"] = "False"
        return [row[c] for c in PSHTT_COLUMNS]
    improved = site.improves_on is not None and day >= site.improves_on
    https = site.https or improved
    enforce = https and (site.enforce or improved)
    hsts_age = STRONG_HSTS if improved else site.hsts_age
    expired = site.expired is not None and site.expired[0] <= day <= site.expired[1]
    problems = site.bad_chain or site.bad_hostname or site.self_signed or expired
    valid = https and not problems
    trusted = https and not (site.bad_chain or site.self_signed or expired)
    supports = valid and not site.downgrades
    strict = enforce and site.strict
    hsts = https and hsts_age is not None
    strong = supports and hsts and (hsts_age or 0) >= STRONG_HSTS
    header = ""
    if hsts:
        header = f"max-age={hsts_age}" + ("; includeSubDomains" if site.subdomains else "")
    url = f"https://{domain.domain}" if enforce else f"http://{domain.domain}"
    row = {
        "Domain": host,
        "Base Domain": base_domain(domain.domain),
        "Canonical URL": url,
        "Live": "True",
        "HTTPS Live": _b(https),
        "HTTPS Full Connection": _b(https),
        "HTTPS Client Auth Required": "False",
        "Redirect": _b(enforce),
        "Redirect To": f"https://{domain.domain}/" if enforce else "",
        "Valid HTTPS": _b(valid),
        "HTTPS Publicly Trusted": _b(trusted) if https else "",
        "HTTPS Custom Truststore Trusted": "",
        "Defaults to HTTPS": _b(enforce),
        "Downgrades HTTPS": _b(https and site.downgrades),
        "Strictly Forces HTTPS": _b(strict),
        "HTTPS Bad Chain": _b(https and site.bad_chain),
        "HTTPS Bad Hostname": _b(https and site.bad_hostname),
        "HTTPS Expired Cert": _b(expired),
        "HTTPS Self Signed Cert": _b(https and site.self_signed),
        "HSTS": _b(hsts),
        "HSTS Header": header,
        "HSTS Max Age": str(hsts_age) if hsts else "",
        "HSTS Entire Domain": _b(hsts and site.subdomains) if hsts else "",
        "HSTS Preload Ready": "False",
        "HSTS Preload Pending": "",
        "HSTS Preloaded": "False",
        "Base Domain HSTS Preloaded": "False",
        "Domain Supports HTTPS": _b(supports),
        "Domain Enforces HTTPS": _b(supports and (strict or enforce)),
        "Domain Uses Strong HSTS": _b(strong),
        "IP": domain.ip,
        "Server Header": site.server,
        "Server Version": "",
        "HTTPS Cert Chain Length": ("2" if site.bad_chain else "3") if https else "",
        "HTTPS Probably Missing Intermediate Cert": _b(https and site.bad_chain),
        "Notes": "",
        "Unknown Error": "False",
    }
    return [row[c] for c in PSHTT_COLUMNS]


def scan_times(seed: int, period: Period) -> list[datetime]:
    rng = stream(seed, "scan-times")
    times = set()
    day = period.start + timedelta(days=rng.randint(0, 6))
    while day <= period.end:
        hour, minute = rng.choice(RUN_HOURS)
        when = datetime(day.year, day.month, day.day, hour, minute)
        if (when + timedelta(hours=7)).date() <= period.end:
            times.add(when)
        day += timedelta(days=7)
    for day in period.days():
        if is_month_end(day):
            times.add(datetime(day.year, day.month, day.day, 16, 30))
    return sorted(times)


def write_scans(
    w: LandingWriter, seed: int, period: Period, domains: list[Domain], profiles: dict[str, Profile]
) -> None:
    sites = {d.domain: _site(seed, period, d, profiles[d.top_code]) for d in domains}
    for when in scan_times(seed, period):
        rng = stream(seed, "scan", when.isoformat())
        rows = [scan_row(d, sites[d.domain], when, rng) for d in domains if rng.random() < 0.94]
        w.write_csv(f"feeds/webscan/pshtt_{when:%Y%m%dT%H%M%SZ}.csv", PSHTT_COLUMNS, rows)
