"""Benchmark: where a pipeline run's time and memory go, against a floor measured in the same run.

On a generated landing zone (`--scale small` in CI, `--scale national` by hand) or a copy of one
(`--landing`), each stage runs in a fresh process and prints its wall time, the peak memory of
that process and of its largest child (dbt), and its ratio to a reference:

1. the floor: DuckDB reading every landing file once with its own readers (`read_csv`,
   `read_json`) into tables of the columns the contract keeps, in one process, under the
   project's DuckDB limits; no checks, no ledger, no models;
2. a full `attt run` (ingest, dbt build and tests, quality checks, freshness, publish), with its
   own stages;
3. the same after one more daily report (the next day's sinkhole reports and heartbeats);
4. the same with nothing new;
5. the same after one more month (the last 30 days' daily files again, 30 days later);
6. one more day at one and two months of history: a second warehouse takes in the zone's
   first 30 days, then its 31st day (measured), then up to its 60th day, then its 61st
   (measured); with stage 3 (the whole zone, about three months) this shows whether a day's
   cost grows with the months kept.

Targets (issue 14): full run <= 1.5x the floor; one more day <= 10% of the full run; nothing new
<= 5%; peak <= 2 GiB per process. They are printed beside the figures, never asserted: figures on
a shared machine move from run to run, so compare the ratios within one run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GIB = 1024  # MB
DAILY_FEEDS = ("botnet", "heartbeats")  # the heavy daily feeds a new day brings


# -- the stages, each in its own process --------------------------------------------------------


def floor(landing: Path) -> dict:
    """Read every landing file once with DuckDB's readers into tables of the kept columns."""
    import duckdb

    from core.duckdb_limits import connect
    from ingest.readers import fold, read_header
    from sources import SOURCES, source_for_path
    from sources.rules import FileContext, FileLevelError

    con = connect(":memory:")
    for source in SOURCES:
        columns = ", ".join(f'"{c.name}" VARCHAR' for c in source.columns)
        con.execute(f'CREATE TABLE "{source.table}" ({columns})')
    files = skipped = 0
    for path in sorted(p for p in landing.rglob("*") if p.is_file()):
        found = source_for_path(path.relative_to(landing).as_posix())
        if found is None or path.suffix == ".xlsx":
            skipped += 1  # the Excel export is read by Python (openpyxl), not by DuckDB
            continue
        source, match = found
        wanted = [c.name for c in source.columns]
        if source.reader == "jsonl":
            spec = ", ".join(f"'{n}': 'VARCHAR'" for n in wanted)
            select = ", ".join(f'"{n}"' for n in wanted)
            reader = (
                f"read_json('{path}', format = 'newline_delimited', columns = {{{spec}}}, "
                "ignore_errors = true)"
            )
        else:
            try:
                header = read_header(path)
            except FileLevelError:
                skipped += 1  # a file the pipeline rejects whole (empty, not UTF-8, ...)
                continue
            aliases: dict[str, str] = {}
            if source.header_layout:
                context = FileContext(
                    0, str(path), source.name, report=match.groupdict().get("report")
                )
                try:
                    aliases = source.header_layout(context, header) or {}
                except FileLevelError:
                    skipped += 1
                    continue
            by_name = {fold(h): h for h in header}
            picked = []
            for name in wanted:
                column = next((h for h, c in aliases.items() if c == name), None) or fold(name)
                cell = f'"{by_name[column]}"' if column in by_name else "NULL"
                picked.append(f'{cell} AS "{name}"')
            select = ", ".join(picked)
            reader = (
                f"read_csv('{path}', header = true, all_varchar = true, strict_mode = false, "
                "ignore_errors = true)"
            )
        try:
            con.execute(f'INSERT INTO "{source.table}" SELECT {select} FROM {reader}')
        except duckdb.Error:
            skipped += 1  # a file DuckDB cannot read at all (truncated gzip, ...)
            continue
        files += 1
    rows = sum(con.execute(f'SELECT count(*) FROM "{s.table}"').fetchone()[0] for s in SOURCES)
    con.close()
    return {"files": files, "rows": rows, "skipped": skipped}


