"""The calendar of a demo run: the covered days, month ends and Vietnam-time helpers.

Dates without a time are Vietnamese calendar dates (UTC+7, no daylight saving, so a fixed offset
is exact and needs no time-zone database).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

VN_TZ = timezone(timedelta(hours=7), "ICT")


def default_end(now: datetime | None = None) -> date:
    """Yesterday in Asia/Ho_Chi_Minh."""
    current = now if now is not None else datetime.now(VN_TZ)
    return current.astimezone(VN_TZ).date() - timedelta(days=1)


def month_end(d: date) -> date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def is_month_end(d: date) -> bool:
    return d == month_end(d)


def vn_day_start_utc(d: date) -> datetime:
    """00:00 Vietnam time of ``d`` as a naive UTC datetime (17:00 UTC the day before)."""
    return datetime(d.year, d.month, d.day) - timedelta(hours=7)


@dataclass(frozen=True)
class Period:
    """The ``days`` days of daily feeds, ending on ``end`` (inclusive)."""

    start: date
    end: date

    @classmethod
    def ending(cls, end: date, days: int) -> Period:
        if days < 1:
            raise ValueError(f"days must be at least 1, got {days}")
        return cls(start=end - timedelta(days=days - 1), end=end)

    @property
    def n_days(self) -> int:
        return (self.end - self.start).days + 1

    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(self.n_days)]

    def month_ends(self) -> list[date]:
        return [d for d in self.days() if is_month_end(d)]

    def mid_month(self) -> date | None:
        """The 15th inside the period nearest its middle (not its last day), if any."""
        fifteenths = [d for d in self.days() if d.day == 15 and d != self.end]
        if not fifteenths:
            return None
        middle = self.start + timedelta(days=self.n_days // 2)
        return min(fifteenths, key=lambda d: (abs((d - middle).days), d))

    def fraction(self, d: date) -> float:
        """Where ``d`` lies in the period: 0 on the first day, 1 on the last."""
        return max(0.0, min(1.0, (d - self.start).days / max(1, self.n_days - 1)))

    def midpoint(self) -> date:
        return self.start + timedelta(days=self.n_days // 2)
