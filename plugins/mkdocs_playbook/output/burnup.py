"""A phase's burn-up chart as inline SVG, with its text alternative.

The chart runs from the phase's start to its end date (organization.yml `dates`), not from
the first commit: the reader compares the done line with the ideal pace (0 at the start, every
item at the end) and with today. Only when there are no dates does it fall back to the history.

Readable at any width without a script: the SVG has no viewBox, so nothing is scaled; it is
as wide as its column (`width="100%"`) and a fixed number of pixels high, every x coordinate is
a percentage of the width and every y a pixel. Labels keep their size on a 390 px phone and on
a desktop; the intermediate date ticks (class `pb-chart-minor`) are what the stylesheet drops
when the column is narrow. The look is in the markup (LOOK: stroke, width, dashes, font size, as
presentation attributes from chartpaint.py), so the chart reads with no stylesheet of ours, in
Backstage's TechDocs on a light or a dark page; the classes stay, and playbook.css refines them per
scheme on a normal site (CSS beats presentation attributes). Series are told apart by weight and
dashes, not hue alone. Every text in the SVG (the title holds a phase title from data) passes the
gate; the table and the sentence go through the template's gate.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from mkdocs_playbook.output import gate
from mkdocs_playbook.output.chartpaint import DATA_BLUE, LABEL_SIZE, PACE_GREY, paint
from mkdocs_playbook.output.verdictview import human_date

HEIGHT = 210
"""px: the chart's height; the width is the column's."""
TODAY_Y = 14
"""Baseline of the `today` label, above the plot."""
TOP = 40
"""y of the total line (every item done)."""
ZERO = 176
"""y of the zero line (the x axis)."""
DATES_Y = 198
"""Baseline of the date labels under the axis."""
INSET = 1.0
"""Per cent of the width left free at each side, so the thick line's ends are not clipped."""
MINOR_TICKS = 3
"""Dates between the start and the end, at a quarter of the span each; dropped on a narrow column."""

_FRAME = {"stroke": "currentColor", "stroke-width": "1.5"}
_DOTTED = {**_FRAME, "stroke-dasharray": "2 4"}
LOOK: dict[str, dict[str, str]] = {
    "pb-chart-axis": _FRAME,
    "pb-chart-tick": _FRAME,
    "pb-chart-total": _DOTTED,
    "pb-chart-end": _DOTTED,
    "pb-chart-ideal": {"stroke": PACE_GREY, "stroke-width": "3", "stroke-dasharray": "10 6"},
    "pb-chart-today": {"stroke": DATA_BLUE, "stroke-width": "2.5", "stroke-dasharray": "3 4"},
    "pb-chart-done": {"stroke": "currentColor", "stroke-width": "4.5", "stroke-linecap": "square"},
    "pb-chart-point": {"fill": "currentColor", "stroke": "none"},
    "pb-chart-label": {"fill": "currentColor", "font-size": LABEL_SIZE},
    "pb-chart-today-label": {"fill": "currentColor", "font-size": LABEL_SIZE, "font-weight": "700"},
}
"""Each mark's presentation attributes, by its first class: the chart's whole look without a stylesheet."""
KEY = (("pb-chart-done", "done"), ("pb-chart-ideal", "ideal pace"), ("pb-chart-today", "today"))
"""The caption's key: each series' line drawn as in the chart, beside its word."""


@dataclass(frozen=True)
class Point:
    """One step of the done line: on `day`, `done` items were done (`ideal`: the pace's count that day)."""

    day: dt.date
    done: int
    ideal: int | None


@dataclass(frozen=True)
class BurnUp:
    """What the page shows: the SVG, the sentence that says it, and its data points as table rows."""

    svg: Markup
    sentence: str
    points: tuple[Point, ...]
    has_ideal: bool

    @property
    def key(self) -> Markup:
        """The caption's key (hidden from screen readers, which have the sentence and the table); a line never
        wraps away from its word, with or without the stylesheet."""
        shown = [(kind, word) for kind, word in KEY if self.has_ideal or kind != "pb-chart-ideal"]
        return Markup(" ".join(
            f'<span class="{kind.replace("pb-chart-", "pb-key-")}" style="white-space: nowrap">'
            '<svg class="pb-key-line" width="24" height="8" '
            f'aria-hidden="true" xmlns="http://www.w3.org/2000/svg"><line class="{kind}" x1="1" y1="4" x2="23" y2="4"'
            f'{paint(LOOK[kind])}/></svg> {word}</span>'
            for kind, word in shown
        ))


def ideal_at(day: dt.date, total: int, start: dt.date, end: dt.date) -> int:
    """Items the ideal pace has done by `day`: 0 at the start, `total` at the end, a straight line between."""
    span = max((end - start).days, 1)
    share = min(max((day - start).days / span, 0.0), 1.0)
    return round(total * share)


def chart_id(phase_id: str) -> str:
    """An id for the chart's title and description that no phase id can break out of."""
    return "pb-burn-up-" + (re.sub(r"[^a-z0-9-]+", "-", phase_id.lower()).strip("-") or "phase")


