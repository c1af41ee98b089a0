"""On a landing zone the project has never seen, with faulty files in the real layouts, every
file is handled as contract v1.1 says and the scores equal the independent implementation
(tests/oracle), row for row.

The zone is the demo generator's with a seed the other tests do not use, and faults added the
way the national CERT's feeds and the dossier platform's exports go wrong: scan reports in the
botnet folder, a misdated report, the old drone layouts, a giant cell, CR line ends, BOMs, a cut
gzip stream, a symbolic link to a file outside, formulas in the Excel export. Most of them would
move a score if they were taken in wrongly (their addresses lie in allocated blocks)."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import random
import re
import shutil
import zipfile
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest

from demo import generate_landing_zone
from orchestration.runner import run_pipeline
from readside.exports import export_csv
from tests.feed_layouts import (
    DRONE_WITH_FAMILY,
    EVENT4,
    MICROSOFT_SINKHOLE,
    SCAN6_TELNET,
    SCAN_FTP,
    SINKHOLE_HTTP_DRONE,
    infected,
    report_row,
)
from tests.oracle import score_landing
from tests.test_oracle import differences, read_scores

MIB = 1 << 20


def allocated_addresses(landing: Path, count: int, seed: int) -> list[str]:
    """Addresses inside the zone's IPv4 allocations, so that counting them would move I5."""
    text = (landing / "reference" / "ip_allocations.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    blocks = [r["cidr"] for r in rows if "." in r["cidr"] and not r["valid_to"]]
    pick = random.Random(seed)
    found = []
    for _ in range(count):
        network, prefix = pick.choice(blocks).split("/")
        octets = [int(x) for x in network.split(".")]
        host = pick.randrange(1, max(2, min(2 ** (32 - int(prefix)) - 1, 250)))
        found.append(".".join(map(str, [*octets[:3], octets[3] + host])))
    return found


def write(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def add_formulas(path: Path) -> tuple[str, str]:
    """Turn the approved level of the first data row into a formula whose value Excel cached,
    and of the second into one with no cached value; returns their system ids."""
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    header = next(n for n in range(1, 20) if sheet.cell(n, 1).value == "Mã hệ thống")
    level = next(c for c in range(1, 20) if sheet.cell(header, c).value == "Cấp độ được phê duyệt")
    approved = [
        r for r in range(header + 1, sheet.max_row + 1)
        if sheet.cell(r, level).value not in (None, "")
    ]  # fmt: skip
    cached_row, blank_row = approved[0], approved[1]
    cached_value = sheet.cell(cached_row, level).value
    sheet.cell(cached_row, level).value = f"={cached_value}*1"
    sheet.cell(blank_row, level).value = "=1+1"
    book.save(path)
    letter = openpyxl.utils.get_column_letter(level)
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode("utf-8")
    xml, count = re.subn(
        rf'(<c r="{letter}{cached_row}"[^>]*>)(<f>[^<]*</f>)(<v>[^<]*</v>|<v\s*/>)?',
        rf"\g<1>\g<2><v>{cached_value}</v>",
        xml,
    )
    assert count == 1
    parts["xl/worksheets/sheet1.xml"] = xml.encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    return sheet.cell(cached_row, 1).value, sheet.cell(blank_row, 1).value


def add_faults(landing: Path, outside: Path) -> dict[str, tuple[str, str | None]]:
    """Write the faulty files; returns, per landing path, the outcome contract v1.1 gives it
    and (for a rejection) the start of its reason."""
    addresses = allocated_addresses(landing, 400, seed=5)
    botnet = landing / "feeds" / "botnet"
    day = "2026-11-{:02d} {:02d}:15:00"
    expected: dict[str, tuple[str, str | None]] = {}

    def report(name: str, header: str, rows: list[str], *, gz: bool = False,
               line_end: str = "\n", outcome: str = "loaded",
               reason: str | None = None) -> None:  # fmt: skip
        data = (line_end.join([header, *rows]) + line_end).encode("utf-8")
        write(botnet / name, gzip.compress(data, mtime=0) if gz else data)
        expected[f"feeds/botnet/{name}"] = (outcome, reason)

    take = iter(addresses)
    report(
        "2026-11-20-scan_ftp-vietnam-1001.csv",
        SCAN_FTP,
        [
            report_row(SCAN_FTP, timestamp=day.format(20, 3), ip=next(take), port="21")
            for _ in range(60)
        ],
        outcome="rejected",
        reason="report type scan_ftp is not an infected-system report",
    )
    report(
        "2026-11-21-scan6_telnet-vietnam-1002.csv",
        SCAN6_TELNET,
        [
            report_row(SCAN6_TELNET, timestamp=day.format(21, 3), ip=next(take), port="23")
            for _ in range(40)
        ],
        outcome="rejected",
        reason="report type scan6_telnet is not an infected-system",
    )
    report(
        "2026-11-10-event4_sinkhole-vietnam-1003.csv",
        EVENT4,
        [infected(EVENT4, f"2012-03-{d:02d} 01:00:00", next(take)) for d in range(1, 29)],
    )
    report(
        "2026-11-12-botnet_drone-vietnam-1004.csv",
        DRONE_WITH_FAMILY,
        [infected(DRONE_WITH_FAMILY, day.format(12, h % 24), next(take)) for h in range(30)],
    )
    report(
        "2026-11-13-sinkhole_http_drone-vietnam-1005.csv",
        SINKHOLE_HTTP_DRONE,
        [infected(SINKHOLE_HTTP_DRONE, day.format(13, h % 24), next(take)) for h in range(30)],
    )
    report(
        "2026-11-14-microsoft_sinkhole-vietnam-1006.csv.gz",
        MICROSOFT_SINKHOLE,
        [infected(MICROSOFT_SINKHOLE, day.format(14, h % 24), next(take)) for h in range(30)],
        gz=True,
    )
    giant = [infected(EVENT4, day.format(15, 2), next(take)) for _ in range(20)]
    giant[7] = report_row(
        EVENT4, timestamp=day.format(15, 2), src_ip=next(take), tag="T" * (3 * MIB)
    )
    report("2026-11-15-event4_sinkhole-vietnam-1007.csv", EVENT4, giant, line_end="\r")
    whole = gzip.compress(("\n".join([EVENT4] + [
        infected(EVENT4, day.format(16, 1), next(take)) for _ in range(40)]) + "\n").encode(),
        mtime=0)  # fmt: skip
    write(botnet / "2026-11-16-event4_sinkhole-vietnam-1008.csv.gz", whole[: len(whole) // 2])
    expected["feeds/botnet/2026-11-16-event4_sinkhole-vietnam-1008.csv.gz"] = (
        "rejected", "unreadable",
    )  # fmt: skip
    write(outside, "\n".join([EVENT4] + [infected(EVENT4, day.format(17, 1), next(take))
                                         for _ in range(40)]) + "\n")  # fmt: skip
    (botnet / "2026-11-17-event4_sinkhole-vietnam-1009.csv").symlink_to(outside)
    expected["feeds/botnet/2026-11-17-event4_sinkhole-vietnam-1009.csv"] = (
        "rejected", "symbolic link: not read",
    )  # fmt: skip
    write(botnet / ".2026-11-18-event4_sinkhole-vietnam-1010.csv.part", "half a transfer")
    lines = [infected(EVENT4, day.format(19, 1), next(take)) for _ in range(5)]
    mixed = (EVENT4 + "\r\n" + lines[0] + "\n" + lines[1] + "\r" + lines[2] + "\r\n"
             + lines[3] + "\n" + lines[4] + "\r")  # fmt: skip
    report_path = "feeds/botnet/2026-11-19-event4_sinkhole-vietnam-1011.csv"
    write(landing / report_path, mixed)
    expected[report_path] = ("loaded", None)  # every kind of line end, mixed

    # The platform's and the sensors' text files: BOMs and other line ends.
    dossiers = landing / "dossiers"
    latest = sorted(dossiers.glob("systems_*.csv"))[-1]
    text = latest.read_text(encoding="utf-8-sig")
    write(latest, "\ufeff" + "\r".join(text.splitlines()) + "\r")
    expected[f"dossiers/{latest.name}"] = ("loaded", None)
    for folder, end in (("heartbeats", "\r"), ("warnings", "\r\n")):
        found = sorted((landing / "feeds" / folder).glob("*.jsonl"))
        newest = found[-2] if len(found) > 1 else found[-1]
        lines = newest.read_text(encoding="utf-8").splitlines()
        write(newest, "\ufeff" + end.join(lines) + end)
        expected[f"feeds/{folder}/{newest.name}"] = ("loaded", None)
    scan = sorted((landing / "feeds" / "webscan").glob("pshtt_*.csv"))[-1]
    lines = scan.read_text(encoding="utf-8").splitlines()
    write(scan, "\n".join([*lines[:3], lines[0], *lines[3:]]) + "\n")  # a repeated header
    expected[f"feeds/webscan/{scan.name}"] = ("loaded", None)
    excel = sorted(dossiers.glob("systems_*.xlsx"))
    if excel:
        add_formulas(excel[0])
        expected[f"dossiers/{excel[0].name}"] = ("loaded", None)
    return expected


@pytest.fixture(scope="module")
def faulty_zone(tmp_path_factory):
    root = tmp_path_factory.mktemp("unseen")
    landing = root / "landing"
    generate_landing_zone(landing, scale="small", seed=20261, days=75,
                          end=dt.date(2026, 11, 30), progress=False)  # fmt: skip
    expected = add_faults(landing, root / "outside" / "report.csv")
    warehouse = root / "warehouse" / "attt.duckdb"
    report = run_pipeline(warehouse=warehouse, landing=landing)
    return landing, warehouse, report, expected


def test_every_faulty_file_is_handled_as_contract_v1_1_says(faulty_zone):
    landing, warehouse, report, expected = faulty_zone
    assert report.success and report.published, report.render()
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        ledger = {
            row[0]: row[1:]
            for row in con.execute(
                "SELECT path, outcome, reason, rows_read, rows_loaded, rows_set_aside "
                "FROM raw.ledger WHERE superseded_by IS NULL"
            ).fetchall()
        }
        for rel, (outcome, reason) in expected.items():
            got = ledger[rel]
            assert got[0] == outcome, (rel, got)
            if reason:
                assert got[1].startswith(reason) or reason in got[1], (rel, got[1])
        # the misdated report loaded, every event set aside for the window
        misdated = ledger["feeds/botnet/2026-11-10-event4_sinkhole-vietnam-1003.csv"]
        assert misdated[2:] == (28, 0, 28)
        giant = ledger["feeds/botnet/2026-11-15-event4_sinkhole-vietnam-1007.csv"]
        assert giant[2:] == (20, 19, 1)
        assert ledger["feeds/botnet/2026-11-19-event4_sinkhole-vietnam-1011.csv"][2:] == (5, 5, 0)
        assert not any(".part" in rel for rel in ledger)
        assert (
            con.execute(
                "SELECT count(*) FROM raw.botnet_events e JOIN raw.current_files USING (file_id) "
                "WHERE e.observed_at < TIMESTAMPTZ '2026-01-01 00:00:00+00'"
            ).fetchone()[0]
            == 0
        )
        layouts = dict(
            con.execute(
                "SELECT report, any_value(layout) FROM raw.botnet_events "
                "WHERE family IS NOT NULL OR layout = 'sinkhole_http_drone' GROUP BY ALL"
            ).fetchall()
        )
        assert layouts["sinkhole_http_drone"] == "sinkhole_http_drone"
        assert layouts["microsoft_sinkhole"] == "sinkhole_http_drone"
        formula_rows = con.execute(
            "SELECT rule, count(*) FROM raw.set_aside WHERE rule = 'formula' GROUP BY ALL"
        ).fetchall()
        if any(rel.endswith(".xlsx") for rel in expected):
            assert formula_rows == [("formula", 1)]
    finally:
        con.close()


def test_the_scores_equal_the_independent_implementation(faulty_zone):
    landing, _, report, _ = faulty_zone
    got = read_scores(io.StringIO(export_csv(report.serving, "scores")))
    periods = sorted(got["period"].unique())
    assert {"2026-09", "2026-10", "2026-11"} <= set(periods)
    expected = score_landing(landing, periods)
    got = got[list(expected.columns)]
    key = ["period", "unit_code"]
    found = differences(
        expected.sort_values(key).reset_index(drop=True),
        got.sort_values(key).reset_index(drop=True),
    )
    assert found == [], "\n".join(found[:40])


def test_the_oracle_would_see_a_fault_taken_in_wrongly(faulty_zone, tmp_path):
    """A positive control: the comparison is not blind to I5. Counting the scan report's open
    FTP servers as infected (as the v1 pipeline did) changes the oracle's botnet hygiene."""
    landing, _, report, _ = faulty_zone
    wrong = tmp_path / "landing"
    shutil.copytree(landing, wrong, symlinks=True)
    scan = wrong / "feeds" / "botnet" / "2026-11-20-scan_ftp-vietnam-1001.csv"
    text = scan.read_text(encoding="utf-8").splitlines()
    rows = [infected(EVENT4, f"2026-11-20 03:{i % 60:02d}:00", line.split(",")[1])
            for i, line in enumerate(text[1:])]  # fmt: skip
    scan.unlink()
    write(wrong / "feeds" / "botnet" / "2026-11-20-event4_sinkhole-vietnam-1001.csv",
          "\n".join([EVENT4, *rows]) + "\n")  # fmt: skip
    november = ["2026-11"]
    right = score_landing(landing, november).set_index("unit_code")["botnet_hygiene"]
    moved = score_landing(wrong, november).set_index("unit_code")["botnet_hygiene"]
    assert (right.fillna(-1) != moved.fillna(-1)).any()


def test_the_demo_has_a_unit_not_ranked_and_units_that_change_grade(faulty_zone):
    """So that every part of every page shows something: the demo's zones have a unit that is
    not ranked (a corporation with no system on the platform yet) and grades that move."""
    _, _, report, _ = faulty_zone
    scores = read_scores(io.StringIO(export_csv(report.serving, "scores")))
    november = scores[scores["period"] == "2026-11"]
    assert "VIMC" in set(november.loc[~november["ranked"], "unit_code"])
    october = scores[scores["period"] == "2026-10"].set_index("unit_code")["grade"]
    moved = november.set_index("unit_code")["grade"].ne(october.reindex(november["unit_code"]))
    assert moved.sum() >= 1


def test_the_contributions_add_up_to_the_independent_change_of_every_composite(faulty_zone):
    """Change explained, checked against the independent implementation: for every unit with a
    composite in a month and the month before, its seven exported contributions add up to the
    change of the oracle's composite (and the values beside them are the oracle's)."""
    landing, _, report, _ = faulty_zone
    changes = pd.read_csv(
        io.StringIO(export_csv(report.serving, "changes")),
        dtype={"period": str, "unit_code": str},
        keep_default_na=False,
        na_values=[""],
    )  # the unit code NA (Nghệ An) is not a missing value
    expected = score_landing(landing).set_index(["period", "unit_code"])
    assert changes["period"].nunique() >= 2
    checked = 0
    for (period, unit), rows in changes.groupby(["period", "unit_code"]):
        previous = rows["previous_period"].iloc[0]
        now, before = expected.loc[(period, unit)], expected.loc[(previous, unit)]
        assert abs(rows["contribution"].sum() - (now["composite"] - before["composite"])) <= 1e-9
        for row in rows.itertuples():
            for got, want in ((row.value, now[row.indicator]),
                              (row.previous_value, before[row.indicator])):  # fmt: skip
                assert (pd.isna(got) and pd.isna(want)) or abs(got - want) <= 1e-9
        checked += 1
    # every unit with a composite in two months running is explained
    both = {
        (period, unit) for (period, unit), row in expected.iterrows()
        if pd.notna(row["composite"])
        and (previous := f"{pd.Period(period, 'M') - 1}", unit) in expected.index
        and pd.notna(expected.loc[(previous, unit), "composite"])
    }  # fmt: skip
    explained = set(changes.groupby(["period", "unit_code"]).groups)
    assert explained == both and checked == len(both) > 0, both ^ explained
