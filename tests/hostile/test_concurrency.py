"""Edits at the same moment: every one lands, none waits forever, the lock stays out of sight.

Real `playbook` processes started together on one progress file; without the lock, runs that
read the file before another's rename drop that one's entry (6 of 40 were lost on main).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import BIN, ROOT, Project, copy_project, git
from mkdocs_playbook.edit.lock import progress_lock

pytestmark = pytest.mark.subprocess



def pilot_items(project: Project) -> list[str]:
    summary = project.check_json()["summary"]
    [pilot] = [p for p in summary["phases"] if p["id"] == "pilot"]
    return [item["id"] for item in pilot["items"]]


def tick_all(project: Project, items: list[str]) -> list[subprocess.CompletedProcess[str]]:
    """Start every tick before waiting for any, so they race for the file."""
    children = [
        subprocess.Popen(
            [str(BIN / "playbook"), "tick", f"pilot/{item}", "--by", f"worker-{n}", "--wait", "600"],
            cwd=project.root, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "NO_COLOR": "1"},
        )
        for n, item in enumerate(items)
    ]
    results = []
    for child in children:
        out, err = child.communicate(timeout=120)
        results.append(subprocess.CompletedProcess(child.args, child.returncode, out, err))
    return results


def states(project: Project) -> dict[str, tuple[str, str | None]]:
    summary = project.check_json()["summary"]
    [pilot] = [p for p in summary["phases"] if p["id"] == "pilot"]
    return {item["id"]: (item["status"], item["by"]) for item in pilot["items"]}


def playbook(project: Project, *argv: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(BIN / "playbook"), *argv], cwd=project.root, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "NO_COLOR": "1"},
    )


def test_forty_parallel_ticks_of_forty_items_all_land(project: Project) -> None:
    (project.progress / "pilot.yml").unlink()
    assert playbook(project, "fmt", "pilot").wait(timeout=60) == 0  # every entry listed, nothing recorded
    project.commit_all("start the pilot afresh")
    items = pilot_items(project)[:40]
    assert len(items) == 40

    results = tick_all(project, items)

    assert [(r.returncode, r.stderr) for r in results if r.returncode or "Traceback" in r.stderr] == []
    after = states(project)
    assert {item: after[item] for item in items} == {item: ("done", f"worker-{n}") for n, item in enumerate(items)}
    assert project.check_json()["ok"]
    # the lock lives in .git, beside git's own: nothing new for `git status` to show
    assert git(project.root, "status", "--porcelain", "--untracked-files=all") == " M playbook/progress/pilot.yml\n"
    assert sorted(p.name for p in project.progress.iterdir()) == ["enterprise-rollout.yml", "pilot.yml", "proof-of-concept.yml"]


def test_parallel_ticks_on_a_missing_file_create_it_once_and_all_land(project: Project) -> None:
    (project.progress / "pilot.yml").unlink()
    project.commit_all("no pilot progress yet")
    items = pilot_items(project)[:12]

    results = tick_all(project, items)

    assert [r.returncode for r in results] == [0] * len(items), [r.stderr for r in results]
    after = states(project)
    assert {item: after[item] for item in items} == {item: ("done", f"worker-{n}") for n, item in enumerate(items)}
    # exactly one run created the file, and every run said what git still needs
    advice = "run `git add playbook/progress/pilot.yml playbook/.schemas`"  # and the new schema line's target
    created = [r for r in results if "created playbook/progress/pilot.yml: a new file" in r.stdout]
    assert len(created) == 1
    assert all(advice in r.stdout for r in results)


def test_a_run_that_cannot_get_the_lock_gives_up_with_a_message(project: Project) -> None:
    before = (project.progress / "pilot.yml").read_text()
    with progress_lock(project.root / "playbook"):
        done = subprocess.run(
            [str(BIN / "playbook"), "tick", "pilot/hold-kick-off", "--wait", "0.2"], cwd=project.root,
            capture_output=True, text=True, check=False,
        )
    assert done.returncode == 3
    assert done.stderr.splitlines() == [
        "playbook tick: waiting for another playbook command (lock .git/playbook.lock)...",
        "playbook tick: another playbook command kept the progress files locked for 0.2 s "
        "(lock .git/playbook.lock); nothing was changed. Try again, or wait longer with --wait SECONDS.",
    ]
    assert (project.progress / "pilot.yml").read_text() == before


def test_outside_git_the_lock_is_a_dot_file_no_loader_reads(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", with_git=False)
    environment = {**os.environ, "GIT_CEILING_DIRECTORIES": str(tmp_path)}
    done = subprocess.run(
        [str(BIN / "playbook"), "tick", "pilot/hold-kick-off"], cwd=project.root, capture_output=True, text=True,
        check=False, env=environment,
    )
    assert done.returncode == 0, done.stderr
    assert (project.progress / ".playbook.lock").is_file()
    # no `git add` advice where there is no git to add to
    assert done.stdout.splitlines()[2:] == []
    assert project.check_json()["ok"]
    built = project.build(strict=False)  # without git, the build warns that it has no history
    assert built.returncode == 0, built.stderr
    assert not list((project.root / "site").rglob("*.lock"))


def test_a_tick_that_creates_the_file_says_to_git_add_it(project: Project) -> None:
    """`git commit -am`, once the README's advice, silently leaves a new file out."""
    (project.progress / "pilot.yml").unlink()
    project.commit_all("no pilot progress yet")
    done = subprocess.run(
        [str(BIN / "playbook"), "tick", "pilot/hold-kick-off"], cwd=project.root, capture_output=True, text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "pilot/hold-kick-off: done in playbook/progress/pilot.yml",
        f"Pilot: 1 of 55 done ({round(100 / 55)}%)",
        # the package is outside this copy of the site: the new file's schema line points to a copy
        "wrote playbook/.schemas/, the schema files the new file's first line points to",
        "created playbook/progress/pilot.yml: a new file, so `git commit -a` would leave it out; "
        "run `git add playbook/progress/pilot.yml playbook/.schemas`",
    ]
    git(project.root, "add", "playbook/progress")
    again = subprocess.run(
        [str(BIN / "playbook"), "start", "pilot/identify-pilot-users"], cwd=project.root, capture_output=True,
        text=True, check=False,
    )
    assert again.returncode == 0, again.stderr
    assert len(again.stdout.splitlines()) == 2  # tracked now: nothing more to say


def test_fmt_racing_ticks_loses_neither_a_tick_nor_a_line(project: Project) -> None:
    """`playbook fmt` rewrites the whole file: without the lock, a tick between its read and its
    rename would be lost, or fmt's inserted lines would."""
    legacy = (ROOT / "tests" / "fixtures" / "legacy-pilot-progress.yml").read_text()
    (project.progress / "pilot.yml").write_text(legacy)
    project.commit_all("an old, not merge-safe pilot file")
    open_items = [item for item, (status, _) in states(project).items() if status == "todo"][:8]
    assert len(open_items) == 8

    formatter = playbook(project, "fmt", "--wait", "600")
    ticks = [playbook(project, "tick", f"pilot/{item}", "--by", f"w{n}", "--wait", "600") for n, item in enumerate(open_items)]
    results = [(child.wait(timeout=120), child.stderr.read() if child.stderr else "") for child in [formatter, *ticks]]

    assert [code for code, _ in results] == [0] * 9, results
    after = states(project)
    assert {item: after[item] for item in open_items} == {item: ("done", f"w{n}") for n, item in enumerate(open_items)}
    assert project.check_json()["ok"]  # merge-safe: fmt's lines all landed too
