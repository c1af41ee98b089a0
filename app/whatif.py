"""The what-if of the methodology page: composites, coverage, ranks and grades recomputed from a
month's indicators with other weights, by the same rules as the dbt models.

The arithmetic follows `int_unit_month_scores` step for step (weighted sum in the methodology's
order, missing indicators left out of both sums, the composite rounded half to even before
ranking, competition ranks within a peer group), so at the default weights it gives exactly the
published composites and ranks; the tests hold it to that.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def rescore(month: pd.DataFrame, weights: dict[str, float], methodology: dict) -> pd.DataFrame:
    """One month's ranking rows (with the seven indicators and peer_group) scored again with
    `weights`; returns unit_code, composite, coverage, ranked, rank, grade."""
    names = list(methodology["weights"])  # the dbt model's order of summation
    total = float(sum(weights[name] for name in names))
    numerator = np.zeros(len(month))
    denominator = np.zeros(len(month))
    for name in names:
        values = month[name].to_numpy(dtype=float)
        present = ~np.isnan(values)
        numerator = numerator + np.where(present, weights[name] * values, 0.0)
        denominator = denominator + np.where(present, weights[name], 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        composite = np.where(denominator > 0, numerator / denominator, np.nan)
        coverage = denominator / total if total > 0 else np.zeros(len(month))
    rounded = np.round(composite, int(methodology["rank_decimals"]))
    ranked = (coverage >= methodology["ranked_coverage"]) & ~np.isnan(composite)
    result = pd.DataFrame(
        {
            "unit_code": month["unit_code"].to_numpy(),
            "peer_group": month["peer_group"].to_numpy(),
            "composite": composite,
            "composite_rounded": rounded,
            "coverage": coverage,
            "ranked": ranked,
        }
    )
    result["rank"] = (
        result["composite_rounded"]
        .where(result["ranked"])
        .groupby(result["peer_group"])
        .rank(method="min", ascending=False)
        .astype("Int64")
    )
    grades = sorted(methodology["grades"], key=lambda g: -g["min"])

    def grade(row) -> str | None:
        if not row.ranked:
            return None
        return next(g["grade"] for g in grades if row.composite_rounded >= g["min"])

    result["grade"] = [grade(row) for row in result.itertuples()]
    return result


def moves(month: pd.DataFrame, again: pd.DataFrame) -> pd.DataFrame:
    """Every unit whose rank or grade differs between the published `month` and `again` (its
    `rescore` under other weights), with how far it moves."""
    merged = month[["unit_code", "unit_name", "peer_group", "composite", "rank", "grade"]].merge(
        again[["unit_code", "composite", "rank", "grade"]],
        on="unit_code",
        suffixes=("", "_new"),
    )
    old = merged["rank"].astype("Int64")
    new = merged["rank_new"].astype("Int64")
    changed = (old.fillna(-1) != new.fillna(-1)) | (
        merged["grade"].fillna("") != merged["grade_new"].fillna("")
    )
    merged["moved"] = old - new  # positive: up
    return merged[changed.to_numpy()].sort_values(["peer_group", "rank_new", "unit_code"])
