"""Phase handouts (output/handout.py, plugin/handouts.py): a page per phase designed for paper.

The example site is built once; its handout pages are read back with BeautifulSoup and held
against the data they come from (loaded here, in-process): every discovery question, one mark
per item in the right glyph (plus one of each in the legend), owners by name, the as-of date and
the commit. The blank form carries none of the team's state. `handout_document` (the PDF's
input) is checked for each paper size without WeasyPrint.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from conftest import PHASES, ROOT, Project, git
from mkdocs_playbook import model as m
from mkdocs_playbook.output import handout
from mkdocs_playbook.output import verdictview as vv
from mkdocs_playbook.output.pages import Renderer
from mkdocs_playbook.source.loading import load_playbook
from mkdocs_playbook.source.sources import WorkingTree
from mkdocs_playbook.status.progress import PhaseProgress, playbook_progress

NOW = dt.datetime(2026, 11, 21, 23, 59, 59, tzinfo=dt.UTC)
GLYPHS = {m.Status.DONE: "\u2611", m.Status.IN_PROGRESS: "\u25e7", m.Status.SKIPPED: "\u2612", m.Status.TODO: "\u2610"}


def example_playbook(root: Path = ROOT, phases: Path = PHASES) -> m.Playbook:
    result = load_playbook(phases, root / "playbook", WorkingTree(), now=NOW)
    assert result.playbook is not None and result.ok, result.diagnostics
    return result.playbook


def progress_of(playbook: m.Playbook) -> dict[str, PhaseProgress]:
    return {p.phase.id: p for p in playbook_progress(playbook)}


def article(project: Project, path: str) -> Tag:
    page = BeautifulSoup(project.page(path), "html.parser")
    found = page.select("article.pb-handout")
    assert len(found) == 1, path
    return found[0]


def handout_path(phase_id: str, *, blank: bool = False) -> str:
    return f"{phase_id}/handout{'-blank' if blank else ''}/index.html"


@pytest.fixture(scope="module")
def data(built_example: Project) -> dict[str, PhaseProgress]:
    return progress_of(example_playbook(built_example.root, built_example.root / "phases"))


PHASE_IDS = ["proof-of-concept", "pilot", "enterprise-rollout"]


# --- the handout page ------------------------------------------------------------------


@pytest.mark.parametrize("phase_id", PHASE_IDS)
def test_header_names_organization_product_phase_date_and_commit(built_example: Project, phase_id: str) -> None:
    a = article(built_example, handout_path(phase_id))
    playbook = example_playbook()
    assert a.select_one(".pb-h-org-name").get_text() == playbook.organization.name
    assert a.select_one(".pb-h-product").get_text() == playbook.organization.product
    assert a.select_one(".pb-h-phase").get_text() == playbook.phase(phase_id).title
    as_of = a.select_one(".pb-h-as-of")
    revision = git(built_example.root, "rev-parse", "--short", "HEAD").strip()
    # the example is committed on 1 Sep 2026 (conftest) and built clean: the state is that commit's
    assert as_of["data-date"] == "2026-09-01" and as_of["data-revision"] == revision
    assert as_of.get_text() == f"State as of 1 Sep 2026, revision {revision}."


@pytest.mark.parametrize("phase_id", PHASE_IDS)
def test_every_discovery_question_with_the_answer_or_ruled_space(
    built_example: Project, data: dict[str, PhaseProgress], phase_id: str
) -> None:
    p = data[phase_id]
    a = article(built_example, handout_path(phase_id))
    shown = a.select("li.pb-h-question")
    assert [li["data-question"] for li in shown] == [q.id for q in p.phase.discovery_questions]
    assert [li.select_one(".pb-h-question-text").get_text() for li in shown] == [
        " ".join(q.text.split()) for q in p.phase.discovery_questions
    ]
    for li in shown:
        state = p.answers.get(li["data-question"])
        answer = li.select_one(".pb-h-answer")
        if state and state.answer:
            assert answer is not None and answer.get_text().startswith(state.answer)
            assert li.select_one(".pb-ruled") is None
        else:
            assert answer is None and len(li.select(".pb-ruled .pb-rule")) == 3


def test_the_example_has_answered_and_unanswered_questions(data: dict[str, PhaseProgress]) -> None:
    """The question test above covers both branches only while the example has both."""
    answered = [q.id for q in data["pilot"].phase.discovery_questions if data["pilot"].answers.get(q.id)]
    assert 0 < len(answered) < len(data["pilot"].phase.discovery_questions)


@pytest.mark.parametrize("phase_id", PHASE_IDS)
def test_one_mark_per_item_by_status_and_one_of_each_in_the_legend(
    built_example: Project, data: dict[str, PhaseProgress], phase_id: str
) -> None:
    p = data[phase_id]
    a = article(built_example, handout_path(phase_id))
    text = a.get_text()
    for status, glyph in GLYPHS.items():
        assert text.count(glyph) == p.count(status) + 1, status
        assert len(a.select(f".pb-mark.pb-mark-{status.value}")) == p.count(status) + 1, status
    legend = a.select(".pb-h-legend .pb-mark")
    assert [mark.get_text() for mark in legend] == list(GLYPHS.values())
    assert [e.get_text(" ", strip=True) for e in a.select(".pb-h-legend-entry")] == [
        "\u2611 done", "\u25e7 in progress", "\u2612 skipped", "\u2610 open"
    ]
    items = a.select("li.pb-h-item")
    assert [li["data-item"] for li in items] == [v.item.id for v in _page_order(p, items)]
    by_item = {li["data-item"]: li for li in items}
    for view in p.items:
        li = by_item[view.item.id]
        assert li.select_one(".pb-mark").get_text() == GLYPHS[view.status], view.item.id


def _page_order(p: PhaseProgress, items: list[Tag]) -> list:
    """Every item of the phase exactly once (the handout groups them by section, as the phase page does)."""
    ids = [li["data-item"] for li in items]
    assert sorted(ids) == sorted(v.item.id for v in p.items)
    return [p.view(i) for i in ids]


def test_the_example_has_every_status() -> None:
    """The mark test covers each glyph only while the example pilot has items in each status."""
    p = progress_of(example_playbook())["pilot"]
    assert all(p.count(status) > 0 for status in m.Status)


@pytest.mark.parametrize(
    ("item_id", "owner", "due"),
    [
        ("hold-project-meetings", "Thomas Hardy", None),  # thomas-hardy: the contact's name
        ("customize-feedback-surveys", "Christina Berglund", "27 Nov 2026"),  # business-lead: the role's contact
        ("hold-kick-off", "comms-team", "5 Dec 2026"),  # no such contact: as written
    ],
)
def test_owner_is_the_contacts_name_with_the_due_date(built_example: Project, item_id: str, owner: str,
                                                      due: str | None) -> None:
    li = article(built_example, handout_path("pilot")).select_one(f'li[data-item="{item_id}"]')
    assert li.select_one(".pb-h-owner strong").get_text() == owner
    due_text = li.select_one(".pb-h-due")
    if due is None:
        assert due_text.select_one(".pb-line") is not None  # a line to write the date on
    else:
        assert due_text.select_one("strong").get_text() == due


def test_done_by_and_skip_reason_show(built_example: Project) -> None:
    a = article(built_example, handout_path("pilot"))
    assert a.select_one('li[data-item="assemble-rollout-planning-team"] .pb-h-by').get_text() == "done by Thomas Hardy"
    skipped = a.select_one('li[data-status="skipped"] .pb-h-reason')
    assert skipped is not None and skipped.get_text().startswith("not applicable: ")


def test_pilot_has_plan_verdict_and_stage_exit_criteria(built_example: Project) -> None:
    a = article(built_example, handout_path("pilot"))
    plan = example_playbook().plans["pilot"]
    ramp = [[td.get_text() for td in tr.select("td")] for tr in a.select('table[data-pb="ramp"] tbody tr')]
    assert ramp == [[f"Week {w.week}", _day(w.start), _day(w.end), f"{w.percent:g}%"] for w in plan.ramp_weeks]
    assert a.select_one('[data-pb="cohort"]').get_text().startswith(f"{plan.cohort.size} people")
    assert [li.get_text() for li in a.select('[data-pb="scope-in"] li')] == list(plan.scope_in)
    # the verdict is the site's: the phase page shows the same one
    phase_page = BeautifulSoup(built_example.page("pilot/index.html"), "html.parser")
    site_verdict = phase_page.select_one(".pb-gate-block")["data-verdict"]
    verdict = a.select_one(".pb-h-verdict")
    assert verdict["data-verdict"] == site_verdict
    site_reasons = [li.get_text() for li in phase_page.select(".pb-gate-block .pb-reason")]
    assert [li.get_text() for li in verdict.select(".pb-h-reasons li")] == site_reasons and site_reasons
    stages = a.select(".pb-h-stage")
    assert [s["data-stage"] for s in stages] == [w.id for w in plan.stages]
    exit_criteria = {s.id: [i.id for i in s.exit_criteria] for s in example_playbook().phase("pilot").block("stages")}
    assert any(exit_criteria.values())
    for stage in stages:
        gated = [li["data-item"] for li in stage.select('li.pb-h-item[data-gate="exit-criteria"]')]
        assert gated == exit_criteria[stage["data-stage"]]


def _day(value: dt.date) -> str:
    return f"{value.day} {value:%b %Y}"


def test_focus_areas_in_brief_and_challenges_with_mitigations(built_example: Project) -> None:
    a = article(built_example, handout_path("pilot"))
    pilot = example_playbook().phase("pilot")
    areas = a.select(".pb-h-focus-area")
    assert [x.select_one("dt").get_text() for x in areas] == [f.title for f in pilot.block("focus_areas")]
    planning = areas[0].select_one("dd").get_text()
    assert planning.endswith(".") and len(planning) < len(" ".join(pilot.block("focus_areas")[0].text.split()))
    rows = a.select(".pb-h-pairs tbody tr")
    assert [r["data-challenge"] for r in rows] == [c.id for c in pilot.block("challenges")]
    assert all(len(r.select("td")) == 2 and r.select("td")[1].get_text() for r in rows)


# --- the blank form ------------------------------------------------------------------


@pytest.mark.parametrize("phase_id", PHASE_IDS)
def test_blank_form_has_no_state(built_example: Project, data: dict[str, PhaseProgress], phase_id: str) -> None:
    p = data[phase_id]
    a = article(built_example, handout_path(phase_id, blank=True))
    assert a["data-blank"] == "true"
    text = a.get_text()
    # item marks are all open; the legend still shows how to mark each state
    assert text.count(GLYPHS[m.Status.TODO]) == len(p.items) + 1
    for status in (m.Status.DONE, m.Status.IN_PROGRESS, m.Status.SKIPPED):
        assert text.count(GLYPHS[status]) == 1
    assert {li["data-status"] for li in a.select("li.pb-h-item")} == {"todo"}
    assert a.select(".pb-h-answer") == [] and a.select(".pb-h-verdict-word") == []
    assert a.select('[data-pb="criteria"]') == [] and a.select('[data-pb="ramp"]') == []
    assert a.select(".pb-h-owner strong, .pb-h-due strong, .pb-h-by, .pb-h-note, .pb-h-reason") == []
    questions = a.select("li.pb-h-question")
    assert len(questions) == len(p.phase.discovery_questions)
    assert all(len(q.select(".pb-rule")) == 3 for q in questions)
    assert all(len(li.select(".pb-h-fill .pb-line")) == 2 for li in a.select("li.pb-h-item"))
    for state in [*p.answers.values(), *(v.state for v in p.items)]:
        for value in (state.answer, state.note, state.owner, state.reason):
            if value:
                assert value not in text, value


@pytest.mark.parametrize("phase_id", PHASE_IDS)
def test_every_blank_form_has_a_decision_box_to_fill(built_example: Project, phase_id: str) -> None:
    """Every phase can be decided (`playbook decide`), with a plan or not: the proof of concept's
    outcome is its decision, so its workshop form needs the box as much as the pilot's."""
    a = article(built_example, handout_path(phase_id, blank=True))
    box = a.select_one(".pb-h-verdict .pb-h-decide")
    assert box.get_text(" ", strip=True).startswith("Decision: scale iterate roll back")
    assert len(box.select(".pb-box")) == 3  # drawn boxes, not glyphs: they do not count as marks