def burn_up(
    series: Sequence[tuple[dt.datetime | dt.date, int]],
    *,
    total: int,
    today: dt.date,
    start: dt.date | None = None,
    end: dt.date | None = None,
    title: str = "Items done over time",
    phase_id: str = "phase",
) -> BurnUp:
    """The chart of `series` ((when, done) per commit, oldest first) for a phase of `total` items."""
    steps = [(when.date() if isinstance(when, dt.datetime) else when, done) for when, done in series]
    days = [d for d, _ in steps]
    first = start or min([*days, today])
    last = max([end or today] + [d for d in [*days, today] if d > (end or first)])
    span = max((last - first).days, 1)
    top = max([total] + [done for _, done in steps] + [1])
    has_ideal = start is not None and end is not None and end > start

    def x(day: dt.date) -> float:
        share = min(max((day - first).days / span, 0.0), 1.0)
        return round(INSET + (100 - 2 * INSET) * share, 2)

    def y(count: int) -> float:
        return round(ZERO - (ZERO - TOP) * count / top, 1)

    before = [done for day, done in steps if day <= first]
    level = before[-1] if before else 0
    points = [Point(first, level, ideal_at(first, total, first, end) if has_ideal and end else None)]
    points += [
        Point(day, done, ideal_at(day, total, first, end) if has_ideal and end else None)
        for day, done in steps
        if first < day <= today
    ]
    now = next((done for day, done in reversed(steps) if day <= today), 0)
    ideal_now = ideal_at(today, total, first, end) if has_ideal and end else None
    sentence = f"{now} of {total} done on {human_date(today)}" + (
        f"; ideal pace {ideal_now}." if ideal_now is not None else "."
    )
    if today < first:  # not started: no line to draw yet, and no row dated in the future
        sentence = f"The phase starts on {human_date(first)}; {now} of {total} done so far."
        points = [Point(today, now, 0 if has_ideal else None)]
    ident = chart_id(phase_id)
    summary = f"{sentence} The chart runs from {human_date(first)} to {human_date(last)}."
    parts = [
        f'<svg class="pb-chart" width="100%" height="{HEIGHT}" overflow="visible" role="img" '
        f'aria-labelledby="{ident}-title '
        f'{ident}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-title">{gate.text(title)}</title><desc id="{ident}-desc">{gate.text(summary)}</desc>',
        _line("pb-chart-axis", 0, ZERO, 100, ZERO),
        _line("pb-chart-total", 0, TOP, 100, TOP),
        _text("pb-chart-label pb-chart-total-label", 100 - INSET, TOP - 6, f"{total} items", "end"),
    ]
    if end and end < last:  # past its end: the end date marked and named, beside its line
        parts.append(_line("pb-chart-end", x(end), TOP, x(end), ZERO))
        # left of its line, just above the axis: where the ideal line has long left and the done line rarely is
        side = ("end", -6) if x(end) > 30 else ("start", 6)
        parts.append(_text("pb-chart-label pb-chart-end-label", x(end), ZERO - 8, f"end, {human_date(end)}", *side))
    if has_ideal and end:
        parts.append(_line("pb-chart-ideal", x(first), ZERO, x(end), y(total)))
    if first <= today <= last:
        anchor = "end" if x(today) > 80 else "start" if x(today) < 20 else "middle"
        parts.append(_line("pb-chart-today", x(today), TODAY_Y + 4, x(today), ZERO))
        label = f"today, {human_date(today)}"
        parts.append(_text("pb-chart-label pb-chart-today-label", x(today), TODAY_Y, label, anchor))
    if today >= first:
        parts += _done_line(points, x, y, min(today, last))
    parts.append(_text("pb-chart-label", INSET, DATES_Y, human_date(first), "start"))
    parts.append(_text("pb-chart-label", 100 - INSET, DATES_Y, human_date(last), "end"))
    for n in range(1, MINOR_TICKS + 1):
        day = first + dt.timedelta(days=round(span * n / (MINOR_TICKS + 1)))
        parts.append(_line("pb-chart-tick pb-chart-minor", x(day), ZERO, x(day), ZERO + 5))
        parts.append(_text("pb-chart-label pb-chart-minor", x(day), DATES_Y, human_date(day), "middle"))
    parts.append("</svg>")
    svg = Markup("".join(parts))  # every text in it went through gate.text; the rest are numbers
    return BurnUp(svg=svg, sentence=sentence, points=tuple(points), has_ideal=has_ideal)


def _done_line(
    points: Sequence[Point], x: Callable[[dt.date], float], y: Callable[[int], float], until: dt.date
) -> list[str]:
    """The steps as lines (a path cannot take percentages) and a marker with its tooltip at each commit."""
    parts: list[str] = []
    for here, after in zip(points, [*points[1:], None], strict=True):
        stop = after.day if after else until
        parts.append(_line("pb-chart-done", x(here.day), y(here.done), x(stop), y(here.done)))
        if after:
            parts.append(_line("pb-chart-done", x(after.day), y(here.done), x(after.day), y(after.done)))
    for p in points[1:]:
        tip = f"{p.done} done on {human_date(p.day)}" + (f"; ideal pace {p.ideal}" if p.ideal is not None else "")
        parts.append(
            f'<circle class="pb-chart-point" cx="{x(p.day)}%" cy="{y(p.done)}" r="4"{paint(LOOK["pb-chart-point"])}>'
            f"<title>{gate.text(tip)}</title></circle>"
        )
    return parts


def _line(kind: str, x1: float, y1: float, x2: float, y2: float) -> str:
    return f'<line class="{kind}" x1="{x1}%" y1="{y1}" x2="{x2}%" y2="{y2}"{paint(LOOK[kind.split()[0]])}/>'


def _text(kind: str, x: float, y: float, words: str, anchor: str, dx: int = 0) -> str:
    """A label at x per cent, y px; `dx` px moves it off a line (a percentage and pixels do not add up otherwise)."""
    shift = f' dx="{dx}"' if dx else ""
    look = LOOK["pb-chart-today-label" if "pb-chart-today-label" in kind else "pb-chart-label"]
    return (
        f'<text class="{kind}" x="{x}%" y="{y}"{shift} text-anchor="{anchor}"{paint(look)}>'
        f"{gate.text(words)}</text>"
    )
