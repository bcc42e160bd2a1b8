"""`playbook changes`: what a pull request does to the checklist, as Markdown for its description.

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
* The Markdown is posted to a pull request by CI, and the YAML it quotes
  comes from that pull request, so every quoted value is escaped: a note
  cannot open HTML, a link, an image or a mention.

Exit codes of the command: 0 compared, 1 data problems (reported with the
changes of the phases that could still be compared), 2 git problems.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from . import model as m
from . import revisions
from .diagnostics import Diagnostic
from .loading import (
    ORGANIZATION_FILE,
    PROGRESS_DIR,
    LoadResult,
    display_path,
    load_playbook,
    load_progress,
)
from .progress import PhaseProgress, phase_progress
from .revisions import RevisionError

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
    "add_parser",
    "compare",
    "compare_phase",
    "escape_markdown",
    "render_json",
    "render_markdown",
    "run_changes",
]

EXIT_OK, EXIT_PROBLEMS, EXIT_GIT = 0, 1, 2
NO_CHANGES: Final = "No checklist changes."
HEADING: Final = "## Checklist changes"


class ChangeKind(str, Enum):
    """How an item's state moved; the order here is the order of the sections."""

    TICKED = "ticked"  # -> done
    UNTICKED = "unticked"  # done -> anything else
    STARTED = "started"  # -> in-progress
    SKIPPED = "skipped"  # -> skipped
    REOPENED = "reopened"  # skipped -> todo
    STATUS = "status"  # any other status change (in-progress -> todo)
    UPDATED = "updated"  # same status; by, owner, due, note, evidence or reason changed


SECTION_TITLES: Final = {
    ChangeKind.TICKED: "Ticked",
    ChangeKind.UNTICKED: "Unticked",
    ChangeKind.STARTED: "Started",
    ChangeKind.SKIPPED: "Skipped",
    ChangeKind.REOPENED: "Reopened",
    ChangeKind.STATUS: "Other status changes",
    ChangeKind.UPDATED: "Details changed",
}


class AnswerKind(str, Enum):
    GIVEN = "given"
    CHANGED = "changed"
    REMOVED = "removed"


_DETAILS: Final = ("by", "owner", "due", "reason", "note", "evidence")
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
    return tuple(getattr(state, name) for name in _DETAILS)


# --- reading both sides from git ------------------------------------------------------------


