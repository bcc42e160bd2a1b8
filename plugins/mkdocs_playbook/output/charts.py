"""Burn-up charts as inline SVG.

No JavaScript charting library: inline SVG prints as sharp vectors, works
offline, and takes its colours from CSS classes (playbook.css maps them to
Material's palette variables), so it is readable in the dark scheme too.
Every text in the SVG (the title holds a phase title from data) passes the gate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from markupsafe import Markup

from mkdocs_playbook.output import gate

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 40, 16, 16, 34


def burn_up_svg(
    series: Sequence[tuple[dt.datetime, int]],
    *,
    total: int,
    today: dt.date,
    start: dt.date | None = None,
    end: dt.date | None = None,
    title: str = "Items done over time",
) -> Markup:
    """A step line of done items against the total, from the first tick (or phase start) to today (or phase end)."""
    points = [(when.date() if isinstance(when, dt.datetime) else when, done) for when, done in series]
    first = min([d for d, _ in points] + ([start] if start else []))
    last = max([today] + [d for d, _ in points] + ([end] if end else []))
    span = max((last - first).days, 1)
    top = max([total] + [done for _, done in points] + [1])

    def x(day: dt.date) -> float:
        return round(LEFT + (WIDTH - LEFT - RIGHT) * (day - first).days / span, 1)

    def y(count: int) -> float:
        return round(HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * count / top, 1)

    path = [f"M{x(first)},{y(0)}"]
    for day, done in points:
        path.append(f"H{x(day)}V{y(done)}")
    path.append(f"H{x(min(today, last))}")
    final = points[-1][1] if points else 0
    first_tick = points[0][0].isoformat() if points else "none"
    summary = f"{final} of {total} items done as of {today.isoformat()}; first tick {first_tick}."
    parts = [
        f'<svg class="pb-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{gate.text(title)}</title><desc>{gate.text(summary)}</desc>",
        f'<line class="pb-chart-axis" x1="{LEFT}" y1="{y(0)}" x2="{WIDTH - RIGHT}" y2="{y(0)}"/>',
        f'<line class="pb-chart-axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{y(0)}"/>',
        f'<line class="pb-chart-total" x1="{LEFT}" y1="{y(total)}" x2="{WIDTH - RIGHT}" y2="{y(total)}"/>',
        f'<text class="pb-chart-label" x="{LEFT - 6}" y="{y(total) + 4}" text-anchor="end">{total}</text>',
        f'<text class="pb-chart-label" x="{LEFT - 6}" y="{y(0) + 4}" text-anchor="end">0</text>',
    ]
    if start and end:
        parts.append(
            f'<rect class="pb-chart-window" x="{x(start)}" y="{TOP}" width="{max(x(end) - x(start), 0)}" '
            f'height="{y(0) - TOP}"/>'
        )
    if first <= today <= last:
        parts.append(f'<line class="pb-chart-today" x1="{x(today)}" y1="{TOP}" x2="{x(today)}" y2="{y(0)}"/>')
        parts.append(f'<text class="pb-chart-label" x="{x(today)}" y="{TOP - 4}" text-anchor="middle">today</text>')
    parts += [
        f'<path class="pb-chart-line" d="{"".join(path)}"/>',
        f'<text class="pb-chart-label" x="{LEFT}" y="{HEIGHT - 12}">{gate.text(_short(first))}</text>',
        f'<text class="pb-chart-label" x="{WIDTH - RIGHT}" y="{HEIGHT - 12}" text-anchor="end">'
        f"{gate.text(_short(last))}</text>",
        "</svg>",
    ]
    return Markup("".join(parts))  # every text in it went through gate.text


def _short(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"
