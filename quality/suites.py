"""The data-quality suites: every source's checks (declared with the source, in the registry
`sources`) and the checks of the marts, which belong to no source.

See `sources.checks` for what a check is. Batches: `file:<landing path>` for checks on a landing
file, `month:YYYY-MM` for checks on a month of the marts.
"""

from __future__ import annotations

from sources import CHECKS
from sources.checks import BLOCKING, WARNING, Check, between, pairs_equal

__all__ = ["BLOCKING", "CHECKS", "WARNING", "Check", "marts_checks"]


def marts_checks(weights: dict[str, int]) -> tuple[Check, ...]:
    """The blocking checks of the scores mart, with the methodology's weights."""
    total = sum(weights.values())
    weighted = " + ".join(f"coalesce({w} * {n}, 0)" for n, w in weights.items())
    present = " + ".join(
        f"CASE WHEN {n} IS NOT NULL THEN {w} ELSE 0 END" for n, w in weights.items()
    )
    values = ["composite", *weights]
    return (
        Check(
            suite="marts",
            name="one_row_per_month_and_valid_unit",
            severity=BLOCKING,
            asset=("marts", "fct_unit_month_scores"),
            description=(
                "Bảng điểm có đúng một dòng cho mỗi tháng và mỗi đơn vị cấp cao nhất còn hiệu "
                "lực trong tháng đó.",
                "The scores have exactly one row per month and top-level unit valid "
                "that month.",
            ),
            query="""
                WITH expected AS (
                    SELECT period, count(*) AS units FROM intermediate.int_top_level_units_monthly
                    GROUP BY period
                ),
                got AS (
                    SELECT period, count(*) AS score_rows, count(DISTINCT unit_code) AS units
                    FROM marts.fct_unit_month_scores GROUP BY period
                )
                SELECT 'month:' || expected.period AS batch, expected.units AS expected_units,
                       coalesce(got.score_rows, 0) AS score_rows,
                       coalesce(got.units, 0) AS distinct_units
                FROM expected LEFT JOIN got USING (period)
            """,
            expectations=pairs_equal(
                ("score_rows", "expected_units"), ("distinct_units", "expected_units")
            ),
        ),
        Check(
            suite="marts",
            name="scores_in_range_and_consistent",
            severity=BLOCKING,
            asset=("marts", "fct_unit_month_scores"),
            description=(
                "Mọi chỉ số và điểm tổng hợp nằm trong [0, 100], độ phủ dữ liệu trong "
                "[0, 1], và điểm tổng hợp, độ phủ dữ liệu khớp với các chỉ số và trọng số.",
                "Every indicator and the composite lie in [0, 100], coverage in [0, 1], "
                "and composite and coverage agree with the indicators and the weights.",
            ),
            query=f"""
                SELECT 'month:' || period AS batch, unit_code, {", ".join(values)}, coverage,
                       abs(coalesce(composite, -1)
                           - coalesce(({weighted}) / nullif({present}, 0), -1))
                           AS composite_error,
                       abs(coverage - ({present}) / {total}) AS coverage_error
                FROM marts.fct_unit_month_scores
            """,
            expectations=sum(
                (between(c, 0, 100) for c in values[1:]),
                between(values[0], 0, 100),
            )
            + between("coverage", 0, 1)
            + between("composite_error", high=1e-9)
            + between("coverage_error", high=1e-12),
        ),
    )
