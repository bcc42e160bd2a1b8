"""CI runs what the README tells a contributor to run, after installing what the README names."""

from __future__ import annotations

import re

from conftest import ROOT

CI = ROOT / ".ci" / "run"
PACKAGES = ("chromium", "poppler-utils", "fonts-dejavu-core", "libpango-1.0-0", "libpangoft2-1.0-0")


def readme_test_command() -> str:
    """The quick start's second command: the one that installs and runs the whole suite."""
    quick_start = (ROOT / "README.md").read_text("utf-8").split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.*?)\n```", quick_start, re.DOTALL)
    assert len(commands) == 2, "the quick start has exactly two commands: serve, and install-and-test"
    return commands[1].strip()


def test_ci_runs_the_readme_test_command() -> None:
    command = readme_test_command()
    assert "pytest" in command and " -n " in command, command
    lines = [line.strip() for line in CI.read_text("utf-8").splitlines()]
    assert lines[-1] == command, "the last line of .ci/run is the README's test command"


def test_ci_installs_the_system_packages_the_readme_names() -> None:
    script = CI.read_text("utf-8")
    listed = re.search(r"^for package in (.*); do$", script, re.MULTILINE)
    assert listed is not None and tuple(listed.group(1).split()) == PACKAGES
    assert script.index("apt-get update") < script.index("apt-get install")
    quick_start = (ROOT / "README.md").read_text("utf-8").split("## Install into your own site", 1)[0]
    for package in PACKAGES:
        assert f"`{package}`" in quick_start, f"the README's quick start names {package}"
