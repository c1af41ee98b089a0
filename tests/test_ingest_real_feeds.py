"""Contract v1.1 at ingest, on files in the real layouts that the tests write themselves: the
botnet report types and layouts, the event window, BOM and line ends, giant cells, symbolic
links, rejected re-sends, Excel formulas, and the agency tree at depth."""

from __future__ import annotations

import gzip
import io
import os
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from ingest.pipeline import ingest_landing
from tests.feed_layouts import (
    DRONE,
    DRONE_WITH_FAMILY,
    EVENT4,
    EVENT4_HTTP,
    MICROSOFT_SINKHOLE,
    PSHTT,
    SCAN6_TELNET,
    SCAN_FTP,
    SINKHOLE_HTTP_DRONE,
    infected,
    pshtt_row,
    report_row,
    write_report,
)
from tests.test_ingest_files import SYSTEMS_HEADER, ledger, system_row, write

MIB = 1 << 20


def outcome_of(outcomes, rel):
    (found,) = [o for o in outcomes if o.path == rel]
    return found


def set_aside(con, rel):
    return con.execute(
        "SELECT source_row, column_name, rule, reason FROM raw.set_aside WHERE path = ? "
        "ORDER BY source_row NULLS FIRST, column_name",
        [rel],
    ).fetchall()


# --- report types and layouts --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("report", "header"),
    [
        ("scan_ftp", SCAN_FTP),
        ("scan6_telnet", SCAN6_TELNET),
        ("blocklist", "timestamp,ip,asn,geo,region,city,hostname,naics,sic,source,infection"),
        ("event4_sinkhole_http_referer", EVENT4_HTTP),
        ("honeypot_brute_force_events", EVENT4),
    ],
)
def test_reports_that_are_not_infected_system_reports_are_rejected(
    empty_landing, ingest, report, header
):
    """Finding: scan reports placed in feeds/botnet/ loaded as the drone layout, counting open
    FTP and telnet servers as infected addresses."""
    rows = [
        report_row(header, timestamp="2026-10-20 01:00:00", ip=f"203.113.109.{i}")
        if "ip" in header.split(",")
        else infected(header, "2026-10-20 01:00:00", f"203.113.109.{i}")
        for i in range(1, 40)
    ]
    rel = write_report(empty_landing, f"2026-10-20-{report}-vietnam-1.csv", header, rows)
    outcomes, con = ingest(empty_landing)
    found = outcome_of(outcomes, rel)
    assert found.status == "rejected"
    assert found.reason.startswith(f"report type {report} is not an infected-system report")
    assert (found.rows_read, found.rows_loaded, found.rows_set_aside) == (39, 0, 39)
    assert con.execute("SELECT count(*) FROM raw.botnet_events").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("report", "header", "layout", "family"),
    [
        ("event4_sinkhole", EVENT4, "event4_sinkhole", "mirai"),
        ("event4_sinkhole_http", EVENT4_HTTP, "event4_sinkhole", "mirai"),
        ("event6_sinkhole", EVENT4, "event4_sinkhole", "mirai"),
        ("botnet_drone", DRONE_WITH_FAMILY, "drone", "mirai"),
        ("drone", DRONE, "drone", None),
        ("sinkhole_http_drone", SINKHOLE_HTTP_DRONE, "sinkhole_http_drone", None),
        ("microsoft_sinkhole", MICROSOFT_SINKHOLE, "sinkhole_http_drone", None),
    ],
)
def test_every_layout_keeps_address_port_asn_infection_and_family(
    empty_landing, ingest, report, header, layout, family
):
    """Findings: real drone reports carry `family` and it was dropped; the old HTTP-drone
    layouts loaded with port and infection empty, silently."""
    address = "2001:db8::7" if report.startswith("event6") else "203.113.109.7"
    rows = [infected(header, "2026-10-20 01:00:00", address, port="5555", infection="conficker",
                     family="mirai")]  # fmt: skip
    rel = write_report(empty_landing, f"2026-10-20-{report}-vietnam-1.csv", header, rows)
    outcomes, con = ingest(empty_landing)
    assert outcome_of(outcomes, rel).status == "loaded"
    got = con.execute(
        "SELECT ip, port, asn, infection, family, layout, report FROM raw.botnet_events"
    ).fetchall()
    assert got == [(address, 5555, 45899, "conficker", family, layout, report)]


