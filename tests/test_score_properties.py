"""Property tests (hypothesis) of the score formulas: the dbt models' compiled SQL runs on
generated inputs, and whatever the inputs, every indicator and composite lies in [0, 100],
coverage in [0, 1], ranks form a competition ranking within each peer group, grades follow the
rounded composite, and the rank percentiles of the uncertainty draws are ordered, within the
peer group's ranks, and respect dominance."""

from __future__ import annotations

import duckdb
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orchestration.dbt_project import dbt_cli, dbt_vars, methodology

MODELS = ("int_unit_month_indicators", "int_unit_month_scores", "int_rank_uncertainty")
INDICATORS = list(methodology()["weights"])
PEERS = ("ministry", "province", "sector")


@pytest.fixture(scope="module")
def compiled(tmp_path_factory) -> dict[str, str]:
    """The compiled SQL of the score models, for a warehouse whose catalog is named `attt`."""
    root = tmp_path_factory.mktemp("compile")
    dbt = dbt_cli()
    invocation = dbt.cli(
        ["compile", "--select", " ".join(MODELS), "--vars", dbt_vars(root / "attt.duckdb")],
        raise_on_error=True,
    )
    invocation.wait()
    folder = invocation.target_path / "compiled" / "attt_scorecard" / "models" / "intermediate"
    return {name: next(folder.rglob(f"{name}.sql")).read_text() for name in MODELS}


def database() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("ATTACH ':memory:' AS attt; USE attt; CREATE SCHEMA intermediate")
    con.execute("SET TimeZone = 'UTC'")
    return con


