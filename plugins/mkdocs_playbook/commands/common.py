"""What every `playbook` command shares: where the data is, the output format, dates, exit codes.

Where the data is comes from the site's mkdocs.yml (`site(args)`), so `playbook check` run from
any folder of the site checks the files `mkdocs build` reads, and a command never writes
anywhere but the playbook folder it names.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from mkdocs_playbook import clock
from mkdocs_playbook.edit.lock import DEFAULT_WAIT, LockTimeout, progress_lock
from mkdocs_playbook.edit.measuring import InputError
from mkdocs_playbook.output.people import PEOPLE
from mkdocs_playbook.source import siteconfig
from mkdocs_playbook.source.diagnostics import quote
from mkdocs_playbook.source.files import BUNDLED_PHASES_DIR, display_path
from mkdocs_playbook.source.limits import DEFAULT_MAX_FILE_MB
from mkdocs_playbook.source.loading import LoadResult, load_playbook
from mkdocs_playbook.source.sources import WorkingTree

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
EXIT_ENVIRONMENT = 3
"""The machine, not the data: a folder that cannot be written, a file that cannot be read, a
full disk, another run holding the lock for too long, WeasyPrint missing for a PDF."""
EXIT_BUG = 70
"""EX_SOFTWARE from sysexits.h: an exception nobody expected, which is a bug to report."""
EXIT_INTERRUPTED = 130
"""128 + SIGINT, as shells report a command ended by Ctrl-C."""

EXIT_CODES_HELP = """\
exit codes:
  0    success
  1    problems in the data, or an edit refused (nothing written)
  2    usage error; for `changes`, git cannot answer (not a repository, unknown revision)
  3    the environment: a file or folder that cannot be read or written, a full disk,
       another playbook command holding the lock past --wait; for `handout`, no WeasyPrint
  70   a bug in playbook (set PLAYBOOK_DEBUG=1 to see the traceback)
  130  interrupted (Ctrl-C)
`playbook gate` answers with its exit code: 0 GO, 1 NO-GO (or problems in the data), 2 NOT YET.
"""


class Fault(Exception):
    """A fault of the environment, worded: `cannot write PATH: reason`. Exit 3, no traceback."""

    def __init__(self, verb: str, path: str | os.PathLike[str] | None, error: OSError) -> None:
        name = display_path(Path(path)) if path not in (None, "") else "a file"
        super().__init__(f"cannot {verb} {name}: {reason(error)}")


def reason(error: OSError) -> str:
    """The operating system's words for it (`Permission denied`), not Python's repr."""
    return error.strerror or type(error).__name__


@contextlib.contextmanager
def attributed(verb: str, path: str | os.PathLike[str] | None = None) -> Iterator[None]:
    """Turn an OSError in the block into a `Fault` that says what was being done, and to what.

    `path` names the file the person cares about; without it, the file the error names. A
    write names the target, not the temporary file beside it, and a failed `write()` (a full
    disk) names no file at all.
    """
    try:
        yield
    except OSError as error:
        if isinstance(error, BrokenPipeError):
            raise
        filename = error.filename if isinstance(error.filename, str | os.PathLike) else None
        raise Fault(verb, path if path is not None else filename, error) from None


def add_config_file_option(parser: argparse.ArgumentParser) -> None:
    """-f as MkDocs spells it: the one option every command that reads a site takes."""
    parser.add_argument(
        "-f",
        "--config-file",
        type=Path,
        default=None,
        metavar="FILE",
        help="the site's mkdocs.yml (default: mkdocs.yml or mkdocs.yaml in the current folder or the nearest above)",
    )


def add_location_options(parser: argparse.ArgumentParser, *, with_today: bool = True) -> None:
    """-f and the overrides every command shares; `site(args)` turns them into the playbook's paths."""
    add_config_file_option(parser)
    parser.add_argument(
        "--phases",
        type=Path,
        default=None,
        metavar="DIR",
        help="for scripts and tests: the phase files, instead of the plugin's phases_dir in mkdocs.yml",
    )
    parser.add_argument(
        "--playbook",
        type=Path,
        default=None,
        metavar="DIR",
        help="for scripts and tests: the folder with organization.yml and progress/, instead of the plugin's "
        "playbook_dir (or docs_dir) in mkdocs.yml; with it, no mkdocs.yml is needed",
    )
    parser.add_argument(
        "--max-file-size",
        type=megabytes,
        default=None,
        metavar="MB",
        help="refuse data files larger than this many megabytes "
        f"(default: the plugin's max_file_size, else {DEFAULT_MAX_FILE_MB:g})",
    )
    if with_today:
        parser.add_argument(
            "--today",
            type=parse_date,
            default=None,
            metavar="YYYY-MM-DD",
            help="the date to judge due and overdue items by (default: the plugin's today, "
            "else SOURCE_DATE_EPOCH when set, else today)",
        )


