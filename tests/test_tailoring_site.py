"""The tailored phase everywhere (issue 13): a real `mkdocs build --strict` (phase page, own phase
page, handout, progress.json), `playbook status`, `playbook gate` and `playbook changes` all see
what a tailoring file adds, hides and rewords; and every subset of the example's phases, chosen
by organization.yml's `phases:`, passes `playbook check` and a strict build with the example's
data folders as they are (a guide page naming a phase not run shows a note, not an error).
"""

from __future__ import annotations

import itertools
import json

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, Project, copy_project, git
from mkdocs_playbook.commands import main

PRODUCT = "Contoso Endpoint Manager"
TAILORING = """\
add:
  checklist:
    - id: brief-works-council
      text: Brief the works council about {product}.
      focus: planning
      after: identify-pilot-users
  stages.soft-launch.exit_criteria:
    - {id: works-council-agreed, text: The works council agreed.}
  challenges:
    - id: works-council-veto
      challenge: The works council vetoes monitoring.
      mitigation: Involve the works council from the start.
hide: [hold-kick-off, unrepresentative-cohort, soft-launch-exit-ready-to-expand]
reword:
  define-support-process:
    text: Define the support process with our hyper-care rota.
"""
OWN_PHASE = """\
id: works-council
order: 4
title: Works council agreement
summary: Agree monitoring with the works council.
why: Nothing is rolled out without its agreement.
discovery_questions:
  - {id: who-sits-on-it, text: Who sits on the works council?}
focus_areas:
  - {id: agreement, title: Agreement, text: What the works council agrees to.}
checklist:
  - {id: send-the-proposal, text: Send the monitoring proposal., focus: agreement}
challenges:
  - {id: late-agreement, challenge: The agreement comes late., mitigation: Start early.}
"""
HIDDEN_TEXTS = ("Hold a pilot kick-off event", "Ready to expand", "not a true representation")
ADDED_TEXTS = (f"Brief the works council about {PRODUCT}.", "The works council agreed.", "vetoes monitoring")
REWORDED = "Define the support process with our hyper-care rota."


