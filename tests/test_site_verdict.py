"""The verdict, the plan page and the trend chart as the site shows them, from hand-made verdicts.

The rule itself (status/verdict.py) has its own tests; here the verdicts are made by hand, so
each one the site can meet (every verdict, every status, a decision that agrees or disagrees, a
fired trigger) is shown on purpose, and hostile text in every field the site prints (metric
names, notes, reasons, decision reasons, dashboard links) stays text. The renderer is the real
one, on the example organization's real phases, with a plan put in by hand.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping

import pytest
from bs4 import BeautifulSoup, Tag
from test_output_gate import active_content

from conftest import PHASES, ROOT
from mkdocs_playbook import model as m
from mkdocs_playbook.output import verdict_text
from mkdocs_playbook.output import verdictview as vv
from mkdocs_playbook.output.charts import TREND_BOTTOM, TREND_HEIGHT, TREND_TOP, trend_scale, trend_svg
from mkdocs_playbook.output.pages import Renderer
from mkdocs_playbook.source.loading import load_playbook
from mkdocs_playbook.status import wording
from mkdocs_playbook.status.verdict import (
    CriterionResult,
    GateResult,
    Reason,
    Status,
    TriggerResult,
    Verdict,
)

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 21, tzinfo=UTC)
SCRIPT = "<script>alert(1)</script>"
HOSTILE = f'{SCRIPT}<img src=x onerror=alert(2)> {{{{ 7*7 }}}} **bold** [x](javascript:alert(3))'

LATENCY = m.Criterion(metric="p95-latency", name="95th percentile latency", comparison="<", threshold=300, unit="ms",
                      warning=350, min_measurements=5)
DEFECTS = m.Criterion(metric="p1-defects", name="P1 defects", comparison="=", threshold=0, critical=True)
SATISFACTION = m.Criterion(metric="csat", name="Satisfaction", comparison=">=", threshold=4.2, unit="/5",
                           warning=4.0)
ERRORS = m.Criterion(metric="error-rate", name="Error rate", comparison="<=", threshold=1, unit="%",
                     stage="soft-launch")
SLOW = m.Trigger(id="slow", text="Latency above 300 ms for 30 minutes", metric="p95-latency", comparison=">",
                 threshold=300, sustained=dt.timedelta(minutes=30))
P1 = m.Trigger(id="p1-defect", text="Any P1 defect", metric="p1-defects", comparison=">", threshold=0)
STAGES = (
    m.StageWindow("setup", "Setup", 5, dt.date(2026, 10, 12), dt.date(2026, 10, 16)),
    m.StageWindow("soft-launch", "Soft launch", 5, dt.date(2026, 10, 19), dt.date(2026, 10, 23)),
    m.StageWindow("expanded", "Expanded", 10, dt.date(2026, 10, 26), dt.date(2026, 11, 6)),
)
RAMP = (
    m.RampWeek(1, 5, dt.date(2026, 10, 12), dt.date(2026, 10, 18), "Setup"),
    m.RampWeek(2, 15, dt.date(2026, 10, 19), dt.date(2026, 10, 25)),
    m.RampWeek(3, 30, dt.date(2026, 10, 26), dt.date(2026, 11, 1)),
)
ENTRY = m.Item("entry-dod-met", "Definition of Done met", section="entry-criteria", gate=True)
PLAN = m.Plan(
    phase="pilot", pilot_type="business-validation", start=dt.date(2026, 10, 12), timezone="Europe/Berlin",
    ramp="standard", ramp_weeks=RAMP, stages=STAGES, scope_in=("Service desk tickets",), scope_out=("HR cases",),
    cohort=m.Cohort(200, "Internal users of the service desk", "Region A", True), environment="Pilot tenant",
    data_constraints=("Production data masked",),
    dashboards=(m.Link("Dashboard P-01", "https://grafana.example/d/p01"),),
    checks=m.CheckCadence("daily", (dt.time(10), dt.time(16)), "daily at 10:00 and 16:00"),
    decision_owner="Thomas Hardy", rollback_owner="Ana Trujillo",
    rollback_steps=("Switch the feature flag off", "Tell the cohort"), entry_criteria=(ENTRY,),
    criteria=(DEFECTS, LATENCY, SATISFACTION, ERRORS), triggers=(P1, SLOW),
)


def at(day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, tzinfo=UTC)


def series(metric: str, *points: tuple[int, float], note: str = "") -> tuple[m.Measurement, ...]:
    return tuple(m.Measurement(metric, value, at(day), note=note) for day, value in points)


def result(criterion: m.Criterion, status: Status, points: tuple[m.Measurement, ...] = ()) -> CriterionResult:
    return CriterionResult(criterion, status, points[-1].value if points else None, points[-1].at if points else None,
                           len(points), points)


def gate_result(
    verdict: Verdict,
    *,
    stage: str | None = None,
    action: str | None = None,
    criteria: tuple[CriterionResult, ...] = (),
    triggers: tuple[TriggerResult, ...] = (),
    reasons: tuple[Reason, ...] = (),
    decision: m.Decision | None = None,
    disagrees: bool = False,
) -> GateResult:
    return GateResult("pilot", stage, verdict, action, criteria, triggers, (), reasons, decision, disagrees, NOW)


@pytest.fixture(scope="module")
def example() -> m.Playbook:
    loaded = load_playbook(PHASES, ROOT / "playbook")
    assert loaded.playbook is not None
    return dataclasses.replace(loaded.playbook, plans={"pilot": PLAN}, measurements={}, decisions={})


def renderer(playbook: m.Playbook, results: Mapping[tuple[str, str | None], GateResult | None]) -> Renderer:
    """The real renderer, judging by the hand-made `results` ((phase, stage) -> verdict) instead of the rule."""

    def judge(_: m.Playbook, phase_id: str, now: dt.datetime, stage: str | None = None) -> GateResult | None:
        assert now == NOW  # the renderer judges at the moment it was given
        return results.get((phase_id, stage))

    return Renderer(playbook, today=NOW.date(), now=NOW, judge=judge)


def block(html_text: str) -> Tag:
    found = BeautifulSoup(html_text, "html.parser").select_one(".pb-gate-block")
    assert found is not None, html_text
    return found


def words(node: Tag | None) -> str:
    assert node is not None
    return " ".join(node.get_text().split())


# --- the verdict, its reasons and the decision ------------------------------------------------


@pytest.mark.parametrize(
    "verdict, action, word, admonition",
    [
        (Verdict.GO, None, "GO", "success"),
        (Verdict.NO_GO, None, "NO-GO", "failure"),
        (Verdict.NO_GO, "roll back", "NO-GO", "failure"),
        (Verdict.NOT_YET, None, "NOT YET", "info"),
    ],
)
def test_each_verdict_reads_as_a_word_with_an_icon(
    example: m.Playbook, verdict: Verdict, action: str | None, word: str, admonition: str
) -> None:
    shown = block(renderer(example, {("pilot", None): gate_result(verdict, action=action)}).go_no_go("pilot"))
    assert shown["data-verdict"] == verdict.value and admonition in shown["class"]
    badge = shown.select_one(".admonition-title .pb-verdict")
    assert badge is not None
    icon = badge.select_one(".pb-icon")
    assert icon is not None and icon["aria-hidden"] == "true" and icon.get_text() == vv.VERDICTS[verdict].icon
    assert words(badge).endswith(word)  # the word, not the colour, tells the states apart
    rollback = shown.select_one(".pb-action")
    assert (rollback is not None and words(rollback).endswith("roll back")) is (action is not None)
    assert shown.get("data-action") == action


def test_every_reason_is_listed_in_the_order_given_and_as_text(example: m.Playbook) -> None:
    reasons = (
        Reason(0, "trigger", "slow", "Rollback trigger 'slow' fired on 2 Nov 2026 10:30 UTC (value 360)"),
        Reason(1, "criterion", "p1-defects", "P1 defects: 1 misses = 0 (critical)"),
        Reason(3, "criterion", "csat", f"Satisfaction: no data {HOSTILE}"),
        Reason(5, "item", "entry-dod-met", "Entry criterion open: Definition of Done met"),
        Reason(6, "criterion", "p95-latency", "95th percentile latency: 320 ms is in the warning band"),
    )
    g = gate_result(Verdict.NO_GO, action="roll back", reasons=reasons)
    html_text = renderer(example, {("pilot", None): g}).go_no_go("pilot")
    items = block(html_text).select("ol.pb-reasons > li")
    assert [li["data-severity"] for li in items] == ["0", "1", "3", "5", "6"]
    assert [(li["data-kind"], li["data-subject"]) for li in items] == [(r.kind, r.subject) for r in reasons]
    assert [li.get_text() for li in items] == [r.text for r in reasons]  # shown as written, hostile text too
    fragment = BeautifulSoup(html_text, "html.parser")
    assert fragment.find("script") is None and fragment.find("img") is None and fragment.find("strong", string="bold") is None
    assert active_content(fragment, "verdict") == []
    assert "{{" not in html_text and "<script" not in html_text  # nothing left for Jinja or a browser


def test_a_verdict_without_reasons_says_everything_is_met(example: m.Playbook) -> None:
    shown = block(renderer(example, {("pilot", None): gate_result(Verdict.GO)}).go_no_go("pilot"))
    assert shown.select("ol.pb-reasons") == []
    assert "Every criterion is met" in words(shown)


DECISION = m.Decision("scale", f"All criteria met {HOSTILE}", at(20, 16), by=f"Thomas {SCRIPT}")


@pytest.mark.parametrize(
    "verdict, decision, disagrees",
    [
        (Verdict.GO, DECISION, False),
        (Verdict.NOT_YET, DECISION, True),
        (Verdict.NO_GO, dataclasses.replace(DECISION, outcome="rollback", reason="Latency"), False),
        (Verdict.GO, dataclasses.replace(DECISION, outcome="rollback", reason="Latency"), True),
        (Verdict.NOT_YET, dataclasses.replace(DECISION, outcome="iterate", by=""), False),
        (Verdict.NOT_YET, None, False),
    ],
)
def test_the_recorded_decision_stands_beside_the_verdict(
    example: m.Playbook, verdict: Verdict, decision: m.Decision | None, disagrees: bool
) -> None:
    g = gate_result(verdict, decision=decision, disagrees=disagrees)
    shown = block(renderer(example, {("pilot", None): g}).go_no_go("pilot"))
    recorded = shown.select_one(".pb-decision")
    assert recorded is not None
    flag = shown.select_one(".pb-disagrees")
    if decision is None:
        assert recorded["data-outcome"] == "none" and "No decision recorded yet" in words(recorded)
        assert flag is None
        return
    assert recorded["data-outcome"] == decision.outcome
    assert recorded["data-disagrees"] == ("true" if disagrees else "false")
    text = words(recorded)
    assert vv.OUTCOMES[decision.outcome] in text and "20 Nov 2026 16:00 UTC" in text
    reason = recorded.select_one(".pb-decision-reason")
    assert reason is not None and reason.get_text() == decision.reason
    author = recorded.select_one(".pb-author")
    assert (author.get_text() if author else "") == decision.by
    assert (flag is not None) is disagrees
    if flag is not None:  # says what disagrees with what, in words
        assert "disagrees with the verdict" in words(flag) and vv.VERDICTS[verdict].word in words(flag)
        assert vv.OUTCOMES[decision.outcome] in words(flag)


def test_the_progress_bar_carries_the_badge_and_no_verdict_means_none(example: m.Playbook) -> None:
    shown = renderer(example, {("pilot", None): gate_result(Verdict.NOT_YET)})
    bar = BeautifulSoup(shown.progress_bar("pilot"), "html.parser").select_one(".pb-progress-label .pb-verdict")
    assert bar is not None and bar["data-verdict"] == "not-yet"
    assert BeautifulSoup(shown.progress_bar("enterprise-rollout"), "html.parser").select(".pb-verdict") == []
    assert "No verdict" in shown.go_no_go("enterprise-rollout")


def test_a_stage_verdict_and_an_unknown_stage(example: m.Playbook) -> None:
    g = gate_result(Verdict.NO_GO, stage="soft-launch", action="roll back")
    shown = renderer(example, {("pilot", "soft-launch"): g})
    assert block(shown.verdict("pilot", "soft-launch"))["data-stage"] == "soft-launch"
    with pytest.raises(LookupError, match="no stage 'soft-lanch' \\(did you mean 'soft-launch'\\?\\)"):
        shown.verdict("pilot", "soft-lanch")


# --- the phase page and the dashboard ----------------------------------------------------------


def test_phase_page_and_dashboard_show_the_verdict_with_reasons_and_link_the_plan(example: m.Playbook) -> None:
    reasons = (Reason(3, "criterion", "p1-defects", "P1 defects: no data"),)
    shown = renderer(example, {("pilot", None): gate_result(Verdict.NOT_YET, reasons=reasons)})
    page = shown.phase_page("pilot", "pilot/plan.md")
    assert block(page)["data-verdict"] == "not-yet" and "P1 defects: no data" in words(block(page))
    assert re.search(r"^\[The Pilot plan: [^\]]+\]\(pilot/plan\.md\)$", page, re.MULTILINE)
    assert "plan.md" not in shown.phase_page("proof-of-concept")  # no plan, no link
    dashboard = shown.dashboard(
        url_for=lambda pid: f"{pid}/", source_for=lambda pid: f"{pid}.md",
        plan_source_for=lambda pid: "pilot/plan.md" if pid == "pilot" else None,
    )
    blocks = BeautifulSoup(dashboard, "html.parser").select(".pb-verdict-summary")
    assert [(b["data-phase"], b["data-verdict"]) for b in blocks] == [("pilot", "not-yet")]
    assert [li.get_text() for li in blocks[0].select(".pb-reasons li")] == ["P1 defects: no data"]
    assert re.findall(r"\]\(([^)]*plan\.md)\)", dashboard) == ["pilot/plan.md"]


# --- the plan page ---------------------------------------------------------------------------

LATENCY_SERIES = series("p95-latency", (2, 280), (5, 320), (9, 240), note=HOSTILE)
CSAT_SERIES = series("csat", (3, 4.1))


def plan_results(hostile_name: bool = False) -> dict[tuple[str, str | None], GateResult | None]:
    latency = dataclasses.replace(LATENCY, name=HOSTILE) if hostile_name else LATENCY
    phase = gate_result(
        Verdict.NOT_YET,
        criteria=(
            result(DEFECTS, Status.NO_DATA),
            result(latency, Status.STALE, LATENCY_SERIES),
            result(SATISFACTION, Status.WARNING, CSAT_SERIES),
        ),
        triggers=(TriggerResult(P1, None, None), TriggerResult(SLOW, at(5, 11), 320)),
        reasons=(Reason(0, "trigger", "slow", "fired"),),
    )
    return {
        ("pilot", None): phase,
        ("pilot", "setup"): gate_result(Verdict.GO, stage="setup"),
        ("pilot", "soft-launch"): gate_result(
            Verdict.NO_GO, stage="soft-launch", criteria=(result(ERRORS, Status.NOT_MET, series("error-rate", (1, 2))),),
            reasons=(Reason(2, "criterion", "error-rate", "Error rate: 2% misses <= 1%"),),
        ),
        ("pilot", "expanded"): gate_result(Verdict.NOT_YET, stage="expanded"),
    }


@pytest.fixture(scope="module")
def plan_page(example: m.Playbook) -> BeautifulSoup:
    progress = dict(example.progress)
    pilot = progress["pilot"]
    progress["pilot"] = dataclasses.replace(pilot, states={**pilot.states, ENTRY.id: m.ItemState(ENTRY.id, m.Status.DONE)})
    text = renderer(dataclasses.replace(example, progress=progress), plan_results()).plan_page("pilot", "../pilot.md")
    assert text.startswith("---\nrender_macros: false\n---\n\n# Pilot plan\n")
    return BeautifulSoup(text, "html.parser")


def rows(page: BeautifulSoup, table: str) -> list[list[str]]:
    return [[words(td) for td in tr.select("td")] for tr in page.select(f"table[data-pb={table}] tbody tr")]


def test_the_ramp_is_a_dated_week_by_week_table(plan_page: BeautifulSoup) -> None:
    assert rows(plan_page, "ramp") == [
        ["Week 1", "12 Oct 2026", "18 Oct 2026", "5% (Setup)"],
        ["Week 2", "19 Oct 2026", "25 Oct 2026", "15%"],
        ["Week 3", "26 Oct 2026", "1 Nov 2026", "30%"],
    ]


def test_the_stage_timeline_has_dates_business_days_and_each_verdict(plan_page: BeautifulSoup) -> None:
    assert rows(plan_page, "stages") == [
        ["Setup", "12 Oct 2026", "16 Oct 2026", "5", "✔ GO"],
        ["Soft launch", "19 Oct 2026", "23 Oct 2026", "5", "✖ NO-GO · 1 reason"],
        ["Expanded", "26 Oct 2026", "6 Nov 2026", "10", "◐ NOT YET"],
    ]
    stage_blocks = [b for b in plan_page.select(".pb-gate-block") if b.get("data-stage")]
    assert [(b["data-stage"], b["data-verdict"]) for b in stage_blocks] == [
        ("setup", "go"), ("soft-launch", "no-go"), ("expanded", "not-yet")
    ]


def test_the_plan_facts(plan_page: BeautifulSoup) -> None:
    facts = {dt_.get_text(): words(dt_.find_next_sibling("dd")) for dt_ in plan_page.select("dl[data-pb=plan-facts] dt")}
    assert facts["Pilot type"].startswith("Business Validation Pilot")
    assert facts["Dates"] == "12 Oct 2026 to 6 Nov 2026 (Europe/Berlin)"
    assert facts["Cohort"] == "200 people: Internal users of the service desk, region Region A; opt-in"
    assert facts["Environment"] == "Pilot tenant" and facts["Duration"] and facts["Traffic"] and facts["Focus"]
    assert [words(li) for li in plan_page.select("[data-pb=scope-in] li")] == ["Service desk tickets"]
    assert [words(li) for li in plan_page.select("[data-pb=scope-out] li")] == ["HR cases"]
    assert words(plan_page.select_one("[data-pb=checks]")) == "Checked daily at 10:00 and 16:00 (Europe/Berlin)."
    assert [a["href"] for a in plan_page.select("[data-pb=dashboards] a")] == ["https://grafana.example/d/p01"]
    assert words(plan_page.select_one("[data-pb=decision-owner]")).startswith("Thomas Hardy")
    assert words(plan_page.select_one("[data-pb=rollback-owner]")).startswith("Ana Trujillo")
    assert [words(li) for li in plan_page.select("[data-pb=rollback-steps] li")] == list(PLAN.rollback_steps)
    entry = plan_page.select("li[data-item=entry-dod-met]")
    assert [(li["data-status"], words(li.select_one(".pb-gate-badge"))) for li in entry] == [("done", "entry criterion")]


def test_the_triggers_say_whether_and_when_they_fired(plan_page: BeautifulSoup) -> None:
    table = plan_page.select("table[data-pb=triggers] tbody tr")
    assert [(tr["data-trigger"], tr["data-fired"]) for tr in table] == [("p1-defect", "false"), ("slow", "true")]
    assert rows(plan_page, "triggers") == [
        ["Any P1 defect", "p1-defects above 0", "✔ not fired"],
        ["Latency above 300 ms for 30 minutes", "p95-latency above 300 for 30 minutes",
         "✖ fired on 5 Nov 2026 12:00 CET (value 320)"],
    ]


def test_each_criterion_is_a_row_with_target_words_status_and_trend(plan_page: BeautifulSoup) -> None:
    phase_rows = plan_page.select("table[data-scope=phase] tbody tr")
    assert [tr["data-status"] for tr in phase_rows] == ["no-data", "stale", "warning"]
    # cells read with a space at each element boundary (a <br>), parentheses written in the page closed up again
    cells = [{td["data-label"]: " ".join(td.get_text(" ").split()).replace("( ", "(").replace(" )", ")")
              for td in tr.select("td")} for tr in phase_rows]
    assert [(c["Metric"], c["Target"], c["Latest"], c["Measurements"], c["Status"]) for c in cells] == [
        ("P1 defects (critical)", "0", "no data", "0 of 1", "○ no data"),
        ("95th percentile latency", "below 300 ms warning 300 to 350 ms", "240 ms 9 Nov 2026 11:00 CET", "3 of 5",
         "◷ stale"),
        ("Satisfaction", "at least 4.2 /5 warning 4 to 4.2 /5", "4.1 /5 3 Nov 2026 11:00 CET", "1 of 1", "▲ warning"),
    ]
    band = phase_rows[1].select_one(".pb-band")
    assert band is not None and band.get_text() == "warning 300 to 350 ms"
    measured = phase_rows[1].select_one(".pb-measured-at")  # in the plan's timezone
    assert measured is not None and measured.get_text() == "9 Nov 2026 11:00 CET"
    assert phase_rows[0].select(".pb-band, .pb-measured-at") == []
    assert plan_page.select("table[data-pb=criteria] code") == []  # targets are words, never code
    assert phase_rows[0].select("svg") == [] and "no measurements" in cells[0]["Trend"]
    assert len(phase_rows[1].select("svg circle")) == 3 and len(phase_rows[2].select("svg circle")) == 1
    stage_rows = plan_page.select("table[data-scope=soft-launch] tbody tr")
    assert [(tr["data-metric"], tr["data-status"]) for tr in stage_rows] == [("error-rate", "not-met")]
    assert words(stage_rows[0].select_one("[data-label=Status]")) == "✖ not met"
    assert words(stage_rows[0].select_one("[data-label=Target]")) == "at most 1%"


@pytest.mark.parametrize(
    "status, points, shown",
    [
        (Status.MET, LATENCY_SERIES, "✔ met"),
        (Status.WARNING, LATENCY_SERIES, "▲ warning"),
        (Status.NOT_MET, LATENCY_SERIES, "✖ not met"),
        (Status.NO_DATA, (), "○ no data"),
        (Status.NO_DATA, LATENCY_SERIES, "◔ too few (3 of 5)"),  # some measurements, fewer than asked for
        (Status.STALE, LATENCY_SERIES, "◷ stale"),
    ],
)
def test_each_status_reads_as_icon_and_word(
    example: m.Playbook, status: Status, points: tuple[m.Measurement, ...], shown: str
) -> None:
    g = gate_result(Verdict.NOT_YET, criteria=(result(LATENCY, status, points),))
    page = BeautifulSoup(renderer(example, {("pilot", None): g}).plan_page("pilot"), "html.parser")
    badge = page.select_one("table[data-scope=phase] .pb-status-badge")
    assert badge is not None and badge["data-status"] == status.value
    assert words(badge) == shown
    icon = badge.select_one(".pb-icon")
    assert icon is not None and icon["aria-hidden"] == "true"


def test_every_status_has_its_own_icon_and_word() -> None:
    labels = [*vv.STATUSES.values(), *vv.VERDICTS.values()]
    assert len({label.word for label in vv.STATUSES.values()}) == len(vv.STATUSES)
    assert len({label.icon for label in vv.STATUSES.values()} | {vv.TOO_FEW_ICON}) == len(vv.STATUSES) + 1
    assert len({label.word for label in vv.VERDICTS.values()}) == len({label.icon for label in vv.VERDICTS.values()}) == 3
    assert all(label.icon and label.word for label in labels)


def test_hostile_text_on_the_plan_page_stays_text(example: m.Playbook) -> None:
    plan = dataclasses.replace(
        PLAN,
        dashboards=(m.Link(HOSTILE, "javascript:alert(1)"), m.Link("Data", "data:text/html,<script>x</script>"),
                    m.Link("Fine", "https://grafana.example/d/x?a=1&b=2")),
        scope_in=(HOSTILE,), environment=HOSTILE, rollback_steps=(HOSTILE,), decision_owner=HOSTILE,
        cohort=m.Cohort(3, HOSTILE, HOSTILE, None),
    )
    playbook = dataclasses.replace(example, plans={"pilot": plan})
    text = renderer(playbook, plan_results(hostile_name=True)).plan_page("pilot", "../pilot.md")
    page = BeautifulSoup(text, "html.parser")
    assert active_content(page, "plan page") == []
    assert page.find("script") is None and page.find("img") is None
    assert [a["href"] for a in page.select("[data-pb=dashboards] a")] == ["https://grafana.example/d/x?a=1&b=2"]
    assert [words(li) for li in page.select("[data-pb=dashboards] li")][:2] == [" ".join(HOSTILE.split()), "Data"]
    names = [n.get_text() for n in page.select(".pb-metric-name")]
    assert HOSTILE in names
    notes = [t.get_text() for t in page.select("svg circle title")]
    assert notes and all(HOSTILE in n for n in notes[:3])
    assert "{{" not in text and "<script" not in text


# --- the trend chart ---------------------------------------------------------------------------


def trend(points: tuple[m.Measurement, ...], threshold: float, warning: float | None = None) -> Tag:
    svg = trend_svg([(x.at, x.value, x.note) for x in points], threshold=threshold, warning=warning,
                    summary="Latency: latest 240 ms; target below 300 ms", point_label=lambda w, v, n: f"{v} {n}")
    found = BeautifulSoup(str(svg), "html.parser").svg
    assert found is not None
    return found


def y_of(value: float, values: list[float]) -> float:
    low, high = trend_scale(values)
    return round(TREND_TOP + (TREND_HEIGHT - TREND_TOP - TREND_BOTTOM) * (high - value) / (high - low), 1)


def test_the_trend_draws_each_measurement_oldest_first() -> None:
    svg = trend(LATENCY_SERIES, 300, 350)
    circles = svg.select("circle")
    xs = [float(c["cx"]) for c in circles]
    assert len(circles) == 3 and xs == sorted(xs) and xs[0] < xs[-1]
    # x follows time: 2, 5 and 9 Nov put the middle point 3/7 of the way
    assert xs[1] == pytest.approx(xs[0] + (xs[2] - xs[0]) * 3 / 7, abs=0.1)
    values = [280.0, 320.0, 240.0, 300.0, 350.0]
    assert [float(c["cy"]) for c in circles] == [y_of(v, values) for v in (280, 320, 240)]
    polyline = svg.select_one("polyline")
    assert polyline is not None and len(polyline["points"].split()) == 3


def test_the_threshold_line_and_the_warning_band_sit_at_their_values() -> None:
    svg = trend(LATENCY_SERIES, 300, 350)
    values = [280.0, 320.0, 240.0, 300.0, 350.0]
    line = svg.select_one("line.pb-trend-threshold")
    assert line is not None and float(line["y1"]) == float(line["y2"]) == y_of(300, values)
    band = svg.select_one("rect.pb-trend-band")
    assert band is not None
    top, bottom = float(band["y"]), float(band["y"]) + float(band["height"])
    assert top == pytest.approx(y_of(350, values), abs=0.11) and bottom == pytest.approx(y_of(300, values), abs=0.11)
    # higher values sit higher: the 320 point is above the threshold line, 240 below it
    cy = {c.title.get_text().split()[0]: float(c["cy"]) for c in svg.select("circle") if c.title}
    assert cy["320"] < float(line["y1"]) < cy["240"]
    assert trend(LATENCY_SERIES, 300).select("rect.pb-trend-band") == []  # no warning, no band


def test_the_trend_is_presentation_only_and_says_what_it_shows() -> None:
    svg = trend(series("csat", (3, 4.1)), 4.2, 4.0)
    assert svg["role"] == "img" and svg["aria-label"] == "Latency: latest 240 ms; target below 300 ms"
    assert svg.title is not None and svg.title.get_text() == svg["aria-label"]
    assert int(svg["width"]) <= 390 and svg["viewbox"] == f"0 0 {svg['width']} {svg['height']}"
    circle = svg.select_one("circle")
    assert circle is not None and float(circle["cx"]) == int(svg["width"]) / 2  # one point: in the middle
    line = svg.select_one("line.pb-trend-threshold")
    assert line is not None and line.get("stroke") and line.get("stroke-dasharray")  # readable without the CSS
    assert svg.select("script, foreignObject, a, style") == [] and active_content(svg, "trend") == []  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "comparison, threshold, unit, warning, target, band",
    [
        ("<", 300, "ms", 350, "below 300 ms", "300 to 350 ms"),
        ("<=", 1, "%", None, "at most 1%", ""),
        ("=", 0, "", None, "0", ""),
        (">=", 4.2, "/5", 4.0, "at least 4.2 /5", "4 to 4.2 /5"),
        (">", 0.05, "", 0.01, "above 0.05", "0.01 to 0.05"),
        ("<", 1_000_000, "requests", None, "below 1000000 requests", ""),
    ],
)
def test_targets_and_bands_in_words(
    comparison: str, threshold: float, unit: str, warning: float | None, target: str, band: str
) -> None:
    criterion = m.Criterion("x", "X", comparison, threshold, unit=unit, warning=warning)
    assert (vv.target(criterion), vv.band(criterion)) == (target, band)


@pytest.mark.parametrize(
    "comparison, threshold, unit, said",
    [
        ("<", 2, "", "below 2"),
        ("<=", 36, "h", "at most 36 h"),
        ("=", 0, "", "0"),
        (">=", 4.2, "/5", "at least 4.2 /5"),
        (">", 300, "ms", "above 300 ms"),
        ("<=", 0.5, "%", "at most 0.5%"),
    ],
)
def test_one_wording_of_a_target_for_the_site_the_reasons_and_the_terminal(
    comparison: str, threshold: float, unit: str, said: str
) -> None:
    """The plan page, `playbook gate`, the pull request comment and the verdict's reasons say a target
    the same way, in words: status/wording.py `bound` is the one place."""
    criterion = m.Criterion("x", "X", comparison, threshold, unit=unit)
    assert wording.bound(comparison, threshold, unit) == said
    assert vv.target(criterion) == verdict_text.target(criterion) == said
    assert wording.no_data(criterion) == f"X: no data (target {said})"
    assert not re.search(r"[<>=]", said)


def test_the_threshold_is_labelled_in_words_above_its_line_and_drawn_over_the_data() -> None:
    svg = trend_svg([(x.at, x.value, x.note) for x in series("p1-defects", (1, 0), (2, 0))], threshold=0,
                    threshold_label=f"= 0 {SCRIPT}", summary="P1 defects", point_label=lambda w, v, n: "")
    found = BeautifulSoup(str(svg), "html.parser").svg
    assert found is not None
    children = [c.name for c in found.find_all(recursive=False)]
    assert children.index("line") > children.index("polyline")  # a flat series at the threshold hides no line
    line, text = found.select_one("line.pb-trend-threshold"), found.select_one("text.pb-trend-label")
    assert line is not None and text is not None and text.get_text() == f"= 0 {SCRIPT}" and found.find("script") is None
    assert float(text["y"]) < float(line["y1"]) or float(line["y1"]) < 13  # above it, unless the line runs along the top
    assert text["aria-hidden"] == "true"  # the chart's title already says the target


def test_a_plan_page_of_a_phase_without_a_plan_names_the_ones_with_one(example: m.Playbook) -> None:
    shown = renderer(example, {})
    with pytest.raises(LookupError, match=r"phase 'proof-of-concept' has no plan \(plans/proof-of-concept.yml\); "
                                          r"phases with a plan: pilot"):
        shown.plan_page("proof-of-concept")
    with pytest.raises(LookupError, match="unknown phase 'pilto' \\(did you mean 'pilot'\\?\\)"):
        shown.plan_page("pilto")


def test_owners_show_their_role_but_no_email(plan_page: BeautifulSoup) -> None:
    """E-mail addresses are shown in one place, the dashboard's contacts table (test_render checks the built sites)."""
    owner = plan_page.select_one("[data-pb=decision-owner]")
    assert words(owner) == "Thomas Hardy, Project lead"
    assert plan_page.select("a[href^=mailto]") == [] and "@" not in plan_page.get_text()
