"""Where each phase stands: counts, per cent, and what is open, late or due soon.

One computation shared by the site, `playbook status` and the JSON document
(status/document.py), so the dashboard and the machine-readable figures can
never disagree. The go/no-go verdict lives in status/verdict.py. No git and no
files here.

The counting rules (README "progress.json"); the properties the templates read
delegate to plain functions, which the mutation run can reach (mutmut leaves
decorated functions alone):

- `done` counts items whose status is done;
- `total` leaves skipped items out: not applicable is neither done nor open;
- `percent` is done / total rounded to the nearest whole number (Python's
  `round`, halves to even), and 100 when nothing is applicable;
- an open item (todo or in progress) is overdue the day after its due date,
  and due soon from `today` to `today + due_soon_days`, both ends included.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from mkdocs_playbook import model as m

DUE_SOON_DAYS = 14

OPEN = frozenset({m.Status.TODO, m.Status.IN_PROGRESS})
"""States whose due date still matters."""


@dataclass(frozen=True)
class ItemView:
    item: m.Item
    state: m.ItemState

    @property
    def status(self) -> m.Status:
        return self.state.status

    @property
    def is_open(self) -> bool:
        """To do or in progress: still someone's to finish (its owner and due date still matter)."""
        return self.status in OPEN

    def overdue(self, today: dt.date) -> bool:
        return self.is_open and self.state.due is not None and self.state.due < today

    def due_soon(self, today: dt.date, days: int = DUE_SOON_DAYS) -> bool:
        due = self.state.due
        return self.is_open and due is not None and today <= due <= today + dt.timedelta(days=days)


@dataclass(frozen=True)
class PhaseProgress:
    phase: m.Phase
    items: tuple[ItemView, ...]
    answers: dict[str, m.ItemState]

    def count(self, status: m.Status) -> int:
        return sum(1 for view in self.items if view.status is status)

    @property
    def done(self) -> int:
        return self.count(m.Status.DONE)

    @property
    def total(self) -> int:
        return applicable(self.items)

    @property
    def percent(self) -> int:
        return percent_done(self.done, self.total)

    def view(self, item_id: str) -> ItemView | None:
        return next((v for v in self.items if v.item.id == item_id), None)

    def open_items(self) -> tuple[ItemView, ...]:
        return tuple(v for v in self.items if v.is_open)


def applicable(items: Iterable[ItemView]) -> int:
    """Skipped items are not applicable: they leave the total rather than count as done."""
    return sum(1 for view in items if view.status is not m.Status.SKIPPED)


def percent_done(done: int, total: int) -> int:
    """Rounded to the nearest whole number (halves to even); 100 when nothing is applicable."""
    return round(100 * done / total) if total else 100


def phase_progress(phase: m.Phase, progress: m.Progress | None) -> PhaseProgress:
    """One phase's figures: its items with their states, and its answered questions."""
    states = progress.states if progress else {}
    items = tuple(ItemView(item, states.get(item.id) or m.ItemState(item.id)) for item in phase.items())
    answers = {q.id: states[q.id] for q in phase.discovery_questions if q.id in states and states[q.id].answer}
    return PhaseProgress(phase, items, answers)


def playbook_progress(playbook: m.Playbook) -> tuple[PhaseProgress, ...]:
    return tuple(phase_progress(phase, playbook.progress.get(phase.id)) for phase in playbook.phases)
