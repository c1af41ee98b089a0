"""Every reason ingest writes reaches a reader in Vietnamese: each template of `readside.reasons`
matches what ingest writes, and every reason of a landing zone full of faulty files (the sample,
the faulty files of the other ingest tests, an agency tree with loops) has a translation."""

from __future__ import annotations

import gzip
import os
import shutil

import pytest

from ingest.pipeline import ingest_landing
from ingest.warehouse import connect
from readside.reasons import translated, vietnamese
from tests.conftest import SAMPLE_LANDING
from tests.feed_layouts import EVENT4, PSHTT, SCAN_FTP, infected, report_row, write_report
from tests.test_ingest_files import SYSTEMS_HEADER, system_row, write
from tests.test_oracle_agreement import add_faults

EXAMPLES = [
    "the file could not be taken in (KeyError: 'x'); the other files went on. Check it against "
    "the landing-zone contract and send it again",
    "a fault of the pipeline, not of the file (1 rows loaded and 0 set aside of the 2 rows read): "
    "nothing of the file loaded. Nothing in the file needs mending and it need not be sent again: "
    "the first run after the authority's data team has mended the check takes it in as it was "
    "sent",
    "taken in again after a fault of the pipeline; 1 row set aside: 1 × src_ip (ip_address)",
    "taken in again under contract v1.1 (it was checked under v1)",
    "the file is too large to check within the memory the pipeline may use; send it split into "
    "smaller files",
    "the file cannot be read: Permission denied",
    "unreadable file: the gzip stream is damaged or cut off",
    "header cell longer than 1 MiB: the header row never ends",
    "the converted Excel sheet could not be re-read",
    "re-checked against the new version of reference/agencies.csv: 1 row that loaded before now "
    "set aside, 2 rows set aside before now loaded; 3 rows set aside: 3 × owner_code "
    "(unknown_reference)",
    "taken in again under contract v1.1 (it was checked under v1): 0 rows that loaded before now "
    "set aside, 0 rows set aside before now loaded",
    "system_id, requirement_code 'A', 'KT.1.1' appears in 2 rows of this file; all of them are "
    "set aside",
]


@pytest.mark.parametrize("reason", EXAMPLES)
def test_each_template_reads_in_vietnamese(reason):
    words = translated(reason)
    assert words is not None and words != reason
    assert not any(english in words for english in (" is not ", "the file", " rows "))


def test_particulars_survive_and_dates_read_dd_mm_yyyy():
    assert vietnamese(
        "timestamp 2012-03-04 01:00:00 is outside the window of the report dated 2026-10-05 "
        "(events from 2026-09-28 00:00 to 2026-10-06 23:59:59 UTC)"
    ) == (
        "thời điểm 2012-03-04 01:00:00 nằm ngoài khoảng thời gian của báo cáo ngày 05/10/2026 "
        "(chỉ nhận sự kiện từ 00:00 ngày 28/09/2026 đến 23:59:59 ngày 06/10/2026, giờ UTC)"
    )
    assert vietnamese("'BTC' is not an agency code of reference/agencies.csv") == (
        "'BTC' không phải mã đơn vị trong reference/agencies.csv"
    )
    assert vietnamese("an unknown English sentence") == "an unknown English sentence"


