"""How a verdict's reasons read: values with units, times in the plan's zone, spans as plans write them.

Plain text from model values only (the verdict's types live in status/verdict.py, which builds
its reasons with these). The text may hold data (a metric's name, an item's text): whoever
prints it escapes it for the medium, as with every other data string.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from mkdocs_playbook import model as m

ROLL_BACK = "roll back"
"""The action a fired trigger calls for."""


def number(value: float) -> str:
    """12 significant digits, no trailing zeros: 300, 0.3, 1234567."""
    return f"{value:.12g}"


def quantity(value: float, unit: str) -> str:
    """A value with its unit: `320 ms`, `1.5%` (a per cent sign or no unit takes no space)."""
    if not unit or unit == "%":
        return f"{number(value)}{unit}"
    return f"{number(value)} {unit}"


def moment(at: dt.datetime, zone: ZoneInfo) -> str:
    """A time as the plan's people read it: in the plan's timezone, to the minute."""
    return at.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def duration(span: dt.timedelta) -> str:
    """A span the way plans write it: 1w, 2d, 36h, 30m, 1h30m (the largest unit that divides it)."""
    seconds = int(span.total_seconds())
    for unit, size in (("w", 604800), ("d", 86400), ("h", 3600)):
        if seconds and seconds % size == 0:
            return f"{seconds // size}{unit}"
    if seconds % 60:
        return f"{seconds}s"
    hours, minutes = divmod(seconds // 60, 60)
    return f"{hours}h{minutes}m" if hours else f"{minutes}m"


BOUNDS = {"<": "below", "<=": "at most", "=": "", ">=": "at least", ">": "above"}
"""A comparison as the word people read before a number; `=` reads as the number alone (`target 0`)."""


def bound(comparison: str, value: float, unit: str) -> str:
    """`below 2`, `at most 36 h`, `0`, `at least 4.2 /5`, `above 300 ms`: a target or a trigger's limit in words.

    The one wording of a comparison: verdict reasons, `playbook gate`, the plan page and the pull
    request comment all say targets through it, never as the code (`< 2`, `== 0`) a plan file holds.
    """
    word = BOUNDS.get(comparison, comparison)
    amount = quantity(value, unit)
    return f"{word} {amount}" if word else amount


def target(c: m.Criterion) -> str:
    """`target below 300 ms`."""
    return f"target {bound(c.comparison, c.threshold, c.unit)}"


def fired(t: m.Trigger, at: dt.datetime, value: float, zone: ZoneInfo) -> str:
    """`Trigger "Latency above 300 ms for 30 minutes" fired at 2026-11-04 10:30 (p95-latency 320, above 300 for 30m):
    roll back`: the trigger, when it fired, the value that fired it and the rule it broke."""
    held = f" for {duration(t.sustained)}" if t.sustained else ""
    facts = f"{t.metric} {number(value)}, {bound(t.comparison, t.threshold, '')}{held}"
    return f'Trigger "{t.text}" fired at {moment(at, zone)} ({facts}): {ROLL_BACK}'


def no_data(c: m.Criterion) -> str:
    """`95th percentile latency: no data (target below 300 ms)`."""
    return f"{c.name}: no data ({target(c)})"


def stale(c: m.Criterion, actual: float, at: dt.datetime, zone: ZoneInfo) -> str:
    """`Error rate: stale, 0.3% measured 2026-11-01 10:00, older than 36h`."""
    age = duration(c.max_age or dt.timedelta(0))  # only a criterion with a max_age is ever stale
    return f"{c.name}: stale, {quantity(actual, c.unit)} measured {moment(at, zone)}, older than {age}"


def too_few(c: m.Criterion, count: int) -> str:
    """`CSAT: 2 of 3 measurements`."""
    return f"{c.name}: {count} of {c.min_measurements} measurements"


def missed(c: m.Criterion, actual: float) -> str:
    """`P1 defects: 1, target 0 (critical): not met`."""
    flag = " (critical)" if c.critical else ""
    return f"{c.name}: {quantity(actual, c.unit)}, {target(c)}{flag}: not met"


def warned(c: m.Criterion, actual: float) -> str:
    """`95th percentile latency: 320 ms, target below 300 ms: warning (still below 350 ms)`."""
    band = bound(c.comparison, c.warning or 0.0, c.unit)  # only a criterion with a warning band ever warns
    return f"{c.name}: {quantity(actual, c.unit)}, {target(c)}: warning (still {band})"


def open_item(item: m.Item) -> str:
    """`Exit criterion open: No critical issues` (`Entry criterion open: ...` for an entry criterion)."""
    kind = "Entry criterion" if item.section == "entry-criteria" else "Exit criterion"
    return f"{kind} open: {item.text}"


def not_started(start: dt.datetime) -> str:
    """`Stage not started: it starts on 2026-12-07`."""
    return f"Stage not started: it starts on {start.strftime('%Y-%m-%d')}"


def decided(d: m.Decision) -> str:
    """`Decision recorded: scale by Thomas Hardy on 2026-12-18: All criteria met`."""
    who = f" by {d.by}" if d.by else ""
    return f"Decision recorded: {d.outcome}{who} on {d.at.strftime('%Y-%m-%d')}: {d.reason}"
