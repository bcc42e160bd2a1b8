"""How a verdict, a criterion and a status read on the site: words and icons, never code.

One place for the wording, so the phase page, the dashboard and the plan page say
the same thing, and every state is told apart by a word and an icon as well as a
colour (colour alone fails people who cannot see it, and print). Plain text only:
the templates pass all of it through the output gate. No HTML here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mkdocs_playbook import model as m
from mkdocs_playbook.status import wording
from mkdocs_playbook.status.verdict import CriterionResult, Status, Verdict


@dataclass(frozen=True)
class Label:
    """A state as shown: an icon (decorative: screen readers get the word) and a word."""

    icon: str
    word: str
    kind: str
    """The admonition type / CSS hook: success, warning, failure, info."""


VERDICTS: dict[Verdict, Label] = {
    Verdict.GO: Label("✔", "GO", "success"),
    Verdict.NO_GO: Label("✖", "NO-GO", "failure"),
    Verdict.NOT_YET: Label("◐", "NOT YET", "info"),
}

ITEM_STATES: dict[m.Status, Label] = {
    m.Status.TODO: Label("\u2610", "to do", "info"),
    m.Status.IN_PROGRESS: Label("\u25e7", "in progress", "warning"),
    m.Status.DONE: Label("\u2611", "done", "success"),
    m.Status.SKIPPED: Label("\u2612", "skipped", "info"),
}
"""Where a checklist item stands, as every page shows it: four different shapes and four words, so
to do, in progress and skipped differ without colour (`f.status_badge(view.status)`). The glyphs are the
handout's and the printed page's marks (output/handout.py MARKS takes them from here), so screen and paper
agree."""

STATUSES: dict[Status | m.Status, Label] = {
    Status.MET: Label("✔", "met", "success"),
    Status.WARNING: Label("▲", "warning", "warning"),
    Status.NOT_MET: Label("✖", "not met", "failure"),
    Status.NO_DATA: Label("○", "no data", "info"),
    Status.STALE: Label("◷", "stale", "info"),
}
"""Every state a page shows, a criterion's (met, warning...) and an item's (to do, done...): the values of
the two enums never overlap, so one table serves `f.status_badge` for both."""
STATUSES.update((status, label) for status, label in ITEM_STATES.items())

TOO_FEW_ICON = "◔"
"""Some measurements, fewer than the criterion asks for: a status of its own to read, though the rule counts
it as no data (`playbook gate` reads it the same way: `too few (2 of 3)`)."""


def status_label(result: CriterionResult) -> Label:
    """The status of one criterion as shown; too few measurements say how many of how many."""
    if result.status is Status.NO_DATA and result.count:
        return Label(TOO_FEW_ICON, f"too few ({result.count} of {result.criterion.min_measurements})", "info")
    return STATUSES[result.status]


OUTCOMES: dict[str, str] = {"scale": "scale (full release)", "iterate": "iterate", "rollback": "roll back"}
"""The recorded decision's outcome as people say it."""


def number(value: float) -> str:
    """A measured value or threshold as people write it (300, 4.2, 0.05), as `playbook gate` writes it."""
    return wording.number(value)


def with_unit(value: float, unit: str) -> str:
    """`300 ms`, `1%`, `4.2 /5`: a percent sign sits on the number, any other unit after a space."""
    return wording.quantity(value, unit)


def target(criterion: m.Criterion) -> str:
    """The target as words: `below 300 ms`, `at least 4.2 /5`, `0` (status/wording.py's `bound`)."""
    return wording.bound(criterion.comparison, criterion.threshold, criterion.unit)


def band(criterion: m.Criterion) -> str:
    """The warning band, between the threshold and `warning`, low to high: `300 to 350 ms`; '' without one.

    A value inside it misses the threshold but meets `comparison warning`: a warning, not a miss
    (Keptn's warning band). Which end is open follows from the comparison the target shows.
    """
    if criterion.warning is None:
        return ""
    low, high = sorted((criterion.threshold, criterion.warning))
    return f"{number(low)} to {with_unit(high, criterion.unit)}"


def human_date(value: dt.date | dt.datetime | None) -> str:
    """A day as the pages write it: `3 Dec 2026` (the dashboard, item credits, the burn-up's labels)."""
    if value is None:
        return ""
    return f"{value.day} {value:%b %Y}"


def when(value: dt.datetime | None, timezone: str = "UTC") -> str:
    """A measurement time in the plan's timezone, to the minute: `20 Nov 2026 16:00 CET`."""
    if value is None:
        return ""
    shown = _in_zone(value, timezone)
    zone = shown.tzname() or "UTC"
    return f"{shown.day} {shown:%b %Y %H:%M} {zone}"


def _in_zone(value: dt.datetime, timezone: str) -> dt.datetime:
    try:
        return value.astimezone(ZoneInfo(timezone))
    except (ZoneInfoNotFoundError, ValueError):
        return value.astimezone(dt.UTC)


def measured(count: int, criterion: m.Criterion) -> str:
    """`3 of 5`: how many measurements count, of the minimum the criterion asks for."""
    return f"{count} of {criterion.min_measurements}"
