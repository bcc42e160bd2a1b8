"""A checklist item as a reader meets it in the built site: named, its state in icon and word, who did it once,
its id and the command that ticks it, and help text naming the real progress file.

Every test reads real built HTML (`mkdocs build --strict`) with BeautifulSoup; the example is built once
(`built_example`), the git cases each build a copy of it.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from conftest import BIN, ROOT, TODAY, Project, copy_project, git
from mkdocs_playbook import clock
from mkdocs_playbook import model as m
from mkdocs_playbook.output import gate
from mkdocs_playbook.output import verdictview as vv
from mkdocs_playbook.output.handout import MARKS
from mkdocs_playbook.output.pages import Renderer
from mkdocs_playbook.source.loading import load_playbook
from mkdocs_playbook.source.locations import shown_path
from mkdocs_playbook.status.verdict import Status as CriterionStatus

PHASE_PAGES = ("proof-of-concept", "pilot", "enterprise-rollout")

STATES = {
    "todo": ("\u2610", "to do"),
    "in-progress": ("\u25e7", "in progress"),
    "done": ("\u2611", "done"),
    "skipped": ("\u2612", "skipped"),
}
"""Each item state as the site shows it: four shapes and four words, so no two look alike without colour."""

OPEN = ("todo", "in-progress")


def soup(project: Project, path: str) -> BeautifulSoup:
    return BeautifulSoup(project.page(path), "html.parser")


def items(page: BeautifulSoup) -> list[Tag]:
    return page.select("li.pb-item")


def phase_of(li: Tag) -> str:
    checklist = li.find_parent("ul", class_="pb-checklist")
    assert isinstance(checklist, Tag)
    return str(checklist["data-phase"])


def item_li(project: Project, phase: str, item_id: str) -> Tag:
    found = soup(project, f"{phase}/index.html").select_one(f"li.pb-item[data-item='{item_id}']")
    assert found is not None, item_id
    return found


# --- accessible names ---------------------------------------------------------------------------------------


def test_every_checkbox_is_named_by_its_item_text(built_example: Project) -> None:
    """axe's critical finding on main: a checkbox in a <label> without text has no accessible name."""
    loaded = load_playbook(built_example.root / "phases", built_example.root / "playbook")
    assert loaded.playbook is not None
    texts = {(p.id, i.id): i.text for p in loaded.playbook.phases for i in p.items()}
    seen = 0
    for phase in PHASE_PAGES:
        page = soup(built_example, f"{phase}/index.html")
        for box in page.select(".md-content input[type=checkbox]"):
            li = box.find_parent("li")
            assert isinstance(li, Tag)
            named_by = page.find(id=str(box.get("aria-labelledby")))
            assert isinstance(named_by, Tag), f"{phase}/{li.get('data-item')}: the checkbox names no element"
            expected = BeautifulSoup(str(gate.inline(texts[(phase_of(li), str(li["data-item"]))])), "html.parser")
            assert named_by.get_text() == expected.get_text() != ""
            assert named_by.find_parent("li") is li  # its own item's text, not a neighbour's
            seen += 1
    assert seen == len(texts)


def test_checkbox_ids_are_unique_on_each_page(built_example: Project) -> None:
    for path in ("index.html", *(f"{phase}/index.html" for phase in PHASE_PAGES)):
        ids = [str(tag["id"]) for tag in soup(built_example, path).select("[id]")]
        assert len(ids) == len(set(ids)), path


# --- states: icon and word ------------------------------------------------------------------------------------


def test_the_state_table_is_four_shapes_and_four_words() -> None:
    shown = {status.value: (label.icon, label.word) for status, label in vv.ITEM_STATES.items()}
    assert shown == STATES
    assert len({icon for icon, _ in STATES.values()}) == len({word for _, word in STATES.values()}) == 4
    assert all(vv.STATUSES[status] is label for status, label in vv.ITEM_STATES.items())
    assert {status: label.icon for status, label in vv.ITEM_STATES.items()} == {s: mark.glyph for s, mark in MARKS.items()}
    assert len(vv.STATUSES) == len(CriterionStatus) + len(m.Status)  # one table, no state hiding another


@pytest.mark.parametrize("status", list(STATES))
def test_each_state_shows_its_icon_and_word(built_example: Project, status: str) -> None:
    icon, word = STATES[status]
    shown = [li for phase in PHASE_PAGES for li in items(soup(built_example, f"{phase}/index.html"))
             if li["data-status"] == status]
    assert shown, f"the example has no {status} item"
    for li in shown:
        badges = li.select(".pb-meta > .pb-status-badge")
        assert len(badges) == 1, li["data-item"]
        badge = badges[0]
        assert badge["data-status"] == status and f"pb-status-{status}" in badge["class"]
        glyph = badge.select_one(".pb-icon")
        assert glyph is not None and glyph.get_text() == icon and glyph["aria-hidden"] == "true"
        assert badge.get_text(" ", strip=True) == f"{icon} {word}"


# --- ids and commands -----------------------------------------------------------------------------------------


