"""Files as they were at a git revision, for comparing checklist state between two revisions.

`playbook changes` needs the progress files of a base revision (the merge
base with the default branch, for a pull request) and of a head revision,
without checking either out. This module is the only place that asks git for
them, through GitPython:

* A repository is opened with ``with open_repository(...)``, so GitPython's
  persistent ``git cat-file --batch`` process ends with the block.
* A whole directory costs one ``git ls-tree`` plus one shared
  ``git cat-file --batch`` process for every blob (``repo.odb``), not one
  ``git show`` a file.
* Revisions are resolved to commit ids first, so a name starting with ``-``
  or holding ``:`` never reaches another git command as an option or a path.
* Every problem (no git, not a repository, an unknown revision, a shallow
  clone without the merge base, "dubious ownership") becomes a
  `RevisionError` whose message says what to do: the CLI prints it as is.

Nothing here parses YAML; `changes` hands the texts to the project's loader.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from mkdocs_playbook.gitadvice import FETCH_FULL_HISTORY, first_line, install_git, mark_safe

try:
    import git
except ImportError as _error:  # GitPython refuses to import when no git executable is found
    _GIT_IMPORT_ERROR: str | None = str(_error).strip().splitlines()[0] if str(_error) else "git"
else:
    _GIT_IMPORT_ERROR = None

__all__ = [
    "RevisionError",
    "RevisionFile",
    "default_branch",
    "is_shallow",
    "merge_base",
    "open_repository",
    "read_files",
    "read_text",
    "relative_path",
    "resolve",
    "short",
]

DEFAULT_BRANCHES: Final = ("main", "master", "origin/main", "origin/master")
"""Tried in this order when ``origin/HEAD`` is not set. A CI checkout often has no local
``main`` but does have ``origin/main``."""

_REGULAR_MODES: Final = frozenset({"100644", "100755"})
_LITERAL_PATHS: Final = {"GIT_LITERAL_PATHSPECS": "1"}  # a `*` in a folder name is not a glob
_FULL_HISTORY: Final = f"This is a shallow clone. {FETCH_FULL_HISTORY}"


class RevisionError(Exception):
    """A git problem, worded for the person running the command: print it, no traceback."""


@dataclass(frozen=True)
class RevisionFile:
    """One file of a revision: its text, or why there is none (a symbolic link, not UTF-8).

    `path` is relative to the top of the repository, with `/` separators.
    """

    path: str
    text: str | None
    problem: str | None = None


# --- the repository -------------------------------------------------------------


@contextlib.contextmanager
def open_repository(start: Path) -> Iterator[git.Repo]:
    """The repository holding `start` (or its nearest existing parent), closed on the way out.

    Closing ends GitPython's ``git cat-file`` processes: nothing outlives a comparison.
    """
    if _GIT_IMPORT_ERROR is not None:
        raise RevisionError(_no_git(_GIT_IMPORT_ERROR))
    folder = _existing_folder(start)
    try:
        repo = git.Repo(_top_level(folder), search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise _not_a_repository(folder) from None
    with repo:
        if repo.working_tree_dir is None:
            raise RevisionError(f"{repo.git_dir} is a bare repository: run `playbook changes` in a clone with files")
        yield repo


def _top_level(folder: Path) -> str:
    """The working tree git itself would use from `folder`.

    Asked of git rather than found by GitPython's walk up the folders, so
    GIT_CEILING_DIRECTORIES and safe.directory are honoured as in any git command.
    """
    try:
        status, out, err = git.Git(str(folder)).rev_parse(
            "--show-toplevel", with_extended_output=True, with_exceptions=False
        )
    except git.GitCommandNotFound as error:
        raise RevisionError(_no_git(str(error).strip())) from None
    if status == 0 and str(out).strip():
        return str(out).strip()
    if "dubious ownership" in str(err):
        raise _dubious(_dubious_path(str(err)) or str(folder))
    raise _not_a_repository(folder)


def _not_a_repository(folder: Path) -> RevisionError:
    return RevisionError(
        f"{folder} is not inside a git repository (or its working tree): `playbook changes` "
        "compares git revisions. Run it inside a clone of the playbook's repository."
    )


def _existing_folder(start: Path) -> Path:
    """`start` itself may not exist (a playbook folder only present in the head revision)."""
    folder = start.absolute()
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent
    return folder


def relative_path(repo: git.Repo, path: Path) -> str:
    """`path` as git names it in a tree: relative to the top of the working tree, `/`-separated."""
    top = Path(os.path.realpath(repo.working_tree_dir or "."))
    # resolve the folder, not a last component that may not exist in the working tree
    absolute = Path(os.path.realpath(path.absolute().parent)) / path.name
    try:
        relative = absolute.relative_to(top)
    except ValueError:
        raise RevisionError(f"{path} is outside the git repository at {top}; expected a folder inside it") from None
    return relative.as_posix() if relative.parts else "."


# --- revisions ---------------------------------------------------------------------


def resolve(repo: git.Repo, rev: str) -> str:
    """The commit id `rev` names, or a RevisionError saying how to get it."""
    if not rev or rev.startswith("-") or any(c.isspace() or not c.isprintable() for c in rev):
        raise RevisionError(f"{rev!r} is not a revision; expected a branch, tag or commit such as origin/main")
    status, out, err = _git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if status == 0 and out.strip():
        return out.strip()
    if err.strip():
        raise _problem(repo, err)
    if rev == "HEAD":
        raise RevisionError("HEAD does not name a commit: the repository has no commits yet. Commit, then compare.")
    hint = f" {_FULL_HISTORY}" if is_shallow(repo) else ""
    raise RevisionError(
        f"unknown revision '{rev}': no branch, tag or commit of that name in {repo.working_tree_dir}. "
        f"Check the name (`git branch -a`), or fetch it (`git fetch origin`).{hint}"
    )


def short(repo: git.Repo, commit: str) -> str:
    """An abbreviated commit id, unique in this repository, for messages and Markdown."""
    status, out, _err = _git(repo, "rev-parse", "--short", commit)
    return out.strip() if status == 0 and out.strip() else commit[:12]


def is_shallow(repo: git.Repo) -> bool:
    status, out, err = _git(repo, "rev-parse", "--is-shallow-repository")
    if status != 0:
        raise _problem(repo, err)
    return out.strip() == "true"


def default_branch(repo: git.Repo) -> str:
    """What pull requests merge into: ``origin/HEAD`` if the clone knows it, else main or master."""
    status, out, err = _git(repo, "symbolic-ref", "--quiet", "refs/remotes/origin/HEAD")
    if status == 0 and out.strip():
        return out.strip().removeprefix("refs/remotes/")
    if err.strip():
        raise _problem(repo, err)
    for name in DEFAULT_BRANCHES:
        status, out, err = _git(repo, "rev-parse", "--verify", "--quiet", f"{name}^{{commit}}")
        if status == 0 and out.strip():
            return name
        if err.strip():
            raise _problem(repo, err)
    hint = f" {_FULL_HISTORY}" if is_shallow(repo) else ""
    raise RevisionError(
        "cannot tell the default branch (no origin/HEAD, main or master): name the base, "
        f"e.g. `playbook changes origin/develop`.{hint}"
    )


def merge_base(repo: git.Repo, base: str, head: str, base_name: str) -> str:
    """The commit where `head` branched off `base`: what a pull request's diff starts from.

    In a shallow clone the common ancestor is often not fetched; git then finds none,
    which says nothing about the branches themselves, so the message says to fetch.
    """
    status, out, err = _git(repo, "merge-base", base, head)
    if status == 0 and out.strip():
        return out.strip().splitlines()[0]
    if err.strip():
        raise _problem(repo, err)
    if is_shallow(repo):
        raise RevisionError(
            f"no merge base of HEAD and {base_name} in this clone: the history that joins them was "
            f"not fetched. {_FULL_HISTORY}"
        )
    raise RevisionError(
        f"HEAD and {base_name} have no common ancestor (unrelated histories); "
        "name a base revision on the same history"
    )


# --- files at a revision ---------------------------------------------------------


def read_text(repo: git.Repo, commit: str, relpath: str) -> str | None:
    """The text of one file at `commit`; None when the file is not there."""
    found = read_files(repo, commit, [relpath])
    entry = found.get(relpath)
    if entry is None:
        return None
    if entry.text is None:
        raise RevisionError(f"{short(repo, commit)}:{relpath} {entry.problem}")
    return entry.text


def read_files(repo: git.Repo, commit: str, paths: Sequence[str]) -> dict[str, RevisionFile]:
    """Every file at or under `paths` (relative to the top) at `commit`, by path.

    One ``git ls-tree`` for all paths; the blobs then come through GitPython's one
    ``git cat-file --batch`` process. Symbolic links and submodules are listed with
    a problem instead of text: a pull request could point a link anywhere.
    """
    if not paths:
        return {}
    status, raw, err = _git(
        repo, "ls-tree", "-r", "-z", "--full-tree", commit, "--", *paths, binary=True, env=_LITERAL_PATHS
    )
    if status != 0:
        raise _problem(repo, err)
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


# --- running git -------------------------------------------------------------------


def _git(repo: git.Repo, command: str, *args: str, binary: bool = False, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run one git command; returns (status, stdout, stderr). Only a missing git raises.

    `binary` keeps git's output undecoded by GitPython; it is decoded here so a file
    name that is not UTF-8 cannot stop the read.
    """
    try:
        status, out, err = getattr(repo.git, command.replace("-", "_"))(
            *args,
            with_extended_output=True,
            with_exceptions=False,
            stdout_as_string=not binary,
            strip_newline_in_stdout=not binary,
            env=env or {},
        )
    except git.GitCommandNotFound as error:
        raise RevisionError(_no_git(str(error).strip())) from None
    text = out.decode("utf-8", "surrogateescape") if isinstance(out, bytes) else str(out)
    errors = err.decode("utf-8", "replace") if isinstance(err, bytes) else str(err)
    return int(status or 0), text, errors


def _problem(repo: git.Repo, stderr: str) -> RevisionError:
    top = repo.working_tree_dir or repo.git_dir
    if "dubious ownership" in stderr:
        return _dubious(_dubious_path(stderr) or str(top))
    return RevisionError(f"git could not read {top}: {first_line(stderr)}")


def _dubious_path(stderr: str) -> str | None:
    """The repository git names in "detected dubious ownership in repository at '/path'"."""
    match = re.search(r"repository at '([^'\n]+)'", stderr)
    return match.group(1) if match else None


def _dubious(top: str) -> RevisionError:
    return RevisionError(
        f'git refused to read {top}: it is owned by another user ("detected dubious ownership"). '
        + mark_safe(top)
    )


def _no_git(detail: str) -> str:
    return (
        "git is not installed or cannot be run, and `playbook changes` compares git revisions. "
        + install_git(detail)
    )

