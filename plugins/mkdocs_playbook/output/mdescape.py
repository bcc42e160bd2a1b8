"""Text from a pull request as literal Markdown: what every part of the PR comment quotes through.

Its own module so the comment's parts (`pr_markdown`, `pr_gate`) share one rule.
"""

from __future__ import annotations

from typing import Final

_MARKDOWN_SPECIALS: Final = frozenset("\\`*_{}[]()#+-.!|~<>@&:$")
"""Every character Markdown, GitHub Flavored Markdown or GitHub itself gives a meaning to:
emphasis, code, links and images, headings and lists, tables, strikethrough, raw HTML and
entities, autolinks (`http:`, `www.`), mentions, emoji (`:x:`) and math (`$`)."""
_WORD_JOINER: Final = "\u2060"


def escape_markdown(text: str) -> str:
    """`text` as literal Markdown on one line, whatever it holds.

    Line breaks and runs of whitespace become one space (a newline could start a heading,
    a list or raw HTML block), invisible control characters are dropped, and every special
    character is backslash-escaped. `@` is followed by an invisible word joiner as well:
    GitHub links mentions in the rendered text, after Markdown escapes are gone.
    """
    visible = "".join(c for c in " ".join(text.split()) if c.isprintable())
    out = []
    for c in visible:
        if c in _MARKDOWN_SPECIALS:
            out.append("\\" + c)
            if c == "@":
                out.append(_WORD_JOINER)
        else:
            out.append(c)
    return "".join(out)
