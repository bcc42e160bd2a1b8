"""Shared fixtures: real projects in temporary directories, real builds, real git."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from filelock import FileLock

from mkdocs_playbook.gitrepo.revisions import CI_BASE_VARIABLES

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PHASES = ROOT / "plugins" / "mkdocs_playbook" / "phases"
"""The shared phases, shipped inside the package."""

# keep Material's end-of-life banner and the network out of test runs
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# a test run inside GitLab CI or a GitHub pull request must not take the runner's base branch
# for the test repositories' (`playbook changes` reads it from these: gitrepo.CI_BASE_VARIABLES)
for _variable in CI_BASE_VARIABLES:
    os.environ.pop(_variable, None)

# Every test runs on a fixed clock. With no `--today` and no `today:` option, the CLI and the
# plugin take the date from SOURCE_DATE_EPOCH (mkdocs_playbook.clock), and an environment variable
# reaches the `mkdocs build` and `playbook` subprocesses too. It is set unconditionally: a value
# exported in the developer's shell must not change what the tests see. PLAYBOOK_TEST_TODAY picks
# another date; test_rules.py runs the date-sensitive tests again under a second one.
TEST_TODAY_VARIABLE = "PLAYBOOK_TEST_TODAY"
TODAY = dt.date.fromisoformat(os.environ.get(TEST_TODAY_VARIABLE) or "2026-11-21")
os.environ["SOURCE_DATE_EPOCH"] = str(int(dt.datetime(TODAY.year, TODAY.month, TODAY.day, tzinfo=dt.UTC).timestamp()))

# A small, valid phase for tests that build their own bad inputs around it.
DEMO_PHASE = """\
id: demo
order: 1
title: Demo
summary: A demo phase.
why: Because it matters.
discovery_questions:
  - id: success-goals
    text: What are the goals?
focus_areas:
  - id: planning
    title: Planning
    text: Plan the work.
checklist:
  - id: identify-users
    text: Identify users.
    focus: planning
  - id: hold-kick-off
    text: Hold a kick-off.
challenges:
  - id: small-cohort
    challenge: The cohort is IT only.
    mitigation: Include other departments.
