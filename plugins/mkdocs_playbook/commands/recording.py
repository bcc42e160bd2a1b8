"""What `playbook measure` and `playbook decide` share: load under the lock, check, write, report.

Both write new record files (`edit.records`) rather than edit one, but with the same care as
`tick`: the playbook's lock is held from reading the recordings already there (to skip one
recorded twice) to the new file's creation; the playbook must load and the phase's own files
must be free of problems; the new file is read back through the one YAML reader and checked
against its schema before it is written; it is written only inside the playbook folder.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

from mkdocs_playbook import clock
from mkdocs_playbook import model as m
from mkdocs_playbook.commands.common import UsageError, load, site
from mkdocs_playbook.edit import records, schemaline
from mkdocs_playbook.edit.actions import ActionError
from mkdocs_playbook.edit.schemaline import SchemaHome
from mkdocs_playbook.gitrepo.worktree import is_tracked
from mkdocs_playbook.source.diagnostics import Diagnostic
from mkdocs_playbook.source.files import display_path
from mkdocs_playbook.source.schema import validate
from mkdocs_playbook.source.textrules import blocking
from mkdocs_playbook.source.yamlread import read_text


def moment_now() -> dt.datetime:
    """The moment a recording is made (`clock.now`: SOURCE_DATE_EPOCH, else the machine's clock).

    Not the site's `today:` setting, which pins what a build judges by: a measurement made now
    is dated now. A malformed SOURCE_DATE_EPOCH is a usage error (exit 2), as everywhere.
    """
    try:
        return clock.now()
    except clock.ClockError as error:
        raise UsageError(str(error)) from None


def playbook_folder(args: argparse.Namespace) -> Path:
    """The playbook folder, which must exist: a mistyped --playbook must not grow a new one."""
    folder = site(args).playbook_dir
    if not folder.is_dir():
        raise ActionError(
            f"playbook folder {display_path(folder)} not found; expected the folder with organization.yml "
            "(nothing was changed)"
        )
    return folder


def loaded(args: argparse.Namespace) -> tuple[m.Playbook, tuple[Diagnostic, ...]]:
    """The playbook as `playbook check` reads it; refused when it does not load at all."""
    result = load(args)
    if result.playbook is None:
        raise ActionError(
            "the playbook does not load; fix these first (nothing was changed):\n" + _listing(result.diagnostics)
        )
    return result.playbook, result.diagnostics


def refuse_broken(playbook_dir: Path, phase: str, diagnostics: Sequence[Diagnostic]) -> None:
    """Refuse when the phase's plan or recordings have problems: a broken recording would hide
    from the check for recordings already made, and a broken plan declares no metrics."""
    own = [
        display_path(playbook_dir / records.PLANS_DIR / f"{phase}.yml"),
        display_path(playbook_dir / records.MEASUREMENTS_DIR / phase) + "/",
        display_path(playbook_dir / records.DECISIONS_DIR / phase) + "/",
    ]
    found = [d for d in diagnostics if blocking([d]) and any(d.path == o or d.path.startswith(o) for o in own)]
    if found:
        raise ActionError(
            f"the files of phase {phase} have problems; fix them first (nothing was changed):\n{_listing(found)}"
        )


def broken_plans(playbook_dir: Path, diagnostics: Sequence[Diagnostic]) -> str:
    """The problems of plan files, to add to a refusal: a plan that does not load declares no metric."""
    plans = display_path(playbook_dir / records.PLANS_DIR) + "/"
    found = [d for d in diagnostics if blocking([d]) and d.path.startswith(plans)]
    return f"\nthese plans have problems; fix them first (nothing was written):\n{_listing(found)}" if found else ""


def schema_home(args: argparse.Namespace, playbook_dir: Path) -> SchemaHome:
    return schemaline.home(playbook_dir, site(args).site_root)


def checked(recording: records.Recording, playbook_dir: Path, schema: str, max_mb: float) -> records.Recording:
    """The recording, once its text reads back valid and its path lies inside the playbook folder."""
    if not records.inside(playbook_dir, recording.path):
        raise ActionError(f"{display_path(recording.path)} would lie outside the playbook folder; nothing was written")
    document = read_text(recording.text, display_path(recording.path), max_mb)
    if not document.diagnostics:
        validate(document, schema, schema)
    if document.diagnostics:  # text-rule problems too: what `playbook check` would refuse is never written
        raise ActionError(
            f"the new file would not pass `playbook check`, so nothing was written:\n{_listing(document.diagnostics)}"
        )
    return recording


def write_all(recordings: Sequence[records.Recording], schemas: SchemaHome) -> list[Path]:
    """Write every recording, all or none; the schema files copied first (see edit.schemaline)."""
    copied = schemas.ensure()
    written: list[Path] = []
    try:
        for recording in recordings:
            records.write_new(recording)
            written.append(recording.path)
    except records.RecordExists as taken:
        _remove(written)
        said = "the same recording is already there" if taken.same else "another file has that name"
        raise ActionError(f"{display_path(taken.path)}: {said}; nothing was written") from None
    except BaseException:
        _remove(written)
        raise
    return copied


def _remove(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def report_created(args: argparse.Namespace, paths: Sequence[Path], copied: Sequence[Path]) -> None:
    """Say which files were created and, honestly, that git does not know them yet."""
    playbook_dir = site(args).playbook_dir
    if copied:
        print(f"wrote {display_path(copied[0].parent)}/, the schema files the new file's first line points to")
    shown = [display_path(path) for path in paths]
    untracked = [path for path in paths if is_tracked(path) is False]
    copy = playbook_dir / schemaline.COPY_FOLDER
    new_copy = bool(untracked) and copy.is_dir() and is_tracked(copy / "progress.schema.json") is False
    add = " ".join(shlex.quote(display_path(p)) for p in [*untracked, *([copy] if new_copy else [])])
    for name in shown:
        print(f"created {name}")
    if untracked:
        print(f"new files are left out by `git commit -a`; run `git add {add}`")


def _listing(problems: Sequence[Diagnostic]) -> str:
    return "\n".join(f"  {p}" for p in problems)


def warn(name: str, text: str) -> None:
    print(f"{name}: warning: {text}", file=sys.stderr)
