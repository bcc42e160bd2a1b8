"""The date rules of a plan, one table each: business days, stages, the ramp, durations, cadence."""

from __future__ import annotations

import datetime as dt

import pytest

from mkdocs_playbook.source import schedule
from mkdocs_playbook.source.plan import warning_problem

D = dt.date.fromisoformat


@pytest.mark.parametrize(
    ("start", "holidays", "expected"),
    [
        ("2026-10-12", (), "2026-10-12"),  # a Monday stays
        ("2026-10-10", (), "2026-10-12"),  # Saturday -> Monday
        ("2026-10-11", (), "2026-10-12"),  # Sunday -> Monday
        ("2026-10-16", (), "2026-10-16"),  # a Friday stays
        ("2026-12-24", ("2026-12-24", "2026-12-25"), "2026-12-28"),  # holidays, then the weekend
        ("2027-01-01", ("2027-01-01",), "2027-01-04"),  # a New Year holiday on a Friday
    ],
)
def test_a_start_moves_off_weekends_and_holidays(start: str, holidays: tuple[str, ...], expected: str) -> None:
    assert schedule.next_business_day(D(start), {D(h) for h in holidays}) == D(expected)


STAGES = [("setup", "Setup", 5), ("soft-launch", "Soft Launch", 5), ("expanded", "Expanded", 10)]


@pytest.mark.parametrize(
    ("start", "stages", "holidays", "expected"),
    [
        # a Monday start: whole weeks
        ("2026-10-12", STAGES, (), [("2026-10-12", "2026-10-16"), ("2026-10-19", "2026-10-23"), ("2026-10-26", "2026-11-06")]),
        # a Saturday start begins on Monday
        ("2026-10-10", STAGES[:1], (), [("2026-10-12", "2026-10-16")]),
        # a Wednesday start: stages straddle weekends; the second crosses the month end
        ("2026-09-23", STAGES[:2], (), [("2026-09-23", "2026-09-29"), ("2026-09-30", "2026-10-06")]),
        # across the year end, with two holidays and the New Year
        (
            "2026-12-21",
            [("a", "A", 5), ("b", "B", 3)],
            ("2026-12-24", "2026-12-25", "2027-01-01"),
            [("2026-12-21", "2026-12-29"), ("2026-12-30", "2027-01-04")],
        ),
        # one-day stages back to back over a weekend
        ("2026-10-16", [("a", "A", 1), ("b", "B", 1)], (), [("2026-10-16", "2026-10-16"), ("2026-10-19", "2026-10-19")]),
    ],
)
def test_stages_follow_each_other_in_business_days(
    start: str, stages: list[tuple[str, str, int]], holidays: tuple[str, ...], expected: list[tuple[str, str]]
) -> None:
    windows = schedule.stage_windows(D(start), stages, {D(h) for h in holidays})
    assert [(w.start.isoformat(), w.end.isoformat()) for w in windows] == expected
    assert [w.business_days for w in windows] == [days for _, _, days in stages]
    for window in windows:  # no stage starts or ends on a day off
        for day in (window.start, window.end):
            assert day.weekday() < 5 and day.isoformat() not in holidays


def test_ramp_weeks_are_dated_from_the_start() -> None:
    weeks = schedule.ramp_weeks(D("2026-12-21"), [(1, 5, "Setup"), (2, 15, ""), (3, 40.5, "")])
    assert [(w.week, w.percent, w.start.isoformat(), w.end.isoformat(), w.note) for w in weeks] == [
        (1, 5, "2026-12-21", "2026-12-27", "Setup"),
        (2, 15, "2026-12-28", "2027-01-03", ""),
        (3, 40.5, "2027-01-04", "2027-01-10", ""),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("90m", dt.timedelta(minutes=90)),
        ("36h", dt.timedelta(hours=36)),
        ("2d", dt.timedelta(days=2)),
        ("1w", dt.timedelta(weeks=1)),
        ("1h30m", dt.timedelta(hours=1, minutes=30)),
        ("1w2d", dt.timedelta(days=9)),
        ("0m", None),  # zero is no duration
        ("", None),
        ("30", None),  # a unit is required
        ("30s", None),
        ("1m1h", None),  # largest unit first
        ("1.5h", None),
    ],
)
def test_durations(text: str, expected: dt.timedelta | None) -> None:
    assert schedule.parse_duration(text) == expected
    if expected is not None:
        assert schedule.parse_duration(schedule.format_duration(expected)) == expected


@pytest.mark.parametrize(
    ("days", "times", "text", "max_age"),
    [
        ("daily", ["10:00", "16:00"], "daily at 10:00 and 16:00", dt.timedelta(hours=36)),  # 18h gap overnight
        ("daily", ["16:00", "10:00"], "daily at 10:00 and 16:00", dt.timedelta(hours=36)),  # any order
        ("daily", ["09:00"], "daily at 09:00", dt.timedelta(hours=48)),
        ("daily", ["08:00", "12:00", "17:00"], "daily at 08:00, 12:00 and 17:00", dt.timedelta(hours=30)),
        # Friday 16:00 to Monday 10:00 is 66 hours
        ("weekdays", ["10:00", "16:00"], "on weekdays at 10:00 and 16:00", dt.timedelta(hours=132)),
        ("weekdays", ["09:00"], "on weekdays at 09:00", dt.timedelta(hours=144)),
        ("weekly", ["10:00"], "weekly on Mondays at 10:00", dt.timedelta(weeks=2)),
    ],
)
def test_check_cadence_and_default_max_age(days: str, times: list[str], text: str, max_age: dt.timedelta) -> None:
    checks = schedule.cadence(days, [dt.time.fromisoformat(t) for t in times])
    assert checks.text == text
    assert checks.times == tuple(sorted(dt.time.fromisoformat(t) for t in times))
    assert schedule.default_max_age(checks) == max_age


def test_no_checks_means_never_stale() -> None:
    assert schedule.default_max_age(None) is None


@pytest.mark.parametrize(
    ("comparison", "threshold", "warning", "ok"),
    [
        ("<", 300, 350, True),
        ("<", 300, 300, False),
        ("<", 300, 250, False),
        ("<=", 0.5, 0.8, True),
        ("<=", 0.5, 0.5, False),
        (">", 4, 3.5, True),
        (">", 4, 4, False),
        (">=", 4.2, 4.0, True),
        (">=", 4.2, 4.5, False),
        ("=", 0, 1, False),  # an exact target has no band
    ],
)
def test_the_warning_band_lies_on_the_missing_side(comparison: str, threshold: float, warning: float, ok: bool) -> None:
    problem = warning_problem(comparison, threshold, warning)
    assert (problem is None) is ok
    if not ok:
        assert "warning" in problem  # type: ignore[operator]
