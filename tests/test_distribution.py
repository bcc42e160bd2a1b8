"""The distribution as a user gets it: the wheel and sdist `python -m build` makes, the wheel
installed into a fresh venv outside the repository and building a site there, and the example
built by ProperDocs, which loads the plugin through its own entry-point group."""

from __future__ import annotations

import configparser
import email
import json
import subprocess
import tarfile
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import BIN, ROOT, Distribution, Project, copy_project, git, outside_env

pytestmark = pytest.mark.subprocess

PHASES = ["proof-of-concept", "pilot", "enterprise-rollout"]
PACKAGE = "plugins/mkdocs_playbook"


def package_files() -> list[str]:
    """Every file of the package as committed (code and data), relative to plugins/: a data file
    that no `package-data` pattern covers is missing from the wheel, and this list catches it."""
    listed = git(ROOT, "ls-files", "--", PACKAGE).splitlines()
    assert any(name.endswith(".yml") for name in listed) and any(name.endswith(".py") for name in listed)
    return [name.removeprefix("plugins/") for name in listed]


def entry_points(text: str) -> dict[str, dict[str, str]]:
    parser = configparser.ConfigParser(delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keep names as written
    parser.read_string(text)
    return {section: dict(parser[section]) for section in parser.sections()}


@pytest.mark.slow
def test_wheel_carries_code_data_license_and_entry_points(built_distribution: Distribution) -> None:
    with zipfile.ZipFile(built_distribution.wheel) as wheel:
        names = set(wheel.namelist())
        (dist_info,) = {name.split("/")[0] for name in names if name.split("/")[0].endswith(".dist-info")}
        metadata = email.message_from_string(wheel.read(f"{dist_info}/METADATA").decode())
        points = entry_points(wheel.read(f"{dist_info}/entry_points.txt").decode())
        license_text = wheel.read(f"{dist_info}/licenses/LICENSE").decode()
    missing = [name for name in package_files() if name not in names]
    assert not missing, f"in the package but not in the wheel: {missing}"
    for data in ("phases/pilot.yml", "schemas/phase.schema.json", "blocks/checklist.md.j2",
                 "blocks/checklist.schema.json", "output/templates/phase.md.j2", "output/assets/playbook.css"):
        assert f"mkdocs_playbook/{data}" in names
    assert not [name for name in names if name.startswith(("tests/", "playbook/", "plugins/"))]
    assert points["console_scripts"] == {"playbook": "mkdocs_playbook.commands:main"}
    assert points["mkdocs.plugins"] == {"playbook": "mkdocs_playbook.plugin:PlaybookPlugin"}
    assert points["properdocs.plugins"] == {"playbook": "mkdocs_playbook.plugin:PlaybookPlugin"}
    # PEP 639: an SPDX expression and the license file, no license classifier beside them
    assert metadata["License-Expression"] == "MIT"
    assert metadata.get_all("License-File") == ["LICENSE"]
    assert not [c for c in metadata.get_all("Classifier") or [] if c.startswith("License ::")]
    assert "Permission is hereby granted" in license_text
    assert license_text == (ROOT / "LICENSE").read_text("utf-8")


@pytest.mark.slow
def test_sdist_carries_what_builds_the_wheel_and_no_half_test_suite(built_distribution: Distribution) -> None:
    with tarfile.open(built_distribution.sdist) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    for name in ("LICENSE", "README.md", "pyproject.toml", "PKG-INFO"):
        assert name in names
    missing = [name for name in package_files() if f"plugins/{name}" not in names]
    assert not missing, f"in the package but not in the sdist: {missing}"
    # setuptools adds tests/test*.py on its own, without conftest.py and the example they need
    assert not [name for name in names if name.startswith("tests")]


GUEST_CONFIG = """\
site_name: Fabrikam docs
theme:
  name: material
plugins:
  - playbook:
      playbook_dir: playbook
"""

GUEST_ORGANIZATION = "name: Fabrikam\nproduct: Fabrikam Desk\n"


def run(command: list[str | Path], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True, text=True, env=outside_env(), check=False)


@pytest.mark.slow
def test_installed_wheel_builds_a_minimal_site_outside_the_repository(installed_wheel: Path, tmp_path: Path) -> None:
    """A guest site: a minimal mkdocs.yml, an empty docs/, the organization's data beside it,
    and nothing of this repository: the phases, schemas and templates all come from the wheel."""
    site = tmp_path / "guest"
    assert ROOT not in site.parents and site not in ROOT.parents
    (site / "docs").mkdir(parents=True)
    (site / "playbook" / "progress").mkdir(parents=True)
    (site / "mkdocs.yml").write_text(GUEST_CONFIG, encoding="utf-8")
    (site / "playbook" / "organization.yml").write_text(GUEST_ORGANIZATION, encoding="utf-8")
    (site / "playbook" / "progress" / "proof-of-concept.yml").write_text("analyze-risk: done\n", encoding="utf-8")
    git(site, "init", "-q")

    # the installed CLI lays out every phase's progress file (from the phases in the wheel) ...
    done = run([installed_wheel / "playbook", "fmt"], site)
    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(p.name for p in (site / "playbook" / "progress").iterdir()) == sorted(f"{p}.yml" for p in PHASES)
    assert not (site / "phases").exists()
    # ... and checks them clean
    done = run([installed_wheel / "playbook", "check", "--format", "json"], site)
    assert done.returncode == 0, done.stdout + done.stderr
    summary = {p["id"]: p["counts"] for p in json.loads(done.stdout)["summary"]["phases"]}
    assert list(summary) == PHASES
    assert summary["proof-of-concept"]["done"] == 1
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "Our playbook")

    done = run([installed_wheel / "mkdocs", "build", "--strict"], site)
    assert done.returncode == 0, done.stderr
    built = site / "site"
    dashboard = BeautifulSoup((built / "index.html").read_text("utf-8"), "html.parser")
    blocks = dashboard.select(".pb-progress-block")
    assert len(blocks) == len(PHASES)
    assert [block.select_one(".pb-done").get_text() for block in blocks] == [str(summary[p]["done"]) for p in PHASES]
    for phase in PHASES:
        page = BeautifulSoup((built / phase / "index.html").read_text("utf-8"), "html.parser")
        items = page.select("li.pb-item")
        assert len(items) == summary[phase]["total"] + summary[phase]["skipped"]
        assert len(page.select("li.pb-item input[type=checkbox][checked]")) == summary[phase]["done"]
    assert (built / "progress.json").is_file()
    assert not list(built.rglob("*.yml")), "data files were published"


