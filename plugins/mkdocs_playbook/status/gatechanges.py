"""What a pull request does to a phase's go/no-go: measurements and decisions added, verdict moved.

A reviewer of a pull request that records measurements sees new YAML files with numbers;
they need to read "p95-latency 320 ms, and the pilot's verdict goes from NOT YET to NO-GO
because of it", as SonarQube puts a failed quality gate on the pull request. Given a phase's
state on both sides (the base's plans, measurements, decisions and progress; the head's), this
module lists what was added (and removed: a recording is never edited, so a removal is worth a
look) and judges the verdict on both sides at the same moment, so a change of verdict comes
from the data and not from the clock. No git and no files here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from mkdocs_playbook import model as m
from mkdocs_playbook.status.verdict import GateResult, evaluate

T = TypeVar("T")


@dataclass(frozen=True)
class GateChanges:
    """One phase's go/no-go on both sides of a pull request."""

    measurements_added: tuple[m.Measurement, ...] = ()
    measurements_removed: tuple[m.Measurement, ...] = ()
    decisions_added: tuple[m.Decision, ...] = ()
    decisions_removed: tuple[m.Decision, ...] = ()
    before: GateResult | None = None
    after: GateResult | None = None
    units: dict[str, str] = field(default_factory=dict, hash=False)
    """The unit of each metric, from the head's plan, to show a value with it."""

    @property
    def verdict_changed(self) -> bool:
        old = self.before.verdict if self.before else None
        new = self.after.verdict if self.after else None
        return old != new

    @property
    def data_changed(self) -> bool:
        return bool(
            self.measurements_added or self.measurements_removed or self.decisions_added or self.decisions_removed
        )

    @property
    def changed(self) -> bool:
        return self.data_changed or self.verdict_changed

    @property
    def judged(self) -> bool:
        """Whether the phase has a verdict on either side."""
        return self.before is not None or self.after is not None


def measurement_key(x: m.Measurement) -> tuple[object, ...]:
    """What makes two measurements the same recording: not where they were read from."""
    return (x.metric, x.value, x.at, x.note)


def decision_key(x: m.Decision) -> tuple[object, ...]:
    return (x.outcome, x.reason, x.at, x.by, x.stage)


def added(before: Iterable[T], after: Iterable[T], key: Callable[[T], Hashable]) -> tuple[T, ...]:
    """The entries of `after` not in `before`, counted (the same value twice, once before: one added)."""
    left = Counter(key(x) for x in before)
    out = []
    for x in after:
        k = key(x)
        if left[k]:
            left[k] -= 1
        else:
            out.append(x)
    return tuple(out)


def compare_gate(phase: str, before: m.Playbook | None, after: m.Playbook, now: dt.datetime) -> GateChanges:
    """`phase` on both sides: `before` is the base's playbook (None: it did not load)."""
    old_x: Sequence[m.Measurement] = before.measurements.get(phase, ()) if before else ()
    new_x = after.measurements.get(phase, ())
    old_d: Sequence[m.Decision] = before.decisions.get(phase, ()) if before else ()
    new_d = after.decisions.get(phase, ())
    plan = after.plans.get(phase)
    units = {c.metric: c.unit for c in reversed(plan.criteria) if c.unit} if plan else {}
    return GateChanges(
        measurements_added=added(old_x, new_x, measurement_key),
        measurements_removed=added(new_x, old_x, measurement_key),
        decisions_added=added(old_d, new_d, decision_key),
        decisions_removed=added(new_d, old_d, decision_key),
        before=evaluate(before, phase, now) if before is not None else None,
        after=evaluate(after, phase, now),
        units=units,
    )