def test_blank_pilot_has_its_plan_to_fill(built_example: Project) -> None:
    a = article(built_example, handout_path("pilot", blank=True))
    assert a.select_one(".pb-h-plan .pb-h-facts.pb-h-fill") is not None


# --- the site around it --------------------------------------------------------------


@pytest.mark.parametrize("phase_id", PHASE_IDS)
def test_phase_page_links_both_handouts(built_example: Project, phase_id: str) -> None:
    page = BeautifulSoup(built_example.page(f"{phase_id}/index.html"), "html.parser")
    line = [p for p in page.select("article p") if p.get_text().startswith("Print: ")]
    assert len(line) == 1
    links = line[0].select("a")
    assert [(a.get_text(), a["href"]) for a in links] == [("Handout", "handout/"), ("Blank handout", "handout-blank/")]
    for a, blank in zip(links, (False, True), strict=True):
        assert (built_example.root / "site" / phase_id / a["href"] / "index.html").is_file()
        title = BeautifulSoup(built_example.page(handout_path(phase_id, blank=blank)), "html.parser").title
        assert title is not None and title.get_text().startswith(f"{example_playbook().phase(phase_id).title} "
                                                                 f"{'blank handout' if blank else 'handout'}")


def test_handouts_are_not_in_the_nav_and_carry_their_stylesheet(built_example: Project) -> None:
    page = BeautifulSoup(built_example.page("pilot/handout/index.html"), "html.parser")
    nav = " ".join(a.get("href", "") for a in page.select("nav.md-nav a"))
    assert "handout" not in nav
    # nor in the search index, where they would repeat their phase pages
    index = json.loads(built_example.page("search/search_index.json"))
    assert [d["location"] for d in index["docs"] if "handout" in d["location"]] == []
    assert any(d["location"].startswith("pilot/") for d in index["docs"])
    assert any(link["href"].endswith("assets/handout.css") for link in page.select('link[rel="stylesheet"]'))
    shipped = (ROOT / "plugins" / "mkdocs_playbook" / "output" / "assets" / "handout.css").read_text("utf-8")
    assert built_example.page("assets/handout.css") == shipped
    style = page.select_one("article.pb-handout > style").get_text()
    assert style == '@page pb-handout { @top-left { content: "Northwind Traders \\0000B7  Pilot handout"; } }'


