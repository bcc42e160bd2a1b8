"""The merge-safe layout of a progress file: every entry listed, in phase order, with a line between.

Git merges two changes cleanly only when at least one unchanged line separates them; changes to
neighbouring lines, or two additions at the end of a file, are one conflict (and GitHub's merge
button runs no custom merge driver). So a progress file lists every item and discovery question
of its phase, one entry a line, each under a *label*: a comment holding the entry's text. An edit
never changes a label, so two pull requests that change two different entries always have an
unchanged line between their changes, and nothing is ever appended at the end.

This module only reads and plans: which entries are missing, which entries touch the one before,
where a missing entry belongs, and the text that upgrades a file by inserting lines (never
changing, moving or deleting one). `playbook fmt`, `playbook check` and the editing commands all
use it, so they agree on what merge-safe means.
"""

from __future__ import annotations

import itertools
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mkdocs_playbook import model as m
from mkdocs_playbook.edit.entry import emit_scalar, newline
from mkdocs_playbook.edit.errors import EditError
from mkdocs_playbook.source.yamlread import Document, read_text

LABEL_LENGTH = 100
"""Longest label text, in characters: long enough to recognise the item, short enough to read."""
FMT_HINT = "run `playbook fmt` so that pull requests on different items merge cleanly"
_DROPPED = frozenset(("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"))
"""Control, format (bidi, zero-width, BOM), separator and unassigned characters: never in a label."""


@dataclass(frozen=True)
class Slot:
    """One entry the phase expects: its id, its label text, and whether it is a discovery question."""

    id: str
    text: str
    question: bool

    @property
    def label(self) -> str:
        """The comment above the entry: its text on one line (`Q: ` first for a question)."""
        return clean_label(f"Q: {self.text}" if self.question else self.text)

    @property
    def blank(self) -> str:
        """The entry's value when nothing is recorded: `todo` for an item, nothing (null) for a question."""
        return "" if self.question else m.Status.TODO.value


@dataclass(frozen=True)
class Entry:
    """An entry of the file as written: its id and its first and last line (0-based)."""

    id: str
    first: int
    last: int
    start: int
    """Index of the first character of its first line."""
    end: int
    """Index just past its last line, line break included."""
    indent: str


@dataclass(frozen=True)
class Layout:
    """What keeps a file from being merge-safe: missing ids (phase order) and entries touching the previous one."""

    missing: tuple[str, ...]
    touching: tuple[Entry, ...]

    @property
    def ok(self) -> bool:
        return not self.missing and not self.touching


@dataclass(frozen=True)
class Upgrade:
    """The text that makes a file merge-safe by inserting lines only, and what was inserted."""

    text: str
    """The whole new text, byte-order mark included."""
    entries: int
    labels: int

    @property
    def changed(self) -> bool:
        return bool(self.entries or self.labels)


def clean_label(text: str) -> str:
    """One line of plain text: whitespace collapsed, control and format characters dropped, shortened.

    Phase text is untrusted (a pull request can change it): a line break would end the comment
    and start YAML, and bidi or zero-width characters would make the comment lie about itself.
    """
    kept = "".join(c for c in " ".join(text.split()) if unicodedata.category(c) not in _DROPPED)
    one_line = " ".join(kept.split())
    if len(one_line) > LABEL_LENGTH:
        one_line = one_line[: LABEL_LENGTH - 1].rstrip() + "…"
    return one_line


def slots(phase: m.Phase) -> tuple[Slot, ...]:
    """Every entry of the phase in its own order: block by block, as the phase page shows them."""
    found: list[Slot] = []
    for block in phase.blocks:
        found += [Slot(q.id, q.text, True) for q in block.questions]
        found += [Slot(i.id, i.text, False) for i in block.items]
    return tuple(found)