def pipeline_run(landing: Path, warehouse: Path) -> dict:
    """One `attt run`, with the time of each of its stages from Dagster's step events."""
    import dagster as dg

    from orchestration.runner import run_pipeline

    instance = dg.DagsterInstance.ephemeral()
    started = time.time()
    report = run_pipeline(warehouse, landing, instance=instance)
    stages: dict[str, float] = {}
    starts: dict[str, float] = {}
    for entry in instance.all_logs(report.run_id):
        event = entry.dagster_event
        if event is None or event.step_key is None:
            continue
        if event.event_type_value == "STEP_START":
            starts[event.step_key] = entry.timestamp
        elif event.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE", "STEP_SKIPPED"):
            key = event.step_key
            if key.endswith(("_blocking", "_warning")) or "freshness" in key:
                stage = "quality"
            elif "dbt" in key:
                stage = "dbt build"
            else:
                stage = "publish" if "serving" in key else "ingest"
            took = entry.timestamp - starts.get(key, entry.timestamp)
            stages[stage] = stages.get(stage, 0.0) + took
    return {
        "success": report.success,
        "stages": stages,
        "models": report.models_built,
        "dbt_nodes": dbt_nodes(warehouse, started),
    }


def dbt_nodes(warehouse: Path, since: float) -> dict:
    """Where the dbt build's time went, from its run_results.json: seconds by kind of node
    (models, data tests, unit tests), dbt's wall time, and the slowest nodes."""
    from orchestration.dbt_project import dbt_target_path

    results = dbt_target_path(warehouse) / "run_results.json"
    if not results.exists():
        return {}
    if results.stat().st_mtime < since:
        return {}  # this run built nothing: the results are an earlier run's
    run = json.loads(results.read_text())
    kinds: dict[str, list] = {}
    for result in run["results"]:
        kind = result["unique_id"].split(".")[0]
        kinds.setdefault(kind, [0, 0.0])
        kinds[kind][0] += 1
        kinds[kind][1] += result["execution_time"]
    slowest = sorted(run["results"], key=lambda r: -r["execution_time"])[:5]
    return {
        "elapsed": run.get("elapsed_time", 0.0),
        "kinds": kinds,
        "slowest": [(r["unique_id"].split(".")[-1], r["execution_time"]) for r in slowest],
    }


def child(kind: str, landing: Path, warehouse: Path) -> None:
    started = time.perf_counter()
    figures = floor(landing) if kind == "floor" else pipeline_run(landing, warehouse)
    figures["seconds"] = time.perf_counter() - started
    figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures["peak_mb_child"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(figures))


def measure(kind: str, landing: Path, warehouse: Path) -> dict:
    """Run a stage in a fresh process; its wall time includes the imports."""
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--landing", str(landing),
         "--warehouse", str(warehouse)],
        capture_output=True, text=True,
    )  # fmt: skip
    if out.returncode != 0:
        raise SystemExit(f"the {kind} stage failed:\n{out.stderr[-4000:]}")
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    figures["wall"] = time.perf_counter() - started
    return figures


# -- new landing files ------------------------------------------------------------------------


def _dated(path: Path) -> dt.date | None:
    match = re.search(r"(\d{4})-?(\d{2})-?(\d{2})", path.name)
    return dt.date(int(match[1]), int(match[2]), int(match[3])) if match else None


def _renamed(path: Path, day: dt.date, by: int) -> Path:
    new = day + dt.timedelta(days=by)
    name = path.name.replace(day.isoformat(), new.isoformat()).replace(
        day.strftime("%Y%m%d"), new.strftime("%Y%m%d")
    )
    return path.with_name(name)


