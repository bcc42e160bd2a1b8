"""`playbook gate` and `playbook status` end to end, on a copy of the example with real files.

The plan, measurements and decisions are written in the formats the README documents
(plans/pilot.yml, measurements/pilot/*.yml, decisions/pilot/*.yml) and read by the real
loader; the verdict comes back through the exit code, the JSON and the text. The clock is
conftest's pinned one (SOURCE_DATE_EPOCH, 2026-11-21T00:00Z) unless a test passes --today.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Project, copy_project
from mkdocs_playbook.commands import main

PLAN = """\
pilot_type: business-validation
start: 2026-10-12
timezone: Europe/Berlin
ramp: standard
stages: {setup: 5, soft-launch: 5, expanded: 10, evaluation: 5}
monitoring:
  checks: {days: daily, at: ["10:00", "16:00"]}
owners: {decision: Thomas Hardy, rollback: Ana Trujillo}
entry_criteria:  # the example's progress file has ticked these
  - {id: entry-environment-ready, text: Pilot tenant provisioned and validated}
  - {id: entry-service-desk-trained, text: Service desk trained on the pilot runbook}
  - {id: entry-rollback-rehearsed, text: Rollback procedure rehearsed in the pilot tenant}
criteria:
  - {metric: p1-defects, name: P1 defects, comparison: "=", threshold: 0, critical: true}
  - {metric: p95-latency, name: 95th percentile latency, unit: ms, comparison: "<", threshold: 300, warning: 350}
  - {metric: csat, name: CSAT, comparison: ">=", threshold: 4, min_measurements: 3}
  - {metric: setup-errors, name: Setup errors, comparison: "<=", threshold: 2, stage: setup}
triggers:
  - {id: p1-defect, text: Any P1 defect, metric: p1-defects, comparison: ">", threshold: 0}
  - {id: slow, text: Latency above 300 ms for 30 minutes, metric: p95-latency, comparison: ">", threshold: 300, for: 30m}
"""


def measurements(*entries: str) -> str:
    return "measurements:\n" + "".join(f"  - {e}\n" for e in entries)


@pytest.fixture
def pilot(tmp_path: Path) -> Project:
    """The example with the plan above and no measurements or decisions of its own."""
    project = copy_project(tmp_path / "project", with_git=False)
    for folder in ("plans", "measurements", "decisions"):
        target = project.root / "playbook" / folder
        if target.exists():
            for path in sorted(target.rglob("*.yml"), reverse=True):
                path.unlink()
    (project.root / "playbook" / "plans").mkdir(exist_ok=True)
    (project.root / "playbook" / "plans" / "pilot.yml").write_text(PLAN, encoding="utf-8")
    return project


def record(project: Project, name: str, text: str, kind: str = "measurements") -> None:
    folder = project.root / "playbook" / kind / "pilot"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def gate(
    project: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str
) -> tuple[int, str, str]:
    monkeypatch.chdir(project.root)
    monkeypatch.setenv("NO_COLOR", "1")
    code = main(["gate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_no_data_yet_is_not_yet(pilot: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = gate(pilot, capsys, monkeypatch, "pilot", "--format", "json")
    assert (code, err) == (2, "")
    doc = json.loads(out)
    assert doc["verdict"] == "not-yet" and doc["action"] is None
    assert [(c["metric"], c["status"]) for c in doc["criteria"]] == [
        ("p1-defects", "no-data"), ("p95-latency", "no-data"), ("csat", "no-data"),
    ]
    assert doc["reasons"][0]["text"] == "P1 defects: no data (target 0)"


def test_a_p1_defect_fires_its_trigger(pilot: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    record(pilot, "20261120T093000Z-p1-defects-0a1b2c3d.yml", measurements(
        '{metric: p1-defects, value: 1, at: "2026-11-20T10:30:00+01:00", note: login outage}'
    ))
    code, out, _ = gate(pilot, capsys, monkeypatch, "pilot", "--format", "json")
    doc = json.loads(out)
    assert code == 1
    assert (doc["verdict"], doc["action"]) == ("no-go", "roll back")
    assert doc["reasons"][0] == {
        "severity": 0, "kind": "trigger", "subject": "p1-defect",
        "text": 'Trigger "Any P1 defect" fired at 2026-11-20 10:30 (p1-defects 1, above 0): roll back',
    }
    assert doc["reasons"][1]["text"] == "P1 defects: 1, target 0 (critical): not met"
    code, out, _ = gate(pilot, capsys, monkeypatch, "pilot")
    assert code == 1
    assert out.splitlines()[:2] == ["Pilot: NO-GO", "Action: roll back"]


def test_naive_times_are_in_the_plan_timezone_and_a_blip_does_not_fire(
    pilot: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    record(pilot, "20261110T090000Z-p95-latency-11111111.yml", measurements(
        '{metric: p95-latency, value: 900, at: "2026-11-10T10:00:00"}',
        '{metric: p95-latency, value: 250, at: "2026-11-10T10:15:00"}',
        '{metric: p95-latency, value: 260, at: "2026-11-20T16:00:00"}',
    ))
    code, out, _ = gate(pilot, capsys, monkeypatch, "pilot", "--format", "json")
    doc = json.loads(out)
    assert code == 2
    assert [t["fired"] for t in doc["triggers"]] == [False, False]
    latency = next(c for c in doc["criteria"] if c["metric"] == "p95-latency")
    assert (latency["status"], latency["actual"], latency["count"]) == ("met", 260, 3)
    assert latency["measured_at"] == "2026-11-20T16:00:00+01:00"


def test_a_stage_goes_on_its_own_window(pilot: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Setup runs 2026-10-12 to 10-16; its exit criteria are done in the example's progress.

    The value of 10-16 16:00 is judged at the stage's end (midnight after 10-16), well inside the
    36 hours the daily checks allow; the 10-19 value falls after the stage and does not count.
    """
    record(pilot, "20261016T140000Z-setup-errors-22222222.yml", measurements(
        '{metric: setup-errors, value: 1, at: "2026-10-16T16:00:00+02:00"}',
        '{metric: setup-errors, value: 9, at: "2026-10-19T00:00:00+02:00"}',
    ))
    code, out, err = gate(pilot, capsys, monkeypatch, "pilot", "--stage", "setup", "--format", "json")
    doc = json.loads(out)
    assert (code, doc["verdict"], doc["stage"]) == (0, "go", "setup"), err
    assert [(c["metric"], c["actual"], c["count"]) for c in doc["criteria"]] == [("setup-errors", 1, 1)]


