"""The playbook as immutable values.

Everything downstream (progress, history, rendering, the CLI) reads these
types and nothing else, so a change to the YAML format touches the loader and
this module only. Nothing here reads files or knows about MkDocs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    """Where a checklist item stands. `skipped` means not applicable: out of the total."""

    TODO = "todo"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    SKIPPED = "skipped"


STATUSES: tuple[str, ...] = tuple(s.value for s in Status)


@dataclass(frozen=True)
class Location:
    """Where a value came from, 1-based, so messages read `path:line:col`."""

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


# --- phase content -----------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """Something a team can tick. `section` says where on the phase page it lives."""

    id: str
    text: str
    section: str = "checklist"
    group: str | None = None
    focus: str | None = None
    gate: bool = False
    """True for exit criteria: the phase is a go only when every gate item is done or skipped."""


@dataclass(frozen=True)
class Question:
    """A discovery question a team answers in its progress file."""

    id: str
    text: str
    group: str | None = None


@dataclass(frozen=True)
class PhaseBlock:
    """One block of a phase (questions, checklist, stages...): its key and its built value.

    What the value is belongs to the block type (see `mkdocs_playbook.blocks`); the model only
    needs to know that blocks contribute tickable items and discovery questions.
    """

    key: str
    value: Any
    items: tuple[Item, ...] = ()
    """The tickable items of the block, in page order."""
    questions: tuple[Question, ...] = ()


@dataclass(frozen=True)
class RiskPair:
    """A risk (or scope-creep trigger) with what prevents or mitigates it; several blocks use it."""

    risk: str
    response: str


@dataclass(frozen=True)
class Phase:
    id: str
    order: int
    title: str
    summary: str
    why: str
    blocks: tuple[PhaseBlock, ...] = ()
    sources: tuple[str, ...] = ()
    location: Location | None = field(default=None, compare=False)
    hidden: tuple[str, ...] = ()
    """Ids of the shared phase's items and questions the organization's tailoring hides."""
    tailoring: str | None = field(default=None, compare=False)
    """The tailoring file (as shown in messages) that changed this shared phase, if any."""

    def block(self, key: str, default: Any = None) -> Any:
        """The value of the block read from `key`, or `default` when the phase has none."""
        return next((b.value for b in self.blocks if b.key == key), default)

    def items(self) -> Iterator[Item]:
        """Every tickable item, in the order the phase page shows them."""
        for b in self.blocks:
            yield from b.items

    @property
    def discovery_questions(self) -> tuple[Question, ...]:
        return tuple(q for b in self.blocks for q in b.questions)

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items() if i.id == item_id), None)

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.discovery_questions if q.id == question_id), None)

    def ids(self) -> list[str]:
        """Every id a progress file may use: items and questions share one namespace."""
        return [i.id for i in self.items()] + [q.id for q in self.discovery_questions]


# --- the organisation and its progress ---------------------------------------


@dataclass(frozen=True)
class Contact:
    name: str
    role: str
    email: str = ""


@dataclass(frozen=True)
class PhaseDates:
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True)
class Organization:
    name: str
    product: str
    contacts: tuple[Contact, ...] = ()
    phases: tuple[str, ...] = ()
    """Phase ids in the order this organisation runs them; empty means all, by phase `order`."""
    dates: dict[str, PhaseDates] = field(default_factory=dict, hash=False)
    logo: str | None = None
    palette_primary: str | None = None
    palette_accent: str | None = None
    location: Location | None = field(default=None, compare=False)


DETAIL_FIELDS: tuple[str, ...] = ("by", "owner", "due", "reason", "note", "evidence")
"""The fields of an item's progress entry besides its status, in the order they are shown."""


@dataclass(frozen=True)
class ItemState:
    """One entry of a progress file, for an item or (with `answer`) a question."""

    id: str
    status: Status = Status.TODO
    by: str | None = None
    note: str | None = None
    evidence: str | None = None
    owner: str | None = None
    due: dt.date | None = None
    reason: str | None = None
    answer: str | None = None
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Progress:
    """A phase's progress file: item and question states by id, in file order."""

    phase: str
    states: dict[str, ItemState] = field(default_factory=dict, hash=False)
    path: str | None = None


@dataclass(frozen=True)
class Playbook:
    """Everything the site and the CLI need, loaded and cross-checked."""

    phases: tuple[Phase, ...]
    organization: Organization
    progress: dict[str, Progress] = field(default_factory=dict, hash=False)
    plans: dict[str, Plan] = field(default_factory=dict, hash=False)
    """Pilot plans and success criteria by phase id (playbook/plans/<phase>.yml)."""
    measurements: dict[str, tuple[Measurement, ...]] = field(default_factory=dict, hash=False)
    """Every recorded measurement of a phase, oldest first (playbook/measurements/<phase>/*.yml)."""
    decisions: dict[str, tuple[Decision, ...]] = field(default_factory=dict, hash=False)
    """Every recorded go/no-go decision of a phase, oldest first (playbook/decisions/<phase>/*.yml)."""
    not_run: tuple[str, ...] = ()
    """Phases that exist (shared or the organization's own) but that organization.yml's `phases:` leaves out."""

    def phase(self, phase_id: str) -> Phase | None:
        return next((p for p in self.phases if p.id == phase_id), None)


