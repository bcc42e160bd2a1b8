"""Charts and bars read with no stylesheet of ours, as Backstage's TechDocs shows a page (issue 15).

The example site is built once, and its dashboard, a phase page and a plan page are stripped the way TechDocs
strips them (tests/techdocs_view.py: Material's main CSS only, no playbook.css). What is left must still draw:
every chart's shapes carry their own fill and stroke (an SVG shape without them is drawn solid black, a line
without a stroke not at all), text and axes take `currentColor`, every colour put in markup reads at 3:1 on a
white page and on Material slate's #1e2129, areas are light tints, and every bar is a native `<progress>` whose
value and max are the counts in the data. The checks are functions over the markup, so the last tests can show
that each one fails when an attribute is removed or a colour is swapped for one that does not read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from bs4 import BeautifulSoup, Tag
from techdocs_view import strip_like_techdocs
from test_contrast import contrast, parse_colour

from conftest import PHASES as PHASES_DIR
from conftest import ROOT, Project
from mkdocs_playbook import model as m
from mkdocs_playbook.output.burnup import burn_up
from mkdocs_playbook.output.pages import Renderer
from mkdocs_playbook.source.loading import load_playbook

BACKGROUNDS = {"white": "#ffffff", "slate": "#1e2129"}
"""Where Backstage may show the page: its light theme, and a dark one like Material's slate."""
DATA_CONTRAST = 3.0
"""WCAG 1.4.11, non-text contrast: what a line or a mark needs against the page."""
AREA_MAX_OPACITY = 0.35
"""A filled shape drawn at or below this opacity is a tint (the trend's warning band), not a mark."""
PAGES = {"dashboard": "index.html", "phase": "pilot/index.html", "plan": "pilot/plan/index.html"}
CHARTS = "svg.pb-chart, svg.pb-trend, svg.pb-key-line"
STROKED = ("line", "polyline", "path")
FILLED = ("rect", "circle", "ellipse", "polygon")
KEEP_TEXT_COLOUR = {"currentColor"}
DASHED = ("pb-chart-total", "pb-chart-end", "pb-chart-ideal", "pb-chart-today", "pb-trend-threshold")
"""Series and references told apart by their dashes, not by hue alone."""


# --- the rules, as functions over the markup ---------------------------------------------------------------


def weak_colour(value: str) -> str | None:
    """Why a colour set in markup does not read on both backgrounds, or None when it does."""
    rgba = parse_colour(value)
    for name, background in BACKGROUNDS.items():
        ratio = contrast(rgba[:3], parse_colour(background)[:3])
        if ratio < DATA_CONTRAST:
            return f"{value} is {ratio:.2f}:1 on {name} ({background}), below {DATA_CONTRAST}:1"
    return None


def colour_problem(shape: Tag, attribute: str) -> str | None:
    value = str(shape.get(attribute, ""))
    if value in ("", "none", "currentColor"):
        return None
    return weak_colour(value)


def paint_problems(svg: Tag) -> list[str]:
    """What in one chart would draw black, not at all, or unreadably without a stylesheet."""
    return [f"{' '.join(shape.get('class', [])) or shape.name}: {problem}"
            for shape in svg.find_all([*STROKED, *FILLED, "text"]) for problem in shape_problems(shape)]


def shape_problems(shape: Tag) -> list[str]:
    problems: list[str] = []
    name, fill, stroke = shape.name, shape.get("fill"), shape.get("stroke")
    if name in STROKED:
        if stroke in (None, "none") or not shape.get("stroke-width"):
            problems.append("a line without stroke and stroke-width")
        if name != "line" and fill != "none":
            problems.append("an open shape without fill='none' fills black")
    elif name in FILLED:
        if fill is None:
            problems.append("no fill, so it draws black")
        elif name == "rect" and float(str(shape.get("fill-opacity", "1"))) > AREA_MAX_OPACITY:
            problems.append("an area drawn solid rather than as a light tint")
    else:  # text: the page's own text colour, and a size of its own
        if fill not in KEEP_TEXT_COLOUR:
            problems.append(f"text in {fill!r}, not currentColor")
        if not shape.get("font-size"):
            problems.append("text without font-size")
    for attribute in ("fill", "stroke"):
        area = name == "rect" and attribute == "fill"
        problem = None if area else colour_problem(shape, attribute)
        if problem:
            problems.append(problem)
    if any(c in DASHED for c in shape.get("class", [])) and not shape.get("stroke-dasharray"):
        problems.append("a dashed series drawn solid, told from the others by hue alone")
    return problems


