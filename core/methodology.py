"""The methodology file, `dbt_project/methodology.yml`: every number of the score. dbt gets it
as its `methodology` var; the quality checks, the app's what-if and the report read it here.
Kept free of Dagster imports, so that the app can read it cheaply."""

from __future__ import annotations

from functools import cache

import yaml

from core.locations import REPO_ROOT

METHODOLOGY_FILE = REPO_ROOT / "dbt_project" / "methodology.yml"


@cache
def methodology() -> dict:
    """The methodology file's contents: version, weights, thresholds, grades, draws."""
    with open(METHODOLOGY_FILE, encoding="utf-8") as handle:
        return yaml.safe_load(handle)["methodology"]


def indicators() -> tuple[str, ...]:
    """The indicators' ids, in the methodology file's order: the one list Python reads."""
    return tuple(methodology()["weights"])
