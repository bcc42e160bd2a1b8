"""`playbook status [PHASE]`: where each phase stands, what is next and whose it is, on one screen.

`--all` already means every organization's site (commands/allsites.py), as it does for check and build,
so every open item is `--items` (also spelt `--all-items`): the two can be combined.
"""

from __future__ import annotations

import argparse
import json
import sys

from mkdocs_playbook.commands.allsites import add_all_options, run_all
from mkdocs_playbook.commands.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    add_format_option,
    add_location_options,
    load,
    now,
    today,
)
from mkdocs_playbook.output.terminal import write_status
from mkdocs_playbook.source.diagnostics import unknown
from mkdocs_playbook.status import outlook
from mkdocs_playbook.status.document import only_phases, summary
from mkdocs_playbook.status.progress import playbook_progress
from mkdocs_playbook.status.verdict import evaluate


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    status = commands.add_parser(
        "status",
        help="where each phase stands, what is next and whose it is, what is overdue",
        description="A summary about a screen long: a progress bar per phase, the go/no-go verdict where a phase "
        "has something to judge with its first reasons (most severe first; `playbook gate PHASE` lists every one), "
        "the open items due soonest and the in-progress ones (next up), and the overdue ones, each with its owner. "
        "--items adds every open item; --format json prints progress.json's shape for scripts.",
    )
    status.add_argument("phase", nargs="?", metavar="PHASE", help="show only this phase (default: all)")
    status.add_argument(
        "--items",
        "--all-items",
        dest="every_item",
        action="store_true",
        help="also list every open item of each phase, and next up and overdue in full "
        "(--all is taken: it means every organization's site)",
    )
    status.add_argument(
        "--limit",
        type=_count,
        default=outlook.NEXT_UP_LIMIT,
        metavar="N",
        help=f"how many next-up and overdue items to show (default: {outlook.NEXT_UP_LIMIT})",
    )
    add_location_options(status)
    add_format_option(status)
    add_all_options(status, "show")
    status.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.all:
        return run_all(args, run)
    result = load(args)
    for diagnostic in result.diagnostics:
        print(diagnostic, file=sys.stderr)
    if result.playbook is None:
        return EXIT_PROBLEMS
    phases = list(playbook_progress(result.playbook))
    if args.phase:
        phases = [p for p in phases if p.phase.id == args.phase]
        if not phases:
            known = [phase.id for phase in result.playbook.phases]
            print(
                "playbook status: " + unknown("unknown phase", args.phase, known),
                file=sys.stderr,
            )
            return EXIT_USAGE
    if args.format == "json":
        document = only_phases(summary(result.playbook, today(args), now(args)), {p.phase.id for p in phases})
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        when = now(args)
        verdicts = {p.phase.id: evaluate(result.playbook, p.phase.id, when) for p in phases}
        limit = None if args.every_item else args.limit
        write_status(
            sys.stdout, result.playbook, phases, today(args), verdicts, every_item=args.every_item, limit=limit
        )
    return EXIT_OK if result.ok else EXIT_PROBLEMS


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return value