# --- the document WeasyPrint prints -------------------------------------------------------


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer(example_playbook(), today=NOW.date(), now=NOW)


@pytest.mark.parametrize(("paper", "size"), [("a4", "A4"), ("letter", "letter")])
def test_document_carries_the_paper_size(renderer: Renderer, paper: str, size: str) -> None:
    document = handout.handout_document(renderer, "pilot", as_of=m.AsOf(NOW.date(), "abc1234"), paper=paper)
    style = BeautifulSoup(document, "html.parser").head.style.get_text()
    assert re.findall(r"(?<![-\w])size:\s*([^;]+);", style) == [size]
    assert f"@page pb-handout {{ size: {size}; }}" in style
    assert "break-inside: avoid" in style  # the stylesheet itself, inlined
    body = BeautifulSoup(document, "html.parser").body
    assert body["class"] == ["pb-handout-document"] and body.select_one("article.pb-handout") is not None


def test_document_refuses_an_unknown_paper(renderer: Renderer) -> None:
    with pytest.raises(ValueError, match="unknown paper 'a5'; expected one of a4, letter"):
        handout.handout_document(renderer, "pilot", as_of=m.AsOf(NOW.date()), paper="a5")


@pytest.mark.parametrize(
    ("as_of", "line"),
    [
        (m.AsOf(dt.date(2026, 11, 20), "abc1234"), "State as of 20 Nov 2026, revision abc1234."),
        (m.AsOf(dt.date(2026, 11, 21), "abc1234", modified=True),
         "State as of 21 Nov 2026, revision abc1234 with uncommitted changes."),
        (m.AsOf(dt.date(2026, 11, 21)), "State as of 21 Nov 2026, not from a git commit."),
    ],
)
def test_as_of_line(renderer: Renderer, as_of: m.AsOf, line: str) -> None:
    html_text = handout.handout_html(renderer, "pilot", as_of=as_of)
    assert BeautifulSoup(html_text, "html.parser").select_one(".pb-h-as-of").get_text() == line


