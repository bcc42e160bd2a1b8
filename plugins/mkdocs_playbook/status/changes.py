"""What a pull request does to the checklist: the progress of two revisions, compared.

A reviewer of a pull request that ticks items sees a YAML diff of ids; they
need to read "Identify users for inclusion in the pilot: done, by comms" and
what that does to the phase's progress. This module compares the progress
files of two revisions (by default: the merge base with the default branch,
and the working tree) with the project's own loader, and says per phase
what was ticked, unticked, started, skipped, reopened, otherwise changed or
answered, with progress before and after.

* Phase definitions come from the head side only: item texts and ids are
  the ones the pull request will leave behind, and both sides' progress is
  validated against them.
* The base side is the merge base of BASE and HEAD, as in ``git diff
  BASE...HEAD`` and a pull request's own diff: commits that landed on the
  base branch after the pull request branched off are not its changes.

`output.pr_markdown` words the result for a pull request; `commands.changes` is the command.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs_playbook import gitrepo as revisions
from mkdocs_playbook import model as m
from mkdocs_playbook.source.diagnostics import Diagnostic
from mkdocs_playbook.source.files import ORGANIZATION_FILE, PROGRESS_DIR, display_path
from mkdocs_playbook.source.loading import LoadResult, load_playbook
from mkdocs_playbook.source.progress import load_progress
from mkdocs_playbook.status.progress import PhaseProgress, phase_progress

if TYPE_CHECKING:
    from git import Repo

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
    "compare",
    "compare_phase",
]



class ChangeKind(str, Enum):
    """How an item's state moved; the order here is the order of the sections."""

    TICKED = "ticked"  # -> done
    UNTICKED = "unticked"  # done -> anything else
    STARTED = "started"  # -> in-progress
    SKIPPED = "skipped"  # -> skipped
    REOPENED = "reopened"  # skipped -> todo
    STATUS = "status"  # any other status change (in-progress -> todo)
    UPDATED = "updated"  # same status; by, owner, due, note, evidence or reason changed


class AnswerKind(str, Enum):
    GIVEN = "given"
    CHANGED = "changed"
    REMOVED = "removed"


"""ItemState fields shown after an item and compared for `updated`, in this order."""


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

    @property
    def changed(self) -> bool:
        return bool(self.items or self.answers)

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

    @property
    def changed(self) -> tuple[PhaseChanges, ...]:
        return tuple(p for p in self.phases if p.changed)

    @property
    def ok(self) -> bool:
        return not self.diagnostics


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


# --- reading both sides from git ------------------------------------------------------------


def compare(phases_dir: Path, playbook_dir: Path, base: str | None = None, head: str | None = None) -> Comparison:
    """Compare the checklist at the merge base of `base` (default: the default branch) and `head`.

    `head` None is the working tree, files as they are on disk, saved but not committed
    included. Raises GitError for anything git cannot answer.
    """
    with revisions.open_repository(playbook_dir) as repo:
        paths = _TreePaths.of(repo, phases_dir, playbook_dir)
        base_side, head_side = _sides(repo, base, head)
        if head_side.worktree:
            result = load_playbook(phases_dir, playbook_dir)
            diagnostics = list(result.diagnostics)
            head_files = _worktree_files(phases_dir, playbook_dir)
        else:
            result, diagnostics = _load_revision(repo, head_side.commit, head_side.short, paths)
            head_files = _revision_files(head_side.short, paths)
        playbook = result.playbook
        if playbook is None:
            return Comparison(base_side, head_side, (), tuple(sorted(diagnostics)))
        base_progress, base_problems = _base_progress(repo, base_side.commit, base_side.short, paths, playbook)
    diagnostics += base_problems
    broken = {d.path for d in diagnostics}
    phases = tuple(
        compare_phase(phase, base_progress.get(phase.id), playbook.progress.get(phase.id))
        for phase in playbook.phases
        # a phase with a broken file on either side would show its broken entries as todo
        if not broken & {*head_files(phase.id), _base_path(base_side.short, paths, phase.id)}
    )
    return Comparison(base_side, head_side, phases, tuple(sorted(diagnostics)))


def _sides(repo: Repo, base: str | None, head: str | None) -> tuple[Side, Side]:
    """Both ends resolved to commits; the base moved to where the head branched off it."""
    head_commit = revisions.resolve(repo, head or "HEAD")
    base_name = base or revisions.default_branch(repo)
    base_commit = revisions.merge_base(repo, revisions.resolve(repo, base_name), head_commit, base_name)
    return (
        Side(base_name, base_commit, revisions.short(repo, base_commit)),
        Side(head, head_commit, revisions.short(repo, head_commit)),
    )


