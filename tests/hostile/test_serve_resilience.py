"""`mkdocs serve` never dies on bad data; `mkdocs build --strict` still fails on it.

Three ways the data breaks while someone works on it: a phase file that does
not parse, an organization file that does not parse, and a phase dropped from
the organization while a hand-written guide still embeds it with macros. On
main each one made mkdocs-macros exit 100 and took `mkdocs serve` down.

The build tests are the fast, exact ones: every page carries a banner with the
problem's `path:line:col`, macros render an escaped error box, the strict build
fails with the same message, nothing prints a traceback. The serve tests (marked
`serve`, few because each starts a server) run a real `mkdocs serve` on a free
port, break a file while it runs, poll the served pages until the rebuild shows
up, and then fix the file and poll until the banner is gone.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import BIN, Project, copy_project

pytestmark = pytest.mark.subprocess

BROKEN_TITLE = "title: [Pilot\n"
"""An unclosed flow sequence: invalid YAML at the line after (phases/pilot.yml)."""


@dataclass(frozen=True)
class Breakage:
    """One way to break the example's data, and what the site must then say."""

    name: str
    path: str
    old: str
    new: str
    message: str
    """A regular expression the warning (and the banner) must match."""


def _line_of(project: Project, breakage: Breakage) -> int:
    text = (project.root / breakage.path).read_text("utf-8")
    return text[: text.index(breakage.old)].count("\n") + 1


PHASE = Breakage("phase", "phases/pilot.yml", "title: Pilot\n", BROKEN_TITLE, r"phases/pilot\.yml:\d+:\d+: invalid YAML")
ORGANIZATION = Breakage(
    "organization",
    "playbook/organization.yml",
    "name: Northwind Traders\n",
    "name: [Northwind Traders\n",
    r"playbook/organization\.yml:\d+:\d+: invalid YAML",
)
DROPPED_PHASE = Breakage(
    "dropped phase",
    "playbook/organization.yml",
    "phases: [proof-of-concept, pilot, enterprise-rollout]",
    "phases: [proof-of-concept, enterprise-rollout]",
    r"playbook/guides/macros\.md: playbook\.progress_bar\('pilot'\): phase 'pilot' is not run by this organization",
)
"""A phase organization.yml leaves out is no error (issue 13: any subset of the phases builds):
a macro naming it shows a note, and the log says which page and which phase."""


def _break(project: Project, breakage: Breakage) -> str:
    """Apply the breakage; returns the original text, to put back."""
    path = project.root / breakage.path
    original = path.read_text("utf-8")
    assert breakage.old in original, f"the example changed: {breakage.old!r} is no longer in {breakage.path}"
    path.write_text(original.replace(breakage.old, breakage.new, 1), "utf-8")
    return original


def _soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def _banner_texts(html: str) -> list[str]:
    return [banner.get_text(" ") for banner in _soup(html).select(".pb-banner")]


def _macro_errors(html: str) -> list[str]:
    return [box.get_text(" ") for box in _soup(html).select(".pb-macro-error")]


# --- build: fast and exact ---------------------------------------------------------


def test_broken_phase_file_builds_with_a_banner_on_every_page_and_fails_strict(project: Project) -> None:
    line = _line_of(project, PHASE)
    _break(project, PHASE)
    strict = project.build()
    assert strict.returncode == 1
    assert re.search(rf"phases/pilot\.yml:{line + 1}:\d+: invalid YAML", strict.stderr), strict.stderr
    assert "Traceback" not in strict.stderr

    done = project.build(strict=False)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    location = re.search(r"phases/pilot\.yml:\d+:\d+", strict.stderr)
    assert location is not None
    for page in ("index.html", "proof-of-concept/index.html", "guides/macros/index.html"):
        banners = _banner_texts(project.page(page))
        assert len(banners) == 1, page
        assert location.group(0) in banners[0], banners[0]
        assert "leave the broken parts out" in banners[0]
    # the guide's pilot macros: a box each, saying the data is why; the other phases still render
    guide = project.page("guides/macros/index.html")
    errors = _macro_errors(guide)
    assert len(errors) == 6, errors  # the guide's six pilot macros
    assert all("unknown phase 'pilot'" in e and "the playbook data has problems" in e for e in errors), errors
    assert _soup(guide).select('.pb-questions[data-phase="enterprise-rollout"]')
    assert not (project.root / "site" / "pilot" / "index.html").exists()


