"""Where the loaders read from: the working tree or a git revision, through one interface.

The same loaders check the files on disk (`playbook check`, the site) and the
files of any revision (`playbook changes` compares two). They ask a `Source`
what they used to ask the file system: does this path exist, is it a folder,
which files in it match a pattern, and the YAML document at a path (its
problems as diagnostics, named as the source names the file). `WorkingTree`
answers from disk; `gitrepo.source.RevisionSource` answers from a commit,
through `gitrepo`, without writing anything anywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final, Protocol

from mkdocs_playbook.source.files import display_path
from mkdocs_playbook.source.limits import DEFAULT_MAX_FILE_MB
from mkdocs_playbook.source.yamlread import Document, read_file


class Source(Protocol):
    """A tree of files: the working tree, or the tree of one commit."""

    def display(self, path: Path) -> str:
        """The file's name in messages (`playbook/progress/pilot.yml`, `1a2b3c4:playbook/...`)."""
        ...

    def exists(self, path: Path) -> bool:
        """True for files and folders, and for a symbolic link (which `read_yaml` refuses)."""
        ...

    def is_dir(self, path: Path) -> bool: ...

    def glob(self, folder: Path, pattern: str) -> list[Path]:
        """The entries of `folder` whose names match `pattern` (fnmatch style), sorted."""
        ...

    def read_text(self, path: Path) -> str | None:
        """The file's text; None when it is missing, a symbolic link or not readable."""
        ...

    def read_yaml(self, path: Path) -> Document:
        """The YAML document at `path`, every problem (unreadable, not UTF-8, bad YAML) a diagnostic."""
        ...


class WorkingTree:
    """Files on disk; paths are used as given (relative to the current directory, or absolute).

    `max_mb`: YAML files larger than this are refused unread (`source.limits`).
    """

    def __init__(self, max_mb: float = DEFAULT_MAX_FILE_MB) -> None:
        self.max_mb = max_mb

    def display(self, path: Path) -> str:
        return display_path(path)

    def exists(self, path: Path) -> bool:
        return path.exists() or path.is_symlink()

    def is_dir(self, path: Path) -> bool:
        return path.is_dir()

    def glob(self, folder: Path, pattern: str) -> list[Path]:
        return sorted(folder.glob(pattern))

    def read_text(self, path: Path) -> str | None:
        if path.is_symlink():  # a pull request could point it anywhere
            return None
        try:
            return path.read_bytes().decode("utf-8-sig", "replace")
        except OSError:
            return None

    def read_yaml(self, path: Path) -> Document:
        return read_file(path, self.display(path), self.max_mb)


WORKING_TREE: Final = WorkingTree()


class FolderFrom:
    """A source that reads one folder from another source: a revision's playbook with the phases
    read from disk, when they are the package's own and so outside the repository's history."""

    def __init__(self, rest: Source, folder: Path, source: Source) -> None:
        self.rest, self.folder, self.source = rest, folder, source

    def _for(self, path: Path) -> Source:
        return self.source if path == self.folder or self.folder in path.parents else self.rest

    def display(self, path: Path) -> str:
        return self._for(path).display(path)

    def exists(self, path: Path) -> bool:
        return self._for(path).exists(path)

    def is_dir(self, path: Path) -> bool:
        return self._for(path).is_dir(path)

    def glob(self, folder: Path, pattern: str) -> list[Path]:
        return self._for(folder).glob(folder, pattern)

    def read_text(self, path: Path) -> str | None:
        return self._for(path).read_text(path)

    def read_yaml(self, path: Path) -> Document:
        return self._for(path).read_yaml(path)
