"""What a verdict looks at: the measurements inside its window up to `now`, and the gate items it waits for.

A phase verdict sees every measurement up to `now`; a stage verdict only those inside the
stage's dates, read as whole days in the plan's timezone. Plain functions, mutated with the
rule (status/verdict.py). No git, files or HTML here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from mkdocs_playbook import model as m

CLOSED = frozenset({m.Status.DONE, m.Status.SKIPPED})
"""A gate item in one of these states no longer holds the verdict back."""


@dataclass(frozen=True)
class Window:
    """The measurements that count: from `start` (None: any) up to, not including, `end`; `now` at the latest."""

    start: dt.datetime | None
    end: dt.datetime | None
    now: dt.datetime

    def reference(self) -> dt.datetime:
        return reference_time(self.now, self.end)


class UnknownScope(LookupError):
    """A phase id or stage id that is not there; the CLI checks first and says did-you-mean."""


# --- the inputs ----------------------------------------------------------------------------


def gate_items(phase: m.Phase, plan: m.Plan, stage: str | None) -> tuple[m.Item, ...]:
    """What must be ticked: for a phase every gate item (checklist, stage exit and plan entry criteria);
    for a stage its exit criteria, and the plan's entry criteria for the first stage."""
    entry = plan.entry_criteria
    if stage is None:
        found = [i for i in phase.items() if i.gate]
        known = {i.id for i in found}
        return tuple(found + [i for i in entry if i.id not in known])
    exits = tuple(i for i in phase.items() if i.gate and i.section == "exit-criteria" and i.group == stage)
    first = bool(plan.stages) and plan.stages[0].id == stage
    return (tuple(entry) if first else ()) + exits


def item_status(progress: m.Progress | None, item_id: str) -> m.Status:
    state = progress.states.get(item_id) if progress else None
    return state.status if state else m.Status.TODO


def stage_window(plan: m.Plan, stage: str, now: dt.datetime) -> Window:
    """A stage's dates as instants in the plan's timezone: its first day's midnight to the midnight after its last."""
    window = plan.stage(stage)
    if window is None:
        raise UnknownScope(f"unknown stage {stage!r}")
    zone = ZoneInfo(plan.timezone)
    start = dt.datetime.combine(window.start, dt.time(0), zone)
    end = dt.datetime.combine(window.end + dt.timedelta(days=1), dt.time(0), zone)
    return Window(start, end, now)


def reference_time(now: dt.datetime, end: dt.datetime | None) -> dt.datetime:
    """What a value's age is measured against: `now`, or a window's end once it is over."""
    return now if end is None else min(now, end)


def metric_series(measurements: Iterable[m.Measurement], metric: str, window: Window) -> tuple[m.Measurement, ...]:
    """The metric's measurements inside the window and not after `now`, oldest first."""
    found = [x for x in measurements if x.metric == metric and in_window(x.at, window)]
    return tuple(sorted(found, key=lambda x: x.at))


def in_window(at: dt.datetime, window: Window) -> bool:
    if at > window.now:
        return False
    if window.start is not None and at < window.start:
        return False
    return window.end is None or at < window.end
