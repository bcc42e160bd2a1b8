"""The `handout_pdf` option: each phase's handout as a PDF in the built site, linked from its phase page.

The PDF is rendered while the files are gathered (on_files) and added to the site as a file of
its own, beside the handout page: MkDocs copies it like any other file, `mkdocs serve` serves
it, and the phase page's link to it is checked like every link. A PDF that cannot be made is
never linked, so the site has no dead link: without WeasyPrint the build says once how to get
it and goes on.

WeasyPrint takes about 0.6 s a page, so the PDFs are kept for the whole `mkdocs serve`
session, keyed by their document: a rebuild renders again only the handouts whose content
changed (a tick in one phase re-renders that phase's PDF, nothing else).
"""

from __future__ import annotations

import hashlib
import logging
import posixpath
import time

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from mkdocs_playbook import model as m
from mkdocs_playbook.output import pdf
from mkdocs_playbook.output.handout import handout_document, pdf_name
from mkdocs_playbook.output.pageplan import PagePlan
from mkdocs_playbook.output.pages import Renderer

LABEL = "PDF"
"""The link's text in the phase page's handout links."""


def pdf_uri(handout_dest_uri: str, phase_id: str) -> str:
    """Where the PDF goes in the site: the folder of the handout page's HTML (pilot/handout/index.html)."""
    return posixpath.join(posixpath.dirname(handout_dest_uri), pdf_name(phase_id))


class HandoutPdfs:
    """One plugin instance's PDFs: whether this build makes them, and the ones already rendered."""

    def __init__(self, log: logging.LoggerAdapter[logging.Logger] | logging.Logger) -> None:
        self.log = log
        self.enabled = False
        self.paper = "a4"
        self._warned = False
        self._made: dict[str, pdf.Pdf] = {}
        """sha256 of a handout document -> its PDF; kept across the rebuilds of one `mkdocs serve`."""
        self._used: set[str] = set()
        self.rendered = 0
        """PDFs this build rendered (not taken from an earlier build of the same serve session)."""
        self.pages = 0
        self.seconds = 0.0

    def start(self, wanted: bool, paper: str) -> None:
        """At each build's start (on_config): make PDFs only when asked and WeasyPrint is here; warn once if not."""
        self.enabled, self.paper = False, paper
        self._used, self.rendered, self.pages, self.seconds = set(), 0, 0, 0.0
        if not wanted:
            return
        missing = pdf.unavailable()
        if missing is None:
            self.enabled = True
        elif not self._warned:
            self._warned = True
            self.log.warning(f"playbook: handout_pdf is on but {missing}. The site is built without handout PDFs.")

    def add(
        self,
        renderer: Renderer,
        phase_id: str,
        plan: PagePlan,
        as_of: m.AsOf,
        files: Files,
        config: MkDocsConfig,
    ) -> list[tuple[str, str]]:
        """Render the phase's PDF into the site beside its handout page; its (label, link from the phase
        page's source) for the phase page's print links, or nothing when there is no PDF to link."""
        if not self.enabled:
            return []
        uri = pdf_uri(File.generated(config, plan.handouts[phase_id], content="").dest_uri, phase_id)
        document = handout_document(renderer, phase_id, as_of=as_of, paper=self.paper)
        key = hashlib.sha256(document.encode("utf-8")).hexdigest()
        made = self._made.get(key)
        if made is None:
            started = time.perf_counter()
            try:
                made = pdf.render(document)
            except Exception as error:  # a WeasyPrint failure costs this PDF, not the site
                self.log.warning(
                    f"playbook: handout_pdf: no PDF of phase '{phase_id}': {type(error).__name__}: {error}"
                )
                return []
            self.seconds += time.perf_counter() - started
            self.rendered += 1
            self.pages += made.pages
            for note in made.notes:
                self.log.warning(f"playbook: handout_pdf: {uri}: WeasyPrint: {note}")
        self._made[key] = made
        self._used.add(key)
        files.append(File.generated(config, uri, content=made.data))
        # a Markdown link between files of the site, as the handout links are: MkDocs checks it and makes it a URL
        return [(LABEL, get_relative_url(uri, plan.phases[phase_id]))]

    def finish(self) -> None:
        """After the files (on_files): forget PDFs no handout has any more, and say what rendering cost."""
        self._made = {key: made for key, made in self._made.items() if key in self._used}
        if self.enabled and self.rendered:
            self.log.info(
                f"playbook: handout_pdf: rendered {self.rendered} PDF(s), {self.pages} pages, in "
                f"{self.seconds:.1f} s (unchanged handouts are not rendered again while mkdocs serve runs)"
            )