def test_unknown_phase_is_a_lookup_error(renderer: Renderer) -> None:
    with pytest.raises(LookupError, match="unknown phase"):
        handout.handout_html(renderer, "pilott", as_of=m.AsOf(NOW.date()))


@pytest.mark.parametrize(
    ("who", "name"),
    [
        ("thomas-hardy", "Thomas Hardy"),
        ("Thomas Hardy", "Thomas Hardy"),
        ("THOMAS_HARDY", "Thomas Hardy"),
        ("frederique-citeaux", "Frédérique Citeaux"),  # accents folded, as typed on a plain keyboard
        ("Frédérique Citeaux", "Frédérique Citeaux"),
        ("communications-lead", "Frédérique Citeaux"),
        ("service-desk-manager", "Hanna Moos"),
        ("comms-team", "comms-team"),
        ("", ""),
    ],
)
def test_contact_name(who: str, name: str) -> None:
    assert handout.contact_name(example_playbook().organization, who) == name


@pytest.mark.parametrize(
    ("who", "name"),
    [
        ("technical-lead-interim", "Dr. Ana Trujillo"),  # the role's slug, punctuation at the ends dropped
        ("dr-ana-trujillo", "Dr. Ana Trujillo"),
        ("ana-trujillo", "ana-trujillo"),  # a part of a name is nobody in particular
        ("technical-lead", "technical-lead"),
    ],
)
def test_contact_slugs_drop_punctuation_at_their_ends(who: str, name: str) -> None:
    org = m.Organization(name="Org", product="Product", contacts=(m.Contact("Dr. Ana Trujillo", "(Technical lead, interim)"),))
    assert handout.contact_name(org, who) == name


