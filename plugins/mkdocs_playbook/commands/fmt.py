"""`playbook fmt`: make progress files merge-safe by inserting lines, never changing one.

A file is merge-safe when it lists every item and question of its phase, one entry a line,
with a line between neighbours (the label comment `playbook fmt` writes). Then two pull
requests that change different entries merge cleanly with plain git. Upgrading an old file
inserts the missing entries at their place in phase order and a label above every entry that
touches the previous one; it keeps every existing line, in its order, with its statuses, notes,
comments, byte-order mark and line breaks. Missing files of the phases in use are created whole.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from dataclasses import dataclass
from pathlib import Path

from mkdocs_playbook import model as m
from mkdocs_playbook.commands.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    add_location_options,
    add_wait_option,
    attributed,
    progress_locked,
    site,
)
from mkdocs_playbook.edit import layout, schemaline
from mkdocs_playbook.edit.actions import ActionError, edited_phase, has_problems, read_progress
from mkdocs_playbook.edit.atomic import write_atomic
from mkdocs_playbook.edit.errors import EditError
from mkdocs_playbook.edit.splice import vetted
from mkdocs_playbook.source.diagnostics import quote
from mkdocs_playbook.source.files import ORGANIZATION_FILE, PROGRESS_DIR, display_path
from mkdocs_playbook.source.progress import load_progress
from mkdocs_playbook.source.textrules import blocking
from mkdocs_playbook.source.yamlread import read_file, read_text


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    fmt = commands.add_parser(
        "fmt",
        help="make progress files merge-safe: every entry listed, under its text",
        description="List every item and discovery question of each phase in its progress file, in phase "
        "order, each under a comment with its text, so that pull requests on different items merge "
        "cleanly. Only inserts lines: no status, note, comment or order changes. Creates the missing "
        "file of every phase the organization uses. Exit 1 when a file cannot be read (or, with "
        "--check, when a file would change).",
    )
    fmt.add_argument(
        "phase_ids",
        nargs="*",
        metavar="PHASE",
        help="phases to format (default: the organization's phases, else every phase)",
    )
    mode = fmt.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file would change (for CI)")
    mode.add_argument("--dry-run", action="store_true", help="print the changes as a diff and write nothing")
    add_location_options(fmt, with_today=False)
    add_wait_option(fmt)
    fmt.set_defaults(run=run)


@dataclass(frozen=True)
class _Plan:
    path: Path
    before: str | None
    """None: the file does not exist yet."""
    after: str
    entries: int
    labels: int
    fixed_schema: str | None = None
    """The path the schema line named when it pointed nowhere (the line is replaced)."""
    new_schema_line: bool = False
    """The text holds a schema line written now: its target must exist before the file is written."""

    def describe(self, *, would: bool) -> str:
        name = display_path(self.path)
        if self.before is None:
            verb = "missing; would create it" if would else "created"
            return f"{name}: {verb} with {_count(self.entries, 'entry', 'entries')}"
        done = []
        if self.entries or self.labels:
            verb = "would add" if would else "added"
            done.append(f"{verb} {_count(self.entries, 'entry', 'entries')}, {_count(self.labels, 'label', 'labels')}")
        if self.fixed_schema is not None:
            verb = "would fix" if would else "fixed"
            done.append(f"{verb} the schema line ({quote(self.fixed_schema)} points nowhere)")
        return f"{name}: {'; '.join(done)}"

    def diff(self) -> str:
        name = display_path(self.path)
        return "".join(
            difflib.unified_diff(
                (self.before or "").splitlines(keepends=True),
                self.after.splitlines(keepends=True),
                fromfile="/dev/null" if self.before is None else f"a/{name}",
                tofile=f"b/{name}",
            )
        )


def run(args: argparse.Namespace) -> int:
    """Read, plan and write under the lock the editing commands take, so no edit lands in between."""
    with progress_locked(args, "playbook fmt"):
        return _format(args)


def _format(args: argparse.Namespace) -> int:
    where = site(args)
    playbook_dir, phases_dir, max_mb = where.playbook_dir, where.phases_dir, where.max_mb
    if not playbook_dir.is_dir():
        print(
            f"playbook fmt: playbook folder {display_path(playbook_dir)} not found; expected the folder with "
            "organization.yml and progress/ (nothing was changed)",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    plans: list[_Plan] = []
    refused = 0
    schemas = schemaline.home(playbook_dir, where.site_root)
    targets = args.phase_ids or _phases_in_use(phases_dir, playbook_dir, max_mb)
    for phase_id in dict.fromkeys(targets):
        try:
            phase = edited_phase(phases_dir, playbook_dir, phase_id, max_mb)
            with attributed("read"):
                plans.append(_plan(phase, playbook_dir / PROGRESS_DIR / f"{phase_id}.yml", max_mb, schemas))
        except ActionError as refusal:
            print(f"playbook fmt: {refusal}", file=sys.stderr)
            refused += 1
    with attributed("read"):
        plans += _organization_schema_line(playbook_dir / ORGANIZATION_FILE, schemas)

    changing = [plan for plan in plans if plan.before != plan.after]
    for plan in changing:
        if args.dry_run:
            sys.stdout.write(plan.diff())
        else:
            print(plan.describe(would=args.check))
        if not (args.check or args.dry_run):
            try:
                with attributed("write", plan.path):  # a full disk or a read-only folder: exit 3
                    plan.path.parent.mkdir(exist_ok=True)
                    if plan.new_schema_line:
                        _report_copy(schemas.ensure())
                    write_atomic(plan.path, plan.after)
            except EditError as error:  # e.g. the file became a symbolic link
                print(f"playbook fmt: cannot write {display_path(plan.path)}: {error.message}", file=sys.stderr)
                refused += 1
    code = EXIT_PROBLEMS if refused or (args.check and changing) else EXIT_OK
    # a success is output (stdout); a failure, or the note under --dry-run's patch, goes to stderr
    quiet = code != EXIT_OK or args.dry_run
    print(_summary(len(plans), len(changing), refused, args), file=sys.stderr if quiet else sys.stdout)
    return code


def _plan(phase: m.Phase, path: Path, max_mb: float, schemas: schemaline.SchemaHome) -> _Plan:
    """What the file becomes: created whole, or upgraded by inserting lines; ActionError if it does not load.

    Besides inserting lines, the one line it may change is a schema line that points nowhere.
    """
    before = read_progress(path)
    expected = layout.slots(phase)
    if before is None:
        return _Plan(path, None, layout.full_text(phase, schemas.line(path)), len(expected), 0, new_schema_line=True)
    document = read_text(before, display_path(path), max_mb)
    _, problems = load_progress(path, phase, document=document)
    if blocking(problems):
        raise ActionError(has_problems(path, problems))
    try:
        vetted(document)
        upgrade = layout.upgrade(document, expected)
    except EditError as error:
        raise ActionError(f"{error} (nothing was changed)") from None
    after, broken = upgrade.text, schemaline.dangling(upgrade.text, path)
    if broken is not None:
        after = schemaline.replace_first_line(after, schemas.line(path))
    return _Plan(path, before, after, upgrade.entries, upgrade.labels, broken, new_schema_line=broken is not None)


def _organization_schema_line(path: Path, schemas: schemaline.SchemaHome) -> list[_Plan]:
    """organization.yml's schema line, replaced when it points nowhere (e.g. copied from the example)."""
    try:
        text = read_progress(path)
    except ActionError:
        return []  # not a regular file or not UTF-8: `playbook check` says so
    broken = schemaline.dangling(text, path) if text else None
    if text is None or broken is None:
        return []
    after = schemaline.replace_first_line(text, schemas.line(path, "organization"))
    return [_Plan(path, text, after, 0, 0, broken, new_schema_line=True)]


