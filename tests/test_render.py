"""`playbook render DIR`: the plugin's pages as plain files, built by Zensical and by MkDocs without the plugin.

Two halves. The command itself, run in-process on a copy of the example: the files are exactly
the page plan's, it changes only files it wrote (a host's page at a generated path, or a page
edited by hand, is refused by name and nothing is written), removes the pages of a dropped
phase, `--check` and `--dry-run` write nothing, and hostile titles reach the front matter only
through the output gate. Then real sites: a host site with its own pages gets the rendered
pages and is built by `zensical build` and by a plain `mkdocs build --strict` without the
plugin, with the data outside docs_dir or inside it under `exclude_docs`; the built HTML holds
the dashboard and every phase's checklist, links that resolve, the stylesheet, titles shown as
written, and none of the raw data. One more Zensical build shows why all this exists: with the
plugin listed and no render, Zensical builds no playbook page and publishes organization.yml.
"""

from __future__ import annotations

import dataclasses
import html
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url
from test_output_gate import active_content

from conftest import BIN, PHASES, ROOT, TODAY, Project, git
from mkdocs_playbook import clock
from mkdocs_playbook import model as m
from mkdocs_playbook.commands import build_parser, main
from mkdocs_playbook.edit.generated import MANIFEST
from mkdocs_playbook.output import gate
from mkdocs_playbook.output.markdownsite import MARKER, page_files, page_url, relative_url
from mkdocs_playbook.output.pageplan import plan_pages
from mkdocs_playbook.output.pages import Renderer
from mkdocs_playbook.source.loading import load_playbook
from mkdocs_playbook.status.document import summary

