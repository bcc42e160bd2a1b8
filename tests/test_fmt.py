"""`playbook fmt` and the merge-safety problems of `playbook check`, run as a user would.

fmt only inserts lines: every original line must still be there, in order, with the file's
byte-order mark, line breaks and final-newline convention. The editing commands keep every
comment and blank line they do not own, in every entry form.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from test_rules import write_playbook

from conftest import ROOT, Project
from mkdocs_playbook.commands import main
from mkdocs_playbook.edit import layout
from mkdocs_playbook.source.loading import load_playbook

LEGACY = ROOT / "tests" / "fixtures" / "legacy-pilot-progress.yml"
PILOT = Path("playbook/progress/pilot.yml")
DEMO = Path("playbook/progress/demo.yml")
HINT = "; run `playbook fmt` so that pull requests on different items merge cleanly"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def is_subsequence(short: list[str], long: list[str]) -> bool:
    remaining = iter(long)
    return all(line in remaining for line in short)


@pytest.fixture
def legacy(project: Project, monkeypatch: pytest.MonkeyPatch) -> Project:
    shutil.copy(LEGACY, project.root / PILOT)
    monkeypatch.chdir(project.root)
    return project


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = write_playbook(tmp_path, ["a", "b", "c"], formatted=False)
    monkeypatch.chdir(root)
    return root


# --- upgrading an old file ------------------------------------------------------------------


def test_fmt_keeps_every_line_in_order_and_is_idempotent(legacy: Project, capsys: pytest.CaptureFixture[str]) -> None:
    before = LEGACY.read_text("utf-8")
    assert run(capsys, "fmt", "--check") == (
        1,
        "playbook/progress/pilot.yml: would add 20 entries, 41 labels\n",
        f"1 file of 3 would change{HINT}\n",
    )
    assert (legacy.root / PILOT).read_text("utf-8") == before  # --check writes nothing
    assert run(capsys, "fmt") == (0, "playbook/progress/pilot.yml: added 20 entries, 41 labels\n"
                                  "formatted 1 file of 3\n", "")
    after = (legacy.root / PILOT).read_text("utf-8")
    assert is_subsequence(before.splitlines(), after.splitlines())
    assert len(after.splitlines()) == len(before.splitlines()) + 2 * 20 + 41
    # what the example's file is, from its first entry on (its header was reworded by hand since)
    first = "\nwhat-else-testing: "
    # (the example has since ticked its plan's entry criteria, which fmt adds as todo)
    example = (ROOT / PILOT).read_text("utf-8").replace(": {status: done, by: Ana Trujillo}", ": todo")
    assert after.split(first)[1] == example.split(first)[1]
    assert run(capsys, "fmt") == (0, "3 files already merge-safe\n", "")  # a success: stdout
    assert run(capsys, "fmt", "--check") == (0, "3 files already merge-safe\n", "")
    assert (legacy.root / PILOT).read_text("utf-8") == after
    # statuses, notes and answers are as before: the site's figures do not move
    assert legacy.check_json()["ok"]


def test_dry_run_prints_the_diff_and_writes_nothing(legacy: Project, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "fmt", "--dry-run", "pilot")
    assert code == 0 and err == "1 file of 1 would change (nothing was written)\n"
    assert out.startswith("--- a/playbook/progress/pilot.yml\n+++ b/playbook/progress/pilot.yml\n")
    assert not [line for line in out.splitlines() if line.startswith("-") and not line.startswith("---")]
    assert "+# Q: How will you prepare and provide support for pilot participants?\n+participant-support:\n" in out
    assert (legacy.root / PILOT).read_text("utf-8") == LEGACY.read_text("utf-8")


def test_missing_files_of_the_phases_in_use_are_created(project: Project, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(project.root)
    path = project.root / "playbook" / "progress" / "enterprise-rollout.yml"
    expected = path.read_text("utf-8")
    path.unlink()
    errors = project.check_json()["errors"]
    assert errors == [{"path": "playbook/progress/enterprise-rollout.yml", "line": None, "column": None,
                       "message": f"phase 'enterprise-rollout' has no progress file{HINT}"}]
    assert run(capsys, "fmt") == (0, "playbook/progress/enterprise-rollout.yml: created with 16 entries\n"
                                  "playbook/.schemas: wrote 7 schema files the schema lines point to\n"
                                  "formatted 1 file of 3\n", "")
    text = path.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../.schemas/progress.schema.json\n")
    # the package is outside this copy of the site: the line points to the copy fmt wrote beside the data
    assert (path.parent.parent / ".schemas" / "progress.schema.json").read_text() == (
        ROOT / "plugins" / "mkdocs_playbook" / "schemas" / "progress.schema.json"
    ).read_text()
    entries = [line for line in text.splitlines() if line and not line.startswith("#")]
    listed = [line for line in expected.splitlines() if line and not line.startswith("#")]
    assert [line.split(":")[0] for line in entries] == [line.split(":")[0] for line in listed]  # phase order
    assert all(line.endswith((": todo", ":")) for line in entries) and len(entries) == 16
    assert project.check_json()["ok"]


@pytest.mark.parametrize(
    ("name", "convert"),
    [
        ("crlf", lambda text: text.replace("\n", "\r\n")),
        ("bom", lambda text: "\ufeff" + text),
        ("no-final-newline", lambda text: text.rstrip("\n")),
        ("bom-crlf-no-final-newline", lambda text: "\ufeff" + text.rstrip("\n").replace("\n", "\r\n")),
    ],
)
def test_byte_order_mark_line_breaks_and_final_newline_are_kept(
    demo: Path, capsys: pytest.CaptureFixture[str], name: str, convert: object
) -> None:
    assert callable(convert)
    path = demo / DEMO
    original = "# ours\na: done   # kept\nc: {status: skipped, reason: n/a}\n"
    raw = convert(original).encode("utf-8")
    path.write_bytes(raw)
    assert run(capsys, "fmt", "demo")[0] == 0
    data = path.read_bytes()
    text = data.decode("utf-8")
    assert text.startswith("\ufeff") == raw.startswith("\ufeff".encode())
    assert data.endswith(b"\n") == raw.endswith(b"\n")
    crlf = b"\r\n" in raw
    assert text.count("\n") == (text.count("\r\n") if crlf else text.count("\n"))
    assert "\r" not in text.replace("\r\n", "") and (crlf or "\r" not in text)
    lines = text.lstrip("\ufeff").splitlines()
    # `goals` goes before `a`, which then touches it and gets its label too
    assert lines == ["# ours", "# Q: What are the goals?", "goals:", "# Do a.", "a: done   # kept", "# Do b.", "b: todo",
                     "# Do c.", "c: {status: skipped, reason: n/a}"]
    assert run(capsys, "fmt", "demo")[1:] == ("1 file already merge-safe\n", "")


def test_a_file_that_does_not_load_is_refused_and_left_alone(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = demo / DEMO
    path.write_text("a: done\nb: finished\n")
    code, out, err = run(capsys, "fmt")
    assert (code, out) == (1, "")
    assert err == (
        "playbook fmt: playbook/progress/demo.yml has problems; fix them first (nothing was changed):\n"
        "  playbook/progress/demo.yml:2:4: 'b' is the text 'finished'; expected one of: todo, in-progress, done, "
        "skipped\n"
        "0 files already merge-safe; 1 file not formatted\n"
    )
    assert path.read_text() == "a: done\nb: finished\n"


def test_labels_are_one_line_of_plain_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    root = write_playbook(tmp_path, ["a"], formatted=False)
    phase = root / "phases" / "demo.yml"
    long_text = "Line\\u2028two \\u202eevil\\u200b " + "word " * 40
    phase.write_text(phase.read_text().replace("text: Do a.", f'text: "{long_text}"'))
    monkeypatch.chdir(root)
    (root / DEMO).unlink()
    assert run(capsys, "fmt")[0] == 0
    label = (root / DEMO).read_text("utf-8").splitlines()[-2]
    assert label.startswith("# Line two evil word word")
    assert len(label) <= 2 + 100 and label.endswith("word…")
    assert not any(c in label for c in "\u2028\u202e\u200b")


# --- what `playbook check` says ----------------------------------------------------------------


def test_check_names_unlisted_entries_and_touching_entries(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (demo / DEMO).write_text("# ours\nb: done\nc: todo\n\n# Do a.\na: todo\n")
    code, out, _ = run(capsys, "check", "--format", "json")
    assert code == 1
    assert json.loads(out)["errors"] == [
        {"path": "playbook/progress/demo.yml", "line": None, "column": None,
         "message": f"1 entry is not listed (goals){HINT}"},
        {"path": "playbook/progress/demo.yml", "line": 3, "column": 1,
         "message": f"entry 'c' is on the line right after the previous entry, with no line between{HINT}"},
    ]
    (demo / DEMO).write_text("")
    code, out, _ = run(capsys, "check")
    assert code == 1
    assert out == f"playbook/progress/demo.yml: 4 entries are not listed (goals, a, b, ...){HINT}\n"
    assert run(capsys, "fmt")[0] == 0
    assert run(capsys, "check")[0] == 0


def test_check_reads_for_merge_safety_within_the_given_size_limit(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Raising --max-file-size lets a big file be checked, its layout included."""
    padding = "# " + "x" * 98 + "\n"
    (demo / DEMO).write_text(padding * 25_000 + "b: done\nc: todo\n")  # 2.5 MB
    code, out, _ = run(capsys, "check")
    assert (code, out) == (1, "playbook/progress/demo.yml: file is 2.53 MB; the limit is 2 MB "
                              "(max_file_size in mkdocs.yml plugin options / --max-file-size)\n")
    code, out, _ = run(capsys, "check", "--max-file-size", "3")
    assert code == 1
    assert out.splitlines() == [
        f"playbook/progress/demo.yml: 2 entries are not listed (goals, a){HINT}",
        f"playbook/progress/demo.yml:25002:1: entry 'c' is on the line right after the previous entry, "
        f"with no line between{HINT}",
    ]


