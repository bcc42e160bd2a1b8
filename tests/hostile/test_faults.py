"""Every fault of the machine is one line and an exit code, never a traceback.

Read-only folders, unreadable files, a full disk, a folder outside git, Ctrl-C, a run killed
mid-write, a bug: each is provoked for real where the kernel can do it (another user, a file
size limit, signals), and each test asserts the exact message, the exit code, that nothing
was changed and that no "Traceback" reached stderr.
"""

from __future__ import annotations

import errno
import functools
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import BIN, Project, copy_project
from mkdocs_playbook import commands
from mkdocs_playbook.commands import main
from mkdocs_playbook.edit.lock import progress_lock

pytestmark = pytest.mark.subprocess

NOBODY = 65534


def playbook(root: Path, *args: str, prefix: list[str] | None = None, **popen: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*(prefix or []), str(BIN / "playbook"), *args], cwd=root, capture_output=True, text=True,
        env={**os.environ, "NO_COLOR": "1"}, check=False, **popen,  # type: ignore[call-overload]
    )


def no_traceback(done: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout


def leftovers(project: Project) -> list[str]:
    return sorted(p.name for p in project.progress.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture
def shared_project() -> Iterator[Project]:
    """A project another user can reach: pytest's own tmp folders are private to root."""
    top = Path(tempfile.mkdtemp(prefix="playbook-faults-"))
    top.chmod(0o755)
    try:
        yield copy_project(top / "project")
    finally:
        shutil.rmtree(top, ignore_errors=True)


def as_other_user(project: Project) -> list[str]:
    """A prefix that runs a command as a user whom permissions bind; root ignores them.

    CI runs the suite as root, where chmod denies nothing: the command then runs as
    `nobody` through setpriv, on a project that `nobody` owns.
    """
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root, where file permissions deny nothing, and setpriv is not installed")
    prefix = [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    if not nobody_can_run(tuple(prefix)):
        pytest.skip(f"`nobody` cannot run {BIN / 'playbook'}: a folder above it is closed to others (mktemp -d is 0700)")
    for folder, _, files in os.walk(project.root):
        os.chown(folder, NOBODY, NOBODY)
        for name in files:
            os.chown(os.path.join(folder, name), NOBODY, NOBODY)
    return prefix


@functools.cache
def nobody_can_run(prefix: tuple[str, ...]) -> bool:
    """Whether the other user reaches this environment's `playbook` at all; a clone in a private
    folder (mktemp -d makes it 0700) hides it, and every permission test would fail on that instead."""
    done = subprocess.run([*prefix, str(BIN / "playbook"), "--version"], capture_output=True, text=True, check=False)
    return done.returncode == 0


# --- permissions --------------------------------------------------------------------------------


def test_a_read_only_progress_folder(shared_project: Project) -> None:
    prefix = as_other_user(shared_project)
    before = (shared_project.progress / "pilot.yml").read_text()
    shared_project.progress.chmod(0o555)
    done = playbook(shared_project.root, "tick", "pilot/hold-kick-off", prefix=prefix)
    assert (done.returncode, done.stderr) == (3, "playbook tick: cannot write playbook/progress/pilot.yml: Permission denied\n")
    no_traceback(done)
    assert (shared_project.progress / "pilot.yml").read_text() == before
    assert leftovers(shared_project) == []


def test_a_read_only_progress_folder_outside_git_cannot_hold_the_lock(shared_project: Project) -> None:
    shutil.rmtree(shared_project.root / ".git")
    prefix = as_other_user(shared_project)
    shared_project.progress.chmod(0o555)
    done = playbook(shared_project.root, "start", "pilot/hold-kick-off", prefix=prefix)
    assert (done.returncode, done.stderr) == (
        3, "playbook start: cannot write playbook/progress/.playbook.lock: Permission denied\n",
    )
    no_traceback(done)


def test_an_unreadable_progress_file(shared_project: Project) -> None:
    prefix = as_other_user(shared_project)
    (shared_project.progress / "pilot.yml").chmod(0o000)
    done = playbook(shared_project.root, "tick", "pilot/hold-kick-off", prefix=prefix)
    assert (done.returncode, done.stderr) == (3, "playbook tick: cannot read playbook/progress/pilot.yml: Permission denied\n")
    no_traceback(done)
    # check and status list it as a problem of the data they were asked to read
    for command in ("check", "status"):
        done = playbook(shared_project.root, command, prefix=prefix)
        assert done.returncode == 1, done.stderr
        stream = done.stdout if command == "check" else done.stderr
        assert "playbook/progress/pilot.yml: cannot read file: Permission denied" in stream.splitlines()
        no_traceback(done)


# --- a full disk -------------------------------------------------------------------------------


def test_a_full_disk_as_the_kernel_reports_it(project: Project) -> None:
    """RLIMIT_FSIZE makes the kernel refuse the write (EFBIG) exactly where a full disk would."""
    before = (project.progress / "pilot.yml").read_text()

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (64, 64))

    done = playbook(project.root, "tick", "pilot/hold-kick-off", preexec_fn=small_files)
    assert (done.returncode, done.stderr) == (3, "playbook tick: cannot write playbook/progress/pilot.yml: File too large\n")
    no_traceback(done)
    assert (project.progress / "pilot.yml").read_text() == before
    assert leftovers(project) == []


def test_no_space_left_on_device(project: Project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    before = (project.progress / "pilot.yml").read_text()

    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.chdir(project.root)
    monkeypatch.setattr(os, "fsync", full)
    assert main(["tick", "pilot/hold-kick-off"]) == 3
    captured = capsys.readouterr()
    assert captured.err == "playbook tick: cannot write playbook/progress/pilot.yml: No space left on device\n"
    assert captured.out == ""
    assert (project.progress / "pilot.yml").read_text() == before
    assert leftovers(project) == []


# --- git ---------------------------------------------------------------------------------------


def test_changes_outside_a_repository(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", with_git=False)
    done = subprocess.run(
        [str(BIN / "playbook"), "changes"], cwd=project.root, capture_output=True, text=True, check=False,
        env={**os.environ, "GIT_CEILING_DIRECTORIES": str(tmp_path)},
    )
    assert done.returncode == 2
    assert done.stderr.startswith(f"playbook changes: {os.path.realpath(project.root / 'playbook')} is not inside a git repository")
    assert "`playbook changes` compares git revisions" in done.stderr
    no_traceback(done)


# --- interrupted and killed runs ----------------------------------------------------------------


def test_ctrl_c_while_waiting_for_the_lock(project: Project) -> None:
    before = (project.progress / "pilot.yml").read_text()
    with progress_lock(project.root / "playbook"):
        child = subprocess.Popen(
            [str(BIN / "playbook"), "tick", "pilot/hold-kick-off"], cwd=project.root, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # a background job may inherit it ignored
        )
        assert child.stderr is not None
        waiting = child.stderr.readline()
        assert waiting == "playbook tick: waiting for another playbook command (lock .git/playbook.lock)...\n"
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=60)
    assert child.returncode == 130
    assert (out, err) == ("", "playbook tick: interrupted; nothing was changed\n")
    assert (project.progress / "pilot.yml").read_text() == before


STALL = """\
import os, sys
from pathlib import Path
from mkdocs_playbook.edit.atomic import write_atomic

def stall(descriptor):  # the text is in the temporary file; hold here until killed
    print("written", flush=True)
    sys.stdin.read()

os.fsync = stall
write_atomic(Path(sys.argv[1]), "hold-kick-off: done\\n")
"""


def test_a_run_killed_mid_write_leaves_a_temporary_file_that_the_next_run_removes(project: Project) -> None:
    pilot = project.progress / "pilot.yml"
    before = pilot.read_text()
    child = subprocess.Popen([sys.executable, "-c", STALL, str(pilot)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline() == "written\n"
    child.kill()
    child.wait()
    [stray] = leftovers(project)
    assert re.fullmatch(r"\.pilot\.yml\.[0-9a-f]{16}\.tmp", stray)
    assert pilot.read_text() == before
    # look-alikes that write_atomic never makes are left alone
    decoys = [".pilot.yml.tmp", ".pilot.yml.0123456789ABCDEF.tmp", ".pilot.yml.0123.tmp", "pilot.yml.0123456789abcdef.tmp"]
    for name in decoys:
        (project.progress / name).write_text("not ours")

    done = playbook(project.root, "tick", "pilot/hold-kick-off")
    assert done.returncode == 0, done.stderr
    assert done.stderr == f"playbook tick: removed playbook/progress/{stray}, left behind by an interrupted run\n"
    assert leftovers(project) == sorted(decoys)
    assert "hold-kick-off: {status: done" in pilot.read_text() or "hold-kick-off: done" in pilot.read_text()


def test_a_dry_run_neither_locks_nor_tidies(project: Project) -> None:
    stray = project.progress / ".pilot.yml.0123456789abcdef.tmp"
    with progress_lock(project.root / "playbook"):  # held elsewhere: a dry run does not wait for it
        stray.write_text("left by a killed run")
        done = playbook(project.root, "tick", "pilot/hold-kick-off", "--dry-run", "--wait", "0")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("--- a/playbook/progress/pilot.yml\n")
    assert stray.exists()


# --- bugs --------------------------------------------------------------------------------------


def _broken_command(message: str) -> types.SimpleNamespace:
    def add_parser(subcommands: object) -> None:
        parser = subcommands.add_parser("explode", help="fails")  # type: ignore[attr-defined]
        parser.set_defaults(run=run)

    def run(args: object) -> int:
        raise RuntimeError(message)

    return types.SimpleNamespace(add_parser=add_parser, run=run)


def test_an_unexpected_exception_is_one_line_that_says_it_is_a_bug(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    value = "x" * 1_000_000
    monkeypatch.setattr(commands, "COMMANDS", (*commands.COMMANDS, _broken_command(f"bad value {value}")))
    monkeypatch.delenv("PLAYBOOK_DEBUG", raising=False)
    assert main(["explode"]) == 70
    err = capsys.readouterr().err
    assert err.startswith("playbook explode: internal error (RuntimeError: bad value xxx")
    assert err.endswith("…). This is a bug in playbook; please report it. Run again with PLAYBOOK_DEBUG=1 to see the traceback.\n")
    assert len(err) < 400 and "Traceback" not in err

    monkeypatch.setenv("PLAYBOOK_DEBUG", "1")
    with pytest.raises(RuntimeError, match="bad value"):
        main(["explode"])


# --- the contract, where people read it --------------------------------------------------------


def test_help_lists_every_exit_code() -> None:
    done = subprocess.run([str(BIN / "playbook"), "--help"], capture_output=True, text=True, check=False)
    assert done.returncode == 0
    epilog = done.stdout[done.stdout.index("exit codes:"):]
    assert [line.split()[0] for line in epilog.splitlines()[1:] if line[:4].strip().isdigit()] == ["0", "1", "2", "3", "70", "130"]


def test_a_nonsense_wait_is_a_usage_error(project: Project) -> None:
    for value in ("soon", "-1", "nan", "inf"):
        done = playbook(project.root, "tick", "pilot/hold-kick-off", "--wait", value)
        assert done.returncode == 2
        assert f"'{value}' is not a number of seconds" in done.stderr
        no_traceback(done)
