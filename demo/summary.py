"""What a demo run wrote: the :class:`DemoSummary` returned by ``generate_landing_zone``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path


@dataclass
class DemoSummary:
    out_dir: Path
    scale: str
    seed: int
    start: date
    end: date
    days: int
    files: dict[str, int] = field(default_factory=dict)  # relative path -> data rows written
    total_rows: int = 0
    deliberate_bad_rows: list[dict[str, object]] = field(default_factory=list)
    accounts: list[str] = field(default_factory=list)  # codes of the top-level units
    bytes_written: int = 0
    stats: dict[str, object] = field(default_factory=dict)

    def add_bad_row(self, file: str, row: int, column: str | None, reason: str) -> None:
        """Record a row made wrong on purpose (``row``: 1 is a CSV's header, a JSONL's 1st line)."""
        self.deliberate_bad_rows.append(
            {"file": file, "row": row, "column": column, "reason": reason}
        )

    def finish(self) -> None:
        """Sort what was recorded and total it (called once every file is written)."""
        self.files = dict(sorted(self.files.items()))
        self.deliberate_bad_rows.sort(key=lambda b: (str(b["file"]), int(str(b["row"]))))
        self.total_rows = sum(self.files.values())
        self.bytes_written = sum((self.out_dir / rel).stat().st_size for rel in self.files)

    def rows_under(self, prefix: str) -> tuple[int, int]:
        """(files, rows) whose relative path starts with ``prefix``."""
        hits = [n for rel, n in self.files.items() if rel.startswith(prefix)]
        return len(hits), sum(hits)

    def __str__(self) -> str:
        lines = [
            f"Demo landing zone ({self.scale}, seed {self.seed}): {self.start} .. {self.end} "
            f"({self.days} days) in {self.out_dir}",
            f"  {len(self.files):,} files, {self.total_rows:,} rows, "
            f"{self.bytes_written / 1e6:,.1f} MB",
        ]
        for prefix in (
            "reference/",
            "dossiers/",
            "feeds/botnet/",
            "feeds/webscan/",
            "feeds/warnings/",
            "feeds/heartbeats/",
        ):
            n_files, n_rows = self.rows_under(prefix)
            lines.append(f"  {prefix:<19} {n_files:>5,} files {n_rows:>13,} rows")
        lines.append(f"  {len(self.accounts)} top-level units")
        if "systems" in self.stats:
            lines.append(
                f"  latest snapshot: {self.stats['systems']:,} systems, "
                f"approval rate {float(str(self.stats['approval_rate'])):.1%} of operating ones"
            )
        lines.append(
            f"  {len(self.deliberate_bad_rows)} deliberate bad rows (see deliberate_bad_rows)"
        )
        return "\n".join(lines)
