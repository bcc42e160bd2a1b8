"""Read untrusted YAML into plain data, remembering where every value stood.

A pull request can put anything into a YAML file, so this reader builds plain
dicts, lists and scalars straight from the parser's events: it never runs a
constructor for a tag, refuses anchors and aliases (an alias bomb expands when
anything walks the result), reports duplicate keys (PyYAML keeps the last one
silently), and records the line and column of every key and value so schema
and cross-reference errors can point at the exact spot.

Scalars follow the YAML 1.2 core schema, which is what editors using
yaml-language-server apply: only `true`/`false` are booleans (`yes`, `no`,
`on` and `off` stay text) and dates stay text until the schema checks them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from mkdocs_playbook.source.diagnostics import Diagnostic
from yaml import events

_FAST_PARSER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_REFERENCE_PARSER: type = yaml.SafeLoader
"""libyaml reads valid files 3.5 to 5.6 times faster; PyYAML's own parser is the reference
for invalid ones. libyaml's limits and wording change between releases (6.0.4 added its own
nesting limit, which fires before ours because its scanner reads a flow collection ahead),
so a file libyaml rejects is read again by the reference parser: the first problem reported,
and its position, are then the same whatever libyaml is installed."""

JsonPath = tuple[str | int, ...]

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^([-+]?)\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")

_STR_TAG = "tag:yaml.org,2002:str"
MAX_DEPTH = 40
"""Deeper nesting than any playbook needs. Reading stops there: a hostile file nested
thousands deep would otherwise exhaust the recursion of the reader, and libyaml slows
down quadratically with the depth of flow collections (100,000 '[' took 20 seconds)."""
_NON_SPECIFIC = (None, "!")


@dataclass
class Document:
    """Plain data plus the 1-based position of every value and mapping key, by JSON path."""

    path: str
    data: Any = None
    value_marks: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    empty: bool = False
    syntax_error: bool = False
    refused_anchors: set[str] = field(default_factory=set, repr=False)
    refused: set[JsonPath] = field(default_factory=set, repr=False)
    """Values already reported (a tag, an anchor or an alias): the schema must not
    report them a second time (an alias reads as 'nothing (null)'), and a progress entry holding
    one is broken."""

    def mark(self, json_path: JsonPath, *, key: bool = False) -> tuple[int, int] | tuple[None, None]:
        """Where `json_path` stands, falling back to the nearest enclosing value."""
        marks = self.key_marks if key else self.value_marks
        if json_path in marks:
            return marks[json_path]
        for end in range(len(json_path) - 1, -1, -1):
            if json_path[:end] in self.value_marks:
                return self.value_marks[json_path[:end]]
        return (None, None)

    def error(self, json_path: JsonPath, message: str, *, key: bool = False) -> Diagnostic:
        line, column = self.mark(json_path, key=key)
        diagnostic = Diagnostic(self.path, line, column, message)
        self.diagnostics.append(diagnostic)
        return diagnostic


def read_file(path: Path, display: str | None = None) -> Document:
    """Read and parse one file; every problem ends up in `Document.diagnostics`."""
    name = display or str(path)
    if path.is_symlink():
        # a pull request could point a data file at anything on the CI machine,
        # and error messages quote what they read
        return Document(name, diagnostics=[Diagnostic(name, None, None, "is a symbolic link; expected a regular file")])
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Document(name, diagnostics=[Diagnostic(name, None, None, f"cannot read file: {exc.strerror}")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        # editors count characters, not bytes: decode the valid start of the line to count them
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8-sig" if line == 1 else "utf-8")) + 1
        message = f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; save the file as UTF-8"
        return Document(name, diagnostics=[Diagnostic(name, line, column, message)])
    return read_text(text, name)


def read_text(text: str, path: str) -> Document:
    doc = _read(text, path, _FAST_PARSER)
    if doc.syntax_error and _FAST_PARSER is not _REFERENCE_PARSER:
        return _read(text, path, _REFERENCE_PARSER)
    return doc


def _read(text: str, path: str, parser_class: type) -> Document:
    doc = Document(path)
    parser = parser_class(text)
    try:
        _expect(parser, events.StreamStartEvent)
        if parser.check_event(events.StreamEndEvent):
            doc.empty = True
            return doc
        _expect(parser, events.DocumentStartEvent)
        doc.data = _compose(parser, doc, ())
        _expect(parser, events.DocumentEndEvent)
        if not parser.check_event(events.StreamEndEvent):
            start = parser.peek_event().start_mark
            doc.diagnostics.append(
                Diagnostic(path, start.line + 1, start.column + 1, "a second YAML document ('---'); expected one document a file")
            )
    except yaml.MarkedYAMLError as exc:
        doc.syntax_error = True
        doc.diagnostics.append(_syntax_diagnostic(path, exc, text))
    except yaml.reader.ReaderError as exc:
        doc.diagnostics.append(_reader_diagnostic(path, exc, text))
    except _TooDeep:
        doc.data = None  # already reported; the rest of the file is not read
    finally:
        parser.dispose()
    return doc


class _TooDeep(Exception):
    """Stops reading a file nested deeper than MAX_DEPTH."""


def _expect(parser: Any, kind: type) -> Any:
    event = parser.get_event()
    if not isinstance(event, kind):  # pragma: no cover - the parser guarantees the order
        raise yaml.MarkedYAMLError(problem=f"unexpected {type(event).__name__}", problem_mark=event.start_mark)
    return event


def _syntax_diagnostic(path: str, exc: yaml.MarkedYAMLError, text: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "invalid YAML"
    if mark is not None and _char_at(text, mark.line, mark.column) == "\t":
        message = "a tab character; YAML indentation must use spaces"
    else:
        message = f"invalid YAML: {problem}"
        if exc.context and exc.context_mark and exc.context_mark is not mark:
            message += f" ({exc.context} at line {exc.context_mark.line + 1})"
    if mark is None:
        return Diagnostic(path, None, None, message)
    return Diagnostic(path, mark.line + 1, mark.column + 1, message)


def _reader_diagnostic(path: str, exc: yaml.reader.ReaderError, text: str) -> Diagnostic:
    """A character YAML does not allow (a control character such as NUL or BEL).

    The reader reports a byte offset (libyaml) or a character offset (pure Python), so
    find the character itself: it is the first one of its kind, since every occurrence
    is equally unacceptable.
    """
    character = exc.character if isinstance(exc.character, int) else ord(exc.character)
    index = text.find(chr(character))
    if index < 0:  # pragma: no cover - the reader found it in this text
        return Diagnostic(path, None, None, f"the character U+{character:04X} is not allowed in YAML")
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return Diagnostic(path, line, column, f"a control character (U+{character:04X}) is not allowed in YAML; remove it")


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    return lines[line][column : column + 1] if line < len(lines) else ""


def _at(event: Any) -> tuple[int, int]:
    return (event.start_mark.line + 1, event.start_mark.column + 1)


def _compose(parser: Any, doc: Document, json_path: JsonPath) -> Any:
    event = parser.get_event()
    doc.value_marks[json_path] = _at(event)
    if isinstance(event, events.AliasEvent):
        doc.refused.add(json_path)
        if event.anchor not in doc.refused_anchors:
            doc.refused_anchors.add(str(event.anchor))
            _refuse(doc, event, f"an alias (*{event.anchor}); anchors and aliases are not allowed, write the value out")
        return None
    if event.anchor is not None:
        doc.refused.add(json_path)
        doc.refused_anchors.add(event.anchor)
        _refuse(doc, event, f"an anchor (&{event.anchor}); anchors and aliases are not allowed, write the value out")
    tag = event.tag
    if isinstance(event, events.ScalarEvent):
        if tag not in _NON_SPECIFIC and tag != _STR_TAG:
            doc.refused.add(json_path)
            _refuse(doc, event, f"a YAML tag ({tag}); tags are not allowed, expected plain values")
            return None
        if tag == _STR_TAG or not event.implicit[0]:
            return event.value
        return _resolve_plain(event.value)
    if tag not in _NON_SPECIFIC and tag not in ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
        doc.refused.add(json_path)
        _refuse(doc, event, f"a YAML tag ({tag}); tags are not allowed, expected plain values")
        _skip_collection(parser)
        return None
    if len(json_path) >= MAX_DEPTH:
        _refuse(doc, event, f"lists and mappings nested more than {MAX_DEPTH} deep; expected a flatter structure")
        raise _TooDeep
    if isinstance(event, events.SequenceStartEvent):
        items: list[Any] = []
        while not parser.check_event(events.SequenceEndEvent):
            items.append(_compose(parser, doc, (*json_path, len(items))))
        parser.get_event()
        return items
    return _compose_mapping(parser, doc, json_path)


def _compose_mapping(parser: Any, doc: Document, json_path: JsonPath) -> dict[str, Any]:
    mapping: dict[str, Any] = {}
    while not parser.check_event(events.MappingEndEvent):
        key_event = parser.peek_event()
        key_position = _at(key_event)
        if not isinstance(key_event, events.ScalarEvent):
            _refuse(doc, key_event, "a mapping or list used as a key; expected a plain text key")
            _compose(parser, doc, (*json_path, "<key>"))
            _compose(parser, doc, (*json_path, "<value>"))
            continue
        raw_key = _compose(parser, doc, (*json_path, "<key>"))
        key = raw_key if isinstance(raw_key, str) else key_event.value
        if key in mapping:
            first_line = doc.key_marks[(*json_path, key)][0]
            doc.diagnostics.append(
                Diagnostic(doc.path, *key_position, f"duplicate key '{key}' (first defined on line {first_line}); keep one")
            )
            _compose(parser, doc, (*json_path, "<duplicate>"))
            continue
        doc.key_marks[(*json_path, key)] = key_position
        mapping[key] = _compose(parser, doc, (*json_path, key))
    parser.get_event()
    return mapping


def _skip_collection(parser: Any) -> None:
    depth = 1
    while depth:
        event = parser.get_event()
        if isinstance(event, (events.MappingStartEvent, events.SequenceStartEvent)):
            depth += 1
        elif isinstance(event, (events.MappingEndEvent, events.SequenceEndEvent)):
            depth -= 1


def _refuse(doc: Document, event: Any, message: str) -> None:
    doc.diagnostics.append(Diagnostic(doc.path, *_at(event), message))


def _resolve_plain(value: str) -> Any:
    """The YAML 1.2 core schema for an unquoted scalar."""
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        return int(value)
    if _OCT.match(value):
        return int(value, 0)
    if _HEX.match(value):
        return int(value, 0)
    if _FLOAT.match(value):
        return float(value)
    if match := _INF.match(value):
        return -math.inf if match.group(1) == "-" else math.inf
    if _NAN.match(value):
        return math.nan
    return value
