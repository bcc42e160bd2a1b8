"""Who ticked what, and when: checklist history read from git.

Progress lives in ``playbook/progress/<phase>.yml``, one line an item, and is
committed like code. So git already knows who set each status and when; this
module asks it once a file and turns the answer into values the site can
show ("done by Alice on 3 May", a done-over-time chart, "not yet committed").

Why it is built the way it is:

* One git process a file. ``git log --follow -p -U0`` prints every change to
  the file; parsing that patch text in Python costs little more than git
  itself, where one ``git blame`` an item or GitPython walking commits and
  diffing each is 50 to 60 times slower (see the field notes).
* Changes are applied by item id, not by line number, so a commit on a merged
  branch, a moved line or a re-ordered file need no line bookkeeping.
* Git's own answers are taken at face value only when they can be trusted: a
  shallow clone makes ``git log`` silently credit everything to the oldest
  fetched commit, so there the report carries no dates at all, and says how
  to fetch the full history. Every other problem (no git, not a repository,
  "dubious ownership", no commits yet) becomes a status and a notice, never
  an exception: a missing date must not break a documentation build.
* ``mkdocs serve`` rebuilds on every save; a `HistoryReader` keeps what it
  read for the current ``HEAD`` so an unchanged ``HEAD`` costs one
  ``git rev-parse`` rather than a ``git log`` a file.

Nothing here imports MkDocs or touches the network.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Final, TypeVar

import yaml

from mkdocs_playbook.gitadvice import FETCH_FULL_HISTORY, first_line, install_git, mark_safe

try:
    import git
except ImportError as _error:  # GitPython refuses to import when no git executable is found.
    _GIT_IMPORT_ERROR: str | None = str(_error).strip().splitlines()[0] if str(_error) else "git"
else:
    _GIT_IMPORT_ERROR = None

__all__ = [
    "Change",
    "FileHistory",
    "HistoryReader",
    "HistoryReport",
    "HistoryStatus",
    "SeriesPoint",
    "commit_url",
    "parse_progress_line",
]

TODO: Final = "todo"
DONE: Final = "done"
_STATUS_WORDS: Final = frozenset({"todo", "in-progress", "done", "skipped"})

# --- public values -------------------------------------------------------------


class HistoryStatus(str, Enum):
    """Whether git could be read, and if not, why: the site words its notice from this."""

    OK = "ok"
    NOT_A_REPOSITORY = "not-a-repository"
    GIT_NOT_FOUND = "git-not-found"
    DUBIOUS_OWNERSHIP = "dubious-ownership"
    NO_COMMITS = "no-commits"
    SHALLOW = "shallow"
    GIT_ERROR = "git-error"


@dataclass(frozen=True)
class Change:
    """The commit that gave an item its current status.

    `author`, `email` and `date` are the commit's *author*: the person who
    made the change, not whoever merged, rebased or cherry-picked it.
    `date` is timezone-aware, in the author's own offset.
    """

    item_id: str
    status: str
    commit: str
    author: str
    email: str
    date: dt.datetime


@dataclass(frozen=True)
class SeriesPoint:
    """The phase's done count right after `commit`.

    `date` is the *committer* date: points follow git's commit order, and
    committer dates follow that order where author dates do not (a rebased
    commit keeps its old author date), so a chart drawn from them never
    runs backwards.
    """

    date: dt.datetime
    commit: str
    done: int


@dataclass(frozen=True)
class FileHistory:
    """What git says about one progress file.

    `changes` maps an item id to the commit that set its current status, as
    of ``HEAD``; items whose status is todo (never set, set back to todo, line
    removed, or an entry without a status such as an answer) have none.
    `series` starts at the file's first commit and has a point for every
    commit that changed the done count. `uncommitted` holds the ids whose line
    in the working tree differs from ``HEAD`` (every id of a file that was
    never committed): for those, the site says "not yet committed" instead of
    quoting `changes`. `committed` is True when the file is in ``HEAD``.
    """

    path: str
    changes: dict[str, Change] = field(default_factory=dict)
    series: tuple[SeriesPoint, ...] = ()
    uncommitted: frozenset[str] = frozenset()
    committed: bool = False


@dataclass(frozen=True)
class HistoryReport:
    """The history of every requested file, and whether it can be trusted.

    `files` is keyed by the paths exactly as the caller passed them (as
    strings). Every read returns fresh dicts: changing them does not touch the
    reader's cache. `available` is True when the report reflects the full history
    (possibly empty, as in a repository without commits); when False,
    `notice` says why and how to fix it, and no file carries dates.
    `shallow` is True in a shallow clone, where dates are withheld on purpose.
    """

    files: dict[str, FileHistory]
    status: HistoryStatus
    notice: str | None = None
    shallow: bool = False
    available: bool = False
    head: str | None = None


# --- one progress line ---------------------------------------------------------

# The common one-line forms, matched without YAML:
#   key: done    'key': "done"    key: {status: done, by: team, note: "any text"}
# Plain keys are limited to the id syntax starting with a letter (YAML would
# read `2024-01-01` as a date and `1_000` as a number). Flow mappings are read
# pair by pair, and only when every value is a plain scalar without YAML
# indicators or a quoted scalar without escapes: then the commas that separate
# pairs are exactly the ones YAML would see. Anything else goes to YAML.
# Possessive quantifiers keep an unclosed brace from backtracking.
_LINE_RE: Final = re.compile(
    r"""(?:(?P<key>[a-z][a-z0-9]*+(?:-[a-z0-9]++)*+)|'(?P<sq>[^'\n]*+)'|"(?P<dq>[^"\\\n]*+)")"""
    r"[ \t]*:[ \t]+"
    r"""(?:(?P<quote>['"]?)(?P<status>todo|in-progress|done|skipped)(?P=quote)"""
    r"""|\{(?P<flow>(?:[^{}\[\]"'#?\n]++|"[^"\\\n]*+"|'[^'\n]*+')*+)\})"""
    r"(?:[ \t]+(?:#.*)?)?$"
)
# One `key: value` pair of a flow mapping and the comma after it. A plain value
# has no leading indicator, and a colon only when glued to the next character.
_PLAIN: Final = r"[^,:#?\[\]{}]"  # what a plain flow value may hold besides glued colons
_FLOW_PAIR_RE: Final = re.compile(
    r"[ \t]*+(?P<key>[a-z][a-z0-9_-]*+)[ \t]*+:[ \t]++"
    r"""(?P<value>"[^"\\\n]*+"|'[^'\n]*+'"""
    rf"""|[^\s,:#?\[\]{{}}&*!|>%@`'"-]{_PLAIN}*?(?::[^\s,:#?\[\]{{}}]{_PLAIN}*?)*?)?"""
    r"[ \t]*+(?P<comma>,|$)"
)
# Plain words YAML 1.1 does not read as strings.
_YAML_WORDS: Final = frozenset({"yes", "no", "true", "false", "on", "off", "null"})
_YAML_LOADER: Final = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_UNREAD: Final = "\0"  # a status no line can hold: "this flow mapping needs YAML"


