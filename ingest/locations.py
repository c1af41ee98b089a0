"""Where the project's files live: the data folder, the landing zone and the warehouse.

Everything the project writes lives under one data folder: `data/` at the repository root by
default, or `ATTT_DATA_DIR`. The landing zone defaults to `<data>/landing` (or `ATTT_LANDING`),
the warehouse to `<data>/warehouse/attt.duckdb` (or `ATTT_WAREHOUSE`). Command-line flags
override both.
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


def serving_path() -> Path:
    return data_dir() / "serving" / "attt.duckdb"
