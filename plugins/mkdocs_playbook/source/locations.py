"""Where a site keeps its playbook data: the one rule the plugin and the CLI share.

Both read the same settings (the plugin from MkDocs' validated config, the CLI
from mkdocs.yml itself), and both turn them into paths here, so `mkdocs build`
and `playbook tick` can never disagree about which files are the playbook.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mkdocs_playbook.source.files import BUNDLED_PHASES_DIR, ORGANIZATION_FILE, PROGRESS_DIR

DEFAULT_DOCS_DIR = "docs"
"""MkDocs' own default for `docs_dir`."""


@dataclass(frozen=True)
class Locations:
    """Absolute paths of one site's playbook."""

    site_root: Path
    """The folder of mkdocs.yml: relative settings are relative to it."""
    docs_dir: Path
    playbook_dir: Path
    """organization.yml and progress/ live here."""
    phases_dir: Path

    @property
    def organization_file(self) -> Path:
        return self.playbook_dir / ORGANIZATION_FILE

    @property
    def progress_dir(self) -> Path:
        return self.playbook_dir / PROGRESS_DIR

    @property
    def playbook_shown(self) -> str:
        """The data folder as pages name it to people (`playbook`): from mkdocs.yml's folder, '.' for that folder."""
        return shown_path(self.playbook_dir, self.site_root)

    @property
    def data_in_docs(self) -> bool:
        """The data sits inside docs_dir, so a generator that ignores the plugin would publish it."""
        return self.playbook_dir == self.docs_dir or self.docs_dir in self.playbook_dir.parents


def resolve(site_root: Path, *, docs_dir: str | None, playbook_dir: str | None, phases_dir: str | None) -> Locations:
    """Paths from settings as written in mkdocs.yml (relative to its folder; None: the default).

    The playbook's data defaults to `docs_dir` (the example keeps its pages and data together);
    a host site usually sets `playbook_dir` to a folder outside its docs. The phases default to
    the ones shipped with the package.
    """
    root = site_root.resolve()
    docs = (root / (docs_dir or DEFAULT_DOCS_DIR)).resolve()
    data = (root / playbook_dir).resolve() if playbook_dir else docs
    phases = (root / phases_dir).resolve() if phases_dir else BUNDLED_PHASES_DIR
    return Locations(site_root=root, docs_dir=docs, playbook_dir=data, phases_dir=phases)


def shown_path(path: Path, root: Path | None) -> str:
    """A path as help text writes it: relative to `root` (where people run `playbook` and `mkdocs`), with
    forward slashes on every system; absolute when it lies outside `root` or there is none."""
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()
