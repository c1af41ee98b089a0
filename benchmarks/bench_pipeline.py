"""Benchmark: a whole pipeline run (`attt run`: ingest, dbt build, publish) and its stages.

Generates a landing zone (`--scale small` in CI, `--scale national` by hand) or reuses one
(`--landing`), runs the pipeline in a fresh process through the project's Dagster definitions,
and prints the wall time of every stage (ingest, dbt build with its tests, the data-quality
checks and freshness, publish), the run end
to end, and the peak memory of the pipeline process and of dbt (a child process).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def child(landing: Path, warehouse: Path) -> dict:
    import dagster as dg

    from orchestration.definitions import build_definitions
    from orchestration.runner import QUIET

    started = time.perf_counter()
    defs = build_definitions(warehouse=warehouse, landing=landing)
    job = defs.resolve_job_def("pipeline")
    instance = dg.DagsterInstance.ephemeral()
    result = job.execute_in_process(instance=instance, run_config=QUIET, raise_on_error=False)
    total = time.perf_counter() - started
    stages: dict[str, float] = {}
    starts: dict[str, float] = {}
    for entry in instance.all_logs(result.run_id):
        event = entry.dagster_event
        if event is None or event.step_key is None:
            continue
        if event.event_type_value == "STEP_START":
            starts[event.step_key] = entry.timestamp
        elif event.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE"):
            key = event.step_key
            if key.endswith(("_blocking", "_warning")) or "freshness" in key:
                stage = "quality"
            elif "dbt" in key:
                stage = "dbt build"
            else:
                stage = "publish" if "serving" in key else "ingest"
            stages[stage] = (
                stages.get(stage, 0.0) + entry.timestamp - starts.get(key, entry.timestamp)
            )
    return {
        "success": result.success,
        "seconds": total,
        "stages": stages,
        "peak_mb_pipeline": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "peak_mb_dbt": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["small", "national"], default="small")
    parser.add_argument("--landing", type=Path, help="reuse this landing zone")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--warehouse", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.landing, args.warehouse)))
        return
    with tempfile.TemporaryDirectory(prefix="attt-bench-") as tmp:
        landing = args.landing
        if landing is None:
            from demo import generate_landing_zone

            landing = Path(tmp) / "landing"
            generate_landing_zone(
                landing, scale=args.scale, seed=7, end=dt.date(2026, 10, 31), progress=False
            )
        rows = sum(1 for _ in landing.rglob("*") if _.is_file())
        started = time.perf_counter()
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                "--landing",
                str(landing),
                "--warehouse",
                str(Path(tmp) / "warehouse" / "attt.duckdb"),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - started
        figures = json.loads(out.stdout.strip().splitlines()[-1])
    print(
        f"pipeline benchmark ({args.scale}): {rows} landing files, "
        f"{'succeeded' if figures['success'] else 'FAILED'}"
    )
    for stage in ("ingest", "dbt build", "quality", "publish"):
        print(f"  {stage:10} {figures['stages'].get(stage, 0.0):8.1f} s")
    print(f"  {'run':10} {figures['seconds']:8.1f} s (in-process, after imports)")
    print(f"  {'end to end':10} {wall:8.1f} s (a fresh process, imports included)")
    print(
        f"  peak memory: pipeline process {figures['peak_mb_pipeline']:.0f} MB, "
        f"dbt {figures['peak_mb_dbt']:.0f} MB"
    )


if __name__ == "__main__":
    main()
