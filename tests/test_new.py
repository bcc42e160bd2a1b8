"""`playbook new` (README, "Start a playbook for your organization"), built for real.

A fresh playbook builds with `mkdocs build --strict` at once, outside git and in a git repository;
`--phases pilot` alone builds; hostile names are written as YAML that reads back as themselves and
shown escaped, or refused by the rule `playbook check` applies; a refusal leaves every byte as it
was; an existing site gets the playbook added in place; `--inherit` writes one organization of
several; the installed wheel scaffolds from its own templates; the generated workflow's steps pass.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import BIN, ROOT, git, outside_env
from mkdocs_playbook.commands import main
from mkdocs_playbook.edit import siteplugin

pytestmark = pytest.mark.subprocess

PHASES = ["proof-of-concept", "pilot", "enterprise-rollout"]
FRESH_FILES = [
    "mkdocs.yml",
    "docs/index.md",
    "README.md",
    ".github/workflows/playbook.yml",
    "requirements-playbook.txt",
    ".gitignore",
    "playbook/organization.yml",
    "playbook/plans/pilot.yml",
    *[f"playbook/progress/{phase}.yml" for phase in PHASES],
]
"""Every file `playbook new` writes for a new site with the default phases (the schema copies aside)."""
HOSTILE = 'Acme "Ltd" & O\'Brien: #1 <3\nsecond line'
PRODUCT = "Endpoint <3 & 'Manager' {product}"
HOST_FIXTURE = ROOT / "tests" / "fixtures" / "host-site"
HOST_PAGES = ["index.html", "pilot/index.html", "guides/onboarding/index.html"]
COMMIT_DATE = {"GIT_AUTHOR_DATE": "2026-09-01T12:00:00+00:00", "GIT_COMMITTER_DATE": "2026-09-01T12:00:00+00:00"}


@dataclass
class Made:
    root: Path
    new: subprocess.CompletedProcess[str]
    built: subprocess.CompletedProcess[str] | None = None

    def soup(self, path: str) -> BeautifulSoup:
        return BeautifulSoup((self.root / "site" / path).read_text("utf-8"), "html.parser")


def playbook(*args: str | Path, cwd: Path, bin_dir: Path = BIN, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(bin_dir / "playbook"), *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          env=env or os.environ, check=False)


def mkdocs_build(root: Path, *args: str, bin_dir: Path = BIN, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(bin_dir / "mkdocs"), "build", "--strict", *args], cwd=root, capture_output=True,
                          text=True, env={**(env or os.environ), "NO_MKDOCS_2_WARNING": "1"}, check=False)


def commit(root: Path) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Our playbook", env=COMMIT_DATE)


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and ".git" not in p.parts}


# --- a new site ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def outside_git(tmp_path_factory: pytest.TempPathFactory) -> Made:
    """Outside any git repository, with a hostile name: built straight away."""
    root = tmp_path_factory.mktemp("nogit") / "acme"
    made = Made(root, playbook("new", root, "--name", HOSTILE, "--product", PRODUCT, cwd=root.parent))
    assert made.new.returncode == 0, made.new.stderr
    made.built = mkdocs_build(root)
    return made


@pytest.fixture(scope="module")
def in_git(tmp_path_factory: pytest.TempPathFactory) -> Made:
    """In a fresh `git init` repository, the pilot alone, committed, then built. Its plan is the empty
    one `new` writes, without a start date: the handout's stage list once failed the build on that."""
    root = tmp_path_factory.mktemp("git") / "acme"
    root.mkdir()
    git(root, "init", "-q")
    made = Made(root, playbook("new", ".", "--name", "Acme", "--phases", "pilot", cwd=root))
    assert made.new.returncode == 0, made.new.stderr
    commit(root)
    made.built = mkdocs_build(root)
    return made


