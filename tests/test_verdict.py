"""The go/no-go rule (README "Go / no-go"), case by case, on playbooks built in memory.

No files and no loader: each case builds the model values the loader would, pins the clock
(`now`), and checks the verdict, each criterion's status and the reasons' exact words. These
are the tests the mutation run of status/verdict.py, scope.py and wording.py leans on, so every
boundary is pinned at, just inside and just outside it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import pytest

from mkdocs_playbook import model as m
from mkdocs_playbook.status import wording
from mkdocs_playbook.status.verdict import (
    CriterionResult,
    GateResult,
    Status,
    UnknownScope,
    Verdict,
    document,
    evaluate,
)

GO, NO_GO, NOT_YET = Verdict.GO, Verdict.NO_GO, Verdict.NOT_YET
MET, WARNING, NOT_MET, NO_DATA, STALE = Status.MET, Status.WARNING, Status.NOT_MET, Status.NO_DATA, Status.STALE
UTC = dt.UTC
NOW = dt.datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
HOUR = dt.timedelta(hours=1)
SECOND = dt.timedelta(seconds=1)


# --- building a playbook by hand ------------------------------------------------------------


def when(text: str) -> dt.datetime:
    """An ISO time; without an offset it is UTC."""
    value = dt.datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def crit(metric: str = "lat", comparison: str = "<", threshold: float = 300, **fields: Any) -> m.Criterion:
    fields.setdefault("name", metric.upper())
    return m.Criterion(metric=metric, comparison=comparison, threshold=threshold, **fields)


def trig(metric: str = "lat", comparison: str = ">", threshold: float = 300, minutes: int = 30, **fields: Any) -> m.Trigger:
    fields.setdefault("id", f"{metric}-trigger")
    fields.setdefault("text", f"{metric} {comparison} {threshold:g} for {minutes} minutes")
    return m.Trigger(
        metric=metric, comparison=comparison, threshold=threshold, sustained=dt.timedelta(minutes=minutes), **fields
    )


def meas(metric: str, value: float, at: str | dt.datetime) -> m.Measurement:
    return m.Measurement(metric=metric, value=value, at=when(at) if isinstance(at, str) else at)


def series(metric: str, *points: tuple[str, float]) -> list[m.Measurement]:
    return [meas(metric, value, at) for at, value in points]


def item(item_id: str, *, section: str = "checklist", group: str | None = None, gate: bool = True) -> m.Item:
    return m.Item(id=item_id, text=f"Text of {item_id}", section=section, group=group, gate=gate)


def decision(outcome: str, at: str, stage: str | None = None, reason: str = "because") -> m.Decision:
    return m.Decision(outcome=outcome, reason=reason, at=when(at), by="Thomas Hardy", stage=stage)


STAGES = (
    m.StageWindow("setup", "Setup", 5, dt.date(2026, 10, 12), dt.date(2026, 10, 16)),
    m.StageWindow("soft-launch", "Soft launch", 5, dt.date(2026, 10, 19), dt.date(2026, 10, 23)),
)


def book(
    criteria: Sequence[m.Criterion] = (),
    measurements: Sequence[m.Measurement] = (),
    *,
    triggers: Sequence[m.Trigger] = (),
    items: Sequence[m.Item] = (),
    states: Mapping[str, m.Status] | None = None,
    decisions: Sequence[m.Decision] = (),
    stages: Sequence[m.StageWindow] = STAGES,
    entry: Sequence[m.Item] = (),
    timezone: str = "UTC",
    plan: bool = True,
) -> m.Playbook:
    """Phase `demo` with these gate items (and item `plain`, not a gate item), its plan, data and decisions."""
    blocks = (m.PhaseBlock("checklist", None, items=(*items, item("plain", gate=False))),)
    phase = m.Phase(id="demo", order=1, title="Demo", summary="S.", why="W.", blocks=blocks)
    progress = m.Progress("demo", {k: m.ItemState(k, status=v) for k, v in (states or {}).items()})
    plans = {}
    if plan:
        plans["demo"] = m.Plan(
            phase="demo", timezone=timezone, stages=tuple(stages), criteria=tuple(criteria),
            triggers=tuple(triggers), entry_criteria=tuple(entry),
        )
    return m.Playbook(
        phases=(phase,),
        organization=m.Organization(name="Acme", product="Widget"),
        progress={"demo": progress},
        plans=plans,
        measurements={"demo": tuple(measurements)},
        decisions={"demo": tuple(decisions)},
    )


def judge(playbook: m.Playbook, stage: str | None = None, now: dt.datetime = NOW) -> GateResult:
    result = evaluate(playbook, "demo", now, stage)
    assert result is not None
    return result


def only(result: GateResult) -> CriterionResult:
    (criterion,) = result.criteria
    return criterion


def texts(result: GateResult) -> list[str]:
    return [r.text for r in result.reasons]


# --- each comparison, at, just inside and just outside its threshold ----------------------------

SAID = {"<": "below ", "<=": "at most ", "=": "", ">=": "at least ", ">": "above "}
"""Each comparison as the reasons word it (status/wording.py `bound`): never the code a plan holds."""

COMPARISON_CASES = [
    # (comparison, value, met): the threshold is 4.2 throughout
    ("<", 4.199, True), ("<", 4.2, False), ("<", 4.201, False),
    ("<=", 4.199, True), ("<=", 4.2, True), ("<=", 4.201, False),
    ("=", 4.199, False), ("=", 4.2, True), ("=", 4.201, False),
    (">=", 4.199, False), (">=", 4.2, True), (">=", 4.201, True),
    (">", 4.199, False), (">", 4.2, False), (">", 4.201, True),
]


@pytest.mark.parametrize(
    "comparison, value, met", COMPARISON_CASES,
    ids=[f"{c}-{'below' if v < 4.2 else 'at' if v == 4.2 else 'above'}" for c, v, _ in COMPARISON_CASES],
)
def test_each_comparison_at_and_around_its_threshold(comparison: str, value: float, met: bool) -> None:
    result = judge(book([crit("x", comparison, 4.2)], [meas("x", value, "2026-11-21T10:00")]))
    assert only(result).status is (MET if met else NOT_MET)
    assert result.verdict is (GO if met else NO_GO)
    assert texts(result) == ([] if met else [f"X: {value:g}, target {SAID[comparison]}4.2: not met"])


@pytest.mark.parametrize("comparison", ["<", "<=", "=", ">=", ">"])
@pytest.mark.parametrize("threshold, value", [(0, 0), (0, -1), (-1, -1.5), (1e9, 1e9 + 1)])
def test_negative_zero_and_large_thresholds(comparison: str, threshold: float, value: float) -> None:
    expected = {"<": value < threshold, "<=": value <= threshold, "=": value == threshold,
                ">=": value >= threshold, ">": value > threshold}[comparison]
    result = judge(book([crit("x", comparison, threshold)], [meas("x", value, "2026-11-21T10:00")]))
    assert only(result).status is (MET if expected else NOT_MET)


def test_an_unknown_comparison_is_refused() -> None:
    with pytest.raises(ValueError, match=r"^unknown comparison '~'; expected one of <, <=, =, >=, >$"):
        judge(book([crit("x", "~", 1)], [meas("x", 1, "2026-11-21T10:00")]))


# --- the warning band ------------------------------------------------------------------------

WARNING_CASES = [
    # (comparison, threshold, warning, value, status)
    ("<", 300, 350, 299.9, MET), ("<", 300, 350, 300, WARNING), ("<", 300, 350, 349.9, WARNING),
    ("<", 300, 350, 350, NOT_MET), ("<", 300, 350, 350.1, NOT_MET),
    ("<=", 1, 2, 1, MET), ("<=", 1, 2, 1.01, WARNING), ("<=", 1, 2, 2, WARNING), ("<=", 1, 2, 2.01, NOT_MET),
    (">=", 4, 3.5, 4, MET), (">=", 4, 3.5, 3.99, WARNING), (">=", 4, 3.5, 3.5, WARNING), (">=", 4, 3.5, 3.49, NOT_MET),
    (">", 90, 80, 90.1, MET), (">", 90, 80, 90, WARNING), (">", 90, 80, 80.1, WARNING), (">", 90, 80, 80, NOT_MET),
]


@pytest.mark.parametrize("comparison, threshold, warning, value, status", WARNING_CASES)
def test_the_warning_band(comparison: str, threshold: float, warning: float, value: float, status: Status) -> None:
    criterion = crit("lat", comparison, threshold, warning=warning, unit="ms", name="Latency")
    result = judge(book([criterion], [meas("lat", value, "2026-11-21T10:00")]))
    assert only(result).status is status
    assert result.verdict is (NO_GO if status is NOT_MET else GO)
    if status is WARNING:
        assert texts(result) == [
            f"Latency: {value:g} ms, target {SAID[comparison]}{threshold:g} ms: warning (still {SAID[comparison]}{warning:g} ms)"
        ]
        assert result.reasons[0].severity == 6


# --- critical, no data, stale, too few -------------------------------------------------------

P1 = crit("p1", "=", 0, critical=True, name="P1 defects")
LAT = crit("lat", "<", 300, unit="ms", name="95th percentile latency")
CSAT = crit("csat", ">=", 4, name="CSAT", min_measurements=3)
ERR = crit("err", "<=", 1, unit="%", name="Error rate", max_age=dt.timedelta(hours=36))
LAT_MET = meas("lat", 250, "2026-11-21T09:00")
LAT_MISS = meas("lat", 320, "2026-11-21T09:00")
P1_MISS = meas("p1", 1, "2026-11-20T09:00")
P1_MET = meas("p1", 0, "2026-11-20T09:00")

RULE_CASES: dict[str, tuple[list[m.Criterion], list[m.Measurement], list[str], Verdict, list[Status]]] = {
    # name: (criteria, measurements, open gate items, verdict, statuses)
    "all-met": ([P1, LAT], [P1_MET, LAT_MET], [], GO, [MET, MET]),
    "critical-miss-while-another-has-no-data": ([P1, LAT], [P1_MISS], [], NO_GO, [NOT_MET, NO_DATA]),
    "critical-miss-while-an-item-is-open": ([P1, LAT], [P1_MISS, LAT_MET], ["x"], NO_GO, [NOT_MET, MET]),
    "miss-while-another-has-no-data": ([P1, LAT], [LAT_MISS], [], NOT_YET, [NO_DATA, NOT_MET]),
    "miss-while-an-item-is-open": ([P1, LAT], [P1_MET, LAT_MISS], ["x"], NOT_YET, [MET, NOT_MET]),
    "miss-alone": ([P1, LAT], [P1_MET, LAT_MISS], [], NO_GO, [MET, NOT_MET]),
    "no-data": ([LAT], [], [], NOT_YET, [NO_DATA]),
    "no-data-for-this-metric": ([LAT], [meas("other", 1, "2026-11-21T09:00")], [], NOT_YET, [NO_DATA]),
    "met-but-an-item-is-open": ([LAT], [LAT_MET], ["x"], NOT_YET, [MET]),
    "items-only-open": ([], [], ["x"], NOT_YET, []),
    "items-only-closed": ([], [], [], GO, []),
}


@pytest.mark.parametrize("case", RULE_CASES.values(), ids=RULE_CASES.keys())
def test_the_rule(case: tuple[list[m.Criterion], list[m.Measurement], list[str], Verdict, list[Status]]) -> None:
    criteria, measurements, open_ids, verdict, statuses = case
    states = {i: m.Status.DONE for i in ("x", "y") if i not in open_ids}
    result = judge(book(criteria, measurements, items=[item("x"), item("y")], states=states))
    assert result.verdict is verdict
    assert [c.status for c in result.criteria] == statuses
    assert [i.id for i in result.open_items] == open_ids
    assert result.action is None


def test_a_critical_miss_reads_critical() -> None:
    result = judge(book([P1, LAT], [P1_MISS]))
    assert texts(result) == ["P1 defects: 1, target 0 (critical): not met", "95th percentile latency: no data (target below 300 ms)"]
    assert [r.severity for r in result.reasons] == [1, 3]


@pytest.mark.parametrize(
    "age, status", [(dt.timedelta(0), MET), (36 * HOUR - SECOND, MET), (36 * HOUR, MET), (36 * HOUR + SECOND, STALE)]
)
def test_stale_once_older_than_max_age(age: dt.timedelta, status: Status) -> None:
    result = judge(book([ERR], [meas("err", 0.3, NOW - age)]))
    assert only(result).status is status
    assert result.verdict is (GO if status is MET else NOT_YET)


def test_stale_reads_the_value_and_when() -> None:
    result = judge(book([ERR], [meas("err", 0.3, "2026-11-01T10:00")]))
    assert texts(result) == ["Error rate: stale, 0.3% measured 2026-11-01 10:00, older than 36h"]
    in_berlin = judge(book([ERR], [meas("err", 0.3, "2026-11-01T10:00")], timezone="Europe/Berlin"))
    assert texts(in_berlin) == ["Error rate: stale, 0.3% measured 2026-11-01 11:00, older than 36h"]
    assert result.reasons[0].severity == 4
    assert only(result).actual == 0.3 and only(result).measured_at == when("2026-11-01T10:00")


def test_a_stale_miss_is_stale_not_a_miss() -> None:
    result = judge(book([ERR], [meas("err", 5, "2026-11-01T10:00")]))
    assert only(result).status is STALE and result.verdict is NOT_YET


def test_without_max_age_never_stale() -> None:
    result = judge(book([LAT], [meas("lat", 10, "2020-01-01T00:00")]))
    assert only(result).status is MET


@pytest.mark.parametrize("count, status", [(0, NO_DATA), (1, NO_DATA), (2, NO_DATA), (3, MET), (4, MET)])
def test_too_few_measurements(count: int, status: Status) -> None:
    points = [meas("csat", 4.5, NOW - (count - n) * HOUR) for n in range(count)]
    result = judge(book([CSAT], points))
    assert (only(result).status, only(result).count) == (status, count)
    assert result.verdict is (GO if status is MET else NOT_YET)
    if 0 < count < 3:
        assert texts(result) == [f"CSAT: {count} of 3 measurements"]
        assert result.reasons[0].severity == 4
    if count == 0:
        assert texts(result) == ["CSAT: no data (target at least 4)"]
        assert result.reasons[0].severity == 3


def test_the_latest_value_counts_and_the_series_is_oldest_first() -> None:
    points = [meas("lat", 320, "2026-11-21T09:00"), meas("lat", 250, "2026-11-19T09:00"), meas("lat", 400, "2026-11-20T09:00")]
    result = judge(book([LAT], points))
    assert only(result).actual == 320 and only(result).status is NOT_MET
    assert [x.value for x in only(result).series] == [250, 400, 320]


def test_a_measurement_after_now_never_counts() -> None:
    later = meas("lat", 999, NOW + SECOND)
    result = judge(book([LAT], [LAT_MET, later]))
    assert only(result).actual == 250 and only(result).count == 1 and result.verdict is GO
    exactly_now = judge(book([LAT], [LAT_MET, meas("lat", 999, NOW)]))
    assert only(exactly_now).actual == 999
    assert only(judge(book([LAT], [later]))).status is NO_DATA


# --- rollback triggers -----------------------------------------------------------------------

TRIGGER_CASES: dict[str, tuple[int, list[tuple[str, float]], str | None, float | None]] = {
    # name: (sustained minutes, measurements (UTC time, value), fired at, value that fired it)
    "sustained-30m": (30, [("10:00", 320), ("10:15", 330), ("10:30", 310)], "10:30", 310),
    "sustained-fires-once-at-the-first-completion": (30, [("10:00", 320), ("10:30", 330), ("11:00", 340)], "10:30", 330),
    "short-of-the-span": (30, [("10:00", 320), ("10:29", 330)], None, None),
    "a-blip": (30, [("10:00", 500)], None, None),
    "a-dip-breaks-the-run": (30, [("10:00", 320), ("10:15", 290), ("10:30", 310)], None, None),
    "a-new-run-after-the-dip": (30, [("10:00", 320), ("10:15", 290), ("10:30", 310), ("10:45", 320), ("11:00", 301)], "11:00", 301),
    "at-the-threshold-is-not-beyond": (30, [("10:00", 300), ("10:30", 300)], None, None),
    "just-beyond": (30, [("10:00", 300.01), ("10:30", 300.01)], "10:30", 300.01),
    "event-fires-on-the-first": (0, [("10:00", 250), ("10:05", 301), ("10:10", 250)], "10:05", 301),
    "event-never-beyond": (0, [("10:00", 250), ("10:05", 300)], None, None),
    "out-of-order-input": (30, [("10:30", 310), ("10:00", 320), ("10:15", 330)], "10:30", 310),
    "after-now-ignored": (30, [("11:40", 320), ("12:10", 330)], None, None),
}


@pytest.mark.parametrize("case", TRIGGER_CASES.values(), ids=TRIGGER_CASES.keys())
def test_triggers(case: tuple[int, list[tuple[str, float]], str | None, float | None]) -> None:
    minutes, points, fired, value = case
    trigger = trig("lat", ">", 300, minutes)
    measured = series("lat", *((f"2026-11-21T{t}", v) for t, v in points))
    # one done exit criterion, so that a quiet trigger leaves a GO (triggers alone never make one)
    result = judge(book([], measured, triggers=[trigger], items=[item("x")], states={"x": m.Status.DONE}))
    (t,) = result.triggers
    assert t.fired_at == (when(f"2026-11-21T{fired}") if fired else None)
    assert t.value == value
    assert result.verdict is (NO_GO if fired else GO)
    assert result.action == ("roll back" if fired else None)


def test_a_fired_trigger_names_itself_and_when_and_comes_first() -> None:
    latency = trig("lat", ">", 300, 30, id="slow", text="Latency above 300 ms for 30 minutes")
    defect = trig("p1", ">", 0, 0, id="p1-defect", text="Any P1 defect")
    points = [*series("lat", ("2026-11-04T09:00", 320), ("2026-11-04T09:30", 320)), P1_MISS]
    result = judge(book([P1, LAT], points, triggers=[latency, defect], timezone="Europe/Berlin"))
    assert texts(result)[:3] == [
        'Trigger "Latency above 300 ms for 30 minutes" fired at 2026-11-04 10:30 (p95-latency 320, above 300 for 30m): roll back'
        .replace("p95-latency", "lat"),
        'Trigger "Any P1 defect" fired at 2026-11-20 10:00 (p1 1, above 0): roll back',
        "P1 defects: 1, target 0 (critical): not met",
    ]
    assert [r.kind for r in result.reasons[:2]] == ["trigger", "trigger"]
    assert [r.subject for r in result.reasons[:2]] == ["slow", "p1-defect"]
    assert result.verdict is NO_GO and result.action == "roll back"


def test_a_fired_trigger_beats_everything_unmeasured_and_open() -> None:
    defect = trig("p1", ">", 0, 0)
    result = judge(book([LAT, CSAT], [P1_MISS], triggers=[defect], items=[item("x")]))
    assert result.verdict is NO_GO and result.action == "roll back"


# --- stage windows -----------------------------------------------------------------------------

YEAR_END = m.StageWindow("evaluation", "Evaluation", 5, dt.date(2026, 12, 29), dt.date(2027, 1, 4))
DST_END = m.StageWindow("expanded", "Expanded", 2, dt.date(2026, 10, 23), dt.date(2026, 10, 26))
MONTH_END = m.StageWindow("soft-launch", "Soft launch", 3, dt.date(2026, 11, 27), dt.date(2026, 12, 1))

WINDOW_CASES: dict[str, tuple[m.StageWindow, str, bool]] = {
    # name: (stage, measurement time, inside); the plan's timezone is Europe/Berlin
    "year-end-before-start": (YEAR_END, "2026-12-28T23:59:59+01:00", False),
    "year-end-first-instant": (YEAR_END, "2026-12-29T00:00:00+01:00", True),
    "year-end-start-in-utc": (YEAR_END, "2026-12-28T23:30:00+00:00", True),
    "year-end-new-year": (YEAR_END, "2027-01-01T00:00:00+01:00", True),
    "year-end-last-instant": (YEAR_END, "2027-01-04T23:59:59+01:00", True),
    "year-end-after": (YEAR_END, "2027-01-05T00:00:00+01:00", False),
    "year-end-after-in-utc": (YEAR_END, "2027-01-04T23:30:00+00:00", False),
    "dst-start-summer-time": (DST_END, "2026-10-22T22:00:00+00:00", True),
    "dst-before-summer-time": (DST_END, "2026-10-22T21:59:59+00:00", False),
    "dst-last-winter-time": (DST_END, "2026-10-26T22:59:59+00:00", True),
    "dst-after-winter-time": (DST_END, "2026-10-26T23:00:00+00:00", False),
    "month-end-30th": (MONTH_END, "2026-11-30T12:00:00+01:00", True),
    "month-end-december": (MONTH_END, "2026-12-01T23:00:00+01:00", True),
    "month-end-after": (MONTH_END, "2026-12-02T00:00:00+01:00", False),
}


@pytest.mark.parametrize("case", WINDOW_CASES.values(), ids=WINDOW_CASES.keys())
def test_stage_windows_in_the_plan_timezone(case: tuple[m.StageWindow, str, bool]) -> None:
    stage, at, inside = case
    criterion = crit("lat", "<", 300, stage=stage.id)
    trigger = trig("lat", ">", 300, 0)
    playbook = book([criterion], [meas("lat", 320, at)], triggers=[trigger], stages=[stage], timezone="Europe/Berlin")
    result = judge(playbook, stage.id, now=when("2027-02-01T00:00"))
    assert only(result).count == (1 if inside else 0)
    assert (result.triggers[0].fired_at is not None) is inside
    assert result.verdict is (NO_GO if inside else NOT_YET)


def test_staleness_of_an_ended_stage_is_judged_at_its_end() -> None:
    criterion = crit("err", "<=", 1, stage="evaluation", max_age=dt.timedelta(hours=36))
    later = when("2027-01-20T00:00")
    fresh_at_end = book([criterion], [meas("err", 0.5, "2027-01-04T12:00+01:00")], stages=[YEAR_END], timezone="Europe/Berlin")
    assert only(judge(fresh_at_end, "evaluation", later)).status is MET
    at_the_limit = book([criterion], [meas("err", 0.5, "2027-01-03T12:00+01:00")], stages=[YEAR_END], timezone="Europe/Berlin")
    assert only(judge(at_the_limit, "evaluation", later)).status is MET
    stale_at_end = book([criterion], [meas("err", 0.5, "2027-01-03T11:59+01:00")], stages=[YEAR_END], timezone="Europe/Berlin")
    assert only(judge(stale_at_end, "evaluation", later)).status is STALE
    # before the stage ends, `now` is the reference
    running = book([criterion], [meas("err", 0.5, "2027-01-02T10:00+01:00")], stages=[YEAR_END], timezone="Europe/Berlin")
    assert only(judge(running, "evaluation", when("2027-01-03T21:00"))).status is MET
    assert only(judge(running, "evaluation", when("2027-01-03T21:00:01"))).status is STALE


def test_phase_and_stage_criteria_are_apart() -> None:
    phase_criterion = crit("csat", ">=", 4)
    stage_criterion = crit("lat", "<", 300, stage="soft-launch")
    playbook = book([phase_criterion, stage_criterion], [meas("csat", 4.5, "2026-11-20T10:00"), meas("lat", 250, "2026-10-20T10:00")])
    assert [c.criterion.metric for c in judge(playbook).criteria] == ["csat"]
    assert [c.criterion.metric for c in judge(playbook, "soft-launch").criteria] == ["lat"]
    # the phase verdict sees every measurement: a stage's value counts for a phase criterion of the metric
    everywhere = book([crit("lat"), crit("lat", stage="setup")], [meas("lat", 250, "2026-10-20T10:00")])
    assert only(judge(everywhere)).count == 1 and only(judge(everywhere, "setup")).count == 0


def test_stage_gate_items() -> None:
    entry = item("entry-ready", section="entry-criteria")
    setup_exit = item("setup-exit", section="exit-criteria", group="setup")
    soft_exit = item("soft-exit", section="exit-criteria", group="soft-launch")
    deliverable = item("soft-deliverable", section="deliverables", group="soft-launch", gate=False)
    checklist_gate = item("sign-off")
    playbook = book(items=[checklist_gate, setup_exit, soft_exit, deliverable], entry=[entry])
    assert [i.id for i in judge(playbook).open_items] == ["sign-off", "setup-exit", "soft-exit", "entry-ready"]
    assert [i.id for i in judge(playbook, "setup").open_items] == ["entry-ready", "setup-exit"]
    assert [i.id for i in judge(playbook, "soft-launch").open_items] == ["soft-exit"]
    assert texts(judge(playbook, "setup")) == ["Entry criterion open: Text of entry-ready", "Exit criterion open: Text of setup-exit"]
    # the loader puts entry criteria among the phase's items too: counted once
    twice = book(items=[entry, setup_exit], entry=[entry])
    assert [i.id for i in judge(twice).open_items] == ["entry-ready", "setup-exit"]


@pytest.mark.parametrize("status, is_open", [(m.Status.TODO, True), (m.Status.IN_PROGRESS, True), (m.Status.DONE, False), (m.Status.SKIPPED, False)])
def test_an_item_is_open_until_done_or_skipped(status: m.Status, is_open: bool) -> None:
    result = judge(book(items=[item("x")], states={"x": status}))
    assert [i.id for i in result.open_items] == (["x"] if is_open else [])
    assert result.verdict is (NOT_YET if is_open else GO)


def test_unknown_phase_or_stage() -> None:
    with pytest.raises(UnknownScope, match="unknown stage 'nope'"):
        evaluate(book([LAT]), "demo", NOW, "nope")
    with pytest.raises(UnknownScope, match="unknown stage 'setup'"):
        evaluate(book([LAT], plan=False, items=[item("x")]), "demo", NOW, "setup")
    with pytest.raises(UnknownScope, match="unknown phase 'demp'"):
        evaluate(book([LAT]), "demp", NOW)


# --- decisions -----------------------------------------------------------------------------------

DECISION_ONLY = {
    "scale": ([decision("scale", "2026-11-20T16:00")], GO),
    "rollback": ([decision("rollback", "2026-11-20T16:00")], NO_GO),
    "iterate": ([decision("iterate", "2026-11-20T16:00")], NOT_YET),
    "latest-by-time-not-by-order": ([decision("rollback", "2026-11-20T16:00"), decision("scale", "2026-11-19T16:00")], NO_GO),
    "a-later-one-stands": ([decision("rollback", "2026-11-19T16:00"), decision("scale", "2026-11-20T16:00")], GO),
    "same-time-the-later-recorded": ([decision("rollback", "2026-11-20T16:00"), decision("scale", "2026-11-20T16:00")], GO),
    "after-now-ignored": ([decision("scale", "2026-11-20T16:00"), decision("rollback", "2026-11-21T12:00:01")], GO),
    "exactly-now-counts": ([decision("scale", "2026-11-20T16:00"), decision("rollback", "2026-11-21T12:00")], NO_GO),
    "a-stage-decision-is-not-the-phase's": ([decision("scale", "2026-11-19T16:00"), decision("rollback", "2026-11-20T16:00", "setup")], GO),
}


@pytest.mark.parametrize("case", DECISION_ONLY.values(), ids=DECISION_ONLY.keys())
def test_a_phase_with_nothing_to_judge_takes_its_latest_decision(case: tuple[list[m.Decision], Verdict]) -> None:
    decisions, verdict = case
    for playbook in (book(decisions=decisions), book(decisions=decisions, plan=False)):
        result = judge(playbook)
        assert result.verdict is verdict
        assert result.disagrees is False and result.action is None
        assert result.criteria == () and result.triggers == () and result.open_items == ()
        assert result.decision is not None and result.reasons[0].kind == "decision"
        assert result.reasons[0].severity == 7 and result.reasons[0].subject == result.decision.outcome
        assert (result.phase, result.stage, result.as_of) == ("demo", None, NOW)


def test_nothing_to_judge_and_no_decision_is_no_verdict() -> None:
    assert evaluate(book(), "demo", NOW) is None
    assert evaluate(book(plan=False), "demo", NOW) is None
    assert evaluate(book(decisions=[decision("scale", "2026-11-22T00:00")]), "demo", NOW) is None
    assert evaluate(book(decisions=[decision("scale", "2026-11-20T00:00", "setup")]), "demo", NOW) is None
    stage_decided = evaluate(book(decisions=[decision("scale", "2026-11-20T00:00", "setup")]), "demo", NOW, "setup")
    assert stage_decided is not None and stage_decided.verdict is GO and stage_decided.stage == "setup"


def test_the_decision_reason_reads() -> None:
    result = judge(book(decisions=[decision("scale", "2026-11-18T16:00", reason="All criteria met")]))
    assert texts(result) == ["Decision recorded: scale by Thomas Hardy on 2026-11-18: All criteria met"]
    anonymous = m.Decision(outcome="iterate", reason="More data", at=when("2026-11-18T16:00"))
    assert texts(judge(book(decisions=[anonymous]))) == ["Decision recorded: iterate on 2026-11-18: More data"]


DISAGREEMENTS = [
    # (outcome, measured latency: 250 GO, 320 NO-GO, none NOT YET, disagrees)
    ("scale", 250, False), ("scale", 320, True), ("scale", None, True),
    ("rollback", 250, True), ("rollback", 320, False), ("rollback", None, False),
    ("iterate", 250, False), ("iterate", 320, False), ("iterate", None, False),
]


@pytest.mark.parametrize("outcome, latency, disagrees", DISAGREEMENTS)
def test_a_decision_against_the_verdict_is_flagged(outcome: str, latency: float | None, disagrees: bool) -> None:
    points = [] if latency is None else [meas("lat", latency, "2026-11-21T09:00")]
    made = decision(outcome, "2026-11-21T10:00")
    result = judge(book([LAT], points, decisions=[made]))
    assert result.decision == made and result.disagrees is disagrees
    assert "decision" not in [r.kind for r in result.reasons]  # the verdict's reasons are the facts


def test_a_stage_verdict_takes_the_stage_decision() -> None:
    decisions = [decision("scale", "2026-11-20T16:00"), decision("rollback", "2026-11-20T10:00", "setup")]
    playbook = book([crit("lat", stage="setup")], [meas("lat", 250, "2026-10-13T10:00")], decisions=decisions)
    stage = judge(playbook, "setup")
    assert stage.verdict is GO and stage.decision == decisions[1] and stage.disagrees is True
    assert (stage.phase, stage.stage) == ("demo", "setup")
    assert judge(book([LAT], [LAT_MET], decisions=decisions)).decision == decisions[0]


# --- the reasons, most severe first ---------------------------------------------------------------


def test_every_kind_of_reason_in_severity_order() -> None:
    warned = crit("warm", "<", 300, warning=350, unit="ms", name="Warm")
    missed = crit("miss", ">=", 4, name="Missed")
    criteria = [warned, CSAT, ERR, LAT, missed, P1]  # deliberately in no particular order
    points = [
        meas("warm", 320, "2026-11-21T09:00"), meas("csat", 4.5, "2026-11-21T09:00"),
        meas("err", 0.3, "2026-11-01T10:00"), meas("miss", 3, "2026-11-21T09:00"), P1_MISS,
        *series("spike", ("2026-11-21T10:00", 5), ("2026-11-21T10:30", 6)),
    ]
    trigger = trig("spike", ">", 1, 30, id="spike", text="Spike above 1 for 30 minutes")
    result = judge(book(criteria, points, triggers=[trigger], items=[item("x")]))
    assert texts(result) == [
        'Trigger "Spike above 1 for 30 minutes" fired at 2026-11-21 10:30 (spike 6, above 1 for 30m): roll back',
        "P1 defects: 1, target 0 (critical): not met",
        "Missed: 3, target at least 4: not met",
        "95th percentile latency: no data (target below 300 ms)",
        "CSAT: 1 of 3 measurements",
        "Error rate: stale, 0.3% measured 2026-11-01 10:00, older than 36h",
        "Exit criterion open: Text of x",
        "Warm: 320 ms, target below 300 ms: warning (still below 350 ms)",
    ]
    assert [r.severity for r in result.reasons] == [0, 1, 2, 3, 4, 4, 5, 6]
    assert [r.kind for r in result.reasons] == ["trigger", *["criterion"] * 5, "item", "criterion"]
    assert [r.subject for r in result.reasons] == ["spike", "p1", "miss", "lat", "csat", "err", "x", "warm"]


def test_met_criteria_give_no_reason() -> None:
    result = judge(book([LAT, P1], [LAT_MET, P1_MET]))
    assert result.reasons == () and result.verdict is GO and result.as_of == NOW
    assert (result.phase, result.stage, result.decision, result.disagrees) == ("demo", None, None, False)


def test_a_phase_missing_from_every_table() -> None:
    """A phase with no progress, measurements or decisions entry at all: everything is open or unmeasured."""
    full = book([LAT], items=[item("x")])
    bare = m.Playbook(phases=full.phases, organization=full.organization, plans=full.plans)
    result = judge(bare)
    assert result.verdict is NOT_YET and [i.id for i in result.open_items] == ["x"]
    assert only(result).status is NO_DATA and only(result).series == () and result.decision is None


# --- the JSON ---------------------------------------------------------------------------------------


def test_document_shape() -> None:
    criterion = crit("lat", "<", 300, unit="ms", name="Latency", warning=350, max_age=dt.timedelta(hours=36), min_measurements=2)
    trigger = trig("lat", ">", 300, 90, id="slow", text="Slow")
    entry = item("entry-ready", section="entry-criteria")
    made = decision("scale", "2026-11-21T11:00", reason="Looks fine")
    points = series("lat", ("2026-11-21T08:00", 250), ("2026-11-21T09:00", 320))
    result = judge(book([criterion], points, triggers=[trigger], entry=[entry], decisions=[made]))
    assert document(result) == {
        "phase": "demo",
        "stage": None,
        "verdict": "not-yet",
        "action": None,
        "as_of": "2026-11-21T12:00:00+00:00",
        "criteria": [{
            "metric": "lat", "name": "Latency", "stage": None, "comparison": "<", "target": 300, "warning": 350,
            "unit": "ms", "critical": False, "actual": 320, "measured_at": "2026-11-21T09:00:00+00:00",
            "status": "warning", "count": 2, "min_measurements": 2, "max_age": "36h",
        }],
        "triggers": [{
            "id": "slow", "text": "Slow", "metric": "lat", "comparison": ">", "threshold": 300, "for": "1h30m",
            "fired": False, "fired_at": None, "value": None,
        }],
        "open_items": [{"id": "entry-ready", "text": "Text of entry-ready", "section": "entry-criteria"}],
        "reasons": [
            {"severity": 5, "kind": "item", "subject": "entry-ready", "text": "Entry criterion open: Text of entry-ready"},
            {"severity": 6, "kind": "criterion", "subject": "lat", "text": "Latency: 320 ms, target below 300 ms: warning (still below 350 ms)"},
        ],
        "decision": {"outcome": "scale", "reason": "Looks fine", "by": "Thomas Hardy", "at": "2026-11-21T11:00:00+00:00", "stage": None},
        "disagrees": True,
    }


def test_document_of_a_fired_trigger_and_no_data() -> None:
    trigger = trig("p1", ">", 0, 0, id="p1-defect", text="Any P1 defect")
    result = judge(book([LAT], [P1_MISS], triggers=[trigger]))
    doc = document(result)
    assert doc["verdict"] == "no-go" and doc["action"] == "roll back" and doc["decision"] is None
    assert doc["triggers"] == [{
        "id": "p1-defect", "text": "Any P1 defect", "metric": "p1", "comparison": ">", "threshold": 0, "for": None,
        "fired": True, "fired_at": "2026-11-20T09:00:00+00:00", "value": 1,
    }]
    assert doc["criteria"] == [{
        "metric": "lat", "name": "95th percentile latency", "stage": None, "comparison": "<", "target": 300,
        "warning": None, "unit": "ms", "critical": False, "actual": None, "measured_at": None, "status": "no-data",
        "count": 0, "min_measurements": 1, "max_age": None,
    }]


# --- how values read --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "span, text",
    [
        (dt.timedelta(0), "0m"), (dt.timedelta(seconds=45), "45s"), (dt.timedelta(minutes=30), "30m"),
        (dt.timedelta(minutes=59), "59m"), (dt.timedelta(minutes=60), "1h"), (dt.timedelta(minutes=90), "1h30m"),
        (dt.timedelta(hours=36), "36h"), (dt.timedelta(days=1), "1d"), (dt.timedelta(days=2), "2d"),
        (dt.timedelta(days=7), "1w"), (dt.timedelta(days=14), "2w"), (dt.timedelta(days=10), "10d"),
        (dt.timedelta(hours=25, minutes=1), "25h1m"),
    ],
)
def test_durations_read_as_plans_write_them(span: dt.timedelta, text: str) -> None:
    assert wording.duration(span) == text


@pytest.mark.parametrize(
    "value, unit, text",
    [(300, "ms", "300 ms"), (0.3, "%", "0.3%"), (4.25, "", "4.25"), (1234567, "", "1234567"), (-1.5, "ms", "-1.5 ms"),
     (0.1 + 0.2, "", "0.3")],
)
def test_quantities(value: float, unit: str, text: str) -> None:
    assert wording.quantity(value, unit) == text


def test_zero_bounds_read_as_zero() -> None:
    """A max_age of zero (stale once anything newer is due) and a warning band ending at zero."""
    instant = crit("err", "<=", 1, name="Error rate", unit="%", max_age=dt.timedelta(0))
    assert texts(judge(book([instant], [meas("err", 0.5, NOW - SECOND)]))) == [
        "Error rate: stale, 0.5% measured 2026-11-21 11:59, older than 0m"
    ]
    assert only(judge(book([instant], [meas("err", 0.5, NOW)]))).status is MET
    down_to_zero = crit("csat", ">=", 1, name="CSAT", warning=0)
    assert texts(judge(book([down_to_zero], [meas("csat", 0.5, NOW)]))) == [
        "CSAT: 0.5, target at least 1: warning (still at least 0)"
    ]


# --- triggers alone, and stages not started --------------------------------------------------------


def test_triggers_alone_can_stop_a_phase_but_never_make_it_a_go() -> None:
    quiet = book(triggers=[trig("p1", ">", 0, 0)], measurements=[meas("p1", 0, "2026-11-20T10:00")])
    assert evaluate(quiet, "demo", NOW) is None
    assert judge(book(triggers=[trig("p1", ">", 0, 0)], decisions=[decision("scale", "2026-11-20T16:00")])).verdict is GO
    fired = judge(book(triggers=[trig("p1", ">", 0, 0)], measurements=[meas("p1", 1, "2026-11-20T10:00")]))
    assert (fired.verdict, fired.action, fired.reasons[0].kind) == (NO_GO, "roll back", "trigger")


LATER = m.StageWindow("evaluation", "Evaluation", 5, dt.date(2026, 11, 23), dt.date(2026, 11, 27))


@pytest.mark.parametrize(
    "now, verdict",
    [
        (when("2026-11-22T23:59:59"), NOT_YET),  # the day before: not started, though nothing is open
        (when("2026-11-23T00:00"), None),  # started, nothing to judge but a quiet trigger: no verdict
    ],
)
def test_a_stage_that_has_not_started_is_not_yet(now: dt.datetime, verdict: Verdict | None) -> None:
    playbook = book(triggers=[trig("p1", ">", 0, 0)], stages=[*STAGES, LATER])
    result = evaluate(playbook, "demo", now, "evaluation")
    assert (result.verdict if result else None) is verdict
    if result is not None:
        assert [(r.kind, r.subject, r.text) for r in result.reasons] == [
            ("schedule", "evaluation", "Stage not started: it starts on 2026-11-23")
        ]


def test_a_started_stage_with_criteria_is_judged_on_them() -> None:
    criterion = crit("lat", "<", 300, stage="evaluation")
    playbook = book([criterion], [meas("lat", 250, "2026-11-23T09:00")], stages=[*STAGES, LATER])
    assert judge(playbook, "evaluation", when("2026-11-23T10:00")).verdict is GO
    assert judge(playbook, "evaluation", when("2026-11-22T10:00")).verdict is NOT_YET
