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


def stylesheet_text() -> str:
    """The stylesheet the pages need, as shipped in the package (output/assets/)."""
    return resources.files("mkdocs_playbook.output").joinpath(STYLESHEET).read_text("utf-8")

PHASE_PLACEHOLDER = "{phase}"


def plan_title(phase_title: str) -> str:
    """A plan page's title, in the nav and on the page: `Pilot plan`."""
    return f"{phase_title} plan"


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

    def all(self) -> list[str]:
        """Every generated file, dashboard first: what must not clash with a host file."""
        uris = [self.dashboard, *self.phases.values(), *self.plans.values(), self.stylesheet]
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
        for phase_id, page in self.phases.items():
            if uri == page:
                return f"the page of phase '{phase_id}'", "phase_pages"
        for phase_id, page in self.plans.items():
            if uri == page:
                return f"the plan page of phase '{phase_id}'", "plan_pages"
        if uri == self.progress_json:
            return "the machine-readable state", "progress_json"
        if uri == self.stylesheet:
            return "the playbook's stylesheet", "pages_dir"
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
) -> PagePlan:
    """Lay out the generated files; raise PagePlanError naming the option that is wrong.

    `with_plans`: the phases that have a plan, each of which gets a plan page (`plan_pages`).
    """
    folder = _folder("pages_dir", pages_dir)
    phase_ids = list(phase_ids)
    for option, pattern, example in (("phase_pages", phase_pages, "{phase}.md"), ("plan_pages", plan_pages,
                                                                                 "{phase}/plan.md")):
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
    )
    seen: set[str] = set()
    for uri in plan.all():
        if uri in seen:
            raise PagePlanError(
                f"two generated files would both be {uri!r}; "
                "give dashboard, phase_pages, plan_pages and progress_json different paths"
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
