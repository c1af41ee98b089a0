"""The oracle's scores as CSV.

python -m tests.oracle LANDING [--period YYYY-MM ...] [--out FILE]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import score_landing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.oracle", description=__doc__)
    parser.add_argument("landing", type=Path, help="the landing zone folder")
    parser.add_argument(
        "--period",
        action="append",
        metavar="YYYY-MM",
        help="a month to score (repeatable; default: every month with data)",
    )
    parser.add_argument("--out", type=Path, help="CSV file to write (default: standard output)")
    args = parser.parse_args(argv)
    if not args.landing.is_dir():
        parser.error(f"{args.landing} is not a folder")
    try:
        frame = score_landing(args.landing, args.period)
    except ValueError as exc:
        parser.error(str(exc))
    # As tests/data/expected_scores.csv: CRLF line ends, True/False, empty cells for missing.
    if args.out:
        frame.to_csv(args.out, index=False, lineterminator="\r\n")
    else:
        frame.to_csv(sys.stdout, index=False, lineterminator="\r\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
