"""Revisions and the files in them, for comparing checklist state between two revisions.

`playbook changes` needs the files of a base revision (the merge base with the
default branch, for a pull request) and of a head revision, without checking
either out:

* A whole directory costs one ``git ls-tree`` plus one shared
  ``git cat-file --batch`` process for every blob (``repo.odb``), not one
  ``git show`` a file.
* Revisions are resolved to commit ids first, so a name starting with ``-``
  or holding ``:`` never reaches another git command as an option or a path.
* Symbolic links and submodules come back with a problem instead of text: a
  pull request could point a link anywhere on the machine that runs CI.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from mkdocs_playbook.gitrepo.errors import FETCH_FULL_HISTORY, GitError, GitStatus, from_stderr
from mkdocs_playbook.gitrepo.repository import run as _git
from mkdocs_playbook.gitrepo.repository import top_of
from mkdocs_playbook.source.diagnostics import quote

if TYPE_CHECKING:
    import git

CI_BASE_VARIABLES: Final = ("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "CI_DEFAULT_BRANCH", "GITHUB_BASE_REF")
"""The CI environment's name for the base branch, first set (and not empty) wins: GitLab's merge
request target, GitLab's default branch, GitHub's pull-request base (empty on a push)."""
DEFAULT_BRANCHES: Final = ("main", "master", "origin/main", "origin/master")
"""Tried in this order when no CI variable names the base and ``origin/HEAD`` is not set. A CI
checkout often has no local ``main`` but does have ``origin/main``."""

_REGULAR_MODES: Final = frozenset({"100644", "100755"})
_LITERAL_PATHS: Final = {"GIT_LITERAL_PATHSPECS": "1"}
_SHALLOW: Final = f"This is a shallow clone. {FETCH_FULL_HISTORY}"


@dataclass(frozen=True)
class RevisionFile:
    """One file of a revision: its text, or why there is none (a symbolic link, not UTF-8).

    `path` is relative to the top of the repository, with `/` separators.
    """

    path: str
    text: str | None
    problem: str | None = None


def resolve(repo: git.Repo, rev: str) -> str:
    """The commit id `rev` names, or a GitError saying how to get it."""
    if not rev or rev.startswith("-") or any(c.isspace() or not c.isprintable() for c in rev):
        raise GitError(
            GitStatus.NOT_A_REVISION,
            f"{quote(rev)} is not a revision",
            "Expected a branch, tag or commit such as origin/main.",
        )
    status, out, err = _git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if status == 0 and out.strip():
        return out.strip()
    if err.strip():
        raise from_stderr(err, top_of(repo))
    if rev == "HEAD":
        raise GitError(
            GitStatus.NO_COMMITS,
            "HEAD does not name a commit: the repository has no commits yet",
            "Commit, then compare.",
        )
    raise GitError(
        GitStatus.UNKNOWN_REVISION,
        f"unknown revision {quote(rev)}: no branch, tag or commit of that name in {top_of(repo)}",
        "Check the name (`git branch -a`), or fetch it (`git fetch origin`)." + _shallow_hint(repo),
    )


def short(repo: git.Repo, commit: str) -> str:
    """An abbreviated commit id, unique in this repository, for messages and Markdown."""
    status, out, _err = _git(repo, "rev-parse", "--short", commit)
    return out.strip() if status == 0 and out.strip() else commit[:12]


def is_shallow(repo: git.Repo) -> bool:
    status, out, err = _git(repo, "rev-parse", "--is-shallow-repository")
    if status != 0:
        raise from_stderr(err, top_of(repo))
    return out.strip() == "true"


def _shallow_hint(repo: git.Repo) -> str:
    return f" {_SHALLOW}" if is_shallow(repo) else ""


def default_branch(repo: git.Repo, env: Mapping[str, str] | None = None) -> str:
    """What a pull or merge request merges into: the one rule for `playbook changes` without BASE.

    In order: the branch the CI environment names (`CI_BASE_VARIABLES`), ``origin/HEAD`` if the
    clone knows it, else main or master. A CI system knows the target branch; guessing it would
    compare a merge request into ``develop`` with ``main``. A named branch that this clone lacks is
    an error saying which variable named it, never a silent fallback to a guess.
    """
    env = os.environ if env is None else env
    for variable in CI_BASE_VARIABLES:
        name = env.get(variable, "").strip()
        if name:
            return _named_branch(repo, variable, name)
    status, out, err = _git(repo, "symbolic-ref", "--quiet", "refs/remotes/origin/HEAD")
    if status == 0 and out.strip():
        return out.strip().removeprefix("refs/remotes/")
    if err.strip():
        raise from_stderr(err, top_of(repo))
    for name in DEFAULT_BRANCHES:
        if _commit_of(repo, name):
            return name
    raise GitError(
        GitStatus.NO_DEFAULT_BRANCH,
        "cannot tell the default branch (no origin/HEAD, main or master)",
        "Name the base, e.g. `playbook changes origin/develop`." + _shallow_hint(repo),
    )


def _named_branch(repo: git.Repo, variable: str, name: str) -> str:
    """``origin/<name>`` when the clone has it (a CI clone seldom has a local branch), else ``<name>``."""
    status, _out, _err = _git(repo, "check-ref-format", f"refs/heads/{name}")
    if status != 0 or name.startswith("-"):
        raise GitError(
            GitStatus.NOT_A_REVISION,
            f"{variable} is {quote(name)}, which is not a branch name",
            "Expected the name of the branch merge requests merge into, such as main.",
        )
    for ref, shown in ((f"refs/remotes/origin/{name}", f"origin/{name}"), (f"refs/heads/{name}", name)):
        if _commit_of(repo, ref):
            return shown
    raise GitError(
        GitStatus.UNKNOWN_REVISION,
        f"{variable} names the base branch {quote(name)}, but this clone has neither origin/{name} nor a "
        f"local {name}",
        f"Fetch it before comparing (`git fetch origin {name}`), or name the base "
        f"(`playbook changes origin/{name}`)." + _shallow_hint(repo),
    )


def _commit_of(repo: git.Repo, rev: str) -> bool:
    """Whether `rev` names a commit here; git's own failures (not "no such name") are raised."""
    status, out, err = _git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if status == 0 and out.strip():
        return True
    if err.strip():
        raise from_stderr(err, top_of(repo))
    return False


