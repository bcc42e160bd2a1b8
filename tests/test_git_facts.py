"""Git facts right: commit links follow the plugin's repo_url, and an uncommitted change is nobody's commit.

Real git repositories, real `playbook` edits, real builds; the page and progress.json are read back.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag

from conftest import BIN, Project, copy_project, git

ALICE = {"GIT_AUTHOR_NAME": "Alice Rollout", "GIT_AUTHOR_EMAIL": "alice@example.test",
         "GIT_AUTHOR_DATE": "2026-10-14T09:30:00+02:00", "GIT_COMMITTER_DATE": "2026-10-14T09:30:00+02:00"}
BOB = {"GIT_AUTHOR_NAME": "Bob Merger", "GIT_AUTHOR_EMAIL": "bob@example.test",
       "GIT_AUTHOR_DATE": "2026-11-02T16:00:00+01:00", "GIT_COMMITTER_DATE": "2026-11-02T16:00:00+01:00"}

PHASE, ITEM = "enterprise-rollout", "implement-rollout-plan"
SITE_REPO = "https://github.com/northwind/handbook"
DATA_REPO = "https://git.example.test/northwind/playbook-data"


def playbook(project: Project, *args: str) -> None:
    done = subprocess.run([str(BIN / "playbook"), *args], cwd=project.root, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def set_options(project: Project, *, options: str = "", top: str = "") -> None:
    config = project.root / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "      phases_dir: phases\n" in text
    config.write_text(text.replace("      phases_dir: phases\n", "      phases_dir: phases\n" + options) + top, "utf-8")


def item_li(project: Project) -> Tag:
    page = BeautifulSoup(project.page(f"{PHASE}/index.html"), "html.parser")
    found = page.select_one(f"li.pb-item[data-item='{ITEM}']")
    assert found is not None
    return found


def item_json(project: Project) -> dict[str, Any]:
    document = json.loads(project.page("progress.json"))
    phase = next(p for p in document["phases"] if p["id"] == PHASE)
    found: dict[str, Any] = next(i for i in phase["items"] if i["id"] == ITEM)
    return found


def head(project: Project) -> str:
    return git(project.root, "rev-parse", "HEAD").strip()


# --- commit links --------------------------------------------------------------------------


@pytest.mark.subprocess
@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (f"      repo_url: {DATA_REPO}.git\n", DATA_REPO),  # the data's own repository wins
        ("", SITE_REPO),  # else MkDocs' repo_url
    ],
    ids=["option", "fallback"],
)
def test_commit_links_follow_the_plugins_repo_url_else_mkdocs(tmp_path: Path, options: str, expected: str) -> None:
    project = copy_project(tmp_path / "project")
    set_options(project, options=options, top=f"\nrepo_url: {SITE_REPO}\n")
    git(project.root, "commit", "-qam", "options")
    playbook(project, "tick", f"{PHASE}/{ITEM}")
    git(project.root, "commit", "-qam", "Tick", env=ALICE)
    assert project.build().returncode == 0
    link = item_li(project).select_one(".pb-ticked a")
    assert link is not None and link["href"] == f"{expected}/commit/{head(project)}"


@pytest.mark.subprocess
@pytest.mark.parametrize("value", ["javascript:alert(1)", "ftp://git.example.test/data", "git@github.com:org/repo.git",
                                   "https://example.test/a b"])
def test_a_repo_url_that_is_not_a_web_address_is_refused(tmp_path: Path, value: str) -> None:
    project = copy_project(tmp_path / "project", with_git=False)
    set_options(project, options=f"      repo_url: {json.dumps(value)}\n")
    done = project.build()
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "option 'repo_url'" in done.stderr and "expected the repository's http(s) address" in done.stderr, done.stderr


# --- uncommitted changes -------------------------------------------------------------------


@pytest.mark.subprocess
def test_a_tick_not_committed_yet_is_credited_to_no_commit_until_it_is(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    set_options(project, top=f"\nrepo_url: {SITE_REPO}\n")
    git(project.root, "commit", "-qam", "repo url")
    playbook(project, "start", f"{PHASE}/{ITEM}")
    git(project.root, "commit", "-qam", "Start the rollout plan", env=ALICE)
    started = head(project)

    assert project.build().returncode == 0  # committed as in progress: Alice's commit holds that state
    assert item_json(project) | {"status": "in-progress", "ticked_by": "Alice Rollout", "commit": started,
                                 "uncommitted": False} == item_json(project)

    playbook(project, "tick", f"{PHASE}/{ITEM}")  # done in the working tree only
    assert project.build().returncode == 0
    li = item_li(project)
    assert li["data-status"] == "done" and li.select_one("input[checked]") is not None
    uncommitted = li.select_one(".pb-uncommitted")
    assert uncommitted is not None and uncommitted.get_text() == "not committed yet"
    assert li.select_one(".pb-ticked") is None and "Alice" not in li.get_text()
    assert item_json(project) | {"status": "done", "ticked_by": None, "ticked_at": None, "commit": None,
                                 "uncommitted": True} == item_json(project)
    recent = BeautifulSoup(project.page("index.html"), "html.parser").select(".pb-recent li")
    assert ITEM not in [li.get("data-item") for li in recent]
    other = next(i for p in json.loads(project.page("progress.json"))["phases"] for i in p["items"]
                 if i["id"] == "identify-pilot-users")
    assert other["uncommitted"] is False and other["ticked_by"] == "Test Author"  # untouched items keep theirs

    git(project.root, "commit", "-qam", "Tick the rollout plan", env=BOB)
    ticked = head(project)
    assert project.build().returncode == 0
    li = item_li(project)
    assert li.select_one(".pb-uncommitted") is None
    credit = li.select_one(".pb-ticked")
    assert credit is not None and credit.get_text() == "ticked by Bob Merger on 2 Nov 2026"
    link = credit.select_one("a")
    assert link is not None and link["href"] == f"{SITE_REPO}/commit/{ticked}"
    assert item_json(project) | {"status": "done", "ticked_by": "Bob Merger", "ticked_at": "2026-11-02T16:00:00+01:00",
                                 "commit": ticked, "uncommitted": False} == item_json(project)


@pytest.mark.subprocess
def test_without_history_progress_json_does_not_claim_to_know(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    set_options(project, options="      history: false\n")
    assert project.build().returncode == 0
    found = item_json(project)
    assert (found["ticked_by"], found["commit"], found["uncommitted"]) == (None, None, None)