ZENSICAL = BIN / "zensical"
PHASE_IDS = ["proof-of-concept", "pilot", "enterprise-rollout"]
PLANNED = ["pilot"]
"""The example's phases with a plan (playbook/plans/): each gets a plan page."""
DEFAULT_FILES = {
    "index.md", *(f"{p}.md" for p in PHASE_IDS), "pilot/plan.md", "assets/playbook.css", "assets/playbook.js", "progress.json",
    *(f"{p}/handout{blank}.md" for p in PHASE_IDS for blank in ("", "-blank")), "assets/handout.css",
}
# valid data (`playbook check` passes it: tags inside backticks are text), hostile wherever it lands
TICKED = "soft-launch-exit-ready-to-expand"
"""A todo item of the example's pilot, ticked by the tests."""
TITLE = 'Pilot `</title><script>alert(1)</script>` & "R&D" < 5 {{ 7*7 }} *em* [l](x.md)'
ORG = "Northwind `</title><script>alert(2)</script>` & Sons"
CANARY = "raw-data-canary@leak.example"
"""In a YAML comment of every data file: no page ever shows it, so finding it means a data file was published."""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["render", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def here(project: Project, monkeypatch: pytest.MonkeyPatch) -> Project:
    """The example project as the working directory, with a docs/ folder to render into."""
    monkeypatch.chdir(project.root)
    (project.root / "docs").mkdir()
    return project


# --- the files -----------------------------------------------------------------------------


def test_files_are_the_page_plan_with_the_plugins_content(here: Project, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "docs/playbook", "--no-history")
    assert code == 0, err
    assert "without git history (--no-history): no tick authors, dates or charts" in err
    written = snapshot(here.root / "docs" / "playbook")
    assert set(written) == DEFAULT_FILES | {MANIFEST}
    assert set(plan_pages(PHASE_IDS, with_plans=PLANNED).all()) == DEFAULT_FILES
    assert sorted(out.splitlines()[:-1]) == sorted(f"created docs/playbook/{name}" for name in [*DEFAULT_FILES, MANIFEST])
    assert "playbook render: rendered 15 files into docs/playbook (15 created, 0 updated, 0 removed)" in out.splitlines()
    assert "extra_css" in err  # the stylesheet has to be listed in mkdocs.yml: said once, when it is created
    # every file is marked as generated: pages in their front matter, the stylesheet in its first line
    for name in DEFAULT_FILES - {"progress.json"}:
        lines = written[name].decode().splitlines()
        assert MARKER in (lines[1] if name.endswith(".md") else lines[0]), name
    state = json.loads(written["progress.json"])
    assert [p["id"] for p in state["phases"]] == PHASE_IDS and state["generated"] == TODAY.isoformat()
    # the content is the renderer's: the same page the plugin generates, plus marker and title
    loaded = load_playbook(Path("phases"), Path("playbook"))
    assert loaded.playbook is not None
    links = [("Handout", "pilot/handout.md"), ("Blank handout", "pilot/handout-blank.md")]
    # the help text names the progress file from mkdocs.yml's folder, as the plugin's pages do
    renderer = Renderer(loaded.playbook, today=TODAY, now=clock.now(), playbook_dir="playbook")
    plain = renderer.phase_page("pilot", "pilot/plan.md", links)
    assert written["pilot.md"].decode() == f'---\n# {MARKER}\ntitle: "Pilot"\n' + plain.removeprefix("---\n")
    manifest = (here.root / "docs" / "playbook" / MANIFEST).read_text("utf-8").splitlines()
    assert sorted(line.split("  ")[1] for line in manifest if not line.startswith("#")) == sorted(DEFAULT_FILES)


def test_settings_come_from_mkdocs_yml_when_no_flag_names_them(here: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """The plugin's options and MkDocs' own settings, as the plugin would use them; a flag still wins."""
    config = here.root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(
        "      phases_dir: phases\n",
        "      phases_dir: phases\n      phase_pages: 'phase-{phase}.md'\n      progress_json: ''\n"
        "      repo_url: https://git.example/data\n",
    ) + "use_directory_urls: false\n", "utf-8")
    code, _, err = run(capsys, "docs/pb")
    assert code == 0, err
    written = snapshot(here.root / "docs" / "pb")
    plan = plan_pages(PHASE_IDS, phase_pages="phase-{phase}.md", progress_json="", with_plans=PLANNED)
    assert set(written) == {*plan.all(), MANIFEST}
    dashboard = written["index.md"].decode()
    assert 'href="phase-pilot.html#' in dashboard  # use_directory_urls: false
    assert "https://git.example/data/commit/" in dashboard  # commit links to the plugin's repo_url
    code, _, err = run(capsys, "docs/other", "--phase-pages", "{phase}.md")
    assert code == 0, err
    assert "pilot.md" in snapshot(here.root / "docs" / "other")


@pytest.mark.parametrize(("option", "expected"), [
    ("      due_soon_days: soon\n", "mkdocs.yml, the playbook plugin's option due_soon_days: 'soon' is not a whole number"),
    ("      repo_url: ftp://example.test\n", "repo_url: 'ftp://example.test' is not an http(s) link"),
    ("      history: 'no'\n", "mkdocs.yml, the playbook plugin's option history: 'no' is not true or false"),
])
def test_a_wrong_setting_in_mkdocs_yml_is_a_usage_error(
    here: Project, capsys: pytest.CaptureFixture[str], option: str, expected: str
) -> None:
    config = here.root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("      phases_dir: phases\n", "      phases_dir: phases\n" + option),
                      "utf-8")
    code, _, err = run(capsys, "docs/pb")
    assert (code, expected in err, (here.root / "docs" / "pb").exists()) == (2, True, False), err


def test_page_plan_options_move_the_files(here: Project, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "docs/pb", "--dashboard", "home.md", "--phase-pages", "phases/{phase}/index.md",
                       "--progress-json", "")
    assert code == 0, err
    plan = plan_pages(PHASE_IDS, dashboard="home.md", phase_pages="phases/{phase}/index.md", progress_json="",
                      with_plans=PLANNED)
    assert set(snapshot(here.root / "docs" / "pb")) == {*plan.all(), MANIFEST}
    dashboard = (here.root / "docs" / "pb" / "home.md").read_text("utf-8")
    assert "### [Pilot](phases/pilot/index.md)" in dashboard  # Markdown links: .md paths the generator resolves
    assert 'href="../phases/pilot/#' in dashboard  # HTML links: the site's URL, from home/ (directory URLs)