def shifted_copies(landing: Path, days: list[dt.date], by: int) -> int:
    """Copy the daily feeds' files of `days` to `by` days later, their times shifted with them
    (DuckDB rewrites them in bulk). Returns the number of files written."""
    from core.duckdb_limits import connect

    con = connect(":memory:")
    con.execute("SET TimeZone = 'UTC'")
    written = 0
    for feed in DAILY_FEEDS:
        for path in sorted((landing / "feeds" / feed).iterdir()):
            day = _dated(path)
            if day not in days:
                continue
            target = _renamed(path, day, by)
            shift = f"INTERVAL {by} DAY"
            if path.suffix == ".jsonl":
                con.execute(
                    f"COPY (SELECT system_id, sensor_id, strftime(TRY_CAST(\"at\" AS TIMESTAMPTZ) "
                    f"+ {shift}, '%Y-%m-%dT%H:%M:%SZ') AS \"at\" FROM read_json('{path}', "
                    "format = 'newline_delimited', columns = {'system_id': 'VARCHAR', "
                    f"'sensor_id': 'VARCHAR', 'at': 'VARCHAR'}}, ignore_errors = true)) "
                    f"TO '{target}' (FORMAT json)"
                )
            else:
                gz = "(HEADER, COMPRESSION gzip)" if path.name.endswith(".gz") else "(HEADER)"
                con.execute(
                    "COPY (SELECT * REPLACE (strftime(TRY_CAST(timestamp AS TIMESTAMPTZ) "
                    f"+ {shift}, '%Y-%m-%d %H:%M:%S') AS timestamp) FROM read_csv('{path}', "
                    f"header = true, all_varchar = true, ignore_errors = true)) TO '{target}' {gz}"
                )
            written += 1
    con.close()
    return written


def link_days(source: Path, target: Path, until: dt.date) -> int:
    """Link into `target` every file of `source` dated on or before `until`, and every undated
    one (the reference lists); returns how many were new."""
    linked = 0
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        day = _dated(path)
        if day is not None and day > until:
            continue
        destination = target / path.relative_to(source)
        if destination.exists():
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        _link_or_copy(str(path), str(destination))
        linked += 1
    return linked


def history_steps(source: Path, root: Path) -> list[tuple[int, int, dict]]:
    """One more day after 30 and after 60 days of history, in a warehouse of its own:
    (days kept, files added, the +1 day run's figures)."""
    landing, warehouse = root / "landing", root / "warehouse" / "attt.duckdb"
    first = min(d for p in (source / "feeds" / "botnet").iterdir() if (d := _dated(p)))
    steps = []
    for kept in (30, 60):
        link_days(source, landing, first + dt.timedelta(days=kept - 1))
        measure("run", landing, warehouse)  # the history, up to date
        added = link_days(source, landing, first + dt.timedelta(days=kept))
        steps.append((kept, added, measure("run", landing, warehouse)))
    return steps


def last_day(landing: Path) -> dt.date:
    return max(d for p in (landing / "feeds" / "botnet").iterdir() if (d := _dated(p)))


# -- the report --------------------------------------------------------------------------------


def _line(name: str, figures: dict, reference: dict | None, what: str) -> str:
    ratio = f"{figures['wall'] / reference['wall']:6.2f}x {what}" if reference else ""
    return (
        f"  {name:22} {figures['wall']:8.1f} s  {figures['peak_mb']:7.0f} MB  "
        f"{figures['peak_mb_child']:7.0f} MB  {ratio}"
    )


