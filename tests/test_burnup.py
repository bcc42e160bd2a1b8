"""The burn-up chart's geometry from its data, its text alternative, and hostile titles kept text.

The chart (output/burnup.py) has no viewBox: x is a percentage of the width (INSET at the start
date, 100 - INSET at the end), y a pixel (ZERO for none done, TOP for every item). These tests
read the SVG back with an HTML parser and check every line against dates worked out here.
"""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup, Tag

from mkdocs_playbook.output.burnup import INSET, TOP, ZERO, BurnUp, burn_up, chart_id, ideal_at

START, END, TODAY = dt.date(2026, 10, 12), dt.date(2026, 12, 18), dt.date(2026, 11, 21)
SERIES = [
    (dt.datetime(2026, 10, 5, 12, tzinfo=dt.UTC), 0),  # the first commit, before the phase starts
    (dt.datetime(2026, 10, 20, 9, tzinfo=dt.UTC), 3),
    (dt.datetime(2026, 11, 2, 16, tzinfo=dt.UTC), 7),
    (dt.datetime(2026, 11, 16, 10, tzinfo=dt.UTC), 12),
]
TOTAL = 54


def x_of(day: dt.date, first: dt.date = START, last: dt.date = END) -> float:
    return round(INSET + (100 - 2 * INSET) * (day - first).days / (last - first).days, 2)


def y_of(done: int, top: int = TOTAL) -> float:
    return round(ZERO - (ZERO - TOP) * done / top, 1)


def svg_of(chart: BurnUp) -> Tag:
    svg = BeautifulSoup(str(chart.svg), "html.parser").svg
    assert svg is not None
    return svg


def lines(svg: Tag, kind: str) -> list[tuple[float, float, float, float]]:
    return [
        (float(str(ln["x1"]).rstrip("%")), float(str(ln["y1"])), float(str(ln["x2"]).rstrip("%")), float(str(ln["y2"])))
        for ln in svg.select(f"line.{kind}")
    ]


@pytest.fixture
def pilot() -> BurnUp:
    """Made anew for each test (it is cheap): a mutation tool then runs every test against a changed chart."""
    return burn_up(SERIES, total=TOTAL, today=TODAY, start=START, end=END, title="Pilot: items done", phase_id="pilot")


def test_the_chart_runs_from_the_phase_start_to_its_end(pilot: BurnUp) -> None:
    svg = svg_of(pilot)
    labels = [(t.get_text(), t["x"], t["text-anchor"]) for t in svg.select("text.pb-chart-label:not(.pb-chart-minor)")]
    assert ("12 Oct 2026", f"{INSET}%", "start") in labels  # not 5 Oct, the first commit
    assert ("18 Dec 2026", f"{100 - INSET}%", "end") in labels
    assert x_of(START) == INSET and x_of(END) == 100 - INSET


def test_the_ideal_pace_runs_from_none_at_the_start_to_all_at_the_end(pilot: BurnUp) -> None:
    assert lines(svg_of(pilot), "pb-chart-ideal") == [(INSET, ZERO, 100 - INSET, y_of(TOTAL))]
    assert y_of(TOTAL) == TOP
    assert [ideal_at(d, 54, START, END) for d in (START, TODAY, END, END + dt.timedelta(days=9))] == [0, 32, 54, 54]


def test_the_today_line_stands_at_todays_date(pilot: BurnUp) -> None:
    svg = svg_of(pilot)
    [(x1, _, x2, y2)] = lines(svg, "pb-chart-today")
    assert x1 == x2 == x_of(TODAY) and y2 == ZERO
    label = svg.select_one("text.pb-chart-today-label")
    assert label is not None and label.get_text() == "today, 21 Nov 2026" and label["x"] == f"{x_of(TODAY)}%"


def test_the_done_line_steps_up_at_each_commit_and_stops_today(pilot: BurnUp) -> None:
    done = lines(svg_of(pilot), "pb-chart-done")
    rises = [(x1, y1, y2) for x1, y1, x2, y2 in done if x1 == x2 and y1 != y2]
    ticks = [(dt.date(2026, 10, 20), 0, 3), (dt.date(2026, 11, 2), 3, 7), (dt.date(2026, 11, 16), 7, 12)]
    assert rises == [(x_of(day), y_of(before), y_of(after)) for day, before, after in ticks]
    flats = [(x1, x2, y1) for x1, y1, x2, y2 in done if y1 == y2]
    assert flats[0] == (INSET, x_of(ticks[0][0]), ZERO)  # from the start, where nothing was done yet
    assert flats[-1] == (x_of(ticks[-1][0]), x_of(TODAY), y_of(12))  # and no further than today
    points = [(c["cx"], c.get_text()) for c in svg_of(pilot).select("circle.pb-chart-point")]
    assert points == [
        (f"{x_of(dt.date(2026, 10, 20))}%", "3 done on 20 Oct 2026; ideal pace 6"),
        (f"{x_of(dt.date(2026, 11, 2))}%", "7 done on 2 Nov 2026; ideal pace 17"),
        (f"{x_of(dt.date(2026, 11, 16))}%", "12 done on 16 Nov 2026; ideal pace 28"),
    ]