def test_broken_organization_builds_the_problems_page_and_fails_strict(project: Project) -> None:
    line = _line_of(project, ORGANIZATION)
    _break(project, ORGANIZATION)
    strict = project.build()
    assert strict.returncode == 1
    # the unclosed bracket is found on the line after
    line += 1
    assert re.search(rf"playbook/organization\.yml:{line}:\d+: invalid YAML", strict.stderr), strict.stderr
    assert "Traceback" not in strict.stderr

    done = project.build(strict=False)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    dashboard = _soup(project.page("index.html"))
    assert dashboard.select(".pb-banner") == []  # the problems page is the list itself
    assert any(f"organization.yml:{line}:" in li.get_text() for li in dashboard.select(".pb-problems li"))
    guide = project.page("guides/macros/index.html")
    banners = _banner_texts(guide)
    assert len(banners) == 1 and f"playbook/organization.yml:{line}:" in banners[0], banners
    errors = _macro_errors(guide)
    assert len(errors) == 9, errors  # every macro call of the guide
    assert all("nothing to show" in e for e in errors), errors


def test_phase_dropped_from_the_organization_names_the_guide_and_the_phase(project: Project) -> None:
    _break(project, DROPPED_PHASE)
    strict = project.build()
    assert strict.returncode == 0, strict.stderr
    assert re.search(DROPPED_PHASE.message, strict.stderr), strict.stderr
    assert re.search(r"checklist\('pilot', 'exit-criteria'\): phase 'pilot' is not run", strict.stderr), strict.stderr
    assert "Traceback" not in strict.stderr
    guide = project.page("guides/macros/index.html")
    assert _banner_texts(guide) == [] and _macro_errors(guide) == []
    notes = _not_run_notes(guide)
    assert notes == ["pilot: not part of this playbook."] * 6, notes  # the guide's six pilot macros


def _not_run_notes(html: str) -> list[str]:
    return [note.get_text() for note in _soup(html).select(".pb-not-run")]


def test_a_typo_in_a_macro_suggests_the_phase_and_the_section(project: Project) -> None:
    page = project.root / "playbook" / "typo.md"
    page.write_text(
        "---\nrender_macros: true\n---\n# Typo\n\n{{ playbook.progress_bar('pilott') }}\n\n{{ playbook.checklist('pilot', 'exit-criterias') }}\n"
    )
    done = project.build()
    assert done.returncode == 1
    assert "playbook/typo.md: playbook.progress_bar('pilott'): unknown phase 'pilott' (did you mean 'pilot'?)" in done.stderr
    assert (
        "playbook/typo.md: playbook.checklist('pilot', 'exit-criterias'): phase 'pilot' has no section 'exit-criterias' "
        "(did you mean 'exit-criteria'?)" in done.stderr
    ), done.stderr
    assert "Traceback" not in done.stderr


def test_macro_errors_quote_their_arguments_escaped(project: Project) -> None:
    hostile = "<script>alert(1)</script>{{ 7*7 }}"
    page = project.root / "playbook" / "hostile.md"
    page.write_text(
        "---\nrender_macros: true\n---\n# Hostile\n\n"
        f"{{{{ playbook.progress_bar({hostile!r}) }}}}\n\n{{{{ playbook.checklist() }}}}\n\n{{{{ playbook.contacts('extra') }}}}\n"
    )
    done = project.build(strict=False)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    html = project.page("hostile/index.html")
    soup = _soup(html)
    article = soup.select_one("article")
    assert article is not None and article.select("script") == []
    errors = _macro_errors(html)
    assert len(errors) == 3, errors
    assert hostile in errors[0]  # shown literally, not run, not rendered as a template
    assert "49" not in errors[0]
    assert "playbook.checklist()" in errors[1] and "playbook.contacts('extra')" in errors[2]
    assert "wrong arguments: playbook.checklist() missing 1 required positional argument" in errors[1], errors[1]
    assert "wrong arguments: playbook.contacts() takes 1 positional argument" in errors[2], errors[2]


