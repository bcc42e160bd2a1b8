"""`playbook changes [BASE [HEAD]]`: the checklist changes of a branch, for its pull request.

Exit codes: 0 compared, 1 data problems (reported with the changes of the phases that
could still be compared), 2 git problems.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable

from mkdocs_playbook import clock
from mkdocs_playbook.commands.common import add_format_option, add_location_options, site
from mkdocs_playbook.gitrepo import GitError, GitStatus
from mkdocs_playbook.output.pr_markdown import render_json, render_markdown
from mkdocs_playbook.pullrequest import compare
from mkdocs_playbook.source.diagnostics import Diagnostic

EXIT_OK, EXIT_PROBLEMS, EXIT_GIT = 0, 1, 2
_NO_GIT_TO_READ = frozenset(
    {GitStatus.GIT_NOT_FOUND, GitStatus.NOT_A_REPOSITORY, GitStatus.BARE, GitStatus.DUBIOUS_OWNERSHIP}
)
"""Problems with git or the folder itself, rather than with the revisions named: the message
says why the command needs git at all."""


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `playbook changes` on the CLI's subcommands (cli.py calls this)."""
    parser = commands.add_parser(
        "changes",
        help="list checklist changes, measurements, decisions and verdicts between two git revisions, "
        "as Markdown for a pull request",
        description="Compare the playbook at the merge base of BASE and HEAD with HEAD, and print what was "
        "ticked, unticked, started, skipped, reopened or answered per phase, the measurements and decisions "
        "recorded, and each phase's go/no-go verdict before and after with its reasons, as Markdown fit "
        "for a pull-request comment (or JSON). Exit 0 when compared, 1 when data files have problems, "
        "2 when git cannot answer.",
    )
    parser.add_argument(
        "base",
        nargs="?",
        default=None,
        metavar="BASE",
        help="the revision the changes are counted from, through its merge base with HEAD "
        "(default: the branch the CI names in CI_MERGE_REQUEST_TARGET_BRANCH_NAME, CI_DEFAULT_BRANCH or "
        "GITHUB_BASE_REF, as origin/NAME if fetched; else origin/HEAD, else main, else master)",
    )
    parser.add_argument(
        "head",
        nargs="?",
        default=None,
        metavar="HEAD",
        help="the revision with the changes (default: the working tree, uncommitted edits included)",
    )
    add_location_options(parser, with_today=False)
    add_format_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """0 compared, 1 data problems (still printed with what could be compared), 2 git problems."""
    try:
        where = site(args)
        now = clock.now(where.today)
    except clock.ClockError as error:
        print(f"playbook changes: {error}", file=sys.stderr)
        return EXIT_GIT
    try:
        comparison = compare(where.phases_dir, where.playbook_dir, args.base, args.head, where.max_mb, now)
    except GitError as error:
        consequence = "`playbook changes` compares git revisions" if error.status in _NO_GIT_TO_READ else ""
        print(f"playbook changes: {error.worded(consequence)}", file=sys.stderr)
        return EXIT_GIT
    if getattr(args, "format", "text") == "json":
        print(json.dumps(render_json(comparison), indent=2, ensure_ascii=False))
    else:
        print(render_markdown(comparison), end="")
    _report(comparison.diagnostics)
    return EXIT_OK if comparison.ok else EXIT_PROBLEMS


def _report(diagnostics: Iterable[Diagnostic]) -> None:
    """Problems on stderr too, as path:line:col, for CI logs and annotators."""
    for diagnostic in diagnostics:
        print(diagnostic, file=sys.stderr)
