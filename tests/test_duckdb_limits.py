"""Memory bounded (issue 14, item 3): every DuckDB connection of the project, dbt's included,
runs under one memory limit and thread count, so that DuckDB spills instead of growing."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

from core import duckdb_limits
from ingest.warehouse import connect as connect_warehouse

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("core", "sources", "ingest", "quality", "readside", "reports", "orchestration",
            "app", "cli", "demo")  # fmt: skip


def _settings(con) -> tuple[str, str]:
    return con.execute(
        "SELECT current_setting('memory_limit'), current_setting('threads')"
    ).fetchone()


def test_every_connection_is_opened_through_the_limits_module():
    calls = []
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if path == ROOT / "core" / "duckdb_limits.py":
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "connect"
                    and isinstance(node.func.value, ast.Name)
                    and node.func.value.id == "duckdb"
                ):
                    calls.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert calls == []


def test_the_warehouse_and_a_reading_connection_run_under_the_limits(tmp_path):
    expected = _settings(duckdb_limits.connect(":memory:"))
    con = connect_warehouse(tmp_path / "w.duckdb")
    try:
        assert _settings(con) == expected
    finally:
        con.close()
    memory, threads = expected
    assert int(threads) == duckdb_limits.DEFAULT_THREADS
    # DuckDB prints 1GB as 953.6 MiB
    assert memory.endswith("MiB") and 900 < float(memory.split()[0]) < 1000


def test_the_limits_follow_the_environment_in_python_and_in_dbt(tmp_path):
    env = {**os.environ, "ATTT_DUCKDB_MEMORY_LIMIT": "300MB", "ATTT_DUCKDB_THREADS": "1"}
    python = subprocess.run(
        [sys.executable, "-c", "from core.duckdb_limits import connect; "
         "print(connect().execute(\"SELECT current_setting('memory_limit'), "
         "current_setting('threads')\").fetchone())"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    assert python == "('286.1 MiB', 1)"
    warehouse = tmp_path / "w.duckdb"
    connect_warehouse(warehouse).close()
    dbt = subprocess.run(
        [sys.executable, "-m", "cli.main", "dbt", "--warehouse", str(warehouse),
         "run-operation", "duckdb_settings"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert dbt.returncode == 0, dbt.stdout + dbt.stderr
    assert "memory_limit=286.1 MiB threads=1" in dbt.stdout, dbt.stdout


def test_dbt_profile_defaults_are_the_limits_module_defaults():
    profile = (ROOT / "dbt_project" / "profiles.yml").read_text(encoding="utf-8")
    memory = re.search(r"env_var\('ATTT_DUCKDB_MEMORY_LIMIT', '([^']+)'\)", profile)
    threads = re.search(r"env_var\('ATTT_DUCKDB_THREADS', '([^']+)'\)", profile)
    assert memory and memory[1] == duckdb_limits.DEFAULT_MEMORY_LIMIT
    assert threads and int(threads[1]) == duckdb_limits.DEFAULT_THREADS
