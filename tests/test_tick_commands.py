"""The editing commands and `status`, run as a user would, on real files in real git repositories."""

from __future__ import annotations

import json
import os
import re
import subprocess

import pytest

from conftest import BIN, Project, git
from mkdocs_playbook.commands import main
from mkdocs_playbook.edit.layout import FMT_HINT

HAND_WRITTEN = """\
# yaml-language-server: $schema=../../plugins/mkdocs_playbook/schemas/progress.schema.json
# Our pilot.   Hand-written, with comments  and odd spacing.

identify-pilot-users:   done      # agreed at the kick-off
'define-support-process': {status: "in-progress", owner: 'service desk', note: "two weeks, then review"}
hold-kick-off: {  status: todo ,  due: 2026-12-05 }

success-goals: {answer: 'CSAT >= 4.2'}   # from the sponsor
"""


def run(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "playbook"), *args], cwd=project.root, capture_output=True, text=True,
                          env={**os.environ, "NO_COLOR": "1"}, check=False)


@pytest.fixture
def hand_written(project: Project) -> Project:
    (project.progress / "pilot.yml").write_text(HAND_WRITTEN)
    project.commit_all("hand-written progress")
    return project


def numstat(project: Project) -> str:
    return git(project.root, "diff", "--numstat").strip()


@pytest.mark.parametrize(
    "args, changed",
    [
        (["tick", "pilot/hold-kick-off", "--by", "comms"], "hold-kick-off: {  status: done ,  due: 2026-12-05, by: comms }"),
        (["tick", "pilot/define-support-process"], "'define-support-process': {status: done, owner: 'service desk', note: \"two weeks, then review\"}"),
        (["start", "pilot/hold-kick-off", "--owner", "comms"], "hold-kick-off: {  status: in-progress ,  due: 2026-12-05, owner: comms }"),
        (["skip", "pilot/hold-kick-off", "--reason", "virtual teams, no event"], "hold-kick-off: {  status: skipped ,  due: 2026-12-05, reason: virtual teams, no event }"),
        (["untick", "pilot/identify-pilot-users"], "identify-pilot-users:   todo      # agreed at the kick-off"),
        (["answer", "pilot/success-goals", "CSAT >= 4.4", "--replace"], "success-goals: {answer: CSAT >= 4.4}   # from the sponsor"),
    ],
    ids=["tick-flow", "tick-quoted", "start", "skip", "untick-keeps-line-and-comment", "answer-replace"],
)
def test_each_command_changes_one_line_and_keeps_the_rest(hand_written: Project, args: list[str], changed: str | None) -> None:
    done = run(hand_written, *args)
    assert done.returncode == 0, done.stderr
    after = (hand_written.progress / "pilot.yml").read_text()
    before_lines, after_lines = HAND_WRITTEN.splitlines(), after.splitlines()
    assert numstat(hand_written) == "1\t1\tplaybook/progress/pilot.yml"
    differing = [(a, b) for a, b in zip(before_lines, after_lines, strict=True) if a != b]
    assert len(differing) == 1
    if "reason" in changed:  # a comma in a flow mapping must be quoted: check what loads, not the spelling
        assert "reason:" in differing[0][1] and "virtual teams, no event" in differing[0][1]
        # valid; the hand-written file is not merge-safe, which only `playbook fmt` changes
        errors = hand_written.check_json()["errors"]
        assert errors and all(e["message"].endswith(FMT_HINT) for e in errors), errors
    else:
        assert differing[0][1] == changed
    assert "# agreed at the kick-off" in after and "# Our pilot." in after


def test_tick_reports_new_progress(hand_written: Project) -> None:
    done = run(hand_written, "tick", "pilot/hold-kick-off")
    assert done.stdout.splitlines() == [
        "pilot/hold-kick-off: done in playbook/progress/pilot.yml",
        f"Pilot: 2 of 55 done ({round(200 / 55)}%)",
    ]


def test_tick_an_absent_item_inserts_it_in_phase_order_under_its_label(hand_written: Project) -> None:
    done = run(hand_written, "tick", "pilot/identify-pilot-risks", "--evidence", "https://wiki.example/risks")
    assert done.returncode == 0
    # never appended at the end, where two pull requests adding entries would conflict
    assert numstat(hand_written) == "2\t0\tplaybook/progress/pilot.yml"
    lines = (hand_written.progress / "pilot.yml").read_text().splitlines()
    at = lines.index("# Identify any considerations/risks/mitigations that may impact the pilot.")
    assert lines[at - 1].startswith("identify-pilot-users:")  # the item before it in phase order
    assert lines[at + 1].startswith("identify-pilot-risks: {status: done, evidence: ")
    assert done.stderr.strip() == (
        "playbook/progress/pilot.yml is not merge-safe; run `playbook fmt` so that pull requests on different "
        "items merge cleanly (in a pull request of its own)"
    )


def test_a_missing_progress_file_is_created_with_its_schema_line(project: Project) -> None:
    (project.progress / "enterprise-rollout.yml").unlink()
    assert run(project, "tick", "enterprise-rollout/implement-rollout-plan").returncode == 0
    text = (project.progress / "enterprise-rollout.yml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../.schemas/progress.schema.json\n")
    assert "\nimplement-rollout-plan: done\n" in text
    assert project.check_json()["ok"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["tick", "pilot/identify-pilot-users"], "already done"),
        (["untick", "pilot/hold-kick-off"], "is todo, not done"),
        (["skip", "pilot/identify-pilot-users", "--reason", "x"], "is done; untick it first"),
        (["start", "pilot/identify-pilot-users"], "already done"),
        (["start", "pilot/define-support-process"], "already in progress"),
        (["answer", "pilot/success-goals", "another"], "pass --replace"),
        (["answer", "pilot/success-goals", "CSAT >= 4.2"], "already has that answer"),
        (["tick", "pilot/identify-pilot-user"], "did you mean 'identify-pilot-users'"),
        (["tick", "pilott/identify-pilot-users"], "unknown phase 'pilott' (did you mean 'pilot'?)"),
        (["tick", "pilot"], "is not PHASE/ID"),
        (["tick", "pilot/success-goals"], "is a discovery question"),
        (["answer", "pilot/hold-kick-off", "x"], "is a checklist item"),
        (["tick", "pilot/hold-kick-off", "--note", "two\nlines"], "one line"),
    ],
)
def test_refusals_leave_the_file_untouched(hand_written: Project, args: list[str], message: str) -> None:
    done = run(hand_written, *args)
    assert done.returncode == 1
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert (hand_written.progress / "pilot.yml").read_text() == HAND_WRITTEN