def test_a_header_of_no_sinkhole_layout_is_rejected(empty_landing, ingest):
    rel = write_report(
        empty_landing, "2026-10-20-botnet_drone-vietnam-1.csv", "timestamp,ip,port,asn",
        ["2026-10-20 01:00:00,203.113.109.7,1,2"],
    )  # fmt: skip
    outcomes, _ = ingest(empty_landing)
    assert "none of the three sinkhole layouts" in outcome_of(outcomes, rel).reason


# --- the event window ----------------------------------------------------------------------------


def test_events_outside_the_window_of_their_report_are_set_aside(empty_landing, ingest):
    """Finding: a report whose events are years older than its date loaded, and the scored
    months stretched back to 2011."""
    times = [
        "2026-09-28 00:00:00",  # row 2: D - 7 days, 00:00 UTC: the first instant accepted
        "2026-09-27T23:59:59Z",  # row 3: just before
        "2026-10-06 23:59:59",  # row 4: the end of D + 1: the last instant accepted
        "2026-10-07 00:00:00",  # row 5: just after
        "2011-03-04 01:00:00",  # row 6: years older
        "2026-10-06T23:00:00-05:00",  # row 7: 04:00 UTC on 10-07: after
        "2026-10-05T06:00:00+07:00",  # row 8: inside
    ]
    rows = [infected(EVENT4, at, f"203.113.109.{i}") for i, at in enumerate(times, start=1)]
    rel = write_report(empty_landing, "2026-10-05-event4_sinkhole-vietnam-1.csv", EVENT4, rows)
    outcomes, con = ingest(empty_landing)
    found = outcome_of(outcomes, rel)
    assert (found.rows_read, found.rows_loaded, found.rows_set_aside) == (7, 3, 4)
    aside = set_aside(con, rel)
    assert [(r[0], r[1], r[2]) for r in aside] == [
        (row, "timestamp", "event_window") for row in (3, 5, 6, 7)
    ]
    assert aside[2][3].startswith(
        "timestamp 2011-03-04 01:00:00 is outside the window of the report dated 2026-10-05"
    )
    months = con.execute(
        "SELECT DISTINCT strftime(observed_at, '%Y-%m') FROM raw.botnet_events"
    ).fetchall()
    assert set(months) <= {("2026-09",), ("2026-10",)}


# --- text: BOM and line ends ---------------------------------------------------------------------

LINE_ENDS = {"LF": "\n", "CRLF": "\r\n", "CR": "\r"}


