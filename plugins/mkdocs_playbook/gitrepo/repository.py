"""Finding the repository and running git in it: the only place a git process starts.

* The repository is the one git itself would use from a folder: asked of
  ``git rev-parse``, so GIT_CEILING_DIRECTORIES and safe.directory are honoured
  as in any git command, and one process also says where ``HEAD`` is and
  whether the clone is shallow (`probe`).
* A repository is opened with ``with open_repository(...)``, so GitPython's
  persistent ``git cat-file --batch`` process ends with the block.
* Every command runs through `run`, which decodes output so a file name or an
  author that is not UTF-8 cannot stop a read, and turns every failure into a
  `GitError` (see `errors`).
* Paths reach git as literal pathspecs: a ``*`` or ``[`` in a folder name is
  not a glob.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from mkdocs_playbook.gitrepo.errors import (
    GitError,
    GitStatus,
    from_stderr,
    git_not_found,
    not_a_repository,
)

try:
    import git
except ImportError as _error:  # GitPython refuses to import when no git executable is found
    _GIT_IMPORT_ERROR: str | None = str(_error).strip().splitlines()[0] if str(_error) else "git"
else:
    _GIT_IMPORT_ERROR = None

LOG_FIELDS: Final = ("hexsha", "author", "email", "author_date", "committer_date")
"""`log_patches` output: for every commit, NUL + these fields joined by NUL, a newline,
then the patch. Neither a field (git keeps no NUL in names) nor a text patch (a file
holding NUL is diffed as binary) can hold a NUL, so splitting on it is exact."""
_LOG_FORMAT: Final = "--format=%x00%H%x00%an%x00%ae%x00%aI%x00%cI"
# Options that keep the patch text in the shape history parses whatever the user's
# configuration says (colour, external diff drivers, textconv filters, signatures).
_DIFF_OPTIONS: Final = ("-U0", "--no-color", "--no-ext-diff", "--no-textconv")
_LITERAL_PATHS: Final = {"GIT_LITERAL_PATHSPECS": "1"}


@dataclass(frozen=True)
class RepoState:
    """Where the working tree is (a real path), ``HEAD``'s commit (None: no commits yet),
    and whether the clone is shallow."""

    top: str
    head: str | None
    shallow: bool


def probe(start: str | os.PathLike[str]) -> RepoState:
    """The repository holding `start` (or its nearest existing parent folder): one git process."""
    if _GIT_IMPORT_ERROR is not None:
        raise git_not_found(_GIT_IMPORT_ERROR)
    folder = _existing_folder(Path(start))
    try:
        status, out, err = git.Git(str(folder)).rev_parse(
            "--show-toplevel",
            "--is-shallow-repository",
            "--verify",
            "--quiet",
            "HEAD",
            with_extended_output=True,
            with_exceptions=False,
        )
    except git.GitCommandNotFound as error:
        raise git_not_found(str(error).strip()) from None
    lines = str(out).split("\n")
    if status in (0, 1) and len(lines) >= 2 and lines[1] in ("true", "false"):
        head = lines[2].strip() if status == 0 and len(lines) > 2 else None
        if status == 0 or not str(err).strip():  # --verify --quiet: no HEAD, no commits yet
            return RepoState(os.path.realpath(lines[0]), head or None, lines[1] == "true")
    raise from_stderr(str(err), str(folder)) if str(err).strip() else not_a_repository(str(folder))


@contextlib.contextmanager
def open_repository(start: str | os.PathLike[str]) -> Iterator[git.Repo]:
    """The repository holding `start`, closed on the way out (no ``cat-file`` outlives it)."""
    state = probe(start)
    with open_at(state) as repo:
        yield repo


@contextlib.contextmanager
def open_at(state: RepoState) -> Iterator[git.Repo]:
    """The repository `probe` found, without asking git again where it is."""
    try:
        repo = git.Repo(state.top)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise not_a_repository(state.top) from None
    with repo:
        yield repo


def _existing_folder(start: Path) -> Path:
    """`start` itself may not exist (a folder only present in another revision)."""
    folder = start.absolute()
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent
    return folder


def top_of(repo: git.Repo) -> str:
    return os.path.realpath(repo.working_tree_dir or ".")


def relative_path(repo: git.Repo, path: str | os.PathLike[str]) -> str | None:
    """`path` as git names it in a tree (relative to the top, `/`-separated); None outside.

    The folder is resolved, not the last component: a file that is itself a symbolic
    link stays where it is named, and a name that does not exist yet still works.
    """
    top = top_of(repo)
    absolute = os.path.abspath(os.path.join(top, path))
    folder, name = os.path.split(absolute)
    relative = os.path.relpath(os.path.join(os.path.realpath(folder), name), top)
    if relative.split(os.sep, 1)[0] == os.pardir:
        return None
    return "." if relative == os.curdir else relative.replace(os.sep, "/")


def inside(repo: git.Repo, path: str | os.PathLike[str]) -> str:
    """`relative_path`, or a GitError when `path` is outside the working tree."""
    relative = relative_path(repo, path)
    if relative is None:
        raise GitError(
            GitStatus.OUTSIDE,
            f"{path} is outside the git repository at {top_of(repo)}",
            "Expected a folder inside it.",
        )
    return relative


# --- running git -------------------------------------------------------------------


def run(repo: git.Repo, command: str, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run one git command; returns (status, stdout, stderr). Only a missing git raises.

    Output is taken as bytes and decoded here, keeping undecodable bytes as surrogates
    (so they can be recognised) rather than failing the whole read.
    """
    try:
        status, out, err = getattr(repo.git, command.replace("-", "_"))(
            *args,
            with_extended_output=True,
            with_exceptions=False,
            stdout_as_string=False,
            strip_newline_in_stdout=False,
            env=env or {},
        )
    except git.GitCommandNotFound as error:
        raise git_not_found(str(error).strip()) from None
    text = out.decode("utf-8", "surrogateescape") if isinstance(out, bytes) else str(out)
    errors = err.decode("utf-8", "replace") if isinstance(err, bytes) else str(err)
    return int(status or 0), text, errors


