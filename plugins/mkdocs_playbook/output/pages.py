"""Pages and fragments of the playbook site, from the model and the progress view.

Templates are package files; data is only ever passed in as variables, never
as template source, so a note such as `{{ 7*7 }}` reaches the page as literal
text. Every value a template prints goes through the output gate (gate.py):
the environment's `finalize` hands each one to `gate.text`, and the filters
`md`, `mdblock` and `mdtext` are the gate's Markdown renderers. Progress text
(notes, names, answers) sits inside raw HTML blocks, which Markdown leaves alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from functools import cache, cached_property

import jinja2
from markupsafe import Markup

from mkdocs_playbook import model as m
from mkdocs_playbook.output import gate
from mkdocs_playbook.output import verdictview as vv
from mkdocs_playbook.output.burnup import BurnUp, burn_up
from mkdocs_playbook.output.historyview import Attribution, PhaseHistory
from mkdocs_playbook.output.people import PEOPLE, People, published
from mkdocs_playbook.output.planview import plan_view
from mkdocs_playbook.source.diagnostics import Diagnostic, unknown
from mkdocs_playbook.status import outlook
from mkdocs_playbook.status import verdict as verdict_rule
from mkdocs_playbook.status.progress import DUE_SOON_DAYS, PhaseProgress, playbook_progress
from mkdocs_playbook.status.verdict import GateResult

Evaluate = Callable[[m.Playbook, str, dt.datetime, str | None], GateResult | None]
"""`status.verdict.evaluate`'s shape: (playbook, phase id, now, stage) -> the verdict, or None."""


def table_rows(objects: Sequence[object], *attributes: str) -> list[list[str]]:
    """Table cells from attributes; a tuple of strings becomes one comma-separated cell."""
    return [[", ".join(v) if isinstance(v := getattr(o, a), tuple) else str(v) for a in attributes] for o in objects]


