"""Handout PDFs (README "Handout PDFs"): real PDFs from `playbook handout` and the plugin's
`handout_pdf` option, read back with poppler's pdftotext and pdfinfo.

WeasyPrint takes about 0.6 s a page, so each PDF is rendered once for the module: every phase of
the example on A4, on US Letter and blank, by `playbook handout --all`; the tests read those.
"""

from __future__ import annotations

import http.server
import logging
import os
import re
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import BIN, PHASES, ROOT, Project, copy_project, git, write_site_config
from mkdocs_playbook import model as m
from mkdocs_playbook.output.pdf import DEBIAN_PACKAGES, INSTALL
from mkdocs_playbook.source.loading import load_playbook
from mkdocs_playbook.source.sources import WorkingTree
from mkdocs_playbook.status.progress import PhaseProgress, playbook_progress
from pdftext import pdf_info
from pdftext import reading_text as pdf_text

pytestmark = pytest.mark.subprocess

PHASE_IDS = sorted(path.stem for path in PHASES.glob("*.yml"))
GLYPHS = {m.Status.DONE: "\u2611", m.Status.IN_PROGRESS: "\u25e7", m.Status.SKIPPED: "\u2612", m.Status.TODO: "\u2610"}
"""The marks the handout prints (the contract of output/handout.py); the legend shows each once."""
PAGE_BOUNDS = {
    # README "Handout PDFs": the example's handouts, measured, with room for a page more
    "a4": {"proof-of-concept": 3, "pilot": 7, "enterprise-rollout": 4},
    "letter": {"proof-of-concept": 3, "pilot": 7, "enterprise-rollout": 4},
    "blank": {"proof-of-concept": 3, "pilot": 7, "enterprise-rollout": 4},
}
PAGE_SIZES = {"a4": "595.276 x 841.89 pts (A4)", "letter": "612 x 792 pts (letter)"}
"""pdfinfo's words for each paper size."""

# Importing WeasyPrint fails in a child process whose sys.path starts with this sitecustomize:
# as on a machine without the extra, or with it but without Pango.
BLOCKER = """\
import sys

class _NoWeasyPrint:
    def find_spec(self, name, path=None, target=None):
        if name == "weasyprint" or name.startswith("weasyprint."):
            {failure}
        return None

sys.meta_path.insert(0, _NoWeasyPrint())
"""
NOT_INSTALLED = "raise ModuleNotFoundError(f\"No module named '{name}'\", name=name)"
NO_PANGO = (
    "print('WeasyPrint could not import some external libraries.'); "
    "raise OSError(\"cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file\")"
)


def playbook(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "playbook"), "handout", *args], cwd=cwd, capture_output=True, text=True, check=False,
        env=env or os.environ,
    )


