"""Tests for the history package against real git repositories built in temporary folders.

Each repository is made with the git command line, with a chosen author,
committer and date for every commit, so the assertions can name exactly who
must be credited and when: the person who ticked, never whoever merged,
rebased or cherry-picked.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import pickle
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import git
import pytest

from mkdocs_playbook.gitrepo import GitStatus
from mkdocs_playbook.history import (
    BrokenLine,
    Change,
    HistoryReader,
    HistoryReport,
    commit_url,
    parse_progress_line,
)
from mkdocs_playbook.source.schema import validate
from mkdocs_playbook.source.textrules import blocking
from mkdocs_playbook.source.yamlread import read_text

Person = tuple[str, str]
ALICE: Person = ("Alice Martin", "alice@example.com")
BOB: Person = ("Bob Chen", "bob@example.com")
CAROL: Person = ("Carol Díaz", "carol@example.com")
PROGRESS = "playbook/progress/pilot.yml"


def when(day: int, hour: int = 9, offset: int = 1) -> str:
    """An ISO date in March 2026 with a UTC offset, as GIT_*_DATE accepts it."""
    return f"2026-03-{day:02d}T{hour:02d}:00:00{offset:+03d}:00"


def at(day: int, hour: int = 9, offset: int = 1) -> dt.datetime:
    return dt.datetime.fromisoformat(when(day, hour, offset))


class Repo:
    """A real repository in a temporary folder, driven through the git command line."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.git("-c", "init.defaultBranch=main", "init", "-q")
        self.git("config", "user.name", "Fixture Default")
        self.git("config", "user.email", "fixture@example.com")
        self.git("config", "commit.gpgsign", "false")

    def git(
        self,
        *args: str,
        author: Person | None = None,
        committer: Person | None = None,
        date: str | None = None,
        committer_date: str | None = None,
    ) -> str:
        env = dict(os.environ)
        if author is not None:
            env.update(GIT_AUTHOR_NAME=author[0], GIT_AUTHOR_EMAIL=author[1])
        if committer is not None:
            env.update(GIT_COMMITTER_NAME=committer[0], GIT_COMMITTER_EMAIL=committer[1])
        if date is not None:
            env["GIT_AUTHOR_DATE"] = date
        if committer_date is not None or date is not None:
            env["GIT_COMMITTER_DATE"] = committer_date or date or ""
        done = subprocess.run(
            ["git", *args], cwd=self.path, env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
        return done.stdout

    def write(self, relative: str, text: str) -> Path:
        path = self.path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
        return path

    def commit(
        self,
        message: str,
        who: Person,
        date: str,
        *,
        committer: Person | None = None,
        committer_date: str | None = None,
    ) -> str:
        self.git("add", "-A")
        self.git(
            "commit",
            "-q",
            "-m",
            message,
            author=who,
            committer=committer or who,
            date=date,
            committer_date=committer_date,
        )
        return self.head()

    def head(self) -> str:
        return self.git("rev-parse", "HEAD").strip()

    def read(self, *paths: str, known: dict[str, set[str]] | None = None) -> HistoryReport:
        return HistoryReader(self.path).read(paths or [PROGRESS], known)


def progress(*lines: str) -> str:
    return "# Pilot progress: one line an item.\n" + "".join(f"{line}\n" for line in lines)


def eight(**statuses: str) -> str:
    """Items a..h, far enough apart that edits on two branches never touch each other."""
    return progress(*(f"{name}: {statuses.get(name, 'todo')}" for name in "abcdefgh"))


@pytest.fixture(autouse=True)
def isolated_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No user or system git configuration, and no repository above the test folder."""
    config = tmp_path / "gitconfig"
    config.write_text("", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    for name in (
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_COMMON_DIR",
        "GIT_OBJECT_DIRECTORY",
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_AUTHOR_DATE",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
        "GIT_COMMITTER_DATE",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "repo")


def change(report: HistoryReport, item_id: str, path: str = PROGRESS) -> Change:
    return report.files[path].changes[item_id]


# --- one line --------------------------------------------------------------------

BROKEN = "broken"  # stands for any BrokenLine in the expectations below


def outcome(line: str) -> tuple[str, str | None] | str | None:
    found = parse_progress_line(line)
    return BROKEN if isinstance(found, BrokenLine) else None if found is None else tuple(found)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("identify-pilot-users: done", ("identify-pilot-users", "done")),
        ("identify-pilot-users: done   # ticked at the kick-off", ("identify-pilot-users", "done")),
        (
            "define-support-process: {status: done, by: service-desk, note: two weeks of hyper-care}",
            ("define-support-process", "done"),
        ),
        (
            "hold-kick-off: {owner: comms-team, status: in-progress, due: 2026-12-05}",
            ("hold-kick-off", "in-progress"),
        ),
        ('success-goals: {answer: "some answer"}', ("success-goals", None)),
        ("'quoted-key': \"done\"", ("quoted-key", "done")),
        ('"double-quoted": skipped', ("double-quoted", "skipped")),
        (
            "evidence-item: {status: done, evidence: https://x.example/a:b}",
            ("evidence-item", "done"),
        ),
        ('tricky: {note: "a, status: done, b", status: todo}', ("tricky", "todo")),
        ('tricky: {note: "a, status: done, b"}', ("tricky", None)),
        ("owner-only: {owner: ops}", ("owner-only", None)),
        ("empty-value:", ("empty-value", None)),  # the head of a block entry
        ("empty-value:   # fields below", ("empty-value", None)),
        ("crlf-line: done\r\n", ("crlf-line", "done")),
        ("it-s: {status: done, note: 'it''s fine'}", ("it-s", "done")),
        ("# a comment: done", None),
        ("", None),
        ("   ", None),
        ("  indented: done", None),
        ("---", None),
        ("...", None),
        ("%YAML 1.2", None),
        # YAML 1.2 core, as the loader reads a file: these keys are text
        ("on: done", ("on", "done")),
        ("no: skipped", ("no", "skipped")),
        ("10: done", ("10", "done")),
        ("2026-01-01: done", ("2026-01-01", "done")),
        # not valid entries, as `playbook check` would say of the same line in a file
        ("odd-status: finished", BROKEN),
        ("two-statuses: {status: done, status: skipped}", BROKEN),
        ("- done", BROKEN),
        ("broken: {status: done", BROKEN),
        ("bad-date: {status: in-progress, due: 2026-02-30}", BROKEN),
        ("bad-date: 2026-02-30", BROKEN),
        ("huge: " + "9" * 5000, BROKEN),
        ("huge: {status: done, note: " + "9" * 5000 + "}", BROKEN),
        ("null-value: ~", ("null-value", None)),  # nothing recorded: todo, like `id:` alone
        ("Upper-Case: done", BROKEN),
        ("unknown-field: {status: done, colour: red}", BROKEN),
        ("tagged: !!python/object:os.system done", BROKEN),
        ("anchored: &a done", BROKEN),
        ("control: {status: done, note: bell\x07}", BROKEN),
        ("not-utf8: {status: done, note: caf\udce9}", BROKEN),
        ("{flow: done}", BROKEN),
    ],
)
def test_parse_progress_line(line: str, expected: tuple[str, str | None] | str | None) -> None:
    assert outcome(line) == expected


def test_a_broken_line_names_its_id_when_it_can() -> None:
    found = parse_progress_line("bad-date: {status: done, due: 2026-02-30}")
    assert isinstance(found, BrokenLine) and found.item_id == "bad-date"
    assert "2026-02-30" in found.problem and "YYYY-MM-DD" in found.problem
    unclosed = parse_progress_line("unclosed: {status: done")
    assert isinstance(unclosed, BrokenLine) and unclosed.item_id == "unclosed"


def _loader_reference(line: str) -> tuple[str, str | None] | str | None:
    """What the loader's own reader and schema say of a line: the meaning the fast path must keep.

    One line read as a whole progress file (`read_text`, then the progress schema), with
    the two rules history adds: lines that are no entry (comments, indented lines, document
    markers) are None, and `id:` alone is the head of a block entry, an entry without a status.
    """
    text = line.rstrip("\r\n")
    if not text or text[0] in " \t#" or text in ("---", "..."):
        return None
    try:
        doc = read_text(text, "line")
    except ValueError:  # an integer longer than int() reads, until the reader reports it itself
        return BROKEN
    if doc.diagnostics or not isinstance(doc.data, dict) or len(doc.data) != 1:
        return BROKEN
    ((key, value),) = doc.data.items()
    if doc.key_marks[(key,)] != (1, 1):
        return BROKEN
    head = value is None and text.split("#")[0].rstrip().endswith(":")
    if head:  # validate the key alone: the entry's fields are on the lines below
        doc.data = {key: {}}
    validate(doc, "progress", "the entry")
    if blocking(doc.diagnostics):  # a text-rule problem fails the check, not the entry
        return BROKEN
    if head:
        return key, None
    if isinstance(value, dict):
        status = value.get("status")
        return key, status if isinstance(status, str) else None
    return key, value


KEYS = ["a-b", "item-1", "'q-k'", '"dq"', "'q k'", "yes", "on", "10", "0x1f", "x_y", "status", "Caps", "a" * 81]
VALUES = [
    "done",
    "'done'",
    '"in-progress"',
    "finished",
    "done # c",
    "done#c",
    "~",
    "",
    "# only a comment",
    "null",
    "true",
    "12",
    "2026-12-05",
    "{status: done}",
    "{status:done}",
    "{status: done,}",
    "{ }",
    "{status: done, note: a: b}",
    "{note: http://x.y/z, status: skipped}",
    "{note: it's fine, status: done}",
    '{note: a "#" b, status: done}',
    '{note: a"#"b, status: done}',
    "{status: done, note: &anchor x}",
    "{status: done, note: !tag x}",
    "{note: -x, status: done}",
    "{status: done} # trailing",
    "{status: [done]}",
    "{status: yes}",
    "{status: }",
    '{status: done, note: "esc\\"aped"}',
    "{status: done, note: what?}",
    "{status: done,, note: x}",
    "{by: x:, status: done}",
    "{b:}",
    "{answer: 'x, y'}",
    "{answer: ''}",
    "{answer: \"\"}",
    "{note: ''}",
    "{by: 12, status: done}",
    "{by: null, status: done}",
    "{by: true, status: done}",
    "{by: .inf, status: done}",
    "{by: 0o17, status: done}",
    "{by: 1e3, status: done}",
    "{note: 12 apples, status: done}",
    "{due: 2026-12-05, status: in-progress}",
    "{due: 2026-02-30, status: in-progress}",
    "{due: '2026-02-29', status: in-progress}",
    "{due: 2028-02-29}",
    "{due: 26-12-05}",
    "{due: 2026-12-05T10:00}",
    "{evidence: https://example.test/x, status: done}",
    "{evidence: ftp://example.test/x, status: done}",
    "{status: done, status: todo}",
    "{status: done, colour: red}",
    "{status: done, by: a\u2028b}",
    "{status: done, note: caf\u00e9}",
    "{status: done, note: \ufeffbom}",
    "{status: done, by: ''}",
    "{status: done, reason: x}",
    "{answer: yes, by: no}",
]


def test_fast_path_agrees_with_the_loader() -> None:
    for key in KEYS:
        for value in VALUES:
            for separator in (": ", ":\t", " : ", ":"):
                line = f"{key}{separator}{value}"
                assert outcome(line) == _loader_reference(line), line


def test_fast_path_agrees_with_the_loader_on_generated_lines() -> None:
    """Thousands of one-line entries built from the pieces real files and typos are made of."""
    rng = random.Random(8)
    names = ["status", "by", "owner", "due", "note", "reason", "evidence", "answer", "colour", "Status"]
    words = ["done", "todo", "in-progress", "skipped", "finished", "comms-team", "2026-12-05", "2026-02-30",
             "'x, y'", '"q"', "''", "12", "1.5", "~", "null", "yes", "no", "a: b", "a#b", "a #b", "https://x.test",
             "-x", "&a", "*a", "!t", "[x]", "{y: z}", "?", "caf\u00e9", "tab\there", "it''s", "O'Neil"]
    for _ in range(4000):
        pairs = ", ".join(f"{rng.choice(names)}: {rng.choice(words)}" for _ in range(rng.randint(0, 3)))
        value = rng.choice([rng.choice(words), f"{{{pairs}}}", f"{{{pairs},}}", f"{{{pairs}"])
        line = f"{rng.choice(KEYS)}{rng.choice([': ', ':', ' : '])}{value}{rng.choice(['', ' # c', '#c', '  '])}"
        assert outcome(line) == _loader_reference(line), line


def test_fast_path_needs_no_reader_for_the_common_forms(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str, path: str) -> None:
        raise AssertionError(f"the full reader was used for {text!r}")

    monkeypatch.setattr("mkdocs_playbook.history.lines.read_text", refuse)
    assert outcome("a-b: done") == ("a-b", "done")
    assert outcome("'a-b': 'skipped'") == ("a-b", "skipped")
    assert outcome("a-b: {status: done, by: x, note: y z}") == ("a-b", "done")
    assert outcome('a-b: {answer: "Ticket volume, below 5"}') == ("a-b", None)
    assert outcome("a-b: {status: in-progress, owner: ops, due: 2026-12-05}") == ("a-b", "in-progress")
    assert outcome("a-b:") == ("a-b", None)


# --- who and when ------------------------------------------------------------------


def test_linear_ticks_are_credited_to_their_authors(repo: Repo) -> None:
    repo.write(PROGRESS, progress("a: todo", "b: todo", "c: todo"))
    repo.commit("Start the pilot checklist", CAROL, when(1))
    repo.write(PROGRESS, progress("a: done", "b: todo", "c: todo"))
    tick_a = repo.commit("Tick a", ALICE, when(2, offset=2))
    repo.write(PROGRESS, progress("a: done", "b: {status: in-progress, owner: ops}", "c: todo"))
    start_b = repo.commit("Start b", BOB, when(3, offset=-5))

    report = repo.read()
    assert report.status is GitStatus.OK and report.available and not report.shallow
    assert report.notice is None
    assert report.head == start_b
    file = report.files[PROGRESS]
    assert file.committed and file.uncommitted == frozenset()
    assert change(report, "a") == Change("a", "done", tick_a, ALICE[0], ALICE[1], at(2, offset=2))
    assert change(report, "b") == Change("b", "in-progress", start_b, *BOB, at(3, offset=-5))
    assert change(report, "b").date.utcoffset() == dt.timedelta(hours=-5)
    assert "c" not in file.changes  # still todo: nobody set it


def test_note_edit_does_not_move_the_tick(repo: Repo) -> None:
    repo.write(PROGRESS, progress("a: todo", "b: todo"))
    repo.commit("Start", CAROL, when(1))
    repo.write(PROGRESS, progress("a: {status: done, by: service-desk}", "b: todo"))
    ticked = repo.commit("Tick a", ALICE, when(2))
    repo.write(
        PROGRESS, progress("a: {status: done, by: service-desk, note: hyper-care}", "b: todo")
    )
    repo.commit("Add a note", BOB, when(3))
    repo.write(PROGRESS, progress("'a': {note: hyper-care, status: 'done'}", "b: todo"))
    repo.commit("Reformat", CAROL, when(4))

    found = change(repo.read(), "a")
    assert (found.commit, found.author, found.date) == (ticked, ALICE[0], at(2))


def test_a_line_moved_up_keeps_its_tick(repo: Repo) -> None:
    repo.write(PROGRESS, progress("a: todo", "b: todo", "c: todo"))
    repo.commit("Start", CAROL, when(1))
    repo.write(PROGRESS, progress("a: todo", "b: todo", "c: done"))
    ticked = repo.commit("Tick c", ALICE, when(2))
    repo.write(PROGRESS, progress("c: done", "a: todo", "b: todo"))  # diff: "+c" before "-c"
    repo.commit("Sort", BOB, when(3))

    report = repo.read()
    assert change(report, "c").commit == ticked
    assert [point.done for point in report.files[PROGRESS].series] == [0, 1]


def test_removing_the_line_unticks(repo: Repo) -> None:
    repo.write(PROGRESS, progress("a: todo", "b: todo"))
    start = repo.commit("Start", CAROL, when(1))
    repo.write(PROGRESS, progress("a: done", "b: done"))
    ticks = repo.commit("Tick both", ALICE, when(2))
    repo.write(PROGRESS, progress("b: done"))
    untick = repo.commit("a was not really done", BOB, when(3))

    file = repo.read().files[PROGRESS]
    assert "a" not in file.changes
    assert file.changes["b"].commit == ticks
    assert [(p.commit, p.done) for p in file.series] == [(start, 0), (ticks, 2), (untick, 1)]


def test_retick_after_removal_credits_the_new_commit(repo: Repo) -> None:
    repo.write(PROGRESS, progress("a: done"))
    repo.commit("Start done", CAROL, when(1))
    repo.write(PROGRESS, progress())
    repo.commit("Remove", BOB, when(2))
    repo.write(PROGRESS, progress("a: {status: done, by: ops}"))
    again = repo.commit("Done again", ALICE, when(3))
    assert change(repo.read(), "a").commit == again


def test_merge_commit_credits_the_branch_author(repo: Repo) -> None:
    repo.write(PROGRESS, eight())
    repo.commit("Start", CAROL, when(1))
    repo.git("checkout", "-q", "-b", "feature")
    repo.write(PROGRESS, eight(a="done"))
    on_branch = repo.commit("Tick a on a branch", ALICE, when(2))
    repo.git("checkout", "-q", "main")
    repo.write(PROGRESS, eight(h="skipped"))
    on_main = repo.commit("Skip h", BOB, when(3))
    repo.git(
        "merge",
        "-q",
        "--no-ff",
        "-m",
        "Merge feature",
        "feature",
        author=BOB,
        committer=BOB,
        date=when(4),
    )
    merge = repo.head()

    report = repo.read()
    assert change(report, "a") == Change("a", "done", on_branch, *ALICE, at(2))
    assert change(report, "h").commit == on_main
    assert merge not in {c.commit for c in report.files[PROGRESS].changes.values()}
    assert [p.done for p in report.files[PROGRESS].series] == [0, 1]


def test_rebased_commit_keeps_its_author(repo: Repo) -> None:
    repo.write(PROGRESS, eight())
    repo.commit("Start", CAROL, when(1))
    repo.git("checkout", "-q", "-b", "feature")
    repo.write(PROGRESS, eight(a="done"))
    original = repo.commit("Tick a", ALICE, when(2))
    repo.git("checkout", "-q", "main")
    repo.write(PROGRESS, eight(h="done"))
    repo.commit("Tick h", BOB, when(3))
    repo.git("checkout", "-q", "feature")
    repo.git("rebase", "-q", "main", committer=BOB, committer_date=when(5))
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--ff-only", "feature")
    rebased = repo.head()
    assert rebased != original

    report = repo.read()
    assert change(report, "a") == Change("a", "done", rebased, *ALICE, at(2))
    last = report.files[PROGRESS].series[-1]
    assert (last.commit, last.done, last.date) == (rebased, 2, at(5))  # committer date


def test_cherry_picked_commit_keeps_its_author(repo: Repo) -> None:
    repo.write(PROGRESS, eight())
    repo.commit("Start", CAROL, when(1))
    repo.git("checkout", "-q", "-b", "feature")
    repo.write(PROGRESS, eight(c="done"))
    repo.commit("Tick c", ALICE, when(2))
    repo.git("checkout", "-q", "main")
    repo.git("cherry-pick", "feature", committer=BOB, committer_date=when(6))
    picked = repo.head()

    assert change(repo.read(), "c") == Change("c", "done", picked, *ALICE, at(2))


def test_squash_merge_credits_the_squash_author(repo: Repo) -> None:
    repo.write(PROGRESS, eight())
    repo.commit("Start", CAROL, when(1))
    repo.git("checkout", "-q", "-b", "feature")
    repo.write(PROGRESS, eight(a="done"))
    repo.commit("Tick a", ALICE, when(2))
    repo.write(PROGRESS, eight(a="done", b="done"))
    repo.commit("Tick b", ALICE, when(3))
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--squash", "feature")
    squash = repo.commit("Pilot ticks (squashed)", BOB, when(4))

    report = repo.read()
    assert change(report, "a") == Change("a", "done", squash, *BOB, at(4))
    assert change(report, "b").commit == squash


def test_renamed_file_keeps_its_history(repo: Repo) -> None:
    old = "playbook/progress/trial.yml"
    repo.write(old, progress("a: todo", "b: todo", "c: todo"))
    start = repo.commit("Start", CAROL, when(1))
    repo.write(old, progress("a: done", "b: todo", "c: todo"))
    tick_a = repo.commit("Tick a", ALICE, when(2))
    repo.git("mv", old, PROGRESS)
    repo.commit("Rename the phase", BOB, when(3))
    repo.write(PROGRESS, progress("a: done", "b: done", "c: todo"))
    tick_b = repo.commit("Tick b", CAROL, when(4))

    absolute = str(repo.path / PROGRESS)
    report = HistoryReader(repo.path).read([absolute, PROGRESS])
    for key in (absolute, PROGRESS):
        file = report.files[key]
        assert file.changes["a"] == Change("a", "done", tick_a, *ALICE, at(2))
        assert file.changes["b"].commit == tick_b
        assert [(p.commit, p.done) for p in file.series] == [(start, 0), (tick_a, 1), (tick_b, 2)]


def test_reader_finds_the_repository_from_a_subfolder(repo: Repo) -> None:
    repo.write(PROGRESS, progress("a: done"))
    first = repo.commit("Start", ALICE, when(1))
    (repo.path / "docs").mkdir()
    outside = repo.path.parent / "elsewhere.yml"
    outside.write_text("a: done\n", encoding="utf-8")

    report = HistoryReader(repo.path / "docs").read([PROGRESS, str(outside)])
    assert report.files[PROGRESS].changes["a"].commit == first
    assert report.files[str(outside)].changes == {}
    assert report.notice is not None and "outside the git repository" in report.notice


# --- the series ------------------------------------------------------------------


def test_series_counts_known_items_only(repo: Repo) -> None:
    lines = {"a": "todo", "b": "todo", "c": "todo", "q": '{answer: "first"}', "stale": "todo"}

    def commit(message: str, who: Person, day: int, **changes: str) -> str:
        lines.update(changes)
        repo.write(PROGRESS, progress(*(f"{k}: {v}" for k, v in lines.items() if v != "-")))
        return repo.commit(message, who, when(day))

    start = commit("Start", CAROL, 1)
    tick_a = commit("Tick a", ALICE, 2, a="done")
    commit("Answer q", BOB, 3, q='{answer: "second"}')
    commit("Tick an id the phase dropped", BOB, 4, stale="done")
    tick_b = commit("Tick b", ALICE, 5, b="{status: done, note: x}")
    commit("Note on b", BOB, 6, b="{status: done, note: y}")
    drop_a = commit("Untick a by removing it", CAROL, 7, a="-")
    commit("Skip c", CAROL, 8, c="skipped")

    known = {PROGRESS: {"a", "b", "c", "d"}}
    series = repo.read(known=known).files[PROGRESS].series
    assert [(p.commit, p.done) for p in series] == [
        (start, 0),
        (tick_a, 1),
        (tick_b, 2),
        (drop_a, 1),
    ]
    assert [p.date for p in series] == [at(1), at(2), at(5), at(7)]
    everything = repo.read().files[PROGRESS].series  # no known ids: every id counts
    assert [p.done for p in everything] == [0, 1, 2, 3, 2]


# --- working tree ----------------------------------------------------------------


def test_uncommitted_edits_and_untracked_files(repo: Repo) -> None:
    repo.write(
        PROGRESS,
        progress(
            "a: done", "b: todo", "c: {status: in-progress, owner: x}", "d: todo", "q: {answer: y}"
        ),
    )
    repo.commit("Start", ALICE, when(1))
    repo.write(
        PROGRESS,
        "# comment edited, not an item\n"
        + "".join(f"{line}\n" for line in ("a: done", "b: done", "q: {answer: y}"))
        + "c: {status: in-progress, owner: x}\n",  # moved, unchanged; d removed
    )
    repo.write("playbook/progress/rollout.yml", progress("x: done", 'y: {answer: "z"}'))
    repo.write("playbook/progress/staged.yml", progress("s: skipped"))
    repo.git("add", "playbook/progress/staged.yml")

    report = repo.read(PROGRESS, "playbook/progress/rollout.yml", "playbook/progress/staged.yml")
    pilot = report.files[PROGRESS]
    assert pilot.committed and pilot.uncommitted == {"b", "d"}
    assert set(pilot.changes) == {"a", "c"}  # as of HEAD
    rollout = report.files["playbook/progress/rollout.yml"]
    assert not rollout.committed and rollout.uncommitted == {"x", "y"} and not rollout.changes
    staged = report.files["playbook/progress/staged.yml"]
    assert not staged.committed and staged.uncommitted == {"s"}
    assert report.status is GitStatus.OK
    assert report.notice is not None and "playbook/progress/rollout.yml" in report.notice


def test_uncommitted_in_a_file_with_an_unusual_name(repo: Repo) -> None:
    name = "playbook/progress/été [v2].yml"
    repo.write(name, progress("a: todo", "b: todo"))
    repo.commit("Start", ALICE, when(1))
    repo.write(name, progress("a: done", "b: todo"))
    file = repo.read(name).files[name]
    assert file.committed and file.uncommitted == {"a"}


def test_deleted_progress_file_is_all_uncommitted(repo: Repo) -> None:
    repo.write(PROGRESS, progress("a: done", "b: todo"))
    repo.commit("Start", ALICE, when(1))
    (repo.path / PROGRESS).unlink()
    assert repo.read().files[PROGRESS].uncommitted == {"a", "b"}


# --- states that are not errors ---------------------------------------------------


def test_shallow_clone_gives_no_dates(repo: Repo, tmp_path: Path) -> None:
    repo.write(PROGRESS, progress("a: todo", "b: todo"))
    repo.commit("Start", CAROL, when(1))
    repo.write(PROGRESS, progress("a: done", "b: todo"))
    repo.commit("Tick a", ALICE, when(2))
    repo.write(PROGRESS, progress("a: done", "b: done"))
    repo.commit("Tick b", BOB, when(3))
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone)],
        check=True,
        capture_output=True,
    )

    report = HistoryReader(clone).read([PROGRESS])
    assert report.status is GitStatus.SHALLOW
    assert report.shallow and not report.available
    assert report.notice is not None
    assert "git fetch --unshallow" in report.notice and "fetch-depth: 0" in report.notice
    file = report.files[PROGRESS]
    assert file.changes == {} and file.series == ()
    assert file.committed and file.uncommitted == frozenset()


def test_repository_without_commits(repo: Repo) -> None:
    repo.write(PROGRESS, progress("a: done", "b: todo", "# c: done"))
    report = repo.read()
    assert report.status is GitStatus.NO_COMMITS and report.head is None
    assert report.notice is not None and "no commits" in report.notice
    file = report.files[PROGRESS]
    assert not file.committed and file.uncommitted == {"a", "b"} and file.changes == {}


def test_folder_outside_git(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    (plain / "playbook" / "progress").mkdir(parents=True)
    path = plain / PROGRESS
    path.write_text("a: done\n", encoding="utf-8")

    for report in (HistoryReader(plain).read([str(path)]), HistoryReader().read([str(path)])):
        assert report.status is GitStatus.NOT_A_REPOSITORY and not report.available
        assert report.notice is not None and "not inside a git repository" in report.notice
        assert report.files[str(path)].changes == {}
    missing = HistoryReader(tmp_path / "no-such-folder").read([PROGRESS])
    assert missing.status is GitStatus.NOT_A_REPOSITORY


def test_ceiling_hides_a_repository_above(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outer = Repo(tmp_path / "outer")
    inner = outer.path / "inner"
    inner.mkdir()
    assert HistoryReader(inner).read([]).status is GitStatus.NO_COMMITS  # found it
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(outer.path))
    assert HistoryReader(inner).read([]).status is GitStatus.NOT_A_REPOSITORY


def test_git_not_installed(repo: Repo, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    repo.write(PROGRESS, progress("a: done"))
    repo.commit("Start", ALICE, when(1))
    monkeypatch.setattr(git.Git, "GIT_PYTHON_GIT_EXECUTABLE", str(tmp_path / "no-such-git"))
    report = repo.read()
    assert report.status is GitStatus.GIT_NOT_FOUND and not report.available
    assert report.notice is not None and "git is not installed" in report.notice
    monkeypatch.undo()

    # GitPython itself refuses to import when it finds no git: a fresh interpreter shows it
    script = (
        "import sys; from mkdocs_playbook.history import HistoryReader; "
        "report = HistoryReader(sys.argv[1]).read(['playbook/progress/pilot.yml']); "
        "print(report.status.value); print(report.notice)"
    )
    env = {**os.environ, "GIT_PYTHON_GIT_EXECUTABLE": str(tmp_path / "no-such-git")}
    env.pop("GIT_PYTHON_REFRESH", None)
    done = subprocess.run(
        [sys.executable, "-c", script, str(repo.path)], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    status, notice = done.stdout.splitlines()[:2]
    assert status == GitStatus.GIT_NOT_FOUND.value and "git is not installed" in notice


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to hand the repository away"
)
def test_dubious_ownership(repo: Repo) -> None:
    repo.write(PROGRESS, progress("a: done"))
    repo.commit("Start", ALICE, when(1))
    for folder, dirs, files in os.walk(repo.path):
        for name in [folder, *(os.path.join(folder, entry) for entry in dirs + files)]:
            os.lchown(name, 54321, 54321)

    report = repo.read()
    assert report.status is GitStatus.DUBIOUS_OWNERSHIP and not report.available
    assert report.notice is not None
    assert (
        f"git config --global --add safe.directory {os.path.realpath(repo.path)}" in report.notice
    )


def test_broken_repository_is_a_notice_not_an_exception(repo: Repo) -> None:
    repo.write(PROGRESS, progress("a: todo"))
    repo.commit("Start", ALICE, when(1))
    blob = repo.git("rev-parse", f"HEAD:{PROGRESS}").strip()
    repo.write(PROGRESS, progress("a: done"))
    repo.commit("Tick", BOB, when(2))
    (repo.path / ".git" / "objects" / blob[:2] / blob[2:]).unlink()

    report = repo.read()
    assert report.status is GitStatus.GIT_ERROR and not report.available
    assert report.notice is not None and blob[:7] in report.notice


# --- cost ------------------------------------------------------------------------


@pytest.fixture
def git_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The git subcommands GitPython runs, in order."""
    calls: list[str] = []
    execute = git.cmd.Git.execute

    def spy(self: git.cmd.Git, command: list[str], *args: object, **kwargs: object) -> object:
        calls.append(next(part for part in command[1:] if not part.startswith("-")))
        return execute(self, command, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(git.cmd.Git, "execute", spy)
    return calls


def test_one_git_log_per_file_and_a_cache_per_head(repo: Repo, git_calls: list[str]) -> None:
    second = "playbook/progress/rollout.yml"
    repo.write(PROGRESS, progress("a: todo"))
    repo.write(second, progress("x: todo"))
    repo.commit("Start", CAROL, when(1))
    for day in range(2, 8):  # many commits must still mean one git log a file
        repo.write(PROGRESS, progress(f"a: {'done' if day % 2 else 'in-progress'}"))
        repo.commit(f"Day {day}", ALICE, when(day))

    reader = HistoryReader(repo.path)
    first = reader.read([PROGRESS, second])
    assert git_calls.count("log") == 2
    assert first.files[PROGRESS].changes["a"].date == at(7)

    git_calls.clear()
    again = reader.read([PROGRESS, second])
    assert git_calls == ["rev-parse"]
    assert again.files[PROGRESS].changes == first.files[PROGRESS].changes

    git_calls.clear()
    repo.write(second, progress("x: done", "y: todo"))
    edited = reader.read([PROGRESS, second])
    assert "log" not in git_calls and git_calls.count("diff") == 1
    assert edited.files[second].uncommitted == {"x", "y"}

    repo.commit("Tick x", BOB, when(9))
    git_calls.clear()
    moved = reader.read([PROGRESS, second])
    assert git_calls.count("log") == 2
    assert moved.files[second].changes["x"].author == BOB[0]
    assert moved.files[second].uncommitted == frozenset()

    reader.clear()
    git_calls.clear()
    reader.read([PROGRESS])
    assert git_calls.count("log") == 1


def _cat_file_children() -> list[str]:
    """Command lines of this process's children that are ``git cat-file``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        parent = next(line.split()[1] for line in status.splitlines() if line.startswith("PPid:"))
        if int(parent) == os.getpid() and "cat-file" in command:
            found.append(command)
    return found


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_no_cat_file_process_is_left_behind(repo: Repo) -> None:
    repo.write(PROGRESS, progress("a: done"))
    repo.commit("Start", ALICE, when(1))

    # The detector works: GitPython's object database starts a persistent cat-file.
    probe = git.Repo(repo.path)
    assert probe.head.commit.message.strip() == "Start"
    assert _cat_file_children()
    probe.close()
    assert _cat_file_children() == []

    HistoryReader(repo.path).read([PROGRESS])
    assert _cat_file_children() == []


# --- links and paths --------------------------------------------------------------


@pytest.mark.parametrize(
    ("repo_url", "expected"),
    [
        ("https://github.com/acme/rollout", "https://github.com/acme/rollout/commit/abc123"),
        ("https://github.com/acme/rollout/", "https://github.com/acme/rollout/commit/abc123"),
        ("https://gitlab.com/acme/rollout.git", "https://gitlab.com/acme/rollout/commit/abc123"),
        ("https://gitlab.com/acme/rollout.git/", "https://gitlab.com/acme/rollout/commit/abc123"),
        ("git@github.com:acme/rollout.git", None),
        ("", None),
        (None, None),
    ],
)
def test_commit_url(repo_url: str | None, expected: str | None) -> None:
    assert commit_url(repo_url, "abc123") == expected


def test_quoted_file_names_in_git_output_are_read(repo: Repo) -> None:
    """git quotes unusual names C-style in diffs ("a/\\303\\251t\\303\\251 \\"x\\".yml")."""
    name = 'playbook/progress/été "x" \\ back.yml'
    repo.write(name, progress("a: todo", "b: todo"))
    repo.commit("Start", ALICE, when(1))
    repo.write(name, progress("a: todo", "b: done"))
    file = repo.read(name).files[name]
    assert file.committed and file.uncommitted == {"b"}


@pytest.fixture
def many_commits(repo: Repo) -> Iterator[Repo]:
    """A file whose last line changes in every commit: exercises the reversal of git's order."""
    repo.write(PROGRESS, progress("a: todo", "b: todo"))
    repo.commit("Start", CAROL, when(1))
    for day in range(2, 12):
        status = ("done", "todo", "skipped", "in-progress")[day % 4]
        repo.write(PROGRESS, progress("a: todo", f"b: {status}"))
        repo.commit(f"b on day {day}", (ALICE, BOB)[day % 2], when(day))
    yield repo


def test_latest_status_change_wins(many_commits: Repo) -> None:
    found = change(many_commits.read(), "b")
    # day 11: 11 % 4 == 3 -> in-progress, set by Bob (11 % 2 == 1)
    assert (found.status, found.author, found.date) == ("in-progress", BOB[0], at(11))


def test_reports_are_plain_values_the_cache_does_not_share(repo: Repo) -> None:
    repo.write(PROGRESS, progress("a: done"))
    repo.commit("Start", ALICE, when(1))
    reader = HistoryReader(repo.path)
    first = reader.read([PROGRESS])
    first.files[PROGRESS].changes.clear()
    second = reader.read([PROGRESS])
    assert set(second.files[PROGRESS].changes) == {"a"}
    assert pickle.loads(pickle.dumps(second)) == second
    assert copy.deepcopy(second) == second
