"""`playbook render DIR`: the playbook's pages as Markdown files, for generators that run no MkDocs plugin.

Zensical reads mkdocs.yml but ignores MkDocs plugins, and a site may drop the plugin for other
reasons: then no playbook page is built. This command writes what the plugin would generate
(the dashboard, a page a phase, a plan page for each phase with a plan, the stylesheet,
progress.json; `output.pageplan` says where)
into a folder of the site's pages, as plain files any generator builds. It changes only files
it wrote itself (`edit.generated`), refuses to render from data with problems, and never
writes into the data's own folders.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs_playbook.commands.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    UsageError,
    add_location_options,
    add_wait_option,
    attributed,
    http_url,
    load,
    now,
    people,
    progress_locked,
    site,
    today,
)
from mkdocs_playbook.edit import generated
from mkdocs_playbook.edit.errors import EditError
from mkdocs_playbook.gitrepo.stateof import as_of
from mkdocs_playbook.model import AsOf
from mkdocs_playbook.output.markdownsite import page_files
from mkdocs_playbook.output.pageplan import PagePlan, PagePlanError, plan_pages
from mkdocs_playbook.output.pages import Renderer
from mkdocs_playbook.output.phasehistory import HistoryResult, annotate, read_history
from mkdocs_playbook.source.diagnostics import quote
from mkdocs_playbook.source.files import PROGRESS_DIR, display_path
from mkdocs_playbook.source.locations import shown_path
from mkdocs_playbook.status.document import summary
from mkdocs_playbook.status.progress import DUE_SOON_DAYS

NAME = "playbook render"
_PLAN_OPTIONS = ("dashboard", "phase_pages", "plan_pages", "handout_pages", "progress_json")


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    render = commands.add_parser(
        "render",
        help="write the playbook's pages as Markdown into a folder of the site (for Zensical and other generators)",
        description="Write the pages the plugin generates (dashboard, one page a phase, stylesheet, progress.json) "
        "as plain files into DIR, a folder inside the site's docs_dir, so that a generator without the plugin "
        "(Zensical, MkDocs without it) builds them. Changes only files it wrote itself (listed in "
        f"DIR/{generated.MANIFEST}), removes the ones no longer generated, and writes nothing when the data has "
        "problems or a file there is not its own. Exit 1 on problems or refusals (or, with --check, when DIR is "
        "out of date).",
    )
    render.add_argument(
        "folder",
        type=Path,
        metavar="DIR",
        help="the folder to write into, e.g. docs/playbook (created if its parent folder exists)",
    )
    mode = render.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="write nothing; exit 1 if DIR is out of date (for CI)")
    mode.add_argument(
        "--dry-run", action="store_true", help="list what would be created, updated or removed; write nothing"
    )
    # each defaults to the same setting of mkdocs.yml (the plugin's option, or MkDocs' own), as the plugin uses it
    render.add_argument(
        "--dashboard",
        default=None,
        metavar="PATH",
        help="the dashboard's path inside DIR (default: the plugin's dashboard, else index.md)",
    )
    render.add_argument(
        "--phase-pages",
        default=None,
        metavar="PATTERN",
        help="the phase pages' paths inside DIR; {phase} is the phase id "
        "(default: the plugin's phase_pages, else {phase}.md)",
    )
    render.add_argument(
        "--plan-pages",
        default=None,
        metavar="PATTERN",
        help="the plan pages' paths inside DIR, one for each phase with a plan; {phase} is the "
        "phase id (default: the plugin's plan_pages, else {phase}/plan.md)",
    )
    render.add_argument(
        "--handout-pages",
        default=None,
        metavar="PATTERN",
        help="the handout pages' paths inside DIR (the blank handout beside each, .md -> -blank.md); {phase} is "
        "the phase id (default: the plugin's handout_pages, else {phase}/handout.md)",
    )
    render.add_argument(
        "--progress-json",
        default=None,
        metavar="PATH",
        help="path of progress.json inside DIR; '' leaves it out "
        "(default: the plugin's progress_json, else progress.json)",
    )
    render.add_argument(
        "--no-directory-urls",
        dest="directory_urls",
        action="store_const",
        const=False,
        default=None,
        help="the dashboard's tables link to .html pages (default: follow use_directory_urls in mkdocs.yml)",
    )
    render.add_argument(
        "--no-history",
        dest="history",
        action="store_const",
        const=False,
        default=None,
        help="read nothing from git: no tick authors or dates, no charts "
        "(default: the plugin's history option, else on)",
    )
    render.add_argument(
        "--repo-url",
        type=http_url,
        default=None,
        metavar="URL",
        help="link commits as URL/commit/SHA (default: the plugin's repo_url, else the site's "
        "repo_url, else no commit links)",
    )
    render.add_argument(
        "--due-soon-days",
        type=_days,
        default=None,
        metavar="DAYS",
        help="open items due within this many days are listed as due soon "
        f"(default: the plugin's due_soon_days, else {DUE_SOON_DAYS})",
    )
    add_location_options(render)
    add_wait_option(render)
    render.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    folder: Path = args.folder
    problem = folder_problem(folder, args)
    if problem is not None:
        print(f"{NAME}: {display_path(folder)}: {problem} (nothing was written)", file=sys.stderr)
        return EXIT_USAGE
    with progress_locked(args, NAME):  # no tick lands halfway through reading the data
        return _render(args, folder)


def folder_problem(folder: Path, args: argparse.Namespace) -> str | None:
    """Why DIR cannot be written into: not a folder, or one of the data's own folders."""
    if folder.exists() and not folder.is_dir():
        return "is a file; expected a folder of the site's pages, e.g. docs/playbook"
    if not folder.exists() and not folder.parent.is_dir():
        return f"its parent folder {display_path(folder.parent)} does not exist; expected a folder inside docs_dir"
    target = folder.resolve()
    where = site(args)
    data, phases = where.playbook_dir.resolve(), where.phases_dir.resolve()
    if target == data:
        return (
            "is the playbook's data folder (organization.yml, progress/); render into a folder of the "
            "site's pages instead, e.g. docs/playbook"
        )
    for what, inside in (("the progress folder", data / PROGRESS_DIR), ("the phases folder", phases)):
        if target == inside or inside in target.parents:
            return f"is inside {what} ({display_path(inside)}); render into a folder of the site's pages instead"
    return None


