"""Which branch `playbook changes` compares with when no BASE is given (gitrepo.default_branch).

The CI environment names it (GitLab's merge-request target or default branch, GitHub's
pull-request base), else the clone's ``origin/HEAD``, else main or master. Each row runs the
rule against real git repositories: a bare "origin" and a clone of it, as a CI job has.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Project, copy_project, git
from mkdocs_playbook import gitrepo
from mkdocs_playbook.commands import main

MR_TARGET, GITLAB_DEFAULT, GITHUB_BASE = gitrepo.CI_BASE_VARIABLES


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clone of a bare origin with main (its HEAD), develop and release; plus a local-only branch."""
    root = tmp_path_factory.mktemp("base")
    work = root / "work"
    work.mkdir()
    git(work, "init", "-q")
    git(work, "commit", "-q", "--allow-empty", "-m", "first")
    for branch in ("develop", "release"):
        git(work, "branch", branch)
    git(root, "clone", "-q", "--bare", str(work), "origin.git")
    git(root, "clone", "-q", str(root / "origin.git"), "clone")
    clone = root / "clone"
    git(clone, "branch", "local-only")
    git(clone, "checkout", "-q", "-b", "feature")
    return clone


def lone_repo(where: Path, branch: str | None) -> Path:
    """A repository with no remote, its one branch named `branch` (None: "trunk", neither main nor master)."""
    where.mkdir()
    git(where, "init", "-q", "-b", branch or "trunk")
    git(where, "commit", "-q", "--allow-empty", "-m", "first")
    return where


ROWS = [
    # (environment, the base chosen)
    ({}, "origin/main"),  # origin/HEAD
    ({GITHUB_BASE: ""}, "origin/main"),  # GitHub sets it empty on a push
    ({MR_TARGET: "develop", GITLAB_DEFAULT: "main"}, "origin/develop"),  # a merge request into develop
    ({GITLAB_DEFAULT: "release"}, "origin/release"),  # a branch pipeline
    ({GITHUB_BASE: "develop"}, "origin/develop"),
    ({MR_TARGET: "release", GITHUB_BASE: "develop"}, "origin/release"),  # GitLab's variables first
    ({GITLAB_DEFAULT: "local-only"}, "local-only"),  # no origin/local-only: the local branch
    ({MR_TARGET: "  develop\n"}, "origin/develop"),  # surrounding whitespace is not part of a name
]


@pytest.mark.parametrize(("env", "expected"), ROWS, ids=[repr(env) for env, _ in ROWS])
def test_base_branch_from_the_ci_environment(clone: Path, env: dict[str, str], expected: str) -> None:
    with gitrepo.open_repository(clone) as repo:
        assert gitrepo.default_branch(repo, env) == expected


ERRORS = [
    # (environment, what the message must say)
    (
        {MR_TARGET: "missing", GITLAB_DEFAULT: "main"},
        [f"{MR_TARGET} names the base branch 'missing'", "neither origin/missing nor a local missing",
         "`git fetch origin missing`"],
    ),
    ({GITHUB_BASE: "gone"}, [f"{GITHUB_BASE} names the base branch 'gone'", "`git fetch origin gone`"]),
    ({GITLAB_DEFAULT: "main~1"}, [f"{GITLAB_DEFAULT} is 'main~1', which is not a branch name"]),
    ({GITLAB_DEFAULT: "-x"}, [f"{GITLAB_DEFAULT} is '-x', which is not a branch name"]),
]


@pytest.mark.parametrize(("env", "said"), ERRORS, ids=[repr(env) for env, _ in ERRORS])
def test_a_named_branch_that_is_not_there_is_an_error_not_a_guess(
    clone: Path, env: dict[str, str], said: list[str]
) -> None:
    with gitrepo.open_repository(clone) as repo, pytest.raises(gitrepo.GitError) as raised:
        gitrepo.default_branch(repo, env)
    for text in said:
        assert text in str(raised.value)


@pytest.mark.parametrize(
    ("branch", "expected"), [("main", "main"), ("master", "master"), (None, None)], ids=["main", "master", "neither"]
)
def test_without_ci_or_origin_head_main_then_master(tmp_path: Path, branch: str | None, expected: str | None) -> None:
    repo_dir = lone_repo(tmp_path / "lone", branch)
    with gitrepo.open_repository(repo_dir) as repo:
        if expected is None:
            with pytest.raises(gitrepo.GitError) as raised:
                gitrepo.default_branch(repo, {})
            assert raised.value.status is gitrepo.GitStatus.NO_DEFAULT_BRANCH
        else:
            assert gitrepo.default_branch(repo, {}) == expected


def test_the_process_environment_is_read_when_none_is_given(clone: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(GITLAB_DEFAULT, "release")
    with gitrepo.open_repository(clone) as repo:
        assert gitrepo.default_branch(repo) == "origin/release"


# --- through the command ----------------------------------------------------------------


@pytest.fixture
def mr_clone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    """The example project on origin's main and develop; the clone on a feature branch, as cwd."""
    origin = copy_project(tmp_path / "origin")
    git(origin.root, "branch", "develop")
    git(tmp_path, "clone", "-q", str(origin.root), "clone")
    clone = Project(tmp_path / "clone")
    git(clone.root, "checkout", "-q", "-b", "feature")
    monkeypatch.chdir(clone.root)
    return clone


def test_changes_compares_with_the_merge_request_target(
    mr_clone: Project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(MR_TARGET, "develop")
    monkeypatch.setenv(GITLAB_DEFAULT, "main")

    code = main(["changes", "--format", "json"])

    out, _err = capsys.readouterr()
    assert code == 0
    assert json.loads(out)["base"]["rev"] == "origin/develop"


def test_changes_says_which_variable_named_a_branch_it_cannot_find(
    mr_clone: Project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(MR_TARGET, "release-2")

    code = main(["changes"])

    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert err.startswith(f"playbook changes: {MR_TARGET} names the base branch 'release-2'")
    assert "git fetch origin release-2" in err and "Traceback" not in err
