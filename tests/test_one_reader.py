"""One YAML reader: `playbook check`, the loader and the editor agree on what a file says.

Each file of the corpus below is read three ways, all through public interfaces: `playbook
check --format json`, `load_playbook` (what the MkDocs plugin builds from), and the editor
(`playbook tick`, and `set_fields` / `read_entry` of edit/). Where check accepts a file, the
loader reads the same values and tick succeeds, changing one line; where check reports a
problem, the loader reports the same line word for word, tick refuses with that same line
and leaves the file alone, and the editor's own refusal is that line too.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import DEMO_PHASE, write_site_config
from mkdocs_playbook import model as m
from mkdocs_playbook.commands import main
from mkdocs_playbook.edit.errors import EditError
from mkdocs_playbook.edit.layout import FMT_HINT
from mkdocs_playbook.edit.splice import read_entry, set_fields
from mkdocs_playbook.source import yamlread
from mkdocs_playbook.source.loading import load_playbook

PROGRESS = "playbook/progress/demo.yml"

# Item ids that YAML 1.1 reads as booleans or numbers; the phase file writes them unquoted
# where YAML 1.2 core reads them as text, so the phase reader is part of the agreement too.
PHASE = DEMO_PHASE.replace(
    "challenges:\n",
    "  - id: on\n    text: Switch it on.\n"
    "  - id: no\n    text: Say no.\n"
    "  - id: yes\n    text: Say yes.\n"
    "  - id: '10'\n    text: Count to ten.\n"
    "challenges:\n",
)

HUGE = "1" * 5000
"""Longer than Python 3.11 converts to int (4,300 digits): int() raises ValueError."""


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "phases").mkdir()
    (tmp_path / "phases" / "demo.yml").write_text(PHASE, encoding="utf-8")
    (tmp_path / "playbook" / "progress").mkdir(parents=True)
    (tmp_path / "playbook" / "organization.yml").write_text("name: Acme\nproduct: Widget\n", encoding="utf-8")
    write_site_config(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(tree: Path, text: str) -> Path:
    path = tree / PROGRESS
    path.write_bytes(text.encode("utf-8"))
    return path


def check(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    code = main(["check", "--format", "json", "--today", "2026-11-20"])
    document: dict[str, Any] = json.loads(capsys.readouterr().out)
    assert code == (0 if document["ok"] else 1)
    # this suite compares readers; whether a file is merge-safe is test_fmt.py's concern
    document["errors"] = [e for e in document["errors"] if not e["message"].endswith(FMT_HINT)]
    document["ok"] = not document["errors"]
    return document


def check_lines(document: dict[str, Any]) -> list[str]:
    """The progress file's errors as `path:line:col: message`, as the text format prints them."""
    return [f"{e['path']}:{e['line']}:{e['column']}: {e['message']}" for e in document["errors"] if e["path"] == PROGRESS]


def loader_lines(tree: Path) -> list[str]:
    result = load_playbook(Path("phases"), Path("playbook"))
    return [str(d) for d in result.diagnostics if d.path == PROGRESS]


def items(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for phase in document["summary"]["phases"] for item in phase["items"]}


def tick(capsys: pytest.CaptureFixture[str], target: str) -> tuple[int, str]:
    code = main(["tick", f"demo/{target}"])
    return code, capsys.readouterr().err


# --- files check accepts -------------------------------------------------------------------------


@dataclass(frozen=True)
class Accepted:
    id: str
    text: str
    target: str
    """An in-progress item of the file, ticked by the test."""
    fields: dict[str, Any]
    """What every reader must see for it besides its status (check's JSON spelling)."""


ACCEPTED = [
    Accepted("on-key", "identify-users: done\non: in-progress\n", "on", {}),
    Accepted("no-key", "no: in-progress\nidentify-users: done\n", "no", {}),
    Accepted("number-key", "10: in-progress\n", "10", {}),
    Accepted("quoted-yes-key", "'yes': in-progress\n", "yes", {}),
    Accepted("plain-yes-key", "yes: in-progress  # YAML 1.1 would read true\n", "yes", {}),
    Accepted("date", "hold-kick-off: {status: in-progress, owner: ops, due: 2026-12-05}\n", "hold-kick-off",
             {"owner": "ops", "due": "2026-12-05"}),
    Accepted("yes-note", "hold-kick-off: {status: in-progress, note: yes}\n", "hold-kick-off", {"note": "yes"}),
    Accepted("quoted-number-note", "hold-kick-off: {status: in-progress, note: '10'}\n", "hold-kick-off", {"note": "10"}),
    Accepted("crlf", "identify-users: done\r\nhold-kick-off: {status: in-progress, owner: ops}\r\n", "hold-kick-off",
             {"owner": "ops"}),
    Accepted("bom", "\ufeffhold-kick-off: in-progress\nidentify-users: done\n", "hold-kick-off", {}),
    Accepted("non-ascii", "# Café ☕\nhold-kick-off: {status: in-progress, note: café ☕ 日本語 😀}\n", "hold-kick-off",
             {"note": "café ☕ 日本語 😀"}),
    Accepted("block-entry", "hold-kick-off:\n  status: in-progress\n  owner: 'ops team'\n", "hold-kick-off",
             {"owner": "ops team"}),
]


