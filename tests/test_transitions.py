"""Every status transition of the editing commands (README table), allowed and refused.

Each case starts an item in one state, runs one command through `playbook`'s
`main`, and reads the result back through the loader: the whole entry must be
exactly as the rule says (what is set, what is dropped, what is kept), and a
refusal must exit 1 and leave the file byte for byte as it was. How the line
is spelled is pinned elsewhere (test_editing.py, test_tick_commands.py).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from test_rules import write_playbook

from mkdocs_playbook import model as m
from mkdocs_playbook.commands import main
from mkdocs_playbook.edit.layout import FMT_HINT
from mkdocs_playbook.source.loading import load_playbook

START = {
    "todo": "",  # absent: todo is the default
    "todo-with-owner": "a: {status: todo, owner: ops, due: 2026-12-01}\n",
    "in-progress": "a: {status: in-progress, owner: ops, due: 2026-12-01}\n",
    "done": "a: {status: done, by: ana, note: kept, evidence: 'https://e.example/1'}\n",
    "done-by-nobody": "a: done\n",
    "skipped": "a: {status: skipped, reason: not here, note: kept}\n",
}
OPS_DUE = {"owner": "ops", "due": dt.date(2026, 12, 1)}

# (start state, command line, the entry afterwards or, for a refusal, the message after "playbook CMD: ")
TRANSITIONS: dict[str, tuple[str, list[str], dict[str, object] | str]] = {
    # tick: status done from anything but done; a skip reason goes, owner and due stay
    "tick-todo": ("todo", ["tick", "demo/a"], {"status": m.Status.DONE}),
    "tick-todo-with-details": ("todo", ["tick", "demo/a", "--by", "ana", "--note", "n", "--evidence", "https://e.example/2"],
                               {"status": m.Status.DONE, "by": "ana", "note": "n", "evidence": "https://e.example/2"}),
    "tick-todo-with-owner": ("todo-with-owner", ["tick", "demo/a"], {"status": m.Status.DONE, **OPS_DUE}),
    "tick-in-progress": ("in-progress", ["tick", "demo/a", "--by", "ana"], {"status": m.Status.DONE, "by": "ana", **OPS_DUE}),
    "tick-skipped": ("skipped", ["tick", "demo/a"], {"status": m.Status.DONE, "note": "kept"}),
    "tick-done": ("done", ["tick", "demo/a", "--by", "bob"], "demo/a is already done by ana; nothing was changed"),
    "tick-done-by-nobody": ("done-by-nobody", ["tick", "demo/a"], "demo/a is already done; nothing was changed"),
    # untick: only from done; status, by and evidence go, a note stays
    "untick-done": ("done", ["untick", "demo/a"], {"status": m.Status.TODO, "note": "kept"}),
    "untick-todo": ("todo", ["untick", "demo/a"], "demo/a is todo, not done; nothing to untick"),
    "untick-in-progress": ("in-progress", ["untick", "demo/a"], "demo/a is in-progress, not done; nothing to untick"),
    "untick-skipped": ("skipped", ["untick", "demo/a"], "demo/a is skipped, not done; nothing to untick"),
    # start: not from done; from in progress only with something to change
    "start-todo": ("todo", ["start", "demo/a"], {"status": m.Status.IN_PROGRESS}),
    "start-todo-with-details": ("todo", ["start", "demo/a", "--owner", "ops", "--due", "2026-12-01"],
                                {"status": m.Status.IN_PROGRESS, **OPS_DUE}),
    "start-skipped": ("skipped", ["start", "demo/a"], {"status": m.Status.IN_PROGRESS, "note": "kept"}),
    "start-in-progress-new-owner": ("in-progress", ["start", "demo/a", "--owner", "sam"],
                                    {"status": m.Status.IN_PROGRESS, "owner": "sam", "due": dt.date(2026, 12, 1)}),
    "start-in-progress-new-due": ("in-progress", ["start", "demo/a", "--due", "2027-01-04"],
                                  {"status": m.Status.IN_PROGRESS, "owner": "ops", "due": dt.date(2027, 1, 4)}),
    "start-in-progress-nothing-new": ("in-progress", ["start", "demo/a"],
                                      "demo/a is already in progress; pass --owner or --due to change them"),
    "start-done": ("done", ["start", "demo/a", "--owner", "sam"], "demo/a is already done; untick it first if the work has restarted"),
    # skip: not from done; again only with another reason
    "skip-todo": ("todo", ["skip", "demo/a", "--reason", "r"], {"status": m.Status.SKIPPED, "reason": "r"}),
    "skip-in-progress": ("in-progress", ["skip", "demo/a", "--reason", "r"], {"status": m.Status.SKIPPED, "reason": "r", **OPS_DUE}),
    "skip-skipped-new-reason": ("skipped", ["skip", "demo/a", "--reason", "r"],
                                {"status": m.Status.SKIPPED, "reason": "r", "note": "kept"}),
    "skip-skipped-same-reason": ("skipped", ["skip", "demo/a", "--reason", "not here"],
                                 "demo/a is already skipped for that reason; nothing was changed"),
    "skip-done": ("done", ["skip", "demo/a", "--reason", "r"], "demo/a is done; untick it first if it no longer applies"),
}


def entry(root: Path, entry_id: str) -> m.ItemState | None:
    result = load_playbook(root / "phases", root / "playbook")
    assert result.ok and result.playbook is not None, [str(d) for d in result.diagnostics]
    return result.playbook.progress["demo"].states.get(entry_id)


def _run_case(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    items: list[str], progress: str, argv: list[str], expected: object,
) -> tuple[Path, int, str, str]:
    """Run one command on a fresh playbook; a refusal (`expected` is its message) is checked here:
    exit 1, that message, and the file byte for byte as it was."""
    root = write_playbook(tmp_path, items, progress=progress, formatted=False)
    monkeypatch.chdir(root)
    path = root / "playbook" / "progress" / "demo.yml"
    before = path.read_bytes()
    code = main(argv)
    out, err = capsys.readouterr()
    if isinstance(expected, str):
        assert (code, err, out) == (1, f"playbook {argv[0]}: {expected}\n", "")
        assert path.read_bytes() == before
    return root, code, out, err


@pytest.mark.parametrize("case", TRANSITIONS.values(), ids=TRANSITIONS.keys())
def test_transition(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    case: tuple[str, list[str], dict[str, object] | str],
) -> None:
    start, argv, expected = case
    root, code, out, err = _run_case(tmp_path, monkeypatch, capsys, ["a", "b"], START[start], argv, expected)
    if isinstance(expected, str):
        return
    # the one-entry files here list only some entries: the edit suggests fmt
    assert (code, err) == (0, f"playbook/progress/demo.yml is not merge-safe; {FMT_HINT} (in a pull request of its own)\n")
    assert entry(root, "a") == m.ItemState("a", **expected)  # type: ignore[arg-type]
    assert out.splitlines()[0] == f"demo/a: {expected['status'].value} in playbook/progress/demo.yml"  # type: ignore[union-attr]
    assert entry(root, "b") is None  # and nothing else changed


ANSWERS: dict[str, tuple[str, list[str], tuple[str, str | None] | str]] = {
    # (progress, command line, (answer, by) afterwards or, for a refusal, the message)
    "first-answer": ("", ["answer", "demo/goals", "more users"], ("more users", None)),
    "first-answer-with-by": ("", ["answer", "demo/goals", "more users", "--by", "ana"], ("more users", "ana")),
    "replace-without-an-answer": ("", ["answer", "demo/goals", "x", "--replace"], ("x", None)),
    "same-answer": ("goals: {answer: x}\n", ["answer", "demo/goals", "x"], "demo/goals already has that answer; nothing was changed"),
    "same-answer-with-replace": ("goals: {answer: x}\n", ["answer", "demo/goals", "x", "--replace"],
                                 "demo/goals already has that answer; nothing was changed"),
    "other-answer": ("goals: {answer: x}\n", ["answer", "demo/goals", "y"],
                     "demo/goals already has an answer: 'x'; pass --replace to overwrite it"),
    "other-answer-with-replace": ("goals: {answer: x, by: ana}\n", ["answer", "demo/goals", "y", "--replace"], ("y", "ana")),
    "answer-an-item": ("", ["answer", "demo/a", "x"],
                       "'demo/a' is a checklist item, not a discovery question; use tick, start or skip"),
    "tick-a-question": ("", ["tick", "demo/goals"], "'demo/goals' is a discovery question; use `playbook answer demo/goals TEXT`"),
    "skip-a-question": ("", ["skip", "demo/goals", "--reason", "r"],
                        "'demo/goals' is a discovery question; use `playbook answer demo/goals TEXT`"),
}


@pytest.mark.parametrize("case", ANSWERS.values(), ids=ANSWERS.keys())
def test_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    case: tuple[str, list[str], tuple[str, str | None] | str],
) -> None:
    progress, argv, expected = case
    root, code, out, _ = _run_case(tmp_path, monkeypatch, capsys, ["a"], progress, argv, expected)
    if isinstance(expected, str):
        return
    assert code == 0
    assert entry(root, "goals") == m.ItemState("goals", answer=expected[0], by=expected[1])
    assert out.splitlines()[0] == "demo/goals: answered in playbook/progress/demo.yml"
    assert entry(root, "a") is None


# --- what every edit refuses, and what it keeps --------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = write_playbook(tmp_path, ["identify-users", "hold-kick-off"], progress="identify-users: done\n", other={},
                          formatted=False)
    monkeypatch.chdir(root)
    return root


@pytest.mark.parametrize("target", ["demo", "/identify-users", "demo/", "demo/identify-users/x"])
def test_a_target_is_phase_slash_id(demo: Path, capsys: pytest.CaptureFixture[str], target: str) -> None:
    assert run(capsys, "tick", target) == (
        1, "", f"playbook tick: '{target}' is not PHASE/ID; expected e.g. pilot/identify-pilot-users\n"
    )


@pytest.mark.parametrize(
    "argv, message",
    [
        (["tick", "demo/identify-user"], "unknown item 'identify-user' in phase 'demo' (did you mean 'identify-users'?)"),
        (["start", "demo/nothing-like-it"], "unknown item 'nothing-like-it' in phase 'demo'"),
        (["tick", "demox/identify-users"], "unknown phase 'demox' (did you mean 'demo'?); expected one of: demo, other"),
    ],
)
def test_unknown_ids_are_refused_with_the_nearest(
    demo: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert run(capsys, *argv) == (1, "", f"playbook {argv[0]}: {message}\n")


def test_a_file_with_problems_is_not_edited(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = demo / "playbook" / "progress" / "demo.yml"
    path.write_text("identify-users: finished\nhold-kick-off: {status: todo, due: soon}\n")
    code, out, err = run(capsys, "tick", "demo/hold-kick-off")
    first, *problems = err.splitlines()
    assert (code, out, first) == (
        1, "", "playbook tick: playbook/progress/demo.yml has problems; fix them first (nothing was changed):"
    )
    assert sorted(problems) == [  # every problem, one a line, indented under the refusal
        ("  playbook/progress/demo.yml:1:17: 'identify-users' is the text 'finished'; "
         "expected one of: todo, in-progress, done, skipped"),
        "  playbook/progress/demo.yml:2:36: 'due' is the text 'soon', not a real date; expected YYYY-MM-DD",
    ]
    assert path.read_text() == "identify-users: finished\nhold-kick-off: {status: todo, due: soon}\n"


def test_a_file_that_does_not_parse_is_not_edited(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = demo / "playbook" / "progress" / "demo.yml"
    path.write_text("identify-users: [done\n")
    code, out, err = run(capsys, "tick", "demo/hold-kick-off")
    first, second, *rest = err.splitlines()
    assert (code, out, first) == (
        1, "", "playbook tick: playbook/progress/demo.yml has problems; fix them first (nothing was changed):"
    )
    assert re.fullmatch(r"  playbook/progress/demo\.yml:\d+:\d+: invalid YAML.*", second) and rest == []
    assert path.read_text() == "identify-users: [done\n"


def test_a_phase_with_problems_is_not_edited(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    phase = demo / "phases" / "demo.yml"
    phase.write_text(phase.read_text().replace("order: 1", "order: first"))
    assert run(capsys, "tick", "demo/hold-kick-off") == (1, "", (
        "playbook tick: phases/demo.yml has problems; fix them first:\n"
        "  phases/demo.yml:2:8: 'order' is the text 'first'; expected a whole number\n"
    ))


def test_an_edit_that_would_make_the_file_invalid_is_refused(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "skip", "demo/hold-kick-off", "--reason", "") == (1, "", (
        "playbook skip: the change would make playbook/progress/demo.yml invalid, so nothing was changed:\n"
        "  playbook/progress/demo.yml:3:42: 'reason' is empty; expected text\n"
    ))
    assert (demo / "playbook" / "progress" / "demo.yml").read_text() == "identify-users: done\n"


def test_a_note_is_one_line(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "tick", "demo/hold-kick-off", "--note", "a\nb") == (1, "", (
        "playbook tick: playbook/progress/demo.yml: the note for 'hold-kick-off' must be one line: "
        "it contains a line break (nothing was changed)\n"
    ))


def test_a_file_that_is_not_utf8_is_not_edited(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = demo / "playbook" / "progress" / "demo.yml"
    path.write_bytes(b"identify-users: {status: done, note: caf\xe9}\n")
    assert run(capsys, "tick", "demo/hold-kick-off") == (
        1, "", "playbook tick: playbook/progress/demo.yml is not UTF-8; run `playbook check` for the position\n"
    )
    assert path.read_bytes() == b"identify-users: {status: done, note: caf\xe9}\n"


@pytest.mark.parametrize("kind", ["symlink", "directory"])
def test_only_a_regular_file_is_edited(demo: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    path = demo / "playbook" / "progress" / "demo.yml"
    elsewhere = demo / "elsewhere.yml"
    elsewhere.write_text(path.read_text())
    path.unlink()
    if kind == "symlink":
        path.symlink_to(elsewhere)
    else:
        path.mkdir()
    assert run(capsys, "tick", "demo/hold-kick-off") == (
        1, "", "playbook tick: playbook/progress/demo.yml is not a regular file; refusing to edit it\n"
    )
    assert elsewhere.read_text() == "identify-users: done\n"


def test_a_missing_progress_file_is_created(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (demo / "playbook" / "progress" / "demo.yml").unlink()
    assert run(capsys, "tick", "demo/hold-kick-off")[0] == 0
    # written whole: every entry of the phase in phase order, each under its text
    text = (demo / "playbook" / "progress" / "demo.yml").read_text()
    assert text.startswith(
        "# yaml-language-server: $schema=../.schemas/progress.schema.json\n#\n"
        "# Progress of the phase Demo: one line an item (or discovery question), keyed by its id\n"
    )
    header, _, entries = text.partition("\n\n")
    assert all(line.startswith("#") for line in header.splitlines())
    assert entries == (
        "# Q: What are the goals?\ngoals:\n"
        "# Do identify-users.\nidentify-users: todo\n"
        "# Do hold-kick-off.\nhold-kick-off: done\n"
    )


def test_line_endings_are_kept(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = demo / "playbook" / "progress" / "demo.yml"
    path.write_bytes(b"identify-users: done\r\nhold-kick-off: todo\r\n")
    assert run(capsys, "tick", "demo/hold-kick-off")[0] == 0
    assert path.read_bytes() == b"identify-users: done\r\nhold-kick-off: done\r\n"


@pytest.mark.parametrize(
    "argv, diff",
    [
        (["tick", "demo/hold-kick-off", "--dry-run"],
         "@@ -1,2 +1,2 @@\n identify-users: done\n-hold-kick-off: todo\n+hold-kick-off: done\n"),
        (["untick", "demo/identify-users", "--dry-run"],
         "@@ -1,2 +1,2 @@\n-identify-users: done\n+identify-users: todo\n hold-kick-off: todo\n"),
    ],
)
def test_dry_run_shows_the_diff_and_writes_nothing(
    demo: Path, capsys: pytest.CaptureFixture[str], argv: list[str], diff: str
) -> None:
    path = demo / "playbook" / "progress" / "demo.yml"
    path.write_text("identify-users: done\nhold-kick-off: todo\n")
    header = "--- a/playbook/progress/demo.yml\n+++ b/playbook/progress/demo.yml\n"
    assert run(capsys, *argv) == (0, header + diff, "")
    assert path.read_text() == "identify-users: done\nhold-kick-off: todo\n"


def test_a_mistyped_playbook_folder_is_refused_not_created(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "tick", "demo/identify-users", "--playbook", "playbok")
    assert code == 1
    assert err == (
        "playbook tick: playbook folder playbok not found; expected the folder with "
        "organization.yml and progress/ (nothing was changed)\n"
    )
    assert not (demo / "playbok").exists()


# --- where a missing entry goes, and the file a first edit creates -------------------------------

NOT_MERGE_SAFE = f"playbook/progress/demo.yml is not merge-safe; {FMT_HINT} (in a pull request of its own)\n"
HEADER = (
    "# yaml-language-server: $schema=../.schemas/progress.schema.json\n"
    "#\n"
    "# Progress of the phase Demo: one line an item (or discovery question), keyed by its id\n"
    "# in phases/demo.yml. Either a bare status or a mapping:\n"
    "#   item-id: done\n"
    "#   item-id: {status: in-progress, owner: someone, due: 2026-12-05}\n"
    "#   item-id: {status: skipped, reason: why it does not apply}\n"
    "#   question-id: {answer: \"the team's answer\"}\n"
    "# Statuses: todo, in-progress, done, skipped (not applicable). A question with nothing after\n"
    "# its colon is unanswered. Every entry stays listed under its text, a line a pull request\n"
    "# never changes: that is what lets pull requests on different entries merge cleanly.\n"
    "\n"
)


@pytest.fixture
def abc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = write_playbook(tmp_path, ["a", "b", "c"], formatted=False)
    monkeypatch.chdir(root)
    return root


@pytest.mark.parametrize(
    ("before", "argv", "after"),
    [
        # after the nearest entry before it in phase order, not after the blank line
        ("# Do a.\na: done\n\n# Do c.\nc: todo\n", ["tick", "demo/b"],
         "# Do a.\na: done\n# Do b.\nb: done\n\n# Do c.\nc: todo\n"),
        # none before it: above the label of the nearest entry after it
        ("# Do c.\nc: todo\n", ["tick", "demo/b"], "# Do b.\nb: done\n# Do c.\nc: todo\n"),
        # the first entry of the phase: above the next listed entry's label, on the first line ...
        ("# Do a.\na: done\n\n# Do c.\nc: todo\n", ["answer", "demo/goals", "yes"],
         "# Q: What are the goals?\ngoals: {answer: 'yes'}\n# Do a.\na: done\n\n# Do c.\nc: todo\n"),
        # ... after a blank first line
        ("\n# Do a.\na: done\n", ["answer", "demo/goals", "yes"],
         "\n# Q: What are the goals?\ngoals: {answer: 'yes'}\n# Do a.\na: done\n"),
        # ... under other comments
        ("# ours\n# more\n# Do a.\na: done\n", ["answer", "demo/goals", "yes"],
         "# ours\n# more\n# Q: What are the goals?\ngoals: {answer: 'yes'}\n# Do a.\na: done\n"),
        # a label a blank line away is not the entry's: right above the entry
        ("# Do a.\n\na: done\n", ["answer", "demo/goals", "yes"],
         "# Do a.\n\n# Q: What are the goals?\ngoals: {answer: 'yes'}\na: done\n"),
        # an entry that is there is changed in place, even with '...' and no other entry
        ("a: done\n...\n", ["untick", "demo/a"], "a: todo\n...\n"),
    ],
    ids=["after-previous", "above-next", "first-line-label", "blank-first-line", "under-comments",
         "label-a-blank-line-away", "document-end"],
)
def test_a_missing_entry_goes_to_its_place_in_phase_order(
    abc: Path, capsys: pytest.CaptureFixture[str], before: str, argv: list[str], after: str
) -> None:
    path = abc / "playbook" / "progress" / "demo.yml"
    path.write_text(before)
    code, _, err = run(capsys, *argv)
    assert (code, err) == (0, NOT_MERGE_SAFE)
    assert path.read_text() == after


def test_nowhere_to_put_an_entry_before_the_document_end_is_refused(abc: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = abc / "playbook" / "progress" / "demo.yml"
    path.write_text("--- # c\n...\n")
    assert run(capsys, "tick", "demo/a") == (
        1, "", "playbook tick: playbook/progress/demo.yml: the file ends its document with '...'; "
               "add the entry by hand (nothing was changed)\n",
    )
    assert path.read_text() == "--- # c\n...\n"


def test_a_created_file_has_the_header_and_the_labels_as_the_site_shows_them(
    abc: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    phase = abc / "phases" / "demo.yml"
    phase.write_text(phase.read_text().replace("text: Do b.", "text: Roll {product} out."))
    path = abc / "playbook" / "progress" / "demo.yml"
    path.unlink()
    entries = "# Q: What are the goals?\ngoals:\n# Do a.\na: todo\n# Roll Widget out.\nb: {}\n# Do c.\nc: todo\n"
    # --dry-run shows the whole file as added
    code, out, err = run(capsys, "tick", "demo/b", "--dry-run")
    added = "".join(f"+{line}\n" for line in (HEADER + entries.format("done")).splitlines())
    assert (code, err) == (0, "")
    assert out == "--- a/playbook/progress/demo.yml\n+++ b/playbook/progress/demo.yml\n@@ -0,0 +1,20 @@\n" + added
    assert not path.exists() and not (abc / "playbook" / ".schemas").exists()
    assert run(capsys, "tick", "demo/b") == (
        0, "demo/b: done in playbook/progress/demo.yml\nDemo: 1 of 3 done (33%)\n"
        "wrote playbook/.schemas/, the schema files the new file's first line points to\n"
        "created playbook/progress/demo.yml\n",
        "",
    )
    assert path.read_text() == HEADER + entries.format("done")
    assert sorted(p.name for p in (abc / "playbook" / ".schemas").iterdir()) == [
        "decision.schema.json", "measurements.schema.json", "organization.schema.json", "phase.schema.json",
        "plan.schema.json", "progress.schema.json", "tailoring.schema.json",
    ]


def test_a_missing_question_is_added_blank_then_answered(abc: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = abc / "playbook" / "progress" / "demo.yml"
    path.write_text("# Do a.\na: done\n")
    assert run(capsys, "answer", "demo/goals", "yes")[0] == 0
    assert path.read_text() == "# Q: What are the goals?\ngoals: {answer: 'yes'}\n# Do a.\na: done\n"
