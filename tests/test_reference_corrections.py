"""A new version of a reference list re-checks the rows it decides: a row set aside for a code
the new list knows loads, a row whose code the list drops is set aside, and the ledger and the
set-aside table say what moved and why. Files taken in under an earlier contract version are
taken in again under the one in force."""

from __future__ import annotations

from ingest.pipeline import ingest_landing
from sources import CONTRACT_VERSION
from tests.feed_layouts import SCAN_FTP, report_row, write_report
from tests.test_ingest_files import SYSTEMS_HEADER, system_row, write

AGENCIES_HEADER = "code,name,kind,parent_code,province_code,valid_from,valid_to,successor_code"


def agencies(*codes: str) -> str:
    rows = [f"{code},Bộ {code},ministry,,,2020-01-01,," for code in codes]
    return "\n".join([AGENCIES_HEADER, *rows]) + "\n"


def current_rows(con, table: str, column: str) -> list:
    return [
        r[0]
        for r in con.execute(
            f"SELECT {column} FROM raw.{table} JOIN raw.current_files USING (file_id) ORDER BY 1"
        ).fetchall()
    ]


def test_a_new_agency_list_re_checks_systems_allocations_and_domains(empty_landing, ingest):
    write(empty_landing, "reference/agencies.csv", agencies("BYT", "BTC"))
    systems = "dossiers/systems_20261015.csv"
    write(
        empty_landing,
        systems,
        "\n".join(
            [SYSTEMS_HEADER, system_row("A", owner="BYT"), system_row("B", owner="NEW"),
             system_row("C", owner="BTC")]
        ),
    )  # fmt: skip
    write(
        empty_landing,
        "reference/ip_allocations.csv",
        "cidr,agency_code,valid_from,valid_to\n203.113.1.0/24,BTC,2020-01-01,\n"
        "203.113.2.0/24,NEW,2020-01-01,\n",
    )
    write(empty_landing, "reference/domains.csv", "domain,agency_code\nbyt.gov.vn,BYT\n")
    _, con = ingest(empty_landing)
    assert current_rows(con, "systems", "system_id") == ["A", "C"]
    assert current_rows(con, "ip_allocations", "cidr") == ["203.113.1.0/24"]

    # The new list knows NEW and no longer BTC.
    write(empty_landing, "reference/agencies.csv", agencies("BYT", "NEW"))
    outcomes = ingest_landing(con, empty_landing)
    retaken = {o.path: o for o in outcomes if o.rechecked}
    assert set(retaken) == {systems, "reference/ip_allocations.csv"}  # domains: nothing moves
    assert current_rows(con, "systems", "system_id") == ["A", "B"]
    assert current_rows(con, "ip_allocations", "cidr") == ["203.113.2.0/24"]
    assert retaken[systems].reason.startswith(
        "re-checked against the new version of reference/agencies.csv: 1 row that loaded "
        "before now set aside, 1 row set aside before now loaded"
    )
    ledger = con.execute(
        "SELECT status, rows_loaded, rows_set_aside, rechecked_from IS NOT NULL FROM raw.files "
        "WHERE path = ? ORDER BY file_id",
        [systems],
    ).fetchall()
    assert ledger == [("superseded", 2, 1, False), ("loaded", 2, 1, True)]
    aside = con.execute(
        "SELECT s.value, s.rule, s.reason FROM raw.set_aside s JOIN raw.current_files USING "
        "(file_id) WHERE s.path = ?",
        [systems],
    ).fetchall()
    assert aside == [
        ("BTC", "unknown_reference", "'BTC' is not an agency code of reference/agencies.csv")
    ]
    # the domains file was checked against the new list and nothing moved: no new version
    assert (
        con.execute(
            "SELECT count(*) FROM raw.ledger WHERE path = 'reference/domains.csv'"
        ).fetchone()[0]
        == 1
    )
    # a further run changes nothing
    assert {o.status for o in ingest_landing(con, empty_landing)} == {"unchanged"}


