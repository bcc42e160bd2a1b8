"""A new repository with a whole history at once: `git init` and one `git fast-import` stream.

`playbook demo` makes a hundred dated commits by six authors; a `git commit` process each
would take seconds, one fast-import stream takes a fraction of one. Each commit gives the
files it changed (their full text) with its author and moment, and the work tree is left as
the last commit has it (the caller wrote those files), with the index matching it.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

BRANCH = "main"


class ImportFailed(Exception):
    """git is missing or refused the stream: the words to show, with git's own."""


@dataclass(frozen=True)
class Commit:
    author: str
    email: str
    at: dt.datetime
    """Timezone-aware: the commit's date and offset, as the author's clock showed them."""
    message: str
    files: Sequence[tuple[str, bytes]]
    """(path relative to the work tree, with /, full content) of each file added or changed."""


def init(root: Path) -> None:
    """An empty repository in `root` whose branch is `main`, whatever init.defaultBranch says."""
    _git(root, "init", "--quiet", f"--initial-branch={BRANCH}")


def write_history(root: Path, commits: Iterable[Commit]) -> int:
    """Add `commits` in order on `main` of the repository in `root`; how many were made."""
    stream = bytearray()
    count = 0
    for count, commit in enumerate(commits, start=1):
        stream += _commit(commit, count)
    _git(root, "fast-import", "--quiet", "--done", stdin=bytes(stream) + b"done\n")
    _git(root, "reset", "--quiet", "--mixed")  # the index from HEAD: the work tree already matches it
    return count


def _commit(commit: Commit, mark: int) -> bytes:
    moment = f"{int(commit.at.timestamp())} {commit.at.strftime('%z')}"
    who = f"{commit.author} <{commit.email}> {moment}\n".encode()
    message = commit.message.encode()
    lines = [
        f"commit refs/heads/{BRANCH}\nmark :{mark}\n".encode(),
        b"author " + who,
        b"committer " + who,
        f"data {len(message)}\n".encode() + message + b"\n",
    ]
    if mark > 1:
        lines.append(f"from :{mark - 1}\n".encode())
    for path, data in commit.files:
        lines.append(f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")
    return b"".join(lines) + b"\n"


def _git(root: Path, *args: str, stdin: bytes | None = None) -> None:
    executable = shutil.which("git")
    if executable is None:
        raise ImportFailed("git was not found; install git (https://git-scm.com) and run again")
    # the repository is the one in `root`, not one a hook or the caller's shell points GIT_DIR at
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    try:
        done = subprocess.run(
            [executable, *args], cwd=root, input=stdin, capture_output=True, env=env, check=False
        )
    except OSError as error:
        raise ImportFailed(f"git could not run: {error.strerror or error}") from None
    if done.returncode != 0:
        said = " ".join(done.stderr.decode("utf-8", "replace").split())[:300]
        raise ImportFailed(f"`git {args[0]}` failed: {said or f'exit code {done.returncode}'}")