def merge_base(repo: git.Repo, base: str, head: str, base_name: str) -> str:
    """The commit where `head` branched off `base`: what a pull request's diff starts from.

    In a shallow clone the common ancestor is often not fetched; git then finds none,
    which says nothing about the branches themselves, so the message says to fetch.
    """
    status, out, err = _git(repo, "merge-base", base, head)
    if status == 0 and out.strip():
        return out.strip().splitlines()[0]
    if err.strip():
        raise from_stderr(err, top_of(repo))
    if is_shallow(repo):
        raise GitError(
            GitStatus.SHALLOW,
            f"no merge base of HEAD and {base_name} in this clone: the history that joins them was "
            f"not fetched. {_SHALLOW}",
        )
    raise GitError(
        GitStatus.NO_MERGE_BASE,
        f"HEAD and {base_name} have no common ancestor (unrelated histories)",
        "Name a base revision on the same history.",
    )


# --- files at a revision ---------------------------------------------------------


def read_text(repo: git.Repo, commit: str, relpath: str) -> str | None:
    """The text of one file at `commit`; None when the file is not there."""
    entry = read_files(repo, commit, [relpath]).get(relpath)
    if entry is None:
        return None
    if entry.text is None:
        raise GitError(GitStatus.GIT_ERROR, f"{short(repo, commit)}:{relpath} {entry.problem}")
    return entry.text


def read_files(repo: git.Repo, commit: str, paths: Sequence[str]) -> dict[str, RevisionFile]:
    """Every file at or under `paths` (relative to the top) at `commit`, by path.

    One ``git ls-tree`` for all paths; the blobs then come through GitPython's one
    ``git cat-file --batch`` process.
    """
    if not paths:
        return {}
    status, raw, err = _git(repo, "ls-tree", "-r", "-z", "--full-tree", commit, "--", *paths, env=_LITERAL_PATHS)
    if status != 0:
        raise from_stderr(err, top_of(repo))
    files: dict[str, RevisionFile] = {}
    for record in raw.split("\0"):
        if not record:
            continue
        meta, _tab, path = record.partition("\t")
        mode, kind, sha = meta.split(" ")
        files[path] = _file(repo, path, mode, kind, sha)
    return files


def _file(repo: git.Repo, path: str, mode: str, kind: str, sha: str) -> RevisionFile:
    if mode == "120000":
        return RevisionFile(path, None, "is a symbolic link; expected a regular file")
    if kind != "blob" or mode not in _REGULAR_MODES:
        return RevisionFile(path, None, f"is a {kind}, not a file")
    data: bytes = repo.odb.stream(bytes.fromhex(sha)).read()
    try:
        return RevisionFile(path, data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return RevisionFile(path, None, f"line {line}: byte 0x{data[error.start]:02x} is not valid UTF-8")
