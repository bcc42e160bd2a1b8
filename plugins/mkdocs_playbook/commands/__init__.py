"""The `playbook` command: one module a subcommand, registered here in the order `--help` lists them.

It shares the loader and the progress computation with the site but never imports MkDocs,
so `playbook check` stays fast enough for a pre-commit hook. A new command is a new module
with `add_parser(commands)` and `run(args) -> int`, added to `COMMANDS`.

`main` is also the safety net: whatever a command meets (a read-only folder, a full disk,
Ctrl-C, a bug), the person gets one line and an exit code (`EXIT_CODES_HELP`), never a
traceback, and no character from the data reaches the terminal raw (`output.terminal`).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from typing import TextIO, cast

from mkdocs_playbook import __version__
from mkdocs_playbook.commands import (
    build,
    changes,
    check,
    decide,
    demo,
    edit,
    fmt,
    gate,
    handout,
    measure,
    mrnote,
    new,
    render,
    status,
)
from mkdocs_playbook.commands.common import (
    EXIT_BUG,
    EXIT_CODES_HELP,
    EXIT_ENVIRONMENT,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    Fault,
    UsageError,
    attributed,
    lock_timeout_message,
)
from mkdocs_playbook.edit.lock import LockTimeout
from mkdocs_playbook.output.terminal import SafeWriter

COMMANDS = (demo, new, check, edit, measure, decide, fmt, changes, mrnote, status, gate, render, handout, build)
DEBUG_VARIABLE = "PLAYBOOK_DEBUG"
_SHORT = 200
"""At most this much of an unexpected error's text is quoted: it may hold a whole data value."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; its exit code. Streams are restored afterwards (tests call this in-process)."""
    out, err = sys.stdout, sys.stderr
    sys.stdout = cast(TextIO, SafeWriter(out))
    sys.stderr = cast(TextIO, SafeWriter(err))
    try:
        return _main(argv)
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(BrokenPipeError, ValueError):  # the reader went away, or it was closed
                stream.flush()
        sys.stdout, sys.stderr = out, err


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return EXIT_USAGE
    name = f"playbook {args.command}"
    try:
        with attributed("access"):
            code: int = args.run(args)
    except BrokenPipeError:  # e.g. `playbook status | head`
        return EXIT_OK
    except KeyboardInterrupt:
        print(f"{name}: interrupted; nothing was changed", file=sys.stderr)
        return EXIT_INTERRUPTED
    except UsageError as error:
        print(error if error.located else f"{name}: {error}", file=sys.stderr)
        return EXIT_USAGE
    except Fault as fault:
        print(f"{name}: {fault}", file=sys.stderr)
        return EXIT_ENVIRONMENT
    except LockTimeout as timeout:
        print(f"{name}: {lock_timeout_message(timeout)}", file=sys.stderr)
        return EXIT_ENVIRONMENT
    except Exception as error:
        if os.environ.get(DEBUG_VARIABLE):
            raise
        text = " ".join(str(error).split())
        text = text if len(text) <= _SHORT else text[: _SHORT - 1] + "…"
        print(
            f"{name}: internal error ({type(error).__name__}{': ' + text if text else ''}). This is a bug in "
            f"playbook; please report it. Run again with {DEBUG_VARIABLE}=1 to see the traceback.",
            file=sys.stderr,
        )
        return EXIT_BUG
    return code


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="playbook",
        description="Check and track a rollout playbook: the site's mkdocs.yml (found from the current "
        "folder upwards, or -f FILE) says where its phases, organization.yml and progress/ are.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", dest="command")
    for command in COMMANDS:
        command.add_parser(commands)
    return parser
