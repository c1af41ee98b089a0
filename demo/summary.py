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
        return self.render("en")

    def render(self, lang: str = "vi") -> str:
        """What was written, for the person who asked: Vietnamese, or English with "en"."""
        vi = lang != "en"

        def n(value: float, decimals: int = 0) -> str:
            text = f"{value:,.{decimals}f}"
            return text.replace(",", "\0").replace(".", ",").replace("\0", ".") if vi else text

        def day(value: date) -> str:
            return f"{value:%d/%m/%Y}" if vi else str(value)

        if vi:
            scale = {"small": "nhỏ", "national": "quy mô quốc gia"}.get(self.scale, self.scale)
            lines = [
                f"Vùng tiếp nhận mẫu ({scale}, seed {self.seed}): {day(self.start)} – "
                f"{day(self.end)} ({n(self.days)} ngày) tại {self.out_dir}",
                f"  {n(len(self.files))} tệp, {n(self.total_rows)} dòng, "
                f"{n(self.bytes_written / 1e6, 1)} MB",
            ]
        else:
            lines = [
                f"Demo landing zone ({self.scale}, seed {self.seed}): {self.start} .. {self.end} "
                f"({self.days} days) in {self.out_dir}",
                f"  {len(self.files):,} files, {self.total_rows:,} rows, "
                f"{self.bytes_written / 1e6:,.1f} MB",
            ]
        files, rows = ("tệp", "dòng") if vi else ("files", "rows")
        for prefix in (
            "reference/",
            "dossiers/",
            "feeds/botnet/",
            "feeds/webscan/",
            "feeds/warnings/",
            "feeds/heartbeats/",
        ):
            n_files, n_rows = self.rows_under(prefix)
            lines.append(f"  {prefix:<19} {n(n_files):>5} {files} {n(n_rows):>13} {rows}")
        lines.append(f"  {n(len(self.accounts))} đơn vị cấp cao nhất" if vi
                     else f"  {len(self.accounts)} top-level units")  # fmt: skip
        if "systems" in self.stats:
            rate = float(str(self.stats["approval_rate"]))
            lines.append(
                f"  bản kết xuất mới nhất: {n(int(str(self.stats['systems'])))} hệ thống, tỷ lệ "
                f"được phê duyệt {n(100 * rate, 1)}% số hệ thống đang vận hành" if vi
                else f"  latest snapshot: {self.stats['systems']:,} systems, "
                f"approval rate {rate:.1%} of operating ones"
            )  # fmt: skip
        lines.append(
            f"  {n(len(self.deliberate_bad_rows))} dòng lỗi cố ý (xem deliberate_bad_rows)" if vi
            else f"  {len(self.deliberate_bad_rows)} deliberate bad rows (see deliberate_bad_rows)"
        )  # fmt: skip
        return "\n".join(lines)
