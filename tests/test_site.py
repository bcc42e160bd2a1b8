"""Whole builds of real sites into temporary directories, read back as HTML."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.config import load_config
from test_seed_coverage import EXPECTED, norm_loose

from conftest import PHASES as PHASES_DIR
from conftest import ROOT, Project, copy_project

PHASES = ["proof-of-concept", "pilot", "enterprise-rollout"]


def soup(project: Project, path: str) -> BeautifulSoup:
    return BeautifulSoup(project.page(path), "html.parser")


def article_text(page: BeautifulSoup) -> str:
    article = page.select_one("article")
    assert article is not None
    return article.get_text(" ")


@pytest.mark.parametrize("phase", PHASES)
def test_checked_boxes_equal_done_items(built_example: Project, phase: str) -> None:
    counts = next(p for p in built_example.check_json()["summary"]["phases"] if p["id"] == phase)["counts"]
    page = soup(built_example, f"{phase}/index.html")
    assert len(page.select("li.pb-item input[type=checkbox][checked]")) == counts["done"]
    assert len(page.select("li.pb-item")) == counts["total"] + counts["skipped"]
    skipped = page.select("li.pb-item.pb-skipped")
    assert len(skipped) == counts["skipped"]
    assert all(not li.select("input[checked]") for li in skipped)


@pytest.mark.parametrize(
    "expected", [e for e in EXPECTED if e.kind == "question"], ids=lambda e: e.id
)
def test_every_seed_question_is_on_its_phase_page(built_example: Project, expected) -> None:  # type: ignore[no-untyped-def]
    text = article_text(soup(built_example, f"{expected.phase}/index.html"))
    wanted = norm_loose(expected.text.replace("{product}", "Contoso Endpoint Manager"))
    assert wanted in norm_loose(text)


def test_dashboard_figures_match_check_json(built_example: Project) -> None:
    page = soup(built_example, "index.html")
    phases = built_example.check_json()["summary"]["phases"]
    blocks = page.select(".pb-progress-block")
    assert len(blocks) == len(phases)
    for block, phase in zip(blocks, phases, strict=True):
        assert block.select_one(".pb-done").get_text() == str(phase["counts"]["done"])
        assert block.select_one(".pb-total").get_text() == str(phase["counts"]["total"])
        assert block.select_one(".pb-percent").get_text() == f"{phase['counts']['percent']}%"
        bar = block.select_one("progress.pb-progress")  # native: its value and max are the counts
        assert (bar["value"], bar["max"]) == (str(phase["counts"]["done"]), str(phase["counts"]["total"]))


def test_dashboard_next_up_and_overdue_are_progress_jsons_lists(built_example: Project) -> None:
    """One rule (status/outlook.py) for the dashboard's tables and progress.json's `next_up` / `overdue`:
    the tables show the first of each list in its order and say how many more there are."""
    page = soup(built_example, "index.html")
    state = json.loads(built_example.page("progress.json"))
    assert state["overdue"], "the example should have overdue items"
    for kind in ("next-up", "overdue"):
        listed = [(r["phase"], r["item"]) for r in state[kind.replace("-", "_")]]
        rows = page.select(f"table[data-pb={kind}] tbody tr")
        assert [(tr["data-phase"], tr["data-item"]) for tr in rows] == listed[: len(rows)]
        more = page.select_one(f"p[data-pb={kind}-more]")
        assert len(rows) + (int(more["data-more"]) if more else 0) == len(listed), kind
        assert [th.get("scope") for th in page.select(f"table[data-pb={kind}] th")] == ["col"] * 3
    items = {(p["id"], i["id"]): i for p in state["phases"] for i in p["items"]}
    assert all(items[r["phase"], r["item"]]["overdue"] for r in state["overdue"])
    assert not any(items[r["phase"], r["item"]]["overdue"] for r in state["next_up"])


def test_progress_json_shape(built_example: Project) -> None:
    state = json.loads(built_example.page("progress.json"))
    assert state["organization"] == {"name": "Northwind Traders", "product": "Contoso Endpoint Manager"}
    assert [p["id"] for p in state["phases"]] == PHASES
    pilot = state["phases"][1]
    assert set(pilot["counts"]) == {"done", "total", "percent", "todo", "in-progress", "skipped"}
    assert pilot["gate"]["verdict"] in {"go", "no-go", "not-yet"}
    item = pilot["items"][0]
    assert {"id", "text", "status", "by", "owner", "due", "note", "evidence", "ticked_by", "ticked_at", "commit", "uncommitted"} <= set(item)


def test_product_token_replaced_everywhere(built_example: Project) -> None:
    for html_file in (built_example.root / "site").rglob("*.html"):
        assert "{product}" not in html_file.read_text("utf-8"), html_file
    assert "Contoso Endpoint Manager" in built_example.page("pilot/index.html")


def test_organization_flows_into_the_theme(built_example: Project) -> None:
    page = soup(built_example, "pilot/index.html")
    assert page.title is not None and "Northwind Traders rollout playbook" in page.title.get_text()
    body = page.select_one("body")
    assert body is not None and body["data-md-color-primary"] == "indigo"
    assert body["data-md-color-accent"] == "amber"
    contacts = soup(built_example, "index.html").select("[data-pb=contacts] tbody tr")
    assert len(contacts) >= 5


def test_data_files_are_not_copied_into_the_site(built_example: Project) -> None:
    assert not list((built_example.root / "site").rglob("*.yml"))


def test_navigation_follows_phase_order(built_example: Project) -> None:
    page = soup(built_example, "index.html")
    titles = [a.get_text(" ", strip=True) for a in page.select("nav.md-nav--primary > ul > li > a")]
    assert titles[:5] == ["Dashboard", "Proof of concept", "Pilot", "Pilot plan", "Enterprise rollout"]


def test_hand_written_nav_wins(project: Project) -> None:
    config = (project.root / "mkdocs.yml").read_text()
    nav = "\nnav:\n  - pilot.md\n  - index.md\n  - enterprise-rollout.md\n  - proof-of-concept.md\n"
    (project.root / "mkdocs.yml").write_text(config + nav)
    done = project.build()
    assert done.returncode == 0, done.stderr
    titles = [a.get_text(" ", strip=True) for a in soup(project, "index.html").select("nav.md-nav--primary > ul > li > a")]
    assert titles == ["Pilot", "Dashboard", "Enterprise rollout", "Proof of concept"]


def test_every_macro_renders_on_the_example_page(built_example: Project) -> None:
    page = soup(built_example, "guides/macros/index.html")
    text = article_text(page)
    assert "Macro Syntax Error" not in text and "Traceback" not in text
    assert page.select(".pb-progress")  # progress_bar
    assert page.select("ul.pb-checklist li.pb-gate")  # checklist(..., 'exit-criteria')
    assert page.select("ol.pb-questions li.pb-question")  # questions
    assert page.select(".pb-focus")  # focus_areas
    assert page.select(".pb-challenge")  # challenges
    verdicts = [(b["data-phase"], b.get("data-stage")) for b in page.select(".pb-gate-block[data-verdict]")]
    assert verdicts == [("pilot", None), ("pilot", "soft-launch")]  # go_no_go, verdict(..., 'soft-launch')
    assert page.select(".pb-gate-block .pb-reasons li")
    assert page.select("[data-pb=contacts]")  # contacts
    assert re.search(r"Pilot: \d+ of \d+ done", text)  # the playbook variable


HOSTILE = [
    "<script>alert('x')</script>",
    "{{ 7*7 }}",
    "{{ cycler.__init__.__globals__.os.popen('touch PWNED').read() }}",
]


def test_hostile_notes_render_literally_and_nothing_runs(project: Project) -> None:
    progress = project.progress / "enterprise-rollout.yml"
    lines = [
        # due long after the example's dates: listed in the dashboard's next up, whatever the day
        f"implement-rollout-plan: {{status: in-progress, owner: '<b>boss</b>', due: 2099-01-01, "
        f"note: {json.dumps(HOSTILE[0])}}}",
        f"define-training-update-process: {{status: done, by: '{{{{ 7*7 }}}}', note: {json.dumps(HOSTILE[1])}}}",
        f"outline-training-methods: {{status: done, note: {json.dumps(HOSTILE[2])}}}",
    ]
    # every item is listed (merge-safe format): replace each entry's line in place
    text = progress.read_text().splitlines()
    for line in lines:
        text = [line if old.startswith(line.split(":")[0] + ":") else old for old in text]
    progress.write_text("\n".join(text) + "\n")
    macros_page = project.root / "playbook" / "guides" / "macros.md"
    macros_page.write_text(macros_page.read_text() + "\n{{ playbook.checklist('enterprise-rollout') }}\n")
    # Jinja-looking text is just text; the HTML in the first line is a data error now
    # (tests/test_output_gate.py), so the check names that line and the build is not strict
    errors = project.check_json()["errors"]
    html_line = progress.read_text().splitlines().index(lines[0]) + 1
    assert {(e["line"], "holds HTML" in e["message"]) for e in errors} == {(html_line, True)}, errors
    project.commit_all("hostile notes")
    done = project.build(strict=False)
    assert done.returncode == 0, done.stderr
    for path in ("enterprise-rollout/index.html", "guides/macros/index.html", "index.html"):
        page = soup(project, path)
        text = article_text(page)
        assert not page.select("article script"), path
        assert not page.select("article b"), path
        # the dashboard shows notes of the items it lists (next up, overdue) only
        for note in HOSTILE[:1] if path == "index.html" else HOSTILE[:2]:
            assert note in text, (path, note)
        assert "<b>boss</b>" in text
    assert HOSTILE[2] in article_text(soup(project, "enterprise-rollout/index.html"))
    assert not (project.root / "PWNED").exists()
    assert not list(project.root.rglob("PWNED"))


def test_broken_progress_file_fails_strict_with_line_and_column(project: Project) -> None:
    progress = project.progress / "pilot.yml"
    lines = progress.read_text().splitlines()
    number = next(n for n, line in enumerate(lines, 1) if line.startswith("identify-pilot-users:"))
    lines[number - 1] = "identify-pilot-users: finished"
    progress.write_text("\n".join(lines) + "\n")
    project.commit_all("break it")
    done = project.build()
    assert done.returncode == 1
    assert re.search(rf"playbook/progress/pilot\.yml:{number}:23: .*'finished'.*expected one of", done.stderr), done.stderr


def test_without_strict_the_site_builds_and_shows_the_problem(project: Project) -> None:
    (project.progress / "pilot.yml").write_text("identify-pilot-user: done\n")
    project.commit_all("typo")
    done = project.build(strict=False)
    assert done.returncode == 0, done.stderr
    assert "did you mean 'identify-pilot-users'" in done.stderr
    problems = soup(project, "index.html").select(".pb-problems li")
    assert any("pilot.yml:1:1" in li.get_text() for li in problems)


def test_jinja_error_in_a_hand_written_page_fails_strict(project: Project) -> None:
    (project.root / "playbook" / "broken.md").write_text("---\nrender_macros: true\n---\n# Broken\n\n{{ playbook.checklist('pilot' }}\n")
    project.commit_all("broken page")
    assert project.build().returncode != 0


def test_unknown_phase_in_a_macro_fails_strict(project: Project) -> None:
    (project.root / "playbook" / "typo.md").write_text("---\nrender_macros: true\n---\n# Typo\n\n{{ playbook.progress_bar('pilott') }}\n")
    project.commit_all("typo page")
    done = project.build()
    assert done.returncode != 0


def test_serve_watches_phases_and_playbook() -> None:
    config = load_config(str(ROOT / "mkdocs.yml"))
    plugin = config.plugins["playbook"]
    plugin.on_config(config)
    watched = {Path(p).resolve() for p in config.watch}
    assert PHASES_DIR.resolve() in watched
    assert (ROOT / "playbook").resolve() in watched


def test_builds_without_the_macros_plugin(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    config = (project.root / "mkdocs.yml").read_text()
    config = re.sub(r"  - macros:\n(      .*\n)+", "", config)
    (project.root / "mkdocs.yml").write_text(config)
    (project.root / "playbook" / "guides" / "macros.md").unlink()
    project.commit_all("no macros")
    done = project.build()
    assert done.returncode == 0, done.stderr
    assert soup(project, "pilot/index.html").select("li.pb-item")


def test_organization_logo_becomes_the_theme_logo(project: Project) -> None:
    (project.root / "playbook" / "assets").mkdir()
    (project.root / "playbook" / "assets" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8"/></svg>'
    )
    organization = project.root / "playbook" / "organization.yml"
    organization.write_text(organization.read_text() + "logo: assets/logo.svg\n")
    project.commit_all("logo")
    assert project.build().returncode == 0
    logo = soup(project, "pilot/index.html").select_one(".md-header__button.md-logo img")
    assert logo is not None and logo["src"].endswith("assets/logo.svg")
