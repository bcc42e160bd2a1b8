"""`playbook check`: validate phases, organization and progress together, every problem at once."""

from __future__ import annotations

import argparse
import json
import sys

from mkdocs_playbook.commands.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    add_format_option,
    add_location_options,
    load,
    today,
)
from mkdocs_playbook.status.document import summary


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    check = commands.add_parser(
        "check",
        help="validate phases, organization and progress files together",
        description="Validate phases, organization and progress together and print every problem "
        "as path:line:col: message. Exit 0 when clean, 1 when there are problems.",
    )
    add_location_options(check)
    add_format_option(check)
    check.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
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