def header(phase: m.Phase, schema_line: str) -> str:
    """The comment block a new progress file starts with: what the file is and how to write an entry.

    `schema_line` points editors at the schema from where the file is (`edit.schemaline`).
    """
    title = clean_label(phase.title) or phase.id
    return "\n".join(
        (
            schema_line,
            "#",
            f"# Progress of the phase {title}: one line an item (or discovery question), keyed by its id",
            f"# in phases/{phase.id}.yml. Either a bare status or a mapping:",
            "#   item-id: done",
            "#   item-id: {status: in-progress, owner: someone, due: 2026-12-05}",
            "#   item-id: {status: skipped, reason: why it does not apply}",
            '#   question-id: {answer: "the team\'s answer"}',
            "# Statuses: todo, in-progress, done, skipped (not applicable). A question with nothing after",
            "# its colon is unanswered. Every entry stays listed under its text, a line a pull request",
            "# never changes: that is what lets pull requests on different entries merge cleanly.",
            "",
        )
    )


def full_text(phase: m.Phase, schema_line: str) -> str:
    """A new progress file: the header, a blank line, and every entry with nothing recorded."""
    lines = [_entry_lines(slot, "", "\n") for slot in slots(phase)]
    return header(phase, schema_line) + "\n" + "".join(lines)


def entries(doc: Document) -> list[Entry]:
    """The file's top-level entries in file order, with their lines (the file was read and is a mapping)."""
    if not isinstance(doc.data, dict):
        return []
    text = doc.text
    starts = _line_starts(text)
    found = []
    for key in doc.data:
        key_span, value_span = doc.key_spans[(key,)], doc.spans[(key,)]
        end = key_span.end if value_span.empty else max(key_span.end, value_span.end)
        first = bisect_right(starts, key_span.start) - 1
        last = bisect_right(starts, max(end - 1, key_span.start)) - 1
        start, stop = starts[first], starts[last + 1] if last + 1 < len(starts) else len(text)
        indent = text[start : key_span.start]
        found.append(Entry(key, first, last, start, stop, indent if not indent.strip() else ""))
    return found


def check(doc: Document, expected: Sequence[Slot]) -> Layout:
    """Which expected entries are missing, and which entries touch the entry before them."""
    present = entries(doc)
    listed = {entry.id for entry in present}
    missing = tuple(slot.id for slot in expected if slot.id not in listed)
    touching = tuple(b for a, b in itertools.pairwise(present) if b.first <= a.last + 1)
    return Layout(missing, touching)


def placement(doc: Document, expected: Sequence[Slot], key: str) -> tuple[int, str]:
    """Where a missing entry `key` goes (a line boundary of `doc.text`) and the label line above it.

    After the nearest entry that comes before it in phase order, else before the nearest that
    comes after it (above that entry's label, if it has one), else at the end of the file.
    """
    order = [slot.id for slot in expected]
    index = order.index(key)
    present = {entry.id: entry for entry in entries(doc)}
    label = next(f"# {slot.label}" for slot in expected if slot.id == key)
    return _position(doc, expected, index, present), label


def upgrade(doc: Document, expected: Sequence[Slot]) -> Upgrade:
    """Insert every missing entry (with its label) and a label above every entry that touches the previous.

    Two steps, each read again by the project's one reader: the inserted entries can themselves
    touch an existing entry, which the second step then labels. Every original line stays, in
    order; the result is proved to hold every original entry unchanged and to be merge-safe.
    """
    if doc.explicit_end and not entries(doc):
        raise EditError("the file ends its document with '...'; add the entries by hand", path=doc.path)
    with_entries, added = _insert_missing(doc, expected)
    middle = _reread(doc, with_entries)
    with_labels, labels = _insert_labels(middle, expected)
    final = _reread(doc, with_labels)
    if not check(final, expected).ok:
        raise EditError("cannot make this file merge-safe by inserting lines; fix its layout by hand", path=doc.path)
    return Upgrade(doc.bom + with_labels, added, labels)


# --- planning insertions ---------------------------------------------------------------


