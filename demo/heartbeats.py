"""Monitoring-sensor heartbeats (feeds/heartbeats/heartbeats_YYYYMMDD.jsonl), written by DuckDB.

One file per Vietnamese day, holding the heartbeats sent during that day (17:00 UTC the day before
to 17:00 UTC), with ``at`` in UTC and ``Z``. Each sensor beats at a fixed interval with a little
jitter and loses about 2% of its beats; sensors that never started, started late or had an outage
are modelled in :mod:`demo.systems`. Systems declared connected with no working sensor send
nothing.
"""

from __future__ import annotations

from datetime import date, datetime

import duckdb

from core.whole_file import written_whole

from .jobs import Job
from .period import Period, vn_day_start_utc
from .rand import sql_salt
from .systems import System
from .writer import PARTIAL, LandingWriter

EPOCH = datetime(2000, 1, 1)


def _active(system: System, day: date) -> bool:
    sensor = system.sensor
    if sensor is None or day < sensor.active_from:
        return False
    if sensor.active_to is not None and day >= sensor.active_to:
        return False
    return not (sensor.outage is not None and sensor.outage[0] <= day <= sensor.outage[1])


def _day_query(salt: int, day: date, systems: list[System]) -> tuple[str, list[object]]:
    start = vn_day_start_utc(day)
    minute0 = int((start - EPOCH).total_seconds() // 60)
    ids, sensors, first, every, order = [], [], [], [], []
    for n, s in enumerate(systems):
        if not _active(s, day):
            continue
        sensor = s.sensor
        assert sensor is not None
        ids.append(s.system_id)
        sensors.append(sensor.sensor_id)
        every.append(sensor.interval_minutes)
        first.append((sensor.phase_minutes - minute0) % sensor.interval_minutes)
        order.append(n)
    k = day.toordinal()
    query = f"""
        WITH s AS (
            SELECT unnest($1::VARCHAR[]) AS system_id, unnest($2::VARCHAR[]) AS sensor_id,
                   unnest($3::INTEGER[]) AS first, unnest($4::INTEGER[]) AS every,
                   unnest($5::INTEGER[]) AS n
        ),
        beats AS (
            SELECT n, system_id, sensor_id, unnest(range(first, 1440, every)) AS m FROM s
        )
        SELECT system_id, sensor_id,
               strftime(TIMESTAMP '{start:%Y-%m-%d %H:%M:%S}'
                        + to_seconds(m * 60 + (hash({salt}, n, {k}, m) % 45)::BIGINT),
                        '%Y-%m-%dT%H:%M:%SZ') AS "at"
        FROM beats
        WHERE hash({salt}, n, {k}, m, 1) % 100 >= 2
        ORDER BY m, n
    """
    return query, [ids, sensors, first, every, order]


def heartbeat_jobs(w: LandingWriter, seed: int, period: Period, systems: list[System]) -> list[Job]:
    salt = sql_salt(seed, "heartbeats")
    with_sensor = [s for s in systems if s.sensor is not None]
    jobs = []
    for day in period.days():
        if not any(_active(s, day) for s in with_sensor):
            continue  # no sensor was up: the feed sends no file
        rel = f"feeds/heartbeats/heartbeats_{day:%Y%m%d}.jsonl"

        def run(con: duckdb.DuckDBPyConnection, day: date = day, rel: str = rel) -> None:
            query, params = _day_query(salt, day, with_sensor)
            final = w.path(rel)
            with written_whole(final, tag=PARTIAL) as tmp:
                path = str(tmp).replace("'", "''")
                copy = f"COPY ({query}) TO '{path}' (FORMAT json)"
                result = con.execute(copy, params).fetchone()
            w.record(rel, int(result[0]) if result else 0)

        jobs.append(Job(files=1, run=run, duck=True))
    return jobs