def test_a_new_playbook_outside_git_builds_strict_at_once(outside_git: Made) -> None:
    assert outside_git.built is not None and outside_git.built.returncode == 0, outside_git.built.stderr
    assert sorted(p for p in tree(outside_git.root) if "/.schemas/" not in p and not p.startswith("site/")) == sorted(FRESH_FILES)
    assert "history: false" in (outside_git.root / "mkdocs.yml").read_text("utf-8")  # no history to show there
    for phase in PHASES:
        assert outside_git.soup(f"playbook/{phase}/index.html").select("li.pb-item")
    assert (outside_git.root / "site" / "playbook" / "progress.json").is_file()
    assert not (outside_git.root / "site" / "organization.yml").exists()


def test_a_new_playbook_in_git_with_the_pilot_alone_builds_strict(in_git: Made) -> None:
    assert in_git.built is not None and in_git.built.returncode == 0, in_git.built.stderr
    assert "history:" not in (in_git.root / "mkdocs.yml").read_text("utf-8")
    assert sorted(p.name for p in (in_git.root / "playbook" / "progress").iterdir()) == ["pilot.yml"]
    assert in_git.soup("playbook/pilot/index.html").select("li.pb-item")
    assert not (in_git.root / "site" / "playbook" / "proof-of-concept").exists()


@pytest.mark.parametrize("phases", [["pilot"], ["enterprise-rollout", "pilot"]])
def test_the_readmes_example_tick_works_as_written(phases: list[str], tmp_path: Path) -> None:
    """The README's `playbook tick PHASE/ITEM` names a real item of the first phase chosen."""
    root = tmp_path / "acme"
    assert playbook("new", root, "--name", "Acme", "--phases", *phases, cwd=tmp_path).returncode == 0
    found = re.search(r"^playbook tick (\S+)", (root / "README.md").read_text("utf-8"), re.MULTILINE)
    assert found is not None and found.group(1).startswith(f"{phases[0]}/")
    ticked = playbook("tick", found.group(1), cwd=root)
    assert ticked.returncode == 0, ticked.stderr
    assert f"{found.group(1).split('/')[1]}: done" in (root / "playbook" / "progress" / f"{phases[0]}.yml").read_text("utf-8")


def test_progress_files_are_what_fmt_writes_with_every_item_open(outside_git: Made) -> None:
    done = playbook("fmt", "--check", cwd=outside_git.root)
    assert done.returncode == 0, done.stdout + done.stderr  # fmt would change nothing
    assert playbook("check", cwd=outside_git.root).returncode == 0
    for phase in PHASES:
        entries = yaml.safe_load((outside_git.root / "playbook" / "progress" / f"{phase}.yml").read_text("utf-8"))
        assert entries and set(entries.values()) <= {"todo", None}, phase
    # the same text fmt creates for a missing file, byte for byte
    pilot = outside_git.root / "playbook" / "progress" / "pilot.yml"
    written = pilot.read_text("utf-8")
    pilot.unlink()
    try:
        assert playbook("fmt", "pilot", cwd=outside_git.root).returncode == 0
        assert pilot.read_text("utf-8") == written
    finally:
        pilot.write_text(written, "utf-8")


def test_the_hostile_name_is_yaml_that_reads_back_and_is_shown_escaped(outside_git: Made) -> None:
    organization = yaml.safe_load((outside_git.root / "playbook" / "organization.yml").read_text("utf-8"))
    assert organization["name"] == HOSTILE and organization["product"] == PRODUCT
    start = outside_git.soup("index.html")
    article = start.select_one("article")
    assert article is not None
    text = " ".join(article.get_text(" ").split())
    assert "Acme \"Ltd\" & O'Brien: #1 <3 second line" in text and PRODUCT in text
    raw = (outside_git.root / "site" / "index.html").read_text("utf-8")
    assert "<3" not in raw and "&lt;3" in raw  # escaped, never raw
    assert start.title is not None and start.title.get_text().startswith("Acme \"Ltd\"")


