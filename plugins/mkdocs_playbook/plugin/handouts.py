"""The handout pages of the site: one per phase and its blank form, beside the phase pages.

They are not in the navigation (like plan pages): each phase page links them on a "Print" line.
The pages are output/handout.py's (the same `playbook render` writes), with front matter that keeps
mkdocs-macros out and Material's sidebars off the screen; on paper, handout.css hides the rest of
the theme.
"""

from __future__ import annotations

from collections.abc import Callable

from mkdocs.structure.files import File, InclusionLevel
from mkdocs.utils import get_relative_url

from mkdocs_playbook.model import AsOf
from mkdocs_playbook.output.handout import handout_pages
from mkdocs_playbook.output.pageplan import PagePlan
from mkdocs_playbook.output.pages import Renderer


def add_pages(
    renderer: Renderer,
    phase_id: str,
    plan: PagePlan,
    as_of: AsOf,
    add: Callable[[str, str], File],
    titles: dict[str, str],
) -> list[tuple[str, str]]:
    """Add the phase's handout and blank handout; the (label, Markdown link from the phase page) of each."""
    links = []
    for page in handout_pages(renderer, phase_id, plan, as_of):
        file = add(page.uri, page.markdown)
        file.inclusion = InclusionLevel.NOT_IN_NAV  # reached from the phase page, not listed in the nav
        titles[page.uri] = page.title
        links.append((page.label, get_relative_url(page.uri, plan.phases[phase_id])))
    return links
