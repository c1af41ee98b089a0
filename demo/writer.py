"""Writing landing-zone files: deterministic CSV and JSONL text, written whole or not at all.

Every file is first written under a hidden temporary name in its folder and then renamed, so a
reader never sees a half-written file. Lines end with LF; text is UTF-8, with a BOM on request.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from core.whole_file import written_whole

from .summary import DemoSummary

PARTIAL = "partial"  # the tag of a landing file being written: `.<name>.partial`


class LandingWriter:
    def __init__(self, root: Path, summary: DemoSummary) -> None:
        self.root = root
        self.summary = summary

    def path(self, rel: str) -> Path:
        p = self.root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        return p

    def record(self, rel: str, rows: int) -> None:
        self.summary.files[rel] = rows

    def write_bytes(self, rel: str, data: bytes, rows: int) -> None:
        final = self.path(rel)
        with written_whole(final, tag=PARTIAL) as tmp:
            tmp.write_bytes(data)
        self.record(rel, rows)

    def write_csv(
        self,
        rel: str,
        header: Sequence[str],
        rows: Iterable[Sequence[object]],
        *,
        bom: bool = False,
    ) -> int:
        buf = io.StringIO()
        if bom:
            buf.write("\ufeff")
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(header)
        n = 0
        for row in rows:
            w.writerow(row)
            n += 1
        self.write_bytes(rel, buf.getvalue().encode("utf-8"), n)
        return n

    def write_lines(self, rel: str, lines: Sequence[str]) -> int:
        text = "".join(line + "\n" for line in lines)
        self.write_bytes(rel, text.encode("utf-8"), len(lines))
        return len(lines)
