"""What to tell people when git cannot help: one wording for every module that runs git.

history (the site) and revisions (`playbook changes`) meet the same three
problems; each says what it could not do, and both give the same remedy.
"""

from __future__ import annotations

from typing import Final

FETCH_FULL_HISTORY: Final = (
    "Fetch the full history: run `git fetch --unshallow`, or set `fetch-depth: 0` on "
    "actions/checkout (GitLab CI: `GIT_DEPTH: 0`)."
)


def mark_safe(path: str) -> str:
    """The remedy for git's "detected dubious ownership" refusal, common in containers."""
    return (
        f"Mark it safe: `git config --global --add safe.directory {path}` "
        "(in a container or CI job, before running playbook or mkdocs)."
    )


def install_git(detail: str) -> str:
    return f"Install git, or point GIT_PYTHON_GIT_EXECUTABLE at it ({detail})."


def first_line(stderr: str) -> str:
    """git's first message line, without GitPython's "stderr: '...'" wrapping."""
    lines = [line.strip().removeprefix("stderr: ").strip("'") for line in stderr.splitlines()]
    return next((line for line in lines if line), "no message")
