"""Text surgery on spans: replace, insert or delete exactly the characters that must change.

Positions come from the reader (`Document.spans`), so what is spliced is what was read.
Deleting works on whole lines, and never takes a neighbour's comment with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mkdocs_playbook.edit import entry as emit
from mkdocs_playbook.edit.errors import EditError
from mkdocs_playbook.source.yamlread import Document, Span


@dataclass(frozen=True, order=True)
class Splice:
    """Replace text[start:end] with `new`; splices never overlap."""

    start: int
    end: int
    new: str = ""


def apply(text: str, splices: list[Splice]) -> str:
    parts: list[str] = []
    cursor = 0
    for splice in sorted(splices):
        if splice.start < cursor:
            raise ValueError(f"overlapping edits at character {splice.start}")
        parts.append(text[cursor : splice.start])
        parts.append(splice.new)
        cursor = splice.end
    parts.append(text[cursor:])
    return "".join(parts)


def position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character offset (only `\\n` breaks lines here, as in git)."""
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def fail_at(doc: Document, message: str, index: int) -> EditError:
    line, column = position(doc.text, index)
    return EditError(message, path=doc.path, line=line, column=column)


def line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def line_end(text: str, index: int) -> int:
    """Index just past the line break of the line holding `index` (or the end of text)."""
    found = text.find("\n", index)
    return len(text) if found < 0 else found + 1


def column(text: str, index: int) -> int:
    """0-based: how many characters precede `index` on its line."""
    return index - line_start(text, index)


def pair_end(key: Span, value: Span) -> int:
    """Where a `key: value` pair's text ends; an empty value has no text of its own."""
    return key.end if value.empty else max(key.end, value.end)


def lines_of(doc: Document, key: Span, last_end: int) -> tuple[int, int]:
    """The whole lines from `key`'s line to the line where `last_end` falls.

    A trailing comment on the last line is included; comment lines above are not.
    """
    text = doc.text
    start = line_start(text, key.start)
    if text[start : key.start].strip(" \t") not in ("", "?"):
        raise fail_at(doc, "cannot delete this line: something precedes the key on it", key.start)
    return start, line_end(text, last_end)


def delete_lines(text: str, spans: list[tuple[int, int]]) -> list[Splice]:
    """Splices deleting line spans, merged where they touch.

    When deleted lines run to the end of a file without a final newline, the
    line break before them goes instead, so the convention is kept.
    """
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    splices = []
    for start, end in merged:
        if end == len(text) and not text.endswith("\n") and start > 0:
            start -= 2 if text[start - 2 : start] == "\r\n" else 1
        splices.append(Splice(start, end))
    return splices


def value_splice(doc: Document, key: Span, value: Span, new: str) -> Splice:
    """Replace a field's value, or fill in an empty one right after its `:`."""
    if not value.empty:
        return Splice(value.start, value.end, new)
    text = doc.text
    colon = key.end
    while colon < len(text) and text[colon] in " \t":
        colon += 1
    if colon >= len(text) or text[colon] != ":":
        raise fail_at(doc, "cannot find the ':' after this key", key.start)
    at = colon + 1
    if text[at : at + 1] == " ":
        at += 1
    else:
        new = " " + new
    if at < len(text) and text[at] not in " \t\r\n,}":
        new += " "  # `by: # who` must not become `by: me# who`
    return Splice(at, at, new)


def flow_removals(pairs: list[tuple[str, Span, Span]], kept: set[str]) -> list[Splice]:
    """Delete runs of removed pairs of a flow mapping with their separating comma and space.

    A run followed by a kept pair is cut up to that pair's key (`a: 1, ` of
    `{a: 1, b: 2}`); a run at the end is cut from the end of the last kept
    pair (`, b: 2`), so the remaining pairs keep their own spacing.
    """
    splices: list[Splice] = []
    index = 0
    while index < len(pairs):
        if pairs[index][0] in kept:
            index += 1
            continue
        run_start = index
        while index < len(pairs) and pairs[index][0] not in kept:
            index += 1
        if index < len(pairs):
            splices.append(Splice(pairs[run_start][1].start, pairs[index][1].start))
        else:
            _, previous_key, previous_value = pairs[run_start - 1]
            _, last_key, last_value = pairs[-1]
            cut_from = max(previous_key.end, previous_value.end)
            splices.append(Splice(cut_from, max(last_key.end, last_value.end)))
    return splices


@dataclass(frozen=True)
class Field:
    """One field of an entry as read: its value, and where its key and value stand."""

    value: Any
    key: Span | None
    """None for a bare status (`item: done`), which has no key of its own."""
    span: Span


def flow_splices(
    doc: Document,
    span: Span,
    current: Mapping[str, Field],
    effective: Mapping[str, str | None],
    result: Mapping[str, Any],
) -> list[Splice]:
    """Edit `{...}` in place: replace changed values, drop removed pairs, add before `}`."""
    text = doc.text
    if text[span.start : span.start + 1] != "{" or text[span.end - 1 : span.end] != "}":
        raise fail_at(doc, "cannot find the braces of this flow mapping", span.start)
    pairs = [(name, found.key, found.span) for name, found in current.items() if found.key is not None]
    kept = [name for name, _, _ in pairs if not (name in effective and effective[name] is None)]
    if not kept:  # every existing field goes: write the mapping afresh (all from the request)
        return [Splice(span.start, span.end, emit.flow_mapping(result))]

    splices = [
        value_splice(doc, key_span, value_span, emit.emit_value(name, value, flow=True))
        for name, key_span, value_span in pairs
        if (value := effective.get(name)) is not None
    ]
    splices.extend(flow_removals(pairs, set(kept)))
    added = {name: value for name, value in effective.items() if value is not None and name not in current}
    if added:
        _, key_span, value_span = next(pair for pair in reversed(pairs) if pair[0] in kept)
        anchor = max(key_span.end, value_span.end)
        names = sorted(added, key=emit.FIELDS.index)
        new = "".join(f", {name}: {emit.emit_value(name, added[name], flow=True)}" for name in names)
        splices.append(Splice(anchor, anchor, new))
    return splices


def block_splices(doc: Document, current: Mapping[str, Field], effective: Mapping[str, str | None]) -> list[Splice]:
    """Edit an indented block mapping: values in place, one line a removed or new field."""
    text = doc.text
    splices: list[Splice] = []
    removed: list[tuple[int, int]] = []
    for name, value in effective.items():
        if name not in current:
            continue
        found = current[name]
        assert found.key is not None
        if value is None:
            removed.append(lines_of(doc, found.key, pair_end(found.key, found.span)))
        else:
            splices.append(value_splice(doc, found.key, found.span, emit.emit_value(name, value, flow=False)))

    added = {name: value for name, value in effective.items() if value is not None and name not in current}
    if added:
        fields = list(current.values())
        first_key, last = fields[0].key, fields[-1]
        assert first_key is not None and last.key is not None
        indent = text[line_start(text, last.key.start) : last.key.start]
        if indent.strip() or len(indent) != column(text, first_key.start):
            raise fail_at(doc, "cannot tell the indentation of this entry's fields", first_key.start)
        anchor = line_end(text, pair_end(last.key, last.span))
        lines = [
            f"{indent}{name}: {emit.emit_value(name, added[name], flow=False)}"
            for name in sorted(added, key=emit.FIELDS.index)
        ]
        newline = emit.newline(text)
        if anchor == len(text) and not text.endswith("\n"):
            new = "".join(newline + line for line in lines)
        else:
            new = "".join(line + newline for line in lines)
        splices.append(Splice(anchor, anchor, new))
    return splices + delete_lines(text, removed)