@pytest.mark.parametrize(
    "name",
    ['O\'Brien "Ltd": #1', "yes", "null", "- dash", "{braces}", "'quoted'", " padded ", "0o17", "2026-01-01",
     "x\u2028y", "tab\there", "@@PRODUCT@@", "a <3 b", "Ünïcödé & Co"],
)
def test_names_are_written_as_yaml_that_reads_back_as_themselves(name: str, tmp_path: Path) -> None:
    assert main(["new", str(tmp_path / "org"), "--name", name, "--phases", "pilot"]) == 0
    text = (tmp_path / "org" / "playbook" / "organization.yml").read_text("utf-8")
    assert yaml.safe_load(text)["name"] == name
    assert sum(line.startswith("name: ") for line in text.splitlines()) == 1  # one line, nothing injected


@pytest.mark.parametrize(
    ("name", "rule"),
    [('Ac<script>me "Ltd"', "holds HTML (<script>)"), ("<b>x</b>", "holds HTML"), ("x {: .cls}", "attribute list"),
     ("", "is empty")],
)
def test_names_check_would_refuse_are_refused_before_anything_is_written(
    name: str, rule: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", str(tmp_path / "org"), "--name", name]) == 2
    assert rule in capsys.readouterr().err
    assert not (tmp_path / "org").exists()


@pytest.mark.parametrize("existing", FRESH_FILES)
def test_any_file_it_would_write_existing_refuses_leaving_every_byte(
    existing: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "org"
    (root / existing).parent.mkdir(parents=True)
    (root / existing).write_bytes(b"ours\r\n")
    before = tree(root)
    code = main(["new", str(root), "--name", "Acme"])
    err = capsys.readouterr().err
    if existing == "mkdocs.yml":  # a folder with a site: the site's file is read, and refused here
        assert code == 1 and "cannot be read" in err
    else:
        assert code == 1 and f"{Path(existing)} " in err.replace(str(root) + os.sep, "").replace("org/", "")
        assert "nothing was written" in err
    assert tree(root) == before


def test_a_folder_that_already_holds_a_playbook_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "org"
    assert main(["new", str(root), "--name", "Acme"]) == 0
    before = tree(root)
    assert main(["new", str(root), "--name", "Other"]) == 1
    assert "already lists the playbook plugin" in capsys.readouterr().err
    (root / "mkdocs.yml").unlink()
    assert main(["new", str(root), "--name", "Other"]) == 1
    assert "already holds a playbook" in capsys.readouterr().err
    assert tree(root) == {k: v for k, v in before.items() if k != "mkdocs.yml"}


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--phases", "pliot"], "unknown phase 'pliot'"), (["--phases", "pilot", "pilot"], "named twice"),
     (["--inherit", "missing.yml"], "missing.yml not found")],
)
def test_usage_errors_write_nothing(args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", str(tmp_path / "org"), "--name", "Acme", *args]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "org").exists()


# --- the workflow it writes ------------------------------------------------------------------------


def workflow(root: Path) -> dict:
    return yaml.safe_load((root / ".github" / "workflows" / "playbook.yml").read_text("utf-8"))


def test_the_workflow_parses_and_runs_the_documented_steps(outside_git: Made) -> None:
    jobs = workflow(outside_git.root)["jobs"]
    steps = jobs["pull-request"]["steps"]
    assert steps[0]["uses"].startswith("actions/checkout@") and steps[0]["with"]["fetch-depth"] == 0
    runs = [" ".join(step["run"].split()) for step in steps if "run" in step]
    assert runs == [
        "pip install -r requirements-playbook.txt",
        "playbook check --all",
        'playbook changes "origin/$BASE_REF" --format text > changes.md',
        'gh pr comment "$PR_NUMBER" --edit-last --body-file changes.md || gh pr comment "$PR_NUMBER" --body-file changes.md',
        "playbook build --all --strict",
    ]
    assert jobs["pull-request"]["permissions"]["pull-requests"] == "write"
    requirement = (outside_git.root / "requirements-playbook.txt").read_text("utf-8").splitlines()[-1]
    assert requirement.startswith("mkdocs-playbook==") and "CHANGE ME" in requirement


def test_the_workflows_playbook_and_mkdocs_steps_pass_in_a_new_playbook(in_git: Made) -> None:
    root = in_git.root
    git(root, "update-ref", "refs/remotes/origin/main", "HEAD")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "BASE_REF": "main", "NO_MKDOCS_2_WARNING": "1"}
    ran = 0
    for step in workflow(root)["jobs"]["pull-request"]["steps"]:
        command = step.get("run", "")
        if command.split(" ", 1)[0] in ("playbook", "mkdocs"):
            done = subprocess.run(["bash", "-c", command], cwd=root, capture_output=True, text=True, env=env, check=False)
            assert done.returncode == 0, (command, done.stdout[-2000:], done.stderr[-2000:])
            ran += 1
    assert ran == 3
    assert (root / "site" / "playbook" / "pilot" / "index.html").is_file()


