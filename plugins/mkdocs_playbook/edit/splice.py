"""Minimal, byte-preserving edits of a progress file (`playbook/progress/<phase>.yml`).

A progress file keeps one line an item so that a pull request which ticks an
item changes exactly one line. Loading the YAML and dumping it again would
reformat the whole file, lose comments and re-quote values, so this module
splices text instead: PyYAML's node marks say where each entry and field
lives, and only those character spans are replaced, inserted or deleted.

The file is untrusted input from pull requests, so every edit is checked by
parsing the result again: the edited entry must compose to exactly the
requested mapping and every other entry must be unchanged. Anything unusual
(anchors, tags, duplicate keys, odd value types, exotic line breaks) is refused
with an `EditError` that points at the offending line rather than guessed at.

Nothing here knows about MkDocs or about which ids a phase has: the caller
checks ids and re-validates the result against the schema.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

__all__ = ["FIELDS", "EditError", "read_entry", "remove_entry", "set_fields", "write_atomic"]

FIELDS: tuple[str, ...] = ("status", "by", "owner", "due", "note", "evidence", "reason", "answer")
"""Every field an entry may have, in the order new flow mappings are written."""

_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_TYPE_NAMES = {
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "a boolean",
    _NULL: "empty (null)",
    _TIMESTAMP: "a date",
}

# The characters PyYAML's reader rejects; checked up front for an exact position.
_NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
# Line breaks YAML honours but git, editors and this module's line logic do not.
_EXOTIC_BREAK = re.compile("\r(?!\n)|[\x85\u2028\u2029]")
_ANY_BREAK = re.compile("[\r\n\x85\u2028\u2029]")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

Shape = tuple[Any, ...]
"""A node without its marks: what the node loads as, independent of quoting and layout."""


class EditError(Exception):
    """An edit that was refused; `str()` reads `path:line:col: message` like a compiler error."""

    def __init__(
        self,
        message: str,
        *,
        path: str = "<string>",
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.message}"
        if self.column is None:
            return f"{self.path}:{self.line}: {self.message}"
        return f"{self.path}:{self.line}:{self.column}: {self.message}"

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only arguments would otherwise be lost when pickled.
        return (_rebuild_error, (self.message, self.path, self.line, self.column))


def _rebuild_error(message: str, path: str, line: int | None, column: int | None) -> EditError:
    return EditError(message, path=path, line=line, column=column)


# --- parsing and checking ----------------------------------------------------


@dataclass(frozen=True)
class _Doc:
    """A parsed progress file: `text` has any byte-order mark split off into `bom`."""

    text: str
    bom: str
    root: MappingNode | None
    path: str
    ended: bool = False
    """The document closes with an explicit `...`: nothing can be appended after it."""

    def fail(self, message: str, node: Node | None = None, index: int | None = None) -> NoReturn:
        """Raise an EditError located at `node` (or at character `index`)."""
        if node is not None:
            index = node.start_mark.index
        if index is None:
            raise EditError(message, path=self.path)
        line, column = _position(self.text, index)
        raise EditError(message, path=self.path, line=line, column=column)

    def entries(self) -> list[tuple[ScalarNode, Node]]:
        return list(self.root.value) if self.root is not None else []

    def find(self, key: str) -> tuple[ScalarNode, Node] | None:
        """The entry for `key`, refusing keys that merely look like it (e.g. unquoted `yes`)."""
        for key_node, value_node in self.entries():
            if key_node.value == key:
                if key_node.tag != _STR:
                    self.fail(f"key {key!r} does not load as a string; quote it", key_node)
                return key_node, value_node
        return None


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character offset (only `\\n` breaks lines here)."""
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def _parse(text: str, path: str) -> _Doc:
    """Parse and vet a progress file, refusing anything the splicing could misread."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    doc = _Doc(body, bom, None, path)
    _check_characters(doc)
    ended = _check_events(doc)
    doc = _Doc(body, bom, None, path, ended)
    root = _compose(doc)
    if root is None or (isinstance(root, ScalarNode) and root.tag == _NULL and not root.value):
        return doc
    if not isinstance(root, MappingNode):
        doc.fail("the top level must be a mapping of ids to progress", root)
    if root.flow_style:
        doc.fail("a top-level flow mapping ({...}) is not supported: write one entry a line", root)
    doc = _Doc(body, bom, root, path, ended)
    for key_node, _ in root.value:
        if not isinstance(key_node, ScalarNode):
            doc.fail("keys must be plain ids", key_node)
    _check_duplicates(doc, root)
    return doc


def _check_characters(doc: _Doc) -> None:
    """Refuse characters YAML rejects or treats as line breaks where git does not."""
    for pattern, problem in (
        (_NON_PRINTABLE, "a control character YAML does not allow"),
        (_EXOTIC_BREAK, "a line break other than LF or CRLF"),
    ):
        found = pattern.search(doc.text)
        if found:
            doc.fail(f"the file contains {problem} ({found.group()!r})", index=found.start())


def _check_events(doc: _Doc) -> bool:
    """Refuse anchors, aliases and tags: they make one line's meaning depend on another.

    Returns whether the document ends with an explicit `...`.
    """
    ended = False
    try:
        for event in yaml.parse(doc.text, Loader=_Loader):
            problem = None
            if isinstance(event, yaml.AliasEvent):
                problem = "aliases (*name)"
            elif getattr(event, "anchor", None) is not None:
                problem = "anchors (&name)"
            elif getattr(event, "tag", None) is not None:
                problem = "tags (!...)"
            if problem:
                index = event.start_mark.index if event.start_mark is not None else None
                doc.fail(f"{problem} are not allowed in a progress file", index=index)
            if isinstance(event, yaml.DocumentEndEvent) and event.explicit:
                ended = True
    except yaml.YAMLError as error:
        _raise_yaml_error(doc, error)
    return ended


def _compose(doc: _Doc) -> Node | None:
    try:
        return yaml.compose(doc.text, Loader=_Loader)
    except yaml.YAMLError as error:
        _raise_yaml_error(doc, error)


def _raise_yaml_error(doc: _Doc, error: yaml.YAMLError) -> NoReturn:
    """Turn a PyYAML error into an EditError at the problem mark.

    PyYAML's messages come in two parts, e.g. context "while parsing a flow
    mapping" (line 2) and problem "did not find expected ',' or '}'"; they are
    joined into one sentence.
    """
    if not isinstance(error, yaml.MarkedYAMLError):
        raise EditError(f"not valid YAML: {error}", path=doc.path) from error
    parts = []
    if error.context:
        context = error.context
        if error.context_mark is not None:
            context += f" at line {error.context_mark.line + 1}"
        parts.append(context)
    if error.problem:
        parts.append(error.problem)
    message = "not valid YAML: " + (", ".join(parts) or "unknown problem")
    mark = error.problem_mark or error.context_mark
    if mark is None:
        raise EditError(message, path=doc.path) from error
    raise EditError(message, path=doc.path, line=mark.line + 1, column=mark.column + 1) from error


def _check_duplicates(doc: _Doc, node: Node) -> None:
    """Refuse duplicate keys anywhere: PyYAML would silently keep the last one."""
    if isinstance(node, MappingNode):
        seen: set[Shape] = set()
        for key_node, value_node in node.value:
            shape = _shape(key_node)
            if shape in seen:
                doc.fail(f"duplicate key {key_node.value!r}", key_node)
            seen.add(shape)
            _check_duplicates(doc, value_node)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            _check_duplicates(doc, item)


def _shape(node: Node) -> Shape:
    """What a node loads as, without marks, quoting or layout (tags are resolved already)."""
    if isinstance(node, ScalarNode):
        return ("scalar", node.tag, node.value)
    if isinstance(node, SequenceNode):
        return ("seq", node.tag, tuple(_shape(item) for item in node.value))
    pairs = tuple((_shape(k), _shape(v)) for k, v in node.value)
    return ("map", node.tag, pairs)


def _describe(node: Node) -> str:
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, ScalarNode) and node.style in ("|", ">"):
        return "a block scalar (| or >)"
    return _TYPE_NAMES.get(node.tag, f"a {node.tag} value")


def _check_entry_value(doc: _Doc, key: str, node: Node) -> None:
    """An entry is a status string or a mapping of fields; anything else is refused."""
    if isinstance(node, MappingNode):
        return
    if isinstance(node, ScalarNode) and node.tag == _STR:
        return
    doc.fail(f"entry {key!r} must be a status or a mapping of fields, not {_describe(node)}", node)


# --- emitting values ---------------------------------------------------------


def _emit_scalar(value: str, *, flow: bool) -> str:
    """A one-line YAML scalar for `value`, quoted only when needed where it goes.

    Inside `{...}` (`flow=True`) the value is dumped as an item of a flow
    sequence, so PyYAML also quotes what is special there (`,`, `[`, `]`, `{`,
    `}`, `:`); in block context it is dumped on its own, so a URL or `a, b`
    stays bare. Either way the caller proves the result by parsing it again.
    """
    options: dict[str, Any] = {"default_flow_style": True, "width": 10**9, "allow_unicode": True}
    if flow:
        dumped = str(yaml.safe_dump([value], **options)).rstrip("\r\n")
        if not (dumped.startswith("[") and dumped.endswith("]")):
            raise ValueError(f"cannot write {value!r} as a one-line YAML scalar")
        dumped = dumped[1:-1]
    else:
        dumped = str(yaml.safe_dump(value, **options))
        dumped = dumped.removesuffix("\n...\n").rstrip("\r\n")
    if "\n" in dumped:
        raise ValueError(f"cannot write {value!r} as a one-line YAML scalar")
    return dumped


def _is_iso_date(value: str) -> bool:
    if not _ISO_DATE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _emit_value(field: str, value: str, *, flow: bool) -> str:
    """`due` dates are written bare (`due: 2026-12-05`), like hand-written files; all else via PyYAML."""
    if field == "due" and _is_iso_date(value):
        return value
    return _emit_scalar(value, flow=flow)


def _expected_shape(field: str, value: str) -> Shape:
    """What the emitted value must compose to: a string, or a date for a bare `due`."""
    if field == "due" and _is_iso_date(value):
        return ("scalar", _TIMESTAMP, value)
    return ("scalar", _STR, value)


def _flow_mapping(values: Mapping[str, str]) -> str:
    """`{status: done, by: x}` with fields in canonical order."""
    fields = sorted(values, key=FIELDS.index)
    return "{" + ", ".join(f"{f}: {_emit_value(f, values[f], flow=True)}" for f in fields) + "}"


def _newline(text: str) -> str:
    """The file's line-break convention, judged by its first line break."""
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