def test_the_site_does_not_report_it(legacy: Project) -> None:
    done = legacy.build()
    assert done.returncode == 0, done.stderr
    assert "playbook fmt" not in done.stderr


# --- edits keep what they do not own ---------------------------------------------------------------

FORMS = {
    "bare": ("a: done   # on a", "a: todo   # on a"),
    "flow": ("a: {status: done, by: ana}   # on a", "a: todo   # on a"),
    "flow-with-note": ("a: {status: done, note: 'kept, quoted'}  # on a", "a: {note: 'kept, quoted'}  # on a"),
}


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize("form", FORMS.values(), ids=FORMS.keys())
def test_untick_keeps_comments_before_after_and_on_the_line(
    demo: Path, capsys: pytest.CaptureFixture[str], form: tuple[str, str], newline: str
) -> None:
    old, new = form
    lines = ["# before", "# Q: goals", "goals: {answer: \"x\"}  # on goals", "", "# Do a.", old, "# after", "",
             "# Do b.", "'b': \"todo\"  # quoted", "# Do c.", "c:", "  status: done  # in block", "  # inside",
             "  by: ana", "# end"]
    (demo / DEMO).write_bytes(newline.join([*lines, ""]).encode())
    assert run(capsys, "untick", "demo/a")[0] == 0
    assert (demo / DEMO).read_bytes().decode() == newline.join([*[new if x == old else x for x in lines], ""])


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize(
    ("argv", "entry", "changed"),
    [
        (["tick", "demo/b", "--by", "ana"], "'b': \"todo\"  # quoted", "'b': {status: done, by: ana}  # quoted"),
        (["start", "demo/b", "--owner", "ops"], "'b': \"todo\"  # quoted",
         "'b': {status: in-progress, owner: ops}  # quoted"),
        (["skip", "demo/b", "--reason", "not ours"], "'b': \"todo\"  # quoted",
         "'b': {status: skipped, reason: not ours}  # quoted"),
        (["answer", "demo/goals", "y", "--replace"], "goals: {answer: \"x\"}  # on goals",
         "goals: {answer: y}  # on goals"),
        (["untick", "demo/c"], "  status: done  # in block", "  status: todo  # in block"),
    ],
    ids=["tick", "start", "skip", "answer", "untick-block"],
)
def test_every_command_changes_only_its_entry(
    demo: Path, capsys: pytest.CaptureFixture[str], argv: list[str], entry: str, changed: str, newline: str
) -> None:
    lines = ["# before", "# Q: goals", "goals: {answer: \"x\"}  # on goals", "", "# Do a.", "a: done", "# after", "",
             "# Do b.", "'b': \"todo\"  # quoted", "# Do c.", "c:", "  status: done  # in block", "  # inside",
             "  by: ana", "# end"]
    (demo / DEMO).write_bytes(newline.join([*lines, ""]).encode())
    assert run(capsys, *argv)[0] == 0
    expected = [changed if x == entry else x for x in lines]
    if argv[0] == "untick":
        expected.remove("  by: ana")  # untick drops who did it: that line is the entry's own
    assert (demo / DEMO).read_bytes().decode() == newline.join([*expected, ""])


