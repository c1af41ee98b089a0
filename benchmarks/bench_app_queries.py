"""Benchmark: the server time of the app's queries behind the rankings and unit-profile pages.

Reads a published serving copy (`--serving`), or generates a landing zone (`--scale small` in
CI, `--scale national` by hand) and publishes it with `attt run` into a temporary warehouse
first. It then makes every query the two pages make (app/main.py's month list, then the page's
own), on the plain functions of readside/queries.py (`.uncached`: the cold server time of each
query, pandas frame included): for every top-level unit, in the latest `--months` months, as an
analyst and as the unit's own account, `--repeat` times over in a shuffled order. It prints, per
query and for the page's queries together, the count and the p50, p95 and max in ms; one cached
repeat of each query (st.cache_data, as the app calls it) for comparison; and, unless
`--renders 0`, whole renders of both pages through Streamlit's AppTest, logged in as an analyst.
It prints figures and asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# (query, the view's fields it takes after (version, scope)), in the order the page calls them;
# every page first runs app/main.py, which asks for the month list.
RANKINGS_PAGE = (
    ("periods", ()),
    ("rankings", ("period",)),
)
UNIT_PAGE = (
    ("periods", ()),
    ("selectable_units", ()),
    ("unit_scores", ("code",)),
    ("peer_medians", ("period",)),
    ("unit_tree", ("code",)),
    ("unit_systems", ("period", "code")),
    ("unit_gaps", ("period", "code")),
    ("unit_warnings", ("period", "code")),
    ("unit_addresses", ("period", "code")),
    ("unit_domains", ("period", "code")),
)
PAGES = {"rankings": RANKINGS_PAGE, "unit": UNIT_PAGE}
PASSWORD = "benchmark-mật-khẩu-2026"


def publish(scale: str, tmp: Path) -> Path:
    """A demo landing zone at this scale taken through `attt run`; the serving copy's path."""
    attt = Path(sys.executable).parent / "attt"
    command = [str(attt)] if attt.exists() else [sys.executable, "-m", "cli.main"]
    # ATTT_SERVING (and the other locations) would send the run elsewhere: never over a real copy.
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATTT_")}
    landing, warehouse = tmp / "landing", tmp / "warehouse" / "attt.duckdb"
    started = time.perf_counter()
    for step in (
        ["demo-data", "--out", str(landing), "--scale", scale, "--quiet"],
        ["run", "--landing", str(landing), "--warehouse", str(warehouse)],
    ):
        done = subprocess.run(
            command + step, env=env, cwd=ROOT, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            sys.exit(f"`attt {step[0]}` failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    serving = warehouse.parent / "serving" / warehouse.name
    if not serving.exists():
        sys.exit(f"`attt run` published no serving copy at {serving}:\n{done.stdout[-3000:]}")
    print(f"generated and published {scale} data in {time.perf_counter() - started:.0f} s")
    return serving


def ms(seconds: float) -> str:
    return f"{seconds * 1000:9.1f}"


def figures(samples: list[float]) -> str:
    """count, p50, p95, max (ms) of a list of timings in seconds."""
    p95 = samples[0]
    if len(samples) > 1:
        p95 = statistics.quantiles(samples, n=20, method="inclusive")[-1]
    return f"{len(samples):7d} {ms(statistics.median(samples))} {ms(p95)} {ms(max(samples))}"


def timed(call: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def describe(serving: Path) -> None:
    """The copy's size and the row count of every table in it."""
    import duckdb

    print(f"serving copy: {serving} ({serving.stat().st_size / 2**20:,.1f} MiB)")
    con = duckdb.connect(":memory:")
    try:
        con.execute("ATTACH ? AS serving (READ_ONLY)", [str(serving)])
        tables = con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() "
            "WHERE database_name = 'serving' ORDER BY ALL"
        ).fetchall()
        for schema, table in tables:
            rows = con.execute(f'SELECT count(*) FROM serving."{schema}"."{table}"').fetchone()
            print(f"  {schema + '.' + table:36} {rows[0]:>12,} rows")
    finally:
        con.close()


def call(name: str, args: tuple[str, ...], version, scope, view: dict, cached: bool = False):
    from app import data_access

    function = getattr(data_access, name)
    if not cached:
        function = function.uncached
    return function(version, scope, *(view[a] for a in args))


def bench_queries(serving: Path, months: int, repeat: int, cached_views: int) -> tuple:
    from app import data_access
    from readside import serving_copy as serving_module
    from readside.queries import Scope

    version = serving_module.current_version(serving)
    analyst = Scope("analyst")
    def attach_once() -> None:
        with serving_module.reading(version):
            pass

    attach, _ = timed(attach_once)
    first, periods = timed(lambda: data_access.periods.uncached(version, analyst))
    units = data_access.selectable_units.uncached(version, analyst)
    codes = units["unit_code"].tolist()
    chosen = periods[:months]
    print(
        f"{len(codes)} top-level units; months {', '.join(chosen)} of {len(periods)}; "
        f"{repeat} repeat(s), each view as an analyst and as the unit's own account"
    )
    print(f"attach the copy {ms(attach).strip()} ms, then the first query {ms(first).strip()} ms")

    views = [
        {"period": period, "code": code, "scope": scope}
        for period in chosen
        for code in codes
        for scope in (analyst, Scope("unit", code))
    ]
    samples: dict[tuple[str, str], list[float]] = defaultdict(list)
    totals: dict[str, list[float]] = defaultdict(list)
    for round_ in range(repeat):
        random.Random(round_).shuffle(views)
        for view in views:
            for page, queries in PAGES.items():
                total = 0.0
                for name, args in queries:
                    seconds, _ = timed(partial(call, name, args, version, view["scope"], view))
                    samples[(page, name)].append(seconds)
                    total += seconds
                totals[page].append(total)

    # One cached repeat: the first call through st.cache_data fills the cache, the second is
    # answered from it (hashing the arguments and unpickling the frame).
    hits: dict[tuple[str, str], list[float]] = defaultdict(list)
    for view in views[:cached_views]:
        for page, queries in PAGES.items():
            for name, args in queries:
                call(name, args, version, view["scope"], view, cached=True)
                seconds, _ = timed(
                    partial(call, name, args, version, view["scope"], view, cached=True)
                )
                hits[(page, name)].append(seconds)
    return samples, totals, hits, codes, chosen


def report_queries(samples: dict, totals: dict, hits: dict) -> None:
    header = f"  {'query':22} {'count':>7} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9}"
    for page, queries in PAGES.items():
        print(f"\n{page} page: uncached queries{' ' * 18}| one cached repeat")
        print(f"{header} | {'p50 ms':>9} {'max ms':>9}")
        for name, _ in queries:
            hit = hits.get((page, name))
            cached = f"{ms(statistics.median(hit))} {ms(max(hit))}" if hit else ""
            print(f"  {name:22} {figures(samples[(page, name)])} | {cached}")
        print(f"  {'whole page (sum)':22} {figures(totals[page])} |")


def page_script(name: str) -> str:
    """A page's script relative to app/main.py (app/views/, formerly app/pages/)."""
    found = sorted((ROOT / "app").glob(f"*/{name}.py"))
    if not found:
        sys.exit(f"no page script {name}.py under {ROOT / 'app'}")
    return str(found[0].relative_to(ROOT / "app"))


def bench_renders(serving: Path, codes: list[str], months: list[str], renders: int) -> None:
    """Whole renders of both pages through AppTest, app/main.py included, logged in as an
    analyst: each first with Streamlit's caches cleared (every query made), then again at once
    (every query answered from st.cache_data). Counts the queries each render made."""
    import streamlit as st
    from streamlit import logger
    from streamlit.testing.v1 import AppTest

    from app import data_access
    from app.accounts import AccountStore

    made = [0]
    frame = data_access._frame

    def counted(*args, **kwargs):
        made[0] += 1
        return frame(*args, **kwargs)

    saved = {k: os.environ.get(k) for k in ("ATTT_SERVING", "ATTT_APP_STATE", "ATTT_REPORTS")}
    with tempfile.TemporaryDirectory(prefix="attt-bench-app-") as tmp:
        state = Path(tmp) / "app_state.sqlite"
        os.environ["ATTT_SERVING"] = str(serving)
        os.environ["ATTT_APP_STATE"] = str(state)
        os.environ["ATTT_REPORTS"] = str(Path(tmp) / "reports")
        data_access._frame = counted
        try:
            AccountStore(state).add("benchmark", PASSWORD, "analyst")
            at = AppTest.from_file(str(ROOT / "app" / "main.py"), default_timeout=600)
            at.run()
            fields = {field.label: field for field in at.text_input}
            fields["Tên đăng nhập"].input("benchmark")
            fields["Mật khẩu"].input(PASSWORD)
            next(b for b in at.button if b.label == "Đăng nhập").click()
            seconds, _ = timed(at.run)
            if at.exception or "viewer" not in at.session_state:
                print(f"\npage renders: logging in failed ({at.exception}); skipped")
                return
            print(
                f"\npage renders through AppTest, main.py included "
                f"(log-in and the overview page: {ms(seconds).strip()} ms)"
            )
            picks = random.Random(0).sample(codes, min(renders, len(codes)))
            times: dict[tuple[str, str], list[float]] = defaultdict(list)
            queries: dict[tuple[str, str], list[int]] = defaultdict(list)
            failures: list[str] = []
            for index, code in enumerate(picks):
                period = months[index % len(months)]
                for page, query in (
                    ("rankings", {"period": period}),
                    ("unit", {"period": period, "unit": code}),
                ):
                    for how in ("caches cleared", "cached"):
                        if how == "caches cleared":
                            logger.set_log_level("error")  # AppTest's runs reset it
                            st.cache_data.clear()
                        at.switch_page(page_script(page))
                        for key, value in query.items():
                            at.query_params[key] = value
                        made[0] = 0
                        seconds, _ = timed(at.run)
                        if at.exception:
                            failures.append(f"{page} {query}: {at.exception[0].message}")
                        times[(page, how)].append(seconds)
                        queries[(page, how)].append(made[0])
        finally:
            data_access._frame = frame
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    print(f"  {'page':24} {'count':>7} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9}  queries")
    for (page, how), samples in times.items():
        made_per_run = sorted(set(queries[(page, how)]))
        print(f"  {page + ', ' + how:24} {figures(samples)}  {'/'.join(map(str, made_per_run))}")
    for failure in failures[:5]:
        print(f"  FAILED {failure}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["small", "national"], default="small")
    parser.add_argument("--serving", type=Path, help="use this published serving copy")
    parser.add_argument("--months", type=int, default=3, help="the latest N months (3)")
    parser.add_argument("--repeat", type=int, default=2, help="passes over every view (2)")
    parser.add_argument(
        "--cached", type=int, default=50, help="views with a cached repeat of each query (50)"
    )
    parser.add_argument(
        "--renders", type=int, default=5, help="AppTest renders of each page, 0 for none (5)"
    )
    args = parser.parse_args()
    # Outside `streamlit run`, every cached call would warn that no runtime is running.
    os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")
    from streamlit import logger

    logger.set_log_level("error")

    tmp = Path(tempfile.mkdtemp(prefix="attt-bench-"))
    try:
        if args.serving is not None:
            serving = args.serving.resolve()
            if not serving.exists():
                sys.exit(f"no serving copy at {serving}")
        else:
            serving = publish(args.scale, tmp)
        label = "given copy" if args.serving is not None else args.scale
        print(f"app query benchmark ({label})")
        describe(serving)
        samples, totals, hits, codes, months = bench_queries(
            serving, args.months, args.repeat, args.cached
        )
        report_queries(samples, totals, hits)
        if args.renders > 0:
            bench_renders(serving, codes, months, args.renders)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