def counts(project: Project) -> dict[str, dict[str, int]]:
    return {p["id"]: p["counts"] for p in project.check_json()["summary"]["phases"]}


def bar_problems(page: BeautifulSoup) -> list[str]:
    """Every bar is a native <progress>: its size in value and max, not in a width only our CSS draws."""
    problems = [
        f"a bar that is not a <progress>: {tag.name}.{'.'.join(tag.get('class', []))}"
        for tag in page.select(".pb-progress, .pb-progress-bar, .pb-ramp-bar, [role=progressbar]")
        if tag.name != "progress"
    ]
    problems += [f"a bar sized by our stylesheet: {tag}" for tag in page.select("[style*='--pb-share']")]
    for bar in page.select("progress"):
        if not (bar.get("max") and bar.get("value")):
            problems.append(f"a <progress> without value and max: {bar}")
    return problems


@pytest.fixture(scope="module")
def stripped(built_example: Project) -> dict[str, BeautifulSoup]:
    return {name: BeautifulSoup(strip_like_techdocs(built_example.page(path)), "html.parser") for name, path in PAGES.items()}


def charts(page: BeautifulSoup) -> list[Tag]:
    return page.select(CHARTS)


# --- the built pages ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name, kinds", [("dashboard", {"pb-chart"}), ("phase", {"pb-chart"}), ("plan", {"pb-trend"})])
def test_every_chart_draws_without_our_stylesheet(stripped: dict[str, BeautifulSoup], name: str, kinds: set[str]) -> None:
    page = stripped[name]
    assert not page.select("link[href$='playbook.css'], style"), "the page is stripped as TechDocs strips it"
    found = charts(page)
    assert kinds <= {c for svg in found for c in svg.get("class", [])}, f"the {name} page shows its charts"
    problems = [f"{svg.get('class')}: {p}" for svg in found for p in paint_problems(svg)]
    assert problems == []


def test_the_burn_up_keeps_its_classes_and_accessible_parts(stripped: dict[str, BeautifulSoup]) -> None:
    """playbook.css still refines every mark by its class, and the text alternative is as it was."""
    svg = stripped["phase"].select_one("svg.pb-chart")
    assert svg is not None and svg["role"] == "img"
    assert svg["overflow"] == "visible", "a label at the edge (the end date, today) is not clipped"
    title, desc = (svg.select_one(f"#{i}") for i in str(svg["aria-labelledby"]).split())
    assert title is not None and title.name == "title" and desc is not None and desc.name == "desc"
    kinds = {c for shape in svg.find_all(["line", "circle", "text"]) for c in shape.get("class", [])}
    assert {"pb-chart-axis", "pb-chart-total", "pb-chart-ideal", "pb-chart-today", "pb-chart-done", "pb-chart-label"} <= kinds
    figure = svg.find_parent("figure")
    assert figure is not None and figure.select_one(".pb-chart-sentence") is not None
    key = figure.select_one(".pb-chart-key")
    assert key is not None and key["aria-hidden"] == "true"
    assert [k.get_text(" ", strip=True) for k in key.find_all("span", recursive=False)] == ["done", "ideal pace", "today"]
    assert all(span.select_one("svg.pb-key-line line") for span in key.find_all("span", recursive=False))