@pytest.mark.parametrize("case", ACCEPTED, ids=[c.id for c in ACCEPTED])
def test_what_check_accepts_the_loader_reads_alike_and_tick_edits(
    tree: Path, capsys: pytest.CaptureFixture[str], case: Accepted
) -> None:
    path = write(tree, case.text)
    before = check(capsys)
    assert before["ok"], before["errors"]
    seen = items(before)
    assert seen[case.target]["status"] == "in-progress"
    assert {name: seen[case.target][name] for name in case.fields} == case.fields

    state = load_playbook(Path("phases"), Path("playbook")).playbook.progress["demo"].states[case.target]  # type: ignore[union-attr]
    assert state.status is m.Status.IN_PROGRESS
    loaded = {name: getattr(state, name) for name in case.fields}
    assert {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in loaded.items()} == case.fields

    entry = read_entry(case.text, case.target, path=PROGRESS)
    as_fields = {"status": entry} if isinstance(entry, str) else dict(entry or {})
    assert as_fields.pop("status") == "in-progress"
    assert {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in as_fields.items()} == case.fields

    code, err = tick(capsys, case.target)
    assert code == 0, err
    after_text = path.read_bytes().decode("utf-8")
    changed = [
        line for line in difflib.ndiff(case.text.splitlines(keepends=True), after_text.splitlines(keepends=True))
        if line[:1] in "+-"
    ]
    assert len(changed) == 2, changed  # one line out, one line in
    assert after_text.startswith("\ufeff") == case.text.startswith("\ufeff")
    assert after_text.count("\r\n") == case.text.count("\r\n")

    after = items(check(capsys))
    assert after[case.target]["status"] == "done"
    assert {name: after[case.target][name] for name in case.fields} == case.fields
    assert {k: v for k, v in after.items() if k != case.target} == {k: v for k, v in seen.items() if k != case.target}


# --- files check refuses -------------------------------------------------------------------------


@dataclass(frozen=True)
class Refused:
    id: str
    text: str
    first: str
    """The first problem check reports, as `line:col: message`."""
    from_reader: bool = True
    """A problem of the YAML itself (the editor refuses the same way) rather than of the schema."""


REFUSED = [
    Refused("impossible-date", "identify-users: todo\nhold-kick-off: {status: in-progress, due: 2026-02-30}\n",
            "2:43: 'due' is the text '2026-02-30', not a real date; expected YYYY-MM-DD", from_reader=False),
    Refused("huge-integer", f"identify-users: todo\nhold-kick-off: {{status: in-progress, note: {HUGE}}}\n",
            "2:44: a number 5000 characters long; expected at most 4300 digits (quote it if it is text)"),
    Refused("long-number-key", f"identify-users: todo\n{'9' * 500}: done\n",
            f"2:1: '{'9' * 60}…' is not a valid id; expected lower-case words joined by hyphens, e.g. identify-pilot-users",
            from_reader=False),
    Refused("python-tag", 'identify-users: todo\nhold-kick-off: !!python/object/apply:os.system ["true"]\n',
            "2:16: a YAML tag (tag:yaml.org,2002:python/object/apply:os.system); tags are not allowed, expected plain values"),
    Refused("str-tag", "identify-users: todo\nhold-kick-off: !!str done\n",
            "2:16: a YAML tag (tag:yaml.org,2002:str); tags are not allowed, expected plain values"),
    Refused("anchor-and-alias", "identify-users: &s todo\nhold-kick-off: *s\n",
            "1:17: an anchor (&s); anchors and aliases are not allowed, write the value out"),
    Refused("duplicate-key", "identify-users: todo\nhold-kick-off: todo\nhold-kick-off: done\n",
            "3:1: duplicate key 'hold-kick-off' (first defined on line 2); keep one"),
    Refused("tab", "identify-users: todo\nhold-kick-off:\n\tstatus: done\n",
            "3:1: a tab character; YAML indentation must use spaces"),
    Refused("non-ascii-key", "identify-users: todo\ncafé: done\n",
            "2:1: 'café' is not a valid id; expected lower-case words joined by hyphens, e.g. identify-pilot-users",
            from_reader=False),
    Refused("bom-then-tag", "\ufeffhold-kick-off: !!str done\nidentify-users: todo\n",
            "1:16: a YAML tag (tag:yaml.org,2002:str); tags are not allowed, expected plain values"),
    Refused("crlf-duplicate", "identify-users: todo\r\nhold-kick-off: todo\r\nhold-kick-off: done\r\n",
            "3:1: duplicate key 'hold-kick-off' (first defined on line 2); keep one"),
    Refused("true-is-a-boolean", "identify-users: todo\nhold-kick-off: {status: in-progress, note: true}\n",
            "2:44: 'note' is the boolean true; expected text", from_reader=False),
    Refused("on-is-text", "identify-users: todo\nhold-kick-off: on\n",
            "2:16: 'hold-kick-off' is the text 'on' (did you mean 'done'?); expected one of: todo, in-progress, done, "
            "skipped", from_reader=False),
]