def run(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


indicator_value = st.one_of(st.none(), st.floats(0, 100, allow_nan=False))
unit_rows = st.lists(
    st.tuples(st.sampled_from(PEERS), st.lists(indicator_value, min_size=7, max_size=7)),
    min_size=1,
    max_size=12,
)


def load_indicators(con: duckdb.DuckDBPyConnection, units) -> None:
    con.execute(
        "CREATE TABLE intermediate.int_months AS SELECT '2026-10' AS period, "
        "'2026-09' AS previous_period"
    )
    columns = ", ".join(f"{name} DOUBLE" for name in INDICATORS)
    con.execute(
        "CREATE TABLE intermediate.int_unit_month_indicators (period VARCHAR, unit_code VARCHAR,"
        f" unit_name VARCHAR, unit_kind VARCHAR, peer_group VARCHAR, {columns})"
    )
    con.executemany(
        f"INSERT INTO intermediate.int_unit_month_indicators VALUES (?, ?, ?, ?, ?, "
        f"{', '.join('?' * len(INDICATORS))})",
        [
            ("2026-10", f"U{i}", f"U{i}", peer, peer, *values)
            for i, (peer, values) in enumerate(units)
        ],
    )


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(units=unit_rows)
def test_composite_coverage_rank_and_grade(compiled, units):
    con = database()
    load_indicators(con, units)
    rows = run(con, compiled["int_unit_month_scores"])
    assert len(rows) == len(units)
    grades = methodology()["grades"]
    for row in rows:
        assert 0 <= row["coverage"] <= 1
        present = [row[n] for n in INDICATORS if row[n] is not None]
        if present:
            assert -1e-9 <= row["composite"] <= 100 + 1e-9
            assert min(present) - 1e-9 <= row["composite"] <= max(present) + 1e-9
        else:
            assert row["composite"] is None and not row["ranked"]
        assert row["ranked"] == (
            row["composite"] is not None and row["coverage"] >= methodology()["ranked_coverage"]
        )
        if row["ranked"]:
            floor = next(g for g in grades if row["composite_rounded"] >= g["min"])
            assert row["grade"] == floor["grade"]
        else:
            assert row["rank"] is None and row["grade"] is None
    for peer in PEERS:
        ranked = [r for r in rows if r["ranked"] and r["peer_group"] == peer]
        for row in ranked:
            better = sum(1 for o in ranked if o["composite_rounded"] > row["composite_rounded"])
            assert row["rank"] == better + 1


full_units = st.lists(
    st.tuples(
        st.sampled_from(PEERS), st.lists(st.floats(0, 100, allow_nan=False), min_size=7, max_size=7)
    ),
    min_size=2,
    max_size=10,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(units=full_units)
def test_rank_percentiles_are_ordered_bounded_and_respect_dominance(compiled, units):
    con = database()
    load_indicators(con, units)
    con.execute(
        "CREATE TABLE intermediate.int_unit_month_scores AS " + compiled["int_unit_month_scores"]
    )
    spec = methodology()["uncertainty"]
    draws = 60
    factors = np.random.Generator(np.random.PCG64(spec["seed"])).uniform(
        spec["factor_low"], spec["factor_high"], size=(draws, len(INDICATORS))
    )
    con.execute(
        "CREATE TABLE intermediate.int_weight_draws (draw INT, indicator VARCHAR, factor DOUBLE)"
    )
    con.executemany(
        "INSERT INTO intermediate.int_weight_draws VALUES (?, ?, ?)",
        [
            (d + 1, name, float(factors[d, i]))
            for d in range(draws)
            for i, name in enumerate(INDICATORS)
        ],
    )
    spread = {r["unit_code"]: r for r in run(con, compiled["int_rank_uncertainty"])}
    scores = {
        r["unit_code"]: r for r in run(con, "SELECT * FROM intermediate.int_unit_month_scores")
    }
    values = {f"U{i}": v for i, (_, v) in enumerate(units)}
    for code, row in spread.items():
        group = sum(
            1
            for s in scores.values()
            if s["ranked"] and s["peer_group"] == scores[code]["peer_group"]
        )
        assert 1 <= row["rank_p05"] <= row["rank_p50"] <= row["rank_p95"] <= group
        assert row["draws"] == draws
    for a, b in ((a, b) for a in spread for b in spread if a != b):
        same_group = scores[a]["peer_group"] == scores[b]["peer_group"]
        # every indicator of a above every indicator of b, by more than rounding can hide:
        # a ranks above b in every draw, so at every percentile
        if same_group and min(values[a]) > max(values[b]) + 0.01:
            for p in ("rank_p05", "rank_p50", "rank_p95"):
                assert spread[a][p] < spread[b][p], (a, b, p)


counts = st.integers(0, 6)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    systems=st.lists(
        st.tuples(
            st.booleans(),
            st.booleans(),
            st.booleans(),
            st.lists(st.booleans(), min_size=4, max_size=4),
        ),
        max_size=8,
    ),
    compliance=st.lists(st.one_of(st.none(), st.floats(0, 1)), max_size=6),
    infected=counts,
    allocated=st.integers(0, 300),
    warnings=st.lists(st.tuples(st.booleans(), st.booleans()), max_size=6),
    domains=st.lists(
        st.tuples(st.booleans(), st.lists(st.booleans(), min_size=4, max_size=4)), max_size=6
    ),
)
def test_every_indicator_lies_between_0_and_100(
    compiled, systems, compliance, infected, allocated, warnings, domains
):
    con = database()
    ddl = {
        "int_top_level_units_monthly": "period VARCHAR, unit_code VARCHAR, unit_name VARCHAR, "
        "unit_kind VARCHAR, peer_group VARCHAR",
        "int_systems_monthly": "period VARCHAR, top_level_code VARCHAR, is_operating BOOLEAN, "
        "is_approved BOOLEAN, plan_implemented BOOLEAN, has_layer_onsite BOOLEAN, "
        "has_layer_monitoring BOOLEAN, has_layer_independent_check BOOLEAN, "
        "has_layer_ncsc BOOLEAN",
        "int_system_compliance_monthly": "period VARCHAR, top_level_code VARCHAR, "
        "system_id VARCHAR, "
        "assessment_snapshot_date DATE, requirements BIGINT, without_result BIGINT, "
        "compliance DOUBLE",
        "int_botnet_observations_attributed": "period VARCHAR, top_level_code VARCHAR, "
        "ip_version INT, ip_number UHUGEINT",
        "int_allocated_addresses_monthly": "period VARCHAR, top_level_code VARCHAR, "
        "allocated_addresses BIGINT",
        "int_warnings": "period VARCHAR, top_level_code VARCHAR, is_due BOOLEAN, "
        "is_on_time BOOLEAN",
        "int_domain_scans_monthly": "period VARCHAR, top_level_code VARCHAR, domain VARCHAR, "
        "is_measured BOOLEAN, supports_https BOOLEAN, enforces_https BOOLEAN, "
        "uses_strong_hsts BOOLEAN, has_sound_certificate BOOLEAN",
        "int_agency_top_level": "agency_code VARCHAR, top_level_code VARCHAR",
    }
    for table, columns in ddl.items():
        con.execute(f"CREATE TABLE intermediate.{table} ({columns})")
    con.execute("CREATE SCHEMA staging")
    con.execute(
        "CREATE TABLE staging.stg_ingest__files (source VARCHAR, outcome VARCHAR, "
        "is_current BOOLEAN, file_date DATE, rows_loaded BIGINT)"
    )
    con.execute(
        "INSERT INTO staging.stg_ingest__files "
        "VALUES ('botnet', 'loaded', true, DATE '2026-10-03', 1)"
    )
    con.execute("CREATE TABLE staging.stg_reference__domains (domain VARCHAR, agency_code VARCHAR)")
    p, u = "2026-10", "U"
    con.execute(
        "INSERT INTO intermediate.int_top_level_units_monthly VALUES "
        "(?, ?, 'U', 'ministry', 'ministry')",
        [p, u],
    )
    for operating, approved, plan, layers in systems:
        con.execute(
            "INSERT INTO intermediate.int_systems_monthly VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [p, u, operating, approved, plan, *layers],
        )
    for n, value in enumerate(compliance):
        con.execute(
            "INSERT INTO intermediate.int_system_compliance_monthly VALUES "
            "(?, ?, ?, DATE '2026-09-30', 3, 0, ?)",
            [p, u, f"S{n}", value],
        )
    for n in range(infected):
        con.execute(
            "INSERT INTO intermediate.int_botnet_observations_attributed VALUES (?, ?, 4, ?)",
            [p, u, n],
        )
    con.execute(
        "INSERT INTO intermediate.int_allocated_addresses_monthly VALUES (?, ?, ?)",
        [p, u, allocated],
    )
    for due, on_time in warnings:
        con.execute(
            "INSERT INTO intermediate.int_warnings VALUES (?, ?, ?, ?)",
            [p, u, due, due and on_time],
        )
    for n, (measured, checks) in enumerate(domains):
        con.execute(
            "INSERT INTO intermediate.int_domain_scans_monthly VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [p, u, f"d{n}.gov.vn", measured, *checks],
        )
    (row,) = run(con, compiled["int_unit_month_indicators"])
    for name in INDICATORS:
        assert row[name] is None or -1e-9 <= row[name] <= 100 + 1e-9, (name, row[name])
    operating = sum(1 for s in systems if s[0])
    assert (row["approval_coverage"] is None) == (operating == 0)
