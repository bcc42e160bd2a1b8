"""The one gate between data and the published site.

Every string that comes from data (phases/, organization.yml, progress files,
metrics) reaches HTML, JSON or a MkDocs/Material template through a function of
this module, and nowhere else. A pull request can put anything into those
files, and `playbook check` may not have run, so nothing here trusts a value.

What makes this hard is that the text passes through three interpreters after
us: our Jinja templates, Python-Markdown (which MkDocs runs over the generated
page, with attr_list and md_in_html on) and Material's templates (Jinja with
autoescape off; `striptags` un-escapes entities). So:

- plain fields (titles, names, notes...) are HTML-escaped AND every character
  Markdown, attr_list or Jinja gives meaning to is written as a numeric
  character reference, and newlines become `&#10;`: whatever re-reads the text
  later finds nothing to interpret, and the browser still shows it as written;
- Markdown-capable fields (item text, summaries...) are rendered here with
  markdown-it-py, raw HTML off, links limited to http, https, mailto and
  relative paths; the HTML it makes sits in raw HTML blocks, which
  Python-Markdown leaves alone, and its text nodes are encoded as above;
- URLs (logo, evidence, commit links, mailto) pass the same rules the checker
  applies (source/textrules.py), and a value that fails is dropped;
- page titles and the site name are handed to Material as `Markup` holding
  escaped text: Material prints them unescaped into `<title>`, the header and
  the navigation (which decode the entities once, so they display right), and
  `| e` leaves `Markup` alone, so they are not escaped twice in attributes;
- JSON (progress.json) keeps the literal text but writes `<`, `>` and `&` as
  `\\u003c`-style escapes, so no file of the site holds a raw tag.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup

from mkdocs_playbook.source.textrules import email_problem, link_problem, url_problem

_ENTITIES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&#39;",
    "\n": "&#10;",
    "\r": "&#13;",
}
_SPECIAL = "[](){}*_`\\#!|~:+=$%^"
"""Characters that Markdown, its extensions (attr_list, admonitions, tables,
snippets, critic, footnotes, math) or Jinja can give meaning to."""
_TABLE = str.maketrans({**{c: f"&#{ord(c)};" for c in _SPECIAL}, **_ENTITIES})
_ATTRIBUTE_TABLE = str.maketrans(_ENTITIES)


def text(value: object) -> Markup:
    """Plain text, safe in element content and in quoted attribute values.

    `Markup` passes unchanged: it is what this module (or a template built from
    its output) has already made safe.
    """
    if isinstance(value, Markup):
        return value
    return Markup(str(value).translate(_TABLE))


def attribute(value: str) -> Markup:
    """A value (a URL) for a quoted attribute that no Markdown processor ever parses.

    URLs keep their `:` and `/` readable in the page source; `text` is for everything else.
    """
    return Markup(value.translate(_ATTRIBUTE_TABLE))


def markdown_line(value: object) -> Markup:
    """Plain text on a Markdown line (a heading, the start of a paragraph).

    Like `text`, and the first character is a character reference too, so a
    value such as `- x`, `1. x` or `---` cannot start a list or a rule.
    """
    encoded = text(str(value).strip())
    if encoded and not encoded[0].isalpha() and not encoded.startswith("&"):
        encoded = Markup(f"&#{ord(encoded[0])};") + encoded[1:]
    return encoded


def inline(value: str) -> Markup:
    """A Markdown-capable field, rendered inline (emphasis, code, safe links)."""
    return Markup(_markdown.renderInline(value).strip())


def block(value: str) -> Markup:
    """A Markdown-capable field, rendered as block HTML (paragraphs, lists).

    The result is one raw HTML block for Python-Markdown: no blank line inside
    (newlines in text are `&#10;`), each line starting with a block-level tag.
    """
    return Markup(_markdown.render(value).strip())


def web_url(value: str | None) -> Markup | None:
    """An http(s) URL for an href (evidence, commit links), or None when it is not one."""
    if not value or url_problem(value, "web") is not None:
        return None
    return attribute(value)


def asset_url(value: str | None) -> str | None:
    """A logo or other asset for the theme: a path inside the docs folder or an https URL.

    Material prints it unescaped (`src="{{ config.theme.logo | url }}"`), so the
    rule also keeps quotes, spaces and angle brackets out.
    """
    if not value or url_problem(value, "asset") is not None:
        return None
    return value


def mailto(value: str | None) -> Markup | None:
    """A mailto: href for a contact's email address, or None when it is not an address."""
    if not value or email_problem(value) is not None:
        return None
    return attribute("mailto:" + quote(value, safe="@.+-_"))


def internal_url(value: str) -> Markup:
    """A link the plugin computed to one of the site's own pages (never from data)."""
    return Markup(quote(value, safe="/#.-_~"))


def page_title(value: str) -> Markup:
    """A page title (or the site name) for Material's templates; see the module docstring."""
    return text(" ".join(value.split()))


def css_string(value: object) -> Markup:
    """A quoted CSS string (`content: ...` of a page margin box) holding any text as written.

    Every character but ASCII letters, digits and the space is a `\\HHHHHH ` escape (six hex
    digits and the space that ends it), so no quote, backslash, newline, `<` or `</style>` is
    left for CSS or HTML to read: the result is safe inside a `<style>` element, where HTML
    entities mean nothing, and Markdown finds nothing in it to interpret besides backslashes
    before hex digits, which it leaves alone in raw HTML.
    """
    escaped = "".join(c if c == " " or (c.isascii() and c.isalnum()) else f"\\{ord(c):06X} " for c in str(value))
    return Markup(f'"{escaped}"')


def json_document(document: object) -> str:
    """JSON with the literal text, but no raw `<`, `>` or `&` anywhere in the file.

    The replacements only ever meet those characters inside strings, where the
    `\\u` escapes mean the same; U+2028 and U+2029 are escaped too, so the
    document is also safe to embed in a script.
    """
    dumped = json.dumps(document, indent=2, ensure_ascii=False)
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        dumped = dumped.replace(raw, escaped)
    return dumped + "\n"


def template_data(value: Any) -> Any:
    """The progress document for mkdocs-macros' Jinja (autoescape off): every string made `text`.

    A hand-written page that prints `{{ phase.title }}` then prints escaped text;
    `Markup` still compares equal to the plain string, so `phase.id == 'pilot'` works.
    """
    if isinstance(value, str):
        return text(value)
    if isinstance(value, Mapping):
        return {key: template_data(item) for key, item in value.items()}
    if isinstance(value, Sequence):
        return [template_data(item) for item in value]
    return value


# --- Markdown -----------------------------------------------------------------------


class _Renderer(RendererHTML):
    """markdown-it's HTML renderer with every text node and attribute encoded by `text`."""

    @staticmethod
    def renderAttrs(token: Token) -> str:
        return "".join(f' {attribute(name)}="{attribute(str(value))}"' for name, value in token.attrItems())

    def text(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        return str(text(tokens[idx].content))

    def softbreak(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        return " "

    def code_inline(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        return f"<code>{text(tokens[idx].content)}</code>"

    def code_block(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        return f"<pre><code>{text(tokens[idx].content)}</code></pre>\n"

    def fence(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        return self.code_block(tokens, idx, options, env)

    def image(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        token.attrSet("alt", self.renderInlineAsText(token.children, options, env))
        return f"<img{self.renderAttrs(token)}>"


def _validate_link(url: str) -> bool:
    """Only http, https, mailto and relative links survive; others stay literal text."""
    return link_problem(url) is None


_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}, renderer_cls=_Renderer)
_markdown.validateLink = _validate_link  # type: ignore[method-assign]
