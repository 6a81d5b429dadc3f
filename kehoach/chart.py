"""A horizontal grouped bar chart as a standalone SVG: one group per label (province), one bar per series (year).

Written by hand (a few dozen SVG elements) rather than with a plotting library, so `kehoach compare`
needs no heavy dependency and starts fast; every browser and office suite opens the file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from pydantic import BaseModel

_COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]


class ChartLayout(BaseModel):
    """Sizes in SVG user units (pixels)."""

    width: int = 760
    label_width: int = 170
    bar_height: int = 14
    group_gap: int = 10
    top: int = 48
    bottom: int = 36
    font: str = "DejaVu Sans, Arial, sans-serif"


def bar_chart(
    title: str,
    groups: Sequence[str],
    series: Sequence[str],
    values: Mapping[tuple[str, str], float],
    unit: str,
    layout: ChartLayout | None = None,
) -> str:
    """The SVG text of a chart of `values[(group, series)]`; missing pairs draw no bar."""
    layout = layout or ChartLayout()
    peak = max([*values.values(), 0.0]) or 1.0
    plot = layout.width - layout.label_width - 60
    group_height = layout.bar_height * max(len(series), 1) + layout.group_gap
    height = layout.top + group_height * len(groups) + layout.bottom
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{layout.width}" height="{height}" '
        f'font-family="{layout.font}" font-size="11">',
        f'<rect width="{layout.width}" height="{height}" fill="white"/>',
        f'<text x="{layout.width / 2}" y="20" text-anchor="middle" font-size="14">{escape(title)}</text>',
    ]
    for index, name in enumerate(series):
        x = layout.label_width + index * 90
        colour = _COLOURS[index % len(_COLOURS)]
        parts.append(f'<rect x="{x}" y="30" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 14}" y="39">{escape(name)}</text>')
    for g_index, group in enumerate(groups):
        y0 = layout.top + g_index * group_height
        middle = y0 + layout.bar_height * len(series) / 2 + 4
        parts.append(f'<text x="{layout.label_width - 6}" y="{middle}" text-anchor="end">{escape(group)}</text>')
        for s_index, name in enumerate(series):
            if (group, name) not in values:
                continue
            value = values[(group, name)]
            y = y0 + s_index * layout.bar_height
            width = plot * value / peak
            colour = _COLOURS[s_index % len(_COLOURS)]
            parts.append(
                f'<rect x="{layout.label_width}" y="{y}" width="{width:.1f}" '
                f'height="{layout.bar_height - 2}" fill="{colour}"/>'
            )
            label_x = layout.label_width + width + 4
            parts.append(f'<text x="{label_x:.1f}" y="{y + layout.bar_height - 3}">{value:g}{unit}</text>')
    axis_y = height - layout.bottom + 6
    parts.append(
        f'<line x1="{layout.label_width}" y1="{axis_y}" x2="{layout.label_width + plot}" y2="{axis_y}" stroke="#999"/>'
    )
    parts.append(f'<text x="{layout.label_width}" y="{axis_y + 14}">0</text>')
    parts.append(f'<text x="{layout.label_width + plot}" y="{axis_y + 14}" text-anchor="end">{peak:g}{unit}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
