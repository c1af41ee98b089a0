"""Benchmark: the agency-tree check against DuckDB's bare `read_csv` of the same file.

Writes three `reference/agencies.csv` files: 10,000 units nested 100 deep under 100 ministries,
one chain 3,000 deep, and a loop of 5,000 units (every one of them set aside, with 300 units
hanging under it). For each, in a fresh process (so that peak memory is its own): the floor,
`CREATE TABLE ... AS SELECT * FROM read_csv(file)`, then the project's ingest of the file (every
cell checked, the tree walked, the top-level unit stored). Prints seconds, the ratio to the
floor, peak memory and the bytes of reason text stored. The check is linear in the units: the
ratio stays flat however deep the tree.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADER = "code,name,kind,parent_code,province_code,valid_from,valid_to,successor_code"


def nested(ministries: int, depth: int) -> list[str]:
    lines = []
    for m in range(ministries):
        lines.append(f"M{m},Bộ {m},ministry,,,2020-01-01,,")
        parent = f"M{m}"
        for d in range(depth):
            code = f"M{m}.{d}"
            lines.append(f"{code},Đơn vị {code},unit,{parent},,2020-01-01,,")
            parent = code
    return lines


def loop(size: int, hanging: int) -> list[str]:
    lines = [f"L{i},Vòng {i},unit,L{(i + 1) % size},,2020-01-01,," for i in range(size)]
    return lines + [f"T{i},Dưới {i},unit,L{i * 7 % size},,2020-01-01,," for i in range(hanging)]


CASES = {
    "10,000 units, 100 deep": lambda: nested(100, 100),
    "one chain 3,000 deep": lambda: nested(1, 3000),
    "a loop of 5,000 units": lambda: loop(5000, 300),
}


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(mode: str, landing: Path, workdir: Path) -> dict:
    path = landing / "reference" / "agencies.csv"
    if mode == "floor":
        import duckdb

        con = duckdb.connect(str(workdir / "floor.duckdb"))
        started = time.perf_counter()
        con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?)", [str(path)])
        rows = con.execute("SELECT count(*) FROM t").fetchone()[0]
        return {"seconds": time.perf_counter() - started, "rows": rows, "peak_mb": peak_mb()}
    from ingest.pipeline import ingest_file
    from ingest.warehouse import connect

    con = connect(workdir / "attt.duckdb")
    started = time.perf_counter()
    outcome = ingest_file(con, landing, "reference/agencies.csv")
    seconds = time.perf_counter() - started
    reason_bytes = con.execute(
        "SELECT coalesce(sum(strlen(reason)), 0) FROM raw.set_aside"
    ).fetchone()[0]
    return {
        "seconds": seconds,
        "rows": outcome.rows_read,
        "loaded": outcome.rows_loaded,
        "set_aside": outcome.rows_set_aside,
        "reason_bytes": reason_bytes,
        "peak_mb": peak_mb(),
    }


def run_child(mode: str, landing: Path, workdir: Path) -> dict:
    workdir.mkdir(parents=True, exist_ok=True)
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--landing", str(landing),
         "--workdir", str(workdir)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["small", "national"], default="small",
                        help="accepted for symmetry with the other benchmarks; the cases are "
                        "the same at both scales")  # fmt: skip
    parser.add_argument("--child", choices=["floor", "ingest"], help=argparse.SUPPRESS)
    parser.add_argument("--landing", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.landing, args.workdir)))
        return
    print("agency-tree check (ingest of reference/agencies.csv) against a bare read_csv")
    print(f"{'case':26}{'rows':>8}{'floor s':>9}{'ingest s':>10}{'ratio':>8}"
          f"{'peak MB':>9}{'reasons KB':>12}")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="attt-tree-") as tmp:
        for index, (name, build) in enumerate(CASES.items()):
            landing = Path(tmp) / f"case{index}"
            (landing / "reference").mkdir(parents=True)
            text = "\n".join([HEADER, *build()]) + "\n"
            (landing / "reference" / "agencies.csv").write_text(text, encoding="utf-8")
            floor = run_child("floor", landing, Path(tmp) / f"floor{index}")
            ours = run_child("ingest", landing, Path(tmp) / f"ingest{index}")
            ratio = ours["seconds"] / floor["seconds"] if floor["seconds"] else float("nan")
            print(f"{name:26}{ours['rows']:>8,}{floor['seconds']:>9.3f}{ours['seconds']:>10.3f}"
                  f"{ratio:>7.1f}x{ours['peak_mb']:>9.0f}"
                  f"{ours['reason_bytes'] / 1024:>12.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
