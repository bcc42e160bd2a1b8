"""The `playbook` command: check the data, and (in later modules) edit and report progress.

It shares the loader and the progress computation with the site but never
imports MkDocs, so `playbook check` stays fast enough for a pre-commit hook.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .loading import LoadResult, load_playbook
from .progress import summary

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return EXIT_USAGE
    try:
        code: int = args.run(args)
    except BrokenPipeError:  # e.g. `playbook status | head`
        return EXIT_OK
    return code


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="playbook",
        description="Check and track a rollout playbook: phases/*.yml content, playbook/ progress.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="validate phases, organization and progress files together",
        description="Validate phases, organization and progress together and print every problem "
        "as path:line:col: message. Exit 0 when clean, 1 when there are problems.",
    )
    add_location_options(check)
    add_format_option(check)
    check.set_defaults(run=run_check)
    return parser


def add_location_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--phases", type=Path, default=Path("phases"), metavar="DIR",
                        help="directory of phase files (default: phases)")
    parser.add_argument("--playbook", type=Path, default=Path("playbook"), metavar="DIR",
                        help="the organization's playbook directory with organization.yml and progress/ (default: playbook)")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                        help="the date to judge due and overdue items by (default: today)")


def add_format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text for people (default), json for machines")


def load(args: argparse.Namespace) -> LoadResult:
    return load_playbook(args.phases, args.playbook)


def today(args: argparse.Namespace) -> dt.date:
    chosen: dt.date = args.today or dt.date.today()
    return chosen


def run_check(args: argparse.Namespace) -> int:
    result = load(args)
    if args.format == "json":
        document = {
            "ok": result.ok,
            "errors": [d.as_dict() for d in result.diagnostics],
            "summary": summary(result.playbook, today(args)) if result.playbook else None,
        }
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        for diagnostic in result.diagnostics:
            print(diagnostic)
        files = len(result.files)
        if result.ok:
            print(f"checked {files} files: no problems", file=sys.stderr)
        else:
            count = len(result.diagnostics)
            print(f"checked {files} files: {count} problem{'s' if count != 1 else ''}", file=sys.stderr)
    return EXIT_OK if result.ok else EXIT_PROBLEMS


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