def test_bad_page_plan_options_are_usage_errors(here: Project, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "docs/playbook", "--phase-pages", "../{phase}.md")
    assert code == 2
    assert "phase_pages: '../proof-of-concept.md' is not a plain relative path inside docs_dir" in err
    assert not (here.root / "docs" / "playbook").exists()


@pytest.mark.parametrize("directory_urls", [True, False])
def test_links_are_the_ones_mkdocs_makes(directory_urls: bool) -> None:
    """The HTML links of the dashboard: MkDocs' own URL rules, which the plugin uses."""
    uris = ["index.md", "pilot.md", "a/index.md", "a/b.md", "README.md", "a/README.md", "a/b/c.md"]
    for uri in uris:
        assert page_url(uri, directory_urls=directory_urls) == File(uri, "/d", "/s", directory_urls).url, uri
        for other in uris:
            mine = relative_url(page_url(uri, directory_urls=directory_urls),
                                page_url(other, directory_urls=directory_urls))
            theirs = get_relative_url(File(uri, "/d", "/s", directory_urls).url,
                                      File(other, "/d", "/s", directory_urls).url)
            assert mine == theirs, (uri, other)
            assert relative_url(uri, other) == get_relative_url(uri, other), (uri, other)


# --- changing only its own files ---------------------------------------------------------------


def test_a_host_file_at_a_generated_path_is_refused(here: Project, capsys: pytest.CaptureFixture[str]) -> None:
    folder = here.root / "docs" / "playbook"
    folder.mkdir()
    (folder / "pilot.md").write_text("# Our own pilot page\n", "utf-8")
    code, out, err = run(capsys, "docs/playbook")
    assert code == 1
    assert ("playbook render: docs/playbook/pilot.md: not written by `playbook render` and would be overwritten; "
            "move or rename it, or render into another folder") in err
    assert "nothing was written" in err and out == ""
    assert snapshot(folder) == {"pilot.md": b"# Our own pilot page\n"}