# --- exact layouts (each pins a rule of edit/layout.py) ---------------------------------------

GOALS = "# Q: What are the goals?\ngoals:\n"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # a comment-only file: a blank line between its comments and the entries
        ("# ours\n", f"# ours\n\n{GOALS}# Do a.\na: todo\n# Do b.\nb: todo\n# Do c.\nc: todo\n"),
        # entries go at the end, and the missing final newline stays missing
        ("a: done", f"{GOALS}# Do a.\na: done\n# Do b.\nb: todo\n# Do c.\nc: todo"),
        # an indented top-level mapping: new entries and labels take its indentation
        ("  a: done\n\n  c: todo\n",
         "  # Q: What are the goals?\n  goals:\n  # Do a.\n  a: done\n  # Do b.\n  b: todo\n\n  c: todo\n"),
        # '...' after entries: the entries go before it
        ("a: done\n...\n", f"{GOALS}# Do a.\na: done\n# Do b.\nb: todo\n# Do c.\nc: todo\n...\n"),
        # an explicit key ('? '): not an indentation, neither for new entries nor for labels
        ("? a\n: done\n", f"{GOALS}# Do a.\n? a\n: done\n# Do b.\nb: todo\n# Do c.\nc: todo\n"),
        ("a: done\n? c\n: todo\n", f"{GOALS}# Do a.\na: done\n# Do b.\nb: todo\n# Do c.\n? c\n: todo\n"),
    ],
    ids=["comments-only", "no-final-newline", "indented", "document-end", "explicit-key-first", "explicit-key-later"],
)
def test_fmt_output_exactly(demo: Path, capsys: pytest.CaptureFixture[str], before: str, after: str) -> None:
    (demo / DEMO).write_text(before)
    assert run(capsys, "fmt")[0] == 0
    assert (demo / DEMO).read_text() == after


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\n...\n", "the file ends its document with '...'; add the entries by hand"),
        # a kept block scalar's trailing blank lines: an inserted entry would become part of the note
        ("a:\n  status: done\n  note: |+\n    x\n\nc: todo\n",
         "inserting the missing lines would change an entry; fix the file's layout by hand"),
    ],
    ids=["document-end-only", "kept-trailing-lines"],
)
def test_fmt_refuses_what_it_cannot_upgrade_by_inserting(
    demo: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    (demo / DEMO).write_text(text)
    assert run(capsys, "fmt") == (
        1, "", f"playbook fmt: playbook/progress/demo.yml: {message} (nothing was changed)\n"
               "0 files already merge-safe; 1 file not formatted\n",
    )
    assert (demo / DEMO).read_text() == text


@pytest.mark.parametrize(
    "text",
    ["b:\n  status: done\nc: todo\n", "b: {status: done,\n}\nc: todo\n"],
    ids=["block-mapping", "flow-mapping-closed-on-its-own-line"],
)
def test_an_entry_right_after_a_multi_line_entry_touches_it(
    demo: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    (demo / DEMO).write_text(text)
    assert run(capsys, "check") == (
        1,
        f"playbook/progress/demo.yml: 2 entries are not listed (goals, a){HINT}\n"
        f"playbook/progress/demo.yml:3:1: entry 'c' is on the line right after the previous entry, with no line "
        f"between{HINT}\n",
        "checked 3 files: 2 problems\n",
    )


def test_labels_are_cut_at_100_characters() -> None:
    assert layout.clean_label("x" * 100) == "x" * 100
    assert layout.clean_label("x" * 101) == "x" * 99 + "…"
    assert layout.clean_label("word " * 40) == "word " * 19 + "word…"


def test_slots_list_questions_then_items_in_phase_order(demo: Path) -> None:
    playbook = load_playbook(demo / "phases", demo / "playbook").playbook
    assert playbook is not None
    phase = playbook.phase("demo")
    assert phase is not None
    assert layout.slots(phase) == (
        layout.Slot("goals", "What are the goals?", True),
        layout.Slot("a", "Do a.", False),
        layout.Slot("b", "Do b.", False),
        layout.Slot("c", "Do c.", False),
    )
