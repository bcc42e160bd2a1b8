"""A phase's handout: one page per phase designed for paper, from the same data as the site.

People take it into a kick-off or a weekly review and write on it, so it says when its state
was true (`model.AsOf`), marks every item with a glyph that survives a black-and-white printer
(and that pdftotext reads back), and leaves ruled space where an answer, an owner or a date is
still missing. The blank form (`blank=True`) is the same page without the team's state: every
box open and every answer a ruled space, for a workshop.

What a block of the phase looks like on paper belongs to its block type: the handout includes
`blocks/<key>.handout.html.j2` for each block that has one, so a new block type prints by adding
a file. Text reaches the page only through the renderer's environment, whose `finalize` is the
output gate; the phase name reaches the page margins through `gate.css_string`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from mkdocs_playbook import model as m
from mkdocs_playbook.output import gate
from mkdocs_playbook.output.pageplan import HANDOUT_STYLESHEET, PagePlan, asset_text, handout_title
from mkdocs_playbook.output.pages import Renderer
from mkdocs_playbook.output.people import PEOPLE, People
from mkdocs_playbook.output.planview import PlanView, plan_view
from mkdocs_playbook.output.verdictview import ITEM_STATES

PAPERS: tuple[str, ...] = ("a4", "letter")
"""Paper sizes `handout_document` lays out for; the CSS `size` of each is in PAGE_SIZES."""

PAGE_SIZES: dict[str, str] = {"a4": "A4", "letter": "letter"}

PAGE_NAME = "pb-handout"
"""The CSS named page of handouts: its margins and margin boxes leave every other page of the site alone."""


@dataclass(frozen=True)
class Mark:
    """How a status prints: a text glyph (what pdftotext reads back) and its word for the legend."""

    glyph: str
    word: str


PAPER_WORDS: dict[m.Status, str] = {m.Status.TODO: "open"}
"""Where paper says it otherwise than the site: a form counts what is still open."""

MARKS: dict[m.Status, Mark] = {
    status: Mark(ITEM_STATES[status].icon, PAPER_WORDS.get(status, ITEM_STATES[status].word))
    for status in (m.Status.DONE, m.Status.IN_PROGRESS, m.Status.SKIPPED, m.Status.TODO)
}
"""The four marks, in legend order: the glyphs of verdictview.ITEM_STATES, the one table of them, so the page and
its paper show the same shapes. Glyphs, not colour: they read the same on any printer."""


FRONT_MATTER = "---\nrender_macros: false\nhide:\n  - navigation\n  - toc\nsearch:\n  exclude: true\n---\n\n"
"""A handout page of a site: no macros, Material's sidebars off, and out of the search index, where it
would repeat its phase page."""

FORMS: tuple[tuple[bool, str], ...] = ((False, "Handout"), (True, "Blank handout"))
"""The two forms of a phase's handout (blank?, how the phase page's "Print" line names it)."""


@dataclass(frozen=True)
class HandoutPage:
    """One handout page of a site, for the plugin and `playbook render` alike."""

    uri: str
    title: str
    label: str
    markdown: str


def handout_pages(renderer: Renderer, phase_id: str, plan: PagePlan, as_of: m.AsOf) -> list[HandoutPage]:
    """A phase's handout and blank handout as pages at the paths `plan` gives them."""
    phase = renderer.phase_progress(phase_id).phase
    return [
        HandoutPage(
            uri=(plan.blank_handouts if blank else plan.handouts)[phase_id],
            title=handout_title(phase.title, blank=blank),
            label=label,
            markdown=FRONT_MATTER + handout_html(renderer, phase_id, as_of=as_of, blank=blank),
        )
        for blank, label in FORMS
    ]


def pdf_name(phase_id: str, *, blank: bool = False) -> str:
    """A handout PDF's file name, the same from `playbook handout` and in a site: `pilot-handout.pdf`."""
    return f"{phase_id}-handout{'-blank' if blank else ''}.pdf"


def stylesheet_text() -> str:
    """The handout stylesheet as shipped in the package."""
    return asset_text(HANDOUT_STYLESHEET)


def handout_html(renderer: Renderer, phase_id: str, *, as_of: m.AsOf, blank: bool = False) -> str:
    """The handout of one phase, `<article class="pb-handout">...</article>`, for a site page.

    It carries a `<style>` naming the phase in the page margins (through `gate.css_string`);
    the rest of the design is the shared stylesheet. Raises LookupError for an unknown phase.
    """
    p = renderer.phase_progress(phase_id)
    phase = p.phase
    plan = renderer.playbook.plans.get(phase.id)
    view: PlanView | None = None
    if plan is not None and not blank:  # the blank form leaves the plan to be written in
        view = plan_view(
            p, plan, lambda stage: renderer.gate_result(phase.id, stage), renderer.playbook.progress.get(phase.id)
        )
    org = renderer.playbook.organization
    html_text = renderer.render(
        "handout.html.j2",
        p=p,
        phase=phase,
        as_of=as_of,
        blank=blank,
        v=view,
        g=None if blank else renderer.gate_result(phase.id),
        marks=MARKS,
        owner_name=lambda who: contact_name(org, who),
        brief=first_sentence,
        page_css=margin_css(f"{org.name} \u00b7 {handout_title(phase.title, blank=blank)}"),
    )
    return html_text.strip() + "\n"


def handout_document(
    renderer: Renderer, phase_id: str, *, as_of: m.AsOf, blank: bool = False, paper: str = "a4"
) -> str:
    """A standalone HTML document of the handout for WeasyPrint: stylesheet inlined, `@page` sized for `paper`."""
    if paper not in PAPERS:
        raise ValueError(f"unknown paper {paper!r}; expected one of {', '.join(PAPERS)}")
    p = renderer.phase_progress(phase_id)
    org = renderer.playbook.organization
    title = f"{org.name}: {handout_title(p.phase.title, blank=blank)}"
    return renderer.render(
        "handout_document.html.j2",
        title=title,
        stylesheet=Markup(stylesheet_text()),
        size=Markup(f"@page {PAGE_NAME} {{ size: {PAGE_SIZES[paper]}; }}"),
        body=Markup(handout_html(renderer, phase_id, as_of=as_of, blank=blank)),
    )


def margin_css(label: str) -> Markup:
    """The `@page` rule naming the handout in the top margin; `label` is data, made inert by css_string."""
    return Markup(f"@page {PAGE_NAME} {{ @top-left {{ content: {gate.css_string(label)}; }} }}")


def contact_name(org: m.Organization, who: str) -> str:
    """The contact an owner or `by` value means, by name: progress files name people by slug.

    `thomas-hardy` and `Thomas Hardy` are Thomas Hardy; a role's slug (`business-lead`) is the
    contact with that role; anything else (a team such as `comms-team`) prints as written.
    The matching is People.contact's, the one rule the site's `person` macro uses too.
    """
    contact = People(PEOPLE[0], org.contacts).contact(who) if who else None
    return (contact.name or who) if contact else who  # `people: none` publishes contacts without names


def first_sentence(text: str) -> str:
    """A focus area "in brief": its first sentence (the whole text when it has one)."""
    flat = " ".join(text.split())
    match = re.search(r"(?<=[.!?])\s+(?=[A-Z])", flat)
    return flat[: match.start()] if match else flat