@pytest.mark.parametrize("case", REFUSED, ids=[c.id for c in REFUSED])
def test_what_check_refuses_everyone_refuses_at_the_same_place(
    tree: Path, capsys: pytest.CaptureFixture[str], case: Refused
) -> None:
    path = write(tree, case.text)
    reported = check_lines(check(capsys))
    assert reported, "check found nothing"
    assert reported[0] == f"{PROGRESS}:{case.first}"
    assert loader_lines(tree) == reported

    code, err = tick(capsys, "identify-users")
    assert code == 1
    assert "Traceback" not in err and "fix them first" in err
    assert [line.strip() for line in err.splitlines()[1:]] == reported
    assert path.read_bytes() == case.text.encode("utf-8")

    if case.from_reader:
        # the editor's own refusal, for a caller that skips the loader, is the same first line
        with pytest.raises(EditError) as refused:
            set_fields(case.text, "identify-users", {"status": "done"}, path=PROGRESS)
        assert str(refused.value) == reported[0]
    else:
        # valid YAML the schema refuses: the editor can change another line, and the problem
        # is still reported where it was, in the same words
        edited = set_fields(case.text, "identify-users", {"status": "done"}, path=PROGRESS)
        write(tree, edited)
        assert check_lines(check(capsys)) == reported


def test_an_impossible_due_date_is_the_same_error_for_the_editor(tree: Path) -> None:
    text = "hold-kick-off: {status: in-progress, due: 2026-02-30}\n"
    with pytest.raises(EditError) as refused:
        read_entry(text, "hold-kick-off", path=PROGRESS)
    assert (refused.value.line, refused.value.column) == (1, 43)
    assert "not a real date" in refused.value.message


def test_a_huge_integer_in_a_phase_file_is_a_data_error(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tree / "phases" / "demo.yml").write_text(PHASE.replace("order: 1", f"order: {HUGE}"), encoding="utf-8")
    errors = check(capsys)["errors"]
    assert [(e["path"], e["line"], e["column"]) for e in errors] == [("phases/demo.yml", 2, 8)]
    assert "5000 characters long" in errors[0]["message"]


def test_a_quoted_huge_number_is_text(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tree, f"hold-kick-off: {{status: in-progress, note: '{HUGE}'}}\n")
    document = check(capsys)
    assert document["ok"], document["errors"]
    assert items(document)["hold-kick-off"]["note"] == HUGE


@pytest.mark.parametrize("note", ["yes", "no", "on", "0o17", "1e3", "09", "0x1F", ".inf", "null", "~", "true", "2026-12-05"])
def test_tick_writes_text_that_every_reader_reads_as_that_text(
    tree: Path, capsys: pytest.CaptureFixture[str], note: str
) -> None:
    """What the editor writes reads back as the same text under YAML 1.2 (this project) and 1.1."""
    path = write(tree, "identify-users: todo\n")
    assert main(["tick", "demo/hold-kick-off", "--note", note]) == 0
    capsys.readouterr()
    assert items(check(capsys))["hold-kick-off"]["note"] == note
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["hold-kick-off"]["note"] == note


def test_a_tick_reads_the_file_once_and_the_result_once(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The progress file is parsed twice a tick: before the edit, and once to prove and validate it."""
    path = write(tree, "identify-users: todo\n")
    real = yamlread.read_text
    reads: list[str] = []

    def counting(text: str, name: str, *limit: float, trusted: bool = False) -> yamlread.Document:
        reads.append(name)
        return real(text, name, *limit, trusted=trusted)

    with pytest.MonkeyPatch.context() as patch:
        # every module of the package that holds the reader's entry point, wherever it imported it
        for module in list(sys.modules.values()):
            if getattr(module, "__name__", "").startswith("mkdocs_playbook") and getattr(module, "read_text", None) is real:
                patch.setattr(module, "read_text", counting)
        assert main(["tick", "demo/identify-users"]) == 0
    assert [name for name in reads if name == PROGRESS] == [PROGRESS, PROGRESS]
    assert path.read_text(encoding="utf-8") == "identify-users: done\n"
