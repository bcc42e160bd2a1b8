"""`playbook new DIR --name ORG`: a ready playbook for a new organization, or the playbook added to a site.

Three cases, one rule each (README, "Start a playbook for your organization"):

* DIR holds no mkdocs.yml: a whole new site (mkdocs.yml, start page, organization, progress,
  pilot plan, README, CI workflow, .gitignore) that builds with `mkdocs build --strict` at once;
* DIR holds a site's mkdocs.yml without the plugin: the data folder beside it and one plugin
  entry inserted into that mkdocs.yml in place (`edit.siteplugin`), nothing else of the site touched;
* `--inherit FILE`: one organization of several in a repository, its mkdocs.yml INHERITing FILE.

It never overwrites: if any file it would write exists, it writes nothing and names it (exit 1).
The progress files are made by the same code `playbook fmt` creates a missing one with, after
organization.yml is written, so the labels read as `fmt` would write them.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs_playbook import __version__
from mkdocs_playbook import model as m
from mkdocs_playbook.commands.common import EXIT_OK, EXIT_PROBLEMS, UsageError, attributed
from mkdocs_playbook.edit import layout, scaffold, schemaline, siteplugin
from mkdocs_playbook.edit.actions import edited_phase
from mkdocs_playbook.edit.atomic import write_atomic
from mkdocs_playbook.edit.entry import yaml_text
from mkdocs_playbook.source import siteconfig
from mkdocs_playbook.source.diagnostics import quote, unknown
from mkdocs_playbook.source.files import BUNDLED_PHASES_DIR, ORGANIZATION_FILE, PLANS_DIR, PROGRESS_DIR, display_path
from mkdocs_playbook.source.organization import load_organization
from mkdocs_playbook.source.phases import load_phase
from mkdocs_playbook.source.sources import WorkingTree
from mkdocs_playbook.source.yamlread import Document, read_file, read_text

DEFAULT_PRODUCT = "the product"
"""`--product` left out: reads well where phases say {product} ("Roll out the product"); edit it later."""
DATA = "playbook"
"""The data folder beside mkdocs.yml, and the folder of docs_dir the generated pages go to."""
WORKFLOW = Path(".github") / "workflows" / "playbook.yml"
REQUIREMENTS = "requirements-playbook.txt"
PLAN_PHASE = "pilot"
MARKDOWN_EXTENSIONS = (
    "admonition",
    "attr_list",
    "md_in_html",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.tasklist",
)
"""What the phase pages use (README, "Add the playbook to an existing site"): named to a host that lacks one."""


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    new = commands.add_parser(
        "new",
        help="start a playbook for an organization (or add one to an existing MkDocs site)",
        description="Write a ready playbook for an organization into DIR: mkdocs.yml, a start page, "
        "playbook/organization.yml, a progress file for each phase with every item open, an empty pilot "
        "plan, a README, a CI workflow and a .gitignore. If DIR holds an MkDocs site whose mkdocs.yml does "
        "not list the playbook plugin, add the playbook to that site instead (data in playbook/, one plugin "
        "entry inserted). Never overwrites: exit 1 and nothing written when a file it would write exists.",
    )
    new.add_argument("dir", metavar="DIR", help="the folder (created if missing)")
    new.add_argument("--name", required=True, help="the organization's name")
    new.add_argument("--product", help=f"what is being rolled out; replaces {{product}} (default: {DEFAULT_PRODUCT!r})")
    new.add_argument(
        "--phases", nargs="+", metavar="ID", help="the phases it runs, in order (default: every shared phase)"
    )
    new.add_argument(
        "--inherit",
        metavar="FILE",
        help="one organization of several: DIR's mkdocs.yml INHERITs FILE (shared settings, plugins as a mapping)",
    )
    new.set_defaults(run=run)


@dataclass
class NewSite:
    """What one run writes: new files (refused if any exists), the progress files, and a site's edit."""

    root: Path
    files: dict[Path, str] = field(default_factory=dict)
    phases: list[str] = field(default_factory=list)
    phases_dir: Path = BUNDLED_PHASES_DIR
    example: str = ""
    """`PHASE/ITEM` the README's example tick names."""
    edit: tuple[Path, siteplugin.Inserted] | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def playbook_dir(self) -> Path:
        return self.root / DATA

    def progress(self) -> list[Path]:
        return [self.playbook_dir / PROGRESS_DIR / f"{phase}.yml" for phase in self.phases]


