"""`playbook status [PHASE]`: progress bars, verdicts and open items on the terminal."""

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
from mkdocs_playbook.status.document import summary
from mkdocs_playbook.status.progress import playbook_progress
from mkdocs_playbook.status.verdict import evaluate


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    status = commands.add_parser(
        "status",
        help="progress bars per phase and the open items",
        description="A terminal summary: a progress bar per phase, the go/no-go verdict where a phase has "
        "something to judge with its reasons (most severe first), and every open item with owner and due date "
        "(overdue flagged).",
    )
    status.add_argument("phase", nargs="?", metavar="PHASE", help="show only this phase (default: all)")
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
        document = summary(result.playbook, today(args), now(args))
        document["phases"] = [d for d in document["phases"] if d["id"] in {p.phase.id for p in phases}]
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        when = now(args)
        verdicts = {p.phase.id: evaluate(result.playbook, p.phase.id, when) for p in phases}
        write_status(sys.stdout, result.playbook, phases, today(args), verdicts)
    return EXIT_OK if result.ok else EXIT_PROBLEMS
