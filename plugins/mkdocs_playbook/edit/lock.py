"""One lock around every read-modify-write of a playbook's progress files.

Two `playbook tick` runs at the same moment would otherwise both read the file, each
add its own entry, and the second rename would drop the first one's. Every command
that writes progress files (tick, untick, start, skip, answer, fmt) holds this lock
from reading the file to renaming the new one into place, so N parallel edits of N
items all land.

Where the lock file lives, and why:

* in a git work tree, `playbook.lock` in the git directory (`.git/playbook.lock`,
  beside git's own `index.lock`): it never shows up in `git status`, is never
  committed, and no loader ever reads it as data;
* elsewhere, `.playbook.lock` in the progress folder: a dot-file the loader's `*.yml`
  glob and MkDocs (which skips dot-files) both ignore.

The lock is an OS lock (`flock`, through filelock), so a killed run cannot leave it
held: the kernel releases it with the process. The file itself stays, empty, as git's
lock files do not: it is reused by the next run.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from filelock import FileLock, Timeout

from mkdocs_playbook.edit.atomic import remove_leftovers
from mkdocs_playbook.gitrepo.worktree import git_dir
from mkdocs_playbook.source.files import PROGRESS_DIR

DEFAULT_WAIT: Final = 30.0
"""Seconds to wait for another run before giving up: far longer than any edit takes."""
GIT_LOCK_NAME: Final = "playbook.lock"
FOLDER_LOCK_NAME: Final = ".playbook.lock"


class LockTimeout(Exception):
    """Another run held the lock for longer than we were willing to wait."""

    def __init__(self, lock: Path, waited: float) -> None:
        super().__init__(f"another playbook command held {lock} for {waited:g} s")
        self.lock = lock
        self.waited = waited


@dataclass(frozen=True)
class Held:
    """The lock, while it is held, and what tidying up it did on the way in."""

    lock: Path | None
    """The lock file; None when the playbook folder does not exist (nothing can be written)."""
    removed: list[Path] = field(default_factory=list)
    """Temporary files of killed runs, deleted from the progress folder."""


def lock_path(playbook_dir: Path) -> Path:
    """Where the lock of `playbook_dir`'s progress files lives (see the module's docstring)."""
    repository = git_dir(playbook_dir)
    if repository is not None:
        return repository / GIT_LOCK_NAME
    return playbook_dir / PROGRESS_DIR / FOLDER_LOCK_NAME


@contextlib.contextmanager
def progress_lock(
    playbook_dir: Path,
    *,
    wait: float = DEFAULT_WAIT,
    on_wait: Callable[[Path], None] | None = None,
) -> Iterator[Held]:
    """Hold the lock of `playbook_dir`'s progress files for the block.

    `on_wait(lock)` is called once when another run holds it, before waiting up to
    `wait` seconds; then `LockTimeout`. Once held, temporary files a killed run left in
    the progress folder are removed (`Held.removed`). An OSError (a read-only folder,
    say) propagates: the caller words it. A playbook folder that does not exist is not
    created here; the block runs unlocked, and the editing code refuses the edit.
    """
    playbook_dir = Path(playbook_dir)
    if not playbook_dir.is_dir():
        yield Held(None)
        return
    path = lock_path(playbook_dir)
    progress = playbook_dir / PROGRESS_DIR
    if path.parent == progress:
        progress.mkdir(exist_ok=True)
    lock = FileLock(str(path))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if on_wait is not None:
            on_wait(path)
        try:
            lock.acquire(timeout=max(wait, 0))
        except Timeout:
            raise LockTimeout(path, wait) from None
    try:
        yield Held(path, remove_leftovers(progress))
    finally:
        lock.release()
