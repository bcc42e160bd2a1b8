"""Which commit a playbook's data comes from: the "as of" line of a printed handout.

Best effort, like the other working-tree questions (worktree.py): no git, no repository
or no commit yet is not an error, just a handout that says "not in git".
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mkdocs_playbook.gitrepo.worktree import _ask
from mkdocs_playbook.model import AsOf


def as_of(playbook_dir: Path, phases_dir: Path, today: dt.date) -> AsOf:
    """The last commit that changed the data (either folder), and its date; `today` when the data has
    uncommitted changes.

    Both folders count: a phase file edited but not committed changes what the handout says
    as much as a ticked item does. A folder outside the repository is not asked about. The
    last commit of the data, not ``HEAD``: committing something else (rendered pages, the
    README) does not change what a handout says, so `playbook render --check` stays true.
    """
    top = _ask(playbook_dir, "rev-parse", "--show-toplevel")
    if top is None:
        return AsOf(date=today)
    # the playbook folder is inside (git found the repository from it); the phases may live elsewhere
    folders = [str(f.resolve()) for f in (playbook_dir, phases_dir) if _inside(f, Path(top.strip()))]
    last = _ask(playbook_dir, "log", "-1", "--format=%h%x00%cI", "HEAD", "--", *folders)
    if last is None or "\0" not in last:  # no commits yet, or none with the data
        return AsOf(date=today)
    revision, committed = last.strip().split("\0", 1)
    changes = _ask(playbook_dir, "status", "--porcelain", "--untracked-files=all", "--", *folders)
    if changes and changes.strip():
        return AsOf(date=today, revision=revision, modified=True)
    return AsOf(date=dt.datetime.fromisoformat(committed).date(), revision=revision)


def _inside(folder: Path, top: Path) -> bool:
    return folder.resolve().is_relative_to(top.resolve())
