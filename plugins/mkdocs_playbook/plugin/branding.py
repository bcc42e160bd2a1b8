"""Where the organization's logo comes from and where the site serves it (`theme_from_organization`).

organization.yml's `logo` is a path relative to the organization's own folder (`playbook_dir`,
the folder of organization.yml), wherever the site is built from; the theme wants a path inside
the site. A logo inside `docs_dir` is already a file of the site: the theme gets its path there.
A logo outside it (the data kept beside the docs, or an organization's folder in a repository
of several) is added to the site beside the playbook's pages (`pages_dir`), so no one has to
copy it into the docs by hand. An https URL is used as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from mkdocs_playbook.output import gate


@dataclass(frozen=True)
class Logo:
    theme_path: str
    """What the theme's `logo` setting gets: a path inside the site, or the URL."""
    copy_from: Path | None = None
    """The file to add to the site at `theme_path`, when it lies outside docs_dir."""


def place_logo(logo: str | None, *, playbook_dir: Path, docs_dir: Path, pages_dir: str) -> Logo | str | None:
    """The logo's place in the site; a problem as text (for a warning); None without a usable logo.

    The organization's loader has already refused a path with `..` or an unsafe URL; the gate's
    rule is asked again because the theme prints the value unescaped.
    """
    value = gate.asset_url(logo)
    if value is None:
        return None
    if value.startswith("https://"):
        return Logo(value)
    source = (playbook_dir / value).resolve()
    if not source.is_file():
        return f"organization.yml: logo '{value}' is not a file in {playbook_dir}, the folder it is read from"
    docs = docs_dir.resolve()
    if source.is_relative_to(docs):
        return Logo(source.relative_to(docs).as_posix())
    return Logo(str(PurePosixPath(pages_dir.strip("/"), value)) if pages_dir.strip("/") else value, source)
