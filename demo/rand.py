"""Deterministic random streams for the demo generator.

Every part of the landing zone draws from its own named stream, seeded from the run's seed and the
stream's name, so one part never shifts the numbers of another and a run repeats exactly. String
seeds go through SHA-512 inside :mod:`random`, so nothing depends on PYTHONHASHSEED.
"""

from __future__ import annotations

import hashlib
import random
from datetime import date, timedelta


def stream(seed: int, *parts: object) -> random.Random:
    """A random generator for the stream named by ``parts``."""
    return random.Random("/".join([str(seed), *(str(p) for p in parts)]))


def sql_salt(seed: int, *parts: object) -> int:
    """A stable non-negative 31-bit integer for seeding ``hash()`` arithmetic in DuckDB."""
    key = "/".join([str(seed), *(str(p) for p in parts)]).encode()
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big") & 0x7FFFFFFF


def day_between(rng: random.Random, first: date, last: date) -> date:
    """A uniformly drawn day in ``[first, last]`` (``first`` when the range is empty)."""
    span = (last - first).days
    return first if span <= 0 else first + timedelta(days=rng.randint(0, span))


def weighted(rng: random.Random, options: dict[str, float]) -> str:
    """One key of ``options`` drawn with the given weights (insertion order, so deterministic)."""
    keys = list(options)
    return rng.choices(keys, weights=[options[k] for k in keys], k=1)[0]