def without_weasyprint(folder: Path, failure: str) -> dict[str, str]:
    """The environment of a child process in which `import weasyprint` fails with `failure`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(BLOCKER.format(failure=failure), encoding="utf-8")
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")]))}


@dataclass(frozen=True)
class Example:
    project: Project
    progress: dict[str, PhaseProgress]
    organization: str
    revision: str
    """The short id of the example's one commit: where the handouts' state comes from."""
    runs: dict[str, subprocess.CompletedProcess[str]]
    """--all runs by kind (a4, letter, blank)."""

    def pdf(self, kind: str, phase_id: str) -> Path:
        name = f"{phase_id}-handout-blank.pdf" if kind == "blank" else f"{phase_id}-handout.pdf"
        return self.project.root / "out" / kind / name


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Example:
    project = copy_project(tmp_path_factory.mktemp("handout") / "project")
    loaded = load_playbook(project.root / "phases", project.root / "playbook", WorkingTree(10))
    assert loaded.ok and loaded.playbook is not None, loaded.diagnostics
    progress = {p.phase.id: p for p in playbook_progress(loaded.playbook)}
    assert sorted(progress) == PHASE_IDS
    runs = {
        "a4": playbook(project.root, "--all", "-o", "out/a4"),
        "letter": playbook(project.root, "--all", "--paper", "letter", "-o", "out/letter"),
        "blank": playbook(project.root, "--all", "--blank", "-o", "out/blank"),
    }
    for kind, done in runs.items():
        assert done.returncode == 0, (kind, done.stderr)
    revision = git(project.root, "log", "-1", "--format=%h").strip()
    return Example(project, progress, loaded.playbook.organization.name, revision, runs)


# --- what a PDF says -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["a4", "letter", "blank"])
def test_all_writes_one_pdf_a_phase_and_says_its_pages(example: Example, kind: str) -> None:
    folder = example.project.root / "out" / kind
    assert sorted(p.name for p in folder.iterdir()) == sorted(example.pdf(kind, i).name for i in PHASE_IDS)
    lines = example.runs[kind].stdout.splitlines()  # what was written: output, on stdout
    for phase_id in PHASE_IDS:
        pages = int(pdf_info(example.pdf(kind, phase_id))["Pages"])
        said = [line for line in lines if line.startswith(f"playbook handout: {phase_id}: ")]
        assert len(said) == 1 and f" {pages} page" in said[0], lines
    assert "Traceback" not in example.runs[kind].stderr
    assert len(lines) == len(PHASE_IDS)


@pytest.mark.parametrize("kind", ["a4", "letter", "blank"])
@pytest.mark.parametrize("phase_id", PHASE_IDS)
def test_the_pdf_holds_the_questions_the_organization_and_the_date(example: Example, phase_id: str, kind: str) -> None:
    text = pdf_text(example.pdf(kind, phase_id))
    phase = example.progress[phase_id].phase
    assert phase.discovery_questions, "every example phase asks discovery questions"
    for question in phase.discovery_questions:
        assert " ".join(question.text.split()) in text
    assert example.organization in text
    assert phase.title in text
    if kind == "blank":  # a form for a workshop: the date is left to write in, the content's commit is named
        assert "State as of" not in text
        assert f"revision {example.revision}" in text
    else:  # the example's commit (conftest.copy_project), dated 2026-09-01
        assert f"State as of 1 Sep 2026, revision {example.revision}." in text


@pytest.mark.parametrize("phase_id", PHASE_IDS)
def test_each_mark_is_printed_once_an_item_plus_once_in_the_legend(example: Example, phase_id: str) -> None:
    progress = example.progress[phase_id]
    for kind in ("a4", "letter"):
        text = pdf_text(example.pdf(kind, phase_id))
        counts = {status: text.count(glyph) for status, glyph in GLYPHS.items()}
        assert counts == {status: progress.count(status) + 1 for status in GLYPHS}, kind


@pytest.mark.parametrize("phase_id", PHASE_IDS)
def test_the_blank_handout_has_every_box_open(example: Example, phase_id: str) -> None:
    progress = example.progress[phase_id]
    text = pdf_text(example.pdf("blank", phase_id))
    assert progress.done + progress.count(m.Status.IN_PROGRESS) > 0, "the filled handout of the example differs"
    assert {status: text.count(glyph) for status, glyph in GLYPHS.items()} == {
        m.Status.DONE: 1,
        m.Status.IN_PROGRESS: 1,
        m.Status.SKIPPED: 1,
        m.Status.TODO: len(progress.items) + 1,
    }


@pytest.mark.parametrize("kind", ["a4", "letter", "blank"])
def test_the_page_count_stays_within_the_readme_bound(example: Example, kind: str) -> None:
    pages = {phase_id: int(pdf_info(example.pdf(kind, phase_id))["Pages"]) for phase_id in PHASE_IDS}
    assert all(1 <= pages[i] <= PAGE_BOUNDS[kind][i] for i in PHASE_IDS), (pages, PAGE_BOUNDS[kind])


@pytest.mark.parametrize("kind", ["a4", "letter", "blank"])
def test_every_page_has_the_paper_size_asked_for(example: Example, kind: str) -> None:
    paper = "a4" if kind == "blank" else kind
    for phase_id in PHASE_IDS:
        path = example.pdf(kind, phase_id)
        pages = int(pdf_info(path)["Pages"])
        done = subprocess.run(["pdfinfo", "-f", "1", "-l", str(pages), str(path)], capture_output=True, text=True, check=True)
        sizes = {line.split(":", 1)[1].strip() for line in done.stdout.splitlines() if re.match(r"Page +\d+ size:", line)}
        assert sizes == {PAGE_SIZES[paper]}, (phase_id, kind)


# --- the command's other ways ----------------------------------------------------------------


def test_one_phase_goes_to_its_default_name_or_to_standard_output(example: Example, tmp_path: Path) -> None:
    """The smallest handout: by default PHASE-handout-blank.pdf in the current folder; `-o -` the same PDF on stdout."""
    phase_id = min(PHASE_IDS, key=lambda i: int(pdf_info(example.pdf("blank", i))["Pages"]))
    folder = tmp_path / "here"
    folder.mkdir()
    done = playbook(folder, phase_id, "--blank", "--playbook", str(example.project.root / "playbook"),
                    "--phases", str(example.project.root / "phases"))
    assert done.returncode == 0, done.stderr
    assert [p.name for p in folder.iterdir()] == [f"{phase_id}-handout-blank.pdf"]
    assert pdf_text(folder / f"{phase_id}-handout-blank.pdf") == pdf_text(example.pdf("blank", phase_id))

    piped = subprocess.run(
        [str(BIN / "playbook"), "handout", phase_id, "--blank", "-o", "-"], cwd=example.project.root,
        capture_output=True, check=False,
    )
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout.startswith(b"%PDF-") and piped.stdout.rstrip().endswith(b"%%EOF")
    (tmp_path / "piped.pdf").write_bytes(piped.stdout)
    assert pdf_text(tmp_path / "piped.pdf") == pdf_text(example.pdf("blank", phase_id))
    assert b"standard output" in piped.stderr


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["pilto"], 2, "unknown phase 'pilto' (did you mean 'pilot'?); expected one of: "),
        ([], 2, "name one PHASE, or --all for every phase"),
        (["pilot", "--all"], 2, "name one PHASE, or --all for every phase"),
        (["--all", "-o", "-"], 2, "-o - (standard output) takes one PHASE"),
        (["pilot", "--paper", "a3"], 2, "argument --paper: invalid choice: 'a3'"),
        (["--all", "-o", "organization.yml"], 2, "is a file; with --all it names a folder"),
        (["--all", "-o", "organization.yml/pdfs"], 3, "cannot create organization.yml/pdfs"),
    ],
    ids=["unknown-phase", "no-phase", "phase-and-all", "all-to-stdout", "paper", "all-into-a-file", "unwritable-folder"],
)
def test_mistakes_are_worded_with_no_traceback_and_nothing_written(
    example: Example, args: list[str], code: int, words: str
) -> None:
    folder = example.project.root / "playbook"
    before = sorted(folder.rglob("*"))
    done = playbook(folder, *args)
    assert done.returncode == code, done.stderr
    assert words in done.stderr
    assert "Traceback" not in done.stderr
    assert sorted(folder.rglob("*")) == before


def test_data_with_problems_gets_no_handout(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", with_git=False)
    progress = project.progress / "pilot.yml"
    text = progress.read_text("utf-8")
    assert "\ndocument-goals-and-success-metrics: done\n" in text
    progress.write_text(text.replace("\ndocument-goals-and-success-metrics: done\n", "\ndocument-goals-and-success-metrics: finished\n"), encoding="utf-8")
    done = playbook(project.root, "pilot")
    assert done.returncode == 1, done.stderr
    assert re.search(r"pilot\.yml:\d+:\d+: .*finished", done.stderr), done.stderr
    assert "no handout until they are fixed" in done.stderr
    assert not list(project.root.glob("*.pdf"))


@pytest.mark.parametrize(
    ("failure", "words"),
    [
        (NOT_INSTALLED, f"PDFs need WeasyPrint, which is not installed; install it with: {INSTALL}"),
        (NO_PANGO, "cannot load the system libraries it needs (cannot load library 'libpango-1.0-0'"),
    ],
    ids=["not-installed", "no-pango"],
)
def test_without_weasyprint_the_command_says_what_to_install(
    example: Example, tmp_path: Path, failure: str, words: str
) -> None:
    done = playbook(example.project.root, "pilot", "-o", str(tmp_path / "pilot.pdf"),
                    env=without_weasyprint(tmp_path / "blocker", failure))
    assert done.returncode == 3, done.stderr
    assert done.stderr.startswith("playbook handout: ") and words in done.stderr
    if failure == NO_PANGO:
        assert f"apt-get install {' '.join(DEBIAN_PACKAGES)}" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""  # WeasyPrint's own banner stays out of standard output (a PDF may go there)
    assert not (tmp_path / "pilot.pdf").exists()


def test_the_pdf_loads_nothing_the_data_points_at(tmp_path: Path) -> None:
    """A phase file's Markdown image (http, or a path on this machine) is neither fetched nor read into the PDF."""
    requests: list[str] = []

    class Beacon(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # the name http.server calls
            requests.append(self.path)
            self.send_error(404)

        def log_message(self, format: str, *args: object) -> None:  # http.server's signature
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Beacon)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        project = copy_project(tmp_path / "project", with_git=False)
        phase = project.root / "phases" / "proof-of-concept.yml"
        question = "      Do you have a good technical plan, including key decision makers and Microsoft potential?\n"
        text = phase.read_text("utf-8")
        assert question in text
        images = f"![beacon](http://127.0.0.1:{server.server_port}/beacon.png) ![local](/etc/hostname)"
        phase.write_text(text.replace(question, question.rstrip("\n") + " " + images + "\n"), encoding="utf-8")
        done = playbook(project.root, "proof-of-concept", "-o", str(tmp_path / "poc.pdf"))
    finally:
        server.shutdown()
    assert done.returncode == 0, done.stderr
    assert requests == []
    notes = [line for line in done.stderr.splitlines() if ": WeasyPrint: " in line]
    assert len(notes) == 2 and "beacon.png" in notes[0] and "/etc/hostname" in notes[1], done.stderr
    assert "Do you have a good technical plan" in pdf_text(tmp_path / "poc.pdf")