@pytest.mark.slow
def test_installed_package_has_no_path_back_into_the_repository(installed_wheel: Path) -> None:
    venv = installed_wheel.parent
    probe = (
        "import json, importlib.metadata as m, importlib.resources as r, mkdocs_playbook;"
        "d = m.distribution('mkdocs-playbook');"
        "print(json.dumps({'package': mkdocs_playbook.__file__,"
        " 'phases': sorted(p.name for p in (r.files('mkdocs_playbook') / 'phases').iterdir()),"
        " 'phases_dir': str(r.files('mkdocs_playbook') / 'phases'),"
        " 'direct_url': d.read_text('direct_url.json') or ''}))"
    )
    done = run([installed_wheel / "python", "-c", probe], Path("/"))
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert Path(found["package"]).is_relative_to(venv)
    assert Path(found["phases_dir"]).is_relative_to(venv)
    assert found["phases"] == sorted(f"{p}.yml" for p in PHASES)
    # installed from the wheel file, not as an editable link to this checkout
    assert str(ROOT) not in found["direct_url"] and '"editable": true' not in found["direct_url"]
    (site_packages,) = venv.glob("lib/python*/site-packages")
    for pth in site_packages.glob("*.pth"):
        assert str(ROOT) not in pth.read_text("utf-8"), pth


def soup(project: Project, site: str, path: str) -> BeautifulSoup:
    return BeautifulSoup((project.root / site / path).read_text("utf-8"), "html.parser")


def test_properdocs_finds_the_plugin_in_its_own_entry_point_group() -> None:
    from properdocs.plugins import get_plugins

    found = get_plugins()["playbook"]
    assert found.group == "properdocs.plugins"
    assert found.value == "mkdocs_playbook.plugin:PlaybookPlugin"


def test_properdocs_builds_the_example_strict_as_mkdocs_does(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    done = subprocess.run([str(BIN / "properdocs"), "build", "--strict", "-d", "properdocs-site"],
                          cwd=project.root, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert project.build().returncode == 0
    summary = {p["id"]: p["counts"] for p in project.check_json()["summary"]["phases"]}
    dashboard = soup(project, "properdocs-site", "index.html")
    assert len(dashboard.select(".pb-progress-block")) == len(PHASES)
    for phase in PHASES:
        page = soup(project, "properdocs-site", f"{phase}/index.html")
        assert len(page.select("li.pb-item input[type=checkbox][checked]")) == summary[phase]["done"]
        # the same playbook as MkDocs builds, to the letter
        for selector in ("article", "nav.md-nav--primary"):
            ours, theirs = page.select_one(selector), soup(project, "site", f"{phase}/index.html").select_one(selector)
            assert ours is not None and theirs is not None
            assert ours.get_text(" ", strip=True) == theirs.get_text(" ", strip=True)
    assert json.loads((project.root / "properdocs-site" / "progress.json").read_text("utf-8"))["phases"]
    assert not list((project.root / "properdocs-site").rglob("*.yml")), "data files were published"


def test_properdocs_strict_fails_on_the_plugins_warnings(tmp_path: Path) -> None:
    """The plugin logs through MkDocs' plugin logger, which ProperDocs redirects to its own: a data
    problem fails `properdocs build --strict` as it fails `mkdocs build --strict`."""
    project = copy_project(tmp_path / "project")
    (project.progress / "pilot.yml").write_text("identify-pilot-user: done\n")
    project.commit_all("typo")
    done = subprocess.run([str(BIN / "properdocs"), "build", "--strict"], cwd=project.root, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert "playbook/progress/pilot.yml:1:1" in done.stderr and "did you mean 'identify-pilot-users'" in done.stderr
