"""Burn-up and trend charts as inline SVG.

No JavaScript charting library: inline SVG prints as sharp vectors, works
offline, and takes its colours from CSS classes (playbook.css maps them to
Material's palette variables), so it is readable in the dark scheme too.
Every text in the SVG (the title holds a phase title from data) passes the gate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

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


# --- a criterion's trend ---------------------------------------------------------------------

TREND_WIDTH, TREND_HEIGHT = 160, 52
TREND_LEFT, TREND_RIGHT, TREND_TOP, TREND_BOTTOM = 5, 5, 12, 6
TREND_FONT = 10
"""px: the threshold's label, the one text in the chart."""
TREND_PAD = 0.1
"""The value axis reaches 10% beyond the lowest and highest of the values, threshold and warning."""

TREND_COLOURS = {"line": "#3f51b5", "threshold": "#c62828", "band": "#ffb300", "point": "#3f51b5"}
"""Presentation attributes, so the chart reads without the stylesheet (a feed, `render` output, print);
playbook.css overrides them with the theme's colours, as CSS beats presentation attributes."""


def trend_scale(values: Sequence[float]) -> tuple[float, float]:
    """The value axis: from below the lowest to above the highest, never a zero span."""
    low, high = min(values), max(values)
    span = high - low or abs(high) or 1.0
    return low - span * TREND_PAD, high + span * TREND_PAD


def trend_svg(
    series: Sequence[tuple[dt.datetime, float, str]],
    *,
    threshold: float,
    warning: float | None = None,
    threshold_label: str = "",
    summary: str,
    point_label: Callable[[dt.datetime, float, str], str],
) -> Markup:
    """A small line of `series` (time, value, note; oldest first) with the threshold line and the warning band.

    `summary` is the chart's accessible name (its <title> and aria-label): what a person who
    cannot see it needs, the latest value against the target. `point_label` words one point's
    tooltip; `threshold_label` (`< 300 ms`) is written at the threshold line's right end, above it
    (below it when the line runs along the top). Width and height are attributes, so it never grows
    past its 160 px, and CSS may shrink it (max-width: 100%) on a 390 px screen. No script, no
    external reference.
    """
    low, high = trend_scale([v for _, v, _ in series] + [threshold] + ([warning] if warning is not None else []))
    times = [when for when, _, _ in series]
    first, last = (min(times), max(times)) if times else (None, None)
    span = (last - first).total_seconds() if first and last else 0.0
    inner_w = TREND_WIDTH - TREND_LEFT - TREND_RIGHT
    inner_h = TREND_HEIGHT - TREND_TOP - TREND_BOTTOM

    def x(when: dt.datetime) -> float:
        if not span or first is None:
            return round(TREND_LEFT + inner_w / 2, 1)
        return round(TREND_LEFT + inner_w * (when - first).total_seconds() / span, 1)

    def y(value: float) -> float:
        return round(TREND_TOP + inner_h * (high - value) / (high - low), 1)

    label = gate.text(summary)
    parts = [
        f'<svg class="pb-trend" width="{TREND_WIDTH}" height="{TREND_HEIGHT}" viewBox="0 0 {TREND_WIDTH} '
        f'{TREND_HEIGHT}" role="img" aria-label="{label}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{label}</title>",
    ]
    if warning is not None:
        top, bottom = sorted((y(threshold), y(warning)))
        parts.append(
            f'<rect class="pb-trend-band" x="{TREND_LEFT}" y="{top}" width="{inner_w}" '
            f'height="{round(bottom - top, 1)}" fill="{TREND_COLOURS["band"]}" fill-opacity="0.25"/>'
        )
    if len(series) > 1:
        points = " ".join(f"{x(when)},{y(value)}" for when, value, _ in series)
        parts.append(
            f'<polyline class="pb-trend-line" points="{points}" fill="none" stroke="{TREND_COLOURS["line"]}" '
            'stroke-width="2"/>'
        )
    # after the line, so a series that runs along the threshold (0 defects against `= 0`) still shows it
    line_y = y(threshold)
    parts.append(
        f'<line class="pb-trend-threshold" x1="{TREND_LEFT}" y1="{line_y}" x2="{TREND_WIDTH - TREND_RIGHT}" '
        f'y2="{line_y}" stroke="{TREND_COLOURS["threshold"]}" stroke-width="1.5" stroke-dasharray="4 3"/>'
    )
    if threshold_label:
        label_y = line_y - 3 if line_y - 3 >= TREND_FONT else line_y + TREND_FONT
        parts.append(
            f'<text class="pb-trend-label" x="{TREND_WIDTH - TREND_RIGHT}" y="{round(label_y, 1)}" '
            f'text-anchor="end" font-size="{TREND_FONT}" fill="{TREND_COLOURS["threshold"]}" aria-hidden="true">'
            f"{gate.text(threshold_label)}</text>"
        )
    for when, value, note in series:
        parts.append(
            f'<circle class="pb-trend-point" cx="{x(when)}" cy="{y(value)}" r="2.5" fill="{TREND_COLOURS["point"]}">'
            f"<title>{gate.text(point_label(when, value, note))}</title></circle>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # every text in it went through gate.text; the rest are numbers