# --- the go/no-go: plans, measurements, decisions ------------------------------

COMPARISONS: tuple[str, ...] = ("<", "<=", "=", ">=", ">")
"""How a measured value is compared with a threshold. `=` is exact equality of the numbers."""

OUTCOMES: tuple[str, ...] = ("scale", "iterate", "rollback")
"""What people decide at the end of a phase or stage (the seeds: full release, iterate, roll back)."""


@dataclass(frozen=True)
class Criterion:
    """A success criterion: a metric's latest value compared with a threshold.

    A value that misses `threshold` but meets `comparison warning` is a warning
    rather than a miss (Keptn's warning band). `critical`: missing it alone is
    NO-GO, whatever else is still unmeasured.
    """

    metric: str
    """The metric id, unique within its plan; measurements name it."""
    name: str
    comparison: str
    """One of COMPARISONS."""
    threshold: float
    unit: str = ""
    warning: float | None = None
    critical: bool = False
    min_measurements: int = 1
    max_age: dt.timedelta | None = None
    """The latest value is stale when older than this; resolved by the loader (explicit, else from the
    plan's monitoring cadence); None: never stale."""
    stage: str | None = None
    """None for a criterion of the whole phase; else the stage it gates."""
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Trigger:
    """A rollback trigger: `metric comparison threshold`, sustained for `sustained`.

    With `sustained` zero the trigger is an event: one measurement beyond the
    threshold fires it (any P1 defect). Otherwise every measurement over a span
    of at least `sustained` must be beyond it, so a single blip does not fire it.
    """

    id: str
    text: str
    metric: str
    comparison: str
    threshold: float
    sustained: dt.timedelta = dt.timedelta(0)
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class RampWeek:
    """One week of the traffic ramp, with its dates."""

    week: int
    percent: float
    start: dt.date
    end: dt.date
    note: str = ""


@dataclass(frozen=True)
class StageWindow:
    """A stage of the plan with its dates, computed from the plan's start in business days."""

    id: str
    title: str
    business_days: int
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Cohort:
    size: int | None = None
    who: str = ""
    region: str = ""
    opt_in: bool | None = None


@dataclass(frozen=True)
class Link:
    title: str
    url: str = ""


@dataclass(frozen=True)
class CheckCadence:
    """When someone looks at the monitoring: `days` is "daily", "weekdays" or "weekly"."""

    days: str
    times: tuple[dt.time, ...]
    text: str
    """As people say it: "daily at 10:00 and 16:00"."""


@dataclass(frozen=True)
class Plan:
    """A phase's plan (the seeds' Pilot Plan) and its success criteria, from playbook/plans/<phase>.yml."""

    phase: str
    pilot_type: str | None = None
    """An id of the phase's pilot types (technical-validation, business-validation, full)."""
    pilot_type_title: str = ""
    """The pilot type's title ("Business Validation Pilot"), from the phase's pilot_types."""
    duration_weeks: tuple[int, int | None] | None = None
    """The pilot type's duration in weeks, (min, max); max None is open-ended."""
    traffic: str = ""
    """The pilot type's traffic share as people say it: "Significant (30-50%)"."""
    focus: tuple[str, ...] = ()
    """What the pilot type focuses on, from the phase's pilot_types."""
    start: dt.date | None = None
    timezone: str = "UTC"
    """IANA name; measurement times without an offset and the check times are in this zone."""
    ramp: str | None = None
    """A ramp id of the phase (conservative, standard, aggressive), or "custom"."""
    ramp_weeks: tuple[RampWeek, ...] = ()
    stages: tuple[StageWindow, ...] = ()
    holidays: tuple[dt.date, ...] = ()
    """Days that are not business days (besides Saturdays and Sundays)."""
    scope_in: tuple[str, ...] = ()
    scope_out: tuple[str, ...] = ()
    cohort: Cohort | None = None
    environment: str = ""
    data_constraints: tuple[str, ...] = ()
    dashboards: tuple[Link, ...] = ()
    checks: CheckCadence | None = None
    decision_owner: str = ""
    rollback_owner: str = ""
    rollback_steps: tuple[str, ...] = ()
    entry_criteria: tuple[Item, ...] = ()
    """Tickable (section "entry-criteria", gate=True); the loader also adds them to the phase's items."""
    criteria: tuple[Criterion, ...] = ()
    triggers: tuple[Trigger, ...] = ()
    path: str | None = None

    def stage(self, stage_id: str) -> StageWindow | None:
        return next((s for s in self.stages if s.id == stage_id), None)


@dataclass(frozen=True)
class Measurement:
    metric: str
    value: float
    at: dt.datetime
    """Always timezone-aware."""
    note: str = ""
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Decision:
    """A decision people made, recorded with `playbook decide`; the latest one of a phase stands."""

    outcome: str
    """One of OUTCOMES."""
    reason: str
    at: dt.datetime
    by: str = ""
    stage: str | None = None
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class AsOf:
    """When the state a printed handout shows was true: paper outlives the site, so it must say.

    `revision` is the short id of the commit the data comes from (None outside git);
    `modified` says the working tree's data differs from it, and then `date` is the day
    of printing rather than the commit's.
    """

    date: dt.date
    revision: str | None = None
    modified: bool = False