def run(args: argparse.Namespace) -> int:
    root = Path(args.dir)
    if root.exists() and not root.is_dir():
        raise UsageError(f"{display_path(root)} is not a folder")
    phases_dir = _shared_phases(root, args.inherit)
    chosen = _phases(args.phases, phases_dir)
    plan = NewSite(root, phases=[phase.id for phase in chosen], phases_dir=phases_dir, example=_example_tick(chosen[0]))
    try:
        if args.inherit is not None:
            _inherited(plan, Path(args.inherit))
        elif (config := _site_config(root)) is not None:
            _host(plan, config)
        else:
            _fresh(plan)
    except siteplugin.Refusal as refusal:
        print(f"playbook new: {refusal}\n(nothing was written)", file=sys.stderr)
        return EXIT_PROBLEMS
    _data(plan, args.name, args.product or DEFAULT_PRODUCT)
    organization = plan.playbook_dir / ORGANIZATION_FILE  # named first: the folder holds a playbook already
    candidates = [organization, *plan.files, *plan.progress()]
    taken = next((path for path in candidates if os.path.lexists(path)), None)
    if taken is not None:
        what = "already holds a playbook" if taken.name == ORGANIZATION_FILE else "exists"
        print(f"playbook new: {display_path(taken)} {what}; nothing was written (it never overwrites)", file=sys.stderr)
        return EXIT_PROBLEMS
    _write(plan)
    return EXIT_OK


def _shared_phases(root: Path, inherit: str | None) -> Path:
    """The package's phases, or the folder the shared settings name (`phases_dir`, relative to DIR
    as MkDocs resolves an INHERITed path): the organizations of one repository share their phases."""
    base = Path(inherit) if inherit is not None else None
    if base is None or not base.is_file():
        return BUNDLED_PHASES_DIR
    data = read_file(base, trusted=True).data
    plugins = data.get("plugins") if isinstance(data, dict) else None
    options = plugins.get("playbook") if isinstance(plugins, dict) else None
    named = options.get("phases_dir") if isinstance(options, dict) else None
    if not isinstance(named, str) or not named:
        return BUNDLED_PHASES_DIR
    return Path(os.path.normpath(root.absolute() / named))  # DIR may not exist yet: `..` taken by name


def _phases(chosen: list[str] | None, phases_dir: Path) -> list[m.Phase]:
    """The phases asked for (each a shared phase, once), else every shared phase in its `order`."""
    shared: dict[str, m.Phase] = {}
    for path in sorted(phases_dir.glob("*.yml")):
        phase, _ = load_phase(path, WorkingTree())
        if phase is not None:
            shared[phase.id] = phase
    if not shared:
        raise UsageError(f"no phase files in {display_path(phases_dir)}; expected the shared phases (phases_dir)")
    if chosen is None:
        return sorted(shared.values(), key=lambda phase: (phase.order, phase.id))
    for phase_id in chosen:
        if phase_id not in shared:
            raise UsageError(f"--phases: {unknown('unknown phase', phase_id, sorted(shared))}")
    if len(set(chosen)) != len(chosen):
        raise UsageError("--phases: a phase is named twice; name each once, in the order they run")
    return [shared[phase_id] for phase_id in chosen]


def _example_tick(phase: m.Phase) -> str:
    """`PHASE/ITEM` of the phase's first item: the README's example tick works as written."""
    first = next(phase.items(), None)
    return f"{phase.id}/{first.id}" if first is not None else f"{phase.id}/ITEM"


def _site_config(root: Path) -> Path | None:
    found = [root / name for name in siteconfig.CONFIG_NAMES if (root / name).is_file()]
    return found[0] if found else None


def _history(root: Path) -> str:
    """Outside a git repository there is no history to show, and the build would warn: say so in the file."""
    if schemaline.work_tree(root.absolute()) is not None:
        return ""
    return "      history: false   # not in a git repository yet: delete this line after `git init` and a first commit"


def _fresh(plan: NewSite) -> None:
    history = _history(plan.root)
    plan.files[plan.root / "mkdocs.yml"] = scaffold.fill("mkdocs.yml", {"HISTORY": history})
    _shared(plan, plan.root, history)