class Renderer:
    """Everything the site shows, for one build.

    `url_for` turns a phase id into a link relative to the page being
    rendered; the plugin supplies it because only MkDocs knows the URLs.
    `now` is the moment verdicts are judged at (clock.now: staleness and
    which measurements count); `judge` is the verdict rule, the real one
    unless a test hands in results of its own.
    """

    def __init__(
        self,
        playbook: m.Playbook,
        *,
        today: dt.date,
        now: dt.datetime,
        due_soon_days: int = DUE_SOON_DAYS,
        history: Mapping[str, PhaseHistory] | None = None,
        history_notice: str | None = None,
        history_missing: bool = False,
        judge: Evaluate | None = None,
        people: str = PEOPLE[0],
        playbook_dir: str = "",
        limits: Mapping[str, int] | None = None,
    ) -> None:
        # the one place the `people` option applies: every page, handout, fragment and progress.json
        # is made from these two, so none can show a name the option hides (output/people.py)
        self.people = people
        self.playbook, self.history = published(playbook, history or {}, people)
        self.today = today
        self.now = now
        self._judge = judge or verdict_rule.evaluate
        self._verdicts: dict[tuple[str, str | None], GateResult | None] = {}
        self.due_soon_days = due_soon_days
        self.history_notice = history_notice
        self.history_missing = history_missing
        """No history for want of a full clone: the dashboard says so, and how to get it, in its words."""
        self.playbook_dir = playbook_dir  # as help text names it, from mkdocs.yml's folder: `playbook`
        self.limits = dict(limits or {})
        """The dashboard's list lengths, by status/outlook.py `outlook`'s keyword (next_limit, ...)."""
        self.env = _environment()

    @cached_property
    def progress(self) -> dict[str, PhaseProgress]:
        return {p.phase.id: p for p in playbook_progress(self.playbook)}

    def phase_progress(self, phase_id: str) -> PhaseProgress:
        try:
            return self.progress[phase_id]
        except (KeyError, TypeError):  # TypeError: an unhashable argument from a page's macro call
            if isinstance(phase_id, str) and phase_id in self.playbook.not_run:
                raise PhaseNotRun(phase_id) from None
            message = unknown("unknown phase", str(phase_id), self.progress, none="(no phases)")
            if self.playbook.organization.phases:
                message += " (the `phases` list of organization.yml chooses them)"
            raise LookupError(message) from None

    # --- pages ---------------------------------------------------------------

    def dashboard(
        self,
        url_for: Callable[[str], str],
        source_for: Callable[[str], str],
        plan_source_for: Callable[[str], str | None] = lambda phase_id: None,
    ) -> str:
        """`url_for` links from HTML blocks (site URLs); `source_for` from Markdown links (.md paths MkDocs checks);
        `plan_source_for` the Markdown link to a phase's plan page, None for a phase without one."""
        phases = list(self.progress.values())
        return self._render(
            "dashboard.md.j2",
            url_for=lambda phase_id: gate.internal_url(url_for(phase_id)),
            source_for=lambda phase_id: gate.internal_url(source_for(phase_id)),
            plan_for=lambda phase_id: _internal(plan_source_for(phase_id)),
            outlook=outlook.outlook(phases, self.today, self.attribution, **self.limits),
            left_out=outlook.left_out_by_phase,
            first_reasons=outlook.FIRST_REASONS,
            summary_reasons=outlook.summary_reasons,
        )

    def phase_page(
        self, phase_id: str, plan_source: str | None = None, handout_links: Sequence[tuple[str, str]] = ()
    ) -> str:
        """`plan_source`: the Markdown link from this page to the phase's plan page, when it has one;
        `handout_links`: (label, link) of its printable forms, shown as a "Print" line; each link is a Markdown
        link target relative to this page's source (`pilot/handout.md` from `pilot.md`), which the generator checks
        and turns into the page's URL, as it does `plan_source`."""
        links = [(label, gate.internal_url(url)) for label, url in handout_links]
        return self._render(
            "phase.md.j2", p=self.phase_progress(phase_id), plan_link=_internal(plan_source), handout_links=links
        )

    def plan_page(self, phase_id: str, phase_source: str | None = None) -> str:
        """The plan page of a phase with a plan (plans/<phase>.yml); `phase_source` links back to the phase page."""
        p = self.phase_progress(phase_id)
        plan = self.playbook.plans.get(p.phase.id)
        if plan is None:
            with_plan = ", ".join(self.playbook.plans) or "none"
            raise LookupError(f"phase '{phase_id}' has no plan (plans/{phase_id}.yml); phases with a plan: {with_plan}")
        states = self.playbook.progress.get(p.phase.id)
        view = plan_view(p, plan, lambda stage: self.gate_result(p.phase.id, stage), states)
        return self._render("planpage.md.j2", v=view, phase_link=_internal(phase_source))

    # --- verdicts ----------------------------------------------------------------

    def gate_result(self, phase_id: str, stage: str | None = None) -> GateResult | None:
        """The verdict of a phase (or a stage of its plan) as of `now`, computed once a build."""
        key = (phase_id, stage)
        if key not in self._verdicts:
            self._verdicts[key] = self._judge(self.playbook, phase_id, self.now, stage)
        return self._verdicts[key]

    # --- fragments, also offered to hand-written pages as macros ----------------

    def checklist(self, phase_id: str, section: str | None = None) -> str:
        """A phase's checkable items as a task list.

        `section` narrows it: checklist, scope, deliverables, exit-criteria or documentation.
        """
        p = self.phase_progress(phase_id)
        views = [v for v in p.items if section is None or v.item.section == section]
        if section is not None and not views:
            sections = sorted({v.item.section for v in p.items})
            raise LookupError(unknown(f"phase '{phase_id}' has no section", str(section), sections))
        return self._fragment("checklist_block", p, views)

    def progress_bar(self, phase_id: str) -> str:
        return self._fragment("progress_bar", self.phase_progress(phase_id))

    def questions(self, phase_id: str) -> str:
        return self._fragment("questions", self.phase_progress(phase_id))

    def challenges(self, phase_id: str) -> str:
        return self._fragment("challenges", self.phase_progress(phase_id))

    def focus_areas(self, phase_id: str) -> str:
        return self._fragment("focus_areas", self.phase_progress(phase_id))

    def go_no_go(self, phase_id: str) -> str:
        """The phase's verdict with every reason, and the recorded decision beside it."""
        return self.verdict(phase_id)

    def verdict(self, phase_id: str, stage: str | None = None) -> str:
        """The verdict of a phase, or of one stage of its plan, with its reasons and the decision."""
        p = self.phase_progress(phase_id)
        if stage is not None:
            plan = self.playbook.plans.get(phase_id)
            stages = [s.id for s in plan.stages] if plan else []
            if stage not in stages:
                raise LookupError(unknown(f"phase '{phase_id}' has no stage", str(stage), stages, none="(no plan)"))
        return self._fragment("verdict", self.gate_result(p.phase.id, stage))

    def burn_up(self, phase_id: str) -> str:
        return self._fragment("burn_up", self.phase_progress(phase_id))

    def contacts(self) -> str:
        return self._fragment("contacts")

    # --- internals --------------------------------------------------------------

    def _context(self) -> dict[str, object]:
        return {
            "playbook": self.playbook,
            "org": self.playbook.organization,
            "today": self.today,
            "history": self.history,
            "history_notice": self.history_notice,
            "history_missing": self.history_missing,
            "progress": self.progress,
            "attribution": self.attribution,
            "uncommitted": self.uncommitted,
            "contact_of": self.contact_of,
            "same_person": self.same_person,
            "data_file": self.data_file,
            "chart": self._chart,
            "dates": self.playbook.organization.dates,
            "due_soon_days": self.due_soon_days,
            "verdict_of": self.gate_result,
            "verdicts": vv.VERDICTS,
            "statuses": vv.STATUSES,
            "outcomes": vv.OUTCOMES,
            "plans": self.playbook.plans,
        }

    def render(self, template: str, **variables: object) -> str:
        """A template of the package's environment with the site's context (handouts use it)."""
        return self._render(template, **variables)

    def _render(self, template: str, **variables: object) -> str:
        return self.env.get_template(template).render(**self._context(), **variables)

    def _fragment(self, name: str, *args: object) -> str:
        module = self.env.get_template("fragments.html.j2").make_module(self._context())
        html_text: str = str(getattr(module, name)(*args)).strip()
        # a blank line before and after keeps Markdown from wrapping the block in <p>
        return f"\n\n{html_text}\n\n"

    def attribution(self, phase_id: str, item_id: str) -> Attribution | None:
        """The commit that gave the item the state the site shows, or None.

        None for an item changed since ``HEAD``: the commit git names for it set
        an older state (an item started in one commit and ticked in the working
        tree would otherwise read "ticked by" whoever started it).
        """
        phase_history = self.history.get(phase_id)
        if phase_history is None or self.uncommitted(phase_id, item_id):
            return None
        return phase_history.attributions.get(item_id)

    def contact_of(self, who: str) -> m.Contact | None:
        """The published contact an owner, `by` value or git author means (People.contact's rule), if any:
        pages show that person by name with their role rather than as the slug a progress file holds."""
        return self._people.contact(who) if who else None

    def same_person(self, one: str, other: str) -> bool:
        """Whether a `by` value and a git author mean one person (the same text, or the same contact), so a
        done item names them once: "ticked by" alone rather than "done by" as well."""
        if one.casefold() == other.casefold():
            return True
        contact = self.contact_of(one)
        return contact is not None and contact == self.contact_of(other)

    def data_file(self, folder: str, phase_id: str) -> str:
        """A phase's file in a data folder as help text names it: `playbook/progress/pilot.yml`."""
        top = "" if self.playbook_dir in ("", ".") else self.playbook_dir
        return "/".join(part for part in (top, folder, f"{phase_id}.yml") if part)

    @cached_property
    def _people(self) -> People:
        return People(PEOPLE[0], self.playbook.organization.contacts)

    def uncommitted(self, phase_id: str, item_id: str) -> bool | None:
        """True when the item's state in the working tree is not the one committed at ``HEAD``;
        None when there is no git history for the phase to tell."""
        phase_history = self.history.get(phase_id)
        if phase_history is None:
            return None
        return item_id in phase_history.uncommitted or not phase_history.committed

    def _chart(self, p: PhaseProgress) -> BurnUp | None:
        phase_history = self.history.get(p.phase.id)
        if not phase_history or not phase_history.series:
            return None
        dates = self.playbook.organization.dates.get(p.phase.id)
        return burn_up(
            phase_history.series,
            total=p.total,
            today=self.today,
            start=dates.start if dates else None,
            end=dates.end if dates else None,
            title=f"{p.phase.title}: items done over time",
            phase_id=p.phase.id,
        )


