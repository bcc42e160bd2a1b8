"""Reading progress history through `gitrepo`, remembered for the current ``HEAD``.

* One ``git log`` a file, parsed by `logparse`; ``mkdocs serve`` rebuilds on
  every save, so a `HistoryReader` keeps what it read for the current
  ``HEAD``: an unchanged ``HEAD`` costs one ``git rev-parse``.
* Git's answers are taken at face value only when they can be trusted: a
  shallow clone makes ``git log`` silently credit everything to the oldest
  fetched commit, so there the report carries no dates at all, and says how
  to fetch the full history. Every other problem (no git, not a repository,
  "dubious ownership", no commits yet) becomes a status and a notice, never
  an exception: a missing date must not break a documentation build.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final, TypeVar

from mkdocs_playbook import gitrepo
from mkdocs_playbook.gitrepo import FETCH_FULL_HISTORY, GitError, GitStatus
from mkdocs_playbook.history.logparse import (
    EMPTY_LOG,
    Change,
    FileLog,
    SeriesPoint,
    ids_in_text,
    parse_log,
    parse_worktree_diff,
)

if TYPE_CHECKING:
    import git

NOT_SHOWN: Final = "tick dates and authors are not shown"
SHALLOW_NOTICE: Final = (
    "This is a shallow clone: git would credit every tick to the oldest fetched commit, so "
    "no dates or authors are shown. " + FETCH_FULL_HISTORY
)


@dataclass(frozen=True)
class FileHistory:
    """What git says about one progress file.

    `changes` maps an item id to the commit that set its current status, as
    of ``HEAD``; items whose status is todo (never set, set back to todo, line
    removed, or an entry without a status such as an answer) have none.
    `series` starts at the file's first commit and has a point for every
    commit that changed the done count. `uncommitted` holds the ids whose line
    in the working tree differs from ``HEAD`` (every id of a file that was
    never committed): for those, the site says "not committed yet" instead of
    quoting `changes`. `committed` is True when the file is in ``HEAD``.
    """

    path: str
    changes: dict[str, Change] = field(default_factory=dict)
    series: tuple[SeriesPoint, ...] = ()
    uncommitted: frozenset[str] = frozenset()
    committed: bool = False


@dataclass(frozen=True)
class SkippedRevision:
    """A line of a past revision that was skipped because it is not a valid entry.

    `path` is the file as git names it; `short` the abbreviated commit; `line` the line
    in that revision (None when the commit itself could not be read, e.g. its date).
    """

    path: str
    commit: str
    short: str
    line: int | None
    problem: str

    def __str__(self) -> str:
        place = f"{self.short}:{self.path}" + (f":{self.line}" if self.line is not None else "")
        return f"{place}: {self.problem}"


@dataclass(frozen=True)
class HistoryReport:
    """The history of every requested file, and whether it can be trusted.

    `files` is keyed by the paths exactly as the caller passed them (as
    strings). Every read returns fresh dicts: changing them does not touch the
    reader's cache. `available` is True when the report reflects the full history
    (possibly empty, as in a repository without commits); when False,
    `notice` says why and how to fix it, and no file carries dates.
    `shallow` is True in a shallow clone, where dates are withheld on purpose.
    `skipped` lists lines of past revisions left out because they are not valid entries.
    """

    files: dict[str, FileHistory]
    status: GitStatus
    notice: str | None = None
    shallow: bool = False
    available: bool = False
    head: str | None = None
    skipped: tuple[SkippedRevision, ...] = ()

    @property
    def missing(self) -> bool:
        """No history at all, for want of a full clone: a copy without git (a tarball, an
        archive, Backstage's built-in builder) or a shallow clone. The published site then says
        how to build with history; other problems (dubious ownership, no commits) are the
        maintainer's, said in the build log."""
        return self.status in _MISSING


_MISSING: Final = frozenset({GitStatus.NOT_A_REPOSITORY, GitStatus.GIT_NOT_FOUND, GitStatus.SHALLOW})
_Stat = tuple[int, int, int] | None


@dataclass
class _RepoCache:
    """What one reader knows about one repository at one ``HEAD``."""

    head: str | None
    shallow: bool
    logs: dict[str, FileLog | None] = field(default_factory=dict)  # None: not in HEAD
    skipped: dict[str, tuple[SkippedRevision, ...]] = field(default_factory=dict)
    # relative path -> (the file's stat when read, ids not committed yet)
    dirty: dict[str, tuple[_Stat, frozenset[str]]] = field(default_factory=dict)


@dataclass(frozen=True)
class _Target:
    """One requested path: as passed, on disk, and inside the repository."""

    key: str
    absolute: str
    relative: str | None  # None when outside the working tree


# The caller's path type (str, Path, ...): mapping keys are invariant, so a TypeVar
# lets `read([path], {path: ids})` type-check whatever the caller uses.
_P = TypeVar("_P", bound="str | os.PathLike[str]")


class HistoryReader:
    """Reads progress history from git, and remembers it for the current ``HEAD``.

    Keep one reader for the life of a ``mkdocs serve`` process: a rebuild
    with the same ``HEAD`` and unchanged files runs one ``git rev-parse`` and
    nothing else; an edited progress file adds one ``git diff``; a new commit
    reruns ``git log`` once a file. `root` is where the repository is looked
    for (parents included); by default the first absolute path's folder, else
    the current directory.
    """

    def __init__(self, root: str | os.PathLike[str] | None = None) -> None:
        self._root = None if root is None else os.fspath(root)
        self._repos: dict[str, _RepoCache] = {}

    def clear(self) -> None:
        """Forget everything read so far (the next read runs git again)."""
        self._repos.clear()

    def read(
        self,
        paths: Iterable[_P],
        known_ids_by_path: Mapping[_P, Collection[str]] | None = None,
    ) -> HistoryReport:
        """The history of each progress file in `paths`.

        Paths are absolute or relative to the repository's top level. The
        done-over-time series of a file counts only the ids in
        ``known_ids_by_path[path]`` (the phase's items: questions and ids no
        longer in the phase do not count); a file without an entry there
        counts every id. Never raises for git's sake: problems come back as
        `HistoryReport.status` and `notice`.
        """
        keys = list(dict.fromkeys(_text(path) for path in paths))
        known = {_text(path): frozenset(ids) for path, ids in (known_ids_by_path or {}).items()}
        root = self._root
        if root is None:
            root = next((os.path.dirname(key) for key in keys if os.path.isabs(key)), os.getcwd())
        try:
            state = gitrepo.probe(root)
            with gitrepo.open_at(state) as repo:
                return self._read(repo, state, keys, known)
        except GitError as error:
            files = {key: FileHistory(path=key) for key in keys}
            return HistoryReport(files, error.status, error.worded(NOT_SHOWN))

    def _read(
        self, repo: git.Repo, state: gitrepo.RepoState, keys: list[str], known: Mapping[str, frozenset[str]]
    ) -> HistoryReport:
        worktree, head, shallow = state.top, state.head, state.shallow
        cache = self._repos.get(worktree)
        if cache is None or cache.head != head or cache.shallow != shallow:
            cache = self._repos[worktree] = _RepoCache(head, shallow)
        targets = [_target(key, worktree) for key in keys]
        inside = [target for target in targets if target.relative is not None]
        notices: list[str] = []

        if head is not None:
            _load_logs(repo, cache, [t.relative for t in inside if t.relative is not None])
        in_head = {t.key for t in inside if t.relative is not None and cache.logs.get(t.relative) is not None}
        uncommitted = _uncommitted(repo, cache, inside, in_head)

        files: dict[str, FileHistory] = {}
        never_committed: list[str] = []
        skipped: list[SkippedRevision] = []
        for target in targets:
            if target.relative is None:
                notices.append(f"{target.key} is outside the git repository at {worktree}: no history.")
                files[target.key] = FileHistory(path=target.key)
                continue
            committed = target.key in in_head
            dirty = uncommitted.get(target.key, frozenset())
            if not committed and os.path.exists(target.absolute):
                never_committed.append(target.relative)
            log = cache.logs.get(target.relative)
            if shallow or log is None:
                files[target.key] = FileHistory(target.key, uncommitted=dirty, committed=committed)
                continue
            skipped += cache.skipped.get(target.relative, ())
            files[target.key] = FileHistory(
                path=target.key,
                changes=dict(log.changes),
                series=log.series(known.get(target.key)),
                uncommitted=dirty,
                committed=committed,
            )

        status = GitStatus.OK
        if shallow:
            status = GitStatus.SHALLOW
            notices.insert(0, SHALLOW_NOTICE)
        elif head is None:
            status = GitStatus.NO_COMMITS
            notices.insert(0, "The repository has no commits yet: every progress entry shows as not committed yet.")
        if never_committed and head is not None:
            notices.append(f"Never committed: {', '.join(never_committed)}: their entries show as not committed yet.")
        return HistoryReport(
            files=files,
            status=status,
            notice=" ".join(notices) or None,
            shallow=shallow,
            available=not shallow,
            head=head,
            skipped=tuple(dict.fromkeys(skipped)),
        )


def _load_logs(repo: git.Repo, cache: _RepoCache, relatives: list[str]) -> None:
    """Run ``git log`` for each file in ``HEAD`` not read yet at this ``HEAD``."""
    missing = [rel for rel in dict.fromkeys(relatives) if rel not in cache.logs]
    if not missing:
        return
    in_head = gitrepo.tracked(repo, "HEAD", missing)
    for rel in missing:
        if rel not in in_head:
            cache.logs[rel] = None
        elif cache.shallow:
            cache.logs[rel] = EMPTY_LOG  # in HEAD, but its history cannot be trusted
        else:
            log = cache.logs[rel] = parse_log(gitrepo.log_patches(repo, rel))
            shorts = {sha: gitrepo.short(repo, sha) for sha in dict.fromkeys(s.commit for s in log.skipped)}
            cache.skipped[rel] = tuple(
                SkippedRevision(rel, s.commit, shorts[s.commit], s.line, s.problem) for s in log.skipped
            )


def _uncommitted(
    repo: git.Repo, cache: _RepoCache, inside: list[_Target], in_head: set[str]
) -> dict[str, frozenset[str]]:
    """Ids not committed yet, by path key: one ``git diff`` for every file that needs one."""
    result: dict[str, frozenset[str]] = {}
    to_diff: dict[str, tuple[_Stat, list[_Target]]] = {}
    for target in inside:
        relative = target.relative
        assert relative is not None
        stat = _stat(target.absolute)
        known = cache.dirty.get(relative)
        if known is not None and known[0] == stat:
            result[target.key] = known[1]
        elif target.key in in_head:
            to_diff.setdefault(relative, (stat, []))[1].append(target)
        else:  # never committed: everything in it is new
            ids = _ids_in_file(target.absolute)
            cache.dirty[relative] = (stat, ids)
            result[target.key] = ids
    if to_diff:
        by_path = parse_worktree_diff(gitrepo.diff_worktree(repo, sorted(to_diff)))
        for relative, (stat, targets) in to_diff.items():
            ids = by_path.get(relative, frozenset())
            cache.dirty[relative] = (stat, ids)
            for target in targets:
                result[target.key] = ids
    return result


def _text(path: str | os.PathLike[str]) -> str:
    return os.fspath(path)


def _stat(path: str) -> _Stat:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size, info.st_ino


def _ids_in_file(path: str) -> frozenset[str]:
    """Every id with an entry in a file on disk (for files git has never seen)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return ids_in_text(handle.read())
    except OSError:
        return frozenset()


def _target(key: str, worktree: str) -> _Target:
    absolute = key if os.path.isabs(key) else os.path.join(worktree, key)
    # Resolve the folder, not the file: a symlinked progress file stays where it is named.
    folder, name = os.path.split(os.path.abspath(absolute))
    resolved = os.path.join(os.path.realpath(folder), name)
    relative = os.path.relpath(resolved, worktree)
    if relative == os.curdir or relative.split(os.sep, 1)[0] == os.pardir:
        return _Target(key, absolute, None)
    return _Target(key, absolute, relative.replace(os.sep, "/"))