def edit_progress(project: Project, drop: tuple[str, ...], add: str = "") -> None:
    path = project.progress / "pilot.yml"
    lines = path.read_text("utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith(drop)) + add, "utf-8")


@pytest.fixture(scope="module")
def tailored(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, str]:
    """The example, committed; then a second commit tailoring the pilot, adding an own phase and
    ticking the added item; built once with --strict. Returns the project and the first commit."""
    project = copy_project(tmp_path_factory.mktemp("tailored") / "project")
    base = git(project.root, "rev-parse", "HEAD").strip()
    playbook = project.root / "playbook"
    (playbook / "tailoring").mkdir()
    (playbook / "tailoring" / "pilot.yml").write_text(TAILORING, "utf-8")
    (playbook / "phases").mkdir()
    (playbook / "phases" / "works-council.yml").write_text(OWN_PHASE, "utf-8")
    org = playbook / "organization.yml"
    org.write_text(org.read_text("utf-8").replace("enterprise-rollout]", "enterprise-rollout, works-council]"), "utf-8")
    edit_progress(project, ("hold-kick-off:", "soft-launch-exit-ready-to-expand:"), "brief-works-council: done\n")
    project.commit_all("Tailor the pilot for the works council", date="2026-11-20T12:00:00+00:00")
    done = project.build()
    assert done.returncode == 0, done.stderr
    return project, base


def visible_text(project: Project, page: str) -> str:
    return BeautifulSoup(project.page(page), "html.parser").get_text(" ")


@pytest.mark.parametrize("page", ["pilot/index.html", "pilot/handout/index.html", "pilot/handout-blank/index.html"])
def test_pages_and_handouts_show_the_tailored_phase(tailored: tuple[Project, str], page: str) -> None:
    text = " ".join(visible_text(tailored[0], page).split())
    for added in (*ADDED_TEXTS[:2], REWORDED):
        assert added in text, (page, added)
    for hidden in HIDDEN_TEXTS[:2]:
        assert hidden not in text, (page, hidden)
    assert "Define the support process for the pilot including" not in text
    if page == "pilot/index.html":  # challenges are on the phase page only
        assert ADDED_TEXTS[2] in text and HIDDEN_TEXTS[2] not in text


def test_the_added_item_is_placed_and_ticked_on_the_page(tailored: tuple[Project, str]) -> None:
    soup = BeautifulSoup(tailored[0].page("pilot/index.html"), "html.parser")
    texts = [" ".join(li.get_text(" ").split()) for li in soup.select("li")]
    users = next(i for i, t in enumerate(texts) if "Identify users for inclusion" in t)
    assert ADDED_TEXTS[0] in texts[users + 1]


def test_the_own_phase_has_its_page_and_the_data_folders_are_not_published(tailored: tuple[Project, str]) -> None:
    project = tailored[0]
    assert "Send the monitoring proposal." in visible_text(project, "works-council/index.html")
    site = project.root / "site"
    assert not (site / "tailoring").exists() and not (site / "phases").exists()
    progress = json.loads(project.page("progress.json"))
    assert "works-council" in json.dumps(progress)
    dumped = json.dumps(progress)
    assert "brief-works-council" in dumped and "soft-launch-exit-ready-to-expand" not in dumped


def status(project: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    monkeypatch.chdir(project.root)
    code = main(list(args))
    return code, capsys.readouterr().out


def test_status_counts_the_tailored_items(
    tailored: tuple[Project, str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project, _ = tailored
    _, out = status(project, capsys, monkeypatch, "status", "--format", "json")
    shown = json.loads(out)
    counts = {p["id"]: p["counts"] for p in shown["phases"]}
    assert [p["id"] for p in shown["phases"]][-1] == "works-council"
    _, out = status(project, capsys, monkeypatch, "status", "--format", "json", "--playbook", str(ROOT / "playbook"))
    before = {p["id"]: p["counts"] for p in json.loads(out)["phases"]}["pilot"]
    # hidden: one in progress, one to do; added: one done, one to do
    assert counts["pilot"]["total"] == before["total"]
    assert counts["pilot"]["done"] == before["done"] + 1
    assert counts["pilot"]["in-progress"] == before["in-progress"] - 1
    assert counts["works-council"]["total"] == 1


def test_gate_counts_the_added_exit_criterion_not_the_hidden_one(
    tailored: tuple[Project, str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project, _ = tailored
    _, out = status(project, capsys, monkeypatch, "gate", "pilot", "--format", "json")
    open_items = [i["id"] for i in json.loads(out)["open_items"]]
    assert "works-council-agreed" in open_items
    assert "soft-launch-exit-ready-to-expand" not in open_items


def test_changes_between_revisions_sees_the_tailoring_of_each(
    tailored: tuple[Project, str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project, base = tailored
    code, out = status(project, capsys, monkeypatch, "changes", base, "HEAD")
    assert code == 0, out
    assert f"#### Ticked\n\n- Brief the works council about {PRODUCT}\\. `brief-works-council`\n" in out
    assert "Problems" not in out  # the base's entries of items the head hides are not errors
    assert "Hold a pilot kick-off event" not in out  # hidden at HEAD: not 'removed progress'


PHASE_IDS = ("proof-of-concept", "pilot", "enterprise-rollout")
SUBSETS = [list(c) for n in (1, 2) for c in itertools.combinations(PHASE_IDS, n)]


@pytest.fixture(scope="module")
def subsets_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return copy_project(tmp_path_factory.mktemp("subsets") / "project")


@pytest.mark.parametrize("chosen", SUBSETS, ids=["+".join(s) for s in SUBSETS])
def test_any_subset_of_the_phases_checks_and_builds(
    subsets_project: Project, chosen: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue's 'removing a phase from the example organization breaks the build': organization.yml's
    `phases:` picks the phases; the data of the others (progress, plans, measurements) and a guide
    page naming them stay, and nothing fails."""
    org = subsets_project.root / "playbook" / "organization.yml"
    before = org.read_text("utf-8")
    org.write_text(before.replace("phases: [proof-of-concept, pilot, enterprise-rollout]", f"phases: [{', '.join(chosen)}]"), "utf-8")
    try:
        code, out = status(subsets_project, capsys, monkeypatch, "check")
        assert code == 0, out + capsys.readouterr().err
        done = subsets_project.build()
    finally:
        org.write_text(before, "utf-8")
    assert done.returncode == 0, done.stderr
    site = subsets_project.root / "site"
    for phase_id in PHASE_IDS:
        assert (site / phase_id / "index.html").exists() == (phase_id in chosen), phase_id
    guide = BeautifulSoup((site / "guides" / "macros" / "index.html").read_text("utf-8"), "html.parser")
    notes = {p.get_text() for p in guide.select("p.pb-not-run")}
    assert notes <= {f"{p}: not part of this playbook." for p in PHASE_IDS if p not in chosen}
    assert ("pilot: not part of this playbook." in notes) == ("pilot" not in chosen)  # the guide names the pilot
