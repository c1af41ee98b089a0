"""``generate_landing_zone``: builds the demo world and writes every landing-zone file of it."""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import date
from pathlib import Path

from core.whole_file import written_whole

from .agencies import build_agencies
from .botnet import botnet_jobs, plan_days
from .dossiers import assessment_dates, snapshot, systems_dates, write_assessments, write_systems
from .heartbeats import heartbeat_jobs
from .infections import Observation, state_observations
from .jobs import Job, run_jobs
from .network import build_allocations, build_domains
from .period import Period, default_end
from .profiles import build_profiles
from .reference import write_agencies, write_allocations, write_domains, write_requirements
from .requirements import build_requirements
from .scale import ScaleConfig, get_scale
from .summary import DemoSummary
from .systems import build_inventory
from .warnings_feed import plan_warning_files, write_warnings
from .webscan import scan_times, write_scans
from .writer import PARTIAL, LandingWriter

DEFAULT_DAYS = 92  # a quarter


def generate_landing_zone(
    out_dir: Path,
    scale: str = "small",
    seed: int = 42,
    days: int | None = None,
    end: date | None = None,
    progress: bool = True,
) -> DemoSummary:
    """Write a demo landing zone (contract v1) into ``out_dir`` and say what was written.

    ``days`` days of daily feeds end on ``end`` (default: yesterday in Vietnam). The files are
    the same bytes for the same ``(scale, seed, days, end)``. Files of the same names in
    ``out_dir`` are replaced; other files there are left alone.
    """
    config = get_scale(scale)
    period = Period.ending(
        end if end is not None else default_end(), DEFAULT_DAYS if days is None else days
    )
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)

    tree = build_agencies(seed, config, period)
    profiles = build_profiles(seed, tree)
    systems = build_inventory(seed, config, period, tree, profiles)
    allocations = build_allocations(seed, config, period, tree)
    domains = build_domains(seed, config, tree, systems, allocations)
    requirements = build_requirements()
    state = state_observations(seed, period, allocations, profiles, config.botnet_ipv6_per_day)
    warning_files = plan_warning_files(seed, config, period, tree, systems, profiles)

    summary = DemoSummary(
        out_dir=out_dir,
        scale=config.name,
        seed=seed,
        start=period.start,
        end=period.end,
        days=period.n_days,
    )
    w = LandingWriter(out_dir, summary)
    n_systems_files = len(systems_dates(period)) + (1 if len(systems_dates(period)) == 1 else 0)
    jobs = [
        Job(1, lambda: write_agencies(w, tree)),
        Job(1, lambda: write_allocations(w, allocations)),
        Job(1, lambda: write_domains(w, domains)),
        Job(1, lambda: write_requirements(w, requirements)),
        Job(n_systems_files, lambda: write_systems(w, seed, period, systems)),
        Job(
            len(assessment_dates(period)),
            lambda: write_assessments(w, seed, period, systems, requirements),
        ),
        Job(len(scan_times(seed, period)), lambda: write_scans(w, seed, period, domains, profiles)),
        Job(len(warning_files), lambda: write_warnings(w, seed, period, warning_files)),
        *botnet_jobs(w, seed, config, period, state),
        *heartbeat_jobs(w, seed, period, systems),
    ]
    run_jobs(jobs, progress, f"demo landing zone ({config.name})")
    _resend_one_report(w, seed, config, period, state)

    latest = snapshot(systems, period.end)
    operating = [r for r in latest if r["operation_status"] == "operating"]
    approved = [r for r in operating if r["dossier_status"] == "approved"]
    botnet_rows = [
        n
        for rel, n in summary.files.items()
        if rel.startswith("feeds/botnet/") and "-resent." not in rel
    ]
    summary.accounts = [a.code for a in tree.top_level() if a.valid_on(period.end)]
    summary.stats = {
        "systems": len(latest),
        "operating": len(operating),
        "approved_operating": len(approved),
        "approval_rate": round(len(approved) / max(1, len(operating)), 4),
        "proposed_level_mix": dict(
            sorted(Counter(int(str(r["proposed_level"])) for r in latest).items())
        ),
        "agencies": len(tree.agencies),
        "ip_allocations": len(allocations),
        "domains": len(domains),
        "botnet_files": len(botnet_rows),
        "botnet_rows_per_day": round(sum(botnet_rows) / period.n_days),
    }
    summary.finish()
    return summary


def _resend_one_report(
    w: LandingWriter,
    seed: int,
    config: ScaleConfig,
    period: Period,
    state: dict[date, list[Observation]],
) -> None:
    """Deliver one sinkhole report a second time under another name, byte for byte (the contract:
    a file that appears twice with the same content is the same file)."""
    plans = plan_days(seed, config, period, state)
    clean = [p for p in plans if not any(bad for _, _, bad in p.state)]
    later = [p for p in clean if p.day >= period.midpoint()] or clean
    if not later:
        return
    report = later[0].reports[-1]
    name = report.rel.rsplit(".csv", 1)
    rel = f"{name[0]}-resent.csv{name[1]}"
    final = w.path(rel)
    with written_whole(final, tag=PARTIAL) as tmp:
        shutil.copyfile(w.path(report.rel), tmp)
    w.record(rel, w.summary.files[report.rel])
