"""Plain fixed-width text tables, for the command line and the run summary."""

from __future__ import annotations


def render_table(header: list[str], rows: list[tuple], width: int = 70) -> str:
    """A plain fixed-width table; long cells are cut to `width` characters."""

    def cell(value: object) -> str:
        text = "" if value is None else str(value)
        return text if len(text) <= width else text[: width - 1] + "…"

    cells = [[cell(x) for x in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(x.ljust(w) for x, w in zip(r, widths, strict=True)) for r in cells]
    return "\n".join(line.rstrip() for line in lines)