@pytest.mark.parametrize("bom", [False, True], ids=["no-bom", "bom"])
@pytest.mark.parametrize("line_end", list(LINE_ENDS), ids=list(LINE_ENDS))
def test_every_text_format_reads_with_a_bom_and_any_line_end(empty_landing, ingest, bom,
                                                             line_end):  # fmt: skip
    """Findings: a UTF-8 BOM at the start of a JSONL file set its first, valid line aside; a CSV
    with CR line ends stopped the whole run with a csv.Error that named no file."""
    end, mark = LINE_ENDS[line_end], "\ufeff" if bom else ""

    def text(lines: list[str]) -> bytes:
        return (mark + end.join(lines) + end).encode("utf-8")

    files = {
        "dossiers/systems_20261015.csv": text([SYSTEMS_HEADER, system_row("A"), system_row("B")]),
        "feeds/webscan/pshtt_20261020T010000Z.csv": text(
            [PSHTT, pshtt_row("byt.gov.vn"), pshtt_row("hanoi.gov.vn", secure=False)]
        ),
        "feeds/heartbeats/heartbeats_20261020.jsonl": text(
            [
                '{"system_id": "A", "sensor_id": "S1", "at": "2026-10-20T00:00:00Z"}',
                '{"system_id": "B", "sensor_id": "S1", "at": "2026-10-20T00:05:00Z"}',
            ]
        ),  # fmt: skip
        "feeds/warnings/warnings_20261020.jsonl": text(
            [
                '{"warning_id": "W1", "event": "issued", "at": "2026-10-20T01:00:00+07:00", '
                '"agency_code": "BYT", "cve": "CVE-2026-1234", "severity": "high", '
                '"deadline": "2026-10-30"}',
                '{"warning_id": "W1", "event": "remediated", "at": "2026-10-21T01:00:00+07:00"}',
            ]
        ),  # fmt: skip
    }
    for rel, data in files.items():
        write(empty_landing, rel, data)
    rows = [infected(EVENT4, "2026-10-20 01:00:00", "203.113.109.7"),
            infected(EVENT4, "2026-10-20 02:00:00", "203.113.109.8")]  # fmt: skip
    for gz in (False, True):
        name = f"2026-10-20-event4_sinkhole-vietnam-{int(gz)}.csv" + (".gz" if gz else "")
        files[write_report(empty_landing, name, EVENT4, rows, gz=gz, line_end=end, bom=bom)] = b""
    outcomes, con = ingest(empty_landing)
    for rel in files:
        found = outcome_of(outcomes, rel)
        assert (found.status, found.rows_read, found.rows_loaded) == ("loaded", 2, 2), found
    # the first row of every file is its row 2 (CSV) or line 1 (JSONL), BOM or not
    first_rows = con.execute(
        "SELECT min(source_row) FROM raw.heartbeats UNION ALL "
        "SELECT min(source_row) FROM raw.systems UNION ALL "
        "SELECT min(source_row) FROM raw.botnet_events"
    ).fetchall()
    assert first_rows == [(1,), (2,), (2,)]
    assert con.execute("SELECT count(*) FROM raw.set_aside").fetchone()[0] == 0


# --- giant cells ---------------------------------------------------------------------------------


@pytest.mark.parametrize("column", ["infection", "tag", "ssl_servername"])
@pytest.mark.parametrize("size", [3 * MIB, MIB + 1])
def test_a_cell_over_1_mib_sets_its_row_aside_and_the_others_load(empty_landing, ingest,
                                                                  column, size):  # fmt: skip
    """Finding: one sinkhole row with a 3 MB cell stopped the whole run with an AttributeError
    that named no file. The cell may be in a column the warehouse keeps or not."""
    big = report_row(
        EVENT4, timestamp="2026-10-20 01:00:00", src_ip="203.113.109.9", **{column: "x" * size}
    )
    rows = [
        infected(EVENT4, "2026-10-20 01:00:00", "203.113.109.7"),
        big,
        infected(EVENT4, "2026-10-20 01:00:00", "203.113.109.8"),
        report_row(EVENT4, timestamp="2026-10-20 01:00:00", src_ip="203.113.109.10", tag="y" * MIB),
    ]  # fmt: skip  (exactly 1 MiB: allowed)
    rel = write_report(empty_landing, "2026-10-21-event4_sinkhole-vietnam-3.csv", EVENT4, rows)
    outcomes, con = ingest(empty_landing)
    found = outcome_of(outcomes, rel)
    assert (found.status, found.rows_read, found.rows_loaded, found.rows_set_aside) == (
        "loaded", 4, 3, 1,
    )  # fmt: skip
    assert set_aside(con, rel) == [(3, column, "cell_too_long", "cell longer than 1 MiB")]
    assert con.execute("SELECT max(source_row) FROM raw.botnet_events").fetchone()[0] == 5
    # nothing of the giant cell is kept
    assert (
        con.execute("SELECT max(strlen(coalesce(record, ''))) FROM raw.set_aside").fetchone()[0]
        < 10_000
    )