def _internal(source: str | None) -> Markup | None:
    return gate.internal_url(source) if source else None


def problems_page(diagnostics: Sequence[Diagnostic]) -> str:
    """The page shown instead of the dashboard when there is nothing to show: the organization
    file itself is unusable, and (under `mkdocs serve`) no earlier build of this session was good."""
    return _environment().get_template("problems.md.j2").render(diagnostics=diagnostics)


BANNER_SHOWN = 10
"""How many problems the banner lists on pages other than the dashboard (which lists them all)."""


def problems_banner(
    diagnostics: Sequence[Diagnostic], *, last_good: dt.datetime | None = None, complete: bool = False
) -> str:
    """The HTML banner put at the top of every page while the data has problems.

    HTML, not Markdown: the plugin puts it into the page after Markdown and
    macros have run, so no later interpreter sees the quoted data. `last_good`
    is when the build being shown instead was made (under `mkdocs serve`);
    without it the pages show the current data with the broken parts left out.
    """
    shown = tuple(diagnostics) if complete else tuple(diagnostics)[:BANNER_SHOWN]
    template = _environment().get_template("banner.html.j2")
    return template.render(diagnostics=diagnostics, shown=shown, last_good=last_good)


class PhaseNotRun(LookupError):
    """A page names a phase that exists but that the organization does not run (organization.yml's
    `phases:` leaves it out): a guide written for every phase must not break that organization's
    build, so the macro shows a short note instead of an error."""

    def __init__(self, phase_id: str) -> None:
        super().__init__(f"phase {phase_id!r} is not run by this organization (organization.yml's phases: list)")
        self.phase_id = phase_id


