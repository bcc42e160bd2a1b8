"""The `playbook` command: check the data, and (in later modules) edit and report progress.

It shares the loader and the progress computation with the site but never
imports MkDocs, so `playbook check` stays fast enough for a pre-commit hook.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__, changes
from .diagnostics import did_you_mean
from .loading import LoadResult, display_path, load_playbook
from .progress import phase_progress, playbook_progress, summary
from .report import status_text
from .ticking import Action, ActionError, Request, plan

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

    add_edit_commands(commands)
    changes.add_parser(commands)

    status = commands.add_parser(
        "status",
        help="progress bars per phase and the open items",
        description="A terminal summary: a progress bar per phase, the go/no-go verdict where a phase has "
        "exit criteria or metrics, and every open item with owner and due date (overdue flagged).",
    )
    status.add_argument("phase", nargs="?", metavar="PHASE", help="show only this phase (default: all)")
    add_location_options(status)
    add_format_option(status)
    status.set_defaults(run=run_status)
    return parser


def add_edit_commands(commands: argparse._SubParsersAction) -> None:
    """tick, untick, start, skip, answer: each a minimal edit of one progress file."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--dry-run", action="store_true", help="print the change as a diff and write nothing")
    add_location_options(common, with_today=False)

    def command(name: str, help_text: str, target: str = "PHASE/ITEM") -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name, help=help_text, parents=[common],
            description=f"{help_text[0].upper()}{help_text[1:]}. Changes only that entry's line in "
            "playbook/progress/PHASE.yml, keeps comments and order, writes atomically, and refuses "
            "(exit 1, file untouched) on an unknown id, an invalid file or a conflicting state.",
        )
        sub.add_argument("target", metavar=target, help=f"e.g. pilot/{'success-goals' if target.endswith('QUESTION') else 'identify-pilot-users'}")
        sub.set_defaults(run=run_edit, action=Action(name))
        return sub

    tick = command("tick", "mark an item done")
    tick.add_argument("--by", metavar="NAME", help="who did it (a person or a team)")
    tick.add_argument("--note", metavar="TEXT", help="a one-line note shown beside the item")
    tick.add_argument("--evidence", metavar="URL", type=_http_url, help="an http(s) link to the evidence")

    command("untick", "set a done item back to todo")

    start = command("start", "mark an item in progress")
    start.add_argument("--owner", metavar="NAME", help="who is responsible while it is open")
    start.add_argument("--due", metavar="YYYY-MM-DD", type=_date, help="when it is due")

    skip = command("skip", "mark an item not applicable (it leaves the total)")
    skip.add_argument("--reason", metavar="TEXT", required=True, help="why it does not apply (required)")

    answer = command("answer", "record the team's answer to a discovery question", "PHASE/QUESTION")
    answer.add_argument("answer", metavar="TEXT", help="the answer, one line")
    answer.add_argument("--by", metavar="NAME", help="who answered")
    answer.add_argument("--replace", action="store_true", help="overwrite an existing answer")


def add_location_options(parser: argparse.ArgumentParser, *, with_today: bool = True) -> None:
    parser.add_argument("--phases", type=Path, default=Path("phases"), metavar="DIR",
                        help="directory of phase files (default: phases)")
    parser.add_argument("--playbook", type=Path, default=Path("playbook"), metavar="DIR",
                        help="the organization's playbook directory with organization.yml and progress/ (default: playbook)")
    if with_today:
        parser.add_argument("--today", type=_date, default=None, metavar="YYYY-MM-DD",
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


def run_edit(args: argparse.Namespace) -> int:
    request = Request(
        action=args.action, target=args.target,
        by=getattr(args, "by", None), note=getattr(args, "note", None), evidence=getattr(args, "evidence", None),
        owner=getattr(args, "owner", None), due=getattr(args, "due", None), reason=getattr(args, "reason", None),
        answer=getattr(args, "answer", None), replace=getattr(args, "replace", False),
    )
    try:
        edit = plan(request, phases_dir=args.phases, playbook_dir=args.playbook)
    except ActionError as refusal:
        print(f"playbook {args.action.value}: {refusal}", file=sys.stderr)
        return EXIT_PROBLEMS
    if args.dry_run:
        sys.stdout.write(edit.diff())
        return EXIT_OK
    edit.write()
    p = phase_progress(edit.phase, edit.progress)
    state = edit.progress.states.get(edit.entry_id)
    now = state.status.value if state and args.action is not Action.ANSWER else "answered" if state else "todo"
    print(f"{edit.phase.id}/{edit.entry_id}: {now} in {display_path(edit.path)}")
    print(f"{edit.phase.title}: {p.done} of {p.total} done ({p.percent}%)")
    return EXIT_OK


def run_status(args: argparse.Namespace) -> int:
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
            print(f"playbook status: unknown phase '{args.phase}'{did_you_mean(args.phase, known)}; "
                  f"expected one of: {', '.join(known)}", file=sys.stderr)
            return EXIT_USAGE
    if args.format == "json":
        document = summary(result.playbook, today(args))
        document["phases"] = [d for d in document["phases"] if d["id"] in {p.phase.id for p in phases}]
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(status_text(result.playbook, phases, today(args), sys.stdout))
    return EXIT_OK if result.ok else EXIT_PROBLEMS


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; expected YYYY-MM-DD") from None


def _http_url(text: str) -> str:
    if not re.fullmatch(r"https?://\S+", text):
        raise argparse.ArgumentTypeError(f"'{text}' is not an http(s) link; expected e.g. https://example.com/report")
    return text


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
