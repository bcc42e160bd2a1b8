"""`playbook demo DIR`: the example organization's playbook as a git repository with a lived-in history.

A newcomer's first look should be a playbook in use, not a page of empty checkboxes: DIR gets
the site `playbook new` writes (its own helpers, not a copy), the example organization's
contacts, dates and pilot plan (`scaffold/demo-*.yml`, package data, so an installed wheel
makes it too), and a hundred commits by six people over the months of the rollout
(`demo.story`). Each commit holds the edit a real command makes (`edit.actions.plan` as `tick`,
`start`, `skip` and `answer` use it; `edit.records` as `measure` and `decide` do), so the files
read exactly like a team's. Dates count from today (SOURCE_DATE_EPOCH pins it): the proof of
concept is done, the pilot midway, the enterprise rollout ahead.

It refuses rather than guesses: a folder with anything in it is left untouched (exit 1), unless
it holds a demo this command made, which is left as it is (exit 0), so the README's first
command can be run twice. If making it fails, what it wrote is removed again.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from tqdm import tqdm

from mkdocs_playbook import model as m
from mkdocs_playbook.commands.common import EXIT_ENVIRONMENT, EXIT_OK, EXIT_PROBLEMS, UsageError, attributed
from mkdocs_playbook.commands.new import DATA, NewSite, fresh, write_files
from mkdocs_playbook.commands.recording import checked, moment_now
from mkdocs_playbook.demo import story
from mkdocs_playbook.edit import records, scaffold, schemaline
from mkdocs_playbook.edit.actions import Action, Request, edited_phase, plan
from mkdocs_playbook.edit.measuring import zone_of
from mkdocs_playbook.gitrepo import fastimport
from mkdocs_playbook.output.terminal import raw
from mkdocs_playbook.source.files import BUNDLED_PHASES_DIR, ORGANIZATION_FILE, PLANS_DIR, display_path
from mkdocs_playbook.source.limits import DEFAULT_MAX_FILE_MB

NAME = "playbook demo"
MARKER = "# A demo made by `playbook demo`"
"""The first line of the demo's mkdocs.yml: how a second run knows the folder holds its demo."""
SITE_URL = "http://127.0.0.1:8000/"
GROUPED = 3
"""At most this many ticks of one person, one phase and one sitting go into one commit."""


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "demo",
        help="make a demo: the example organization's playbook as a git repository with months of history",
        description="Make DIR a git repository holding a demo playbook site: Northwind Traders (a fictional "
        "organization) rolling out a product, with a history of commits by six people from its contacts who "
        "tick, start and skip items, answer discovery questions, record the pilot's measurements and the proof "
        "of concept's decision. Dates count from today: the proof of concept is done, the pilot midway, the "
        "enterprise rollout ahead. Serve it with `mkdocs serve -f DIR/mkdocs.yml`. A DIR with anything in it "
        "is refused (exit 1), unless it already holds a demo made by this command: then it is left as it is "
        "(exit 0).",
    )
    parser.add_argument("dir", metavar="DIR", help="a new or empty folder (created if missing)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    root = Path(args.dir)
    if root.exists() and not root.is_dir():
        raise UsageError(f"{display_path(root)} is not a folder; give a new or empty folder")
    if root.is_dir() and any(root.iterdir()):
        if is_demo(root):
            print(f"{display_path(root)} already holds a demo made by `{NAME}`; left as it is")
            print(f"serve it: mkdocs serve -f {display_path(root / 'mkdocs.yml')}")
            return EXIT_OK
        print(
            f"{NAME}: {display_path(root)} is not empty and holds no demo made by `{NAME}`; give a new or empty "
            "folder (nothing was written)",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    now = moment_now()
    created = not root.exists()
    try:
        commits = make(root, now)
    except fastimport.ImportFailed as error:
        _undo(root, created)
        print(f"{NAME}: {error} (nothing was left in {display_path(root)})", file=sys.stderr)
        return EXIT_ENVIRONMENT
    except BaseException:
        _undo(root, created)
        raise
    people = len({commit.email for commit in commits})
    first, last = commits[0].at.date(), commits[-1].at.date()
    print(
        f"made a demo in {display_path(root)}: the {story.ORGANIZATION} rollout, {len(commits)} commits by {people} "
        f"people from {first} to {last}"
    )
    print(f"serve it: mkdocs serve -f {display_path(root / 'mkdocs.yml')}   (then open {SITE_URL})")
    return EXIT_OK


def is_demo(root: Path) -> bool:
    """Whether `root` holds a demo this command made: its repository, and its mkdocs.yml's first line."""
    try:
        with (root / "mkdocs.yml").open(encoding="utf-8") as config:
            first = config.readline()
    except (OSError, UnicodeDecodeError):
        return False
    return first.startswith(MARKER) and (root / ".git").is_dir()


def make(root: Path, now: dt.datetime) -> list[fastimport.Commit]:
    """Write the demo into `root` (new or empty) and commit its history; the commits made."""
    today = now.astimezone(zone_of(story.TIMEZONE)).date()
    with attributed("write", root):
        root.mkdir(parents=True, exist_ok=True)
    fastimport.init(root)  # first: `playbook new` leaves `history: false` out inside a repository
    calendar = story.Calendar(today)
    site = fresh(root, story.ORGANIZATION, story.PRODUCT)
    _demo_files(site, calendar)
    write_files(site)
    first = story.PEOPLE[story.FOUNDER]
    founding = fastimport.Commit(
        first.name,
        first.email,
        dt.datetime.combine(calendar.founded, dt.time(10, 15), zone_of(story.TIMEZONE)),
        f"Start the {story.ORGANIZATION} playbook with `playbook new`, its contacts, dates and pilot plan",
        _contents(root, sorted(p for p in root.rglob("*") if p.is_file() and ".git" not in p.relative_to(root).parts)),
    )
    commits = [founding]
    groups = list(_grouped(story.steps(today)))
    phases: dict[str, m.Phase] = {}
    with tqdm(groups, desc="history", unit="commit", file=raw(sys.stderr), leave=False, disable=None) as bar:
        for group in bar:
            changed: list[Path] = []
            for step in group:
                changed.extend(path for path in _apply(root / DATA, root, step, phases) if path not in changed)
            person = story.PEOPLE[group[-1].author]
            files = _contents(root, changed)
            commits.append(fastimport.Commit(person.name, person.email, group[-1].at, _message(group), files))
    fastimport.write_history(root, commits)
    return commits


def _demo_files(site: NewSite, calendar: story.Calendar) -> None:
    """The example organization's contacts, dates and pilot plan, and mkdocs.yml with `site_url`."""
    schemas = schemaline.home(site.playbook_dir, site.root)
    dates: dict[str, str] = {}
    for phase, key in (("proof-of-concept", "POC"), ("pilot", "PILOT"), ("enterprise-rollout", "ROLLOUT")):
        start, end = calendar.dates[phase]
        dates |= {f"{key}_START": start.isoformat(), f"{key}_END": end.isoformat()}
    organization = site.playbook_dir / ORGANIZATION_FILE
    pilot = site.playbook_dir / PLANS_DIR / "pilot.yml"
    site.files[organization] = scaffold.fill(
        "demo-organization.yml", {"SCHEMA": schemas.line(organization, "organization"), **dates}
    )
    site.files[pilot] = scaffold.fill("demo-pilot-plan.yml", {"SCHEMA": schemas.line(pilot, "plan"), **dates})
    config = site.root / "mkdocs.yml"
    lines = site.files[config].splitlines(keepends=True)
    lines[0] = f"{MARKER}: a fictional organization's rollout, with its history in git. `mkdocs serve` here.\n"
    at = next(i for i, line in enumerate(lines) if line.startswith("site_name:")) + 1
    lines.insert(at, f"site_url: {SITE_URL}   # full addresses in the sitemap; Material's instant navigation uses it\n")
    # the first page a newcomer sees is the dashboard: the playbook's pages at the site's root, and the
    # start page `playbook new` writes (a link to the dashboard) gives way to a short page about the demo
    lines = [line for line in lines if not line.lstrip().startswith("pages_dir:")]
    site.files[config] = "".join(lines).replace("(docs/index.md does)", "(none here does)")
    del site.files[site.root / "docs" / "index.md"]
    site.files[site.root / "docs" / "about-this-demo.md"] = scaffold.fill("demo-about.md", {})


def _grouped(steps: Sequence[story.Step]) -> Iterator[list[story.Step]]:
    """One commit a step, except a person's ticks in one phase within an hour or two: one commit."""
    group: list[story.Step] = []
    for step in steps:
        if group and (
            step.kind != "tick"
            or group[-1].kind != "tick"
            or (step.author, step.phase) != (group[-1].author, group[-1].phase)
            or step.at - group[0].at > dt.timedelta(hours=2)
            or len(group) == GROUPED
        ):
            yield group
            group = []
        group.append(step)
    if group:
        yield group


def _apply(playbook_dir: Path, root: Path, step: story.Step, phases: dict[str, m.Phase]) -> list[Path]:
    """Make the step as its command makes it; the files written."""
    if step.kind in ("measure", "decide"):
        home = schemaline.home(playbook_dir, root)
        if step.kind == "measure":
            found = [m.Measurement(metric, value, step.at, note) for metric, value, note in step.measurements]
            made = records.measurements_recording(playbook_dir, step.phase, found, home)
            schema = records.MEASUREMENTS_SCHEMA
        else:
            o = step.options
            decision = m.Decision(o["outcome"], o["reason"], step.at, o.get("by", ""))
            made = records.decision_recording(playbook_dir, step.phase, decision, home)
            schema = records.DECISION_SCHEMA
        records.write_new(checked(made, playbook_dir, schema, DEFAULT_MAX_FILE_MB))
        return [made.path]
    o = step.options
    due = dt.date.fromisoformat(o["due"]) if "due" in o else None
    request = Request(
        Action(step.kind), f"{step.phase}/{step.entry}", by=o.get("by"), note=o.get("note"),
        evidence=o.get("evidence"), owner=o.get("owner"), due=due, reason=o.get("reason"), answer=o.get("answer"),
    )  # fmt: skip
    if step.phase not in phases:  # read once: the demo never changes a phase or its plan's entry criteria
        phases[step.phase] = edited_phase(BUNDLED_PHASES_DIR, playbook_dir, step.phase)
    phase = phases[step.phase]
    edit = plan(request, phases_dir=BUNDLED_PHASES_DIR, playbook_dir=playbook_dir, site_root=root, loaded=phase)
    edit.write()
    return [edit.path]


def _message(group: Sequence[story.Step]) -> str:
    """What a person would write: the command's verb and what it changed."""
    step = group[0]
    targets = ", ".join(f"{s.phase}/{s.entry}" for s in group)
    o = step.options
    if step.kind == "tick":
        extra = f": {o['note']}" if len(group) == 1 and "note" in o else ""
        return f"Tick {targets}{extra}"
    if step.kind == "start":
        bits = [f"{key} {o[key]}" for key in ("owner", "due") if key in o]
        return f"Start {targets}" + (f" ({', '.join(bits)})" if bits else "")
    if step.kind == "skip":
        return f"Skip {targets}: {o['reason']}"
    if step.kind == "answer":
        return f"Answer {targets}"
    if step.kind == "measure":
        metrics = ", ".join(metric for metric, _, _ in step.measurements)
        return f"Record the pilot's {metrics}"
    return f"Decide {step.phase}: {o['outcome']}. {o['reason']}"


def _contents(root: Path, paths: Sequence[Path]) -> list[tuple[str, bytes]]:
    return [(path.relative_to(root).as_posix(), path.read_bytes()) for path in paths]


def _undo(root: Path, created: bool) -> None:
    """Take away what a failed run wrote: the folder it created, or everything in the empty one it was given."""
    if created:
        shutil.rmtree(root, ignore_errors=True)
        return
    for child in root.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
