"""`playbook build`: build one site, or with `--all` every organization's, each into its own folder.

Each site is built by MkDocs in a process of its own (`python -m mkdocs build`), never in this
one: MkDocs, its plugins and this project's plugin keep state at module level (the plugin's
git-history cache, Jinja environments, Material's caches), and one process per site is the
only way to be sure nothing one organization's build read can reach another's pages. It also
keeps the command itself free of MkDocs (test_architecture), and lets `-j` build in parallel.

A site that fails does not stop the others; the summary names each failure with the lines
MkDocs itself logged (ERROR, WARNING, "Aborted ..."), and the exit code is 1 if any failed.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from mkdocs_playbook.commands.allsites import add_all_options, sites
from mkdocs_playbook.commands.common import EXIT_OK, EXIT_PROBLEMS, UsageError, add_config_file_option, attributed
from mkdocs_playbook.output.buildprogress import BuildProgress
from mkdocs_playbook.source import siteconfig
from mkdocs_playbook.source.files import display_path
from mkdocs_playbook.source.sites import FoundSite

CHILD_ENVIRONMENT = {"NO_MKDOCS_2_WARNING": "1"}
"""Keeps Material's banner about MkDocs 2.0 out of every site's output (and out of the summary)."""
_MKDOCS_LINE = re.compile(r"^(ERROR|WARNING)\b|^Aborted\b|^Error: ")
_TAIL = 15
"""Lines of output a failure shows when MkDocs logged nothing it recognises (a crash, a traceback)."""


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    build = commands.add_parser(
        "build",
        help="build the site with MkDocs; --all: every organization's site, each into its own folder",
        description="Build the site (mkdocs.yml here or above, or -f FILE) with MkDocs, or with --all every "
        "site in this repository (README 'Several organizations in one repository'), each in its own "
        "process and into its own folder, with a progress bar. A site that fails does not stop the "
        "others; the summary names each failure with MkDocs' own error lines. Exit 0 when every site "
        "built, 1 when any failed, 2 for a usage error.",
    )
    add_config_file_option(build)
    add_all_options(build, "build")
    build.add_argument(
        "-d",
        "--site-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="where the sites go: with --all, each organization's into DIR/<its folder name>/ and the current "
        "folder's own site into DIR itself (built first); without --all, the site into DIR. "
        "Default: each site's own site_dir",
    )
    build.add_argument(
        "--strict", action="store_true", help="fail a site on any MkDocs warning (as mkdocs build --strict)"
    )
    build.add_argument(
        "-j", "--jobs", type=_jobs, default=1, metavar="N", help="build up to N sites at once (default: 1)"
    )
    build.set_defaults(run=run)


@dataclass(frozen=True)
class Job:
    site: FoundSite
    site_dir: Path | None
    """The folder passed to `mkdocs build -d`; None: the site's own site_dir."""
    output: Path
    """Where the site lands: `site_dir`, or the site's own site_dir as MkDocs reads it."""


@dataclass(frozen=True)
class Outcome:
    job: Job
    ok: bool
    seconds: float
    errors: list[str]


def run(args: argparse.Namespace) -> int:
    jobs = _plan(args)
    first = [job for job in jobs if job.site.name == "" and job.site_dir is not None]
    rest = [job for job in jobs if job not in first]
    outcomes: list[Outcome] = []
    with BuildProgress(len(jobs)) as progress:
        taken: set[Path] = set()

        def build_and_report(job: Job) -> Outcome:
            outcome = _clash(job, taken) or _build(job, strict=args.strict)
            progress.done(job.site.label, outcome.seconds, outcome.ok, display_path(job.output))
            return outcome

        # the current folder's site cleans DIR as MkDocs builds it: it goes first, the others into it
        outcomes += [build_and_report(job) for job in first]
        if first and outcomes[0].ok and first[0].site_dir is not None:
            taken = set(first[0].site_dir.iterdir())
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            outcomes += list(pool.map(build_and_report, rest))
    failed = [outcome for outcome in outcomes if not outcome.ok]
    if not failed:
        print(f"playbook build: {len(jobs)} site{'s' if len(jobs) != 1 else ''} built")  # success: stdout
        return EXIT_OK
    print(f"playbook build: {len(failed)} of {len(jobs)} sites failed:", file=sys.stderr)
    for outcome in failed:
        print(f"  {outcome.job.site.label}:", file=sys.stderr)
        for line in outcome.errors:
            print(f"    {line}", file=sys.stderr)
    return EXIT_PROBLEMS


