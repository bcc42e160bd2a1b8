"""A progress file in, `ItemState`s out: broken entries are reported and left out, the rest counts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs_playbook import model as m
from mkdocs_playbook.source.diagnostics import Diagnostic, did_you_mean, quote
from mkdocs_playbook.source.organization import parse_date
from mkdocs_playbook.source.schema import validate
from mkdocs_playbook.source.sources import WORKING_TREE, Source
from mkdocs_playbook.source.yamlread import Document, read_text

ITEM_FIELDS: tuple[str, ...] = ("status", *m.DETAIL_FIELDS)
"""What an item's entry may hold; the model says which details there are."""
QUESTION_FIELDS: tuple[str, ...] = ("answer", "by")
"""What a discovery question's entry may hold."""
SUGGESTION_LIMIT = 100
"""Unknown ids of one file that get a 'did you mean': beyond that many, it is not a typo."""


def load_progress(
    path: Path,
    phase: m.Phase,
    text: str | None = None,
    source: Source = WORKING_TREE,
    *,
    document: Document | None = None,
    skip_hidden: bool = False,
) -> tuple[m.Progress, list[Diagnostic]]:
    """Broken entries are reported and left out; the rest still counts.

    `text` checks an edit before it is written, with messages naming `path`; `document` is
    a file the caller has already read (the editor), so it is not parsed a second time.
    Problems are added to `document.diagnostics`. `skip_hidden`: entries of items the
    organization's tailoring hides are left out silently (a pull request's base, which had them
    before the tailoring hid them), rather than reported. An entry of a hidden item that records
    nothing (`id:` or `id: todo`, what `playbook new` and `fmt` write) is always left out silently:
    hiding an item the team never touched must not make it edit the progress file by hand.
    """
    if document is not None:
        doc = document
    else:
        doc = source.read_yaml(path) if text is None else read_text(text, source.display(path))
    if doc.diagnostics and doc.data is None:
        return m.Progress(phase.id, {}, str(path)), doc.diagnostics
    if doc.empty or doc.data is None:
        return m.Progress(phase.id, {}, str(path)), doc.diagnostics
    problems = validate(doc, "progress", "the progress file")
    if not isinstance(doc.data, dict):
        return m.Progress(phase.id, {}, str(path)), doc.diagnostics
    broken = {p[0] for p in problems if p}
    items = {i.id for i in phase.items()}
    questions = {q.id for q in phase.discovery_questions}
    states: dict[str, m.ItemState] = {}
    guesses = SUGGESTION_LIMIT  # difflib costs ~1 ms an id: a file of 100,000 unknown ids took a minute
    for key, value in doc.data.items():
        if key in broken:
            continue
        line, column = doc.mark((key,), key=True)
        location = m.Location(doc.path, line or 1, column or 1)
        if key not in items and key not in questions:
            guesses -= _not_in_phase(doc, phase, key, guesses > 0, skip_hidden or value in UNRECORDED)
            continue
        if value is None:  # `id:` alone: nothing recorded yet, the same as no entry
            continue
        fields: dict[str, Any] = {"status": value} if isinstance(value, str) else dict(value)
        if key in questions:
            wrong = sorted(set(fields) - set(QUESTION_FIELDS))
            if wrong or "answer" not in fields:
                doc.error(
                    (key,),
                    f"{quote(key)} is a discovery question; expected {{answer: TEXT}} (optionally with by), "
                    f"found {', '.join(wrong) or 'no answer'}",
                )
                continue
        elif wrong := [name for name in fields if name not in ITEM_FIELDS]:
            expected = f"{', '.join(ITEM_FIELDS[:-1])} or {ITEM_FIELDS[-1]}"
            doc.error(
                (key, wrong[0]), f"{quote(key)} is a checklist item, not a question; expected {expected}", key=True
            )
            continue
        details = {name: fields.get(name) for name in m.DETAIL_FIELDS}
        details["due"] = parse_date(details["due"])
        states[key] = m.ItemState(
            id=key,
            status=m.Status(fields.get("status", "todo")),
            answer=fields.get("answer"),
            location=location,
            **details,
        )
    return m.Progress(phase.id, states, str(path)), doc.diagnostics


UNRECORDED = (None, "todo")
"""A progress entry that says nothing beyond the default: no status but todo, no owner, note or answer."""


def _not_in_phase(doc: Document, phase: m.Phase, key: str, guess: bool, skip_hidden: bool) -> int:
    """Report an entry that names no item of the phase; 1 when a 'did you mean' was looked for.

    An item the organization's tailoring hides gets its own message, naming the tailoring file;
    any other id (a typo, or an item the shared phase renamed or removed) the nearest id.
    """
    if key in phase.hidden:
        if not skip_hidden:
            doc.error(
                (key,),
                f"{quote(key)} is hidden by {phase.tailoring}; remove its entry here, or stop hiding it there",
                key=True,
            )
        return 0
    hint = did_you_mean(key, phase.ids()) if guess else ""
    doc.error((key,), f"unknown item {quote(key)} in phase '{phase.id}'{hint}", key=True)
    return 1
