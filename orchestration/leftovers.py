"""What a killed run leaves behind, removed when the next run starts (under the warehouse lock,
so nothing is still writing them): half-written serving copies (`.attt.duckdb.<pid>.tmp` and its
`.wal`), DuckDB's spill folder beside the warehouse, half-written report files, dbt's per-run
target folders beyond the last few, and pipeline logs beyond the last few."""

from __future__ import annotations

import shutil
from pathlib import Path

from orchestration.dbt_project import DBT_PROJECT_DIR

KEEP_DBT_TARGETS = 3
KEEP_LOGS = 20


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _all_but_newest(paths: list[Path], keep: int) -> list[Path]:
    by_age = sorted(paths, key=lambda p: p.stat().st_mtime, reverse=True)
    return by_age[keep:]


def stale_files(
    warehouse: Path, serving: Path, reports: Path | None = None, logs: Path | None = None
) -> list[Path]:
    """Every leftover of earlier runs that may go."""
    found: list[Path] = []
    if serving.parent.is_dir():
        found += sorted(serving.parent.glob(f".{serving.name}.*.tmp*"))
    spill = warehouse.with_name(warehouse.name + ".tmp")
    if spill.is_dir():
        found.append(spill)
    if reports is not None and reports.is_dir():
        found += sorted(reports.glob("*/.bao-cao-attt-*.tmp"))
        found += sorted(reports.glob("*/units/*/.phieu-danh-gia-*.tmp"))
    target = DBT_PROJECT_DIR / "target"
    if target.is_dir():
        found += _all_but_newest(
            [p for p in target.glob("attt_dbt_models-*") if p.is_dir()], KEEP_DBT_TARGETS
        )
    if logs is not None and logs.is_dir():
        found += _all_but_newest(list(logs.glob("pipeline-*.log")), KEEP_LOGS)
    return found


def remove_leftovers(
    warehouse: Path, serving: Path, reports: Path | None = None, logs: Path | None = None
) -> list[str]:
    """Remove the leftovers of earlier runs; returns their names, for the run's summary."""
    removed = []
    for path in stale_files(warehouse, serving, reports, logs):
        _remove(path)
        removed.append(path.name)
    return removed
