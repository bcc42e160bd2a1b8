"""Which files the playbook adds to a site, and where: the one rule the plugin and `render` share.

Generated pages live under one folder of the site (`pages_dir`, the site's root
by default), so a host site can give the playbook its own corner. Every path
here is a MkDocs source URI (forward slashes, relative to `docs_dir`); a path
that could leave that folder (`..`, an absolute path, a backslash) is refused,
because these come from a person's mkdocs.yml and end up as file names.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources

STYLESHEET = "assets/playbook.css"
"""The plugin's stylesheet, under `pages_dir` like every other generated file."""

HANDOUT_STYLESHEET = "assets/handout.css"
"""The handouts' paper design (output/handout.py), beside the plugin's stylesheet."""

SCRIPT = "assets/playbook.js"
"""What the pages need of a script: naming Material's unnamed search dialog for screen readers."""


def asset_text(path: str) -> str:
    """A file shipped in the package beside the templates (output/assets/...), e.g. STYLESHEET."""
    return resources.files("mkdocs_playbook.output").joinpath(path).read_text("utf-8")


def stylesheet_text() -> str:
    """The stylesheet the pages need, as shipped in the package (output/assets/)."""
    return asset_text(STYLESHEET)

PHASE_PLACEHOLDER = "{phase}"


def plan_title(phase_title: str) -> str:
    """A plan page's title, in the nav and on the page: `Pilot plan`."""
    return f"{phase_title} plan"


def handout_title(phase_title: str, *, blank: bool = False) -> str:
    """A handout page's title: `Pilot handout`, `Pilot blank handout`."""
    return f"{phase_title} {'blank handout' if blank else 'handout'}"


def blank_page(handout: str) -> str:
    """The blank handout's path beside the handout's: `pilot/handout.md` -> `pilot/handout-blank.md`."""
    return handout.removesuffix(".md") + "-blank.md"


class PagePlanError(ValueError):
    """An option names a path the playbook cannot generate; the message says which and why."""


@dataclass(frozen=True)
class PagePlan:
    """Source URIs of everything generated, relative to `docs_dir`."""

    dashboard: str
    phases: dict[str, str]
    """Phase id -> its page, in phase order."""
    progress_json: str | None
    stylesheet: str
    pages_dir: str = ""
    """The folder holding them all ("" for the site's root), as cleaned from the option."""
    plans: dict[str, str] = field(default_factory=dict)
    """Phase id -> its plan page, for the phases that have a plan (plans/<phase>.yml), in phase order."""
    handouts: dict[str, str] = field(default_factory=dict)
    """Phase id -> its handout page (`handout_pages`), every phase, in phase order."""
    blank_handouts: dict[str, str] = field(default_factory=dict)
    """Phase id -> its blank handout page, beside the handout (`-blank.md`)."""
    handout_stylesheet: str = HANDOUT_STYLESHEET
    script: str = SCRIPT

    def all(self) -> list[str]:
        """Every generated file, dashboard first: what must not clash with a host file."""
        uris = [self.dashboard, *self.phases.values(), *self.plans.values()]
        uris += [*self.handouts.values(), *self.blank_handouts.values()]
        uris += [self.stylesheet, self.handout_stylesheet, self.script]
        if self.progress_json:
            uris.append(self.progress_json)
        return uris

    def describe(self, uri: str) -> tuple[str, str]:
        """What the generated file `uri` is, and the option that places it (besides `pages_dir`).

        For messages: a person told that the playbook's `pilot.md` clashes with
        theirs needs to know which setting moves it.
        """
        if uri == self.dashboard:
            return "the dashboard", "dashboard"
        pages = (
            (self.phases, "the page of phase '{}'", "phase_pages"),
            (self.plans, "the plan page of phase '{}'", "plan_pages"),
            (self.handouts, "the handout of phase '{}'", "handout_pages"),
            (self.blank_handouts, "the blank handout of phase '{}'", "handout_pages"),
        )
        for by_phase, what, option in pages:
            for phase_id, page in by_phase.items():
                if uri == page:
                    return what.format(phase_id), option
        files = {
            self.progress_json: ("the machine-readable state", "progress_json"),
            self.stylesheet: ("the playbook's stylesheet", "pages_dir"),
            self.handout_stylesheet: ("the handouts' stylesheet", "pages_dir"),
            self.script: ("the playbook's script", "pages_dir"),
        }
        if uri in files:
            return files[uri]
        raise KeyError(uri)


