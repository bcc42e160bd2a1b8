"""Hostile data, as a pull request could write it: `playbook check` names every value at
path:line:col, and a site built from the same data without the check holds nothing a browser
would run, while each value still displays as written.

One project carries all the hostile values and is built once (not strict, so the build
happens despite the check's errors); each test looks at one value. `scan_site` reads every
file of the built site the way a browser would see it.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from conftest import BIN, Project, copy_project, git

IMG = "<img src=x onerror=alert(1)>"
ORG = "</title><script>alert(2)</script> & Sons"
SITE_NAME = f"{ORG} rollout playbook"
RESOURCE = "[x](javascript:alert(3))"
NOTE = "<script>alert(4)</script>"
EMAIL = "javascript:alert(5)//@evil.example"
ATTR_LIST = 'Identify users for inclusion in the pilot. {: onclick="alert(6)" }'
SVG = "<svg onload=alert(7)>"
LOGO = 'assets/x.svg" onerror="alert(9)'
EVIDENCE = "javascript:alert(10)"
AUTHOR = 'Eve" onmouseover="alert(11)'  # git drops < and > from names, not quotes
QUOTES = "Proof \"of\" 'concept' & more"
RLO = "Enterprise \u202erollout"
JINJA = "{{ cycler.__init__.__globals__.os.popen('touch PWNED').read() }}"
SAFE_LINK = "[the guide](https://example.org/guide)"


@dataclass(frozen=True)
class Expected:
    """One problem `playbook check` must report."""

    name: str
    path: str
    line: int
    column: int
    message: str


def replace_line(path: Path, prefix: str, new: str, *, after: int = 0) -> int:
    """Replace the first line starting with `prefix` (after line `after`); its 1-based number."""
    lines = path.read_text("utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if i >= after and line.startswith(prefix))
    lines[index] = new
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return index + 1


def q(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def put(path: Path, prefix: str, new: str, value: str | None = None, *, after: int = 0) -> tuple[int, int]:
    """`replace_line`, and the column where `value` (default: the text after the key) starts."""
    line = replace_line(path, prefix, new, after=after)
    column = new.index(value) + 1 if value is not None else new.index(":") + 3
    return line, column


def make_hostile(root: Path) -> tuple[Project, list[Expected]]:
    project = copy_project(root)
    phases, playbook = project.root / "phases", project.root / "playbook"
    pilot, poc, rollout = phases / "pilot.yml", phases / "proof-of-concept.yml", phases / "enterprise-rollout.yml"
    organization, progress = playbook / "organization.yml", project.progress / "pilot.yml"
    todo = next(i["id"] for p in project.check_json()["summary"]["phases"] if p["id"] == "pilot"
                for i in p["items"] if i["status"] == "todo")
    expected = [
        Expected("phase title", "phases/pilot.yml", *put(pilot, "title:", f"title: {q(IMG)}"),
                 "'title' holds HTML (<img ...>); expected plain text without tags"),
        # a folded scalar starts at its '>-'
        Expected("summary", "phases/pilot.yml", *put(pilot, "summary:", "summary: >-"),
                 "'summary' holds HTML (<svg ...>)"),
    ]
    replace_line(pilot, "  The pilot phase is", f"  {SVG} The pilot phase is an opportunity to test")
    resources = replace_line(pilot, "    resources:", "    resources:")
    expected.append(Expected("resource link", "phases/pilot.yml",
                             *put(pilot, "      - ", f"      - {q(RESOURCE)}", q(RESOURCE), after=resources),
                             "'resources' links to 'javascript:alert(3)' (a javascript: link); "
                             "expected an http, https or mailto link or a relative path"))
    replace_line(pilot, "      - ", f"      - {q(SAFE_LINK)}", after=resources + 1)
    item = replace_line(pilot, "  - id: identify-pilot-users", "  - id: identify-pilot-users")
    expected.append(Expected("attribute list", "phases/pilot.yml",
                             *put(pilot, "    text:", f"    text: {q(ATTR_LIST)}", after=item),
                             "'text' holds an attribute list ({: onclick=\"alert(6)\" })"))
    replace_line(pilot, "    text:", f"    text: {q(JINJA)}", after=item + 2)
    replace_line(poc, "title:", f"title: {q(QUOTES)}")
    expected.append(Expected("invisible character", "phases/enterprise-rollout.yml",
                             *put(rollout, "title:", f"title: {q(RLO)}"),
                             "'title' holds an invisible character (U+202E RIGHT-TO-LEFT OVERRIDE)"))
    expected.append(Expected("organization name", "playbook/organization.yml",
                             *put(organization, "name:", f"name: {q(ORG)}"),
                             "'name' holds HTML (</title>)"))
    expected.append(Expected("contact email", "playbook/organization.yml",
                             *put(organization, "    email: maria", f"    email: {q(EMAIL)}"),
                             f"'email' is '{EMAIL}'; expected an email address"))
    organization.write_text(organization.read_text("utf-8") + f"logo: {q(LOGO)}\n", "utf-8")
    expected.append(Expected("logo", "playbook/organization.yml",
                             len(organization.read_text("utf-8").splitlines()), 7,
                             "'logo' is 'assets/x.svg\" onerror=\"alert(9)' (spaces, quotes"))
    note_line = f"hold-project-meetings: {{status: in-progress, owner: thomas-hardy, note: {q(NOTE)}}}"
    expected.append(Expected("note", "playbook/progress/pilot.yml",
                             *put(progress, "hold-project-meetings:", note_line, q(NOTE)),
                             "'note' holds HTML (<script>)"))
    evidence_line = f"identify-pilot-users: {{status: done, evidence: {q(EVIDENCE)}}}"
    expected.append(Expected("evidence", "playbook/progress/pilot.yml",
                             *put(progress, "identify-pilot-users:", evidence_line, q(EVIDENCE)),
                             "'evidence' is the text 'javascript:alert(10)'; expected an http(s) link"))
    (playbook / "plain.md").write_text("# Plain page\n\nNo opt-in, so this stays text: {{ 7*7 }}\n", "utf-8")
    guide = playbook / "guides" / "macros.md"
    guide.write_text(guide.read_text("utf-8") + "\n{{ playbook.checklist('pilot') }}\n", "utf-8")
    # a pull request chooses its commits' author names too: tick one more item as AUTHOR
    replace_line(progress, f"{todo}:", f"{todo}: done")  # every item is listed: tick it in place
    git(project.root, "add", "-A")
    git(project.root, "commit", "-q", "-m", "hostile", env={
        "GIT_AUTHOR_NAME": AUTHOR, "GIT_AUTHOR_DATE": "2026-09-02T12:00:00+00:00",
        "GIT_COMMITTER_DATE": "2026-09-02T12:00:00+00:00",
    })
    return project, expected


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Project, list[Expected], str]]:
    project, expected = make_hostile(tmp_path_factory.mktemp("hostile") / "project")
    check = subprocess.run([str(BIN / "playbook"), "check"], cwd=project.root, capture_output=True, text=True,
                           check=False)
    assert check.returncode == 1, check.stdout
    done = project.build(strict=False)
    assert done.returncode == 0, done.stderr
    yield project, expected, check.stdout


def soup(project: Project, path: str) -> BeautifulSoup:
    return BeautifulSoup(project.page(path), "html.parser")


def text_of(node: Tag | None) -> str:
    assert node is not None
    return node.get_text()


# --- the check ---------------------------------------------------------------------------

CASES = ["phase title", "summary", "resource link", "attribute list", "invisible character",
         "organization name", "contact email", "logo", "note", "evidence"]


@pytest.mark.parametrize("name", CASES)
def test_check_reports_the_value_at_its_location(hostile: tuple[Project, list[Expected], str], name: str) -> None:
    _, expected, output = hostile
    case = next(e for e in expected if e.name == name)
    lines = [line for line in output.splitlines() if line.startswith(f"{case.path}:{case.line}:{case.column}: ")]
    assert any(case.message in line for line in lines), (case, output)


def test_check_reports_nothing_else(hostile: tuple[Project, list[Expected], str]) -> None:
    """Quotes, ampersands, braces of Jinja and safe links are text, not errors."""
    _, expected, output = hostile
    where = {f"{e.path}:{e.line}:{e.column}: " for e in expected}
    problems = [line for line in output.splitlines() if ": " in line and not line.startswith("checked ")]
    assert problems and all(any(line.startswith(w) for w in where) for line in problems), output
    assert len(problems) == len(expected), output


# --- the built site ------------------------------------------------------------------------

MATERIAL_ASSETS = ("assets/javascripts/", "assets/stylesheets/", "assets/images/")
BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "background"}


def active_content(fragment: BeautifulSoup, where: str) -> list[str]:
    """What a browser would run: scripts we did not write, on* handlers, dangerous URLs."""
    found = []
    for element in fragment.find_all(True):
        if element.name == "script" and ("alert" in element.get_text() or "alert" in str(element.get("src", ""))):
            found.append(f"{where}: {element}")
        if element.name in ("iframe", "object", "embed", "base"):
            found.append(f"{where}: <{element.name}>")
        for attribute, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            if attribute.lower().startswith("on"):
                found.append(f"{where}: {attribute}= on <{element.name}>")
            compact = re.sub(r"[\x00-\x20]", "", value).lower()
            dangerous = attribute.lower() in URL_ATTRIBUTES and compact.startswith(BAD_SCHEMES)
            if dangerous and compact != "javascript:void(0)":  # Material's own search share button
                found.append(f"{where}: {attribute}={value!r} on <{element.name}>")
            if attribute.lower() == "style" and ("expression(" in compact or "url(" in compact):
                found.append(f"{where}: style={value!r}")
    return found


def scan_site(site: Path) -> list[str]:
    found: list[str] = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        relative = path.relative_to(site).as_posix()
        if relative.startswith(MATERIAL_ASSETS) or path.suffix in (".woff", ".woff2", ".png", ".ico", ".gz"):
            continue
        content = path.read_text("utf-8")
        if path.suffix == ".html":
            found += active_content(BeautifulSoup(content, "html.parser"), relative)
        elif relative == "search/search_index.json":
            # Material's search shows titles and text as HTML: read them as a browser would
            for doc in json.loads(content)["docs"]:
                for key in ("title", "text"):
                    found += active_content(BeautifulSoup(doc.get(key, ""), "html.parser"), f"{relative} {doc['location']}")
        elif path.suffix == ".json":
            json.loads(content)  # still valid JSON
            if re.search(r"<[a-z/!?]", content, re.IGNORECASE):
                found.append(f"{relative}: a raw tag")
        elif re.search(r"<script|\bon[a-z]+\s*=|javascript:", content, re.IGNORECASE):
            found.append(f"{relative}: {path.suffix} file with active content")
    return found


def test_nothing_in_the_site_would_run(hostile: tuple[Project, list[Expected], str]) -> None:
    project, _, _ = hostile
    site = project.root / "site"
    assert (site / "search" / "search_index.json").exists() and (site / "sitemap.xml").exists()
    assert scan_site(site) == []


def test_the_scan_finds_what_it_looks_for(tmp_path: Path) -> None:
    """The scanner itself: each kind of active content in each kind of file is found."""
    (tmp_path / "search").mkdir()
    (tmp_path / "a.html").write_text(f'<p>{IMG}</p><a href=" JaVaScript:x">x</a><svg onload="y"></svg>')
    (tmp_path / "b.html").write_text('<script>alert(1)</script><img src="data:text/html,x">')
    (tmp_path / "search" / "search_index.json").write_text(json.dumps({"docs": [{"location": "", "title": IMG, "text": ""}]}))
    (tmp_path / "progress.json").write_text(json.dumps({"note": NOTE}))
    (tmp_path / "sitemap.xml").write_text("<url><loc>javascript:alert(1)</loc></url>")
    found = "\n".join(scan_site(tmp_path))
    for expected in ("a.html: onerror=", "a.html: href=", "a.html: onload=", "b.html: <script",
                     "b.html: src=", "search_index.json : onerror", "progress.json: a raw tag", "sitemap.xml"):
        assert expected in found, (expected, found)


def test_phase_title_displays_as_written_everywhere(hostile: tuple[Project, list[Expected], str]) -> None:
    project, _, _ = hostile
    page = soup(project, "pilot/index.html")
    assert text_of(page.title).startswith(f"{IMG} - ")
    assert IMG in text_of(page.select_one("article h1"))
    assert IMG in text_of(page.select_one(".md-header__topic:last-child .md-ellipsis"))
    nav = [a.get_text(" ", strip=True) for a in page.select("nav.md-nav--primary > ul > li > a")]
    assert IMG in nav
    assert f"{IMG}: items done over time" == text_of(page.select_one("figure.pb-burn-up svg title"))
    assert page.select_one(".pb-progress")["aria-label"] == f"{IMG} progress"
    dashboard = soup(project, "index.html")
    assert IMG in [h.get_text(" ", strip=True).rstrip("¶").strip() for h in dashboard.select("article h3")]
    state = json.loads(project.page("progress.json"))
    assert state["phases"][1]["title"] == IMG
    assert "<" not in project.page("progress.json")


def test_quotes_in_a_title_display_in_attributes(hostile: tuple[Project, list[Expected], str]) -> None:
    project, _, _ = hostile
    page = soup(project, "proof-of-concept/index.html")
    assert text_of(page.title).startswith(f"{QUOTES} - ")
    assert page.select_one(".pb-progress")["aria-label"] == f"{QUOTES} progress"
    footer = soup(project, "index.html").select_one("a.md-footer__link--next")
    assert footer is not None and footer["aria-label"].endswith(QUOTES)


def test_organization_name_displays_as_the_site_name(hostile: tuple[Project, list[Expected], str]) -> None:
    project, _, _ = hostile
    page = soup(project, "pilot/index.html")
    assert text_of(page.title).endswith(f" - {SITE_NAME}")
    assert SITE_NAME in text_of(page.select_one(".md-header__topic .md-ellipsis"))
    logo = page.select_one("a.md-header__button.md-logo")
    assert logo is not None and logo["title"] == SITE_NAME and logo["aria-label"] == SITE_NAME
    dashboard = soup(project, "index.html")
    assert text_of(dashboard.select_one("article h1")).startswith(f"{ORG} rollout playbook")
    assert json.loads(project.page("progress.json"))["organization"]["name"] == ORG


def test_bad_logo_is_left_out(hostile: tuple[Project, list[Expected], str]) -> None:
    project, _, _ = hostile
    page = soup(project, "pilot/index.html")
    assert page.select_one(".md-header__button.md-logo img") is None
    assert "alert(9)" not in project.page("pilot/index.html")


def test_note_and_author_display_as_text(hostile: tuple[Project, list[Expected], str]) -> None:
    project, _, _ = hostile
    page = soup(project, "pilot/index.html")
    item = page.select_one("li#hold-project-meetings")
    assert item is not None and text_of(item.select_one(".pb-note")) == NOTE
    assert AUTHOR in [a.get_text() for a in page.select(".pb-author")]
    dashboard = soup(project, "index.html")
    assert NOTE in [n.get_text() for n in dashboard.select("[data-pb=next-up] .pb-note")]
    assert AUTHOR in [a.get_text() for a in dashboard.select(".pb-recent .pb-author")]
    state = json.loads(project.page("progress.json"))
    assert NOTE in [i["note"] for p in state["phases"] for i in p["items"]]


def test_contact_email_is_not_a_link(hostile: tuple[Project, list[Expected], str]) -> None:
    project, _, _ = hostile
    rows = soup(project, "index.html").select("[data-pb=contacts] tbody tr")
    cell = next(row.select("td")[2] for row in rows if EMAIL in row.get_text())
    assert cell.select("a") == []
    assert next(a["href"] for row in rows for a in row.select("a")).startswith("mailto:thomas.hardy@")


def test_markdown_in_phase_text_is_text_except_safe_links(hostile: tuple[Project, list[Expected], str]) -> None:
    project, _, _ = hostile
    page = soup(project, "pilot/index.html")
    resources = page.select(".pb-focus .pb-resources li")
    assert RESOURCE in [li.get_text() for li in resources]
    assert [a["href"] for li in resources for a in li.select("a")] == ["https://example.org/guide"]
    item = page.select_one("li#identify-pilot-users .pb-text")
    assert text_of(item) == ATTR_LIST
    assert SVG in text_of(page.select_one("article"))
    assert page.select("article svg[onload]") == [] and page.select("[onclick]") == []


def test_data_is_never_a_template(hostile: tuple[Project, list[Expected], str]) -> None:
    project, _, _ = hostile
    for path in ("pilot/index.html", "guides/macros/index.html"):
        # item text is Markdown: `__init__` is bold there, the braces stay braces
        shown = text_of(soup(project, path).select_one("li#identify-pilot-risks .pb-text"))
        assert shown.startswith("{{ cycler.") and shown.endswith(".os.popen('touch PWNED').read() }}"), path
    assert not list(project.root.rglob("PWNED"))


def test_macros_run_only_on_pages_that_opt_in(hostile: tuple[Project, list[Expected], str]) -> None:
    project, _, _ = hostile
    plain = text_of(soup(project, "plain/index.html").select_one("article"))
    assert "{{ 7*7 }}" in plain and "49" not in plain
    guide = soup(project, "guides/macros/index.html")
    assert guide.select(".pb-progress") and guide.select("[data-pb=contacts]")
    # the `playbook` variable prints phase titles as text too
    assert re.search(rf"{re.escape(IMG)}: \d+ of \d+ done", text_of(guide.select_one("article")))
    assert IMG not in project.page("guides/macros/index.html")


# --- logo rules, one build each ------------------------------------------------------------


@pytest.mark.parametrize(("logo", "problem"), [
    ("javascript:alert(8)", "(a javascript: URL)"),
    ("../../etc/passwd", "(a path leaving the docs folder)"),
    ("/etc/passwd", "(an absolute path)"),
    ("assets\\logo.svg", "(spaces, quotes, angle brackets or backslashes)"),
    ("http://example.org/logo.svg", "(a http: URL)"),
])
def test_check_refuses_logo(tmp_path: Path, logo: str, problem: str) -> None:
    project = copy_project(tmp_path / "p", with_git=False)
    organization = project.root / "playbook" / "organization.yml"
    organization.write_text(organization.read_text("utf-8") + f"logo: {q(logo)}\n", "utf-8")
    line = len(organization.read_text("utf-8").splitlines())
    errors = project.check_json()["errors"]
    assert [(e["path"], e["line"], e["column"]) for e in errors] == [("playbook/organization.yml", line, 7)]
    assert problem in errors[0]["message"]
    assert "expected a path inside the docs folder such as assets/logo.svg, or an https:// URL" in errors[0]["message"]


@pytest.mark.parametrize(("logo", "shown"), [("javascript:alert(8)", False), ("https://example.org/logo.svg", True)])
def test_logo_in_the_built_site(tmp_path: Path, logo: str, shown: bool) -> None:
    project = copy_project(tmp_path / "p", with_git=False)
    organization = project.root / "playbook" / "organization.yml"
    organization.write_text(organization.read_text("utf-8") + f"logo: {q(logo)}\n", "utf-8")
    assert project.build(strict=False).returncode == 0
    image = soup(project, "pilot/index.html").select_one(".md-header__button.md-logo img")
    assert (image is not None and image["src"] == logo) is shown
    assert scan_site(project.root / "site") == []


def test_safe_values_check_clean(tmp_path: Path) -> None:
    """What people really write stays allowed: a < b, R&D, code in backticks, safe links."""
    project = copy_project(tmp_path / "p", with_git=False)
    pilot = project.root / "phases" / "pilot.yml"
    replace_line(pilot, "title:", "title: 'Pilot: R&D < 5 users, \"quoted\" {product}'")
    replace_line(pilot, "  The pilot phase is", "  Use `<br>` in code, <https://example.org>, [mail](mailto:a@b.org),"
                 " [docs](guides/macros.md) and {curly} text.")
    organization = project.root / "playbook" / "organization.yml"
    organization.write_text(organization.read_text("utf-8") + "logo: assets/logo.svg\n", "utf-8")
    assert project.check_json()["errors"] == []