# --- text positions and splicing ---------------------------------------------


@dataclass(frozen=True, order=True)
class _Splice:
    """Replace text[start:end] with `new`; splices never overlap."""

    start: int
    end: int
    new: str = ""


def _apply(text: str, splices: list[_Splice]) -> str:
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


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _line_end(text: str, index: int) -> int:
    """Index just past the line break of the line holding `index` (or the end of text)."""
    newline = text.find("\n", index)
    return len(text) if newline < 0 else newline + 1


def _content_end(text: str, node: Node) -> int:
    """Where a node's own text ends.

    Block collections' end marks run on to the next token, over blank and
    comment lines that belong to whatever follows; block scalars include their
    trailing blank lines. Both are trimmed so deleting "the entry's lines"
    never deletes a neighbour's comment.
    """
    if isinstance(node, ScalarNode):
        end: int = node.end_mark.index
        if node.style in ("|", ">"):
            end = len(text[:end].rstrip(" \t\r\n"))
        return end
    assert isinstance(node, MappingNode | SequenceNode)
    if node.flow_style or not node.value:
        return int(node.end_mark.index)
    last = node.value[-1]
    if isinstance(node, MappingNode):
        return _pair_end(text, *last)
    return _content_end(text, last)


def _pair_end(text: str, key_node: Node, value_node: Node) -> int:
    """Where a `key: value` pair's text ends; an empty value's mark may sit on a later line."""
    if value_node.start_mark.index == value_node.end_mark.index:
        return int(key_node.end_mark.index)
    return _content_end(text, value_node)


