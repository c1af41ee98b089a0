"""Each cell is trimmed of spaces, tabs, line ends and no-break spaces at its edges: the test for a
white edge that spares most cells the trim (issue 14) must give what trim() gives on every cell."""

from __future__ import annotations

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.validation import WHITE_SPACE, cell_expr
from sources.contract import Column

EDGES = " \t\n\r\u00a0"
cells = st.one_of(
    st.none(),
    st.text(alphabet=st.sampled_from(EDGES + "ab\u1ec7\u0301\u2003\u3000\x0b"), max_size=8),
)


@settings(max_examples=300, deadline=None)
@given(cells=st.lists(cells, min_size=1, max_size=20))
def test_a_cell_is_trimmed_as_trim_would_trim_it(cells: list[str | None]) -> None:
    con = duckdb.connect()
    con.execute('CREATE TABLE t (n INTEGER, "cell" VARCHAR)')
    con.executemany("INSERT INTO t VALUES (?, ?)", list(enumerate(cells)))
    trimmed = cell_expr(Column("cell"), normalise_text=False)
    got = con.execute(f"SELECT {trimmed} FROM t ORDER BY n").fetchall()
    want = con.execute(f"SELECT nullif(trim(\"cell\", {WHITE_SPACE}), '') FROM t ORDER BY n")
    assert got == want.fetchall()


def test_only_the_edges_are_trimmed() -> None:
    con = duckdb.connect()
    trimmed = cell_expr(Column("cell"), normalise_text=False)
    rows = con.execute(
        f"SELECT {trimmed} FROM (VALUES ('\u00a0a b\t'), (''), (' '), ('x')) AS v(\"cell\")"
    ).fetchall()
    assert rows == [("a b",), (None,), (None,), ("x",)]
