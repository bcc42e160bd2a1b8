"""Who ticked what and when, as the built site shows it, from real git repositories."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import BIN, Project, copy_project, git

ALICE = {"GIT_AUTHOR_NAME": "Alice Rollout", "GIT_AUTHOR_EMAIL": "alice@example.test",
         "GIT_AUTHOR_DATE": "2026-10-14T09:30:00+02:00", "GIT_COMMITTER_DATE": "2026-10-14T09:30:00+02:00"}
BOB = {"GIT_AUTHOR_NAME": "Bob Merger", "GIT_AUTHOR_EMAIL": "bob@example.test",
       "GIT_AUTHOR_DATE": "2026-11-02T16:00:00+01:00", "GIT_COMMITTER_DATE": "2026-11-02T16:00:00+01:00"}


def item(project: Project, phase: str, item_id: str) -> BeautifulSoup:
    page = BeautifulSoup(project.page(f"{phase}/index.html"), "html.parser")
    found = page.select_one(f"li.pb-item[data-item='{item_id}']")
    assert found is not None, item_id
    return found


def tick(project: Project, target: str, env: dict[str, str] | None = None, commit: bool = True) -> None:
    done = subprocess.run([str(BIN / "playbook"), "tick", target], cwd=project.root, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    if commit:
        git(project.root, "commit", "-qam", f"Tick {target}", env=env)


def test_each_done_item_says_who_ticked_it_and_when(project: Project) -> None:
    tick(project, "enterprise-rollout/implement-rollout-plan", ALICE)
    tick(project, "enterprise-rollout/outline-training-methods", BOB)
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text() + "\nrepo_url: https://github.com/northwind/playbook.git\n")
    git(project.root, "commit", "-qam", "repo url")
    assert project.build().returncode == 0
    first = item(project, "enterprise-rollout", "implement-rollout-plan").select_one(".pb-ticked")
    assert first is not None and first.get_text() == "ticked by Alice Rollout on 14 Oct 2026"
    sha = git(project.root, "log", "-1", "--format=%H", "--author=Alice").strip()
    link = first.select_one("a")
    assert link is not None and link["href"] == f"https://github.com/northwind/playbook/commit/{sha}"
    second = item(project, "enterprise-rollout", "outline-training-methods").select_one(".pb-ticked")
    assert second is not None and "Bob Merger on 2 Nov 2026" in second.get_text()
    recent = BeautifulSoup(project.page("index.html"), "html.parser").select(".pb-recent li")
    ours = [li["data-item"] for li in recent if li["data-item"] in ("outline-training-methods", "implement-rollout-plan")]
    assert ours == ["outline-training-methods", "implement-rollout-plan"]  # newest first


def test_a_merged_branch_credits_the_author_not_the_merger(project: Project) -> None:
    git(project.root, "checkout", "-q", "-b", "tick-plan")
    tick(project, "enterprise-rollout/implement-rollout-plan", ALICE)
    git(project.root, "checkout", "-q", "main")
    git(project.root, "merge", "-q", "--no-ff", "-m", "Merge pull request #7", "tick-plan", env=BOB)
    assert project.build().returncode == 0
    ticked = item(project, "enterprise-rollout", "implement-rollout-plan").select_one(".pb-ticked")
    assert ticked is not None and "Alice Rollout" in ticked.get_text()


def test_an_uncommitted_tick_says_so(project: Project) -> None:
    tick(project, "enterprise-rollout/implement-rollout-plan", commit=False)
    assert project.build().returncode == 0
    li = item(project, "enterprise-rollout", "implement-rollout-plan")
    assert li.select_one("input[checked]") is not None
    assert li.select_one(".pb-uncommitted").get_text() == "not committed yet"
    assert li.select_one(".pb-ticked") is None
    committed = item(project, "pilot", "identify-pilot-users")
    assert committed.select_one(".pb-uncommitted") is None and committed.select_one(".pb-ticked") is not None


def test_without_git_a_strict_build_fails_on_its_one_warning(tmp_path: Path) -> None:
    """Strict only: the same copy built without --strict (it passes, every state shown, no "ticked
    by", the dashboard's History note) is tests/test_no_history.py's one build."""
    project = copy_project(tmp_path / "plain", with_git=False)
    env = {**os.environ, "GIT_CEILING_DIRECTORIES": str(tmp_path)}
    strict = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "-d", "site"], cwd=project.root,
                            capture_output=True, text=True, env=env, check=False)
    assert strict.returncode == 1
    warnings = [line for line in strict.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1 and "git" in warnings[0]


def test_a_shallow_clone_warns_once_and_shows_no_dates(project: Project, tmp_path: Path) -> None:
    tick(project, "enterprise-rollout/implement-rollout-plan", ALICE)
    tick(project, "enterprise-rollout/outline-training-methods", BOB)
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{project.root}", str(clone))
    shallow = Project(clone)
    strict = shallow.build()
    assert strict.returncode == 1
    warnings = [line for line in strict.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1
    assert "shallow" in warnings[0] and "fetch-depth: 0" in warnings[0]
    assert shallow.build(strict=False).returncode == 0
    page = BeautifulSoup(shallow.page("enterprise-rollout/index.html"), "html.parser")
    assert not page.select(".pb-ticked") and not page.select(".pb-burn-up")
    assert "ticked by" not in shallow.page("index.html")
    notice = BeautifulSoup(shallow.page("index.html"), "html.parser").select_one(".pb-history-notice")
    assert notice is not None and "fetch-depth: 0" in notice.get_text()
    assert notice.get("data-history") == "missing" and "GIT_DEPTH: 0" in notice.get_text()  # a reader's wording


def test_burn_up_charts_on_dashboard_and_phase_page(project: Project) -> None:
    tick(project, "enterprise-rollout/implement-rollout-plan", ALICE)
    tick(project, "enterprise-rollout/outline-training-methods", BOB)
    assert project.build().returncode == 0
    dashboard = BeautifulSoup(project.page("index.html"), "html.parser")
    assert len(dashboard.select("figure.pb-burn-up svg.pb-chart")) == 3
    page = BeautifulSoup(project.page("enterprise-rollout/index.html"), "html.parser")
    svg = page.select_one("svg.pb-chart")
    assert svg is not None and svg["role"] == "img"
    # the rollout starts on 11 Jan 2027, after today: the ticks so far are counted, no line drawn into the future
    assert svg.select_one("desc").get_text().startswith("The phase starts on 11 Jan 2027; 2 of 9 done so far.")
    assert not svg.select("line.pb-chart-done, line.pb-chart-today")
    assert not page.select("script[src*=chart]")