# --- an existing site ------------------------------------------------------------------------------


def plain_host(destination: Path) -> Path:
    """The host-site fixture as it was before the playbook: no plugin entry, no nav section, no data."""
    shutil.copytree(HOST_FIXTURE, destination)
    shutil.rmtree(destination / "playbook")
    config = (destination / "mkdocs.yml").read_text("utf-8")
    config = re.sub(r"  - playbook:\n(      .*\n)+", "", config, count=1)
    config = re.sub(r"  - Rollout playbook: \[\].*\n", "", config, count=1)
    (destination / "mkdocs.yml").write_text(config, "utf-8")
    git(destination, "init", "-q")
    commit(destination)
    return destination


@pytest.fixture(scope="module")
def host(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Made, Made, str]]:
    reference = plain_host(tmp_path_factory.mktemp("reference") / "handbook")
    before = Made(reference, subprocess.CompletedProcess([], 0), mkdocs_build(reference))
    assert before.built is not None and before.built.returncode == 0, before.built.stderr
    root = plain_host(tmp_path_factory.mktemp("host") / "handbook")
    config = (root / "mkdocs.yml").read_text("utf-8")
    made = Made(root, playbook("new", ".", "--name", "Fabrikam", "--product", "the Handbook", cwd=root))
    assert made.new.returncode == 0, made.new.stderr
    commit(root)
    made.built = mkdocs_build(root)
    yield before, made, config