def compare(phases_dir: Path, playbook_dir: Path, base: str | None = None, head: str | None = None) -> Comparison:
    """Compare the checklist at the merge base of `base` (default: the default branch) and `head`.

    `head` None is the working tree, files as they are on disk, saved but not committed
    included. Raises RevisionError for anything git cannot answer.
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
            phases=revisions.relative_path(repo, phases_dir),
            playbook=revisions.relative_path(repo, playbook_dir),
            progress=revisions.relative_path(repo, playbook_dir / PROGRESS_DIR),
            organization=revisions.relative_path(repo, playbook_dir / ORGANIZATION_FILE),
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


# --- Markdown -----------------------------------------------------------------------------

_MARKDOWN_SPECIALS: Final = frozenset("\\`*_{}[]()#+-.!|~<>@&:$")
"""Every character Markdown, GitHub Flavored Markdown or GitHub itself gives a meaning to:
emphasis, code, links and images, headings and lists, tables, strikethrough, raw HTML and
entities, autolinks (`http:`, `www.`), mentions, emoji (`:x:`) and math (`$`)."""
_WORD_JOINER: Final = "\u2060"


def escape_markdown(text: str) -> str:
    """`text` as literal Markdown on one line, whatever it holds.

    Line breaks and runs of whitespace become one space (a newline could start a heading,
    a list or raw HTML block), invisible control characters are dropped, and every special
    character is backslash-escaped. `@` is followed by an invisible word joiner as well:
    GitHub links mentions in the rendered text, after Markdown escapes are gone.
    """
    visible = "".join(c for c in " ".join(text.split()) if c.isprintable())
    out = []
    for c in visible:
        if c in _MARKDOWN_SPECIALS:
            out.append("\\" + c)
            if c == "@":
                out.append(_WORD_JOINER)
        else:
            out.append(c)
    return "".join(out)


def render_markdown(comparison: Comparison) -> str:
    """The comparison as Markdown for a pull request: a heading, a line saying what was
    compared, problems if any, one section a changed phase."""
    lines = [HEADING, "", _compared_line(comparison), ""]
    if comparison.diagnostics:
        lines += ["### Problems", "", "These files could not be read; their phases are not compared:", ""]
        lines += [f"- {escape_markdown(str(d))}" for d in comparison.diagnostics]
        lines.append("")
    changed = comparison.changed
    if not changed:
        lines += [NO_CHANGES, ""]
    for phase in changed:
        lines += _phase_markdown(phase)
    return "\n".join(lines).rstrip("\n") + "\n"


def _compared_line(comparison: Comparison) -> str:
    base, head = comparison.base, comparison.head
    start = f"From `{base.short}` (merge base with {escape_markdown(base.rev or '')})"
    end = "the working tree" if head.worktree else f"`{head.short}` ({escape_markdown(head.rev or '')})"
    return f"{start} to {end}."


def _phase_markdown(phase: PhaseChanges) -> list[str]:
    lines = [f"### {escape_markdown(phase.phase.title)}", ""]
    lines += [f"Progress: {_counts(phase.before)} → {_counts(phase.after)}", ""]
    for kind in ChangeKind:
        changes = phase.of_kind(kind)
        if changes:
            lines += [f"#### {SECTION_TITLES[kind]}", ""]
            lines += [_item_bullet(change) for change in changes]
            lines.append("")
    if phase.answers:
        lines += ["#### Answers", ""]
        lines += [_answer_bullet(answer) for answer in phase.answers]
        lines.append("")
    return lines


def _counts(progress: PhaseProgress) -> str:
    return f"{progress.done} of {progress.total} ({progress.percent}%)"


def _item_bullet(change: ItemChange) -> str:
    bullet = f"- {escape_markdown(change.item.text)} `{change.item.id}`"
    if change.kind in (ChangeKind.UNTICKED, ChangeKind.STATUS):
        bullet += f" ({change.before.status.value} → {change.after.status.value})"
    if change.kind is ChangeKind.UPDATED:
        details = [_detail_change(name, change.before, change.after) for name in _DETAILS]
        parts = [d for d in details if d]
    else:
        parts = list(_detail_parts(change.after))
    return bullet + (" — " + "; ".join(parts) if parts else "")


def _detail_parts(state: m.ItemState) -> Iterator[str]:
    for name in _DETAILS:
        value = _detail_text(state, name)
        if value is not None:
            yield f"{name} {value}" if name in ("by", "owner", "due") else f"{name}: {value}"


def _detail_change(name: str, before: m.ItemState, after: m.ItemState) -> str | None:
    old, new = _detail_text(before, name), _detail_text(after, name)
    if old == new:
        return None
    return f"{name}: {old or '(none)'} → {new or '(none)'}"


def _detail_text(state: m.ItemState, name: str) -> str | None:
    value = getattr(state, name)
    if value is None:
        return None
    return value.isoformat() if name == "due" else escape_markdown(str(value))


def _answer_bullet(change: AnswerChange) -> str:
    bullet = f"- {escape_markdown(change.question.text)} `{change.question.id}` — answer {change.kind.value}"
    if change.by and change.kind is not AnswerKind.REMOVED:
        bullet += f" by {escape_markdown(change.by)}"
    if change.after is not None:
        bullet += f": {escape_markdown(change.after)}"
    if change.before is not None:
        bullet += f" (was: {escape_markdown(change.before)})"
    return bullet


# --- JSON ----------------------------------------------------------------------------------


def render_json(comparison: Comparison) -> dict[str, Any]:
    """The comparison as JSON-ready data; the shape is documented in the README.

    Text is not escaped here: a JSON consumer escapes for whatever it renders into.
    """
    return {
        "base": {"rev": comparison.base.rev, "commit": comparison.base.commit},
        "head": {"rev": comparison.head.rev, "commit": comparison.head.commit, "worktree": comparison.head.worktree},
        "ok": comparison.ok,
        "errors": [d.as_dict() for d in comparison.diagnostics],
        "changed": bool(comparison.changed),
        "phases": [_phase_json(p) for p in comparison.changed],
    }


def _phase_json(phase: PhaseChanges) -> dict[str, Any]:
    return {
        "id": phase.phase.id,
        "title": phase.phase.title,
        "before": _counts_json(phase.before),
        "after": _counts_json(phase.after),
        "items": [
            {
                "id": c.item.id,
                "text": c.item.text,
                "change": c.kind.value,
                "before": _state_json(c.before),
                "after": _state_json(c.after),
            }
            for c in phase.items
        ],
        "answers": [
            {"id": a.question.id, "text": a.question.text, "change": a.kind.value,
             "before": a.before, "after": a.after, "by": a.by}
            for a in phase.answers
        ],
    }


def _counts_json(progress: PhaseProgress) -> dict[str, int]:
    return {"done": progress.done, "total": progress.total, "percent": progress.percent}


def _state_json(state: m.ItemState) -> dict[str, Any]:
    return {
        "status": state.status.value,
        **{name: (state.due.isoformat() if name == "due" and state.due else getattr(state, name)) for name in _DETAILS},
    }


# --- the command -----------------------------------------------------------------------------


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register `playbook changes` on the CLI's subcommands (cli.py calls this)."""
    # imported here: cli imports this module, so a top-level import would be a cycle
    from .cli import add_format_option, add_location_options

    parser = commands.add_parser(
        "changes",
        help="list checklist changes between two git revisions, as Markdown for a pull request",
        description="Compare checklist progress at the merge base of BASE and HEAD with HEAD, and print "
        "what was ticked, unticked, started, skipped, reopened or answered per phase, as Markdown fit "
        "for a pull-request comment (or JSON). Exit 0 when compared, 1 when data files have problems, "
        "2 when git cannot answer.",
    )
    parser.add_argument("base", nargs="?", default=None, metavar="BASE",
                        help="the revision the changes are counted from, through its merge base with HEAD "
                        "(default: the default branch: origin/HEAD, else main, else master)")
    parser.add_argument("head", nargs="?", default=None, metavar="HEAD",
                        help="the revision with the changes (default: the working tree, uncommitted edits included)")
    add_location_options(parser, with_today=False)
    add_format_option(parser)
    parser.set_defaults(run=run_changes)


def run_changes(args: argparse.Namespace) -> int:
    """0 compared, 1 data problems (still printed with what could be compared), 2 git problems."""
    try:
        comparison = compare(args.phases, args.playbook, args.base, args.head)
    except RevisionError as error:
        print(f"playbook changes: {error}", file=sys.stderr)
        return EXIT_GIT
    if getattr(args, "format", "text") == "json":
        print(json.dumps(render_json(comparison), indent=2, ensure_ascii=False))
    else:
        print(render_markdown(comparison), end="")
    _report(comparison.diagnostics)
    return EXIT_OK if comparison.ok else EXIT_PROBLEMS


def _report(diagnostics: Iterable[Diagnostic]) -> None:
    """Problems on stderr too, as path:line:col, for CI logs and annotators."""
    for diagnostic in diagnostics:
        print(diagnostic, file=sys.stderr)
