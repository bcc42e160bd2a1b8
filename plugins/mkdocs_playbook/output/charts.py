"""A criterion's trend chart as inline SVG (the burn-up is burnup.py's).

No JavaScript charting library: inline SVG prints as sharp vectors and works
offline. Its look is in presentation attributes (chartpaint.py: colours that
read on a light and a dark page, the label in `currentColor`), so it reads with
no stylesheet of ours, as in Backstage's TechDocs; playbook.css refines the
classes with Material's palette variables on a normal site.
Every text in the SVG (the title holds a phase title from data) passes the gate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from markupsafe import Markup

from mkdocs_playbook.output import gate
from mkdocs_playbook.output.chartpaint import AREA_OPACITY, BAND_AMBER, DATA_BLUE, LIMIT_RED, paint

# --- a criterion's trend ---------------------------------------------------------------------

TREND_WIDTH, TREND_HEIGHT = 160, 60
TREND_LEFT, TREND_RIGHT, TREND_TOP, TREND_BOTTOM = 5, 5, 15, 6
TREND_FONT = 12
"""px: the threshold's label, the one text in the chart."""
TREND_PAD = 0.1
"""The value axis reaches 10% beyond the lowest and highest of the values, threshold and warning."""

TREND_LOOK = {
    "band": {"fill": BAND_AMBER, "fill-opacity": AREA_OPACITY, "stroke": "none"},
    "line": {"fill": "none", "stroke": DATA_BLUE, "stroke-width": "2.5"},
    "threshold": {"stroke": LIMIT_RED, "stroke-width": "1.5", "stroke-dasharray": "4 3"},
    "label": {"font-size": str(TREND_FONT), "font-weight": "700", "fill": "currentColor"},
    "point": {"fill": DATA_BLUE, "stroke": "none"},
}
"""Each mark's presentation attributes (as the burn-up's LOOK), so the chart reads without the stylesheet
(TechDocs, a feed, `render` output, print) on a light or a dark page; playbook.css overrides them with the
theme's colours, as CSS beats presentation attributes. The threshold's label is text, so it is
`currentColor`: no one colour reads as text on both."""


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
            f'height="{round(bottom - top, 1)}"{paint(TREND_LOOK["band"])}/>'
        )
    if len(series) > 1:
        points = " ".join(f"{x(when)},{y(value)}" for when, value, _ in series)
        parts.append(
            f'<polyline class="pb-trend-line" points="{points}"{paint(TREND_LOOK["line"])}/>'
        )
    # after the line, so a series that runs along the threshold (0 defects against `= 0`) still shows it
    line_y = y(threshold)
    parts.append(
        f'<line class="pb-trend-threshold" x1="{TREND_LEFT}" y1="{line_y}" x2="{TREND_WIDTH - TREND_RIGHT}" '
        f'y2="{line_y}"{paint(TREND_LOOK["threshold"])}/>'
    )
    if threshold_label:
        label_y = line_y - 3 if line_y - 3 >= TREND_FONT else line_y + TREND_FONT
        parts.append(
            f'<text class="pb-trend-label" x="{TREND_WIDTH - TREND_RIGHT}" y="{round(label_y, 1)}" '
            f'text-anchor="end"{paint(TREND_LOOK["label"])} aria-hidden="true">'
            f"{gate.text(threshold_label)}</text>"
        )
    for when, value, note in series:
        parts.append(
            f'<circle class="pb-trend-point" cx="{x(when)}" cy="{y(value)}" r="3"{paint(TREND_LOOK["point"])}>'
            f"<title>{gate.text(point_label(when, value, note))}</title></circle>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # every text in it went through gate.text; the rest are numbers
