"""The dbt project as Dagster sees it: its `DbtProject`, the methodology vars passed to every
dbt command, and a manifest kept up to date (`dagster dev` re-parses on load; the command line
and the tests parse when the manifest is missing or older than the project's files)."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

from dagster_dbt import DbtProject

from core.locations import REPO_ROOT
from core.methodology import METHODOLOGY_FILE, methodology  # noqa: F401  (re-exported)

DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"


def dbt_vars(warehouse: str | Path | None = None) -> str:
    """The --vars of a dbt command: the methodology and, when given, the warehouse path."""
    values: dict = {"methodology": methodology()}
    if warehouse is not None:
        values["warehouse_path"] = str(Path(warehouse).resolve())
    return json.dumps(values, ensure_ascii=False)


# dbt is installed beside this Python (the project's .venv): make it findable when the venv is
# not activated, e.g. `.venv/bin/attt run`.
if shutil.which("dbt") is None:
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"

dbt_project = DbtProject(
    project_dir=DBT_PROJECT_DIR,
    profiles_dir=DBT_PROJECT_DIR,
    prepare_project_cli_args=["parse", "--quiet", "--vars", dbt_vars()],
)


def _newest_source_mtime() -> float:
    paths = [DBT_PROJECT_DIR / "dbt_project.yml", METHODOLOGY_FILE]
    for folder in ("models", "macros", "seeds", "tests"):
        paths += [p for p in (DBT_PROJECT_DIR / folder).rglob("*") if p.is_file()]
    return max(p.stat().st_mtime for p in paths if p.exists())


def ensure_manifest() -> Path:
    """Parse the dbt project when its manifest is missing or older than its files."""
    manifest = dbt_project.manifest_path
    if not manifest.exists() or manifest.stat().st_mtime < _newest_source_mtime():
        dbt_project.preparer.prepare(dbt_project)
    return manifest
