"""How the charts look with no stylesheet of ours: their SVG presentation attributes, in one place.

Backstage's TechDocs shows a page without the plugin's stylesheet (DOMPurify keeps only Material's main
CSS) and on a light or a dark background, so the burn-up (burnup.py) and the trend (charts.py) carry their
look in the markup: text and axes in `currentColor` (the page's own text colour, whatever the scheme), and
the few data colours mid-tones that reach 3:1 against white and against Material slate's background
(#1e2129), so one colour serves both. Areas are light: a tint under the lines, never a solid shape.
On a normal MkDocs site playbook.css refines all of it per scheme: CSS rules beat presentation attributes.
"""

from __future__ import annotations

from collections.abc import Mapping

from markupsafe import escape

DATA_BLUE = "#4f7fdc"
"""A data line or mark: 3.9:1 on white, 4.1:1 on #1e2129."""
PACE_GREY = "#888888"
"""The ideal pace, a reference rather than data: 3.5:1 on white, 4.5:1 on #1e2129."""
LIMIT_RED = "#e53935"
"""A threshold to stay on the right side of: 4.2:1 on white, 3.8:1 on #1e2129."""
BAND_AMBER = "#ffb300"
"""The warning band, an area: drawn at AREA_OPACITY, so it tints the plot rather than covers it."""
AREA_OPACITY = "0.25"
LABEL_SIZE = "14"
"""px: Material's .7rem on its 20 px root, the size playbook.css gives the labels."""

DATA_COLOURS = (DATA_BLUE, PACE_GREY, LIMIT_RED)
"""Every colour drawn as a line or a mark; each reads at 3:1 or more on both backgrounds."""


def paint(attributes: Mapping[str, str]) -> str:
    """The attributes as markup, with a leading space: ` stroke="currentColor" stroke-width="1.5"`."""
    return "".join(f' {name}="{escape(value)}"' for name, value in attributes.items())