def test_the_text_alternative_says_the_numbers(pilot: BurnUp) -> None:
    svg = svg_of(pilot)
    assert svg["role"] == "img" and "viewbox" not in svg.attrs and svg["width"] == "100%"
    title, desc = svg.select_one("title"), svg.select_one("desc")
    assert title is not None and desc is not None
    assert str(svg["aria-labelledby"]).split() == [title["id"], desc["id"]] == ["pb-burn-up-pilot-title", "pb-burn-up-pilot-desc"]
    assert title.get_text() == "Pilot: items done"
    assert desc.get_text() == (
        "12 of 54 done on 21 Nov 2026; ideal pace 32. The chart runs from 12 Oct 2026 to 18 Dec 2026."
    )
    assert pilot.sentence == "12 of 54 done on 21 Nov 2026; ideal pace 32."
    assert [(p.day.isoformat(), p.done, p.ideal) for p in pilot.points] == [
        ("2026-10-12", 0, 0), ("2026-10-20", 3, 6), ("2026-11-02", 7, 17), ("2026-11-16", 12, 28),
    ]


def test_the_in_between_dates_are_the_ones_a_narrow_column_drops(pilot: BurnUp) -> None:
    minor = [t.get_text() for t in svg_of(pilot).select("text.pb-chart-minor")]
    assert minor == ["29 Oct 2026", "15 Nov 2026", "1 Dec 2026"]  # a quarter, half, three quarters of 67 days


def test_a_phase_past_its_end_runs_on_to_today_with_the_end_marked() -> None:
    late = dt.date(2027, 1, 10)
    chart = burn_up(SERIES, total=TOTAL, today=late, start=START, end=END)
    svg = svg_of(chart)
    assert lines(svg, "pb-chart-end") == [(x_of(END, START, late), TOP, x_of(END, START, late), ZERO)]
    label = svg.select_one("text.pb-chart-end-label")
    assert label is not None and label.get_text() == "end, 18 Dec 2026" and label["x"] == f"{x_of(END, START, late)}%"
    assert lines(svg, "pb-chart-ideal") == [(INSET, ZERO, x_of(END, START, late), TOP)]
    assert lines(svg, "pb-chart-today")[0][0] == 100 - INSET
    assert chart.sentence == "12 of 54 done on 10 Jan 2027; ideal pace 54."


def test_without_dates_the_chart_spans_the_history_and_has_no_ideal_pace() -> None:
    chart = burn_up(SERIES, total=TOTAL, today=TODAY)
    svg = svg_of(chart)
    assert not svg.select(".pb-chart-ideal") and not chart.has_ideal
    assert lines(svg, "pb-chart-today")[0][0] == 100 - INSET
    first = svg.select_one("text.pb-chart-label:not(.pb-chart-minor):not(.pb-chart-total-label):not(.pb-chart-today-label)")
    assert first is not None and first.get_text() == "5 Oct 2026"
    assert chart.sentence == "12 of 54 done on 21 Nov 2026."


def test_before_the_phase_starts_there_is_no_line_and_no_row_in_the_future() -> None:
    chart = burn_up(SERIES, total=TOTAL, today=TODAY, start=dt.date(2027, 1, 11), end=dt.date(2027, 4, 30))
    assert not svg_of(chart).select(".pb-chart-done, .pb-chart-today")
    assert chart.sentence == "The phase starts on 11 Jan 2027; 12 of 54 done so far."
    assert [(p.day, p.done) for p in chart.points] == [(TODAY, 12)]


@pytest.mark.parametrize(
    "title",
    ['</title><script>alert(1)</script>', 'Pilot "quoted" & <b>bold</b>', "line\nbreak </svg><img src=x onerror=alert(1)>"],
)
def test_a_hostile_phase_title_stays_text(title: str) -> None:
    chart = burn_up(SERIES, total=TOTAL, today=TODAY, start=START, end=END, title=title, phase_id='x" onload="alert(1)')
    soup = BeautifulSoup(str(chart.svg), "html.parser")
    assert not soup.select("script, img, b") and len(soup.select("svg")) == 1
    svg = soup.svg
    assert svg is not None and "onload" not in svg.attrs
    assert svg.title is not None and svg.title.get_text() == title
    assert chart_id('x" onload="alert(1)') == "pb-burn-up-x-onload-alert-1"


def test_a_commit_on_the_start_day_is_the_starting_level_and_one_made_today_counts_today() -> None:
    """The boundaries: `before` takes the start day itself, `now` takes today itself."""
    series = [(dt.datetime(2026, 10, 12, 9, tzinfo=dt.UTC), 5), (dt.datetime(2026, 11, 21, 9, tzinfo=dt.UTC), 9)]
    chart = burn_up(series, total=TOTAL, today=TODAY, start=START, end=END)
    assert [(p.day.isoformat(), p.done) for p in chart.points] == [("2026-10-12", 5), ("2026-11-21", 9)]
    assert chart.sentence == "9 of 54 done on 21 Nov 2026; ideal pace 32."


def test_a_phase_starting_today_has_started() -> None:
    chart = burn_up([(dt.datetime(2026, 10, 1, tzinfo=dt.UTC), 2)], total=TOTAL, today=START, start=START, end=END)
    assert chart.sentence == "2 of 54 done on 12 Oct 2026; ideal pace 0."
    assert lines(svg_of(chart), "pb-chart-today")[0][0] == INSET
    assert [(p.day, p.done, p.ideal) for p in chart.points] == [(START, 2, 0)]


def test_a_phase_of_one_day_draws_no_ideal_pace() -> None:
    """An ideal pace needs a span to rise over: a phase that starts and ends on one day has none."""
    chart = burn_up(SERIES, total=TOTAL, today=TODAY, start=END, end=END)
    assert not chart.has_ideal and not svg_of(chart).select(".pb-chart-ideal")
    assert all(p.ideal is None for p in chart.points)
