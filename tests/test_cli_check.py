"""`playbook check`, the command CI and pre-commit run on every pull request.

It must print every problem (not the first), one `path:line:col: message` line
each, exit 0 only when clean, give machines the same through `--format json`,
and never answer hostile input with a traceback. Most cases run in-process
through `cli.main`; the hostile ones also run as a real subprocess, the way CI
calls it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import DEMO_PHASE, PHASES, write_site_config
from mkdocs_playbook.commands import main

REPO = Path(__file__).resolve().parents[1]
LINE = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<column>\d+): (?P<message>.+)$")

PHASE = DEMO_PHASE
ORGANIZATION = "name: Acme\nproduct: Widget\n"


@pytest.fixture
def repo_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the repository's phases/ and playbook/, as the working directory."""
    shutil.copytree(PHASES, tmp_path / "phases")
    shutil.copytree(REPO / "playbook", tmp_path / "playbook")
    write_site_config(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A minimal valid playbook (one phase, an organization, an empty progress directory)."""
    (tmp_path / "phases").mkdir()
    (tmp_path / "phases" / "demo.yml").write_text(PHASE, encoding="utf-8")
    (tmp_path / "playbook" / "progress").mkdir(parents=True)
    (tmp_path / "playbook" / "organization.yml").write_text(ORGANIZATION, encoding="utf-8")
    write_site_config(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs_playbook", *args],
        cwd=cwd, capture_output=True, text=True, timeout=60, check=False,
    )


def as_line(error: dict[str, object]) -> str:
    """A JSON error as the text format prints it."""
    where = str(error["path"])
    for part in ("line", "column"):
        if error[part] is not None:
            where += f":{error[part]}"
    return f"{where}: {error['message']}"


def append(path: Path, text: str) -> int:
    """Append `text` on a line of its own; return that line's number."""
    content = path.read_text(encoding="utf-8")
    if content and not content.endswith("\n"):
        content += "\n"
    path.write_text(content + text, encoding="utf-8")
    return content.count("\n") + 1


# --- a clean playbook ------------------------------------------------------------------------------


def test_clean_copy_of_the_repository_passes(repo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check"])
    out, err = capsys.readouterr()
    # success on stdout, nothing on stderr (stderr is for errors)
    assert (code, err) == (0, ""), err
    assert re.fullmatch(r"checked \d+ files: no problems\n", out), out


def test_clean_copy_passes_as_a_subprocess(repo_copy: Path) -> None:
    done = run_cli("check", cwd=repo_copy)
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    assert re.fullmatch(r"checked \d+ files: no problems\n", done.stdout), done.stdout


def test_problems_on_stdout_their_count_on_stderr(small: Path) -> None:
    """The problems, one a line, are stdout (for editors and CI annotators); their count is the failure's
    summary, on stderr; the success line of a clean check is on stdout (test above)."""
    (small / "playbook/progress/demo.yml").write_text("identify-users: finished\n", encoding="utf-8")
    done = run_cli("check", cwd=small)
    assert done.returncode == 1
    assert [line.split(": ")[0] for line in done.stdout.splitlines()] == ["playbook/progress/demo.yml:1:17"]
    assert re.fullmatch(r"checked \d+ files: 1 problem\n", done.stderr), done.stderr


def test_clean_json(repo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "--format", "json", "--today", "2026-11-01"])
    document = json.loads(capsys.readouterr().out)
    assert code == 0
    assert document["ok"] is True
    assert document["errors"] == []
    assert document["summary"]["generated"] == "2026-11-01"
    phases = document["summary"]["phases"]
    assert phases
    for phase in phases:
        counts = phase["counts"]
        assert set(counts) >= {"done", "total", "percent", "todo", "in-progress", "skipped"}
        assert counts["done"] <= counts["total"]


# --- every error, one line each ------------------------------------------------------------------


def test_two_bad_files_are_both_reported_sorted(repo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    progress_line = append(repo_copy / "playbook/progress/proof-of-concept.yml", "no-such-item-at-all: done\n")
    org_line = append(repo_copy / "playbook/organization.yml", "logo_file: logo.png\n")
    code = main(["check"])
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert code == 1
    assert lines == [
        f"playbook/organization.yml:{org_line}:1: unknown field 'logo_file' in the organization "
        + "(did you mean 'logo'?); expected one of: name, product, logo, palette, contacts, phases, dates, metrics",
        f"playbook/progress/proof-of-concept.yml:{progress_line}:1: "
        + "unknown item 'no-such-item-at-all' in phase 'proof-of-concept'",
    ]
    assert all(LINE.match(line) for line in lines)
    assert "2 problems" in err


def test_every_error_of_a_file_is_printed(small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (small / "playbook/progress/demo.yml").write_text(
        "identify-users: finished\nhold-kick-off: {status: done, due: 2026-02-30}\nsuccess-goal: {answer: x}\n",
        encoding="utf-8",
    )
    (small / "playbook/organization.yml").write_text(ORGANIZATION + "palette: {primary: magenta}\n", encoding="utf-8")
    code = main(["check"])
    out, err = capsys.readouterr()
    found = [LINE.match(line) for line in out.splitlines()]
    assert code == 1
    assert all(found), out
    assert [(m["path"], int(m["line"]), int(m["column"])) for m in found if m] == [
        ("playbook/organization.yml", 3, 20),
        ("playbook/progress/demo.yml", 1, 17),
        ("playbook/progress/demo.yml", 2, 36),
        ("playbook/progress/demo.yml", 3, 1),
    ]
    assert "did you mean 'success-goals'?" in out
    assert "4 problems" in err


def test_json_lists_every_error_with_its_position(small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (small / "playbook/progress/demo.yml").write_text(
        "identify-users: done\nhold-kick-off: Done\n", encoding="utf-8"
    )
    code = main(["check", "--format", "json", "--today", "2026-11-01"])
    document = json.loads(capsys.readouterr().out)
    assert code == 1
    assert set(document) == {"ok", "errors", "summary"}
    assert document["ok"] is False
    assert document["errors"] == [{
        "path": "playbook/progress/demo.yml", "line": 2, "column": 16,
        "message": "'hold-kick-off' is the text 'Done' (did you mean 'done'?); "
        "expected one of: todo, in-progress, done, skipped",
    }]
    # best effort: the valid entry still counts
    (phase,) = document["summary"]["phases"]
    assert phase["id"] == "demo"
    assert phase["counts"]["done"] == 1
    assert phase["counts"]["total"] == 2


def test_json_without_a_usable_organization_has_no_summary(small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (small / "playbook/organization.yml").write_text("name: Acme\n", encoding="utf-8")
    code = main(["check", "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    assert code == 1
    assert document["summary"] is None
    assert document["errors"] == [{
        "path": "playbook/organization.yml", "line": 1, "column": 1,
        "message": "missing required field 'product' in the organization",
    }]


# --- missing and odd paths -------------------------------------------------------------------------


def test_missing_phases_directory_is_one_clear_message(repo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "--phases", "no-such-dir"])
    out, _ = capsys.readouterr()
    assert code == 1
    # only this: not a cascade of 'unknown phase' errors from the organization and progress files
    assert out.splitlines() == [
        "no-such-dir: phases directory not found; expected a directory of phase files (*.yml), e.g. --phases phases"
    ]


def test_phases_option_naming_a_file(repo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "--phases", "playbook/organization.yml"])
    out, _ = capsys.readouterr()
    assert code == 1
    assert out.startswith("playbook/organization.yml: phases directory is a file, not a directory")


def test_missing_playbook_directory(small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "--playbook", "elsewhere"])
    out, _ = capsys.readouterr()
    assert code == 1
    assert out.splitlines() == [
        "elsewhere/organization.yml: organization file not found; expected name and product at least"
    ]


def test_bad_today_is_a_usage_error(small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["check", "--today", "2026-13-01"])
    assert exit_.value.code == 2
    assert "--today" in capsys.readouterr().err


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "check" in capsys.readouterr().out


# --- hostile input, as CI runs it ------------------------------------------------------------------

BOMB = "\n".join(
    ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 9)]
) + "\n"


def _malformed(root: Path) -> str:
    (root / "playbook/progress/demo.yml").write_text("identify-users: {status: done\n", encoding="utf-8")
    return "playbook/progress/demo.yml:2:1: invalid YAML"


def _tag(root: Path) -> str:
    (root / "playbook/progress/demo.yml").write_text(
        'identify-users: !!python/object/apply:os.system ["touch PWNED"]\n', encoding="utf-8"
    )
    return "playbook/progress/demo.yml:1:17: a YAML tag (tag:yaml.org,2002:python/object/apply:os.system)"


def _bomb(root: Path) -> str:
    (root / "phases/demo.yml").write_text(BOMB, encoding="utf-8")
    return "phases/demo.yml:1:5: an anchor (&a0)"


def _deep(root: Path) -> str:
    (root / "phases/demo.yml").write_text("title: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    return "phases/demo.yml:1:47: lists and mappings nested more than 40 deep"


def _control_character(root: Path) -> str:
    (root / "playbook/organization.yml").write_text("name: Ac\x00me\nproduct: Widget\n", encoding="utf-8")
    return "playbook/organization.yml:1:9: a control character (U+0000)"


def _not_utf8(root: Path) -> str:
    (root / "playbook/organization.yml").write_bytes(b"name: Acme\nproduct: Wid\xe9get\n")
    return "playbook/organization.yml:2:13: byte 0xe9 is not valid UTF-8"



def _progress_is_a_directory(root: Path) -> str:
    (root / "playbook/progress/demo.yml").mkdir()
    return "playbook/progress/demo.yml: cannot read file: Is a directory"


def _symlink_outside(root: Path) -> str:
    # a pull request must not get the CI machine's files quoted back in error messages
    (root / "playbook/progress/demo.yml").symlink_to("/etc/hostname")
    return "playbook/progress/demo.yml: is a symbolic link; expected a regular file"


def _symlink_loop(root: Path) -> str:
    (root / "playbook/progress/demo.yml").symlink_to("demo.yml")
    return "playbook/progress/demo.yml: is a symbolic link; expected a regular file"


HOSTILE = {
    "malformed": _malformed,
    "python-tag": _tag,
    "alias-bomb": _bomb,
    "deep-nesting": _deep,
    "control-character": _control_character,
    "not-utf8": _not_utf8,
    "progress-is-a-directory": _progress_is_a_directory,
    "unreadable-symlink-loop": _symlink_loop,
    "symlink-outside-the-repository": _symlink_outside,
}


@pytest.mark.parametrize("make", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_input_gives_a_message_never_a_traceback(small: Path, make: Callable[[Path], str]) -> None:
    expected = make(small)
    done = run_cli("check", cwd=small)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode in (1, 2)
    assert expected in done.stdout, done.stdout
    assert not (small / "PWNED").exists()
    json_done = run_cli("check", "--format", "json", cwd=small)
    assert "Traceback" not in json_done.stderr, json_done.stderr
    assert json_done.returncode in (1, 2)
    document = json.loads(json_done.stdout)
    assert document["ok"] is False
    assert any(expected in as_line(error) for error in document["errors"]), document["errors"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(small: Path) -> None:
    path = small / "playbook/progress/demo.yml"
    path.write_text("identify-users: done\n", encoding="utf-8")
    path.chmod(0)
    try:
        done = run_cli("check", cwd=small)
    finally:
        path.chmod(0o644)
    assert "Traceback" not in done.stderr
    assert done.returncode == 1
    assert "playbook/progress/demo.yml: cannot read file: Permission denied" in done.stdout


def test_unreadable_path_in_process(small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (small / "playbook/organization.yml").unlink()
    (small / "playbook/organization.yml").symlink_to("organization.yml")
    code = main(["check"])
    out, _ = capsys.readouterr()
    assert code == 1
    # the link is there, so not 'not found': the reason it cannot be read
    assert out.splitlines() == ["playbook/organization.yml: is a symbolic link; expected a regular file"]
