"""Files a command generates into a folder it shares with people: it changes its own, never theirs.

`playbook render` writes pages into a folder of a documentation site, where people keep pages
of their own. It keeps a manifest there, `.playbook-render`: every file it wrote, with the
SHA-256 of what it wrote. A later run then

- rewrites a file only when the manifest lists it and it still holds what was written, so a
  page somebody edited by hand is named and kept, not overwritten;
- creates a file only where there is none, or where the file already holds exactly the text
  it would write;
- removes the files it wrote that are no longer generated (a phase dropped), by the same rule;
- writes nothing at all when it refuses any one file.

The manifest is a dot-file, which MkDocs and Zensical both leave out of the site. Each file is
replaced atomically, and before any is, the manifest is written with the old and the new hash
of every file being changed: a run killed halfway leaves a folder the next run still
recognizes as its own.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from mkdocs_playbook.edit.atomic import write_atomic
from mkdocs_playbook.edit.errors import EditError
from mkdocs_playbook.source.files import display_path

MANIFEST = ".playbook-render"
HEADER = (
    "# Written by `playbook render`: the files it generated in this folder, with the SHA-256 of each.\n"
    "# It rewrites or removes a file only while it is listed here and unchanged. Commit this file with them.\n"
)
_ENTRY = re.compile(r"(?P<sha>[0-9a-f]{64})  (?P<path>\S(?:.*\S)?)")

CREATE, UPDATE, REMOVE = "create", "update", "remove"


@dataclass(frozen=True)
class Change:
    path: str
    """Relative to the folder, with forward slashes."""
    action: str
    """CREATE, UPDATE or REMOVE."""


@dataclass(frozen=True)
class Refusal:
    path: str
    reason: str


@dataclass(frozen=True)
class Sync:
    """What bringing `folder` up to date with `files` takes; `apply` does it."""

    folder: Path
    files: Mapping[str, str]
    changes: tuple[Change, ...]
    refusals: tuple[Refusal, ...]
    listed: Mapping[str, frozenset[str]]
    """The manifest as found: path -> the hashes it accepts as this command's own."""
    manifest_current: bool
    """The manifest on disk is already the one `apply` would leave."""
    manifest_exists: bool

    @property
    def up_to_date(self) -> bool:
        return not self.changes and not self.refusals and self.manifest_current


def digest(text: str | bytes) -> str:
    return hashlib.sha256(text.encode("utf-8") if isinstance(text, str) else text).hexdigest()


def plan_sync(folder: Path, files: Mapping[str, str]) -> Sync:
    """Compare the folder with `files` (relative path -> text); EditError when the manifest is unreadable."""
    listed = read_manifest(folder)
    changes: list[Change] = []
    refusals: list[Refusal] = []
    for path, text in files.items():
        current, problem = _current(folder, path)
        if problem is not None:
            refusals.append(Refusal(path, problem))
        elif current is None:
            changes.append(Change(path, CREATE))
        elif current != text.encode("utf-8"):
            if digest(current) in listed.get(path, ()):
                changes.append(Change(path, UPDATE))
            else:
                refusals.append(Refusal(path, _not_ours(path, listed)))
    for path in sorted(set(listed) - set(files)):
        current, problem = _current(folder, path)
        if problem is not None:
            refusals.append(Refusal(path, problem))
        elif current is not None:
            if digest(current) in listed[path]:
                changes.append(Change(path, REMOVE))
            else:
                refusals.append(
                    Refusal(
                        path,
                        "no longer generated, but changed since `playbook render` wrote it; "
                        "move your changes elsewhere and delete it",
                    )
                )
    final = manifest_text(files)
    manifest = folder / MANIFEST
    exists = manifest.is_file()
    manifest_current = exists and manifest.read_text("utf-8") == final
    return Sync(folder, files, tuple(changes), tuple(refusals), listed, manifest_current, exists)


