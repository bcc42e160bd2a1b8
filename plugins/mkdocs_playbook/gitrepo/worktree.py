"""Three questions the editing commands ask of the working tree, answered best effort.

Neither answer is needed for an edit to be right, so neither failure is an error: with no
git, outside a repository, or when git refuses (for instance "dubious ownership"), the
answer is None and the caller does without (a lock beside the data; no `git add` hint).
"""

from __future__ import annotations

import os
from pathlib import Path

try:
    import git
except ImportError:  # GitPython refuses to import when no git executable is found
    git = None  # type: ignore[assignment]

_LITERAL_PATHS = {"GIT_LITERAL_PATHSPECS": "1"}


def git_dir(start: Path) -> Path | None:
    """The git directory of the work tree holding `start` (per worktree), or None.

    That is where git keeps its own lock files (`index.lock`), so a lock kept there
    never shows up in `git status`, is never committed and is never read as data.
    """
    out = _ask(start, "rev-parse", "--absolute-git-dir")
    if out is None or not out.strip():
        return None
    return Path(out.strip())


def is_tracked(path: Path) -> bool | None:
    """Whether git tracks `path` (it is in the index); None when git cannot say.

    The index, not HEAD: a file already `git add`-ed is committed by `git commit -am`.
    """
    absolute = Path(os.path.abspath(path))
    out = _ask(absolute.parent, "ls-files", "-z", "--", absolute.name)
    if out is None:
        return None
    return bool(out.strip("\0"))


def user_name(start: Path) -> str | None:
    """git's `user.name` as seen from `start` (repository, global or system setting), or None.

    `playbook decide` records who decided; the name git would put on the commit is the
    best default, and the one that `git log` will show beside the decision file.
    """
    out = _ask(start, "config", "--get", "user.name")
    name = " ".join(out.split()) if out is not None else ""
    return name or None


def _ask(start: Path, command: str, *args: str) -> str | None:
    if git is None:
        return None
    folder = Path(os.path.abspath(start))
    while not folder.is_dir() and folder != folder.parent:  # progress/ may not exist yet
        folder = folder.parent
    try:
        status, out, _ = getattr(git.Git(str(folder)), command.replace("-", "_"))(
            *args, with_extended_output=True, with_exceptions=False, env=_LITERAL_PATHS
        )
    except (git.GitCommandNotFound, OSError):
        return None
    return str(out) if status == 0 else None