def test_a_row_that_is_all_giant_cells_is_set_aside(empty_landing, ingest):
    cells = {name: "z" * (MIB - 10) for name in ("tag", "application", "version", "ssl_cipher")}
    rows = [report_row(EVENT4, timestamp="2026-10-20 01:00:00", src_ip="203.113.109.9", **cells),
            infected(EVENT4, "2026-10-20 01:00:00", "203.113.109.7"),
            "2026-10-20 01:00:00," + "w" * (40 * MIB)]  # fmt: skip
    rel = write_report(empty_landing, "2026-10-21-event4_sinkhole-vietnam-4.csv", EVENT4, rows)
    outcomes, con = ingest(empty_landing)
    found = outcome_of(outcomes, rel)
    # row 2: four cells just under 1 MiB each: it loads; row 4: too few cells and a giant one
    assert (found.rows_read, found.rows_loaded, found.rows_set_aside) == (3, 2, 1)
    assert [r[2] for r in set_aside(con, rel)] == ["cell_too_long"]


def test_a_jsonl_field_over_1_mib_sets_its_line_aside(empty_landing, ingest):
    rel = "feeds/heartbeats/heartbeats_20261020.jsonl"
    write(
        empty_landing,
        rel,
        '{"system_id": "A", "sensor_id": "S1", "at": "2026-10-20T00:00:00Z"}\n'
        f'{{"system_id": "A", "sensor_id": "{"s" * (2 * MIB)}", "at": "2026-10-20T00:00:00Z"}}\n'
        '{"system_id": "B", "sensor_id": "S1", "at": "2026-10-20T00:00:00Z"}\n',
    )
    outcomes, con = ingest(empty_landing)
    assert (outcome_of(outcomes, rel).rows_loaded, outcome_of(outcomes, rel).rows_set_aside) == (
        2, 1,
    )  # fmt: skip
    assert set_aside(con, rel) == [(2, "sensor_id", "cell_too_long", "cell longer than 1 MiB")]


@pytest.mark.parametrize(("width", "status"), [(200 * 1024, "loaded"), (MIB + 1, "rejected")])
def test_a_header_cell_over_1_mib_rejects_the_file(empty_landing, ingest, width, status):
    """Finding: a header cell over 128 KiB stopped the whole run with a csv.Error."""
    header = EVENT4 + "," + "h" * width
    rows = [infected(EVENT4, "2026-10-20 01:00:00", "203.113.109.7") + ",x"]
    rel = write_report(empty_landing, "2026-10-21-event4_sinkhole-vietnam-5.csv", header, rows)
    outcomes, _ = ingest(empty_landing)
    found = outcome_of(outcomes, rel)
    assert found.status == status
    if status == "rejected":
        assert found.reason == "header cell longer than 1 MiB (column 34)"


# --- no file stops the others --------------------------------------------------------------------


