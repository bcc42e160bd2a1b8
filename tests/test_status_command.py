"""`playbook status`: a summary a screen long, every open item with --items, and progress.json's shape as JSON.

Run on a copy of the example organization with the clock pinned (conftest TODAY), so next up and
overdue are the same lists every day; the lists' rules are status/outlook.py's (tests/test_outlook.py).
"""

from __future__ import annotations

import itertools
import json
import os
import re

import pytest

from conftest import TODAY, Project
from mkdocs_playbook.commands import main

SCREEN = 40
"""About a screen: what the summary of the example must fit in."""


def status(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["status", "--today", TODAY.isoformat(), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def section(out: str, title: str) -> list[str]:
    """The item lines under a heading such as `Next up (9, first 8):`, up to the next line not indented."""
    lines = out.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith(title))
    return list(itertools.takewhile(lambda line: line.startswith("  "), lines[start + 1:]))


def json_lists(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    code, out, err = status(capsys, "--format", "json", *args)
    assert (code, err) == (0, "")
    document: dict = json.loads(out)
    return document


def test_the_summary_fits_a_screen_and_lists_next_up_and_overdue_as_the_json_does(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    os.chdir(project.root)
    document = json_lists(capsys)
    code, out, err = status(capsys)
    assert (code, err) == (0, "")
    assert len(out.splitlines()) <= SCREEN, out
    next_up = section(out, "Next up")
    shown = [line for line in next_up if not line.startswith("  ...")]
    listed = [f"{r['phase']}/{r['item']}" for r in document["next_up"]]
    assert [re.search(r"  (\S+/\S+)", line).group(1) for line in shown] == listed[: len(shown)]  # type: ignore[union-attr]
    assert f"Next up ({len(listed)}, first {len(shown)}):" in out
    assert next_up[-1] == f"  ... and {len(listed) - len(shown)} more: playbook status --items"
    overdue = [re.search(r"  (\S+/\S+)", line).group(1) for line in section(out, "Overdue")]  # type: ignore[union-attr]
    assert overdue == [f"{r['phase']}/{r['item']}" for r in document["overdue"]]
    assert all("OVERDUE" in line for line in section(out, "Overdue"))
    assert "Open in " not in out  # every open item only with --items


def test_owners_are_named_as_the_site_names_them(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    os.chdir(project.root)
    _, out, _ = status(capsys)
    line = next(line for line in out.splitlines() if "enterprise-rollout/establish-rollout-approach" in line)
    assert "(Thomas Hardy, Project lead)" in line and "thomas-hardy" not in out
    assert "(comms-team)" in out  # a team is shown as written


def test_verdict_shows_its_first_reasons_and_where_the_rest_are(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    os.chdir(project.root)
    document = json_lists(capsys)
    reasons = [r["text"] for r in next(p for p in document["phases"] if p["id"] == "pilot")["gate"]["reasons"]]
    _, out, _ = status(capsys)
    lines = out.splitlines()
    at = lines.index(next(line for line in lines if line.startswith("Go / no-go for Pilot: ")))
    assert lines[at + 1: at + 5] == [f"  - {r}" for r in reasons[:3]] + [
        f"  ... and {len(reasons) - 3} more: playbook gate pilot"
    ]


def test_items_lists_every_open_item_and_next_up_in_full(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    os.chdir(project.root)
    document = json_lists(capsys)
    _, out, _ = status(capsys, "--items")
    assert "more: playbook status --items" not in out
    assert len(section(out, "Next up")) == len(document["next_up"])
    for phase in document["phases"]:
        open_items = [i for i in phase["items"] if i["status"] in ("todo", "in-progress")]
        if open_items:
            assert f"Open in {phase['title']} ({len(open_items)}):" in out
    _, same, _ = status(capsys, "--all-items")
    assert same == out


def test_limit(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    os.chdir(project.root)
    _, out, _ = status(capsys, "--limit", "2")
    assert len([line for line in section(out, "Next up") if not line.startswith("  ...")]) == 2
    assert len([line for line in section(out, "Overdue") if not line.startswith("  ...")]) == 2
    with pytest.raises(SystemExit) as exit_info:
        main(["status", "--limit", "0"])
    assert exit_info.value.code == 2 and "is not a whole number of 1 or more" in capsys.readouterr().err


def test_json_is_progress_json_with_next_up_and_overdue_narrowed_to_the_phase(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    os.chdir(project.root)
    whole = json_lists(capsys)
    assert set(whole) == {"organization", "generated", "phases", "next_up", "overdue"}
    items = {(p["id"], i["id"]): i for p in whole["phases"] for i in p["items"]}
    for name, late in (("next_up", False), ("overdue", True)):
        assert whole[name], name
        assert all(items[r["phase"], r["item"]]["overdue"] is late for r in whole[name])
        assert all(items[r["phase"], r["item"]]["status"] in ("todo", "in-progress") for r in whole[name])
    dues = [items[r["phase"], r["item"]]["due"] for r in whole["overdue"]]
    assert dues == sorted(dues)
    pilot = json_lists(capsys, "pilot")
    assert [p["id"] for p in pilot["phases"]] == ["pilot"]
    assert pilot["next_up"] == [r for r in whole["next_up"] if r["phase"] == "pilot"]
    assert pilot["overdue"] == [r for r in whole["overdue"] if r["phase"] == "pilot"]


def test_hostile_owner_is_escaped_on_the_terminal(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    path = project.progress / "pilot.yml"
    text = path.read_text()
    path.write_text(text.replace("hold-kick-off: {status: in-progress, owner: comms-team,",
                                 'hold-kick-off: {status: in-progress, owner: "evil\\e[2J\\u202e",', 1))
    assert "evil" in path.read_text()
    os.chdir(project.root)
    _, out, _ = status(capsys)
    assert "\x1b" not in out and "\u202e" not in out
    assert "(evil\\x1b[2J\\u202e)" in out