def test_a_file_identical_to_the_generated_one_is_adopted(here: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """A lost manifest is no reason to refuse: files that already hold the text need no overwrite."""
    assert run(capsys, "docs/playbook")[0] == 0
    (here.root / "docs" / "playbook" / MANIFEST).unlink()
    code, out, _ = run(capsys, "docs/playbook")
    assert code == 0 and out.splitlines()[0] == f"created docs/playbook/{MANIFEST}"


def test_a_generated_page_edited_by_hand_is_kept(here: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "docs/playbook")[0] == 0
    page = here.root / "docs" / "playbook" / "index.md"
    page.write_text(page.read_text("utf-8") + "My note.\n", "utf-8")
    before = snapshot(here.root / "docs")
    code, _, err = run(capsys, "docs/playbook")
    assert code == 1
    assert "docs/playbook/index.md: changed since `playbook render` wrote it" in err
    assert snapshot(here.root / "docs") == before


def test_pages_of_a_dropped_phase_are_removed(here: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "docs/playbook", "--phase-pages", "{phase}/index.md")[0] == 0
    host = here.root / "docs" / "playbook" / "our-page.md"
    host.write_text("# Ours\n", "utf-8")
    organization = here.root / "playbook" / "organization.yml"
    text = organization.read_text("utf-8")
    organization.write_text(text.replace("phases: [proof-of-concept, pilot, enterprise-rollout]",
                                         "phases: [proof-of-concept, pilot]"), "utf-8")
    (here.root / "playbook" / "progress" / "enterprise-rollout.yml").unlink()
    code, out, err = run(capsys, "docs/playbook", "--phase-pages", "{phase}/index.md")
    assert code == 0, err
    assert "removed docs/playbook/enterprise-rollout/index.md" in out.splitlines()
    assert not (here.root / "docs" / "playbook" / "enterprise-rollout").exists()  # its emptied folder too
    assert host.read_text("utf-8") == "# Ours\n"
    assert "enterprise-rollout" not in (here.root / "docs" / "playbook" / MANIFEST).read_text("utf-8")


def test_a_dropped_page_edited_by_hand_is_not_removed(here: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "docs/playbook")[0] == 0
    page = here.root / "docs" / "playbook" / "enterprise-rollout.md"
    page.write_text("# Kept\n", "utf-8")
    code, _, err = run(capsys, "docs/playbook", "--phase-pages", "phase-{phase}.md")
    assert code == 1
    assert "docs/playbook/enterprise-rollout.md: no longer generated, but changed since" in err
    assert page.read_text("utf-8") == "# Kept\n" and not (here.root / "docs" / "playbook" / "phase-pilot.md").exists()


def test_a_manifest_cannot_reach_outside_the_folder(here: Project, capsys: pytest.CaptureFixture[str]) -> None:
    folder = here.root / "docs" / "playbook"
    folder.mkdir()
    victim = here.root / "docs" / "victim.md"
    victim.write_text("x", "utf-8")
    sha = "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"  # sha256 of "x"
    (folder / MANIFEST).write_text(f"# a hand-made manifest\n{sha}  ../victim.md\n", "utf-8")
    code, _, err = run(capsys, "docs/playbook")
    assert code == 1
    assert f"docs/playbook/{MANIFEST}:2:67: '../victim.md' is not a plain relative path inside this folder" in err
    assert victim.read_text("utf-8") == "x" and set(snapshot(folder)) == {MANIFEST}


def test_a_symlinked_subfolder_is_not_written_through(here: Project, capsys: pytest.CaptureFixture[str],
                                                      tmp_path: Path) -> None:
    folder = here.root / "docs" / "playbook"
    folder.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (folder / "assets").symlink_to(outside)
    code, _, err = run(capsys, "docs/playbook")
    assert code == 1 and "docs/playbook/assets is a symbolic link; refusing to write through it" in err
    assert list(outside.iterdir()) == []


# --- --check and --dry-run --------------------------------------------------------------------


def test_check_exit_codes(here: Project, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "docs/playbook", "--check")
    assert code == 1 and "docs/playbook is out of date; run `playbook render docs/playbook`" in err
    assert "would create docs/playbook/pilot.md" in out.splitlines()
    assert not (here.root / "docs" / "playbook").exists()
    assert run(capsys, "docs/playbook")[0] == 0
    code, out, err = run(capsys, "docs/playbook", "--check")
    assert (code, out, err) == (0, "playbook render: docs/playbook is up to date (15 files)\n", "")
    # a tick changes the pilot's page, the dashboard and progress.json, and every handout says "uncommitted changes"
    progress = here.root / "playbook" / "progress" / "pilot.yml"
    progress.write_text(re.sub(rf"^({TICKED}): todo$", r"\1: done", progress.read_text("utf-8"), flags=re.M),
                        "utf-8")
    before = snapshot(here.root / "docs")
    code, out, _ = run(capsys, "docs/playbook", "--check")
    assert code == 1
    handouts = [f"{p}/handout.md" for p in PHASE_IDS]  # the blank forms hold no state: unchanged
    assert sorted(out.splitlines()) == sorted(f"would update docs/playbook/{n}" for n in
                                              (MANIFEST, "index.md", "pilot.md", "pilot/plan.md", "progress.json",
                                               *handouts))
    assert snapshot(here.root / "docs") == before


def test_committed_pages_checked_as_of_the_datas_last_commit(here: Project, capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's recipe for committed pages: render and check as of the data's last commit, history included."""

    def as_of_the_data() -> None:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", git(here.root, "log", "-1", "--format=%ct", "--", "playbook").strip())

    def commit(message: str, date: str, author: str = "Test Author") -> None:
        git(here.root, "add", "-A")
        git(here.root, "commit", "-qm", message, env={"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
                                                      "GIT_AUTHOR_NAME": author})

    # the copy's commits are dated September; the example's recordings (October, November) would be
    # after the data's last commit, which the loader refuses as recorded in the future
    for folder in ("measurements", "decisions"):
        shutil.rmtree(here.root / "playbook" / folder)
    commit("Recordings come later", "2026-09-02T12:00:00+00:00")
    as_of_the_data()
    assert run(capsys, "docs/playbook")[0] == 0
    commit("Render the playbook pages", "2026-09-03T12:00:00+00:00")
    as_of_the_data()
    assert run(capsys, "docs/playbook", "--check")[0] == 0
    # a tick committed without rendering again: the check fails, names the pages, and passes once rendered
    progress = here.root / "playbook" / "progress" / "pilot.yml"
    progress.write_text(re.sub(rf"^({TICKED}): todo$", r"\1: done", progress.read_text("utf-8"), flags=re.M), "utf-8")
    commit("Tick", "2026-10-05T09:00:00+00:00", author="Dana Ticker")
    as_of_the_data()
    code, out, _ = run(capsys, "docs/playbook", "--check")
    assert code == 1 and "would update docs/playbook/pilot.md" in out.splitlines()
    assert run(capsys, "docs/playbook")[0] == 0
    assert "Dana Ticker" in (here.root / "docs" / "playbook" / "pilot.md").read_text("utf-8")
    assert "stands on 5 Oct 2026" in (here.root / "docs" / "playbook" / "index.md").read_text("utf-8")
    commit("Render the playbook pages", "2026-10-06T12:00:00+00:00")
    as_of_the_data()
    assert run(capsys, "docs/playbook", "--check")[0] == 0


def test_dry_run_lists_and_writes_nothing(here: Project, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "docs/playbook", "--dry-run")
    assert code == 0
    assert sorted(out.splitlines()) == sorted(f"would create docs/playbook/{n}" for n in [*DEFAULT_FILES, MANIFEST])
    assert "nothing was written" in err
    assert not (here.root / "docs" / "playbook").exists()


# --- where it refuses to write ------------------------------------------------------------------


@pytest.mark.parametrize(("folder", "message"), [
    ("playbook", "playbook: is the playbook's data folder (organization.yml, progress/)"),
    ("playbook/progress", "playbook/progress: is inside the progress folder (playbook/progress)"),
    ("playbook/progress/pages", "playbook/progress/pages: is inside the progress folder (playbook/progress)"),
    ("phases", "phases: is inside the phases folder (phases)"),
    ("mkdocs.yml", "mkdocs.yml: is a file; expected a folder"),
    ("nowhere/playbook", "nowhere/playbook: its parent folder nowhere does not exist"),
])
def test_data_folders_are_refused(here: Project, capsys: pytest.CaptureFixture[str], folder: str, message: str) -> None:
    before = snapshot(here.root)
    code, _, err = run(capsys, folder)
    assert code == 2 and f"playbook render: {message}" in err and "(nothing was written)" in err
    assert snapshot(here.root) == before


def test_data_with_problems_is_not_rendered(here: Project, capsys: pytest.CaptureFixture[str]) -> None:
    progress = here.root / "playbook" / "progress" / "pilot.yml"
    lines = progress.read_text("utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line == f"{TICKED}: todo")
    lines[index] = f"{TICKED}: finished"
    progress.write_text("\n".join(lines) + "\n", "utf-8")
    code, out, err = run(capsys, "docs/playbook")
    assert code == 1
    assert out.startswith(f"playbook/progress/pilot.yml:{index + 1}:{len(TICKED) + 3}: ")
    assert "1 problem in the data; nothing was written" in err
    assert not (here.root / "docs" / "playbook").exists()


# --- hostile titles -----------------------------------------------------------------------------


def front_matter(page: str) -> dict[str, object]:
    assert page.startswith("---\n")
    loaded: dict[str, object] = yaml.safe_load(page.split("---\n")[1])
    return loaded


@pytest.mark.parametrize("title", [TITLE, "</title><script>alert(1)</script>", 'a"\nb: c\n---\n# x', "\\u003c ' {%"])
def test_a_title_reaches_the_front_matter_through_the_gate(project: Project, title: str) -> None:
    """Whatever the title (these with tags never pass `playbook check`: this is the layer under it)."""
    loaded = load_playbook(project.root / "phases", project.root / "playbook")
    assert loaded.playbook is not None
    phases = tuple(dataclasses.replace(p, title=title) if p.id == "pilot" else p for p in loaded.playbook.phases)
    playbook = dataclasses.replace(loaded.playbook, phases=phases)
    renderer = Renderer(playbook, today=TODAY, now=clock.now())
    state, plan = summary(playbook, TODAY, renderer.now), plan_pages(PHASE_IDS, with_plans=PLANNED)
    files = page_files(renderer, state, plan, as_of=m.AsOf(date=TODAY))
    meta = front_matter(files["pilot.md"])
    assert meta == {"title": str(gate.page_title(title)), "render_macros": False}
    assert not re.search(r"[<>\"'`{}\[\]*]", str(meta["title"]))  # nothing left for HTML, Markdown or Jinja
    assert html.unescape(str(meta["title"])) == " ".join(title.split())  # and it displays as written
    assert front_matter(files["index.md"]) == {"title": "Dashboard", "render_macros": False}


# --- real sites: Zensical, and MkDocs without the plugin -----------------------------------------

HOST_CONFIG = """\
site_name: Host docs
docs_dir: docs
theme:
  name: material
extra_css:
  - playbook/assets/playbook.css
"""
"""What the README asks of a host site: the stylesheet listed, no Markdown extension needed."""
EXTENSIONS = """\
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - toc:
      permalink: true
  - pymdownx.tasklist:
      custom_checkbox: true
"""
EXCLUDE = "exclude_docs: |\n  /organization.yml\n  /progress/\n  /plans/\n"


@dataclass(frozen=True)
class Site:
    root: Path
    generator: str
    data_in_docs: bool

    @property
    def out(self) -> Path:
        return self.root / "site"

    def soup(self, path: str) -> BeautifulSoup:
        return BeautifulSoup((self.out / path).read_text("utf-8"), "html.parser")


def make_host(root: Path, *, data_in_docs: bool, config: str) -> Path:
    """A host site with its own pages, the example's data with canaries, a hostile title and name, in git."""
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Host home\n\nOur own documentation.\n", "utf-8")
    (root / "docs" / "guide.md").write_text("# Guide\n\nA page of the host.\n", "utf-8")
    (root / "mkdocs.yml").write_text(config, "utf-8")
    shutil.copytree(PHASES, root / "phases")
    pilot = root / "phases" / "pilot.yml"
    pilot.write_text(re.sub(r"^title: .*$", f"title: {json.dumps(TITLE)}", pilot.read_text("utf-8"), count=1,
                            flags=re.M), "utf-8")
    data = root / ("docs" if data_in_docs else "data")
    shutil.copytree(ROOT / "playbook" / "progress", data / "progress")
    shutil.copytree(ROOT / "playbook" / "plans", data / "plans")  # the progress names the plan's entry criteria
    organization = (ROOT / "playbook" / "organization.yml").read_text("utf-8")
    (data / "organization.yml").write_text(
        re.sub(r"^name: .*$", f"name: {json.dumps(ORG)}", organization, count=1, flags=re.M) + f"# {CANARY}\n", "utf-8")
    for progress in (data / "progress").glob("*.yml"):
        progress.write_text(progress.read_text("utf-8") + f"# {CANARY}\n", "utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Host site and playbook", env={"GIT_AUTHOR_DATE": "2026-09-01T12:00:00+00:00",
                                                               "GIT_COMMITTER_DATE": "2026-09-01T12:00:00+00:00"})
    pilot_progress = data / "progress" / "pilot.yml"
    pilot_progress.write_text(re.sub(rf"^({TICKED}): todo$", r"\1: done", pilot_progress.read_text("utf-8"),
                                     flags=re.M), "utf-8")
    git(root, "commit", "-qam", "Tick the kick-off", env={"GIT_AUTHOR_NAME": "Dana Ticker",
                                                          "GIT_AUTHOR_DATE": "2026-11-20T10:00:00+00:00"})
    return data


def build(site: Site) -> subprocess.CompletedProcess[str]:
    if site.generator == "zensical":
        command = [str(ZENSICAL), "build", "--clean"]
    else:
        command = [str(BIN / "mkdocs"), "build", "--strict"]
    return subprocess.run(command, cwd=site.root, capture_output=True, text=True, env=os.environ, check=False)


def need_zensical(generator: str) -> None:
    if generator == "zensical" and not ZENSICAL.exists():
        pytest.skip("zensical is not installed (it comes with the test extra: pip install -e '.[test]')")


CASES = [("zensical", False), ("zensical", True), ("mkdocs", False), ("mkdocs", True)]


@pytest.fixture(scope="module", params=CASES, ids=[f"{g}-data-{'in-docs' if d else 'outside'}" for g, d in CASES])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    generator, data_in_docs = request.param
    need_zensical(generator)
    root = tmp_path_factory.mktemp(f"{generator}-site")
    # with the data in docs, also the extensions that give Markdown more to interpret (the example's)
    data = make_host(root, data_in_docs=data_in_docs,
                     config=HOST_CONFIG + (EXTENSIONS + EXCLUDE if data_in_docs else ""))
    # the site lists no playbook plugin (a plain MkDocs build must not run it), so flags name the data
    rendered = subprocess.run([str(BIN / "playbook"), "render", "docs/playbook", "--phases", "phases", "--playbook",
                               data.relative_to(root).as_posix()], cwd=root, capture_output=True, text=True,
                              check=False)
    assert rendered.returncode == 0, rendered.stderr
    built = Site(root, generator, data_in_docs)
    done = build(built)
    assert done.returncode == 0, done.stdout + done.stderr
    yield built


def test_the_dashboard_and_every_phase_with_its_checklist_are_built(site: Site) -> None:
    dashboard = site.soup("playbook/index.html")
    assert dashboard.select_one("article h1").get_text().rstrip("¶") == f"{ORG} rollout playbook"
    state = json.loads((site.out / "playbook" / "progress.json").read_text("utf-8"))
    assert [p["id"] for p in state["phases"]] == PHASE_IDS
    for phase in state["phases"]:
        page = site.soup(f"playbook/{phase['id']}/index.html")
        ticks = {li["id"]: li["data-status"] for li in page.select("ul.pb-checklist li.task-list-item")}
        assert ticks == {item["id"]: item["status"] for item in phase["items"]}, phase["id"]
    assert site.soup("index.html").select_one("article h1").get_text().rstrip("¶") == "Host home"
    assert (site.out / "guide" / "index.html").exists()


def test_git_history_is_shown(site: Site) -> None:
    page = site.soup("playbook/pilot/index.html")
    assert "Dana Ticker" in [author.get_text() for author in page.select(f"li#{TICKED} .pb-author")]
    assert page.select_one("figure.pb-burn-up svg") is not None
    recent = site.soup("playbook/index.html").select("ul.pb-recent li")
    assert recent[0]["data-item"] == TICKED and "Dana Ticker" in recent[0].get_text()


def test_links_between_generated_pages_resolve(site: Site) -> None:
    checked = 0
    ids: dict[Path, set[str]] = {}
    linked: set[str] = set()
    for name in ["index", *PHASE_IDS]:
        path = "playbook/" + ("" if name == "index" else f"{name}/") + "index.html"
        page = site.soup(path)
        for link in page.select("article a[href]"):
            parts = urlsplit(urljoin(f"https://host.test/{path}", link["href"]))
            if parts.netloc != "host.test" or parts.scheme != "https":
                continue
            target = site.out / parts.path.lstrip("/")
            target = target / "index.html" if parts.path.endswith("/") else target
            assert target.is_file(), (path, link["href"])
            if parts.fragment:
                if target not in ids:
                    ids[target] = set(re.findall(r'\sid="([^"]+)"', target.read_text("utf-8")))
                assert parts.fragment in ids[target], (path, link["href"])
            checked += 1
            if name == "index" and target != site.out / path:
                linked.add(target.relative_to(site.out).as_posix())
    # the dashboard's Markdown links (phase headings, plan pages) and HTML links (its tables) reach every phase
    assert linked == {f"playbook/{phase}/index.html" for phase in PHASE_IDS} | {"playbook/pilot/plan/index.html"}
    assert checked > 25


def test_the_stylesheet_is_linked_and_present(site: Site) -> None:
    page = site.soup("playbook/pilot/index.html")
    links = [link["href"] for link in page.select("link[rel=stylesheet]") if "playbook.css" in link["href"]]
    assert links == ["../assets/playbook.css"]
    assert (site.out / "playbook" / "assets" / "playbook.css").read_text("utf-8").startswith(f"/* {MARKER} */")


def test_titles_display_as_written_and_nothing_would_run(site: Site) -> None:
    page = site.soup("playbook/pilot/index.html")
    assert page.title.get_text() == f"{' '.join(TITLE.split())} - Host docs"
    assert TITLE in page.select_one("article h1").get_text()
    found: list[str] = []
    for path in sorted(site.out.rglob("*.html")):
        found += active_content(BeautifulSoup(path.read_text("utf-8"), "html.parser"), str(path))
    assert found == []
    assert "<" not in (site.out / "playbook" / "progress.json").read_text("utf-8")


def test_no_raw_data_is_published(site: Site) -> None:
    files = [p for p in site.out.rglob("*") if p.is_file()]
    assert [p for p in files if p.suffix in (".yml", ".yaml") or p.name == MANIFEST] == []
    organization = (site.root / ("docs" if site.data_in_docs else "data") / "organization.yml").read_text("utf-8")
    emails = set(re.findall(r"email: (\S+)", organization))
    assert len(emails) == 6
    for path in files:
        text = path.read_bytes().decode("utf-8", "replace")
        assert CANARY not in text, path
        # the contacts table of the dashboard shows them, as the plugin's does; the search index quotes it
        if path.relative_to(site.out).as_posix() not in ("playbook/index.html", "search.json",
                                                         "search/search_index.json"):
            assert not any(email in text for email in emails), path


def test_zensical_ignores_the_plugin_and_publishes_the_data(tmp_path: Path) -> None:
    """What the README says happens without `playbook render`: no playbook page, the raw data in the site."""
    need_zensical("zensical")
    config = HOST_CONFIG.replace("extra_css:\n  - playbook/assets/playbook.css\n", "")
    make_host(tmp_path, data_in_docs=True, config=config + EXTENSIONS + "plugins:\n  - search\n  - playbook\n")
    done = build(Site(tmp_path, "zensical", True))
    assert done.returncode == 0, done.stderr
    site = tmp_path / "site"
    assert not (site / "playbook").exists() and not (site / "pilot").exists()
    assert CANARY in (site / "organization.yml").read_text("utf-8")
    assert (site / "progress" / "pilot.yml").exists()


def test_the_readme_documents_every_option() -> None:
    """Each option of `playbook render` appears in its README section, so a new flag cannot go undocumented."""
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("### `playbook render DIR`", 1)[1].split("\n### ", 1)[0]
    subcommands = next(a for a in build_parser()._actions if a.dest == "command")
    render = subcommands.choices["render"]
    options = [o for action in render._actions for o in action.option_strings if o.startswith("--") and o != "--help"]
    assert len(options) >= 14
    assert [o for o in options if f"`{o}" not in section] == []
