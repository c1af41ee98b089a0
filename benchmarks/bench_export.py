"""Benchmark: `attt export` (every month of an export to a file) against DuckDB's own COPY.

Reads a published serving copy (`--serving`), or generates a landing zone (`--scale small` in
CI, `--scale national` by hand) and publishes it with `attt run` into a temporary warehouse
first. For each export (`--what`, the compliance gaps and the scores by default), it runs, each
in its own process: the floor, DuckDB copying the same rows in the same order to a CSV with
nothing else; then `attt export <what> --out FILE`, which also formats every cell the
methodology's way and writes a batch of rows at a time. It prints rows, bytes, wall seconds and
the process's peak memory (from the kernel, `wait4`) of both, and the ratios to the floor. The
export once read every row whole before writing: 0.8 GB for four national months of gaps,
growing with the months kept; its peak should now stay near the floor's. Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_app_queries import publish  # noqa: E402

FLOOR = """
import sys, duckdb
from readside.exports import EXPORTS
table, _, order = EXPORTS[sys.argv[1]]
con = duckdb.connect(sys.argv[2], read_only=True)
target = sys.argv[3].replace("'", "''")
con.execute(f"COPY (SELECT * FROM {table} ORDER BY {order}) TO '{target}' (FORMAT csv, HEADER)")
"""


def run_measured(command: list[str]) -> tuple[float, float, float, str]:
    """Run a command in its own process: (wall seconds, CPU seconds of it and the children it
    waited for, the largest process's peak resident memory in MB, what it printed). The kernel
    gives the CPU and memory (`wait4`)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATTT_")}
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    printed = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(f"{' '.join(command)} failed with exit code {child.returncode}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, printed.strip()


def measured(command: list[str]) -> tuple[float, float]:
    """Run a command in its own process: (wall seconds, its peak resident memory in MB)."""
    seconds, _, peak, _ = run_measured(command)
    return seconds, peak


def serving_copy(given: Path | None, scale: str, tmp: Path) -> Path:
    """The serving copy given, or one published from a demo zone of `scale` under `tmp`."""
    serving = given.resolve() if given else publish(scale, tmp)
    if not serving.exists():
        sys.exit(f"no serving copy at {serving}")
    return serving


def rows_of(path: Path) -> int:
    with open(path, "rb") as handle:
        return sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b"")) - 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["small", "national"], default="small")
    parser.add_argument("--serving", type=Path, help="use this published serving copy")
    parser.add_argument("--what", nargs="+", default=["gaps", "scores"])
    args = parser.parse_args()
    attt = Path(sys.executable).parent / "attt"
    tmp = Path(tempfile.mkdtemp(prefix="attt-bench-export-"))
    try:
        serving = serving_copy(args.serving, args.scale, tmp)
        print(f"serving copy: {serving} ({serving.stat().st_size / 2**20:,.0f} MB)")
        header = ("export", "rows", "MB", "floor s", "floor MB", "export s", "export MB",
                  "× floor s", "× floor MB")  # fmt: skip
        print(" | ".join(header))
        for what in args.what:
            floor_csv, export_csv = tmp / f"{what}-floor.csv", tmp / f"{what}-export.csv"
            floor_s, floor_mb = measured(
                [sys.executable, "-c", FLOOR, what, str(serving), str(floor_csv)]
            )
            export_s, export_mb = measured(
                [str(attt), "export", what, "--serving", str(serving), "--out", str(export_csv)]
            )
            rows, size = rows_of(export_csv), export_csv.stat().st_size / 2**20
            if rows != (floor_rows := rows_of(floor_csv)):
                sys.exit(f"{what}: the export has {rows} rows, the floor {floor_rows}")
            print(" | ".join((
                what, f"{rows:,}", f"{size:,.1f}", f"{floor_s:.2f}", f"{floor_mb:,.0f}",
                f"{export_s:.2f}", f"{export_mb:,.0f}", f"{export_s / floor_s:.1f}",
                f"{export_mb / floor_mb:.2f}",
            )))  # fmt: skip
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
