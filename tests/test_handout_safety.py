"""Handouts and hostile data, the CSS-string escaper, and the handout pages as a guest in a host site.

A pull request can put anything into a phase title, the organization's name or an answer. On a
handout page that text reaches HTML through the output gate and the page's margin (a `<style>`
element, where HTML escaping means nothing) through `gate.css_string`: both must leave it inert
and still show it as written.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from conftest import TODAY, Project, copy_project, git
from mkdocs_playbook import model as m
from mkdocs_playbook.output import gate, handout
from mkdocs_playbook.output.pages import Renderer
from mkdocs_playbook.source.loading import load_playbook
from mkdocs_playbook.source.sources import WorkingTree

# valid data (`playbook check` passes tags inside backticks as text), hostile wherever it lands
TITLE = 'Pilot `</style><script>alert(1)</script>` "R&D" \\A {{ 7*7 }}'
ORG = "Northwind `</style><b>bold</b>` & 'Sons' {{ 7*7 }}"
ANSWER = "`<script>alert(2)</script>` {{ 7*7 }} `</style>` *not emphasis*"
OWNER = "`<img src=x onerror=alert(4)>`"
NOW = dt.datetime(2026, 11, 21, 23, 59, 59, tzinfo=dt.UTC)


def css_unescape(value: str) -> str:
    """What a CSS parser reads from a string `css_string` wrote (it only ever writes `\\HHHHHH `)."""
    assert value.startswith('"') and value.endswith('"')
    return re.sub(r"\\([0-9A-F]{6}) ", lambda g: chr(int(g.group(1), 16)), value[1:-1])


# --- gate.css_string ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "Pilot",
        "Northwind Traders \u00b7 Pilot handout",
        "</style><script>alert(1)</script>",
        '"; } body { display: none } @page { content: "',
        "back\\slash \\000041 and \\",
        "new\nline\r\ttab\f",
        "{{ 7*7 }} {% raw %}",
        "caf\u00e9 \u202eevil \U0001f600 \u0000",
        "",
    ],
)
def test_css_string_is_inert_and_reads_back_as_written(value: str) -> None:
    escaped = gate.css_string(value)
    assert re.fullmatch(r'"(?:[A-Za-z0-9 ]|\\[0-9A-F]{6} )*"', escaped), escaped
    assert css_unescape(escaped) == value
    # nothing HTML or Markdown reads, no quote that ends the string early, no newline
    assert not set(escaped[1:-1]) & set("<>\"'&\n\r{}*_`[]")


def test_css_string_escapes_every_character_but_letters_digits_and_space() -> None:
    assert gate.css_string("a Z 9") == '"a Z 9"'
    assert gate.css_string("-") == '"\\00002D "'
    assert gate.css_string("\u00e9") == '"\\0000E9 "'  # not a letter of [A-Za-z]: escaped
    assert gate.css_string("\U0001f600") == '"\\01F600 "'


def test_margin_rule_names_only_the_handout_page() -> None:
    assert handout.margin_css("x") == '@page pb-handout { @top-left { content: "x"; } }'


# --- a hostile playbook, built --------------------------------------------------------------


def replace(text: str, pattern: str, line: str) -> str:
    """The first line matching `pattern`, replaced by `line` taken literally (no `re` escapes)."""
    return re.sub(pattern, lambda _: line, text, count=1, flags=re.M)


def make_hostile(root: Path) -> Project:
    project = copy_project(root)
    pilot = project.root / "phases" / "pilot.yml"
    pilot.write_text(replace(pilot.read_text("utf-8"), r"^title: .*$", f"title: {json.dumps(TITLE)}"), "utf-8")
    organization = project.root / "playbook" / "organization.yml"
    organization.write_text(replace(organization.read_text("utf-8"), r"^name: .*$", f"name: {json.dumps(ORG)}"),
                            "utf-8")
    progress = project.progress / "pilot.yml"
    text = progress.read_text("utf-8")
    text = replace(text, r"^participant-support:.*$", f"participant-support: {{answer: {json.dumps(ANSWER)}}}")
    text = replace(text, r"^hold-kick-off:.*$", f"hold-kick-off: {{status: in-progress, owner: {json.dumps(OWNER)}}}")
    progress.write_text(text, "utf-8")
    git(project.root, "add", "-A")
    git(project.root, "commit", "-q", "-m", "hostile")
    return project


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = make_hostile(tmp_path_factory.mktemp("hostile") / "project")
    done = project.build()
    assert done.returncode == 0, done.stderr
    return project


def handout_article(project: Project, path: str) -> tuple[BeautifulSoup, Tag]:
    page = BeautifulSoup(project.page(path), "html.parser")
    found = page.select("article.pb-handout")
    assert len(found) == 1, path
    return page, found[0]


@pytest.mark.parametrize("blank", [False, True])
def test_hostile_text_displays_as_written_and_runs_nothing(hostile: Project, blank: bool) -> None:
    page, a = handout_article(hostile, f"pilot/handout{'-blank' if blank else ''}/index.html")
    assert a.select_one(".pb-h-phase").get_text() == TITLE
    assert a.select_one(".pb-h-org-name").get_text() == ORG
    assert a.select("script, img, b, iframe, svg") == []
    assert [s.parent for s in page.select("article.pb-handout style")] == [a]  # the one margin rule, nothing more
    assert not any("alert(" in (s.string or "") for s in page.find_all("script"))
    assert not any(attr.startswith("on") for tag in a.find_all(True) for attr in tag.attrs)
    assert "49" not in a.get_text()
    if not blank:
        question = a.select_one('li[data-question="participant-support"] .pb-h-answer')
        assert question is not None and question.get_text() == ANSWER
        assert a.select_one('li[data-item="hold-kick-off"] .pb-h-owner strong').get_text() == OWNER
    rule = a.select_one("style").get_text()
    label = f"{ORG} \u00b7 {TITLE} {'blank handout' if blank else 'handout'}"
    assert rule == str(handout.margin_css(label))
    content = re.fullmatch(r'@page pb-handout \{ @top-left \{ content: ("[^"]*"); \} \}', rule)
    assert content is not None and css_unescape(content.group(1)) == label


def test_hostile_document_for_weasyprint_is_inert(hostile: Project) -> None:
    result = load_playbook(hostile.root / "phases", hostile.root / "playbook", WorkingTree(), now=NOW)
    assert result.playbook is not None
    renderer = Renderer(result.playbook, today=NOW.date(), now=NOW)
    document = handout.handout_document(renderer, "pilot", as_of=m.AsOf(NOW.date(), "abc1234"), paper="letter")
    parsed = BeautifulSoup(document, "html.parser")
    assert parsed.title.get_text() == f"{ORG}: {TITLE} handout"
    assert len(parsed.find_all("style")) == 2  # the stylesheet in <head>, the margin rule in the article
    assert parsed.select("script, img, b") == []
    assert parsed.select_one(".pb-h-phase").get_text() == TITLE


# --- a host site's own page at a handout's path ---------------------------------------------------


@pytest.mark.parametrize("page", ["pilot/handout.md", "pilot/handout-blank.md", "pilot/handout/index.md"])
def test_a_host_page_at_a_handout_path_stops_the_build_naming_the_option(tmp_path: Path, page: str) -> None:
    project = copy_project(tmp_path / "project", with_git=False)
    (project.root / "playbook" / page).parent.mkdir(parents=True, exist_ok=True)
    (project.root / "playbook" / page).write_text("# Our own handout\n")
    done = project.build()
    assert done.returncode != 0
    blank = "blank " if "blank" in page else ""
    generated = f"pilot/handout{'-blank' if blank else ''}.md"
    assert (
        f"playbook/{page} is the site's own file, and the playbook generates {generated} "
        f"(the {blank}handout of phase 'pilot')"
    ) in done.stderr
    assert "move the playbook's file with the plugin option `pages_dir` or `handout_pages`" in done.stderr


def test_handout_pages_option_moves_them(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project.root / "playbook" / "pilot").mkdir()
    (project.root / "playbook" / "pilot" / "handout.md").write_text("# Our own handout\n")
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(
        "      phases_dir: phases\n", "      phases_dir: phases\n      handout_pages: 'print/{phase}.md'\n"), "utf-8")
    project.commit_all("our own handout page")
    done = project.build()
    assert done.returncode == 0, done.stderr
    assert (project.root / "site" / "print" / "pilot" / "index.html").is_file()
    assert (project.root / "site" / "print" / "pilot-blank" / "index.html").is_file()
    phase_page = BeautifulSoup(project.page("pilot/index.html"), "html.parser")
    line = next(p for p in phase_page.select("article p") if p.get_text().startswith("Print: "))
    assert [x["href"] for x in line.select("a")] == ["../print/pilot/", "../print/pilot-blank/"]


def test_without_history_the_handout_is_todays_state_not_a_commits(tmp_path: Path) -> None:
    """`history: false` reads nothing from git: the as-of line says so rather than guess a commit."""
    project = copy_project(tmp_path / "project")
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(
        "      phases_dir: phases\n", "      phases_dir: phases\n      history: false\n"), "utf-8")
    project.commit_all("no history")
    done = project.build()
    assert done.returncode == 0, done.stderr
    _, a = handout_article(project, "pilot/handout/index.html")
    as_of = a.select_one(".pb-h-as-of")
    assert as_of["data-revision"] == "" and as_of["data-date"] == TODAY.isoformat()
    assert as_of.get_text() == f"State as of {TODAY.day} {TODAY:%b %Y}, not from a git commit."