def test_the_dashboard_bars_are_progress_elements_with_the_phase_counts(
    built_example: Project, stripped: dict[str, BeautifulSoup]
) -> None:
    page = stripped["dashboard"]
    figures = counts(built_example)
    blocks = page.select(".pb-progress-block")
    assert len(blocks) == len(figures)
    for block, (phase, c) in zip(blocks, figures.items(), strict=True):
        bar = block.select_one("progress.pb-progress")
        assert bar is not None, phase
        assert (bar["value"], bar["max"]) == (str(c["done"]), str(c["total"])), phase
        assert str(bar["aria-label"]).endswith(" progress")
    assert bar_problems(page) == []


def test_the_phase_page_bars_are_progress_elements(built_example: Project, stripped: dict[str, BeautifulSoup]) -> None:
    page = stripped["phase"]
    c = counts(built_example)["pilot"]
    bar = page.select_one(".pb-progress-block progress.pb-progress")
    assert bar is not None and (bar["value"], bar["max"]) == (str(c["done"]), str(c["total"]))
    ramps = page.select("table[data-pb=ramps] td progress.pb-ramp-bar")
    assert ramps, "the pilot page shows the ramps block"
    for ramp in ramps:
        shown = re.match(r"\s*([\d.]+)%", ramp.next_sibling or "")
        assert shown is not None and ramp["value"] == shown[1] and ramp["max"] == "100"
    assert bar_problems(page) == []


def test_the_plan_pages_ramp_weeks_are_progress_elements(stripped: dict[str, BeautifulSoup]) -> None:
    page = stripped["plan"]
    rows = page.select("table[data-pb=ramp] tr[data-week]")
    assert rows
    for row in rows:
        bar = row.select_one("progress.pb-ramp-bar")
        assert bar is not None and bar["max"] == "100" and bar["aria-hidden"] == "true"  # the words beside say it
        shown = re.match(r"\s*([\d.]+)%", bar.next_sibling or "")
        assert shown is not None and bar["value"] == shown[1]
    assert [float(r.select_one("progress")["value"]) for r in rows] == sorted(  # type: ignore[index]
        float(r.select_one("progress")["value"]) for r in rows  # type: ignore[index]
    ), "the example's ramp only grows"
    assert bar_problems(page) == []


def test_every_colour_in_the_charts_reads_on_white_and_on_slate(stripped: dict[str, BeautifulSoup]) -> None:
    colours = {
        str(shape[attribute])
        for page in stripped.values()
        for svg in charts(page)
        for shape in svg.find_all(True)
        for attribute in ("fill", "stroke")
        if shape.get(attribute) not in (None, "none", "currentColor") and not (shape.name == "rect" and attribute == "fill")
    }
    assert len(colours) >= 3, f"the data colours are in the markup: {colours}"
    assert [weak_colour(c) for c in sorted(colours) if weak_colour(c)] == []


@pytest.mark.parametrize(
    "today, end", [(dt.date(2026, 11, 21), dt.date(2026, 12, 18)), (dt.date(2026, 12, 30), dt.date(2026, 12, 18))],
    ids=["running", "past its end"],
)
def test_a_burn_up_with_commits_draws_every_mark_without_our_stylesheet(today: dt.date, end: dt.date) -> None:
    """The example's history is one commit, so its charts have no commit markers: this one has every mark."""
    commits = [(dt.date(2026, 10, 20), 3), (dt.date(2026, 11, 2), 11), (dt.date(2026, 11, 16), 20)]
    chart = burn_up(commits, total=54, today=today, start=dt.date(2026, 10, 12), end=end, phase_id="pilot")
    svg = BeautifulSoup(chart.svg, "html.parser").select_one("svg")
    assert svg is not None and len(svg.select("circle.pb-chart-point")) == len(commits)
    assert bool(svg.select("line.pb-chart-end")) is (today > end)
    assert paint_problems(svg) == []


# --- the checks fail when the look is taken out of the markup -------------------------------------------------