def _faulty_zone(root):
    landing = root / "landing"
    shutil.copytree(SAMPLE_LANDING, landing)
    add_faults(landing, root / "outside.csv")
    files = {
        "dossiers/systems_20261001.csv": (SYSTEMS_HEADER + "\n" + system_row("X") + "\n").encode(
            "utf-16"
        ),
        "dossiers/assessments_20261001.csv": "system_id,requirement_code,assessed_on\n"
        "A,KT.1.1,2026-09-01\n",
        "dossiers/systems_20261003.csv": SYSTEMS_HEADER
        + "\n"
        + system_row("A")
        + "\nB,Hệ thống B,BYT,oper",
        "dossiers/systems_2026.csv": SYSTEMS_HEADER + "\n",
        "dossiers/systems_20261340.csv": SYSTEMS_HEADER + "\n",
        "dossiers/systems_20261004.csv": "",
        "dossiers/systems_20261020.csv": "\n".join(
            [
                SYSTEMS_HEADER,
                system_row("A"),
                system_row("A"),
                system_row("B") + ",x,y",
                "D,short",
                system_row("E", proposed_level="9"),
                system_row("F", proposed_level="x"),
                system_row("G", approved_on="", dossier_status="approved"),
                system_row("H", approved_level=""),
                system_row("I", approved_on="2027-01-01"),
                system_row("J", owner_code="NOPE"),
                system_row("K", plan_implemented="maybe"),
                system_row("L", submitted_on="01/05/2026"),
                system_row("M", operation_status="on"),
            ]
        )
        + "\n",
        "dossiers/systems_20261021.csv": SYSTEMS_HEADER + "," + SYSTEMS_HEADER.split(",")[0] + "\n",
        "feeds/botnet/2026-10-02-event4_sinkhole-x-1.csv": "timestamp,address\n1,2\n",
        "feeds/botnet/latest.csv": "timestamp,ip\n",
        "feeds/botnet/2026-10-21-event4_sinkhole-y-1.csv.gz": b"\x1f\x8b" + os.urandom(300),
        "feeds/webscan/pshtt_20261021T000000Z.csv": PSHTT + "\n" + PSHTT + "\n",
        "feeds/warnings/warnings_20261021.jsonl": '{"warning_id": "W9", "event": "issued", '
        '"at": "yesterday"}\n[1, 2]\nnot json\n{"warning_id": "W8", "event": "issued", "at": '
        '"2026-10-21T00:00:00Z", "agency_code": "BYT", "cve": "CVE-1", "severity": "high", '
        '"deadline": "2026-10-30"}\n',
        "feeds/heartbeats/heartbeats_20261021.jsonl": b"\xff\xfe bad",
        "reference/domains.csv": "domain,agency_code,system_id\nbyt.gov.vn,BYT,\n"
        "not a host,BYT,\nbyt.gov.vn,BTC,\nx.gov.vn,NOPE,\n",
        "reference/ip_allocations.csv": "cidr,agency_code,valid_from,valid_to\n"
        "203.113.1.0/24,BYT,2020-01-01,\n203.113.1.0/24,BTC,2024-01-01,\n"
        "2001:db8::1/32,BYT,2020-01-01,\n10.0.0.0,BYT,2020-01-01,\nbanana,BYT,2020-01-01,\n",
    }
    for rel, data in files.items():
        write(landing, rel, data)
    write_report(landing, "2026-10-22-scan_ftp-z-1.csv", SCAN_FTP,
                 [report_row(SCAN_FTP, timestamp="2026-10-22 00:00:00", ip="1.2.3.4")])  # fmt: skip
    write_report(landing, "2026-10-22-event4_sinkhole-z-2.csv", EVENT4,
                 [infected(EVENT4, "2026-10-22 00:00:00", "999.1.1.1"),
                  infected(EVENT4, "2011-10-22 00:00:00", "1.1.1.1"),
                  infected(EVENT4, "soon", "1.1.1.2")])  # fmt: skip
    (landing / "feeds" / "botnet" / "2026-10-23-event4_sinkhole-z-3.csv.gz").write_bytes(
        gzip.compress(b"timestamp,src_ip\n")[:10]
    )
    agencies = (landing / "reference" / "agencies.csv").read_text(encoding="utf-8")
    agencies += "\n".join([
        "X.1,Vòng 1,unit,X.2,,2020-01-01,,", "X.2,Vòng 2,unit,X.1,,2020-01-01,,",
        "X.3,Dưới vòng,unit,X.1,,2020-01-01,,", "ZZ,Tỉnh giả,province,,99,2020-01-01,,",
        "ZY,Tỉnh cũ,province,,ABC,2020-01-01,2024-12-31,", "ZX,Tỉnh mới,province,,,2020-01-01,,",
        "QQ,Bộ có cấp trên,ministry,BYT,,2020-01-01,,",
        "QR,Bộ có mã tỉnh,ministry,,01,2020-01-01,,",
        "bad code!,Sai mã,ministry,,,2020-01-01,,", "QS,,sector,,,2020-01-01,,",
        "QT,Đơn vị mồ côi,unit,NOPE,,2020-01-01,,", "QU,Đơn vị,unit,,,2020-01-01,,",
    ]) + "\n"  # fmt: skip
    (landing / "reference" / "agencies.csv").write_text(agencies, encoding="utf-8")
    return landing


def test_every_reason_of_a_faulty_zone_reads_in_vietnamese(tmp_path):
    landing = _faulty_zone(tmp_path)
    con = connect(tmp_path / "attt.duckdb")
    try:
        ingest_landing(con, landing)
        reasons = {
            r[0]
            for r in con.execute(
                "SELECT reason FROM raw.set_aside UNION SELECT reason FROM raw.ledger "
                "WHERE reason IS NOT NULL"
            ).fetchall()
        }
        rules = {r[0] for r in con.execute("SELECT DISTINCT rule FROM raw.set_aside").fetchall()}
    finally:
        con.close()
    assert len(reasons) >= 40 and len(rules) >= 20
    untranslated = sorted(r for r in reasons if translated(r) is None)
    assert untranslated == []
    from readside.vocabulary import RULES

    assert rules <= set(RULES)
