"""The go/no-go verdict of a phase or a stage, from its plan, measurements and exit criteria.

The rule (README "Go / no-go"), applied in this order:

1. a fired rollback trigger -> NO-GO, "roll back";
2. a critical criterion not met -> NO-GO, whatever else is still unmeasured;
3. a criterion with no data, stale data or too few measurements, or an open gate item -> NOT YET;
4. any criterion not met -> NO-GO;
5. else GO, with warnings listed.

No data and stale data never count as met, and a measurement after `now` never counts: a
verdict as of a date says what was known then. A phase (or stage) with nothing to judge takes
its verdict from its latest decision, else has none. Every step is a plain function because
mutmut leaves properties and decorated functions alone. No git, files or HTML here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

from mkdocs_playbook import model as m
from mkdocs_playbook.status import wording as words
from mkdocs_playbook.status.scope import (
    CLOSED,
    Window,
    gate_items,
    item_status,
    metric_series,
    stage_window,
)
from mkdocs_playbook.status.scope import UnknownScope as UnknownScope  # raised by evaluate: part of its API
from mkdocs_playbook.status.wording import ROLL_BACK, duration


class Verdict(StrEnum):
    GO = "go"
    NO_GO = "no-go"
    NOT_YET = "not-yet"


class Status(StrEnum):
    """Where one criterion stands; only MET and WARNING count as met.

    Too few measurements is NO_DATA with a `count` above zero: not enough data yet.
    """

    MET = "met"
    WARNING = "warning"
    NOT_MET = "not-met"
    NO_DATA = "no-data"
    STALE = "stale"


# Severities of reasons, most severe first (Reason.severity).
TRIGGER, CRITICAL_MISS, MISS, NO_DATA, STALE_OR_TOO_FEW, OPEN_ITEM, WARNING, DECISION = range(8)

FROM_DECISION = {"scale": Verdict.GO, "rollback": Verdict.NO_GO, "iterate": Verdict.NOT_YET}
"""The verdict of a phase with nothing else to judge, from its latest decision."""


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


# --- the rule ------------------------------------------------------------------------------


def evaluate(playbook: m.Playbook, phase_id: str, now: dt.datetime, stage: str | None = None) -> GateResult | None:
    """The verdict of a phase (or one of its plan's stages) as of `now`; None when it has nothing to judge.

    Raises UnknownScope for a phase the playbook lacks or a stage its plan lacks.
    """
    phase = playbook.phase(phase_id)
    if phase is None:
        raise UnknownScope(f"unknown phase {phase_id!r}")
    plan = playbook.plans.get(phase_id) or m.Plan(phase_id)  # no plan: nothing but gate items and decisions
    window = stage_window(plan, stage, now) if stage is not None else Window(None, None, now)
    criteria = tuple(c for c in plan.criteria if c.stage == stage)
    triggers = plan.triggers
    items = gate_items(phase, plan, stage)
    decision = latest_decision(playbook.decisions.get(phase_id, ()), stage, now)
    measurements = playbook.measurements.get(phase_id, ())
    trigger_results = tuple(judge_trigger(t, metric_series(measurements, t.metric, window)) for t in triggers)
    waiting = not_started(window)
    if not criteria and not items and not waiting and not any(t.fired_at is not None for t in trigger_results):
        return decision_only(phase_id, stage, decision, now)  # triggers can stop a phase, never make it a go
    criterion_results = tuple(
        judge_criterion(c, metric_series(measurements, c.metric, window), window) for c in criteria
    )
    states = playbook.progress.get(phase_id)
    open_items = tuple(i for i in items if item_status(states, i.id) not in CLOSED)
    verdict = combine(criterion_results, trigger_results, open_items, waiting)
    zone = ZoneInfo(plan.timezone)
    found = reasons(criterion_results, trigger_results, open_items, zone)
    if waiting and window.start is not None:
        found.append(Reason(OPEN_ITEM, "schedule", stage or phase_id, words.not_started(window.start)))
    return GateResult(
        phase=phase_id,
        stage=stage,
        verdict=verdict,
        action=ROLL_BACK if any(t.fired_at is not None for t in trigger_results) else None,
        criteria=criterion_results,
        triggers=trigger_results,
        open_items=open_items,
        reasons=order(found),
        decision=decision,
        disagrees=disagrees(decision, verdict),
        as_of=now,
    )


def combine(
    criteria: Sequence[CriterionResult],
    triggers: Sequence[TriggerResult],
    open_items: Sequence[m.Item],
    waiting: bool = False,
) -> Verdict:
    """Steps 1 to 5 of the rule, in order; `waiting`: a stage that has not started yet."""
    if any(t.fired_at is not None for t in triggers):
        return Verdict.NO_GO
    if any(r.criterion.critical and r.status is Status.NOT_MET for r in criteria):
        return Verdict.NO_GO
    if waiting or open_items or any(r.status in (Status.NO_DATA, Status.STALE) for r in criteria):
        return Verdict.NOT_YET
    if any(r.status is Status.NOT_MET for r in criteria):
        return Verdict.NO_GO
    return Verdict.GO


def decision_only(phase_id: str, stage: str | None, decision: m.Decision | None, now: dt.datetime) -> GateResult | None:
    """Nothing to judge: the latest decision stands (scale GO, rollback NO-GO, iterate NOT YET), else no verdict."""
    if decision is None:
        return None
    verdict = FROM_DECISION[decision.outcome]
    reason = Reason(DECISION, "decision", decision.outcome, words.decided(decision))
    return GateResult(phase_id, stage, verdict, None, (), (), (), (reason,), decision, False, now)


def not_started(window: Window) -> bool:
    """A stage whose first day is still ahead: NOT YET, whatever it has or lacks to judge."""
    return window.start is not None and window.now < window.start


def disagrees(decision: m.Decision | None, verdict: Verdict) -> bool:
    """Scale while the verdict is not GO, or roll back while it is GO."""
    if decision is None:
        return False
    if decision.outcome == "scale":
        return verdict is not Verdict.GO
    if decision.outcome == "rollback":
        return verdict is Verdict.GO
    return False


def latest_decision(decisions: Iterable[m.Decision], stage: str | None, now: dt.datetime) -> m.Decision | None:
    """The latest by `at` of the phase's (stage None) or the stage's decisions up to `now`.

    On a tie the one recorded later (later in the tuple, which is oldest first) stands."""
    latest: m.Decision | None = None
    for decision in decisions:
        if decision.stage != stage or decision.at > now:
            continue
        if latest is None or decision.at >= latest.at:
            latest = decision
    return latest


# --- one criterion, one trigger ------------------------------------------------------------


def compare(value: float, comparison: str, threshold: float) -> bool:
    """Whether `value comparison threshold` holds; `=` is exact equality."""
    if comparison == "<":
        return value < threshold
    if comparison == "<=":
        return value <= threshold
    if comparison == "=":
        return value == threshold
    if comparison == ">=":
        return value >= threshold
    if comparison == ">":
        return value > threshold
    raise ValueError(f"unknown comparison {comparison!r}; expected one of {', '.join(m.COMPARISONS)}")


def judge_criterion(criterion: m.Criterion, series: tuple[m.Measurement, ...], window: Window) -> CriterionResult:
    """No data, then stale, then too few, then the latest value against the threshold and the warning band."""
    if not series:
        return CriterionResult(criterion, Status.NO_DATA, None, None, 0, series)
    latest = series[-1]
    status = value_status(criterion, latest.value)
    if is_stale(latest.at, criterion.max_age, window.reference()):
        status = Status.STALE
    elif len(series) < criterion.min_measurements:
        status = Status.NO_DATA
    return CriterionResult(criterion, status, latest.value, latest.at, len(series), series)


def value_status(criterion: m.Criterion, value: float) -> Status:
    if compare(value, criterion.comparison, criterion.threshold):
        return Status.MET
    if criterion.warning is not None and compare(value, criterion.comparison, criterion.warning):
        return Status.WARNING
    return Status.NOT_MET


def is_stale(at: dt.datetime, max_age: dt.timedelta | None, reference: dt.datetime) -> bool:
    """Older than `max_age` at the reference time; never without a max_age."""
    return max_age is not None and reference - at > max_age


def judge_trigger(trigger: m.Trigger, series: Sequence[m.Measurement]) -> TriggerResult:
    """Fired by the first run of consecutive measurements beyond the threshold spanning `sustained`.

    A measurement that is not beyond the threshold ends a run, so a blip does not fire a
    sustained trigger; with `sustained` zero the first measurement beyond it fires (an event).
    """
    run_start: dt.datetime | None = None
    for x in series:
        if not compare(x.value, trigger.comparison, trigger.threshold):
            run_start = None
            continue
        if run_start is None:
            run_start = x.at
        if x.at - run_start >= trigger.sustained:
            return TriggerResult(trigger, x.at, x.value)
    return TriggerResult(trigger, None, None)


# --- reasons -------------------------------------------------------------------------------


def reasons(
    criteria: Iterable[CriterionResult], triggers: Iterable[TriggerResult], open_items: Iterable[m.Item], zone: ZoneInfo
) -> list[Reason]:
    found = [trigger_reason(t, zone) for t in triggers if t.fired_at is not None]
    found += [r for r in (criterion_reason(c, zone) for c in criteria) if r is not None]
    found += [Reason(OPEN_ITEM, "item", i.id, words.open_item(i)) for i in open_items]
    return found


def order(found: Iterable[Reason]) -> tuple[Reason, ...]:
    """Most severe first; within a severity, plan order (a stable sort)."""
    return tuple(sorted(found, key=lambda r: r.severity))


def trigger_reason(result: TriggerResult, zone: ZoneInfo) -> Reason:
    assert result.fired_at is not None and result.value is not None
    text = words.fired(result.trigger, result.fired_at, result.value, zone)
    return Reason(TRIGGER, "trigger", result.trigger.id, text)


def criterion_reason(result: CriterionResult, zone: ZoneInfo) -> Reason | None:
    """Why this criterion holds the verdict back (or warns); None when it is met."""
    c, status = result.criterion, result.status
    if result.actual is None or result.measured_at is None:
        return Reason(NO_DATA, "criterion", c.metric, words.no_data(c))
    if status is Status.STALE:
        return Reason(STALE_OR_TOO_FEW, "criterion", c.metric, words.stale(c, result.actual, result.measured_at, zone))
    if status is Status.NO_DATA:
        return Reason(STALE_OR_TOO_FEW, "criterion", c.metric, words.too_few(c, result.count))
    if status is Status.NOT_MET:
        return Reason(CRITICAL_MISS if c.critical else MISS, "criterion", c.metric, words.missed(c, result.actual))
    if status is Status.WARNING:
        return Reason(WARNING, "criterion", c.metric, words.warned(c, result.actual))
    return None


# --- JSON ----------------------------------------------------------------------------------


def document(result: GateResult) -> dict[str, object]:
    """The JSON shape of `playbook gate --format json` and progress.json's `gate` (README documents it)."""
    return {
        "phase": result.phase,
        "stage": result.stage,
        "verdict": result.verdict.value,
        "action": result.action,
        "as_of": result.as_of.isoformat(),
        "criteria": [criterion_document(c) for c in result.criteria],
        "triggers": [trigger_document(t) for t in result.triggers],
        "open_items": [{"id": i.id, "text": i.text, "section": i.section} for i in result.open_items],
        "reasons": [
            {"severity": r.severity, "kind": r.kind, "subject": r.subject, "text": r.text} for r in result.reasons
        ],
        "decision": decision_document(result.decision),
        "disagrees": result.disagrees,
    }


def criterion_document(result: CriterionResult) -> dict[str, object]:
    c = result.criterion
    return {
        "metric": c.metric,
        "name": c.name,
        "stage": c.stage,
        "comparison": c.comparison,
        "target": c.threshold,
        "warning": c.warning,
        "unit": c.unit,
        "critical": c.critical,
        "actual": result.actual,
        "measured_at": result.measured_at.isoformat() if result.measured_at else None,
        "status": result.status.value,
        "count": result.count,
        "min_measurements": c.min_measurements,
        "max_age": duration(c.max_age) if c.max_age is not None else None,
    }


def trigger_document(result: TriggerResult) -> dict[str, object]:
    t = result.trigger
    return {
        "id": t.id,
        "text": t.text,
        "metric": t.metric,
        "comparison": t.comparison,
        "threshold": t.threshold,
        "for": duration(t.sustained) if t.sustained else None,
        "fired": result.fired_at is not None,
        "fired_at": result.fired_at.isoformat() if result.fired_at else None,
        "value": result.value,
    }


def decision_document(decision: m.Decision | None) -> dict[str, object] | None:
    if decision is None:
        return None
    return {
        "outcome": decision.outcome,
        "reason": decision.reason,
        "by": decision.by,
        "at": decision.at.isoformat(),
        "stage": decision.stage,
    }
