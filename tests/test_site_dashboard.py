"""The dashboard as built from a real git repository: where we stand, next up, overdue, recent activity.

One build, shared by the module: the example organization, then three commits by its contacts (one ticks,
one starts with an owner and a due date, one skips), with the repository's URL so activity links to the
commits. The rules behind the lists are status/outlook.py's (tests/test_outlook.py); these tests read the
built HTML as a person would see it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import subprocess
from collections.abc import Iterator

import pytest
from bs4 import BeautifulSoup, Tag

from conftest import BIN, PHASES, ROOT, TODAY, Project, copy_project, git
from mkdocs_playbook import model as m
from mkdocs_playbook.output.pages import Renderer
from mkdocs_playbook.source.loading import load_playbook

REPO = "https://github.com/northwind/playbook"


def person(name: str, email: str, when: str) -> dict[str, str]:
    return {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}


THOMAS = person("Thomas Hardy", "thomas.hardy@northwind.example", "2026-11-10T09:00:00+00:00")
ANA = person("Ana Trujillo", "ana.trujillo@northwind.example", "2026-11-12T09:00:00+00:00")
HANNA = person("Hanna Moos", "hanna.moos@northwind.example", "2026-11-15T09:00:00+00:00")
DUE = "2099-01-01"
"""Ana's due date: after the example's dates, so her item is next up whatever day the suite runs on."""


def playbook(project: Project, *args: str) -> None:
    done = subprocess.run([str(BIN / "playbook"), *args], cwd=project.root, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Project, dict[str, str]]]:
    project = copy_project(tmp_path_factory.mktemp("dashboard") / "project")
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text() + f"\nrepo_url: {REPO}.git\n")
    git(project.root, "commit", "-qam", "repo url", env=person("Setup", "setup@example.test", "2026-09-02T09:00:00+00:00"))
    shas = {}
    for env, command in (
        (THOMAS, ["tick", "enterprise-rollout/outline-training-methods"]),
        (ANA, ["start", "enterprise-rollout/implement-rollout-plan", "--owner", "ana-trujillo", "--due", DUE]),
        (HANNA, ["skip", "enterprise-rollout/define-training-update-process", "--reason", "no training team"]),
    ):
        playbook(project, *command)
        git(project.root, "commit", "-qam", " ".join(command[:2]), env=env)
        shas[command[1].split("/")[1]] = git(project.root, "rev-parse", "HEAD").strip()
    done = project.build()
    assert done.returncode == 0, done.stderr
    yield project, shas


@pytest.fixture(scope="module")
def page(site: tuple[Project, dict[str, str]]) -> BeautifulSoup:
    return BeautifulSoup(site[0].page("index.html"), "html.parser")


def words(tag: Tag) -> str:
    return " ".join(tag.get_text(" ").split()).replace(" ,", ",")


def test_recent_activity_says_who_did_what_and_links_the_commit(
    site: tuple[Project, dict[str, str]], page: BeautifulSoup
) -> None:
    _, shas = site
    entries = page.select("ul.pb-recent li")[:3]  # newest first: the three commits above
    assert [(li["data-item"], li["data-verb"]) for li in entries] == [
        ("define-training-update-process", "skipped"),
        ("implement-rollout-plan", "started"),
        ("outline-training-methods", "ticked"),
    ]
    assert [words(li.select_one(".pb-author")) for li in entries] == [
        "Hanna Moos, Service desk manager", "Ana Trujillo, Technical lead", "Thomas Hardy, Project lead",
    ]
    assert [li.select_one("time")["datetime"][:10] for li in entries] == ["2026-11-15", "2026-11-12", "2026-11-10"]
    for li in entries:
        commit = li.select_one("a.pb-commit")
        assert commit is not None and commit["href"] == f"{REPO}/commit/{shas[li['data-item']]}"
        assert commit.get_text() == f"commit {shas[li['data-item']][:7]}"
        assert li.select_one("a.pb-item-link")["href"] == f"enterprise-rollout/#{li['data-item']}"


def test_item_links_reach_the_items_anchor_on_its_phase_page(site: tuple[Project, dict[str, str]], page: BeautifulSoup) -> None:
    project, _ = site
    links = page.select("a.pb-item-link")
    assert links
    for link in links:
        path, anchor = link["href"].split("#")
        target = BeautifulSoup(project.page(f"{path}index.html"), "html.parser")
        assert target.find(id=anchor) is not None, link["href"]


def test_next_up_shows_the_owner_by_name_and_role_and_the_state_as_a_word(page: BeautifulSoup) -> None:
    row = page.select_one("table[data-pb=next-up] tr[data-item=implement-rollout-plan]")
    assert row is not None
    owner = row.select("td")[2]
    assert owner.select_one(".pb-person").contents[0].strip() == "Ana Trujillo"
    assert words(owner.select_one(".pb-role")) == ", Technical lead"
    assert "ana-trujillo" not in row.get_text()  # never the raw slug
    assert row.select_one("time")["datetime"] == DUE
    badge = row.select_one(".pb-status-badge")
    assert badge["data-status"] == "in-progress" and "in progress" in badge.get_text()
    assert [th["scope"] for th in page.select("table[data-pb=next-up] th")] == ["col", "col", "col"]


def test_overdue_lists_open_items_due_before_today_longest_first(page: BeautifulSoup) -> None:
    rows = page.select("table[data-pb=overdue] tbody tr")
    dates = [tr.select_one("time")["datetime"] for tr in rows]
    assert dates and dates == sorted(dates) and all(d < TODAY.isoformat() for d in dates)
    assert {tr["data-due"] for tr in rows} == {"overdue"}
    assert all(re.fullmatch(r"\d+ days? late", words(tr.select_one(".pb-relative"))) for tr in rows)
    late = [(tr["data-phase"], tr["data-item"]) for tr in rows]
    upcoming = [(tr["data-phase"], tr["data-item"]) for tr in page.select("table[data-pb=next-up] tbody tr")]
    assert not set(late) & set(upcoming)


def test_each_verdict_shows_its_first_reasons_and_the_rest_one_click_away(site: tuple[Project, dict[str, str]], page: BeautifulSoup) -> None:
    project, _ = site
    gates = {p["id"]: p["gate"] for p in project.check_json()["summary"]["phases"]}
    pilot = page.select_one(".pb-verdict-summary[data-phase=pilot]")
    assert pilot is not None and pilot["data-verdict"] == gates["pilot"]["verdict"]
    reasons = [r["text"] for r in gates["pilot"]["reasons"]]
    assert len(reasons) > 3, "the example's pilot should have more reasons than the dashboard shows at first"
    first = [words(li) for li in pilot.select(":scope > ol.pb-reasons > li")]
    rest = [words(li) for li in pilot.select("details.pb-more-reasons li")]
    assert first == [" ".join(r.split()) for r in reasons[:3]]
    assert rest == [" ".join(r.split()) for r in reasons[3:]]
    assert words(pilot.select_one("details.pb-more-reasons summary")) == f"{len(reasons) - 3} more reasons"
    assert pilot.select_one(".pb-verdict").get_text(" ", strip=True).endswith(
        {"go": "GO", "no-go": "NO-GO", "not-yet": "NOT YET"}[gates["pilot"]["verdict"]]
    )


def test_dashboard_reads_in_order_where_next_overdue_activity(page: BeautifulSoup) -> None:
    headings = [h.get_text().rstrip("¶").strip() for h in page.select("article h2")]
    assert headings[:4] == ["Where we stand", "Next up", "Overdue", "Recent activity"]


def test_a_long_playbook_gives_a_short_dashboard() -> None:
    """Every item of every phase open and dated: each list stops at its limit and says where the rest are."""
    loaded = load_playbook(PHASES, ROOT / "playbook")
    assert loaded.playbook is not None
    example = loaded.playbook
    progress = {}
    for phase in example.phases:
        states = {i.id: m.ItemState(i.id, m.Status.TODO, owner="thomas-hardy", due=TODAY + dt.timedelta(days=n % 5 - 2))
                  for n, i in enumerate(phase.items())}
        progress[phase.id] = m.Progress(phase.id, states)
    playbook_ = dataclasses.replace(example, progress=progress)
    shown = Renderer(playbook_, today=TODAY, now=dt.datetime(2026, 11, 21, tzinfo=dt.UTC),
                     limits={"next_limit": 5, "overdue_limit": 4})
    text = shown.dashboard(url_for=lambda pid: f"{pid}/", source_for=lambda pid: f"{pid}.md")
    page = BeautifulSoup(text, "html.parser")
    items = sum(len(list(p.items())) for p in example.phases)
    late = sum(1 for p in example.phases for n, _ in enumerate(p.items()) if n % 5 < 2)
    assert len(page.select("table[data-pb=next-up] tbody tr")) == 5
    assert len(page.select("table[data-pb=overdue] tbody tr")) == 4
    more = {p["data-pb"]: int(p["data-more"]) for p in page.select("p.pb-more")}
    assert more == {"next-up-more": items - late - 5, "overdue-more": late - 4}
    # the rest: a link to each phase that has some, with how many
    links = page.select_one("p[data-pb=next-up-more]").select("a")
    assert [a["href"] for a in links] == [f"{p.id}/" for p in example.phases]
    assert words(page.select_one("p[data-pb=overdue-more]")).startswith(f"and {late - 4} more overdue:")
