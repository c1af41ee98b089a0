"""Data quality: each suite fails on a batch made bad for it; a partial systems export stops
the scores and the publication and makes the months it serves unpublishable; the sample's months
are publishable."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from click.testing import CliRunner

from cli.main import main
from orchestration.dbt_project import methodology
from orchestration.runner import run_pipeline
from quality.suites import BLOCKING, CHECKS, marts_checks
from quality.validate import run_checks
from readside.vocabulary import check_words, observed_words
from tests.conftest import SAMPLE_LANDING
from tests.test_ingest_files import SYSTEMS_HEADER, system_row, write

ALL_CHECKS = CHECKS + marts_checks(methodology()["weights"])


def checks_of(suite: str):
    return tuple(c for c in ALL_CHECKS if c.suite == suite)


def failures(con, suite: str) -> set[str]:
    return {f"{o.check.name}@{o.batch}" for o in run_checks(con, checks_of(suite)) if not o.success}


@pytest.fixture
def crafted(empty_landing, ingest):
    """A landing zone of two systems exports and whatever a test adds, taken in."""
    rows = [system_row(f"S{i}", owner="BYT" if i < 6 else "BTC") for i in range(10)]
    write(empty_landing, "dossiers/systems_20260930.csv", "\n".join([SYSTEMS_HEADER, *rows]))

    def _take(extra: dict[str, str]):
        for rel, text in extra.items():
            write(empty_landing, rel, text)
        _, con = ingest(empty_landing)
        return con

    return _take


def test_systems_suite_fails_on_a_partial_export(crafted):
    kept = [system_row(f"S{i}") for i in range(3)]  # 7 of 10 lost, and every BTC system
    con = crafted({"dossiers/systems_20261031.csv": "\n".join([SYSTEMS_HEADER, *kept])})
    assert failures(con, "systems") == {
        "snapshot_keeps_previous_systems@file:dossiers/systems_20261031.csv",
        "no_unit_loses_every_system@file:dossiers/systems_20261031.csv",
    }


def test_systems_suite_passes_on_a_full_export(crafted):
    rows = [system_row(f"S{i}", owner="BYT" if i < 6 else "BTC") for i in range(1, 11)]
    con = crafted({"dossiers/systems_20261031.csv": "\n".join([SYSTEMS_HEADER, *rows])})
    assert failures(con, "systems") == set()


def test_assessments_suite_warns_when_few_approved_systems_are_assessed(crafted):
    con = crafted(
        {
            "dossiers/assessments_20260930.csv": (
                "system_id,requirement_code,result,assessed_on\nS1,KT.1.1,met,2026-09-01\n"
            )
        }
    )
    assert failures(con, "assessments") == {
        "assessments_cover_half_the_approved_systems@file:dossiers/assessments_20260930.csv"
    }


def test_webscan_suite_warns_on_a_run_that_lists_few_domains(crafted):
    domains = "domain,agency_code,system_id\n" + "".join(f"d{i}.gov.vn,BYT,\n" for i in range(10))
    header = (
        (SAMPLE_LANDING / "feeds/webscan/pshtt_20261024T150000Z.csv").read_text().split("\n")[0]
    )
    blanks = "," * (header.count(","))
    run = header + "\n" + "D1.GOV.VN" + blanks + "\n"
    con = crafted(
        {"reference/domains.csv": domains, "feeds/webscan/pshtt_20261001T000000Z.csv": run}
    )
    assert failures(con, "webscan") == {
        "scan_lists_most_registered_domains@file:feeds/webscan/pshtt_20261001T000000Z.csv"
    }


def test_warnings_heartbeats_and_domains_suites_warn_on_unknown_systems(crafted):
    con = crafted(
        {
            "feeds/warnings/warnings_20261001.jsonl": '{"warning_id": "W1", "event": "issued", '
            '"at": "2026-10-01T09:00:00+07:00", "agency_code": "BYT", "system_id": "NOPE", '
            '"cve": "CVE-2026-1234", '
            '"severity": "high", "deadline": "2026-10-10"}\n',
            "feeds/heartbeats/heartbeats_20261001.jsonl": '{"system_id": "S1", "sensor_id": "A", '
            '"at": "2026-10-01T00:00:00Z"}\n'
            '{"system_id": "NOPE", "sensor_id": "A", "at": "2026-10-01T00:00:00Z"}\n',
            "reference/domains.csv": "domain,agency_code,system_id\nbyt.gov.vn,BYT,NOPE\n",
        }
    )
    assert failures(con, "warnings") == {
        "warnings_name_known_systems@file:feeds/warnings/warnings_20261001.jsonl"
    }
    assert failures(con, "heartbeats") == {
        "heartbeats_name_known_systems@file:feeds/heartbeats/heartbeats_20261001.jsonl"
    }
    assert failures(con, "domains") == {"domains_name_known_systems@file:reference/domains.csv"}


def test_botnet_suite_warns_on_an_unusually_small_report(crafted):
    row = "2026-10-0{d} 01:00:00,203.113.1.{i}\n"
    files = {
        f"feeds/botnet/2026-10-0{d}-event4_sinkhole-x-{d}.csv": "timestamp,src_ip\n"
        + "".join(row.format(d=d, i=i) for i in range(100 if d < 4 else 5))
        for d in range(1, 5)
    }
    con = crafted(files)
    assert failures(con, "botnet") == {
        "report_volume_is_usual@file:feeds/botnet/2026-10-04-event4_sinkhole-x-4.csv"
    }


def test_a_small_report_is_told_with_the_size_that_was_usual_and_what_to_do(crafted):
    # Finding: the warning read "1/1 giá trị không đạt (0,1312)": a bare ratio, with neither
    # what it is a ratio of, nor what was expected, nor what to do.
    row = "2026-10-0{d} 01:00:00,203.113.1.{i}\n"
    con = crafted({
        f"feeds/botnet/2026-10-0{d}-event4_sinkhole-x-{d}.csv": "timestamp,src_ip\n"
        + "".join(row.format(d=d, i=i) for i in range(100 if d < 4 else 5))
        for d in range(1, 5)
    })  # fmt: skip
    (failed,) = [o for o in run_checks(con, checks_of("botnet")) if not o.success]
    said = observed_words(failed.observed, "vi")
    assert said == "1/1 giá trị không đạt (0,05; cần từ 0,25 đến 4)"
    assert observed_words(failed.observed, "en").endswith("(0.05; expected from 0.25 to 4)")
    vi, en = check_words("botnet.report_volume_is_usual", "vi"), check_words(
        "botnet.report_volume_is_usual", "en")  # fmt: skip
    assert "trung vị" in vi and "gửi lại" in vi
    assert "median" in en and "resend" in en


def test_botnet_volumes_are_compared_within_a_report_type(crafted):
    # The HTTP sinkhole report has the event4 layout and a tenth of the main report's rows
    # every day (found on the national zone: every HTTP report warned, each measured against
    # the main report's median). Its first report has nothing to compare with; a small main
    # report still warns.
    row = "2026-10-0{d} 01:00:00,203.113.1.{i}\n"
    sizes = {"event4_sinkhole": [100, 100, 100, 5], "event4_sinkhole_http": [10, 10, 12, 10]}
    files = {
        f"feeds/botnet/2026-10-0{d}-{report}-x-{d}.csv": "timestamp,src_ip\n"
        + "".join(row.format(d=d, i=i) for i in range(rows))
        for report, counts in sizes.items()
        for d, rows in enumerate(counts, start=1)
    }
    con = crafted(files)
    assert failures(con, "botnet") == {
        "report_volume_is_usual@file:feeds/botnet/2026-10-04-event4_sinkhole-x-4.csv"
    }


def test_marts_suite_fails_on_inconsistent_or_missing_scores(tmp_path):
    con = duckdb.connect(str(tmp_path / "m.duckdb"))
    con.execute("CREATE SCHEMA marts; CREATE SCHEMA intermediate")
    con.execute(
        "CREATE TABLE intermediate.int_top_level_units_monthly AS SELECT * FROM "
        "(VALUES ('2026-10', 'A'), ('2026-10', 'B'), ('2026-09', 'A')) t(period, unit_code)"
    )
    names = list(methodology()["weights"])
    con.execute(
        "CREATE TABLE marts.fct_unit_month_scores (period VARCHAR, unit_code VARCHAR, "
        "composite DOUBLE, coverage DOUBLE, " + ", ".join(f"{n} DOUBLE" for n in names) + ")"
    )
    good = ", ".join(["50.0"] * len(names))
    con.execute(
        f"INSERT INTO marts.fct_unit_month_scores VALUES ('2026-09', 'A', 50.0, 1.0, {good})"
    )
    bad = ", ".join(["50.0"] * (len(names) - 1) + ["150.0"])
    con.execute(
        f"INSERT INTO marts.fct_unit_month_scores VALUES ('2026-10', 'A', 50.0, 1.0, {bad})"
    )
    assert failures(con, "marts") == {
        "one_row_per_month_and_valid_unit@month:2026-10",
        "scores_in_range_and_consistent@month:2026-10",
    }


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("quality")
    landing = root / "landing"
    shutil.copytree(SAMPLE_LANDING, landing)
    warehouse = root / "warehouse" / "attt.duckdb"
    report = run_pipeline(warehouse=warehouse, landing=landing)
    assert report.success and report.published
    return root, landing, warehouse, report


def quality_json(warehouse: Path, period: str) -> dict:
    result = CliRunner().invoke(
        main,
        [
            "quality",
            "--period",
            period,
            "--format",
            "json",
            "--warehouse",
            str(warehouse),
            "--as-of",
            "2026-11-05",
        ],
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_the_sample_months_are_publishable_and_docs_are_built(sample_run):
    root, _, warehouse, _ = sample_run
    for period in ("2026-07", "2026-08", "2026-09", "2026-10"):
        status = quality_json(warehouse, period)
        assert status["publishable"], status
        assert {"period", "publishable", "blocking_failures", "warnings", "stale_sources"} <= set(
            status
        )
    con = duckdb.connect(str(warehouse), read_only=True)
    blocking = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE NOT success) FROM "
        "quality.check_results WHERE severity = ?",
        [BLOCKING],
    ).fetchone()
    assert blocking[0] > 0 and blocking[1] == 0
    con.close()
    assert (warehouse.parent / "quality" / "docs" / "index.html").exists()


def test_a_partial_systems_export_stops_the_scores_and_the_publication(sample_run):
    _, landing, warehouse, first = sample_run
    serving_before = first.serving.read_bytes()
    with open(landing / "dossiers" / "systems_20261105.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    kept = rows[: 1 + (len(rows) - 1) * 2 // 5]  # the header and 40% of the systems
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(kept)
    (landing / "dossiers" / "systems_20261120.csv").write_text(out.getvalue(), encoding="utf-8")
    instance = dg.DagsterInstance.ephemeral()
    report = run_pipeline(warehouse=warehouse, landing=landing, instance=instance)
    assert not report.published and report.models_built == 0
    assert first.serving.read_bytes() == serving_before  # the serving copy was left as it was
    status = quality_json(warehouse, "2026-11")
    assert not status["publishable"]
    assert any(
        f["check"] == "systems.snapshot_keeps_previous_systems"
        and f["batch"] == "dossiers/systems_20261120.csv"
        for f in status["blocking_failures"]
    )
    assert quality_json(warehouse, "2026-10")["publishable"]
    text = CliRunner().invoke(
        main,
        ["quality", "--period", "2026-11", "--warehouse", str(warehouse), "--as-of", "2026-11-21"],
    )
    assert "not publishable" in text.output and "systems_20261120.csv" in text.output
    vi, en = check_words("systems.snapshot_keeps_previous_systems", "vi"), check_words(
        "systems.snapshot_keeps_previous_systems", "en")  # fmt: skip
    assert vi in text.output and en not in text.output
    asked = ["quality", "--period", "2026-11", "--warehouse", str(warehouse), "--as-of",
             "2026-11-21"]  # fmt: skip
    english = CliRunner().invoke(main, ["--lang", "en", *asked])
    assert en in english.output and vi not in english.output
    # where a check failed, in the reader's words: a file, or a month as months are written
    assert "tệp dossiers/systems_20261120.csv" in text.output
    assert "file dossiers/systems_20261120.csv" in english.output
    assert "tệp dossiers" not in english.output
    assert text.output.startswith("Tháng 11/2026:")


def test_reference_suites_warn_on_clashing_codes_missing_levels_and_overlaps(crafted):
    agencies = (SAMPLE_LANDING / "reference" / "agencies.csv").read_text(encoding="utf-8")
    agencies += "ZZ,Tỉnh trùng mã,province,,01,2020-01-01,,\n"  # Hà Nội's code again
    con = crafted(
        {
            "reference/agencies.csv": agencies,
            "reference/requirements.csv": "code,group,area,min_level,title,legal_ref\n"
            "KT.1.1,technical,network,1,Yêu cầu,TT 12\n",
            "reference/ip_allocations.csv": "cidr,agency_code,valid_from,valid_to\n"
            "203.113.1.0/24,BYT,2020-01-01,\n203.113.0.0/16,BTC,2020-01-01,\n"
            "10.0.0.0/24,BYT,2020-01-01,\n10.0.0.0/24,BYT,2024-01-01,\n",
        }
    )
    assert failures(con, "agencies") == {"province_codes_are_distinct@file:reference/agencies.csv"}
    assert failures(con, "requirements") == {
        "every_level_has_requirements@file:reference/requirements.csv"
    }
    # a block nested in another unit's block is a sub-allocation, fine; 10.0.0.0/24 is
    # listed twice for BYT in overlapping periods
    assert failures(con, "ip_allocations") == {
        "no_block_listed_twice@file:reference/ip_allocations.csv"
    }


def test_every_blocking_suite_passes_on_the_sample(sample_ingested):
    _, con, _ = sample_ingested
    outcomes = run_checks(con, CHECKS)
    assert [o for o in outcomes if not o.success and o.check.severity == BLOCKING] == []
    # the only warnings on the sample are its three pshtt runs that list under 80% of domains
    assert {o.batch for o in outcomes if not o.success} == {
        "file:feeds/webscan/pshtt_20260713T080000Z.csv",
        "file:feeds/webscan/pshtt_20260911T000000Z.csv",
        "file:feeds/webscan/pshtt_20261030T050000Z.csv",
    }


def test_one_freshness_setting_per_feed():
    """Finding: freshness cadences in quality/freshness.py contradicted dbt's _sources.yml (web
    scans: 8 days against 2). The registry holds one per feed; dbt's source freshness agrees."""
    import yaml

    from core.locations import REPO_ROOT
    from quality.freshness import STALE_AFTER_DAYS
    from sources import SOURCES

    by_table = {s.table.split(".")[-1]: s.stale_after_days for s in SOURCES}
    spec = yaml.safe_load((REPO_ROOT / "dbt_project/models/staging/_sources.yml")
                          .read_text(encoding="utf-8"))  # fmt: skip
    checked = 0
    for source in spec["sources"]:
        group = source.get("config", {}).get("freshness")
        for table in source["tables"]:
            freshness = table.get("config", {}).get("freshness", group)
            if freshness:
                assert freshness["warn_after"] == {"count": by_table[table["name"]],
                                                   "period": "day"}, table["name"]  # fmt: skip
                checked += 1
    assert checked == 6 and STALE_AFTER_DAYS == {
        "botnet": 2, "warnings": 2, "heartbeats": 2, "webscan": 8, "systems": 35,
        "assessments": 35}  # fmt: skip
