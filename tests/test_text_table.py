"""The command line's plain tables: a long cell is wrapped onto the row's next lines, never cut."""

from __future__ import annotations

from core.text_table import render_table

REASON = (
    "dossiers/systems_20261120.csv, dòng 51, cột proposed_level: '7' nằm ngoài khoảng 1–5; "
    "hãy sửa tệp và gửi lại bản thay thế cùng tên"
)


def test_a_long_reason_is_read_whole_on_the_rows_next_lines():
    # Finding: `attt files` and `attt set-aside` cut every cell at 70 characters ("…"), so a
    # data officer reading the table lost the end of a long reason, which says what to do.
    rows = [("a.csv", REASON, "1.204"), ("b.csv", "", "7")]
    table = render_table(["tệp", "lý do", "đã nạp"], rows)
    lines = table.split("\n")
    assert "…" not in table
    start, width = lines[0].index("lý do"), len(lines[1].split("  ")[1])
    assert width <= 70
    column = [line[start:start + width].strip() for line in lines[2:]]
    assert " ".join(part for part in column if part) == REASON
    assert all(len(line) <= len(lines[1]) for line in lines)  # every line inside the columns
    assert lines[2].startswith("a.csv") and lines[2].rstrip().endswith("1.204")
    assert lines[3].startswith(" " * len("a.csv"))  # the reason's next line, under its column
    assert lines[-1].startswith("b.csv") and lines[-1].rstrip().endswith("7")


def test_short_cells_keep_one_line_a_row():
    table = render_table(["a", "b"], [("x", "y"), ("z", None)])
    assert table.split("\n") == ["a  b", "-  -", "x  y", "z"]
