"""Where the playbook's pages go in a hand-written nav (plugin/navigation.py), without a build."""

from __future__ import annotations

import copy

import yaml

from mkdocs_playbook.output import gate
from mkdocs_playbook.plugin import navigation

PAGES = ["rollout/index.md", "rollout/proof-of-concept.md", "rollout/pilot.md"]
TITLED = [("Dashboard", PAGES[0]), ("Proof of concept", PAGES[1]), ("Pilot", PAGES[2])]


def test_listed_walks_sections_at_any_depth_and_normalizes_paths() -> None:
    nav = ["index.md", {"Guides": ["./guides/a.md", {"Deep": [{"B": "guides/b.md"}]}]}, {"Ext": "https://x.test/"}]
    assert navigation.listed(nav) == {"index.md", "guides/a.md", "guides/b.md", "https:/x.test"}


def test_place_fills_the_sections_own_list_first_and_keeps_what_the_site_listed() -> None:
    nav = [{"Home": "index.md"}, {"Rollout playbook": ["rollout/notes.md"]}, {"Guides": ["guides/a.md"]}]
    before = copy.deepcopy(nav)
    placed = navigation.place(nav, "Rollout playbook", PAGES)
    assert placed == [{"Home": "index.md"}, {"Rollout playbook": [*PAGES, "rollout/notes.md"]}, {"Guides": ["guides/a.md"]}]
    assert nav == before, "the site's nav object is not changed in place"


def test_place_finds_a_nested_section() -> None:
    nav = [{"Home": "index.md"}, {"Teams": [{"IT": ["it.md", {"Rollout playbook": []}]}]}]
    placed = navigation.place(nav, "Rollout playbook", PAGES)
    assert placed[1] == {"Teams": [{"IT": ["it.md", {"Rollout playbook": PAGES}]}]}
    assert len(placed) == 2


def test_place_appends_a_section_when_the_nav_has_none_of_that_title() -> None:
    nav = [{"Home": "index.md"}, {"Rollout playbook": "elsewhere.md"}]  # a page, not a section: not the place
    assert navigation.place(nav, "Rollout playbook", PAGES) == [*nav, {"Rollout playbook": PAGES}]


def test_place_adds_only_the_pages_the_nav_does_not_list() -> None:
    nav = [{"Our pilot": "rollout/pilot.md"}, {"Rollout playbook": []}]
    assert navigation.place(nav, "Rollout playbook", PAGES)[1] == {"Rollout playbook": PAGES[:2]}
    everything = [*PAGES]
    assert navigation.place(everything, "Rollout playbook", PAGES) == PAGES


def test_missing_lines_are_yaml_for_the_pages_left_out_in_phase_order() -> None:
    lines = navigation.missing_lines(["index.md", {"Our pilot": "./rollout/pilot.md"}], TITLED)
    assert lines == (
        "  - Rollout playbook:\n"
        "      - Dashboard: rollout/index.md\n"
        "      - Proof of concept: rollout/proof-of-concept.md"
    )
    pasted = yaml.safe_load("nav:\n  - index.md\n" + lines + "\n")
    assert pasted["nav"][1] == {"Rollout playbook": [{"Dashboard": PAGES[0]}, {"Proof of concept": PAGES[1]}]}


def test_missing_lines_is_none_when_the_nav_lists_every_page() -> None:
    assert navigation.missing_lines([{"A": PAGES[2]}, {"B": [PAGES[1], {"C": PAGES[0]}]}], TITLED) is None


def test_titles_from_data_are_quoted_yaml_and_escaped_like_every_page_title() -> None:
    hostile = [
        ("Yes", "a.md"),
        ("Pilot: phase 2 # draft", "b.md"),
        ('<b>"x"</b>\\', "c.md"),
        ("2027", "d.md"),
        ("Bell\x07 and tab\t", "e.md"),
    ]
    lines = navigation.missing_lines([], hostile, section="Playbook: ours")
    assert lines is not None
    loaded = yaml.safe_load("nav:\n" + lines + "\n")["nav"][0]
    assert list(loaded) == ["Playbook: ours"]
    titles = [next(iter(entry)) for entry in loaded["Playbook: ours"]]
    assert titles == [str(gate.page_title(title)) for title, _ in hostile]
    assert titles[0] == "Yes" and titles[3] == "2027", "YAML's booleans and numbers stay text"
    assert "<" not in titles[2] and "&lt;b&gt;" in titles[2]
    assert "\x07" not in lines, "a control character never reaches the terminal raw"


def test_generated_nav_puts_the_playbook_first_and_groups_the_sites_pages_by_folder() -> None:
    nav = navigation.generated("index.md", ["pilot.md"], ["guides/macros.md", "about.md"])
    assert nav == ["index.md", "pilot.md", "about.md", {"Guides": ["guides/macros.md"]}]
    nested = navigation.generated("rollout/index.md", ["rollout/pilot.md"], ["index.md", "team/on-call.md"])
    assert nested == ["index.md", "rollout/index.md", "rollout/pilot.md", {"Team": ["team/on-call.md"]}]
