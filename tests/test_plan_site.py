"""The example's plan on the built site: entry criteria as a checklist, the data folders unpublished."""

from __future__ import annotations

from bs4 import BeautifulSoup

from conftest import Project


def test_entry_criteria_render_as_a_checklist_section_of_the_phase_page(built_example: Project) -> None:
    page = BeautifulSoup(built_example.page("pilot/index.html"), "html.parser")
    heading = page.find(id="entry-criteria")
    assert heading is not None and heading.name == "h2"
    checklist = heading.find_next("ul")
    assert checklist is not None and "pb-checklist" in checklist["class"]
    items = checklist.find_all("li", class_="pb-item")
    assert [(li["data-item"], li["data-status"]) for li in items] == [
        ("entry-environment-ready", "done"),
        ("entry-service-desk-trained", "done"),
        ("entry-rollback-rehearsed", "done"),
    ]
    assert all("pb-gate" in li["class"] for li in items)
    # before the stages, as the block registry orders them
    stages = page.find(id="stages")
    assert stages is not None and heading.sourceline < stages.sourceline


def test_a_phase_without_a_plan_has_no_entry_criteria_section(built_example: Project) -> None:
    page = BeautifulSoup(built_example.page("proof-of-concept/index.html"), "html.parser")
    assert page.find(id="entry-criteria") is None


def test_plans_measurements_and_decisions_are_not_published(built_example: Project) -> None:
    site = built_example.root / "site"
    for folder in ("plans", "measurements", "decisions", "progress"):
        assert not (site / folder).exists(), folder
    assert not list(site.rglob("*.yml"))
