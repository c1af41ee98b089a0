"""The independent oracle (tests/oracle) reproduces the sample's independently computed scores.

tests/data/expected_scores.csv was computed outside the project for 2026-07..2026-10; the oracle
must give the same rows: identical identities, ranks, grades and rank changes, and indicator,
composite and coverage values within 1e-9.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from tests.oracle import COLUMNS, score_landing
from tests.oracle.__main__ import main

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "sample_landing"
EXPECTED = DATA / "expected_scores.csv"
PERIODS = ["2026-07", "2026-08", "2026-09", "2026-10"]
EXACT = ["period", "unit_code", "unit_name", "peer_group", "ranked", "rank", "grade", "rank_change"]
FLOATS = [
    "approval_coverage", "plan_implementation", "requirement_compliance", "four_layer",
    "botnet_hygiene", "warning_remediation", "web_security", "composite", "coverage",
]  # fmt: skip
TOLERANCE = 1e-9


def read_scores(path: Path) -> pd.DataFrame:
    """A scores CSV with the oracle's types (empty cells as missing, booleans as bool)."""
    frame = pd.read_csv(
        path,
        dtype={"rank": "Int64", "rank_change": "Int64", "unit_code": str, "grade": object},
        keep_default_na=False,
        na_values={c: [""] for c in FLOATS + ["rank", "rank_change"]},
    )
    frame["grade"] = frame["grade"].map(lambda g: g if g else None)
    frame["ranked"] = frame["ranked"].map({"True": True, "False": False, True: True, False: False})
    return frame


def _same(a, b) -> bool:
    if a is None or a is pd.NA or (isinstance(a, float) and math.isnan(a)):
        return b is None or b is pd.NA or (isinstance(b, float) and math.isnan(b))
    if b is None or b is pd.NA or (isinstance(b, float) and math.isnan(b)):
        return False
    return a == b


def _close(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= TOLERANCE


def differences(expected: pd.DataFrame, got: pd.DataFrame) -> list[str]:
    """Every way in which `got` differs from `expected`, row by row in order."""
    found = []
    if list(got.columns) != list(expected.columns):
        found.append(f"columns {list(got.columns)} != {list(expected.columns)}")
        return found
    if len(got) != len(expected):
        found.append(f"{len(got)} rows, expected {len(expected)}")
    for i, (e, g) in enumerate(zip(expected.itertuples(), got.itertuples(), strict=False)):
        where = f"row {i} ({e.period} {e.unit_code})"
        for col in EXACT:
            if not _same(getattr(e, col), getattr(g, col)):
                found.append(f"{where}: {col} {getattr(g, col)!r} != {getattr(e, col)!r}")
        for col in FLOATS:
            if not _close(float(getattr(e, col)), float(getattr(g, col))):
                found.append(f"{where}: {col} {getattr(g, col)!r} != {getattr(e, col)!r}")
    return found


@pytest.fixture(scope="module")
def expected() -> pd.DataFrame:
    return read_scores(EXPECTED)


@pytest.fixture(scope="module")
def oracle_scores() -> pd.DataFrame:
    return score_landing(SAMPLE, PERIODS)


def test_columns_and_types(oracle_scores):
    assert list(oracle_scores.columns) == COLUMNS
    assert oracle_scores["ranked"].dtype == bool
    assert str(oracle_scores["rank"].dtype) == "Int64"
    assert str(oracle_scores["rank_change"].dtype) == "Int64"
    for col in FLOATS:
        assert oracle_scores[col].dtype == "float64", col


def test_oracle_reproduces_expected_scores(expected, oracle_scores):
    assert list(expected.columns) == COLUMNS
    assert differences(expected, oracle_scores) == []


def test_comparison_catches_a_difference(expected, oracle_scores):
    """The comparison is not vacuous: a rank, a grade or a value off by more than 1e-9 shows."""
    for col, change in [
        ("composite", lambda v: v + 2e-9),
        ("rank", lambda v: v + 1),
        ("grade", lambda v: "A" if v != "A" else "B"),
        ("botnet_hygiene", lambda v: 1.0 if math.isnan(v) else math.nan),
    ]:
        changed = oracle_scores.copy()
        row = changed.index[changed["ranked"]][0]
        changed.at[row, col] = change(changed.at[row, col])
        assert differences(expected, changed), col
    assert differences(expected, oracle_scores.iloc[1:].reset_index(drop=True))


def test_cli_writes_the_same_csv(tmp_path, expected):
    out = tmp_path / "scores.csv"
    args = [str(SAMPLE), "--out", str(out)]
    for p in PERIODS:
        args += ["--period", p]
    assert main(args) == 0
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join(COLUMNS)
    assert ",True," in text and ",False," in text
    assert differences(expected, read_scores(out)) == []


def test_default_periods_span_the_dated_data(oracle_scores):
    """periods=None: every month from the earliest to the latest month with dated data (the
    sample has warnings issued in June 2026 and a systems export of 5 November 2026)."""
    frame = score_landing(SAMPLE)
    assert sorted(frame["period"].unique()) == [
        "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11",
    ]  # fmt: skip
    inside = frame[frame["period"].isin(PERIODS)].reset_index(drop=True)
    assert differences(oracle_scores.reset_index(drop=True), inside) == []
