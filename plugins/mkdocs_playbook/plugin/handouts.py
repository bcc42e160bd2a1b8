"""The handout pages of the site: one per phase and its blank form, beside the phase pages.

They are not in the navigation (like plan pages): each phase page links them on a "Print" line.
The pages are the handout's HTML (output/handout.py) with front matter that keeps mkdocs-macros
out and Material's sidebars off the screen; on paper, handout.css hides the rest of the theme.
"""

from __future__ import annotations

from collections.abc import Callable

from mkdocs.structure.files import File, InclusionLevel
from mkdocs.utils import get_relative_url

from mkdocs_playbook.model import AsOf
from mkdocs_playbook.output import handout
from mkdocs_playbook.output.markdownsite import HANDOUT_FRONT_MATTER
from mkdocs_playbook.output.pageplan import PagePlan, handout_title
from mkdocs_playbook.output.pages import Renderer

LABELS = {False: "Handout", True: "Blank handout"}
"""How the phase page's "Print" line names each form."""


def stylesheet_text() -> str:
    return handout.stylesheet_text()


def add_pages(
    renderer: Renderer,
    phase_id: str,
    plan: PagePlan,
    as_of: AsOf | None,
    add: Callable[[str, str], File],
    titles: dict[str, str],
) -> list[tuple[str, str]]:
    """Add the phase's handout and blank handout; the (label, Markdown link from the phase page) of each.

    `as_of` None (no git read this build) is today's state, not from a commit.
    """
    phase = renderer.phase_progress(phase_id).phase
    state = as_of or AsOf(date=renderer.today)
    links = []
    for blank, pages in ((False, plan.handouts), (True, plan.blank_handouts)):
        uri = pages[phase_id]
        file = add(uri, HANDOUT_FRONT_MATTER + handout.handout_html(renderer, phase_id, as_of=state, blank=blank))
        file.inclusion = InclusionLevel.NOT_IN_NAV  # reached from the phase page, not listed in the nav
        titles[uri] = handout_title(phase.title, blank=blank)
        links.append((LABELS[blank], get_relative_url(uri, plan.phases[phase_id])))
    return links
