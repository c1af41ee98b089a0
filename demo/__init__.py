"""Demo and benchmark landing-zone generator.

``generate_landing_zone(out_dir, scale="small", seed=42, days=None, end=None, progress=True)``
writes a complete landing zone in the v1 contract (reference lists, dossier exports, botnet,
web-scan, warning and heartbeat feeds) that looks like Vietnam: the ministries and agencies after
the 2025 reorganisation, the 34 provinces and cities of the `vietnam-provinces` package, state
corporations and banks, and an inventory of information systems with the national level mix. The
output is byte-for-byte the same for the same (scale, seed, days, end), and carries a handful of
deliberately bad rows, each listed in the returned :class:`DemoSummary`.

``small`` takes a few seconds (tests, demos); ``national`` is the benchmark: about 8,500 systems
and about 470,000 distinct infected addresses a day, the heavy feeds written in bulk by DuckDB.
"""

from .generator import generate_landing_zone
from .summary import DemoSummary

__all__ = ["DemoSummary", "generate_landing_zone"]