def _lines_of(doc: _Doc, first: Node, last_end: int) -> tuple[int, int]:
    """The whole lines from `first`'s line to the line where `last_end` falls.

    A trailing comment on the last line is included; comment lines above are not.
    """
    text = doc.text
    start = _line_start(text, first.start_mark.index)
    if text[start : first.start_mark.index].strip(" \t") not in ("", "?"):
        doc.fail("cannot delete this line: something precedes the key on it", first)
    return start, _line_end(text, last_end)


def _delete_lines(text: str, spans: list[tuple[int, int]]) -> list[_Splice]:
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
        splices.append(_Splice(start, end))
    return splices


def _value_splice(doc: _Doc, key_node: Node, value_node: Node, new: str) -> _Splice:
    """Replace a field's value, or fill in an empty one right after its `:`."""
    start, end = value_node.start_mark.index, value_node.end_mark.index
    if start != end:
        return _Splice(start, end, new)
    text = doc.text
    colon = key_node.end_mark.index
    while colon < len(text) and text[colon] in " \t":
        colon += 1
    if colon >= len(text) or text[colon] != ":":
        doc.fail("cannot find the ':' after this key", key_node)
    at = colon + 1
    if text[at : at + 1] == " ":
        at += 1
    else:
        new = " " + new
    if at < len(text) and text[at] not in " \t\r\n,}":
        new += " "  # `by: # who` must not become `by: me# who`
    return _Splice(at, at, new)


