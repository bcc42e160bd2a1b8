"""What every `playbook` command shares: where the data is, the output format, dates, exit codes."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

from mkdocs_playbook import clock
from mkdocs_playbook.source.diagnostics import quote
from mkdocs_playbook.source.limits import DEFAULT_MAX_FILE_MB
from mkdocs_playbook.source.loading import LoadResult, load_playbook
from mkdocs_playbook.source.sources import WorkingTree

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def add_location_options(parser: argparse.ArgumentParser, *, with_today: bool = True) -> None:
    parser.add_argument(
        "--phases", type=Path, default=Path("phases"), metavar="DIR", help="directory of phase files (default: phases)"
    )
    parser.add_argument(
        "--playbook",
        type=Path,
        default=Path("playbook"),
        metavar="DIR",
        help="the organization's playbook directory with organization.yml and progress/ (default: playbook)",
    )
    parser.add_argument(
        "--max-file-size",
        type=megabytes,
        default=DEFAULT_MAX_FILE_MB,
        metavar="MB",
        help=f"refuse data files larger than this many megabytes (default: {DEFAULT_MAX_FILE_MB:g})",
    )
    if with_today:
        parser.add_argument(
            "--today",
            type=parse_date,
            default=None,
            metavar="YYYY-MM-DD",
            help="the date to judge due and overdue items by (default: SOURCE_DATE_EPOCH when set, else today)",
        )


def add_format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="text for people (default), json for machines"
    )


def load(args: argparse.Namespace) -> LoadResult:
    return load_playbook(args.phases, args.playbook, WorkingTree(args.max_file_size))


def today(args: argparse.Namespace) -> dt.date:
    """Every date judgement of a command goes through here and `clock.today`, so one setting pins it.

    A malformed SOURCE_DATE_EPOCH is a usage error (exit 2), like a malformed `--today`.
    """
    try:
        return clock.today(args.today)
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
        raise argparse.ArgumentTypeError(f"{quote(text)} is not an http(s) link; expected e.g. https://example.com/report")
    return text
