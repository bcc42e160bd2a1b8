"""Built from a copy without git (Backstage's built-in builder, an archive, a tarball), the site says
plainly what it cannot show and how each recipe gets the history, and still shows every state.

One non-strict build of the example copied without .git: the missing history stays a warning in
the log, with git's own words; the dashboard says it for readers (dashboard.md.j2).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import BIN, Project, copy_project
from mkdocs_playbook import model as m
from mkdocs_playbook.output.verdictview import ITEM_STATES

PHASES = ("proof-of-concept", "pilot", "enterprise-rollout")
RECIPES = (
    ("GitHub Pages", "fetch-depth: 0"),
    ("GitLab Pages", "GIT_DEPTH: 0"),
    ("Backstage TechDocs", "techdocs-cli generate"),
)


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Project, str]]:
    """The example without .git, built once (not --strict); and the build's log."""
    root = tmp_path_factory.mktemp("nogit")
    project = copy_project(root / "plain", with_git=False)
    env = {**os.environ, "GIT_CEILING_DIRECTORIES": str(root)}  # no repository above the copy either
    done = subprocess.run([str(BIN / "mkdocs"), "build", "-d", "site"], cwd=project.root, capture_output=True,
                          text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    yield project, done.stderr


def dashboard(project: Project) -> BeautifulSoup:
    return BeautifulSoup(project.page("index.html"), "html.parser")


def test_the_log_keeps_gits_own_words(plain: tuple[Project, str]) -> None:
    _project, log = plain
    [warning] = [line for line in log.splitlines() if line.startswith("WARNING")]
    assert "is not inside a git repository" in warning


def test_the_dashboard_says_what_needs_history_and_how_to_get_it(plain: tuple[Project, str]) -> None:
    project, _log = plain
    notice = dashboard(project).select_one(".pb-history-notice")
    assert notice is not None and notice.get("data-history") == "missing"
    text = " ".join(notice.get_text(" ").split())
    assert "Who ticked what and when, and the progress charts, come from the git history" in text
    assert "Every item's state is shown" in text
    for recipe, how in RECIPES:
        [line] = [li for li in notice.select("li") if li.get_text().startswith(recipe)]
        assert how in line.get_text(), recipe
    assert "not inside a git repository" not in text, "git's words are for the log, not the reader"
    headings = [h.get_text().rstrip("¶").strip() for h in dashboard(project).select("article h2")]
    assert headings[0] == "Where we stand", "the notice leaves the dashboard's sections as they are"


def test_progress_over_time_says_why_it_is_empty(plain: tuple[Project, str]) -> None:
    project, _log = plain
    page = dashboard(project)
    [heading] = [h for h in page.select("h2") if h.get_text().startswith("Progress over time")]
    why = heading.find_next_sibling()
    assert why is not None and why.get_text().startswith("No charts: they are drawn from the git history")
    assert not page.select("figure.pb-burn-up, svg.pb-chart")


@pytest.mark.parametrize("phase", PHASES)
def test_every_state_is_still_shown_with_its_word(plain: tuple[Project, str], phase: str) -> None:
    project, _log = plain
    page = BeautifulSoup(project.page(f"{phase}/index.html"), "html.parser")
    assert "ticked by" not in page.get_text() and not page.select(".pb-ticked, figure.pb-burn-up")
    entries = yaml.safe_load((project.progress / f"{phase}.yml").read_text("utf-8")) or {}
    items = {li["data-item"]: li for li in page.select("li.pb-item")}
    assert items, phase
    for item_id, li in items.items():
        entry = entries.get(item_id)
        status = entry.get("status", "todo") if isinstance(entry, dict) else (entry or "todo")
        badge = li.select_one(".pb-status-badge")
        assert badge is not None and badge["data-status"] == status, (phase, item_id)
        assert ITEM_STATES[m.Status(status)].word in badge.get_text(), (phase, item_id)
        assert (li.select_one("input[checked]") is not None) == (status == "done"), (phase, item_id)
    ticked = [i for i, e in entries.items() if e == "done" or (isinstance(e, dict) and e.get("status") == "done")]
    assert all(items[i]["data-status"] == "done" for i in ticked), "the file's ticks are on the page"
