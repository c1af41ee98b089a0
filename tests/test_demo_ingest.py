"""A generated demo landing zone, which the project has not seen before, goes through ingest:
every row is accounted for and exactly the generator's deliberately broken rows are set
aside."""

from __future__ import annotations

import datetime as dt

from demo import generate_landing_zone
from ingest.pipeline import ingest_landing
from ingest.warehouse import connect


def test_demo_landing_zone_ingests_with_exactly_the_deliberate_bad_rows(tmp_path):
    summary = generate_landing_zone(
        tmp_path / "landing",
        scale="small",
        seed=11,
        days=31,
        end=dt.date(2026, 10, 31),
        progress=False,
    )
    con = connect(tmp_path / "attt.duckdb")
    outcomes = ingest_landing(con, tmp_path / "landing")
    assert {o.status for o in outcomes} == {"loaded"}
    by_path = {o.path: o for o in outcomes}
    assert set(by_path) == set(summary.files)
    for path, rows in summary.files.items():
        outcome = by_path[path]
        assert outcome.rows_read == rows, path
        assert outcome.rows_read == outcome.rows_loaded + outcome.rows_set_aside, path
    set_aside = {
        (path, row)
        for path, row in con.execute("SELECT path, source_row FROM raw.set_aside").fetchall()
    }
    expected = {(bad["file"], bad["row"]) for bad in summary.deliberate_bad_rows}
    assert set_aside == expected
    con.close()
