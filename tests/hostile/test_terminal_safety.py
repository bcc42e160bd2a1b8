"""No character from the data reaches a terminal raw, whatever the command and whatever the field.

The data is a pull request's: an organization name that clears the screen, an item text with
an OSC 8 link, a note with a bell, a backspace and a carriage return, an owner with a C1 CSI,
an answer with a right-to-left override. Every command is run on it, as a subprocess, and the
bytes it writes to stdout and stderr are searched for each of them.
"""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess

import pytest

from conftest import BIN, Project

pytestmark = pytest.mark.subprocess

HOSTILE = (
    "A\x1b[2J\x1b[H"  # clear the screen, cursor home
    "B\x1b]8;;https://evil.example/\x07link\x1b]8;;\x07"  # OSC 8 hyperlink, BEL-terminated
    "C\x1b]0;pwned\x1b\\"  # retitle the window, ST-terminated
    "D\x07\x08\x08E\rF"  # bell, backspaces, carriage return
    "G\x9b31mH"  # C1 CSI
    "I\u202eJ\u2066K\u200fL"  # right-to-left override, isolate, mark
)
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""What must never be written raw (tab and line feed are fine)."""


def yaml_string(text: str) -> str:
    """A YAML double-quoted scalar: JSON's escapes are YAML's (`\\u001b`), so the file itself stays clean."""
    return json.dumps(text)


@pytest.fixture
def hostile(project: Project) -> Project:
    """The example with HOSTILE in the organization name, a phase title, an item text, a note,
    an owner and an answer, left uncommitted so `playbook changes` shows it too."""
    organization = project.root / "playbook" / "organization.yml"
    organization.write_text(organization.read_text().replace("name: Northwind Traders", f"name: {yaml_string(HOSTILE)}"))
    pilot = project.root / "phases" / "pilot.yml"
    pilot.write_text(
        pilot.read_text()
        .replace("title: Pilot\n", f"title: {yaml_string('Pilot ' + HOSTILE)}\n", 1)
        .replace("    text: Hold a pilot kick-off event and other awareness activities.",
                 f"    text: {yaml_string('Hold a kick-off ' + HOSTILE)}")
    )
    progress = project.progress / "pilot.yml"
    progress.write_text(
        progress.read_text()
        .replace("hold-kick-off: {status: in-progress, owner: comms-team, due: 2026-12-05}",
                 f"hold-kick-off: {{status: in-progress, owner: {yaml_string(HOSTILE)}, due: 2026-01-05, "
                 f"note: {yaml_string(HOSTILE)}}}")
        .replace('success-goals: {answer: "Ticket volume below 5 per 100 users in week 2; CSAT at least 4.2"}',
                 f"success-goals: {{answer: {yaml_string(HOSTILE)}}}")
    )
    return project


def strings(value: object) -> list[str]:
    """Every string in a JSON document, keys included."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for key, item in value.items() for s in [key, *strings(item)]]
    if isinstance(value, list):
        return [s for item in value for s in strings(item)]
    return []


def run(project: Project, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(BIN / "playbook"), *args], cwd=project.root, capture_output=True, check=False,
        env={**os.environ, **(env or {})},
    )


def assert_clean(done: subprocess.CompletedProcess[bytes]) -> str:
    """stdout + stderr decode as UTF-8 and hold no raw control: the text, for further checks."""
    text = done.stdout.decode("utf-8") + done.stderr.decode("utf-8")
    assert RAW.findall(text) == [], text
    assert "Traceback" not in text
    return text


COMMANDS = [
    ["check"],
    ["check", "--format", "json"],
    ["status"],
    ["status", "pilot"],
    ["status", "--format", "json"],
    ["status", f"pilot{HOSTILE}"],
    ["status", "--format", HOSTILE],
    ["changes", "main"],
    ["changes", "main", "--format", "json"],
    ["changes", HOSTILE],
    ["tick", "pilot/hold-kick-off", "--dry-run", "--note", HOSTILE, "--by", HOSTILE],
    ["tick", f"pilot/{HOSTILE}"],
    ["tick", f"{HOSTILE}/hold-kick-off"],
    ["answer", "pilot/success-goals", HOSTILE],
    ["answer", "pilot/success-goals", "--replace", f"{HOSTILE}!"],
    ["start", "pilot/hold-kick-off", "--owner", HOSTILE],
    ["skip", "pilot/measure-success-metrics", "--reason", HOSTILE],
    ["untick", "pilot/hold-kick-off"],
    ["tick", "pilot/hold-kick-off", "--note", HOSTILE, "--by", HOSTILE],
]


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a).encode("unicode_escape").decode()[:50] for a in COMMANDS])
def test_no_command_writes_a_control_character_raw(hostile: Project, args: list[str]) -> None:
    done = run(hostile, *args)
    assert done.returncode in (0, 1, 2), done.stderr
    assert_clean(done)


def test_the_data_really_reaches_the_output_escaped(hostile: Project) -> None:
    """Escaped, not dropped: a reviewer sees that something odd is there, and what."""
    status = assert_clean(run(hostile, "status"))
    first = status.splitlines()[0]
    assert first.startswith("A\\x1b[2J\\x1b[HB\\x1b]8;;https://evil.example/\\x07link")
    assert "D\\x07\\x08\\x08E\\x0dFG\\u009b31mHI\\u202eJ\\u2066K\\u200fL" in first
    assert "(A\\x1b[2J" in status  # the owner, escaped

    changes = assert_clean(run(hostile, "changes", "main"))  # its Markdown drops controls on its own
    assert "`hold-kick-off`" in changes

    refusal = assert_clean(run(hostile, "tick", f"pilot/x{HOSTILE}"))
    assert "playbook tick: 'pilot/xA\\x1b[2J\\x1b[HB" in refusal


@pytest.mark.parametrize("args", [["check", "--format", "json"], ["status", "--format", "json"], ["changes", "main", "--format", "json"]])
def test_json_stays_valid_json_that_means_the_same(hostile: Project, args: list[str]) -> None:
    """Escapes the writer adds (`\\u202e`) are JSON's own, so a JSON reader gets the data back exactly."""
    done = run(hostile, *args)
    assert_clean(done)
    document = json.loads(done.stdout)
    assert HOSTILE in set(strings(document)) or f"Hold a kick-off {HOSTILE}" in set(strings(document))
    if args[0] != "changes":
        summary = document["summary"] if args[0] == "check" else document
        assert summary["organization"]["name"] == HOSTILE


def test_on_a_terminal_only_the_overdue_colour_is_an_escape_sequence(hostile: Project) -> None:
    """A real pseudo-terminal, colour on: the one escape sequence is the red of an overdue date."""
    leader, follower = pty.openpty()
    environment = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    child = subprocess.Popen(
        [str(BIN / "playbook"), "status", "pilot"], cwd=hostile.root, stdout=follower, stderr=subprocess.PIPE,
        env={**environment, "TERM": "xterm", "COLUMNS": "200"},
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert child.wait(timeout=60) == 1  # the hostile text is a problem for `playbook check`
    assert child.stderr is not None
    child.stderr.close()
    output = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")  # the terminal turns \n into \r\n
    sequences = re.findall("\x1b\\[[0-9;]*m", output)
    assert sequences[:2] == ["\x1b[31m", "\x1b[0m"] and sequences == sequences[:2] * (len(sequences) // 2)
    assert "\x1b[31m2026-01-05\x1b[0m" in output and "\x1b[31mOVERDUE\x1b[0m" in output
    assert RAW.findall(output.replace("\x1b[31m", "").replace("\x1b[0m", "")) == []