def material_copies(pre: Tag) -> bool:
    """Material's rule (components/content/code/_/index.ts): a copy button on `pre > code` when the code is inside
    `.copy`, whatever the theme's features, or when `content.code.copy` is on and it is not inside `.no-copy`."""
    code = pre.find("code", recursive=False)
    return isinstance(code, Tag) and any("copy" in tag.get("class", []) for tag in (pre, *pre.parents))


def test_material_still_mounts_a_copy_button_inside_copy() -> None:
    """The markup relies on Material's `.copy` class; if the installed Material stops honouring it, this says so."""
    import material

    bundle = next((Path(material.__file__).parent / "templates" / "assets" / "javascripts").glob("bundle.*.min.js"))
    assert 'closest(".copy")' in bundle.read_text("utf-8")


def test_each_open_item_shows_its_id_and_tick_command(built_example: Project) -> None:
    counted = 0
    for phase in PHASE_PAGES:
        for li in items(soup(built_example, f"{phase}/index.html")):
            item_id, status = str(li["data-item"]), str(li["data-status"])
            commands = li.select("details.pb-cmd")
            if status in OPEN:
                assert len(commands) == 1, item_id
                summary = commands[0].select_one("summary code")
                assert summary is not None and summary.get_text() == item_id
                pre = commands[0].select_one("pre")
                assert pre is not None and material_copies(pre)
                assert pre.get_text() == f"playbook tick {phase_of(li)}/{item_id}"
                counted += 1
            else:
                assert commands == [], item_id
                shown = li.select_one(".pb-meta .pb-id code")
                assert shown is not None and shown.get_text() == item_id
    assert counted > 10


def test_each_unanswered_question_shows_its_answer_command(built_example: Project) -> None:
    page = soup(built_example, "pilot/index.html")
    questions = page.select("li.pb-question")
    unanswered = [q for q in questions if q.select_one(".pb-unanswered")]
    assert unanswered and len(unanswered) < len(questions)
    for q in questions:
        pre = q.select_one("details.pb-cmd pre")
        if q in unanswered:
            assert pre is not None and material_copies(pre)
            assert pre.get_text() == f'playbook answer pilot/{q["id"]} "our answer"'
        else:
            assert pre is None
            shown = q.select_one(".pb-id code")
            assert shown is not None and shown.get_text() == q["id"]