def _stages(figures: dict) -> str:
    stages = figures.get("stages", {})
    line = "      " + ", ".join(
        f"{s} {stages.get(s, 0.0):.1f} s" for s in ("ingest", "dbt build", "quality", "publish")
    )
    nodes = figures.get("dbt_nodes") or {}
    if nodes and stages.get("dbt build"):
        kinds = ", ".join(
            f"{n} {kind}s {took:.1f} s" for kind, (n, took) in sorted(nodes["kinds"].items())
        )
        slowest = ", ".join(f"{name} {took:.1f} s" for name, took in nodes["slowest"])
        line += f"\n      dbt: {nodes['elapsed']:.1f} s in dbt ({kinds}); slowest: {slowest}"
    return line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["small", "national"], default="small")
    parser.add_argument("--landing", type=Path, help="measure a copy of this landing zone")
    parser.add_argument("--days", type=int, default=None, help="days of feeds to generate")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--warehouse", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.landing, args.warehouse)
        return
    with tempfile.TemporaryDirectory(prefix="attt-bench-") as tmp:
        landing = Path(tmp) / "landing"
        if args.landing:
            # a copy (hard links where the file system allows): the benchmark adds files
            shutil.copytree(args.landing, landing, copy_function=_link_or_copy)
        else:
            from demo import generate_landing_zone

            generate_landing_zone(
                landing, scale=args.scale, seed=7, days=args.days,
                end=dt.date(2026, 10, 31), progress=False,
            )  # fmt: skip
        source_zone = Path(tmp) / "source"  # the zone as it was, before the benchmark added files
        shutil.copytree(landing, source_zone, copy_function=_link_or_copy)
        warehouse = Path(tmp) / "warehouse" / "attt.duckdb"
        files = sum(1 for p in landing.rglob("*") if p.is_file())
        size = sum(p.stat().st_size for p in landing.rglob("*") if p.is_file()) / 2**20
        print(f"pipeline benchmark ({args.landing or args.scale}): {files} landing files, "
              f"{size:,.0f} MiB")  # fmt: skip
        floor_run = measure("floor", landing, warehouse)
        full = measure("run", landing, warehouse)
        full["warehouse_mib"] = warehouse.stat().st_size / 2**20
        day = last_day(landing)
        added_day = shifted_copies(landing, [day], 1)
        one_day = measure("run", landing, warehouse)
        nothing = measure("run", landing, warehouse)
        month_days = [day + dt.timedelta(days=1 - n) for n in range(30)]
        added_month = shifted_copies(landing, month_days, 30)
        one_month = measure("run", landing, warehouse)
        growth = history_steps(source_zone, Path(tmp) / "history")
        first = min(d for p in (source_zone / "feeds" / "botnet").iterdir() if (d := _dated(p)))
        zone_days = (last_day(source_zone) - first).days + 1
    print(f"  {'stage':22} {'wall':>10}  {'peak':>10}  {'child':>10}  ratio")
    print(_line("floor (DuckDB reads)", floor_run, None, ""))
    print(f"      {floor_run['files']} files, {floor_run['rows']:,} rows "
          f"({floor_run['skipped']} not read: Excel, or broken whole)")  # fmt: skip
    print(_line("full run", full, floor_run, "the floor (target <= 1.5)"))
    print(_stages(full) + f"; warehouse {full['warehouse_mib']:,.0f} MiB")
    print(_line(f"+1 day ({added_day} files)", one_day, full, "the full run (target <= 0.10)"))
    print(_stages(one_day))
    print(_line("nothing new", nothing, full, "the full run (target <= 0.05)"))
    print(_stages(nothing))
    print(_line(f"+1 month ({added_month} files)", one_month, full, "the full run"))
    print(_stages(one_month))
    for kept, added, figures in growth:
        print(_line(f"+1 day after {kept} days", figures, full, f"the full run ({added} files)"))
        print(_stages(figures))
    print(f"      and after {zone_days} days (the whole zone): {one_day['wall']:.1f} s "
          "(+1 day above)")  # fmt: skip
    runs = [full, one_day, nothing, one_month, *(figures for _, _, figures in growth)]
    peak = max(max(r["peak_mb"], r["peak_mb_child"]) for r in [floor_run, *runs])
    outcome = "succeeded" if all(r["success"] for r in runs) else "did NOT succeed"
    print(f"  largest process: {peak:,.0f} MB (target <= {2 * GIB} MB); every run {outcome}")


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


if __name__ == "__main__":
    main()
