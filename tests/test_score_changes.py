"""Change explained: each indicator's contribution to the change of a unit's composite.

A property test (hypothesis) runs the compiled SQL of the score and contribution models on two
generated months of indicators, any of them missing in either month: the seven contributions
add up to the change of the composite (to within floating-point rounding: 1e-9 points), an
indicator missing in both months contributes nothing, and when the same indicators are present
in both months each contributes its weight times its own change over the weights present. The
sample's marts, built by the pipeline, hold the same on every unit and month."""

from __future__ import annotations

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orchestration.dbt_project import dbt_cli, dbt_vars, methodology

MODELS = ("int_unit_month_scores", "int_unit_month_contributions")
WEIGHTS = methodology()["weights"]
INDICATORS = list(WEIGHTS)
TOLERANCE = 1e-9  # composite points


@pytest.fixture(scope="module")
def compiled(tmp_path_factory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("compile")
    invocation = dbt_cli().cli(
        ["compile", "--select", " ".join(MODELS), "--vars", dbt_vars(root / "attt.duckdb")],
        raise_on_error=True,
    )
    invocation.wait()
    folder = invocation.target_path / "compiled" / "attt_scorecard" / "models" / "intermediate"
    return {name: next(folder.rglob(f"{name}.sql")).read_text() for name in MODELS}


def contributions(compiled: dict[str, str], months: list[list[tuple]]) -> list[dict]:
    """Run both models on the indicators of 2026-09 and 2026-10 (one list of units each)."""
    con = duckdb.connect()
    con.execute("ATTACH ':memory:' AS attt; USE attt; CREATE SCHEMA intermediate")
    con.execute(
        "CREATE TABLE intermediate.int_months AS SELECT * FROM (VALUES "
        "('2026-09', '2026-08'), ('2026-10', '2026-09')) AS t(period, previous_period)"
    )
    columns = ", ".join(f"{name} DOUBLE" for name in INDICATORS)
    con.execute(
        "CREATE TABLE intermediate.int_unit_month_indicators (period VARCHAR, unit_code VARCHAR,"
        f" unit_name VARCHAR, unit_kind VARCHAR, peer_group VARCHAR, {columns})"
    )
    rows = [
        (period, f"U{i}", f"U{i}", "province", "province", *values)
        for period, units in zip(("2026-09", "2026-10"), months, strict=True)
        for i, values in enumerate(units)
    ]
    con.executemany(
        "INSERT INTO intermediate.int_unit_month_indicators VALUES (?, ?, ?, ?, ?, "
        f"{', '.join('?' * len(INDICATORS))})",
        rows,
    )
    con.execute(
        "CREATE TABLE intermediate.int_unit_month_scores AS " + compiled["int_unit_month_scores"]
    )
    cursor = con.execute(compiled["int_unit_month_contributions"])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


indicator_value = st.one_of(st.none(), st.floats(0, 100, allow_nan=False))
unit_values = st.lists(indicator_value, min_size=7, max_size=7)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(pairs=st.lists(st.tuples(unit_values, unit_values), min_size=1, max_size=8))
def test_contributions_add_up_to_the_change_whatever_is_missing(compiled, pairs):
    before = [p[0] for p in pairs]
    after = [p[1] for p in pairs]
    rows = contributions(compiled, [before, after])
    both = {
        f"U{i}" for i, (b, a) in enumerate(pairs)
        if any(v is not None for v in b) and any(v is not None for v in a)
    }  # fmt: skip
    assert {r["unit_code"] for r in rows} == both  # a unit without a composite has no rows
    for unit in both:
        mine = sorted(
            (r for r in rows if r["unit_code"] == unit), key=lambda r: r["indicator_order"]
        )
        assert [r["indicator"] for r in mine] == INDICATORS
        composite, previous = mine[0]["composite"], mine[0]["previous_composite"]
        assert abs(sum(r["contribution"] for r in mine) - (composite - previous)) <= TOLERANCE
        same_present = all((r["value"] is None) == (r["previous_value"] is None) for r in mine)
        for r in mine:
            if r["value"] is None and r["previous_value"] is None:
                assert r["contribution"] == 0
            if same_present and r["value"] is not None:
                expected = WEIGHTS[r["indicator"]] * (r["value"] - r["previous_value"])
                assert abs(r["contribution"] - expected / r["weight_present"]) <= TOLERANCE


def test_the_sample_contributions_add_up_to_the_published_changes(published_sample):
    con = duckdb.connect(str(published_sample[1]), read_only=True)
    try:
        gaps = con.execute(
            "SELECT c.period, c.unit_code, sum(c.contribution) - "
            "(s.composite - p.composite) AS gap, count(*) AS indicators "
            "FROM marts.fct_score_contributions c "
            "JOIN marts.fct_unit_month_scores s USING (period, unit_code) "
            "JOIN marts.fct_unit_month_scores p "
            "  ON p.period = c.previous_period AND p.unit_code = c.unit_code "
            "GROUP BY c.period, c.unit_code, s.composite, p.composite"
        ).fetchall()
        expected = con.execute(
            "SELECT count(*) FROM marts.fct_unit_month_scores s "
            "JOIN marts.fct_unit_month_scores p ON p.unit_code = s.unit_code "
            " AND p.period = strftime(CAST(s.period || '-01' AS DATE) - INTERVAL 1 MONTH, '%Y-%m') "
            "WHERE s.composite IS NOT NULL AND p.composite IS NOT NULL"
        ).fetchall()[0][0]
    finally:
        con.close()
    assert len(gaps) == expected > 0
    assert all(indicators == len(INDICATORS) for *_, indicators in gaps)
    assert max(abs(gap) for _, _, gap, _ in gaps) <= TOLERANCE
