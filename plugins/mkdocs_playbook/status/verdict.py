"""The go/no-go verdict of a phase or a stage, from its plan, measurements and exit criteria.

CONTRACT (issue 11): the types below are fixed; the rule is filled in by the verdict work.
No git, files or HTML here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from mkdocs_playbook import model as m


class Verdict(StrEnum):
    GO = "go"
    NO_GO = "no-go"
    NOT_YET = "not-yet"


class Status(StrEnum):
    """Where one criterion stands; only MET and WARNING count as met."""

    MET = "met"
    WARNING = "warning"
    NOT_MET = "not-met"
    NO_DATA = "no-data"
    STALE = "stale"


@dataclass(frozen=True)
class CriterionResult:
    criterion: m.Criterion
    status: Status
    actual: float | None
    """The latest value, None without one."""
    measured_at: dt.datetime | None
    count: int
    """How many measurements of the metric count (within the phase or stage window, up to `now`)."""
    series: tuple[m.Measurement, ...]
    """Those measurements, oldest first: what a trend chart draws."""


@dataclass(frozen=True)
class TriggerResult:
    trigger: m.Trigger
    fired_at: dt.datetime | None
    """When it fired (the measurement that completed the sustained span), None when it has not."""
    value: float | None
    """The value that fired it."""


@dataclass(frozen=True)
class Reason:
    """One line of why: most severe first. `text` is plain text that may hold data: escape it."""

    severity: int
    """0 most severe: a fired trigger; then critical misses, misses, missing or stale data, open items,
    warnings; larger numbers are less severe."""
    kind: str
    """"trigger", "criterion", "item" or "decision"."""
    subject: str
    """The metric, trigger or item id the reason is about."""
    text: str


@dataclass(frozen=True)
class GateResult:
    phase: str
    stage: str | None
    verdict: Verdict
    action: str | None
    """"roll back" when a trigger fired; else None."""
    criteria: tuple[CriterionResult, ...]
    triggers: tuple[TriggerResult, ...]
    open_items: tuple[m.Item, ...]
    """Exit (and, for a phase or its first stage, entry) criteria still open."""
    reasons: tuple[Reason, ...]
    decision: m.Decision | None
    """The latest decision recorded for this phase (or stage)."""
    disagrees: bool
    """A decision that goes against the verdict: scale while it is not GO, or rollback while it is GO."""
    as_of: dt.datetime


def evaluate(playbook: m.Playbook, phase_id: str, now: dt.datetime, stage: str | None = None) -> GateResult | None:
    """The verdict of a phase (or one of its plan's stages) as of `now`; None when it has nothing to judge."""
    raise NotImplementedError("issue 11: the verdict rule")


def document(result: GateResult) -> dict[str, object]:
    """The JSON shape of `playbook gate --format json` and progress.json's `gate` (README documents it)."""
    raise NotImplementedError("issue 11: the verdict rule")