class UsageError(Exception):
    """The command cannot tell where the playbook is (exit 2): no mkdocs.yml, or one it cannot use.

    `located`: the text is already `path:line:col: message` lines, printed as they are.
    """

    def __init__(self, message: str, *, located: bool = False) -> None:
        super().__init__(message)
        self.located = located


@dataclass(frozen=True)
class Site:
    """Where one run's playbook is, and the settings it runs with: mkdocs.yml's, then the flags'."""

    phases_dir: Path
    playbook_dir: Path
    """organization.yml and progress/: the only folder a command writes in."""
    site_root: Path | None
    """The folder of mkdocs.yml; None when the flags alone named the data."""
    max_mb: float
    today: dt.date | None
    config: siteconfig.SiteConfig | None = None
    """mkdocs.yml as read, for a command that needs more of its settings (render)."""


def site(args: argparse.Namespace) -> Site:
    """The one place a command learns where its data is; read once a run (a UsageError if it cannot).

    mkdocs.yml (`-f`, else the nearest one at or above the current folder) gives docs_dir and
    the plugin's options, turned into paths by `source.locations.resolve`, the rule the plugin
    uses too. `--phases`, `--playbook`, `--max-file-size` and `--today` override it; with
    `--playbook`, a folder with no mkdocs.yml above it still works (scripts, tests).
    """
    cached: Site | None = getattr(args, "_site", None)
    if cached is not None:
        return cached
    config = _site_config(args)
    where = config.locations() if config else None
    phases = Path(args.phases).absolute() if args.phases else where.phases_dir if where else BUNDLED_PHASES_DIR
    playbook = Path(args.playbook).absolute() if args.playbook else where.playbook_dir if where else None
    assert playbook is not None  # _site_config insists on a mkdocs.yml without --playbook
    chosen_today = getattr(args, "today", None) or (config.today if config else None)
    max_mb = args.max_file_size or (config.max_file_size if config else None) or DEFAULT_MAX_FILE_MB
    found = Site(phases, playbook, config.site_root if config else None, max_mb, chosen_today, config)
    args._site = found
    return found


def _site_config(args: argparse.Namespace) -> siteconfig.SiteConfig | None:
    named: Path | None = args.config_file
    if named is not None and not named.is_file():
        raise UsageError(f"{display_path(named)} not found; -f/--config-file names the site's mkdocs.yml")
    path = named or siteconfig.find(Path.cwd())
    if path is None:
        if args.playbook is not None:
            return None
        raise UsageError(siteconfig.not_found(Path.cwd()))
    try:
        # with --playbook naming the data, a mkdocs.yml without the plugin (a Zensical site) is fine
        return siteconfig.read(path, plugin_required=args.playbook is None)
    except siteconfig.SiteConfigError as error:
        raise UsageError(str(error), located=not isinstance(error.problems, str)) from None


def people(args: argparse.Namespace) -> str:
    """The plugin's `people` option in mkdocs.yml (output/people.py), for a command that publishes what it
    makes (render, handout); a command for the team (status, check) shows names whatever it says."""
    config = site(args).config
    value = config.options.get("people", PEOPLE[0]) if config else PEOPLE[0]
    if value not in PEOPLE:
        raise UsageError(
            f"mkdocs.yml, the playbook plugin's option people: {quote(str(value))}; "
            f"expected one of: {', '.join(PEOPLE)}"
        )
    return str(value)