def test_broken_files_of_every_kind_each_get_their_reason_and_the_rest_load(empty_landing, ingest):
    """Finding: one broken file stopped the whole run, and every run after it."""
    good = "dossiers/systems_20261015.csv"
    write(empty_landing, good, "\n".join([SYSTEMS_HEADER, system_row("A")]))
    whole = gzip.compress(("\n".join([EVENT4] + [
        infected(EVENT4, "2026-10-20 01:00:00", f"203.113.{i % 250}.{i % 200}")
        for i in range(3000)]) + "\n").encode())  # fmt: skip
    broken = {
        "feeds/botnet/2026-10-21-event4_sinkhole-a-1.csv.gz": whole[: len(whole) // 3],
        "feeds/botnet/2026-10-21-event4_sinkhole-b-1.csv.gz": b"\x1f\x8b" + os.urandom(500),
        "feeds/botnet/2026-10-21-event4_sinkhole-c-1.csv": (EVENT4 + "\r\n1,2\n3\r4").encode(),
        "feeds/botnet/2026-10-21-event4_sinkhole-d-1.csv": (EVENT4 + "\r1,2\r").encode(),
        "feeds/botnet/2026-10-21-event4_sinkhole-e-1.csv": (
            EVENT4 + "\n" + infected(EVENT4, "2026-10-20 01:00:00", "1.2.3.4", family="f" * 3 * MIB)
        ).encode(),
        "feeds/webscan/pshtt_20261021T000000Z.csv": (PSHTT + "\n" + PSHTT + "\n").encode(),
        "feeds/heartbeats/heartbeats_20261021.jsonl": b"\xff\xfe{\x00}\x00",
        "dossiers/assessments_20261021.csv": b"\x00" * 4096,
        "dossiers/systems_20261021.xlsx": b"PK\x03\x04 not a workbook",
        "reference/domains.csv": ("domain,agency_code\n" + '"' * 3 + "\n").encode(),
    }
    for rel, data in broken.items():
        write(empty_landing, rel, data)
    outcomes, con = ingest(empty_landing)
    assert outcome_of(outcomes, good).rows_loaded == 1
    for rel in broken:
        (row,) = ledger(con, rel)
        assert row[4], rel  # a reason, in words
        status, read, loaded, aside = row[0], row[1], row[2], row[3]
        assert status in ("rejected", "loaded"), rel
        assert read is None or read == loaded + aside, rel
    again = ingest_landing(con, empty_landing)
    assert {o.status for o in again} == {"unchanged"}


# --- re-sends, links -----------------------------------------------------------------------------

ALLOCATIONS = "reference/ip_allocations.csv"


def test_a_rejected_re_send_never_supersedes_the_version_in_force(empty_landing, ingest):
    """Finding: an empty re-send of reference/ip_allocations.csv was rejected, yet superseded
    the good version: botnet hygiene went missing for every unit."""
    good = "cidr,agency_code,valid_from,valid_to\n203.113.1.0/24,BYT,2020-01-01,\n"
    write(empty_landing, ALLOCATIONS, good)
    _, con = ingest(empty_landing)
    for attempt in (b"", b"\xff\xfe bad bytes", b"cidr,valid_from\n10.0.0.0/8,2020-01-01\n"):
        write(empty_landing, ALLOCATIONS, attempt)
        (outcome,) = [o for o in ingest_landing(con, empty_landing) if o.path == ALLOCATIONS]
        assert outcome.status == "rejected"
        in_force = con.execute(
            "SELECT a.cidr FROM raw.ip_allocations a JOIN raw.current_files USING (file_id)"
        ).fetchall()
        assert in_force == [("203.113.1.0/24",)]
    statuses = [r[0] for r in ledger(con, ALLOCATIONS)]
    assert statuses == ["loaded", "superseded", "superseded", "rejected"]
    # the same rejected bytes again change nothing; a good correction replaces both
    assert {o.status for o in ingest_landing(con, empty_landing)} == {"unchanged"}
    write(empty_landing, ALLOCATIONS, good + "203.113.2.0/24,BYT,2020-01-01,\n")
    ingest_landing(con, empty_landing)
    assert [r[0] for r in ledger(con, ALLOCATIONS)][-2:] == ["superseded", "loaded"]
    assert [r[0] for r in ledger(con, ALLOCATIONS)].count("loaded") == 1


def test_symbolic_links_and_other_entries_are_rejected_unread(empty_landing, ingest, tmp_path):
    """Finding: a symbolic link in the landing zone was followed outside it, and the lines of
    a system file of the server became set-aside values shown to analysts."""
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.jsonl"
    secret.write_text('{"warning_id": "SECRET-1", "event": "issued"}\nroot:x:0:0\n')
    (empty_landing / "feeds" / "warnings").mkdir(parents=True)
    (empty_landing / "feeds" / "warnings" / "warnings_20261020.jsonl").symlink_to(secret)
    (empty_landing / "feeds" / "heartbeats").symlink_to(outside, target_is_directory=True)
    os.mkfifo(empty_landing / "feeds" / "warnings" / "warnings_20261021.jsonl")
    outcomes, con = ingest(empty_landing)
    by_path = {o.path: o for o in outcomes}
    assert by_path["feeds/warnings/warnings_20261020.jsonl"].reason == "symbolic link: not read"
    assert by_path["feeds/heartbeats"].reason == "symbolic link: not read"
    assert by_path["feeds/warnings/warnings_20261021.jsonl"].reason.startswith("not a regular file")
    for rel in ("feeds/warnings/warnings_20261020.jsonl", "feeds/heartbeats"):
        assert by_path[rel].status == "rejected" and by_path[rel].rows_read is None
    shown = " ".join(
        str(r) for r in con.execute("SELECT * FROM raw.set_aside").fetchall()
    ) + " ".join(str(r) for r in con.execute("SELECT * FROM raw.ledger").fetchall())
    assert "SECRET" not in shown and "root:x" not in shown
    assert con.execute("SELECT count(*) FROM raw.warning_events").fetchone()[0] == 0
    assert {o.status for o in ingest_landing(con, empty_landing)} == {"unchanged"}


# --- Excel formulas ------------------------------------------------------------------------------

EXCEL_HEADERS = [
    "Mã hệ thống", "Tên hệ thống", "Mã đơn vị chủ quản", "Trạng thái vận hành", "Cấp độ đề xuất",
    "Trạng thái hồ sơ", "Ngày nộp", "Ngày phê duyệt", "Cấp độ được phê duyệt", "Số quyết định",
    "Đã triển khai đầy đủ phương án", "Lớp 1 - Lực lượng tại chỗ",
    "Lớp 2 - Giám sát, bảo vệ chuyên nghiệp",
    "Lớp 3 - Ngày kiểm tra, đánh giá độc lập gần nhất", "Lớp 4 - Kết nối NCSC",
]  # fmt: skip


def excel_row(system_id: str, level: object = 2, decision: object = "12/QĐ") -> list:
    return [system_id, f"Hệ thống {system_id}", "BYT", "Đang vận hành", level, "Đã phê duyệt",
            "01/05/2026", "01/06/2026", level, decision, "Có", "Có", "Không", None,
            "Có"]  # fmt: skip


def with_cached_values(path: Path, values: dict[str, str]) -> None:
    """Give formula cells the value Excel would have cached for them (openpyxl writes
    formulas without one): `values` maps a cell reference (E5) to its cached number."""
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    xml = parts[sheet].decode("utf-8")
    for ref, value in values.items():
        xml, count = re.subn(
            rf'(<c r="{ref}"[^>]*>)(<f>[^<]*</f>)(<v>[^<]*</v>|<v\s*/>)?',
            rf"\1\2<v>{value}</v>",
            xml,
        )
        assert count == 1, ref
    parts[sheet] = xml.encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    path.write_bytes(buffer.getvalue())


def test_excel_formulas_read_by_their_cached_value_or_set_their_row_aside(empty_landing, ingest):
    """Finding: an Excel export whose cells hold formulas without cached values loaded them as
    empty: required columns were set aside as "is empty", optional ones became NULL silently."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH HỆ THỐNG THÔNG TIN THEO CẤP ĐỘ"])
    sheet.append(EXCEL_HEADERS)
    sheet.append(excel_row("HT-1"))  # row 3: plain values
    sheet.append(excel_row("HT-2", level="=1+1"))  # row 4: formula with a cached value
    sheet.append(excel_row("HT-3", level="=1+2"))  # row 5: a required cell, no cached value
    sheet.append(excel_row("HT-4", decision='=CONCAT("12","/QĐ")'))  # row 6: optional, none
    rel = "dossiers/systems_20261015.xlsx"
    (empty_landing / "dossiers").mkdir()
    book.save(empty_landing / rel)
    with_cached_values(empty_landing / rel, {"E4": "2", "I4": "2"})
    outcomes, con = ingest(empty_landing)
    found = outcome_of(outcomes, rel)
    assert (found.status, found.rows_read, found.rows_loaded, found.rows_set_aside) == (
        "loaded", 4, 2, 2,
    )  # fmt: skip
    assert con.execute(
        "SELECT system_id, proposed_level, approved_level, decision_no FROM raw.systems ORDER BY 1"
    ).fetchall() == [("HT-1", 2, 2, "12/QĐ"), ("HT-2", 2, 2, "12/QĐ")]
    aside = set_aside(con, rel)
    assert [(r[0], r[1], r[2]) for r in aside] == [
        (5, "proposed_level", "formula"),
        (6, "decision_no", "formula"),
    ]
    assert aside[0][3].startswith("formula without a value in column E (Cấp độ đề xuất)")


# --- the agency tree -----------------------------------------------------------------------------

AGENCIES_HEADER = "code,name,kind,parent_code,province_code,valid_from,valid_to,successor_code"


def test_the_agency_tree_is_checked_in_one_pass_at_any_depth(empty_landing, ingest):
    """Finding: the tree check grew with the cube of the depth (3,000 nested units took 50 s);
    a loop of 5,000 units took 15 s, 2.4 GB and stored 195 MB of reason text. Units deeper
    than 64 levels also lost their top-level unit."""
    lines = [AGENCIES_HEADER]
    for ministry in range(100):
        lines.append(f"M{ministry},Bộ {ministry},ministry,,,2020-01-01,,")
        parent = f"M{ministry}"
        for depth in range(100):
            code = f"M{ministry}.{depth}"
            lines.append(f"{code},Đơn vị {code},unit,{parent},,2020-01-01,,")
            parent = code
    lines += [f"L{i},Vòng {i},unit,L{(i + 1) % 5000},,2020-01-01,," for i in range(5000)]
    lines += [f"T{i},Dưới vòng {i},unit,L{i * 7},,2020-01-01,," for i in range(300)]
    write(empty_landing, "reference/agencies.csv", "\n".join(lines) + "\n")
    outcomes, con = ingest(empty_landing)
    found = outcome_of(outcomes, "reference/agencies.csv")
    assert (found.rows_read, found.rows_loaded, found.rows_set_aside) == (15400, 10100, 5300)
    assert con.execute(
        "SELECT top_level_code, levels_below_top FROM raw.agencies WHERE code = 'M42.99'"
    ).fetchone() == ("M42", 100)
    assert (
        con.execute("SELECT count(*) FROM raw.agencies WHERE top_level_code IS NULL").fetchone()[0]
        == 0
    )
    rules = dict(
        con.execute(
            "SELECT rule, count(*) FROM raw.set_aside WHERE path = 'reference/agencies.csv' "
            "GROUP BY ALL"
        ).fetchall()
    )
    assert rules == {"cycle": 5000, "unknown_reference": 300}
    longest = con.execute("SELECT max(strlen(reason)) FROM raw.set_aside").fetchone()[0]
    assert longest < 200
    assert con.execute("SELECT reason FROM raw.set_aside WHERE source_row = 2 + 10100").fetchone()[
        0
    ] == (
        "the parent chain loops back on itself: a loop of 5,000 units "
        "(L0 → L1 → L2 → L3 → L4 → … → L4999 → L0)"
    )


def test_the_sample_agencies_roll_up_as_before(sample_ingested):
    _, con, _ = sample_ingested
    assert (
        con.execute(
            "SELECT count(*) FROM raw.agencies WHERE kind = 'unit' AND top_level_code = code"
        ).fetchone()[0]
        == 0
    )
    assert (
        con.execute(
            "SELECT count(*) FROM raw.agencies WHERE kind <> 'unit' AND top_level_code <> code"
        ).fetchone()[0]
        == 0
    )


def test_line_ends_mixed_within_a_file_are_read_with_their_row_numbers(empty_landing, ingest):
    rows = [infected(EVENT4, "2026-10-20 01:00:00", f"203.113.109.{i}") for i in range(1, 5)]
    rows[2] = "2026-10-20 01:00:00,short"  # row 4: too few cells
    text = EVENT4 + "\r\n" + rows[0] + "\n" + rows[1] + "\r" + rows[2] + "\r\n" + rows[3] + "\r"
    rel = "feeds/botnet/2026-10-20-event4_sinkhole-vietnam-1.csv.gz"
    write(empty_landing, rel, gzip.compress(text.encode()))
    outcomes, con = ingest(empty_landing)
    found = outcome_of(outcomes, rel)
    assert (found.status, found.rows_read, found.rows_loaded, found.rows_set_aside) == (
        "loaded", 4, 3, 1,
    )  # fmt: skip
    assert [r[0] for r in set_aside(con, rel)] == [4]
    assert con.execute("SELECT list(source_row ORDER BY 1) FROM raw.botnet_events").fetchone()[
        0
    ] == [2, 3, 5]
