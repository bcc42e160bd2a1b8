"""The `playbook` command: one module a subcommand, registered here in the order `--help` lists them.

It shares the loader and the progress computation with the site but never imports MkDocs,
so `playbook check` stays fast enough for a pre-commit hook. A new command is a new module
with `add_parser(commands)` and `run(args) -> int`, added to `COMMANDS`.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from mkdocs_playbook import __version__
from mkdocs_playbook.commands import changes, check, edit, fmt, status
from mkdocs_playbook.commands.common import EXIT_OK, EXIT_USAGE

COMMANDS = (check, edit, fmt, changes, status)


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
    for command in COMMANDS:
        command.add_parser(commands)
    return parser
