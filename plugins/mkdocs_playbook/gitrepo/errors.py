"""The one error contract for git: a status to branch on, and one wording for people.

The site (history) and `playbook changes` meet the same problems: no git, not a
repository, "dubious ownership", a shallow clone, no commits. Each problem is a
`GitError` with a `GitStatus`; its text says what is wrong and how to fix it, and
the caller adds what it could not do because of it (`GitError.worded`), so the
remedy reads the same wherever it is printed.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Final

FETCH_FULL_HISTORY: Final = (
    "Fetch the full history: run `git fetch --unshallow`, or set `fetch-depth: 0` on "
    "actions/checkout (GitLab CI: `GIT_DEPTH: 0`)."
)


class GitStatus(StrEnum):
    """What git could tell; everything but OK comes with a `GitError` or a notice."""

    OK = "ok"
    GIT_NOT_FOUND = "git-not-found"
    NOT_A_REPOSITORY = "not-a-repository"
    BARE = "bare"
    DUBIOUS_OWNERSHIP = "dubious-ownership"
    NO_COMMITS = "no-commits"
    SHALLOW = "shallow"
    OUTSIDE = "outside-the-repository"
    NOT_A_REVISION = "not-a-revision"
    UNKNOWN_REVISION = "unknown-revision"
    NO_DEFAULT_BRANCH = "no-default-branch"
    NO_MERGE_BASE = "no-merge-base"
    GIT_ERROR = "git-error"


class GitError(Exception):
    """A git problem worded for the person running the command: print it, no traceback.

    `problem` says what is wrong, `remedy` what to do about it; `worded` puts what the
    caller could not do between the two.
    """

    def __init__(self, status: GitStatus, problem: str, remedy: str = "") -> None:
        self.status = status
        self.problem = problem
        self.remedy = remedy
        super().__init__(self.worded())

    def worded(self, consequence: str = "") -> str:
        text = self.problem + (f": {consequence}" if consequence else "")
        text = text if text.endswith((".", ")")) else text + "."
        return f"{text} {self.remedy}" if self.remedy else text


def safe_directory_remedy(path: str) -> str:
    """The remedy for git's "detected dubious ownership" refusal, common in containers."""
    return (
        f"Mark it safe: `git config --global --add safe.directory {path}` "
        "(in a container or CI job, before running playbook or mkdocs)."
    )


def git_not_found(detail: str) -> GitError:
    return GitError(
        GitStatus.GIT_NOT_FOUND,
        "git is not installed or cannot be run",
        f"Install git, or point GIT_PYTHON_GIT_EXECUTABLE at it ({detail}).",
    )


def not_a_repository(folder: str) -> GitError:
    return GitError(
        GitStatus.NOT_A_REPOSITORY,
        f"{folder} is not inside a git repository (or its working tree)",
        "Run it inside a clone of the playbook's repository.",
    )


def from_stderr(stderr: str, where: str) -> GitError:
    """git failed: "dubious ownership" gets its remedy, anything else git's own first line."""
    if "dubious ownership" in stderr:
        match = re.search(r"repository at '([^'\n]+)'", stderr)
        top = match.group(1) if match else where
        return GitError(
            GitStatus.DUBIOUS_OWNERSHIP,
            f'git refused to read {top}: it is owned by another user ("detected dubious ownership")',
            safe_directory_remedy(top),
        )
    if "must be run in a work tree" in stderr:
        return GitError(
            GitStatus.BARE,
            f"{where} is a bare repository or a .git folder, with no working tree",
            "Run it in a clone with files.",
        )
    if "not a git repository" in stderr:
        return not_a_repository(where)
    return GitError(GitStatus.GIT_ERROR, f"git could not read {where} ({first_line(stderr)})")


def first_line(stderr: str) -> str:
    """git's first message line, without GitPython's "stderr: '...'" wrapping."""
    lines = [line.strip().removeprefix("stderr: ").strip("'") for line in stderr.splitlines()]
    return next((line for line in lines if line), "no message")
