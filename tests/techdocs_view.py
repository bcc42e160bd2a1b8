"""A built page as Backstage's TechDocs reader shows it, for the tests that check it still reads.

Backstage passes each page through DOMPurify before showing it
(plugins/techdocs/src/reader/transformers/sanitizeDOM.ts): `<style>` is
forbidden, every `<script>` and event-handler attribute goes, and of the
`<link>` elements only Material's main stylesheet (`main.<8 hex>.min.css`) and
Google's fonts stay stylesheets. The palette stylesheet, the plugin's own
`playbook.css` and every `extra_css` are gone. Inline SVG, `style` attributes,
`data-*`, `aria-*`, `<time>`, `<progress>` and disabled checkboxes survive.

This is that transformation on the built HTML, in Python, so the suite runs it
without Node: what it removes is what a reader in Backstage never gets.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

MATERIAL_MAIN_CSS = re.compile(r"main\.[A-Fa-f0-9]{8}\.min\.css$")
"""The one stylesheet of the site Backstage keeps (its TECHDOCS_CSS pattern)."""
GOOGLE_FONTS = re.compile(r"^https://fonts\.googleapis\.com")


def kept_stylesheet(href: str) -> bool:
    return bool(MATERIAL_MAIN_CSS.search(href) or GOOGLE_FONTS.search(href))


def strip_like_techdocs(html: str) -> str:
    """The page with what TechDocs removes removed; everything else as built."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(["style", "script"]):
        tag.decompose()
    for link in soup.find_all("link"):
        if not kept_stylesheet(str(link.get("href", ""))):
            link.decompose()
    for tag in soup.find_all(True):
        for name in [name for name in tag.attrs if name.lower().startswith("on")]:
            del tag[name]
    return str(soup)
