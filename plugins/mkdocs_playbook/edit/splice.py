"""Minimal, byte-preserving edits of a progress file (`playbook/progress/<phase>.yml`).

A progress file keeps one line an item so that a pull request which ticks an
item changes exactly one line. Loading the YAML and dumping it again would
reformat the whole file, lose comments and re-quote values, so this module
splices text instead: the project's one YAML reader says where each entry and
field lives (`Document.spans`), and only those character spans are replaced,
inserted or deleted.

The file is untrusted input from pull requests. It is read once, by the same
reader as `playbook check` and the loader, so a key such as `on` or `10` means
the same here as there, and a tag, an anchor or a duplicate key is refused with
the check's own words and position. The result is read once more, by the same
reader, and must hold exactly the requested entry and every other entry
unchanged; anything unusual (odd value types, block scalars, exotic line
breaks) is refused with an `EditError` that points at the line, never guessed at.

Nothing here knows about MkDocs or about which ids a phase has: the caller
checks ids and validates the result (`Edited.document`) against the schema.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mkdocs_playbook.edit import entry as emit
from mkdocs_playbook.edit.errors import EditError
from mkdocs_playbook.edit.spans import (
    Splice,
    apply,
    column,
    delete_lines,
    fail_at,
    flow_removals,
    line_end,
    line_start,
    lines_of,
    pair_end,
    value_splice,
)
from mkdocs_playbook.source.diagnostics import quote
from mkdocs_playbook.source.yamlread import BLOCK_SCALAR_STYLES, Document, JsonPath, Span, read_text

__all__ = ["Edited", "change_entry", "read_entry", "remove_entry", "set_fields"]

# Line breaks YAML honours but git, editors and the line logic here do not.
_EXOTIC_BREAK = re.compile("\r(?!\n)|[\x85\u2028\u2029]")


@dataclass(frozen=True)
class Edited:
    """An edit that reads back as requested: the new text and the reader's view of it."""

    text: str
    """The whole file, byte-order mark included: what to write."""
    document: Document
    """`text` as read to verify the edit; validate it instead of reading the text a third time."""


@dataclass(frozen=True)
class _Field:
    value: Any
    key: Span | None
    """None for a bare status (`item: done`), which has no key of its own."""
    span: Span


def set_fields(text: str, key: str, changes: Mapping[str, str | None], *, path: str = "<string>") -> str:
    """Return `text` with entry `key`'s fields set (str) or removed (None).

    Only the spans that change are touched, so a one-line entry gives a
    one-line diff. The result is read again and must hold exactly the
    requested entry and the same other entries, or EditError is raised.
    """
    return change_entry(read_text(text, path), key, changes).text


def change_entry(doc: Document, key: str, changes: Mapping[str, str | None]) -> Edited:
    """`set_fields` for a file already read: one read before the edit, one after."""
    requested = emit.normalise_changes(key, changes, doc.path)
    entries = _entries(doc)
    unchanged = Edited(doc.bom + doc.text, doc)
    if not requested:
        return unchanged
    current = _current_fields(doc, key) if key in entries else {}

    result: dict[str, Any] = {name: found.value for name, found in current.items()}
    effective: dict[str, str | None] = {}
    for name, value in requested.items():
        if value is None:
            if name in result:
                del result[name]
                effective[name] = None
        elif not (isinstance(result.get(name), str) and result[name] == value):
            result[name] = value
            effective[name] = value

    if not result or result == {"status": "todo"}:  # says nothing the default doesn't
        if key not in entries:
            return unchanged
        return _finish(doc, delete_lines(doc.text, [_entry_lines(doc, key)]), key, None)
    if not effective:
        return unchanged
    span = doc.spans.get((key,))
    if key not in entries:
        splices = [_append(doc, key, result)]
    elif isinstance(entries[key], str):
        assert span is not None
        splices = [Splice(span.start, span.end, emit.entry_text(result))]
    elif span is not None and span.style == "flow":
        splices = _flow_splices(doc, span, current, effective, result)
    else:
        splices = _block_splices(doc, current, effective)
    return _finish(doc, splices, key, result)


def remove_entry(text: str, key: str, *, path: str = "<string>") -> str:
    """Delete entry `key`'s line(s) and any comment after it on its last line."""
    doc = read_text(text, path)
    if key not in _entries(doc):
        raise EditError(f"there is no entry {quote(key)} to remove", path=path)
    return _finish(doc, delete_lines(doc.text, [_entry_lines(doc, key)]), key, None).text


