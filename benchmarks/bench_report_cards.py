"""Benchmark: the units' report cards laid out one at a time (the floor) and by one worker
process per core, as `attt report` writes them.

Reads a published serving copy (`--serving`), or generates a landing zone (`--scale small` in
CI, `--scale national` by hand) and publishes it with `attt run` into a temporary warehouse
first. For the latest month with scores it writes every top-level unit's card twice, each in
its own process: with `workers=1` (every card laid out in the report's process, as before 7
December), then with the default (one worker per core). It prints the cards, the wall seconds,
the CPU seconds and the peak memory of the largest process (from the kernel, `wait4`) of both,
and the ratio of the second to the first. On 7 December, on 2 cores: the small demo's 73 cards
129.3 s one at a time, 67.1 s side by side (0.52); the whole national report (73 cards of about
10 s of layout each) 12 min 35 s before, 6 min 34 s after. Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_export import run_measured, serving_copy  # noqa: E402

CARDS = """
import datetime as dt, sys
from pathlib import Path
from readside import queries, serving_copy
from reports.unit_card import write_unit_cards
version = serving_copy.current_version(sys.argv[1])
period = queries.periods(version, queries.Scope("admin"))[0]
workers = int(sys.argv[3]) or None
written = write_unit_cards(version, period, Path(sys.argv[2]), True, dt.date.today(), "bench",
                           workers=workers)
print(period, len(written) // 2)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["small", "national"], default="small")
    parser.add_argument("--serving", type=Path, help="use this published serving copy")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="attt-bench-cards-"))
    try:
        serving = serving_copy(args.serving, args.scale, tmp)
        print(f"serving copy: {serving}; cores: {len(os.sched_getaffinity(0))}")
        print(" | ".join(("layout", "month", "cards", "wall s", "CPU s", "largest MB")))
        runs = {}
        for name, workers in (("one at a time (floor)", 1), ("a worker per core", 0)):
            out = tmp / f"cards-{workers}"
            command = [sys.executable, "-c", CARDS, str(serving), str(out), str(workers)]
            runs[name] = wall, cpu, peak, said = run_measured(command)
            period, cards = said.split()
            print(" | ".join((name, period, cards, f"{wall:.1f}", f"{cpu:.1f}", f"{peak:,.0f}")))
        (floor, *_), (side, *_) = runs.values()
        print(f"ratio side by side / one at a time: {side / floor:.2f}x wall")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
