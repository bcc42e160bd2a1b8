"""The example site in a real browser: Debian's Chromium driven by Playwright, checked by axe-core.

What a reader meets and a build cannot show: scripts that fail on load, Material's instant navigation,
the marks a phase page draws from the progress file, the built-in search, and accessibility as axe-core
judges it in the light and the dark palette. Screenshots of the pages at 1280 and 390 px land in
build/screenshots/ for a person to look at (tests/browser.py).

One site for the module: built once, served over HTTP on 127.0.0.1, with `site_url` naming the port it
is served on. Material's instant navigation follows only links it finds in sitemap.xml, and it takes
the scheme and host of those URLs from the page but keeps their port, so the sitemap must name the port.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser

from browser import MATERIAL_SCHEMES, WIDTHS, Scheme, Session, browser, serve, session
from conftest import PHASES, ROOT, Project, example_config, git
from mkdocs_playbook.model import Status
from mkdocs_playbook.source.loading import load_playbook

pytestmark = [pytest.mark.browser, pytest.mark.subprocess]

PAGES = {"dashboard": "", "phase": "pilot/", "handout": "pilot/handout/"}
"""The pages the issue names, by the name their screenshots take: the dashboard, a phase page, a handout."""

SCHEMES: tuple[Scheme, ...] = ("light", "dark")

WORDS = {Status.TODO: "to ?do", Status.IN_PROGRESS: "in progress", Status.DONE: "done", Status.SKIPPED: "skipped"}
"""Every item state shows as an icon and this word (issue 14: states told apart without colour), as a
pattern: "to do" or "todo"."""

BLOCKING = ("serious", "critical")
"""axe-core's impacts that fail the test; `minor` and `moderate` are left to judgement."""


@dataclass(frozen=True)
class Site:
    project: Project
    base: str
    """The URL the built site is served at, ending in /."""


def with_site_url(config: str, url: str) -> str:
    """The site config with `site_url` set to `url`, replacing one it already has."""
    line = f"site_url: {url}"
    if re.search(r"(?m)^site_url:", config):
        return re.sub(r"(?m)^site_url:.*$", line, config, count=1)
    return f"{line}\n{config}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The example, committed to git, built with --strict and served: the server starts first, so the
    site's `site_url` can name its port."""
    root = tmp_path_factory.mktemp("browser") / "project"
    root.mkdir()
    shutil.copytree(PHASES, root / "phases")
    shutil.copytree(ROOT / "playbook", root / "playbook")
    shutil.copytree(ROOT / "plugins" / "mkdocs_playbook" / "schemas", root / "plugins" / "mkdocs_playbook" / "schemas")
    (root / "site").mkdir()
    project = Project(root)
    with serve(root / "site") as base:
        (root / "mkdocs.yml").write_text(with_site_url(example_config(), base), encoding="utf-8")
        git(root, "init", "-q")
        project.commit_all()
        done = project.build()
        assert done.returncode == 0, done.stderr
        yield Site(project, base)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with browser() as launched:
        yield launched


def visit(tab: Session, url: str) -> None:
    """Load a page and wait until Material has set it up (its scripts ran, the palette is applied)."""
    tab.page.goto(url, wait_until="load")
    tab.page.wait_for_function("document.body.hasAttribute('data-md-color-scheme')")


def test_the_site_url_names_the_port_it_is_served_on(site: Site) -> None:
    sitemap = (site.project.root / "site" / "sitemap.xml").read_text("utf-8")
    assert f"<loc>{site.base}pilot/</loc>" in sitemap


# --- loads cleanly, navigates without reloading ------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_pages_load_without_console_errors(site: Site, chromium: Browser, name: str) -> None:
    with session(chromium) as tab:
        visit(tab, site.base + PAGES[name])
        tab.page.wait_for_load_state("networkidle")
        assert tab.errors == []
        # offline, every request off this machine is answered empty: only Material's web font may be one
        assert {re.sub(r"^https://([^/]+)/.*$", r"\1", url) for url in tab.outside} <= {"fonts.googleapis.com"}


def test_navigation_is_instant(site: Site, chromium: Browser) -> None:
    """A click on a nav link swaps the page in place: state kept on `window` survives, a reload loses it."""
    with session(chromium) as tab:
        page = tab.page
        visit(tab, site.base)
        page.wait_for_load_state("networkidle")  # Material follows only links in sitemap.xml, once it has it
        page.evaluate("window.pbBeforeClick = 'still here'")
        page.locator(".md-nav--primary a.md-nav__link[href$='pilot/']").first.click()
        page.wait_for_url(site.base + "pilot/")
        page.locator("h1", has_text="Pilot").first.wait_for()
        assert page.evaluate("window.pbBeforeClick") == "still here", "the click reloaded the page"
        assert tab.errors == []