def read_entry(text: str, key: str, *, path: str = "<string>") -> dict[str, Any] | str | None:
    """The entry's current value as the loader reads it, or None if absent.

    A bare status comes back as a string and a mapping as a dict, with a `due`
    written as a date (`due: 2026-12-05`) as a `datetime.date`.
    """
    doc = read_text(text, path)
    entries = _entries(doc)
    if key not in entries:
        return None
    _current_fields(doc, key)
    value = entries[key]
    if isinstance(value, str):
        return value
    fields = dict(value)
    due = fields.get("due")
    if isinstance(due, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", due):
        if not emit.is_iso_date(due):
            raise _fail(
                doc,
                f"entry {quote(key)} does not load: its due date {quote(due)} is not a real date; expected YYYY-MM-DD",
                (key, "due"),
            )
        fields["due"] = dt.date.fromisoformat(due)
    return fields


# --- reading and vetting --------------------------------------------------------


def _fail(doc: Document, message: str, json_path: JsonPath, *, key: bool = False) -> EditError:
    line, col = doc.mark(json_path, key=key)
    return EditError(message, path=doc.path, line=line, column=col)


def _entries(doc: Document) -> dict[str, Any]:
    """The top-level mapping, after refusing what the reader reported or splicing could misread."""
    if doc.diagnostics:
        raise EditError.from_diagnostic(min(doc.diagnostics))
    found = _EXOTIC_BREAK.search(doc.text)
    if found:
        raise fail_at(doc, f"the file contains a line break other than LF or CRLF ({found.group()!r})", found.start())
    root = doc.spans.get(())
    if doc.empty or (doc.data is None and root is not None and root.empty):
        return {}
    if not isinstance(doc.data, dict):
        raise _fail(doc, "the top level must be a mapping of ids to progress", ())
    if root is not None and root.style == "flow":
        raise _fail(doc, "a top-level flow mapping ({...}) is not supported: write one entry a line", ())
    return doc.data


def _describe(value: Any, span: Span) -> str:
    if span.style in BLOCK_SCALAR_STYLES:
        return "a block scalar (| or >)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return "empty (null)" if value is None else "text"


def _current_fields(doc: Document, key: str) -> dict[str, _Field]:
    """Field name -> its value and spans; an entry is a status or a mapping of one-line values."""
    value, span = doc.data[key], doc.spans[(key,)]
    if isinstance(value, str):
        if span.style in BLOCK_SCALAR_STYLES:
            raise _fail(doc, f"entry {quote(key)} is a block scalar (| or >); fix it by hand", (key,))
        return {"status": _Field(value, None, span)}
    if not isinstance(value, dict):
        what = _describe(value, span)
        raise _fail(doc, f"entry {quote(key)} must be a status or a mapping of fields, not {what}", (key,))
    fields: dict[str, _Field] = {}
    for name, field_value in value.items():
        field_span = doc.spans[(key, name)]
        if isinstance(field_value, dict | list) or field_span.style in BLOCK_SCALAR_STYLES:
            raise _fail(
                doc,
                f"field {quote(name)} of {quote(key)} must be a one-line value, "
                f"not {_describe(field_value, field_span)}; fix it by hand",
                (key, name),
            )
        fields[name] = _Field(field_value, doc.key_spans[(key, name)], field_span)
    return fields


def _entry_lines(doc: Document, key: str) -> tuple[int, int]:
    key_span = doc.key_spans[(key,)]
    return lines_of(doc, key_span, pair_end(key_span, doc.spans[(key,)]))


# --- the splices ---------------------------------------------------------------


def _append(doc: Document, key: str, values: Mapping[str, str]) -> Splice:
    """Add `key: value` as the file's last line, indented like the other entries."""
    text = doc.text
    if doc.explicit_end:
        problem = f"cannot add {quote(key)}: the file ends its document with '...'; add it by hand"
        raise EditError(problem, path=doc.path)
    indent = ""
    if doc.data:
        first = doc.key_spans[(next(iter(doc.data)),)]
        indent = " " * column(text, first.start)
    line = f"{indent}{emit.emit_scalar(key, flow=False)}: {emit.entry_text(values)}"
    if not text or text.endswith("\n"):
        return Splice(len(text), len(text), line + emit.newline(text))
    return Splice(len(text), len(text), emit.newline(text) + line)


def _flow_splices(
    doc: Document,
    span: Span,
    current: Mapping[str, _Field],
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


def _block_splices(doc: Document, current: Mapping[str, _Field], effective: Mapping[str, str | None]) -> list[Splice]:
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


# --- proving the result -----------------------------------------------------------


def _finish(doc: Document, splices: list[Splice], key: str, expected: Mapping[str, Any] | None) -> Edited:
    """Apply the splices and prove, by reading the result once, that it means what was asked.

    `expected` is the entry's fields as they must read (None: the entry must be gone).
    """
    try:
        new_text = doc.bom + apply(doc.text, splices)
    except ValueError as error:
        raise EditError(f"refusing to edit {quote(key)}: {error}", path=doc.path) from error
    new_doc = read_text(new_text, doc.path)
    try:
        _entries(new_doc)
    except EditError as error:
        raise EditError(
            f"refusing to edit {quote(key)}: the edited file would not parse ({error.message})", path=doc.path
        ) from error
    _verify(doc, new_doc, key, expected)
    return Edited(new_text, new_doc)


def _verify(old: Document, new: Document, key: str, expected: Mapping[str, Any] | None) -> None:
    """The edited entry must read as requested and every other entry exactly as before."""

    def refuse(why: str) -> EditError:
        line = old.key_marks.get((key,), (None, None))[0]
        return EditError(f"refusing to edit {quote(key)}: {why}", path=old.path, line=line)

    before, after = _entries(old), _entries(new)
    if _others(before, key) != _others(after, key):
        raise refuse("the edit would change other entries")
    if expected is None:
        if key in after:
            raise refuse("the entry would still be there")
        return
    if key not in after:
        raise refuse("the entry would be missing")
    loaded = after[key]
    if isinstance(loaded, str):
        loaded = {"status": loaded}
    if not isinstance(loaded, dict):
        raise refuse(f"the entry would load as {_describe(loaded, new.spans[(key,)])}")
    if _canonical(loaded) != _canonical(dict(expected)):
        raise refuse("the edited entry would not load as exactly the requested values")


def _others(entries: Mapping[str, Any], key: str) -> list[tuple[str, Any]]:
    return [(name, _canonical(value)) for name, value in entries.items() if name != key]


def _canonical(value: Any) -> Any:
    """A value compared by type as well: `1 == True` and `nan != nan` must not decide an edit."""
    if isinstance(value, dict):
        return ("map", {name: _canonical(item) for name, item in value.items()})
    if isinstance(value, list):
        return ("seq", [_canonical(item) for item in value])
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, value)
