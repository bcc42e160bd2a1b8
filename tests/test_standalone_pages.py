"""Pages that stand on their own (issue 15): what a reader gets when only Material's main stylesheet is left.

Backstage's TechDocs shows a page without `playbook.css`, `handout.css`, `<style>` or `<script>`
(tests/techdocs_view.py). The example's dashboard, phase pages, plan pages and handouts are stripped
that way and read as text the way a browser lays it out: a block element (or `<br>`) starts a line, and
inside a line the parts of it (a state, who ticked an item, an owner, a due date) must be set apart by
something written in the page (" · ", a colon, parentheses), not by a margin or a `::before` of ours.
Every state is an icon and a word, from output/verdictview.py's one table. A screenshot of the stripped
dashboard and phase page lands in build/screenshots/stripped-*.png for a person to look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from playwright.sync_api import Browser
from techdocs_view import strip_like_techdocs

from browser import WIDTHS, browser, serve, session
from conftest import Project
from mkdocs_playbook import model as m
from mkdocs_playbook.output.handout import MARKS
from mkdocs_playbook.output.verdictview import ITEM_STATES, VERDICTS
from mkdocs_playbook.status.verdict import Verdict

BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt", "figcaption", "figure",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "nav", "ol", "p", "pre", "section",
    "summary", "table", "td", "th", "tr", "ul",
})
"""Elements that start a line of their own in a browser with no stylesheet but its defaults (cells: a box each)."""

SEPARATORS = ("pb-sep", "pb-h-sep")
"""Classes of the separators the pages write between the parts of a line."""

LINES = (
    ".pb-meta", ".pb-h-meta", ".pb-progress-label", ".pb-verdict-line", ".pb-gate-block > .admonition-title",
    ".pb-recent > li", ".pb-h-verdict-line", ".pb-h-legend", "li.pb-item", "table[data-pb=stages] td",
    "table[data-pb=criteria] td", "li.pb-h-item",
)
"""Lines made of parts: no two of their parts may touch without a written separator or word between them."""

BREAK = "\x00"
"""Where reader_lines breaks a line (never in a page's text)."""

STATE_WORDS = {status: f"{label.icon} {label.word}" for status, label in ITEM_STATES.items()}
VERDICT_WORDS = {verdict: f"{label.icon} {label.word}" for verdict, label in VERDICTS.items()}


def reader_lines(tag: Tag) -> list[str]:
    """The text of `tag` as lines, broken where a browser breaks them without any stylesheet of ours."""
    out: list[str] = []

    def walk(node: Tag | NavigableString) -> None:
        if isinstance(node, Comment):
            return
        if isinstance(node, NavigableString):
            out.append(str(node).replace("\n", " "))  # a newline in the source is a space
            return
        block = node.name in BLOCKS
        if block:
            out.append(BREAK)
        for child in node.children:
            walk(child)  # type: ignore[arg-type]
        if block:
            out.append(BREAK)

    walk(tag)
    return [line for line in (" ".join(raw.split()) for raw in "".join(out).split(BREAK)) if line]


def flat(tag: Tag) -> str:
    return " ".join(tag.get_text().split())


def is_separator(node: Tag | NavigableString) -> bool:
    return isinstance(node, Tag) and any(name in (node.get("class") or []) for name in SEPARATORS)


def touching(line: Tag) -> list[str]:
    """Pairs of neighbouring parts of `line` that run together: two elements with text, nothing but white space
    between them, and no punctuation where they meet. A block element is a line of its own and never touches."""
    found: list[str] = []
    previous: Tag | None = None
    between = ""
    for child in line.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            between += str(child)
            continue
        assert isinstance(child, Tag)
        if is_separator(child) or child.name in BLOCKS or not flat(child):
            previous = None if child.name in BLOCKS or is_separator(child) else previous
            between = "" if previous is None else between
            continue
        if previous is not None and not between.strip():
            left, right = flat(previous), flat(child)
            if left[-1].isalnum() and right[0].isalnum():
                found.append(f"{left!r} runs into {right!r}")
        previous, between = child, ""
    return found


@pytest.fixture(scope="module")
def pages(built_example: Project) -> dict[str, BeautifulSoup]:
    """Every page the issue names, stripped as TechDocs shows it, by its path in the site."""
    site = built_example.root / "site"
    wanted = ["index.html"]
    for phase in sorted(site.glob("*/index.html")):
        if (phase.parent / "handout").is_dir():
            wanted.append(phase.relative_to(site).as_posix())
    wanted += [p.relative_to(site).as_posix() for p in sorted(site.glob("*/plan/index.html"))]
    wanted += [p.relative_to(site).as_posix() for p in sorted(site.glob("*/handout*/index.html"))]
    return {path: BeautifulSoup(strip_like_techdocs((site / path).read_text("utf-8")), "html.parser") for path in wanted}


def article(page: BeautifulSoup) -> Tag:
    found = page.select_one("article")
    assert found is not None
    return found


def test_the_pages_are_all_there(pages: dict[str, BeautifulSoup]) -> None:
    names = set(pages)
    assert {"index.html", "pilot/index.html", "pilot/plan/index.html", "pilot/handout/index.html",
            "pilot/handout-blank/index.html"} <= names
    assert len([n for n in names if n.count("/") == 1]) >= 3, "every phase page"
    for page in pages.values():
        assert page.find_all(["style", "script"]) == [], "stripped as TechDocs strips"


def test_no_two_parts_of_a_line_run_together(pages: dict[str, BeautifulSoup]) -> None:
    wrong = []
    checked = 0
    for path, page in pages.items():
        for selector in LINES:
            for line in article(page).select(selector):
                checked += 1
                wrong += [f"{path} {selector}: {pair}" for pair in touching(line)]
    assert checked > 300
    assert not wrong, "\n".join(wrong[:20])


@pytest.mark.parametrize("path", ["pilot/index.html", "pilot/plan/index.html", "proof-of-concept/index.html"])
def test_an_item_and_the_line_under_it_are_lines_of_their_own(pages: dict[str, BeautifulSoup], path: str) -> None:
    items = article(pages[path]).select("li.pb-item")
    assert items
    for li in items:
        lines = reader_lines(li)
        text = flat(li.select_one(".pb-text"))  # type: ignore[arg-type]
        assert re.fullmatch(re.escape(text) + r"( \((entry|exit) criterion\))?", lines[0]), lines
        meta = li.select_one(".pb-meta")
        assert meta is not None and meta.name in BLOCKS
        # the line under the item, as read: its parts, split where the page writes " · ", are the parts it shows
        assert lines[1] == flat(meta), lines
        parts = [flat(part) for part in meta.find_all(True, recursive=False) if not is_separator(part)]
        assert lines[1].split(" · ") == parts
        status = m.Status(li["data-status"])
        assert parts[0] == STATE_WORDS[status]
        for part in parts[1:]:
            assert not part.startswith(tuple(STATE_WORDS.values()))
        assert not any(word in lines[0] for word in ("ticked by", "owner:", "overdue since", "done by"))


def test_credits_owners_and_due_dates_read_as_words(pages: dict[str, BeautifulSoup]) -> None:
    """What the issue saw run on into the item text: each one now a part of the line under the item."""
    phase = article(pages["pilot/index.html"])
    seen = {"ticked": 0, "owner": 0, "due": 0, "overdue": 0}
    for li in phase.select("li.pb-item"):
        meta_line = reader_lines(li)[1]
        parts = meta_line.split(" · ")
        for part in parts:
            for kind, pattern in {"ticked": r"ticked by .+ on \d{1,2} \w{3} \d{4}", "owner": r"owner: .+",
                                  "due": r"due \d{1,2} \w{3} \d{4}", "overdue": r"overdue since \d{1,2} \w{3} \d{4}"}.items():
                if re.fullmatch(pattern, part):
                    seen[kind] += 1
    assert all(seen.values()), seen  # the example shows each of them
    overdue = phase.select(".pb-overdue")
    assert overdue and all(tag.name == "strong" for tag in overdue), "overdue stands out without our colours"


def test_every_item_state_reads_as_icon_and_word(pages: dict[str, BeautifulSoup]) -> None:
    shown: set[m.Status] = set()
    for path, page in pages.items():
        for badge in article(page).select(".pb-status-badge[data-status]"):
            value = badge["data-status"]
            if value in {s.value for s in m.Status}:
                status = m.Status(value)
                shown.add(status)
                assert flat(badge) == STATE_WORDS[status], path
    assert shown == set(m.Status), "the example shows every state"


@pytest.mark.parametrize("status", list(m.Status))
def test_each_state_has_its_own_icon_and_word(status: m.Status) -> None:
    label = ITEM_STATES[status]
    assert label.icon and label.word and not label.icon.isalnum()
    assert [s for s in ITEM_STATES if ITEM_STATES[s].icon == label.icon] == [status]
    assert [s for s in ITEM_STATES if ITEM_STATES[s].word == label.word] == [status]


def test_every_verdict_badge_carries_its_icon_and_its_word(pages: dict[str, BeautifulSoup]) -> None:
    shown: set[Verdict] = set()
    for path, page in pages.items():
        for badge in article(page).select(".pb-verdict[data-verdict]"):
            verdict = Verdict(badge["data-verdict"])
            shown.add(verdict)
            assert flat(badge) == VERDICT_WORDS[verdict], path
            word = badge.select_one("strong")
            assert word is not None and flat(word) == VERDICTS[verdict].word, "bold without our stylesheet"
        for line in article(page).select(".pb-h-verdict-line"):
            assert any(flat(line).startswith(words) for words in VERDICT_WORDS.values()), path
    assert {Verdict.GO, Verdict.NOT_YET} <= shown


@pytest.mark.parametrize("selector", [".pb-verdict-line", ".pb-gate-block > .admonition-title"])
def test_a_verdict_and_its_date_are_set_apart(pages: dict[str, BeautifulSoup], selector: str) -> None:
    lines = [line for page in pages.values() for line in article(page).select(selector)]
    assert lines
    for line in lines:
        assert re.search(r"(GO|NO-GO|NOT YET)( · ↩ [\w ]+)? · (stage .+, )?as of ", flat(line)), flat(line)


def test_the_dashboards_lists_read_apart(pages: dict[str, BeautifulSoup]) -> None:
    dashboard = article(pages["index.html"])
    rows = dashboard.select("table.pb-outlook tbody tr")
    assert rows
    for row in rows:
        item = row.select("td")[1]
        lines = reader_lines(item)
        assert lines[0] == flat(item.select_one("a.pb-item-link")), lines  # type: ignore[arg-type]
        assert lines[1].split(" · ")[0] in STATE_WORDS.values(), lines
    for entry in dashboard.select(".pb-recent > li"):
        assert re.match(r"\d{1,2} \w{3} \d{4}: \S", flat(entry)), flat(entry)


def test_a_criterion_marked_critical_says_so_in_parentheses(pages: dict[str, BeautifulSoup]) -> None:
    names = [flat(cell) for cell in article(pages["pilot/plan/index.html"]).select("table[data-pb=criteria] td[data-label=Metric]")]
    assert any(name.endswith(" (critical)") for name in names), names


def test_a_handout_item_and_its_details_are_lines_of_their_own(pages: dict[str, BeautifulSoup]) -> None:
    handout = article(pages["pilot/handout/index.html"])
    items = handout.select("li.pb-h-item")
    assert items
    with_details = 0
    for li in items:
        lines = reader_lines(li)
        text, mark = flat(li.select_one(".pb-h-text")), flat(li.select_one(".pb-mark"))  # type: ignore[arg-type]
        assert lines[0] == f"{mark} {text}", lines  # the mark and the text: one line, never glued together
        assert mark in {shown.glyph for shown in MARKS.values()}
        meta = li.select_one(".pb-h-meta")
        if meta is not None and flat(meta):
            with_details += 1
            assert lines[-1] == flat(meta), lines
            parts = [flat(part) for part in meta.find_all(True, recursive=False) if not is_separator(part)]
            assert lines[-1].split(" · ") == parts
    assert with_details > 3


# --- in Chromium: the stripped pages as a person sees them ----------------------------------------

STRIPPED = {"dashboard": "index.html", "phase": "pilot/index.html"}
"""The pages screenshotted stripped, by the name their screenshots take."""

APART = (("li.pb-item", ".pb-text", ".pb-meta"), ("table.pb-outlook td", "a.pb-item-link", ".pb-meta"))
"""(a line of the page, its text, what is said about it): the second always starts below the first."""


@pytest.fixture(scope="module")
def stripped_site(built_example: Project) -> Iterator[str]:
    """The built site with a stripped copy beside each page (so Material's CSS loads by the same relative path),
    served on 127.0.0.1."""
    site = built_example.root / "site"
    for path in STRIPPED.values():
        page = site / path
        page.with_name("stripped-" + page.name).write_text(strip_like_techdocs(page.read_text("utf-8")), "utf-8")
    with serve(site) as base:
        yield base


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with browser() as launched:
        yield launched


def stripped_url(base: str, path: str) -> str:
    page = Path(path)
    return base + page.with_name("stripped-" + page.name).as_posix()


@pytest.mark.browser
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_stripped_pages_in_chromium(stripped_site: str, chromium: Browser, width: str) -> None:
    for name, path in STRIPPED.items():
        with session(chromium, width=WIDTHS[width]) as tab:
            tab.page.goto(stripped_url(stripped_site, path), wait_until="load")
            sheets = tab.page.evaluate("[...document.styleSheets].map(s => s.href || 'inline')")
            assert [s for s in sheets if "playbook" in s or "handout" in s or s == "inline"] == [], sheets
            tab.screenshot(f"stripped-{name}-{WIDTHS[width]}")
            # an item's text and the line under it (state, credit, owner) never share a line box
            placed = tab.page.evaluate(
                """pairs => pairs.flatMap(([item, text, meta]) => [...document.querySelectorAll(item)].map(el => {
                    const a = el.querySelector(text)?.getBoundingClientRect();
                    const b = el.querySelector(meta)?.getBoundingClientRect();
                    return a && b ? (b.top >= a.bottom - 1 ? 'apart' : el.textContent.trim().slice(0, 60)) : 'none';
                }))""",
                [list(pair) for pair in APART],
            )
            assert placed.count("apart") >= 5, f"{name}: {placed}"
            assert [line for line in placed if line not in ("apart", "none")] == [], f"{name}: on one line"
