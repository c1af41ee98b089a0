"""The sample landing zone: exactly the rows its README lists are set aside, everything else
loads, and every file accounts for every row."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

from tests.conftest import SAMPLE_LANDING

# tests/data/sample_README.md (the sample's own README): file -> rows to set aside
# (row numbers counted with the header as row 1, as the file's own lines).
EXPECTED_SET_ASIDE = {
    "reference/ip_allocations.csv": {25: "cidr", 26: "agency_code"},
    "dossiers/systems_20260930.csv": {
        51: "proposed_level",
        52: "approved_on",
        53: "owner_code",
        54: "approved_on",
    },
    "dossiers/assessments_20260930.csv": {409: "result", 410: "requirement_code"},
    "feeds/warnings/warnings_20261101.jsonl": {36: "at", 37: None},
}


def data_rows(path: Path) -> int:
    """Data rows of a landing file counted independently of the ingest code."""
    if path.suffix == ".jsonl":
        return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    if path.suffix == ".xlsx":
        import openpyxl

        sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
        rows = [r for r in sheet.iter_rows(values_only=True) if any(c is not None for c in r)]
        return len(rows) - 3  # two title rows and the header row
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


def test_sample_set_aside_rows_are_exactly_the_listed_ones(sample_ingested):
    outcomes, con, landing = sample_ingested
    assert all(o.status == "loaded" for o in outcomes), [
        o for o in outcomes if o.status != "loaded"
    ]
    got: dict[str, dict[int, set]] = {}
    for path, row, column in con.execute(
        "SELECT path, source_row, column_name FROM raw.set_aside"
    ).fetchall():
        got.setdefault(path, {}).setdefault(row, set()).add(column)
    assert set(got) == set(EXPECTED_SET_ASIDE)
    for path, rows in EXPECTED_SET_ASIDE.items():
        assert set(got[path]) == set(rows), path
        for row, column in rows.items():
            assert column in got[path][row], (path, row, got[path][row])


def test_every_row_of_every_file_is_accounted_for(sample_ingested):
    outcomes, con, landing = sample_ingested
    files = sorted(p.relative_to(landing).as_posix() for p in landing.rglob("*") if p.is_file())
    ledger = {
        row[0]: row[1:]
        for row in con.execute(
            "SELECT path, rows_read, rows_loaded, rows_set_aside, source FROM raw.files"
        ).fetchall()
    }
    assert sorted(ledger) == files
    for rel in files:
        read, loaded, set_aside, source = ledger[rel]
        assert read == loaded + set_aside, rel
        assert read == data_rows(landing / rel), rel
        expected_bad = len(EXPECTED_SET_ASIDE.get(rel, {}))
        assert set_aside == expected_bad, rel
        table = con.execute(
            "SELECT count(*) FROM raw.{} WHERE file_id = (SELECT file_id FROM raw.files "
            "WHERE path = ?)".format(
                {"botnet": "botnet_events", "warnings": "warning_events"}.get(source, source)
            ),
            [rel],
        ).fetchone()[0]
        assert table == loaded, rel


def test_sample_copy_is_intact():
    """The test data is the shared sample as delivered (guards against accidental edits)."""
    assert len(list((SAMPLE_LANDING / "feeds" / "botnet").iterdir())) == 86
    assert (SAMPLE_LANDING / "dossiers" / "systems_20260731.xlsx").exists()


def test_timestamps_are_stored_as_utc_instants(landing, ingest):
    _, con = ingest(landing)
    # A sinkhole event at 17:30 UTC on 31 October is 00:30 on 1 November in Vietnam: stored as
    # the instant it is, and seen in November when read in Vietnamese time.
    (landing / "feeds" / "botnet" / "2026-10-31-event4_sinkhole-late-1.csv").write_text(
        (landing / "feeds" / "botnet" / "2026-10-19-event4_sinkhole-vietnam-8721.csv")
        .read_text()
        .splitlines()[0]
        + "\n2026-10-31 17:30:00,tcp,203.113.109.7,1234,45899,VN,,,,,,,,,critical,198.51.100.7,"
        "80,,,,,,,,CNCERT,mirai,mirai,botnet,,,1,,\n"
        "2026-10-31T17:30:00Z,tcp,203.113.109.8,1234,45899,VN,,,,,,,,,critical,198.51.100.7,"
        "80,,,,,,,,CNCERT,mirai,mirai,botnet,,,2,,\n",
        encoding="utf-8",
    )
    from ingest.pipeline import ingest_landing

    ingest_landing(con, landing)
    rows = con.execute(
        "SELECT epoch(observed_at), strftime(observed_at AT TIME ZONE 'Asia/Ho_Chi_Minh', "
        "'%Y-%m-%d %H:%M') FROM raw.botnet_events WHERE ip IN ('203.113.109.7', "
        "'203.113.109.8')"
    ).fetchall()
    import datetime as dt

    instant = dt.datetime(2026, 10, 31, 17, 30, tzinfo=dt.UTC).timestamp()
    assert rows == [(instant, "2026-11-01 00:30")] * 2
    # A warning event with an offset is the same instant in UTC.
    at = con.execute(
        "SELECT strftime(\"at\", '%Y-%m-%d %H:%M:%S') FROM raw.warning_events "
        "WHERE warning_id = 'CB-2026-0051' AND event = 'remediated' LIMIT 1"
    ).fetchone()[0]
    assert at == "2026-10-18 07:00:00"


def test_both_sinkhole_layouts_and_gzip_load(sample_ingested):
    _, con, landing = sample_ingested
    layouts = dict(
        con.execute(
            "SELECT layout, count(*) FROM raw.ledger WHERE source = 'botnet' GROUP BY ALL"
        ).fetchall()
    )
    assert layouts.keys() == {"event4_sinkhole", "drone"}
    gz = con.execute(
        "SELECT count(*), sum(rows_loaded) FROM raw.ledger WHERE path LIKE '%.csv.gz'"
    ).fetchone()
    assert gz[0] > 0 and gz[1] > 0
    # The drone layout's address column is `ip`, event4's is `src_ip`: both land in `ip`.
    assert (
        con.execute(
            "SELECT count(*) FROM raw.botnet_events WHERE ip IS NULL OR ip_version IS NULL"
        ).fetchone()[0]
        == 0
    )


def test_ip_allocations_are_parsed_to_ranges(sample_ingested):
    _, con, landing = sample_ingested
    rows = dict(
        (r[0], r[1:])
        for r in con.execute(
            "SELECT cidr, ip_version, prefix_length, network_start::VARCHAR, "
            "network_end::VARCHAR FROM raw.ip_allocations"
        ).fetchall()
    )
    assert rows["203.113.120.160/27"] == (4, 27, str(0xCB7178A0), str(0xCB7178BF))
    assert rows["2001:ee0:4000::/48"][:2] == (6, 48)