def _broken(svg: Tag, selector: str, attribute: str, value: str | None) -> Tag:
    copy = BeautifulSoup(str(svg), "html.parser").select_one("svg")
    assert copy is not None
    target = copy.select_one(selector)
    assert target is not None, selector
    if value is None:
        del target[attribute]
    else:
        target[attribute] = value
    return copy


@pytest.mark.parametrize(
    "page, selector, attribute, value, says",
    [
        ("phase", "line.pb-chart-done", "stroke", None, "without stroke"),
        ("phase", "line.pb-chart-axis", "stroke-width", None, "without stroke"),
        ("phase", "line.pb-chart-ideal", "stroke-dasharray", None, "dashed series"),
        ("phase", "line.pb-chart-today", "stroke", "#3f51b5", "on slate"),  # the old indigo: 2.3:1 on dark
        ("phase", "text.pb-chart-label", "fill", None, "not currentColor"),
        ("phase", "text.pb-chart-label", "font-size", None, "without font-size"),
        ("plan", "polyline.pb-trend-line", "fill", None, "fills black"),
        ("plan", "polyline.pb-trend-line", "stroke", "#ffeb3b", "on white"),
        ("plan", "circle.pb-trend-point", "fill", None, "draws black"),
        ("plan", "rect.pb-trend-band", "fill-opacity", None, "light tint"),
        ("plan", "line.pb-trend-threshold", "stroke", "#c62828", "on slate"),  # the old red: 2.9:1 on dark
        ("plan", "text.pb-trend-label", "fill", "#e53935", "not currentColor"),
    ],
)
def test_the_chart_check_fails_without_the_attributes(
    stripped: dict[str, BeautifulSoup], page: str, selector: str, attribute: str, value: str | None, says: str
) -> None:
    svg = next(s for s in charts(stripped[page]) if s.select_one(selector))
    assert paint_problems(svg) == []
    assert any(says in p for p in paint_problems(_broken(svg, selector, attribute, value)))


@pytest.mark.parametrize(
    "markup, says",
    [
        ('<div class="pb-progress" role="progressbar"><div class="pb-progress-bar" style="width: 40%"></div></div>',
         "not a <progress>"),
        ('<td><span class="pb-ramp-bar" style="--pb-share: 40%"></span>40%</td>', "not a <progress>"),
        ('<progress class="pb-progress">40%</progress>', "without value and max"),
    ],
)
def test_the_bar_check_fails_on_a_bar_only_our_stylesheet_draws(markup: str, says: str) -> None:
    assert any(says in p for p in bar_problems(BeautifulSoup(markup, "html.parser")))


# --- a phase with nothing applicable: complete, as its percentage says -----------------------------------


@pytest.mark.parametrize(
    "kept, value, maximum, percent",
    [
        ("every item", "done", "total", "percent"),  # the example's pilot: part done
        ("only skipped items", "1", "1", "100%"),  # nothing applicable: full, never max="0"
        ("no items", "1", "1", "100%"),
    ],
)
def test_a_bar_is_full_when_nothing_is_applicable(kept: str, value: str, maximum: str, percent: str) -> None:
    loaded = load_playbook(PHASES_DIR, ROOT / "playbook")
    assert loaded.playbook is not None
    shown = Renderer(loaded.playbook, today=dt.date(2026, 11, 21), now=dt.datetime(2026, 11, 21, tzinfo=dt.UTC))
    pilot = shown.phase_progress("pilot")
    items = {"every item": pilot.items, "only skipped items": tuple(v for v in pilot.items if v.status is m.Status.SKIPPED),
             "no items": ()}[kept]
    assert kept != "only skipped items" or items, "the example's pilot has a skipped item"
    p = dataclasses.replace(pilot, items=items)
    bar = BeautifulSoup(shown._fragment("progress_bar", p), "html.parser").select_one("progress.pb-progress")
    assert bar is not None
    expected = {"done": str(p.done), "total": str(p.total), "percent": f"{p.percent}%"}
    assert (bar["value"], bar["max"], bar.get_text()) == tuple(expected.get(v, v) for v in (value, maximum, percent))
