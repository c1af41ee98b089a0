"""The one clock of the project: today's date in Vietnam (UTC+7, no daylight saving), which
decides freshness, "currently measured" and the day a report is made."""

from __future__ import annotations

import datetime as dt


def today_in_vietnam() -> dt.date:
    return (dt.datetime.now(dt.UTC) + dt.timedelta(hours=7)).date()
