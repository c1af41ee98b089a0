"""The path to the next grade (issue 15), on a landing zone no other test uses.

- Every plan, applied to a copy of the landing zone (the dossier approved in the systems export,
  the plan implemented, the requirement met in the assessments export, the layer given, the
  block's addresses gone from every sinkhole report, the domain's check passing in its last scan
  of the month, the warnings remediated by their deadline) and run through the pipeline, gives
  the projected composite and grade.
- Its steps add up: each gain is the change of the projected composite, the last step reaches
  the next grade, and no earlier step does.
- It is the fewest: on units whose candidate actions are few enough, no set of fewer actions
  (a brute force over every combination, with an evaluator of its own) reaches the next grade;
  and a ranked unit below A without a plan cannot reach it even with every action taken.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import ipaddress
import itertools
import json
import math
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from core.methodology import methodology
from demo import generate_landing_zone
from orchestration.runner import run_pipeline
from readside.exports import export_csv

MONTH = "2026-11"
MONTH_END = dt.date(2026, 11, 30)
METHOD = methodology()
WEIGHTS = METHOD["weights"]
FLOORS = {g["grade"]: g["min"] for g in METHOD["grades"]}


@pytest.fixture(scope="module")
def planned(tmp_path_factory):
    root = tmp_path_factory.mktemp("plans")
    landing = root / "landing"
    generate_landing_zone(landing, scale="small", seed=4242, days=61,
                          end=dt.date(2026, 12, 2), progress=False)  # fmt: skip
    warehouse = root / "warehouse" / "attt.duckdb"
    report = run_pipeline(warehouse=warehouse, landing=landing)
    assert report.success and report.published, report.render()
    plans = read_csv(export_csv(report.serving, "plan"))
    return root, landing, warehouse, report.serving, plans


def read_csv(text: str) -> pd.DataFrame:
    # the unit code NA (Nghệ An) is not a missing value
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""])


def query(path: Path, sql: str, params: list | None = None) -> pd.DataFrame:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).df()
    finally:
        con.close()


# -- the plan applied to the landing zone -------------------------------------------------------


def rewrite_csv(path: Path, change) -> None:
    """Rewrite a CSV (gzipped or not, with or without a BOM) with `change(rows, header)`."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header, rows = list(reader.fieldnames), list(reader)
    rows = change(rows, header)
    with opener(path, "wt", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def append_jsonl(path: Path, records: list[dict]) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def apply_plans(plans: pd.DataFrame, landing: Path, warehouse: Path) -> None:
    steps = plans[plans["period"] == MONTH]
    stamp = MONTH_END.strftime("%Y%m%d")
    systems_file = landing / "dossiers" / f"systems_{stamp}.csv"
    assessments_file = landing / "dossiers" / f"assessments_{stamp}.csv"

    def systems(rows, header):
        by_id = {r["system_id"]: r for r in rows}
        for step in steps.itertuples():
            row = by_id.get(step.system_id)
            if step.action == "approve_dossier":
                row.update(dossier_status="approved", approved_on=MONTH_END.isoformat(),
                           approved_level=row["proposed_level"],
                           decision_no=f"QĐ-THU-{step.system_id}",
                           submitted_on=row["submitted_on"] or "2026-11-01")  # fmt: skip
            elif step.action == "implement_plan":
                row["plan_implemented"] = "true"
            elif step.action == "add_layer" and step.item in ("onsite", "monitoring"):
                row[f"layer_{step.item}"] = "true"
            elif step.action == "add_layer" and step.item == "independent_check":
                row["last_independent_check_on"] = MONTH_END.isoformat()
            elif step.action == "add_layer" and step.item == "ncsc":
                row["ncsc_connected"] = "true"
        return rows

    rewrite_csv(systems_file, systems)

    def assessments(rows, header):
        wanted = {(s.system_id, s.item) for s in steps.itertuples()
                  if s.action == "meet_requirement"}  # fmt: skip
        for row in rows:
            if (row["system_id"], row["requirement_code"]) in wanted:
                row["result"] = "met"
                wanted.discard((row["system_id"], row["requirement_code"]))
        return rows + [
            {"system_id": s, "requirement_code": r, "result": "met",
             "assessed_on": MONTH_END.isoformat()} for s, r in sorted(wanted)
        ]  # fmt: skip

    rewrite_csv(assessments_file, assessments)

    heartbeats = [
        {"system_id": s.system_id, "sensor_id": "SEN-THU", "at": "2026-11-29T05:00:00Z"}
        for s in steps.itertuples() if s.action == "add_layer" and s.item == "ncsc"
    ]  # fmt: skip
    if heartbeats:
        append_jsonl(landing / "feeds" / "heartbeats" / "heartbeats_20261129.jsonl", heartbeats)

    blocks = [(s.unit_code, s.item) for s in steps.itertuples() if s.action == "clean_block"]
    if blocks:
        # the addresses the block holds for the unit (a nested block of the same unit keeps its
        # own): gone from every report
        infected = query(
            warehouse,
            "SELECT DISTINCT ip FROM marts.fct_infected_addresses WHERE period = ? AND "
            "(top_level_code, cidr) IN (SELECT unnest(?), unnest(?))",
            [MONTH, [u for u, _ in blocks], [b for _, b in blocks]],
        )
        gone = {ipaddress.ip_address(ip) for ip in infected["ip"]}

        def clean(rows, header):
            def listed(ip):
                try:
                    return ipaddress.ip_address(ip.strip()) in gone
                except ValueError:
                    return False

            # the drone layouts name the address ip, the event layouts src_ip
            return [r for r in rows if not listed(r.get("ip") or r.get("src_ip") or "")]

        for report in sorted((landing / "feeds" / "botnet").iterdir()):
            rewrite_csv(report, clean)

    checks = [(s.item, s.detail) for s in steps.itertuples() if s.action == "fix_domain_check"]
    if checks:
        scans = query(
            warehouse,
            "SELECT domain, max(scanned_at) AS scanned_at "
            "FROM intermediate.int_domain_scans_monthly WHERE period = ? GROUP BY domain",
            [MONTH],
        ).set_index("domain")["scanned_at"]
        columns = {
            "supports_https": {"Domain Supports HTTPS": "True"},
            "enforces_https": {"Domain Enforces HTTPS": "True"},
            "uses_strong_hsts": {"Domain Uses Strong HSTS": "True"},
            "has_sound_certificate": {c: "False" for c in (
                "HTTPS Bad Chain", "HTTPS Bad Hostname", "HTTPS Expired Cert",
                "HTTPS Self Signed Cert")},
        }  # fmt: skip
        for domain, check in checks:
            at = pd.Timestamp(scans[domain]).tz_convert("UTC")
            scan = landing / "feeds" / "webscan" / f"pshtt_{at.strftime('%Y%m%dT%H%M%SZ')}.csv"

            def fix(rows, header, domain=domain, check=check):
                for row in rows:
                    if row["Domain"].lower() == domain.lower():
                        row.update(columns[check])
                        break
                return rows

            rewrite_csv(scan, fix)

    late_units = [s.unit_code for s in steps.itertuples() if s.action == "remediate_warnings"]
    if late_units:
        late = query(
            warehouse,
            "SELECT warning_id, deadline FROM intermediate.int_warnings "
            "WHERE period = ? AND is_due AND NOT is_on_time AND top_level_code IN "
            "(SELECT unnest(?))",
            [MONTH, late_units],
        )
        ids = set(late["warning_id"])
        folder = landing / "feeds" / "warnings"
        for path in sorted(folder.iterdir()):  # a reopening would undo the remediation
            lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
            kept = [line for line in lines if not _is_reopening_of(line, ids)]
            if len(kept) != len(lines):
                path.write_text("".join(kept), encoding="utf-8")
        for row in late.itertuples():
            day = pd.Timestamp(row.deadline).date()
            append_jsonl(folder / f"warnings_{day.strftime('%Y%m%d')}.jsonl", [
                {"warning_id": row.warning_id, "event": "remediated",
                 "at": f"{day.isoformat()}T09:00:00+07:00"}
            ])  # fmt: skip


def _is_reopening_of(line: str, ids: set[str]) -> bool:
    try:
        event = json.loads(line)
    except ValueError:
        return False
    return event.get("warning_id") in ids and event.get("event") == "reopened"


def test_every_plan_applied_to_the_landing_zone_gives_its_projection(planned, tmp_path):
    root, landing, warehouse, _, plans = planned
    month = plans[plans["period"] == MONTH]
    assert month["unit_code"].nunique() >= 5, "too few plans to be a test"
    assert month["action"].nunique() >= 3, month["action"].value_counts()
    applied = tmp_path / "landing"
    shutil.copytree(landing, applied)
    apply_plans(plans, applied, warehouse)
    report = run_pipeline(warehouse=tmp_path / "warehouse" / "attt.duckdb", landing=applied)
    assert report.success and report.published, report.render()
    after = query(
        report.serving,
        "SELECT unit_code, composite, grade FROM marts.fct_unit_month_scores WHERE period = ?",
        [MONTH],
    ).set_index("unit_code")
    last = month.assign(step=month["step"].astype(int)).sort_values("step").groupby("unit_code")
    mismatches = []
    for unit, steps in last:
        final = steps.iloc[-1]
        got = after.loc[unit]
        if not math.isclose(got["composite"], float(final["projected_composite"]), abs_tol=1e-9) \
                or got["grade"] != final["projected_grade"]:  # fmt: skip
            mismatches.append((unit, list(steps["action"]), got["composite"], got["grade"],
                               final["projected_composite"], final["projected_grade"]))  # fmt: skip
    assert mismatches == [], "\n".join(map(str, mismatches))


# -- the plans' arithmetic, and their minimality -----------------------------------------------


def test_every_plan_adds_up_and_ends_at_the_next_grade(planned):
    _, _, warehouse, serving, plans = planned
    scores = query(
        serving,
        "SELECT period, unit_code, composite, grade FROM marts.fct_unit_month_scores "
        "WHERE ranked AND grade <> 'A'",
    )
    planned_units = set(zip(plans["period"], plans["unit_code"], strict=True))
    for row in scores.itertuples():
        if (row.period, row.unit_code) not in planned_units:
            continue
        steps = plans[(plans["period"] == row.period) & (plans["unit_code"] == row.unit_code)]
        steps = steps.assign(step=steps["step"].astype(int)).sort_values("step")
        assert list(steps["step"]) == list(range(1, len(steps) + 1))
        composites = [row.composite, *steps["projected_composite"].astype(float)]
        gains = steps["gain"].astype(float).tolist()
        for before, after, gain in zip(composites, composites[1:], gains, strict=False):
            assert math.isclose(after - before, gain, abs_tol=1e-9)
        target = next_grade(row.grade)
        assert steps["projected_grade"].iloc[-1] == target
        assert all(rounded(c) < FLOORS[target] for c in composites[:-1])
        assert rounded(composites[-1]) >= FLOORS[target]


def next_grade(grade: str) -> str:
    return min((g for g, f in FLOORS.items() if f > FLOORS[grade]), key=FLOORS.get)


def rounded(value: float) -> float:
    return round(value, int(METHOD["rank_decimals"]))


COUNTS = ("approved", "plan", "sum_compliance", "assessed", "layers", "infected", "on_time",
          "domain_score")  # fmt: skip


def composite_of(base: dict, actions: list[dict]) -> float | None:
    """The test's own evaluator of the methodology from a unit's counts and some actions."""
    c = dict(base)
    for action in actions:
        for name in COUNTS:
            c[name] += action[f"d_{name}"]
    values = {}
    if c["systems"]:
        values["approval_coverage"] = 100 * c["approved"] / c["systems"]
        values["four_layer"] = 25 * c["layers"] / c["systems"]
    if c["approved"]:
        values["plan_implementation"] = 100 * c["plan"] / c["approved"]
        if c["assessed"]:
            values["requirement_compliance"] = 100 * c["sum_compliance"] / c["assessed"]
    if c["allocated"] and c["reports"]:
        share = c["infected"] / c["allocated"] / METHOD["botnet_threshold"]
        values["botnet_hygiene"] = 100 * max(0.0, 1 - share)
    if c["due"]:
        values["warning_remediation"] = 100 * c["on_time"] / c["due"]
    if c["measured"]:
        values["web_security"] = 100 * c["domain_score"] / c["measured"]
    weight = sum(WEIGHTS[k] for k in values)
    return sum(WEIGHTS[k] * v for k, v in values.items()) / weight if weight else None


def allowed(actions: tuple[dict, ...]) -> bool:
    approved = {a["system_id"] for a in actions if a["action"] == "approve_dossier"}
    return all(a["needs_approval"] is None or a["needs_approval"] in approved for a in actions)


def test_no_fewer_actions_reach_the_next_grade_and_units_without_a_plan_cannot(planned):
    _, _, warehouse, _, plans = planned
    units = query(
        warehouse,
        "SELECT period, unit_code, grade, systems, approved_systems AS approved, "
        "plan_implemented_systems AS plan, coalesce(mean_compliance, 0) * assessed_systems "
        "AS sum_compliance, assessed_systems AS assessed, layers_held AS layers, "
        "infected_addresses AS infected, on_time_warnings AS on_time, "
        "coalesce(mean_domain_score, 0) * measured_domains AS domain_score, "
        "allocated_addresses AS allocated, botnet_reports AS reports, due_warnings AS due, "
        "measured_domains AS measured FROM intermediate.int_unit_month_scores "
        "WHERE ranked AND grade <> 'A'",
    )
    actions = query(warehouse, "SELECT * FROM intermediate.int_grade_plan_actions")
    actions = actions.astype(object).where(actions.notna(), None)
    records = actions.to_dict("records")
    checked = brute = 0
    for unit in units.to_dict("records"):
        key = (unit["period"], unit["unit_code"])
        mine = [a for a in records if (a["period"], a["unit_code"]) == key]
        floor = FLOORS[next_grade(unit["grade"])] - 0.005
        steps = plans[(plans["period"] == unit["period"])
                      & (plans["unit_code"] == unit["unit_code"])]  # fmt: skip
        if steps.empty:
            everything = composite_of(unit, mine)
            assert everything is None or everything < floor + 1e-6, unit
            continue
        checked += 1
        sizes = range(len(steps))  # every set of fewer actions than the plan's
        if sum(math.comb(len(mine), k) for k in sizes) > 200_000:
            continue
        brute += 1
        for combination in itertools.chain.from_iterable(
            itertools.combinations(mine, k) for k in sizes
        ):
            if allowed(combination):
                value = composite_of(unit, list(combination))
                assert value is None or value < floor + 1e-6, (unit, combination)
    assert checked >= 10 and brute >= 5, (checked, brute)
