"""Benchmark: botnet ingest throughput against DuckDB's bare `read_csv` of the same files.

Generates a landing zone (`--scale small` in CI, `--scale national` by hand: a quarter of daily
sinkhole reports at ~470,000 infected addresses a day) or reuses one (`--landing`), then in two
fresh processes (so that peak memory is each one's own):
  bare  : `CREATE TABLE ... AS SELECT * FROM read_csv(file)` for every botnet file;
  ingest: the project's `ingest_source(..., "botnet")`: hash, ledger, every cell checked, typed
          rows into raw.botnet_events, bad rows set aside.
Prints rows, seconds, rows/s, peak memory, and the ratio ingest/bare (target: within 1.5x).
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

TARGET_RATIO = 1.5


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_bare(landing: Path, workdir: Path) -> dict:
    import duckdb

    files = sorted((landing / "feeds" / "botnet").glob("*.csv*"))
    con = duckdb.connect(str(workdir / "bare.duckdb"))
    started = time.perf_counter()
    rows = 0
    for index, path in enumerate(files):
        con.execute(f"CREATE TABLE t{index} AS SELECT * FROM read_csv('{path}')")
        rows += con.execute(f"SELECT count(*) FROM t{index}").fetchone()[0]
    seconds = time.perf_counter() - started
    con.close()
    return {"files": len(files), "rows": rows, "seconds": seconds, "peak_mb": peak_mb()}


def child_ingest(landing: Path, workdir: Path) -> dict:
    from ingest.pipeline import ingest_source
    from ingest.warehouse import connect

    con = connect(workdir / "attt.duckdb")
    started = time.perf_counter()
    outcomes = ingest_source(con, landing, "botnet")
    seconds = time.perf_counter() - started
    loaded = sum(o.rows_loaded for o in outcomes)
    aside = sum(o.rows_set_aside or 0 for o in outcomes)
    con.close()
    return {
        "files": len(outcomes),
        "rows": loaded + aside,
        "rows_loaded": loaded,
        "rows_set_aside": aside,
        "seconds": seconds,
        "peak_mb": peak_mb(),
    }


def run_child(mode: str, landing: Path, workdir: Path) -> dict:
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            mode,
            "--landing",
            str(landing),
            "--workdir",
            str(workdir),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["small", "national"], default="small")
    parser.add_argument("--landing", type=Path, help="reuse this landing zone")
    parser.add_argument("--days", type=int, default=None)
    parser.add_argument("--child", choices=["bare", "ingest"], help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        runner = child_bare if args.child == "bare" else child_ingest
        print(json.dumps(runner(args.landing, args.workdir)))
        return

    with tempfile.TemporaryDirectory(prefix="attt-bench-") as tmp:
        workdir = Path(tmp)
        landing = args.landing
        if landing is None:
            import datetime as dt

            from demo import generate_landing_zone

            landing = workdir / "landing"
            started = time.perf_counter()
            generate_landing_zone(
                landing,
                scale=args.scale,
                seed=7,
                days=args.days,
                end=dt.date(2026, 10, 31),
                progress=args.scale != "small",
            )
            print(
                f"generated the {args.scale} landing zone in {time.perf_counter() - started:.1f} s"
            )
        bytes_on_disk = sum(p.stat().st_size for p in (landing / "feeds" / "botnet").iterdir())
        (workdir / "bare").mkdir()
        (workdir / "ingest").mkdir()
        bare = run_child("bare", landing, workdir / "bare")
        ours = run_child("ingest", landing, workdir / "ingest")

    ratio = ours["seconds"] / bare["seconds"] if bare["seconds"] else float("nan")
    print(
        f"botnet ingest benchmark ({args.scale}): {bare['files']} files, "
        f"{bytes_on_disk / 1e6:.1f} MB on disk"
    )
    print(f"{'':10}{'rows':>12}{'seconds':>10}{'rows/s':>14}{'peak MB':>10}")
    for name, figures in (("bare read", bare), ("ingest", ours)):
        rate = figures["rows"] / figures["seconds"] if figures["seconds"] else 0
        print(
            f"{name:10}{figures['rows']:>12,}{figures['seconds']:>10.2f}{rate:>14,.0f}"
            f"{figures['peak_mb']:>10.0f}"
        )
    print(f"rows set aside by ingest: {ours['rows_set_aside']:,}")
    verdict = "within" if ratio <= TARGET_RATIO else "OVER"
    print(f"ratio ingest/bare: {ratio:.2f}x ({verdict} the {TARGET_RATIO}x target)")
    if ours["rows"] != bare["rows"]:
        print(
            f"WARNING: ingest accounted for {ours['rows']:,} rows, the bare read found "
            f"{bare['rows']:,}"
        )


if __name__ == "__main__":
    main()
