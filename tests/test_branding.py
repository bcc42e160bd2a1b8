"""organization.yml's `logo` is read relative to the organization's folder, whatever folder the site is built from.

Table-driven over layouts: the data beside the docs, the generated pages in a folder of their own,
the organization's folder inside the docs, and one organization of several (`orgs/<name>/`) built
from the repository's root. Each is a real `mkdocs build --strict -f ...` run from another folder;
the built page's logo must point at a file of the site holding the organization's logo.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from conftest import BIN

pytestmark = pytest.mark.subprocess

LOGO = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8"/></svg>'


@dataclass(frozen=True)
class Layout:
    name: str
    site: str
    """The folder of mkdocs.yml, relative to the repository."""
    docs_dir: str
    playbook_dir: str
    """Relative to mkdocs.yml."""
    pages_dir: str
    served_at: str
    """Where the built site holds the logo."""


LAYOUTS = [
    Layout("data beside the docs", ".", "docs", "playbook", "", "assets/logo.svg"),
    Layout("pages in a folder", ".", "docs", "playbook", "rollout", "rollout/assets/logo.svg"),
    Layout("data inside the docs", ".", "docs", "docs/org", "", "org/assets/logo.svg"),
    Layout("one organization of several", "orgs/acme", "docs", "playbook", "", "assets/logo.svg"),
]


def _site(repository: Path, layout: Layout, logo: str = "assets/logo.svg") -> Path:
    site = repository / layout.site
    data = site / layout.playbook_dir
    (data / "assets").mkdir(parents=True)
    (data / "assets" / "logo.svg").write_bytes(LOGO)
    (data / "organization.yml").write_text(f"name: Acme\nproduct: Widget\nlogo: {logo}\n", "utf-8")
    (site / layout.docs_dir).mkdir(parents=True, exist_ok=True)
    (site / layout.docs_dir / "guide.md").write_text("# Guide\n", "utf-8")
    inside = layout.playbook_dir.removeprefix(f"{layout.docs_dir}/")
    exclude = f"exclude_docs: |\n  /{inside}/organization.yml\n" if inside != layout.playbook_dir else ""
    (site / "mkdocs.yml").write_text(
        f"site_name: Test\ndocs_dir: {layout.docs_dir}\n{exclude}theme:\n  name: material\nplugins:\n  - playbook:\n"
        f"      playbook_dir: {layout.playbook_dir}\n      pages_dir: '{layout.pages_dir}'\n"
        "      theme_from_organization: true\n      history: false\n",
        "utf-8",
    )
    return site


def _build(repository: Path, site: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "-f", str(site / "mkdocs.yml"), "-d", str(repository / "out")],
        cwd=cwd, capture_output=True, text=True, check=False,
    )


@pytest.mark.parametrize("layout", LAYOUTS, ids=[layout.name for layout in LAYOUTS])
def test_logo_is_found_beside_organization_yml(tmp_path: Path, layout: Layout) -> None:
    repository = tmp_path / "repository"
    site = _site(repository, layout)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = _build(repository, site, cwd=elsewhere)  # neither the repository nor the site's folder
    assert done.returncode == 0, done.stderr
    assert (repository / "out" / layout.served_at).read_bytes() == LOGO
    page = "guide/index.html"
    image = BeautifulSoup((repository / "out" / page).read_text("utf-8"), "html.parser").select_one(
        ".md-header__button.md-logo img"
    )
    assert image is not None
    assert urljoin(f"https://example.org/{page}", str(image["src"])) == f"https://example.org/{layout.served_at}"


def test_a_missing_logo_fails_a_strict_build_naming_it(tmp_path: Path) -> None:
    repository = tmp_path / "repository"
    site = _site(repository, LAYOUTS[0], logo="assets/missing.svg")
    done = _build(repository, site, cwd=tmp_path)
    assert done.returncode != 0
    assert "organization.yml: logo 'assets/missing.svg' is not a file in" in done.stderr
