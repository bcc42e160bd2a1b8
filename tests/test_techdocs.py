"""Backstage TechDocs (README "Backstage TechDocs"): the example in examples/techdocs/ built as TechDocs
builds it, and the playbook's data kept out of every site a builder makes with the plugin removed.

TechDocs' MkDocs plugin (mkdocs-techdocs-core) pins its own mkdocs-material, pymdown-extensions and
Markdown, so it cannot share the test venv: one venv a session, outside the repository, holds the built
wheel with its `[techdocs]` extra, as a team's CI would. techdocs-cli is an npm package (~430 MB):
installed once into build/techdocs-cli by tools/install-techdocs-cli, which .ci/run starts in the
background at its first line; without npm its tests are skipped, a failed install is a failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import BIN, PHASES, ROOT, Distribution, copy_project, git, outside_env

pytestmark = pytest.mark.subprocess

EXAMPLE = ROOT / "examples" / "techdocs"
INSTALLER = ROOT / "tools" / "install-techdocs-cli"
CLI_HOME = ROOT / "build" / "techdocs-cli"
"""Where the installer puts techdocs-cli (build/ is ignored by git); .ci/run fills it in the background."""
DATA_FOLDERS = {"progress", "plans", "measurements", "decisions", "phases", "tailoring"}
ORGANIZATION = yaml.safe_load((ROOT / "playbook" / "organization.yml").read_text("utf-8"))
ADDRESSES = [contact["email"] for contact in ORGANIZATION["contacts"]]
REMOVED = ("playbook", "macros")
"""What techdocs-cli (and Backstage's own builder) strips from mkdocs.yml without `--defaultPlugin`."""


# --- what a built site publishes ---


def data_files(site: Path) -> list[str]:
    """Files of the playbook's data in the site: organization.yml, any YAML, anything in a data folder."""
    found = []
    for path in site.rglob("*"):
        parts = path.relative_to(site).parts
        if path.is_file() and (path.suffix in {".yml", ".yaml"} or DATA_FOLDERS.intersection(parts[:-1])):
            found.append("/".join(parts))
    return sorted(found)


def addresses_in(site: Path) -> list[str]:
    """`file: address` for each e-mail address of organization.yml found in a file of the site."""
    found = []
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix != ".gz":
            text = path.read_bytes().decode("utf-8", "replace")
            found += [f"{path.relative_to(site)}: {address}" for address in ADDRESSES if address in text]
    return found


def without_plugins(config: str, names: tuple[str, ...]) -> str:
    """mkdocs.yml's text with these entries of its `plugins:` list (and their options) left out."""
    kept, dropping = [], False
    for line in config.splitlines(keepends=True):
        entry = re.match(r" {2}- ([\w-]+)", line)
        if entry:
            dropping = entry.group(1) in names
        elif line.strip() and not line.startswith("    "):
            dropping = False
        if not dropping:
            kept.append(line)
    text = "".join(kept)
    assert not re.search(rf"^ {{2}}- ({'|'.join(names)})\b", text, re.M), text
    return text


def build(root: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs build` of the test venv, not --strict: what matters is what lands in the site."""
    return subprocess.run(
        [str(BIN / "mkdocs"), "build", "-d", str(site)], cwd=root, capture_output=True, text=True, check=False
    )


# --- item 2: the data stays out when a builder removes the plugin ---


def example_site(root: Path) -> Path:
    copy_project(root, with_git=False)
    return root


def new_site(root: Path) -> Path:
    done = subprocess.run(
        [str(BIN / "playbook"), "new", str(root), "--name", ORGANIZATION["name"]], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    # `playbook new` writes no contacts: the example's organization.yml (its addresses) in their place
    shutil.copy(ROOT / "playbook" / "organization.yml", root / "playbook" / "organization.yml")
    return root


def demo_site(root: Path) -> Path:
    done = subprocess.run([str(BIN / "playbook"), "demo", str(root)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    shutil.copy(ROOT / "playbook" / "organization.yml", root / "playbook" / "organization.yml")
    return root


@pytest.mark.parametrize("make", [example_site, new_site, demo_site], ids=["example", "playbook-new", "playbook-demo"])
def test_no_data_and_no_address_is_published_with_the_plugin_removed(make: Callable[[Path], Path], tmp_path: Path) -> None:
    root = make(tmp_path / "project")
    config = root / "mkdocs.yml"
    config.write_text(without_plugins(config.read_text("utf-8"), REMOVED), encoding="utf-8")
    done = build(root, tmp_path / "site")
    assert done.returncode == 0, done.stderr
    site = tmp_path / "site"
    assert not (site / "progress.json").exists(), "the playbook plugin still ran"
    assert data_files(site) == []
    assert addresses_in(site) == []


def test_the_data_check_sees_data_a_site_publishes(tmp_path: Path) -> None:
    """Without `exclude_docs`, the example's docs_dir (playbook/) is copied whole: the checks above see it."""
    root = example_site(tmp_path / "project")
    config = without_plugins((root / "mkdocs.yml").read_text("utf-8"), REMOVED)
    config = re.sub(r"^exclude_docs: \|\n(  .*\n)+", "", config, flags=re.M)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    assert build(root, tmp_path / "site").returncode == 0
    assert "organization.yml" in data_files(tmp_path / "site")
    assert "progress/pilot.yml" in data_files(tmp_path / "site")
    assert len(addresses_in(tmp_path / "site")) >= len(ADDRESSES)


# --- the recipe's files agree with each other and with the README ---


def installer_version() -> str:
    found = re.search(r"^VERSION=(\S+)", INSTALLER.read_text("utf-8"), re.M)
    assert found is not None
    return found.group(1)


def test_the_recipe_files_agree() -> None:
    """Backstage reads what CI publishes for the entity catalog-info.yaml names, built with both plugins
    allowed, from a full clone, with the techdocs-cli release the tests run."""
    catalog = yaml.safe_load((EXAMPLE / "catalog-info.yaml").read_text("utf-8"))
    assert catalog["metadata"]["annotations"]["backstage.io/techdocs-ref"] == "dir:."
    entity = f"default/{catalog['kind']}/{catalog['metadata']['name']}"
    app = yaml.safe_load((EXAMPLE / "app-config.yaml").read_text("utf-8"))["techdocs"]
    assert app["builder"] == "external"
    assert app["generator"]["mkdocs"]["dangerouslyAllowAdditionalPlugins"] == list(REMOVED)
    workflow = yaml.safe_load((EXAMPLE / "techdocs.yml").read_text("utf-8"))
    steps = workflow["jobs"]["publish"]["steps"]
    checkout = next(step for step in steps if str(step.get("uses", "")).startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    runs = [" ".join(str(step.get("run", "")).split()) for step in steps]
    assert "techdocs-cli generate --no-docker --defaultPlugin playbook macros --source-dir . --output-dir site" in runs
    assert any(run.startswith("techdocs-cli publish ") and f"--entity {entity} --directory site" in run for run in runs)
    assert f"npm install -g @techdocs/cli@{installer_version()}" in runs
    readme = (ROOT / "README.md").read_text("utf-8").split("### Backstage TechDocs", 1)[1].split("\n## ", 1)[0]
    assert f"@techdocs/cli@{installer_version()}" in readme
    assert "techdocs-cli generate --no-docker --defaultPlugin playbook macros" in readme
    assert f"--entity {entity}" in readme


def test_ci_starts_the_techdocs_cli_install_the_test_waits_for() -> None:
    script = (ROOT / ".ci" / "run").read_text("utf-8")
    line = f"tools/install-techdocs-cli {CLI_HOME.relative_to(ROOT)} "
    assert line in script and script.index(line) < script.index("apt-get"), "started before apt and pip"


# --- item 3: the TechDocs example, built with techdocs-core ---


@pytest.fixture(scope="session")
def techdocs_env(built_distribution: Distribution, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a venv outside the repository holding the built wheel with its `[techdocs]`
    extra (mkdocs-techdocs-core and its pins), its bin/ first on PATH, as techdocs-cli finds `mkdocs`."""
    venv = tmp_path_factory.mktemp("techdocs-venv") / "venv"
    assert ROOT not in venv.parents
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=outside_env())
    requirement = f"mkdocs-playbook[techdocs] @ {built_distribution.wheel.as_uri()}"
    done = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check", requirement],
        capture_output=True, text=True, env=outside_env(), check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    env = outside_env()
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


def techdocs_repository(root: Path) -> Path:
    """A team's repository as the README's recipe makes it: `playbook new`, then the example's
    mkdocs.yml and docs/ copied over it, and the example organization's data in playbook/ (so the
    pages have something to show), committed (the history CI clones)."""
    new_site(root)
    shutil.copy(EXAMPLE / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(EXAMPLE / "docs", root / "docs", dirs_exist_ok=True)
    for folder in ("progress", "plans", "measurements", "decisions"):
        shutil.copytree(ROOT / "playbook" / folder, root / "playbook" / folder, dirs_exist_ok=True)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "our playbook")
    return root


def phase_titles() -> dict[str, str]:
    titles = {}
    for phase_id in ORGANIZATION["phases"]:
        titles[phase_id] = yaml.safe_load((PHASES / f"{phase_id}.yml").read_text("utf-8"))["title"]
    return titles


def assert_techdocs_site(site: Path) -> None:
    """The dashboard, each phase page, the team's macros page, the organization's palette, and no data."""
    dashboard = BeautifulSoup((site / "playbook" / "index.html").read_text("utf-8"), "html.parser")
    assert dashboard.title is not None and dashboard.title.get_text() == f"Dashboard - {ORGANIZATION['name']} rollout playbook"
    links = {str(a["href"]) for a in dashboard.select("article a[href]")}
    for phase_id, title in phase_titles().items():
        assert f"{phase_id}/" in links, f"the dashboard links no {phase_id} page"
        page = BeautifulSoup((site / "playbook" / phase_id / "index.html").read_text("utf-8"), "html.parser")
        heading = page.select_one("article h1")
        assert heading is not None and heading.get_text(strip=True).rstrip("¶") == title
    home = BeautifulSoup((site / "index.html").read_text("utf-8"), "html.parser").select_one("article")
    assert home is not None and ORGANIZATION["name"] in home.get_text() and ORGANIZATION["product"] in home.get_text()
    assert home.select(".pb-progress"), "docs/index.md's progress bar macro rendered nothing"
    assert home.select_one("a[href='playbook/']") is not None, "docs/index.md links no dashboard"
    raw = [str(path.relative_to(site)) for path in site.rglob("*.html") if "{{" in path.read_text("utf-8")]
    assert raw == [], "macros left unrendered"
    # techdocs-core empties the palette; the playbook plugin, listed after it, puts the organization's back
    body = dashboard.body
    assert body is not None
    assert (body.get("data-md-color-primary"), body.get("data-md-color-accent")) == (
        ORGANIZATION["palette"]["primary"],
        ORGANIZATION["palette"]["accent"],
    )
    assert data_files(site) == []


@dataclass(frozen=True)
class Built:
    site: Path
    log: str


@pytest.fixture(scope="module")
def mkdocs_built(techdocs_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = techdocs_repository(tmp_path_factory.mktemp("techdocs") / "repo")
    site = root.parent / "site"
    done = subprocess.run(
        ["mkdocs", "build", "--strict", "-d", str(site)], cwd=root, capture_output=True, text=True, env=techdocs_env, check=False
    )
    assert done.returncode == 0, done.stderr[-5000:]
    return Built(site, done.stderr)


@pytest.mark.slow
def test_the_example_builds_strict_with_techdocs_core(mkdocs_built: Built) -> None:
    assert_techdocs_site(mkdocs_built.site)
    # techdocs-core ran: it writes the metadata Backstage reads the site's name from
    metadata = json.loads((mkdocs_built.site / "techdocs_metadata.json").read_text("utf-8"))
    assert metadata["site_name"] == f"{ORGANIZATION['name']} rollout playbook"


@pytest.mark.slow
def test_the_example_fails_on_a_clone_without_history(techdocs_env: dict[str, str], tmp_path: Path) -> None:
    """`strict: true` in the example's mkdocs.yml (techdocs-cli runs `mkdocs build` without --strict):
    a CI checkout without `fetch-depth: 0` fails instead of publishing a site with no who/when."""
    full = techdocs_repository(tmp_path / "full")
    git(full, "commit", "-q", "--allow-empty", "-m", "a second commit, so a depth-1 clone is shallow")
    git(tmp_path, "clone", "-q", "--depth", "1", full.as_uri(), "shallow")
    done = subprocess.run(
        ["mkdocs", "build", "-d", str(tmp_path / "site")],
        cwd=tmp_path / "shallow", capture_output=True, text=True, env=techdocs_env, check=False,
    )
    assert done.returncode != 0 and "shallow clone" in done.stderr, done.stderr[-3000:]


@pytest.fixture(scope="session")
def techdocs_cli() -> Path:
    """techdocs-cli from build/techdocs-cli, installed (or waited for) by tools/install-techdocs-cli."""
    if shutil.which("npm") is None:
        pytest.skip("npm not found: techdocs-cli generate not run")
    try:
        done = subprocess.run([str(INSTALLER), str(CLI_HOME)], capture_output=True, text=True, timeout=900, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{INSTALLER.name} {CLI_HOME}: npm install of @techdocs/cli took over 15 minutes", pytrace=False)
    if done.returncode != 0:
        pytest.fail(
            f"{INSTALLER.name} {CLI_HOME} failed (exit {done.returncode}):\n{done.stdout[-3000:]}{done.stderr[-3000:]}",
            pytrace=False,
        )
    return CLI_HOME / "node_modules" / ".bin" / "techdocs-cli"


def generate(cli: Path, env: dict[str, str], root: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    """`techdocs-cli generate --no-docker` as the recipe runs it; it rewrites mkdocs.yml in place."""
    return subprocess.run(
        [str(cli), "generate", "--no-docker", *flags, "--source-dir", str(root), "--output-dir", str(root.parent / "site")],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )


@pytest.fixture(scope="module")
def generated(techdocs_cli: Path, techdocs_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = techdocs_repository(tmp_path_factory.mktemp("generated") / "repo")
    done = generate(techdocs_cli, techdocs_env, root, "--defaultPlugin", *REMOVED)
    assert done.returncode == 0, (done.stdout + done.stderr)[-5000:]
    return Built(root.parent / "site", done.stdout + done.stderr)


@pytest.mark.slow
def test_techdocs_cli_generate_with_the_plugins_allowed(generated: Built) -> None:
    assert_techdocs_site(generated.site)
    assert "Removed unsupported MkDocs plugins" not in generated.log
    metadata = json.loads((generated.site / "techdocs_metadata.json").read_text("utf-8"))
    assert metadata["site_name"] == f"{ORGANIZATION['name']} rollout playbook"
    assert {"index.html", "playbook/index.html", "playbook/pilot/index.html"} <= set(metadata["files"])
    assert not [name for name in metadata["files"] if name.endswith((".yml", ".yaml"))]


@pytest.mark.slow
def test_techdocs_cli_generate_without_the_flag_fails_and_publishes_no_data(
    techdocs_cli: Path, techdocs_env: dict[str, str], tmp_path: Path
) -> None:
    """What Backstage's own builder does without `dangerouslyAllowAdditionalPlugins`: both plugins go.
    The example's `strict: true` turns the missing pages into a failed job; what was written holds no data."""
    root = techdocs_repository(tmp_path / "repo")
    done = generate(techdocs_cli, techdocs_env, root)
    log = done.stdout + done.stderr
    assert "Removed unsupported MkDocs plugins from mkdocs.yml: playbook, macros." in log
    assert done.returncode != 0, log[-3000:]
    site = tmp_path / "site"
    assert not (site / "progress.json").exists()
    assert data_files(site) == []
    assert addresses_in(site) == []
