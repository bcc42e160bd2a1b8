"""The pre-commit hook in a repository that holds only its own playbook, as pre-commit runs it.

The repository is outside this one and has no phases/ and no plugins/ folder: its mkdocs.yml
names `docs_dir: docs` and `playbook_dir: playbook`, and the phases are the package's. The
hook's `entry` and `files` are taken from .pre-commit-hooks.yaml itself, and the entry runs
with the working directory at the top of the repository, as pre-commit does.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import BIN, PHASES, ROOT, git, team_repository

pytestmark = pytest.mark.subprocess

HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
HOOK = next(hook for hook in HOOKS if hook["id"] == "playbook-check")


@pytest.fixture
def data_repository(tmp_path: Path) -> Path:
    root = team_repository(
        tmp_path / "team-playbook",
        "site_name: Our rollout\ndocs_dir: docs\nplugins:\n  - playbook:\n      playbook_dir: playbook\n",
        {"docs/index.md": "# Our rollout\n"},
    )
    assert not (root / "phases").exists() and not (root / "plugins").exists()
    return root


def run_hook(root: Path) -> subprocess.CompletedProcess[str]:
    """The hook's entry, with the test environment's `playbook`, from the top of the repository."""
    program, *arguments = shlex.split(HOOK["entry"])
    assert program == "playbook"
    return subprocess.run([str(BIN / program), *arguments], cwd=root, capture_output=True, text=True, check=False)


def test_the_hook_passes_in_a_repository_holding_only_its_playbook(data_repository: Path) -> None:
    done = run_hook(data_repository)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (done.stdout, done.stderr) == ("checked 16 files: no problems\n", "")


def test_files_matches_the_data_wherever_the_configuration_puts_it(data_repository: Path) -> None:
    files = re.compile(HOOK["files"])
    tracked = git(data_repository, "ls-files").split()
    matched = {path for path in tracked if files.search(path)}  # pre-commit uses re.search
    assert matched == {
        "mkdocs.yml",
        "playbook/organization.yml",
        "playbook/progress/enterprise-rollout.yml",
        "playbook/progress/pilot.yml",
        "playbook/progress/proof-of-concept.yml",
        "playbook/plans/pilot.yml",
        *(f"playbook/{p.relative_to(ROOT / 'playbook').as_posix()}" for p in (ROOT / "playbook").glob("*/*/*.yml")),
    }
    assert HOOK["pass_filenames"] is False  # the check always reads the whole playbook


def test_a_broken_progress_file_fails_the_hook(data_repository: Path) -> None:
    pilot = data_repository / "playbook" / "progress" / "pilot.yml"
    pilot.write_text(pilot.read_text().replace("identify-pilot-users: done", "identify-pilot-users: finished"))
    done = run_hook(data_repository)
    assert done.returncode == 1
    assert re.match(r"playbook/progress/pilot\.yml:\d+:\d+: ", done.stdout), done.stdout


@pytest.mark.parametrize("command", [["fmt"], ["tick", "enterprise-rollout/{item}"]])
def test_a_schema_line_written_there_resolves(data_repository: Path, command: list[str]) -> None:
    rollout = data_repository / "playbook" / "progress" / "enterprise-rollout.yml"
    rollout.unlink()
    item = re.search(r"^  - id: (\S+)", (PHASES / "enterprise-rollout.yml").read_text().split("checklist:")[1], re.M)
    assert item is not None
    argv = [part.format(item=item.group(1)) for part in command]
    done = subprocess.run([str(BIN / "playbook"), *argv], cwd=data_repository, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    first = rollout.read_text().splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, first
    schema = (rollout.parent / match.group(1)).resolve()
    assert schema.is_file()
    assert schema.parent == (data_repository / "playbook" / ".schemas").resolve()
    assert schema.read_text() == (PHASES.parent / "schemas" / "progress.schema.json").read_text()
    if command == ["fmt"]:  # fmt also mends organization.yml's line, copied from the example
        organization = data_repository / "playbook" / "organization.yml"
        line = organization.read_text().splitlines()[0]
        assert line == "# yaml-language-server: $schema=.schemas/organization.schema.json"
        assert (organization.parent / ".schemas" / "organization.schema.json").is_file()
    assert run_hook(data_repository).returncode == 0


@pytest.mark.skipif(not (BIN / "pre-commit").is_file(), reason="pre-commit is not installed in this environment")
def test_pre_commit_try_repo_runs_the_hook_there(data_repository: Path, tmp_path: Path) -> None:
    """pre-commit itself installs this repository into its own environment and runs the hook (~25 s)."""
    done = subprocess.run(
        [str(BIN / "pre-commit"), "try-repo", str(ROOT), "playbook-check", "--all-files"],
        cwd=data_repository, capture_output=True, text=True, check=False, timeout=300,
        env={**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"^playbook check\.+Passed$", done.stdout, re.M), done.stdout


def test_the_hook_checks_every_organization_of_a_repository_of_several(tmp_path: Path) -> None:
    """No mkdocs.yml at the top, only orgs/*/: the hook still runs, and a broken organization fails it."""
    root = tmp_path / "consultancy"
    shutil.copytree(ROOT / "examples" / "organizations", root)
    git(root, "init", "-q")
    assert run_hook(root).returncode == 0
    progress = root / "orgs" / "globex" / "playbook" / "progress" / "proof-of-concept.yml"
    progress.write_text(progress.read_text("utf-8").replace("analyze-risk: done", "analyze-risk: finished"), "utf-8")
    done = run_hook(root)
    assert done.returncode == 1
    assert re.search(r"^orgs/globex/playbook/progress/proof-of-concept\.yml:\d+:\d+: 'analyze-risk'", done.stdout, re.M), done.stdout
    assert "== orgs/acme/mkdocs.yml ==" in done.stdout  # several sites: each under its heading
