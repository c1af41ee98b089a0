"""No file stops the run: a property test that damages the sample's files the ways real
transfers and exports damage them, and checks the invariants of ingest after each run.

Each example copies the sample landing zone, damages one to three of its dossier and feed files
(truncation, random bytes, a giant cell, a repeated or missing header, another encoding, other
line ends, a BOM, a damaged gzip stream), takes the zone in, and asserts: the run completes;
every landing entry has a ledger row; for every file, rows read = loaded + set aside; and every
file left untouched loads exactly as it does in the untouched sample. The examples are fixed
(`derandomize`) so CI is repeatable; ATTT_FUZZ_EXAMPLES=500 runs more by hand.
"""

from __future__ import annotations

import codecs
import gzip
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.pipeline import discover, ingest_landing
from ingest.warehouse import connect
from orchestration.runner import run_pipeline
from tests.conftest import SAMPLE_LANDING

MUTABLE = sorted(
    p.relative_to(SAMPLE_LANDING).as_posix()
    for p in SAMPLE_LANDING.rglob("*")
    if p.is_file() and not p.relative_to(SAMPLE_LANDING).as_posix().startswith("reference/")
)
EXAMPLES = int(os.environ.get("ATTT_FUZZ_EXAMPLES", "12"))


def _text(data: bytes, gz: bool) -> bytes:
    return gzip.decompress(data) if gz else data


def _pack(text: bytes, gz: bool) -> bytes:
    return gzip.compress(text, mtime=0) if gz else text


def mutate(data: bytes, gz: bool, kind: str, where: float, noise: bytes) -> bytes:
    """One kind of damage, at a place given as a fraction of the file."""
    if kind == "gzip_damage":
        packed = data if gz else gzip.compress(data, mtime=0)
        cut = max(1, int(len(packed) * where))
        return packed[:cut] + noise + packed[cut + len(noise) :]
    if kind == "truncate":
        return data[: int(len(data) * where)]
    if kind == "random_bytes":
        at = int(len(data) * where)
        return data[:at] + noise + data[at + len(noise) :]
    text = _text(data, gz)
    lines = text.splitlines(keepends=True)
    at = min(int(len(lines) * where), max(len(lines) - 1, 0))
    if kind == "giant_cell" and len(lines) > 1:
        row = max(at, 1)
        line = lines[row].rstrip(b"\r\n")
        head, _, tail = line.partition(b",")
        lines[row] = head + b"," + b"G" * ((1 << 20) + 17) + b"," + tail + b"\n"
    elif kind == "repeat_header" and lines:
        lines.insert(max(at, 1), lines[0] if lines[0].endswith(b"\n") else lines[0] + b"\n")
    elif kind == "drop_header" and lines:
        lines = lines[1:]
    elif kind in ("utf16", "cp1258", "latin1"):
        decoded = text.decode("utf-8-sig", errors="replace")
        encoding = {"utf16": "utf-16", "cp1258": "cp1258", "latin1": "latin-1"}[kind]
        return _pack(decoded.encode(encoding, errors="replace"), gz)
    elif kind in ("crlf", "cr"):
        end = b"\r\n" if kind == "crlf" else b"\r"
        lines = [line.rstrip(b"\r\n") + end for line in lines]
    elif kind == "bom":
        return _pack(codecs.BOM_UTF8 + text, gz)
    return _pack(b"".join(lines), gz)


KINDS = [
    "truncate", "random_bytes", "giant_cell", "repeat_header", "drop_header", "utf16",
    "cp1258", "latin1", "crlf", "cr", "bom", "gzip_damage",
]  # fmt: skip
damage = st.tuples(
    st.sampled_from(MUTABLE),
    st.sampled_from(KINDS),
    st.floats(min_value=0.0, max_value=1.0),
    st.binary(min_size=1, max_size=64),
)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> dict[str, tuple]:
    """How every file of the untouched sample is taken in: (status, read, loaded, set aside)."""
    root = tmp_path_factory.mktemp("baseline")
    con = connect(root / "attt.duckdb")
    outcomes = ingest_landing(con, SAMPLE_LANDING)
    con.close()
    return {o.path: (o.status, o.rows_read, o.rows_loaded, o.rows_set_aside) for o in outcomes}


def check_invariants(con, landing: Path, touched: set[str], baseline: dict) -> None:
    ledger = {
        row[0]: row[1:]
        for row in con.execute(
            "SELECT path, outcome, rows_read, rows_loaded, rows_set_aside, reason, source "
            "FROM raw.ledger WHERE superseded_by IS NULL"
        ).fetchall()
    }
    assert set(discover(landing)) <= set(ledger)
    for path, (outcome, read, loaded, aside, reason, _) in ledger.items():
        assert outcome in ("loaded", "rejected"), path
        if read is not None:
            assert read == loaded + aside, (path, read, loaded, aside)
        if outcome == "rejected":
            assert loaded == 0 and reason, path
        if path in touched:
            continue
        assert (outcome, read, loaded, aside) == baseline[path], path
    # the rows a ledger row says loaded are in the raw tables
    tables = {"botnet": "botnet_events", "warnings": "warning_events"}
    for path, (outcome, _, loaded, _, _, source) in ledger.items():
        if outcome == "loaded" and source:
            count = con.execute(
                f"SELECT count(*) FROM raw.{tables.get(source, source)} r "
                "JOIN raw.ledger l USING (file_id) WHERE l.path = ? AND l.superseded_by IS NULL",
                [path],
            ).fetchone()[0]
            assert count == loaded, path


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(damages=st.lists(damage, min_size=1, max_size=3, unique_by=lambda d: d[0]))
def test_damaged_files_never_stop_the_run_nor_touch_the_other_files(
    damages, baseline, tmp_path_factory
):
    root = tmp_path_factory.mktemp("mutated")
    landing = root / "landing"
    shutil.copytree(SAMPLE_LANDING, landing)
    touched = set()
    for rel, kind, where, noise in damages:
        path = landing / rel
        data = path.read_bytes()
        changed = mutate(data, rel.endswith(".gz"), kind, where, noise)
        if changed != data:
            path.write_bytes(changed)
            touched.add(rel)
    con = connect(root / "attt.duckdb")
    try:
        ingest_landing(con, landing)  # completes: no exception escapes
        check_invariants(con, landing, touched, baseline)
        again = ingest_landing(con, landing)
        assert {o.status for o in again} == {"unchanged"}
    finally:
        con.close()
    shutil.rmtree(root, ignore_errors=True)


def test_a_run_with_every_feed_damaged_completes_and_publishes(tmp_path, baseline):
    """The whole pipeline, once, with one damaged file of every feed and every kind of damage:
    it completes, publishes, and every other file loads as in the untouched sample."""
    landing = tmp_path / "landing"
    shutil.copytree(SAMPLE_LANDING, landing)
    feeds = [rel for rel in MUTABLE if rel.startswith("feeds/")]
    touched = set()
    for index, kind in enumerate(KINDS):
        rel = feeds[(index * 7) % len(feeds)]
        path = landing / rel
        path.write_bytes(mutate(path.read_bytes(), rel.endswith(".gz"), kind, 0.5, b"\xff\x00"))
        touched.add(rel)
    warehouse = tmp_path / "warehouse" / "attt.duckdb"
    report = run_pipeline(warehouse=warehouse, landing=landing)
    assert report.success and report.published, report.render()
    con = connect(warehouse, read_only=True)
    try:
        check_invariants(con, landing, touched, baseline)
    finally:
        con.close()