def test_new_in_a_site_adds_the_playbook_in_place_and_builds_strict(host: tuple[Made, Made, str]) -> None:
    before, made, config = host
    assert made.built is not None and made.built.returncode == 0, made.built.stderr
    after = (made.root / "mkdocs.yml").read_text("utf-8")
    added = [line for line in after.splitlines() if line not in config.splitlines()]
    assert added == siteplugin.entry_lines("  ").splitlines()
    kept = [line for line in after.splitlines() if line not in added]
    assert kept == config.splitlines()  # every line and comment, in order
    plugins = [p if isinstance(p, str) else next(iter(p)) for p in yaml.safe_load(after)["plugins"]]
    assert plugins == ["search", "playbook", "macros"]
    assert not (made.root / "README.md").exists() and not (made.root / ".github").exists()
    for path in HOST_PAGES:
        assert " ".join(made.soup(path).select_one("article").get_text(" ").split()) == " ".join(
            before.soup(path).select_one("article").get_text(" ").split()), path
    assert made.soup("playbook/index.html").select("article h1")
    assert tree(made.root / "docs") == tree(before.root / "docs")


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("site_name: X\nplugins: [search, macros]\n", "layout this command does not edit"),
        ("site_name: X\nplugins:\n  search: {}\n", "layout this command does not edit"),
        ("INHERIT: base.yml\nsite_name: X\n", "takes its plugins from the file it INHERITs"),
        ("site_name: X\nplugins:\n  - search\n  - playbook\n", "already lists the playbook plugin"),
        ("INHERIT: listed.yml\nsite_name: X\n", "already lists the playbook plugin"),
    ],
)
def test_a_site_config_it_cannot_edit_safely_is_refused_with_the_lines(
    config: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "base.yml").write_text("theme: {name: material}\n", "utf-8")
    (tmp_path / "listed.yml").write_text("plugins:\n  - playbook\n", "utf-8")
    (tmp_path / "mkdocs.yml").write_text(config, "utf-8")
    before = tree(tmp_path)
    assert main(["new", str(tmp_path), "--name", "Acme"]) == 1
    err = capsys.readouterr().err
    assert message in err and "nothing was written" in err
    if "layout" in message or "INHERIT" in message:
        assert siteplugin.entry_lines("  ") in err
    assert tree(tmp_path) == before


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ("plugins:\n  - search   # ours\n  - macros\n", ["search", "playbook", "macros"]),
        ("plugins:\n    - search:\n        lang: de\n    # keep me\n    - macros\n", ["search", "playbook", "macros"]),
        ("plugins:\n- macros\n", ["playbook", "macros"]),
        ("plugins:\n  - tags\n", ["tags", "playbook"]),
        ("site_name: X\nextra:\n  a: !ENV [A, b]", ["search", "playbook"]),
    ],
)
def test_the_plugin_entry_goes_after_search_and_before_macros_keeping_every_line(config: str, expected: list[str]) -> None:
    inserted = siteplugin.insert(config, "mkdocs.yml")
    assert [line for line in inserted.text.splitlines() if line in config.splitlines()] == config.splitlines()
    plugins = yaml.load(inserted.text, Loader=_EnvLoader)["plugins"]
    assert [p if isinstance(p, str) else next(iter(p)) for p in plugins] == expected
    assert inserted.text.splitlines()[inserted.line - 1].strip() == "- playbook:"


class _EnvLoader(yaml.SafeLoader):
    pass


_EnvLoader.add_constructor("!ENV", lambda loader, node: None)


# --- several organizations -----------------------------------------------------------------------

BASE = """\
theme:
  name: material
plugins:          # a mapping: each organization merges its own options into it
  search: {}
  macros:
    on_error_fail: true
    render_by_default: false
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.tasklist:
      custom_checkbox: true
"""


def test_inherit_writes_one_organization_of_several_that_builds(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "base.yml").write_text(BASE, "utf-8")
    git(root, "init", "-q")
    assert playbook("new", "orgs/acme", "--name", "Acme", "--inherit", "base.yml", cwd=root).returncode == 0
    config = (root / "orgs" / "acme" / "mkdocs.yml").read_text("utf-8")
    assert next(line for line in config.splitlines() if not line.startswith("#")) == "INHERIT: ../../base.yml"
    assert "theme:" not in config and "search" not in config  # only its own settings
    assert (root / ".github" / "workflows" / "playbook.yml").is_file() and (root / "requirements-playbook.txt").is_file()
    second = playbook("new", "orgs/beta", "--name", "Beta", "--inherit", "base.yml", "--phases", "pilot", cwd=root)
    assert second.returncode == 0, second.stderr  # the shared workflow is there already: kept, not refused
    assert "wrote .github" not in second.stdout
    commit(root)
    built = mkdocs_build(root, "-f", "orgs/acme/mkdocs.yml")
    assert built.returncode == 0, built.stderr
    page = BeautifulSoup((root / "orgs" / "acme" / "site" / "playbook" / "index.html").read_text("utf-8"), "html.parser")
    assert page.title is not None and "Acme" in page.title.get_text()


def test_inherit_refuses_a_base_whose_plugins_are_a_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "base.yml").write_text("plugins:\n  - search\n", "utf-8")
    assert main(["new", str(tmp_path / "orgs" / "acme"), "--name", "Acme", "--inherit", str(tmp_path / "base.yml")]) == 1
    assert "as a mapping" in capsys.readouterr().err
    assert not (tmp_path / "orgs").exists()


# --- the installed wheel ---------------------------------------------------------------------------


