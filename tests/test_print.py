"""Pages on paper: the example's pilot phase page, its plan page, the dashboard and the pilot's
handouts, printed by headless Chromium as a person's browser prints them (US Letter), then read
back from the PDF.

What the print stylesheet (output/assets/playbook.css, `@media print`) promises for ordinary
pages: no site chrome; a text glyph for each item's status; tables reflowed to the page, never
clipped; charts and statuses in black and white; a bounded number of pages (README, "Printing").
The handout pages (output/assets/handout.css) print the phase's questions, a legend and one mark
per item, the organization and the date their state is from.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from browser import print_pdf, serve
from conftest import Project, git
from mkdocs_playbook.source.loading import load_playbook
from mkdocs_playbook.source.sources import WorkingTree
from pdftext import page_count, page_size, pdf_text, rasters

pytestmark = pytest.mark.subprocess

LETTER = (612.0, 792.0)
"""US Letter in points: Chromium's default paper, the size issue 12 measured (17 pages before)."""

PAGES = {
    # name: (site path, most US Letter pages); measured 10, 4 and 3 (README, "Printing")
    "phase": ("pilot/", 12),
    "plan": ("pilot/plan/", 5),
    "dashboard": ("", 4),
}
HANDOUTS = {
    # name: (site path, most US Letter pages); measured 6 and 6 (README, "Printing")
    "handout": ("pilot/handout/", 7),
    "blank": ("pilot/handout-blank/", 7),
}

MARKS = {"done": "\u2611", "in-progress": "\u25e7", "skipped": "\u2612", "todo": "\u2610"}
"""An item's data-status -> the glyph printed for it (the handout's marks, same glyphs)."""

CHROME = ("Table of contents", "Back to top", "Made with", "Search")
"""Material's chrome that prints as words when it is not hidden."""


@dataclass(frozen=True)
class Printed:
    pdf: Path
    text: str
    article: Tag
    page: BeautifulSoup


@pytest.fixture(scope="module")
def printed(built_example: Project, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Printed]]:
    """The three pages printed once, from the site served over HTTP as a reader gets it."""
    out = tmp_path_factory.mktemp("print")
    result: dict[str, Printed] = {}
    with serve(built_example.root / "site") as base:
        for name, (path, _) in (PAGES | HANDOUTS).items():
            pdf = print_pdf(base + path, out / f"{name}.pdf")
            page = BeautifulSoup(built_example.page(path + "index.html"), "html.parser")
            article = page.select_one("article.md-content__inner")
            assert article is not None, f"{path}: Material's article"
            result[name] = Printed(pdf, pdf_text(pdf), article, page)
    yield result


def flat(text: str) -> str:
    return " ".join(text.split())


def visible_text(element: Tag) -> str:
    """The words a reader sees in the HTML: no permalink marks, no SVG titles and descriptions (for screen readers), no edit button,
    none of what is for the screen only (a phase page's "On this page" links, a chart's folded data table: the chart prints)."""
    copy = BeautifulSoup(str(element), "html.parser")
    # an open item's tick command is for the screen (a copy button): the printed page keeps only its id
    selector = ".headerlink, svg title, svg desc, .md-content__button, script, style, .pb-jump, .pb-chart-data, details.pb-cmd > pre"
    for hidden in copy.select(selector):
        hidden.decompose()
    return flat(copy.get_text(" "))


def status_counts(article: Tag) -> Counter[str]:
    """The page's checklist items by status: the playbook's items carry data-status; a plain
    Markdown task list item is done when its box is checked; an item's badge elsewhere counts too."""
    counts: Counter[str] = Counter()
    for item in article.select("li.task-list-item"):
        status = item.get("data-status")
        if not isinstance(status, str):
            status = "done" if item.select_one("input[checked]") is not None else "todo"
        counts[status] += 1
    # an item's state shown outside its list (the dashboard's next up and overdue) prints its mark too
    for badge in article.select(".pb-status-badge[data-status]"):
        if badge.find_parent("li", class_="task-list-item") is None:
            counts[str(badge["data-status"])] += 1
    return counts


@pytest.mark.parametrize("name", [*PAGES, *HANDOUTS])
def test_the_page_prints_on_letter_within_its_bound(printed: dict[str, Printed], name: str) -> None:
    pdf = printed[name].pdf
    assert page_size(pdf) == LETTER
    pages, bound = page_count(pdf), (PAGES | HANDOUTS)[name][1]
    assert 1 <= pages <= bound, f"{name}: {pages} pages, the README promises at most {bound}"