def apply(sync: Sync) -> None:
    """Write and remove what `sync` planned; refuses (EditError) if it holds any refusal."""
    if sync.refusals:
        raise EditError("refusing to write: " + "; ".join(f"{r.path}: {r.reason}" for r in sync.refusals))
    folder, manifest = sync.folder, sync.folder / MANIFEST
    if sync.changes:
        # first, every hash a file may hold while this runs: old and new
        during = {path: set(hashes) for path, hashes in sync.listed.items()}
        for path, text in sync.files.items():
            during.setdefault(path, set()).add(digest(text))
        folder.mkdir(exist_ok=True)
        write_atomic(manifest, _format(during))
    for change in sync.changes:
        target = folder / change.path
        if change.action == REMOVE:
            target.unlink(missing_ok=True)
            _prune(folder, target.parent)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, sync.files[change.path])
    if sync.changes or not sync.manifest_current:
        folder.mkdir(exist_ok=True)
        write_atomic(manifest, manifest_text(sync.files))


def manifest_text(files: Mapping[str, str]) -> str:
    return _format({path: {digest(text)} for path, text in files.items()})


def read_manifest(folder: Path) -> dict[str, frozenset[str]]:
    """The manifest's entries; none when there is no manifest. EditError (path:line:col) when it is broken."""
    path = folder / MANIFEST
    name = display_path(path)
    if path.is_symlink():
        raise EditError("is a symbolic link; expected the manifest `playbook render` writes (a plain file)", path=name)
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return {}
    except UnicodeDecodeError:
        raise EditError("is not UTF-8 text; expected the manifest `playbook render` writes", path=name) from None
    entries: dict[str, set[str]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        match = _ENTRY.fullmatch(line)
        if match is None:
            raise EditError(
                "expected '<sha256>  <path>' (64 hex digits, two spaces, a relative path); "
                "delete the manifest and the files it listed, then render again",
                path=name,
                line=number,
                column=1,
            )
        relative = match["path"]
        if not _plain_relative(relative):
            raise EditError(
                f"{relative!r} is not a plain relative path inside this folder",
                path=name,
                line=number,
                column=match.start("path") + 1,
            )
        entries.setdefault(relative, set()).add(match["sha"])
    return {path: frozenset(hashes) for path, hashes in entries.items()}


def _format(entries: Mapping[str, set[str]]) -> str:
    return HEADER + "".join(f"{sha}  {path}\n" for path in sorted(entries) for sha in sorted(entries[path]))


def _plain_relative(path: str) -> bool:
    parts = path.split("/")
    return (
        path.isprintable()
        and "\\" not in path
        and not path.startswith("/")
        and ":" not in parts[0]
        and not any(p in ("", ".", "..") for p in parts)
        and path != MANIFEST
    )


def _current(folder: Path, path: str) -> tuple[bytes | None, str | None]:
    """The file's bytes (None: no file), or why it cannot be touched: a link, a folder, a way out."""
    target = folder
    for part in path.split("/")[:-1]:
        target = target / part
        try:
            info = os.lstat(target)
        except FileNotFoundError:
            return None, None
        if stat.S_ISLNK(info.st_mode):
            return None, f"{display_path(target)} is a symbolic link; refusing to write through it"
        if not stat.S_ISDIR(info.st_mode):
            return None, f"{display_path(target)} is a file where a folder is needed"
    target = folder / path
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return None, None
    if stat.S_ISLNK(info.st_mode):
        return None, "is a symbolic link; refusing to replace it"
    if not stat.S_ISREG(info.st_mode):
        return None, "is not a regular file (a folder?); refusing to replace it"
    return target.read_bytes(), None


def _not_ours(path: str, listed: Mapping[str, frozenset[str]]) -> str:
    if path in listed:
        return "changed since `playbook render` wrote it; move your changes elsewhere and delete it, then run again"
    return "not written by `playbook render` and would be overwritten; move or rename it, or render into another folder"


def _prune(folder: Path, directory: Path) -> None:
    """Remove folders emptied by removing a generated file, up to (not including) `folder`."""
    while directory != folder and folder in directory.parents:
        try:
            directory.rmdir()
        except OSError:  # not empty (or already gone): stop there
            return
        directory = directory.parent
