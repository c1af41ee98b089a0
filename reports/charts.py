"""The app's Altair charts rendered for print: to PNG by vl-convert, without a browser."""

from __future__ import annotations

import base64
import functools
from pathlib import Path

import altair as alt
import vl_convert

FONT_DIRECTORY = Path("/usr/share/fonts/truetype/dejavu")


@functools.cache
def _fonts() -> None:
    if FONT_DIRECTORY.is_dir():
        vl_convert.register_font_directory(str(FONT_DIRECTORY))


def _fixed_width(spec, width: int):
    """vl-convert has no container to fill: give 'container' widths a number of pixels."""
    if isinstance(spec, dict):
        return {
            key: (width if key == "width" and value == "container" else _fixed_width(value, width))
            for key, value in spec.items()
        }
    if isinstance(spec, list):
        return [_fixed_width(item, width) for item in spec]
    return spec


def png_data_uri(chart: alt.TopLevelMixin, width: int = 620, scale: float = 2.0) -> str:
    _fonts()
    spec = _fixed_width(chart.to_dict(), width)
    spec.setdefault("config", {})["background"] = None  # transparent: the page shows through
    png = vl_convert.vegalite_to_png(spec, scale=scale)
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
