"""`playbook tick`, `untick`, `start`, `skip`, `answer`: one minimal edit of one progress file each.

Each edit reads, changes and writes its file while holding the playbook's progress lock
(`edit.lock`), so parallel runs on different items all land; a run that cannot get the
lock within `--wait` seconds says so and changes nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mkdocs_playbook.commands.common import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_PROBLEMS,
    add_location_options,
    add_wait_option,
    attributed,
    http_url,
    parse_date,
    progress_locked,
    site,
)
from mkdocs_playbook.edit import schemaline
from mkdocs_playbook.edit.actions import Action, ActionError, Edit, Request, plan
from mkdocs_playbook.gitrepo.worktree import is_tracked
from mkdocs_playbook.source.files import display_path
from mkdocs_playbook.status.progress import phase_progress


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """tick, untick, start, skip, answer: each a minimal edit of one progress file."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--dry-run", action="store_true", help="print the change as a diff and write nothing")
    add_wait_option(common)
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
    name = f"playbook {args.action.value}"
    try:
        with progress_locked(args, name):
            with attributed("read"):
                where = site(args)
                edit = plan(
                    request,
                    phases_dir=where.phases_dir,
                    playbook_dir=where.playbook_dir,
                    max_mb=where.max_mb,
                    site_root=where.site_root,
                )
            if args.dry_run:
                sys.stdout.write(edit.diff())
                return EXIT_OK
            created = not edit.path.exists()
            with attributed("write", edit.path):
                copied = edit.write()
    except ActionError as refusal:
        print(f"{name}: {refusal}", file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        _report(args, edit, created, copied)
    except KeyboardInterrupt:  # the file is written: "nothing was changed" would be untrue
        print(f"{name}: interrupted after writing {display_path(edit.path)}", file=sys.stderr)
        return EXIT_INTERRUPTED
    return EXIT_OK


def _report(args: argparse.Namespace, edit: Edit, created: bool, copied: list[Path]) -> None:
    """The entry's new state and the phase's progress; and, honestly, what git still needs."""
    p = phase_progress(edit.phase, edit.progress)
    state = edit.progress.states.get(edit.entry_id)
    now = state.status.value if state and args.action is not Action.ANSWER else "answered" if state else "todo"
    shown = display_path(edit.path)
    print(f"{edit.phase.id}/{edit.entry_id}: {now} in {shown}")
    print(f"{edit.phase.title}: {p.done} of {p.total} done ({p.percent}%)")
    tracked = is_tracked(edit.path)
    folder = display_path(copied[0].parent) if copied else None
    if folder is not None:
        print(f"wrote {folder}/, the schema files the new file's first line points to")
    copy = site(args).playbook_dir / schemaline.COPY_FOLDER  # the schemas the line may point to: commit them too
    new_copy = tracked is False and copy.is_dir() and is_tracked(copy / "progress.schema.json") is False
    add = shown + (f" {display_path(copy)}" if new_copy else "")
    if created:
        print(f"created {shown}", end="")
        print(f": a new file, so `git commit -a` would leave it out; run `git add {add}`" if tracked is False else "")
    elif tracked is False:
        print(f"{shown} is not tracked by git yet, so `git commit -a` would leave it out; run `git add {add}`")
    if edit.hint:
        print(edit.hint, file=sys.stderr)