def test_the_block_templates_are_found_by_name() -> None:
    """A block type prints on the handout by adding blocks/<key>.handout.html.j2: these are the ones that do."""
    folder = ROOT / "plugins" / "mkdocs_playbook" / "blocks"
    found = sorted(p.name.removesuffix(".handout.html.j2") for p in folder.glob("*.handout.html.j2"))
    assert found == ["challenges", "checklist", "discovery_questions", "documentation", "entry_criteria",
                     "focus_areas", "scope", "stages"]
    # every block that brings items or questions prints them, so the marks and questions add up
    ticking = {b.key for phase in example_playbook().phases for b in phase.blocks if b.items or b.questions}
    assert ticking and ticking <= set(found)


def test_counts_of_glyphs_mean_status(renderer: Renderer) -> None:
    """The marks are the contract's glyphs, one per status: a change to either shows here."""
    assert {s: mk.glyph for s, mk in handout.MARKS.items()} == GLYPHS
    assert len(Counter(mk.glyph for mk in handout.MARKS.values())) == 4


# --- the rules of handout_html, in this process (the mutation run sees these; the site tests build in a child)


def soup(html_text: str) -> BeautifulSoup:
    return BeautifulSoup(html_text, "html.parser")


def test_the_filled_pilot_shows_the_verdicts_of_the_phase_and_each_stage(renderer: Renderer) -> None:
    a = soup(handout.handout_html(renderer, "pilot", as_of=m.AsOf(NOW.date(), "abc1234")))
    phase_verdict = renderer.gate_result("pilot")
    assert phase_verdict is not None
    assert a.select_one(".pb-h-verdict")["data-verdict"] == phase_verdict.verdict.value
    plan = renderer.playbook.plans["pilot"]
    rows = {tr["data-stage"]: tr.select("td")[-1].get_text() for tr in a.select('[data-pb="stages"] tbody tr')}
    assert list(rows) == [s.id for s in plan.stages]
    words = set()
    for stage, cell in rows.items():
        result = renderer.gate_result("pilot", stage)
        assert result is not None
        words.add(result.verdict)
        assert cell.endswith(vv.VERDICTS[result.verdict].word), (stage, cell)
    assert len(words) > 1  # the example's stages differ, so a stage showing the phase's verdict fails here
    metrics = [tr["data-metric"] for tr in a.select('[data-pb="criteria"] tbody tr')]
    assert metrics and metrics == [c.metric for c in plan.criteria if c.stage is None]
    assert a.select_one('[data-pb="decision-owner"]').get_text() == "Thomas Hardy"  # thomas-hardy in the plan
    owners = {li["data-item"]: li.select_one(".pb-h-owner") for li in a.select("li.pb-h-item")}
    assert owners["hold-project-meetings"].get_text(" ", strip=True) == "owner Thomas Hardy"


