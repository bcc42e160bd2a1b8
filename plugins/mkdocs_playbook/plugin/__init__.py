"""The `playbook` MkDocs plugin: MkDocs events only, the work is done elsewhere.

on_config loads and checks the data (every problem becomes a warning, so
`mkdocs build --strict` fails on it and `mkdocs serve` keeps serving) and
adds the data directories to serve's watch list; on_pre_build registers the
macros (plugin/macros.py: they never raise out of a page); on_files swaps the data files
for generated pages, placed where output/pageplan.py says, never over a file of
the site (plugin/guest.py), and puts them in the nav (plugin/navigation.py);
on_page_markdown gives the generated pages their titles;
on_page_content puts a banner naming the problems at the top of every page
while the data has any. Whatever reaches a page, a theme setting or a file of
the site from data goes through the output gate (output/gate.py).

MkDocs keeps this one instance for a whole `mkdocs serve` (the plugin has
on_startup/on_shutdown). on_config resets the per-build state; the one thing
carried between rebuilds, on purpose, is the last good rendering of this serve
session (plugin/session.py), shown with the banner while the data is broken.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from mkdocs_playbook import clock
from mkdocs_playbook.gitrepo.stateof import as_of
from mkdocs_playbook.model import AsOf
from mkdocs_playbook.output import gate, jumplist, phasehistory
from mkdocs_playbook.output.handout import stylesheet_text as handout_stylesheet_text
from mkdocs_playbook.output.pageplan import (
    SCRIPT,
    PagePlan,
    PagePlanError,
    asset_text,
    plan_pages,
    plan_title,
    stylesheet_text,
)
from mkdocs_playbook.output.pages import Renderer, problems_banner, problems_page
from mkdocs_playbook.output.people import published_problems
from mkdocs_playbook.plugin import guest, handouts, macros, navigation
from mkdocs_playbook.plugin.branding import Logo, place_logo
from mkdocs_playbook.plugin.config import PlaybookConfig
from mkdocs_playbook.plugin.handoutpdf import HandoutPdfs
from mkdocs_playbook.plugin.session import GoodBuild, ServeSession
from mkdocs_playbook.plugin.sitehistory import SiteHistory
from mkdocs_playbook.source import locations
from mkdocs_playbook.source.diagnostics import Diagnostic
from mkdocs_playbook.source.loading import LoadResult, load_playbook
from mkdocs_playbook.source.sources import WorkingTree
from mkdocs_playbook.status.document import summary

log = get_plugin_logger(__name__)


class PlaybookPlugin(BasePlugin[PlaybookConfig]):  # type: ignore[no-untyped-call]  # as PlaybookConfig
    def __init__(self) -> None:
        self.result: LoadResult | None = None
        self.renderer: Renderer | None = None
        self.state: dict[str, Any] | None = None
        """The progress.json document: also the macros' `playbook` variable."""
        self.titles: dict[str, str] = {}
        """Generated page (src_uri) -> its title from data, set in on_page_markdown."""
        self.site_history = SiteHistory(log)
        self.session = ServeSession()
        self.shown: GoodBuild | None = None
        """The earlier good build this build shows instead of the broken data (serve only)."""
        self.problems_uri: str | None = None
        """The dashboard's URI when it is the problems page, which needs no banner."""
        self.dashboard_uri: str | None = None
        """The dashboard's URI, whose banner lists every problem."""
        self.problems: list[Diagnostic] = []
        """The data's problems as pages quote them (the `people` option applied), set in on_config."""
        self.as_of: AsOf | None = None
        """The date and commit the data comes from, printed on handouts."""
        self.pdfs = HandoutPdfs(log)
        """The handout_pdf option's PDFs, kept across the rebuilds of a serve session."""
        self.logo: Logo | None = None
        """The organization's logo when the theme takes it (theme_from_organization), and where it goes."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.session.start(command)

    def on_config(self, config: MkDocsConfig, **kwargs: Any) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        self.result = None
        self.renderer = None
        self.state = None
        self.titles = {}
        self.shown = None
        self.problems_uri = None
        self.dashboard_uri = None
        self.logo = None
        plan = self._plan([])  # the options, checked before any data is read
        where = locations.resolve(
            Path(config.config_file_path or ".").parent,
            docs_dir=config.docs_dir,
            playbook_dir=self.config.playbook_dir,
            phases_dir=self.config.phases_dir,
        )
        for path in (where.phases_dir, where.playbook_dir):
            if str(path) not in config.watch:
                config.watch.append(str(path))

        # a record dated after the real moment (SOURCE_DATE_EPOCH, else the clock) is an error; verdicts are
        # judged at `now`, the end of a chosen `today:`, where later records simply do not count yet
        today, now = self._today(), self._now()
        self.result = load_playbook(
            where.phases_dir, where.playbook_dir, WorkingTree(self.config.max_file_size), now=self._now(real=True)
        )
        for diagnostic in self.result.diagnostics:
            log.warning(str(diagnostic))
        org = self.result.playbook.organization if self.result.playbook else None
        # as the banner and the problems page quote them: a quoted owner or note is under the `people` option
        self.problems = published_problems(self.result.diagnostics, self.config.people, org.contacts if org else ())

        if (exposed := guest.published_data(where, config)) is not None:
            log.warning(exposed)
        _link_assets(config, plan)
        self.as_of = as_of(where.playbook_dir, where.phases_dir, today) if self.config.history else AsOf(date=today)
        self.pdfs.start(self.config.handout_pdf, self.config.handout_paper)

        key = config.config_file_path or ""
        playbook = self.result.playbook
        if playbook is not None:
            history = self.site_history.read(
                playbook, config, enabled=self.config.history, known_broken=self.config.known_broken_commits,
                repo_url=self.config.repo_url,
            )
            self.renderer = Renderer(
                playbook, today=today, now=now, due_soon_days=self.config.due_soon_days, history=history.phases,
                history_notice=history.notice, history_missing=history.missing, people=self.config.people,
                playbook_dir=where.playbook_shown,
            )
            self.state = summary(self.renderer.playbook, today, now)  # as published: the `people` option applied
            phasehistory.annotate(self.state, self.renderer)
            if self.result.ok:
                self.session.remember(key, self.renderer, self.state)
        if not self.result.ok and (good := self.session.last_good(key)) is not None:
            # serve: keep showing the last good pages (with the banner) until the data is fixed
            self.shown = good
            self.renderer, self.state = good.renderer, good.state
            log.info(
                "playbook: the site shows the last good playbook pages of this serve session "
                f"(from {good.at:%H:%M:%S}) until the problems above are fixed"
            )
        if self.renderer is not None and self.config.theme_from_organization:
            self._apply_theme(config, where.playbook_dir)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.result is None:
            return None
        # the organization's YAML lives in docs_dir but is data, not part of the site
        data_files = {str(p.resolve()) for p in self.result.files}
        for file in list(files):
            if file.abs_src_path and str(Path(file.abs_src_path).resolve()) in data_files:
                files.remove(file)

        hand_written = [f.src_uri for f in files.documentation_pages()]
        phase_ids = [phase.id for phase in self.renderer.playbook.phases] if self.renderer is not None else []
        with_plans = list(self.renderer.playbook.plans) if self.renderer is not None else []
        plan = self._plan(phase_ids, with_plans)
        if (clash := guest.clashes(files, plan, config)) is not None:
            raise PluginError(clash)

        def add(src_uri: str, content: str) -> File:
            file = File.generated(config, src_uri, content=content)
            files.append(file)
            return file

        logo = self.logo
        if logo is not None and logo.copy_from is not None and files.get_file_from_path(logo.theme_path) is None:
            # a logo beside organization.yml, outside docs_dir: served from the organization's folder
            files.append(File.generated(config, logo.theme_path, abs_src_path=str(logo.copy_from)))
        add(plan.stylesheet, stylesheet_text())
        add(plan.handout_stylesheet, handout_stylesheet_text())
        add(plan.script, asset_text(SCRIPT))
        self.dashboard_uri = plan.dashboard
        if self.renderer is None:
            add(plan.dashboard, problems_page(self.problems))
            self.problems_uri = plan.dashboard
        else:
            phase_files = {}
            state = self.as_of or AsOf(date=self.renderer.today)  # on_config has set it: None only before
            for phase in self.renderer.playbook.phases:
                page, plan_page = plan.phases[phase.id], plan.plans.get(phase.id)
                plan_link = get_relative_url(plan_page, page) if plan_page else None
                links = handouts.add_pages(self.renderer, phase.id, plan, state, add, self.titles)
                links += self.pdfs.add(self.renderer, phase.id, plan, state, files, config)
                phase_files[phase.id] = add(page, self.renderer.phase_page(phase.id, plan_link, links))
                self.titles[page] = phase.title
                if plan_page:
                    add(plan_page, self.renderer.plan_page(phase.id, get_relative_url(page, plan_page)))
                    self.titles[plan_page] = plan_title(phase.title)
            dashboard_url = File.generated(config, plan.dashboard, content="").url
            add(
                plan.dashboard,
                self.renderer.dashboard(
                    url_for=lambda phase_id: get_relative_url(phase_files[phase_id].url, dashboard_url),
                    source_for=lambda phase_id: get_relative_url(plan.phases[phase_id], plan.dashboard),
                    plan_source_for=lambda phase_id: (
                        get_relative_url(plan.plans[phase_id], plan.dashboard) if phase_id in plan.plans else None
                    ),
                ),
            )
            if plan.progress_json:
                add(plan.progress_json, gate.json_document(self.state))
            self.pdfs.finish()
        self._navigation(config, plan, hand_written)
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """Title a generated page from data, the gate's way.

        Not through front matter: Material prints `page.meta.title` (and the nav
        title, and `page.title | striptags`, which un-escapes) without escaping.
        """
        if not self.config.enabled:
            return None
        title = self.titles.get(page.file.src_uri)
        if title is not None:
            page.meta["title"] = gate.page_title(title)
        return None

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """The banner naming the data's problems, at the top of every page while there are any.

        Here, on the page's HTML, and not in its Markdown: macros and Markdown
        have already run, so nothing re-reads the quoted data. A phase page's "On this page" list
        is filled in here too, from the page's table of contents (output/jumplist.py).
        """
        if not self.config.enabled:
            return None
        if page.file.src_uri in self.titles:
            html = jumplist.fill(html, page.toc)
        if self.result is None or self.result.ok:
            return html
        src_uri = page.file.src_uri
        if src_uri == self.problems_uri:
            return html  # the problems page is the list itself
        banner = problems_banner(
            self.problems,
            last_good=self.shown.at if self.shown else None,
            complete=src_uri == self.dashboard_uri,
        )
        return banner + html

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """The macros' namespace: after every on_config, so mkdocs-macros has merged the host's names (macros.py)."""
        if self.config.enabled and self.result is not None:
            problems = not self.result.ok and not self.shown
            namespace = self.config.macros_namespace
            macros.register(config, self.renderer, self.state, log, namespace=namespace, data_has_problems=problems)

    def on_shutdown(self) -> None:
        self.site_history.close()

    # --- helpers ---------------------------------------------------------------

    def _today(self) -> dt.date:
        try:
            return clock.today(self.config.today)
        except clock.ClockError as error:
            raise PluginError(f"playbook: {error}") from None

    def _now(self, *, real: bool = False) -> dt.datetime:
        """The moment verdicts are judged at: the `today:` option's end of day, else SOURCE_DATE_EPOCH, else now;
        `real`: leave `today:` out (what the loader checks record dates against)."""
        try:
            return clock.now(None if real else self.config.today)
        except clock.ClockError as error:
            raise PluginError(f"playbook: {error}") from None

    def _plan(self, phase_ids: list[str], with_plans: list[str] | None = None) -> PagePlan:
        try:
            return plan_pages(
                phase_ids,
                pages_dir=self.config.pages_dir,
                dashboard=self.config.dashboard,
                phase_pages=self.config.phase_pages,
                progress_json=self.config.progress_json,
                plan_pages=self.config.plan_pages,
                with_plans=with_plans or (),
                handout_pages=self.config.handout_pages,
            )
        except PagePlanError as error:
            raise PluginError(f"playbook: plugin option in mkdocs.yml: {error}") from None

    def _navigation(self, config: MkDocsConfig, plan: PagePlan, hand_written: list[str]) -> None:
        """The whole nav when there is none; with a hand-written one, the option's section or a warning."""
        pages = navigation.phase_order(plan.phases, plan.plans)
        if config.nav is None:
            if self.config.navigation:
                config.nav = navigation.generated(plan.dashboard, pages, hand_written)
        elif self.config.nav_section:
            config.nav = navigation.place(config.nav, self.config.nav_section, [plan.dashboard, *pages])
        else:
            titles = {phase.id: phase.title for phase in self.renderer.playbook.phases} if self.renderer else {}
            # plan pages are left out: their phase page and the dashboard link them, so they are reachable
            titled = [(navigation.DASHBOARD_TITLE, plan.dashboard)]
            titled += [(titles[phase_id], uri) for phase_id, uri in plan.phases.items()]
            lines = navigation.missing_lines(config.nav, titled)
            if lines is not None:
                log.warning(
                    "playbook: the hand-written nav in mkdocs.yml leaves out playbook pages, so nothing links to "
                    "them; add these lines under `nav:`, or set the plugin option `nav_section` to place them:\n"
                    + lines
                )

    def _apply_theme(self, config: MkDocsConfig, playbook_dir: Path) -> None:
        assert self.renderer is not None
        org = self.renderer.playbook.organization
        config.site_name = gate.page_title(f"{org.name} rollout playbook")
        if not config.theme.get("logo"):
            logo = place_logo(
                org.logo, playbook_dir=playbook_dir, docs_dir=Path(config.docs_dir), pages_dir=self.config.pages_dir
            )
            if isinstance(logo, str):
                log.warning(logo)
            elif logo is not None:
                self.logo = logo
                config.theme["logo"] = logo.theme_path
        palettes = config.theme.get("palette")
        for palette in palettes if isinstance(palettes, list) else [palettes] if isinstance(palettes, dict) else []:
            if org.palette_primary:
                palette["primary"] = org.palette_primary
            if org.palette_accent:
                palette["accent"] = org.palette_accent


def _link_assets(config: MkDocsConfig, plan: PagePlan) -> None:
    """Every page links the plugin's stylesheets and script (once: `mkdocs serve` runs on_config again)."""
    for stylesheet in (plan.stylesheet, plan.handout_stylesheet):
        if stylesheet not in config.extra_css:
            config.extra_css.append(stylesheet)
    if not any(str(script) == plan.script for script in config.extra_javascript):
        config.extra_javascript.append(plan.script)
