"""A phase page as built: the burn-up from a history of several commits over weeks, its text
alternative, and the "On this page" list that links every section (output/jumplist.py).

One build of the example with its own git history: the example's data committed before the pilot
starts, then three ticks in the pilot's weeks, and a hostile pilot title, so every text of the
chart and the list is shown to pass the gate on a real page.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterator

import pytest
from bs4 import BeautifulSoup, Tag

from conftest import BIN, TODAY, Project, copy_project, git
from mkdocs_playbook.output.burnup import INSET, ZERO, ideal_at
from mkdocs_playbook.output.jumplist import MARKER

TITLE = 'Pilot & "friends" <3 `</svg><script>alert(1)</script>`'
START_DAY, END_DAY = dt.date(2026, 10, 12), dt.date(2026, 12, 18)  # the example's organization.yml dates for the pilot
TICKS = [
    ("hold-project-meetings", "2026-10-20T09:30:00+02:00"),
    ("distribute-end-user-documentation", "2026-11-02T16:00:00+01:00"),
    ("customize-feedback-surveys", "2026-11-16T10:00:00+01:00"),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    project = copy_project(tmp_path_factory.mktemp("sections") / "project", with_git=False)
    phase = project.root / "phases" / "pilot.yml"
    phase.write_text(phase.read_text("utf-8").replace("\ntitle: Pilot\n", f"\ntitle: '{TITLE}'\n", 1), "utf-8")
    git(project.root, "init", "-q")
    project.commit_all()  # 1 Sep 2026: before the pilot starts
    for item, when in TICKS:
        done = subprocess.run([str(BIN / "playbook"), "tick", f"pilot/{item}"], cwd=project.root,
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        git(project.root, "commit", "-qam", f"Tick {item}", env={"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when})
    built = project.build()
    assert built.returncode == 0, built.stderr
    yield project


@pytest.fixture(scope="module")
def pilot(site: Project) -> BeautifulSoup:
    return BeautifulSoup(site.page("pilot/index.html"), "html.parser")


def figure(page: BeautifulSoup) -> Tag:
    found = page.select_one("article figure.pb-burn-up")
    assert found is not None
    return found


def test_the_burn_up_spans_the_phase_dates_with_a_step_at_each_tick(pilot: BeautifulSoup) -> None:
    svg = figure(pilot).select_one("svg.pb-chart")
    assert svg is not None
    dates = [t.get_text() for t in svg.select("text.pb-chart-label:not(.pb-chart-minor)")]
    assert "12 Oct 2026" in dates and "18 Dec 2026" in dates and "1 Sep 2026" not in dates
    rises = [ln for ln in svg.select("line.pb-chart-done") if ln["x1"] == ln["x2"] and ln["y1"] != ln["y2"]]
    assert len(rises) == len(TICKS)
    today = svg.select_one("line.pb-chart-today")
    span = (END_DAY - START_DAY).days
    assert today is not None and today["x1"] == f"{round(INSET + (100 - 2 * INSET) * (TODAY - START_DAY).days / span, 2)}%"
    ideal = svg.select_one("line.pb-chart-ideal")
    assert ideal is not None and (ideal["x1"], ideal["y1"], ideal["x2"]) == (f"{INSET}%", str(ZERO), f"{100 - INSET}%")


def test_the_chart_has_a_text_alternative_and_its_data_points(pilot: BeautifulSoup) -> None:
    fig = figure(pilot)
    svg = fig.select_one("svg")
    assert svg is not None and svg["role"] == "img"
    for ident in str(svg["aria-labelledby"]).split():
        assert svg.select_one(f"#{ident}") is not None, ident
    assert not fig.select("script") and svg.title is not None and svg.title.get_text() == f"{TITLE}: items done over time"
    total = 54
    ideal = ideal_at(TODAY, total, START_DAY, END_DAY)
    sentence = fig.select_one(".pb-chart-sentence")
    assert sentence is not None and sentence.get_text() == f"{TITLE}: 32 of {total} done on 21 Nov 2026; ideal pace {ideal}."
    rows = [[td.get_text() for td in tr.select("td")] for tr in fig.select("details.pb-chart-data tbody tr")]
    assert rows == [
        ["12 Oct 2026", f"29 of {total}", "0"],
        ["20 Oct 2026", f"30 of {total}", str(ideal_at(dt.date(2026, 10, 20), total, START_DAY, END_DAY))],
        ["2 Nov 2026", f"31 of {total}", str(ideal_at(dt.date(2026, 11, 2), total, START_DAY, END_DAY))],
        ["16 Nov 2026", f"32 of {total}", str(ideal_at(dt.date(2026, 11, 16), total, START_DAY, END_DAY))],
    ]
    assert [th["scope"] for th in fig.select("details.pb-chart-data th")] == ["col"] * 3


def test_the_jump_list_links_every_section_of_the_page(pilot: BeautifulSoup) -> None:
    article = pilot.select_one("article")
    assert article is not None
    nav = article.select_one("nav.pb-jump")
    assert nav is not None and MARKER not in str(article)
    hrefs = [str(a["href"]) for a in nav.select("a")]
    sections = [str(h2["id"]) for h2 in article.select("h2[id]")]
    assert len(sections) >= 10  # the pilot is a long page
    assert hrefs == [f"#{s}" for s in sections]
    for href in hrefs:
        assert pilot.find(id=href[1:]) is not None, href
    labels = [a.get_text() for a in nav.select("a")]
    assert labels[:2] == ["Go / no-go", "Why is this important?"] and "Discovery questions" in labels


def test_the_jump_list_comes_before_the_first_section(pilot: BeautifulSoup) -> None:
    article = pilot.select_one("article")
    assert article is not None
    nav, first = article.select_one("nav.pb-jump"), article.select_one("h2")
    assert nav is not None and first is not None
    assert first in nav.find_all_next("h2")


def test_a_page_without_a_marker_gets_no_jump_list(site: Project) -> None:
    for page in ("index.html", "pilot/plan/index.html"):
        path = site.root / "site" / page
        if path.exists():
            assert "pb-jump" not in BeautifulSoup(path.read_text("utf-8"), "html.parser").select_one("article").decode()


