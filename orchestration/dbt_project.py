"""The dbt project as Dagster sees it: its `DbtProject` and the dbt command line, the methodology
vars passed to every dbt command, and a manifest kept up to date (parsed when it is missing or
older than the project's files). Nothing happens at import: the project is made on first use
(`dbt_project()`, cached, as dagster-open-platform does), and dbt is found beside this Python
when it is not on PATH, which is left as it is."""

from __future__ import annotations

import functools
import json
import shutil
import sys
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject
from packaging import version

from core.locations import REPO_ROOT
from core.methodology import METHODOLOGY_FILE, methodology  # noqa: F401  (re-exported)

DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"


def dbt_vars(warehouse: str | Path | None = None) -> str:
    """The --vars of a dbt command: the methodology and, when given, the warehouse path."""
    values: dict = {"methodology": methodology()}
    if warehouse is not None:
        values["warehouse_path"] = str(Path(warehouse).resolve())
    return json.dumps(values, ensure_ascii=False)


def dbt_executable() -> str:
    """dbt on PATH, or the one installed beside this Python (the project's .venv, when it is
    not activated, e.g. `.venv/bin/attt run`)."""
    beside = Path(sys.executable).parent / "dbt"
    return shutil.which("dbt") or (str(beside) if beside.exists() else "dbt")


def dbt_target_path(warehouse: Path) -> Path:
    """dbt's target folder for the builds of one warehouse, beside it. Absolute: dbt runs in
    the dbt project's folder, where a relative path would put it under the project."""
    return Path(warehouse).resolve().parent / "dbt_target"


@functools.cache
def dbt_project() -> DbtProject:
    return DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


class ProjectDbtCli(DbtCliResource):
    """dagster-dbt's dbt command line without two costs it adds to every dbt command and that this
    project has no use for (found at national scale, issue 14: 6 s of each run's 22 s of dbt):
    it ran `dbt --version` in a new process to learn the version (3 s), although the dbt it runs
    is the dbt-core installed beside this Python (`dbt_executable`), whose version the package
    says; and it opened an adapter of its own inside this process (3 s), used only to fetch row
    counts and column metadata for Dagster, which the pipeline does not ask for."""

    @functools.cached_property
    def _cli_version(self) -> version.Version:
        from dbt.version import __version__

        return version.parse(__version__)

    def _initialize_dbt_core_adapter(self, args):  # noqa: ARG002 - dagster-dbt's signature
        return None


def dbt_cli() -> DbtCliResource:
    """The dbt command line as a Dagster resource, on this project."""
    project = dbt_project()
    return ProjectDbtCli(
        project_dir=project, profiles_dir=str(project.profiles_dir), dbt_executable=dbt_executable()
    )


def _newest_source_mtime() -> float:
    paths = [DBT_PROJECT_DIR / "dbt_project.yml", METHODOLOGY_FILE]
    for folder in ("models", "macros", "seeds", "tests"):
        paths += [p for p in (DBT_PROJECT_DIR / folder).rglob("*") if p.is_file()]
    return max(p.stat().st_mtime for p in paths if p.exists())


def ensure_manifest() -> Path:
    """Parse the dbt project when its manifest is missing or older than its files."""
    project = dbt_project()
    manifest = project.manifest_path
    if not manifest.exists() or manifest.stat().st_mtime < _newest_source_mtime():
        dbt_cli().cli(
            ["parse", "--quiet", "--vars", dbt_vars()], target_path=manifest.parent
        ).wait()
    return manifest
