"""Checklist edits as people think of them: tick, untick, start, skip, answer.

`splice` changes text without knowing what an item is; this module knows the
rules: which id is an item and which a question, which changes conflict with
the current state, and that the file must be valid before and after. It
refuses rather than guesses, and writes nothing until the result checks out.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from mkdocs_playbook import model as m
from mkdocs_playbook.edit import layout, schemaline
from mkdocs_playbook.edit.atomic import write_atomic
from mkdocs_playbook.edit.errors import EditError
from mkdocs_playbook.edit.schemaline import SchemaHome
from mkdocs_playbook.edit.splice import change_entry
from mkdocs_playbook.source.diagnostics import Diagnostic, did_you_mean, quote, unknown
from mkdocs_playbook.source.files import ORGANIZATION_FILE, PROGRESS_DIR, display_path
from mkdocs_playbook.source.limits import DEFAULT_MAX_FILE_MB
from mkdocs_playbook.source.loading import substitute_product
from mkdocs_playbook.source.plan import plan_entry_criteria, with_entry_criteria
from mkdocs_playbook.source.progress import load_progress
from mkdocs_playbook.source.sources import WorkingTree
from mkdocs_playbook.source.tailoring import load_tailored_phase, phase_files
from mkdocs_playbook.source.textrules import blocking
from mkdocs_playbook.source.yamlread import read_file, read_text


class Action(StrEnum):
    TICK = "tick"
    UNTICK = "untick"
    START = "start"
    SKIP = "skip"
    ANSWER = "answer"


class ActionError(Exception):
    """A refusal, worded for the person at the terminal; nothing was written."""


@dataclass(frozen=True)
class Request:
    action: Action
    target: str
    """PHASE/ID, e.g. pilot/identify-pilot-users."""
    by: str | None = None
    note: str | None = None
    evidence: str | None = None
    owner: str | None = None
    due: dt.date | None = None
    reason: str | None = None
    answer: str | None = None
    replace: bool = False


@dataclass(frozen=True)
class Edit:
    path: Path
    before: str
    after: str
    phase: m.Phase
    progress: m.Progress
    entry_id: str
    hint: str | None = None
    """A one-line suggestion for after the edit (the file is not merge-safe: run `playbook fmt`)."""
    schemas: SchemaHome | None = None
    """Set when the edit creates the file: its schema line points there, so `write` fills it first."""

    def diff(self) -> str:
        name = display_path(self.path)
        return "".join(
            difflib.unified_diff(
                self.before.splitlines(keepends=True),
                self.after.splitlines(keepends=True),
                fromfile=f"a/{name}",
                tofile=f"b/{name}",
            )
        )

    def write(self) -> list[Path]:
        """Write the file, and first the schema files its new schema line points to; those written."""
        self.path.parent.mkdir(exist_ok=True)  # progress/ only: plan() refused a missing playbook folder
        copied = self.schemas.ensure() if self.schemas is not None else []
        write_atomic(self.path, self.after)
        return copied


def plan(
    request: Request,
    *,
    phases_dir: Path,
    playbook_dir: Path,
    max_mb: float = DEFAULT_MAX_FILE_MB,
    site_root: Path | None = None,
    loaded: m.Phase | None = None,
) -> Edit:
    """Work out the edit, check it, and return it unwritten (so --dry-run can show it).

    `max_mb`: data files larger than this are refused unparsed, as `playbook check` refuses them.
    `site_root`: the folder of mkdocs.yml, which decides where a new file's schema line points.
    `loaded`: the phase as `edited_phase` gave it, when the caller makes many edits (`playbook demo`).
    """
    phase_id, _, entry_id = request.target.partition("/")
    if not phase_id or not entry_id or "/" in entry_id:
        raise ActionError(f"{quote(request.target)} is not PHASE/ID; expected e.g. pilot/identify-pilot-users")
    phase = loaded if loaded is not None and loaded.id == phase_id else None
    phase = phase or edited_phase(phases_dir, playbook_dir, phase_id, max_mb)
    _check_kind(request.action, phase, entry_id)

    path = playbook_dir / PROGRESS_DIR / f"{phase_id}.yml"
    if not playbook_dir.is_dir():
        # a mistyped --playbook must not grow a new playbook folder beside the real one
        raise ActionError(
            f"playbook folder {display_path(playbook_dir)} not found; expected the folder with "
            "organization.yml and progress/ (nothing was changed)"
        )
    before = read_progress(path)  # None: no file yet, written whole with every entry of the phase
    schemas = schemaline.home(playbook_dir, site_root) if before is None else None
    text = before if schemas is None else layout.full_text(phase, schemas.line(path))
    # read once; the loader validates what the editor splices, so both see the same file
    document = read_text(text or "", display_path(path), max_mb)
    current, problems = load_progress(path, phase, document=document)
    if blocking(problems):  # text-rule problems are `playbook check`'s to report
        raise ActionError(has_problems(path, problems))

    state = current.states.get(entry_id) or m.ItemState(entry_id)
    changes = _changes(request, state)
    slots = layout.slots(phase)
    try:
        # a missing entry goes to its place in phase order, under its label: never appended
        placement = None if entry_id in (document.data or {}) else layout.placement(document, slots, entry_id)
        blank = None if phase.question(entry_id) is not None else m.Status.TODO.value
        edited = change_entry(document, entry_id, changes, placement=placement, blank=blank)
    except EditError as error:
        raise ActionError(f"{error} (nothing was changed)") from None
    # the read that proved the edit is the one validated: no third parse
    progress, problems = load_progress(path, phase, document=edited.document)
    if blocking(problems):
        raise ActionError(
            f"the change would make {display_path(path)} invalid, so nothing was changed:\n{_listing(problems)}"
        )
    hint = None
    if not layout.check(edited.document, slots).ok:
        hint = f"{display_path(path)} is not merge-safe; {layout.FMT_HINT} (in a pull request of its own)"
    return Edit(path, before or "", edited.text, phase, progress, entry_id, hint, schemas)


def has_problems(path: Path, problems: list[Diagnostic]) -> str:
    """The refusal of a file that does not load: every command that edits says it the same way."""
    return f"{display_path(path)} has problems; fix them first (nothing was changed):\n{_listing(problems)}"


def edited_phase(phases_dir: Path, playbook_dir: Path, phase_id: str, max_mb: float = DEFAULT_MAX_FILE_MB) -> m.Phase:
    """The phase whose progress file is edited, as the site shows it (its plan's entry criteria
    included); ActionError if it cannot be used."""
    phase = _with_product(_phase(phases_dir, playbook_dir, phase_id, max_mb), playbook_dir, max_mb)
    return with_entry_criteria(phase, plan_entry_criteria(playbook_dir, phase, WorkingTree(max_mb)))


def _phase(phases_dir: Path, playbook_dir: Path, phase_id: str, max_mb: float) -> m.Phase:
    known = phase_files(phases_dir, playbook_dir)
    if phase_id not in known:
        raise ActionError(unknown("unknown phase", phase_id, known))
    phase, problems = load_tailored_phase(phases_dir, playbook_dir, phase_id, WorkingTree(max_mb))
    if phase is None:
        where = display_path(phases_dir / f"{phase_id}.yml")
        raise ActionError(f"{where} has problems; fix them first:\n{_listing(problems)}")
    return phase


def _with_product(phase: m.Phase, playbook_dir: Path, max_mb: float) -> m.Phase:
    """The phase as the site shows it, `{product}` replaced: new labels read like the page.

    Only the product is read (not the whole organization, which `playbook check` vets): an
    edit of a progress file must not fail on an unrelated problem in organization.yml.
    """
    data = read_file(playbook_dir / ORGANIZATION_FILE, max_mb=max_mb).data
    product = data.get("product") if isinstance(data, dict) else None
    return substitute_product(phase, product) if isinstance(product, str) else phase


def _listing(problems: list[Diagnostic]) -> str:
    return "\n".join(f"  {p}" for p in problems)


def _check_kind(action: Action, phase: m.Phase, entry_id: str) -> None:
    is_question = phase.question(entry_id) is not None
    is_item = phase.item(entry_id) is not None
    if not is_item and not is_question:
        raise ActionError(f"unknown item '{entry_id}' in phase '{phase.id}'{did_you_mean(entry_id, phase.ids())}")
    if action is Action.ANSWER and not is_question:
        raise ActionError(
            f"'{phase.id}/{entry_id}' is a checklist item, not a discovery question; use tick, start or skip"
        )
    if action is not Action.ANSWER and is_question:
        raise ActionError(
            f"'{phase.id}/{entry_id}' is a discovery question; use `playbook answer {phase.id}/{entry_id} TEXT`"
        )


def read_progress(path: Path) -> str | None:
    """The file's text, or None when there is none yet (a broken link is there: refused below)."""
    if not path.exists() and not path.is_symlink():
        return None
    if path.is_symlink() or not path.is_file():
        raise ActionError(f"{display_path(path)} is not a regular file; refusing to edit it")
    try:
        with path.open(encoding="utf-8", newline="") as handle:  # newline="": keep CRLF files CRLF
            return handle.read()
    except UnicodeDecodeError:
        raise ActionError(f"{display_path(path)} is not UTF-8; run `playbook check` for the position") from None


