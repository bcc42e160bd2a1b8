"""Read untrusted YAML into plain data, remembering where every value stood.

This is the one YAML reader of the project: checking, loading, editing and history all
read through it, so they agree on what a file says and where.

A pull request can put anything into a YAML file, so this reader builds plain
dicts, lists and scalars straight from the parser's events: it never runs a
constructor for a tag (and refuses every tag), refuses anchors and aliases (an
alias bomb expands when anything walks the result), reports duplicate keys
(PyYAML keeps the last one silently), and records the line and column of every
key and value so schema and cross-reference errors can point at the exact spot.
For the top of the document it also keeps character spans and styles
(`Document.spans`), which is what the editor needs to change one value in place.

Scalars follow the YAML 1.2 core schema, which is what editors using
yaml-language-server apply: only `true`/`false` are booleans (`yes`, `no`,
`on` and `off` stay text) and dates stay text until the schema checks them.
Mapping keys are always their text: `on:`, `10:` and `'10':` are the keys "on", "10", "10".

The site's own mkdocs.yml is read `trusted`: MkDocs allows tags (`!ENV`, `!!python/name:...`)
and anchors there, so a tagged value stays `Tagged(tag, value)` and an alias `Tagged("*", name)`,
unconstructed and unexpanded, for the caller to resolve the few it needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml import events

from mkdocs_playbook.source.diagnostics import Diagnostic, quote
from mkdocs_playbook.source.limits import DEFAULT_MAX_FILE_MB, file_size_problem, length_problem
from mkdocs_playbook.source.scalars import read_scalar, surrogate_problem
from mkdocs_playbook.source.yamlerrors import reader_diagnostic, syntax_diagnostic

_FAST_PARSER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_REFERENCE_PARSER: type = yaml.SafeLoader
"""libyaml reads valid files 3.5 to 5.6 times faster; PyYAML's own parser is the reference
for invalid ones. libyaml's limits and wording change between releases (6.0.4 added its own
nesting limit, which fires before ours because its scanner reads a flow collection ahead),
so a file libyaml rejects is read again by the reference parser: the first problem reported,
and its position, are then the same whatever libyaml is installed."""

JsonPath = tuple[str | int, ...]

MAX_DEPTH = 40
"""Deeper nesting than any playbook needs. Reading stops there: a hostile file nested
thousands deep would otherwise exhaust the recursion of the reader, and libyaml slows
down quadratically with the depth of flow collections (100,000 '[' took 20 seconds)."""

SPAN_DEPTH = 2
"""Spans are kept for the document, its top-level entries and their fields: exactly what the
editor splices in a progress file. Deeper values keep their line and column only, which is
all an error message needs, so reading a large phase file costs no more than before."""

_SCALAR_STYLES = {None: "plain", "'": "single", '"': "double", "|": "literal", ">": "folded"}
BLOCK_SCALAR_STYLES = ("literal", "folded")


@dataclass(frozen=True, slots=True)
class Tagged:
    """A value of a trusted file left as written: its tag (`!ENV`, `*` for an alias) and its plain value."""

    tag: str
    value: Any


@dataclass(frozen=True, slots=True)
class Span:
    """Where a node's own text lies in `Document.text`, and how it is written.

    `start` is the node's first character (its tag or anchor, if it has one). `end` is just
    past its own text: a flow collection's closing bracket, a block collection's last child
    (not the blank and comment lines after it, which belong to whatever follows), a block
    scalar's last non-blank line. An empty value (`key:`) has `start == end`.
    `style` is `plain`, `single`, `double`, `literal` or `folded` for a scalar, `flow`
    (`{...}`, `[...]`) or `block` for a collection, and `alias` for an alias.
    """

    start: int
    end: int
    style: str

    @property
    def empty(self) -> bool:
        return self.start == self.end


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
    """Values already reported (a tag, an anchor, an alias, a number out of range): the schema
    must not report them a second time (an alias reads as 'nothing (null)'), and a progress
    entry holding one is broken."""
    text: str = field(default="", repr=False)
    """The text that was read, without a leading byte-order mark: what spans index into."""
    bom: str = ""
    """The byte-order mark the text started with ('' or U+FEFF), kept so an edit can keep it."""
    spans: dict[JsonPath, Span] = field(default_factory=dict, repr=False)
    """Values down to SPAN_DEPTH, by JSON path; `()` is the whole document."""
    key_spans: dict[JsonPath, Span] = field(default_factory=dict, repr=False)
    """Mapping keys down to SPAN_DEPTH, by the JSON path of the value they name."""
    explicit_end: bool = False
    """The document closes with `...`: nothing can be appended after it."""
    max_mb: float = field(default=DEFAULT_MAX_FILE_MB, repr=False)
    """The size limit the text was read under: reading an edit of it again applies the same."""

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


def read_file(
    path: Path, display: str | None = None, max_mb: float = DEFAULT_MAX_FILE_MB, *, trusted: bool = False
) -> Document:
    """Read and parse one file; every problem ends up in `Document.diagnostics`.

    A file larger than `max_mb` is refused before it is read: parsing and checking cost
    grows with the size, and a pull request can make a file as large as it likes.
    """
    name = display or str(path)
    if path.is_symlink():
        # a pull request could point a data file at anything on the CI machine,
        # and error messages quote what they read
        return Document(name, diagnostics=[Diagnostic(name, None, None, "is a symbolic link; expected a regular file")])
    try:
        too_large = file_size_problem(path.stat().st_size, max_mb)
        if too_large is not None:
            return Document(name, diagnostics=[Diagnostic(name, None, None, too_large)])
        raw = path.read_bytes()
    except OSError as exc:
        return Document(name, diagnostics=[Diagnostic(name, None, None, f"cannot read file: {exc.strerror}")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        # editors count characters, not bytes: decode the valid start of the line to count them
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8-sig" if line == 1 else "utf-8")) + 1
        message = f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; save the file as UTF-8"
        return Document(name, diagnostics=[Diagnostic(name, line, column, message)])
    return read_text(text, name, max_mb, trusted=trusted)


def read_text(text: str, path: str, max_mb: float = DEFAULT_MAX_FILE_MB, *, trusted: bool = False) -> Document:
    """Parse `text`; every problem ends up in `Document.diagnostics`, named after `path`.

    Text larger than `max_mb` (in UTF-8) is refused unparsed, as `read_file` refuses a large
    file: text comes from git revisions and the editor too.

    A leading byte-order mark is set aside (`Document.bom`): libyaml does not count it in
    its character offsets and PyYAML's own parser does, so without this the spans and the
    columns of the first line would depend on which parser ran.
    """
    size = len(text) if len(text) * 4 <= max_mb * 1_000_000 else len(text.encode("utf-8", "replace"))
    if too_large := file_size_problem(size, max_mb):
        return Document(path, diagnostics=[Diagnostic(path, None, None, too_large)], max_mb=max_mb)
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    doc = _read(body, path, _FAST_PARSER, trusted)
    if doc.syntax_error and _FAST_PARSER is not _REFERENCE_PARSER:
        doc = _read(body, path, _REFERENCE_PARSER, trusted)
    doc.bom = bom
    doc.max_mb = max_mb
    return doc


def _read(text: str, path: str, parser_class: type, trusted: bool) -> Document:
    doc = Document(path, text=text)
    parser = parser_class(text)
    try:
        _expect(parser, events.StreamStartEvent)
        if parser.check_event(events.StreamEndEvent):
            doc.empty = True
            return doc
        _expect(parser, events.DocumentStartEvent)
        doc.data = _Composer(parser, doc, trusted).node(())
        doc.explicit_end = bool(_expect(parser, events.DocumentEndEvent).explicit)
        if not parser.check_event(events.StreamEndEvent):
            start = parser.peek_event().start_mark
            doc.diagnostics.append(
                Diagnostic(
                    path,
                    start.line + 1,
                    start.column + 1,
                    "a second YAML document ('---'); expected one document a file",
                )
            )
    except yaml.MarkedYAMLError as exc:
        doc.syntax_error = True
        doc.diagnostics.append(syntax_diagnostic(path, exc, text))
    except yaml.reader.ReaderError as exc:
        doc.diagnostics.append(reader_diagnostic(path, exc, text))
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


def _at(event: Any) -> tuple[int, int]:
    return (event.start_mark.line + 1, event.start_mark.column + 1)


def _start(event: Any) -> int:
    """A character index into the text read (libyaml and PyYAML agree, non-ASCII included)."""
    return int(event.start_mark.index)


def _end(event: Any) -> int:
    return int(event.end_mark.index)


class _Composer:
    """Builds plain data from parser events, recording marks and (near the top) spans.

    `end` follows the text: after each node it is where that node's own text ends, which
    is how a block collection learns its end from its last child without a second pass.
    """

    def __init__(self, parser: Any, doc: Document, trusted: bool = False) -> None:
        self.parser = parser
        self.trusted = trusted
        self.doc = doc
        self.text = doc.text
        self.end = 0

    def node(self, json_path: JsonPath) -> Any:
        event = self.parser.get_event()
        doc = self.doc
        doc.value_marks[json_path] = _at(event)
        start = _start(event)
        if isinstance(event, events.AliasEvent):
            self._record(json_path, start, _end(event), "alias")
            if self.trusted:
                return Tagged("*", str(event.anchor))
            doc.refused.add(json_path)
            if event.anchor not in doc.refused_anchors:
                doc.refused_anchors.add(str(event.anchor))
                self._refuse(
                    event, f"an alias (*{event.anchor}); anchors and aliases are not allowed, write the value out"
                )
            return None
        accepted = self.trusted or self._properties(event, json_path)  # a trusted file may have both
        value = self._value(event, json_path, start, accepted)
        return Tagged(str(event.tag), value) if self.trusted and event.tag is not None else value

    def _value(self, event: Any, json_path: JsonPath, start: int, accepted: bool) -> Any:
        if isinstance(event, events.ScalarEvent):
            value = self._scalar(event, json_path) if accepted else None
            style = _SCALAR_STYLES.get(event.style, "plain")
            end = _end(event)
            if style in BLOCK_SCALAR_STYLES:
                while end > start and self.text[end - 1] in " \t\r\n":
                    end -= 1
            self._record(json_path, start, end, style)
            return value
        if not accepted:
            self.end = _skip_collection(self.parser)
            self._record(json_path, start, self.end, "flow" if event.flow_style else "block")
            return None
        if len(json_path) >= MAX_DEPTH:
            self._refuse(event, f"lists and mappings nested more than {MAX_DEPTH} deep; expected a flatter structure")
            raise _TooDeep
        value = self._sequence(json_path) if isinstance(event, events.SequenceStartEvent) else self._mapping(json_path)
        closing = self.parser.get_event()
        if event.flow_style:
            self.end = _end(closing)
        self._record(json_path, start, self.end, "flow" if event.flow_style else "block")
        return value

    def _record(self, json_path: JsonPath, start: int, end: int, style: str) -> None:
        if end > start:  # an empty value ends where its key did: `key:` has no text of its own
            self.end = end
        if len(json_path) <= SPAN_DEPTH:
            self.doc.spans[json_path] = Span(start, end, style)

    def _properties(self, event: Any, json_path: JsonPath) -> bool:
        """Refuse an anchor or a tag; False when the value cannot be read (a tag)."""
        doc = self.doc
        if event.anchor is not None:
            doc.refused.add(json_path)
            doc.refused_anchors.add(event.anchor)
            self._refuse(
                event, f"an anchor (&{event.anchor}); anchors and aliases are not allowed, write the value out"
            )
        if event.tag is not None:
            # every tag, `!!str` and `!` included: the README promises none, and a value
            # must mean the same to every reader and survive an edit unchanged
            doc.refused.add(json_path)
            self._refuse(event, f"a YAML tag ({event.tag}); tags are not allowed, expected plain values")
            return False
        return True

    def _scalar(self, event: Any, json_path: JsonPath) -> Any:
        value, problem = read_scalar(event.value, plain=bool(event.implicit[0]))
        if problem is not None:
            self.doc.refused.add(json_path)
            self._refuse(event, problem)
        return value

    def _sequence(self, json_path: JsonPath) -> list[Any]:
        items: list[Any] = []
        while not self.parser.check_event(events.SequenceEndEvent):
            items.append(self.node((*json_path, len(items))))
        return items

    def _mapping(self, json_path: JsonPath) -> dict[str, Any]:
        doc = self.doc
        mapping: dict[str, Any] = {}
        while not self.parser.check_event(events.MappingEndEvent):
            key_event = self.parser.peek_event()
            if not isinstance(key_event, events.ScalarEvent):
                self._refuse(key_event, "a mapping or list used as a key; expected a plain text key")
                self.node((*json_path, "<key>"))
                self.node((*json_path, "<value>"))
                continue
            key = self._key((*json_path, "<key>"))
            key_path = (*json_path, key)
            if key in mapping:
                first_line = doc.key_marks[key_path][0]
                doc.diagnostics.append(
                    Diagnostic(
                        doc.path,
                        *_at(key_event),
                        f"duplicate key {quote(key)} (first defined on line {first_line}); keep one",
                    )
                )
                self.node((*json_path, "<duplicate>"))
                continue
            doc.key_marks[key_path] = _at(key_event)
            if len(key_path) <= SPAN_DEPTH:
                doc.key_spans[key_path] = Span(
                    _start(key_event), self.end, _SCALAR_STYLES.get(key_event.style, "plain")
                )
            mapping[key] = self.node(key_path)
        return mapping

    def _key(self, json_path: JsonPath) -> str:
        """A key is its text, whatever it would resolve to as a value (`on`, `10`, `null`)."""
        event = self.parser.get_event()
        if not self.trusted:
            self._properties(event, json_path)
        self.end = _end(event)
        if problem := length_problem(event.value, "a key") or surrogate_problem(event.value):
            self._refuse(event, problem)
        return str(event.value)

    def _refuse(self, event: Any, message: str) -> None:
        self.doc.diagnostics.append(Diagnostic(self.doc.path, *_at(event), message))


def _skip_collection(parser: Any) -> int:
    """Read past a collection that is not read (a tagged one); returns where it ends."""
    depth = 1
    while True:
        event = parser.get_event()
        if isinstance(event, (events.MappingStartEvent, events.SequenceStartEvent)):
            depth += 1
        elif isinstance(event, (events.MappingEndEvent, events.SequenceEndEvent)):
            depth -= 1
            if not depth:
                return _end(event)
