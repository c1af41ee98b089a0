"""Where the project's files live: the data folder, the landing zone and the warehouse.

Everything the project writes lives under one data folder: `data/` at the repository root by
default, or `ATTT_DATA_DIR`. The landing zone defaults to `<data>/landing` (or `ATTT_LANDING`),
the warehouse to `<data>/warehouse/attt.duckdb` (or `ATTT_WAREHOUSE`). Command-line flags
override both. The serving copy that the app reads is `<data>/serving/attt.duckdb` (or
`ATTT_SERVING`). The app keeps its accounts and audit log in `<data>/app/app_state.sqlite` (or
`ATTT_APP_STATE`), never in the warehouse or the serving copy; monthly reports go under
`<data>/reports` (or `ATTT_REPORTS`).
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    return Path(os.environ.get("ATTT_DATA_DIR") or REPO_ROOT / "data")


def landing_dir(override: str | os.PathLike | None = None) -> Path:
    if override:
        return Path(override)
    return Path(os.environ.get("ATTT_LANDING") or data_dir() / "landing")


def warehouse_path(override: str | os.PathLike | None = None) -> Path:
    if override:
        return Path(override)
    return Path(os.environ.get("ATTT_WAREHOUSE") or data_dir() / "warehouse" / "attt.duckdb")


def serving_path(
    override: str | os.PathLike | None = None, warehouse: str | os.PathLike | None = None
) -> Path:
    """The published copy: `ATTT_SERVING`, else `<data>/serving/attt.duckdb`; for a warehouse
    given on the command line, `serving/<its name>` beside it, so that a run against another
    warehouse never replaces the default serving copy."""
    if override:
        return Path(override)
    if os.environ.get("ATTT_SERVING"):
        return Path(os.environ["ATTT_SERVING"])
    if warehouse and not _is_default_warehouse(warehouse):
        return Path(warehouse).parent / "serving" / Path(warehouse).name
    return data_dir() / "serving" / "attt.duckdb"


def _is_default_warehouse(warehouse: str | os.PathLike) -> bool:
    # `data/warehouse/attt.duckdb` given relative to the repository is the default one too
    return Path(warehouse).resolve() == warehouse_path().resolve()


def quality_docs_dir(warehouse: str | os.PathLike | None = None) -> Path:
    """Where GX's Data Docs are built: `<data>/quality/docs`, or `quality/docs` beside a
    warehouse given on the command line."""
    if warehouse and not _is_default_warehouse(warehouse):
        return Path(warehouse).parent / "quality" / "docs"
    return data_dir() / "quality" / "docs"


def quality_docs_beside(serving: str | os.PathLike) -> Path:
    """The Data Docs published with a serving copy: `quality/docs` beside its `serving/` folder."""
    return Path(serving).parent.parent / "quality" / "docs"


def app_state_path(override: str | os.PathLike | None = None) -> Path:
    if override:
        return Path(override)
    return Path(os.environ.get("ATTT_APP_STATE") or data_dir() / "app" / "app_state.sqlite")


def reports_dir(override: str | os.PathLike | None = None) -> Path:
    if override:
        return Path(override)
    return Path(os.environ.get("ATTT_REPORTS") or data_dir() / "reports")