def _changes(request: Request, state: m.ItemState) -> dict[str, str | None]:
    """The fields to set (str) or remove (None), after checking the request fits the current state."""
    return _TRANSITIONS[request.action](request, state, request.target)


def _tick(request: Request, state: m.ItemState, name: str) -> dict[str, str | None]:
    if state.status is m.Status.DONE:
        who = f" by {state.by}" if state.by else ""
        raise ActionError(f"{name} is already done{who}; nothing was changed")
    return {"status": "done", "reason": None} | _given(request, "by", "note", "evidence")


def _untick(request: Request, state: m.ItemState, name: str) -> dict[str, str | None]:
    if state.status is not m.Status.DONE:
        raise ActionError(f"{name} is {state.status.value}, not done; nothing to untick")
    return {"status": None, "by": None, "evidence": None}


def _start(request: Request, state: m.ItemState, name: str) -> dict[str, str | None]:
    if state.status is m.Status.DONE:
        raise ActionError(f"{name} is already done; untick it first if the work has restarted")
    if state.status is m.Status.IN_PROGRESS and request.owner is None and request.due is None:
        raise ActionError(f"{name} is already in progress; pass --owner or --due to change them")
    return {"status": "in-progress", "reason": None} | _given(request, "owner", "due")


def _skip(request: Request, state: m.ItemState, name: str) -> dict[str, str | None]:
    if state.status is m.Status.DONE:
        raise ActionError(f"{name} is done; untick it first if it no longer applies")
    if state.status is m.Status.SKIPPED and state.reason == request.reason:
        raise ActionError(f"{name} is already skipped for that reason; nothing was changed")
    return {"status": "skipped", "reason": request.reason}


def _answer(request: Request, state: m.ItemState, name: str) -> dict[str, str | None]:
    if state.answer == request.answer:
        raise ActionError(f"{name} already has that answer; nothing was changed")
    if state.answer and not request.replace:
        raise ActionError(f"{name} already has an answer: {quote(state.answer)}; pass --replace to overwrite it")
    return _given(request, "answer", "by")


_TRANSITIONS: dict[Action, Callable[[Request, m.ItemState, str], dict[str, str | None]]] = {
    Action.TICK: _tick,
    Action.UNTICK: _untick,
    Action.START: _start,
    Action.SKIP: _skip,
    Action.ANSWER: _answer,
}
"""Each command's rule: when it applies to an entry's current state, and what it changes."""


def _given(request: Request, *fields: str) -> dict[str, str | None]:
    """Options given on the command line; fields not given are left as the entry has them."""
    values = {name: getattr(request, name) for name in fields}
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in values.items() if v is not None}