# --- the edits ---------------------------------------------------------------


def _normalise_changes(
    key: str, changes: Mapping[str, str | None], path: str
) -> dict[str, str | None]:
    """Check the caller's request: known fields, one-line string values."""
    if not isinstance(key, str) or not key or _ANY_BREAK.search(key):
        raise ValueError(f"an entry key must be a one-line, non-empty string, not {key!r}")
    result: dict[str, str | None] = {}
    for field, value in changes.items():
        if field not in FIELDS:
            raise ValueError(
                f"unknown progress field {field!r}; expected one of {', '.join(FIELDS)}"
            )
        if value is not None and not isinstance(value, str):
            raise TypeError(
                f"value for {field!r} must be a string or None, not {type(value).__name__}"
            )
        if value is not None and _ANY_BREAK.search(value):
            raise EditError(
                f"the {field} for {key!r} must be one line: it contains a line break",
                path=path,
            )
        result[field] = value
    return result


def _current_fields(doc: _Doc, key: str, value_node: Node) -> dict[str, tuple[Node | None, Node]]:
    """Field name -> (key node, value node) of an existing entry; a bare status has no key node."""
    if isinstance(value_node, ScalarNode):
        if value_node.style in ("|", ">"):
            doc.fail(f"entry {key!r} is a block scalar (| or >); fix it by hand", value_node)
        return {"status": (None, value_node)}
    assert isinstance(value_node, MappingNode)
    fields: dict[str, tuple[Node | None, Node]] = {}
    for field_key, field_value in value_node.value:
        if not isinstance(field_key, ScalarNode) or field_key.tag != _STR:
            doc.fail(f"entry {key!r} has a key that is not a field name", field_key)
        if not isinstance(field_value, ScalarNode) or field_value.style in ("|", ">"):
            doc.fail(
                f"field {field_key.value!r} of {key!r} must be a one-line value, "
                f"not {_describe(field_value)}; fix it by hand",
                field_value,
            )
        fields[field_key.value] = (field_key, field_value)
    return fields


def _is_cleared(result: Mapping[str, Shape]) -> bool:
    """An entry with nothing, or only `status: todo`, says nothing the default doesn't."""
    return not result or dict(result) == {"status": ("scalar", _STR, "todo")}


