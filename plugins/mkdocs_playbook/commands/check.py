"""`playbook check`: validate phases, organization and progress together, every problem at once."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from mkdocs_playbook.commands.allsites import add_all_options, run_all
from mkdocs_playbook.commands.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    add_format_option,
    add_location_options,
    load,
    now,
    site,
    today,
)
from mkdocs_playbook.edit import layout
from mkdocs_playbook.source.diagnostics import Diagnostic
from mkdocs_playbook.source.files import PROGRESS_DIR
from mkdocs_playbook.source.loading import LoadResult
from mkdocs_playbook.source.sources import WorkingTree
from mkdocs_playbook.status.document import summary

FIRST_FEW = 3
"""How many unlisted ids a message names: enough to recognise the file's state, short enough to read."""


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    check = commands.add_parser(
        "check",
        help="validate phases, organization and progress files together",
        description="Validate phases, organization and progress together and print every problem "
        "as path:line:col: message. Exit 0 when clean, 1 when there are problems.",
    )
    add_location_options(check)
    add_format_option(check)
    add_all_options(check, "check")
    check.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.all:
        return run_all(args, run)
    result = load(args)
    where = site(args)
    diagnostics = sorted([*result.diagnostics, *merge_safety(result, where.playbook_dir, WorkingTree(where.max_mb))])
    ok = not diagnostics
    if args.format == "json":
        document = {
            "ok": ok,
            "errors": [d.as_dict() for d in diagnostics],
            "summary": summary(result.playbook, today(args), now(args)) if result.playbook else None,
        }
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        for diagnostic in diagnostics:
            print(diagnostic)
        # stdout: the problems, one `path:line:col: message` a line for editors and CI annotators, or the
        # success line; the count of problems is the failure's summary, on stderr with every other error
        files = len(result.files)
        if ok:
            print(f"checked {files} files: no problems")
        else:
            count = len(diagnostics)
            print(f"checked {files} files: {count} problem{'s' if count != 1 else ''}", file=sys.stderr)
    return EXIT_OK if ok else EXIT_PROBLEMS


def merge_safety(result: LoadResult, playbook_dir: Path, source: WorkingTree) -> list[Diagnostic]:
    """A problem for each progress file of a phase in use that pull requests could conflict on.

    `playbook check`'s concern only: the site and `playbook changes` on old revisions load the
    same files and must not report it. A file with problems of its own is left to those.
    """
    if result.playbook is None:
        return []
    already = {d.path for d in result.diagnostics}
    found: list[Diagnostic] = []
    fix = f"; {layout.FMT_HINT}"
    for phase in result.playbook.phases:
        path = playbook_dir / PROGRESS_DIR / f"{phase.id}.yml"
        name = source.display(path)
        if name in already:
            continue
        if not source.exists(path):
            found.append(Diagnostic(name, None, None, f"phase '{phase.id}' has no progress file{fix}"))
            continue
        document = source.read_yaml(path)
        if document.diagnostics:
            continue
        problems = layout.check(document, layout.slots(phase))
        if problems.missing:
            count = len(problems.missing)
            first = ", ".join(problems.missing[:FIRST_FEW]) + (", ..." if count > FIRST_FEW else "")
            listed = f"{count} {'entry is' if count == 1 else 'entries are'} not listed ({first})"
            found.append(Diagnostic(name, None, None, f"{listed}{fix}"))
        for entry in problems.touching:
            line, column = document.mark((entry.id,), key=True)
            message = f"entry '{entry.id}' is on the line right after the previous entry, with no line between{fix}"
            found.append(Diagnostic(name, line, column, message))
    return found
