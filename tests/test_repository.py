"""The repository's own data, as a newcomer's editor and `playbook check` see it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import PHASES, ROOT
from mkdocs_playbook.commands import main

DATA_FILES = sorted([*PHASES.glob("*.yml"), *ROOT.glob("playbook/**/*.yml")])
SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")
EXPECTED_SCHEMA = {
    "phases": "phase",
    "organization.yml": "organization",
    "progress": "progress",
    "plans": "plan",
    "measurements": "measurements",
    "decisions": "decision",
}


def test_there_is_data() -> None:
    assert len(DATA_FILES) >= 7


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_data_file_points_its_editor_at_the_right_schema(path: Path) -> None:
    first = path.read_text("utf-8").splitlines()[0]
    match = SCHEMA_LINE.match(first)
    assert match, f"{path.relative_to(ROOT)}:1:1: expected a '# yaml-language-server: $schema=...' line"
    schema = (path.parent / match.group(1)).resolve()
    assert schema.is_file(), f"{match.group(1)} does not exist"
    kind = next(v for k, v in EXPECTED_SCHEMA.items() if k in path.relative_to(ROOT).parts)
    assert schema.name == f"{kind}.schema.json"


def test_playbook_check_passes_on_the_repository(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["check"]) == 0, capsys.readouterr().out