def not_run_note(phase_id: str) -> str:
    """What a macro about a phase the organization does not run puts in the page."""
    return f'\n\n<p class="pb-not-run"><em>{gate.text(phase_id)}: not part of this playbook.</em></p>\n\n'


def macro_error(call: str, problem: str) -> str:
    """What a macro puts in the page instead of raising: a visible error box with the problem."""
    html_text = _environment().get_template("macro_error.html.j2").render(call=call, problem=problem).strip()
    # a blank line before and after keeps Markdown from wrapping the block in <p>
    return f"\n\n{html_text}\n\n"


@cache
def _environment() -> jinja2.Environment:
    """One per process: compiled templates survive `mkdocs serve` rebuilds. It holds no build state."""
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.PackageLoader("mkdocs_playbook.output", "templates"),
                jinja2.PackageLoader("mkdocs_playbook", "blocks"),  # one template a block type
            ]
        ),
        autoescape=True,
        # every printed value passes the gate; what the gate already made (Markup) passes as is
        finalize=gate.text,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["md"] = gate.inline
    env.filters["mdblock"] = gate.block
    env.filters["mdtext"] = gate.markdown_line
    env.filters["text"] = gate.text
    env.filters["weburl"] = gate.web_url
    env.filters["mailto"] = gate.mailto
    env.filters["human_date"] = vv.human_date
    env.filters["when"] = vv.when
    env.filters["number"] = vv.number
    env.globals["Status"] = m.Status
    env.globals["rows"] = table_rows
    return env