def output(repo: git.Repo, command: str, *args: str, env: dict[str, str] | None = None) -> str:
    """stdout of a git command that must succeed; otherwise a GitError."""
    status, out, err = run(repo, command, *args, env=env)
    if status != 0:
        raise from_stderr(err, top_of(repo))
    return out


def tracked(repo: git.Repo, commit: str, relatives: Sequence[str]) -> set[str]:
    """Which of `relatives` are files in `commit`'s tree: one ``git ls-tree``."""
    if not relatives:
        return set()
    listed = output(
        repo, "ls-tree", "-r", "-z", "--full-tree", "--name-only", commit, "--", *relatives, env=_LITERAL_PATHS
    )
    return set(listed.split("\0")) - {""}


def log_patches(repo: git.Repo, relative: str) -> str:
    """Every change to one file, newest first, renames followed, as `LOG_FIELDS` + patch.

    Newest first because ``--follow`` together with ``--reverse`` drops the commits
    before a rename (seen with git 2.39): the caller reverses.
    """
    return output(
        repo,
        "log",
        "--follow",
        "-p",
        *_DIFF_OPTIONS,
        "--no-show-signature",
        "--encoding=UTF-8",
        _LOG_FORMAT,
        "--",
        relative,
        env=_LITERAL_PATHS,
    )


def diff_worktree(repo: git.Repo, relatives: Sequence[str]) -> str:
    """The patch from ``HEAD`` to the working tree for these files (``a/`` and ``b/`` prefixes)."""
    return output(
        repo,
        "diff",
        *_DIFF_OPTIONS,
        "--no-renames",
        "--src-prefix=a/",
        "--dst-prefix=b/",
        "HEAD",
        "--",
        *relatives,
        env=_LITERAL_PATHS,
    )


def changed_paths(repo: git.Repo, base: str, head: str | None) -> list[str]:
    """Every path a change from `base` to `head` touches (None: the working tree's tracked files).

    Renames count as a removal and an addition, so both names are listed. Untracked
    files are not: they are in no commit and no pull request.
    """
    listed = output(
        repo, "diff", "--name-only", "-z", "--no-renames", "--no-ext-diff", base, *([head] if head else []), "--"
    )
    return sorted(set(listed.split("\0")) - {""})