def _inherited(plan: NewSite, base: Path) -> None:
    if not base.is_file():
        raise UsageError(f"--inherit: {display_path(base)} not found; expected the shared mkdocs settings file")
    doc = read_file(base, display_path(base), trusted=True)
    plugins = doc.data.get("plugins") if isinstance(doc.data, dict) else None
    if doc.diagnostics or not isinstance(plugins, dict):
        raise siteplugin.Refusal(
            f"{display_path(base)}: the shared settings must list `plugins:` as a mapping (`search: {{}}`, "
            "`macros: {...}`), so that each organization's mkdocs.yml merges its playbook options into them"
        )
    if plan.root.absolute() == base.parent.absolute():
        raise UsageError("--inherit: DIR is the shared file's own folder; give each organization a folder (orgs/NAME)")
    history = _history(plan.root).replace("      ", "    ", 1)
    inherit = Path(os.path.relpath(base.absolute(), plan.root.absolute())).as_posix()
    config = Path(os.path.relpath((plan.root / "mkdocs.yml").absolute(), base.parent.absolute())).as_posix()
    values = {"INHERIT": yaml_text(inherit), "CONFIG": config, "HISTORY": history}
    plan.files[plan.root / "mkdocs.yml"] = scaffold.fill("inherit.yml", values)
    # the workflow, requirements and .gitignore serve every organization: written once, at the shared root
    _shared(plan, base.parent, history, only_missing=True)


def _shared(plan: NewSite, repository: Path, history: str, *, only_missing: bool = False) -> None:
    """The start page, README, and the repository's workflow, requirements and .gitignore."""
    in_root = repository.absolute() == plan.root.absolute()
    where = "" if in_root else f" (at {display_path(repository / REQUIREMENTS)})"
    plan_step = (
        f"`{DATA}/{PLANS_DIR}/{PLAN_PHASE}.yml`: the pilot's plan (start date, cohort, success criteria); the "
        "go/no-go verdict is judged by its criteria."
        if PLAN_PHASE in plan.phases
        else f"`{DATA}/{PROGRESS_DIR}/`: one file a phase, every item open; `playbook tick` ticks them."
    )
    note = (
        "This folder was not in a git repository when `playbook new` wrote it, so mkdocs.yml says "
        "`history: false`: after `git init` and a first commit, delete that line."
        if history
        else "Until the files are committed, the build warns that they are not (and `--strict` fails)."
    )
    readme = {
        "PLAN_STEP": plan_step,
        "REQUIREMENTS_WHERE": where,
        "HISTORY_NOTE": note,
        "TICK": plan.example.ljust(TICK_WIDTH) + " ",
    }
    plan.files[plan.root / "docs" / "index.md"] = scaffold.fill("index.md", {})
    plan.files[plan.root / "README.md"] = scaffold.fill("README.md", readme)
    requirement = f"mkdocs-playbook=={__version__}   # CHANGE ME: not on PyPI yet (see above)"
    shared = {
        repository / WORKFLOW: scaffold.fill("workflow.yml", {}),
        repository / REQUIREMENTS: scaffold.fill("requirements.txt", {"REQUIREMENT": requirement}),
        repository / ".gitignore": scaffold.fill("gitignore.txt", {}),
    }
    for path, text in shared.items():
        if not (only_missing and os.path.lexists(path)):
            plan.files[path] = text


TICK_WIDTH = 29
"""The example tick's column in the README's command list, so the comments after it line up."""


def _host(plan: NewSite, config: Path) -> None:
    """An existing site: refuse if it (or what it inherits) lists the plugin, else plan the one edit."""
    try:
        site_config = siteconfig.read(config, plugin_required=False)
    except siteconfig.SiteConfigError as error:
        raise siteplugin.Refusal(f"{display_path(config)} cannot be read: {error}") from None
    settings = site_config.settings
    if siteconfig.lists_plugin(site_config):
        raise siteplugin.Refusal(f"{display_path(config)} already lists the playbook plugin: this site has a playbook")
    docs = Path(str(settings.get("docs_dir") or "docs"))
    if (config.parent / docs).absolute() == plan.playbook_dir.absolute():
        raise siteplugin.Refusal(f"{display_path(config)}: docs_dir is {DATA}/, where the playbook's data would go")
    with attributed("read", config):
        text = config.read_bytes().decode("utf-8")
    plan.edit = (config, siteplugin.insert(text, display_path(config)))
    have = set(_names(settings.get("markdown_extensions")))
    missing = [name for name in MARKDOWN_EXTENSIONS if name not in have]
    if missing:
        plan.notes.append(
            f"{display_path(config)}: the phase pages use Markdown extensions this site does not list; add under "
            f"markdown_extensions: {', '.join(missing)} (pymdownx.tasklist with custom_checkbox: true)"
        )


