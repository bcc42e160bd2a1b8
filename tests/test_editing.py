"""Tests for edit/ (splice, entry, atomic): every edit must be the smallest possible text change.

Each case asserts the exact output and, where the item sits on one line, that
the diff is one line out and one line in (or just one line in or out for an
added or deleted item): that is the promise a reviewer relies on.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import pickle
import random
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
import yaml

from mkdocs_playbook.edit import entry as emission
from mkdocs_playbook.edit.atomic import write_atomic
from mkdocs_playbook.edit.entry import FIELDS
from mkdocs_playbook.edit.errors import EditError
from mkdocs_playbook.edit.splice import read_entry, remove_entry, set_fields

EXAMPLE = """\
# yaml-language-server: $schema=../../plugins/mkdocs_playbook/schemas/progress.schema.json
# Checklist progress: one line an item.
identify-pilot-users: done
define-support-process: {status: done, by: service-desk, note: two weeks of hyper-care}
hold-kick-off: {status: in-progress, owner: comms-team, due: 2026-12-05}   # trailing comment
'quoted-key': "done"
block-style:
  status: in-progress
  owner: ops
success-goals: {answer: "Ticket volume below 5 per 100 users"}
"""

HAND_WRITTEN = """\
# yaml-language-server: $schema=../../plugins/mkdocs_playbook/schemas/progress.schema.json
# Pilot progress.  Keep one line an item.

identify-pilot-users: done
define-support-process: {status: done, by: service-desk, note: 'two weeks: hyper-care'}
'hold-kick-off': { "status": 'in-progress', owner: "comms team", due: 2026-12-05 }  # Friday

# Discovery
success-goals: {answer: "Ticket volume below 5 per 100 users"}
block-style:
  status: in-progress
  owner: ops
