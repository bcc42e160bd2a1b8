"""Which sites `--all` means: the site of the current folder and every organization's below it.

One repository can hold several organizations' playbooks (README "Several organizations in one
repository"): `orgs/<name>/mkdocs.yml` each, inheriting shared settings from a base file. This is
the one rule that finds them, for `playbook build`, `check` and `status`, so the three always agree
on what "all" is. It reads no site's settings beyond whether the current folder's own mkdocs.yml
lists the plugin (a documentation site beside the organizations is not a playbook), and never
imports MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mkdocs_playbook.source import siteconfig
from mkdocs_playbook.source.files import display_path

ORGS_DIR = "orgs"
"""The folder of organizations, one sub-folder each, unless `--orgs DIR` names another."""


@dataclass(frozen=True)
class FoundSite:
    """One site `--all` covers: its mkdocs.yml and the name its output folder and heading take."""

    config: Path
    """The mkdocs.yml (or mkdocs.yaml), absolute."""
    name: str
    """The organization's folder name; "" for the site of the current folder itself."""

    @property
    def label(self) -> str:
        """How the site is named in headings and summaries: its mkdocs.yml as a path from here."""
        return display_path(self.config)


class NoSites(Exception):
    """Nothing to cover: the text says where it looked."""


def discover(start: Path, orgs: Path | str = ORGS_DIR) -> list[FoundSite]:
    """The current folder's site (if its mkdocs.yml lists the plugin), then `<orgs>/*/mkdocs.yml`, sorted.

    A current-folder mkdocs.yml that cannot be read is kept: the command then reports its problem
    rather than silently leaving the site out. Organizations are kept whatever their mkdocs.yml
    says, for the same reason. NoSites when there is none.
    """
    start = start.absolute()
    found: list[FoundSite] = []
    own = _config_in(start)
    if own is not None and _is_playbook(own):
        found.append(FoundSite(own, ""))
    orgs_dir = (start / orgs).absolute()
    if orgs_dir.is_dir():
        for folder in sorted(orgs_dir.iterdir(), key=lambda p: p.name):
            config = _config_in(folder) if folder.is_dir() and not folder.name.startswith(".") else None
            if config is not None:
                found.append(FoundSite(config, folder.name))
    if not found:
        names = " or ".join(siteconfig.CONFIG_NAMES)
        raise NoSites(
            f"no site found: looked for {names} listing the playbook plugin in {display_path(start)}, "
            f"and for {display_path(orgs_dir)}/*/{siteconfig.CONFIG_NAMES[0]}; run it in the folder that "
            "holds the organizations' folder, or name that folder with --orgs DIR"
        )
    return found


def _config_in(folder: Path) -> Path | None:
    return next((folder / name for name in siteconfig.CONFIG_NAMES if (folder / name).is_file()), None)


def _is_playbook(config: Path) -> bool:
    try:
        return siteconfig.lists_plugin(siteconfig.read(config, plugin_required=False))
    except siteconfig.SiteConfigError:
        return True
