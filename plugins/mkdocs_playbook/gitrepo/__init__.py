"""git, and only here: the one layer that starts git processes, with one error contract.

`history` (who ticked what, for the site) and `pullrequest` (`playbook
changes`) ask this package for what git knows and never run git themselves:

* `repository`: finding the repository as git would, running commands, the
  patch text of a file's log and of the working tree;
* `revisions`: resolving names, the default branch, merge bases, files at a
  revision;
* `source`: `RevisionSource`, the tree of a commit as a `source.sources.Source`,
  so the loaders read a revision exactly as they read the working tree;
* `errors`: `GitError` with a `GitStatus`, and the one wording of every remedy.
* `fastimport`: a new repository with a whole history in one `git fast-import` (`playbook demo`).

Nothing here parses YAML itself: `source` hands file text to the one reader.
"""

from __future__ import annotations

from mkdocs_playbook.gitrepo.errors import FETCH_FULL_HISTORY, GitError, GitStatus
from mkdocs_playbook.gitrepo.repository import (
    LOG_FIELDS,
    RepoState,
    changed_paths,
    diff_worktree,
    inside,
    log_patches,
    open_at,
    open_repository,
    probe,
    relative_path,
    top_of,
    tracked,
)
from mkdocs_playbook.gitrepo.revisions import (
    CI_BASE_VARIABLES,
    RevisionFile,
    default_branch,
    is_shallow,
    merge_base,
    read_files,
    read_text,
    resolve,
    short,
)

__all__ = [
    "CI_BASE_VARIABLES",
    "FETCH_FULL_HISTORY",
    "LOG_FIELDS",
    "GitError",
    "GitStatus",
    "RepoState",
    "RevisionFile",
    "changed_paths",
    "default_branch",
    "diff_worktree",
    "inside",
    "is_shallow",
    "log_patches",
    "merge_base",
    "open_at",
    "open_repository",
    "probe",
    "read_files",
    "read_text",
    "relative_path",
    "resolve",
    "short",
    "top_of",
    "tracked",
]
