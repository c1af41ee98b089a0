"""Where files go: the default warehouse named by a relative path (as `make demo` does) still
publishes to the default serving copy, which `attt app` reads."""

from __future__ import annotations

from core import locations


def test_the_default_warehouse_by_a_relative_path_publishes_to_the_default_copy(monkeypatch):
    monkeypatch.delenv("ATTT_DATA_DIR", raising=False)
    monkeypatch.delenv("ATTT_WAREHOUSE", raising=False)
    monkeypatch.delenv("ATTT_SERVING", raising=False)
    monkeypatch.chdir(locations.REPO_ROOT)
    default = locations.serving_path()
    assert locations.serving_path(None, "data/warehouse/attt.duckdb") == default
    assert locations.quality_docs_dir("data/warehouse/attt.duckdb") == locations.quality_docs_dir()


def test_another_warehouse_publishes_beside_itself(tmp_path):
    warehouse = tmp_path / "w" / "attt.duckdb"
    assert locations.serving_path(None, warehouse) == tmp_path / "w" / "serving" / "attt.duckdb"
    assert locations.quality_docs_beside(locations.serving_path(None, warehouse)) == (
        locations.quality_docs_dir(warehouse)
    )