"""


def demo_progress(identify_users: str = "done") -> str:
    """A merge-safe progress file of DEMO_PHASE, as `playbook fmt` lays it out (every entry under
    its label), with `identify-users` set to this: it checks clean unless that value has a problem."""
    return (
        "# Q: What are the goals?\nsuccess-goals:\n"
        f"# Identify users.\nidentify-users: {identify_users}\n"
        "# Hold a kick-off.\nhold-kick-off: todo\n"
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "subprocess: runs mkdocs, playbook or pytest as a child process, which imports the package "
        "unmutated; the mutation run ([tool.mutmut] in pyproject.toml) leaves these out",
    )


GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test Author",
    "GIT_AUTHOR_EMAIL": "author@example.test",
    "GIT_COMMITTER_NAME": "Test Committer",
    "GIT_COMMITTER_EMAIL": "committer@example.test",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """Run git for building fixtures; authors and dates come from `env`."""
    full_env = {**os.environ, **GIT_ENV, **(env or {})}
    done = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=cwd, env=full_env, capture_output=True, text=True, check=True,
    )
    return done.stdout


@dataclass
class Project:
    """A copy of the example organization's project, as a user would have it."""

    root: Path

    @property
    def progress(self) -> Path:
        return self.root / "playbook" / "progress"

    def build(self, *args: str, strict: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(BIN / "mkdocs"), "build", "-d", str(self.root / "site")]
        if strict:
            command.append("--strict")
        # not -q: quiet raises the log level past WARNING, and --strict then counts nothing
        return subprocess.run([*command, *args], cwd=self.root, capture_output=True, text=True, env=os.environ, check=False)

    def check_json(self, *args: str) -> dict:
        done = subprocess.run(
            [str(BIN / "playbook"), "check", "--format", "json", *args], cwd=self.root, capture_output=True, text=True,
            check=False,
        )
        document: dict = json.loads(done.stdout)
        return document

    def page(self, path: str) -> str:
        return (self.root / "site" / path).read_text("utf-8")

    def commit_all(self, message: str = "Initial playbook", date: str = "2026-09-01T12:00:00+00:00") -> None:
        """Dated, so history-based assertions do not depend on when the tests run."""
        git(self.root, "add", "-A")
        git(self.root, "commit", "-q", "-m", message, env={"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date})


def example_config() -> str:
    """The example's mkdocs.yml, reading its phases from ./phases rather than the package's."""
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    assert "  - playbook:\n" in config, "the example's mkdocs.yml lists the playbook plugin with options"
    return config.replace("  - playbook:\n", "  - playbook:\n      phases_dir: phases\n", 1)


def copy_project(destination: Path, *, with_git: bool = True) -> Project:
    destination.mkdir(parents=True, exist_ok=True)
    # the copy carries its own phases/, so tests can edit a phase without touching the package
    (destination / "mkdocs.yml").write_text(example_config(), encoding="utf-8")
    shutil.copytree(PHASES, destination / "phases")
    shutil.copytree(ROOT / "playbook", destination / "playbook")
    shutil.copytree(ROOT / "plugins" / "mkdocs_playbook" / "schemas", destination / "plugins" / "mkdocs_playbook" / "schemas")
    project = Project(destination)
    if with_git:
        git(destination, "init", "-q")
        project.commit_all()
    return project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="module")
def built_example(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    """The example organization, committed to git and built once with --strict."""
    project = copy_project(tmp_path_factory.mktemp("example") / "project")
    done = project.build()
    assert done.returncode == 0, done.stderr
    yield project


# --- The distribution as a user gets it (tests/test_distribution.py; reusable by any test) ---


def outside_env() -> dict[str, str]:
    """The environment for a program of a venv outside the repository: nothing that would import
    the package from this checkout (PYTHONPATH) or point at the developer's venv."""
    return {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}}


@dataclass(frozen=True)
class Distribution:
    sdist: Path
    wheel: Path


def checkout_copy(destination: Path) -> Path:
    """The repository's files as a fresh clone has them (tracked, plus new files not ignored, as
    they are in the working tree), without egg-info, build/ or caches: setuptools puts every file
    an old `*.egg-info/SOURCES.txt` lists back into the sdist, which would hide a data file that
    `package-data` no longer covers."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():  # a file deleted in the working tree but not yet in git is gone
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)
    return destination


@contextmanager
def once_per_run(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[tuple[Path, bool]]:
    """A folder shared by every xdist worker of this run, and whether it still has to be made.

    Session fixtures run once a worker; what takes half a minute (a wheel, a venv) is made by the
    first worker that asks, under a lock, and reused by the others (pytest-xdist's documented
    pattern). The caller fills the folder when told to; the marker is written only if it succeeds.
    """
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder, done = shared / name, shared / f"{name}.done"
    with FileLock(str(shared / f"{name}.lock")):
        if done.exists():
            yield folder, False
            return
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        yield folder, True
        done.touch()


@pytest.fixture(scope="session")
def built_distribution(tmp_path_factory: pytest.TempPathFactory) -> Distribution:
    """The sdist and the wheel, built as a release builds them, from a clean copy of the checkout:
    `python -m build` makes the sdist, then the wheel from the unpacked sdist, so a file the sdist
    misses is missing from the wheel too. Each step runs in an isolated environment that installs
    the `[build-system] requires` from the package index, the same one `pip install -e .` needs,
    so the bounds on setuptools are what is tested (about 6 s; once a run, shared by the workers)."""
    with once_per_run(tmp_path_factory, "dist") as (out, make):
        if make:
            source = checkout_copy(tmp_path_factory.mktemp("source"))
            done = subprocess.run(
                [sys.executable, "-m", "build", "--outdir", str(out), str(source)],
                capture_output=True, text=True, env=outside_env(), check=False,
            )
            assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (sdist,) = out.glob("*.tar.gz")
    (wheel,) = out.glob("*.whl")
    return Distribution(sdist=sdist, wheel=wheel)


@pytest.fixture(scope="session")
def installed_wheel(built_distribution: Distribution, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment outside the repository with the built wheel (and its
    dependencies from the package index) installed: the bin/ folder of that venv, with its
    `python`, `mkdocs` and `playbook`. One a run, shared by the workers: the install takes about 20 s."""
    with once_per_run(tmp_path_factory, "wheel-venv") as (folder, make):
        venv = folder / "venv"
        assert ROOT not in venv.parents
        if make:
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=outside_env())
            done = subprocess.run(
                [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                 str(built_distribution.wheel)],
                capture_output=True, text=True, env=outside_env(), check=False,
            )
            assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return venv / "bin"


def write_site_config(
    root: Path, *, phases_dir: str | None = "phases", docs_dir: str = "playbook", playbook_dir: str | None = None
) -> Path:
    """A minimal mkdocs.yml in `root` listing the playbook plugin, so `playbook` run there finds its data.

    The defaults describe the tests' usual layout: ./phases and ./playbook beside mkdocs.yml.
    """
    options = {"phases_dir": phases_dir, "playbook_dir": playbook_dir}
    lines = [f"      {name}: {value}" for name, value in options.items() if value is not None]
    plugin = "  - playbook:\n" + "\n".join(lines) if lines else "  - playbook"
    path = root / "mkdocs.yml"
    path.write_text(f"site_name: Test\ndocs_dir: {docs_dir}\nplugins:\n{plugin}\n", encoding="utf-8")
    return path


def team_repository(root: Path, config: str, pages: dict[str, str]) -> Path:
    """A site's own git repository: its mkdocs.yml and `pages` (path -> text, under root), and the
    example's organization, progress, plans and records in playbook/, outside docs; no phases, no package."""
    for path, text in pages.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    (root / "playbook").mkdir()
    shutil.copy(ROOT / "playbook" / "organization.yml", root / "playbook" / "organization.yml")
    for folder in ("progress", "plans", "measurements", "decisions"):  # the progress names the plan's entry criteria
        shutil.copytree(ROOT / "playbook" / folder, root / "playbook" / folder)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "our playbook")
    return root
