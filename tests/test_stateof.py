"""`gitrepo.stateof.as_of`: the date and commit a handout's state comes from, in real git repositories.

A handout outlives the site, so it must say when its state was true: the commit's date and short
id when the data is committed, today's date (and the commit it started from) when the data has
uncommitted changes, and today alone without git. It never raises.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import git
from mkdocs_playbook.gitrepo.stateof import as_of
from mkdocs_playbook.model import AsOf

TODAY = dt.date(2026, 11, 21)
COMMITTED = "2026-09-01T12:00:00+00:00"


def repository(root: Path) -> tuple[Path, Path]:
    """A repository holding playbook/ and phases/ with one file each, committed on 1 Sep 2026."""
    playbook, phases = root / "playbook", root / "phases"
    (playbook / "progress").mkdir(parents=True)
    phases.mkdir()
    (playbook / "progress" / "pilot.yml").write_text("identify-users: done\n")
    (phases / "pilot.yml").write_text("id: pilot\n")
    (root / "README.md").write_text("# Our playbook\n")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "playbook", env={"GIT_AUTHOR_DATE": COMMITTED, "GIT_COMMITTER_DATE": COMMITTED})
    return playbook, phases


def head(root: Path) -> str:
    return git(root, "rev-parse", "--short", "HEAD").strip()


def test_the_revision_is_the_datas_last_commit_not_heads(tmp_path: Path) -> None:
    """Committing something else (rendered pages, the README) leaves what a handout says unchanged."""
    playbook, phases = repository(tmp_path)
    data_commit = head(tmp_path)
    (tmp_path / "README.md").write_text("# Changed\n")
    git(tmp_path, "commit", "-q", "-am", "docs", env={"GIT_COMMITTER_DATE": "2026-10-01T12:00:00+00:00"})
    assert head(tmp_path) != data_commit
    assert as_of(playbook, phases, TODAY) == AsOf(date=dt.date(2026, 9, 1), revision=data_commit)


def test_data_never_committed_is_today_without_a_revision(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# Our playbook\n")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "readme")
    playbook, phases = tmp_path / "playbook", tmp_path / "phases"
    playbook.mkdir()
    phases.mkdir()
    (playbook / "organization.yml").write_text("name: x\n")
    assert as_of(playbook, phases, TODAY) == AsOf(date=TODAY)


def test_clean_repository_is_the_commit_and_its_date(tmp_path: Path) -> None:
    playbook, phases = repository(tmp_path)
    assert as_of(playbook, phases, TODAY) == AsOf(date=dt.date(2026, 9, 1), revision=head(tmp_path))


def test_the_commit_date_is_the_committers_not_the_authors(tmp_path: Path) -> None:
    playbook, phases = repository(tmp_path)
    (playbook / "progress" / "pilot.yml").write_text("identify-users: todo\n")
    git(tmp_path, "commit", "-q", "-am", "reopen", env={
        "GIT_AUTHOR_DATE": "2026-09-02T12:00:00+00:00", "GIT_COMMITTER_DATE": "2026-10-05T08:00:00+00:00",
    })
    assert as_of(playbook, phases, TODAY) == AsOf(date=dt.date(2026, 10, 5), revision=head(tmp_path))


@pytest.mark.parametrize(
    ("change", "modified"),
    [
        ("edit progress", True),
        ("edit phase", True),
        ("new untracked progress file", True),
        ("delete phase", True),
        ("edit README outside both folders", False),
        ("new file outside both folders", False),
    ],
)
def test_uncommitted_data_is_today_from_the_last_commit(tmp_path: Path, change: str, modified: bool) -> None:
    playbook, phases = repository(tmp_path)
    match change:
        case "edit progress":
            (playbook / "progress" / "pilot.yml").write_text("identify-users: todo\n")
        case "edit phase":
            (phases / "pilot.yml").write_text("id: pilot\ntitle: Pilot\n")
        case "new untracked progress file":
            (playbook / "progress" / "poc.yml").write_text("x: done\n")
        case "delete phase":
            (phases / "pilot.yml").unlink()
        case "edit README outside both folders":
            (tmp_path / "README.md").write_text("# Changed\n")
        case "new file outside both folders":
            (tmp_path / "notes.txt").write_text("scratch\n")
    expected_date = TODAY if modified else dt.date(2026, 9, 1)
    assert as_of(playbook, phases, TODAY) == AsOf(date=expected_date, revision=head(tmp_path), modified=modified)


def test_no_git_is_today_without_a_revision(tmp_path: Path) -> None:
    playbook, phases = tmp_path / "playbook", tmp_path / "phases"
    playbook.mkdir()
    phases.mkdir()
    (playbook / "organization.yml").write_text("name: x\n")
    assert as_of(playbook, phases, TODAY) == AsOf(date=TODAY)


def test_a_repository_without_commits_is_today_without_a_revision(tmp_path: Path) -> None:
    playbook, phases = tmp_path / "playbook", tmp_path / "phases"
    playbook.mkdir()
    phases.mkdir()
    (playbook / "organization.yml").write_text("name: x\n")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")  # staged, never committed
    assert as_of(playbook, phases, TODAY) == AsOf(date=TODAY)


def test_phases_outside_the_repository_are_not_asked_about(tmp_path: Path) -> None:
    """The package's own phases (site-packages) are outside the team's repository: no error, not 'modified'."""
    playbook, _ = repository(tmp_path / "team")
    elsewhere = tmp_path / "package-phases"
    elsewhere.mkdir()
    (elsewhere / "pilot.yml").write_text("id: pilot\n")
    assert as_of(playbook, elsewhere, TODAY) == AsOf(date=dt.date(2026, 9, 1), revision=head(tmp_path / "team"))


def test_a_missing_progress_folder_still_answers(tmp_path: Path) -> None:
    """A playbook folder that does not exist yet (a fresh site) is asked about from its nearest parent."""
    _, phases = repository(tmp_path)
    missing = tmp_path / "not-yet" / "playbook"
    assert as_of(missing, phases, TODAY) == AsOf(date=dt.date(2026, 9, 1), revision=head(tmp_path))
