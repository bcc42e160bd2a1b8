"""What a pull request does to the checklist: the progress of two revisions, compared.

A reviewer of a pull request that ticks items sees a YAML diff of ids; they
need to read "Identify users for inclusion in the pilot: done, by comms" and
what that does to the phase's progress. Given both sides' progress (read by
`pullrequest` through git), this module says per phase what was ticked,
unticked, started, skipped, reopened, otherwise changed or answered, with
progress before and after. No git and no files here.

* Phase definitions come from the head side only: item texts and ids are
  the ones the pull request will leave behind, and both sides' progress is
  validated against them.
* The go/no-go of each phase (`status.gatechanges`): measurements and decisions added or
  removed, and the verdict on both sides, judged at the same moment.
* A `Comparison` also carries what deserves a reviewer's eye beyond the
  checklist: files changed that are not playbook data, and pages that newly
  opt into macros.

`output.pr_markdown` words the result for a pull request; `commands.changes` is the command.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from mkdocs_playbook import model as m
from mkdocs_playbook.source.diagnostics import Diagnostic
from mkdocs_playbook.source.textrules import blocking
from mkdocs_playbook.status.gatechanges import GateChanges, compare_gate
from mkdocs_playbook.status.progress import PhaseProgress, phase_progress

FilesOf = Callable[[str], set[str]]
"""A phase id -> the names its phase and progress files carry in diagnostics."""

__all__ = [
    "AnswerChange",
    "AnswerKind",
    "ChangeKind",
    "Comparison",
    "ItemChange",
    "PhaseChanges",
    "Side",
    "classify",
    "compare_phase",
    "compare_playbooks",
]


class ChangeKind(StrEnum):
    """How an item's state moved; the order here is the order of the sections."""

    TICKED = "ticked"  # -> done
    UNTICKED = "unticked"  # done -> anything else
    STARTED = "started"  # -> in-progress
    SKIPPED = "skipped"  # -> skipped
    REOPENED = "reopened"  # skipped -> todo
    STATUS = "status"  # any other status change (in-progress -> todo)
    UPDATED = "updated"  # same status; by, owner, due, note, evidence or reason changed


class AnswerKind(StrEnum):
    GIVEN = "given"
    CHANGED = "changed"
    REMOVED = "removed"


# --- values ----------------------------------------------------------------------


@dataclass(frozen=True)
class ItemChange:
    kind: ChangeKind
    item: m.Item
    before: m.ItemState
    after: m.ItemState


@dataclass(frozen=True)
class AnswerChange:
    kind: AnswerKind
    question: m.Question
    before: str | None
    after: str | None
    by: str | None


@dataclass(frozen=True)
class PhaseChanges:
    """One phase compared: progress on both sides and what moved, in page order."""

    phase: m.Phase
    before: PhaseProgress
    after: PhaseProgress
    items: tuple[ItemChange, ...]
    answers: tuple[AnswerChange, ...]
    gate: GateChanges = field(default_factory=GateChanges)
    """Measurements and decisions added or removed, and the verdict before and after."""

    @property
    def changed(self) -> bool:
        return bool(self.items or self.answers) or self.gate.changed

    def of_kind(self, kind: ChangeKind) -> tuple[ItemChange, ...]:
        return tuple(c for c in self.items if c.kind is kind)


@dataclass(frozen=True)
class Side:
    """One end of the comparison. `rev` as the user named it (None: the working tree).

    For the base, `commit` is the merge base of `rev` and the head.
    """

    rev: str | None
    commit: str
    short: str

    @property
    def worktree(self) -> bool:
        return self.rev is None


@dataclass(frozen=True)
class Comparison:
    base: Side
    head: Side
    phases: tuple[PhaseChanges, ...]
    """Every phase that could be compared, changed or not, in the organization's order."""
    diagnostics: tuple[Diagnostic, ...] = ()
    other_files: tuple[str, ...] = ()
    """Paths (relative to the repository's top) the range changes that are not playbook data:
    Markdown pages, mkdocs.yml, workflows, code. They can change what the site runs and shows."""
    macro_opt_ins: tuple[str, ...] = ()
    """Markdown pages whose front matter now says `render_macros: true` and did not before:
    with macros' render_by_default off, that opt-in is what makes a page run Jinja."""

    @property
    def changed(self) -> tuple[PhaseChanges, ...]:
        return tuple(p for p in self.phases if p.changed)

    @property
    def judged(self) -> tuple[PhaseChanges, ...]:
        """The phases with a verdict on either side: the pull request's quality gate."""
        return tuple(p for p in self.phases if p.gate.judged)

    @property
    def ok(self) -> bool:
        return not blocking(self.diagnostics)  # text-rule problems are listed, and fail `playbook check`