def _names(listed: object) -> list[str]:
    """The names of a `markdown_extensions:` value (a list of names or one-key mappings, or a mapping)."""
    if isinstance(listed, dict):
        return [str(name) for name in listed]
    if not isinstance(listed, list):
        return []
    return [str(next(iter(item))) if isinstance(item, dict) and item else str(item) for item in listed]


def _data(plan: NewSite, name: str, product: str) -> None:
    """organization.yml and the pilot's plan, vetted by the loader `playbook check` uses."""
    schemas = schemaline.home(plan.playbook_dir, plan.root)
    organization = plan.playbook_dir / ORGANIZATION_FILE
    try:
        values = {
            "SCHEMA": schemas.line(organization, "organization"),
            "NAME": yaml_text(name),
            "PRODUCT": yaml_text(product),
            "PHASES": "[" + ", ".join(plan.phases) + "]",
        }
    except ValueError as error:
        raise UsageError(f"--name/--product: {error}") from None
    text = scaffold.fill("organization.yml", values)
    _vet(organization, text, plan.phases)
    plan.files[organization] = text
    if PLAN_PHASE in plan.phases:
        pilot = plan.playbook_dir / PLANS_DIR / f"{PLAN_PHASE}.yml"
        plan.files[pilot] = scaffold.fill("pilot-plan.yml", {"SCHEMA": schemas.line(pilot, "plan")})


class _Draft(WorkingTree):
    """organization.yml as it would be written, read through the loader before anything is written."""

    def __init__(self, path: Path, text: str) -> None:
        super().__init__()
        self.path, self.text = path, text

    def exists(self, path: Path) -> bool:
        return path == self.path or super().exists(path)

    def read_yaml(self, path: Path) -> Document:
        return read_text(self.text, self.display(path)) if path == self.path else super().read_yaml(path)


def _vet(path: Path, text: str, phases: list[str]) -> None:
    """A name or product the data rules refuse (HTML tags, say) is a usage error: nothing is written."""
    _, problems = load_organization(path, phases, _Draft(path, text))
    if problems:
        shown = "\n".join(f"  {problem}" for problem in problems)
        raise UsageError(f"--name/--product: organization.yml would not pass `playbook check`:\n{shown}")


def fresh(root: Path, name: str, product: str) -> NewSite:
    """A whole new site's files for every shared phase, unwritten: `playbook demo` starts from it."""
    phases = _phases(None, BUNDLED_PHASES_DIR)
    plan = NewSite(root, phases=[phase.id for phase in phases], example=_example_tick(phases[0]))
    _fresh(plan)
    _data(plan, name, product)
    return plan


def write_files(plan: NewSite) -> list[Path]:
    """Write the planned files, then each phase's progress file and the schema copies; those written."""
    schemas = schemaline.home(plan.playbook_dir, plan.root)
    written = list(plan.files)
    for path, text in plan.files.items():
        _put(path, text)
    for phase_id, path in zip(plan.phases, plan.progress(), strict=True):
        # the same text `playbook fmt` gives a missing progress file: after organization.yml, for {product}
        _put(path, layout.full_text(edited_phase(plan.phases_dir, plan.playbook_dir, phase_id), schemas.line(path)))
        written.append(path)
    with attributed("write", plan.playbook_dir):
        schemas.ensure()
    return written


def _write(plan: NewSite) -> None:
    written = write_files(plan)
    if plan.edit is not None:
        config, inserted = plan.edit
        with attributed("write", config):
            write_atomic(config, inserted.text)
        print(f"{display_path(config)}:{inserted.line}: added the playbook plugin")
    for path in written:
        print(f"wrote {display_path(path)}")
    for note in plan.notes:
        print(f"note: {note}")
    readme = plan.root / "README.md"
    first = readme if readme in plan.files else plan.playbook_dir / ORGANIZATION_FILE
    print(f"Next: read {quote(display_path(first))} for what to edit first; then `playbook check`.")


def _put(path: Path, text: str) -> None:
    with attributed("write", path):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text)
