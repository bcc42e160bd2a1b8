"""`playbook changes` on real git repositories: measurements and decisions a branch records, and
what they do to the verdict, as the pull-request comment and the JSON show them."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import Project, copy_project, git
from mkdocs_playbook.commands import main

DECIDER = "@octocat *bold* `tick` #1 :x:"


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    made = copy_project(tmp_path / "project")
    monkeypatch.chdir(made.root)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    git(made.root, "switch", "-q", "-c", "incident")
    return made


def commit(project: Project, message: str) -> str:
    git(project.root, "add", "-A")
    git(project.root, "commit", "-q", "-m", message)
    return git(project.root, "rev-parse", "HEAD").strip()


def test_a_p1_defect_turns_the_verdict_and_the_comment_says_so(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(capsys, "measure", "pilot/p1-defects", "1", "--at", "2026-11-20T18:00", "--note", "ticket INC-7")[0] == 0
    code, _, _ = cli(capsys, "decide", "pilot", "rollback", "--reason", "P1 in production", "--by", DECIDER,
                     "--at", "2026-11-20T18:30")
    assert code == 0
    commit(project, "Pilot: P1 defect, rolled back")

    code, out, err = cli(capsys, "changes", "main", "HEAD")
    assert (code, err) == (0, ""), err
    assert "| Pilot | 🟡 NOT YET | **🔴 NO-GO, roll back** (changed) |" in out
    assert "| Proof of concept | 🟢 GO | 🟢 GO |" in out
    section = out[out.index("### Pilot") :]
    assert "#### Verdict: 🟡 NOT YET → 🔴 NO-GO, roll back" in section
    assert "| P1 defects `p1-defects` (critical) | 1 at 2026\\-11\\-20T18\\:00\\+01\\:00 | 0 | ❌ not met |" in section
    assert section.index("❌ not met") < section.index("✅ met")  # failed conditions first
    assert "#### Measurements added\n\n- `p1-defects` 1 at 2026\\-11\\-20T18\\:00\\+01\\:00 — ticket INC\\-7\n" in section
    escaped = "\\@\u2060octocat \\*bold\\* \\`tick\\` \\#1 \\:x\\:"
    assert (f"#### Decisions recorded\n\n- **rollback** by {escaped} at 2026\\-11\\-20T18\\:30\\+01\\:00: "
            "P1 in production\n") in section
    assert "Progress:" in section  # the checklist part is unchanged and still there

    code, out, _ = cli(capsys, "changes", "main", "HEAD", "--format", "json")
    document = json.loads(out)
    assert code == 0
    assert {"id": "pilot", "before": "not-yet", "after": "no-go", "changed": True} in document["verdicts"]
    pilot = next(p for p in document["phases"] if p["id"] == "pilot")
    gate = pilot["gate"]
    assert gate["verdict_changed"] is True
    assert gate["measurements_added"] == [
        {"metric": "p1-defects", "value": 1.0, "at": "2026-11-20T18:00:00+01:00", "note": "ticket INC-7"}
    ]
    assert gate["decisions_added"] == [
        {"outcome": "rollback", "reason": "P1 in production", "by": DECIDER, "at": "2026-11-20T18:30:00+01:00", "stage": None}
    ]
    assert (gate["before"]["verdict"], gate["after"]["verdict"]) == ("not-yet", "no-go")
    assert gate["measurements_removed"] == gate["decisions_removed"] == []
    # the record files are playbook data; only the schema copy the first recording wrote is not
    assert all(path.startswith("playbook/.schemas/") for path in document["other_files"]), document["other_files"]


def test_uncommitted_recordings_count_and_a_removed_one_is_listed(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    folder = project.root / "playbook" / "measurements" / "pilot"
    removed = sorted(folder.glob("*-csat-*.yml"))[0]
    removed.unlink()
    assert cli(capsys, "measure", "pilot/csat", "4.6", "--at", "2026-11-20T17:00")[0] == 0

    code, out, err = cli(capsys, "changes", "main")
    assert (code, err) == (0, ""), err
    section = out[out.index("### Pilot") :]
    assert "#### Measurements added\n\n- `csat` 4\\.6 /5 at 2026\\-11\\-20T17\\:00\\+01\\:00\n" in section
    assert "#### Measurements removed\n\n- `csat` " in section


def test_nothing_recorded_shows_the_verdicts_unchanged(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "changes", "main")
    assert code == 0
    assert "| Pilot | 🟡 NOT YET | 🟡 NOT YET |" in out
    assert "(changed)" not in out and "### Pilot" not in out
    assert out.endswith("No checklist changes.\n")


def test_the_release_gate_of_the_workflow_on_real_verdicts(tmp_path: Path) -> None:
    """The workflow's gate step, run by bash with the real `playbook`: NOT YET skips, NO-GO fails."""
    import subprocess

    import yaml

    from conftest import BIN, ROOT

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "playbook.yml").read_text("utf-8"))
    release = workflow["jobs"]["release"]
    assert "github.event.repository.default_branch" in release["if"] and "pull_request" in release["if"]
    gate = next(step for step in release["steps"] if step.get("id") == "gate")
    assert "playbook gate pilot" in gate["run"]
    final = release["steps"][-1]
    assert final["if"] == "steps.gate.outputs.go == 'true'"

    project = copy_project(tmp_path / "project", with_git=False)

    def step() -> tuple[int, str, str]:
        output, summary = tmp_path / "output", tmp_path / "summary"
        output.write_text(""), summary.write_text("")
        env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "GITHUB_OUTPUT": str(output),
               "GITHUB_STEP_SUMMARY": str(summary)}
        done = subprocess.run(["bash", "-e", "-c", gate["run"]], cwd=project.root, env=env, capture_output=True,
                              text=True, check=False)
        return done.returncode, output.read_text(), summary.read_text()

    code, output, summary = step()
    assert (code, output) == (0, "go=false\n")  # NOT YET: the release step is skipped, the job stays green
    assert "NOT YET" in summary

    done = subprocess.run([str(BIN / "playbook"), "measure", "pilot/p1-defects", "2", "--at", "2026-11-20T18:00"],
                          cwd=project.root, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    code, output, summary = step()
    assert (code, output) == (1, "")  # NO-GO fails the job
    assert "NO\\-GO" in summary