def test_unknown_phase_and_stage_are_usage_errors(
    pilot: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = gate(pilot, capsys, monkeypatch, "pilto")
    assert (code, out) == (2, "")
    assert "unknown phase 'pilto' (did you mean 'pilot'?)" in err
    code, out, err = gate(pilot, capsys, monkeypatch, "pilot", "--stage", "soft-lunch")
    assert (code, out) == (2, "")
    assert "unknown stage 'soft-lunch' (did you mean 'soft-launch'?)" in err


def test_data_it_cannot_read_fails_closed(pilot: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    record(pilot, "20261120T090000Z-latency-33333333.yml", measurements('{metric: latency, value: 1, at: "2026-11-20T10:00:00"}'))
    code, out, err = gate(pilot, capsys, monkeypatch, "pilot", "--format", "json")
    assert (code, out) == (1, "")
    assert "20261120T090000Z-latency-33333333.yml:2:" in err and "unknown metric 'latency'" in err


def test_a_decision_only_phase(pilot: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The proof of concept (no plan, no gate items) has nothing to judge until a decision is recorded."""
    code, out, _ = gate(pilot, capsys, monkeypatch, "proof-of-concept")
    assert code == 2 and "nothing to judge" in out
    folder = pilot.root / "playbook" / "decisions" / "proof-of-concept"
    folder.mkdir(parents=True, exist_ok=True)  # the example's own decision was removed, its folder stays
    (folder / "20261120T150000Z-scale-44444444.yml").write_text(
        'decision: {outcome: scale, reason: "All criteria met", by: Thomas Hardy, at: "2026-11-20T15:00:00+00:00"}\n'
    )
    code, out, _ = gate(pilot, capsys, monkeypatch, "proof-of-concept", "--format", "json")
    doc = json.loads(out)
    assert (code, doc["verdict"], doc["decision"]["outcome"], doc["disagrees"]) == (0, "go", "scale", False)


def test_markdown_escapes_the_data(pilot: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    plan = pilot.root / "playbook" / "plans" / "pilot.yml"
    plan.write_text(plan.read_text().replace("name: CSAT", 'name: "CSAT <3 @team *now* | [x](https://example.com)"'))
    code, out, _ = gate(pilot, capsys, monkeypatch, "pilot", "--format", "markdown")
    assert code == 2
    heading = out.splitlines()[0]
    assert heading.startswith("## Go / no-go: Pilot") and heading.endswith("NOT YET")
    assert "@team" not in out and "*now*" not in out and "](https" not in out


def test_status_shows_each_verdict_and_its_reasons(
    pilot: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    record(pilot, "20261104T093000Z-p1-defects-0a1b2c3d.yml", measurements('{metric: p1-defects, value: 1, at: "2026-11-04T10:30:00+01:00"}'))
    monkeypatch.chdir(pilot.root)
    monkeypatch.setenv("NO_COLOR", "1")
    assert main(["status", "--format", "json"]) == 0
    phases = {p["id"]: p for p in json.loads(capsys.readouterr().out)["phases"]}
    assert phases["pilot"]["gate"]["verdict"] == "no-go"
    assert [s["id"] for s in phases["pilot"]["stages"]] == ["setup", "soft-launch", "expanded", "evaluation"]
    assert phases["pilot"]["stages"][0]["start"] == "2026-10-12"
    assert main(["status"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert next(line for line in lines if line.startswith("Pilot ")).endswith("NO-GO (roll back)")
    first = lines.index("Go / no-go for Pilot: NO-GO (roll back)")
    assert lines[first + 1] == '  - Trigger "Any P1 defect" fired at 2026-11-04 10:30 (p1-defects 1, above 0): roll back'
