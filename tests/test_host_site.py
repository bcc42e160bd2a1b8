"""The playbook added to an existing site (README, "Add the playbook to an existing site"), built for real.

tests/fixtures/host-site/ is a team's own Material site: `docs_dir: docs`, its own pages (an
`index.md` and a `pilot.md` among them), its own mkdocs-macros module defining `checklist`, a
hand-written nav, its own site name, palette and stylesheet. The playbook is added the way the
README says: data in `playbook/` outside docs, generated pages under `rollout/`, a nav section.
The same site built without the playbook plugin is the reference its own pages are held to.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from conftest import BIN, ROOT, git

FIXTURE = ROOT / "tests" / "fixtures" / "host-site"
HOST_PAGES = {
    "index.html": "Welcome to the Fabrikam handbook",
    "pilot/index.html": "Our pilot programme",
    "guides/onboarding/index.html": "Onboarding a new colleague",
}
"""The host's pages as built, and their H1."""
PLAYBOOK_PAGES = {
    "rollout/index.html": "Dashboard",
    "rollout/proof-of-concept/index.html": "Proof of concept",
    "rollout/pilot/index.html": "Pilot",
}
PLUGIN_ENTRY = re.compile(r"  - playbook:\n(      .*\n)+")


@dataclass
class Site:
    root: Path
    built: subprocess.CompletedProcess[str]

    def soup(self, path: str) -> BeautifulSoup:
        return BeautifulSoup((self.root / "site" / path).read_text("utf-8"), "html.parser")


def host_copy(destination: Path, change: dict[str, str] | None = None) -> Path:
    """The fixture in a git repository of its own, with `change` (path -> text) applied, committed."""
    shutil.copytree(FIXTURE, destination)
    for path, text in (change or {}).items():
        (destination / path).parent.mkdir(parents=True, exist_ok=True)
        (destination / path).write_text(text, "utf-8")
    git(destination, "init", "-q")
    git(destination, "add", "-A")
    git(destination, "commit", "-q", "-m", "The handbook", env={"GIT_AUTHOR_DATE": "2026-09-01T12:00:00+00:00",
                                                                 "GIT_COMMITTER_DATE": "2026-09-01T12:00:00+00:00"})
    return destination


def build(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "-d", str(root / "site")],
        cwd=root, capture_output=True, text=True, env=os.environ, check=False,
    )


def with_options(root: Path, **options: str) -> None:
    """Replace plugin options in the copy's mkdocs.yml (each must already be there)."""
    config = (root / "mkdocs.yml").read_text("utf-8")
    for key, value in options.items():
        config, count = re.subn(rf"(?m)^      {key}: .*$", f"      {key}: {value}", config)
        assert count == 1, key
    (root / "mkdocs.yml").write_text(config, "utf-8")


