"""git's patch text in, who set each status and when out: no git, no files, just parsing.

* Changes are applied by item id, not by line number, so a commit on a merged
  branch, a moved line or a re-ordered file need no line bookkeeping.
* A line that is not a valid entry (`lines.BrokenLine`) is skipped as if the
  commit had not touched it: the item keeps the state it had, and the commit
  and line are noted so the build can say, once, what was skipped. A commit
  whose dates git prints but Python cannot read (year 10000) keeps its effect
  on the state but is credited with nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Final

from mkdocs_playbook.history.lines import BrokenLine, ProgressLine, parse_progress_line

TODO: Final = "todo"
DONE: Final = "done"


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
class SkippedLine:
    """A line a commit added that is not a valid entry (or a commit whose date cannot be read).

    `line` is the line number in that commit's version of the file (None for a date problem).
    """

    commit: str
    line: int | None
    problem: str


_Transition = tuple[str, str, str]  # item id, status before, status after
# hexsha, author, email, author date, committer date (None: git printed a date Python cannot read)
_Commit = tuple[str, str, str, "dt.datetime | None", "dt.datetime | None"]


@dataclass
class FileLog:
    """One file's parsed log: the raw material for changes and series.

    `records` are in commit order (oldest first): the file's first commit, then every
    commit that changed some item's status.
    """

    records: tuple[tuple[_Commit, tuple[_Transition, ...]], ...]
    changes: dict[str, Change]  # copied into each report, never handed out
    skipped: tuple[SkippedLine, ...] = ()
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
                if commit[4] is not None:  # a commit whose date cannot be read gets no point
                    points.append(SeriesPoint(commit[4], commit[0], done))
        result = tuple(points)
        if len(self._series) > 8:  # the phase's item set rarely changes: keep a few
            self._series.clear()
        self._series[known] = result
        return result


EMPTY_LOG: Final = FileLog((), {})

_HUNK: Final = re.compile(r"@@ -[0-9,]+ \+([0-9]+)")
_OLD_START: Final = re.compile(r"@@ -([0-9]+)")
_BOM: Final = "\ufeff"
_MISSING: Final = BrokenLine("")  # a sentinel no parse returns


def parse_log(output: str) -> FileLog:
    """Turn `gitrepo.log_patches` output (newest first) into a `FileLog`.

    One loop over the commits, oldest first; each line's reading is cached by its text,
    since the same line is usually added once and removed once.
    """
    state: dict[str, str] = {}
    last_change: dict[str, int] = {}
    records: list[tuple[_Commit, tuple[_Transition, ...]]] = []
    skipped: list[SkippedLine] = []
    parsed: dict[str, ProgressLine | BrokenLine | None] = {}
    fields = output.split("\0")
    # fields[0] is empty; then five a commit, the last of them followed by the patch
    for start in range(len(fields) - 5, 0, -5):
        sha = fields[start]
        committed, _, patch = fields[start + 4].partition("\n")
        removed, added = _read_patch(patch, sha, parsed, skipped)
        transitions = _apply(state, removed, added) if removed or added else []
        if transitions or not records:  # the first commit always: the series starts there
            for item_id, _old, _new in transitions:
                last_change[item_id] = len(records)
            author, email, authored = fields[start + 1 : start + 4]
            author_date, committer_date = _date(authored), _date(committed)
            records.append(((sha, _clean(author), _clean(email), author_date, committer_date), tuple(transitions)))
            if author_date is None or committer_date is None:
                skipped.append(SkippedLine(sha, None, f"its date cannot be read ({authored}, {committed})"))
    changes: dict[str, Change] = {}
    for item_id, status in state.items():
        if status == TODO:
            continue
        sha, author, email, when, _ = records[last_change[item_id]][0]
        if when is not None:  # a commit whose date cannot be read is credited with nothing
            changes[item_id] = Change(item_id, status, sha, author, email, when)
    return FileLog(tuple(records), changes, tuple(skipped))


def _read_patch(
    patch: str,
    sha: str,
    parsed: dict[str, ProgressLine | BrokenLine | None],
    skipped: list[SkippedLine],
) -> tuple[list[str], list[ProgressLine | BrokenLine]]:
    """The ids whose lines one commit removed, and the entries it added (broken ones noted in `skipped`)."""
    removed: list[str] = []
    added: list[ProgressLine | BrokenLine] = []
    cached = parsed.get
    hunks = patch.find("\n@@")  # skip the diff header: its ---/+++ lines are not content
    hunk, plus, minus = "", 0, 0
    for line in patch[hunks + 1 :].split("\n") if hunks >= 0 else ():
        first = line[:1]
        if first == "+" or first == "-":
            text = line[1:]
            if text[:1] == _BOM and _starts_file(hunk, first, plus if first == "+" else minus):
                text = text[1:]  # the file's byte-order mark, which the reader skips too
            if first == "-":
                minus += 1
            entry = cached(text, _MISSING)
            if entry is _MISSING:
                entry = parsed[text] = parse_progress_line(text)
            if first == "+":
                plus += 1
                if entry is not None:
                    added.append(entry)
                    if type(entry) is BrokenLine:
                        skipped.append(SkippedLine(sha, _line_number(hunk, plus), entry.problem))
            elif type(entry) is ProgressLine:
                removed.append(entry[0])
            elif entry is not None and entry.item_id is not None:
                removed.append(entry.item_id)
        elif first == "@":
            hunk, plus, minus = line, 0, 0
    return removed, added


def _starts_file(hunk: str, side: str, before: int) -> bool:
    """Whether the line after `before` lines of this hunk's `side` (+ new, - old) is line 1 of its file.

    Only there is a byte-order mark the file's own (git shows it as part of the first line); a
    mark anywhere else is text, as the reader sees it.
    """
    match = (_HUNK if side == "+" else _OLD_START).match(hunk)
    return match is not None and int(match.group(1)) + before == 1


def _apply(state: dict[str, str], removed: list[str], added: list[ProgressLine | BrokenLine]) -> list[_Transition]:
    """Apply one commit's removed and added lines to `state`; return the statuses that changed."""
    # Removals first: a line moved upwards shows its "+" before its "-".
    before: dict[str, str] = {}
    for item_id in removed:
        status = state.pop(item_id, TODO)
        if item_id not in before:
            before[item_id] = status
    for entry in added:
        if type(entry) is ProgressLine:
            item_id, new_status = entry
            if item_id not in before:
                before[item_id] = state.get(item_id, TODO)
            state[item_id] = new_status or TODO
        elif entry.item_id in before:
            # a broken line in place of an entry: the entry stays as it was
            state[entry.item_id] = before[entry.item_id]
    return [(i, old, new) for i, old in before.items() if (new := state.get(i, TODO)) != old]


