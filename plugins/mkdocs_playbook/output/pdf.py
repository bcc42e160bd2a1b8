"""A handout document (output/handout.py) as a PDF, by WeasyPrint: an optional extra.

WeasyPrint is imported only when a PDF is asked for, so the package, the site and every
other command work without it, and a missing WeasyPrint (or the system libraries it loads)
is a `PdfUnavailable` that tells a person what to install, never an ImportError.

The document is data the organization wrote: WeasyPrint loads nothing from outside it. Its
stylesheet is inlined; any other URL (an image, a stylesheet, `file:` or `http:`) is refused
by the fetcher, so a hostile value can neither read a file of the machine into a PDF nor make
the build reach the network. What WeasyPrint says while rendering is collected, not printed,
and comes back in `Pdf.notes` for the caller to show (a resource it could not load, glyphs no
font has), except its notes on CSS it skips: those point into the document's one stylesheet,
ours, written for browsers too (`_STYLESHEET_NOISE`), and the data cannot add CSS (output/gate.py).
"""

from __future__ import annotations

import contextlib
import importlib
import io
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from types import ModuleType

INSTALL = "pip install 'mkdocs-playbook[pdf]'"
MIN_VERSION = 70
"""The first WeasyPrint major tested (pyproject's `pdf` extra); older ones fetch resources another way."""
DEBIAN_PACKAGES = ("libpango-1.0-0", "libpangoft2-1.0-0")
"""What WeasyPrint's wheels need from Debian 11+ (they pull in HarfBuzz, fontconfig and GLib),
as WeasyPrint's installation guide lists them; Pango must be 1.44 or newer (Debian 12: 1.50)."""
GUIDE = "https://doc.courtbouillon.org/weasyprint/stable/first_steps.html"
_LOGGER = "weasyprint"
_STYLESHEET_NOISE = re.compile(r"\bat \d+:\d+\b|^(Expected a media type|Invalid media type|Unsupported @page selector)")
"""WeasyPrint's notes on a place in the stylesheet (`Ignored `x: y` at 12:3, unknown property.`)."""


class PdfUnavailable(Exception):
    """WeasyPrint cannot run here; the message says what to install."""


@dataclass(frozen=True)
class Pdf:
    data: bytes
    pages: int
    notes: tuple[str, ...] = ()
    """What WeasyPrint said while rendering (an image it was not allowed to load, glyphs no font has), for a
    person; its notes on our stylesheet left out."""


def engine() -> ModuleType:
    """WeasyPrint, imported now; `PdfUnavailable` saying what to install when it cannot be."""
    # when a library is missing, WeasyPrint prints a banner to stdout before raising, which would end up
    # in the middle of `playbook handout -o -`'s PDF; the message below says it better
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            weasyprint = importlib.import_module("weasyprint")
        except ImportError as error:
            if error.name not in (None, "weasyprint"):  # installed, but one of its own packages is missing
                raise PdfUnavailable(
                    f"WeasyPrint is installed but cannot be imported ({error}); reinstall it with: {INSTALL}"
                ) from None
            raise PdfUnavailable(f"PDFs need WeasyPrint, which is not installed; install it with: {INSTALL}") from None
        except OSError as error:  # ctypes/cffi: "cannot load library 'libpango-1.0-0': ..."
            raise PdfUnavailable(
                f"WeasyPrint is installed but cannot load the system libraries it needs ({_first_line(error)}). "
                f"On Debian or Ubuntu: sudo apt-get install {' '.join(DEBIAN_PACKAGES)} (Pango 1.44 or newer); "
                f"elsewhere see {GUIDE}"
            ) from None
    version = str(getattr(weasyprint, "__version__", "0"))
    if int(re.match(r"\d*", version)[0] or 0) < MIN_VERSION:  # type: ignore[index]  # \d* always matches
        raise PdfUnavailable(f"WeasyPrint {version} is older than {MIN_VERSION}, the first this works with: {INSTALL}")
    return weasyprint


def unavailable() -> PdfUnavailable | None:
    """Why PDFs cannot be made here, or None: for callers that carry on without them."""
    try:
        engine()
    except PdfUnavailable as error:
        return error
    return None


def render(document: str) -> Pdf:
    """The PDF of a standalone HTML document, and its page count; nothing outside the document is loaded."""
    weasyprint = engine()
    # data: only (an inline image); every other scheme is refused, and WeasyPrint reports each refusal
    fetcher = importlib.import_module("weasyprint.urls").URLFetcher(
        allowed_protocols={"data"}, allow_redirects=False, timeout=1
    )
    with _collected() as records:
        rendered = weasyprint.HTML(string=document, url_fetcher=fetcher).render()
        data = rendered.write_pdf()
    said = (" ".join(record.getMessage().split()) for record in records)
    notes = tuple(dict.fromkeys(text for text in said if not _STYLESHEET_NOISE.search(text)))
    return Pdf(data=data, pages=len(rendered.pages), notes=notes)


@contextlib.contextmanager
def _collected() -> Iterator[list[logging.LogRecord]]:
    """WeasyPrint's log records of one render, kept from the terminal and the build log."""
    logger = logging.getLogger(_LOGGER)
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep(logging.WARNING)
    propagate, level = logger.propagate, logger.level
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.WARNING)
    try:
        yield records
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
        logger.setLevel(level)


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
