"""The go/no-go part of the pull-request comment, from hand-built verdicts (the rule itself is
tested with the verdict; here: what the comment shows, and that data cannot escape its cell).

`playbook changes` run on real git repositories is in test_measure_decide.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from mkdocs_playbook import model as m
from mkdocs_playbook.output.pr_markdown import render_markdown
from mkdocs_playbook.status.changes import Comparison, Side, compare_phase
from mkdocs_playbook.status.gatechanges import GateChanges, added, measurement_key
from mkdocs_playbook.status.verdict import CriterionResult, GateResult, Reason, Status, TriggerResult, Verdict

NOW = dt.datetime(2026, 11, 21, tzinfo=dt.UTC)
CET = dt.timezone(dt.timedelta(hours=1))
AT = dt.datetime(2026, 11, 20, 10, 0, tzinfo=CET)
HOSTILE = "<img src=x onerror=alert(1)> | [x](javascript:alert(1)) @octocat"

LATENCY = m.Criterion("p95-latency", "95th percentile latency", "<", 300, unit="ms", warning=350, min_measurements=5)
DEFECTS = m.Criterion("p1-defects", "P1 defects", "=", 0, critical=True)
CSAT = m.Criterion("csat", HOSTILE, ">=", 4.2)
SLOW = m.Trigger("slow", "Latency above 300 ms for 30 minutes", "p95-latency", ">", 300, dt.timedelta(minutes=30))


def phase(title: str = "Pilot") -> m.Phase:
    item = m.Item("exit-signed-off", "Sign-off by the *sponsor*", section="exit-criteria", gate=True)
    return m.Phase("pilot", 1, title, "s", "w", blocks=(m.PhaseBlock("checklist", None, items=(item,)),))


def result(verdict: Verdict, *, fired: bool = False, decision: m.Decision | None = None, disagrees: bool = False) -> GateResult:
    latency = [m.Measurement("p95-latency", 320, AT)]
    criteria = (
        CriterionResult(CSAT, Status.MET, 4.4, AT, 1, ()),
        CriterionResult(LATENCY, Status.NOT_MET, 320, AT, 3, tuple(latency)),
        CriterionResult(DEFECTS, Status.NO_DATA, None, None, 0, ()),
        CriterionResult(m.Criterion("csat-2", "CSAT survey", ">=", 4, min_measurements=3), Status.NO_DATA, 4.5, AT, 2, ()),
    )
    triggers = (TriggerResult(SLOW, AT if fired else None, 320 if fired else None),)
    reasons = (
        Reason(2, "criterion", "p95-latency", "95th percentile latency is 320 ms; the target is < 300 ms"),
        Reason(3, "criterion", "p1-defects", f"no data for {HOSTILE}"),
    )
    items = phase().item("exit-signed-off")
    assert items is not None
    return GateResult(
        "pilot", None, verdict, "roll back" if fired else None, criteria, triggers, (items,), reasons, decision, disagrees, NOW
    )


def comparison(gate: GateChanges, title: str = "Pilot") -> Comparison:
    changes = dataclasses.replace(compare_phase(phase(title), None, None), gate=gate)
    return Comparison(Side("main", "a" * 40, "aaaaaaa"), Side(None, "b" * 40, "bbbbbbb"), (changes,))


def test_a_change_of_verdict_stands_out_with_every_condition() -> None:
    decision = m.Decision("scale", f"Numbers look fine {HOSTILE}", AT, "@octocat")
    gate = GateChanges(
        measurements_added=(m.Measurement("p95-latency", 320, AT, f"after the deploy {HOSTILE}"),),
        decisions_added=(decision,),
        before=result(Verdict.NOT_YET),
        after=result(Verdict.NO_GO, fired=True, decision=decision, disagrees=True),
        units={"p95-latency": "ms"},
    )
    out = render_markdown(comparison(gate))
    escaped = (
        "\\<img src=x onerror=alert\\(1\\)\\> \\| \\[x\\]\\(javascript\\:alert\\(1\\)\\) \\@\u2060octocat"
    )
    section = out[out.index("### Go/no-go") :]
    assert section.splitlines() == [
        "### Go/no-go",
        "",
        "| Phase | Before | After |",
        "| --- | --- | --- |",
        "| Pilot | 🟡 NOT YET | **🔴 NO-GO, roll back** (changed) |",
        "",
        "### Pilot",
        "",
        "Progress: 0 of 1 (0%) → 0 of 1 (0%)",
        "",
        "#### Verdict: 🟡 NOT YET → 🔴 NO-GO, roll back",
        "",
        "| Criterion | Actual | Target | Status |",
        "| --- | --- | --- | --- |",
        "| 95th percentile latency `p95-latency` | 320 ms at 2026\\-11\\-20T10\\:00\\+01\\:00 "
        "| below 300 ms \\(warning band to 350 ms\\) | ❌ not met |",
        "| P1 defects `p1-defects` (critical) | — | 0 | ❔ no data |",
        "| CSAT survey `csat-2` | 4\\.5 at 2026\\-11\\-20T10\\:00\\+01\\:00 | at least 4 | ❔ too few (2 of 3) |",
        f"| {escaped} `csat` | 4\\.4 at 2026\\-11\\-20T10\\:00\\+01\\:00 | at least 4\\.2 | ✅ met |",
        "",
        "Reasons:",
        "",
        "1. 95th percentile latency is 320 ms; the target is \\< 300 ms",
        f"2. no data for {escaped}",
        "",
        f"Decision standing: **scale** by \\@\u2060octocat at 2026\\-11\\-20T10\\:00\\+01\\:00: Numbers look fine {escaped}"
        " — ⚠️ **disagrees with the verdict**",
        "",
        "#### Measurements added",
        "",
        f"- `p95-latency` 320 ms at 2026\\-11\\-20T10\\:00\\+01\\:00 — after the deploy {escaped}",
        "",
        "#### Decisions recorded",
        "",
        f"- **scale** by \\@\u2060octocat at 2026\\-11\\-20T10\\:00\\+01\\:00: Numbers look fine {escaped}",
    ]


def test_an_unchanged_verdict_is_listed_and_the_phase_is_not() -> None:
    gate = GateChanges(before=result(Verdict.NOT_YET), after=result(Verdict.NOT_YET))
    out = render_markdown(comparison(gate, title=HOSTILE))
    assert "| 🟡 NOT YET | 🟡 NOT YET |" in out
    assert "(changed)" not in out and "#### Verdict" not in out
    assert "No checklist changes." in out
    assert re.search(r"(?<!\\)[<\[]", out) is None, "every < and [ from the data is escaped"


def test_a_phase_without_verdict_on_either_side_has_no_gate_table() -> None:
    out = render_markdown(comparison(GateChanges()))
    assert "Go/no-go" not in out


def test_a_verdict_that_appears_is_a_change() -> None:
    gate = GateChanges(before=None, after=result(Verdict.GO))
    assert gate.verdict_changed and gate.changed
    assert "| Pilot | none | **🟢 GO** (changed) |" in render_markdown(comparison(gate))


def test_added_counts_repeats() -> None:
    one = m.Measurement("p95-latency", 240, AT)
    same_instant_other_zone = m.Measurement("p95-latency", 240, AT.astimezone(dt.UTC))
    other = m.Measurement("p95-latency", 250, AT)
    assert added([one], [same_instant_other_zone, one, other], measurement_key) == (one, other)
    assert added([one, other], [one], measurement_key) == ()