def _render(args: argparse.Namespace, folder: Path) -> int:
    result = load(args)
    if not result.ok or result.playbook is None:
        for diagnostic in sorted(result.diagnostics):
            print(diagnostic)
        count = len(result.diagnostics)
        print(
            f"{NAME}: {count} problem{'s' if count != 1 else ''} in the data; nothing was written "
            "(fix them, then run again)",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    playbook = result.playbook
    settings = _settings(args)
    try:
        plan = plan_pages(
            [phase.id for phase in playbook.phases], pages_dir="", with_plans=playbook.plans, **settings.plan
        )
    except PagePlanError as error:
        print(f"{NAME}: {error}", file=sys.stderr)
        return EXIT_USAGE

    history = read_history(playbook, repo_url=settings.repo_url) if settings.history else HistoryResult()
    _say_history(history, wanted=settings.history)
    moment = now(args)
    where = site(args)
    renderer = Renderer(
        playbook,
        today=today(args),
        now=moment,
        due_soon_days=settings.due_soon_days,
        history=history.phases,
        history_notice=history.notice,
        history_missing=history.missing,
        people=settings.people,
        playbook_dir=shown_path(where.playbook_dir, where.site_root or Path.cwd()),
    )
    state = summary(renderer.playbook, renderer.today, moment)  # as published: the `people` option applied
    annotate(state, renderer)
    day = renderer.today
    state_of = as_of(where.playbook_dir, where.phases_dir, day) if settings.history else AsOf(date=day)
    files = page_files(renderer, state, plan, directory_urls=settings.directory_urls, as_of=state_of)

    try:
        with attributed("read"):
            sync = generated.plan_sync(folder, files)
    except EditError as error:
        print(f"{NAME}: {error} (nothing was written)", file=sys.stderr)
        return EXIT_PROBLEMS
    if sync.refusals:
        for refusal in sync.refusals:
            print(f"{NAME}: {display_path(folder / refusal.path)}: {refusal.reason}", file=sys.stderr)
        print(f"{NAME}: nothing was written", file=sys.stderr)
        return EXIT_PROBLEMS
    return _report_or_write(args, folder, sync, plan)


def _report_or_write(args: argparse.Namespace, folder: Path, sync: generated.Sync, plan: PagePlan) -> int:
    would = args.check or args.dry_run
    verbs = {generated.CREATE: "created", generated.UPDATE: "updated", generated.REMOVE: "removed"}
    for change in sync.changes:
        verb = f"would {change.action}" if would else verbs[change.action]
        print(f"{verb} {display_path(folder / change.path)}")
    if not sync.manifest_current:
        action = generated.UPDATE if sync.manifest_exists else generated.CREATE
        print(f"{f'would {action}' if would else verbs[action]} {display_path(folder / generated.MANIFEST)}")
    name = display_path(folder)
    if sync.up_to_date:
        print(f"{NAME}: {name} is up to date ({len(sync.files)} files)")
        return EXIT_OK
    if args.check:
        print(f"{NAME}: {name} is out of date; run `playbook render {name}` and commit the result", file=sys.stderr)
        return EXIT_PROBLEMS
    if args.dry_run:
        print(f"{NAME}: {name} would change (nothing was written)", file=sys.stderr)  # as fmt --dry-run
        return EXIT_OK
    try:
        with attributed("write"):
            generated.apply(sync)
    except EditError as error:  # e.g. a file became a symbolic link since it was read
        print(f"{NAME}: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    counts = ", ".join(f"{sum(c.action == a for c in sync.changes)} {verbs[a]}" for a in verbs)
    print(f"{NAME}: rendered {len(sync.files)} files into {name} ({counts})")
    if any(c.path == plan.stylesheet and c.action == generated.CREATE for c in sync.changes):
        paths = " and ".join(f"{folder.resolve().name}/{css}" for css in (plan.stylesheet, plan.handout_stylesheet))
        print(
            f"{NAME}: the pages need their stylesheets: list them under extra_css in mkdocs.yml, as their paths "
            f"inside docs_dir (when {name} sits directly in docs_dir: {paths})",
            file=sys.stderr,
        )
    return EXIT_OK


@dataclass(frozen=True)
class _Settings:
    plan: dict[str, str]
    directory_urls: bool
    history: bool
    repo_url: str | None
    due_soon_days: int
    people: str


def _settings(args: argparse.Namespace) -> _Settings:
    """The flags, else mkdocs.yml's settings as the plugin reads them, else the plugin's defaults.

    mkdocs.yml is unvalidated here (MkDocs validates it for the plugin), so a value of the
    wrong type is a usage error naming the setting rather than a surprise in the pages.
    """
    config = site(args).config
    options = config.options if config else {}
    settings = config.settings if config else {}

    def setting(source: Mapping[str, Any], name: str, kind: type, default: Any, where: str) -> Any:
        value = source.get(name, default)
        if value is None or (isinstance(value, kind) and not (kind is int and isinstance(value, bool))):
            return value
        raise UsageError(f"{where}{name}: {quote(str(value))} is not {_KIND_NAMES[kind]}")

    plugin, site_wide = "mkdocs.yml, the playbook plugin's option ", "mkdocs.yml: "
    plan = {}
    for flag in _PLAN_OPTIONS:
        value = getattr(args, flag)
        plan_value = value if value is not None else setting(options, flag, str, None, plugin)
        if plan_value is not None:
            plan[flag] = plan_value
    repo_url = (
        args.repo_url
        or setting(options, "repo_url", str, None, plugin)
        or setting(settings, "repo_url", str, None, site_wide)
    )
    if repo_url:
        try:
            repo_url = http_url(repo_url)
        except argparse.ArgumentTypeError as error:
            raise UsageError(f"repo_url: {error}") from None
    return _Settings(
        plan=plan,
        directory_urls=_first(args.directory_urls, setting(settings, "use_directory_urls", bool, True, site_wide)),
        history=_first(args.history, setting(options, "history", bool, True, plugin)),
        repo_url=repo_url or None,
        due_soon_days=_first(args.due_soon_days, setting(options, "due_soon_days", int, DUE_SOON_DAYS, plugin)),
        people=people(args),
    )


_KIND_NAMES = {str: "text", bool: "true or false", int: "a whole number"}


def _first(flag: Any, configured: Any) -> Any:
    return configured if flag is None else flag


def _say_history(history: HistoryResult, *, wanted: bool) -> None:
    if not wanted:
        print(f"{NAME}: without git history (--no-history): no tick authors, dates or charts", file=sys.stderr)
        return
    if history.notice:
        print(f"{NAME}: {history.notice}", file=sys.stderr)
    if history.skipped:
        shown = "; ".join(str(s) for s in history.skipped[:3]) + ("; ..." if len(history.skipped) > 3 else "")
        print(
            f"{NAME}: history skipped {len(history.skipped)} line(s) of past commits that are not valid "
            f"progress entries: {shown}",
            file=sys.stderr,
        )


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        days = -1
    if days < 0:
        raise argparse.ArgumentTypeError(f"{quote(text)} is not a number of days; expected e.g. 14")
    return days
