"""Replace a file all at once: readers see the old text or the new, never half of either."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
from pathlib import Path

from mkdocs_playbook.edit.errors import EditError

_TOKEN_BYTES = 8
LEFTOVER = re.compile(rf"\..+\.[0-9a-f]{{{2 * _TOKEN_BYTES}}}\.tmp")
"""The name `write_atomic` gives its temporary file: `.NAME.HEX.tmp`, HEX 16 hex digits."""


def write_atomic(path: Path, text: str) -> None:
    """Replace `path` with `text` so readers see the old file or the new one, never half.

    The text goes to a temporary file in the same directory (same filesystem,
    so `os.replace` is atomic), is fsynced, and takes over the original's
    permission bits. Text is written as UTF-8 with line breaks untouched, so
    CRLF files stay CRLF. A symbolic link is refused rather than replaced.
    """
    write_atomic_bytes(path, text.encode("utf-8"))


def write_atomic_bytes(path: Path, data: bytes) -> None:
    """`write_atomic` for bytes (a PDF): the old file or the whole new one, never half of either."""
    path = Path(path)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        mode = None
    else:
        if stat.S_ISLNK(info.st_mode):
            raise EditError("refusing to replace a symbolic link", path=str(path))
        mode = stat.S_IMODE(info.st_mode)

    directory = path.parent
    temporary = directory / f".{path.name}.{secrets.token_hex(_TOKEN_BYTES)}.tmp"
    # 0o666 lets the umask decide for a new file, as a plain open() would.
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    fsync_directory(directory)


def remove_leftovers(directory: Path) -> list[Path]:
    """Delete the temporary files a killed `write_atomic` left in `directory`; returns them.

    A SIGKILL or a power cut between creating the temporary file and renaming it leaves
    it behind. Call this only while holding the lock every writer of the folder takes
    (`edit.lock.progress_lock`): then no other run can be midway through writing one.
    Only regular files named exactly as `write_atomic` names them are touched.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(directory))
    except (FileNotFoundError, NotADirectoryError):
        return removed
    for entry in entries:
        if LEFTOVER.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return sorted(removed)


def fsync_directory(directory: Path) -> None:
    """Persist a new name or a rename in `directory` itself; best effort, as not every platform allows it."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
