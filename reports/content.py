"""Everything a monthly report says, read from the published serving copy through the app's
data-access layer (with the whole-country scope), plus the input fingerprint."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from core.methodology import methodology as load_methodology
from readside import queries as data_access
from readside import serving_copy as serving
from readside.i18n import SaidError, month, number, t
from readside.queries import Scope

NATIONAL = Scope("admin")


class UnknownMonth(SaidError, LookupError):
    """No scores were published for the month asked."""


@dataclass
class ReportContent:
    period: str
    previous_period: str | None
    scores: pd.DataFrame
    contributions: pd.DataFrame  # each indicator's part in each unit's change of composite
    kpis: pd.DataFrame
    gaps: pd.DataFrame
    unmet: pd.DataFrame
    status: dict
    set_aside: pd.DataFrame
    unmeasured: pd.DataFrame
    methodology: dict
    fingerprint: str
    files_fingerprinted: int
    # the publication it was read from: the units' cards are read from the same one, even
    # when a run publishes another while the report is written
    version: serving.ServingVersion

    def moved_by(self, unit_code: str, count: int = 2) -> str:
        """The indicators that moved a unit's composite most from the month before, in words
        with their points ("Bảo vệ 4 lớp +3,21 điểm, Hồ sơ cấp độ −1,05 điểm"), or ""."""
        mine = self.contributions[self.contributions["unit_code"] == unit_code]
        mine = mine[mine["contribution"].abs() >= 0.005]
        mine = mine.reindex(mine["contribution"].abs().sort_values(ascending=False).index)
        return ", ".join(
            f"{t(r.indicator)} {'+' if r.contribution >= 0 else '−'}"
            f"{number(abs(r.contribution), 2)} điểm"
            for r in mine.head(count).itertuples()
        )

    @property
    def kpi(self) -> pd.Series:
        return self.kpis[self.kpis["period"] == self.period].iloc[0]

    @property
    def previous_kpi(self) -> pd.Series | None:
        rows = self.kpis[self.kpis["period"] == self.previous_period]
        return None if rows.empty else rows.iloc[0]


def input_fingerprint(files: pd.DataFrame) -> tuple[str, int]:
    """SHA-256 over the content hashes of the landing files in force (the ledger's current,
    loaded versions), sorted: the same inputs give the same fingerprint."""
    current = files[files["is_current"] & (files["status"] == "loaded")]
    digest = hashlib.sha256()
    for path, content_hash in sorted(zip(current["path"], current["content_hash"], strict=True)):
        digest.update(f"{path}\t{content_hash}\n".encode())
    return digest.hexdigest(), len(current)


READ_TRIES = 3  # publications replacing the copy between its stat and its ATTACH, in a row


def load(serving_copy: str | Path, period: str) -> ReportContent:
    """The month's content from the current publication; read again from the next one when a
    publication replaced the copy before it was opened (ServingVersionGone)."""
    for attempt in range(1, READ_TRIES + 1):
        try:
            return _load(serving.current_version(serving_copy), serving_copy, period)
        except serving.ServingVersionGone:
            if attempt == READ_TRIES:
                raise
    raise AssertionError("unreachable")


def _load(version: serving.ServingVersion, serving_copy: str | Path, period: str) -> ReportContent:
    periods = data_access.periods(version, NATIONAL)
    if period not in periods:
        kept = ", ".join(sorted(periods))
        raise UnknownMonth(
            f"chưa công bố điểm {month(period)} trong {serving_copy} (các tháng đã công bố: "
            f"{kept or 'không có'})",
            f"no scores published for {period} in {serving_copy} "
            f"(published months: {kept or 'none'})",
        )
    earlier = sorted(p for p in periods if p < period)
    previous = earlier[-1] if earlier else None
    files = data_access.landing_files(version, NATIONAL)
    kpis = data_access.national_kpis(version, NATIONAL)
    fingerprint, count = input_fingerprint(files)
    freshness = data_access.unit_feed_freshness(version, NATIONAL, period)
    unmeasured = freshness[~freshness["currently_measured"]]
    return ReportContent(
        period=period,
        previous_period=previous,
        scores=data_access.month_scores(version, NATIONAL, period),
        contributions=data_access.month_contributions(version, NATIONAL, period),
        # the report says nothing of the months after its own
        kpis=kpis[kpis["period"] <= period].reset_index(drop=True),
        gaps=data_access.month_gaps(version, NATIONAL, period),
        unmet=data_access.unmet_requirements(version, NATIONAL, period, 10),
        status=data_access.month_status(version, NATIONAL, period) or {},
        set_aside=data_access.set_aside_summary(version, NATIONAL, period),
        unmeasured=unmeasured,
        methodology=load_methodology(),
        fingerprint=fingerprint,
        files_fingerprinted=count,
        version=version,
    )
