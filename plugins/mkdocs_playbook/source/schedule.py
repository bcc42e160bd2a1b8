"""Dates and durations of a plan: business days, the dated ramp and stages, the check cadence.

Pure functions of dates, so the rules (a weekend start moves to Monday, a stage
counts business days and skips holidays, the default staleness limit is twice the
longest gap between two scheduled checks) are tested one by one without files.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Collection, Sequence

from mkdocs_playbook import model as m

_DURATION = re.compile(r"^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$")
DAYS = ("daily", "weekdays", "weekly")
"""When checks happen: every day, Monday to Friday, or once a week (on Mondays)."""


def parse_duration(text: str) -> dt.timedelta | None:
    """`90m`, `36h`, `2d`, `1w`, `1h30m` -> a timedelta; None for anything else (or zero)."""
    found = _DURATION.match(text.strip()) if text else None
    if found is None or not any(found.groups()):
        return None
    weeks, days, hours, minutes = (int(g or 0) for g in found.groups())
    span = dt.timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes)
    return span if span > dt.timedelta(0) else None


def format_duration(span: dt.timedelta) -> str:
    """The inverse of `parse_duration`, shortest form: 36h, 2d, 1h30m."""
    minutes = int(span.total_seconds() // 60)
    parts = []
    for unit, size in (("w", 7 * 24 * 60), ("d", 24 * 60), ("h", 60), ("m", 1)):
        if minutes >= size:
            parts.append(f"{minutes // size}{unit}")
            minutes %= size
    return "".join(parts) or "0m"


def is_business_day(day: dt.date, holidays: Collection[dt.date] = ()) -> bool:
    return day.weekday() < 5 and day not in holidays


def next_business_day(day: dt.date, holidays: Collection[dt.date] = ()) -> dt.date:
    """`day` itself when it is a business day, else the first one after it."""
    while not is_business_day(day, holidays):
        day += dt.timedelta(days=1)
    return day


def stage_windows(
    start: dt.date, stages: Sequence[tuple[str, str, int]], holidays: Collection[dt.date] = ()
) -> tuple[m.StageWindow, ...]:
    """(id, title, business days) one after the other from `start`, each starting on a business day.

    A stage of n business days ends on its n-th business day; the next starts on the business
    day after that. Weekends and holidays are skipped, across month and year ends alike.
    """
    windows = []
    day = next_business_day(start, holidays)
    for stage_id, title, days in stages:
        first = day
        last = first
        for _ in range(days - 1):
            last = next_business_day(last + dt.timedelta(days=1), holidays)
        windows.append(m.StageWindow(stage_id, title, days, first, last))
        day = next_business_day(last + dt.timedelta(days=1), holidays)
    return tuple(windows)


def ramp_weeks(start: dt.date, weeks: Sequence[tuple[int, float, str]]) -> tuple[m.RampWeek, ...]:
    """(week, percent, note) dated: week n runs seven calendar days from start + 7(n-1)."""
    return tuple(
        m.RampWeek(
            week,
            percent,
            start + dt.timedelta(weeks=week - 1),
            start + dt.timedelta(weeks=week - 1, days=6),
            note,
        )
        for week, percent, note in weeks
    )


def cadence(days: str, times: Sequence[dt.time]) -> m.CheckCadence:
    """The checks with their text as people say it: "daily at 10:00 and 16:00"."""
    ordered = tuple(sorted(times))
    shown = [t.strftime("%H:%M") for t in ordered]
    spoken = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"
    label = {"daily": "daily", "weekdays": "on weekdays", "weekly": "weekly on Mondays"}[days]
    return m.CheckCadence(days, ordered, f"{label} at {spoken}")


def longest_gap(checks: m.CheckCadence) -> dt.timedelta:
    """The longest time between two scheduled checks over a week (weekend gaps included)."""
    week_days = {"daily": range(7), "weekdays": range(5), "weekly": range(1)}[checks.days]
    monday = dt.datetime(2024, 1, 1)  # any Monday: only the differences count
    moments = [monday + dt.timedelta(days=d, hours=t.hour, minutes=t.minute) for d in week_days for t in checks.times]
    moments.append(moments[0] + dt.timedelta(weeks=1))
    return max(b - a for a, b in itertools.pairwise(moments))


def default_max_age(checks: m.CheckCadence | None) -> dt.timedelta | None:
    """Twice the longest gap between checks: one missed check is not yet stale, two are.

    Daily at 10:00 and 16:00 -> 36h; on weekdays the weekend gap counts. No checks: never stale.
    """
    return 2 * longest_gap(checks) if checks is not None else None
