"""Printing pages as a person's browser would: headless Chromium's print to PDF.

Debian's `chromium` (installed by `.ci/run` when missing) prints a page with `--print-to-pdf`.
The flags keep it off the network at start-up (FIELD-NOTES, "Printing") and in a profile of its
own, so parallel test workers never share one. Pages come from a tiny HTTP server on 127.0.0.1:
a built site served as `mkdocs serve` or a web host would serve it (directory URLs resolve to
their index.html, which file:// does not do).
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

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
