"""A long page's own "On this page" list: a link to each of its sections, at the top of the page.

Material shows the table of contents on the right only from 1220 px up; below that it sits in
the drawer, so on a phone a nine-screen phase page has no way to jump within it. The phase page
template leaves MARKER where the list goes; the plugin fills it from the page's table of
contents as MkDocs made it (its ids are the headings' ids, whatever slugify the host site
configured), so every link lands on a heading that exists. No Markdown extension, no script:
a <nav> of links that wraps into rows of chips at any width. A page built without the plugin
(`playbook render`) keeps only the marker, an HTML comment no reader sees.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Protocol

from markupsafe import Markup

from mkdocs_playbook.output import gate

MARKER = "<!-- pb-jump-list -->"
"""Where the phase page template wants the list (an HTML comment: Markdown passes it through)."""

LEVEL = 2
"""The sections listed: the page's `##` headings (the `#` is the page's title)."""


class TocEntry(Protocol):
    """What the list needs of MkDocs' AnchorLink (kept a protocol: only plugin/ imports mkdocs)."""

    @property
    def title(self) -> str: ...

    @property
    def id(self) -> str: ...

    @property
    def level(self) -> int: ...

    @property
    def children(self) -> Sequence[TocEntry]: ...


def sections(toc: Iterable[TocEntry]) -> list[tuple[str, str]]:
    """(id, title as text) of every `##` heading, in page order; a title in the toc is HTML, unescaped here."""
    found: list[tuple[str, str]] = []
    for entry in toc:
        if entry.level == LEVEL:
            found.append((entry.id, html.unescape(entry.title)))
        found += sections(entry.children)
    return found


def jump_list(toc: Iterable[TocEntry]) -> Markup:
    """The <nav> of links to the sections; empty when the page has fewer than two (nothing to jump between)."""
    found = sections(toc)
    if len(found) < 2:
        return Markup("")
    links = "".join(f'<li><a href="#{gate.text(anchor)}">{gate.text(title)}</a></li>' for anchor, title in found)
    return Markup(
        f'<nav class="pb-jump" aria-labelledby="pb-jump-title"><p class="pb-jump-title" id="pb-jump-title">'
        f"On this page</p><ul>{links}</ul></nav>"
    )


def fill(page_html: str, toc: Iterable[TocEntry]) -> str:
    """The page with its marker replaced by the list (a page without the marker is returned as it was)."""
    if MARKER not in page_html:
        return page_html
    return page_html.replace(MARKER, str(jump_list(toc)), 1)
