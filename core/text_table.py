"""Plain fixed-width text tables, for the command line and the run summary."""

from __future__ import annotations

import textwrap


def render_table(header: list[str], rows: list[tuple], width: int = 70) -> str:
    """A plain fixed-width table. A cell longer than `width` characters is wrapped onto the
    row's next lines, never cut: a ledger reason or a set-aside value is read whole."""

    def cell(value: object) -> list[str]:
        text = "" if value is None else str(value)
        if len(text) <= width:
            return [text]
        return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False)

    cells = [[cell(x) for x in row] for row in rows]
    widths = [
        max([len(h)] + [len(line) for r in cells for line in r[i]]) for i, h in enumerate(header)
    ]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    for row in cells:
        for depth in range(max(len(c) for c in row) if row else 0):
            parts = [c[depth] if depth < len(c) else "" for c in row]
            lines.append("  ".join(x.ljust(w) for x, w in zip(parts, widths, strict=True)))
    return "\n".join(line.rstrip() for line in lines)