def add_format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="text for people (default), json for machines"
    )


def load(args: argparse.Namespace) -> LoadResult:
    where = site(args)
    return load_playbook(where.phases_dir, where.playbook_dir, WorkingTree(where.max_mb))


def today(args: argparse.Namespace) -> dt.date:
    """Every date judgement of a command goes through here and `clock.today`, so one setting pins it.

    A malformed SOURCE_DATE_EPOCH is a usage error (exit 2), like a malformed `--today`.
    """
    try:
        return clock.today(site(args).today)
    except clock.ClockError as error:
        print(f"playbook: {error}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE) from None


def now(args: argparse.Namespace) -> dt.datetime:
    """The moment verdicts judge by (`clock.now`): the end of a chosen --today, else SOURCE_DATE_EPOCH, else now."""
    try:
        return clock.now(site(args).today)
    except clock.ClockError as error:
        print(f"playbook: {error}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE) from None


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{quote(text)} is not a date; expected YYYY-MM-DD") from None


def megabytes(text: str) -> float:
    try:
        size = float(text)
    except ValueError:
        size = 0.0
    if not 0 < size < 1_000_000:  # also refuses nan and inf
        raise argparse.ArgumentTypeError(f"{quote(text)} is not a size; expected a positive number of megabytes")
    return size


def http_url(text: str) -> str:
    if not re.fullmatch(r"https?://\S+", text):
        raise argparse.ArgumentTypeError(
            f"{quote(text)} is not an http(s) link; expected e.g. https://example.com/report"
        )
    return text


def add_wait_option(parser: argparse.ArgumentParser) -> None:
    """`--wait SECONDS`, for every command that writes progress files (see `progress_locked`)."""
    parser.add_argument(
        "--wait",
        type=_seconds,
        default=DEFAULT_WAIT,
        metavar="SECONDS",
        help=f"how long to wait while another playbook command edits the progress files (default: {DEFAULT_WAIT:g})",
    )


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise argparse.ArgumentTypeError(f"{quote(text)} is not a number of seconds; expected e.g. 30 or 0.5")
    return seconds


@contextlib.contextmanager
def progress_locked(args: argparse.Namespace, name: str) -> Iterator[None]:
    """Hold the progress lock for the block: what every command that writes progress files does.

    Says when it waits for another run and which leftovers of killed runs it removed; a
    lock it cannot create is a `Fault`; a wait past `--wait` raises `LockTimeout`, which
    `main` words. A `--dry-run` writes nothing and runs unlocked.
    """
    if getattr(args, "dry_run", False):
        yield
        return

    def waiting(lock: Path) -> None:
        print(f"{name}: waiting for another playbook command (lock {display_path(lock)})...", file=sys.stderr)
        sys.stderr.flush()

    with contextlib.ExitStack() as stack:
        with attributed("write"):  # e.g. a read-only folder where the lock file would go
            held = stack.enter_context(progress_lock(site(args).playbook_dir, wait=args.wait, on_wait=waiting))
        for leftover in held.removed:
            print(f"{name}: removed {display_path(leftover)}, left behind by an interrupted run", file=sys.stderr)
        yield


def lock_timeout_message(timeout: LockTimeout) -> str:
    return (
        f"another playbook command kept the progress files locked for {timeout.waited:g} s "
        f"(lock {display_path(timeout.lock)}); nothing was changed. Try again, or wait longer with --wait SECONDS."
    )


T = TypeVar("T")


def argument_type(parse: Callable[[str], T]) -> Callable[[str], T]:
    """`parse` as an argparse `type=`: its InputError becomes argparse's own message, after the usage line.

    argparse words any other ValueError as "invalid VALUE value", which would hide what was wrong.
    """

    def convert(text: str) -> T:
        try:
            return parse(text)
        except InputError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    convert.__name__ = parse.__name__
    return convert