def parse_progress_line(line: str) -> tuple[str, str | None] | None:
    """Read ``(item id, status)`` from one line of a progress file.

    The status is None for an entry without one (an answer, an owner only):
    treat it as todo. Returns None for comments, blank or indented lines and
    lines that are not a one-line ``key: value`` entry. The common forms go
    through one compiled regex; odd one-liners fall back to YAML, so the
    answer is always what YAML itself reads from the line.
    """
    text = line.rstrip("\r\n")
    if not text or text[0] in " \t#":
        return None
    match = _LINE_RE.match(text)
    if match is not None:
        key, single, double, _quote, status, flow = match.groups()
        if key is None:
            key = single if single is not None else double
        elif key in _YAML_WORDS:
            return _parse_with_yaml(text)
        if status is None:
            status = _flow_status(flow)
        if status != _UNREAD:
            return key, status
    return _parse_with_yaml(text)


def _flow_status(inner: str) -> str | None:
    """The status in the inside of a one-line flow mapping, or `_UNREAD` when unsure."""
    status: str | None = None
    position, end = 0, len(inner)
    while position < end:
        pair = _FLOW_PAIR_RE.match(inner, position)
        if pair is None:
            if inner[position:].strip(" \t"):
                return _UNREAD
            break  # only blanks after the last comma, as in `{a: b, }`
        if pair["key"] == "status":  # YAML keeps the last of duplicate keys: so do we
            value = pair["value"]
            if value is not None and value[:1] in ("'", '"'):
                value = value[1:-1]
            if value not in _STATUS_WORDS:
                return _UNREAD
            status = value
        position = pair.end()
        if not pair["comma"]:
            break
    return status