@dataclass(frozen=True)
class _TreePaths:
    """The playbook's folders as git names them, relative to the top of the repository."""

    phases: str
    playbook: str
    progress: str
    organization: str

    @classmethod
    def of(cls, repo: Repo, phases_dir: Path, playbook_dir: Path) -> _TreePaths:
        return cls(
            phases=revisions.inside(repo, phases_dir),
            playbook=revisions.inside(repo, playbook_dir),
            progress=revisions.inside(repo, playbook_dir / PROGRESS_DIR),
            organization=revisions.inside(repo, playbook_dir / ORGANIZATION_FILE),
        )


def _tree_name(short: str, relpath: str) -> str:
    """`abc1234:playbook/progress/pilot.yml`: git's own name for a file at a revision,
    so `git show` takes it as it is printed."""
    return f"{short}:{relpath}"


def _base_path(short: str, paths: _TreePaths, phase_id: str) -> str:
    return _tree_name(short, _join(paths.progress, f"{phase_id}.yml"))


def _join(folder: str, name: str) -> str:
    return name if folder in ("", ".") else f"{folder}/{name}"


def _worktree_files(phases_dir: Path, playbook_dir: Path) -> FilesOf:
    def files(phase_id: str) -> set[str]:
        return {
            display_path(phases_dir / f"{phase_id}.yml"),
            display_path(playbook_dir / PROGRESS_DIR / f"{phase_id}.yml"),
        }

    return files


def _revision_files(short: str, paths: _TreePaths) -> FilesOf:
    def files(phase_id: str) -> set[str]:
        return {
            _tree_name(short, _join(paths.phases, f"{phase_id}.yml")),
            _tree_name(short, _join(paths.progress, f"{phase_id}.yml")),
        }

    return files


def _load_revision(repo: Repo, commit: str, short: str, paths: _TreePaths) -> tuple[LoadResult, list[Diagnostic]]:
    """The whole playbook at `commit`, through the same loader as the working tree.

    The loader reads files, so the revision's phase, organization and progress files are
    written to a temporary folder laid out as in the repository; diagnostics then name
    them as `commit:path`.
    """
    wanted = [paths.phases, paths.organization, paths.progress]
    files = revisions.read_files(repo, commit, wanted)
    diagnostics: list[Diagnostic] = []
    with tempfile.TemporaryDirectory(prefix="playbook-changes-") as tmp:
        root = Path(tmp)
        for relpath, entry in files.items():
            if not _wanted(relpath, paths):
                continue
            if entry.text is None:
                diagnostics.append(Diagnostic(_tree_name(short, relpath), None, None, entry.problem or "unreadable"))
                continue
            target = root / relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(entry.text, "utf-8")
        (root / paths.playbook).mkdir(parents=True, exist_ok=True)
        result = load_playbook(root / paths.phases, root / paths.playbook)
        prefix = display_path(root) + os.sep
    diagnostics += [_renamed(d, prefix, short) for d in result.diagnostics]
    return result, diagnostics


def _wanted(relpath: str, paths: _TreePaths) -> bool:
    """Only what the loader reads: phases/*.yml, organization.yml, progress/*.yml (no subfolders)."""
    folder, _, name = relpath.rpartition("/")
    if relpath == paths.organization:
        return True
    return folder in (paths.phases, paths.progress) and name.endswith((".yml", ".yaml"))


def _renamed(diagnostic: Diagnostic, prefix: str, short: str) -> Diagnostic:
    if not diagnostic.path.startswith(prefix):
        return diagnostic
    relpath = diagnostic.path[len(prefix):].replace(os.sep, "/")
    return dataclasses.replace(diagnostic, path=_tree_name(short, relpath))


def _base_progress(
    repo: Repo, commit: str, short: str, paths: _TreePaths, playbook: m.Playbook
) -> tuple[dict[str, m.Progress], list[Diagnostic]]:
    """The base revision's progress files, validated against the head's phases.

    A file for a phase the head no longer has is left out: there is nothing to
    compare it with, and the head's own check reports the phase's removal, if wrong.
    """
    progress: dict[str, m.Progress] = {}
    diagnostics: list[Diagnostic] = []
    for relpath, entry in sorted(revisions.read_files(repo, commit, [paths.progress]).items()):
        folder, _, name = relpath.rpartition("/")
        phase = playbook.phase(name.removesuffix(".yml"))
        if folder != paths.progress or not name.endswith(".yml") or phase is None:
            continue
        shown = _tree_name(short, relpath)
        if entry.text is None:
            diagnostics.append(Diagnostic(shown, None, None, entry.problem or "unreadable"))
            continue
        loaded, problems = load_progress(Path(shown), phase, text=entry.text)
        progress[phase.id] = loaded
        diagnostics += [dataclasses.replace(d, path=shown) for d in problems]
    return progress, diagnostics
