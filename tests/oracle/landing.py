"""Which landing files exist and what each one is, from its path alone (contract v1 and v1.1).

Hidden entries (a name starting with '.') are not landing files. A symbolic link, or an entry
that resolves outside the landing zone, is rejected unread. A path that matches none of the
contract's names, or whose date is not a real date, is rejected: "the name does not say what the
file is". A botnet report whose type is not an infected-system report is rejected too.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

INFECTED_SYSTEM_REPORTS = frozenset(
    {
        "event4_sinkhole",
        "event4_sinkhole_http",
        "event4_sinkhole_dns",
        "event6_sinkhole",
        "event6_sinkhole_http",
        "event6_sinkhole_dns",
        "event4_microsoft_sinkhole",
        "event4_microsoft_sinkhole_http",
        "event6_microsoft_sinkhole",
        "event6_microsoft_sinkhole_http",
        "botnet_drone",
        "drone",
        "sinkhole_http_drone",
        "microsoft_sinkhole",
    }
)

_PATTERNS = [
    ("agencies", re.compile(r"reference/agencies\.csv")),
    ("requirements", re.compile(r"reference/requirements\.csv")),
    ("ip_allocations", re.compile(r"reference/ip_allocations\.csv")),
    ("domains", re.compile(r"reference/domains\.csv")),
    ("systems", re.compile(r"dossiers/systems_(?P<d>\d{8})\.(?P<ext>csv|xlsx)")),
    ("assessments", re.compile(r"dossiers/assessments_(?P<d>\d{8})\.csv")),
    (
        "botnet",
        re.compile(
            r"feeds/botnet/(?P<iso>\d{4}-\d{2}-\d{2})-(?P<report>[^-/]+)-[^/]+\.csv(?P<gz>\.gz)?"
        ),
    ),
    ("webscan", re.compile(r"feeds/webscan/pshtt_(?P<ts>\d{8}T\d{6}Z)\.csv")),
    ("warnings", re.compile(r"feeds/warnings/warnings_(?P<d>\d{8})\.jsonl")),
    ("heartbeats", re.compile(r"feeds/heartbeats/heartbeats_(?P<d>\d{8})\.jsonl")),
]


@dataclass(frozen=True)
class LandingFile:
    """One landing file that its name places in a source."""

    path: Path
    rel: str
    source: str
    file_date: date | None = None  # export or report date (Vietnamese calendar date)
    scanned_at: datetime | None = None  # pshtt scan time, naive UTC
    report: str | None = None  # botnet report type
    gzip: bool = False
    excel: bool = False


@dataclass
class Landing:
    """The landing zone as listed: files by source, and the files rejected by name."""

    files: dict[str, list[LandingFile]]
    rejected: list[tuple[str, str]]

    def of(self, source: str) -> list[LandingFile]:
        return self.files.get(source, [])

    def one(self, source: str) -> LandingFile | None:
        found = self.of(source)
        return found[0] if found else None


def _classify(rel: str, path: Path) -> LandingFile | str:
    for source, pattern in _PATTERNS:
        m = pattern.fullmatch(rel)
        if not m:
            continue
        groups = m.groupdict()
        try:
            if "d" in groups:
                day = datetime.strptime(groups["d"], "%Y%m%d").date()
                return LandingFile(
                    path, rel, source, file_date=day, excel=groups.get("ext") == "xlsx"
                )
            if "iso" in groups:
                day = datetime.strptime(groups["iso"], "%Y-%m-%d").date()
                report = groups["report"]
                if report not in INFECTED_SYSTEM_REPORTS:
                    return f"report type {report} is not an infected-system report"
                return LandingFile(
                    path, rel, source, file_date=day, report=report, gzip=bool(groups["gz"])
                )
            if "ts" in groups:
                at = datetime.strptime(groups["ts"], "%Y%m%dT%H%M%SZ")
                return LandingFile(path, rel, source, scanned_at=at)
        except ValueError:
            return "the name does not say what the file is"
        return LandingFile(path, rel, source)
    return "the name does not say what the file is"


def scan_landing(root: Path) -> Landing:
    """List the landing zone: every visible file, classified by its path."""
    root = Path(root)
    real_root = root.resolve()
    files: dict[str, list[LandingFile]] = {}
    rejected: list[tuple[str, str]] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        keep = []
        for d in sorted(dirnames):
            if d.startswith("."):
                continue
            if (here / d).is_symlink():
                rejected.append(
                    ((here / d).relative_to(root).as_posix(), "symbolic link: not read")
                )
                continue
            keep.append(d)
        dirnames[:] = keep
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = here / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                rejected.append((rel, "symbolic link: not read"))
                continue
            if not path.resolve().is_relative_to(real_root) or not path.is_file():
                rejected.append((rel, "not a regular file inside the landing zone"))
                continue
            found = _classify(rel, path)
            if isinstance(found, str):
                rejected.append((rel, found))
            else:
                files.setdefault(found.source, []).append(found)
    return Landing(files, rejected)