def _parse_with_yaml(text: str) -> tuple[str, str | None] | None:
    """The slow, exact path for lines the regex does not vouch for."""
    try:
        data = yaml.load(text, Loader=_YAML_LOADER)
    except (yaml.YAMLError, RecursionError):
        return None
    if not isinstance(data, dict) or len(data) != 1:
        return None
    ((key, value),) = data.items()
    if not isinstance(key, str):
        return None
    if isinstance(value, str):
        return key, value
    if isinstance(value, dict):
        status = value.get("status")
        return key, status if isinstance(status, str) else None
    return key, None


# --- parsing git's output ------------------------------------------------------

_MARK: Final = "\x1e"
_SEP: Final = "\x1f"
# Hash, author name, author email, author date, committer date (both ISO 8601 strict).
_LOG_FORMAT: Final = f"--format={_MARK}%H{_SEP}%an{_SEP}%ae{_SEP}%aI{_SEP}%cI"
# Options that keep the patch text in the shape the parser expects whatever the
# user's configuration says (colour, external diff drivers, textconv filters,
# signatures, encodings).
_DIFF_OPTIONS: Final = ("-U0", "--no-color", "--no-ext-diff", "--no-textconv")
_LOG_OPTIONS: Final = (
    "--follow",
    "-p",
    *_DIFF_OPTIONS,
    "--no-show-signature",
    "--encoding=UTF-8",
    _LOG_FORMAT,
)

_Transition = tuple[str, str, str]  # item id, status before, status after
_Commit = tuple[str, str, str, str, str]  # hexsha, author, email, author date, committer date


@dataclass
class _FileLog:
    """One file's parsed ``git log``: the raw material for changes and series.

    `records` are in commit order (oldest first): the file's first commit,
    then every commit that changed some item's status.
    """

    records: tuple[tuple[_Commit, tuple[_Transition, ...]], ...]
    changes: dict[str, Change]  # copied into each report, never handed out
    _series: dict[frozenset[str] | None, tuple[SeriesPoint, ...]] = field(default_factory=dict)

    def series(self, known: frozenset[str] | None) -> tuple[SeriesPoint, ...]:
        """The done count over time, counting ids in `known` only (all ids if None)."""
        cached = self._series.get(known)
        if cached is not None:
            return cached
        points: list[SeriesPoint] = []
        done = 0
        for index, (commit, transitions) in enumerate(self.records):
            delta = 0
            for item_id, before, after in transitions:
                if known is None or item_id in known:
                    delta += (after == DONE) - (before == DONE)
            if delta or index == 0:
                done += delta
                points.append(SeriesPoint(_parse_date(commit[4]), commit[0], done))
        result = tuple(points)
        if len(self._series) > 8:  # the phase's item set rarely changes: keep a few
            self._series.clear()
        self._series[known] = result
        return result


