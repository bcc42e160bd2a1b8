"""The playbook as immutable values.

Everything downstream (progress, history, rendering, the CLI) reads these
types and nothing else, so a change to the YAML format touches the loader and
this module only. Nothing here reads files or knows about MkDocs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum


class Status(str, Enum):
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
class FocusArea:
    id: str
    title: str
    text: str
    resources: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChecklistGroup:
    id: str
    title: str
    text: str = ""


@dataclass(frozen=True)
class Challenge:
    id: str
    challenge: str
    mitigation: str


@dataclass(frozen=True)
class PilotType:
    id: str
    title: str
    purpose: str
    duration: str
    min_weeks: int
    max_weeks: int | None
    traffic: str
    min_traffic_percent: int
    max_traffic_percent: int | None
    focus: tuple[str, ...]
    success: str

    @property
    def traffic_share(self) -> str:
        """'Limited (10-20%)', 'Production-like (50%+)'."""
        if self.max_traffic_percent is None:
            share = f"{self.min_traffic_percent}%+"
        elif self.max_traffic_percent == self.min_traffic_percent:
            share = f"{self.min_traffic_percent}%"
        else:
            share = f"{self.min_traffic_percent}-{self.max_traffic_percent}%"
        return f"{self.traffic} ({share})"


@dataclass(frozen=True)
class Stage:
    id: str
    number: int
    title: str
    when: str
    activities: tuple[str, ...]
    deliverables: tuple[Item, ...]
    exit_criteria: tuple[Item, ...]


@dataclass(frozen=True)
class RampWeek:
    week: int
    percent: int
    note: str = ""


@dataclass(frozen=True)
class Ramp:
    id: str
    title: str
    weeks: tuple[RampWeek, ...]
    use_when: tuple[str, ...]


@dataclass(frozen=True)
class RiskPair:
    """A risk (or scope-creep trigger) with what prevents or mitigates it."""

    risk: str
    response: str


@dataclass(frozen=True)
class ScopeContainment:
    text: str
    boundaries: tuple[Item, ...]
    creep_risks: tuple[RiskPair, ...]
    change_process: tuple[str, ...]


@dataclass(frozen=True)
class Role:
    role: str
    responsibility: str
    time_commitment: str


@dataclass(frozen=True)
class TeamSide:
    id: str
    title: str
    roles: tuple[Role, ...]


@dataclass(frozen=True)
class Cadence:
    id: str
    title: str
    activities: tuple[str, ...]


@dataclass(frozen=True)
class RiskCategory:
    category: str
    examples: tuple[str, ...]


@dataclass(frozen=True)
class EscalationStep:
    step: str
    within_hours: int | None = None


@dataclass(frozen=True)
class RiskManagement:
    categories: tuple[RiskCategory, ...]
    mitigations: tuple[RiskPair, ...]
    escalation: tuple[EscalationStep, ...]


@dataclass(frozen=True)
class DocumentationGroup:
    id: str
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class PlanElement:
    id: str
    title: str
    text: str
    example: str = ""


@dataclass(frozen=True)
class PlanStep:
    id: str
    title: str
    text: str


@dataclass(frozen=True)
class PilotPlan:
    """The pilot plan document: what it is, what it holds, how to write and use it."""

    definition: str
    purpose: str
    key_points: tuple[str, ...]
    elements: tuple[PlanElement, ...]
    steps: tuple[PlanStep, ...]
    usage: str
    tips: tuple[RiskPair, ...]


@dataclass(frozen=True)
class Comparison:
    """One side of 'PoC versus pilot': what characterises it."""

    id: str
    title: str
    traits: tuple[str, ...]


@dataclass(frozen=True)
class Phase:
    id: str
    order: int
    title: str
    summary: str
    why: str
    discovery_questions: tuple[Question, ...]
    focus_areas: tuple[FocusArea, ...]
    checklist_groups: tuple[ChecklistGroup, ...]
    checklist: tuple[Item, ...]
    challenges: tuple[Challenge, ...]
    sources: tuple[str, ...] = ()
    comparison: tuple[Comparison, ...] = ()
    best_practices: tuple[str, ...] = ()
    change_management: str = ""
    pilot_types: tuple[PilotType, ...] = ()
    stages: tuple[Stage, ...] = ()
    ramps: tuple[Ramp, ...] = ()
    scope: ScopeContainment | None = None
    team: tuple[TeamSide, ...] = ()
    cadence: tuple[Cadence, ...] = ()
    risks: RiskManagement | None = None
    documentation: tuple[DocumentationGroup, ...] = ()
    plan: PilotPlan | None = None
    location: Location | None = field(default=None, compare=False)

    def items(self) -> Iterator[Item]:
        """Every tickable item, in the order the phase page shows them."""
        yield from self.checklist
        if self.scope:
            yield from self.scope.boundaries
        for stage in self.stages:
            yield from stage.deliverables
            yield from stage.exit_criteria
        for group in self.documentation:
            yield from group.items

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
class Metric:
    """A pilot success metric: the pilot is a go only when every measured metric meets its target."""

    id: str
    name: str
    comparison: str
    """One of `<`, `<=`, `==`, `>=`, `>`."""
    target: float
    unit: str = ""
    actual: float | None = None
    phase: str = "pilot"

    @property
    def met(self) -> bool | None:
        """None while unmeasured."""
        return Metric.compare(self.actual, self.comparison, self.target)

    @staticmethod
    def compare(actual: float | None, comparison: str, target: float) -> bool | None:
        """Whether `actual` meets `comparison target`; None while unmeasured (no data is not a pass).

        A static method rather than the body of `met`: mutmut does not mutate properties.
        """
        if actual is None:
            return None
        return {
            "<": actual < target,
            "<=": actual <= target,
            "==": actual == target,
            ">=": actual >= target,
            ">": actual > target,
        }[comparison]


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
    metrics: tuple[Metric, ...] = ()
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

    def phase(self, phase_id: str) -> Phase | None:
        return next((p for p in self.phases if p.id == phase_id), None)