def set_fields(
    text: str,
    key: str,
    changes: Mapping[str, str | None],
    *,
    path: str = "<string>",
) -> str:
    """Return `text` with entry `key`'s fields set (str) or removed (None).

    Only the spans that change are touched, so a one-line entry gives a
    one-line diff. The result is parsed again and must hold exactly the
    requested entry and the same other entries, or EditError is raised.
    """
    requested = _normalise_changes(key, changes, path)
    doc = _parse(text, path)
    entry = doc.find(key)
    if not requested:
        return text
    if entry is None:
        current: dict[str, tuple[Node | None, Node]] = {}
    else:
        _check_entry_value(doc, key, entry[1])
        current = _current_fields(doc, key, entry[1])

    result: dict[str, Shape] = {name: _shape(nodes[1]) for name, nodes in current.items()}
    effective: dict[str, str | None] = {}
    for field, value in requested.items():
        if value is None:
            if field in result:
                del result[field]
                effective[field] = None
        else:
            shape = _expected_shape(field, value)
            if result.get(field) != shape:
                result[field] = shape
                effective[field] = value

    if _is_cleared(result):
        if entry is None:
            return text
        span = _lines_of(doc, entry[0], _pair_end(doc.text, *entry))
        return _finish(doc, _delete_lines(doc.text, [span]), key, None)
    if not effective:
        return text
    if entry is None:
        splices = [_append(doc, key, _requested_values(result, requested))]
    elif isinstance(entry[1], ScalarNode):
        splices = [_scalar_splice(entry[1], result, requested)]
    else:
        assert isinstance(entry[1], MappingNode)
        if entry[1].flow_style:
            splices = _flow_splices(doc, entry[1], current, effective, result, requested)
        else:
            splices = _block_splices(doc, entry[1], current, effective)
    return _finish(doc, splices, key, result)


def _requested_values(
    result: Mapping[str, Shape], requested: Mapping[str, str | None]
) -> dict[str, str]:
    """The string values of a new entry: everything in `result` came from the request."""
    return {
        field: value for field, value in requested.items() if value is not None and field in result
    }


def _entry_text(values: Mapping[str, str]) -> str:
    """The value written for a new or rewritten entry: a bare status, or a flow mapping."""
    if set(values) == {"status"}:
        return _emit_value("status", values["status"], flow=False)
    return _flow_mapping(values)


def _append(doc: _Doc, key: str, values: Mapping[str, str]) -> _Splice:
    """Add `key: value` as the file's last line, indented like the other entries."""
    text = doc.text
    if doc.ended:
        doc.fail(f"cannot add {key!r}: the file ends its document with '...'; add it by hand")
    indent = ""
    if doc.root is not None and doc.root.value:
        first_key = doc.root.value[0][0]
        indent = " " * first_key.start_mark.column
    line = f"{indent}{_emit_scalar(key, flow=False)}: {_entry_text(values)}"
    newline = _newline(text)
    if not text or text.endswith("\n"):
        new = line + newline
    else:
        new = newline + line
    return _Splice(len(text), len(text), new)


def _scalar_splice(
    node: ScalarNode, result: Mapping[str, Shape], requested: Mapping[str, str | None]
) -> _Splice:
    """`key: done` -> `key: in-progress`, or `key: {status: done, by: x}` once it has more."""
    values: dict[str, str] = {}
    for field in result:
        value = requested.get(field)
        if value is None:  # untouched: only the status can be, and it is a plain string
            value = node.value
        values[field] = value
    return _Splice(node.start_mark.index, node.end_mark.index, _entry_text(values))