def _parse_date(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


# A sentinel no parse returns: ids are never empty strings.
_MISSING: Final[tuple[str, str | None]] = ("", None)


def _parse_log(output: str) -> _FileLog:
    """Turn ``git log --follow -p -U0`` output (newest first) into a `_FileLog`.

    Git is asked for newest-first output because ``--follow`` together with
    ``--reverse`` drops the commits before a rename (seen with git 2.39); the
    commits are reversed here instead.
    """
    state: dict[str, str] = {}
    last_change: dict[str, int] = {}
    records: list[tuple[_Commit, tuple[_Transition, ...]]] = []
    parsed_lines: dict[str, tuple[str, str | None] | None] = {}
    cached = parsed_lines.get
    chunks = output.split(_MARK)
    for chunk in reversed(chunks[1:]):
        header, _, body = chunk.partition("\n")
        fields = header.split(_SEP)
        if len(fields) != 5:
            continue
        removed: list[str] = []
        added: list[tuple[str, str | None]] = []
        hunks = body.find("\n@@")  # skip the diff header: its ---/+++ lines are not content
        for line in body[hunks + 1 :].split("\n") if hunks >= 0 else ():
            first = line[:1]
            if first == "-" or first == "+":
                text = line[1:]
                entry = cached(text, _MISSING)
                if entry is _MISSING:
                    entry = parsed_lines[text] = parse_progress_line(text)
                if entry is None:
                    continue
                if first == "-":
                    removed.append(entry[0])
                else:
                    added.append(entry)
        # Removals first: a line moved upwards shows its "+" before its "-".
        before: dict[str, str] = {}
        for item_id in removed:
            status = state.pop(item_id, TODO)
            before.setdefault(item_id, status)
        for item_id, new_status in added:
            if item_id not in before:
                before[item_id] = state.get(item_id, TODO)
            state[item_id] = new_status or TODO
        transitions: list[_Transition] = []
        for item_id, old in before.items():
            new = state.get(item_id, TODO)
            if new != old:
                transitions.append((item_id, old, new))
        if transitions or not records:  # the first commit always: the series starts there
            for item_id, _old, _new in transitions:
                last_change[item_id] = len(records)
            sha, author, email, author_date, committer_date = fields
            records.append(((sha, author, email, author_date, committer_date), tuple(transitions)))
    changes: dict[str, Change] = {}
    for item_id, status in state.items():
        if status == TODO:
            continue
        sha, author, email, author_date, _ = records[last_change[item_id]][0]
        changes[item_id] = Change(item_id, status, sha, author, email, _parse_date(author_date))
    return _FileLog(tuple(records), changes)


def _unquote_path(text: str) -> str:
    """Undo git's C-style quoting of unusual path names ("a/caf\\303\\251.yml")."""
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        return text
    out = bytearray()
    body = text[1:-1]
    index = 0
    simple = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13, '"': 34, "\\": 92}
    while index < len(body):
        char = body[index]
        if char == "\\" and index + 1 < len(body):
            nxt = body[index + 1]
            if nxt in "0123" and index + 3 < len(body):
                out.append(int(body[index + 1 : index + 4], 8) & 0xFF)
                index += 4
                continue
            out.append(simple.get(nxt, ord(nxt) & 0xFF))
            index += 2
            continue
        out += char.encode("utf-8", "surrogateescape")
        index += 1
    return out.decode("utf-8", "surrogateescape")


def _parse_worktree_diff(output: str) -> dict[str, frozenset[str]]:
    """Ids whose line differs between ``HEAD`` and the working tree, by repo-relative path.

    An id counts when the lines removed for it and the lines added for it
    differ: a line that only moved does not make an item uncommitted.
    """
    removed: dict[str, dict[str, list[str]]] = {}
    added: dict[str, dict[str, list[str]]] = {}
    path: str | None = None
    in_hunk = False
    for line in output.split("\n"):
        first = line[:1]
        if in_hunk and (first == "+" or first == "-") and path is not None:
            text = line[1:]
            entry = parse_progress_line(text)
            if entry is not None:
                side = removed if first == "-" else added
                side.setdefault(path, {}).setdefault(entry[0], []).append(text.rstrip("\r"))
        elif line.startswith("diff --git "):
            in_hunk = False
            path = None
        elif first == "@":
            in_hunk = True
        elif not in_hunk and line.startswith(("--- ", "+++ ")):
            # git ends the line with a tab when the name holds a space (for GNU patch).
            name = _unquote_path(line[4:].removesuffix("\t"))
            if name != "/dev/null":
                path = name[2:]  # strip the a/ or b/ prefix we asked for
    result: dict[str, frozenset[str]] = {}
    for name in set(removed) | set(added):
        old, new = removed.get(name, {}), added.get(name, {})
        result[name] = frozenset(
            item_id
            for item_id in set(old) | set(new)
            if sorted(old.get(item_id, ())) != sorted(new.get(item_id, ()))
        )
    return result


