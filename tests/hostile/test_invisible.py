"""Invisible characters: `playbook check` flags bidirectional controls and zero-width characters.

A right-to-left override makes a reviewer read `done` where the file says something else; a
zero-width space makes two ids that differ look the same. One rule (source/textrules.py)
applies to every id, every key and every text field of every file kind; each case asserts
the exact message and position through `playbook check --format json`.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from conftest import DEMO_PHASE, demo_progress, write_site_config
from mkdocs_playbook.commands import main

PROGRESS = "playbook/progress/demo.yml"
ORGANIZATION = "playbook/organization.yml"
PHASE = "phases/demo.yml"
ORG = "name: Acme\nproduct: Widget\n"

CHARACTERS = [
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",  # embeddings and overrides
    "\u2066", "\u2067", "\u2068", "\u2069",  # isolates
    "\u200e", "\u200f", "\u061c",  # marks
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff",  # zero-width
]


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "phases").mkdir()
    (tmp_path / PHASE).write_text(DEMO_PHASE, encoding="utf-8")
    (tmp_path / "playbook" / "progress").mkdir(parents=True)
    (tmp_path / ORGANIZATION).write_text(ORG, encoding="utf-8")
    write_site_config(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(capsys: pytest.CaptureFixture[str]) -> list[str]:
    code = main(["check", "--format", "json"])
    document: dict[str, Any] = json.loads(capsys.readouterr().out)
    assert code == (0 if document["ok"] else 1)
    return [f"{e['path']}:{e['line']}:{e['column']}: {e['message']}" for e in document["errors"]]


def holds(character: str) -> str:
    name = unicodedata.name(character)
    return f"holds an invisible character (U+{ord(character):04X} {name}) that can disguise text; expected it removed"


@pytest.mark.parametrize("character", CHARACTERS, ids=[f"U+{ord(c):04X}" for c in CHARACTERS])
def test_every_invisible_character_in_a_note_is_flagged(
    tree: Path, capsys: pytest.CaptureFixture[str], character: str
) -> None:
    (tree / PROGRESS).write_text(f"identify-users: {{status: done, note: 'a{character}b'}}\n", encoding="utf-8")
    assert check(capsys) == [f"{PROGRESS}:1:38: 'note' {holds(character)}"]


def test_a_progress_key_is_flagged_besides_being_no_id(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tree / PROGRESS).write_text("identify-users\u202e: done\n", encoding="utf-8")
    assert check(capsys) == [
        f"{PROGRESS}:1:1: 'identify-users\\u202e' is not a valid id; expected lower-case words joined by hyphens, "
        "e.g. identify-pilot-users",
        f"{PROGRESS}:1:1: the key 'identify-users\\u202e' {holds(chr(0x202E))}",
    ]


def test_a_zero_width_space_in_a_field_name_is_flagged(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tree / PROGRESS).write_text("identify-users: {status: done, no\u200bte: x}\n", encoding="utf-8")
    errors = check(capsys)
    assert f"{PROGRESS}:1:32: the key 'no\\u200bte' {holds(chr(0x200B))}" in errors


def test_an_answer_is_flagged(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tree / PROGRESS).write_text("success-goals: {answer: \"fewer \u2067tickets\"}\n", encoding="utf-8")
    assert check(capsys) == [f"{PROGRESS}:1:25: 'answer' {holds(chr(0x2067))}"]


@pytest.mark.parametrize(
    ("old", "new", "position", "field"),
    [
        ("id: identify-users", "id: identify\u200busers", "14:9", "'id'"),
        ("id: success-goals", "id: success\u200dgoals", "7:9", "'id'"),
        ("title: Demo", "title: De\u202emo", "3:8", "'title'"),
        ("text: Plan the work.", "text: Plan the\u2060 work.", "12:11", "'text'"),
        ("mitigation: Include other departments.", "mitigation: Include \u061cother departments.", "22:17",
         "'mitigation'"),
    ],
)
def test_ids_and_text_of_a_phase_are_flagged(
    tree: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, position: str, field: str
) -> None:
    assert old in DEMO_PHASE
    (tree / PHASE).write_text(DEMO_PHASE.replace(old, new), encoding="utf-8")
    character = next(c for c in new if c in CHARACTERS)
    assert f"{PHASE}:{position}: {field} {holds(character)}" in check(capsys)


def test_the_organization_keys_and_text_are_flagged(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tree / ORGANIZATION).write_text(
        "name: Ac\u200fme\nproduct: Widget\ndates:\n  de\u2066mo: {start: 2026-01-01}\n", encoding="utf-8"
    )
    errors = check(capsys)
    assert f"{ORGANIZATION}:1:7: 'name' {holds(chr(0x200F))}" in errors
    assert f"{ORGANIZATION}:4:3: the key 'de\\u2066mo' {holds(chr(0x2066))}" in errors


def test_a_leading_byte_order_mark_is_no_problem_but_one_inside_text_is(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tree / PROGRESS).write_text("\ufeff" + demo_progress("done"), encoding="utf-8")
    assert check(capsys) == []
    (tree / PROGRESS).write_text(demo_progress("{status: done, by: te\ufeffam}"), encoding="utf-8")
    assert check(capsys) == [f"{PROGRESS}:4:36: 'by' {holds(chr(0xFEFF))}"]


def test_messages_never_carry_the_invisible_character_itself(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tree / PROGRESS).write_text("identify-users\u202e: done\nhold-kick-off\u200b: done\n", encoding="utf-8")
    errors = check(capsys)
    assert errors
    assert not any(c in error for error in errors for c in CHARACTERS)


def test_ordinary_text_in_many_scripts_is_not_flagged(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tree / PROGRESS).write_text(
        demo_progress("{status: done, note: 'Café, Größe, שלום, مرحبا, 日本語, emoji 👍'}"), encoding="utf-8"
    )
    assert check(capsys) == []