def test_the_command_on_the_page_ticks_the_item(project: Project) -> None:
    """Copy, paste, run: the command as the page shows it works at the root of the repository."""
    assert project.build().returncode == 0
    li = item_li(project, "pilot", "hold-kick-off")
    pre = li.select_one("details.pb-cmd pre")
    assert pre is not None
    done = subprocess.run([str(BIN / "playbook"), *shlex.split(pre.get_text())[1:]], cwd=project.root,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    loaded = load_playbook(project.root / "phases", project.root / "playbook")
    assert loaded.playbook is not None
    assert loaded.playbook.progress["pilot"].states["hold-kick-off"].status == "done"


# --- done: who, once ------------------------------------------------------------------------------------------

THOMAS = {"GIT_AUTHOR_NAME": "Thomas Hardy", "GIT_AUTHOR_EMAIL": "thomas.hardy@northwind.example",
          "GIT_AUTHOR_DATE": "2026-10-14T09:30:00+02:00", "GIT_COMMITTER_DATE": "2026-10-14T09:30:00+02:00"}
ALICE = {"GIT_AUTHOR_NAME": "Alice Rollout", "GIT_AUTHOR_EMAIL": "alice@example.test",
         "GIT_AUTHOR_DATE": "2026-11-02T16:00:00+01:00", "GIT_COMMITTER_DATE": "2026-11-02T16:00:00+01:00"}

ATTRIBUTIONS = [
    # (item, --by, git author (None: not committed), the one line of credit the item shows)
    ("hold-kick-off", "thomas-hardy", THOMAS, "ticked by Thomas Hardy, Project lead on 14 Oct 2026"),
    ("define-support-process", "ana-trujillo", ALICE,
     "ticked by Alice Rollout on 2 Nov 2026 · done by Ana Trujillo, Technical lead"),
    ("identify-pilot-risks", "Maria Anders", None, "done by Maria Anders, Executive sponsor · not committed yet"),
]


@pytest.fixture(scope="module")
def ticked(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = copy_project(tmp_path_factory.mktemp("ticked") / "project")
    pilot = project.progress / "pilot.yml"
    for item_id, _by, author, _ in ATTRIBUTIONS:
        text = pilot.read_text("utf-8")
        # each starts as an open item with an owner and a due date: stale once it is done
        pilot.write_text(re.sub(rf"^{item_id}:.*$", f"{item_id}: {{status: in-progress, owner: hanna-moos, due: 2026-10-01}}",
                                text, flags=re.MULTILINE), "utf-8")
        if author is not None:
            git(project.root, "commit", "-qam", f"start {item_id}")
    for item_id, by, author, _ in ATTRIBUTIONS:
        done = subprocess.run([str(BIN / "playbook"), "tick", f"pilot/{item_id}", "--by", by], cwd=project.root,
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        if author is not None:
            git(project.root, "commit", "-qam", f"Tick {item_id}", env=author)
    built = project.build()
    assert built.returncode == 0, built.stderr
    return project


@pytest.mark.parametrize(("item_id", "by", "author", "credit"), ATTRIBUTIONS, ids=[a[0] for a in ATTRIBUTIONS])
def test_a_done_item_says_once_who_did_it(ticked: Project, item_id: str, by: str, author: object, credit: str) -> None:
    li = item_li(ticked, "pilot", item_id)
    assert li["data-status"] == "done"
    meta = li.select_one(".pb-meta")
    assert meta is not None
    parts = [span.get_text() for span in meta.find_all(recursive=False) if span.get("class") not in (["pb-id"], ["pb-sep"])]
    assert parts[0] == "\u2611 done"
    assert " · ".join(parts[1:]) == credit
    assert meta.get_text().startswith(" · ".join(parts)), "the separators are in the page"
    text = li.get_text()
    assert text.count("ticked by") + text.count("done by") == credit.count(" by ")
    assert li.select(".pb-owner, .pb-due") == [] and "Hanna" not in text


# --- help text: the real progress file ------------------------------------------------------------------------


def help_paths(page: BeautifulSoup) -> list[str]:
    return [code.get_text() for code in page.select(".pb-help code") if code.get_text().endswith(".yml")]


def plan_paths(page: BeautifulSoup) -> list[str]:
    return [code.get_text() for code in page.select("article p > code") if code.get_text().endswith(".yml")]


def test_help_text_names_the_example_progress_file(built_example: Project) -> None:
    paths = help_paths(soup(built_example, "pilot/index.html"))
    assert paths and set(paths) == {"playbook/progress/pilot.yml"}
    assert (built_example.root / paths[0]).is_file()
    assert plan_paths(soup(built_example, "pilot/plan/index.html")) == ["playbook/plans/pilot.yml"]


@pytest.mark.parametrize(("playbook_dir", "shown"), [
    ("playbook", "playbook/progress/pilot.yml"),
    (".", "progress/pilot.yml"),  # the data beside mkdocs.yml
    ("", "progress/pilot.yml"),
    ("team/rollout data", "team/rollout data/progress/pilot.yml"),
])
def test_data_file_joins_the_shown_folder(playbook_dir: str, shown: str) -> None:
    loaded = load_playbook(ROOT / "plugins" / "mkdocs_playbook" / "phases", ROOT / "playbook")
    assert loaded.playbook is not None
    renderer = Renderer(loaded.playbook, today=TODAY, now=clock.now(), playbook_dir=playbook_dir)
    assert renderer.data_file("progress", "pilot") == shown


def test_help_text_follows_playbook_dir(tmp_path: Path) -> None:
    """A host site keeping its data in another folder: the help names that folder, relative to mkdocs.yml."""
    root = tmp_path / "site"
    data = root / "team" / "rollout-data"
    data.mkdir(parents=True)
    for name in ("organization.yml", "progress", "plans", "measurements", "decisions"):
        source = ROOT / "playbook" / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, data / name)
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Handbook\n", "utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: Handbook\ntheme:\n  name: material\nplugins:\n  - search\n  - playbook:\n"
        "      playbook_dir: team/rollout-data\n      pages_dir: rollout\n", "utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "our handbook")
    done = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "-d", str(root / "out")], cwd=root,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    page = BeautifulSoup((root / "out" / "rollout" / "pilot" / "index.html").read_text("utf-8"), "html.parser")
    paths = help_paths(page)
    assert paths and set(paths) == {"team/rollout-data/progress/pilot.yml"}
    assert (root / paths[0]).is_file()
    plan = BeautifulSoup((root / "out" / "rollout" / "pilot" / "plan" / "index.html").read_text("utf-8"), "html.parser")
    assert plan_paths(plan) == ["team/rollout-data/plans/pilot.yml"]


@pytest.mark.parametrize(("path", "root", "shown"), [
    ("site/playbook/progress", "site", "playbook/progress"),
    ("site/progress", "site", "progress"),
    ("elsewhere/progress", "site", "{tmp}/elsewhere/progress"),
    ("site/a/b", None, "{tmp}/site/a/b"),
])
def test_shown_path(tmp_path: Path, path: str, root: str | None, shown: str) -> None:
    assert shown_path(tmp_path / path, tmp_path / root if root else None) == shown.format(tmp=tmp_path.as_posix())



def test_handout_marks_are_named_by_their_state(built_example: Project) -> None:
    """The handout has no checkbox: each item's mark is an image named by its state's word."""
    marks = soup(built_example, "pilot/handout/index.html").select(".pb-h-item > .pb-mark")
    assert marks
    for mark in marks:
        li = mark.find_parent("li")
        assert isinstance(li, Tag)
        assert mark["role"] == "img" and mark["aria-label"] == MARKS[m.Status(str(li["data-status"]))].word