def _ids_in_file(path: str) -> frozenset[str]:
    """Every id with an entry in a file on disk (for files git has never seen)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return frozenset()
    return frozenset(entry[0] for entry in map(parse_progress_line, lines) if entry is not None)


# --- reading a repository ------------------------------------------------------

_Stat = tuple[int, int, int] | None


def _stat(path: str) -> _Stat:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size, info.st_ino


@dataclass
class _RepoCache:
    """What one reader knows about one repository at one ``HEAD``."""

    head: str | None
    shallow: bool
    logs: dict[str, _FileLog | None] = field(default_factory=dict)  # None: not in HEAD
    # relative path -> (the file's stat when read, ids not yet committed)
    dirty: dict[str, tuple[_Stat, frozenset[str]]] = field(default_factory=dict)


@dataclass(frozen=True)
class _Target:
    """One requested path: as passed, on disk, and inside the repository."""

    key: str
    absolute: str
    relative: str | None  # None when outside the working tree


class _GitProblem(Exception):
    """A state of the repository that ends the read with a notice."""

    def __init__(self, status: HistoryStatus, notice: str) -> None:
        super().__init__(notice)
        self.status = status
        self.notice = notice


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
        keys = list(dict.fromkeys(_path_text(path) for path in paths))
        known: dict[str, frozenset[str]] = {
            _path_text(path): frozenset(ids) for path, ids in (known_ids_by_path or {}).items()
        }
        root = self._root
        if root is None:
            root = next((os.path.dirname(key) for key in keys if os.path.isabs(key)), os.getcwd())
        if _GIT_IMPORT_ERROR is not None:
            return self._unavailable(keys, HistoryStatus.GIT_NOT_FOUND, _no_git(_GIT_IMPORT_ERROR))
        try:
            with _open_repo(root) as repo:
                return self._read(repo, keys, known)
        except _GitProblem as problem:
            return self._unavailable(keys, problem.status, problem.notice)

    # -- internals --

    @staticmethod
    def _unavailable(keys: list[str], status: HistoryStatus, notice: str) -> HistoryReport:
        files = {key: FileHistory(path=key) for key in keys}
        return HistoryReport(files, status, notice)

    def _read(
        self, repo: git.Repo, keys: list[str], known: Mapping[str, frozenset[str]]
    ) -> HistoryReport:
        worktree = os.path.realpath(repo.working_tree_dir or "")
        head, shallow = _head_and_shallow(repo, worktree)
        cache = self._repos.get(worktree)
        if cache is None or cache.head != head or cache.shallow != shallow:
            cache = self._repos[worktree] = _RepoCache(head, shallow)
        targets = [_target(key, worktree) for key in keys]
        inside = [target for target in targets if target.relative is not None]
        notices: list[str] = []

        if head is not None:
            self._load_logs(repo, cache, [t.relative for t in inside if t.relative is not None])
        in_head = {
            t.key
            for t in inside
            if t.relative is not None and cache.logs.get(t.relative) is not None
        }
        uncommitted = self._uncommitted(repo, cache, inside, in_head)

        files: dict[str, FileHistory] = {}
        never_committed: list[str] = []
        for target in targets:
            if target.relative is None:
                notices.append(
                    f"{target.key} is outside the git repository at {worktree}: no history."
                )
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
            files[target.key] = FileHistory(
                path=target.key,
                changes=dict(log.changes),
                series=log.series(known.get(target.key)),
                uncommitted=dirty,
                committed=committed,
            )

        status = HistoryStatus.OK
        if shallow:
            status = HistoryStatus.SHALLOW
            notices.insert(0, _SHALLOW_NOTICE)
        elif head is None:
            status = HistoryStatus.NO_COMMITS
            notices.insert(
                0,
                "The repository has no commits yet: every progress entry shows as not yet committed.",
            )
        if never_committed and head is not None:
            notices.append(
                "Never committed: "
                + ", ".join(never_committed)
                + ": their entries show as not yet committed."
            )
        return HistoryReport(
            files=files,
            status=status,
            notice=" ".join(notices) or None,
            shallow=shallow,
            available=not shallow,
            head=head,
        )

    @staticmethod
    def _load_logs(repo: git.Repo, cache: _RepoCache, relatives: list[str]) -> None:
        """Run ``git log`` for each file in ``HEAD`` not read yet at this ``HEAD``."""
        missing = [rel for rel in dict.fromkeys(relatives) if rel not in cache.logs]
        if not missing:
            return
        listed = _git(
            repo,
            "ls_tree",
            "-r",
            "--full-tree",
            "--name-only",
            "-z",
            "HEAD",
            "--",
            *map(_literal, missing),
        )
        tracked = set(listed.split("\0"))
        for rel in missing:
            if rel not in tracked:
                cache.logs[rel] = None
            elif cache.shallow:
                cache.logs[rel] = _EMPTY_LOG  # in HEAD, but its history cannot be trusted
            else:
                cache.logs[rel] = _parse_log(_git(repo, "log", *_LOG_OPTIONS, "--", _literal(rel)))

    @staticmethod
    def _uncommitted(
        repo: git.Repo, cache: _RepoCache, inside: list[_Target], in_head: set[str]
    ) -> dict[str, frozenset[str]]:
        """Ids not yet committed, by path key: one ``git diff`` for every file that needs one."""
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
            relatives = sorted(to_diff)
            output = _git(
                repo,
                "diff",
                *_DIFF_OPTIONS,
                "--no-renames",
                "--src-prefix=a/",
                "--dst-prefix=b/",
                "HEAD",
                "--",
                *map(_literal, relatives),
            )
            by_path = _parse_worktree_diff(output)
            for relative, (stat, targets) in to_diff.items():
                ids = by_path.get(relative, frozenset())
                cache.dirty[relative] = (stat, ids)
                for target in targets:
                    result[target.key] = ids
        return result


_EMPTY_LOG: Final = _FileLog((), {})

_SHALLOW_NOTICE: Final = (
    "This is a shallow clone: git would credit every tick to the oldest fetched commit, so "
    "no dates or authors are shown. " + FETCH_FULL_HISTORY
)


def _no_git(detail: str) -> str:
    return (
        "git is not installed or cannot be run, so tick dates and authors are not shown. "
        + install_git(detail)
    )


def _path_text(path: str | os.PathLike[str]) -> str:
    return os.fspath(path)


def _literal(relative: str) -> str:
    """A pathspec that matches this one path, even if its name holds ``*``, ``?`` or ``[``."""
    return f":(literal){relative}"


def _target(key: str, worktree: str) -> _Target:
    absolute = key if os.path.isabs(key) else os.path.join(worktree, key)
    # Resolve the folder, not the file: a symlinked progress file stays where it is named.
    folder, name = os.path.split(os.path.abspath(absolute))
    resolved = os.path.join(os.path.realpath(folder), name)
    relative = os.path.relpath(resolved, worktree)
    if relative == os.curdir or relative.split(os.sep, 1)[0] == os.pardir:
        return _Target(key, absolute, None)
    return _Target(key, absolute, relative.replace(os.sep, "/"))


@contextlib.contextmanager
def _open_repo(root: str) -> Iterator[git.Repo]:
    """``git.Repo`` for `root` or a parent folder, closed on the way out.

    Closing ends GitPython's persistent ``git cat-file`` processes; this
    module never needs them, but nothing should outlive a read.
    """
    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise _GitProblem(HistoryStatus.NOT_A_REPOSITORY, _not_a_repository(root)) from None
    with repo:
        if repo.working_tree_dir is None or _above_ceiling(root, repo.working_tree_dir):
            raise _GitProblem(HistoryStatus.NOT_A_REPOSITORY, _not_a_repository(root))
        yield repo


def _not_a_repository(root: str) -> str:
    return (
        f"{root} is not inside a git repository (or its working tree): tick dates and "
        "authors come from git history and are not shown."
    )


def _above_ceiling(root: str, worktree: str | os.PathLike[str]) -> bool:
    """True when git itself would not find `worktree` from `root` (GIT_CEILING_DIRECTORIES).

    GitPython walks up the folders without looking at the variable; git stops
    before entering a ceiling folder, so a repository found there or higher is
    not the one git would use.
    """
    ceilings = [c for c in os.environ.get("GIT_CEILING_DIRECTORIES", "").split(os.pathsep) if c]
    if not ceilings:
        return False
    start = os.path.realpath(root)
    top = os.path.realpath(worktree)
    for ceiling in ceilings:
        if not os.path.isabs(ceiling):
            continue
        limit = os.path.realpath(ceiling)
        start_below = start != limit and start.startswith(limit.rstrip(os.sep) + os.sep)
        top_at_or_above = top == limit or limit.startswith(top.rstrip(os.sep) + os.sep)
        if start_below and top_at_or_above:
            return True
    return False


def _head_and_shallow(repo: git.Repo, worktree: str) -> tuple[str | None, bool]:
    """``HEAD``'s hexsha (None without commits) and whether the clone is shallow: one process."""
    try:
        status, out, err = repo.git.rev_parse(
            "--is-shallow-repository",
            "--verify",
            "--quiet",
            "HEAD",
            with_extended_output=True,
            with_exceptions=False,
        )
    except git.GitCommandNotFound as error:
        raise _GitProblem(HistoryStatus.GIT_NOT_FOUND, _no_git(str(error).strip())) from None
    lines = str(out).split()
    if lines and lines[0] in ("true", "false"):
        shallow = lines[0] == "true"
        if status == 0 and len(lines) == 2:
            return lines[1], shallow
        if status == 1 and not str(err).strip():
            return None, shallow  # --verify --quiet: HEAD does not resolve, no commits yet
    raise _problem_from_stderr(str(err), worktree)


def _problem_from_stderr(stderr: str, worktree: str) -> _GitProblem:
    if "dubious ownership" in stderr:
        return _GitProblem(
            HistoryStatus.DUBIOUS_OWNERSHIP,
            f'git refused to read {worktree}: it is owned by another user ("detected dubious '
            'ownership"), so tick dates and authors are not shown. ' + mark_safe(worktree),
        )
    return _GitProblem(
        HistoryStatus.GIT_ERROR,
        f"git could not read the history of {worktree} ({first_line(stderr)}): tick dates and authors are "
        "not shown.",
    )


def _git(repo: git.Repo, command: str, *args: str) -> str:
    """Run one git command through GitPython; turn failures into a `_GitProblem`."""
    try:
        return str(getattr(repo.git, command)(*args))
    except git.GitCommandNotFound as error:
        raise _GitProblem(HistoryStatus.GIT_NOT_FOUND, _no_git(str(error).strip())) from None
    except git.GitCommandError as error:
        stderr = error.stderr if isinstance(error.stderr, str) else str(error)
        raise _problem_from_stderr(stderr, os.fspath(repo.working_tree_dir or "")) from None


# --- links ---------------------------------------------------------------------


def commit_url(repo_url: str | None, sha: str) -> str | None:
    """A link to a commit on a GitHub/GitLab/Gitea-style host: ``<repo_url>/commit/<sha>``.

    Takes MkDocs' ``repo_url`` as users write it (trailing slash, ``.git``
    suffix); returns None when there is no http(s) URL to build on.
    """
    if not repo_url or not sha:
        return None
    base = repo_url.strip().rstrip("/")
    if base.endswith(".git"):
        base = base[: -len(".git")].rstrip("/")
    if not base.startswith(("https://", "http://")):
        return None
    return f"{base}/commit/{sha}"