def _flow_splices(
    doc: _Doc,
    node: MappingNode,
    current: Mapping[str, tuple[Node | None, Node]],
    effective: Mapping[str, str | None],
    result: Mapping[str, Shape],
    requested: Mapping[str, str | None],
) -> list[_Splice]:
    """Edit `{...}` in place: replace changed values, drop removed pairs, add before `}`."""
    text = doc.text
    start, end = node.start_mark.index, node.end_mark.index
    if text[start : start + 1] != "{" or text[end - 1 : end] != "}":
        doc.fail("cannot find the braces of this flow mapping", node)
    pairs = [(k.value, k, v) for k, v in node.value]
    kept = [name for name, _, _ in pairs if not (name in effective and effective[name] is None)]
    if not kept:  # every existing field goes: write the mapping afresh
        return [_Splice(start, end, _flow_mapping(_requested_values(result, requested)))]

    splices: list[_Splice] = []
    for name, key_node, value_node in pairs:
        value = effective.get(name)
        if name in effective and value is not None:
            splices.append(
                _value_splice(doc, key_node, value_node, _emit_value(name, value, flow=True))
            )
    splices.extend(_flow_removals(text, pairs, set(kept)))

    added = {f: v for f, v in effective.items() if v is not None and f not in current}
    if added:
        last_kept = max(i for i, (name, _, _) in enumerate(pairs) if name in kept)
        _, key_node, value_node = pairs[last_kept]
        anchor = max(key_node.end_mark.index, value_node.end_mark.index)
        fields = sorted(added, key=FIELDS.index)
        new = "".join(f", {f}: {_emit_value(f, added[f], flow=True)}" for f in fields)
        splices.append(_Splice(anchor, anchor, new))
    return splices


def _flow_removals(text: str, pairs: list[tuple[str, Node, Node]], kept: set[str]) -> list[_Splice]:
    """Delete runs of removed pairs with their separating comma and space.

    A run followed by a kept pair is cut up to that pair's key (`a: 1, ` of
    `{a: 1, b: 2}`); a run at the end is cut from the end of the last kept
    pair (`, b: 2`), so the remaining pairs keep their own spacing.
    """
    splices: list[_Splice] = []
    index = 0
    while index < len(pairs):
        if pairs[index][0] in kept:
            index += 1
            continue
        run_start = index
        while index < len(pairs) and pairs[index][0] not in kept:
            index += 1
        if index < len(pairs):
            splices.append(
                _Splice(pairs[run_start][1].start_mark.index, pairs[index][1].start_mark.index)
            )
        else:
            _, prev_key, prev_value = pairs[run_start - 1]
            _, last_key, last_value = pairs[-1]
            cut_from = max(prev_key.end_mark.index, prev_value.end_mark.index)
            cut_to = max(last_key.end_mark.index, last_value.end_mark.index)
            splices.append(_Splice(cut_from, cut_to))
    return splices


def _block_splices(
    doc: _Doc,
    node: MappingNode,
    current: Mapping[str, tuple[Node | None, Node]],
    effective: Mapping[str, str | None],
) -> list[_Splice]:
    """Edit an indented block mapping: values in place, one line a removed or new field."""
    text = doc.text
    splices: list[_Splice] = []
    removed: list[tuple[int, int]] = []
    for name, value in effective.items():
        if name not in current:
            continue
        key_node, value_node = current[name]
        assert key_node is not None
        if value is None:
            removed.append(_lines_of(doc, key_node, _pair_end(text, key_node, value_node)))
        else:
            splices.append(
                _value_splice(doc, key_node, value_node, _emit_value(name, value, flow=False))
            )

    added = {f: v for f, v in effective.items() if v is not None and f not in current}
    if added:
        last_key, last_value = node.value[-1]
        indent = text[_line_start(text, last_key.start_mark.index) : last_key.start_mark.index]
        first_key = node.value[0][0]
        if indent.strip() or len(indent) != first_key.start_mark.column:
            doc.fail("cannot tell the indentation of this entry's fields", first_key)
        anchor = _line_end(text, _pair_end(text, last_key, last_value))
        newline = _newline(text)
        lines = [
            f"{indent}{f}: {_emit_value(f, added[f], flow=False)}"
            for f in sorted(added, key=FIELDS.index)
        ]
        if anchor == len(text) and not text.endswith("\n"):
            new = "".join(newline + line for line in lines)
        else:
            new = "".join(line + newline for line in lines)
        splices.append(_Splice(anchor, anchor, new))
    return splices + _delete_lines(text, removed)


