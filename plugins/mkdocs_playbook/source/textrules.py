"""What a string in the data may hold: no HTML, no unsafe links, nothing invisible.

The output gate (output/gate.py) makes every value safe whatever it holds; these
rules make `playbook check` fail on the same values first, at `path:line:col`,
so a pull request that tries is stopped before anything is published, and a
person who typed `<b>` by accident learns what to write instead.

A problem found here does not stop a file from loading (see `blocking`): the
site still builds from the rest of the data, and shows these values as inert
text. The URL rules live here too, because the gate applies the very same ones
at output time.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import unquote, urlsplit

from mkdocs_playbook.source.diagnostics import Diagnostic, quote
from mkdocs_playbook.source.yamlread import Document, JsonPath

SAFE_LINK_SCHEMES = frozenset({"http", "https", "mailto"})

UrlKind = Literal["asset", "web"]
"""`asset`: a path inside the docs folder or an https URL (logo); `web`: an http(s) URL (evidence)."""


@dataclass(frozen=True)
class TextProblem(Diagnostic):
    """A value that breaks a text rule: reported like any problem, but the file still loads."""


def blocking(diagnostics: Iterable[Diagnostic]) -> bool:
    """Whether any problem (other than a text rule) must keep the file out of the model."""
    return any(not isinstance(d, TextProblem) for d in diagnostics)


# --- the rules, one function each ----------------------------------------------------

_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>")
_EMAIL_AUTOLINK = re.compile(r"<[^\s<>@]+@[^\s<>@]+>")
_TAG = re.compile(r"<(?:[A-Za-z/!?])")
_INLINE_LINK = re.compile(r"\]\(\s*(<[^>\n]*>|(?:[^\s()]|\([^\s()]*\))*)")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*(<[^>\n]*>|\S+)", re.MULTILINE)
_ATTR_LIST = re.compile(r"\{\s*:|\{\s*[#.][\w-]|\{\s*[A-Za-z_][\w:.-]*\s*=")
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # control characters other than tab and line breaks
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidirectional controls: reorder what is shown
    "\u200b-\u200d\u2060\ufeff]"  # zero-width characters: make two different ids look the same
)
_BACKSLASH_ESCAPE = re.compile(r"\\(?=[!-/:-@\[-`{-~])")
_SCHEME = re.compile(r"([^/?#]*?):")
_ASSET_PATH = re.compile(r"[A-Za-z0-9._~/+-]+")
_UNSAFE_URL_CHARACTER = re.compile(r"[\s\"'<>\\`{}|^]")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def link_problem(url: str) -> str | None:
    """Why a Markdown link target is refused, or None for http, https, mailto and relative links.

    Decoded as a browser would see it (entities, percent escapes, backslash
    escapes, ignored whitespace and control characters) before the scheme is read,
    so `java&#115;cript:` or `java script:` is a javascript: link too.
    """
    decoded = _BACKSLASH_ESCAPE.sub("", html.unescape(unquote(url.strip("<>"))))
    compact = "".join(c for c in decoded if unicodedata.category(c)[0] not in "CZ").lower()
    match = _SCHEME.match(compact)
    if match is None or match.group(1) in SAFE_LINK_SCHEMES:
        return None
    return f"a {match.group(1)}: link" if match.group(1) else "a link starting with ':'"


def url_problem(value: str, kind: UrlKind) -> str | None:
    """Why a URL field is refused, or None.

    Both kinds keep quotes, spaces, angle brackets and backslashes out: Material
    prints the logo unescaped inside an attribute.
    """
    if _INVISIBLE.search(value) or _UNSAFE_URL_CHARACTER.search(value):
        return "spaces, quotes, angle brackets or backslashes"
    scheme = _SCHEME.match(value)
    if scheme is not None:
        allowed = ("https",) if kind == "asset" else ("http", "https")
        name = scheme.group(1).lower()
        if name not in allowed:
            return f"a {name}: URL" if name else "a URL starting with ':'"
        parts = urlsplit(value)
        return None if parts.netloc and parts.hostname else "a URL without a host"
    if kind == "web":
        return "not an http(s) URL"
    if value.startswith("/"):
        return "an absolute path"
    if ".." in value.split("/"):
        return "a path leaving the docs folder"
    if not _ASSET_PATH.fullmatch(value):
        return "characters other than letters, digits and . _ ~ / + -"
    return None


def email_problem(value: str) -> str | None:
    return None if _EMAIL.fullmatch(value) else "not an email address"


def invisible_problem(value: str) -> str | None:
    """Why `value` can disguise itself (a control, bidirectional or zero-width character), or None.

    A right-to-left override makes `done` display as `enod`, a zero-width space makes two ids
    that differ look the same: in an id or a text a reviewer reads, either hides what a pull
    request really says.
    """
    match = _INVISIBLE.search(value)
    if match is None:
        return None
    character = match.group()
    name = unicodedata.name(character, "a control character")
    return f"holds an invisible character (U+{ord(character):04X} {name}) that can disguise text; expected it removed"


def _markdown_problems(value: str) -> Iterator[str]:
    """Problems of one string: HTML, unsafe links, attribute lists."""
    rest = _CODE_SPAN.sub("", value)
    targets = [m.group(1) for m in _INLINE_LINK.finditer(rest)] + [m.group(1) for m in _REFERENCE.finditer(rest)]
    targets += [m.group(1) for m in _AUTOLINK.finditer(rest)]
    for target in targets:
        if (reason := link_problem(target)) is not None:
            yield (
                f"links to '{_excerpt(target)}' ({reason}); expected an http, https or mailto link or a relative path"
            )
            break
    rest = _EMAIL_AUTOLINK.sub("", _AUTOLINK.sub("", rest))
    if tag := _TAG.search(rest):
        yield (
            f"holds HTML ({_tag_excerpt(rest, tag.start())}); "
            "expected plain text without tags (to show a tag, put it in backticks: `<b>`)"
        )
    if attributes := _ATTR_LIST.search(rest):
        end = rest.find("}", attributes.start())
        yield (
            f"holds an attribute list ({_excerpt(rest[attributes.start() : end + 1 if end >= 0 else None], 30)}); "
            "expected text without {: {# {. or {name=, which would set HTML attributes"
        )


def _tag_excerpt(value: str, start: int) -> str:
    end = value.find(">", start)
    tag = value[start : end + 1] if end >= 0 else value[start:]
    name = re.match(r"<[/!?]?[A-Za-z0-9-]*", tag)
    head = name.group() if name else tag[:2]
    return _excerpt(tag) if tag == head + ">" else f"{_excerpt(head)} ...>"


def _excerpt(value: str, limit: int = 40) -> str:
    """The inside of `quote`: these messages put their own quotes or brackets around it."""
    return quote(value, limit)[1:-1]


# --- walking a document ------------------------------------------------------------

_URL_FIELDS: dict[str, tuple[tuple[tuple[str | None, ...], str], ...]] = {
    # JSON path pattern (None: any key or index) -> the rule
    "organization": ((("logo",), "asset"), (("contacts", None, "email"), "email")),
    "progress": (((None, "evidence"), "web"),),
    "plan": ((("monitoring", "dashboards", None, "url"), "web"),),
}


def check_text(doc: Document, schema_name: str, reported: Iterable[JsonPath] = ()) -> None:
    """Add a `TextProblem` for every string value of `doc` that breaks a rule.

    `reported`: paths the schema has already complained about, not repeated here. The one
    exception is an invisible character, reported in every key and every value whatever else
    is wrong there: an id the schema refuses as malformed may look perfectly well-formed.
    """
    skip = set(reported)
    for path in _keys(doc.data, ()):
        if reason := invisible_problem(str(path[-1])):
            line, column = doc.mark(path, key=True)
            doc.diagnostics.append(TextProblem(doc.path, line, column, f"the key {quote(path[-1])} {reason}"))
    for path, value in _strings(doc.data, ()):
        field = _field(path)
        if reason := invisible_problem(value):
            line, column = doc.mark(path)
            doc.diagnostics.append(TextProblem(doc.path, line, column, f"{field} {reason}"))
            continue
        if any(path[:end] in skip for end in range(len(path) + 1)):
            continue
        rule = _url_rule(schema_name, path)
        if rule == "email":
            problems = (
                [f"is '{_excerpt(value)}'; expected an email address such as name@example.org"]
                if email_problem(value)
                else []
            )
        elif rule in ("asset", "web"):
            reason = url_problem(value, rule)  # type: ignore[arg-type]
            expected = (
                "a path inside the docs folder such as assets/logo.svg, or an https:// URL"
                if rule == "asset"
                else "an http:// or https:// link"
            )
            problems = [f"is '{_excerpt(value)}' ({reason}); expected {expected}"] if reason else []
        else:
            problems = list(_markdown_problems(value))
        line, column = doc.mark(path)
        doc.diagnostics += [TextProblem(doc.path, line, column, f"{field} {problem}") for problem in problems]


def _keys(data: Any, path: JsonPath) -> Iterator[JsonPath]:
    """The path of every mapping key, the key last: ids of progress entries, dates, fields."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*path, key)
            yield from _keys(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _keys(value, (*path, index))


def _strings(data: Any, path: JsonPath) -> Iterator[tuple[JsonPath, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*path, index))


def _url_rule(schema_name: str, path: JsonPath) -> str | None:
    for pattern, rule in _URL_FIELDS.get(schema_name, ()):
        if len(pattern) == len(path) and all(p is None or p == q for p, q in zip(pattern, path, strict=True)):
            return rule
    return None


def _field(path: JsonPath) -> str:
    named = [p for p in path if isinstance(p, str)]
    return f"'{named[-1]}'" if named else "the value"
