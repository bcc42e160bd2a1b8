"""`playbook tick`, `untick`, `start`, `skip`, `answer`: one minimal edit of one progress file each."""

from __future__ import annotations

import argparse
import sys

from mkdocs_playbook.commands.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    add_location_options,
    http_url,
    parse_date,
)
from mkdocs_playbook.edit.actions import Action, ActionError, Request, plan
from mkdocs_playbook.source.files import display_path
from mkdocs_playbook.status.progress import phase_progress


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """tick, untick, start, skip, answer: each a minimal edit of one progress file."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--dry-run", action="store_true", help="print the change as a diff and write nothing")
    add_location_options(common, with_today=False)

    def command(name: str, help_text: str, target: str = "PHASE/ITEM") -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            help=help_text,
            parents=[common],
            description=f"{help_text[0].upper()}{help_text[1:]}. Changes only that entry's line in "
            "playbook/progress/PHASE.yml, keeps comments and order, writes atomically, and refuses "
            "(exit 1, file untouched) on an unknown id, an invalid file or a conflicting state.",
        )
        sub.add_argument(
            "target",
            metavar=target,
            help=f"e.g. pilot/{'success-goals' if target.endswith('QUESTION') else 'identify-pilot-users'}",
        )
        sub.set_defaults(run=run, action=Action(name))
        return sub

    tick = command("tick", "mark an item done")
    tick.add_argument("--by", metavar="NAME", help="who did it (a person or a team)")
    tick.add_argument("--note", metavar="TEXT", help="a one-line note shown beside the item")
    tick.add_argument("--evidence", metavar="URL", type=http_url, help="an http(s) link to the evidence")

    command("untick", "set a done item back to todo")

    start = command("start", "mark an item in progress")
    start.add_argument("--owner", metavar="NAME", help="who is responsible while it is open")
    start.add_argument("--due", metavar="YYYY-MM-DD", type=parse_date, help="when it is due")

    skip = command("skip", "mark an item not applicable (it leaves the total)")
    skip.add_argument("--reason", metavar="TEXT", required=True, help="why it does not apply (required)")

    answer = command("answer", "record the team's answer to a discovery question", "PHASE/QUESTION")
    answer.add_argument("answer", metavar="TEXT", help="the answer, one line")
    answer.add_argument("--by", metavar="NAME", help="who answered")
    answer.add_argument("--replace", action="store_true", help="overwrite an existing answer")


def run(args: argparse.Namespace) -> int:
    request = Request(
        action=args.action,
        target=args.target,
        by=getattr(args, "by", None),
        note=getattr(args, "note", None),
        evidence=getattr(args, "evidence", None),
        owner=getattr(args, "owner", None),
        due=getattr(args, "due", None),
        reason=getattr(args, "reason", None),
        answer=getattr(args, "answer", None),
        replace=getattr(args, "replace", False),
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
    if edit.hint:
        print(edit.hint, file=sys.stderr)
    return EXIT_OK