def _report_copy(written: list[Path]) -> None:
    if written:
        folder = display_path(written[0].parent)
        print(f"{folder}: wrote {_count(len(written), 'schema file', 'schema files')} the schema lines point to")


def _phases_in_use(phases_dir: Path, playbook_dir: Path, max_mb: float) -> list[str]:
    """The organization's `phases`, else every phase file: the files a team is expected to have.

    Read directly rather than through the organization's loader, so that an unrelated problem
    in organization.yml (for `playbook check` to report) does not stop formatting.
    """
    data = read_file(playbook_dir / ORGANIZATION_FILE, max_mb=max_mb).data
    chosen = data.get("phases") if isinstance(data, dict) else None
    if isinstance(chosen, list) and chosen and all(isinstance(phase_id, str) for phase_id in chosen):
        return chosen
    return sorted(path.stem for path in phases_dir.glob("*.yml"))


def _summary(planned: int, changing: int, refused: int, args: argparse.Namespace) -> str:
    changed = f"{_count(changing, 'file', 'files')} of {planned}"
    if not changing:
        text = f"{_count(planned, 'file', 'files')} already merge-safe"
    elif args.check:
        text = f"{changed} would change; {layout.FMT_HINT}"
    elif args.dry_run:
        text = f"{changed} would change (nothing was written)"
    else:
        text = f"formatted {changed}"
    return text + (f"; {_count(refused, 'file', 'files')} not formatted" if refused else "")


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"
