"""One line of a progress file, read exactly as the loader reads it, but fast.

History sees progress files as patch lines (``+id: done``), hundreds of
thousands of them in a long-lived repository, so reading each with the full
YAML reader and the JSON Schema would cost more than git itself. Two paths,
one answer:

* A compiled regex reads the forms `playbook tick` writes and people type
  (``id: done``, ``'id': "done"``, ``id: {status: done, by: x, note: y}``)
  and checks each field against the progress schema's own rules (read from
  the schema, not copied). It answers only for lines whose meaning it is sure
  of: plain values that YAML 1.2 core reads as text, quoted values without
  escapes, no duplicate or unknown fields, no control characters.
* Every other line goes through the project's one reader
  (`source.yamlread.read_text`: YAML 1.2 core, so ``on``, ``no`` and ``10``
  are text keys and dates stay text) and the schema validation the loader
  uses. A test compares both paths on many lines.

A line that does not read as a valid entry comes back as `BrokenLine`, never
as an exception: an old commit's bad line must not break today's build.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, NamedTuple

from jsonschema import FormatChecker

from mkdocs_playbook.source.schema import load_schema, validate
from mkdocs_playbook.source.textrules import blocking
from mkdocs_playbook.source.yamlread import read_text

__all__ = ["BrokenLine", "ProgressLine", "parse_progress_line"]


class ProgressLine(NamedTuple):
    """A valid one-line entry: the item or question id, and its status (None: no status, todo)."""

    item_id: str
    status: str | None


@dataclass(frozen=True)
class BrokenLine:
    """A line that is not a valid entry, and why. `item_id` when the key could be read."""

    problem: str
    item_id: str | None = None


# --- the rules, from the progress schema ---------------------------------------------

_SCHEMA: Final = load_schema("progress")
_ENTRY: Final = _SCHEMA["additionalProperties"]
STATUS_WORDS: Final = frozenset(_ENTRY["then"]["enum"])
_FIELDS: Final[dict[str, dict[str, Any]]] = _ENTRY["else"]["properties"]
_ID_MAX: Final[int] = _SCHEMA["$defs"]["id"]["maxLength"]
_FORMATS: Final = FormatChecker()


def _text_rule(rule: dict[str, Any]) -> Callable[[str], bool] | None:
    """A check of a text value against one field's schema, or None when this path leaves
    the field to the slow path (a rule it does not check, a type other than text)."""
    if rule.get("type", "string") != "string" or "pattern" in rule:
        return None
    if "enum" in rule:
        return frozenset(rule["enum"]).__contains__
    shortest, form = rule.get("minLength", 0), rule.get("format")
    if form is not None:
        return lambda value: len(value) >= shortest and _FORMATS.conforms(value, form)
    return lambda value: len(value) >= shortest


_RULES: Final = {name: check for name, rule in _FIELDS.items() if (check := _text_rule(rule)) is not None}
"""Field name -> does the schema accept this text. A field missing here (unknown, or
checked only by the slow path) makes the fast path unsure."""


# --- the fast path ---------------------------------------------------------------------

_ID: Final = r"[a-z0-9]++(?:-[a-z0-9]++)*+"  # the schema's id pattern, possessive
_KEY: Final = rf"""(?:(?P<key>{_ID})|'(?P<sq>{_ID})'|"(?P<dq>{_ID})")"""
_STATUS: Final = "|".join(sorted(STATUS_WORDS))
_LINE_RE: Final = re.compile(
    _KEY + r"[ \t]*:(?:[ \t]++"
    r"(?:(?P<quote>['\"]?)(?P<status>" + _STATUS + r")(?P=quote)"
    r"""|\{(?P<flow>(?:[^{}\[\]"'#?\n]++|"[^"\\\n]*+"|'[^'\n]*+')*+)\})"""
    r"(?:[ \t]++(?:#.*)?)?"
    r"|(?P<head>(?:[ \t]++#.*|[ \t]*+)))$"
)
"""`id: status`, `id: {flow mapping}`, or `id:` alone (the head of a block entry, whose
fields are on indented lines a one-line reader does not see: an entry without a status).
Possessive quantifiers keep an unclosed brace from backtracking."""
_PLAIN: Final = r"[^,:#?\[\]{}]"  # what a plain flow value may hold besides glued colons
_FLOW_PAIR_RE: Final = re.compile(
    r"[ \t]*+(?P<key>[a-z][a-z0-9_-]*+)[ \t]*+:[ \t]++"
    r"""(?P<value>"[^"\\\n]*+"|'[^'\n]*+'"""
    rf"""|[^\s,:#?\[\]{{}}&*!|>%@`'"-]{_PLAIN}*?(?::[^\s,:#?\[\]{{}}]{_PLAIN}*?)*?)?"""
    r"[ \t]*+(?P<comma>,|$)"
)
"""One `key: value` pair of a flow mapping and the comma after it. A plain value has no
leading indicator, and a colon only when glued to the next character: then the commas
that separate pairs are exactly the ones YAML sees."""
_NOT_SURELY_TEXT: Final = re.compile(r"(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[0-9+.-].*)")
"""Plain values YAML 1.2 core may read as null, a boolean or a number (a superset)."""
_MAYBE_NOT_TEXT: Final = frozenset("~nNtTfF0123456789+.-")
_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_UNSURE: Final = re.compile("[^\t\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
"""Characters YAML refuses (controls, surrogates from bytes that are not UTF-8) or reads
as line breaks (NEL, LS, PS), and a byte-order mark: the reader has its own word for these."""
_SKIP: Final = re.compile(r"(?:---|\.\.\.)(?:[ \t].*)?|%.*")
"""Document markers and directives: allowed in a file, never an entry."""


def parse_progress_line(line: str) -> ProgressLine | BrokenLine | None:
    """Read one line of a progress file.

    None for lines that are no entry (blank, a comment, indented, a document marker);
    a `ProgressLine` for a valid one-line entry (and for `id:` alone, the first line of a
    block entry); a `BrokenLine` saying why for anything else.
    """
    text = line.rstrip("\r\n")
    if not text or text[0] in " \t#" or _SKIP.fullmatch(text):
        return None
    if text[0] == "\ufeff":
        # A file's own byte-order mark is removed with its first line's (history/logparse.py);
        # one anywhere else is part of the key, which the loader refuses (the reader alone
        # would skip it, as if the line began the file).
        return BrokenLine("holds a byte-order mark (U+FEFF) before its id; expected it only at the start of the file")
    if _UNSURE.search(text) is None:
        match = _LINE_RE.match(text)
        found = _read_match(match) if match is not None else None
        if found is not None:
            return found
    return _read_slowly(text)


def _read_match(match: re.Match[str]) -> ProgressLine | None:
    """The entry a matched line holds, or None when the fast path is not sure of it."""
    key = match["key"] or match["sq"] or match["dq"]
    if len(key) > _ID_MAX:
        return None
    if match["head"] is not None:
        return ProgressLine(key, None)
    if match["status"] is not None:
        return ProgressLine(key, match["status"])
    sure, status = _flow_status(match["flow"])
    return ProgressLine(key, status) if sure else None


def _flow_status(inner: str) -> tuple[bool, str | None]:
    """(sure, status) for the inside of a one-line flow mapping; sure only if every field is valid."""
    status: str | None = None
    seen: set[str] = set()
    position, end = 0, len(inner)
    while position < end:
        pair = _FLOW_PAIR_RE.match(inner, position)
        if pair is None:
            if inner[position:].strip(" \t"):
                return False, None
            break  # only blanks after the last comma, as in `{a: b, }`
        name, value = pair["key"], pair["value"]
        if value is None or name in seen:
            return False, None  # a null value, or a duplicate field: the reader reports both
        seen.add(name)
        if value[:1] in ("'", '"'):
            value = value[1:-1]
        elif value[0] in _MAYBE_NOT_TEXT and _NOT_SURELY_TEXT.fullmatch(value) and not _DATE.fullmatch(value):
            return False, None
        check = _RULES.get(name)
        if check is None or not check(value):
            return False, None
        if name == "status":
            status = value
        position = pair.end()
        if not pair["comma"]:
            break
    return True, status


# --- the slow path: the loader's own reader and schema ------------------------------------

_KEY_GUESS: Final = re.compile(_KEY + r"[ \t]*:")


def _read_slowly(text: str) -> ProgressLine | BrokenLine:
    """The exact path: `read_text` and the progress schema, as `playbook check` reads a file."""
    guess = _KEY_GUESS.match(text)
    guessed = (guess["key"] or guess["sq"] or guess["dq"]) if guess else None
    try:
        doc = read_text(text, "line")
        data = doc.data
        if doc.diagnostics:
            return BrokenLine(doc.diagnostics[0].message, guessed)
        if not isinstance(data, dict) or len(data) != 1:
            return BrokenLine("not an entry; expected `id: status` or `id: {status: ..., ...}`", guessed)
        ((key, value),) = data.items()
        if doc.key_marks.get((key,)) != (1, 1):
            return BrokenLine("not an entry; expected the id at the start of the line", guessed)
        validate(doc, "progress", "the entry")
        # a text-rule problem (HTML in a note...) fails `playbook check`, not the status
        problems = [d for d in doc.diagnostics if blocking([d])]
        if problems:
            return BrokenLine(problems[0].message, key)
    except Exception as error:
        # The reader is meant to report every problem as a diagnostic; if it ever raises
        # (an integer too long for int(), a parser bug), one old commit must not make
        # every later build fail.
        return BrokenLine(f"cannot be read ({type(error).__name__}: {error})"[:200], guessed)
    if isinstance(value, dict):
        status = value.get("status")
        return ProgressLine(key, status if isinstance(status, str) else None)
    return ProgressLine(key, value if isinstance(value, str) else None)
