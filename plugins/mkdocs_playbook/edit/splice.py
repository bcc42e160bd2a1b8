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
    Field,
    Splice,
    apply,
    block_splices,
    column,
    delete_lines,
    fail_at,
    flow_splices,
    lines_of,
    pair_end,
    value_splice,
)
from mkdocs_playbook.source.diagnostics import quote
from mkdocs_playbook.source.yamlread import BLOCK_SCALAR_STYLES, Document, JsonPath, Span, read_text

__all__ = ["Edited", "change_entry", "read_entry", "remove_entry", "set_fields", "vetted"]

# Line breaks YAML honours but git, editors and the line logic here do not.
_EXOTIC_BREAK = re.compile("\r(?!\n)|[\x85\u2028\u2029]")


@dataclass(frozen=True)
class Edited:
    """An edit that reads back as requested: the new text and the reader's view of it."""

    text: str
    """The whole file, byte-order mark included: what to write."""
    document: Document
    """`text` as read to verify the edit; validate it instead of reading the text a third time."""


def set_fields(text: str, key: str, changes: Mapping[str, str | None], *, path: str = "<string>") -> str:
    """Return `text` with entry `key`'s fields set (str) or removed (None).

    Only the spans that change are touched, so a one-line entry gives a
    one-line diff. The result is read again and must hold exactly the
    requested entry and the same other entries, or EditError is raised.
    """
    return change_entry(read_text(text, path), key, changes).text


def change_entry(
    doc: Document,
    key: str,
    changes: Mapping[str, str | None],
    *,
    placement: tuple[int, str] | None = None,
    blank: str | None = "todo",
) -> Edited:
    """`set_fields` for a file already read: one read before the edit, one after.

    An entry is never deleted: when nothing is left to record, its value becomes `blank`
    (`todo` for an item; None, an empty value, for a question), so the line, the comments
    around it and the neighbours' spacing stay. A missing entry goes where `placement` says
    (an index at a line boundary and the label comment to write above it), else at the end.
    """
    requested = emit.normalise_changes(key, changes, doc.path)
    entries = _entries(doc)
    unchanged = Edited(doc.bom + doc.text, doc)
    present = key in entries
    current = _current_fields(doc, key) if present else {}

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

    if not effective:
        return unchanged
    if not result or result == {"status": "todo"}:  # says nothing the default doesn't
        if not current:  # absent or empty already: nothing to clear
            return unchanged
        expected = {} if blank is None else {"status": blank}
        return _finish(doc, _clear(doc, key, current, blank), key, expected)
    span = doc.spans.get((key,))
    if not present:
        splices = [_insert(doc, key, result, placement)]
    elif entries[key] is None or isinstance(entries[key], str):
        assert span is not None
        splices = [value_splice(doc, doc.key_spans[(key,)], span, emit.entry_text(result))]
    elif span is not None and span.style == "flow":
        splices = flow_splices(doc, span, current, effective, result)
    else:
        splices = block_splices(doc, current, effective)
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
    if value is None:  # nothing recorded: the same as no entry
        return None
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


def vetted(doc: Document) -> dict[str, Any]:
    """The file's entries, or EditError for what the reader reported or splicing could misread."""
    return _entries(doc)


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


def _current_fields(doc: Document, key: str) -> dict[str, Field]:
    """Field name -> its value and spans; an entry is a status or a mapping of one-line values."""
    value, span = doc.data[key], doc.spans[(key,)]
    if value is None:  # `id:` alone: nothing recorded yet
        return {}
    if isinstance(value, str):
        if span.style in BLOCK_SCALAR_STYLES:
            raise _fail(doc, f"entry {quote(key)} is a block scalar (| or >); fix it by hand", (key,))
        return {"status": Field(value, None, span)}
    if not isinstance(value, dict):
        what = _describe(value, span)
        raise _fail(doc, f"entry {quote(key)} must be a status or a mapping of fields, not {what}", (key,))
    fields: dict[str, Field] = {}
    for name, field_value in value.items():
        field_span = doc.spans[(key, name)]
        if isinstance(field_value, dict | list) or field_span.style in BLOCK_SCALAR_STYLES:
            raise _fail(
                doc,
                f"field {quote(name)} of {quote(key)} must be a one-line value, "
                f"not {_describe(field_value, field_span)}; fix it by hand",
                (key, name),
            )
        fields[name] = Field(field_value, doc.key_spans[(key, name)], field_span)
    return fields


def _entry_lines(doc: Document, key: str) -> tuple[int, int]:
    key_span = doc.key_spans[(key,)]
    return lines_of(doc, key_span, pair_end(key_span, doc.spans[(key,)]))


# --- the splices ---------------------------------------------------------------


def _insert(doc: Document, key: str, values: Mapping[str, str], placement: tuple[int, str] | None) -> Splice:
    """Add `key: value` where `placement` says, under its label, or as the last line; indented like the others."""
    text = doc.text
    at, label = placement if placement is not None else (len(text), None)
    if at == len(text) and doc.explicit_end:
        problem = f"cannot add {quote(key)}: the file ends its document with '...'; add it by hand"
        raise EditError(problem, path=doc.path)
    indent = ""
    if doc.data:
        first = doc.key_spans[(next(iter(doc.data)),)]
        indent = " " * column(text, first.start)
    nl = emit.newline(text)
    lines = [f"{indent}{label}"] if label is not None else []
    lines.append(f"{indent}{emit.emit_scalar(key, flow=False)}: {emit.entry_text(values)}")
    if at == len(text) and text and not text.endswith("\n"):
        return Splice(at, at, "".join(nl + line for line in lines))
    return Splice(at, at, "".join(line + nl for line in lines))


def _clear(doc: Document, key: str, current: Mapping[str, Field], blank: str | None) -> list[Splice]:
    """Splices that leave entry `key` saying nothing: its value becomes `blank`, its line stays.

    A bare value or a one-line `{...}` is replaced whole, so comments on the line stay. A block
    entry, or a flow mapping over several lines (either may hold comments between its fields),
    keeps its shape: `status: todo`, every other field removed.
    """
    text = doc.text
    key_span, span = doc.key_spans[(key,)], doc.spans[(key,)]
    whole = doc.data[key] is None or isinstance(doc.data[key], str)
    if whole or (span.style == "flow" and "\n" not in text[span.start : span.end]):
        if blank is not None:
            return [value_splice(doc, key_span, span, blank)]
        colon = text.find(":", key_span.end)
        return [Splice(colon + 1, span.end)]
    if blank is None:
        raise _fail(doc, f"entry {quote(key)} is a mapping over several lines; clear it by hand", (key,))
    effective: dict[str, str | None] = {name: None for name in current if name != "status"}
    effective["status"] = blank
    if span.style == "flow":
        return flow_splices(doc, span, current, effective, {"status": blank})
    return block_splices(doc, current, effective)


# --- proving the result -----------------------------------------------------------


def _finish(doc: Document, splices: list[Splice], key: str, expected: Mapping[str, Any] | None) -> Edited:
    """Apply the splices and prove, by reading the result once, that it means what was asked.

    `expected` is the entry's fields as they must read (None: the entry must be gone).
    """
    try:
        new_text = doc.bom + apply(doc.text, splices)
    except ValueError as error:
        raise EditError(f"refusing to edit {quote(key)}: {error}", path=doc.path) from error
    new_doc = read_text(new_text, doc.path, doc.max_mb)
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
    if loaded is None:  # an empty value: nothing recorded
        loaded = {}
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