def test_the_blank_form_judges_nothing(renderer: Renderer) -> None:
    a = soup(handout.handout_html(renderer, "pilot", as_of=m.AsOf(NOW.date(), "abc1234"), blank=True))
    assert a.article["data-blank"] == "true"
    assert a.select(".pb-h-verdict-word") == [] and a.select('[data-pb="stages"]') == []
    assert a.select_one(".pb-h-verdict .pb-h-decide") is not None


@pytest.mark.parametrize(("blank", "label"), [(False, "Pilot handout"), (True, "Pilot blank handout")])
def test_the_margin_names_the_organization_and_the_form(renderer: Renderer, blank: bool, label: str) -> None:
    html_text = handout.handout_html(renderer, "pilot", as_of=m.AsOf(NOW.date()), blank=blank)
    assert html_text.startswith("<article") and html_text.endswith("</article>\n")
    style = soup(html_text).select_one("article > style").get_text()
    assert style == str(handout.margin_css(f"Northwind Traders \u00b7 {label}"))
    document = soup(handout.handout_document(renderer, "pilot", as_of=m.AsOf(NOW.date()), blank=blank))
    assert document.title.get_text() == f"Northwind Traders: {label}"
    assert document.select_one("article.pb-handout")["data-blank"] == ("true" if blank else "false")


def test_the_document_is_a4_unless_told() -> None:
    assert inspect.signature(handout.handout_document).parameters["paper"].default == "a4"


def test_the_stylesheet_is_the_shipped_file() -> None:
    shipped = ROOT / "plugins" / "mkdocs_playbook" / "output" / "assets" / "handout.css"
    assert handout.stylesheet_text() == shipped.read_text("utf-8")


@pytest.mark.parametrize(
    ("text", "brief"),
    [
        ("Planning is key. It includes success criteria.", "Planning is key."),
        ("Is it ready?  Then go!", "Is it ready?"),
        ("Use e.g. pilots. Then more.", "Use e.g. pilots."),  # a full stop before a lower-case word ends nothing
        ("One\nsentence  over\tlines", "One sentence over lines"),
        ("No full stop at all", "No full stop at all"),
    ],
)
def test_a_focus_area_in_brief_is_its_first_sentence(text: str, brief: str) -> None:
    assert handout.first_sentence(text) == brief