def test_the_playbook_variable_keeps_its_shape_without_data(project: Project) -> None:
    page = project.root / "playbook" / "loop.md"
    page.write_text(
        "---\nrender_macros: true\n---\n# Loop\n\n"
        "{% for p in playbook.phases %}- {{ p.id }}\n{% endfor %}phases: {{ playbook.phases | length }}\n"
    )
    _break(project, ORGANIZATION)
    done = project.build(strict=False)
    assert done.returncode == 0, done.stderr
    assert "phases: 0" in _soup(project.page("loop/index.html")).get_text()


def test_a_good_build_has_no_banner(built_example: Project) -> None:
    for page in ("index.html", "pilot/index.html", "guides/macros/index.html"):
        html = built_example.page(page)
        assert _banner_texts(html) == [] and _macro_errors(html) == [], page


# --- serve: a real server, a file broken and fixed while it runs -----------------------

SERVE_TIMEOUT = 90.0
"""Seconds to wait for the server to start or a rebuild to show; polled, not slept."""


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def wait_for(self, path: str, condition: Callable[[str], bool], what: str) -> str:
        """Poll `path` until its page satisfies `condition`; fail (with the log) if the server dies or time runs out."""
        deadline = time.monotonic() + SERVE_TIMEOUT
        last = ""
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"mkdocs serve died ({self.process.returncode}):\n{self.output()}"
            try:
                status, last = self.get(path)
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                status = 0
            if status == 200 and condition(last):
                return last
            time.sleep(0.2)
        pytest.fail(f"timed out waiting for {path}: {what}\n--- log ---\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text("utf-8", "replace")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serving(project: Project) -> Iterator[Server]:
    port = _free_port()
    log = project.root.parent / "serve.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [str(BIN / "mkdocs"), "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project.root,
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=os.environ,
        )
        server = Server(process, f"http://127.0.0.1:{port}/", log)
        try:
            server.wait_for("pilot/", lambda html: 'id="identify-pilot-users"' in html, "the first build")
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _has_banner(html: str) -> bool:
    return bool(_banner_texts(html))


@pytest.mark.serve
@pytest.mark.parametrize("breakage", [PHASE, ORGANIZATION], ids=lambda b: b.name)
def test_serve_keeps_the_last_good_pages_with_a_banner_and_recovers(tmp_path: Path, breakage: Breakage) -> None:
    project = copy_project(tmp_path / "project")
    with serving(project) as server:
        original = _break(project, breakage)

        dashboard = server.wait_for("", _has_banner, "the banner after breaking the file")
        banner = _banner_texts(dashboard)[0]
        assert re.search(breakage.message, banner), banner
        assert "last good version" in banner
        # the last good pages stay up, each with the banner: the pilot page, the guide's macros
        pilot = server.wait_for("pilot/", _has_banner, "the banner on the pilot page")
        assert 'id="identify-pilot-users"' in pilot
        guide = server.wait_for("guides/macros/", _has_banner, "the banner on the guide")
        assert _macro_errors(guide) == []
        assert _soup(guide).select(".pb-progress")
        assert re.search(breakage.message, server.output())  # and in the log

        # fixing the file recovers without a restart, and the pages show the new data
        fixed = original.replace("Northwind Traders", "Northwind Traders Ltd").replace("title: Pilot\n", "title: Pilot run\n")
        (project.root / breakage.path).write_text(fixed, "utf-8")
        pilot = server.wait_for("pilot/", lambda html: "Pilot run" in html or "Traders Ltd" in html, "the fixed pages")
        assert not _has_banner(pilot)
        assert not _has_banner(server.wait_for("", lambda html: not _has_banner(html), "the dashboard without banner"))
        assert server.process.poll() is None
    assert "Traceback" not in server.output()


@pytest.mark.serve
def test_serve_survives_a_guide_naming_a_dropped_phase(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    with serving(project) as server:
        original = _break(project, DROPPED_PHASE)
        guide = server.wait_for("guides/macros/", lambda html: bool(_not_run_notes(html)), "the not-run notes")
        assert len(_not_run_notes(guide)) == 6 and not _macro_errors(guide)
        assert re.search(DROPPED_PHASE.message, server.output())

        (project.root / DROPPED_PHASE.path).write_text(original, "utf-8")
        guide = server.wait_for("guides/macros/", lambda html: not _not_run_notes(html), "the guide without notes")
        assert len(_soup(guide).select(".pb-progress")) >= 1
        assert server.process.poll() is None
    assert "Traceback" not in server.output()