@pytest.mark.parametrize(
    "args, message",
    [
        (["start", "pilot/hold-kick-off", "--due", "2026-02-30"], "is not a date"),
        (["tick", "pilot/hold-kick-off", "--evidence", "javascript:alert(1)"], "is not an http(s) link"),
        (["skip", "pilot/hold-kick-off"], "--reason"),
    ],
)
def test_bad_options_are_usage_errors(hand_written: Project, args: list[str], message: str) -> None:
    done = run(hand_written, *args)
    assert done.returncode == 2
    assert message in done.stderr
    assert (hand_written.progress / "pilot.yml").read_text() == HAND_WRITTEN


@pytest.mark.parametrize(
    "content, message",
    [
        ("identify-pilot-users: [done\n", "invalid YAML"),
        ("identify-pilot-users: finished\n", "'finished'"),
        ("a: &x done\nb: *x\n", "anchors and aliases are not allowed"),
    ],
)
def test_a_broken_file_is_refused_with_its_problems(project: Project, content: str, message: str) -> None:
    path = project.progress / "pilot.yml"
    path.write_text(content)
    done = run(project, "tick", "pilot/hold-kick-off")
    assert done.returncode == 1
    assert "fix them first" in done.stderr and message in done.stderr
    assert re.search(r"playbook/progress/pilot\.yml:\d+:\d+: ", done.stderr)
    assert path.read_text() == content


def test_dry_run_prints_the_diff_and_writes_nothing(hand_written: Project) -> None:
    done = run(hand_written, "tick", "pilot/hold-kick-off", "--dry-run")
    assert done.returncode == 0
    assert "-hold-kick-off: {  status: todo ,  due: 2026-12-05 }" in done.stdout
    assert "+hold-kick-off: {  status: done ,  due: 2026-12-05 }" in done.stdout
    assert (hand_written.progress / "pilot.yml").read_text() == HAND_WRITTEN


def test_crlf_files_stay_crlf(project: Project) -> None:
    path = project.progress / "pilot.yml"
    path.write_bytes(b"identify-pilot-users: done\r\nhold-kick-off: todo\r\n")
    assert run(project, "tick", "pilot/hold-kick-off").returncode == 0
    assert path.read_bytes() == b"identify-pilot-users: done\r\nhold-kick-off: done\r\n"


def test_hostile_note_is_stored_as_text(hand_written: Project) -> None:
    note = "{{ 7*7 }} <script>alert(1)</script> # not a comment: really"
    assert run(hand_written, "tick", "pilot/hold-kick-off", "--note", note).returncode == 0
    state = hand_written.check_json()
    item = next(i for p in state["summary"]["phases"] for i in p["items"] if i["id"] == "hold-kick-off")
    assert item["note"] == note


def test_status_shows_bars_and_open_items(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    os.chdir(project.root)
    assert main(["status", "--today", "2026-11-21", "--items"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "Northwind Traders · Contoso Endpoint Manager · 2026-11-21"
    counts = {p["id"]: p["counts"] for p in project.check_json("--today", "2026-11-21")["summary"]["phases"]}
    pilot_line = next(line for line in lines if line.startswith("Pilot "))
    assert f"{counts['pilot']['done']:>3}/{counts['pilot']['total']:<3}" in pilot_line
    assert f"{counts['pilot']['percent']:>3}%" in pilot_line
    assert pilot_line.endswith("NOT YET")
    assert f"Open in Pilot ({counts['pilot']['todo'] + counts['pilot']['in-progress']}):" in out
    assert "pilot/distribute-end-user-documentation" in out and "OVERDUE" in out


def test_status_of_one_phase_as_json(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    os.chdir(project.root)
    assert main(["status", "pilot", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [p["id"] for p in document["phases"]] == ["pilot"]


def test_status_of_an_unknown_phase(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    os.chdir(project.root)
    assert main(["status", "pilott"]) == 2
    assert "did you mean 'pilot'" in capsys.readouterr().err


def test_every_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("check", "tick", "untick", "start", "skip", "answer", "status", "changes"):
        with pytest.raises(SystemExit) as exit_info:
            main([command, "--help"])
        assert exit_info.value.code == 0
        assert "usage: playbook" in capsys.readouterr().out


def test_tick_then_the_site_shows_it(hand_written: Project) -> None:
    """The whole loop: tick, commit as someone, build, see who ticked it."""
    assert run(hand_written, "tick", "pilot/hold-kick-off", "--by", "comms").returncode == 0
    git(hand_written.root, "commit", "-qam", "Tick the kick-off", env={
        "GIT_AUTHOR_NAME": "Dana Sponsor", "GIT_AUTHOR_DATE": "2026-11-20T10:00:00+00:00",
    })
    assert hand_written.build().returncode == 0
    html = hand_written.page("pilot/index.html")
    assert 'ticked by <span class="pb-author"><span class="pb-person">Dana Sponsor</span></span> on 20 Nov 2026' in html


