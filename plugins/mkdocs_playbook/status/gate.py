"""The go/no-go rule of a phase, in one place (README "Go / no-go").

- no-go as soon as a measured metric misses its target: more work on the
  checklist cannot rescue a pilot whose numbers are bad;
- go when every exit criterion is done or skipped and every metric is
  measured and on target;
- pending otherwise: an open exit criterion or an unmeasured metric is not
  yet evidence either way, and no data is never a pass.

A phase with neither exit criteria nor metrics gets no verdict at all. Whether
one metric is on target is `Metric.met` in the model; this module only
combines. No git, files or HTML here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from mkdocs_playbook import model as m

CLOSED = frozenset({m.Status.DONE, m.Status.SKIPPED})
"""An exit criterion in one of these states no longer holds the phase back."""


class Verdict(StrEnum):
    GO = "go"
    NO_GO = "no-go"
    PENDING = "pending"


@dataclass(frozen=True)
class Gate:
    """A verdict with its reasons: the exit criteria still open and every metric with its result.

    The verdict is derived from the reasons rather than stored beside them, so
    the two can never disagree; `decide` is a plain function so that the
    mutation run, which leaves properties alone, reaches the rule.
    """

    open_criteria: tuple[m.Item, ...]
    metrics: tuple[Any, ...]

    @property
    def verdict(self) -> Verdict:
        return decide(self.open_criteria, self.metrics)


def decide(open_criteria: Sequence[m.Item], metrics: Sequence[Any]) -> Verdict:
    """The rule itself: a missed metric first, then anything open or unmeasured, else go."""
    if any(x.met is False for x in metrics):
        return Verdict.NO_GO
    if open_criteria or any(x.met is None for x in metrics):
        return Verdict.PENDING
    return Verdict.GO


def judge(items: Iterable[tuple[m.Item, m.Status]], metrics: Iterable[Any]) -> Gate | None:
    """The gate of one phase from its items' statuses and its metrics; None without criteria or metrics.

    `items` may hold every item of the phase: only exit criteria (`gate: true`) count.
    """
    criteria = [(item, status) for item, status in items if item.gate]
    metrics = tuple(metrics)
    if not criteria and not metrics:
        return None
    return Gate(tuple(item for item, status in criteria if status not in CLOSED), metrics)