# --- the plugin's handout_pdf option ---------------------------------------------------------


def _with_pdfs(project: Project) -> None:
    config = project.root / "mkdocs.yml"
    text = config.read_text("utf-8")
    switch = "handout_pdf: !ENV [PLAYBOOK_HANDOUT_PDF, false]"  # the example's: off unless published
    assert switch in text
    config.write_text(text.replace(switch, "handout_pdf: true"), encoding="utf-8")


def _pdf_links(project: Project, phase_id: str) -> list[tuple[str, Path]]:
    """The phase page's links labelled PDF, as the files they point to in the built site."""
    page = project.root / "site" / phase_id / "index.html"
    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    base = f"file://{page.parent}/"
    return [
        (a.get_text(strip=True), Path(urljoin(base, str(a["href"])).removeprefix("file://")))
        for a in soup.select("a[href]")
        if a.get_text(strip=True) == "PDF"
    ]


def test_the_plugin_builds_each_phase_pdf_beside_its_handout_and_links_it(example: Example, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    _with_pdfs(project)
    done = project.build()  # --strict: no warning
    assert done.returncode == 0, done.stderr
    for phase_id in PHASE_IDS:
        pdf = project.root / "site" / phase_id / "handout" / f"{phase_id}-handout.pdf"
        assert _pdf_links(project, phase_id) == [("PDF", pdf)]
        assert pdf_text(pdf) == pdf_text(example.pdf("a4", phase_id))  # the same data, as of the same commit
        assert pdf_info(pdf)["Page size"] == PAGE_SIZES["a4"]


def test_serve_renders_again_only_the_pdfs_whose_handout_changed(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Rebuilds in one process keep the plugin instance, as `mkdocs serve` does (it has on_startup)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    # no git: the "as of" line stays put (in git, any change of the data changes it on every handout)
    project = copy_project(tmp_path / "project", with_git=False)
    _with_pdfs(project)
    config_file = project.root / "mkdocs.yml"
    config_file.write_text(config_file.read_text("utf-8").replace("      handout_pdf: true\n", "      handout_pdf: true\n      handout_paper: letter\n      history: false\n"))

    def rebuild() -> int:
        config = load_config(config_file=str(config_file), site_dir=str(project.root / "site"))
        config.plugins.on_startup(command="serve", dirty=False)
        build(config)
        plugin = config.plugins["playbook"]
        return int(plugin.pdfs.rendered)

    assert rebuild() == len(PHASE_IDS)
    pdfs = {i: project.root / "site" / i / "handout" / f"{i}-handout.pdf" for i in PHASE_IDS}
    assert {pdf_info(path)["Page size"] for path in pdfs.values()} == {PAGE_SIZES["letter"]}
    first = {i: path.read_bytes() for i, path in pdfs.items()}
    assert rebuild() == 0
    assert {i: path.read_bytes() for i, path in pdfs.items()} == first  # kept, and still linked
    assert all(_pdf_links(project, i) == [("PDF", pdfs[i])] for i in PHASE_IDS)

    progress = project.progress / "enterprise-rollout.yml"
    text = progress.read_text("utf-8")
    assert "\nimplement-rollout-plan: todo\n" in text
    progress.write_text(text.replace("\nimplement-rollout-plan: todo\n", "\nimplement-rollout-plan: in-progress\n"))
    assert rebuild() == 1
    assert {i for i in PHASE_IDS if pdfs[i].read_bytes() != first[i]} == {"enterprise-rollout"}
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_without_weasyprint_the_build_warns_once_and_links_no_pdf(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    _with_pdfs(project)
    env = without_weasyprint(tmp_path / "blocker", NOT_INSTALLED)
    done = subprocess.run(
        [str(BIN / "mkdocs"), "build", "-d", str(project.root / "site")], cwd=project.root, capture_output=True,
        text=True, env=env, check=False,
    )
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1 and INSTALL in warnings[0] and "handout_pdf" in warnings[0], done.stderr
    assert not list((project.root / "site").rglob("*.pdf"))
    for phase_id in PHASE_IDS:
        assert _pdf_links(project, phase_id) == []


def test_the_readme_documents_every_option() -> None:
    """`playbook handout`'s options and the plugin's PDF options appear in README "Handout PDFs"."""
    from conftest import ROOT
    from mkdocs_playbook.commands import build_parser
    from mkdocs_playbook.plugin.config import PlaybookConfig

    section = (ROOT / "README.md").read_text("utf-8").split("\n## Handout PDFs\n", 1)[1].split("\n## ", 1)[0]
    subcommands = next(a for a in build_parser()._actions if a.dest == "command")
    handout = subcommands.choices["handout"]
    options = [o for action in handout._actions for o in action.option_strings if o != "-h" and o != "--help"]
    assert {"--all", "-o", "--paper", "--blank"} <= set(options)
    assert [o for o in options if f"`{o}" not in section] == []
    plugin_options = [name for name, _ in PlaybookConfig._schema if name.startswith("handout_") and name != "handout_pages"]
    assert sorted(plugin_options) == ["handout_paper", "handout_pdf"]
    assert [name for name in plugin_options if f"{name}:" not in section and f"`{name}" not in section] == []


def test_the_command_prints_on_the_sites_paper_unless_told(tmp_path: Path) -> None:
    """A site whose PDFs are US Letter (`handout_paper: letter`) gets Letter from the command too."""
    project = copy_project(tmp_path / "project")
    config = write_site_config(project.root)
    config.write_text(config.read_text("utf-8") + "      handout_paper: letter\n", encoding="utf-8")
    site_paper = playbook(project.root, "proof-of-concept", "--blank", "-o", "site.pdf")
    told = playbook(project.root, "proof-of-concept", "--blank", "--paper", "a4", "-o", str(tmp_path / "told.pdf"))
    assert site_paper.returncode == 0 and told.returncode == 0, (site_paper.stderr, told.stderr)
    # the file is named as the person named it: `-> /tmp/x/told.pdf`, not `-> ../../told.pdf`
    assert "letter -> site.pdf\n" in site_paper.stdout and f"a4 -> {tmp_path / 'told.pdf'}\n" in told.stdout
    assert pdf_info(project.root / "site.pdf")["Page size"] == PAGE_SIZES["letter"]
    assert pdf_info(tmp_path / "told.pdf")["Page size"] == PAGE_SIZES["a4"]

    config.write_text(config.read_text("utf-8").replace("letter", "legal"), encoding="utf-8")
    wrong = playbook(project.root, "proof-of-concept", "-o", "wrong.pdf")
    assert wrong.returncode == 2 and "Traceback" not in wrong.stderr
    assert "handout_paper is 'legal' in mkdocs.yml; expected one of: a4, letter" in wrong.stderr
    assert not (project.root / "wrong.pdf").exists()


def test_the_published_example_site_carries_the_pdfs() -> None:
    """Off for a fresh machine's `mkdocs serve` (no pdf extra), on where the workflow publishes the site."""
    assert "handout_pdf: !ENV [PLAYBOOK_HANDOUT_PDF, false]" in (ROOT / "mkdocs.yml").read_text("utf-8")
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "playbook.yml").read_text("utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    assert "pip install -e '.[pdf]'" in runs
    assert any(all(package in run for package in DEBIAN_PACKAGES) for run in runs)
    build = next(step for step in steps if step.get("run", "").startswith("mkdocs build"))
    assert build["env"] == {"PLAYBOOK_HANDOUT_PDF": "true"} and "--strict" in build["run"]
