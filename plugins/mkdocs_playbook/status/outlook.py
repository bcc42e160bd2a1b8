"""What is next, what is late and what just happened: the one place for each of those rules.

The dashboard and `playbook status` both ask this module, so the two can never
disagree about which item is "next up" or "overdue". Pure functions of the
progress view, today's date and (for activity) who gave each item its state;
no git, no files, no HTML. The rules (README "playbook status"):

- next up: open items (todo or in progress) due today or later, soonest first;
  then in-progress items without a due date. Done and skipped items never are;
  an open item without a date that nobody has started is not "next" either.
- overdue: open items due before today (due today is due, not overdue), the
  longest overdue first.
- recent activity: items whose current state a commit gave them (done: ticked,
  in progress: started, skipped: skipped), newest first. An item back at todo
  is not activity worth showing: its commit is usually the one that listed it.
- ties keep phase order, then item order, so the lists read like the pages.
- every list is capped (`limit`); `more` says how many were left out, so a
  long playbook never makes a dashboard or a summary thousands of rows long.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from mkdocs_playbook import model as m
from mkdocs_playbook.status.progress import ItemView, PhaseProgress
from mkdocs_playbook.status.verdict import GateResult, Reason

NEXT_UP_LIMIT = 8
OVERDUE_LIMIT = 8
ACTIVITY_LIMIT = 10
FIRST_REASONS = 3
"""How many of a verdict's reasons a summary (the dashboard, `playbook status`) shows before "N more"."""

VERBS: dict[m.Status, str] = {m.Status.DONE: "ticked", m.Status.IN_PROGRESS: "started", m.Status.SKIPPED: "skipped"}
"""What a commit that gave an item its state did, in words; todo is not activity (see the module's rules)."""


class Credit(Protocol):
    """Who gave an item its state and when: output/historyview.py `Attribution` has this shape."""

    @property
    def author(self) -> str: ...

    @property
    def date(self) -> dt.datetime: ...


T = TypeVar("T")
C = TypeVar("C", bound=Credit)


@dataclass(frozen=True)
class Capped(Generic[T]):
    """The first `limit` entries of a list, and the ones left out (counted by phase for "and 12 more")."""

    shown: tuple[T, ...]
    rest: tuple[T, ...] = ()

    @property
    def total(self) -> int:
        return len(self.shown) + len(self.rest)

    @property
    def more(self) -> int:
        """How many entries were left out ("and 12 more")."""
        return len(self.rest)

    def __bool__(self) -> bool:
        return self.total > 0


@dataclass(frozen=True)
class Entry:
    """An item in a list, with the phase it belongs to (for its link and its phase's title)."""

    phase: PhaseProgress
    view: ItemView


@dataclass(frozen=True)
class Activity(Generic[C]):
    """An item and the commit that gave it its current state."""

    phase: PhaseProgress
    view: ItemView
    verb: str
    credit: C


def cap(entries: Sequence[T], limit: int | None) -> Capped[T]:
    """The first `limit` of `entries` (none when `limit` is 0 or less, all when it is None), with the full count."""
    cut = len(entries) if limit is None else max(limit, 0)
    return Capped(tuple(entries[:cut]), tuple(entries[cut:]))


def summary_reasons(result: GateResult) -> list[Reason]:
    """A verdict's reasons as a summary lists them: a recorded decision has a line of its own, so it is not
    repeated as a reason."""
    return [r for r in result.reasons if not (result.decision and r.kind == "decision")]


class _InPhase(Protocol):
    @property
    def phase(self) -> PhaseProgress: ...


P = TypeVar("P", bound=_InPhase)


def left_out_by_phase(capped: Capped[P]) -> list[tuple[PhaseProgress, int]]:
    """How many entries each phase has among those left out, in phase order: where to read the rest."""
    counts: dict[str, tuple[PhaseProgress, int]] = {}
    for entry in capped.rest:
        phase, count = counts.get(entry.phase.phase.id, (entry.phase, 0))
        counts[entry.phase.phase.id] = (phase, count + 1)
    return sorted(counts.values(), key=lambda pair: pair[0].phase.order)


def _entries(progress: Sequence[PhaseProgress]) -> list[Entry]:
    """Every open item of every phase, in phase order then item order: the tie-breaker of every list."""
    return [Entry(p, v) for p in progress for v in p.open_items()]


def next_up(progress: Sequence[PhaseProgress], today: dt.date, limit: int | None = NEXT_UP_LIMIT) -> Capped[Entry]:
    """Open items due today or later, soonest first; then in-progress items without a date."""
    entries = _entries(progress)
    dated = sorted((e for e in entries if e.view.state.due is not None and e.view.state.due >= today), key=_due)
    started = [e for e in entries if e.view.state.due is None and e.view.status is m.Status.IN_PROGRESS]
    return cap([*dated, *started], limit)


def overdue(progress: Sequence[PhaseProgress], today: dt.date, limit: int | None = OVERDUE_LIMIT) -> Capped[Entry]:
    """Open items due before today, the longest overdue first."""
    late = [e for e in _entries(progress) if e.view.overdue(today)]
    return cap(sorted(late, key=_due), limit)


def _due(entry: Entry) -> dt.date:
    due = entry.view.state.due
    assert due is not None  # only dated entries are sorted by date
    return due


def activity(
    progress: Sequence[PhaseProgress],
    credit_of: Callable[[str, str], C | None],
    limit: int = ACTIVITY_LIMIT,
) -> Capped[Activity[C]]:
    """Items a commit ticked, started or skipped, newest first; `credit_of(phase id, item id)` says who and when
    (None for an item no commit gave its current state, e.g. one changed in the working tree)."""
    found: list[Activity[C]] = []
    for p in progress:
        for v in p.items:
            verb = VERBS.get(v.status)
            if verb is not None and (credit := credit_of(p.phase.id, v.item.id)) is not None:
                found.append(Activity(p, v, verb, credit))
    found.sort(key=lambda a: a.credit.date, reverse=True)  # stable: same moment keeps phase and item order
    return cap(found, limit)


@dataclass(frozen=True)
class Outlook(Generic[C]):
    """The three lists together, as the dashboard shows them."""

    next_up: Capped[Entry]
    overdue: Capped[Entry]
    activity: Capped[Activity[C]]


def outlook(
    progress: Sequence[PhaseProgress],
    today: dt.date,
    credit_of: Callable[[str, str], C | None],
    *,
    next_limit: int = NEXT_UP_LIMIT,
    overdue_limit: int = OVERDUE_LIMIT,
    activity_limit: int = ACTIVITY_LIMIT,
) -> Outlook[C]:
    return Outlook(
        next_up(progress, today, next_limit),
        overdue(progress, today, overdue_limit),
        activity(progress, credit_of, activity_limit),
    )
