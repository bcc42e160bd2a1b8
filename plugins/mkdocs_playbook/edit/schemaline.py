"""Where the `# yaml-language-server: $schema=...` line of a progress file points.

Editors (through yaml-language-server) resolve that path from the file itself, so a line
that is right in this repository is wrong in a site that installed the package with pip:
it must follow where the data and the package actually are. The rule (README, "File formats"):

* when the package's schemas/ folder lies inside the same site folder or git work tree as
  the progress file (this repository, an editable install), and not inside an installed
  environment (`site-packages`), the line is the relative path to it: everyone who clones
  the repository has the same folder at the same place;
* otherwise the line points to a copy of the package's schema files in
  `<playbook_dir>/.schemas/` (a dot folder, so MkDocs does not publish it), which the
  command that writes the line writes or refreshes first, each file atomically.

A line that already resolves is left alone; `playbook fmt` replaces one that points nowhere.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from mkdocs_playbook.edit.atomic import write_atomic

PREFIX = "# yaml-language-server: $schema="
PACKAGE_SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
COPY_FOLDER = ".schemas"
_INSTALLED = frozenset(("site-packages", "dist-packages"))
_LINE = re.compile(r"#\s*yaml-language-server:\s*\$schema=(\S+)\s*")
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True)
class SchemaHome:
    """The folder the schema lines of one playbook point into, and whether it is the copy."""

    folder: Path
    copy: bool
    """True: `<playbook_dir>/.schemas`, written by `ensure()` before a line points there."""

    def line(self, file: Path, kind: str = "progress") -> str:
        """The schema line for `file` (a path relative to the file's folder, with `/`)."""
        target = self.folder / f"{kind}.schema.json"
        relative = os.path.relpath(target, Path(file).resolve().parent)
        return PREFIX + relative.replace(os.sep, "/")

    def ensure(self) -> list[Path]:
        """Write or refresh the copy (nothing for the package's own folder); the files that changed."""
        if not self.copy:
            return []
        self.folder.mkdir(exist_ok=True)
        changed = []
        for source in sorted(PACKAGE_SCHEMAS.glob("*.schema.json")):
            text = source.read_text("utf-8")
            target = self.folder / source.name
            if not target.is_file() or target.is_symlink() or target.read_text("utf-8", "replace") != text:
                write_atomic(target, text)
                changed.append(target)
        return changed


def home(playbook_dir: Path, site_root: Path | None) -> SchemaHome:
    """Where the schema lines of files under `playbook_dir` point (see the module's rule)."""
    data = playbook_dir.resolve()
    package = PACKAGE_SCHEMAS
    roots = [root for root in (site_root.resolve() if site_root else None, work_tree(data)) if root is not None]
    shared = any(root in package.parents and root in [data, *data.parents] for root in roots)
    if shared and not _INSTALLED.intersection(package.parts):
        return SchemaHome(package, copy=False)
    return SchemaHome(data / COPY_FOLDER, copy=True)


def target(text: str) -> str | None:
    """The path the file's schema line names (its first line), or None when it has none."""
    first = text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    match = _LINE.fullmatch(first)
    return match.group(1) if match else None


def dangling(text: str, file: Path) -> str | None:
    """The schema line's path when it names a file that does not exist (a URL is never judged)."""
    named = target(text)
    if named is None or _URL.match(named):
        return None
    return None if (Path(os.path.abspath(file)).parent / named).is_file() else named


def replace_first_line(text: str, line: str) -> str:
    """`text` with its first line (after a byte-order mark) replaced by `line`, line break kept."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    end = body.find("\n")
    rest = "" if end < 0 else body[end:]
    if rest and body[:end].endswith("\r"):
        rest = "\r" + rest
    return bom + line + rest


def work_tree(start: Path) -> Path | None:
    """The top of the git work tree holding `start` (a `.git` folder or file), found without git."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None