# --- comparing one phase (pure) ----------------------------------------------------------


def classify(before: m.ItemState, after: m.ItemState) -> ChangeKind | None:
    """The kind of change from `before` to `after`; None when nothing a reader cares about moved."""
    old, new = before.status, after.status
    if old is new:
        return ChangeKind.UPDATED if _details(before) != _details(after) else None
    if new is m.Status.DONE:
        return ChangeKind.TICKED
    if old is m.Status.DONE:
        return ChangeKind.UNTICKED
    if new is m.Status.IN_PROGRESS:
        return ChangeKind.STARTED
    if new is m.Status.SKIPPED:
        return ChangeKind.SKIPPED
    if old is m.Status.SKIPPED and new is m.Status.TODO:
        return ChangeKind.REOPENED
    return ChangeKind.STATUS


def compare_phase(phase: m.Phase, before: m.Progress | None, after: m.Progress | None) -> PhaseChanges:
    """Both sides' progress of one phase, item by item; an absent file or entry is todo."""
    old = phase_progress(phase, before)
    new = phase_progress(phase, after)
    items = []
    for old_view, new_view in zip(old.items, new.items, strict=True):
        kind = classify(old_view.state, new_view.state)
        if kind is not None:
            items.append(ItemChange(kind, new_view.item, old_view.state, new_view.state))
    return PhaseChanges(phase, old, new, tuple(items), tuple(_answer_changes(phase, old, new)))


def _answer_changes(phase: m.Phase, old: PhaseProgress, new: PhaseProgress) -> Iterator[AnswerChange]:
    for question in phase.discovery_questions:
        before_state, after_state = old.answers.get(question.id), new.answers.get(question.id)
        before = before_state.answer if before_state else None
        after = after_state.answer if after_state else None
        if before == after:
            continue
        kind = AnswerKind.GIVEN if before is None else AnswerKind.REMOVED if after is None else AnswerKind.CHANGED
        yield AnswerChange(kind, question, before, after, after_state.by if after_state else None)


def _details(state: m.ItemState) -> tuple[object, ...]:
    return tuple(getattr(state, name) for name in m.DETAIL_FIELDS)


def _with_gate(
    changes: PhaseChanges, before: m.Playbook | None, after: m.Playbook, now: dt.datetime | None
) -> PhaseChanges:
    if now is None:
        return changes
    return replace(changes, gate=compare_gate(changes.phase.id, before, after, now))


def compare_playbooks(
    base: Side,
    head: Side,
    playbook: m.Playbook | None,
    base_progress: dict[str, m.Progress],
    diagnostics: Sequence[Diagnostic],
    files_of: FilesOf,
    other_files: Sequence[str] = (),
    macro_opt_ins: Sequence[str] = (),
    base_playbook: m.Playbook | None = None,
    now: dt.datetime | None = None,
) -> Comparison:
    """Every phase of the head's playbook compared, except phases with a broken file on either
    side (`files_of` names them): their broken entries would show as todo.

    With `now`, each phase's go/no-go is compared too: `base_playbook` holds the base's plans,
    measurements and decisions (None: they could not be read), judged with the base's progress
    against the head's phases, at the same `now` as the head.
    """
    broken = {d.path for d in diagnostics if blocking([d])}  # text-rule problems do not hide a phase
    before = None
    if playbook is not None and base_playbook is not None:
        progress = {p.id: base_progress.get(p.id) or m.Progress(p.id, {}, None) for p in playbook.phases}
        before = replace(
            playbook,
            progress=progress,
            plans=base_playbook.plans,
            measurements=base_playbook.measurements,
            decisions=base_playbook.decisions,
        )
    phases = (
        ()
        if playbook is None
        else tuple(
            _with_gate(
                compare_phase(phase, base_progress.get(phase.id), playbook.progress.get(phase.id)),
                before,
                playbook,
                now,
            )
            for phase in playbook.phases
            if not broken & files_of(phase.id)
        )
    )
    return Comparison(base, head, phases, tuple(sorted(diagnostics)), tuple(other_files), tuple(macro_opt_ins))