@pytest.mark.slow
def test_the_installed_wheel_scaffolds_from_its_own_templates(installed_wheel: Path, tmp_path: Path) -> None:
    root = tmp_path / "outside" / "acme"
    assert ROOT not in root.parents
    root.mkdir(parents=True)
    git(root, "init", "-q")
    done = playbook("new", ".", "--name", "Acme", cwd=root, bin_dir=installed_wheel, env=outside_env())
    assert done.returncode == 0, done.stderr
    probe = subprocess.run([str(installed_wheel / "python"), "-c", "import mkdocs_playbook.edit.scaffold as s; print(s.TEMPLATES)"],
                           capture_output=True, text=True, env=outside_env(), check=True, cwd=root)
    assert Path(probe.stdout.strip()).is_relative_to(installed_wheel.parent)
    commit(root)
    built = mkdocs_build(root, bin_dir=installed_wheel, env=outside_env())
    assert built.returncode == 0, built.stderr
    assert (root / "site" / "playbook" / "pilot" / "index.html").is_file()


def test_a_bare_site_gets_plugins_search_kept_and_the_missing_extensions_named(tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Our docs\n", "utf-8")
    (root / "mkdocs.yml").write_text("site_name: Our docs  # the team's\ntheme:\n  name: material\n", "utf-8")
    git(root, "init", "-q")
    done = playbook("new", ".", "--name", "Acme", cwd=root)
    assert done.returncode == 0, done.stderr
    assert "note: mkdocs.yml: the phase pages use Markdown extensions" in done.stdout and "pymdownx.tasklist" in done.stdout
    config = (root / "mkdocs.yml").read_text("utf-8")
    assert config.startswith("site_name: Our docs  # the team's\ntheme:\n  name: material\n\nplugins:\n  - search\n  - playbook:\n")
    commit(root)
    built = mkdocs_build(root)
    assert built.returncode == 0, built.stderr
    assert (root / "site" / "playbook" / "pilot" / "index.html").is_file() and (root / "site" / "index.html").is_file()


def test_inherit_takes_the_phases_the_shared_settings_name(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "phases").mkdir(parents=True)
    shutil.copy(ROOT / "plugins" / "mkdocs_playbook" / "phases" / "pilot.yml", root / "phases" / "pilot.yml")
    (root / "base.yml").write_text(BASE.replace("  search: {}\n", "  search: {}\n  playbook:\n    phases_dir: ../../phases\n"), "utf-8")
    git(root, "init", "-q")
    done = playbook("new", "orgs/acme", "--name", "Acme", "--inherit", "base.yml", cwd=root)
    assert done.returncode == 0, done.stderr
    assert yaml.safe_load((root / "orgs/acme/playbook/organization.yml").read_text("utf-8"))["phases"] == ["pilot"]
    assert sorted(p.name for p in (root / "orgs/acme/playbook/progress").iterdir()) == ["pilot.yml"]
    refused = playbook("new", "orgs/beta", "--name", "Beta", "--inherit", "base.yml", "--phases", "proof-of-concept", cwd=root)
    assert refused.returncode == 2 and "unknown phase 'proof-of-concept'" in refused.stderr


def test_the_readmes_two_lines_build_a_playbook_with_its_history(tmp_path: Path) -> None:
    """README "Start a playbook for your organization", copy-pasted: the site builds strict and
    shows the first commit as who did what (git comes first, so no `history: false`)."""
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## Start a playbook for your organization", 1)[1]
    snippet = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert snippet is not None and "playbook new" in snippet.group(1)
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "NO_MKDOCS_2_WARNING": "1", **COMMIT_DATE}
    done = subprocess.run(["bash", "-e", "-c", snippet.group(1)], cwd=tmp_path, capture_output=True, text=True,
                          env=env, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    root = next(path.parent for path in tmp_path.glob("*/mkdocs.yml"))
    assert "history:" not in (root / "mkdocs.yml").read_text("utf-8")
    assert (root / "site" / "playbook" / "pilot" / "index.html").is_file()
