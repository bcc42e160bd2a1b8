"""`--all` for the commands that read one site: run the command once a site, each under its heading.

The sites are `source.sites.discover`'s (the current folder's site and every `orgs/*/mkdocs.yml`).
Each run gets its own copy of the arguments naming that site's mkdocs.yml, so nothing one site
read (the cached `Site`) reaches the next; one site's usage error (a broken mkdocs.yml) is
reported under its heading and the others still run. The exit code is the worst of them.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path

from mkdocs_playbook.commands.common import EXIT_OK, EXIT_USAGE, UsageError
from mkdocs_playbook.source.sites import ORGS_DIR, FoundSite, NoSites, discover

Run = Callable[[argparse.Namespace], int]


def add_all_options(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--all",
        action="store_true",
        help=f"{what} every site: the current folder's (if its mkdocs.yml lists the plugin) and each "
        f"{ORGS_DIR}/*/mkdocs.yml, one after the other, each under a heading; exit code: the worst of them",
    )
    parser.add_argument(
        "--orgs",
        type=Path,
        default=Path(ORGS_DIR),
        metavar="DIR",
        help=f"with --all: the folder holding one folder per organization (default: {ORGS_DIR})",
    )


def sites(args: argparse.Namespace) -> list[FoundSite]:
    """The sites `--all` covers; a UsageError when it is combined with a flag naming one site, or finds none."""
    named = [
        flag
        for flag, value in (
            ("-f", args.config_file),
            ("--playbook", getattr(args, "playbook", None)),
            ("--phases", getattr(args, "phases", None)),
        )
        if value is not None
    ]
    if named:
        raise UsageError(f"--all covers every site; it cannot be combined with {', '.join(named)}, which name one")
    try:
        return discover(Path.cwd(), args.orgs)
    except NoSites as error:
        raise UsageError(str(error)) from None


def run_all(args: argparse.Namespace, run_one: Run) -> int:
    """`run_one` for every site; text under a heading each, or one JSON document with a `sites` list.

    A single site gets no heading: `--all` in a repository of one organization (the pre-commit
    hook and the workflow `playbook new` writes run it everywhere) says what the plain command says.
    """
    found = sites(args)
    if getattr(args, "format", "text") == "json":
        return _json(args, found, run_one)
    worst = EXIT_OK
    for index, site in enumerate(found):
        if index:
            print()
        if len(found) > 1:
            print(f"== {site.label} ==")
            sys.stdout.flush()
        worst = max(worst, _one(args, site, run_one))
    return worst


def _one(args: argparse.Namespace, site: FoundSite, run_one: Run) -> int:
    mine = argparse.Namespace(**{k: v for k, v in vars(args).items() if k != "_site"})
    mine.config_file = site.config
    mine.all = False
    try:
        return run_one(mine)
    except UsageError as error:
        print(error if error.located else f"playbook {args.command}: {error}", file=sys.stderr)
        return EXIT_USAGE


def _json(args: argparse.Namespace, found: list[FoundSite], run_one: Run) -> int:
    worst = EXIT_OK
    documents = []
    for site in found:
        captured, errors = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(captured), contextlib.redirect_stderr(errors):
            code = _one(args, site, run_one)
        worst = max(worst, code)
        entry: dict[str, object] = {"site": site.label, "exit_code": code}
        text = captured.getvalue().strip()
        if text:
            entry["result"] = json.loads(text)
        if errors.getvalue().strip():
            entry["messages"] = errors.getvalue().strip().splitlines()
        documents.append(entry)
    print(json.dumps({"ok": worst == EXIT_OK, "sites": documents}, indent=2, ensure_ascii=False))
    return worst