@pytest.mark.parametrize("name", [*PAGES, *HANDOUTS])
def test_no_site_chrome_on_paper(printed: dict[str, Printed], name: str) -> None:
    """The header, tabs, navigation and table of contents, search and footer all hold words the
    article does not: none of them may reach the paper."""
    page, text = printed[name], flat(printed[name].text)
    article_text = visible_text(page.article)
    chrome: set[str] = set(CHROME)
    for region in page.page.select(".md-header, .md-tabs, .md-sidebar, .md-footer, .md-search, .md-top"):
        chrome.update(flat(link.get_text(" ")) for link in region.select("a, label, .md-ellipsis"))
    words = {w for w in chrome if len(w) >= 4 and w not in article_text}
    assert len(words) >= 6, f"{name}: too few chrome words to test by: {sorted(words)}"
    printed_chrome = sorted(w for w in words if w in text)
    assert not printed_chrome, f"{name}: site chrome printed: {printed_chrome}"


@pytest.mark.parametrize("name", PAGES)
def test_each_item_prints_the_mark_of_its_status(printed: dict[str, Printed], name: str) -> None:
    page = printed[name]
    expected = status_counts(page.article)
    found = {status: page.text.count(glyph) for status, glyph in MARKS.items()}
    assert found == {status: expected[status] for status in MARKS}
    if name == "phase":  # the pilot has items in every status, so every glyph is tested
        assert all(expected[status] > 0 for status in MARKS), expected


@pytest.mark.parametrize("name", PAGES)
def test_the_widest_table_is_not_clipped(printed: dict[str, Printed], name: str) -> None:
    """Every word of the widest table's last column prints. Chromium leaves the glyphs a scrolling
    box clips out of the PDF's text (before the print stylesheet, "requirements" printed as
    "requirement"), so a word counted fewer times in the PDF than in the page was cut off."""
    page = printed[name]
    tables = page.article.select("table")
    assert tables, f"{name}: the example page has tables"
    widest = max(tables, key=lambda t: max(len(row.find_all(["th", "td"], recursive=False)) for row in t.select("tr")))
    last_cells = [cells[-1] for row in widest.select("tr") if (cells := row.find_all(["th", "td"], recursive=False))]
    column_words = Counter(w for cell in last_cells for w in re.findall(r"\w+", visible_text(cell)))
    assert column_words, f"{name}: the widest table's last column has words"
    on_page = Counter(re.findall(r"\w+", visible_text(page.article)))
    in_pdf = Counter(re.findall(r"\w+", page.text))
    missing = {w: (on_page[w], in_pdf[w]) for w in column_words if in_pdf[w] < on_page[w]}
    assert not missing, f"{name}: words of the last column cut off (page count, PDF count): {missing}"


@pytest.mark.parametrize("name", PAGES)
def test_charts_print_with_their_labels(printed: dict[str, Printed], name: str) -> None:
    page = printed[name]
    charts = page.article.select("svg.pb-chart, svg.pb-trend")
    assert charts, f"{name}: the example page has a chart"
    text = flat(page.text)
    for chart in charts:
        labels = [flat(label.get_text()) for label in chart.select("text")]
        absent = [label for label in labels if label and label not in text]
        assert not absent, f"{name}: chart labels missing from the print: {absent}"


@pytest.mark.parametrize("name", PAGES)
def test_the_print_is_black_and_white(printed: dict[str, Printed], name: str, tmp_path: Path) -> None:
    """Statuses, verdicts, charts, admonitions and links in ink only: a black-and-white printer
    loses no meaning, because there is no colour to lose."""
    for number, raster in enumerate(rasters(printed[name].pdf, tmp_path), start=1):
        assert raster.coloured() == 0, f"{name}: coloured pixels on page {number}"


# --- the handout page, printed from the browser --------------------------------------------


def test_the_handout_prints_every_discovery_question(printed: dict[str, Printed]) -> None:
    """The questions as the phase page words them, each whole on the handout's paper."""
    questions = [visible_text(q) for q in printed["phase"].article.select(".pb-question-text")]
    assert len(questions) >= 5
    for name in HANDOUTS:
        text = flat(printed[name].text)
        missing = [q for q in questions if q not in text]
        assert not missing, f"{name}: questions missing from the print: {missing}"


@pytest.mark.parametrize("name", HANDOUTS)
def test_the_handout_prints_one_mark_per_item_and_a_legend(printed: dict[str, Printed], name: str) -> None:
    """The phase page's items by status (checked above against its own print), plus the legend's one
    of each; on the blank form every item is open."""
    items = status_counts(printed["phase"].article)
    if name == "blank":
        items = Counter({"todo": sum(items.values())})
    found = {status: printed[name].text.count(glyph) for status, glyph in MARKS.items()}
    assert found == {status: items[status] + 1 for status in MARKS}


@pytest.mark.parametrize("name", HANDOUTS)
def test_the_handout_prints_the_organization_and_the_date_of_its_state(
    printed: dict[str, Printed], built_example: Project, name: str
) -> None:
    organization = load_playbook(
        built_example.root / "phases", built_example.root / "playbook", WorkingTree()
    ).playbook
    assert organization is not None
    text = flat(printed[name].text)
    assert organization.organization.name in text
    if name == "handout":  # the example is committed on 1 Sep 2026 (conftest) and built clean
        revision = git(built_example.root, "rev-parse", "--short", "HEAD").strip()
        assert f"State as of 1 Sep 2026, revision {revision}." in text
