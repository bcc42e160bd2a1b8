"""The `playbook` plugin's options in mkdocs.yml, typed so MkDocs validates them."""

from __future__ import annotations

import datetime as dt

from mkdocs.config import base
from mkdocs.config import config_options as c

from mkdocs_playbook.output.handout import PAPERS
from mkdocs_playbook.output.people import PEOPLE
from mkdocs_playbook.plugin.optiontypes import MacrosNamespace, WebUrl
from mkdocs_playbook.source.limits import DEFAULT_MAX_FILE_MB


class PlaybookConfig(base.Config):  # type: ignore[no-untyped-call]  # MkDocs' Config.__init_subclass__ is unannotated
    enabled = c.Type(bool, default=True)
    """Turn the plugin off (e.g. `enabled: !ENV [PLAYBOOK, true]`) without removing it."""

    phases_dir = c.Optional(c.Dir(exists=True))
    """Directory of phase files, relative to mkdocs.yml; by default the phases shipped with the
    package. The organization's own files live in `docs_dir`."""

    playbook_dir = c.Optional(c.Dir(exists=True))
    """The organization's folder (organization.yml and progress/), relative to mkdocs.yml; by
    default `docs_dir`. A host site keeps it outside its docs, so no generator can publish it."""

    pages_dir = c.Type(str, default="")
    """Folder of the site (relative to `docs_dir`) holding every generated file: dashboard, phase pages,
    stylesheet and progress.json; empty for the site's root. A generated file never replaces one of
    the site's: a clash stops the build naming both."""

    dashboard = c.Type(str, default="index.md")
    """Path of the generated dashboard inside `pages_dir`."""

    phase_pages = c.Type(str, default="{phase}.md")
    """Path pattern of the generated phase pages inside `pages_dir`; `{phase}` is the phase id."""

    plan_pages = c.Type(str, default="{phase}/plan.md")
    """Path pattern of the generated plan pages inside `pages_dir` (one for each phase with a plan,
    playbook/plans/<phase>.yml); `{phase}` is the phase id."""

    handout_pages = c.Type(str, default="{phase}/handout.md")
    """Path pattern of the generated handout pages (a phase's page designed for paper) inside `pages_dir`;
    `{phase}` is the phase id. The blank handout goes beside it, `.md` becoming `-blank.md`."""

    navigation = c.Type(bool, default=True)
    """Generate the navigation (dashboard, phases in order, then your own pages) when mkdocs.yml has no `nav:`."""

    nav_section = c.Optional(c.Type(str))
    """With a hand-written `nav:`, the section that receives the dashboard and phase pages: the nav's own
    section of that title, or a new one at its end. Unset, a nav that leaves them out is a warning."""

    progress_json = c.Type(str, default="progress.json")
    """Path of the machine-readable state inside `pages_dir`; empty to leave it out."""

    theme_from_organization = c.Type(bool, default=False)
    """Take the site name, logo and palette colours from organization.yml; off, the site's own stay."""

    due_soon_days = c.Type(int, default=14)
    """Open items due within this many days are listed on the dashboard as due soon."""

    history = c.Type(bool, default=True)
    """Read who ticked what and when from git; off skips git entirely."""

    known_broken_commits = c.ListOfItems(c.Type(str), default=[])
    """Commits (full ids or prefixes of at least 4 characters) whose broken progress lines you have
    checked: history still skips those lines, but says so at info level, so `--strict` builds pass."""

    today = c.Optional(c.Type[str | dt.date]((str, dt.date)))  # YAML reads an unquoted 2026-11-21 as a date
    """Judge due dates against this YYYY-MM-DD date instead of today (reproducible builds and tests); verdicts
    are then judged as of the end of that day (23:59:59 UTC), so a measurement goes stale as it would that night."""

    max_file_size = c.Type((int, float), default=DEFAULT_MAX_FILE_MB)
    """Data files (phases, organization.yml, progress) larger than this many megabytes are refused
    unread and reported like any data error."""

    macros_namespace = MacrosNamespace(default="playbook")
    """The one name under which mkdocs-macros pages find the playbook's macros and data
    (`{{ playbook.checklist("pilot") }}`, `{{ playbook.phases }}`); change it when the host site
    already uses `playbook` for a macro, filter or variable of its own."""

    repo_url = c.Optional(WebUrl())
    """The repository whose commits the "ticked by" links point to, when the playbook's data lives
    in another repository than the site's; by default MkDocs' own `repo_url`."""

    handout_pdf = c.Type(bool, default=False)
    """Also write each phase's handout as a PDF beside its handout page and link it from the phase page;
    needs WeasyPrint (`pip install 'mkdocs-playbook[pdf]'`; without it the build warns once and goes on).
    About 0.6 s a page; `mkdocs serve` renders a PDF again only when its handout changed."""

    handout_paper = c.Choice(PAPERS, default=PAPERS[0])
    """The paper size of those PDFs: a4 or letter."""

    people = c.Choice(PEOPLE, default=PEOPLE[0])
    """How people appear on the site: `names`; `initials` ("M. A."); or `none`, a contact's role, else
    "a team member". With `initials` or `none` no personal name and no e-mail address reaches any built
    file (pages, search index, progress.json, handouts and their PDFs): for sites published wider than the team."""
