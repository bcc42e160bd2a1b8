"""The loaders read the working tree or any git revision through one `Source`, without temp files."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import pytest

from conftest import Project, copy_project, git
from mkdocs_playbook import gitrepo
from mkdocs_playbook.commands import main
from mkdocs_playbook.gitrepo.source import RevisionSource
from mkdocs_playbook.source.loading import load_playbook
from mkdocs_playbook.status.document import summary

TODAY = dt.date(2026, 11, 21)
NOW = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    made = copy_project(tmp_path / "project")
    monkeypatch.chdir(made.root)
    return made


def at_head(project: Project, roots: tuple[str, ...] = ("phases", "playbook")) -> tuple[RevisionSource, str]:
    with gitrepo.open_repository(project.root) as repo:
        head = gitrepo.resolve(repo, "HEAD")
        short = gitrepo.short(repo, head)
        return RevisionSource(repo, head, short, roots), short


def test_a_revision_loads_as_the_working_tree_does(project: Project) -> None:
    source, _short = at_head(project)
    (project.progress / "pilot.yml").write_text("", "utf-8")  # the working tree moves on; HEAD does not

    from_git = load_playbook(Path("phases"), Path("playbook"), source)
    git(project.root, "checkout", "-q", "--", ".")
    from_disk = load_playbook(Path("phases"), Path("playbook"))

    assert from_git.ok and from_disk.ok
    assert from_git.playbook is not None and from_disk.playbook is not None
    assert summary(from_git.playbook, TODAY, NOW) == summary(from_disk.playbook, TODAY, NOW)
    assert summary(from_git.playbook, TODAY, NOW)["phases"][1]["counts"]["done"] == 29  # 26 + the plan's 3 entry criteria


def test_problems_in_a_revision_are_named_as_git_names_the_file(project: Project) -> None:
    pilot = project.progress / "pilot.yml"
    pilot.write_text(pilot.read_text("utf-8").replace("identify-pilot-users: done", "identify-pilot-users: finished"))
    git(project.root, "commit", "-qam", "A typo")
    on_disk = load_playbook(Path("phases"), Path("playbook")).diagnostics
    source, short = at_head(project)

    in_git = load_playbook(Path("phases"), Path("playbook"), source).diagnostics

    [disk] = on_disk
    [revision] = in_git
    assert disk.path == os.path.join("playbook", "progress", "pilot.yml")
    assert revision.path == f"{short}:playbook/progress/pilot.yml"
    assert (revision.line, revision.column, revision.message) == (disk.line, disk.column, disk.message)


def test_folders_missing_from_a_revision_are_reported(project: Project) -> None:
    source, short = at_head(project, roots=("playbook",))  # phases/ not read: as if absent

    result = load_playbook(Path("phases"), Path("playbook"), source)

    assert result.playbook is None
    [problem] = result.diagnostics
    assert problem.path == f"{short}:phases" and "phases directory not found" in problem.message


def test_a_symbolic_link_in_a_revision_is_refused(project: Project) -> None:
    organization = project.root / "playbook" / "organization.yml"
    organization.unlink()
    organization.symlink_to("/etc/passwd")
    git(project.root, "add", "-A")
    git(project.root, "commit", "-qm", "A link")
    source, short = at_head(project)

    result = load_playbook(Path("phases"), Path("playbook"), source)

    assert result.playbook is None
    messages = [(d.path, d.message) for d in result.diagnostics]
    assert (f"{short}:playbook/organization.yml", "is a symbolic link; expected a regular file") in messages


def test_comparing_revisions_writes_no_temporary_files(
    project: Project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    base = git(project.root, "rev-parse", "HEAD").strip()
    pilot = project.progress / "pilot.yml"
    pilot.write_text(pilot.read_text("utf-8").replace("expanded-optimization-log: todo", "expanded-optimization-log: done"), "utf-8")
    git(project.root, "commit", "-qam", "Tick")

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a temporary file or folder was made")

    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    code = main(["changes", base, "HEAD", "--format", "json"])

    assert code == 0
    assert '"expanded-optimization-log"' in capsys.readouterr().out
