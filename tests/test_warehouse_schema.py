"""The raw layer's schema: made once, brought up to date when the code's schema changes, and
left untouched by a connection when it is already this version's (issue 14: every step of a
run opens the warehouse)."""

from __future__ import annotations

from ingest.warehouse import connect, schema_signature


def _file_state(path):
    info = path.stat()
    return info.st_size, info.st_mtime_ns


def test_a_warehouse_of_this_version_is_opened_without_writing(tmp_path):
    warehouse = tmp_path / "attt.duckdb"
    connect(warehouse).close()
    before = _file_state(warehouse)
    for _ in range(3):
        con = connect(warehouse)
        assert con.execute("SELECT count(*) FROM raw.files").fetchone() == (0,)
        con.close()
    assert _file_state(warehouse) == before
    assert not warehouse.with_name(warehouse.name + ".wal").exists()


def test_a_warehouse_of_an_earlier_version_gains_what_was_added(tmp_path):
    warehouse = tmp_path / "attt.duckdb"
    con = connect(warehouse)
    # as an earlier version left it: a column and a view missing, another schema recorded
    con.execute("DROP VIEW raw.current_files")
    con.execute("DROP VIEW raw.files")
    con.execute("ALTER TABLE raw.ledger DROP COLUMN file_stat")
    con.execute("UPDATE raw.schema_version SET signature = 'an earlier version'")
    con.close()
    con = connect(warehouse)
    try:
        columns = {
            r[0]
            for r in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'raw' "
                "AND table_name = 'ledger'"
            ).fetchall()
        }
        assert "file_stat" in columns
        assert con.execute("SELECT count(*) FROM raw.current_files").fetchone() == (0,)
        assert con.execute("SELECT signature FROM raw.schema_version").fetchone() == (
            schema_signature(),
        )
    finally:
        con.close()