def test_a_full_reload_is_told_apart(site: Site, chromium: Browser) -> None:
    """The instant-navigation test can fail: loading the page anew forgets what was set on `window`."""
    with session(chromium) as tab:
        visit(tab, site.base)
        tab.page.evaluate("window.pbBeforeClick = 'still here'")
        visit(tab, site.base + "pilot/")
        assert tab.page.evaluate("window.pbBeforeClick") is None


# --- what the pages say ------------------------------------------------------------------------


def test_a_phase_page_marks_each_item_as_its_progress_file_says(site: Site, chromium: Browser) -> None:
    loaded = load_playbook(site.project.root / "phases", site.project.root / "playbook")
    assert loaded.playbook is not None and loaded.ok, loaded.diagnostics
    phase = loaded.playbook.phase("pilot")
    assert phase is not None
    states = loaded.playbook.progress["pilot"].states
    expected = {item.id: states[item.id].status if item.id in states else Status.TODO for item in phase.items()}
    assert {Status.TODO, Status.IN_PROGRESS, Status.DONE, Status.SKIPPED} <= set(expected.values()), "the example shows every state"
    with session(chromium) as tab:
        visit(tab, site.base + "pilot/")
        shown = tab.page.eval_on_selector_all(
            "li.pb-item[data-item]",
            """items => items.map(li => ({
                id: li.dataset.item,
                status: li.dataset.status,
                checked: li.querySelector('input[type=checkbox]')?.checked ?? null,
                shows: [...(li.querySelector('.pb-meta')?.children ?? [])].map(part => part.innerText.trim()),
            }))""",
        )
    by_id = {entry["id"]: entry for entry in shown}
    assert set(by_id) == set(expected)
    wrong = []
    for item_id, status in expected.items():
        entry = by_id[item_id]
        if entry["status"] != status.value:
            wrong.append(f"{item_id}: data-status {entry['status']}, progress says {status.value}")
        if entry["checked"] is not (status is Status.DONE):
            wrong.append(f"{item_id}: checkbox {'ticked' if entry['checked'] else 'not ticked'} for {status.value}")
        # the state is one part of the line under the item: its word, after an icon if there is one
        if not any(re.fullmatch(rf"(?:\S+\s+)?{WORDS[status]}", part) for part in entry["shows"]):
            wrong.append(f"{item_id}: no {WORDS[status]!r} under the item (shows {entry['shows']!r})")
    assert not wrong, "\n".join(wrong)


def test_search_finds_a_discovery_question(site: Site, chromium: Browser) -> None:
    question = "How will you prepare and provide support for pilot participants?"
    with session(chromium) as tab:
        page = tab.page
        visit(tab, site.base)
        page.locator("input.md-search__input").click()
        page.keyboard.type("participants prepare")
        found = page.locator(".md-search-result__item", has_text=question)
        found.first.wait_for()
        link = found.first.locator("a").first.get_attribute("href") or ""
        assert link.startswith(site.base + "pilot/"), link
        assert tab.errors == []


# --- accessibility and screenshots -------------------------------------------------------------


def describe(violations: list[dict]) -> str:
    """One line per element: rule, impact, where, and the start of its HTML, so a failure says what to fix."""
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            snippet = re.sub(r"\s+", " ", node.get("html", ""))[:160]
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"{violation['id']} ({violation['impact']}) at {target}: {snippet}")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_nothing_serious(site: Site, chromium: Browser, name: str, scheme: Scheme) -> None:
    """axe-core's every rule (WCAG A and AA, and its best practices) on the page in the palette; the
    desktop screenshot is taken here, from the page axe judged, before anything can fail."""
    with session(chromium, scheme=scheme) as tab:
        visit(tab, site.base + PAGES[name])
        tab.screenshot(f"{name}-{WIDTHS['desktop']}-{scheme}")
        assert tab.scheme() == MATERIAL_SCHEMES[scheme]
        results = Axe().run(tab.page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, f"axe-core on {name} ({scheme}):\n{describe(blocking)}"


def test_axe_reports_a_violation(site: Site, chromium: Browser) -> None:
    """The accessibility test can fail: an unnamed checkbox put on the page is reported as critical."""
    with session(chromium) as tab:
        visit(tab, site.base)
        tab.page.evaluate("document.querySelector('article').insertAdjacentHTML('beforeend', '<input type=checkbox>')")
        results = Axe().run(tab.page)
    assert "label (critical)" in describe(results.response["violations"])


@pytest.mark.parametrize("scheme", SCHEMES)
def test_phone_screenshots(site: Site, chromium: Browser, scheme: Scheme) -> None:
    """Each page 390 px wide, for a person to look at (build/screenshots/; the desktop ones come from
    the axe-core test), and none of them scrolls sideways."""
    width = WIDTHS["phone"]
    with session(chromium, scheme=scheme, width=width) as tab:
        for name, path in PAGES.items():
            visit(tab, site.base + path)
            shot = tab.screenshot(f"{name}-{width}-{scheme}")
            assert shot.stat().st_size > 10_000
            assert tab.page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} scrolls sideways at {width} px"
