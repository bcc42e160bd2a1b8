"""Where each phase stands: counts, what is open or late, and whether it is a go.

One computation shared by the site, `playbook status` and `playbook check
--format json`, so the dashboard and the machine-readable figures can never
disagree. No git and no files here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Any

from mkdocs_playbook import model as m

DUE_SOON_DAYS = 14


class Verdict(str, Enum):
    GO = "go"
    NO_GO = "no-go"
    PENDING = "pending"


@dataclass(frozen=True)
class ItemView:
    item: m.Item
    state: m.ItemState

    @property
    def status(self) -> m.Status:
        return self.state.status

    def overdue(self, today: dt.date) -> bool:
        return self._open() and self.state.due is not None and self.state.due < today

    def due_soon(self, today: dt.date, days: int = DUE_SOON_DAYS) -> bool:
        due = self.state.due
        return self._open() and due is not None and today <= due <= today + dt.timedelta(days=days)

    def _open(self) -> bool:
        return self.status in (m.Status.TODO, m.Status.IN_PROGRESS)


@dataclass(frozen=True)
class Gate:
    """The go/no-go decision: every exit criterion done or skipped, every measured metric on target.

    A failed metric is a no-go at once; anything still open or unmeasured keeps it pending.
    """

    verdict: Verdict
    open_criteria: tuple[m.Item, ...]
    metrics: tuple[m.Metric, ...]

    @property
    def failed_metrics(self) -> tuple[m.Metric, ...]:
        return tuple(x for x in self.metrics if x.met is False)

    @property
    def unmeasured_metrics(self) -> tuple[m.Metric, ...]:
        return tuple(x for x in self.metrics if x.met is None)


@dataclass(frozen=True)
class PhaseProgress:
    phase: m.Phase
    items: tuple[ItemView, ...]
    answers: dict[str, m.ItemState]
    gate: Gate | None

    def count(self, status: m.Status) -> int:
        return sum(1 for view in self.items if view.status is status)

    @property
    def done(self) -> int:
        return self.count(m.Status.DONE)

    @property
    def total(self) -> int:
        """Skipped items are not applicable: they leave the total rather than count as done."""
        return len(self.items) - self.count(m.Status.SKIPPED)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100

    def view(self, item_id: str) -> ItemView | None:
        return next((v for v in self.items if v.item.id == item_id), None)

    def open_items(self) -> tuple[ItemView, ...]:
        return tuple(v for v in self.items if v.status in (m.Status.TODO, m.Status.IN_PROGRESS))


def phase_progress(phase: m.Phase, progress: m.Progress | None, metrics: tuple[m.Metric, ...] = ()) -> PhaseProgress:
    states = progress.states if progress else {}
    items = tuple(ItemView(item, states.get(item.id) or m.ItemState(item.id)) for item in phase.items())
    answers = {q.id: states[q.id] for q in phase.discovery_questions if q.id in states and states[q.id].answer}
    return PhaseProgress(phase, items, answers, _gate(items, tuple(x for x in metrics if x.phase == phase.id)))


def playbook_progress(playbook: m.Playbook) -> tuple[PhaseProgress, ...]:
    return tuple(
        phase_progress(phase, playbook.progress.get(phase.id), playbook.organization.metrics) for phase in playbook.phases
    )


def _gate(items: tuple[ItemView, ...], metrics: tuple[m.Metric, ...]) -> Gate | None:
    criteria = [v for v in items if v.item.gate]
    if not criteria and not metrics:
        return None
    open_criteria = tuple(v.item for v in criteria if v.status not in (m.Status.DONE, m.Status.SKIPPED))
    if any(x.met is False for x in metrics):
        verdict = Verdict.NO_GO
    elif open_criteria or any(x.met is None for x in metrics):
        verdict = Verdict.PENDING
    else:
        verdict = Verdict.GO
    return Gate(verdict, open_criteria, metrics)


def summary(playbook: m.Playbook, today: dt.date) -> dict[str, Any]:
    """The organization's whole state as JSON-ready data (the shape of progress.json, documented in the README)."""
    org = playbook.organization
    return {
        "organization": {"name": org.name, "product": org.product},
        "generated": today.isoformat(),
        "phases": [_phase_summary(p, playbook, today) for p in playbook_progress(playbook)],
    }


def _phase_summary(p: PhaseProgress, playbook: m.Playbook, today: dt.date) -> dict[str, Any]:
    dates = playbook.organization.dates.get(p.phase.id)
    return {
        "id": p.phase.id,
        "title": p.phase.title,
        "start": dates.start.isoformat() if dates and dates.start else None,
        "end": dates.end.isoformat() if dates and dates.end else None,
        "counts": {
            "done": p.done,
            "total": p.total,
            "percent": p.percent,
            **{s.value: p.count(s) for s in m.Status},
        },
        "gate": None if p.gate is None else {
            "verdict": p.gate.verdict.value,
            "open_criteria": [i.id for i in p.gate.open_criteria],
            "metrics": [
                {"id": x.id, "name": x.name, "target": f"{x.comparison} {x.target:g}", "unit": x.unit,
                 "actual": x.actual, "met": x.met}
                for x in p.gate.metrics
            ],
        },
        "items": [_item_summary(v, today) for v in p.items],
        "answers": {qid: state.answer for qid, state in p.answers.items()},
    }


def _item_summary(view: ItemView, today: dt.date) -> dict[str, Any]:
    state = view.state
    return {
        "id": view.item.id,
        "text": view.item.text,
        "section": view.item.section,
        "group": view.item.group,
        "gate": view.item.gate,
        "status": state.status.value,
        "by": state.by,
        "owner": state.owner,
        "due": state.due.isoformat() if state.due else None,
        "overdue": view.overdue(today),
        "note": state.note,
        "evidence": state.evidence,
        "reason": state.reason,
    }