def _position(doc: Document, expected: Sequence[Slot], index: int, present: dict[str, Entry]) -> int:
    before = next((slot for slot in reversed(expected[:index]) if slot.id in present), None)
    after = next((slot for slot in expected[index + 1 :] if slot.id in present), None)
    return _position_between(doc, before, after, present)


def _position_between(doc: Document, before: Slot | None, after: Slot | None, present: dict[str, Entry]) -> int:
    """Just after the entry of `before`, else above the entry (and label) of `after`, else the end."""
    text = doc.text
    if before is not None:
        return present[before.id].end
    if after is not None:
        entry = present[after.id]
        above = _line_before(text, entry.start)
        if above is not None and text[above : entry.start].strip() == f"# {after.label}":
            return above
        return entry.start
    if doc.explicit_end:
        raise EditError("the file ends its document with '...'; add the entry by hand", path=doc.path)
    return len(text)


def _insert_missing(doc: Document, expected: Sequence[Slot]) -> tuple[str, int]:
    text, nl = doc.text, newline(doc.text)
    present = {entry.id: entry for entry in entries(doc)}
    indent = next(iter(present.values())).indent if present else ""
    groups: dict[int, list[str]] = {}
    following: list[Slot | None] = []  # the next listed slot after each position, found in one pass
    upcoming: Slot | None = None
    for slot in reversed(expected):
        following.append(upcoming)
        if slot.id in present:
            upcoming = slot
    following.reverse()
    previous: Slot | None = None
    for slot, after in zip(expected, following, strict=True):
        if slot.id in present:
            previous = slot
            continue
        at = _position_between(doc, previous, after, present)
        groups.setdefault(at, []).append(_entry_lines(slot, indent, nl))
    pieces, cursor = [], 0
    for at in sorted(groups):
        new = "".join(groups[at])
        if at == len(text) and not present and text.strip():
            new = nl + new  # a blank line between a comment-only file's header and the entries
        if at == len(text) and text and not text.endswith("\n"):
            new = nl + new[: -len(nl)]  # keep the missing final newline missing
        pieces += [text[cursor:at], new]
        cursor = at
    pieces.append(text[cursor:])
    return "".join(pieces), sum(len(group) for group in groups.values())


def _insert_labels(doc: Document, expected: Sequence[Slot]) -> tuple[str, int]:
    text, nl = doc.text, newline(doc.text)
    labels = {slot.id: slot.label for slot in expected}
    pieces, cursor = [], 0
    touching = [entry for entry in check(doc, expected).touching if entry.id in labels]
    for entry in touching:
        pieces += [text[cursor : entry.start], f"{entry.indent}# {labels[entry.id]}{nl}"]
        cursor = entry.start
    pieces.append(text[cursor:])
    return "".join(pieces), len(touching)


def _reread(original: Document, text: str) -> Document:
    """Read the planned text and prove every original entry reads exactly as before."""
    new = read_text(original.bom + text, original.path, original.max_mb)
    why = None
    old: dict[str, Any] = original.data if isinstance(original.data, dict) else {}
    if new.diagnostics or not isinstance(new.data, dict):
        why = "would not parse"
    elif any(name not in new.data or new.data[name] != value for name, value in old.items()):
        why = "would change an entry"
    if why is not None:
        raise EditError(f"inserting the missing lines {why}; fix the file's layout by hand", path=original.path)
    return new


def _entry_lines(slot: Slot, indent: str, nl: str) -> str:
    key = emit_scalar(slot.id, flow=False)
    value = f" {slot.blank}" if slot.blank else ""
    return f"{indent}# {slot.label}{nl}{indent}{key}:{value}{nl}"


def _line_starts(text: str) -> list[int]:
    starts = [0]
    position = text.find("\n")
    while position >= 0:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return starts


def _line_before(text: str, start: int) -> int | None:
    """Start of the line before the line starting at `start`, or None on the first line."""
    if start == 0:
        return None
    return text.rfind("\n", 0, start - 1) + 1
