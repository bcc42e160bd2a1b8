"""A `Source` that reads the tree of one commit, through `gitrepo`: no checkout, no temp files.

The files under the given roots are listed with one ``git ls-tree`` and read
through GitPython's one ``git cat-file`` process when the source is made; the
loaders then read them as they read the working tree. Paths are relative to
the top of the repository, and messages name files as git does
(``1a2b3c4:playbook/progress/pilot.yml``), so ``git show`` takes them as printed.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from mkdocs_playbook import gitrepo
from mkdocs_playbook.source.diagnostics import Diagnostic
from mkdocs_playbook.source.limits import DEFAULT_MAX_FILE_MB
from mkdocs_playbook.source.yamlread import Document, read_text

if TYPE_CHECKING:
    import git


class RevisionSource:
    """The files under `roots` (relative to the repository's top) at `commit`, named `label:path`."""

    def __init__(
        self, repo: git.Repo, commit: str, label: str, roots: Sequence[str], max_mb: float = DEFAULT_MAX_FILE_MB
    ) -> None:
        self.label = label
        self.max_mb = max_mb
        self._files = gitrepo.read_files(repo, commit, [_key(Path(root)) for root in roots])
        self._folders = {str(parent) for name in self._files for parent in PurePosixPath(name).parents}

    def display(self, path: Path) -> str:
        return f"{self.label}:{_key(path)}"

    def exists(self, path: Path) -> bool:
        return _key(path) in self._files or self.is_dir(path)

    def is_dir(self, path: Path) -> bool:
        return _key(path) in self._folders

    def glob(self, folder: Path, pattern: str) -> list[Path]:
        inside = _key(folder)
        found = []
        for name in [*self._files, *(f for f in self._folders if f != ".")]:  # folders too, as on disk
            parent, child = str(PurePosixPath(name).parent), PurePosixPath(name).name
            if parent == inside and fnmatch.fnmatchcase(child, pattern):
                found.append(Path(name))
        return sorted(found)

    def read_text(self, path: Path) -> str | None:
        entry = self._files.get(_key(path))
        return entry.text if entry is not None else None

    def read_yaml(self, path: Path) -> Document:
        name = self.display(path)
        entry = self._files.get(_key(path))
        if entry is None:
            return Document(name, diagnostics=[Diagnostic(name, None, None, "not found in this revision")])
        if entry.text is None:
            return Document(name, diagnostics=[Diagnostic(name, None, None, entry.problem or "unreadable")])
        return read_text(entry.text, name, self.max_mb)


def _key(path: Path) -> str:
    """`path` as git names it in a tree: `/`-separated, no leading `./`; the top is `.`."""
    return PurePosixPath(path.as_posix()).as_posix()
