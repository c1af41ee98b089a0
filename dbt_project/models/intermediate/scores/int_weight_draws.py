"""The rank-uncertainty draws: in each draw every indicator weight is multiplied by an
independent uniform factor in [factor_low, factor_high]. NumPy's PCG64 generator with the
methodology's seed makes the draws, and so a month's rank percentiles, reproducible."""

import numpy as np


def model(dbt, session):
    dbt.config(materialized="table")
    indicators = dbt.config.get("indicators").split(",")
    draws = int(dbt.config.get("draws"))
    low, high = float(dbt.config.get("factor_low")), float(dbt.config.get("factor_high"))
    seed = int(dbt.config.get("seed"))
    factors = np.random.Generator(np.random.PCG64(seed)).uniform(
        low, high, size=(draws, len(indicators))
    )
    # A DuckDB relation over the three columns as lists, not a pandas frame: importing pandas
    # in dbt's process took most of this model's 1.3 to 1.9 s on every build (issue 14).
    return session.sql(
        "select unnest(?::BIGINT[]) as draw, unnest(?::VARCHAR[]) as indicator, "
        "unnest(?::DOUBLE[]) as factor",
        params=[
            np.repeat(np.arange(1, draws + 1), len(indicators)).tolist(),
            np.tile(indicators, draws).tolist(),
            factors.reshape(-1).tolist(),
        ],
    )
