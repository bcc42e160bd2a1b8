"""Pages as a person's browser shows them: headless Chromium prints to PDF, and Playwright drives it.

Debian's `chromium` (installed by `.ci/run` when missing) prints a page with `--print-to-pdf`, and
Playwright's Python package drives the same executable (`session`), never a browser of its own:
`playwright install` downloads one, which neither CI nor a developer's machine may do. The flags keep
it off the network at start-up (FIELD-NOTES, "Printing") and in a profile of its own, so parallel
test workers never share one. Pages come from a tiny HTTP server on 127.0.0.1: a built site served
as `mkdocs serve` or a web host would serve it (directory URLs resolve to their index.html, which
file:// does not do).
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from playwright.sync_api import Browser, ConsoleMessage, Page, Route, sync_playwright

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",  # tests run as root in containers, where the sandbox cannot start
    "--disable-gpu",
    "--no-pdf-header-footer",  # no URL, title and date in the margins: the page's own content only
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)
TIMEOUT = 90
"""Seconds for one print: about 1 s is usual; a loaded two-core machine running workers is slower."""


def chromium() -> str:
    """The Chromium executable, or a clear failure naming the package to install."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError("chromium not found: install Debian's chromium (.ci/run does when it is missing)")


def _url(target: str | Path) -> str:
    if isinstance(target, Path):
        return target.resolve().as_uri()
    return target


def print_pdf(target: str | Path, out: Path, *, timeout: float = TIMEOUT) -> Path:
    """Print a URL (or a local HTML file, as file://) to `out` as the browser's print would.

    Chromium's headless default paper is US Letter, the size the issue measured the pages on.
    """
    url = _url(target)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="pb-chromium-") as profile:
        command = [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={out}", url]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as timed_out:
            stderr = timed_out.stderr.decode("utf-8", "replace") if isinstance(timed_out.stderr, bytes) else ""
            raise RuntimeError(f"chromium printed nothing within {timeout} s for {url}:\n{stderr[-3000:]}") from None
    if done.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
        raise RuntimeError(f"chromium failed to print {url} (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return out


class _QuietHandler(SimpleHTTPRequestHandler):
    """A static file handler that keeps its access log out of the test output."""

    def log_message(self, format: str, *args: Any) -> None:
        return


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve a built site from `root` on 127.0.0.1 on a free port; yields its base URL (ending in /).

    Port 0 lets the system pick the port, so parallel workers never collide.
    """
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="pb-site-server", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host!s}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# --- Playwright: pages a test can click, type into and inspect ---------------------------------

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "build" / "screenshots"
"""Where the browser tests leave screenshots for a person to look at (build/ is ignored by git)."""

WIDTHS = {"desktop": 1280, "phone": 390}
"""Viewport widths in CSS pixels: a laptop, and a phone held upright (an iPhone 12 to 15)."""

Scheme = Literal["light", "dark"]
MATERIAL_SCHEMES: dict[Scheme, str] = {"light": "default", "dark": "slate"}
"""The `data-md-color-scheme` Material puts on <body> for each preferred colour scheme, when the site's
palette chooses by `prefers-color-scheme` (the example's does) and no choice is kept in localStorage."""

LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


@contextmanager
def browser() -> Iterator[Browser]:
    """Debian's Chromium under Playwright, headless, with the print flags (Playwright adds `--headless`)."""
    flags = [flag for flag in CHROMIUM_FLAGS if flag not in ("--headless", "--no-pdf-header-footer")]
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium(), args=flags, headless=True, timeout=TIMEOUT * 1000)
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class Session:
    """One browser tab, with what went wrong in it.

    `errors` collects console messages of type error and uncaught exceptions (`pageerror`), in order.
    `outside` lists the requests for anything not on this machine: the tests run offline, so each is
    answered with an empty response instead (Material asks Google Fonts for Roboto; a site that falls
    back to the system font still works), and a test can see which hosts a page reaches for.
    """

    page: Page
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    def scheme(self) -> str | None:
        """The colour scheme Material applied to the page (`default` or `slate`)."""
        value = self.page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        return value if isinstance(value, str) else None

    def screenshot(self, name: str) -> Path:
        """A full-page PNG in SCREENSHOTS, named `name`.png."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        out = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(out), full_page=True, animations="disabled", caret="hide", scale="css")
        return out


@contextmanager
def session(launched: Browser, *, scheme: Scheme = "light", width: int = WIDTHS["desktop"]) -> Iterator[Session]:
    """A fresh tab (its own context: no localStorage, so no palette chosen before) that prefers `scheme`."""
    context = launched.new_context(
        viewport={"width": width, "height": 900}, color_scheme=scheme, device_scale_factor=1, reduced_motion="reduce",
    )
    context.set_default_timeout(TIMEOUT * 1000)
    tab = Session(context.new_page())

    def offline(route: Route) -> None:
        host = urlsplit(route.request.url).hostname or ""
        if host in LOCAL_HOSTS or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
            return
        tab.outside.append(route.request.url)
        route.fulfill(status=200, body="", content_type="text/css" if route.request.resource_type == "stylesheet" else "text/plain")

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            tab.errors.append(f"console error: {message.text} ({where})")

    context.route("**/*", offline)
    tab.page.on("console", console)
    tab.page.on("pageerror", lambda error: tab.errors.append(f"uncaught {error.name}: {error.message}"))
    try:
        yield tab
    finally:
        context.close()