def plan_pages(
    phase_ids: Iterable[str],
    *,
    pages_dir: str = "",
    dashboard: str = "index.md",
    phase_pages: str = "{phase}.md",
    progress_json: str = "progress.json",
    plan_pages: str = "{phase}/plan.md",
    with_plans: Iterable[str] = (),
    handout_pages: str = "{phase}/handout.md",
) -> PagePlan:
    """Lay out the generated files; raise PagePlanError naming the option that is wrong.

    `with_plans`: the phases that have a plan, each of which gets a plan page (`plan_pages`).
    """
    folder = _folder("pages_dir", pages_dir)
    phase_ids = list(phase_ids)
    patterns = (("phase_pages", phase_pages, "{phase}.md"), ("plan_pages", plan_pages, "{phase}/plan.md"),
                ("handout_pages", handout_pages, "{phase}/handout.md"))
    for option, pattern, example in patterns:
        if PHASE_PLACEHOLDER not in pattern:
            raise PagePlanError(f"{option}: {pattern!r} has no {PHASE_PLACEHOLDER}; expected e.g. '{example}'")
    planned = set(with_plans)
    plan = PagePlan(
        dashboard=_page("dashboard", dashboard, folder),
        phases={pid: _page("phase_pages", phase_pages.replace(PHASE_PLACEHOLDER, pid), folder) for pid in phase_ids},
        progress_json=_file("progress_json", progress_json, folder) if progress_json else None,
        stylesheet=posixpath.join(folder, STYLESHEET) if folder else STYLESHEET,
        pages_dir=folder,
        plans={
            pid: _page("plan_pages", plan_pages.replace(PHASE_PLACEHOLDER, pid), folder)
            for pid in phase_ids
            if pid in planned
        },
        handouts=(handouts := {
            pid: _page("handout_pages", handout_pages.replace(PHASE_PLACEHOLDER, pid), folder) for pid in phase_ids
        }),
        blank_handouts={pid: blank_page(page) for pid, page in handouts.items()},
        handout_stylesheet=posixpath.join(folder, HANDOUT_STYLESHEET) if folder else HANDOUT_STYLESHEET,
        script=posixpath.join(folder, SCRIPT) if folder else SCRIPT,
    )
    seen: set[str] = set()
    for uri in plan.all():
        if uri in seen:
            raise PagePlanError(
                f"two generated files would both be {uri!r}; "
                "give dashboard, phase_pages, plan_pages, handout_pages and progress_json different paths"
            )
        seen.add(uri)
    return plan


def _folder(option: str, value: str) -> str:
    cleaned = value.strip().strip("/")
    if cleaned:
        _check_relative(option, value, cleaned)
    return cleaned


def _page(option: str, value: str, folder: str) -> str:
    uri = _file(option, value, folder)
    if not uri.endswith(".md"):
        raise PagePlanError(f"{option}: {value!r} is not a Markdown page; expected a path ending in .md")
    return uri


def _file(option: str, value: str, folder: str) -> str:
    cleaned = value.strip()
    if not cleaned or cleaned.endswith("/"):
        raise PagePlanError(f"{option}: {value!r} names no file; expected a relative path such as 'pilot.md'")
    _check_relative(option, value, cleaned)
    return posixpath.join(folder, cleaned) if folder else cleaned


def _check_relative(option: str, value: str, cleaned: str) -> None:
    parts = cleaned.split("/")
    if "\\" in cleaned or cleaned.startswith("/") or ":" in parts[0] or any(p in ("", ".", "..") for p in parts):
        raise PagePlanError(
            f"{option}: {value!r} is not a plain relative path inside docs_dir; "
            "expected folder names joined by '/', without '..'"
        )