def _finish(
    doc: _Doc, splices: list[_Splice], key: str, expected: Mapping[str, Shape] | None
) -> str:
    """Apply the splices and prove the result means what was asked, or refuse.

    `expected` is the entry's fields as they must compose (None: the entry must be gone).
    """
    try:
        new_text = doc.bom + _apply(doc.text, splices)
    except ValueError as error:
        raise EditError(f"refusing to edit {key!r}: {error}", path=doc.path) from error
    try:
        new_doc = _parse(new_text, doc.path)
    except EditError as error:
        raise EditError(
            f"refusing to edit {key!r}: the edited file would not parse ({error.message})",
            path=doc.path,
        ) from error
    _verify(doc, new_doc, key, expected)
    return new_text


def _verify(old: _Doc, new: _Doc, key: str, expected: Mapping[str, Shape] | None) -> None:
    """The edited entry must load as requested and every other entry exactly as before."""

    def others(doc: _Doc) -> list[Shape]:
        return [(_shape(k), _shape(v)) for k, v in doc.entries() if k.value != key]

    def refuse(why: str) -> NoReturn:
        located = old.find(key)
        line = located[0].start_mark.line + 1 if located else None
        raise EditError(f"refusing to edit {key!r}: {why}", path=old.path, line=line)

    if others(old) != others(new):
        refuse("the edit would change other entries")
    entry = new.find(key)
    if expected is None:
        if entry is not None:
            refuse("the entry would still be there")
        return
    if entry is None:
        refuse("the entry would be missing")
    node = entry[1]
    if isinstance(node, ScalarNode) and node.tag == _STR:
        loaded: dict[str, Shape] = {"status": _shape(node)}
    elif isinstance(node, MappingNode):
        loaded = {}
        for field_key, field_value in node.value:
            if not isinstance(field_key, ScalarNode) or field_key.tag != _STR:
                refuse("a field name would not load as a string")
            loaded[field_key.value] = _shape(field_value)
    else:
        refuse(f"the entry would load as {_describe(node)}")
    if loaded != dict(expected):
        refuse("the edited entry would not load as exactly the requested values")


def remove_entry(text: str, key: str, *, path: str = "<string>") -> str:
    """Delete entry `key`'s line(s) and any comment after it on its last line."""
    doc = _parse(text, path)
    entry = doc.find(key)
    if entry is None:
        raise EditError(f"there is no entry {key!r} to remove", path=path)
    span = _lines_of(doc, entry[0], _pair_end(doc.text, *entry))
    return _finish(doc, _delete_lines(doc.text, [span]), key, None)


def read_entry(text: str, key: str, *, path: str = "<string>") -> dict[str, Any] | str | None:
    """The entry's current value as PyYAML's safe loader builds it, or None if absent.

    A bare status comes back as a string and a mapping as a dict; note that a
    bare `due: 2026-12-05` loads as a `datetime.date`.
    """
    doc = _parse(text, path)
    entry = doc.find(key)
    if entry is None:
        return None
    _check_entry_value(doc, key, entry[1])
    try:
        value = yaml.SafeLoader("").construct_document(entry[1])
    except (yaml.YAMLError, ValueError, TypeError) as error:
        doc.fail(f"entry {key!r} does not load: {error}", entry[1])
    assert isinstance(value, dict | str)
    return value


# --- writing -----------------------------------------------------------------


def write_atomic(path: Path, text: str) -> None:
    """Replace `path` with `text` so readers see the old file or the new one, never half.

    The text goes to a temporary file in the same directory (same filesystem,
    so `os.replace` is atomic), is fsynced, and takes over the original's
    permission bits. Text is written as UTF-8 with line breaks untouched, so
    CRLF files stay CRLF. A symbolic link is refused rather than replaced.
    """
    path = Path(path)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        mode = None
    else:
        if stat.S_ISLNK(info.st_mode):
            raise EditError("refusing to replace a symbolic link", path=str(path))
        mode = stat.S_IMODE(info.st_mode)

    directory = path.parent
    temporary = directory / f".{path.name}.{secrets.token_hex(8)}.tmp"
    # 0o666 lets the umask decide for a new file, as a plain open() would.
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
    _fsync_directory(directory)


def _fsync_directory(directory: Path) -> None:
    """Persist the rename itself; best effort, as not every platform allows it."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