"""


def changed_lines(old: str, new: str) -> tuple[list[str], list[str]]:
    """Lines taken out and put in, line endings included, as `git diff` would count them."""
    diff = list(
        difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True), n=0)
    )
    body = [line for line in diff[2:] if not line.startswith("@@")]
    removed = [line[1:] for line in body if line.startswith("-")]
    added = [line[1:] for line in body if line.startswith("+")]
    return removed, added


def assert_one_line_changed(old: str, new: str) -> tuple[str, str]:
    removed, added = changed_lines(old, new)
    assert len(removed) == 1 and len(added) == 1, (removed, added)
    return removed[0], added[0]


def entry(text: str, key: str) -> object:
    """What the application would load for `key`."""
    return yaml.safe_load(text)[key]


# --- absent entries ------------------------------------------------------------


def test_tick_absent_item_after_comments_and_blank_lines_without_final_newline() -> None:
    old = "# Progress.\n\nfirst: done\n\n# a comment at the end"
    new = set_fields(old, "second", {"status": "done"})
    assert new == "# Progress.\n\nfirst: done\n\n# a comment at the end\nsecond: done"
    # The last line gains the newline it lacked; apart from that, one line in.
    removed, added = changed_lines(old, new)
    assert removed == ["# a comment at the end"]
    assert added == ["# a comment at the end\n", "second: done"]
    assert [line for line in new.splitlines() if line not in old.splitlines()] == ["second: done"]


def test_tick_absent_item_keeps_final_newline() -> None:
    old = "# Progress.\nfirst: done\n"
    new = set_fields(old, "second", {"status": "in-progress"})
    assert new == "# Progress.\nfirst: done\nsecond: in-progress\n"
    assert changed_lines(old, new) == ([], ["second: in-progress\n"])


@pytest.mark.parametrize("old", ["", "# only a comment\n", "---\n"])
def test_tick_absent_item_in_empty_or_comment_only_file(old: str) -> None:
    new = set_fields(old, "first", {"status": "done"})
    assert new == old + "first: done\n"


def test_absent_item_with_several_fields_is_one_flow_line_in_canonical_order() -> None:
    old = "a: done\n"
    new = set_fields(old, "b", {"note": "n", "status": "done", "by": "ops", "due": "2026-01-31"})
    assert new == "a: done\nb: {status: done, by: ops, due: 2026-01-31, note: n}\n"
    assert entry(new, "b") == {
        "status": "done",
        "by": "ops",
        "due": dt.date(2026, 1, 31),
        "note": "n",
    }


def test_absent_item_with_nothing_to_say_changes_nothing() -> None:
    old = "a: done\n"
    assert set_fields(old, "b", {"status": "todo"}) == old
    assert set_fields(old, "b", {"status": None, "note": None}) == old
    assert set_fields(old, "b", {}) == old


def test_absent_item_is_indented_like_the_other_entries() -> None:
    old = "  a: done\n"
    assert set_fields(old, "b", {"status": "done"}) == "  a: done\n  b: done\n"


# --- plain scalar entries --------------------------------------------------------


def test_tick_plain_todo_replaces_only_the_scalar() -> None:
    old = "# c\nfirst: todo   # soon\nsecond: done\n"
    new = set_fields(old, "first", {"status": "done"})
    assert new == "# c\nfirst: done   # soon\nsecond: done\n"
    assert assert_one_line_changed(old, new) == ("first: todo   # soon\n", "first: done   # soon\n")


def test_add_by_and_note_to_plain_entry_makes_a_flow_mapping() -> None:
    old = "first: todo\nsecond: done\n"
    new = set_fields(old, "second", {"by": "service-desk", "note": "two weeks"})
    assert new == "first: todo\nsecond: {status: done, by: service-desk, note: two weeks}\n"
    assert_one_line_changed(old, new)


def test_quoted_plain_entry_keeps_its_key_spelling() -> None:
    old = "'quoted-key': \"done\"\n"
    new = set_fields(old, "quoted-key", {"status": "skipped", "reason": "n/a"})
    assert new == "'quoted-key': {status: skipped, reason: n/a}\n"


def test_untick_plain_entry_keeps_its_line_and_every_comment() -> None:
    # a deleted line would touch both neighbours' lines and conflict with their edits
    old = "# above\nfirst: done   # trailing\n# below\nsecond: done\n"
    new = set_fields(old, "first", {"status": "todo"})
    assert new == "# above\nfirst: todo   # trailing\n# below\nsecond: done\n"
    assert changed_lines(old, new) == (["first: done   # trailing\n"], ["first: todo   # trailing\n"])


def test_untick_last_line_without_final_newline_keeps_the_convention() -> None:
    old = "first: done\nsecond: done"
    assert set_fields(old, "second", {"status": None}) == "first: done\nsecond: todo"


def test_a_null_entry_is_filled_in_and_can_be_cleared_again() -> None:
    old = "a: done\nb:   # nothing yet\nc: done\n"
    new = set_fields(old, "b", {"status": "done", "by": "x"})
    assert new == "a: done\nb: {status: done, by: x}  # nothing yet\nc: done\n"
    assert read_entry(old, "b") is None  # null is nothing recorded, like no entry
    assert set_fields(old, "b", {"status": "todo"}) == old  # nothing to record: nothing changes


# --- flow mappings ---------------------------------------------------------------


def test_update_status_in_flow_mapping_with_trailing_comment() -> None:
    new = set_fields(EXAMPLE, "hold-kick-off", {"status": "done"})
    before, after = assert_one_line_changed(EXAMPLE, new)
    assert before.startswith("hold-kick-off:")
    assert after == (
        "hold-kick-off: {status: done, owner: comms-team, due: 2026-12-05}   # trailing comment\n"
    )


def test_flow_mapping_with_odd_quoting_keeps_untouched_quotes() -> None:
    old = "'odd-key': {'status': 'todo', \"by\": \"team a\", note: 'it''s'}  # x\n"
    new = set_fields(old, "odd-key", {"status": "in-progress", "owner": "ops"})
    assert new == (
        "'odd-key': {'status': in-progress, \"by\": \"team a\", note: 'it''s', owner: ops}  # x\n"
    )
    assert_one_line_changed(old, new)
    assert entry(new, "odd-key") == {
        "status": "in-progress",
        "by": "team a",
        "note": "it's",
        "owner": "ops",
    }


def test_new_fields_go_after_the_last_field_keeping_inner_spacing() -> None:
    old = "a: { status: done }\n"
    assert set_fields(old, "a", {"by": "me"}) == "a: { status: done, by: me }\n"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"status": None}, "a: {by: x, note: y}  # c\n"),
        ({"by": None}, "a: {status: done, note: y}  # c\n"),
        ({"note": None}, "a: {status: done, by: x}  # c\n"),
        ({"by": None, "note": None}, "a: {status: done}  # c\n"),
        ({"status": None, "by": None}, "a: {note: y}  # c\n"),
        ({"by": None, "note": None, "owner": "o"}, "a: {status: done, owner: o}  # c\n"),
        ({"status": None, "by": None, "note": None, "owner": "o"}, "a: {owner: o}  # c\n"),
        ({"status": None, "by": None, "note": None}, "a: todo  # c\n"),
        ({"status": "todo", "by": None, "note": None}, "a: todo  # c\n"),
    ],
)
def test_remove_fields_from_flow_mapping(changes: dict[str, str | None], expected: str) -> None:
    old = "a: {status: done, by: x, note: y}  # c\n"
    new = set_fields(old, "a", changes)
    assert new == expected
    assert_one_line_changed(old, new)


def test_fill_in_an_empty_flow_value() -> None:
    old = "a: {status: , by: x}\n"
    assert set_fields(old, "a", {"status": "done"}) == "a: {status: done, by: x}\n"


def test_same_value_changes_nothing() -> None:
    assert set_fields(EXAMPLE, "hold-kick-off", {"owner": "comms-team"}) == EXAMPLE
    assert set_fields(EXAMPLE, "hold-kick-off", {"due": "2026-12-05"}) == EXAMPLE
    assert set_fields(EXAMPLE, "hold-kick-off", {"reason": None}) == EXAMPLE


def test_due_date_is_written_bare_but_a_non_date_due_is_quoted() -> None:
    new = set_fields(EXAMPLE, "hold-kick-off", {"due": "2027-01-02"})
    assert "due: 2027-01-02}" in new
    assert entry(new, "hold-kick-off")["due"] == dt.date(2027, 1, 2)  # type: ignore[index]
    new = set_fields(EXAMPLE, "hold-kick-off", {"due": "2027-02-30"})
    assert "due: '2027-02-30'}" in new


# --- block mappings --------------------------------------------------------------


def test_block_entry_update_and_field_add() -> None:
    new = set_fields(EXAMPLE, "block-style", {"status": "done", "by": "ops, team"})
    assert new == EXAMPLE.replace(
        "  status: in-progress\n  owner: ops\n",
        "  status: done\n  owner: ops\n  by: ops, team\n",
    )
    assert entry(new, "block-style") == {"status": "done", "owner": "ops", "by": "ops, team"}


def test_block_entry_status_change_is_one_line() -> None:
    new = set_fields(EXAMPLE, "block-style", {"status": "done"})
    assert assert_one_line_changed(EXAMPLE, new) == ("  status: in-progress\n", "  status: done\n")


def test_block_entry_field_add_goes_after_last_field_not_after_following_comments() -> None:
    old = "b:\n    status: done\n    note: x   # why\n\n# next section\nc: done\n"
    new = set_fields(old, "b", {"owner": "me"})
    assert (
        new
        == "b:\n    status: done\n    note: x   # why\n    owner: me\n\n# next section\nc: done\n"
    )
    assert changed_lines(old, new) == ([], ["    owner: me\n"])


def test_block_entry_remove_field_deletes_its_line() -> None:
    new = set_fields(EXAMPLE, "block-style", {"owner": None})
    assert changed_lines(EXAMPLE, new) == (["  owner: ops\n"], [])


def test_block_entry_cleared_keeps_its_first_line_and_neighbouring_comments() -> None:
    old = "a: done\nb:\n  status: done  # was\n  # inside\n  note: x\n# about c\nc: done\n"
    new = "a: done\nb:\n  status: todo  # was\n  # inside\n# about c\nc: done\n"
    assert set_fields(old, "b", {"status": "todo", "note": None}) == new


def test_block_entry_at_end_without_final_newline() -> None:
    old = "b:\n  status: done"
    assert set_fields(old, "b", {"by": "me"}) == "b:\n  status: done\n  by: me"


def test_fill_in_empty_block_values_without_gluing_to_a_comment() -> None:
    old = "a:\n  status: done\n  by: # who\n  owner:\n"
    new = set_fields(old, "a", {"by": "me", "owner": "ops"})
    assert new == "a:\n  status: done\n  by: me # who\n  owner: ops\n"


def test_character_offsets_survive_multibyte_text() -> None:
    old = "x: {note: café ☕ 😀}\na: {note: 日本語 😀, status: todo}\n"
    new = set_fields(old, "a", {"status": "done", "by": "é"})
    assert new == "x: {note: café ☕ 😀}\na: {note: 日本語 😀, status: done, by: é}\n"


def test_flow_mapping_over_two_lines() -> None:
    old = "a: {status: done,\n    by: x}  # c\nb: done\n"
    assert set_fields(old, "a", {"by": None}) == "a: {status: done}  # c\nb: done\n"
    assert set_fields(old, "a", {"status": None}) == "a: {by: x}  # c\nb: done\n"
    assert remove_entry(old, "a") == "b: done\n"


def test_explicit_key_entry() -> None:
    old = "? a\n: done\nb: done\n"
    assert set_fields(old, "a", {"by": "x"}) == "? a\n: {status: done, by: x}\nb: done\n"
    assert set_fields(old, "a", {"status": "todo"}) == "? a\n: todo\nb: done\n"


def test_cannot_append_after_an_explicit_document_end() -> None:
    with pytest.raises(EditError, match=r"ends its document with '\.\.\.'"):
        set_fields("a: done\n...\n", "b", {"status": "done"})


def test_result_is_proved_by_parsing_again(monkeypatch: pytest.MonkeyPatch) -> None:
    # Simulate an emitter that forgets to quote: the check must catch it.
    monkeypatch.setattr(emission, "emit_scalar", lambda value, *, flow: value)
    with pytest.raises(EditError, match="refusing to edit 'define-support-process'"):
        set_fields(EXAMPLE, "define-support-process", {"note": "a, b"}, path="p.yml")
    with pytest.raises(EditError, match="refusing to edit 'identify-pilot-users'"):
        # YAML 1.2, as the loader reads it: an unquoted `true` is a boolean (`yes` is text)
        set_fields(EXAMPLE, "identify-pilot-users", {"note": "true"}, path="p.yml")
    with pytest.raises(EditError, match="would not parse"):
        set_fields(EXAMPLE, "identify-pilot-users", {"note": "a: b"}, path="p.yml")


def test_block_entry_at_end_without_final_newline_replace_every_field() -> None:
    old = "a: done\nb:\n  status: done\n  owner: ops"
    new = set_fields(old, "b", {"status": None, "owner": None, "note": "n"})
    assert new == "a: done\nb:\n  note: n"


# --- values that need quoting ----------------------------------------------------

AWKWARD = [
    "a: b # c",
    "{{ 7*7 }}",
    "<script>alert(1)</script>",
    "yes",
    "no",
    "null",
    "~",
    "2026-01-01",
    "12",
    "1.5",
    "*star",
    "&amp",
    "!bang",
    "%percent",
    "@at",
    "`tick",
    "- dash",
    "? what",
    "[list]",
    "a, b",
    "a]b",
    "x: y",
    "it's",
    '"double"',
    "'single'",
    " leading space",
    "trailing space ",
    "",
    "#hash",
    "tab\there",
    "café ☕ 日本語 😀",
    "---",
    "...",
    "https://example.com/a?b=c#d",
]


@pytest.mark.parametrize("value", AWKWARD)
@pytest.mark.parametrize(
    "key", ["identify-pilot-users", "define-support-process", "block-style", "new-item"]
)
def test_awkward_notes_round_trip_exactly(key: str, value: str) -> None:
    new = set_fields(EXAMPLE, key, {"note": value})
    loaded = yaml.safe_load(new)
    assert loaded[key]["note"] == value
    assert isinstance(loaded[key]["note"], str)
    others = {k: v for k, v in yaml.safe_load(EXAMPLE).items() if k != key}
    assert {k: v for k, v in loaded.items() if k != key} == others
    removed, added = changed_lines(EXAMPLE, new)
    if key == "new-item":
        assert removed == [] and len(added) == 1
    elif key == "block-style":
        assert removed == [] and len(added) == 1 and added[0].startswith("  note: ")
    else:
        assert len(removed) == 1 and len(added) == 1


@pytest.mark.parametrize("value", ["two\nlines", "cr\rhere", "crlf\r\nhere", "ls\u2028here"])
def test_newline_in_a_note_is_refused(value: str) -> None:
    with pytest.raises(EditError, match="must be one line"):
        set_fields(EXAMPLE, "identify-pilot-users", {"note": value}, path="p.yml")


@pytest.mark.parametrize(
    "base",
    [HAND_WRITTEN, HAND_WRITTEN.rstrip("\n"), HAND_WRITTEN.replace("\n", "\r\n")],
    ids=["lf", "no-final-newline", "crlf"],
)
def test_random_edits_load_as_requested_and_leave_the_rest_alone(base: str) -> None:
    rng = random.Random(20261205)
    alphabet = [*list(" :#{}[],'\"!&*?|>-%@`~\\/.é😀\tabyesno019"), "\x07", "\xa0"]
    keys = [*yaml.safe_load(base), "new-item"]
    for _ in range(300):
        key = rng.choice(keys)
        changes: dict[str, str | None] = {}
        for _ in range(rng.randint(1, 3)):
            field = rng.choice(FIELDS)
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
            changes[field] = None if rng.random() < 0.25 else text
        new = set_fields(base, key, changes)

        old_data, new_data = yaml.safe_load(base), yaml.safe_load(new)
        before = old_data.get(key)
        expected = {"status": before} if isinstance(before, str) else dict(before or {})
        for field, value in changes.items():
            if value is None:
                expected.pop(field, None)
            else:
                expected[field] = value
        after = new_data.get(key)
        if not expected or expected == {"status": "todo"}:
            # never deleted: an entry that says nothing reads as todo; an absent one stays absent
            assert after == (None if before is None else "todo") or after == {"status": "todo"}
        else:
            after = {"status": after} if isinstance(after, str) else after
            for mapping in (after, expected):
                due = mapping.get("due")
                if isinstance(due, dt.date):
                    mapping["due"] = due.isoformat()
            assert after == expected, changes
        assert {k: v for k, v in new_data.items() if k != key} == {
            k: v for k, v in old_data.items() if k != key
        }
        if "\r\n" in base:
            assert "\n" not in new.replace("\r\n", "")


# --- refusals --------------------------------------------------------------------


def test_duplicate_key_refused_with_location() -> None:
    old = "a: done\nb: done\na: todo\n"
    with pytest.raises(EditError) as caught:
        set_fields(old, "a", {"status": "done"}, path="p.yml")
    assert (caught.value.line, caught.value.column) == (3, 1)
    # the reader's own words, as `playbook check` prints them
    assert str(caught.value) == "p.yml:3:1: duplicate key 'a' (first defined on line 1); keep one"


def test_duplicate_field_refused() -> None:
    with pytest.raises(EditError, match="duplicate key 'status'"):
        set_fields("a: {status: done, status: todo}\n", "a", {"by": "x"})


def test_unparseable_file_refused_with_line_and_column() -> None:
    old = "a: done\nb: {status: done\nc: done\n"
    with pytest.raises(EditError) as caught:
        set_fields(old, "a", {"status": "todo"}, path="p.yml")
    error = caught.value
    assert error.path == "p.yml"
    assert (error.line, error.column) == (3, 2)
    # The reader re-reads a file libyaml rejects with PyYAML's own parser, so the wording
    # is the same whichever libyaml is installed; it is the wording `playbook check` prints.
    assert str(error).startswith("p.yml:3:2: invalid YAML: ")
    assert str(error).endswith("(while parsing a flow mapping at line 2)")


def test_unparseable_indentation_reports_the_yaml_mark() -> None:
    with pytest.raises(EditError) as caught:
        set_fields("a: done\n b: done\n", "a", {"status": "todo"}, path="p.yml")
    assert str(caught.value).startswith("p.yml:2:3: invalid YAML: mapping values are not allowed")


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("a: &x done\nb: *x\n", "anchors", 1),
        ("a: done\nb: {status: done, by: &who me}\nc: *who\n", "anchors", 2),
        ("a: !!str done\n", "tags", 1),
        ("a: done\nb: ! done\n", "tags", 2),
        ("a: done\nb: [done]\n", "must be a status or a mapping of fields, not a list", 2),
        ("a: done\nb: 1\n", "not a number", 2),
        ("a: done\nb: true\n", "not a boolean", 2),
        ("- a\n- b\n", "top level must be a mapping", 1),
        ("just text\n", "top level must be a mapping", 1),
        ("{a: done, b: done}\n", "top-level flow mapping", 1),
        ("a: done\n---\nb: done\n", "a second YAML document", 2),
        ("a: done\rb: done\n", "line break other than LF or CRLF", 1),
        ("a: done\nb: do\x07ne\n", "control character", 2),
        ("a: done\nb: {status: done, note: [x]}\n", "must be a one-line value", 2),
        ("a: done\nb: |\n  done\n", "block scalar", 2),
    ],
)
def test_refusals(text: str, message: str, line: int) -> None:
    with pytest.raises(EditError, match=message) as caught:
        set_fields(text, "b", {"status": "done", "by": "x"}, path="p.yml")
    assert caught.value.line == line


@pytest.mark.parametrize("key", ["yes", "on", "no", "10", "null"])
def test_a_key_is_its_text_as_the_loader_reads_it(key: str) -> None:
    # YAML 1.2 core, like `playbook check`: `yes: done` is the entry "yes", not a boolean.
    old = f"a: done\n{key}: done\n"
    new = set_fields(old, key, {"status": "done", "by": "x"}, path="p.yml")
    assert new == f"a: done\n{key}: {{status: done, by: x}}\n"


def test_unknown_field_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown progress field"):
        set_fields(EXAMPLE, "identify-pilot-users", {"colour": "red"})


def test_error_formats_and_pickles() -> None:
    assert str(EditError("bad", path="p.yml")) == "p.yml: bad"
    assert str(EditError("bad", path="p.yml", line=3)) == "p.yml:3: bad"
    error = EditError("bad", path="p.yml", line=3, column=4)
    assert str(error) == "p.yml:3:4: bad"
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.path, copy.line, copy.column, copy.message) == ("p.yml", 3, 4, "bad")


# --- remove_entry and read_entry ----------------------------------------------------


def test_remove_entry_keeps_comment_above_and_drops_trailing_comment() -> None:
    new = remove_entry(EXAMPLE, "hold-kick-off")
    removed, added = changed_lines(EXAMPLE, new)
    assert added == []
    line = "hold-kick-off: {status: in-progress, owner: comms-team, due: 2026-12-05}"
    assert removed == [line + "   # trailing comment\n"]


def test_remove_block_entry_and_absent_entry() -> None:
    new = remove_entry(EXAMPLE, "block-style")
    assert "block-style" not in new and "success-goals" in new
    assert len(changed_lines(EXAMPLE, new)[0]) == 3
    with pytest.raises(EditError, match="no entry 'missing'"):
        remove_entry(EXAMPLE, "missing", path="p.yml")


def test_read_entry() -> None:
    assert read_entry(EXAMPLE, "identify-pilot-users") == "done"
    assert read_entry(EXAMPLE, "quoted-key") == "done"
    assert read_entry(EXAMPLE, "hold-kick-off") == {
        "status": "in-progress",
        "owner": "comms-team",
        "due": dt.date(2026, 12, 5),
    }
    assert read_entry(EXAMPLE, "block-style") == {"status": "in-progress", "owner": "ops"}
    assert read_entry(EXAMPLE, "missing") is None
    assert read_entry("", "missing") is None
    with pytest.raises(EditError, match="not a list"):
        read_entry("a: [1]\n", "a")


def test_read_entry_reports_an_impossible_date_instead_of_crashing() -> None:
    with pytest.raises(EditError, match="does not load"):
        read_entry("a: {due: 2026-02-30}\n", "a", path="p.yml")


# --- line endings and byte-order mark ---------------------------------------------


def test_crlf_is_preserved() -> None:
    old = EXAMPLE.replace("\n", "\r\n")
    new = set_fields(old, "hold-kick-off", {"status": "done"})
    assert new == set_fields(EXAMPLE, "hold-kick-off", {"status": "done"}).replace("\n", "\r\n")
    new = set_fields(old, "new-item", {"status": "done"})
    assert new == old + "new-item: done\r\n"
    new = set_fields(old, "block-style", {"by": "me", "owner": None})
    assert new == old.replace("  owner: ops\r\n", "  by: me\r\n")
    new = set_fields(old, "identify-pilot-users", {"status": "todo"})
    assert new == old.replace("identify-pilot-users: done\r\n", "identify-pilot-users: todo\r\n")
    assert "\n" not in new.replace("\r\n", "")


def test_byte_order_mark_is_kept() -> None:
    old = "\ufeffa: todo\n"
    assert set_fields(old, "a", {"status": "done"}) == "\ufeffa: done\n"
    assert set_fields(old, "b", {"status": "done"}) == "\ufeffa: todo\nb: done\n"


# --- write_atomic ----------------------------------------------------------------


def test_write_atomic_keeps_mode_and_leaves_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "pilot.yml"
    target.write_text("a: todo\n")
    os.chmod(target, 0o640)
    write_atomic(target, "a: done\r\nb: done\r\n")
    assert target.read_bytes() == b"a: done\r\nb: done\r\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["pilot.yml"]


def test_write_atomic_creates_a_new_file(tmp_path: Path) -> None:
    target = tmp_path / "new.yml"
    write_atomic(target, "café: done\n")
    assert target.read_text(encoding="utf-8") == "café: done\n"
    assert [p.name for p in tmp_path.iterdir()] == ["new.yml"]


def test_write_atomic_failure_keeps_original_and_cleans_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "pilot.yml"
    target.write_text("a: todo\n")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError("disk on fire")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk on fire"):
        write_atomic(target, "a: done\n")
    assert target.read_text() == "a: todo\n"
    assert [p.name for p in tmp_path.iterdir()] == ["pilot.yml"]


def test_write_atomic_refuses_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real.yml"
    real.write_text("a: todo\n")
    link = tmp_path / "link.yml"
    link.symlink_to(real)
    with pytest.raises(EditError, match="symbolic link"):
        write_atomic(link, "a: done\n")
    assert real.read_text() == "a: todo\n"


# --- the real thing: git -------------------------------------------------------------


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize(
    ("key", "changes"),
    [
        ("hold-kick-off", {"status": "done", "by": "comms team", "note": "a: b # c"}),
        ("identify-pilot-users", {"note": "{{ 7*7 }}"}),
        ("define-support-process", {"note": None, "evidence": "https://example.com/t/1"}),
        ("success-goals", {"answer": "yes"}),
        ("block-style", {"status": "done"}),
    ],
)
def test_git_sees_exactly_one_line_changed(
    tmp_path: Path, key: str, changes: dict[str, str | None]
) -> None:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
            cwd=tmp_path,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    progress = tmp_path / "pilot.yml"
    progress.write_text(HAND_WRITTEN, encoding="utf-8")
    git("init", "-q")
    git("add", "pilot.yml")
    git("commit", "-q", "-m", "start")

    write_atomic(progress, set_fields(HAND_WRITTEN, key, changes, path=str(progress)))
    assert git("diff", "--numstat") == "1\t1\tpilot.yml\n"
