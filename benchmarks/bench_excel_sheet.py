"""Benchmark: one Excel sheet of the report's annex or an app download, against openpyxl alone.

The monthly report's annex lists a month's compliance gaps: 75,000 rows at national scale. For
two sizes, N and 4N rows of a gaps-like frame (codes, Vietnamese text, numbers, a formula-like
cell), it times the floor, openpyxl appending the same values with nothing else, then
`readside.excel.write_sheet` (headers, escaping, text kept as text, number formats, widths).
Prints seconds, the ratio to the floor and how the time grows from N to 4N rows: 4× is linear.
Writing a sheet once looked each appended row up in the sheet, which scans every cell: time
grew with the square of the rows, and the national report's annex never finished.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = {"small": 2_000, "national": 20_000}


def gaps_like(rows: int):
    import pandas as pd

    return pd.DataFrame(
        {
            "unit_code": [f"U{i % 73:03d}" for i in range(rows)],
            "system_id": [f"SYS-{i:06d}" for i in range(rows)],
            "obligation": ["Thực hiện kiểm tra, đánh giá định kỳ"] * rows,
            "detail": ["=HYPERLINK(\"x\")" if i % 100 == 0 else "quá hạn" for i in range(rows)],
            "level": [i % 5 + 1 for i in range(rows)],
            "share": [i / rows for i in range(rows)],
        }
    )


def floor(frame) -> float:
    from openpyxl import Workbook

    started = time.perf_counter()
    sheet = Workbook().active
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        sheet.append(list(row))
    return time.perf_counter() - started


def project(frame) -> float:
    from openpyxl import Workbook

    from readside.excel import write_sheet

    started = time.perf_counter()
    write_sheet(Workbook(), "Yêu cầu chưa đáp ứng", frame)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=list(SIZES), default="small")
    args = parser.parse_args()
    base = SIZES[args.scale]
    print(f"excel sheet benchmark ({args.scale})")
    print(f"  {'rows':>8}  {'floor':>8}  {'sheet':>8}  {'ratio':>6}")
    warm = gaps_like(10)
    floor(warm), project(warm)  # the imports, outside the timings
    timings = {}
    for rows in (base, 4 * base):
        frame = gaps_like(rows)
        bare, ours = floor(frame), project(frame)
        timings[rows] = (bare, ours)
        print(f"  {rows:>8,}  {bare:>7.2f}s  {ours:>7.2f}s  {ours / bare:>5.1f}x")
    (bare_n, ours_n), (bare_4n, ours_4n) = timings[base], timings[4 * base]
    print(f"  from {base:,} to {4 * base:,} rows: the floor grows {bare_4n / bare_n:.1f}x, the "
          f"sheet {ours_4n / ours_n:.1f}x (4x is linear)")  # fmt: skip


if __name__ == "__main__":
    main()