@pytest.fixture(scope="module")
def host(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    root = host_copy(tmp_path_factory.mktemp("host") / "handbook")
    yield Site(root, build(root))


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The same site without the playbook plugin: what the team had before adding it."""
    root = host_copy(tmp_path_factory.mktemp("reference") / "handbook")
    config = (root / "mkdocs.yml").read_text("utf-8")
    (root / "mkdocs.yml").write_text(PLUGIN_ENTRY.sub("", config, count=1), "utf-8")
    site = Site(root, build(root))
    assert site.built.returncode == 0, site.built.stderr
    yield site


def article_text(page: BeautifulSoup) -> str:
    article = page.select_one("article")
    assert article is not None
    return " ".join(article.get_text(" ").split())


def top_nav(page: BeautifulSoup) -> list[tuple[str, list[str]]]:
    """The primary nav's top level: (title, [child link hrefs]) in order."""
    items = []
    for li in page.select("nav.md-nav--primary > ul > li"):
        head = li.find(["a", "label"], recursive=False)
        assert isinstance(head, Tag)
        children = [a["href"] for a in li.select("nav > ul > li > a")]
        items.append((" ".join(head.get_text(" ").split()), [str(h) for h in children]))
    return items


def test_the_host_site_builds_strict_with_the_playbook(host: Site) -> None:
    assert host.built.returncode == 0, host.built.stderr
    assert "WARNING" not in host.built.stderr
    assert "Traceback" not in host.built.stderr


def test_every_host_page_is_there_unchanged(host: Site, reference: Site) -> None:
    for path, heading in HOST_PAGES.items():
        page, before = host.soup(path), reference.soup(path)
        h1 = page.select_one("article h1")
        assert h1 is not None and h1.get_text().rstrip("¶") == heading, path
        assert article_text(page) == article_text(before), path
    pilot = article_text(host.soup("pilot/index.html"))
    assert "Fabrikam pilots every new service with the finance department first." in pilot


def test_site_name_palette_and_stylesheet_stay_the_hosts(host: Site) -> None:
    for path in [*HOST_PAGES, *PLAYBOOK_PAGES]:
        page = host.soup(path)
        assert page.title is not None and page.title.get_text().endswith("Fabrikam Handbook"), path
        assert page.select_one(".md-header__topic").get_text(" ", strip=True) == "Fabrikam Handbook", path
        body = page.body
        assert body is not None
        assert (body["data-md-color-primary"], body["data-md-color-accent"]) == ("teal", "pink"), path
        here = (host.root / "site" / path).parent
        sheets = {(here / str(link["href"])).resolve() for link in page.select("link[rel=stylesheet]")}
        for wanted in ("css/host.css", "rollout/assets/playbook.css"):  # relative links that work at any depth
            assert (host.root / "site" / wanted).resolve() in sheets, (path, wanted)
            assert (host.root / "site" / wanted).is_file()


def test_the_hosts_own_checklist_macro_rendered(host: Site) -> None:
    # Needs the plugin's macros under the `playbook.` namespace: a plugin macro named `checklist`
    # collides with the host's (mkdocs-macros raises KeyError at configuration time).
    page = host.soup("guides/onboarding/index.html")
    items = [" ".join(li.get_text(" ").split()) for li in page.select("article li.task-list-item")]
    assert items == ["Order the laptop", "Create the accounts", "Book the welcome lunch"]
    assert "{{" not in article_text(page)


def test_the_playbook_pages_live_under_the_chosen_folder_in_the_nav_section(host: Site) -> None:
    for path in PLAYBOOK_PAGES:
        assert host.soup(path).select("article h1"), path
    assert (host.root / "site" / "rollout" / "progress.json").is_file()
    assert not (host.root / "site" / "progress.json").exists()
    nav = top_nav(host.soup("index.html"))
    assert [title for title, _ in nav] == ["Home", "Pilot programme", "Rollout playbook", "Guides"]
    assert dict(nav)["Rollout playbook"] == ["rollout/", "rollout/proof-of-concept/", "rollout/pilot/"]
    section = host.soup("index.html").select("nav.md-nav--primary > ul > li")[2]
    assert [" ".join(a.get_text(" ").split()) for a in section.select("nav > ul > li > a")] == list(
        PLAYBOOK_PAGES.values()
    )


def test_no_data_file_reached_the_site(host: Site) -> None:
    assert not list((host.root / "site").rglob("*.yml"))
    assert not list((host.root / "site").rglob("*.yaml"))


# --- clashes: the playbook never replaces a file of the host -----------------------------------


def failed_build(tmp_path: Path, change: dict[str, str] | None = None, **options: str) -> str:
    root = host_copy(tmp_path / "handbook", change)
    with_options(root, **options)
    done = build(root)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert not (root / "site").exists(), "nothing is built"
    return done.stderr


def test_a_phase_page_on_the_hosts_pilot_md_is_an_error_naming_both(tmp_path: Path) -> None:
    stderr = failed_build(tmp_path, pages_dir='""')
    assert (
        "docs/pilot.md is the site's own file, and the playbook generates pilot.md (the page of phase 'pilot'): "
        "move the playbook's file with the plugin option `pages_dir` or `phase_pages`"
    ) in stderr


def test_the_dashboard_on_the_hosts_index_md_is_an_error_naming_both(tmp_path: Path) -> None:
    stderr = failed_build(tmp_path, {"mkdocs.yml": _with_phase_pages("phases/{phase}.md")}, pages_dir='""')
    assert (
        "docs/index.md is the site's own file, and the playbook generates index.md (the dashboard): "
        "move the playbook's file with the plugin option `pages_dir` or `dashboard`"
    ) in stderr
    assert "docs/pilot.md" not in stderr


def test_progress_json_on_the_hosts_file_is_an_error_naming_both(tmp_path: Path) -> None:
    stderr = failed_build(tmp_path, {"docs/rollout/progress.json": '{"host": true}\n'})
    assert (
        "docs/rollout/progress.json is the site's own file, and the playbook generates rollout/progress.json "
        "(the machine-readable state): move the playbook's file with the plugin option `pages_dir` or `progress_json`"
    ) in stderr


def _with_phase_pages(pattern: str) -> str:
    config = (FIXTURE / "mkdocs.yml").read_text("utf-8")
    return config.replace("      pages_dir: rollout", f'      phase_pages: "{pattern}"\n      pages_dir: rollout', 1)


def test_the_readme_adds_the_plugin_exactly_as_the_fixture_does() -> None:
    """The README's steps are what this file builds: its plugin entry and nav shape are the fixture's."""
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("## Add the playbook to an existing site") :]
    section = section[: section.index("\n## ", 1)]
    blocks = [textwrap.dedent(b) for b in re.findall(r"```yaml\n(.*?)```", section, flags=re.S)]
    fixture = yaml.safe_load((FIXTURE / "mkdocs.yml").read_text("utf-8"))
    plugins = yaml.safe_load(next(b for b in blocks if b.lstrip().startswith("plugins:")))["plugins"]
    assert plugins == fixture["plugins"]
    nav = yaml.safe_load(next(b for b in blocks if b.lstrip().startswith("nav:")))["nav"]
    assert nav == [entry for entry in fixture["nav"] if "Pilot programme" not in entry]
