"""The paper design (output/assets/handout.css): the rules that make a handout print right, one by one.

A browser or WeasyPrint is needed to see a page, but the rules themselves are text: each test reads
the declarations of one selector and fails when the rule it stands for is dropped or changed.
"""

from __future__ import annotations

import re

import pytest

from conftest import ROOT

CSS = (ROOT / "plugins" / "mkdocs_playbook" / "output" / "assets" / "handout.css").read_text("utf-8")


def without_comments(text: str) -> str:
    return re.sub(r"/\*.*?\*/", "", text, flags=re.S)


def blocks(text: str) -> list[tuple[str, str]]:
    """(selector text, body) of every rule, nested ones (`@media`, `@page` margin boxes) flattened;
    rules for screens only (`@media screen ...`) are left out: these tests are about paper."""
    found: list[tuple[str, str]] = []
    text = without_comments(text)
    depth, start, head = 0, 0, ""
    stack: list[tuple[str, int]] = []
    for i, char in enumerate(text):
        if char == "{":
            stack.append((text[start:i].strip().split(";")[-1].strip(), i + 1))
            start = i + 1
            depth += 1
        elif char == "}":
            head, opened = stack.pop()
            body = text[opened:i]
            if not any(outer.startswith("@media screen") for outer, _ in stack):
                found.append((" ".join(head.split()), re.sub(r"\{[^{}]*\}", "", body)))
            start = i + 1
            depth -= 1
    assert depth == 0
    return found


RULES = blocks(CSS)


def declarations(selector: str) -> dict[str, str]:
    """Every declaration of the rules whose selector list holds `selector`, later ones winning."""
    merged: dict[str, str] = {}
    for head, body in RULES:
        if selector in [s.strip() for s in head.split(",")]:
            for part in body.split(";"):
                if ":" in part:
                    name, value = part.split(":", 1)
                    merged[name.strip()] = " ".join(value.split())
    assert merged, f"no rule for {selector!r}"
    return merged


@pytest.mark.parametrize(
    ("selector", "name", "value"),
    [
        # nothing split across pages
        (".pb-handout li.pb-h-item", "break-inside", "avoid"),
        (".pb-handout li.pb-h-question", "break-inside", "avoid"),
        (".pb-handout table.pb-h-table tr", "break-inside", "avoid"),
        (".pb-handout .pb-h-verdict", "break-inside", "avoid"),
        (".pb-handout .pb-h-decide", "break-inside", "avoid"),
        (".pb-handout .pb-h-focus-area", "break-inside", "avoid"),
        (".pb-handout table.pb-h-table", "break-inside", "avoid"),
        # a list's last item never starts a page alone
        (".pb-handout li.pb-h-item:last-child:not(:first-child)", "break-before", "avoid"),
        # headings kept with what follows
        (".pb-handout h2", "break-after", "avoid"),
        (".pb-handout h3", "break-after", "avoid"),
        (".pb-handout .pb-h-label", "break-after", "avoid"),
        # wide tables reflow, never clip
        (".pb-handout table.pb-h-table", "table-layout", "fixed"),
        (".pb-handout table.pb-h-table", "width", "100%"),
        (".pb-handout table.pb-h-table", "overflow", "visible"),
        (".pb-handout table.pb-h-table td", "overflow-wrap", "anywhere"),
        (".pb-handout table.pb-h-table thead", "display", "table-header-group"),
        # readable type
        (".pb-handout", "font-size", "10pt"),
        # the marks in a font that has all four glyphs
        (".pb-handout .pb-mark", "font-family",
         '"DejaVu Sans", "Segoe UI Symbol", "Apple Symbols", "Noto Sans Symbols 2", sans-serif'),
        # the named page is set on body, never below it (Chromium would start a new, empty, page)
        ("body.pb-handout-document", "page", "pb-handout"),
        ("body:has(.pb-handout)", "page", "pb-handout"),
    ],
)
def test_rule(selector: str, name: str, value: str) -> None:
    assert declarations(selector).get(name) == value


def test_page_margins_suit_a4_and_letter_and_carry_page_numbers() -> None:
    page = declarations("@page pb-handout")
    top, right, bottom, left = (float(v.removesuffix("mm")) for v in page["margin"].split())
    # US Letter is 6 mm wider and 18 mm shorter than A4: margins of 15-25 mm leave both a full column
    assert all(15 <= side <= 25 for side in (top, right, bottom, left))
    assert 216 - left - right >= 170 and 279 - top - bottom >= 230
    assert "size" not in page  # the printer's (site) or handout_document's (PDF) choice, never fixed here
    assert declarations("@bottom-right")["content"] == '"Page " counter(page) " of " counter(pages)'
    assert "content" not in declarations("@top-left")  # the phase name comes per handout, through css_string
    for box in ("@top-center", "@top-right", "@bottom-left", "@bottom-center"):  # nothing from other stylesheets
        assert declarations(box) == {"content": "none"}


def test_nothing_scrolls_or_clips_on_a_handout() -> None:
    for head, body in RULES:
        if ".pb-handout" in head:
            assert not re.search(r"overflow(-x|-y)?\s*:\s*(auto|scroll|hidden)", body), head
            assert "white-space: nowrap" not in body or "legend" in head or "gate" in head, head


def test_every_rule_is_scoped_to_handouts() -> None:
    """The stylesheet is on every page of the site: it must not restyle the others."""
    for head, _ in RULES:
        if head.startswith("@") or head.startswith("--"):
            continue
        for selector in head.split(","):
            assert ".pb-handout" in selector or "pb-handout-document" in selector, selector


@pytest.mark.parametrize(
    "chrome", [".md-header", ".md-tabs", ".md-sidebar", ".md-footer", ".md-search", ".md-content__button",
               ".md-source-file", ".md-top"],
)
def test_print_hides_materials_chrome_on_handout_pages(chrome: str) -> None:
    media = without_comments(CSS).split("@media print", 1)[1]
    hidden = [head for head, body in blocks("x {" + media.split("{", 1)[1]) if "display: none !important" in body]
    assert any(f"body:has(.pb-handout) {chrome}" in [s.strip() for s in head.split(",")] for head in hidden)


def test_marks_never_depend_on_colour() -> None:
    """Glyphs carry the meaning: no status class sets a colour of its own."""
    for head, body in RULES:
        if re.search(r"pb-mark-|pb-h-item\[data-status", head):
            pytest.fail(f"a status-specific rule: {head} {{{body}}}")