def _plan(args: argparse.Namespace) -> list[Job]:
    """Which site goes where; a UsageError before anything is built if two would share a folder."""
    root: Path | None = Path(args.site_dir).absolute() if args.site_dir else None
    if args.all:
        found = sites(args)
        chosen = [(site, None if root is None else root / site.name if site.name else root) for site in found]
    else:
        chosen = [(_single(args), root)]
    jobs = [Job(site, site_dir, site_dir or _own_site_dir(site)) for site, site_dir in chosen]
    seen: dict[Path, Job] = {}
    for job in jobs:
        if job.output in seen:
            raise UsageError(
                f"{job.site.label} and {seen[job.output].site.label} would both be built into "
                f"{display_path(job.output)}; give each its own site_dir, or use -d DIR"
            )
        seen[job.output] = job
    return jobs


def _single(args: argparse.Namespace) -> FoundSite:
    named: Path | None = args.config_file
    if named is not None and not named.is_file():
        raise UsageError(f"{display_path(named)} not found; -f/--config-file names the site's mkdocs.yml")
    path = named or siteconfig.find(Path.cwd())
    if path is None:
        raise UsageError(siteconfig.not_found(Path.cwd()))
    return FoundSite(path.absolute(), "")


def _own_site_dir(site: FoundSite) -> Path:
    """The site_dir MkDocs will use: its setting (INHERIT merged) relative to mkdocs.yml, else `site`."""
    try:
        setting = siteconfig.read(site.config, plugin_required=False).settings.get("site_dir")
    except siteconfig.SiteConfigError:
        setting = None  # MkDocs will report it; the build fails before writing anything
    folder = setting if isinstance(setting, str) and setting else "site"
    return Path(os.path.normpath(site.config.parent / folder))


def _clash(job: Job, taken: set[Path]) -> Outcome | None:
    """A failure when the current folder's site, built into DIR, has a page where this org would go.

    MkDocs empties a site's folder before building it, so building the org there would delete that page.
    """
    if job.site_dir is None or job.site_dir not in taken:
        return None
    message = (
        f"{display_path(job.site_dir)} is part of the site built into its parent folder; "
        "rename that page or the organization's folder"
    )
    return Outcome(job, False, 0.0, [message])


def _build(job: Job, *, strict: bool) -> Outcome:
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(job.site.config)]
    if strict:
        command.append("--strict")
    if job.site_dir is not None:
        command += ["-d", str(job.site_dir)]
    started = time.monotonic()
    # run in the current folder, not the site's: MkDocs reads paths relative to mkdocs.yml anyway, and
    # the plugin's `path:line:col` messages then name files from where the person is, as `check --all` does
    with attributed("run", sys.executable):
        done = subprocess.run(
            command,
            env={**os.environ, **CHILD_ENVIRONMENT},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=False,
        )
    seconds = time.monotonic() - started
    if done.returncode == 0:
        return Outcome(job, True, seconds, [])
    errors = error_lines(done.stdout.splitlines()) or [f"mkdocs exited with {done.returncode}"]
    return Outcome(job, False, seconds, errors)


def error_lines(output: Iterable[str]) -> list[str]:
    """What MkDocs said went wrong: its ERROR and WARNING records with their continuation lines,
    and its "Aborted ..." line; the last lines of the output when it logged none (a crash)."""
    lines = [line.rstrip() for line in output]
    picked: list[str] = []
    keep = False
    for line in lines:
        if _MKDOCS_LINE.match(line):
            keep = True
        elif not line.startswith((" ", "\t")) or not line.strip():
            keep = False
        if keep:
            picked.append(line)
    return picked or [line for line in lines if line.strip()][-_TAIL:]


def _jobs(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 64:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of sites; expected 1 to 64")
    return int(text)