def _line_number(hunk: str, plus: int) -> int | None:
    """The new file's line of the `plus`-th added line after hunk header `hunk`."""
    match = _HUNK.match(hunk)
    return int(match.group(1)) + plus - 1 if match else None


def _date(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


def _clean(text: str) -> str:
    """Bytes that were not UTF-8 (kept as surrogates by the decoder) become U+FFFD."""
    if text.isascii():
        return text
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


# --- the working tree ------------------------------------------------------------


def unquote_path(text: str) -> str:
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


def parse_worktree_diff(output: str) -> dict[str, frozenset[str]]:
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
            if entry is not None and entry.item_id is not None:
                side = removed if first == "-" else added
                side.setdefault(path, {}).setdefault(entry.item_id, []).append(text.rstrip("\r"))
        elif line.startswith("diff --git "):
            in_hunk = False
            path = None
        elif first == "@":
            in_hunk = True
        elif not in_hunk and line.startswith(("--- ", "+++ ")):
            # git ends the line with a tab when the name holds a space (for GNU patch).
            name = unquote_path(line[4:].removesuffix("\t"))
            if name != "/dev/null":
                path = name[2:]  # strip the a/ or b/ prefix we asked for
    result: dict[str, frozenset[str]] = {}
    for name in set(removed) | set(added):
        old, new = removed.get(name, {}), added.get(name, {})
        result[name] = frozenset(
            item_id for item_id in set(old) | set(new) if sorted(old.get(item_id, ())) != sorted(new.get(item_id, ()))
        )
    return result


def ids_in_text(text: str) -> frozenset[str]:
    """Every id with an entry in a file's text (for files git has never seen)."""
    found = (parse_progress_line(line) for line in text.removeprefix("\ufeff").splitlines())
    return frozenset(entry.item_id for entry in found if entry is not None and entry.item_id is not None)