def test_a_new_requirement_catalogue_re_checks_the_assessments(empty_landing, ingest):
    catalogue = "code,group,area,min_level,title,legal_ref\n"
    write(
        empty_landing,
        "reference/requirements.csv",
        catalogue + "KT.1.1,technical,network,1,Tường lửa,TT 12\n",
    )
    rel = "dossiers/assessments_20261015.csv"
    write(
        empty_landing,
        rel,
        "system_id,requirement_code,result,assessed_on\nA,KT.1.1,met,2026-10-01\n"
        "A,KT.9.9,partial,2026-10-01\n",
    )
    _, con = ingest(empty_landing)
    assert current_rows(con, "assessments", "requirement_code") == ["KT.1.1"]
    write(
        empty_landing,
        "reference/requirements.csv",
        catalogue + "KT.1.1,technical,network,1,Tường lửa,TT 12\n"
        "KT.9.9,technical,network,1,Mới,TT 12\n",
    )
    ingest_landing(con, empty_landing)
    assert current_rows(con, "assessments", "requirement_code") == ["KT.1.1", "KT.9.9"]
    (reason,) = con.execute("SELECT reason FROM raw.current_files WHERE path = ?", [rel]).fetchone()
    assert reason.startswith("re-checked against the new version of reference/requirements.csv")


def test_files_taken_in_under_contract_v1_are_taken_in_again(empty_landing, ingest):
    """A warehouse filled under v1 holds a scan report loaded as the drone layout: the first
    run under v1.1 takes it in again, and it leaves force with its reason."""
    header = SCAN_FTP
    rows = [report_row(header, timestamp="2026-10-20 01:00:00", ip=f"203.113.109.{i}")
            for i in range(1, 6)]  # fmt: skip
    rel = write_report(empty_landing, "2026-10-20-scan_ftp-vietnam-1.csv", header, rows)
    good = "dossiers/systems_20261015.csv"
    write(empty_landing, good, "\n".join([SYSTEMS_HEADER, system_row("A")]))
    _, con = ingest(empty_landing)
    # What v1 made of them: the scan loaded, nothing recorded the contract version.
    con.execute(
        "UPDATE raw.ledger SET outcome = 'loaded', rows_loaded = 5, rows_set_aside = 0, "
        "reason = NULL, layout = 'drone' WHERE path = ?",
        [rel],
    )
    con.execute("DELETE FROM raw.set_aside WHERE path = ?", [rel])
    file_id = con.execute("SELECT file_id FROM raw.ledger WHERE path = ?", [rel]).fetchone()[0]
    con.execute(
        "INSERT INTO raw.botnet_events (file_id, source_row, observed_at, ip, layout) "
        "SELECT ?, i + 1, TIMESTAMPTZ '2026-10-20 01:00:00+00', '203.113.109.' || i, 'drone' "
        "FROM range(1, 6) t(i)",
        [file_id],
    )
    con.execute("UPDATE raw.ledger SET contract_version = NULL")
    outcomes = ingest_landing(con, empty_landing)
    retaken = {o.path: o for o in outcomes if o.rechecked}
    assert set(retaken) == {rel, good, "reference/agencies.csv", "reference/requirements.csv"}
    assert retaken[rel].status == "rejected"
    assert retaken[rel].reason.startswith("report type scan_ftp is not an infected-system")
    assert retaken[good].reason.startswith(f"taken in again under contract v{CONTRACT_VERSION}")
    assert (
        con.execute(
            "SELECT count(*) FROM raw.botnet_events JOIN raw.current_files USING (file_id)"
        ).fetchone()[0]
        == 0
    )
    assert con.execute(
        "SELECT DISTINCT contract_version FROM raw.ledger WHERE superseded_by IS NULL"
    ).fetchall() == [(CONTRACT_VERSION,)]
    assert {o.status for o in ingest_landing(con, empty_landing)} == {"unchanged"}
